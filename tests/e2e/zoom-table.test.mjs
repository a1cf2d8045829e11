// A closer look and a long table (issue 13): the mouse wheel zooms the map about the pointer
// (ctrl/⌘ + wheel, or a plain wheel once the map has focus; otherwise the page scrolls on), a
// mouse drags a zoomed map; a table of 1,510 townships keeps only the rows near the screen in
// the page, renders later rows as it scrolls, and brings the row of a region selected on the
// map into the DOM and into view. Behaviour only: the timings are scripts/bench-interaction.mjs.
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
      return s && s.dataset.state === 'ready' && s.dataset.focus === f && Number(s.dataset.shapesDrawn) > 0;
    },
    focus,
    { timeout: 120_000 },
  );
}

async function session(url, fn) {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = trackPageProblems(page);
  try {
    await page.goto(new URL(url, app.server.url).href);
    await fn(page);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
}

/** The zoom on show: scale and shift, as map-status reports them. */
async function zoomOf(page) {
  const s = await status(page);
  const [x, y] = s.shift.split(',').map(Number);
  return { scale: Number(s.zoom), x, y };
}

const zoomNot = (page, zoom) => page.waitForFunction(
  (z) => document.querySelector('[data-testid=map-status]').dataset.zoom !== z, zoom);

test('the wheel zooms the map about the pointer, only when the map is chosen; a mouse drags it', { timeout: 180_000 }, () =>
  session('?region=52', async (page) => {
    await ready(page, '52');
    const canvas = page.locator('[data-testid=map-canvas]');
    const box = await canvas.boundingBox();
    const at = { x: box.width * 0.3, y: box.height * 0.4 };
    await page.mouse.move(box.x + at.x, box.y + at.y);

    // A plain wheel over a map the visitor has not chosen scrolls the page, with a hint.
    await page.mouse.wheel(0, 100);
    await page.locator('[data-testid=wheel-hint]').waitFor();
    await page.waitForFunction(() => window.scrollY > 0);
    assert.equal((await status(page)).zoom, '1.00');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForFunction(() => window.scrollY === 0);

    // ctrl + wheel zooms in about the pointer: the fitted map's point under it stays there.
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -100);
    await page.keyboard.up('Control');
    await zoomNot(page, '1.00');
    const z = await zoomOf(page);
    assert.ok(z.scale > 1.1 && z.scale < 2.1, `one notch zooms ${z.scale}×`);
    assert.ok(Math.abs((at.x - z.x) / z.scale - at.x) < 3, `x under the pointer: ${JSON.stringify(z)}`);
    assert.ok(Math.abs((at.y - z.y) / z.scale - at.y) < 3, `y under the pointer: ${JSON.stringify(z)}`);
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'the page did not scroll');

    // Once the map has focus a plain wheel zooms too, and the page stays put.
    await canvas.focus();
    await page.mouse.wheel(0, -100);
    await page.waitForFunction((s) => Number(document.querySelector('[data-testid=map-status]').dataset.zoom) > s, z.scale);
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'the page did not scroll');
    await page.screenshot({ path: path.join(SHOTS, 'wheel-zoomed.png') });

    // A mouse drag moves the zoomed map by as much as the mouse moved, and opens nothing.
    const before = await zoomOf(page);
    await page.mouse.down();
    await page.mouse.move(box.x + at.x + 40, box.y + at.y + 20, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction((s) => document.querySelector('[data-testid=map-status]').dataset.shift !== s, `${before.x.toFixed(1)},${before.y.toFixed(1)}`);
    const dragged = await zoomOf(page);
    assert.ok(Math.abs(dragged.x - before.x - 40) < 1.5 && Math.abs(dragged.y - before.y - 20) < 1.5,
      `dragged from ${JSON.stringify(before)} to ${JSON.stringify(dragged)}`);
    assert.equal((await status(page)).focus, '52', 'a drag is not a click');

    // Zoomed fully out, the wheel is the page's again.
    for (let i = 0; i < 12 && (await status(page)).zoom !== '1.00'; i++) {
      await page.mouse.wheel(0, 300);
      await page.waitForTimeout(50);
    }
    assert.equal((await status(page)).zoom, '1.00');
    await page.mouse.wheel(0, 100);
    await page.waitForFunction(() => window.scrollY > 0);
  }));

