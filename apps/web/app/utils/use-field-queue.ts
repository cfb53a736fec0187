import { useCallback, useEffect, useRef, useState } from 'react';
import { registerFieldWorker } from './field-device.client.ts';

/** What every queue of the field pages keeps per item (a response, a visit record). */
export interface FieldQueued {
  clientId: string;
  state: 'waiting' | 'conflict' | 'invalid' | 'refused';
  payload: unknown;
}

/**
 * The send loop and the connection of a field page (docs/decisions/017), the same for the
 * questionnaire form and the visit checklist: the items waiting on the phone are sent one by one when
 * the page opens, when the connection returns, every half minute and on "send now"; the server's answer
 * decides each item's fate (saved or already there: removed; conflict, invalid, refused: kept with
 * the reason); no network or a signed-out session stops the round with everything still queued.
 * `onLoaded` sees the queue the page opened with (before the first send). Not a `.client` module: the
 * hook runs in the server render too; only its effects touch the phone (IndexedDB, the service worker).
 */
export function useFieldQueue<T extends FieldQueued>(opts: {
  list: () => Promise<T[]>;
  update: (item: T) => Promise<unknown>;
  remove: (clientId: string) => Promise<unknown>;
  url: string;
  csrf: string;
  onLoaded?: (items: T[]) => void;
}) {
  const { list, update, remove, url, csrf } = opts;
  const onLoaded = useRef(opts.onLoaded);
  onLoaded.current = opts.onLoaded;
  const [queue, setQueue] = useState<T[]>([]);
  const [sent, setSent] = useState(0);
  const [online, setOnline] = useState(true);
  const [ready, setReady] = useState(false);
  /** Whether this page is kept on the phone for opening offline: unknown until the worker answers. */
  const [keptOffline, setKeptOffline] = useState<'pending' | 'kept' | 'failed'>('pending');
  const syncing = useRef(false);

  const refresh = useCallback(async () => {
    const items = await list();
    setQueue(items);
    return items;
  }, [list]);

  const sync = useCallback(async () => {
    if (syncing.current) return;
    syncing.current = true;
    try {
      for (const item of (await list()).filter((i) => i.state === 'waiting')) {
        let res: Response;
        try {
          res = await fetch(url, {
            method: 'POST',
            body: new URLSearchParams({ _csrf: csrf, payload: JSON.stringify(item.payload) }),
            credentials: 'same-origin',
            headers: { Accept: 'application/json' },
          });
        } catch {
          break; // no network: everything stays queued
        }
        if (!(res.headers.get('content-type') ?? '').includes('application/json')) break; // signed out meanwhile
        const body = (await res.json()) as { status: string; conflict?: unknown; errors?: unknown };
        if (body.status === 'saved' || body.status === 'already') {
          await remove(item.clientId);
          setSent((n) => n + 1);
        } else if (body.status === 'conflict') await update({ ...item, state: 'conflict', conflict: body.conflict });
        else if (body.status === 'invalid') await update({ ...item, state: 'invalid', errors: body.errors });
        else if (res.status === 404) await update({ ...item, state: 'refused' });
        else break;
      }
    } finally {
      syncing.current = false;
      await refresh();
    }
  }, [list, update, remove, url, csrf, refresh]);

  useEffect(() => {
    setOnline(navigator.onLine);
    const up = () => {
      setOnline(true);
      void sync();
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    void refresh().then((items) => {
      onLoaded.current?.(items);
      setReady(true);
      return navigator.onLine ? sync() : undefined;
    });
    void registerFieldWorker().then(
      (kept) => setKeptOffline(kept ? 'kept' : 'failed'),
      () => setKeptOffline('failed'),
    );
    // A page left open retries every half minute.
    const timer = window.setInterval(() => navigator.onLine && void sync(), 30_000);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      window.clearInterval(timer);
    };
  }, [refresh, sync]);

  return { queue, sent, online, ready, keptOffline, refresh, sync };
}
