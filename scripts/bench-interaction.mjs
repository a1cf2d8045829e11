#!/usr/bin/env node
// One interaction, one frame? In headless Chromium at the country level, on the published default
// (the provinces) and on the national township layer (`?fill=township&chunks=all`: every view
// filled with its schematic townships, read from every province's published township file,
// 40,912 regions in the country's map and table), the medians of:
//
//   mode switch        a click on the Star rating / Coverage mode button (alternating)
//   time-slider step   the slider moved one month back (an `input` event), each step to a month not
//                      shown before, so its coverage is counted then (as when the slider is dragged)
//   selection          a click on a table row (alternating between two regions): the canvas
//                      outline, the legend, the region panel and the table's selected row
//   wheel zoom         a ctrl + wheel event (deltaY ∓100) over the map's centre, zooming in and out
//   drag pan           a pointermove of a mouse held down on a 2× zoomed map, ±12 px
//
// Wheel and pan samples come 60 ms apart, as in one spin of the wheel or one drag: within a
// gesture the page moves its last drawing (src/map/preview.rs) and draws the map again only
// once the gesture has rested 160 ms; that redraw is not an event's frame and is not timed here
// (it costs what a mode switch's canvas draw costs). Other samples come 150 ms apart.
//
// Each timing is performance.now() inside the page, from just before the event is dispatched
// (synchronously, on the element a user would use) to the end of the frame that shows the
// change: the change is seen in the DOM (map-status: data-restyles, data-selected, data-zoom or
// data-shift; a MutationObserver), then a requestAnimationFrame and a message posted from it
// (it runs after that frame's style, layout, paint and commit). So a figure covers the page's
// handler, its reactive updates (styling, table rows), the canvas draw, and the browser's style
// and layout of everything that changed. "→ change" is the first part alone: event to the DOM
// showing the change, before the browser renders the frame.
//
// Prints figures; asserts nothing. Samples are taken one after another on an idle page.
//
//   node scripts/bench-interaction.mjs [--dist dist] [--runs 2] [--samples 5] [--only default,township]
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, repoRoot, serveDir } from './lib.mjs';

const { values: opt } = parseArgs({
  options: {
    dist: { type: 'string', default: process.env.ATLAS_DIST || path.join(repoRoot, 'dist') },
    runs: { type: 'string', default: '2' },
    samples: { type: 'string', default: '5' },
    only: { type: 'string', default: 'default,township' },
  },
});
// `chunks=all`: the page fetches every province's township file (the published cells) at once.
const VIEWS = { default: '', township: '?fill=township&chunks=all' };
const SAMPLES = Number(opt.samples);

// In the page: `__frame.after(cond)` resolves, once `cond()` holds, to [change, frame] times.
function frameInit() {
  const post = (f) => { const c = new MessageChannel(); c.port1.onmessage = f; c.port2.postMessage(0); };
  const status = () => document.querySelector('[data-testid=map-status]').dataset;
  window.__frame = {
    status,
    after: (cond) => new Promise((resolve) => {
      const check = () => {
        if (!cond()) return;
        const changed = performance.now();
        mo.disconnect();
        requestAnimationFrame(() => post(() => resolve([changed, performance.now()])));
      };
      const mo = new MutationObserver(check);
      mo.observe(document, { subtree: true, childList: true, attributes: true });
      check();
    }),
  };
}

/** Runs `act` in the page `SAMPLES` times; each returns [ms to change, ms to frame]. */
async function samples(page, act, apart = 150) {
  const out = [];
  for (let i = 0; i < SAMPLES; i++) {
    await page.waitForTimeout(apart);
    out.push(await page.evaluate(act, { i }));
  }
  return out;
}

const modeSwitch = async ({ i }) => {
  const before = __frame.status().restyles;
  const button = document.querySelector(`[data-testid=mode-${i % 2 ? 'coverage' : 'rating'}]`);
  const t0 = performance.now();
  button.click();
  const [changed, frame] = await __frame.after(() => __frame.status().restyles !== before);
  return [changed - t0, frame - t0];
};

const sliderStep = async () => {
  const slider = document.querySelector('[data-testid=time-slider]');
  const before = __frame.status().restyles;
  const t0 = performance.now();
  slider.value = String(Number(slider.value) - 1);
  slider.dispatchEvent(new Event('input', { bubbles: true }));
  const [changed, frame] = await __frame.after(() => __frame.status().restyles !== before);
  return [changed - t0, frame - t0];
};

const selection = async ({ i }) => {
  const rows = document.querySelectorAll('[data-testid=region-table] tr[data-code]');
  const row = rows[i % 2 ? 3 : 1];
  const code = row.dataset.code;
  const t0 = performance.now();
  row.click();
  const [changed, frame] = await __frame.after(() => __frame.status().selected === code);
  return [changed - t0, frame - t0];
};

const wheel = async ({ i }) => {
  const canvas = document.querySelector('[data-testid=map-canvas]');
  const r = canvas.getBoundingClientRect();
  const before = __frame.status().zoom;
  const t0 = performance.now();
  canvas.dispatchEvent(new WheelEvent('wheel', {
    bubbles: true, cancelable: true, ctrlKey: true, deltaY: i % 2 ? 100 : -100,
    clientX: r.left + r.width / 2, clientY: r.top + r.height / 2,
  }));
  const [changed, frame] = await __frame.after(() => __frame.status().zoom !== before);
  return [changed - t0, frame - t0];
};

