import { useEffect } from 'react';
import { useRevalidator } from '@remix-run/react';

/** How often a background job's page asks again while the job is queued or running. */
export const JOB_POLL_MS = 1_000;

/**
 * Keeps a background job's page (export, bulk import) up to date: while the job is queued or running
 * the loader runs again every second, one request at a time; without JavaScript the page's own refresh
 * link does the same. Returns whether the job is still active.
 */
export function useJobPolling(status: string): boolean {
  const { revalidate, state } = useRevalidator();
  const active = status === 'queued' || status === 'running';
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => state === 'idle' && revalidate(), JOB_POLL_MS);
    return () => clearInterval(timer);
  }, [active, revalidate, state]);
  return active;
}
