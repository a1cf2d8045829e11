// A bureau's real spreadsheet in the page (issue F): a table in the bureau's own words walks
// the value step and "accept all" on a Chinese page until every row joins; its import recipe
// downloads, and a fresh page that loads the recipe first joins the same table the same way with
// no questions.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { repoRoot, serveAppForTests, trackPageProblems } from '../../scripts/lib.mjs';

const SHOTS = path.join(repoRoot, 'screenshots');
const BUREAUS = path.join(repoRoot, 'tests', 'fixtures', 'bureaus');
const TABLE = path.join(BUREAUS, 'wangmo_tab_gb18030.txt');
const app = serveAppForTests({ before, after, shots: SHOTS });

async function openPage(query) {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = trackPageProblems(page);
  await page.goto(new URL(query, app.server.url).href);
  await page.waitForSelector('[data-testid=map-status][data-state=ready]', { state: 'attached', timeout: 60_000 });
  return { context, page, problems };
}

/** The join report's counts once no job runs, checked to account for every row. */
async function joinCounts(page) {
  await page.waitForFunction(() => !document.querySelector('.import-progress'), null, { timeout: 120_000 });
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
  assert.equal(counts.rowsRead, counts.joined + counts.unmatched + counts.duplicates + counts.invalid + 1, 'every row is accounted for (one totals row)');
  return counts;
}

/** Waits until the report shows `joined` rows joined. */
async function joinedIs(page, joined) {
  await page.waitForFunction((n) => document.querySelector('[data-testid=join-report]')?.getAttribute('data-joined') === String(n), joined, { timeout: 60_000 });
  return joinCounts(page);
}

/** Value rows of the step as [column, value, rows]. */
async function valueRows(page) {
  return page.locator('[data-testid=value-row]').evaluateAll((rows) =>
    rows.map((r) => [r.dataset.field, r.dataset.value, r.querySelector('td.num').textContent]));
}

const MEANINGS = [
  ['状态', '已投用', 'operating'],
  ['星级', '良好', '4'],
  ['状态', '已完成验收', 'built'],
  ['星级', '合格', '3'],
  ['状态', '正在装修', 'planned'],
  ['星级', '基本合格', '2'],
  ['状态', '', 'no_station'],
];

