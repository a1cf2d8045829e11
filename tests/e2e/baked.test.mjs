// Baked first views (issue 27): `atlas publish` (Trunk's post_build hook) writes the country's
// view into index.html and every province's and prefecture's into region-<code>.html. With
// JavaScript off the page is the baked one: map, summary, legend and table. With JavaScript the
// app takes over in place: its canvas draws and the baked view is gone, at the same address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { repoRoot, serveAppForTests } from '../../scripts/lib.mjs';

const SHOTS = path.join(repoRoot, 'screenshots');
const app = serveAppForTests({ before: (f) => test.before(f), after: (f) => test.after(f) });

/** The baked parts of the page as a visitor without JavaScript reads them. */
async function bakedParts(page) {
  return page.evaluate(() => {
    const q = (s) => document.querySelector(s);
    return {
      title: document.title,
      description: q('meta[name=description]')?.getAttribute('content') ?? '',
      shapes: document.querySelectorAll('[data-testid=baked-map] svg path[data-code]').length,
      mapBox: (() => {
        const r = q('[data-testid=baked-map] svg')?.getBoundingClientRect();
        return r ? [r.width, r.height] : [0, 0];
      })(),
      summary: q('[data-testid=baked-summary]')?.textContent ?? '',
      legendRows: document.querySelectorAll('[data-testid=baked-legend] li').length,
      tableRows: document.querySelectorAll('[data-testid=baked-table] tbody tr').length,
      firstRow: q('[data-testid=baked-table] tbody tr')?.textContent ?? '',
      sources: q('[data-testid=baked-sources]')?.textContent ?? '',
      canvases: document.querySelectorAll('canvas').length,
    };
  });
}

test('with JavaScript off, a prefecture page shows its map, summary, legend and table', async () => {
  const context = await app.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(new URL('region-5223.html', app.server.url).href);
  const parts = await bakedParts(page);
  await page.screenshot({ path: path.join(SHOTS, 'baked-5223-no-js.png'), fullPage: false });
  await context.close();
  assert.match(parts.title, /黔西南布依族苗族自治州/);
  assert.match(parts.description, /101\/140/, 'the meta description carries the figures');
  assert.ok(parts.shapes > 100, `the prefecture's townships are drawn: ${parts.shapes}`);
  assert.ok(parts.mapBox[0] > 300 && parts.mapBox[1] > 300, `the map fills its frame: ${parts.mapBox}`);
  assert.match(parts.summary, /黔西南布依族苗族自治州乡镇社工站覆盖：101\/140/);
  assert.ok(parts.legendRows >= 5, `legend rows: ${parts.legendRows}`);
  assert.ok(parts.tableRows > 100, `a row per township: ${parts.tableRows}`);
  assert.match(parts.sources, /^来源：/);
  assert.equal(parts.canvases, 0, 'nothing but the baked page without JavaScript');
});

test('with JavaScript off, the site address shows the country and links to each region page', async () => {
  const context = await app.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(app.server.url);
  const parts = await bakedParts(page);
  const link = await page.locator('[data-testid=baked-table] a[href="region-5223.html"]').count();
  await page.screenshot({ path: path.join(SHOTS, 'baked-country-no-js.png'), fullPage: false });
  await context.close();
  assert.match(parts.title, /全国/);
  assert.ok(parts.shapes >= 300, `the country's prefectures: ${parts.shapes}`);
  assert.ok(parts.tableRows >= 300, `rows: ${parts.tableRows}`);
  assert.equal(link, 1, 'the table links 黔西南 to its own page');
});

test('with JavaScript, the app takes a baked page over at the same address', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(new URL('region-5223.html', app.server.url).href);
  await page.waitForFunction(() => document.querySelector('[data-testid=map-status]')?.dataset.state === 'ready', null, { timeout: 60_000 });
  const parts = await bakedParts(page);
  const baked = await page.locator('#baked').count();
  const address = new URL(page.url());
  const heading = await page.locator('.breadcrumbs .current').first().textContent();
  await page.screenshot({ path: path.join(SHOTS, 'baked-5223-app.png'), fullPage: false });
  await context.close();
  assert.equal(baked, 0, 'the baked view is gone');
  assert.ok(parts.canvases >= 1, 'the app draws its canvas');
  assert.match(heading ?? '', /黔西南/, 'the app opened on the page\'s region');
  assert.equal(address.pathname, '/region-5223.html', 'the address stays the baked page');
});

/** The map's box on a baked page before the app runs, and the app's map box after it took over. */
async function mapBoxes(url, viewport) {
  const box = (page, selector) => page.evaluate((s) => {
    const r = document.querySelector(s)?.getBoundingClientRect();
    return r ? { x: r.x, y: r.y, width: r.width, height: r.height } : null;
  }, selector);
  const off = await app.browser.newContext({ javaScriptEnabled: false, viewport });
  const still = await off.newPage();
  await still.goto(url);
  const baked = await box(still, '[data-testid=baked-map]');
  const name = `baked-takeover-${viewport.width}`;
  await still.screenshot({ path: path.join(SHOTS, `${name}-before.png`) });
  await off.close();
  const on = await app.browser.newContext({ viewport });
  const live = await on.newPage();
  await live.goto(url);
  await live.waitForFunction(() => document.querySelector('[data-testid=map-status]')?.dataset.firstDrawMs && !document.getElementById('baked'), null, { timeout: 60_000 });
  const taken = await box(live, '.map-frame');
  await live.screenshot({ path: path.join(SHOTS, `${name}-after.png`) });
  await on.close();
  return { baked, taken };
}

test('the app takes over without moving the map, on a laptop and on a phone', async () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 360, height: 740 }]) {
    const { baked, taken } = await mapBoxes(new URL('region-5223.html', app.server.url).href, viewport);
    assert.ok(baked && taken, `both maps are found at ${viewport.width} px`);
    // The baked page reserves the toolbar's box, so the map starts where the app's map is.
    for (const k of ['x', 'y', 'width']) {
      assert.ok(Math.abs(baked[k] - taken[k]) <= 3, `${viewport.width} px: the map's ${k} moves from ${baked[k]} to ${taken[k]}`);
    }
  }
});
