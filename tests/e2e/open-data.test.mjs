// Open data (issue L): the page downloads the table of a province view as CSV (for Excel with a
// byte-order mark, and plain UTF-8) and its regions as GeoJSON; both parse, the CSV's rows are
// the table's, the GeoJSON's features carry the codes on screen in lon/lat, and the CLI's
// `atlas stats` gives the same bytes. A reader files a correction from the region's panel; the
// record downloads as JSON and CSV, what they typed is never markup, and `atlas corrections`
// lists the records.
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
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${testid}]`)]);
  const file = path.join(os.tmpdir(), `atlas-${process.pid}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return { file, name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
}

function todayIso() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function atlasCli(args) {
  return execFileSync('cargo', ['run', '-q', '-p', 'atlas-cli', '--', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** Twice the signed area of a ring: positive when counter-clockwise. */
function signedArea2(ring) {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s;
}

test('a province view downloads as CSV and GeoJSON, equal to the table and to atlas stats', { timeout: 600_000 }, async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = trackPageProblems(page);
  try {
    await page.goto(new URL('?region=52', app.server.url).href);
    await page.waitForSelector('[data-testid=map-status][data-state=ready][data-focus="52"]', { state: 'attached', timeout: 60_000 });
    const table = await page.$$eval('[data-testid=region-table] tbody tr', (trs) =>
      trs.map((tr) => ({ code: tr.dataset.code, name: tr.cells[0].textContent, counts: tr.cells[2].textContent })));
    assert.ok(table.length > 50, `Guizhou's counties in the table: ${table.length}`);

    const excel = await downloaded(page, 'download-csv-excel');
    const plain = await downloaded(page, 'download-csv');
    const geo = await downloaded(page, 'download-geojson');
    assert.equal(excel.name, 'coverage-52.csv');
    assert.equal(plain.name, 'coverage-52.utf8.csv');
    assert.equal(geo.name, 'coverage-52.geojson');
    assert.deepEqual([...excel.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the Excel CSV starts with a BOM');
    assert.ok(excel.bytes.subarray(3).equals(plain.bytes), 'the two CSVs differ only by the BOM');

    const [header, ...rows] = parseCsv(plain.bytes.toString('utf8'));
    assert.deepEqual(header.slice(0, 6), ['code', 'name', 'covered', 'covered_at_least', 'total', 'coverage_pct']);
    for (const col of ['class_label', 'stars_5', 'excellent', 'deadline_status', 'as_of', 'source_id', 'source_title']) {
      assert.ok(header.includes(col), `column ${col}`);
    }
    const at = (row, col) => row[header.indexOf(col)];
    const byCode = [...table].sort((a, b) => a.code.localeCompare(b.code));
    assert.deepEqual(rows.map((r) => at(r, 'code')), byCode.map((r) => r.code), 'one CSV row per table row, in code order');
    for (const [i, row] of rows.entries()) {
      assert.equal(at(row, 'name'), byCode[i].name);
      const counts = at(row, 'covered') !== '' ? `${at(row, 'covered')}/${at(row, 'total')}`
        : at(row, 'covered_at_least') !== '' ? `≥${at(row, 'covered_at_least')}/${at(row, 'total')}` : `–/${at(row, 'total')}`;
      assert.equal(counts, byCode[i].counts, `${at(row, 'code')}: counts as in the table`);
    }

    const collection = JSON.parse(geo.bytes.toString('utf8'));
    assert.equal(collection.type, 'FeatureCollection');
    assert.deepEqual(collection.features.map((f) => f.id), byCode.map((r) => r.code), 'features carry the codes on screen');
    for (const f of collection.features) {
      assert.equal(f.type, 'Feature');
      assert.equal(f.properties.code, f.id);
      const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      assert.ok(['Polygon', 'MultiPolygon'].includes(f.geometry.type));
      for (const rings of polygons) {
        rings.forEach((ring, i) => {
          assert.deepEqual(ring[0], ring[ring.length - 1], 'closed ring');
          for (const [lon, lat] of ring) assert.ok(lon > 103 && lon < 110 && lat > 24 && lat < 29.5, `${f.id} in Guizhou: ${lon},${lat}`);
          assert.equal(signedArea2(ring) > 0, i === 0, `${f.id}: exterior counter-clockwise, holes clockwise`);
        });
      }
    }

    // The citation names the publisher, the licence and this view's link.
    const zh = await page.inputValue('[data-testid=citation-zh]');
    const en = await page.inputValue('[data-testid=citation-en]');
    assert.match(zh, /Coverage Atlas 示例数据/);
    assert.match(en, /Licence: /);
    for (const c of [zh, en]) assert.ok(c.includes(new URL('?region=52', app.server.url).href), c);
    await page.locator('[data-testid=open-data]').scrollIntoViewIfNeeded();
    await page.locator('[data-testid=open-data]').screenshot({ path: path.join(SHOTS, 'open-data-52.png') });

    // The same view from the command line: the same bytes.
    const today = todayIso();
    assert.ok(atlasCli(['stats', '--region', '52', '--today', today]).equals(plain.bytes), 'CLI CSV = page CSV');
    assert.ok(atlasCli(['stats', '--region', '52', '--today', today, '--bom']).equals(excel.bytes), 'CLI --bom = Excel CSV');
    assert.ok(atlasCli(['stats', '--region', '52', '--today', today, '--format', 'geojson']).equals(geo.bytes), 'CLI GeoJSON = page GeoJSON');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a reader files a correction; the record downloads and atlas corrections lists it', { timeout: 600_000 }, async () => {
  // Tall enough that the side panel shows the whole form and its report in the screenshot.
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 1500 }, acceptDownloads: true, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = trackPageProblems(page);
  try {
    // The country's figure is a sum: the page asks for a region first.
    await page.goto(app.server.url);
    await page.waitForSelector('[data-testid=map-status][data-state=ready]', { state: 'attached', timeout: 60_000 });
    assert.equal(await page.$('[data-testid=report-wrong]'), null);
    assert.match(await page.textContent('[data-testid=report-hint]'), /请先在地图或表格中选择该地区/);
    await page.goto(new URL('?region=5223&sel=522301', app.server.url).href);
    await page.waitForSelector('[data-testid=map-status][data-state=ready][data-focus="5223"]', { state: 'attached', timeout: 60_000 });
    await page.click('[data-testid=report-wrong]');
    await page.waitForSelector('[data-testid=correction-form]');
    assert.match(await page.textContent('[data-testid=correction-about]'), /兴义市 522301/);
    const markup = '<img src=x onerror="window.__pwned=1">站点上月已挂牌运营';
    await page.fill('[data-testid=correction-what]', markup);
    await page.fill('[data-testid=correction-should]', '=1+1 应为已覆盖');
    await page.fill('[data-testid=correction-evidence]', 'https://example.gov.cn/notice?id=1&x=<b>');
    await page.fill('[data-testid=correction-contact]', 'reader@example.com');
    await page.click('[data-testid=correction-make]');
    await page.waitForSelector('[data-testid=correction-preview]');
    const preview = await page.textContent('[data-testid=correction-preview]');
    assert.ok(preview.includes(markup), 'the text shows as typed');
    assert.equal(await page.$$eval('[data-testid=correction] img, [data-testid=correction] b', (n) => n.length), 0, 'never markup');
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    // The shipped data names no contact: the page says so and offers the record only.
    assert.match(await page.textContent('[data-testid=correction-no-contact]'), /未提供更正联系方式/);
    assert.equal(await page.$('[data-testid=correction-mailto]'), null);
    await page.locator('[data-testid=correction]').screenshot({ path: path.join(SHOTS, 'correction-form.png') });

    const json = await downloaded(page, 'correction-json');
    const csv = await downloaded(page, 'correction-csv');
    assert.match(json.name, /^correction-522301-\d{4}-\d\d-\d\d\.json$/);
    const record = JSON.parse(json.bytes.toString('utf8'));
    assert.equal(record.format, 'coverage-atlas-correction/1');
    assert.equal(record.region_code, '522301');
    assert.equal(record.what_is_wrong, markup);
    assert.ok(record.permalink.includes('region=5223') && record.permalink.includes('sel=522301'), record.permalink);
    assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.ok(csv.bytes.toString('utf8').includes(`"'=1+1 应为已覆盖"`) || csv.bytes.toString('utf8').includes(`'=1+1 应为已覆盖`),
      'a formula-like answer is guarded for spreadsheets');

    const listed = atlasCli(['corrections', '--lang', 'en', json.file, csv.file]).toString('utf8');
    assert.match(listed, /^2 correction records: 2 open, 0 changed since/);
    assert.ok(listed.includes(`${json.name} #1 522301 兴义市: open`), listed);
    assert.ok(listed.includes(`what is wrong: ${markup}`), listed);
    assert.ok(listed.includes('should be: =1+1 应为已覆盖'), 'the CSV guard is taken off when read back');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
