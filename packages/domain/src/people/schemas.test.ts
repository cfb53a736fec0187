import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../forms.ts';
import { changePasswordSchema, organisationSchema } from './schemas.ts';

describe('organisation form', () => {
  it('requires an INN for NGOs and a territory for municipalities, with field messages', () => {
    const r = organisationSchema.safeParse({ kind: 'ngo', name_ky: 'A', name_ru: 'A', name_en: 'A', inn: '' });
    expect(r.success).toBe(false);
    expect(fieldErrors(r.error!)).toMatchObject({ inn: 'errors.required' });
    const m = organisationSchema.safeParse({ kind: 'municipality', name_ky: 'A', name_ru: 'A', name_en: 'A' });
    expect(fieldErrors(m.error!)).toMatchObject({ admin_unit_soate: 'errors.territoryRequired' });
  });
  it('rejects a malformed INN and SOATE', () => {
    const r = organisationSchema.safeParse({ kind: 'ngo', name_ky: 'A', name_ru: 'A', name_en: 'A', inn: '123', admin_unit_soate: '999' });
    expect(fieldErrors(r.error!)).toMatchObject({ inn: 'errors.inn', admin_unit_soate: 'errors.soate' });
  });
  it('accepts a complete NGO and trims input', () => {
    const r = organisationSchema.parse({ kind: 'ngo', name_ky: ' Үмүт ', name_ru: 'Умут', name_en: 'Umut', inn: '02104200910123' });
    expect(r.name_ky).toBe('Үмүт');
    expect(r.admin_unit_soate).toBeNull();
  });
});

describe('password change', () => {
  it('requires 10 characters and matching confirmation', () => {
    const r = changePasswordSchema.safeParse({ currentPassword: 'x', newPassword: 'short', confirmPassword: 'other' });
    expect(fieldErrors(r.error!)).toMatchObject({ newPassword: 'errors.passwordTooShort' });
    const r2 = changePasswordSchema.safeParse({ currentPassword: 'x', newPassword: 'long-enough-1', confirmPassword: 'long-enough-2' });
    expect(fieldErrors(r2.error!)).toMatchObject({ confirmPassword: 'errors.passwordMismatch' });
  });
});
