// Browser tests for the built app (dist/), run by `cargo xtask test` as
//   node --test tests/e2e/
// They serve dist/ on a free localhost port, drive the system Chromium through
// playwright-core and save README screenshots to screenshots/*.png (failure
// screenshots go to target/screenshots/).
//
// App contract (see README): [data-testid=map-canvas] <canvas>;
// [data-testid=map-status] with data-state (loading|ready|error), data-focus,
// data-shapes-drawn, data-townships-drawn, data-styles;
// [data-testid=legend] > [data-testid=legend-item] (+ [data-testid=legend-schematic]);
// [data-testid=load-error]; [data-testid=breadcrumbs] links; [data-testid=tooltip];
// ?region=CODE opens that region.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, serveAppForTests } from '../../scripts/lib.mjs';

const SHOTS = path.join(repoRoot, 'screenshots');
const TMP_SHOTS = path.join(repoRoot, 'target', 'screenshots');
const VIEWPORT = { width: 1280, height: 800 };
const READY_TIMEOUT = 60_000;
const TEST_TIMEOUT = 180_000;

const app = serveAppForTests({ before, after, shots: SHOTS });
before(() => fs.mkdirSync(TMP_SHOTS, { recursive: true }));

/** Opens `query` in a fresh page; collects console errors, page errors and failed requests. */
async function open(query = '', { route } = {}) {
  // A request the service worker answers never reaches page.route (Playwright's rule), and once
  // the worker claims the page the full outlines after the first map are such a request: a
  // routed test runs without it, so the route sees every fetch.
  const context = await app.browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    serviceWorkers: route ? 'block' : 'allow',
  });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  if (route) await page.route(route.match, route.handler);
  await page.goto(new URL(query, app.server.url).href, { waitUntil: 'load' });
  return { context, page, errors };
}

/** Runs `fn(page...)`; on failure saves target/screenshots/fail-NAME.png and rethrows. */
async function withPage(name, query, fn, opts) {
  const session = await open(query, opts);
  try {
    await fn(session);
  } catch (err) {
    const file = path.join(TMP_SHOTS, `fail-${name}.png`);
    await session.page.screenshot({ path: file }).catch(() => {});
    const status = await statusAttrs(session.page).catch(() => null);
    err.message += `\n  map-status: ${JSON.stringify(status)}\n  page errors: ${JSON.stringify(
      session.errors,
    )}\n  screenshot: ${file}`;
    throw err;
  } finally {
    await session.context.close();
  }
}

async function statusAttrs(page) {
  return page.$eval('[data-testid=map-status]', (s) => ({ ...s.dataset }));
}

/** Waits until map-status reports data-state=ready (fails fast on data-state=error). */
async function waitReady(page, { focus } = {}) {
  await page.waitForFunction(
    ({ focus }) => {
      const s = document.querySelector('[data-testid=map-status]');
      if (!s) return false;
      if (s.dataset.state === 'error') return true;
      return s.dataset.state === 'ready' && (focus === undefined || s.dataset.focus === focus);
    },
    { focus },
    { timeout: READY_TIMEOUT },
  );
  const st = await statusAttrs(page);
  if (st.state === 'error') {
    const msg = await page
      .locator('[data-testid=load-error]')
      .textContent()
      .catch(() => '(no load-error element)');
    assert.fail(`app reported data-state=error: ${msg}`);
  }
  // Let the frame that produced the counters reach the canvas.
  await nextFrames(page);
  return statusAttrs(page);
}

function nextFrames(page) {
  return page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
  );
}

/** Waits (up to `timeout`) until the numeric status attribute satisfies `pred`; returns its value. */
async function waitAttr(page, attr, pred, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let v;
  for (;;) {
    v = await page.$eval('[data-testid=map-status]', (s, a) => s.getAttribute(a), attr);
    if (pred(v)) return v;
    if (Date.now() > deadline) return v;
    await page.waitForTimeout(100);
  }
}

/**
 * Pixel statistics of a canvas (copied through drawImage so it works for any context):
 * distinct colours, colours covering >= 0.2 % of the pixels, and the share of the most
 * common colour. A blank or single-colour canvas has major <= 1 and dominant == 1.
 */
