// Displays away from a desk (issue E): presentation mode for briefing screens, the embed view
// for portals, offline reopening, and the small-screen table.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { repoRoot, serveAppForTests, trackPageProblems } from '../../scripts/lib.mjs';

const SHOTS = path.join(repoRoot, 'screenshots');
const app = serveAppForTests({ before, after, shots: SHOTS });

const status = (page) => page.$eval('[data-testid=map-status]', (s) => ({ ...s.dataset }));

async function ready(page, focus) {
  await page.waitForFunction(
    (f) => {
      const s = document.querySelector('[data-testid=map-status]');
      return s && s.dataset.state === 'ready' && (f === null || s.dataset.focus === f) && Number(s.dataset.shapesDrawn) > 0;
    },
    focus,
    { timeout: 60_000 },
  );
}

async function session(viewport, fn) {
  const context = await app.browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = trackPageProblems(page);
  try {
    await fn({ context, page });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
}

test('presentation mode tours regions by keyboard and on its own, with the as-of date visible', { timeout: 180_000 }, () =>
  session({ width: 1920, height: 1080 }, async ({ page }) => {
    await page.goto(new URL('?present=1&interval=2', app.server.url).href);
    await ready(page, null);
    assert.ok(await page.evaluate(() => document.body.classList.contains('present')));
    const hud = page.locator('[data-testid=presentation-hud]');
    await hud.waitFor();
    assert.match(await page.locator('[data-testid=presentation-asof]').innerText(), /截至/);
    // Chrome for people at a desk is gone.
    assert.equal(await page.locator('[data-testid=breadcrumbs]').isVisible(), false);
    assert.equal(await page.locator('[data-testid=region-table]').isVisible(), false);

    // Keyboard: the first stop after the country is the riskiest region, 黔西南 (its end-2025
    // deadline passed at 101/140); the country is not visited twice though it has a row.
    await page.keyboard.press('Space'); // pause the tour so only the keys move it
    const step = page.locator('[data-testid=presentation-step]');
    await page.keyboard.press('ArrowRight');
    await ready(page, '5223');
    assert.match(await step.innerText(), /^2 \//);
    assert.equal((await status(page)).selected, '5223');
    await page.locator('[data-testid=progress-chart][data-code="5223"]').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'present-1920x1080.png') });
    await page.keyboard.press('ArrowLeft');
    await ready(page, '');
    assert.match(await step.innerText(), /^1 \//);

    // Unpaused, it moves on by itself within the 2 s interval.
    await page.keyboard.press('Space');
    await page.waitForFunction(() => !document.querySelector('[data-testid=presentation-step]').innerText.startsWith('1 /'), null, { timeout: 10_000 });
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.body.classList.contains('present'));
  }));

test('presentation mode scales to a 4K screen', { timeout: 180_000 }, () =>
  session({ width: 3840, height: 2160 }, async ({ page }) => {
    await page.goto(new URL('?present=1&region=5223&sel=5223', app.server.url).href);
    await ready(page, '5223');
    await page.locator('[data-testid=progress-chart]').waitFor();
    const titleSize = await page.$eval('.hud-title', (e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(titleSize >= 60, `title font ${titleSize}px is too small for a 4K wall`);
    const canvas = await page.$eval('[data-testid=map-canvas]', (c) => ({ w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight }));
    assert.equal(canvas.w, canvas.cw);
    assert.equal(canvas.h, canvas.ch);
    await page.screenshot({ path: path.join(SHOTS, 'present-3840x2160.png') });
  }));

test('the embed view has minimal chrome and links to the full map; share offers the iframe', { timeout: 120_000 }, () =>
  session({ width: 800, height: 600 }, async ({ page }) => {
    await page.goto(new URL('?region=5223', app.server.url).href);
    await ready(page, '5223');
    await page.locator('[data-testid=share]').click();
    const snippet = await page.locator('[data-testid=embed-snippet]').inputValue();
    assert.match(snippet, /^<figure style="margin:0"><iframe src="http:\/\/127\.0\.0\.1:\d+\/\?region=5223&embed=1" title="黔西南布依族苗族自治州乡镇社工站覆盖地图"/);
    // The view's summary is the caption: the embedded map's text alternative.
    assert.match(snippet, /<figcaption>黔西南布依族苗族自治州乡镇社工站覆盖：101\/140 \(72%\)[^<]*来源：报道000[^<]*<\/figcaption><\/figure>$/);
    const src = snippet.match(/src="([^"]+)"/)[1];
    await page.goto(src);
    await ready(page, '5223');
    // The masthead is for screen readers only (the page's one h1), not drawn.
    assert.ok((await page.locator('.masthead').boundingBox()).width <= 1);
    assert.equal(await page.locator('.controls').isVisible(), false);
    assert.ok(await page.locator('[data-testid=legend]').isVisible());
    assert.equal(await page.locator('[data-testid=embed-open]').getAttribute('href'), '?region=5223');
    await page.screenshot({ path: path.join(SHOTS, 'embed-800x600.png') });
  }));

test('once loaded, the map opens again offline', { timeout: 180_000 }, () =>
  session({ width: 1280, height: 800 }, async ({ context, page }) => {
    await page.goto(new URL('?region=5223', app.server.url).href);
    await ready(page, '5223');
    await page.evaluate(() => navigator.serviceWorker.ready);
    // Loaded includes the view's township file in the worker's cache (fetched again through the
    // worker when it fetched before the worker took control).
    await page.waitForFunction(async () => {
      for (const name of await caches.keys()) {
        const keys = await (await caches.open(name)).keys();
        if (keys.some((r) => r.url.includes('/data/townships-52-'))) return true;
      }
      return false;
    }, null, { timeout: 30_000, polling: 250 });
    await context.setOffline(true);
    await page.reload();
    await ready(page, '5223');
    assert.equal((await status(page)).townshipsDrawn, '140');
    // The importer was never started online, yet it works offline too (the service worker
    // cached its files at install).
    await page.setInputFiles('[data-testid=stations-file]', path.join(repoRoot, 'tests', 'fixtures', 'good', 'stations_gbk.csv'));
    await page.waitForSelector('[data-testid=join-report][data-joined="12"]', { timeout: 60_000 });
    await context.setOffline(false);
  }));

test('on a very small screen the table carries the figures', { timeout: 120_000 }, () =>
  session({ width: 360, height: 740 }, async ({ page }) => {
    await page.goto(new URL('?region=5223', app.server.url).href);
    await ready(page, '5223');
    const table = page.locator('[data-testid=region-table]');
    await table.scrollIntoViewIfNeeded();
    assert.ok(await table.isVisible());
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 380, `page is ${width}px wide on a 360px screen`);
    assert.equal(await table.locator('tbody tr').count(), 140);
    await page.screenshot({ path: path.join(SHOTS, 'phone-360.png'), fullPage: false });
  }));
