// Press figures (issue E): the page exports the current view as SVG and PNG; the SVG parses and
// carries title, legend, source line, as-of date and 审图号, the PNG has the requested pixels,
// and the native CLI renders the very same SVG for the same view.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, serveAppForTests, trackPageProblems } from '../../scripts/lib.mjs';

const SHOTS = path.join(repoRoot, 'screenshots');
const app = serveAppForTests({ before, after, shots: SHOTS });

async function downloaded(page, testid) {
  const started = Date.now();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${testid}]`)]);
  // A figure, not an assertion: how long the page takes from click to file.
  console.log(`# ${testid} ${download.suggestedFilename()}: ${Date.now() - started} ms`);
  const file = path.join(os.tmpdir(), `atlas-${process.pid}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return { file, name: download.suggestedFilename() };
}

function pngSize(file) {
  const b = fs.readFileSync(file);
  assert.equal(b.subarray(1, 4).toString('latin1'), 'PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

function todayIso() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

test('the page exports SVG and PNG, and the CLI renders the same SVG', { timeout: 300_000 }, async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = trackPageProblems(page);
  try {
    await page.goto(new URL('?region=5223&date=2023-12', app.server.url).href);
    await page.waitForSelector('[data-testid=map-status][data-state=ready][data-focus="5223"]', { state: 'attached', timeout: 60_000 });
    await page.fill('[data-testid=export-title]', '黔西南州乡镇社工站覆盖 <2023>');
    await page.fill('[data-testid=export-subtitle]', '截至2023年12月');
    await page.fill('[data-testid=export-review]', 'GS(2024)0650号');

    const svg = await downloaded(page, 'export-svg');
    assert.equal(svg.name, 'coverage-5223-coverage.svg');
    const text = fs.readFileSync(svg.file, 'utf8');
    const parsed = await page.evaluate((t) => {
      const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
      return { error: doc.querySelector('parsererror')?.textContent ?? null, texts: [...doc.querySelectorAll('text')].map((e) => e.textContent) };
    }, text);
    assert.equal(parsed.error, null, 'the SVG parses');
    const all = parsed.texts.join('\n');
    assert.match(all, /黔西南州乡镇社工站覆盖 <2023>/, 'title, as text, escaped in the file');
    assert.match(text, /&lt;2023&gt;/);
    for (const label of ['全覆盖 100%', '50%–<75%', '无数据']) assert.ok(all.includes(label), `legend entry ${label}`);
    assert.match(all, /000/, 'source line names article 000');
    assert.match(all, /GS\(2024\)0650号/);
    assert.match(all, /示意/, 'schematic township note');
    assert.match(all, /2023年12月/, 'as-of date, in the figure\'s language');

    await page.selectOption('[data-testid=export-size]', '0');
    const png = await downloaded(page, 'export-png');
    assert.deepEqual(pngSize(png.file), { width: 1920, height: 1080 });
    await page.selectOption('[data-testid=export-size]', '1');
    const a4 = await downloaded(page, 'export-png');
    assert.deepEqual(pngSize(a4.file), { width: 3508, height: 2480 });
    fs.copyFileSync(a4.file, path.join(SHOTS, 'export-a4-5223.png'));

    // The same view from the command line, without a browser, reading the same published
    // folder (the townships' schematic cells are the ones made when it was published).
    const out = path.join(os.tmpdir(), `atlas-cli-${process.pid}.svg`);
    execFileSync('cargo', ['run', '-q', '-p', 'atlas-cli', '--', 'render', '--data', app.dist, '--region', '5223', '--date', '2023-12',
      '--title', '黔西南州乡镇社工站覆盖 <2023>', '--subtitle', '截至2023年12月', '--review-number', 'GS(2024)0650号',
      '--size', '1920x1080', '--today', todayIso(), '--out', out], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
    assert.equal(fs.readFileSync(out, 'utf8'), text, 'CLI and page give the same SVG');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
