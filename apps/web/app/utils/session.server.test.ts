import { describe, expect, it } from 'vitest';
import { REQUEST_ID_HEADER } from './internal-headers.ts';
import { getCurrentUser } from './session.server.ts';

describe('getCurrentUser', () => {
  it('looks the session up once for the copies of one request Remix gives the root and the page loader', async () => {
    const copy = () => new Request('http://localhost/analytics/explorer', { headers: { [REQUEST_ID_HEADER]: 'request-1' } });
    const root = getCurrentUser(copy());
    const page = getCurrentUser(copy());
    expect(page).toBe(root);
    expect(await root).toBeNull();
    // Settled: the next request with the id (an action's loaders after it) looks again.
    expect(getCurrentUser(copy())).not.toBe(root);
    // Another request never shares it.
    const other = new Request('http://localhost/analytics/explorer', { headers: { [REQUEST_ID_HEADER]: 'request-2' } });
    expect(getCurrentUser(other)).not.toBe(getCurrentUser(copy()));
  });

  it('shares by the Request object when the server set no id', () => {
    const request = new Request('http://localhost/');
    expect(getCurrentUser(request)).toBe(getCurrentUser(request));
    expect(getCurrentUser(new Request('http://localhost/'))).not.toBe(getCurrentUser(request));
  });
});