test('a table in a bureau\'s own words joins after the value step and "accept all", and its recipe gives the same join', { timeout: 300_000 }, async () => {
  const { context, page, problems } = await openPage('?region=522326');
  let recipeJson;
  try {
    await page.setInputFiles('[data-testid=stations-file]', TABLE);
    let counts = await joinCounts(page);
    // 桑郎乡 and 麻山乡 find 望谟县's 镇 by a short form: only their values are unknown.
    assert.deepEqual(counts, { rowsRead: 17, joined: 1, unmatched: 0, duplicates: 0, invalid: 15 });
    // The Chinese page reports in Chinese.
    assert.match(await page.locator('[data-testid=join-counts]').innerText(), /^wangmo_tab_gb18030\.txt：读取17行，已匹配1，未匹配0，重复0，无效15，合计行1（已跳过），表头上方的标题行2（已跳过）$/);
    assert.match(await page.locator('.join-report .messages').innerText(), /第5行：状态 "已投用" 无法识别/);
    // The value step is open and lists each unknown value with its rows, most rows first.
    const step = page.locator('[data-testid=value-step]');
    assert.equal(await step.evaluate((d) => d.open), true);
    assert.equal(await step.getAttribute('data-unknown'), '7');
    assert.deepEqual(await valueRows(page), [
      ['状态', '已投用', '8'], ['星级', '良好', '4'], ['状态', '已完成验收', '4'], ['星级', '合格', '4'],
      ['状态', '正在装修', '2'], ['星级', '基本合格', '1'], ['状态', '', '1'],
    ]);
    await step.screenshot({ path: path.join(SHOTS, 'import-value-step.png') });

    // One choice per value; each re-joins in the worker.
    let invalid = counts.invalid;
    for (const [field, value, meaning] of MEANINGS) {
      const select = page.locator(`[data-testid=value-row][data-field="${field}"][data-value="${value}"] select`);
      await select.selectOption(meaning);
      await page.waitForFunction((before) => Number(document.querySelector('[data-testid=join-report]')?.getAttribute('data-invalid')) < before, invalid, { timeout: 60_000 });
      invalid = (await joinCounts(page)).invalid;
    }
    counts = await joinCounts(page);
    assert.deepEqual(counts, { rowsRead: 17, joined: 16, unmatched: 0, duplicates: 0, invalid: 0 });
    // The meanings given stay listed, changeable.
    assert.equal(await page.locator('[data-testid=value-step]').getAttribute('data-unknown'), '0');
    assert.equal(await page.locator('[data-testid=value-row]').count(), 7);

    // The two renamed 乡 joined their 镇 by a short form, each with an undo; undone, the row is
    // unmatched with the 镇 as its suggestion, and accepting it joins it again.
    const shortForms = page.locator('[data-testid=short-forms]');
    assert.equal(await shortForms.getAttribute('data-count'), '2');
    assert.match(await shortForms.innerText(), /乡镇 "桑郎乡" 按简称匹配为 桑郎镇 \(522326104\)/);
    await page.locator('[data-testid=undo-short-form]').first().click();
    counts = await joinedIs(page, 15);
    assert.deepEqual(counts, { rowsRead: 17, joined: 15, unmatched: 1, duplicates: 0, invalid: 0 });
    assert.match(await page.locator('.join-report .messages').innerText(), /桑郎乡.*是否指 桑郎镇 \(522326104\)/);
    const acceptAll = page.locator('[data-testid=accept-all]');
    assert.equal(await acceptAll.getAttribute('data-count'), '1');
    await page.locator('.import').screenshot({ path: path.join(SHOTS, 'import-report-zh.png') });
    await acceptAll.click();
    counts = await joinedIs(page, 16);
    assert.deepEqual(counts, { rowsRead: 17, joined: 16, unmatched: 0, duplicates: 0, invalid: 0 });
    assert.equal(await page.locator('[data-testid=undo-accepted]').innerText(), '撤销已接受的 1 条建议');
    const csv = decodeURIComponent(await page.getAttribute('[data-testid=join-report-csv]', 'href'));
    assert.match(csv, /行,结果,取值,原因,建议/);
    assert.match(csv, /11,已匹配,522326104 桑郎镇,"?已接受建议：/);
    assert.match(csv, /已匹配,522326105 麻山镇,"?乡镇 ""麻山乡"" 按简称匹配为/);
    assert.match(csv, /1,标题行,望谟县乡镇（街道）社会工作服务站建设情况统计表,/);

    // The recipe downloads with everything chosen.
    const download = page.locator('[data-testid=recipe-download]');
    assert.equal(await download.getAttribute('download'), 'wangmo_tab_gb18030.recipe.json');
    const href = await download.getAttribute('href');
    recipeJson = decodeURIComponent(href.slice(href.indexOf(',') + 1));
    const recipe = JSON.parse(recipeJson);
    assert.equal(recipe.format, 'coverage-atlas-import-recipe');
    assert.equal(recipe.columns.status, '建设进度');
    assert.equal(recipe.status_values['已投用'], 'operating');
    assert.deepEqual(recipe.rating_values['良好'], { stars: 4 });
    assert.deepEqual(recipe.accepted.map((a) => a.code), ['522326104']);
    assert.equal(recipe.refused, undefined, 'accepting again takes it off the refused list');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }

  // A fresh page: the recipe first, then the same table joins at once.
  const fresh = await openPage('?region=522326&lang=en');
  try {
    await fresh.page.setInputFiles('[data-testid=recipe-file]', { name: 'wangmo.recipe.json', mimeType: 'application/json', buffer: Buffer.from(recipeJson) });
    await fresh.page.waitForSelector('[data-testid=recipe-status]:has-text("wangmo.recipe.json")');
    await fresh.page.setInputFiles('[data-testid=stations-file]', TABLE);
    const counts = await joinCounts(fresh.page);
    assert.deepEqual(counts, { rowsRead: 17, joined: 16, unmatched: 0, duplicates: 0, invalid: 0 });
    assert.equal(await fresh.page.locator('[data-testid=value-step]').getAttribute('data-unknown'), '0');
    assert.equal(await fresh.page.locator('[data-testid=accept-all]').count(), 0);
    assert.match(await fresh.page.locator('[data-testid=join-counts]').innerText(), /17 rows read, 16 joined, 0 unmatched/);
    // A recipe for another table is refused with the columns it lacks, in the page's language.
    await fresh.page.setInputFiles('[data-testid=stations-file]', path.join(BUREAUS, 'xingyi_gbk.csv'));
    const problem = fresh.page.locator('[data-testid=recipe-problem]');
    await problem.waitFor({ timeout: 60_000 });
    assert.match(await problem.innerText(), /the header has no column the recipe names for .*status "建设进度"/);
    // A file that is not a recipe is refused, naming it.
    await fresh.page.setInputFiles('[data-testid=recipe-file]', { name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
    await fresh.page.waitForSelector('[data-testid=recipe-error]');
    assert.match(await fresh.page.locator('[data-testid=recipe-error]').innerText(), /^notes\.json: not an import recipe/);
    assert.deepEqual(fresh.problems, []);
  } finally {
    await fresh.context.close();
  }
});

test('a table and a boundary file with a renamed township: "accept all" on both, and the recipe reloads the same join', { timeout: 300_000 }, async () => {
  const boundaries = path.join(repoRoot, 'tests', 'fixtures', 'boundaries', 'renamed_township.geojson');
  const { context, page, problems } = await openPage('?region=522301');
  let recipeJson;
  try {
    await page.setInputFiles('[data-testid=stations-file]', path.join(BUREAUS, 'xingyi_gbk.csv'));
    // 猪场坪乡, under its old name, joins 猪场坪镇 by a short form unique in 兴义市.
    assert.deepEqual(await joinCounts(page), { rowsRead: 34, joined: 32, unmatched: 1, duplicates: 0, invalid: 0 });
    assert.equal(await page.locator('[data-testid=short-forms]').getAttribute('data-count'), '1');
    // Nothing to give a meaning: the bureau's words are all in the vocabulary.
    assert.equal(await page.locator('[data-testid=value-step]').count(), 0);
    assert.equal(await page.locator('[data-testid=accept-all]').count(), 0, '义龙新区 has nothing to suggest');
    assert.match(await page.locator('.join-report .messages').innerText(), /义龙新区/);
    // The article says all 32 townships of 兴义市 are complete; the table says otherwise, and
    // the page says which the map uses, in the report and in the region's panel.
    const note = /兴义市：已发布数据称截至 2023-12 全部 32 个乡镇已覆盖（来源 000）；导入的站点表中 32 个乡镇有行，28 个已覆盖、4 个未覆盖。地图按导入的站点表显示。/;
    assert.match(await page.locator('[data-testid=loaded-notes] li[data-region="522301"]').innerText(), note);
    assert.match(await page.locator('[data-testid=loaded-note]').innerText(), note);

    await page.setInputFiles('[data-testid=boundaries-file]', boundaries);
    const report = page.locator('[data-testid=boundary-report]');
    await page.waitForFunction(() => document.querySelector('[data-testid=boundary-report]')?.getAttribute('data-rejected') === '1', null, { timeout: 60_000 });
    assert.match(await report.innerText(), /猪场坪乡.*是否为 猪场坪镇（522301118）/);
    const acceptAll = page.locator('[data-testid=boundary-accept-all]');
    assert.equal(await acceptAll.getAttribute('data-count'), '1');
    await page.locator('.import').screenshot({ path: path.join(SHOTS, 'import-boundary-suggestion.png') });
    await acceptAll.click();
    await page.waitForFunction(() => document.querySelector('[data-testid=boundary-report]')?.getAttribute('data-joined') === '4', null, { timeout: 60_000 });
    assert.match(await report.innerText(), /已采纳建议/);
    const csv = decodeURIComponent(await page.getAttribute('[data-testid=boundary-report-csv]', 'href'));
    assert.match(csv, /要素,结果,代码,名称,原因,建议/);

    const href = await page.getAttribute('[data-testid=recipe-download]', 'href');
    recipeJson = decodeURIComponent(href.slice(href.indexOf(',') + 1));
    assert.deepEqual(JSON.parse(recipeJson).accepted, []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }

  const fresh = await openPage('?region=522301');
  try {
    await fresh.page.setInputFiles('[data-testid=recipe-file]', { name: 'xingyi.recipe.json', mimeType: 'application/json', buffer: Buffer.from(recipeJson) });
    await fresh.page.waitForSelector('[data-testid=recipe-status]:has-text("xingyi.recipe.json")');
    await fresh.page.setInputFiles('[data-testid=stations-file]', path.join(BUREAUS, 'xingyi_gbk.csv'));
    assert.deepEqual(await joinCounts(fresh.page), { rowsRead: 34, joined: 32, unmatched: 1, duplicates: 0, invalid: 0 });
    assert.equal(await fresh.page.locator('[data-testid=accept-all]').count(), 0);
    assert.deepEqual(fresh.problems, []);
  } finally {
    await fresh.context.close();
  }
});

test('an XLSX that would expand to 600 MB is refused in the page before it is inflated, naming the sizes', { timeout: 180_000 }, async () => {
  // The same bomb as core's test: a valid workbook whose sheet holds 600 MB of spaces, deflated.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-bomb-'));
  const bomb = path.join(dir, 'bomb.xlsx');
  execFileSync('python3', ['-c', `
import zipfile, sys
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="s" sheetId="1"/></sheets></workbook>')
    with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as f:
        f.write(b'<worksheet><sheetData>')
        chunk = b' ' * (1 << 20)
        for _ in range(600):
            f.write(chunk)
        f.write(b'</sheetData></worksheet>')
`, bomb]);
  const { context, page, problems } = await openPage('?region=522326');
  try {
    const started = Date.now();
    await page.setInputFiles('[data-testid=stations-file]', bomb);
    const error = page.locator('[data-testid=stations-error]');
    await error.waitFor({ timeout: 60_000 });
    const refusedMs = Date.now() - started;
    assert.match(await error.innerText(), /^bomb\.xlsx：/);
    assert.match(await error.innerText(), /600 MB/);
    // The worker's memory only grows: after a small table it shows the peak the bomb left.
    await page.setInputFiles('[data-testid=stations-file]', TABLE);
    await joinCounts(page);
    const memory = Number(await page.getAttribute('[data-testid=join-report]', 'data-worker-memory-bytes'));
    console.log(`zip bomb of ${(fs.statSync(bomb).size / 1024).toFixed(0)} KB refused in the page in ${refusedMs} ms (file chosen → message); worker memory after it ${(memory / 1048576).toFixed(1)} MB`);
    assert.ok(memory < 200 * 1048576, `the worker did not inflate the bomb: ${memory} bytes`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
