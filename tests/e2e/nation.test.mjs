// The nation as a region with a target (issue K): the country view's panel leads with the
// national figure and links its press pages, the national progress chart shows both milestones
// toward "every township by the end of 2025", and the deadline board has the nation's row.
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

test('the country view leads with the nation: its figures, sources, chart and board row', { timeout: 180_000 }, async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = trackPageProblems(page);
  try {
    await page.goto(new URL('?lang=en', app.server.url).href);
    await ready(page, '');

    // The panel: the nation's reported rate, its milestones, and links to the pages.
    const panel = page.locator('[data-testid=region-panel]');
    assert.match(await panel.locator('h3').innerText(), /^全国/);
    assert.match(
      await panel.locator('[data-testid=region-coverage]').innerText(),
      /^56% covered \(reported rate, as of 2022-06-30; 21000 stations; the 2023 registry lists 41352 townships\)/,
    );
    const panelText = await panel.innerText();
    assert.match(panelText, /17000 townships with a station/);
    assert.match(panelText, /year not given|2021/);
    const links = panel.locator('[data-testid=source-link]');
    assert.ok((await links.count()) >= 2, 'the press pages are links');
    for (const link of await links.all()) {
      assert.equal(await link.getAttribute('target'), '_blank');
      assert.match(await link.getAttribute('rel'), /noopener/);
      assert.match(await link.getAttribute('href'), /^http:\/\/[a-z0-9.-]+\//);
    }
    const mirror = panel.locator('[data-testid=source-link]', { hasText: '(mirror)' });
    assert.equal(await mirror.getAttribute('href'), 'http://fjliren.com/n152/n166/c44787/content.html');
    // A page named only by site and page name is text, not a link to a guessed address.
    assert.match(panelText, /jinan\.dzwww\.com, page t20210922_9189677\.htm/);
    assert.equal(await panel.locator('a', { hasText: 'jinan.dzwww.com' }).count(), 0);

    // The national progress chart: both milestones, the deadline, no invented target line.
    const chart = page.locator('[data-testid=progress-chart][data-code=""]');
    await chart.waitFor();
    const svgText = await chart.locator('svg').textContent();
    assert.match(svgText, /全国/);
    assert.match(svgText, /17000/);
    assert.match(svgText, /21000 \(56%\)/);
    assert.match(svgText, /2025/);
    assert.match(svgText, /denominator needed/);
    assert.match(svgText, /chinadevelopmentbrief\.org/);
    await page.screenshot({ path: path.join(SHOTS, 'country-nation.png'), fullPage: false });
    await chart.screenshot({ path: path.join(SHOTS, 'progress-nation.png') });

    // The board: the nation's row, with its count, deadline and achieved pace.
    const board = page.locator('[data-testid=deadline-board]');
    const row = board.locator('tr[data-code=""]');
    assert.equal(await row.count(), 1);
    assert.equal(await row.getAttribute('data-status'), 'DenominatorNeeded');
    const rowText = await row.innerText();
    assert.match(rowText, /全国/);
    assert.match(rowText, /21000\/\?/);
    assert.match(rowText, /2025-12-31/);
    assert.equal(await row.locator('td.spark svg').count(), 1);
    // 河南, 广东, 云南 and 濮阳 plan without a township count: measured against the registry's
    // townships by the nation's end of 2025, they have no township figure since.
    for (const code of ['41', '44', '53', '4109']) {
      assert.equal(await board.locator(`tr[data-code="${code}"]`).getAttribute('data-status'), 'DeadlinePassedNoFigure', code);
    }
    await row.scrollIntoViewIfNeeded();
    await board.screenshot({ path: path.join(SHOTS, 'deadline-board-nation.png') });

    // Opening the row from a province comes back to the country and its chart.
    await page.goto(new URL('?region=52&lang=en', app.server.url).href);
    await ready(page, '52');
    await page.locator('[data-testid=deadline-board] tr[data-code=""]').click();
    await ready(page, '');
    await page.locator('[data-testid=progress-chart][data-code=""]').waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('provinces drawn by their reported figures, with their dates on the time slider', { timeout: 180_000 }, async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = trackPageProblems(page);
  try {
    await page.goto(new URL('?region=43&date=2019-12&lang=en', app.server.url).href);
    await ready(page, '43');
    assert.match(
      await page.locator('[data-testid=region-coverage]').innerText(),
      /^1940\/1940 \(100%\) · reported total, as of 2019-12/,
    );
    await page.goto(new URL('?region=35&lang=en', app.server.url).href);
    await ready(page, '35');
    assert.match(await page.locator('[data-testid=region-coverage]').innerText(), /^56\.7% covered \(reported rate, as of 2021-06-09; 624 stations/);
    // 福建's prefectures have no figure of their own: they stand under the province's rate, hatched.
    const st = await page.locator('[data-testid=map-status]').getAttribute('data-styles');
    assert.match(st, /Bin\(\d\)\/r:\d+/);
    // On the country map: 福建's nine prefectures and 黔西南 at 50–75%, hatched; 山东's and
    // 湖南's prefectures under their full coverage, hatched, where they have no own figure.
    await page.goto(new URL('?lang=en', app.server.url).href);
    await ready(page, '');
    const styles = await page.locator('[data-testid=map-status]').getAttribute('data-styles');
    assert.match(styles, /Bin\(2\)\/r:10\b/, styles);
    assert.match(styles, /Full\/r:\d+/, styles);
    // Before 湖南's figure (2019-11) nothing of it is drawn; the slider reaches that month.
    await page.goto(new URL('?region=43&date=2019-11&lang=en', app.server.url).href);
    await ready(page, '43');
    assert.equal(await page.locator('[data-testid=time-slider]').inputValue(), '0');
    assert.match(await page.locator('[data-testid=region-coverage]').innerText(), /^no reported figure/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
