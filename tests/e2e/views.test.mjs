// Browser tests of the views and controls of the built app (dist/): map modes and legend,
// bin schemes, drill-down and history, the time slider, search, table/map selection,
// URL state and a colour-vision check. Run by `cargo xtask test` as `node --test tests/e2e/`.
//
// Page contract used here (src/app.rs, src/panels/table.rs, src/panels/search.rs, src/state/url.rs):
// [data-testid=mode-coverage|mode-rating|mode-deadline] (role=radio, aria-checked);
// [data-testid=map-status] data-state, data-focus, data-selected, data-mode, data-date,
// data-shapes-drawn, data-townships-drawn, data-styles ("Class[/r]:n,..."), data-restyles;
// [data-testid=legend] h2 + [data-testid=legend-item][data-class] .label .count;
// [data-testid=scheme] select; [data-testid=time-slider] (months since 2019-12, 湖南's figure, the earliest dated; max = latest);
// [data-testid=time-label]; [data-testid=region-panel] [data-testid=region-coverage],
// [data-testid=undated-note]; [data-testid=search] + [data-testid=search-result][data-code];
// [data-testid=region-table] tr[data-code][aria-selected] with .open; [data-testid=up];
// [data-testid=breadcrumbs] ol button; [data-testid=lang]; [data-testid=map-canvas];
// [data-testid=tooltip]. URL: ?region=&sel=&mode=&scheme=&date=&lang=.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  applyVisionFilter,
  repoRoot,
  trackPageProblems,
  serveAppForTests,
} from '../../scripts/lib.mjs';

const SHOTS = path.join(repoRoot, 'screenshots');
const TMP_SHOTS = path.join(repoRoot, 'target', 'screenshots');
const VIEWPORT = { width: 1280, height: 800 };
const READY_TIMEOUT = 60_000;
const TEST_TIMEOUT = 240_000;

const MODE_CLASSES = {
  coverage: ['Full', 'Bin(3)', 'Bin(2)', 'Bin(1)', 'Bin(0)', 'Zero', 'Partial', 'NoData'],
  rating: [
    'Excellent',
    'Stars(5)',
    'Stars(4)',
    'Stars(3)',
    'Stars(2)',
    'Stars(1)',
    'Unrated',
    'RatedShare(3)',
    'RatedShare(2)',
    'RatedShare(1)',
    'RatedShare(0)',
    'NoData',
  ],
  deadline: ['Overdue', 'DeadlinePassedNoFigure', 'AtRisk', 'PaceUnknown', 'OnTrack', 'Met', 'DenominatorNeeded', 'NoDeadline', 'NoTarget'],
};
const MODE_TITLES = {
  zh: { coverage: '乡镇社工站覆盖率', rating: '星级评定', deadline: '全覆盖期限进度' },
  en: { coverage: 'Township station coverage', rating: 'Star rating', deadline: 'Full-coverage deadline' },
};
/** Classes a mode may show besides its own: the hatched "reported total only" key. */
const SHARED_CLASSES = ['ReportedTotal'];
const FIXED_BIN_LABELS = ['0%–<25%', '25%–<50%', '50%–<75%', '75%–<100%'];

const app = serveAppForTests({ before, after, shots: SHOTS });
before(() => fs.mkdirSync(TMP_SHOTS, { recursive: true }));

// ---------------------------------------------------------------------------------------------
// Helpers

async function open(query = '') {
  const context = await app.browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = trackPageProblems(page);
  await page.goto(new URL(query, app.server.url).href, { waitUntil: 'load' });
  return { context, page, errors };
}

/** Runs `fn(session)`; on failure saves target/screenshots/fail-views-NAME.png and rethrows. */
async function withPage(name, query, fn) {
  const session = await open(query);
  try {
    await fn(session);
    assert.deepEqual(session.errors, [], 'no console errors, page errors or failed requests');
  } catch (err) {
    const file = path.join(TMP_SHOTS, `fail-views-${name}.png`);
    await session.page.screenshot({ path: file }).catch(() => {});
    const st = await status(session.page).catch(() => null);
    err.message += `\n  url: ${session.page.url()}\n  map-status: ${JSON.stringify(st)}\n  page errors: ${JSON.stringify(
      session.errors,
    )}\n  screenshot: ${file}`;
    throw err;
  } finally {
    await session.context.close();
  }
}

function status(page) {
  return page.$eval('[data-testid=map-status]', (s) => ({ ...s.dataset }));
}

function nextFrames(page) {
  return page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
  );
}

/**
 * Polls map-status until `pred(status)` holds; fails with `what` and the last status otherwise.
 * Also fails at once on data-state=error. Returns the status, after two more frames.
 */
