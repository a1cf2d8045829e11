// A county's files as bureaus and map portals write them, through the page's import panel:
// 七星关区's table (民族乡 written without their nationalities, 街道 left off, 是否挂牌 beside
// 是否实体化运营, notes under the table) joins every township, and the county's DataV boundary
// file in GCJ-02 is judged so and converted by default, while its WGS84 twin is not.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { repoRoot, serveAppForTests, trackPageProblems } from '../../scripts/lib.mjs';

const SHOTS = path.join(repoRoot, 'screenshots');
const FIXTURES = path.join(repoRoot, 'tests', 'fixtures');
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
    invalid: await n('invalid'),
    totals: await n('summary-rows'),
    notes: await n('note-rows'),
  };
  assert.equal(counts.rowsRead, counts.joined + counts.unmatched + counts.invalid + (await n('duplicates')) + counts.totals + counts.notes, 'every row is accounted for');
  return counts;
}

async function crsOf(page, crs) {
  await page.waitForSelector(`[data-testid=boundary-report][data-crs=${crs}]`, { timeout: 120_000 });
  await page.waitForFunction(() => !document.querySelector('.import-progress'), null, { timeout: 120_000 });
  return page.locator('[data-testid=boundary-crs]').innerText();
}

test('七星关区: the table joins every township as the bureau names them, and its DataV file in GCJ-02 is converted by default', { timeout: 300_000 }, async () => {
  const { context, page, problems } = await openPage('?region=520502');
  try {
    await page.setInputFiles('[data-testid=stations-file]', path.join(FIXTURES, 'bureaus', 'qixingguan_bom.csv'));
    assert.deepEqual(await joinCounts(page), { rowsRead: 51, joined: 48, unmatched: 0, invalid: 0, totals: 1, notes: 2 });
    assert.match(await page.locator('[data-testid=join-counts]').innerText(), /读取51行，已匹配48，未匹配0，重复0，无效0，合计行1（已跳过），表头上方的标题行1（已跳过），注释或署名行2（已跳过）/);
    // The two status columns are two fields of the column step.
    assert.equal(await page.locator('[data-testid=column-status] option:checked').textContent(), '3 · 是否挂牌 — 是');
    assert.equal(await page.locator('[data-testid=column-operating] option:checked').textContent(), '4 · 是否实体化运营 — 是');
    // Eight names matched by a short form inside the county, each with an undo.
    const shortForms = page.locator('[data-testid=short-forms]');
    assert.equal(await shortForms.getAttribute('data-count'), '8');
    const listed = await shortForms.innerText();
    for (const [written, registry] of [['千溪乡', '千溪彝族苗族白族乡'], ['阿市乡', '阿市苗族彝族乡'], ['三板桥', '三板桥街道']]) {
      assert.match(listed, new RegExp(`"${written}" 按简称匹配为 ${registry}`));
    }
    assert.equal(await page.locator('[data-testid=undo-short-form]').count(), 8);
    await page.locator('[data-testid=note-rows] summary').click();
    assert.match(await page.locator('[data-testid=note-rows]').innerText(), /第53行：表格下方的注释、署名或联系方式行：已跳过，不是站点: “?注：实体化运营指/);
    await page.locator('.import').screenshot({ path: path.join(SHOTS, 'import-qixingguan.png') });

    // The DataV file: judged GCJ-02 from the best-fit shift and its properties, converted.
    await page.setInputFiles('[data-testid=boundaries-file]', path.join(FIXTURES, 'boundaries', 'qixingguan_datav_gcj02.geojson'));
    const crs = await crsOf(page, 'converted-from-gcj02');
    assert.match(crs, /^判断为 GCJ-02（高德\/DataV）坐标，已自动转换为 WGS84。依据：与内置县界的最佳拟合偏移为东移 \d+ 米、南移 \d+ 米/);
    assert.match(crs, /48\/48 个要素带有 DataV\/高德的属性/);
    assert.equal(await page.getAttribute('[data-testid=boundary-report]', 'data-joined'), '48');
    assert.equal(await page.locator('[data-testid=convert-gcj02]').isChecked(), true);
    await page.waitForFunction(() => document.querySelector('[data-testid=map-status]')?.dataset.shapesDrawn === '48', null, { timeout: 60_000 });
    await page.locator('.import').screenshot({ path: path.join(SHOTS, 'import-datav-gcj02.png') });
    await page.screenshot({ path: path.join(SHOTS, 'qixingguan-own-files.png') });
    // The user can keep the coordinates as they are.
    await page.uncheck('[data-testid=convert-gcj02]');
    assert.match(await crsOf(page, 'gcj02'), /未转换（按您的选择）/);

    // The same county in WGS84, DataV's properties and all: not GCJ-02, nothing offered.
    await page.setInputFiles('[data-testid=boundaries-file]', path.join(FIXTURES, 'boundaries', 'qixingguan_datav_wgs84.geojson'));
    assert.match(await crsOf(page, 'lonlat'), /经纬度，WGS84\/CGCS2000：与内置县界相差 \d+ 米/);
    assert.equal(await page.locator('[data-testid=convert-gcj02]').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
