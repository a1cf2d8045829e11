// Bring your own data (issue D), in the page: real files through the real file inputs (and a
// real drop), read and joined in the import worker, with the column step, the code-property
// and coordinate choices, the progress bar, cancel, refusal of oversized files, and markup in
// names kept as text. Every report accounts for every row and feature.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, serveAppForTests, trackPageProblems } from '../../scripts/lib.mjs';

const SHOTS = path.join(repoRoot, 'screenshots');
const FIXTURES = path.join(repoRoot, 'tests', 'fixtures');
const fixture = (kind, name) => path.join(FIXTURES, kind, name);
const app = serveAppForTests({ before, after, shots: SHOTS });

async function openPage(query, viewport = { width: 1280, height: 900 }) {
  const context = await app.browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = trackPageProblems(page);
  const workerLoads = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/import-worker_bg.wasm')) workerLoads.push(r.url());
  });
  await page.goto(new URL(query, app.server.url).href);
  await page.waitForSelector('[data-testid=map-status][data-state=ready]', { state: 'attached', timeout: 60_000 });
  return { context, page, problems, workerLoads };
}

/** The join report's counts, checked to add up to the rows read. */
async function joinCounts(page) {
  const report = page.locator('[data-testid=join-report]');
  await report.waitFor({ timeout: 60_000 });
  const n = async (k) => Number(await report.getAttribute(`data-${k}`));
  const counts = {
    rowsRead: await n('rows-read'),
    joined: await n('joined'),
    unmatched: await n('unmatched'),
    duplicates: await n('duplicates'),
    invalid: await n('invalid'),
  };
  assert.equal(counts.rowsRead, counts.joined + counts.unmatched + counts.duplicates + counts.invalid, 'every row is accounted for');
  return counts;
}

/** The boundary report's counts, checked to add up to the features read. */
async function boundaryCounts(page) {
  const report = page.locator('[data-testid=boundary-report]');
  await report.waitFor({ timeout: 60_000 });
  const n = async (k) => Number(await report.getAttribute(`data-${k}`));
  const counts = { read: await n('features-read'), joined: await n('joined'), rejected: await n('rejected') };
  assert.equal(counts.read, counts.joined + counts.rejected, 'every feature is accounted for');
  return counts;
}

/** Waits until no import job shows a progress bar. */
async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('.import-progress'), null, { timeout: 120_000 });
}

