import { describe, expect, it } from 'vitest';
import { navigationFor } from './navigation.ts';

describe('navigation per role', () => {
  it('shows visitors only public entries', () => {
    expect(navigationFor(null).map((i) => i.to)).toEqual(navigationFor(null).filter((i) => !i.roles).map((i) => i.to));
    expect(navigationFor(null).map((i) => i.to)).not.toContain('/admin/users');
  });
  it('shows the user administration to admins only', () => {
    expect(navigationFor(['admin']).map((i) => i.to)).toContain('/admin/users');
    for (const role of ['program_officer', 'ngo_staff', 'analyst', 'municipal_officer'] as const) {
      expect(navigationFor([role]).map((i) => i.to)).not.toContain('/admin/users');
    }
  });
  it('gives NGO staff their organisation but not the list of all organisations', () => {
    const items = navigationFor(['ngo_staff']).map((i) => i.to);
    expect(items).toContain('/my-organisation');
    expect(items).not.toContain('/admin/organisations');
  });
});
