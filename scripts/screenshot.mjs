#!/usr/bin/env node
// Screenshot of the built app (used by `cargo xtask screenshot`).
//
//   node scripts/screenshot.mjs [--dist dist] [--url URL] [--url-query '?region=5223']
//                               [--out screenshots/x.png] [--size 1280x800]
//
// Serves --dist on a free localhost port (unless --url is given), opens it in headless
// Chromium, waits for [data-testid=map-status] to report ready (or error), and saves a PNG.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, parseSize, repoRoot, serveDir, waitForSettled } from './lib.mjs';

const { values: opt } = parseArgs({
  options: {
    dist: { type: 'string', default: path.join(repoRoot, 'dist') },
    url: { type: 'string' },
    'url-query': { type: 'string', default: '' },
    out: { type: 'string', default: path.join(repoRoot, 'screenshots', 'screenshot.png') },
    size: { type: 'string', default: '1280x800' },
    timeout: { type: 'string', default: '60000' },
  },
});

const viewport = parseSize(opt.size);
const server = opt.url ? null : await serveDir(opt.dist);
const base = opt.url ?? server.url;
let query = opt['url-query'];
if (query && !query.startsWith('?')) query = '?' + query;
const url = new URL(query, base).href;

const browser = await launchChromium();
let code = 0;
try {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`[console.error] ${m.text()}`);
  });
  page.on('pageerror', (e) => console.error(`[pageerror] ${e.message}`));
  console.log(`opening ${url} at ${viewport.width}x${viewport.height}`);
  await page.goto(url, { waitUntil: 'load' });
  const state = await waitForSettled(page, Number(opt.timeout));
  if (state === null) {
    console.warn('warning: no [data-testid=map-status] ready/error state seen; screenshotting anyway');
  } else {
    console.log(`map state: ${state}`);
    if (state === 'error') code = 2;
  }
  // Let the last frame land (requestAnimationFrame) before capturing.
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
  );
  await page.waitForTimeout(300);
  fs.mkdirSync(path.dirname(path.resolve(opt.out)), { recursive: true });
  await page.screenshot({ path: opt.out });
  console.log(`saved ${opt.out}`);
} finally {
  await browser.close();
  await server?.close();
}
process.exit(code);