/** The codes of the table's rows in the page, with their row numbers. */
const renderedRows = (page) => page.$$eval('[data-testid=region-table] tr[data-code]', (trs) =>
  trs.map((tr) => ({ code: tr.dataset.code, index: Number(tr.getAttribute('aria-rowindex')) })));

/** Whether the row of `code` is in the page and inside the table's scroll box, below its header. */
const rowInView = (page, code) => page.evaluate((c) => {
  const wrap = document.querySelector('.table-wrap');
  const row = wrap.querySelector(`tr[data-code="${c}"]`);
  if (!row) return false;
  const w = wrap.getBoundingClientRect();
  const r = row.getBoundingClientRect();
  const head = wrap.querySelector('thead').getBoundingClientRect().height;
  return r.top >= w.top + head - 1 && r.bottom <= w.bottom + 1;
}, code);

test('a long table renders the rows near the screen, more as it scrolls, and the row of a map selection', { timeout: 180_000 }, () =>
  session('?region=52&fill=township', async (page) => {
    await ready(page, '52');
    const table = page.locator('[data-testid=region-table]');
    const total = Number(await table.getAttribute('aria-rowcount')) - 1;
    assert.ok(total > 1000, `${total} townships in 贵州`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=region-table] tr[data-code]').length > 0);
    let rows = await renderedRows(page);
    assert.ok(rows.length >= 10 && rows.length <= 120, `${rows.length} rows in the page`);
    assert.deepEqual(rows.map((r) => r.index), rows.map((_, i) => i + 2), 'the first rows, numbered from 2');
    const firstCode = rows[0].code;

    // Sorting orders the whole table, not the rows in the page: descending by code, the last
    // code comes first; a second click puts it back.
    await page.locator('[data-testid=sort-code]').click();
    await page.waitForFunction((c) => document.querySelector('[data-testid=region-table] tr[aria-rowindex="2"]')?.dataset.code !== c, firstCode);
    const top = await renderedRows(page);
    assert.ok(top[0].code > top[1].code, `descending: ${top[0].code}, ${top[1].code}`);
    await page.locator('[data-testid=sort-code]').click();
    await page.waitForFunction((c) => document.querySelector('[data-testid=region-table] tr[aria-rowindex="2"]')?.dataset.code === c, firstCode);

    // The scroll box is as tall as every row: its end shows the last row.
    const wrap = page.locator('.table-wrap');
    const heights = await wrap.evaluate((w) => ({ scroll: w.scrollHeight, row: w.querySelector('tr[data-code]').getBoundingClientRect().height }));
    assert.ok(heights.scroll > total * heights.row * 0.95, `scroll height ${heights.scroll} for ${total} rows of ${heights.row} px`);
    await wrap.evaluate((w) => { w.scrollTop = w.scrollHeight; });
    await page.waitForFunction((n) => document.querySelector(`[data-testid=region-table] tr[aria-rowindex="${n + 1}"]`), total);
    rows = await renderedRows(page);
    assert.ok(rows.length <= 120, `${rows.length} rows in the page at the end`);
    assert.ok(!rows.some((r) => r.code === firstCode), 'the first row has left the page');
    await wrap.screenshot({ path: path.join(SHOTS, 'long-table-end.png') });

    // Back at the top, a township selected on the map whose row is not in the page: its row is
    // rendered, scrolled into view and marked selected.
    await wrap.evaluate((w) => { w.scrollTop = 0; });
    await page.waitForFunction((c) => document.querySelector(`[data-testid=region-table] tr[data-code="${c}"]`), firstCode);
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = await page.locator('[data-testid=map-canvas]').boundingBox();
    let picked = null;
    for (const [fx, fy] of [[0.8, 0.7], [0.7, 0.3], [0.5, 0.5], [0.3, 0.6], [0.6, 0.8], [0.4, 0.3]]) {
      const shown = new Set((await renderedRows(page)).map((r) => r.code));
      const was = (await status(page)).selected;
      await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
      await page.waitForTimeout(200);
      const selected = (await status(page)).selected;
      if (selected && selected !== was && !shown.has(selected)) {
        picked = selected;
        break;
      }
    }
    assert.ok(picked, 'a click on the map selected a township whose row was not in the page');
    await page.waitForFunction((c) => document.querySelector(`[data-testid=region-table] tr[data-code="${c}"][aria-selected=true]`), picked);
    await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => r(true))));
    assert.ok(await rowInView(page, picked), `the row of ${picked} is in the table's view`);
    assert.ok((await renderedRows(page)).length <= 120);

  }));
