import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/**
 * What the field pages keep on the phone (see docs/decisions/017): responses waiting to be sent in
 * IndexedDB (through `idb`), the form itself, and the service worker's cache of the field pages.
 * Browser-only (`.client`): called from effects and handlers, never on the server.
 */
export const FIELD_DB = 'kamkor-field';
export const FIELD_CACHE_PREFIX = 'kamkor-field-';

export interface ResponsePayload {
  clientId: string;
  formId: string;
  versionNo: number;
  projectId: string;
  visitNo: number | null;
  adminUnitSoate: string;
  sex: 'f' | 'm' | null;
  ageGroup: string | null;
  answers: Record<string, string | number | string[]>;
  language: 'ky' | 'ru' | 'en';
  answeredAt: string;
}

export interface QueuedResponse {
  clientId: string;
  userId: string;
  formId: string;
  payload: ResponsePayload;
  createdAt: string;
  state: 'waiting' | 'conflict' | 'invalid' | 'refused';
  conflict?: 'version_changed' | 'visit_closed';
  errors?: { name: string; messageKey: string; params?: Record<string, unknown> }[];
}

/** A visit record (checklist answers, date, participants, summary) saved on the phone, by form field name. */
export interface VisitPayload {
  clientId: string;
  projectId: string;
  visitNo: number;
  templateVersion: number;
  fields: Record<string, string>;
}

export interface QueuedVisit {
  clientId: string;
  userId: string;
  /** `projectId:visitNo` */
  visitKey: string;
  payload: VisitPayload;
  createdAt: string;
  state: 'waiting' | 'conflict' | 'invalid' | 'refused';
  conflict?: 'visit_closed' | 'version_changed';
  errors?: Record<string, string>;
}

interface FieldDb extends DBSchema {
  queue: { key: string; value: QueuedResponse; indexes: { byUser: string } };
  forms: { key: string; value: { key: string; savedAt: string; data: unknown } };
  visits: { key: string; value: QueuedVisit; indexes: { byUser: string } };
}

let opened: Promise<IDBPDatabase<FieldDb>> | null = null;
function db() {
  opened ??= openDB<FieldDb>(FIELD_DB, 2, {
    upgrade(d, oldVersion) {
      if (oldVersion < 1) {
        d.createObjectStore('queue', { keyPath: 'clientId' }).createIndex('byUser', 'userId');
        d.createObjectStore('forms', { keyPath: 'key' });
      }
      // Version 2: visit records saved on the phone (the visit checklist offline).
      if (oldVersion < 2) d.createObjectStore('visits', { keyPath: 'clientId' }).createIndex('byUser', 'userId');
    },
    // Another tab needs a newer version (or deletes the database on sign-out): let it, reopen on next use.
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
      opened = null;
    },
  });
  return opened;
}

/** A v4 UUID made on the device (crypto.randomUUID where the browser has it). */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export async function enqueue(item: QueuedResponse) {
  await (await db()).put('queue', item);
}

/** This user's queued responses for a form, oldest first. */
export async function listQueue(userId: string, formId: string): Promise<QueuedResponse[]> {
  const all = await (await db()).getAllFromIndex('queue', 'byUser', userId);
  return all.filter((q) => q.formId === formId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function updateQueued(item: QueuedResponse) {
  await (await db()).put('queue', item);
}

export async function removeQueued(clientId: string) {
  await (await db()).delete('queue', clientId);
}

/** Puts a visit record into the phone's queue (or replaces it, same client id). */
export async function putVisit(item: QueuedVisit) {
  await (await db()).put('visits', item);
}

/** This user's queued records of one visit, oldest first. */
export async function listVisitQueue(userId: string, visitKey: string): Promise<QueuedVisit[]> {
  const all = await (await db()).getAllFromIndex('visits', 'byUser', userId);
  return all.filter((q) => q.visitKey === visitKey).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function removeVisit(clientId: string) {
  await (await db()).delete('visits', clientId);
}

/** The form and its choices as last loaded, per user and form. */
export async function saveForm(userId: string, formId: string, data: unknown) {
  await (await db()).put('forms', { key: `${userId}:${formId}`, savedAt: new Date().toISOString(), data });
}

/**
 * Signing out clears the device: the field caches always, and (on sign-out) IndexedDB and the service
 * worker too. Called on the login page: after a sign-out (`all`), or to drop cached pages of a
 * session that ended.
 */
export async function clearDevice(all: boolean) {
  if ('caches' in window) for (const key of await caches.keys()) if (key.startsWith(FIELD_CACHE_PREFIX)) await caches.delete(key);
  if (!all) return;
  if (opened) {
    (await opened).close();
    opened = null;
  }
  await new Promise<void>((resolve) => {
    const req = indexedDB.deleteDatabase(FIELD_DB);
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  });
  if ('serviceWorker' in navigator) for (const reg of await navigator.serviceWorker.getRegistrations()) await reg.unregister();
}

/**
 * Registers the field service worker (scope /field/) and hands it this page and its assets to keep.
 * Resolves `true` once the worker has all of them in its cache (the page then opens without a
 * network), `false` when it could not keep them all or the browser has no service workers.
 */
export async function registerFieldWorker(): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return false;
  const reg = await navigator.serviceWorker.register('/sw.js', { scope: '/field/' });
  const ready = await navigator.serviceWorker.ready;
  const urls = [location.pathname + location.search, ...performance.getEntriesByType('resource').map((e) => e.name)].filter((u) => {
    const url = new URL(u, location.href);
    return url.origin === location.origin && (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/field/'));
  });
  const worker = ready.active ?? reg.active;
  if (!worker) return false;
  const channel = new MessageChannel();
  const kept = new Promise<boolean>((resolve) => {
    channel.port1.onmessage = (e: MessageEvent<{ type?: string; missing?: number }>) => resolve(e.data?.type === 'kept' && e.data.missing === 0);
  });
  worker.postMessage({ type: 'keep', urls }, [channel.port2]);
  return kept;
}
