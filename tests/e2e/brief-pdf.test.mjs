// The page's briefing pack (issue 25): the button 下载简报（PDF） on ?region=52 and ?region=5223
// saves a PDF named by region and date with the same pages and text as `atlas brief` on the same
// published folder, its fonts all embedded; the pages are rendered with pdftoppm into
// screenshots/ to be looked at. When the pack's binary cannot be fetched, the line beside the
// button says so in the page's language.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, serveAppForTests, trackPageProblems } from '../../scripts/lib.mjs';

const SHOTS = path.join(repoRoot, 'screenshots');
const app = serveAppForTests({ before, after, shots: SHOTS });

function todayIso() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const poppler = (tool, args) => execFileSync(tool, args, { encoding: 'utf8' });
const pageCount = (pdf) => Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', [pdf]))[1]);
const text = (pdf) => poppler('pdftotext', ['-enc', 'UTF-8', pdf, '-']);

/** Every font pdffonts lists is embedded; there is at least one. */
function assertFontsEmbedded(pdf) {
  const rows = poppler('pdffonts', [pdf]).split('\n').slice(2).filter((l) => l.trim());
  assert.ok(rows.length > 0, 'text is text, in a font');
  for (const row of rows) {
    const cols = row.trim().split(/\s+/);
    assert.equal(cols[cols.length - 5], 'yes', `embedded: ${row}`);
  }
}

/** The CLI's pack of `region` from the folder the page is served from. */
function cliBrief(region) {
  const out = path.join(os.tmpdir(), `atlas-brief-cli-${process.pid}-${region}.pdf`);
  execFileSync('cargo', ['run', '-q', '-p', 'atlas-cli', '--', 'brief', '--data', app.dist, '--region', region,
    '--today', todayIso(), '--out', out], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  return out;
}

async function pressAndSave(page, region) {
  await page.goto(new URL(`?region=${region}`, app.server.url).href);
  await page.waitForSelector(`[data-testid=map-status][data-state=ready][data-focus="${region}"]`, { state: 'attached', timeout: 60_000 });
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.click('[data-testid=brief-pdf]'),
  ]);
  const status = page.locator('[data-testid=brief-status][data-state=saved]');
  await status.waitFor({ state: 'attached', timeout: 30_000 });
  // Figures, not assertions: the time from press to file and the bytes the press fetched.
  console.log(`# brief ${region}: ${await status.getAttribute('data-ms')} ms, ${await status.getAttribute('data-bytes')} bytes of PDF`);
  const file = path.join(os.tmpdir(), `atlas-brief-page-${process.pid}-${region}.pdf`);
  await download.saveAs(file);
  return { file, name: download.suggestedFilename(), statusText: await status.textContent() };
}

test('the page saves the same briefing pack as atlas brief, for a province and a prefecture', { timeout: 600_000 }, async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems = trackPageProblems(page);
  try {
    for (const [region, name] of [['52', '贵州省'], ['5223', '黔西南布依族苗族自治州']]) {
      const saved = await pressAndSave(page, region);
      assert.equal(saved.name, `简报-${region}-${name}-${todayIso()}.pdf`, 'named by region and date');
      assert.equal(fs.readFileSync(saved.file).subarray(0, 5).toString('latin1'), '%PDF-');
      const cli = cliBrief(region);
      assert.equal(pageCount(saved.file), pageCount(cli), `${region}: as many pages as the CLI's pack`);
      assert.ok(saved.statusText.includes(`${pageCount(cli)} 页`), saved.statusText);
      const pageText = text(saved.file);
      assert.ok(pageText.includes(name), `${region}: the region's name`);
      assert.match(pageText, /\d+\s*\/\s*\d+/, 'covered / total');
      assert.match(pageText, /来源/, 'the sources page');
      assert.equal(pageText, text(cli), `${region}: the same text as the CLI's pack, page for page`);
      assertFontsEmbedded(saved.file);
      const stem = path.join(SHOTS, `brief-page-${region}`);
      execFileSync('pdftoppm', ['-png', '-r', '60', saved.file, stem]);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('when the pack cannot be fetched, the page says so beside the button', { timeout: 180_000 }, async () => {
  // Routed requests never reach page.route once the service worker answers them: block it.
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  try {
    await page.route('**/brief-pdf.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(new URL('?region=52&lang=en', app.server.url).href);
    await page.waitForSelector('[data-testid=map-status][data-state=ready][data-focus="52"]', { state: 'attached', timeout: 60_000 });
    await page.click('[data-testid=brief-pdf]');
    const status = page.locator('[data-testid=brief-status][data-state=failed]');
    await status.waitFor({ state: 'attached', timeout: 30_000 });
    const line = await status.textContent();
    assert.match(line, /briefing pack \(brief-pdf\.js\) could not be loaded/, line);
    assert.equal(await status.getAttribute('role'), 'alert');
  } finally {
    await context.close();
  }
});
