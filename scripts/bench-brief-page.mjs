#!/usr/bin/env node
// The page's briefing pack (issue 25, budget ≤ 5 s): in headless Chromium, on the built page
// served gzip-compressed as a production host would, the time from a press of 下载简报（PDF） to
// the browser's download event, and the bytes the press fetched (the pack's binary, its font,
// the region's township chunks, the published files it reads again from the browser's cache;
// as sent, gzip, and unpacked). The first press of a fresh page
// fetches and starts the binary and the font; a second press of the same page reuses both.
//
// Prints figures; asserts nothing.
//
//   node scripts/bench-brief-page.mjs [--dist dist] [--regions 52,5223]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, repoRoot, serveDir } from './lib.mjs';

const { values: opt } = parseArgs({
  options: {
    dist: { type: 'string', default: process.env.ATLAS_DIST || path.join(repoRoot, 'dist') },
    regions: { type: 'string', default: '52,5223' },
  },
});

const server = await serveDir(opt.dist, { gzip: true });
const browser = await launchChromium();

/** One press: milliseconds to the download event, and the resources fetched meanwhile. */
async function press(page) {
  const pressedAt = await page.evaluate(() => performance.now());
  const started = Date.now();
  await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('[data-testid=brief-pdf]')]);
  const ms = Date.now() - started;
  await page.waitForSelector('[data-testid=brief-status][data-state=saved]', { state: 'attached' });
  const fetched = await page.evaluate((from) => performance.getEntriesByType('resource')
    .filter((e) => e.startTime >= from)
    .map((e) => ({ name: e.name.split('/').pop(), network: e.transferSize, sent: e.encodedBodySize, body: e.decodedBodySize })), pressedAt);
  const pdfBytes = await page.getAttribute('[data-testid=brief-status]', 'data-bytes');
  return { ms, fetched, pdfBytes };
}

const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
try {
  for (const region of opt.regions.split(',')) {
    // Without the service worker, so the bytes are those of a first visit's HTTP fetches (the
    // registry and outlines the binary reads again come from the HTTP cache, at 0 transferred).
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(new URL(`?region=${region}`, server.url).href);
    await page.waitForSelector(`[data-testid=map-status][data-state=ready][data-focus="${region}"]`, { state: 'attached', timeout: 60_000 });
    // The page has its full data and the region's townships, as a reader who has looked at the
    // map before pressing the button.
    await page.waitForSelector(`[data-testid=chunk-status][data-loaded*="${region.slice(0, 2)}"][data-pending="0"]`, { state: 'attached', timeout: 60_000 });
    for (const which of ['first press', 'second press']) {
      const { ms, fetched, pdfBytes } = await press(page);
      const sum = (list, key) => list.reduce((s, e) => s + e[key], 0);
      const own = fetched.filter((e) => /^brief-(pdf|font)/.test(e.name));
      console.log(`${region} ${which}: ${ms} ms press → download; PDF ${kb(Number(pdfBytes))}; ` +
        `binary + font ${kb(sum(own, 'sent'))} as sent (${kb(sum(own, 'body'))} unpacked); ` +
        `over the network in all ${kb(sum(fetched, 'network'))}`);
      for (const e of fetched) {
        const from = e.network === 0 ? 'from the browser cache' : `${kb(e.network)} over the network`;
        console.log(`    ${e.name.padEnd(44)} ${kb(e.sent).padStart(7)} as sent ${kb(e.body).padStart(7)} unpacked, ${from}`);
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
