#!/usr/bin/env node
// Loading a bureau's own files in headless Chromium, through the real file input: the time from
// choosing the file to its report, the import worker's memory (its wasm heap after the job, which
// only grows: the job's peak), the page's JS heap, and the longest task on the page's main
// thread while the file was read and joined (the worker keeps it short; what remains is
// unpacking the shapes and redrawing). Prints figures; asserts nothing.
//
// Files (made under target/bench-import/ on first use):
//   province.geojson   贵州 (52), 1,510 townships, schematic cells densified to ~730 vertices each
//   national.geojson   every township with an outline (40,895), ~160 vertices each
//   largest.geojson    the same with ~275 vertices each: 248 MB, just under the page's 250 MB limit
//   national.csv       every township (41,352) as a station row
//
//   node scripts/bench-import.mjs [--dist dist] [--only stations,province,national,largest]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { boundaryFile, launchChromium, repoRoot, serveDir } from './lib.mjs';

const { values: opt } = parseArgs({
  options: {
    dist: { type: 'string', default: path.join(repoRoot, 'dist') },
    only: { type: 'string', default: 'stations,province,national,largest' },
  },
});
const dir = path.join(repoRoot, 'target', 'bench-import');
fs.mkdirSync(dir, { recursive: true });

const boundaries = (name, args) => boundaryFile(dir, name, args);

function stations() {
  const out = path.join(dir, 'national.csv');
  if (!fs.existsSync(out)) {
    const lines = fs.readFileSync(path.join(repoRoot, 'data', 'divisions.csv'), 'utf8').split('\n');
    const codes = lines.slice(1).map((l) => l.split(',')[0]).filter((c) => c.length === 9);
    fs.writeFileSync(out, ['乡镇代码,站点名称,状态,星级', ...codes.map((c, i) => `${c},${c}社工站,运营,${(i % 5) + 1}`)].join('\n') + '\n');
  }
  return out;
}

const cases = {
  stations: { file: stations, input: 'stations-file', report: 'join-report', count: 'rows-read' },
  province: { file: () => boundaries('province.geojson', ['--region', '52', '--vertices-per-edge', '60']), input: 'boundaries-file', report: 'boundary-report', count: 'features-read' },
  national: { file: () => boundaries('national.geojson', ['--vertices-per-edge', '12']), input: 'boundaries-file', report: 'boundary-report', count: 'features-read' },
  largest: { file: () => boundaries('largest.geojson', ['--vertices-per-edge', '21']), input: 'boundaries-file', report: 'boundary-report', count: 'features-read' },
};

const server = await serveDir(opt.dist);
const browser = await launchChromium();
const rows = [];
try {
  for (const name of opt.only.split(',')) {
    const c = cases[name];
    if (!c) throw new Error(`unknown case ${name}: expected ${Object.keys(cases).join(', ')}`);
    const file = c.file();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(new URL('?lang=en', server.url).href);
    await page.waitForSelector('[data-testid=map-status][data-state=ready]', { state: 'attached', timeout: 120_000 });
    await page.evaluate(() => {
      window.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    // The import panel is added after the map has its full data (src/import/host.rs).
    await page.waitForSelector(`[data-testid=${c.input}]`, { state: 'attached', timeout: 120_000 });
    const started = Date.now();
    await page.setInputFiles(`[data-testid=${c.input}]`, file);
    const report = await page.waitForSelector(`[data-testid=${c.report}]`, { timeout: 600_000 }).catch(() => null);
    const wall = Date.now() - started;
    if (!report) {
      const error = await page.locator('.import-error').allInnerTexts();
      rows.push({ name, mb: fs.statSync(file).size / 1048576, error: error.join(' ') || 'no report' });
      await page.close();
      continue;
    }
    // The map redraw after the shapes arrive is part of what the user waits for.
    await page.waitForTimeout(500);
    const get = async (k) => Number(await report.getAttribute(`data-${k}`));
    rows.push({
      name,
      mb: fs.statSync(file).size / 1048576,
      items: await get(c.count),
      elapsedMs: await get('elapsed-ms'),
      wallMs: wall,
      workerMb: (await get('worker-memory-bytes')) / 1048576,
      pageHeapMb: (await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0)) / 1048576,
      longestMainTaskMs: await page.evaluate(() => window.__longest),
    });
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log('import in headless Chromium (worker), one run each');
console.log('case        file MB   rows/features   job ms   wall ms   worker wasm MB   page JS heap MB   longest main-thread task ms');
for (const r of rows) {
  if (r.error) {
    console.log(`${r.name.padEnd(10)} ${r.mb.toFixed(1).padStart(8)}   ${r.error}`);
    continue;
  }
  console.log(
    `${r.name.padEnd(10)} ${r.mb.toFixed(1).padStart(8)} ${String(r.items).padStart(15)} ${r.elapsedMs.toFixed(0).padStart(8)} ${String(r.wallMs).padStart(9)} ${r.workerMb.toFixed(0).padStart(16)} ${r.pageHeapMb.toFixed(0).padStart(17)} ${r.longestMainTaskMs.toFixed(0).padStart(29)}`,
  );
}
