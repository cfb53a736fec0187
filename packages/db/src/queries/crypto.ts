import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** argon2id with OWASP's minimum parameters (19 MiB, 2 passes). */
const ARGON = { algorithm: 2 as const /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/**
 * At most this many argon2 computations run at once in the process (each takes 19 MiB and tens of
 * milliseconds of a core); the rest wait in line, so a burst of logins cannot starve the server.
 */
export const MAX_CONCURRENT_HASHING = 2;

let running = 0;
const waiting: (() => void)[] = [];

/** Runs `task` when a hashing slot is free (a small semaphore, first come first served). */
export async function withHashingSlot<T>(task: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_HASHING) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await task();
  } finally {
    // Hand the slot straight to the next in line (running stays the same), or free it.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** How many hashing tasks run right now (for tests and the bench). */
export function hashingInFlight(): number {
  return running;
}

export function hashPassword(password: string): Promise<string> {
  return withHashingSlot(() => hash(password, ARGON));
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) return false;
  try {
    return await withHashingSlot(() => verify(passwordHash, password));
  } catch {
    return false;
  }
}

/** A URL-safe random token (sessions, set-password links). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Tokens are stored only as hashes, so a database dump cannot be replayed as live sessions. */
export function sha256(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('hex');
}
