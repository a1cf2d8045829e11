// Offline support for the transparency portal: once the map has loaded, it opens again without
// a network. The page and the data are fetched network-first (a newer release or newer figures
// win whenever the server answers); the hashed wasm, JS and CSS never change under one name, so
// they are served from the cache first.
const CACHE = 'coverage-atlas-v7';
// The published data: data/manifest.json names every data file, and each file's name carries its
// hash. The manifest is fetched network-first and past the HTTP cache (`no-cache`: revalidated
// whatever the host's headers say), so a new publication is seen on the next visit; the files it
// names are new names, fetched then and cached from then on, but only once their bytes hash to
// their name: a host that answers a missing file with index.html (or a proxy that truncates one)
// must not fix that answer under the name for good. Each new manifest evicts the data files that
// neither it nor the one before names (the one before: a tab still open on it keeps working). A province's township
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
      for (const url of new Set([...assets, ...data, ...WORKER])) {
        const response = await fetch(url, { cache: 'no-cache' });
        if (!(await worthCaching(new URL(url, self.location.href), response))) {
          throw new Error(url + ': not cached (HTTP ' + response.status + ' or a body that does not match its name)');
        }
        await cache.put(url, response);
      }
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
  if (url.pathname.endsWith('/' + MANIFEST)) {
    event.respondWith(manifestFromNetwork(request));
    return;
  }
  const networkFirst =
    request.mode === 'navigate' || url.pathname.includes('/import-worker') || url.pathname.includes('/import-panel');
  event.respondWith(networkFirst ? fromNetwork(request) : fromCache(request));
});

// A page is kept under its own address without the query: the site's index.html and each baked
// region page (`region-52.html`, written by atlas publish) carry their own first view. Offline, a
// page never visited falls back to the site's own, whose app then reads the region from the
// address.
function pageKey(request) {
  const url = new URL(request.url);
  return url.origin + url.pathname;
}

async function fromNetwork(request) {
  const cache = await caches.open(CACHE);
  const navigate = request.mode === 'navigate';
  try {
    const response = await fetch(request);
    if (await worthCaching(new URL(request.url), response)) {
      await cache.put(navigate ? pageKey(request) : request, response.clone());
    }
    return response;
  } catch (err) {
    const hit = navigate
      ? (await cache.match(pageKey(request))) || (await cache.match('./'))
      : await cache.match(request);
    if (hit) return hit;
    throw err;
  }
}

// The manifest past the HTTP cache; a new one evicts the data files no manifest kept names.
async function manifestFromNetwork(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request.url, { cache: 'no-cache' });
    if (response.ok) {
      const previous = await cache.match(MANIFEST);
      await cache.put(MANIFEST, response.clone());
      await evictUnnamed(cache, [await manifestOf(response.clone()), previous && (await manifestOf(previous))]);
    }
    return response;
  } catch (err) {
    const hit = await cache.match(MANIFEST);
    if (hit) return hit;
    throw err;
  }
}

async function manifestOf(response) {
  try {
    return await response.json();
  } catch (_) {
    return null;
  }
}

// Every `path` a manifest names, wherever in it (files, townships, any later section).
function namedPaths(manifest, into) {
  if (manifest && typeof manifest === 'object') {
    for (const [key, value] of Object.entries(manifest)) {
      if (key === 'path' && typeof value === 'string') into.add(value);
      else namedPaths(value, into);
    }
  }
  return into;
}

async function evictUnnamed(cache, manifests) {
  if (!manifests[0]) return;
  const kept = new Set();
  for (const manifest of manifests) namedPaths(manifest, kept);
  for (const request of await cache.keys()) {
    const url = new URL(request.url);
    const at = url.pathname.lastIndexOf('/data/');
    if (at < 0) continue;
    const name = url.pathname.slice(at + '/data/'.length);
    if (name !== 'manifest.json' && !kept.has(name)) await cache.delete(request);
  }
}

async function fromCache(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (await worthCaching(new URL(request.url), response)) await cache.put(request, response.clone());
  return response;
}

// A published data file is named by the first 16 hex digits of its SHA-256.
const HASHED = /-([0-9a-f]{16})\.[a-z]+$/;

// Whether a response may be kept under its URL: a 200, not a page where a script, stylesheet or
// wasm was asked for, and for a hashed data file, bytes whose SHA-256 begins with its name's hash.
async function worthCaching(url, response) {
  if (!response.ok) return false;
  const type = response.headers.get('content-type') || '';
  if (/\.(?:js|wasm|css|json|csv|topojson|txt)$/.test(url.pathname) && type.startsWith('text/html')) return false;
  const hashed = url.pathname.includes('/data/') && url.pathname.match(HASHED);
  if (!hashed) return true;
  const digest = await crypto.subtle.digest('SHA-256', await response.clone().arrayBuffer());
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return hex.startsWith(hashed[1]);
}
