#!/usr/bin/env node
// The baked first map (issue 27): navigation → the first frame with a baked page's whole map
// (the SVG and the summary after it are parsed), for the site's address (the country) and
// region-5223.html, on this machine and on the phone profile (CPU 4×, 200,000 B/s down,
// 150 ms latency), served gzip as a production static server would. Prints a Markdown table.
//
//   node scripts/bench-baked.mjs [--dist DIR] [--runs N]
//
// DIR is a built and published site (dist/ after `trunk build --release`, whose post_build
// hook bakes the pages). The page's own scripts run as they would; the end does not wait for
// them.
import path from 'node:path';
import fs from 'node:fs';
import { launchChromium, repoRoot, serveDir } from './lib.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const dist = path.resolve(arg('--dist', path.join(repoRoot, 'dist')));
const runs = Number(arg('--runs', '3'));

// Polls each frame until the summary under the map exists (the map before it is parsed), then
// records the frame after it.
const MARK = `(() => {
  const tick = () => {
    if (document.querySelector('[data-testid=baked-summary]')) {
      requestAnimationFrame(() => { window.__bakedFrameMs = performance.now(); });
    } else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

async function once(browser, url, phone) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(MARK);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (phone) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750,
    });
  }
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__bakedFrameMs !== undefined, null, { timeout: 120_000 });
  const ms = await page.evaluate(() => window.__bakedFrameMs);
  const bytes = await page.evaluate(() => performance.getEntriesByType('navigation')[0]?.transferSize ?? 0);
  await context.close();
  return { ms, bytes };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await serveDir(dist, { gzip: true });
const browser = await launchChromium();
console.log('| page | profile | navigation → baked map frame, ms (median of ' + runs + ') | page bytes transferred (gzip) | page bytes |');
console.log('|---|---|---|---|---|');
for (const [name, file] of [['country (index.html)', ''], ['黔西南 (region-5223.html)', 'region-5223.html']]) {
  const size = fs.statSync(path.join(dist, file || 'index.html')).size;
  for (const phone of [false, true]) {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await once(browser, new URL(file, server.url).href, phone));
    console.log(`| ${name} | ${phone ? 'phone' : 'this machine'} | ${median(results.map((r) => r.ms)).toFixed(0)} | ${median(results.map((r) => r.bytes))} | ${size} |`);
  }
}
await browser.close();
await server.close();
