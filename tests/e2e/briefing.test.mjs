// The briefing display (presentation mode) on a wall at 1920×1080 and 3840×2160: every text
// node is measured, none under the display's floor (24 px at 1080 lines, scaled with the
// screen) and none outside the viewport or cut by a box that clips it; the tiles, verdict,
// dark chart and riskiest rows are there in the display's language; a presenter's remote
// (PageDown, PageUp, space) steps and pauses the tour. Screenshots of each are saved.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { repoRoot, serveAppForTests, trackPageProblems } from '../../scripts/lib.mjs';

const SHOTS = path.join(repoRoot, 'screenshots');
const app = serveAppForTests({ before, after, shots: SHOTS });

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

/** Every visible text node's rendered font size and box, and the problems found. */
function measureText(floorPx) {
  const W = window.innerWidth, H = window.innerHeight;
  const problems = [];
  let measured = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const words = node.textContent.trim();
    const el = node.parentElement;
    if (!words || !el || ['SCRIPT', 'STYLE', 'TITLE', 'desc'].includes(el.tagName)) continue;
    if (el.closest('title, desc, option')) continue;
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    // Visually hidden text (kept for screen readers) is clipped to a 1 px box.
    if (r.width <= 1 || r.height <= 1) continue;
    let hidden = false;
    for (let a = el; a; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.clip === 'rect(0px, 0px, 0px, 0px)' || cs.clipPath === 'inset(50%)') { hidden = true; break; }
    }
    if (hidden) continue;
    measured += 1;
    // SVG text is drawn at its font size times the scale to the screen (rotation kept apart).
    const ctm = el instanceof SVGElement ? el.getScreenCTM() : null;
    const scale = ctm ? Math.hypot(ctm.a, ctm.b) : 1;
    const size = parseFloat(getComputedStyle(el).fontSize) * scale;
    const what = `"${words.slice(0, 40)}" (${el.tagName.toLowerCase()}.${el.className?.baseVal ?? el.className})`;
    if (size < floorPx - 0.05) problems.push(`${what}: ${size.toFixed(1)} px < ${floorPx} px`);
    const tol = 1.5;
    if (r.left < -tol || r.top < -tol || r.right > W + tol || r.bottom > H + tol) {
      problems.push(`${what}: box ${r.left.toFixed(0)},${r.top.toFixed(0)}–${r.right.toFixed(0)},${r.bottom.toFixed(0)} outside ${W}×${H}`);
    }
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
      const b = a.getBoundingClientRect();
      if (r.left < b.left - tol || r.top < b.top - tol || r.right > b.right + tol || r.bottom > b.bottom + tol) {
        problems.push(`${what}: cut by ${a.tagName.toLowerCase()}.${a.className}`);
        break;
      }
    }
  }
  return { measured, problems };
}

const VIEWS = [
  ['nation', '?present=1&interval=600', ''],
  ['52', '?present=1&interval=600&region=52&sel=52', '52'],
  ['5223', '?present=1&interval=600&region=5223&sel=5223', '5223'],
];

