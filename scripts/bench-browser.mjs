#!/usr/bin/env node
// Map speed in headless Chromium: time to first draw and to recolour, for the default data and
// for a synthetic national layer of every township (41,352 schematic cells), plus hover
// hit-testing through the R-tree. Prints figures; asserts nothing.
//
// The figures come from the page's `bench` feature (src/map/bench.rs, `?bench=national`), which
// the shipped page is built without: build it first with `cargo xtask bench-build` (into
// target/dist-bench, the default here).
//
//   node scripts/bench-browser.mjs [--dist target/dist-bench] [--runs 3]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, repoRoot, serveDir } from './lib.mjs';

const { values: opt } = parseArgs({
  options: {
    dist: { type: 'string', default: path.join(repoRoot, 'target', 'dist-bench') },
    runs: { type: 'string', default: '3' },
  },
});
if (!fs.existsSync(path.join(opt.dist, 'index.html'))) {
  console.error(`${opt.dist} has no built page: run \`cargo xtask bench-build\` first (the page with its bench feature)`);
  process.exit(1);
}
const server = await serveDir(opt.dist);
const browser = await launchChromium();
const runs = [];
try {
  for (let i = 0; i < Number(opt.runs); i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    await page.goto(new URL('?bench=national', server.url).href);
    const pre = await page.waitForSelector('[data-testid=bench]', { state: 'attached', timeout: 180_000 });
    const figures = JSON.parse(await pre.textContent());
    figures.page_first_draw_ms = Number(
      await page.getAttribute('[data-testid=map-status]', 'data-first-draw-ms'),
    );
    runs.push(figures);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
const keys = Object.keys(runs[0]);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`median of ${runs.length} runs, headless Chromium, 1280x800`);
for (const k of keys) {
  console.log(`${k.padEnd(40)} ${median(runs.map((r) => r[k])).toFixed(3).padStart(12)}`);
}
