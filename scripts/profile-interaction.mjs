#!/usr/bin/env node
// Where one interaction's time goes: loads the page (by default the national township layer,
// `?fill=township&chunks=all`), then takes a CPU profile (Chrome DevTools Protocol `Profiler`)
// of a mode switch and of a time-slider step, each from the event to the end of the frame that
// shows it, and prints the functions with the most self time, wasm and JavaScript alike, plus
// the profiler's own categories ("(program)" is the browser's work outside scripts: style,
// layout, paint, canvas rasterisation). Prints figures; asserts nothing.
//
//   node scripts/profile-interaction.mjs [--dist dist] [--query '?fill=township&chunks=all'] [--top 25]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, repoRoot, serveDir } from './lib.mjs';

const { values: opt } = parseArgs({
  options: {
    dist: { type: 'string', default: process.env.ATLAS_DIST || path.join(repoRoot, 'dist') },
    query: { type: 'string', default: '?fill=township&chunks=all' },
    top: { type: 'string', default: '25' },
  },
});

/** Resolves once map-status's restyle count changes, at the end of the frame that shows it. */
const ACTIONS = {
  'mode switch': `(async () => {
    const status = () => document.querySelector('[data-testid=map-status]').dataset;
    const before = status().restyles;
    const mode = status().mode === 'rating' ? 'coverage' : 'rating';
    const t0 = performance.now();
    document.querySelector('[data-testid=mode-' + mode + ']').click();
    while (status().restyles === before) await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - t0;
  })()`,
  'time-slider step': `(async () => {
    const status = () => document.querySelector('[data-testid=map-status]').dataset;
    const before = status().restyles;
    const slider = document.querySelector('[data-testid=time-slider]');
    const t0 = performance.now();
    slider.value = String(Number(slider.value) - 1);
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    while (status().restyles === before) await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - t0;
  })()`,
};

function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? path.basename(f.url) : ''}`.trim();
    self.set(key, (self.get(key) || 0) + (dt[i + 1] ?? 0) / 1000);
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1]);
}

const server = await serveDir(opt.dist);
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(new URL(opt.query, server.url).href);
  await page.waitForSelector('[data-testid=map-status][data-state=ready]', { state: 'attached', timeout: 300_000 });
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=map-status]').dataset.shapesDrawn) > 0, null, { timeout: 300_000 });
  await page.waitForTimeout(1500);
  const shapes = await page.getAttribute('[data-testid=map-status]', 'data-shapes-drawn');
  console.log(`${opt.query}: ${shapes} shapes drawn`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  for (const [name, act] of Object.entries(ACTIONS)) {
    await page.waitForTimeout(500);
    await cdp.send('Profiler.start');
    const ms = await page.evaluate(act);
    const { profile } = await cdp.send('Profiler.stop');
    const rows = selfTimes(profile);
    const total = rows.reduce((s, [, t]) => s + t, 0);
    console.log(`\n${name}: ${ms.toFixed(1)} ms to the frame; ${total.toFixed(1)} ms sampled`);
    for (const [key, t] of rows.slice(0, Number(opt.top))) console.log(`  ${t.toFixed(1).padStart(8)} ms  ${key}`);
  }
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