test('a GBK station table and a GeoJSON upload through the file inputs, join in the worker, report and redraw the map', { timeout: 180_000 }, async () => {
  const { context, page, problems, workerLoads } = await openPage('?region=522301&lang=en&mode=rating');
  try {
    assert.equal(workerLoads.length, 0, 'a visitor who imports nothing never loads the importer');
    const before = await page.getAttribute('[data-testid=map-status]', 'data-styles');

    await page.setInputFiles('[data-testid=stations-file]', fixture('good', 'stations_gbk.csv'));
    const counts = await joinCounts(page);
    assert.equal(counts.rowsRead, 12);
    assert.equal(counts.joined, 12);
    assert.equal(workerLoads.length, 1, 'the first file starts the importer');
    assert.match(await page.locator('[data-testid=join-counts]').innerText(), /stations_gbk\.csv: 12 rows read/);
    assert.match(await page.locator('[data-testid=table-format]').textContent(), /CSV · commas · GBK\/GB18030 · 12 rows/);
    // Every column was recognised, so the column step stays folded.
    assert.equal(await page.locator('[data-testid=columns]').evaluate((d) => d.open), false);
    assert.equal(await page.locator('[data-testid=column-code]').inputValue(), '2');
    const csvHref = await page.getAttribute('[data-testid=join-report-csv]', 'href');
    assert.match(decodeURIComponent(csvHref), /row,status,value,reason,suggestion/);
    assert.match(await page.locator('[data-testid=join-gaps]').innerText(), /^8 counties in the file, 0 with a station row for every township; townships with a station row \/ townships: 兴义市 522301: 4\/32;/);
    const gaps = decodeURIComponent(await page.getAttribute('[data-testid=gaps-csv]', 'href'));
    assert.match(gaps, /county_code,county,township_code,township\r?\n522301,兴义市,522301002,兴泰街道/);

    // The stations' star ratings now colour the townships of 兴义市, without a reload.
    await page.waitForFunction((b) => document.querySelector('[data-testid=map-status]').dataset.styles !== b, before);
    await page.screenshot({ path: path.join(SHOTS, 'import-gbk.png'), fullPage: true });

    // Official boundaries of four 兴义市 townships replace the schematic cells of that county.
    await page.setInputFiles('[data-testid=boundaries-file]', fixture('boundaries', 'good.geojson'));
    const b = await boundaryCounts(page);
    assert.deepEqual(b, { read: 4, joined: 4, rejected: 0 });
    assert.equal(await page.getAttribute('[data-testid=boundary-report]', 'data-crs'), 'lonlat');
    await page.waitForFunction(() => {
      const s = document.querySelector('[data-testid=map-status]').dataset;
      return s.shapesDrawn === '4' && s.townshipsDrawn === '0';
    });
    // The county's other 28 townships are not drawn, and the legend says so.
    assert.match(await page.locator('[data-testid=legend-not-drawn]').innerText(), /^28 regions in this view have no outline/);
    const boundaryCsv = decodeURIComponent(await page.getAttribute('[data-testid=boundary-report-csv]', 'href'));
    assert.match(boundaryCsv, /feature,outcome,code,label,reason,suggestion\r?\n1,joined,522301001/);
    assert.equal(workerLoads.length, 1, 'one importer serves both files');
    await page.screenshot({ path: path.join(SHOTS, 'import-boundaries.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a table whose header names nothing is mapped column by column in the page', { timeout: 180_000 }, async () => {
  const { context, page, problems } = await openPage('?region=522301&lang=en&mode=rating');
  try {
    await page.setInputFiles('[data-testid=stations-file]', fixture('bad', 'unguessable_headers.csv'));
    const refused = page.locator('[data-testid=join-refused]');
    await refused.waitFor();
    assert.match(await refused.innerText(), /^unguessable_headers\.csv, row 1: found no township code column/);
    const columns = page.locator('[data-testid=columns]');
    assert.equal(await columns.evaluate((d) => d.open), true, 'the column step opens when the join cannot run');
    // Each column is offered with its header and the examples of the chosen column are shown.
    const options = await page.locator('[data-testid=column-code] option').allInnerTexts();
    assert.deepEqual(options.slice(1), ['1 · 字段1 — 522301001', '2 · 字段2 — 黄草街道', '3 · 字段3 — 运营', '4 · 字段4 — 五星']);

    await page.selectOption('[data-testid=column-code]', '0');
    await page.waitForSelector('[data-testid=column-code] >> xpath=ancestor::tr//td[contains(@class,"examples")][contains(., "522301001")]');
    await page.selectOption('[data-testid=column-township]', '1');
    await page.selectOption('[data-testid=column-status]', '2');
    const counts = await joinCounts(page);
    assert.deepEqual(counts, { rowsRead: 4, joined: 4, unmatched: 0, duplicates: 0, invalid: 0 });
    await page.selectOption('[data-testid=column-star]', '3');
    await page.waitForFunction(() => document.querySelector('[data-testid=column-star]').value === '3');
    assert.equal((await joinCounts(page)).joined, 4);
    await page.locator('[data-testid=columns] summary').scrollIntoViewIfNeeded();
    await page.locator('.import').screenshot({ path: path.join(SHOTS, 'import-columns.png') });

    // Back to the guess: nothing is recognised, so the join is refused again.
    await page.click('[data-testid=columns-reset]');
    await refused.waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('markup in station names and boundary names is shown as text, never run', { timeout: 180_000 }, async () => {
  const { context, page, problems } = await openPage('?region=522301&lang=en');
  try {
    const title = await page.title();
    await page.setInputFiles('[data-testid=stations-file]', fixture('bad', 'html_in_name.csv'));
    const counts = await joinCounts(page);
    assert.deepEqual(counts, { rowsRead: 2, joined: 1, unmatched: 1, duplicates: 0, invalid: 0 });
    const messages = await page.locator('[data-testid=join-report] .messages').innerText();
    assert.match(messages, /row 3: township code "<b>522301999<\/b>"|<b>522301999<\/b>/);
    await page.setInputFiles('[data-testid=boundaries-file]', fixture('boundaries', 'html_names.geojson'));
    assert.deepEqual(await boundaryCounts(page), { read: 4, joined: 3, rejected: 1 });
    const lines = await page.locator('[data-testid=boundary-report] .messages').innerText();
    assert.match(lines, /feature #4 <img src=x onerror="document\.title='pwned'">丰都街道/);
    assert.equal(await page.locator('img[src=x], .import b, .import script').count(), 0, 'no element was made from file text');
    assert.equal(await page.title(), title);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a row in another encoding is named and read again as the user chooses; an open quote names its row', { timeout: 180_000 }, async () => {
  const { context, page, problems } = await openPage('?region=522301&lang=en');
  try {
    await page.setInputFiles('[data-testid=stations-file]', fixture('bad', 'mixed_encoding.csv'));
    const error = page.locator('[data-testid=stations-error]');
    await error.waitFor({ timeout: 60_000 });
    assert.match(await error.innerText(), /mixed_encoding\.csv, row 3: the file is UTF-8 but this row is not/);
    await error.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'import-encoding-choice.png') });
    await page.selectOption('[data-testid=stations-encoding]', 'utf8-replace');
    assert.deepEqual(await joinCounts(page), { rowsRead: 4, joined: 3, unmatched: 0, duplicates: 0, invalid: 1 });
    await page.setInputFiles('[data-testid=stations-file]', fixture('bad', 'unterminated_quote.csv'));
    await page.waitForFunction(() => /row 2: the quote/.test(document.querySelector('[data-testid=stations-error]')?.textContent ?? ''), null, { timeout: 60_000 });
    assert.equal(await page.locator('[data-testid=stations-encoding]').count(), 0, 'a quote is not a question of encoding');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the user picks the code property and converts GCJ-02 coordinates', { timeout: 180_000 }, async () => {
  const { context, page, problems } = await openPage('?region=522301&lang=en');
  try {
    await page.setInputFiles('[data-testid=boundaries-file]', fixture('boundaries', 'two_code_properties.geojson'));
    assert.deepEqual(await boundaryCounts(page), { read: 4, joined: 4, rejected: 0 });
    assert.equal(await page.locator('[data-testid=code-property]').inputValue(), 'XZQDM');
    assert.match(await page.locator('[data-testid=boundary-counts]').innerText(), /codes from "XZQDM" \(detected\)/);
    const offered = await page.locator('[data-testid=code-property] option').allInnerTexts();
    assert.deepEqual(offered, [
      'XZQDM — 4/4 features are registry townships (e.g. 522301001000)',
      'adcode — 0/4 features are registry townships (e.g. 522301)',
      'name — 0/4 features are registry townships (e.g. 黄草街道)',
    ]);
    await page.selectOption('[data-testid=code-property]', 'adcode');
    await page.waitForSelector('[data-testid=boundary-report][data-code-property=adcode]');
    assert.deepEqual(await boundaryCounts(page), { read: 4, joined: 0, rejected: 4 });
    assert.match(await page.locator('[data-testid=boundary-report] .messages').innerText(), /522301 is a 县级 code, not a township/);
    await page.selectOption('[data-testid=code-property]', 'XZQDM');
    await page.waitForSelector('[data-testid=boundary-report][data-code-property=XZQDM][data-joined="4"]');

    await page.setInputFiles('[data-testid=boundaries-file]', fixture('boundaries', 'gcj02.geojson'));
    // A clear GCJ-02 offset is converted by default, with its evidence.
    await page.waitForSelector('[data-testid=boundary-report][data-crs=converted-from-gcj02]');
    assert.match(await page.locator('[data-testid=boundary-crs]').innerText(), /judged GCJ-02 \(Amap\/DataV\) and converted to WGS84 automatically\. Evidence: the best fit to the shipped county outlines is \d+ m east, \d+ m south/);
    assert.equal(await page.locator('[data-testid=convert-gcj02]').isChecked(), true);
    // Unticked, the coordinates stay as they are; ticked again, converted as asked.
    await page.uncheck('[data-testid=convert-gcj02]');
    await page.waitForSelector('[data-testid=boundary-report][data-crs=gcj02]');
    assert.match(await page.locator('[data-testid=boundary-crs]').innerText(), /not converted \(your choice\)/);
    await page.check('[data-testid=convert-gcj02]');
    await page.waitForSelector('[data-testid=boundary-report][data-crs=converted-from-gcj02]');
    assert.match(await page.locator('[data-testid=boundary-crs]').innerText(), /converted from GCJ-02 to WGS84 as you asked: \d+ m from the shipped outlines, \d+ m before/);
    assert.equal(await page.locator('[data-testid=convert-gcj02]').isChecked(), true);
    await page.locator('.import').screenshot({ path: path.join(SHOTS, 'import-gcj02.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the worker ends once the boundaries are on the map, and a later choice starts a new one that reads the file again', { timeout: 180_000 }, async () => {
  const { context, page, problems, workerLoads } = await openPage('?region=522301');
  try {
    await page.setInputFiles('[data-testid=boundaries-file]', fixture('boundaries', 'renamed_township.geojson'));
    await page.waitForSelector('[data-testid=boundary-report][data-rejected="1"]', { timeout: 60_000 });
    // Its memory is given back: the worker is ended, not left holding the file and its shapes.
    await page.waitForSelector('[data-testid=import][data-worker=ended]', { state: 'attached', timeout: 10_000 });
    assert.equal(workerLoads.length, 1);
    const stages = await page.getAttribute('[data-testid=boundary-report]', 'data-stages-ms');
    assert.match(stages, /^starting \d+ reading \d+ parsing \d+ joining \d+ comparing \d+ reply \d+$/, 'where the time went');
    // The suggestion is still there to accept: a new worker reads the file again and joins it.
    await page.locator('[data-testid=boundary-accept-all]').click();
    await page.waitForSelector('[data-testid=boundary-report][data-joined="4"]', { timeout: 60_000 });
    assert.match(await page.locator('[data-testid=boundary-report]').innerText(), /已采纳建议/);
    assert.equal(workerLoads.length, 2, 'the choice started a new worker');
    await page.waitForFunction(() => document.querySelector('[data-testid=map-status]').dataset.shapesDrawn === '4');
    await page.waitForSelector('[data-testid=import][data-worker=ended]', { state: 'attached', timeout: 10_000 });
    // A station table after it is checked in a new worker, which is sent the boundaries again first.
    await page.setInputFiles('[data-testid=stations-file]', fixture('good', 'stations_gbk.csv'));
    assert.equal((await joinCounts(page)).joined, 12);
    assert.equal(workerLoads.length, 3);
    assert.equal(await page.getAttribute('[data-testid=boundary-report]', 'data-joined'), '4', 'the boundary report stays as it was');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

/** Every township of the registry as one station row each (UTF-8), repeated `times`. */
function nationalTable(times) {
  const lines = fs.readFileSync(path.join(repoRoot, 'data', 'divisions.csv'), 'utf8').split('\n');
  const header = lines[0].split(',');
  const code = header.indexOf('code');
  const rows = lines.slice(1).map((l) => l.split(',')[code]).filter((c) => c && c.length === 9);
  const out = ['乡镇代码,站点名称,状态'];
  for (let t = 0; t < times; t++) for (const c of rows) out.push(`${c},${c}社工站,运营`);
  return { text: out.join('\n') + '\n', townships: rows.length };
}

test('a national table shows its progress through every phase; a long job can be cancelled', { timeout: 300_000 }, async () => {
  const { context, page, problems, workerLoads } = await openPage('?lang=en');
  try {
    const national = nationalTable(1);
    const file = path.join(repoRoot, 'target', 'national-stations.csv');
    fs.writeFileSync(file, national.text);
    // Record every phase the bar shows, however briefly.
    await page.evaluate(() => {
      window.__phases = [];
      new MutationObserver(() => {
        const p = document.querySelector('[data-testid=stations-progress]')?.dataset.phase;
        if (p && window.__phases.at(-1) !== p) window.__phases.push(p);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.setInputFiles('[data-testid=stations-file]', file);
    const counts = await joinCounts(page);
    assert.equal(counts.joined, national.townships);
    const phases = await page.evaluate(() => window.__phases);
    for (const p of ['starting', 'reading', 'parsing', 'joining']) assert.ok(phases.includes(p), `phase ${p} shown: ${phases}`);
    assert.ok(phases.indexOf('reading') < phases.indexOf('parsing') && phases.indexOf('parsing') < phases.indexOf('joining'), String(phases));
    // The country's panel and the deadline board are recomputed from the loaded stations.
    await page.waitForFunction(() => /41352/.test(document.querySelector('[data-testid=region-coverage]').innerText));
    console.log(`national panel: ${await page.locator('[data-testid=region-coverage]').innerText()}`);

    // Four copies (165,408 rows, under the 200,000 rows of core's limits.rs): seconds of work,
    // cancelled once the worker is parsing.
    const big = path.join(repoRoot, 'target', 'national-stations-x4.csv');
    fs.writeFileSync(big, nationalTable(4).text);
    await page.setInputFiles('[data-testid=stations-file]', big);
    await page.waitForSelector('[data-testid=stations-progress][data-phase=parsing]', { timeout: 60_000 });
    await page.locator('.import').screenshot({ path: path.join(SHOTS, 'import-progress.png') });
    await page.click('[data-testid=import-cancel]');
    await settled(page);
    assert.match(await page.locator('[data-testid=join-counts]').innerText(), /national-stations\.csv: /, 'the last finished report stays');

    // A new file after a cancel starts a fresh importer and joins.
    await page.setInputFiles('[data-testid=stations-file]', fixture('good', 'stations_gbk.csv'));
    await page.waitForSelector('[data-testid=join-report][data-rows-read="12"]');
    assert.equal(workerLoads.length, 2);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('boundaries can be dropped on the page; a file too large for the tab is refused before reading', { timeout: 180_000 }, async () => {
  const { context, page, problems } = await openPage('?region=522301&lang=en');
  try {
    const drop = async (selector, name, content) => {
      const dataTransfer = await page.evaluateHandle(({ name, content }) => {
        const dt = new DataTransfer();
        const body = typeof content === 'number' ? new Uint8Array(content) : content;
        dt.items.add(new File([body], name));
        return dt;
      }, { name, content });
      await page.dispatchEvent(selector, 'drop', { dataTransfer });
    };
    const zone = '[data-testid=boundaries-file] >> xpath=..';
    await drop(zone, 'good.topojson', fs.readFileSync(fixture('boundaries', 'good.topojson'), 'utf8'));
    assert.deepEqual(await boundaryCounts(page), { read: 4, joined: 4, rejected: 0 });
    assert.equal(await page.getAttribute('[data-testid=boundary-report]', 'data-code-property'), 'XZQDM');

    await drop(zone, 'whole-country.geojson', 260 * 1024 * 1024);
    const refusal = page.locator('[data-testid=boundaries-error]');
    await refusal.waitFor();
    assert.equal(await refusal.innerText(), 'whole-country.geojson: 260 MB is more than this page can hold (250 MB); split the file by county');
    assert.equal(await page.locator('.import-progress').count(), 0, 'nothing was read');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('an import panel that cannot load is named in the page, and the map still works', { timeout: 180_000 }, async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  await context.route('**/import-panel.js', (route) => route.abort());
  const page = await context.newPage();
  const problems = trackPageProblems(page);
  try {
    await page.goto(new URL('?region=522301&lang=en', app.server.url).href);
    await page.waitForSelector('[data-testid=map-status][data-state=ready]', { state: 'attached', timeout: 60_000 });
    const failure = page.locator('[data-testid=import-failure]');
    await failure.waitFor({ timeout: 60_000 });
    assert.equal(await failure.innerText(), 'The import panel (import-panel.js) could not be loaded, so your own files cannot be imported; the map works as before.');
    assert.equal(await failure.getAttribute('role'), 'alert');
    assert.deepEqual(problems.filter((p) => !/import-panel\.js|Failed to load resource: net::ERR_FAILED/.test(p)), [], 'only the blocked script failed');
  } finally {
    await context.close();
  }
});

test('a message from the import panel that cannot be read is named in the page', { timeout: 180_000 }, async () => {
  const { context, page, problems } = await openPage('?region=522301&lang=en');
  try {
    await page.waitForSelector('[data-testid=stations-file]', { state: 'attached', timeout: 60_000 });
    assert.equal(await page.locator('[data-testid=import-failure]').count(), 0, 'no failure before one happens');
    await page.evaluate(() => window.dispatchEvent(new CustomEvent('atlas-panel', { detail: 'not json' })));
    const failure = page.locator('[data-testid=import-failure]');
    await failure.waitFor({ timeout: 10_000 });
    assert.match(await failure.innerText(), /^What the import panel sent could not be read: .*import-panel/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
