import { describe, expect, it } from 'vitest';
import { hashingInFlight, MAX_CONCURRENT_HASHING, verifyPassword, withHashingSlot } from './crypto.ts';

describe('password hashing cap', () => {
  it('runs at most MAX_CONCURRENT_HASHING tasks at once and all of them in the end, in order', async () => {
    let inFlight = 0;
    let most = 0;
    const started: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        withHashingSlot(async () => {
          started.push(i);
          most = Math.max(most, ++inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight--;
          return i;
        }),
      ),
    );
    expect(most).toBe(MAX_CONCURRENT_HASHING);
    expect(results).toEqual([...Array(12).keys()]);
    expect(started).toEqual([...Array(12).keys()]);
    expect(hashingInFlight()).toBe(0);
  });

  it('frees the slot when a task fails', async () => {
    await expect(withHashingSlot(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(hashingInFlight()).toBe(0);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
    expect(hashingInFlight()).toBe(0);
  });
});
