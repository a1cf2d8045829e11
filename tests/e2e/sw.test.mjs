// The service worker's rules for the published site over time (public/sw.js), run in node
// against an in-memory Cache Storage and a scripted host: the manifest is fetched past the HTTP
// cache, a hashed data file is cached only when its bytes hash to its name (a host that answers
// a missing file with index.html must not poison the name), and a new manifest evicts the files
// no manifest names. No browser: the worker's functions are plain async functions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { createHash } from 'node:crypto';
import { repoRoot } from '../../scripts/lib.mjs';

const ORIGIN = 'https://atlas.example.gov.cn/';

/** A Cache Storage of Maps, keyed by absolute URL. */
function memoryCaches() {
  const stores = new Map();
  const open = async (name) => {
    if (!stores.has(name)) stores.set(name, new Map());
    const store = stores.get(name);
    const key = (r) => new URL(typeof r === 'string' ? r : r.url, ORIGIN).href;
    return {
      put: async (r, response) => void store.set(key(r), response),
      match: async (r) => store.get(key(r))?.clone(),
      delete: async (r) => store.delete(key(r)),
      keys: async () => [...store.keys()].map((url) => new Request(url)),
    };
  };
  return { open, keys: async () => [...stores.keys()], delete: async (n) => stores.delete(n), stores };
}

/** Loads public/sw.js with `host` answering its fetches; returns its globals and what it asked. */
function loadWorker(host) {
  const asked = [];
  const caches = memoryCaches();
  const context = {
    self: { location: new URL(ORIGIN), addEventListener() {}, skipWaiting() {}, clients: { claim() {} } },
    caches,
    fetch: async (input, init = {}) => {
      const url = new URL(typeof input === 'string' ? input : input.url, ORIGIN);
      asked.push({ url: url.pathname, cache: init.cache ?? 'default' });
      return host(url.pathname);
    },
    crypto: globalThis.crypto,
    Response,
    Request,
    URL,
    Uint8Array,
    Set,
    Object,
  };
  vm.createContext(context);
  vm.runInContext(fs.readFileSync(path.join(repoRoot, 'public', 'sw.js'), 'utf8'), context);
  return { sw: context, asked, caches };
}

const hashed = (stem, ext, body) => `${stem}-${createHash('sha256').update(body).digest('hex').slice(0, 16)}.${ext}`;
const INDEX = '<!doctype html><title>Coverage Atlas</title>';

test('a hashed data file is cached only when its bytes hash to its name', async () => {
  const body = 'code,name\n52,贵州省\n';
  const good = hashed('divisions', 'csv', body);
  const { sw } = loadWorker(() => new Response(body));
  assert.equal(await sw.worthCaching(new URL('data/' + good, ORIGIN), new Response(body)), true);
  // The host answers a missing (or not yet uploaded) file with its index page, as a 200.
  const html = new Response(INDEX, { headers: { 'content-type': 'text/html' } });
  assert.equal(await sw.worthCaching(new URL('data/' + good, ORIGIN), html), false);
  assert.equal(await sw.worthCaching(new URL('data/' + good, ORIGIN), new Response(body + 'x')), false);
  assert.equal(await sw.worthCaching(new URL('data/' + good, ORIGIN), new Response(body, { status: 404 })), false);
  // A script asked for and a page given is not kept either.
  const page = new Response(INDEX, { headers: { 'content-type': 'text/html; charset=utf-8' } });
  assert.equal(await sw.worthCaching(new URL('coverage-atlas-0123abcd.js', ORIGIN), page), false);
});

test('the manifest is fetched past the HTTP cache, and a new one evicts files no manifest names', async () => {
  const old = hashed('facts', 'csv', 'old');
  const kept = hashed('divisions', 'csv', 'kept');
  const fresh = hashed('facts', 'csv', 'new');
  const manifests = [
    { files: { facts: { path: old }, divisions: { path: kept } }, townships: {} },
    { files: { facts: { path: fresh }, divisions: { path: kept } }, townships: { 52: { path: 'townships-52-0000000000000000.topojson' } } },
    { files: { facts: { path: hashed('facts', 'csv', 'newer') }, divisions: { path: kept } }, townships: {} },
  ];
  let publication = 0;
  const { sw, asked, caches } = loadWorker((p) => (p.endsWith('manifest.json') ? new Response(JSON.stringify(manifests[publication])) : new Response('x')));
  const manifestRequest = new Request(new URL('data/manifest.json', ORIGIN));
  await sw.manifestFromNetwork(manifestRequest);
  assert.deepEqual(asked.at(-1), { url: '/data/manifest.json', cache: 'no-cache' });
  const [name] = await caches.keys();
  const cache = await caches.open(name);
  for (const file of [old, kept, 'stale-0123456789abcdef.csv']) await cache.put(new URL('data/' + file, ORIGIN).href, new Response('x'));
  const cached = async () => (await cache.keys()).map((r) => new URL(r.url).pathname.replace('/data/', '')).sort();
  // The first manifest: what it names stays, the stale file goes.
  publication = 0;
  await sw.manifestFromNetwork(manifestRequest);
  assert.deepEqual(await cached(), [kept, old, 'manifest.json'].sort());
  // A new publication keeps the files of the one before (a tab may still be on it)…
  publication = 1;
  await sw.manifestFromNetwork(manifestRequest);
  assert.deepEqual(await cached(), [kept, old, 'manifest.json'].sort());
  // …and the next one evicts them.
  publication = 2;
  await sw.manifestFromNetwork(manifestRequest);
  assert.deepEqual(await cached(), [kept, 'manifest.json'].sort());
});

test('offline, the cached manifest is served', async () => {
  let online = true;
  const manifest = JSON.stringify({ files: {} });
  const { sw } = loadWorker(() => {
    if (!online) throw new TypeError('Failed to fetch');
    return new Response(manifest);
  });
  const request = new Request(new URL('data/manifest.json', ORIGIN));
  await sw.manifestFromNetwork(request);
  online = false;
  assert.equal(await (await sw.manifestFromNetwork(request)).text(), manifest);
});
