// Deadline board and progress charts in the built app (issue C): the board lists every region
// with a target, riskiest first; a row opens the region on the map and its full chart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { repoRoot, serveAppForTests, trackPageProblems } from '../../scripts/lib.mjs';

const SHOTS = path.join(repoRoot, 'screenshots');
const app = serveAppForTests({ before, after, shots: SHOTS });

async function ready(page, focus) {
  await page.waitForFunction(
    (f) => {
      const s = document.querySelector('[data-testid=map-status]');
      return s && s.dataset.state === 'ready' && s.dataset.focus === f && Number(s.dataset.shapesDrawn) > 0;
    },
    focus,
    { timeout: 60_000 },
  );
}

test('the deadline board ranks regions by risk and opens a region with its chart', { timeout: 180_000 }, async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = trackPageProblems(page);
  try {
    await page.goto(new URL('?lang=en', app.server.url).href);
    await ready(page, '');
    const board = page.locator('[data-testid=deadline-board]');
    await board.waitFor();
    const rows = await board.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({ code: tr.dataset.code, status: tr.dataset.status, text: tr.innerText })),
    );
    const codes = rows.map((r) => r.code);
    // Every seed region with a target is on the board.
    for (const code of ['5223', '5303', '330521', '330182', '3701', '450124', '6201']) {
      assert.ok(codes.includes(code), `board lacks ${code}: ${codes}`);
    }
    // Riskiest first: 黔西南 leads (its deadline passed at 101/140), then the regions whose
    // deadline passed with no township figure at all (梅州 114 by 2021, 天津, 石首 15 by 2023, …);
    // met regions come last.
    assert.deepEqual(rows.slice(0, 4).map((r) => [r.code, r.status]), [
      ['5223', 'Overdue'],
      ['4414', 'DeadlinePassedNoFigure'],
      ['12', 'DeadlinePassedNoFigure'],
      ['421081', 'DeadlinePassedNoFigure'],
    ]);
    const order = ['Overdue', 'DeadlinePassedNoFigure', 'AtRisk', 'PaceUnknown', 'OnTrack', 'NoDeadline', 'DenominatorNeeded', 'Met', 'NoTarget'];
    const ranks = rows.map((r) => order.indexOf(r.status));
    assert.deepEqual([...ranks].sort((a, b) => a - b), ranks, `not sorted by risk: ${rows.map((r) => r.status)}`);
    // 兰州's plan names no count: measured against its registry townships by the nation's date.
    assert.equal(rows.find((r) => r.code === '6201').status, 'DeadlinePassedNoFigure');
    assert.match(rows.find((r) => r.code === '330182').text, /2 years before/);
    // Each row carries a sparkline drawn by plotters.
    assert.equal(await board.locator('tbody tr td.spark svg').count(), rows.length);

    await board.locator('tr[data-code="5223"]').click();
    await ready(page, '5223');
    const chart = page.locator('[data-testid=progress-chart]');
    await chart.waitFor();
    assert.equal(await chart.getAttribute('data-code'), '5223');
    const svgText = await chart.locator('svg').textContent();
    assert.match(svgText, /101\/140/);
    assert.match(svgText, /140/);
    assert.match(svgText, /2025/);
    // The chart on screen is offered as the same SVG for a press release.
    const href = await page.getAttribute('[data-testid=chart-download]', 'href');
    const downloadable = decodeURIComponent(href.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
    assert.match(downloadable, /^<svg/);
    assert.match(downloadable, /101\/140/);
    await page.screenshot({ path: path.join(SHOTS, 'deadline-board.png'), fullPage: true });
    await chart.screenshot({ path: path.join(SHOTS, 'progress-5223.png') });

    // 建德's chart shows the lead: met two years before the deadline.
    await page.goto(new URL('?region=330182&lang=en', app.server.url).href);
    await ready(page, '330182');
    await page.locator('[data-testid=progress-chart][data-code="330182"]').waitFor();
    assert.match(await page.locator('[data-testid=progress-chart] svg').textContent(), /2 years/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
