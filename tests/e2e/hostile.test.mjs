// Hostile station workbooks in the page (issue 29): files built in the test by
// scripts/hostile_inputs.py (nothing large is committed) go through the real file input to the
// import worker, which must refuse each with the limit it breaks, naming the file, in the
// page's language, and stay alive: no "unreachable", no crashed worker, the next file still read.
//
//   one shared string of 90 million characters referred to by 200,000 cells (1.7 MB zipped)
//   one cell at XFD1048576 (1.8 KB), the sheet's far corner
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, serveAppForTests, trackPageProblems } from '../../scripts/lib.mjs';

const SHOTS = path.join(repoRoot, 'screenshots');
const app = serveAppForTests({ before, after, shots: SHOTS });
const inputs = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-hostile-'));

before(() => {
  execFileSync('python3', [path.join(repoRoot, 'scripts', 'hostile_inputs.py'), inputs, 'hostile', 'xlsx'], { stdio: 'inherit' });
});
after(() => fs.rmSync(inputs, { recursive: true, force: true }));

async function openPage(lang) {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = trackPageProblems(page);
  await page.goto(new URL(`?region=522301&lang=${lang}`, app.server.url).href);
  await page.waitForSelector('[data-testid=map-status][data-state=ready]', { state: 'attached', timeout: 60_000 });
  await page.waitForSelector('[data-testid=stations-file]', { state: 'attached', timeout: 60_000 });
  return { context, page, problems };
}

/** Brings `name` from the built inputs and returns the refusal the page shows for it. */
async function refusalOf(page, name) {
  await page.setInputFiles('[data-testid=stations-file]', path.join(inputs, name));
  const error = page.locator('[data-testid=stations-error]');
  await page.waitForFunction(
    (file) => (document.querySelector('[data-testid=stations-error]')?.textContent ?? '').includes(file),
    name,
    { timeout: 60_000 },
  );
  assert.equal(await page.locator('[data-testid=import-failure]').count(), 0, `the worker did not crash on ${name}`);
  return error.innerText();
}

const CASES = [
  {
    name: 'shared-string-90M.xlsx',
    en: /^shared-string-90M\.xlsx, row 2: cell B2: characters in one cell: 90,000,000, more than the limit of 32,767 \(Excel's own limit for a cell\)/,
    zh: /^shared-string-90M\.xlsx，第2行：单元格 B2：单元格字符数为 90,000,000，超过上限 32,767（Excel 单元格最多 32,767 个字符）/,
  },
  {
    name: 'cell-at-XFD1048576.xlsx',
    en: /^cell-at-XFD1048576\.xlsx, row 1048576: cell XFD1048576: columns in the table: 16,384, more than the limit of 1,000/,
    zh: /^cell-at-XFD1048576\.xlsx，第1048576行：单元格 XFD1048576：表格列数为 16,384，超过上限 1,000/,
  },
];

for (const lang of ['en', 'zh']) {
  test(`hostile workbooks are refused with the limit they break, in ${lang}, and the worker lives on`, { timeout: 240_000 }, async () => {
    const { context, page, problems } = await openPage(lang);
    try {
      for (const c of CASES) {
        const message = await refusalOf(page, c.name);
        assert.match(message, c[lang], `${c.name}: ${message}`);
        assert.doesNotMatch(message, /unreachable|RuntimeError/i);
      }
      await page.locator('[data-testid=stations-error]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `import-hostile-${lang}.png`) });
      // The same worker then reads a real table.
      await page.setInputFiles('[data-testid=stations-file]', path.join(repoRoot, 'tests', 'fixtures', 'good', 'stations_gbk.csv'));
      const report = page.locator('[data-testid=join-report]');
      await report.waitFor({ timeout: 60_000 });
      assert.equal(Number(await report.getAttribute('data-rows-read')), 12);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}
