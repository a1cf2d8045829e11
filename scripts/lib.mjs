// Shared helpers for scripts/*.mjs and tests/e2e/*.test.mjs:
// a tiny static server for dist/ and a headless Chromium launcher (playwright-core).
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// playwright-core lives in tools/node/node_modules (installed by `cargo xtask` with npm ci).
const requireFromTools = createRequire(path.join(repoRoot, 'tools', 'node', 'package.json'));

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.topojson': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.otf': 'font/otf',
};

/**
 * Serves `root` on 127.0.0.1 at a free port (or `port`). Resolves to
 * `{ url, port, close() }`; `url` ends with '/'. `mounts` maps a path prefix ending in '/'
 * to another folder served under it (benchmark inputs, a dev tool's files). `gzip` compresses
 * text and wasm for clients that accept it, as a production static server would.
 */
export function serveDir(root, { port = 0, overrides = {}, mounts = {}, gzip = false } = {}) {
  const absRoot = path.resolve(root);
  if (!fs.existsSync(path.join(absRoot, 'index.html'))) {
    throw new Error(`${absRoot}/index.html not found: build first (trunk build --release)`);
  }
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (overrides[pathname]) {
      const o = overrides[pathname];
      res.writeHead(o.status ?? 200, { 'content-type': o.contentType ?? 'text/plain' });
      res.end(o.body ?? '');
      return;
    }
    if (pathname.endsWith('/')) pathname += 'index.html';
    const mount = Object.keys(mounts).find((prefix) => pathname.startsWith(prefix));
    const base = mount ? path.resolve(mounts[mount]) : absRoot;
    const file = path.join(base, mount ? pathname.slice(mount.length) : pathname);
    if (file !== base && !file.startsWith(base + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${pathname}`);
        return;
      }
      const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      const compress = gzip && /gzip/.test(req.headers['accept-encoding'] ?? '') && /text|json|javascript|wasm|svg/.test(type);
      res.writeHead(200, {
        'content-type': type,
        ...(compress ? { 'content-encoding': 'gzip' } : { 'content-length': st.size }),
        'cache-control': 'no-store',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const body = fs.createReadStream(file);
      (compress ? body.pipe(zlib.createGzip()) : body).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const actual = server.address().port;
      resolve({
        url: `http://127.0.0.1:${actual}/`,
        port: actual,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches the system Chromium (never downloads a browser). */
export async function launchChromium() {
  const { chromium } = requireFromTools('playwright-core');
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `${executablePath} not found: apt-get install chromium fonts-noto-cjk (or set CHROMIUM_PATH)`,
    );
  }
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/** Parses "1280x800" into { width, height }. */
export function parseSize(s) {
  const m = /^(\d+)x(\d+)$/.exec(String(s).trim());
  if (!m) throw new Error(`bad size ${JSON.stringify(s)}, expected WIDTHxHEIGHT like 1280x800`);
  return { width: Number(m[1]), height: Number(m[2]) };
}

/**
 * Waits until the app reports a settled state on [data-testid=map-status]
 * (data-state is "ready" or "error"); returns that state. Resolves to null if the
 * page has no status element within the timeout.
 */
export async function waitForSettled(page, timeout = 60_000) {
  try {
    await page.waitForFunction(
      () => {
        const s = document.querySelector('[data-testid=map-status]');
        return s && (s.dataset.state === 'ready' || s.dataset.state === 'error');
      },
      null,
      { timeout },
    );
  } catch {
    return null;
  }
  return page.$eval('[data-testid=map-status]', (s) => s.dataset.state);
}

/**
 * Collects what should never happen on a healthy page: console errors, uncaught page
 * errors, failed requests and HTTP >= 400 responses. Returns the (live) array of messages.
 * Chromium's `integrity` preload notice is a warning, not an error, and is never collected.
 */
export function trackPageProblems(page) {
  const problems = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/`integrity` attribute is currently ignored/.test(m.text())) return;
    problems.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

/**
 * Deuteranopia (severity 1.0) from Machado, Oliveira & Fernandes (2009), for linear RGB;
 * SVG's feColorMatrix works in linearRGB by default, which is what this matrix expects.
 */
export const DEUTERANOPIA_MATRIX = [
  [0.367322, 0.860646, -0.227968],
  [0.280085, 0.672501, 0.047413],
  [-0.01182, 0.04294, 0.968881],
];

/**
 * Simulates colour vision on the whole page: 'deuteranopia' (an SVG feColorMatrix filter
 * `#deut` applied to <html>), 'grayscale' (CSS grayscale(1)), or null to remove it.
 */
export async function applyVisionFilter(page, kind) {
  await page.evaluate(
    ({ kind, m }) => {
      document.getElementById('vision-sim')?.remove();
      const html = document.documentElement;
      html.style.filter = '';
      if (kind === 'deuteranopia') {
        const ns = 'http://www.w3.org/2000/svg';
        const svg = document.createElementNS(ns, 'svg');
        svg.id = 'vision-sim';
        svg.setAttribute('width', '0');
        svg.setAttribute('height', '0');
        svg.style.position = 'absolute';
        const filter = document.createElementNS(ns, 'filter');
        filter.id = 'deut';
        const matrix = document.createElementNS(ns, 'feColorMatrix');
        matrix.setAttribute('type', 'matrix');
        matrix.setAttribute(
          'values',
          [...m.map((row) => [...row, 0, 0]), [0, 0, 0, 1, 0]].map((r) => r.join(' ')).join(' '),
        );
        filter.appendChild(matrix);
        svg.appendChild(filter);
        document.body.appendChild(svg);
        html.style.filter = 'url(#deut)';
      } else if (kind === 'grayscale') {
        html.style.filter = 'grayscale(1)';
      } else if (kind) {
        throw new Error(`unknown vision filter ${kind}`);
      }
    },
    { kind, m: DEUTERANOPIA_MATRIX },
  );
}

/**
 * The per-file setup of the browser tests: before the tests, serve dist/ (or $ATLAS_DIST) on a
 * free port and start Chromium; after them, stop both. Pass node:test's `before` and `after`.
 * Returns `{ dist, server, browser }` (the folder served, the server, Chromium), filled once
 * `before` has run.
 */
export function serveAppForTests({ before, after, shots = path.join(repoRoot, 'screenshots') }) {
  const app = { dist: process.env.ATLAS_DIST || path.join(repoRoot, 'dist'), server: null, browser: null };
  before(async () => {
    fs.mkdirSync(shots, { recursive: true });
    app.server = await serveDir(app.dist);
    app.browser = await launchChromium();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}

/**
 * A township boundary GeoJSON made by `core/examples/township_boundaries.rs` with `args`
 * (`--region`, `--vertices-per-edge`) at `dir/name`, made on first use; returns its path.
 */
export function boundaryFile(dir, name, args) {
  const out = path.join(dir, name);
  if (!fs.existsSync(out)) {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('cargo', ['run', '--release', '-q', '-p', 'atlas-core', '--example', 'township_boundaries', '--', ...args, '--out', out], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
  }
  return out;
}
