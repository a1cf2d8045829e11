#!/usr/bin/env node
// The page against ECharts' map series, side by side in ONE headless Chromium run, on the same
// township boundary GeoJSON files. Prints medians; asserts nothing (except that no ECharts is
// in the shipped page: dist/ and the published folder are searched for it first).
//
//   node scripts/bench-vs-echarts.mjs [--dist dist] [--runs 3]
//        [--province FILE] [--national FILE] [--national-light FILE] [--only province,national-light,national]
//        [--markdown] [--reach]
//
// Inputs (made under target/bench-echarts/ by core/examples/township_boundaries.rs when not given):
//   province        贵州 (52), 1,510 townships, --vertices-per-edge 60 --shared-borders (≈24 MB):
//                   official polygons, neighbours sharing their border's vertices as a surveying
//                   bureau's file has them
//   national-light  every township with an outline (40,895), --vertices-per-edge 2 (≈29 MB)
//   national        the same, --vertices-per-edge 12 (≈144 MB)
// ECharts (npm `echarts`, tools/node devDependency) is loaded from tools/node/node_modules into a
// separate bench page (/__bench/echarts.html) served by this script; it never enters dist/.
//
// Both sides draw the same polygons: the page is opened with `?fill=township` (its views filled
// with townships: 贵州's 1,510 at ?region=52, all of them at the country view); ECharts gets one
// map series of the file's features (nameProperty XZQDM), a 5-piece visualMap, animation off.
// Every time is performance.now() inside the page, ending when the frame that shows the result has
// been rendered: the first requestAnimationFrame after the change, then a message posted from it
// (it runs after that frame's rendering step); when the change itself happens inside a frame's
// rendering (ECharts draws in its own rAF loop) only the posted message is waited for.
//
//   file → first frame (import)   Both start from the same File (fetched into a Blob before the
//       clock starts). Ours: the File set on the page's boundaries input and `change` dispatched →
//       the import worker started (first file: its wasm is fetched and compiled), the file read,
//       parsed, checked and joined in the worker, the shapes sent back, projected (Albers), the
//       scene rebuilt and styled, the canvas drawn with the official boundaries
//       (map-status: shapes drawn − schematic townships drawn > 0) → frame. ECharts:
//       file.text() → JSON.parse → registerMap → setOption (projection, colours, draw) →
//       `finished` → frame. The ECharts page and the chart are already initialised, as the page is.
//       With --reach, ours is first given what a person choosing a file gives it: a `dragenter`
//       on the drop zone (as the click that opens the file dialog does, src/import/form/
//       widgets.rs: the panel starts its worker then), and REACH_MS before the file arrives;
//       the clock still starts when the file is set. Without it the worker starts with the file.
//   navigation → first frame (published)   A fresh context (no cache, no service worker) goes
//       to the URL; from navigation start. Ours: `atlas publish --boundaries FILE` served
//       statically, `?region=52&fill=township`: the app's js/wasm, the manifest and the files it
//       names, the province's township chunk, checked, drawn. ECharts: its page, echarts.min.js,
//       fetch of the original GeoJSON, then as above. Printed apart for ours: from the moment the
//       chunk's text has arrived (fetched and checked against the manifest) to the first
//       animation frame after its townships were parsed, added, styled and drawn.
//   recolour (new values → frame)   Ours: a click on the Star-rating/Coverage mode button → every
//       region restyled by the page's one styling step (classes, legend, table rows) and the
//       canvas redrawn (map-status data-restyles changes; printed apart too) → frame: the frame
//       includes the browser's style and layout of the page's region table, one row per region in
//       view (1,510 or 40,912 rows under ?fill=township). ECharts: setOption with a new
//       value for every region (data prepared before the clock starts) → frame.
//   hover (pointer → highlight)   A real mouse move (CDP Input.dispatchMouseEvent) from an empty
//       corner onto the map's centre, timed from the mousemove event's timeStamp. Ours: R-tree
//       hit test, overlay outline and tooltip card drawn (the tooltip in the DOM) → frame.
//       ECharts: its `mouseover` on the region (emphasis colour, tooltip on) → frame.
//   memory   After a forced GC (CDP HeapProfiler.collectGarbage): the main thread's JS heap
//       (CDP Runtime.getHeapUsage usedSize); ours also the main wasm memory, the import panel's
//       (its report's data-panel-memory-bytes) and the import worker's (its report's
//       data-worker-memory-bytes, its peak), counted 0 once the panel has ended the worker
//       (data-worker=ended; its peak is printed apart). ECharts has no wasm.
//   import stages   Ours, printed apart: when the worker reported each phase (ready to read,
//       file read, parsed, joined) and its reply reached the panel, from the report's
//       data-stages-ms; the rest to the first frame is the page's.
//   phone profile   The published default (dist/, the country view) from navigation to its first
//       map frame (map-status data-first-draw-ms set → frame) in a fresh context, once on the
//       plain local server and once with CDP CPU throttling 4× and network 1.6 Mbps down,
//       750 kbps up, 150 ms RTT.
// Load times are medians of --runs fresh pages; recolour and hover the medians of 3 samples
// per page over all pages (3 × runs); memory the median over pages.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { boundaryFile, launchChromium, repoRoot, serveDir } from './lib.mjs';

