/*
 * Kamkor's field service worker (docs/decisions/017). Registered with scope /field/, so it serves only
 * the field pages (the phone form of a questionnaire, the visit checklist). It keeps those pages and the hashed assets they
 * load, so the form opens without a network; it never caches anything else (no other page, no data
 * request, no POST), and the login page deletes its caches when someone signs out.
 */
const CACHE = 'kamkor-field-v1';

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith('kamkor-field-') && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

// Field pages: the questionnaire form (/field/:formId) and the visit checklist (/field/visits/:id/:no);
// never where they send to (/responses, /save).
const isFieldPage = (url) =>
  url.origin === self.location.origin && url.pathname.startsWith('/field/') && !url.pathname.endsWith('/responses') && !url.pathname.endsWith('/save');
const isAsset = (url) => url.origin === self.location.origin && url.pathname.startsWith('/assets/');

/** Keeps a response only when it is a full, same-origin 200 that was not redirected (e.g. to /login). */
async function keep(request, response) {
  if (response.ok && response.status === 200 && response.type === 'basic' && !response.redirected) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

// The page hands over the URLs to keep (itself and its assets) and hears back, on the port it sends,
// whether all of them are now in the cache: only then does it tell the user the page opens offline.
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'keep' || !Array.isArray(data.urls)) return;
  event.waitUntil(
    (async () => {
      let missing = 0;
      for (const u of data.urls.slice(0, 200)) {
        const url = new URL(u, self.location.origin);
        if (!isFieldPage(url) && !isAsset(url)) continue;
        const request = new Request(url.href, { credentials: 'same-origin' });
        try {
          await keep(request, await fetch(request));
        } catch {
          // Offline already: what is cached stays.
        }
        if (!(await caches.match(request, { ignoreVary: true }))) missing++;
      }
      event.ports[0]?.postMessage({ type: 'kept', missing });
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (isAsset(url)) {
    // Hashed names never change content: the cache first, the network once.
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request).then((r) => keep(request, r))));
    return;
  }
  if (isFieldPage(url) && request.mode === 'navigate') {
    // The network first (fresh form, fresh token); the kept page when there is no network.
    event.respondWith(
      fetch(request)
        .then((r) => keep(request, r))
        .catch(async () => (await caches.match(request, { ignoreVary: true })) || (await caches.match(request, { ignoreSearch: true, ignoreVary: true })) || Response.error()),
    );
  }
  // Everything else goes to the network untouched and is never kept.
});
