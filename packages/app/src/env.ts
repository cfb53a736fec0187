/**
 * The only place @kamkor/app reads environment variables. Read at each call so that a process (the
 * bench) can switch it.
 */
export function importThreadsSetting(): number | null {
  const n = process.env.KAMKOR_IMPORT_THREADS;
  return n !== undefined && /^\d{1,3}$/.test(n) ? Number(n) : null;
}

/** `KAMKOR_IMPORT_TRACE` set: the staged imports print their step timings on stderr (the bench). */
export function importTraceSetting(): boolean {
  return !!process.env.KAMKOR_IMPORT_TRACE;
}