const { values: opt } = parseArgs({
  options: {
    dist: { type: 'string', default: process.env.ATLAS_DIST || path.join(repoRoot, 'dist') },
    runs: { type: 'string', default: '3' },
    province: { type: 'string' },
    national: { type: 'string' },
    'national-light': { type: 'string' },
    only: { type: 'string', default: 'province,national-light,national' },
    markdown: { type: 'boolean', default: false },
    reach: { type: 'boolean', default: false },
  },
});
const RUNS = Number(opt.runs);
const SAMPLES = 3;
/** With --reach: the time between reaching for a file and its arrival (the file dialog). */
const REACH_MS = 1000;
const dir = path.join(repoRoot, 'target', 'bench-echarts');
const echartsDir = path.join(repoRoot, 'tools', 'node', 'node_modules', 'echarts', 'dist');
if (!fs.existsSync(path.join(echartsDir, 'echarts.min.js'))) {
  throw new Error(`${echartsDir}/echarts.min.js not found: cd tools/node && npm ci`);
}
const echartsVersion = JSON.parse(fs.readFileSync(path.join(echartsDir, '..', 'package.json'), 'utf8')).version;

/** Throws if any file under `root` mentions echarts: it is a dev tool, never shipped. */
function assertNoEcharts(root) {
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(d, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
  for (const file of walk(root)) {
    if (/echarts/i.test(path.basename(file)) || /echarts/i.test(fs.readFileSync(file).toString('latin1'))) {
      throw new Error(`${file} mentions echarts: it must never be shipped`);
    }
  }
}
assertNoEcharts(opt.dist);

const inputs = {
  province: () => opt.province ?? boundaryFile(dir, 'province-official.geojson', ['--region', '52', '--vertices-per-edge', '60', '--shared-borders']),
  'national-light': () => opt['national-light'] ?? boundaryFile(dir, 'national-light.geojson', ['--vertices-per-edge', '2']),
  national: () => opt.national ?? boundaryFile(dir, 'national.geojson', ['--vertices-per-edge', '12']),
};
const views = { province: '?region=52&fill=township', 'national-light': '?fill=township', national: '?fill=township' };
const only = opt.only.split(',');
for (const name of only) if (!inputs[name]) throw new Error(`unknown input ${name}: expected ${Object.keys(inputs).join(', ')}`);
const files = Object.fromEntries(only.map((name) => [name, inputs[name]()]));
const inputsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-echarts-inputs-'));
for (const [name, file] of Object.entries(files)) fs.symlinkSync(path.resolve(file), path.join(inputsDir, `${name}.geojson`));

// The published data set of the province, made by the CLI around this dist/.
let published = null;
if (files.province) {
  published = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-echarts-site-'));
  execFileSync('cargo', ['run', '-q', '-p', 'atlas-cli', '--', 'publish', '--app', opt.dist, '--boundaries', files.province, '--out', published], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  assertNoEcharts(published);
}
// What a drill-down waits for: the province's chunk, and each prefecture's detail.
const chunkSizes = [];
if (published) {
  const manifest = JSON.parse(fs.readFileSync(path.join(published, 'data', 'manifest.json'), 'utf8'));
  for (const [region, file] of Object.entries(manifest.townships).filter(([r]) => r.startsWith('52'))) {
    const bytes = fs.readFileSync(path.join(published, 'data', file.path));
    chunkSizes.push({ region, raw: bytes.length, gzip: zlib.gzipSync(bytes).length });
  }
}

// The ECharts page: one full-window chart, its map series fed from a File or a URL.
const ECHARTS_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>ECharts map bench</title>
<style>html,body{margin:0;height:100%}#chart{width:100vw;height:100vh}</style>
<script src="/__bench/echarts/echarts.min.js"></script></head><body><div id="chart"></div><script>
const chart = echarts.init(document.getElementById('chart'), null, { renderer: 'canvas' });
const COLORS = ['#f1eef6', '#bdc9e1', '#74a9cf', '#2b8cbe', '#045a8d'];
window.__values = (features, salt) =>
  features.map((f, i) => ({ name: f.properties.XZQDM, value: ((i + 1) * 2654435761 + salt * 97) % 100 }));
const option = (data) => ({
  animation: false,
  tooltip: { trigger: 'item', showDelay: 0, transitionDuration: 0 },
  visualMap: { type: 'piecewise', show: false, seriesIndex: 0, pieces: COLORS.map((color, i) => ({ min: i * 20, max: i * 20 + 19.999, color })) },
  series: [{ type: 'map', map: 'bench', nameProperty: 'XZQDM', roam: false, selectedMode: false,
    label: { show: false }, emphasis: { label: { show: false }, itemStyle: { areaColor: '#ffb300' } },
    itemStyle: { borderColor: '#ffffff', borderWidth: 0.3 }, data }],
});
/** Resolves, with whether it fired inside a frame's rendering, on the next 'finished'. */
const finished = () => new Promise((r) => chart.on('finished', function h() { chart.off('finished', h); r(__bench.inFrame); }));
window.__echarts = {
  chart,
  async load(text) {
    const geo = JSON.parse(text);
    echarts.registerMap('bench', geo);
    window.__features = geo.features.map((f) => ({ properties: { XZQDM: f.properties.XZQDM } }));
    const done = finished();
    chart.setOption(option(__values(geo.features, 0)));
    return __bench.frameAfter(await done);
  },
  async recolour(salt) {
    const data = __values(__features, salt);
    const t0 = performance.now();
    const done = finished();
    chart.setOption({ series: [{ data }] });
    return (await __bench.frameAfter(await done)) - t0;
  },
};
const src = new URLSearchParams(location.search).get('src');
if (src) fetch(src).then((r) => r.text()).then((t) => __echarts.load(t)).then((t) => { window.__firstMap = t; });
</script></body></html>`;

// In every page before its own scripts: the frame helpers, the last mousemove's time, and the
// main wasm memory when Trunk's app starts.
function benchInit(watch) {
  const origRaf = window.requestAnimationFrame.bind(window);
  const post = (f) => { const c = new MessageChannel(); c.port1.onmessage = f; c.port2.postMessage(0); };
  const b = (window.__bench = { inFrame: false, lastMove: 0 });
  // Marks the rendering steps of a frame: from its first rAF callback to a message posted then.
  window.requestAnimationFrame = (cb) => origRaf((t) => {
    if (!b.inFrame) { b.inFrame = true; post(() => { b.inFrame = false; }); }
    cb(t);
  });
  /** The time once the frame showing a change just made has rendered. */
  b.frameAfter = (inFrame = b.inFrame) => new Promise((r) => {
    const done = () => post(() => r(performance.now()));
    if (inFrame) done(); else origRaf(done);
  });
  /** Resolves (with frameAfter's time) once `cond()` holds after a DOM change. */
  b.when = (cond) => new Promise((resolve) => {
    const check = () => {
      let ok = false;
      try { ok = cond(); } catch { ok = false; }
      if (!ok) return false;
      b.lastCond = performance.now();
      mo.disconnect();
      resolve(b.frameAfter());
      return true;
    };
    const mo = new MutationObserver(check);
    mo.observe(document, { subtree: true, childList: true, attributes: true });
    check();
  });
  b.status = () => document.querySelector('[data-testid=map-status]')?.dataset;
  b.official = () => { const s = b.status(); return s ? Number(s.shapesDrawn) - Number(s.townshipsDrawn) : 0; };
  addEventListener('mousemove', (e) => { b.lastMove = e.timeStamp; }, true);
  b.arm = {
    tooltip: () => b.when(() => document.querySelector('[data-testid=tooltip]')),
    echarts: () => new Promise((r) => {
      __echarts.chart.on('mouseover', function h() { __echarts.chart.off('mouseover', h); r(b.frameAfter()); });
    }),
  };
  addEventListener('TrunkApplicationStarted', (e) => { b.wasmMemory = e.detail?.wasm?.memory; });
  if (watch === 'official') b.when(() => b.official() > 0).then((t) => { window.__firstMap = t; });
  if (watch === 'first-draw') b.when(() => b.status()?.firstDrawMs).then((t) => { window.__firstMap = t; });
}

const median = (xs) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

async function newPage(watch) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, serviceWorkers: 'block' });
  await context.addInitScript(benchInit, watch);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  return { context, page, cdp };
}

async function heap(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/**
 * Hover samples: from an empty corner onto `point`; each the time from the mousemove to the
 * frame after `__bench.arm[armed]()` resolves (armed in the page before the move).
 */
async function hovers(page, off, point, armed) {
  const out = [];
  for (let i = 0; i < SAMPLES; i++) {
    await page.mouse.move(off.x, off.y);
    await page.waitForTimeout(300);
    await page.evaluate((k) => { window.__armed = __bench.arm[k](); }, armed);
    await page.mouse.move(point.x, point.y);
    out.push(await page.evaluate(() => Promise.race([
      window.__armed.then((end) => end - __bench.lastMove),
      new Promise((r) => setTimeout(() => r(NaN), 10_000)),
    ])));
  }
  return out;
}

async function oursImport(name) {
  const { context, page, cdp } = await newPage(null);
  try {
    await page.goto(new URL(views[name], server.url).href);
    await page.waitForSelector('[data-testid=map-status][data-state=ready]', { state: 'attached', timeout: 300_000 });
    await page.waitForFunction(() => __bench.status()?.firstDrawMs, null, { timeout: 300_000 });
    // The import panel is added after the map has its full data (src/import/host.rs).
    await page.waitForSelector('[data-testid=boundaries-file]', { state: 'attached', timeout: 300_000 });
    const loadMs = await page.evaluate(async ([url, reachMs]) => {
      const blob = await (await fetch(url)).blob();
      const file = new File([blob], url.split('/').pop(), { type: 'application/geo+json' });
      const input = document.querySelector('[data-testid=boundaries-file]');
      if (reachMs) {
        input.closest('label').dispatchEvent(new DragEvent('dragenter', { bubbles: true }));
        await new Promise((r) => setTimeout(r, reachMs));
      }
      const transfer = new DataTransfer();
      transfer.items.add(file);
      const t0 = performance.now();
      input.files = transfer.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return (await __bench.when(() => __bench.official() > 0)) - t0;
    }, [`/__bench/inputs/${name}.geojson`, opt.reach ? REACH_MS : 0]);
    const drawn = await page.evaluate(() => __bench.official());
    const recolour = [];
    for (let i = 0; i < SAMPLES; i++) {
      recolour.push(await page.evaluate(async (mode) => {
        const before = __bench.status().restyles;
        const t0 = performance.now();
        document.querySelector(`[data-testid=mode-${mode}]`).click();
        const frame = await __bench.when(() => __bench.status().restyles !== before);
        return [frame - t0, __bench.lastCond - t0];
      }, i % 2 ? 'coverage' : 'rating'));
    }
    const box = await page.locator('[data-testid=map-canvas]').boundingBox();
    const hover = await hovers(page, { x: 5, y: 5 }, { x: box.x + box.width / 2, y: box.y + box.height / 2 },
      'tooltip');
    const report = (name) => page.getAttribute('[data-testid=boundary-report]', name);
    const workerPeak = Number(await report('data-worker-memory-bytes'));
    // The panel ends its worker once the boundaries are handed over (src/import/form/job.rs):
    // its memory then counts 0; its peak is printed apart.
    const workerState = await page.getAttribute('[data-testid=import]', 'data-worker');
    const stages = Object.fromEntries(((await report('data-stages-ms')) ?? '').split(' ')
      .reduce((acc, w, i, all) => (i % 2 ? acc : [...acc, [w, Number(all[i + 1])]]), []));
    return {
      loadMs, drawn, recolour, hover, stages, workerState,
      heap: await heap(cdp),
      wasmPage: await page.evaluate(() => __bench.wasmMemory?.buffer.byteLength ?? NaN),
      wasmPanel: Number((await report('data-panel-memory-bytes')) ?? NaN),
      wasmWorker: workerState === 'ended' ? 0 : workerPeak,
      wasmWorkerPeak: workerPeak,
    };
  } finally {
    await context.close();
  }
}

async function echartsImport(name) {
  const { context, page, cdp } = await newPage(null);
  try {
    await page.goto(new URL('__bench/echarts.html', server.url).href);
    await page.waitForFunction(() => window.__echarts);
    const loadMs = await page.evaluate(async (url) => {
      const blob = await (await fetch(url)).blob();
      const file = new File([blob], url.split('/').pop(), { type: 'application/geo+json' });
      const t0 = performance.now();
      return (await __echarts.load(await file.text())) - t0;
    }, `/__bench/inputs/${name}.geojson`);
    const drawn = await page.evaluate(() => __features.length);
    const recolour = [];
    for (let i = 0; i < SAMPLES; i++) recolour.push(await page.evaluate((salt) => __echarts.recolour(salt), i + 1));
    const hover = await hovers(page, { x: 3, y: 3 }, { x: 640, y: 400 }, 'echarts');
    return { loadMs, drawn, recolour, hover, heap: await heap(cdp), wasmPage: 0, wasmPanel: 0, wasmWorker: 0, wasmWorkerPeak: 0, stages: {} };
  } finally {
    await context.close();
  }
}

/** Navigation start → first map frame, in a fresh context; `phone` throttles CPU and network. */
async function firstMap(url, watch, { phone = false } = {}) {
  const { context, page, cdp } = await newPage(watch);
  try {
    if (phone) {
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    }
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__firstMap, null, { timeout: 600_000, polling: 500 });
    const ms = await page.evaluate(() => window.__firstMap);
    // Bytes on the wire (headers included) of the document and everything it fetched.
    const bytes = await page.evaluate(() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
      .reduce((sum, e) => sum + (e.transferSize || 0), 0));
    // Ours, published province: its township chunk's arrival → the first frame after it is drawn.
    const chunkMs = watch === 'official'
      ? await page.waitForFunction(() => document.querySelector('[data-testid=chunk-status]')?.dataset.drawnMs, null, { timeout: 60_000 })
        .then((h) => h.jsonValue()).then((v) => Number(v.split(',')[0].split(':')[1]))
      : null;
    // … of which: its shapes read from the TopoJSON, and projected and added to the atlas.
    const steps = watch === 'official'
      ? await page.evaluate(() => document.querySelector('[data-testid=chunk-status]').dataset.stepsMs.split(',')[0])
      : '';
    const [readMs, addMs] = (steps.match(/read (\d+) add (\d+)/) ?? []).slice(1).map(Number);
    return { ms, bytes, chunkMs, readMs, addMs, drawn: await page.evaluate(() => (window.__echarts ? __features.length : __bench.official() || Number(__bench.status()?.shapesDrawn))) };
  } finally {
    await context.close();
  }
}

const mounts = { '/__bench/inputs/': inputsDir, '/__bench/echarts/': echartsDir };
const overrides = { '/__bench/echarts.html': { contentType: 'text/html; charset=utf-8', body: ECHARTS_HTML } };
const server = await serveDir(opt.dist, { mounts, overrides });
const site = published ? await serveDir(published, { mounts, overrides }) : null;
const gzipped = await serveDir(opt.dist, { gzip: true });
const browser = await launchChromium();
const version = browser.version();
const rows = [];
const navRows = [];
let chunkRow = null;
try {
  for (const name of only) {
    const mb = fs.statSync(files[name]).size / 1048576;
    const runs = { ours: [], echarts: [] };
    for (let i = 0; i < RUNS; i++) {
      // Alternate which goes first, so neither always runs on a warmer machine.
      const order = i % 2 ? ['echarts', 'ours'] : ['ours', 'echarts'];
      for (const who of order) {
        const r = await (who === 'ours' ? oursImport(name) : echartsImport(name));
        runs[who].push(r);
        console.error(`${name} ${who} run ${i + 1}: load ${r.loadMs.toFixed(0)} ms, ${r.drawn} drawn`);
      }
    }
    const sum = (rs) => ({
      loadMs: median(rs.map((r) => r.loadMs)),
      recolourMs: median(rs.flatMap((r) => r.recolour.map((x) => x[0] ?? x))),
      redrawnMs: median(rs.flatMap((r) => r.recolour.map((x) => x[1] ?? NaN))),
      hoverMs: median(rs.flatMap((r) => r.hover)),
      heapMb: median(rs.map((r) => r.heap)) / 1048576,
      wasmPageMb: median(rs.map((r) => r.wasmPage)) / 1048576,
      wasmPanelMb: median(rs.map((r) => r.wasmPanel)) / 1048576,
      wasmWorkerMb: median(rs.map((r) => r.wasmWorker)) / 1048576,
      wasmWorkerPeakMb: median(rs.map((r) => r.wasmWorkerPeak)) / 1048576,
      workerStates: [...new Set(rs.map((r) => r.workerState).filter(Boolean))].join('/'),
      stages: Object.fromEntries(['starting', 'reading', 'parsing', 'joining', 'comparing', 'reply']
        .map((k) => [k, median(rs.map((r) => r.stages?.[k]))])),
      drawn: rs[0].drawn,
    });
    rows.push({ name, mb, ours: sum(runs.ours), echarts: sum(runs.echarts) });
  }
  if (site) {
    const runs = { ours: [], echarts: [] };
    for (let i = 0; i < RUNS; i++) {
      runs.ours.push(await firstMap(new URL(views.province, site.url).href, 'official'));
      runs.echarts.push(await firstMap(new URL('__bench/echarts.html?src=/__bench/inputs/province.geojson', site.url).href, null));
    }
    const sum = (rs) => ({ ms: median(rs.map((r) => r.ms)), mb: median(rs.map((r) => r.bytes)) / 1048576, drawn: rs[0].drawn });
    navRows.push({ name: 'province, published, navigation → first frame', ours: sum(runs.ours), echarts: sum(runs.echarts) });
    chunkRow = { ms: median(runs.ours.map((r) => r.chunkMs)), readMs: median(runs.ours.map((r) => r.readMs)), addMs: median(runs.ours.map((r) => r.addMs)) };
  }
  const local = [];
  const phone = [];
  const phoneGzip = [];
  for (let i = 0; i < RUNS; i++) {
    local.push(await firstMap(server.url, 'first-draw'));
    phone.push(await firstMap(server.url, 'first-draw', { phone: true }));
    phoneGzip.push(await firstMap(gzipped.url, 'first-draw', { phone: true }));
  }
  const sum = (rs) => ({ ms: median(rs.map((r) => r.ms)), mb: median(rs.map((r) => r.bytes)) / 1048576, drawn: rs[0].drawn });
  navRows.push({ name: 'published default (country), local server', ours: sum(local) });
  navRows.push({ name: 'published default (country), phone profile, uncompressed', ours: sum(phone) });
  navRows.push({ name: 'published default (country), phone profile, gzip', ours: sum(phoneGzip) });
} finally {
  await browser.close();
  await server.close();
  await site?.close();
  await gzipped.close();
  fs.rmSync(inputsDir, { recursive: true, force: true });
  if (published) fs.rmSync(published, { recursive: true, force: true });
}

const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : 'n/a');
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const ratio = (e, o) => (Number.isFinite(e / o) ? `${(e / o).toFixed(2)}×` : 'n/a');
const table = [];
table.push(['input', 'measure', 'ours', 'ECharts', 'ECharts / ours']);
for (const r of rows) {
  const label = `${r.name} (${r.mb.toFixed(1)} MB; drawn: ours ${r.ours.drawn}, ECharts ${r.echarts.drawn})`;
  table.push([label, 'file → first frame, ms', f0(r.ours.loadMs), f0(r.echarts.loadMs), ratio(r.echarts.loadMs, r.ours.loadMs)]);
  table.push(['', 'recolour → frame, ms', f1(r.ours.recolourMs), f1(r.echarts.recolourMs), ratio(r.echarts.recolourMs, r.ours.recolourMs)]);
  table.push(['', '(ours: recolour → canvas redrawn, before the frame, ms)', f1(r.ours.redrawnMs), '', '']);
  table.push(['', 'hover → highlight frame, ms', f1(r.ours.hoverMs), f1(r.echarts.hoverMs), ratio(r.echarts.hoverMs, r.ours.hoverMs)]);
  table.push(['', 'JS heap after GC, MB', f0(r.ours.heapMb), f0(r.echarts.heapMb), ratio(r.echarts.heapMb, r.ours.heapMb)]);
  const st = r.ours.stages;
  table.push(['', '(ours: ms after the file: worker ready / file read / parsed / joined / reply in the panel; then the page to its frame)',
    ['reading', 'parsing', 'joining', 'comparing', 'reply', 'reply'].map((k, i) => (i === 5 ? `page ${f0(r.ours.loadMs - st.reply)}` : f0(st[k]))).join(' / '), '', '']);
  const panel = Number.isFinite(r.ours.wasmPanelMb) ? r.ours.wasmPanelMb : 0;
  const wasm = r.ours.wasmPageMb + panel + r.ours.wasmWorkerMb;
  table.push(['', `wasm memory, MB (page + import panel + import worker, ${r.ours.workerStates || 'n/a'}; the worker's peak ${f0(r.ours.wasmWorkerPeakMb)})`,
    `${f0(wasm)} (${f0(r.ours.wasmPageMb)} + ${f0(panel)} + ${f0(r.ours.wasmWorkerMb)})`, '0', '']);
  table.push(['', 'JS heap + wasm, MB', f0(r.ours.heapMb + wasm), f0(r.echarts.heapMb), ratio(r.echarts.heapMb, r.ours.heapMb + wasm)]);
}
for (const r of navRows) {
  table.push([r.name, `navigation → first map frame, ms (transferred MB; drawn)`,
    `${f0(r.ours.ms)} (${r.ours.mb.toFixed(1)}; ${r.ours.drawn})`,
    r.echarts ? `${f0(r.echarts.ms)} (${r.echarts.mb.toFixed(1)}; ${r.echarts.drawn})` : '—',
    r.echarts ? ratio(r.echarts.ms, r.ours.ms) : '']);
}
if (chunkRow) {
  table.push(['province, published', 'its township chunk arrived → drawn (next frame), ms', f0(chunkRow.ms), '', '']);
  table.push(['', '… of which read (TopoJSON → shapes) / projected and added to the atlas, ms', `${f0(chunkRow.readMs)} / ${f0(chunkRow.addMs)}`, '', '']);
}
for (const { region, raw, gzip } of chunkSizes) {
  const kind = region.length === 2 ? 'province chunk (simplified for its view)' : `prefecture ${region} detail chunk`;
  table.push(['province, published', `${kind}, KB raw / gzip`, `${f0(raw / 1000)} / ${f0(gzip / 1000)}`, '', '']);
}
console.log(`\nheadless Chromium ${version}, ECharts ${echartsVersion}, 1280x800, medians: loads of ${RUNS} pages each, recolour/hover of ${SAMPLES * RUNS} samples; ${os.cpus().length} × ${os.cpus()[0]?.model}`);
if (opt.markdown) {
  console.log(`| ${table[0].join(' | ')} |\n|${table[0].map(() => '---').join('|')}|`);
  for (const row of table.slice(1)) console.log(`| ${row.join(' | ')} |`);
} else {
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => String(row[c]).length)));
  for (const row of table) console.log(row.map((cell, c) => String(cell).padEnd(widths[c])).join('  '));
}