const pan = async ({ i }) => {
  const canvas = document.querySelector('[data-testid=map-canvas]');
  const r = canvas.getBoundingClientRect();
  const at = { x: r.left + r.width / 2 + (i % 2 ? 12 : 0), y: r.top + r.height / 2 };
  const before = __frame.status().shift;
  const t0 = performance.now();
  canvas.dispatchEvent(new PointerEvent('pointermove', {
    bubbles: true, pointerId: 1, pointerType: 'mouse', buttons: 1,
    clientX: at.x + (i % 2 ? -12 : 12), clientY: at.y,
  }));
  const [changed, frame] = await __frame.after(() => __frame.status().shift !== before);
  return [changed - t0, frame - t0];
};

/** A mouse held down on the map's centre, zoomed 2× by the zoom button. */
async function holdZoomed(page) {
  await page.click('[data-testid=zoom-in]');
  await page.waitForFunction(() => __frame.status().zoom === '2.00');
  await page.evaluate(() => {
    const canvas = document.querySelector('[data-testid=map-canvas]');
    const r = canvas.getBoundingClientRect();
    canvas.dispatchEvent(new PointerEvent('pointerdown', {
      bubbles: true, pointerId: 1, pointerType: 'mouse', buttons: 1,
      clientX: r.left + r.width / 2, clientY: r.top + r.height / 2,
    }));
  });
}

async function measure(url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, serviceWorkers: 'block' });
  await context.addInitScript(frameInit);
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.waitForSelector('[data-testid=map-status][data-state=ready]', { state: 'attached', timeout: 300_000 });
    await page.waitForFunction(() => Number(__frame.status().shapesDrawn) > 0, null, { timeout: 300_000 });
    // The import panel is added once the map has its full data (src/import/host.rs): let it settle.
    await page.waitForSelector('[data-testid=boundaries-file]', { state: 'attached', timeout: 300_000 }).catch(() => {});
    await page.waitForTimeout(500);
    const shapes = Number(await page.getAttribute('[data-testid=map-status]', 'data-shapes-drawn'));
    const rows = await page.$$eval('[data-testid=region-table] tr[data-code]', (trs) => trs.length);
    const out = { shapes, rows };
    const take = async (k, act, apart) => {
      out[k] = await samples(page, act, apart);
      console.error(`  ${k}: ${out[k].map((s) => s[1].toFixed(0)).join(', ')} ms`);
    };
    await take('mode', modeSwitch);
    await page.click('[data-testid=mode-coverage]');
    await take('slider', sliderStep);
    await take('selection', selection);
    await page.waitForTimeout(300);
    await take('wheel', wheel, 60);
    // Back to the fitted map (a disabled button, already fitted, ignores the click).
    await page.evaluate(() => document.querySelector('[data-testid=zoom-reset]').click());
    await holdZoomed(page);
    await page.waitForTimeout(300);
    await take('pan', pan, 60);
    return out;
  } finally {
    await context.close();
  }
}

const median = (xs) => {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

const server = await serveDir(opt.dist);
const browser = await launchChromium();
const version = browser.version();
const results = {};
try {
  for (const name of opt.only.split(',')) {
    if (!(name in VIEWS)) throw new Error(`unknown view ${name}: expected ${Object.keys(VIEWS).join(', ')}`);
    results[name] = [];
    for (let i = 0; i < Number(opt.runs); i++) {
      console.error(`${name} run ${i + 1}:`);
      const r = await measure(new URL(VIEWS[name], server.url).href);
      console.error(`  ${r.shapes} shapes drawn, ${r.rows} table rows in the DOM`);
      results[name].push(r);
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const LABELS = {
  mode: 'mode switch',
  slider: 'time-slider step',
  selection: 'selection (table row click)',
  wheel: 'wheel zoom (ctrl + wheel)',
  pan: 'drag pan (pointermove)',
};
console.log(`\nheadless Chromium ${version}, 1280x800, country level, medians of ${SAMPLES} samples × ${opt.runs} pages; ${os.cpus().length} × ${os.cpus()[0]?.model}`);
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const head = ['view', 'interaction', '→ change, ms', '→ frame, ms'];
const table = [head];
for (const [name, runs] of Object.entries(results)) {
  const label = `${name === 'default' ? 'published default' : '?fill=township'} (${runs[0].shapes} shapes, ${runs[0].rows} rows in the DOM)`;
  Object.keys(LABELS).forEach((k, n) => {
    const all = runs.flatMap((r) => r[k]);
    table.push([n ? '' : label, LABELS[k], f1(median(all.map((s) => s[0]))), f1(median(all.map((s) => s[1])))]);
  });
}
const widths = head.map((_, c) => Math.max(...table.map((row) => String(row[c]).length)));
for (const row of table) console.log(row.map((cell, c) => String(cell).padEnd(widths[c])).join('  '));
