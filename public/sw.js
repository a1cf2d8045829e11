// Offline support for the transparency portal: once the map has loaded, it opens again without
// a network. The page and the data are fetched network-first (a newer release or newer figures
// win whenever the server answers); the hashed wasm, JS and CSS never change under one name, so
// they are served from the cache first.
const CACHE = 'coverage-atlas-v5';
// The published data: data/manifest.json names every data file, and each file's name carries its
// hash. The manifest is fetched network-first, so a new publication is seen on the next visit;
// the files it names are new names, fetched then and cached from then on. A province's township
// file is cached when the view first needs it (the page fetches again, through this worker, the
// ones it read before the worker took control), not at install: all of them are megabytes.
const MANIFEST = 'data/manifest.json';
// The import panel and its worker are not named in the page (the panel is added after the first
// map, the worker starts on the first file a user brings) and their files are not hashed, so
// they are listed here and fetched network-first like the data.
const WORKER = [
  'import-worker_loader.js', 'import-worker.js', 'import-worker_bg.wasm',
  'import-panel.js', 'import-panel_bg.wasm',
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const page = await fetch('./', { cache: 'no-cache' });
      const html = await page.clone().text();
      await cache.put('./', page);
      const assets = [...html.matchAll(/(?:href|src)="([^"]+\.(?:js|wasm|css))"/g)].map((m) => m[1]);
      const manifestResponse = await fetch(MANIFEST, { cache: 'no-cache' });
      const manifest = await manifestResponse.clone().json();
      await cache.put(MANIFEST, manifestResponse);
      const data = Object.values(manifest.files).map((f) => 'data/' + f.path);
      await cache.addAll([...new Set([...assets, ...data, ...WORKER])]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  const networkFirst =
    request.mode === 'navigate' || url.pathname.endsWith('/' + MANIFEST) || url.pathname.includes('/import-worker') || url.pathname.includes('/import-panel');
  event.respondWith(networkFirst ? fromNetwork(request) : fromCache(request));
});

async function fromNetwork(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request.mode === 'navigate' ? './' : request, response.clone());
    return response;
  } catch (err) {
    const hit = await cache.match(request.mode === 'navigate' ? './' : request);
    if (hit) return hit;
    throw err;
  }
}

async function fromCache(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}