function canvasStats(page, selector) {
  return page.evaluate((selector) => {
    const analyse = (c) => {
      const w = c.width;
      const h = c.height;
      if (!w || !h) return { width: w, height: h, distinct: 0, major: 0, dominant: 1 };
      const off = document.createElement('canvas');
      off.width = w;
      off.height = h;
      const ctx = off.getContext('2d');
      ctx.drawImage(c, 0, 0);
      const d = ctx.getImageData(0, 0, w, h).data;
      const counts = new Map();
      for (let i = 0; i < d.length; i += 4) {
        const key = d[i + 3] === 0 ? -1 : (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
        counts.set(key, (counts.get(key) || 0) + 1);
      }
      const total = w * h;
      let major = 0;
      let max = 0;
      for (const n of counts.values()) {
        if (n >= total * 0.002) major += 1;
        if (n > max) max = n;
      }
      return { width: w, height: h, distinct: counts.size, major, dominant: max / total };
    };
    const target = selector ? document.querySelector(selector) : null;
    // Self-check of the metric on a blank canvas of the same size.
    const blank = document.createElement('canvas');
    blank.width = target?.width || 100;
    blank.height = target?.height || 100;
    return { map: target ? analyse(target) : null, blank: analyse(blank) };
  }, selector);
}

function assertNotBlank(stats, what) {
  assert.ok(stats.map, `${what}: [data-testid=map-canvas] not found`);
  const s = stats.map;
  assert.ok(s.width > 0 && s.height > 0, `${what}: canvas has zero size ${s.width}x${s.height}`);
  // The metric must call a blank canvas blank, otherwise this check proves nothing.
  assert.ok(stats.blank.major <= 1 && stats.blank.dominant === 1, 'blank-canvas self-check');
  assert.ok(s.distinct > 8, `${what}: canvas has only ${s.distinct} distinct colours`);
  assert.ok(s.major >= 3, `${what}: only ${s.major} colours cover >= 0.2% of the canvas`);
  assert.ok(s.dominant < 0.97, `${what}: one colour covers ${(s.dominant * 100).toFixed(1)}%`);
}

/** Canvas-relative points: centre first, then a widening ring of offsets. */
function probePoints(box) {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const pts = [[cx, cy]];
  for (const r of [0.05, 0.1, 0.18, 0.28]) {
    for (let k = 0; k < 8; k++) {
      const a = (k * Math.PI) / 4;
      pts.push([cx + Math.cos(a) * r * box.width, cy + Math.sin(a) * r * box.height]);
    }
  }
  return pts;
}

describe('Coverage Atlas in Chromium', () => {
  test('country view loads, draws the map and a legend (screenshots/country.png)', { timeout: TEST_TIMEOUT }, () =>
    withPage('country', '', async ({ page, errors }) => {
      const st = await waitReady(page, { focus: '' });
      // The title is the baked country view's (atlas publish writes it into index.html).
      assert.equal(await page.title(), '全国乡镇社工站覆盖地图');
      await page.locator('[data-testid=map-canvas]').waitFor({ state: 'visible' });
      assert.equal(
        await page.$eval('[data-testid=map-canvas]', (e) => e.tagName),
        'CANVAS',
        '[data-testid=map-canvas] must be a <canvas>',
      );
      const shapes = Number(await waitAttr(page, 'data-shapes-drawn', (v) => Number(v) > 300));
      assert.ok(shapes > 300, `data-shapes-drawn = ${st.shapesDrawn} / ${shapes}, expected > 300`);
      // The country view draws prefectures; data-styles ("Class[/r]:count,...") counts them by
      // class, so those not NoData are the prefectures with data.
      const prefs = (st.styles || '')
        .split(',')
        .filter((part) => part && !part.startsWith('NoData'))
        .reduce((n, part) => n + Number(part.slice(part.lastIndexOf(':') + 1)), 0);
      assert.ok(prefs >= 1, `prefectures with data (from data-styles ${JSON.stringify(st.styles)}) = ${prefs}, expected >= 1`);

      const legendItems = await page.locator('[data-testid=legend] [data-testid=legend-item]').count();
      assert.ok(legendItems >= 4, `legend has ${legendItems} items, expected >= 4`);

      assertNotBlank(await canvasStats(page, '[data-testid=map-canvas]'), 'country view');
      await page.screenshot({ path: path.join(SHOTS, 'country.png') });
      assert.deepEqual(errors, [], 'no console errors / failed requests at country level');
    }));

  test('?region=5223 shows 140 schematic townships and a tooltip (screenshots/qianxinan.png)', { timeout: TEST_TIMEOUT }, () =>
    withPage('qianxinan', '?region=5223', async ({ page, errors }) => {
      await waitReady(page, { focus: '5223' });
      const townships = await waitAttr(page, 'data-townships-drawn', (v) => Number(v) === 140);
      assert.equal(Number(townships), 140, 'data-townships-drawn');
      await page.locator('[data-testid=legend-schematic]').waitFor({ state: 'visible', timeout: 10_000 });
      assertNotBlank(await canvasStats(page, '[data-testid=map-canvas]'), 'qianxinan view');

      const canvas = page.locator('[data-testid=map-canvas]');
      const box = await canvas.boundingBox();
      assert.ok(box, 'canvas has a bounding box');
      const tooltip = page.locator('[data-testid=tooltip]');
      let text = null;
      let at = null;
      for (const [i, [x, y]] of probePoints(box).entries()) {
        await page.mouse.move(x, y, { steps: 4 });
        try {
          await tooltip.waitFor({ state: 'visible', timeout: i === 0 ? 3_000 : 600 });
        } catch {
          continue;
        }
        text = (await tooltip.innerText()).trim();
        at = [Math.round(x - box.x), Math.round(y - box.y)];
        if (/黔西南/.test(text) || /52\d{4,}/.test(text)) break;
      }
      assert.ok(text !== null, 'hovering the canvas never showed [data-testid=tooltip]');
      assert.ok(
        /黔西南/.test(text) || (/52\d{4,}/.test(text) && /[\u4e00-\u9fff]/.test(text)),
        `tooltip at ${at} should name 黔西南 or a township with its code, got: ${JSON.stringify(text)}`,
      );
      if (at[0] !== Math.round(box.width / 2) || at[1] !== Math.round(box.height / 2)) {
        console.log(`# note: tooltip found at canvas offset ${at}, not at the centre`);
      }
      // The README screenshot keeps the tooltip: it documents the hover feature.
      await page.screenshot({ path: path.join(SHOTS, 'qianxinan.png') });
      assert.deepEqual(errors, [], 'no console errors / failed requests');
    }));

  test('?region=52: clicking the map drills into a prefecture', { timeout: TEST_TIMEOUT }, () =>
    withPage('guizhou-click', '?region=52', async ({ page, errors }) => {
      await waitReady(page, { focus: '52' });
      const box = await page.locator('[data-testid=map-canvas]').boundingBox();
      let focus = '52';
      for (const [x, y] of probePoints(box).slice(0, 17)) {
        await page.mouse.click(x, y);
        focus = await waitAttr(page, 'data-focus', (v) => v !== '52', 2_000);
        if (focus !== '52') break;
      }
      assert.notEqual(focus, '52', 'clicking the Guizhou map never changed data-focus');
      assert.match(focus, /^52\d{2}/, `clicked into ${focus}, expected a prefecture of Guizhou (52xx)`);
      await waitReady(page, { focus });
      assert.deepEqual(errors, [], 'no console errors / failed requests');
    }));

  test('breadcrumbs navigate back up from ?region=5223', { timeout: TEST_TIMEOUT }, () =>
    withPage('breadcrumbs', '?region=5223', async ({ page, errors }) => {
      await waitReady(page, { focus: '5223' });
      // Breadcrumb entries may be <a> links or <button>s; the current one is aria-current.
      const links = page.locator(
        '[data-testid=breadcrumbs] :is(a, button, [role=link]):not([aria-current=page])',
      );
      const n = await links.count();
      assert.ok(n >= 1, `[data-testid=breadcrumbs] has ${n} links/buttons above 5223, expected >= 1`);
      const guizhou = links.filter({ hasText: '贵州' });
      const link = (await guizhou.count()) > 0 ? guizhou.first() : links.first();
      const label = (await link.innerText()).trim();
      await link.click();
      const focus = await waitAttr(page, 'data-focus', (v) => v !== '5223', 10_000);
      assert.notEqual(focus, '5223', `clicking breadcrumb ${JSON.stringify(label)} did not change data-focus`);
      if (/贵州/.test(label)) assert.equal(focus, '52', 'breadcrumb 贵州 leads to focus 52');
      await waitReady(page, { focus });
      assert.deepEqual(errors, [], 'no console errors / failed requests');
    }));

  // The published data (data/manifest.json, then files named by their hash): a file cut short,
  // a file whose bytes were changed, a server error and a missing manifest each name the file.
  // The country's first map is drawn from the overview, so a damaged overview is a load error;
  // the full outlines come after the first map, so a damaged one is a warning beside the map.
  const overviewFile = (url) => /\/data\/outlines-overview-[0-9a-f]{16}\.topojson$/.test(url.pathname);
  const outlinesFile = (url) => /\/data\/outlines-[0-9a-f]{16}\.topojson$/.test(url.pathname);
  for (const [kind, match, response, named] of [
    ['cut short', overviewFile, { status: 200, contentType: 'application/json', body: '{"type": "Topology", "objects": ' }, /outlines-overview-[0-9a-f]{16}\.topojson: expected \d+ bytes, found 32/],
    ['HTTP 500', overviewFile, { status: 500, contentType: 'text/plain', body: 'internal error' }, /outlines-overview-[0-9a-f]{16}\.topojson: the server answered HTTP 500/],
    ['missing manifest', (url) => url.pathname.endsWith('/data/manifest.json'), { status: 404, contentType: 'text/plain', body: 'not found' }, /data\/manifest\.json: the server answered HTTP 404/],
  ]) {
    test(`published data with ${kind} shows a readable load error naming the file`, { timeout: TEST_TIMEOUT }, () =>
      withPage(
        `load-error-${kind.replace(/\W+/g, '-')}`,
        '',
        async ({ page }) => {
          const err = page.locator('[data-testid=load-error]');
          await err.waitFor({ state: 'visible', timeout: READY_TIMEOUT });
          const text = (await err.innerText()).trim();
          assert.match(text, named, `load error should name the file, got ${JSON.stringify(text)}`);
          const state = await waitAttr(page, 'data-state', (v) => v === 'error', 5_000);
          assert.equal(state, 'error', 'map-status data-state');
          await page.screenshot({ path: path.join(TMP_SHOTS, `load-error-${kind.replace(/\W+/g, '-')}.png`) });
        },
        {
          route: {
            match,
            handler: (route) => route.fulfill(response),
          },
        },
      ));
  }

  test('full outlines cut short after the first map: a warning names the file, the country stays drawn', { timeout: TEST_TIMEOUT }, () =>
    withPage(
      'load-warning-full-outlines',
      '',
      async ({ page }) => {
        const warning = page.locator('[data-testid=load-warning]');
        await warning.waitFor({ state: 'visible', timeout: READY_TIMEOUT });
        const text = (await warning.innerText()).trim();
        assert.match(text, /outlines-[0-9a-f]{16}\.topojson: expected \d+ bytes, found 32/, text);
        const status = page.locator('[data-testid=map-status]');
        assert.equal(await status.getAttribute('data-state'), 'overview', 'the map stays on the overview');
        const drawn = Number(await status.getAttribute('data-shapes-drawn'));
        assert.ok(drawn >= 300, `the country's prefectures are drawn from the overview (${drawn} shapes)`);
        assert.equal(await page.locator('[data-testid=load-error]').count(), 0, 'no load error');
      },
      {
        route: {
          match: outlinesFile,
          handler: (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"type": "Topology", "objects": ' }),
        },
      },
    ));

  test('the first map, drawn from the overview, is styled as the full map that replaces it', { timeout: TEST_TIMEOUT }, () =>
    withPage(
      'overview-then-full',
      '',
      async ({ page, errors }) => {
        const status = page.locator('[data-testid=map-status]');
        await page.waitForSelector('[data-testid=map-status][data-state=overview]', { state: 'attached', timeout: READY_TIMEOUT });
        await page.waitForFunction(() => Number(document.querySelector('[data-testid=map-status]')?.dataset.shapesDrawn) > 0);
        const first = await status.getAttribute('data-styles');
        // Only the overview so far: the full registry and outlines are held back.
        const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
        assert.ok(fetched.some((u) => /divisions-overview-[0-9a-f]{16}\.csv$/.test(u)), 'the overview registry was fetched');
        await page.waitForSelector('[data-testid=map-status][data-state=ready]', { state: 'attached', timeout: READY_TIMEOUT });
        assert.equal(await status.getAttribute('data-styles'), first, 'the same classes before and after the full data');
        assert.deepEqual(errors, [], 'no console errors / failed requests');
      },
      {
        route: {
          match: outlinesFile,
          handler: (route) => setTimeout(() => route.continue(), 1_500),
        },
      },
    ));
});
