// Everyone can use it (issue J): axe-core finds no violation of any impact on every kind of
// view; the map walks by keyboard with a polite live region saying where the focus is; the
// written summary sits under the map; a 360 px phone can tap and zoom the map itself.
//
// axe-core comes from tools/node (a dev dependency) and is injected here only: it is never part
// of the shipped page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot, serveAppForTests, trackPageProblems } from '../../scripts/lib.mjs';

const SHOTS = path.join(repoRoot, 'screenshots');
const app = serveAppForTests({ before, after, shots: SHOTS });
const requireFromTools = createRequire(path.join(repoRoot, 'tools', 'node', 'package.json'));
const AXE_SOURCE = fs.readFileSync(requireFromTools.resolve('axe-core/axe.min.js'), 'utf8');
const fixture = (...parts) => path.join(repoRoot, 'tests', 'fixtures', ...parts);

async function ready(page, focus = null) {
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

/** Runs axe-core on the whole page; fails listing every violation, of any impact. */
async function assertAxeClean(page, what) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(AXE_SOURCE);
  }
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1, 2).join('')}`),
    }));
  });
  assert.deepEqual(violations, [], `${what}: axe-core violations\n${JSON.stringify(violations, null, 2)}`);
}

/** On the dark display every legend swatch (the map's fills) is 3:1 against the background. */
async function assertSwatchesStandOut(page) {
  const ratios = await page.evaluate(() => {
    const rgb = (s) => s.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => {
      const c = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * c(r) + 0.7152 * c(g) + 0.0722 * c(b);
    };
    const bg = lum(rgb(getComputedStyle(document.body).backgroundColor));
    return [...document.querySelectorAll('[data-testid=legend-item]:not([data-class=ReportedTotal]) .swatch')].map((s) => {
      const l = lum(rgb(getComputedStyle(s).backgroundColor));
      return [s.parentElement.dataset.class, (Math.max(l, bg) + 0.05) / (Math.min(l, bg) + 0.05)];
    });
  });
  assert.ok(ratios.length >= 5, JSON.stringify(ratios));
  for (const [cls, ratio] of ratios) assert.ok(ratio >= 3, `${cls}: ${ratio.toFixed(2)}:1 on the dark background`);
}

const VIEWS = [
  ['the default view', '', { width: 1280, height: 900 }, null],
  ['a province', '?region=52', { width: 1280, height: 900 }, '52'],
  ['a prefecture', '?region=5223&sel=522301', { width: 1280, height: 900 }, '5223'],
  ['the English page', '?region=5223&lang=en&mode=deadline', { width: 1280, height: 900 }, '5223'],
  ['presentation mode', '?present=1&interval=600', { width: 1920, height: 1080 }, null],
  ['the embed', '?region=5223&embed=1', { width: 800, height: 600 }, '5223'],
  ['a 360 px phone', '?region=52', { width: 360, height: 740 }, '52'],
];

for (const [what, query, viewport, focus] of VIEWS) {
  test(`axe-core: no violations on ${what}`, { timeout: 120_000 }, () =>
    session(viewport, async ({ page }) => {
      await page.goto(new URL(query, app.server.url).href);
      await ready(page, focus);
      await assertAxeClean(page, what);
      if (query.includes('present=1')) await assertSwatchesStandOut(page);
    }));
}

test('axe-core: no violations on the deadline board with a region opened', { timeout: 120_000 }, () =>
  session({ width: 1280, height: 900 }, async ({ page }) => {
    await page.goto(new URL('?lang=zh', app.server.url).href);
    await ready(page);
    const board = page.locator('[data-testid=deadline-board]');
    await board.waitFor();
    await board.scrollIntoViewIfNeeded();
    await assertAxeClean(page, 'the deadline board');
  }));

test('axe-core: no violations on the import panel with both reports open, nor on the value step', { timeout: 240_000 }, () =>
  session({ width: 1280, height: 1000 }, async ({ page }) => {
    await page.goto(new URL('?region=522301&lang=en', app.server.url).href);
    await ready(page);
    await page.setInputFiles('[data-testid=stations-file]', fixture('good', 'stations_gbk.csv'));
    await page.locator('[data-testid=join-report]').waitFor({ timeout: 120_000 });
    await page.setInputFiles('[data-testid=boundaries-file]', fixture('boundaries', 'good.geojson'));
    await page.locator('[data-testid=boundary-report]').waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => !document.querySelector('.import-progress'), null, { timeout: 120_000 });
    await page.evaluate(() => document.querySelectorAll('.import details').forEach((d) => { d.open = true; }));
    await assertAxeClean(page, 'the import panel with both reports');

    await page.goto(new URL('?region=522326', app.server.url).href);
    await ready(page);
    await page.setInputFiles('[data-testid=stations-file]', fixture('bureaus', 'wangmo_tab_gb18030.txt'));
    const step = page.locator('[data-testid=value-step]');
    await step.waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => !document.querySelector('.import-progress'), null, { timeout: 120_000 });
    assert.equal(await step.evaluate((d) => d.open), true);
    await assertAxeClean(page, 'the value step');
  }));

const status = (page) => page.$eval('[data-testid=map-status]', (s) => ({ ...s.dataset }));
const announced = (page) => page.locator('[data-testid=map-announce]').innerText();

test('the map walks by keyboard: arrows move a visible focus, Enter opens, Esc goes up, Home returns; a live region says where', { timeout: 180_000 }, () =>
  session({ width: 1280, height: 900 }, async ({ page }) => {
    await page.goto(new URL('?region=52', app.server.url).href);
    await ready(page, '52');
    const canvas = page.locator('[data-testid=map-canvas]');
    // The label follows the page's language; the summary under the map describes it.
    assert.equal(await canvas.getAttribute('aria-label'), '贵州省乡镇社工站覆盖地图');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.equal(await canvas.getAttribute('aria-describedby'), 'map-summary map-keys');
    assert.match(await page.locator('[data-testid=map-summary]').innerText(), /^贵州省乡镇社工站覆盖：至少\d+个已覆盖/);
    const live = page.locator('[data-testid=map-announce]');
    assert.equal(await live.getAttribute('aria-live'), 'polite');

    await canvas.focus();
    await page.keyboard.press('ArrowRight');
    const first = (await status(page)).pointed;
    assert.match(first, /^52\d{4}$/, 'a county of 贵州 has the keyboard');
    assert.match(await announced(page), /^\S+，/);
    await page.keyboard.press('ArrowRight');
    const second = (await status(page)).pointed;
    assert.notEqual(second, first, '→ moved the focus');
    await page.keyboard.press('ArrowLeft');
    assert.notEqual((await status(page)).pointed, second, '← moved it back west');
    await page.keyboard.press('ArrowRight');
    assert.equal((await status(page)).pointed, second);
    const line = await announced(page);
    assert.ok(line.length > 3, line);
    await page.screenshot({ path: path.join(SHOTS, 'keyboard-focus.png') });

    // Enter opens the county; the live region reads the new view's summary.
    await page.keyboard.press('Enter');
    await ready(page, second);
    await page.waitForFunction(() => /乡镇社工站覆盖地图/.test(document.querySelector('[data-testid=map-announce]').innerText));
    assert.equal((await status(page)).pointed, '');
    // Esc goes up (to the county's prefecture), Home returns to the country.
    await page.keyboard.press('Escape');
    await ready(page, second.slice(0, 4));
    await page.keyboard.press('Home');
    await ready(page, '');
    assert.match(await announced(page), /^全国乡镇社工站覆盖地图 全国乡镇社工站覆盖/);
    // At the country the four municipalities are named as people name them.
    await page.keyboard.press('ArrowUp');
    assert.ok((await status(page)).pointed.length === 4);

    // In English, the label and the summary are English.
    await page.goto(new URL('?region=5223&lang=en', app.server.url).href);
    await ready(page, '5223');
    assert.equal(await canvas.getAttribute('aria-label'), 'Township social-work station coverage: 黔西南布依族苗族自治州');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.match(await page.locator('[data-testid=map-summary]').innerText(), /^黔西南布依族苗族自治州, township station coverage: 101\/140 \(72%\)/);
  }));

test('the table and search name the municipalities, not 市辖区', { timeout: 120_000 }, () =>
  session({ width: 1280, height: 900 }, async ({ page }) => {
    await page.goto(new URL('', app.server.url).href);
    await ready(page);
    const table = await page.locator('[data-testid=region-table]').innerText();
    assert.doesNotMatch(table, /市辖区/);
    for (const name of ['北京市', '天津市', '上海市', '重庆市']) assert.ok(table.includes(name), `table lacks ${name}`);
    assert.ok(table.includes('河南省直辖'), 'province-administered counties are named after their province');
    // Search lists 1101 by the municipality's name; a district of 北京 shows one 北京市 in its trail.
    const search = page.locator('[data-testid=search]');
    await search.fill('1101');
    assert.match(await page.locator('.search-results li').first().innerText(), /^北京市/);
    await search.fill('110101');
    await search.press('Enter');
    await ready(page, '110101');
    assert.deepEqual(await page.locator('[data-testid=breadcrumbs] ol button').allInnerTexts(), ['全国', '北京市', '东城区']);
  }));

test('a 360 px phone taps to select, zooms by buttons and by pinch, and taps again to open', { timeout: 180_000 }, async () => {
  const context = await app.browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const problems = trackPageProblems(page);
  try {
    await page.goto(new URL('?region=52', app.server.url).href);
    await ready(page, '52');
    const canvas = page.locator('[data-testid=map-canvas]');
    const box = await canvas.boundingBox();
    assert.ok(box.width >= 340 && box.height >= 300, `the map is ${box.width}×${box.height}`);
    const middle = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await page.touchscreen.tap(middle.x, middle.y);
    await page.waitForFunction(() => document.querySelector('[data-testid=map-status]').dataset.pointed !== '');
    const tapped = (await status(page)).pointed;
    assert.equal((await status(page)).selected, tapped, 'a tap selects');
    assert.equal((await status(page)).focus, '52', 'a first tap does not open');
    assert.ok((await announced(page)).length > 3);

    await page.locator('[data-testid=zoom-in]').tap();
    await page.waitForFunction(() => document.querySelector('[data-testid=map-status]').dataset.zoom === '2.00');
    // A pinch spreads two fingers apart: the map magnifies further.
    const cdp = await context.newCDPSession(page);
    const touch = (type, spread) => cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: type === 'touchEnd' ? [] : [
        { x: middle.x - spread, y: middle.y, id: 1 },
        { x: middle.x + spread, y: middle.y, id: 2 },
      ],
    });
    await touch('touchStart', 30);
    for (const spread of [40, 50, 60]) await touch('touchMove', spread);
    await touch('touchEnd', 0);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=map-status]').dataset.zoom) > 3);
    await page.screenshot({ path: path.join(SHOTS, 'phone-360-zoomed.png') });

    await page.locator('[data-testid=zoom-reset]').tap();
    await page.waitForFunction(() => document.querySelector('[data-testid=map-status]').dataset.zoom === '1.00');
    await page.touchscreen.tap(middle.x, middle.y);
    await ready(page, tapped);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