for (const [w, h, tag] of [[1920, 1080, '1080'], [3840, 2160, '4k']]) {
  for (const lang of ['zh', 'en']) {
    test(`the display at ${w}×${h} (${lang}) keeps every text node at or over ${24 * h / 1080} px and inside the screen`, { timeout: 240_000 }, async () => {
      const context = await app.browser.newContext({ viewport: { width: w, height: h }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      const pageProblems = trackPageProblems(page);
      try {
        for (const [name, query, focus] of VIEWS) {
          await page.goto(new URL(`${query}&lang=${lang}`, app.server.url).href);
          await ready(page, focus);
          await page.locator('[data-testid=display-tiles]').waitFor();
          await page.evaluate(() => document.fonts.ready);
          // Saved before the checks, so a failing layout leaves its picture to look at.
          if (lang === 'zh') await page.screenshot({ path: path.join(SHOTS, `display-${tag}-${name}.png`) });
          const { measured, problems } = await page.evaluate(measureText, 24 * h / 1080);
          assert.ok(measured > 30, `only ${measured} text nodes measured in ${name}`);
          assert.deepEqual(problems, [], `${name} at ${w}×${h} ${lang}`);
          // The map is the largest element on the wall.
          const areas = await page.evaluate(() => {
            const area = (s) => { const r = document.querySelector(s)?.getBoundingClientRect(); return r ? r.width * r.height : 0; };
            return { map: area('[data-testid=map-canvas]'), display: area('[data-testid=display]'), chart: area('.display-chart'), board: area('[data-testid=display-board]') };
          });
          assert.ok(areas.map > areas.chart && areas.map > areas.board && areas.map > 0.35 * w * h, JSON.stringify(areas));
          const tiles = await page.$$eval('[data-testid=display-tiles] .tile', (ts) => ts.map((t) => t.dataset.tile));
          // Every view has its verdict as a sixth tile: 贵州, without a target of its own, is
          // judged against the nation's.
          assert.deepEqual(tiles, ['covered', 'stations', 'deadline', 'months', 'pace', 'verdict'], name);
          const label = await page.locator('[data-tile=covered] .tile-label').innerText();
          assert.equal(label, lang === 'zh' ? '已覆盖乡镇' : 'Townships covered');
        }
        const value = await page.locator('[data-tile=covered] .tile-value').innerText();
        assert.equal(value, '101/140', 'the last view is 黔西南');
        await page.locator('[data-testid=progress-chart][data-code="5223"]').waitFor();
        const bg = await page.$eval('[data-testid=progress-chart] svg rect', (r) => r.getAttribute('fill'));
        assert.equal(bg.toUpperCase(), '#0B0F17', 'the chart is drawn for the dark screen');
        assert.deepEqual(pageProblems, []);
      } finally {
        await context.close();
      }
    });
  }
}

test('a presenter\'s remote steps the tour with PageDown and PageUp and pauses it with space; the heads-up line says where it is', { timeout: 120_000 }, async () => {
  const context = await app.browser.newContext({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  try {
    await page.goto(new URL('?present=1&interval=3', app.server.url).href);
    await ready(page, null);
    const step = page.locator('[data-testid=presentation-step]');
    await page.keyboard.press('Space');
    assert.match(await page.locator('.hud-state').innerText(), /已暂停/);
    const [, total] = (await step.innerText()).match(/^1 \/ (\d+)$/);
    assert.ok(Number(total) > 3, total);
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    assert.equal(await step.innerText(), `3 / ${total}`);
    await page.keyboard.press('PageUp');
    assert.equal(await step.innerText(), `2 / ${total}`);
    await page.keyboard.press('Space');
    assert.match(await page.locator('.hud-state').innerText(), /自动轮播/);
  } finally {
    await context.close();
  }
});

/** How many pixels of the base map canvas are exactly `hex` (#rrggbb). */
function mapPixelsOf(page, hex) {
  return page.evaluate((hex) => {
    const c = document.querySelector('[data-testid=map-canvas]');
    const off = document.createElement('canvas');
    off.width = c.width;
    off.height = c.height;
    const ctx = off.getContext('2d');
    ctx.drawImage(c, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] === 255 && d[i] === want[0] && d[i + 1] === want[1] && d[i + 2] === want[2]) n += 1;
    }
    return n;
  }, hex);
}

// The neighbours' grey comes from core's paint palette (core/src/draw/paint.rs): on the dark
// display it is style::dark's DARK_CONTEXT, the colour its contrast test checks; on the page,
// the light palette's context fill. Each map shows one and not the other.
test('the canvas paints the neighbours in core\'s palette: DARK_CONTEXT on the display, the light grey on the page', { timeout: 120_000 }, async () => {
  const [DARK_CONTEXT, PAGE_CONTEXT] = ['#161d2a', '#f3f1ec'];
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  try {
    await page.goto(new URL('?present=1&interval=600&region=52', app.server.url).href);
    await ready(page, '52');
    const dark = { dark: await mapPixelsOf(page, DARK_CONTEXT), light: await mapPixelsOf(page, PAGE_CONTEXT) };
    assert.ok(dark.dark > 2000 && dark.light === 0, `display: ${JSON.stringify(dark)}`);
    await page.goto(new URL('?region=52', app.server.url).href);
    await ready(page, '52');
    const light = { dark: await mapPixelsOf(page, DARK_CONTEXT), light: await mapPixelsOf(page, PAGE_CONTEXT) };
    assert.ok(light.light > 2000 && light.dark === 0, `page: ${JSON.stringify(light)}`);
  } finally {
    await context.close();
  }
});
