// Bring your own data (issue D), in the page: a bureau's GBK-encoded station table goes through
// the real file input; the join report accounts for every row and the map recolours.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { repoRoot, serveAppForTests, trackPageProblems } from '../../scripts/lib.mjs';

const SHOTS = path.join(repoRoot, 'screenshots');
const GBK = path.join(repoRoot, 'tests', 'fixtures', 'good', 'stations_gbk.csv');
const app = serveAppForTests({ before, after, shots: SHOTS });

test('a GBK station table uploads through the file input, joins, reports and recolours the map', { timeout: 180_000 }, async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = trackPageProblems(page);
  try {
    await page.goto(new URL('?region=522301&lang=en&mode=rating', app.server.url).href);
    await page.waitForSelector('[data-testid=map-status][data-state=ready][data-focus="522301"]', { state: 'attached', timeout: 60_000 });
    const before = await page.getAttribute('[data-testid=map-status]', 'data-styles');

    await page.setInputFiles('[data-testid=stations-file]', GBK);
    const report = page.locator('[data-testid=join-report]');
    await report.waitFor({ timeout: 30_000 });
    const n = async (k) => Number(await report.getAttribute(`data-${k}`));
    const rowsRead = await n('rows-read');
    assert.ok(rowsRead > 0);
    assert.equal(rowsRead, (await n('joined')) + (await n('unmatched')) + (await n('duplicates')) + (await n('invalid')), 'every row is accounted for');
    assert.ok((await n('joined')) > 0);
    assert.match(await page.locator('[data-testid=join-counts]').innerText(), /stations_gbk\.csv: \d+ rows read/);
    const csvHref = await page.getAttribute('[data-testid=join-report-csv]', 'href');
    assert.match(decodeURIComponent(csvHref), /row,status,value,reason,suggestion/);

    // The stations' star ratings now colour the townships of 兴义市, without a reload.
    await page.waitForFunction((b) => document.querySelector('[data-testid=map-status]').dataset.styles !== b, before);
    await page.screenshot({ path: path.join(SHOTS, 'import-gbk.png'), fullPage: true });

    // Official boundaries of four 兴义市 townships replace the schematic cells of that county.
    await page.setInputFiles('[data-testid=boundaries-file]', path.join(repoRoot, 'tests', 'fixtures', 'boundaries', 'good.geojson'));
    const boundaries = page.locator('[data-testid=boundary-report]');
    await boundaries.waitFor({ timeout: 30_000 });
    assert.equal(await boundaries.getAttribute('data-features-read'), '4');
    assert.equal(await boundaries.getAttribute('data-joined'), '4');
    await page.waitForFunction(() => {
      const s = document.querySelector('[data-testid=map-status]').dataset;
      return s.shapesDrawn === '4' && s.townshipsDrawn === '0';
    });
    // The county's other 28 townships are not drawn, and the legend says so.
    assert.match(await page.locator('[data-testid=legend-not-drawn]').innerText(), /^28 regions in this view have no outline/);
    await page.screenshot({ path: path.join(SHOTS, 'import-boundaries.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
