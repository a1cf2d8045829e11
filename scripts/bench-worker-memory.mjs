#!/usr/bin/env node
// The page's import worker on the inputs of scripts/bench-memory.sh, in headless Chromium: for
// each file, a fresh browser opens the page, the file goes through the real file input, and
// this prints what the page said (the report, or the refusal's first words), the time from
// choosing the file to that, the worker's wasm memory (the largest `memoryBytes` its messages
// carried: its linear memory only grows, so this is the job's peak) and the peak resident memory
// of the browser's renderer processes (the page and its worker together; VmHWM from /proc).
// Prints figures; asserts nothing (tests/e2e/hostile.test.mjs asserts the refusals).
//
//   node scripts/bench-worker-memory.mjs [--dist dist] [--sizes 1,10,100] [--only sized|hostile]
//
// Inputs are built by scripts/hostile_inputs.py under target/bench-worker-memory/ on first use.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, repoRoot, serveDir } from './lib.mjs';

const { values: opt } = parseArgs({
  options: {
    dist: { type: 'string', default: path.join(repoRoot, 'dist') },
    sizes: { type: 'string', default: '1,10,100' },
    only: { type: 'string', default: 'all' },
  },
});
const dir = path.join(repoRoot, 'target', 'bench-worker-memory');
fs.mkdirSync(dir, { recursive: true });
const built = (name) => fs.existsSync(path.join(dir, name));
const hostileInputs = (...groups) => execFileSync('python3', [path.join(repoRoot, 'scripts', 'hostile_inputs.py'), dir, 'hostile', ...groups], { stdio: 'inherit' });

const cases = [];
if (opt.only !== 'hostile') {
  const sizes = opt.sizes.split(',');
  const missing = sizes.filter((mb) => !built(`stations-${mb}MB.csv`));
  if (missing.length) execFileSync('python3', [path.join(repoRoot, 'scripts', 'hostile_inputs.py'), dir, 'sized', ...missing], { stdio: 'inherit' });
  for (const mb of sizes) {
    cases.push({ file: `stations-${mb}MB.csv`, input: 'stations' }, { file: `stations-${mb}MB.xlsx`, input: 'stations' });
    cases.push({ file: `boundaries-${mb}MB.geojson`, input: 'boundaries' }, { file: `boundaries-${mb}MB.topojson`, input: 'boundaries' });
  }
}
if (opt.only !== 'sized') {
  const groups = { xlsx: 'shared-string-90M.xlsx', wide: 'columns-1M.csv', holes: 'holes-200k.geojson', arcs: 'arc-refs-2M.topojson' };
  const missing = Object.entries(groups).filter(([, file]) => !built(file)).map(([group]) => group);
  if (missing.length) hostileInputs(...missing);
  for (const file of ['shared-string-90M.xlsx', 'cell-at-XFD1048576.xlsx', 'columns-1M.csv', 'keys-1M.json']) cases.push({ file, input: 'stations' });
  for (const file of ['holes-200k.geojson', 'vertices-40k-one-hole.geojson', 'arc-refs-2M.topojson', 'rings-300k.topojson']) cases.push({ file, input: 'boundaries' });
}

/** Every process under `pid`, with its command line. */
function descendants(pid) {
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // The process ended while the list was read.
    }
  }
  const out = [];
  const walk = (p) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** The largest peak resident memory (VmHWM) among the renderer processes under `pid` (this
 * script: Playwright starts Chromium as its child, one browser at a time), in MB. */
function rendererPeakMb(pid) {
  let peak = 0;
  for (const p of descendants(pid)) {
    try {
      if (!fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
    } catch {
      // Gone.
    }
  }
  return peak;
}

// Every message a worker sends the page passes this listener first, so a refusal's memory is
// seen as well as a report's (the page shows only the report's).
const RECORD_WORKER_MEMORY = () => {
  window.__workerMemory = 0;
  const Original = window.Worker;
  window.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const m = e.data?.memoryBytes;
        if (typeof m === 'number') window.__workerMemory = Math.max(window.__workerMemory, m);
      });
    }
  };
};

const server = await serveDir(opt.dist);
const rows = [];
try {
  for (const c of cases) {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.addInitScript(RECORD_WORKER_MEMORY);
      await page.goto(new URL('?lang=en', server.url).href);
      await page.waitForSelector('[data-testid=map-status][data-state=ready]', { state: 'attached', timeout: 120_000 });
      await page.waitForSelector(`[data-testid=${c.input}-file]`, { state: 'attached', timeout: 120_000 });
      const before = rendererPeakMb(process.pid);
      const started = Date.now();
      await page.setInputFiles(`[data-testid=${c.input}-file]`, path.join(dir, c.file));
      const report = c.input === 'stations' ? 'join-report' : 'boundary-report';
      const outcome = await page
        .waitForSelector(`[data-testid=${report}], [data-testid=${c.input}-error], [data-testid=import-failure]`, { timeout: 300_000 })
        .catch(() => null);
      const wallMs = Date.now() - started;
      let said = 'no answer in 300 s';
      if (outcome) {
        const testid = await outcome.getAttribute('data-testid');
        said = testid === report ? `report: ${(await outcome.innerText()).split('\n')[0]}` : `${testid}: ${await outcome.innerText()}`;
      }
      rows.push({
        file: c.file,
        mb: fs.statSync(path.join(dir, c.file)).size / 1e6,
        wallMs,
        workerMb: (await page.evaluate(() => window.__workerMemory)) / 1048576,
        rendererMb: rendererPeakMb(process.pid),
        beforeMb: before,
        said: said.replace(/\s+/g, ' ').slice(0, 150),
      });
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.close();
}
console.log('import worker in headless Chromium, a fresh browser per file');
console.log('file                            file MB   wall ms   worker wasm MB   renderer peak MB (before the file)   what the page said');
for (const r of rows) {
  console.log(
    `${r.file.padEnd(30)} ${r.mb.toFixed(1).padStart(8)} ${String(r.wallMs).padStart(9)} ${r.workerMb.toFixed(0).padStart(16)} ${r.rendererMb.toFixed(0).padStart(18)} (${r.beforeMb.toFixed(0)})`.padEnd(104) + `   ${r.said}`,
  );
}