async function waitStatus(page, pred, what, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let st = null;
  for (;;) {
    st = await status(page).catch(() => null);
    if (st?.state === 'error') {
      const msg = await page
        .locator('[data-testid=load-error]')
        .textContent()
        .catch(() => '(no load-error element)');
      assert.fail(`app reported data-state=error: ${msg}`);
    }
    if (st && st.state === 'ready' && pred(st)) break;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; map-status: ${JSON.stringify(st)}`);
    await page.waitForTimeout(50);
  }
  await nextFrames(page);
  return status(page);
}

/** Ready at `focus` with something drawn. */
function waitReady(page, focus, extra = () => true) {
  return waitStatus(
    page,
    (s) => s.focus === focus && Number(s.shapesDrawn) > 0 && extra(s),
    `data-state=ready, data-focus=${JSON.stringify(focus)}`,
    READY_TIMEOUT,
  );
}

async function legend(page) {
  return page.$eval('[data-testid=legend]', (el) => ({
    title: el.querySelector('h2')?.textContent.trim() ?? null,
    items: [...el.querySelectorAll('[data-testid=legend-item]')].map((li) => ({
      cls: li.dataset.class,
      label: li.querySelector('.label')?.textContent.trim() ?? '',
      count: li.querySelector('.count')?.textContent.trim() ?? '',
    })),
  }));
}

/** "Bin(2)/r:80,Full:60" -> { 'Bin(2)/r': 80, Full: 60 }. */
function parseStyles(sig) {
  const out = {};
  for (const part of (sig || '').split(',').filter(Boolean)) {
    const i = part.lastIndexOf(':');
    out[part.slice(0, i)] = Number(part.slice(i + 1));
  }
  return out;
}

async function moveMouseOffMap(page) {
  // The side panel: far right, below the controls; never over the map canvas.
  await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5);
  await page
    .locator('[data-testid=tooltip]')
    .waitFor({ state: 'detached', timeout: 2_000 })
    .catch(() => {});
  await nextFrames(page);
}

/** SHA-1 of a screenshot of the map canvas area (base map, overlay and anything on top). */
async function canvasHash(page) {
  await moveMouseOffMap(page);
  const png = await page.locator('[data-testid=map-canvas]').screenshot();
  return crypto.createHash('sha1').update(png).digest('hex');
}

/** Clicks a mode button and waits for the restyle it causes. */
async function clickMode(page, mode) {
  const before = Number((await status(page)).restyles);
  await page.locator(`[data-testid=mode-${mode}]`).click();
  return waitStatus(
    page,
    (s) => s.mode === mode && Number(s.restyles) > before,
    `data-mode=${mode} after clicking [data-testid=mode-${mode}]`,
  );
}

async function checkedModes(page) {
  return page.$$eval('[data-testid^=mode-]', (els) =>
    Object.fromEntries(els.map((e) => [e.dataset.testid.slice(5), e.getAttribute('aria-checked')])),
  );
}

/** Code in a tooltip / card heading: "万峰林街道 522301008 · 乡镇（街道）". */
function codeIn(text) {
  const m = /(?:^|\s)(\d{2,12}) · /.exec(text || '');
  return m ? m[1] : null;
}

/** Hovers the canvas at (x, y) and returns the code named by the tooltip (or null). */
async function hoverCode(page, x, y) {
  await page.mouse.move(x, y);
  await nextFrames(page);
  const text = await page
    .$eval('[data-testid=tooltip]', (t) => t.innerText)
    .catch(() => null);
  return codeIn(text);
}

/**
 * Scans the map canvas on a grid, hovering each point; returns the points whose tooltip
 * code satisfies `want(code)`, up to `limit`. With `inset`, a point only counts when the
 * four corners of a (2*inset)-px square around it hover the same code (square inside one cell).
 */
async function findCells(page, want, { limit = 1, step = 37, inset = 0 } = {}) {
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await page.locator('[data-testid=map-canvas]').boundingBox();
  assert.ok(box && box.width > 50 && box.height > 50, `map canvas box ${JSON.stringify(box)}`);
  const found = [];
  for (let y = box.y + 20; y < box.y + box.height - 20; y += step) {
    for (let x = box.x + 20; x < box.x + box.width - 20; x += step) {
      if (y < 0 || y > VIEWPORT.height) continue;
      const code = await hoverCode(page, x, y);
      if (!code || !want(code) || found.some((f) => f.code === code)) continue;
      if (inset) {
        let same = true;
        for (const [dx, dy] of [
          [-inset, -inset],
          [inset, -inset],
          [-inset, inset],
          [inset, inset],
        ]) {
          if ((await hoverCode(page, x + dx, y + dy)) !== code) {
            same = false;
            break;
          }
        }
        if (!same) continue;
      }
      found.push({ x, y, code });
      if (found.length >= limit) return found;
    }
  }
  return found;
}

function urlParams(page) {
  return Object.fromEntries(new URL(page.url()).searchParams);
}

async function panelHeading(page) {
  return (await page.locator('[data-testid=region-panel] h3').first().innerText()).trim();
}

async function coverageText(page) {
  return (await page.locator('[data-testid=region-panel] [data-testid=region-coverage]').innerText()).trim();
}

async function selectedRows(page) {
  return page.$$eval('[data-testid=region-table] tr[data-code][aria-selected=true]', (rows) =>
    rows.map((r) => r.dataset.code),
  );
}

/** Number of non-transparent pixels on the overlay canvas (hover/selection outlines). */
function overlayInk(page) {
  return page.evaluate(() => {
    const c = document.querySelector('canvas.map-overlay');
    if (!c || !c.width || !c.height) return -1;
    const off = document.createElement('canvas');
    off.width = c.width;
    off.height = c.height;
    const ctx = off.getContext('2d');
    ctx.drawImage(c, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n += 1;
    return n;
  });
}

/**
 * Decodes a PNG (Buffer) in a blank page of `context` and returns, for each square
 * patch {x, y, r} (centre and half-size in image pixels) and each point {x, y}, statistics:
 * patches -> { distinct, lumStd, mean: [r,g,b] }, points -> [r,g,b].
 */
async function pngSamples(context, png, { patches = [], points = [] } = {}) {
  const page = await context.newPage();
  try {
    return await page.evaluate(
      async ({ b64, patches, points }) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.naturalWidth;
        c.height = img.naturalHeight;
        const ctx = c.getContext('2d');
        ctx.drawImage(img, 0, 0);
        const px = (x, y) => [...ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3)];
        const patchStats = ({ x, y, r }) => {
          const d = ctx.getImageData(Math.round(x - r), Math.round(y - r), 2 * r, 2 * r).data;
          const colours = new Set();
          const lums = [];
          const sum = [0, 0, 0];
          for (let i = 0; i < d.length; i += 4) {
            colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
            lums.push(0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2]);
            sum[0] += d[i];
            sum[1] += d[i + 1];
            sum[2] += d[i + 2];
          }
          const n = lums.length;
          const mean = lums.reduce((a, b) => a + b, 0) / n;
          const sd = Math.sqrt(lums.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
          return { distinct: colours.size, lumStd: sd, mean: sum.map((s) => Math.round(s / n)) };
        };
        return { patches: patches.map(patchStats), points: points.map((p) => px(p.x, p.y)) };
      },
      { b64: png.toString('base64'), patches, points },
    );
  } finally {
    await page.close();
  }
}

/**
 * In a PNG of the page, finds (within `box`) the centre of a 20x20 px square that is all
 * solid Full (#081d58), and of one that is hatched Bin(2): every pixel #2c7fb8 blended with
 * white, >= 25 % plain fill and >= 10 % light stripe. Returns { solid, hatched } ({x, y} or null).
 */
async function pngFind(context, png, box) {
  const page = await context.newPage();
  try {
    return await page.evaluate(
      async ({ b64, box }) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.naturalWidth;
        c.height = img.naturalHeight;
        const ctx = c.getContext('2d');
        ctx.drawImage(img, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        const at = (x, y) => (y * c.width + x) * 4;
        const FULL = [0x08, 0x1d, 0x58];
        const BIN2 = [0x2c, 0x7f, 0xb8];
        const dist = (i, [r, g, b]) => Math.hypot(d[i] - r, d[i + 1] - g, d[i + 2] - b);
        // Position t along BIN2 -> white (0 = fill, 1 = white) and distance off that segment:
        // hatch stripes are white blended over the fill (resampling blurs them).
        const toWhite = [255 - BIN2[0], 255 - BIN2[1], 255 - BIN2[2]];
        const len2 = toWhite[0] ** 2 + toWhite[1] ** 2 + toWhite[2] ** 2;
        const blend = (i) => {
          const v = [d[i] - BIN2[0], d[i + 1] - BIN2[1], d[i + 2] - BIN2[2]];
          const t = Math.max(0, Math.min(1, (v[0] * toWhite[0] + v[1] * toWhite[1] + v[2] * toWhite[2]) / len2));
          const off = Math.hypot(v[0] - t * toWhite[0], v[1] - t * toWhite[1], v[2] - t * toWhite[2]);
          return { t, off };
        };
        let solid = null;
        let hatched = null;
        const x0 = Math.max(10, Math.ceil(box.x) + 10);
        const y0 = Math.max(10, Math.ceil(box.y) + 10);
        const x1 = Math.min(c.width - 10, Math.floor(box.x + box.width) - 10);
        const y1 = Math.min(c.height - 10, Math.floor(box.y + box.height) - 10);
        for (let cy = y0; cy < y1 && !(solid && hatched); cy += 5) {
          for (let cx = x0; cx < x1 && !(solid && hatched); cx += 5) {
            let full = 0;
            let fill = 0;
            let light = 0;
            let onSegment = 0;
            for (let y = cy - 10; y < cy + 10; y++)
              for (let x = cx - 10; x < cx + 10; x++) {
                const i = at(x, y);
                if (dist(i, FULL) <= 3) full += 1;
                const { t, off } = blend(i);
                if (off <= 12) {
                  onSegment += 1;
                  if (t < 0.05) fill += 1;
                  if (t > 0.4) light += 1;
                }
              }
            if (!solid && full === 400) solid = { x: cx, y: cy };
            if (!hatched && onSegment === 400 && fill >= 100 && light >= 40) hatched = { x: cx, y: cy };
          }
        }
        return { solid, hatched };
      },
      { b64: png.toString('base64'), box },
    );
  } finally {
    await page.close();
  }
}

/** CIE76 ΔE between two sRGB triples (D65). */
function deltaE(a, b) {
  const lab = ([r, g, b]) => {
    const lin = (v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    const [R, G, B] = [lin(r), lin(g), lin(b)];
    const X = (0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047;
    const Y = 0.2126 * R + 0.7152 * G + 0.0722 * B;
    const Z = (0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883;
    const f = (t) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
    return [116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))];
  };
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

/**
 * Mean colour of each visible legend swatch as rendered now (vision filter included), with
 * the "absent" items at full opacity so every class is compared at its real colour:
 * [{ cls, rgb }]. Takes its own screenshot; the page is left as it was.
 */
async function swatchColours(page, context) {
  await page.addStyleTag({ content: '.legend-items li.absent { opacity: 1 !important; }' }).then((h) =>
    h.evaluate((el) => el.setAttribute('data-swatch-probe', '')),
  );
  try {
    await nextFrames(page);
    const items = page.locator('[data-testid=legend-item]');
    const swatches = [];
    for (let i = 0; i < (await items.count()); i++) {
      const item = items.nth(i);
      const box = await item.locator('.swatch').boundingBox();
      if (box && box.width > 10 && box.height > 10) {
        swatches.push({ cls: await item.getAttribute('data-class'), x: box.x + box.width / 2, y: box.y + box.height / 2, r: 4 });
      }
    }
    const png = await page.screenshot();
    const { patches } = await pngSamples(context, png, { patches: swatches });
    return swatches.map((s, i) => ({ cls: s.cls, rgb: patches[i].mean }));
  } finally {
    await page.evaluate(() => document.querySelector('style[data-swatch-probe]')?.remove());
    await nextFrames(page);
  }
}

// ---------------------------------------------------------------------------------------------

describe('Coverage Atlas views and controls', () => {
  test('1. every mode changes the status, legend and colours (screenshots/mode-*.png)', { timeout: TEST_TIMEOUT }, () =>
    withPage('modes', '?region=52', async ({ page }) => {
      for (const region of ['52', '5205']) {
        if (region !== '52') await page.goto(new URL(`?region=${region}`, app.server.url).href);
        const first = await waitReady(page, region);
        assert.equal(first.mode, 'coverage', `?region=${region} opens in coverage mode`);
        const seen = {};
        for (const mode of ['coverage', 'rating', 'deadline', 'coverage']) {
          const st = mode === 'coverage' && !seen.coverage ? first : await clickMode(page, mode);
          assert.equal(st.mode, mode, `${region}: data-mode`);
          assert.deepEqual(
            await checkedModes(page),
            Object.fromEntries(['coverage', 'rating', 'deadline'].map((m) => [m, String(m === mode)])),
            `${region}: aria-checked of the mode buttons after choosing ${mode}`,
          );
          if (mode !== 'coverage') assert.equal(urlParams(page).mode, mode, `${region}: URL mode=`);
          else assert.equal(urlParams(page).mode, undefined, `${region}: coverage is the default, not in the URL`);
          const lg = await legend(page);
          assert.equal(lg.title, MODE_TITLES.zh[mode], `${region}: legend title in ${mode} mode`);
          const classes = lg.items.map((i) => i.cls);
          for (const c of MODE_CLASSES[mode]) {
            assert.ok(classes.includes(c), `${region} ${mode}: legend lacks data-class=${c}; has ${classes}`);
          }
          const foreign = classes.filter((c) => !MODE_CLASSES[mode].includes(c) && !SHARED_CLASSES.includes(c));
          assert.deepEqual(foreign, [], `${region} ${mode}: legend items of another mode`);
          // Legend counts add up to the shapes styled, and agree with data-styles.
          const styles = parseStyles(st.styles);
          const styled = Object.values(styles).reduce((a, b) => a + b, 0);
          assert.equal(styled, Number(st.shapesDrawn), `${region} ${mode}: data-styles counts vs data-shapes-drawn`);
          for (const item of lg.items.filter((i) => i.cls !== 'ReportedTotal')) {
            const fromStyles = (styles[item.cls] ?? 0) + (styles[`${item.cls}/r`] ?? 0);
            assert.equal(Number(item.count), fromStyles, `${region} ${mode}: legend count of ${item.cls}`);
          }
          const hash = await canvasHash(page);
          if (seen[mode]) {
            assert.equal(hash, seen[mode].hash, `${region}: back in ${mode} mode the map looks as it did`);
            assert.equal(st.styles, seen[mode].styles, `${region}: back in ${mode} mode, same data-styles`);
          } else {
            seen[mode] = { hash, styles: st.styles, classes: classes.join() };
          }
        }
        for (const [a, b] of [
          ['coverage', 'rating'],
          ['coverage', 'deadline'],
          ['rating', 'deadline'],
        ]) {
          assert.notEqual(seen[a].classes, seen[b].classes, `${region}: legend classes of ${a} vs ${b}`);
          assert.notEqual(seen[a].hash, seen[b].hash, `${region}: canvas pixels of ${a} vs ${b} mode are identical`);
        }
        if (region === '5205') {
          // 毕节: 279 stations, 1 five-star, 2 four-star, 3 优秀 -> a regional rated share.
          assert.notEqual(seen.coverage.styles, seen.rating.styles, '5205: data-styles coverage vs rating');
          assert.match(seen.rating.styles, /RatedShare\(\d\)/, '5205 rating: a RatedShare class is drawn');
          assert.doesNotMatch(seen.coverage.styles, /RatedShare|Stars|Excellent/, '5205 coverage: no rating classes');
        }
      }

      // README screenshots of the three modes, on 黔西南 (hatched reported total + full counties).
      await page.goto(new URL('?region=5223', app.server.url).href);
      await waitReady(page, '5223', (s) => Number(s.townshipsDrawn) === 140);
      for (const mode of ['coverage', 'rating', 'deadline']) {
        if (mode !== 'coverage') await clickMode(page, mode);
        await moveMouseOffMap(page);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: path.join(SHOTS, `mode-${mode}.png`) });
      }
    }));

  test(
    '1b. deadline mode classifies the regions that have a target',
    { timeout: TEST_TIMEOUT },
    () =>
      withPage('deadline', '?mode=deadline', async ({ page }) => {
        const st = await waitReady(page, '', (s) => s.mode === 'deadline');
        const styles = parseStyles(st.styles);
        assert.ok(
          Object.keys(styles).some((k) => !k.startsWith('NoTarget')),
          `country view in deadline mode draws only ${st.styles}`,
        );
        const classOf = async (code) =>
          (await page.locator(`[data-testid=region-table] tr[data-code="${code}"] td`).nth(4).innerText()).trim();
        assert.match(await classOf('3701'), /^已全覆盖/, '济南 met its 2021-12-31 full-coverage target (161/161)');
        // 101/140 as of 2023-12 against 140 by 2025-12-31, which has passed.
        assert.match(await classOf('5223'), /^已逾期/, '黔西南 missed its 2025-12-31 target (101/140 as of 2023-12)');
        const legendCounts = Object.fromEntries((await legend(page)).items.map((i) => [i.cls, i.count]));
        assert.ok(Number(legendCounts.Met) >= 1 && Number(legendCounts.Overdue) >= 1, `legend counts ${JSON.stringify(legendCounts)}`);
      }),
  );

  test('2. bin scheme: quantile/equal re-cut the bins only when the view has >= 2 inner values', { timeout: TEST_TIMEOUT }, () =>
    withPage('scheme', '', async ({ page }) => {
      const st0 = await waitReady(page, '');
      const scheme = page.locator('[data-testid=scheme]');
      assert.equal(await scheme.inputValue(), 'fixed', 'default scheme');
      const fixed = await legend(page);
      const binLabels = (lg) => ['Bin(0)', 'Bin(1)', 'Bin(2)', 'Bin(3)'].map((c) => lg.items.find((i) => i.cls === c)?.label);
      assert.deepEqual(binLabels(fixed), FIXED_BIN_LABELS, 'fixed bins are 0/25/50/75');

      // The percentages the bins are cut from: regions in view with a known n/m strictly
      // between 0 and 100 % (the table's "covered/townships" column, exact, not the rounded %).
      const inner = await page.$$eval('[data-testid=region-table] tr[data-code]', (rows) => {
        const values = new Set();
        for (const r of rows) {
          const m = /^(\d+)\/(\d+)$/.exec(r.cells[2].textContent.trim());
          if (!m) continue;
          const pct = (100 * Number(m[1])) / Number(m[2]);
          if (pct > 0 && pct < 100) values.add(pct);
        }
        return [...values].sort((a, b) => a - b);
      });
      console.log(`# country view: ${inner.length} distinct inner coverage value(s): ${inner.map((v) => v.toFixed(2))}`);

      for (const key of ['quantile', 'equal']) {
        const before = Number((await status(page)).restyles);
        await scheme.selectOption(key);
        const st = await waitStatus(page, (s) => Number(s.restyles) > before, `a restyle after choosing scheme=${key}`);
        assert.equal(urlParams(page).scheme, key, `URL scheme= after choosing ${key}`);
        assert.equal(await scheme.inputValue(), key, 'select value');
        const lg = await legend(page);
        if (inner.length < 2) {
          // A quantile of fewer than two values says nothing: the page keeps the fixed bins.
          assert.deepEqual(binLabels(lg), FIXED_BIN_LABELS, `${key} with ${inner.length} inner value(s) keeps fixed bins`);
          assert.equal(st.styles, st0.styles, `${key} with < 2 inner values: same classes drawn`);
        } else {
          assert.notDeepEqual(binLabels(lg), FIXED_BIN_LABELS, `${key} with ${inner.length} inner values re-cuts the bins`);
          const lowest = `${Math.round(inner[0])}%`;
          assert.ok(binLabels(lg).some((l) => l.includes(lowest)), `${key} bins start at the lowest value ${lowest}`);
        }
      }
      // The scheme only applies to coverage: hidden in the other modes, the choice kept.
      await clickMode(page, 'rating');
      assert.equal(
        await scheme.evaluate((el) => getComputedStyle(el.closest('label')).visibility),
        'hidden',
        'scheme control hidden in rating mode',
      );
      await clickMode(page, 'coverage');
      assert.equal(await scheme.inputValue(), 'equal', 'scheme kept across modes');
      assert.equal(
        await scheme.evaluate((el) => getComputedStyle(el.closest('label')).visibility),
        'visible',
        'scheme control visible in coverage mode',
      );
    }));

  /**
   * From the country view, opens `path` (region codes) one after the other by the table's
   * `.open` buttons down to 黔西南 (5223); selects a township by its row and by the map; goes
   * back up by [data-testid=up] and the breadcrumbs; then back through the browser history.
   */
  async function drillDownAndBack(page, path) {
    await waitReady(page, '');
    for (const code of path) {
      const focus = (await status(page)).focus;
      const row = page.locator(`[data-testid=region-table] tr[data-code="${code}"]`);
      assert.equal(await row.count(), 1, `table row tr[data-code="${code}"] in the ${JSON.stringify(focus)} view`);
      await row.locator('.open').click();
      const st = await waitReady(page, code);
      assert.equal(st.selected, '', `opening ${code} selects nothing`);
      assert.equal(urlParams(page).region, code, `URL region=${code}`);
    }
    assert.equal((await status(page)).focus, '5223', 'the path ends at 黔西南');
    assert.match(await panelHeading(page), /^黔西南布依族苗族自治州 5223/, 'panel shows the focus');

    // A township row: selected, shown in the panel.
    const row = page.locator('[data-testid=region-table] tr[data-code="522301008"]');
    await row.locator('td').first().click();
    let s = await waitStatus(page, (x) => x.selected === '522301008', 'data-selected=522301008 after clicking its row');
    assert.match(s.selected, /^\d{9}$/, 'a 9-digit township code is selected');
    assert.equal(s.focus, '5223', 'selecting a township keeps the view');
    assert.match(await panelHeading(page), /^万峰林街道 522301008/, 'panel shows the township');
    assert.match(await coverageText(page), /已建站/, 'panel says the township has a station (兴义市 is fully covered)');

    // A map cell (found by its tooltip): selects that township.
    const [cell] = await findCells(page, (c) => /^\d{9}$/.test(c) && c !== '522301008');
    assert.ok(cell, 'hovering the 黔西南 map found no township cell');
    await page.mouse.click(cell.x, cell.y);
    s = await waitStatus(page, (x) => x.selected === cell.code, `data-selected=${cell.code} after clicking its cell`);
    assert.equal(s.focus, '5223', 'clicking a township cell selects it, the view stays');
    assert.ok((await panelHeading(page)).includes(cell.code), 'panel shows the clicked township');

    // Up one level, then the breadcrumb 全国.
    await page.locator('[data-testid=up]').click();
    s = await waitReady(page, '52');
    assert.equal(s.selected, '', '[data-testid=up] drops the selection');
    assert.equal(urlParams(page).region, '52');
    const crumbs = page.locator('[data-testid=breadcrumbs] ol button');
    assert.deepEqual(
      (await crumbs.allInnerTexts()).map((t) => t.trim()),
      ['全国', '贵州省'],
      'breadcrumbs at 52',
    );
    await crumbs.filter({ hasText: '全国' }).click();
    await waitReady(page, '');
    assert.equal(new URL(page.url()).search, '', 'country view has a bare URL');
    assert.equal(await page.locator('[data-testid=up]').isDisabled(), true, 'no level above the country');

    // Browser history: back to 贵州, then to 黔西南 with the township still selected.
    await page.goBack();
    s = await waitReady(page, '52');
    assert.equal(urlParams(page).region, '52', 'back: URL region=52');
    await page.goBack();
    s = await waitReady(page, '5223');
    assert.equal(s.selected, cell.code, 'back to 黔西南: the selection comes back');
    assert.equal(urlParams(page).sel, cell.code, 'back to 黔西南: URL sel=');
    await page.goForward();
    await waitReady(page, '52');
    await page.goForward();
    await waitReady(page, '');
  }

  test('3b. drill-down country -> 黔西南 (the row the country table has), to a township and back', { timeout: TEST_TIMEOUT }, () =>
    withPage('drilldown', '', ({ page }) => drillDownAndBack(page, ['5223'])));

  test(
    '4a. time slider: 黔西南 has no figure before 2023-12 (panel follows the slider)',
    {
      timeout: TEST_TIMEOUT,
    },
    () =>
      withPage('time-slider', '?region=5223&lang=en', async ({ page }) => {
        let st = await waitReady(page, '5223');
        const slider = page.locator('[data-testid=time-slider]');
        const label = page.locator('[data-testid=time-label]');
        const max = await slider.getAttribute('max');
        assert.equal(st.date, '', 'opens on the latest figures');
        assert.equal(await slider.inputValue(), max, 'slider starts at its max ("latest")');
        assert.equal((await label.innerText()).trim(), 'as of latest (incl. undated)');
        assert.equal(await coverageText(page), '101/140 (72%) · reported total, as of 2023-12');

        await slider.fill('47');
        st = await waitStatus(page, (s) => s.date === '2023-11', 'data-date=2023-11 after slider value 47');
        assert.equal((await label.innerText()).trim(), 'as of 2023-11');
        assert.equal(urlParams(page).date, '2023-11', 'URL date=');
        assert.equal(st.styles, 'NoData:140', 'no figure at 2023-11: every township is NoData');
        assert.equal(await page.locator('[data-testid=undated-note]').count(), 0, '黔西南 has no undated figure');
        assert.equal(await coverageText(page), 'no reported figure (140 townships)', 'panel at 2023-11');

        // One step right by keyboard: 2023-12.
        await slider.focus();
        await page.keyboard.press('ArrowRight');
        st = await waitStatus(page, (s) => s.date === '2023-12', 'data-date=2023-12 after ArrowRight');
        assert.equal(await slider.inputValue(), '48');
        assert.match(st.styles, /Bin\(2\)\/r:80/, '2023-12: the 72% reported total is drawn hatched');
        assert.equal(await coverageText(page), '101/140 (72%) · reported total, as of 2023-12', 'panel at 2023-12');

        // 毕节 on a date: its undated figure is left out, with a note; "latest" brings it back.
        await page.goto(new URL('?region=5205&date=2024-01', app.server.url).href);
        await waitReady(page, '5205', (s) => s.date === '2024-01');
        const note = page.locator('[data-testid=region-panel] [data-testid=undated-note]');
        await note.waitFor({ state: 'visible', timeout: 5_000 });
        await slider.fill(max);
        st = await waitStatus(page, (s) => s.date === '', 'data-date="" at the slider max');
        assert.equal(await note.count(), 0, 'no undated note on "latest"');
        assert.match(await coverageText(page), /^279\/279 \(100%\)/, 'panel at "latest" counts the undated figure');
        assert.equal(urlParams(page).date, undefined, 'latest is not in the URL');
      }),
  );

  test('4b. ?date= shows the figures of that month; 毕节 is undated', { timeout: TEST_TIMEOUT }, () =>
    withPage('time-url', '?region=5223&date=2023-11&lang=en', async ({ page }) => {
      const slider = page.locator('[data-testid=time-slider]');
      const label = page.locator('[data-testid=time-label]');
      let st = await waitReady(page, '5223', (s) => s.date === '2023-11');
      assert.equal(await slider.inputValue(), '47', 'slider value from ?date=2023-11 (months since 2019-12)');
      assert.equal((await label.innerText()).trim(), 'as of 2023-11');
      assert.equal(st.styles, 'NoData:140', 'no figure at 2023-11: every township is NoData');
      assert.equal(await coverageText(page), 'no reported figure (140 townships)', 'panel at 2023-11');
      assert.equal(await page.locator('[data-testid=undated-note]').count(), 0, '黔西南 has no undated figure');

      await page.goto(new URL('?region=5223&date=2023-12&lang=en', app.server.url).href);
      st = await waitReady(page, '5223', (s) => s.date === '2023-12');
      assert.equal(await slider.inputValue(), '48');
      assert.equal(st.styles, 'Bin(2)/r:80,Full:60', '2023-12: 72% reported total (hatched) + the 3 full counties');
      assert.equal(await coverageText(page), '101/140 (72%) · reported total, as of 2023-12', 'panel at 2023-12');

      await page.goto(new URL('?region=5223&date=2023-11', app.server.url).href);
      await waitReady(page, '5223', (s) => s.date === '2023-11');
      assert.equal(await coverageText(page), '无报告数据（140个乡镇）', 'zh panel at 2023-11');
      assert.equal((await label.innerText()).trim(), '截至 2023-11');

      // 毕节's figure has no year: on any date it is left out, with a note.
      await page.goto(new URL('?region=5205&date=2024-01', app.server.url).href);
      st = await waitReady(page, '5205', (s) => s.date === '2024-01');
      assert.equal(await slider.inputValue(), '49');
      assert.equal(st.styles, 'NoData:279', 'the undated 毕节 figure is not placed on 2024-01');
      const note = page.locator('[data-testid=region-panel] [data-testid=undated-note]');
      await note.waitFor({ state: 'visible', timeout: 5_000 });
      assert.match(await note.innerText(), /未注明年份/);
      assert.equal(await coverageText(page), '无报告数据（279个乡镇）');

      // Without a date ("latest") the undated figure counts and there is no note.
      await page.goto(new URL('?region=5205', app.server.url).href);
      st = await waitReady(page, '5205', (s) => s.date === '');
      assert.equal(await slider.inputValue(), await slider.getAttribute('max'), 'no date = slider at its max');
      assert.equal(st.styles, 'Full:279');
      assert.equal(await note.count(), 0, 'no undated note on "latest"');
      assert.match(await coverageText(page), /^279\/279 \(100%\)/);
    }));

  test('5. search finds 万峰林街道 and tells the two 万峰林 apart', { timeout: TEST_TIMEOUT }, () =>
    withPage('search', '', async ({ page }) => {
      await waitReady(page, '');
      const box = page.locator('[data-testid=search]');
      const results = page.locator('[data-testid=search-result]');
      const resultMap = async () =>
        Object.fromEntries(
          await results.evaluateAll((els) => els.map((e) => [e.dataset.code, e.textContent.trim()])),
        );

      // The page carries no pinyin table: the publication's pinyin file is fetched on the first
      // search, not before.
      const fetchedPinyin = () =>
        page.evaluate(() =>
          performance.getEntriesByType('resource').some((e) => /\/data\/pinyin-[0-9a-f]{16}\.txt$/.test(e.name)),
        );
      assert.equal(await fetchedPinyin(), false, 'no pinyin file before the first search');

      await box.click();
      await page.keyboard.type('万峰林街道');
      await results.first().waitFor({ timeout: 10_000 });
      let hits = await resultMap();
      assert.ok(hits['522301008'], `"万峰林街道" lists 522301008; got ${JSON.stringify(hits)}`);
      assert.match(hits['522301008'], /兴义市/, 'result names its county');

      for (const typed of ['wanfenglinjiedao', 'wfljd']) {
        await box.fill(typed);
        await page.waitForFunction(
          () => [...document.querySelectorAll('[data-testid=search-result]')].some((e) => e.dataset.code === '522301008'),
          null,
          { timeout: 10_000 },
        );
      }
      assert.equal(await fetchedPinyin(), true, 'the pinyin file was fetched for the search');

      await box.fill('万峰林');
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid=search-result]').length >= 2,
        null,
        { timeout: 10_000 },
      );
      hits = await resultMap();
      assert.ok(hits['522301008'] && hits['445103400'], `"万峰林" lists both; got ${JSON.stringify(hits)}`);
      assert.match(hits['522301008'], /兴义市.*黔西南/);
      assert.match(hits['445103400'], /潮安区.*潮州市/);
      assert.notEqual(
        hits['522301008'].replace(/^\S+/, ''),
        hits['445103400'].replace(/^\S+/, ''),
        'the two results differ in their context',
      );

      // Keyboard: ArrowDown + Enter picks the highlighted second result.
      const second = await results.nth(1).getAttribute('data-code');
      await box.press('ArrowDown');
      assert.equal(await results.nth(1).getAttribute('aria-selected'), 'true', 'ArrowDown highlights the 2nd result');
      await box.press('Enter');
      let st = await waitReady(page, second.slice(0, 6), (s) => s.selected === second);
      assert.equal(st.selected, second, 'Enter picks the highlighted result');
      assert.equal(await results.count(), 0, 'results close after a pick');

      // Mouse: pick 522301008 -> its county view with the township selected.
      await box.fill('万峰林');
      const pick = page.locator('[data-testid=search-result][data-code="522301008"]');
      await pick.waitFor({ timeout: 10_000 });
      await pick.click();
      st = await waitReady(page, '522301', (s) => s.selected === '522301008');
      assert.equal(st.focus, '522301');
      assert.equal(st.selected, '522301008');
      assert.deepEqual(urlParams(page), { region: '522301', sel: '522301008' }, 'URL after the pick');
      assert.match(await panelHeading(page), /^万峰林街道 522301008/);
      assert.deepEqual(await selectedRows(page), ['522301008'], 'its table row is selected');
      assert.equal(await box.inputValue(), '', 'the search box is cleared after a pick');
    }));

  test('6. table and map selection stay in step', { timeout: TEST_TIMEOUT }, () =>
    withPage('selection', '?region=5223', async ({ page }) => {
      await waitReady(page, '5223', (s) => Number(s.townshipsDrawn) === 140);
      await moveMouseOffMap(page);
      assert.equal(await overlayInk(page), 0, 'nothing outlined before a selection');
      assert.deepEqual(await selectedRows(page), [], 'no row selected at first');
      assert.equal(await page.locator('[data-testid=region-table] tr[data-code]').count(), 140, 'one row per township');

      // Table row click -> data-selected, URL, outline on the map.
      await page.locator('[data-testid=region-table] tr[data-code="522301008"] td').first().click();
      let st = await waitStatus(page, (s) => s.selected === '522301008', 'data-selected after a row click');
      assert.equal(urlParams(page).sel, '522301008', 'URL sel=');
      assert.deepEqual(await selectedRows(page), ['522301008']);
      assert.ok((await overlayInk(page)) > 0, 'the selected township is outlined on the map overlay');

      // Map click -> matching table row selected.
      const [cell] = await findCells(page, (c) => /^\d{9}$/.test(c) && c !== '522301008');
      assert.ok(cell, 'no township cell found by hovering the map');
      await page.mouse.click(cell.x, cell.y);
      st = await waitStatus(page, (s) => s.selected === cell.code, `data-selected=${cell.code} after a map click`);
      assert.equal(urlParams(page).sel, cell.code, 'URL sel= after a map click');
      assert.deepEqual(await selectedRows(page), [cell.code], 'the clicked cell\'s row is aria-selected, alone');
      assert.equal(st.focus, '5223');

      // Keyboard: focus another row, Enter.
      const other = cell.code === '522301001' ? '522301002' : '522301001';
      const row = page.locator(`[data-testid=region-table] tr[data-code="${other}"]`);
      await row.focus();
      await page.keyboard.press('Enter');
      st = await waitStatus(page, (s) => s.selected === other, `data-selected=${other} after Enter on its row`);
      assert.deepEqual(await selectedRows(page), [other]);
      assert.match(await panelHeading(page), new RegExp(` ${other} `), 'panel follows the keyboard selection');

      // Sorting keeps the selection.
      await page.locator('[data-testid=sort-pct]').click();
      assert.deepEqual(await selectedRows(page), [other], 'selection kept after sorting');
    }));

  test('7. a URL opens the same view, and a reload keeps it', { timeout: TEST_TIMEOUT }, () => {
    const query = '?region=5223&sel=522301008&mode=rating&scheme=quantile&date=2023-12&lang=en';
    return withPage('url-state', query, async ({ page }) => {
      const check = async (when) => {
        const st = await waitReady(page, '5223', (s) => s.selected === '522301008');
        assert.equal(st.mode, 'rating', `${when}: data-mode`);
        assert.equal(st.date, '2023-12', `${when}: data-date`);
        assert.equal(st.selected, '522301008', `${when}: data-selected`);
        assert.equal(st.townshipsDrawn, '140', `${when}: data-townships-drawn`);
        assert.equal(st.shapesDrawn, '140', `${when}: data-shapes-drawn`);
        assert.ok(parseStyles(st.styles).NoData === 140, `${when}: 黔西南 has no ratings -> NoData:140, got ${st.styles}`);
        assert.deepEqual(await checkedModes(page), { coverage: 'false', rating: 'true', deadline: 'false' }, `${when}: mode radios`);
        assert.equal(await page.locator('[data-testid=scheme]').inputValue(), 'quantile', `${when}: scheme select`);
        assert.equal(await page.locator('[data-testid=time-slider]').inputValue(), '48', `${when}: slider`);
        assert.equal((await page.locator('[data-testid=time-label]').innerText()).trim(), 'as of 2023-12', `${when}: time label`);
        assert.equal((await page.locator('[data-testid=lang]').innerText()).trim(), '中文', `${when}: lang button offers 中文`);
        assert.equal((await legend(page)).title, MODE_TITLES.en.rating, `${when}: legend title in English`);
        assert.match(await panelHeading(page), /^万峰林街道 522301008/, `${when}: panel`);
        assert.deepEqual(await selectedRows(page), ['522301008'], `${when}: selected row`);
        assert.equal(new URL(page.url()).search, query, `${when}: the URL is kept as given`);
      };
      await check('first load');
      await page.reload({ waitUntil: 'load' });
      await check('after reload');

      // Changing language rewrites the URL in place (no history entry).
      const historyLength = await page.evaluate(() => history.length);
      await page.locator('[data-testid=lang]').click();
      await page.waitForFunction(() => !location.search.includes('lang=en'));
      assert.equal((await page.locator('[data-testid=lang]').innerText()).trim(), 'English');
      assert.equal((await legend(page)).title, MODE_TITLES.zh.rating);
      assert.equal(await page.evaluate(() => history.length), historyLength, 'lang change uses replaceState');
    });
  });

  test(
    '6b. the map is hit-tested where it is drawn (canvas bitmap follows its box)',
    {
      timeout: TEST_TIMEOUT,
    },
    () =>
      withPage('canvas-size', '?region=5223', async ({ page }) => {
        await waitReady(page, '5223', (s) => Number(s.townshipsDrawn) === 140);
        const sizes = await page.evaluate(() =>
          [...document.querySelectorAll('.map-frame canvas')].map((c) => {
            const r = c.getBoundingClientRect();
            return { cls: c.className, w: c.width, h: c.height, cssW: r.width, cssH: r.height, dpr: devicePixelRatio };
          }),
        );
        assert.deepEqual(
          sizes.map((c) => c.cls),
          ['map-base', 'map-overlay', 'map-points'],
          'base, overlay and station points canvases',
        );
        for (const c of sizes) {
          assert.ok(
            Math.abs(c.w - c.cssW * c.dpr) <= 2 && Math.abs(c.h - c.cssH * c.dpr) <= 2,
            `${c.cls}: bitmap ${c.w}x${c.h} vs box ${c.cssW}x${c.cssH} at dpr ${c.dpr}`,
          );
        }
        // Behaviour: the hover outline (overlay canvas) surrounds the point under the pointer.
        // Hovering changes no layout, unlike a click (which changes the panel and so the row
        // height). Cells low on the map show a stretched bitmap most.
        const all = await findCells(page, (c) => /^\d{9}$/.test(c), { limit: 200, step: 53 });
        const cells = all.sort((a, b) => b.y - a.y).slice(0, 3);
        assert.ok(cells.length >= 2, 'found township cells by hovering');
        for (const cell of cells) {
          await page.evaluate(() => window.scrollTo(0, 0));
          assert.equal(await hoverCode(page, cell.x, cell.y), cell.code, `hovering ${cell.code} again`);
          const { box, ink } = await page.evaluate(() => {
            const c = document.querySelector('canvas.map-overlay');
            const r = c.getBoundingClientRect();
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
            for (let y = 0; y < c.height; y++)
              for (let x = 0; x < c.width; x++)
                if (d[(y * c.width + x) * 4 + 3] > 0) {
                  x0 = Math.min(x0, x);
                  y0 = Math.min(y0, y);
                  x1 = Math.max(x1, x);
                  y1 = Math.max(y1, y);
                }
            const sx = r.width / c.width;
            const sy = r.height / c.height;
            return {
              box: { x: r.x, y: r.y },
              ink: { x0: r.x + x0 * sx, y0: r.y + y0 * sy, x1: r.x + x1 * sx, y1: r.y + y1 * sy },
            };
          });
          assert.ok(ink.x1 >= 0, `no hover outline drawn for ${cell.code}`);
          assert.ok(
            cell.x >= ink.x0 && cell.x <= ink.x1 && cell.y >= ink.y0 && cell.y <= ink.y1,
            `pointer on ${cell.code} at (${cell.x.toFixed(0)}, ${cell.y.toFixed(0)}) but its hover outline is drawn at x ${ink.x0.toFixed(0)}–${ink.x1.toFixed(0)}, y ${ink.y0.toFixed(0)}–${ink.y1.toFixed(0)} (canvas at ${box.x}, ${box.y})`,
          );
        }
      }),
  );

  test(
    '6c. selecting a township on the map keeps the map in view',
    {
      timeout: TEST_TIMEOUT,
    },
    () =>
      withPage('map-stays', '?region=5223', async ({ page }) => {
        await waitReady(page, '5223', (s) => Number(s.townshipsDrawn) === 140);
        const [cell] = await findCells(page, (c) => /^\d{9}$/.test(c));
        assert.ok(cell, 'no township cell found by hovering the map');
        const before = await page.locator('[data-testid=map-canvas]').boundingBox();
        await page.mouse.click(cell.x, cell.y);
        await waitStatus(page, (s) => s.selected === cell.code, `data-selected=${cell.code}`);
        await page.waitForTimeout(300);
        const afterBox = await page.locator('[data-testid=map-canvas]').boundingBox();
        const scrollY = await page.evaluate(() => window.scrollY);
        assert.ok(
          Math.abs(afterBox.y - before.y) < 5,
          `the map moved from y ${before.y} to ${afterBox.y} (window.scrollY ${scrollY}) after a click on it`,
        );
      }),
  );

  test('8. colour-blind and greyscale check (screenshots/mode-*-deuteranopia.png)', { timeout: TEST_TIMEOUT }, () =>
    withPage('vision', '?region=5223', async ({ page, context }) => {
      const st = await waitReady(page, '5223', (s) => Number(s.townshipsDrawn) === 140);
      assert.equal(st.styles, 'Bin(2)/r:80,Full:60', '黔西南: 80 hatched 72% cells, 60 solid full cells');
      await moveMouseOffMap(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      const mapBox = await page.locator('[data-testid=map-canvas]').boundingBox();

      // On the unfiltered page, a 20x20 px square of solid Full (#081d58) and one of hatched
      // Bin(2) (#2c7fb8 with light stripes), found by their pixels (not by hit-testing).
      const plain = await page.screenshot();
      const found = await pngFind(context, plain, mapBox);
      console.log(`# plain: solid square at ${JSON.stringify(found.solid)}, hatched square at ${JSON.stringify(found.hatched)}`);
      assert.ok(found.solid, 'no 20x20 px square of solid #081d58 (Full) on the 黔西南 map');
      assert.ok(found.hatched, 'no 20x20 px square of hatched #2c7fb8 (72% reported total) on the 黔西南 map');
      const patches = [
        { ...found.hatched, r: 10 },
        { ...found.solid, r: 10 },
      ];

      const shots = {};
      const sample = async (kind, png) => {
        shots[kind] = await swatchColours(page, context);
        return pngSamples(context, png, { patches });
      };
      await sample('normal', plain);
      for (const [kind, file] of [
        ['deuteranopia', 'mode-coverage-deuteranopia.png'],
        ['grayscale', 'mode-coverage-greyscale.png'],
      ]) {
        await applyVisionFilter(page, kind);
        await nextFrames(page);
        const png = await page.screenshot({ path: path.join(SHOTS, file) });
        const [h, s] = (await sample(kind, png)).patches;
        console.log(`# ${kind} coverage: hatched ${JSON.stringify(h)}; solid ${JSON.stringify(s)}`);
        assert.ok(h.lumStd > 8, `${kind}: the hatched cells still show stripes (luminance sd ${h.lumStd.toFixed(1)})`);
        assert.ok(s.lumStd < 2, `${kind}: the solid cells stay flat (luminance sd ${s.lumStd.toFixed(1)})`);
        const lum = ([r, g, b]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
        assert.ok(
          Math.abs(lum(h.mean) - lum(s.mean)) > 40,
          `${kind}: 72% (hatched) and full (solid) differ in lightness too: ${lum(h.mean).toFixed(0)} vs ${lum(s.mean).toFixed(0)}`,
        );
      }
      assert.equal(
        await page.evaluate(() => getComputedStyle(document.documentElement).filter),
        'grayscale(1)',
        'the simulation filter was applied',
      );
      // Legend swatches under simulation: how far apart each mode's colours stay (reported).
      const report = (mode, kind) => {
        const cols = shots[kind].filter((c) => c.cls !== 'ReportedTotal');
        const pairs = [];
        for (let i = 0; i < cols.length; i++)
          for (let j = i + 1; j < cols.length; j++) pairs.push([deltaE(cols[i].rgb, cols[j].rgb), cols[i].cls, cols[j].cls]);
        pairs.sort((a, b) => a[0] - b[0]);
        console.log(
          `# ${mode} legend swatches, ${kind}: closest pairs (CIE76 ΔE) ${pairs
            .slice(0, 5)
            .map(([d, a, b]) => `${a}~${b}=${d.toFixed(1)}`)
            .join(', ')}`,
        );
      };
      for (const kind of ['normal', 'deuteranopia', 'grayscale']) report('coverage', kind);

      // Rating mode on 毕节 (a regional rated share, hatched).
      await applyVisionFilter(page, null);
      await page.goto(new URL('?region=5205&mode=rating', app.server.url).href);
      await waitReady(page, '5205', (s) => /RatedShare/.test(s.styles));
      await moveMouseOffMap(page);
      for (const [kind, file] of [
        ['normal', null],
        ['deuteranopia', 'mode-rating-deuteranopia.png'],
        ['grayscale', 'mode-rating-greyscale.png'],
      ]) {
        await applyVisionFilter(page, kind === 'normal' ? null : kind);
        await nextFrames(page);
        if (file) await page.screenshot({ path: path.join(SHOTS, file) });
        shots[kind] = await swatchColours(page, context);
        report('rating', kind);
      }
    }));
});
