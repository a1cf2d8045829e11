// Station directory (issue 26, the panel): a station table with directory columns, published by
// `atlas publish` and served by a plain static server, lists a township's station in its panel:
// the office phone as a tel: link, the address as text, a map link; the personal mobiles of the
// table (负责人手机, private by default) appear nowhere in the page. In the county's view the
// stations are points on the map: a searched address opens its township with the station marked
// (the canvas pixel at its point in core's mark colour, the others in core's point colour), a
// hovered point shows its tooltip, a clicked one selects its township, and a focused entry of the
// panel is announced. From the country view, before any province's directory is read, the
// publication's station index finds a station by its address; the table lists the view's stations
// and the legend keys the points; the announcement sits under the map, never over a point.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, repoRoot, trackPageProblems } from '../../scripts/lib.mjs';

const SHOTS = path.join(repoRoot, 'screenshots');
const FIXTURES = path.join(repoRoot, 'tests', 'fixtures');
const DIST = process.env.ATLAS_DIST || path.join(repoRoot, 'dist');
const TABLE = path.join(FIXTURES, 'directory', 'qixingguan_amap_bom.csv');

/** `python3 -m http.server` on a free port, serving `dir`; resolves to { url, close }. */
function pythonServer(dir) {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const port = seen.match(/port (\d+)/);
      if (port) resolve({ url: `http://127.0.0.1:${port[1]}/`, close: () => child.kill() });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`http.server exited ${code}: ${seen}`)));
  });
}

/** The mobiles in the table's 负责人手机 column: none may reach the page. */
function personalMobiles() {
  const lines = fs.readFileSync(TABLE, 'utf8').split('\n');
  const header = lines[1].split(',');
  const column = header.indexOf('负责人手机');
  assert.ok(column >= 0, 'the fixture has its 负责人手机 column');
  return lines.slice(2).map((l) => l.split(',')[column]).filter((v) => /^1[3-9]\d{9}$/.test(v ?? ''));
}

const site = { dir: null, server: null, browser: null };

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  site.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-directory-'));
  const out = path.join(site.dir, 'site');
  const run = spawnSync('cargo', ['run', '-q', '-p', 'atlas-cli', '--', 'publish', '--out', out, '--app', DIST,
    '--stations', TABLE,
    '--boundaries', path.join(FIXTURES, 'boundaries', 'qixingguan_datav_wgs84.geojson')],
  { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  site.server = await pythonServer(out);
  site.browser = await launchChromium();
});

after(async () => {
  await site.browser?.close();
  site.server?.close();
  if (site.dir) fs.rmSync(site.dir, { recursive: true, force: true });
});

async function openTownship(width, lang) {
  const context = await site.browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = trackPageProblems(page);
  await page.goto(new URL(`?region=520502&sel=520502001&lang=${lang}`, site.server.url).href);
  await page.waitForSelector('[data-testid=map-status][data-state=ready]', { state: 'attached', timeout: 60_000 });
  await page.waitForSelector('[data-testid=directory-status][data-pending="0"][data-loaded="52"]', { state: 'attached', timeout: 60_000 });
  await page.waitForSelector('[data-testid=station-list]', { timeout: 30_000 });
  return { context, page, problems };
}

test('the township panel lists its station with a tel: link, its address and a map link, and no personal mobile', { timeout: 600_000 }, async () => {
  const { context, page, problems } = await openTownship(1280, 'zh');
  const panel = page.locator('[data-testid=region-panel]');
  const station = panel.locator('[data-testid=station]');
  assert.equal(await station.count(), 1);
  assert.match(await station.innerText(), /市西街道社会工作服务站/);
  assert.match(await station.innerText(), /七星关区市西街道1号便民服务中心二楼/);
  assert.match(await station.innerText(), /周一至周五 9:00-17:00/);
  const phone = station.locator('[data-testid=station-phone]');
  assert.equal(await phone.getAttribute('href'), 'tel:+868578220000');
  assert.equal(await phone.innerText(), '0857-8220000');
  const map = await station.locator('[data-testid=station-map-link]').getAttribute('href');
  assert.match(map, /^https:\/\/www\.openstreetmap\.org\/\?mlat=27\.\d+&mlon=105\.\d+#map=16\//);
  const html = await page.content();
  const mobiles = personalMobiles();
  assert.ok(mobiles.length > 40, `the fixture's mobiles: ${mobiles.length}`);
  for (const m of mobiles) assert.ok(!html.includes(m), `the personal mobile ${m} is in the page`);
  await panel.screenshot({ path: path.join(SHOTS, 'directory-panel.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('at 360 px, in English, the station reads in the page language', { timeout: 300_000 }, async () => {
  const { context, page, problems } = await openTownship(360, 'en');
  const station = page.locator('[data-testid=region-panel] [data-testid=station]');
  assert.match(await station.innerText(), /Address: /);
  assert.match(await station.innerText(), /View on a map/);
  await station.scrollIntoViewIfNeeded();
  await page.locator('[data-testid=region-panel]').screenshot({ path: path.join(SHOTS, 'directory-panel-360.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('an address holding markup stays text', { timeout: 300_000 }, async () => {
  const lines = fs.readFileSync(TABLE, 'utf8').split('\n');
  const row = lines.find((l) => l.includes('<img'));
  assert.ok(row, 'the fixture has an address with markup');
  const townshipName = row.split(',')[1];
  const divisions = fs.readFileSync(path.join(repoRoot, 'data', 'divisions.csv'), 'utf8');
  const code = divisions.split('\n').find((l) => l.startsWith('520502') && l.endsWith(`,${townshipName}`))?.split(',')[0];
  assert.ok(code, `${townshipName} is a township of 520502`);
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(new URL(`?region=520502&sel=${code}`, site.server.url).href);
  await page.waitForSelector('[data-testid=station-list]', { timeout: 60_000 });
  const text = await page.locator('[data-testid=station]').innerText();
  assert.match(text, /<img/);
  assert.equal(await page.locator('[data-testid=station] img').count(), 0);
  await context.close();
});

/** The drawn points: positions (CSS px) and the colour of the canvas pixel at each. */
async function drawnPoints(page) {
  return page.evaluate(() => {
    const c = document.querySelector('[data-testid=map-points]');
    const ctx = c.getContext('2d');
    const ratio = c.width / c.getBoundingClientRect().width;
    const hex = ([r, g, b]) => '#' + [r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('');
    const points = (c.dataset.points || '').split(';').filter(Boolean).map((xy) => {
      const [x, y] = xy.split(',').map(Number);
      const d = ctx.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data;
      return { x, y, colour: hex(d), alpha: d[3] };
    });
    return { points, fill: c.dataset.fill, mark: c.dataset.markFill, count: Number(c.dataset.count) };
  });
}

test('a searched address opens its township with its phone link and its point drawn on the map', { timeout: 600_000 }, async () => {
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = trackPageProblems(page);
  await page.goto(new URL('?region=520502&lang=zh', site.server.url).href);
  await page.waitForSelector('[data-testid=map-status][data-state=ready]', { state: 'attached', timeout: 60_000 });
  await page.waitForSelector('[data-testid=directory-status][data-pending="0"][data-loaded="52"]', { state: 'attached', timeout: 60_000 });
  await page.waitForSelector('[data-testid=map-points][data-count="43"]', { state: 'attached', timeout: 30_000 });

  await page.locator('[data-testid=search]').fill('市西街道1号便民');
  const hit = page.locator('[data-testid=search-station]');
  assert.equal(await hit.count(), 1);
  assert.match(await hit.innerText(), /市西街道社会工作服务站/);
  await hit.click();
  await page.waitForSelector('[data-testid=map-status][data-selected="520502001"]', { state: 'attached', timeout: 30_000 });
  const station = page.locator('[data-testid=region-panel] [data-testid=station]');
  assert.equal(await station.getAttribute('data-pointed'), 'true');
  const phone = station.locator('[data-testid=station-phone]');
  assert.equal(await phone.getAttribute('href'), 'tel:+868578220000');
  assert.match(await page.locator('[data-testid=map-announce]').innerText(), /社工站 市西街道社会工作服务站（市西街道）.*0857-8220000/);

  // Every placed station is drawn: the pointed one in the mark's colour, the rest in core's.
  const drawn = await drawnPoints(page);
  assert.equal(drawn.points.length, 43);
  assert.equal(drawn.fill, '#1b1b1b');
  const marked = drawn.points.filter((p) => p.colour === drawn.mark && p.alpha === 255);
  const plain = drawn.points.filter((p) => p.colour === drawn.fill && p.alpha === 255);
  assert.equal(marked.length, 1, JSON.stringify(drawn.points.slice(0, 5)));
  assert.equal(plain.length, 42);
  await page.locator('.map-frame').screenshot({ path: path.join(SHOTS, 'directory-points.png') });

  // Hover another point: its tooltip; click it: its township is selected and its entry marked.
  // One away from the frame's top, where the zoom buttons sit.
  const other = plain.find((p) => p.y > 250) ?? plain[0];
  const box = await page.locator('[data-testid=map-canvas]').boundingBox();
  await page.mouse.move(box.x + other.x, box.y + other.y);
  const tip = page.locator('[data-testid=station-tooltip]');
  await tip.waitFor({ timeout: 10_000 });
  const name = (await tip.locator('strong').innerText()).trim();
  assert.match(name, /社会工作服务站$/);
  assert.notEqual(name, '市西街道社会工作服务站');
  await page.locator('.map-frame').screenshot({ path: path.join(SHOTS, 'directory-points-hover.png') });
  await page.mouse.click(box.x + other.x, box.y + other.y);
  await page.waitForFunction(() => document.querySelector('[data-testid=map-status]').dataset.selected !== '520502001');
  await page.waitForSelector('[data-testid=station][data-pointed=true]', { timeout: 10_000 });
  assert.equal(await station.locator('.station-name').innerText(), name);

  // Keyboard: the panel's entry takes focus and is announced; the map marks its point.
  await page.mouse.move(box.x + 2, box.y + 2);
  await station.focus();
  await page.waitForFunction((n) => document.querySelector('[data-testid=map-announce]').innerText.includes(n), name);
  assert.equal((await drawnPoints(page)).points.filter((p) => p.colour === drawn.mark).length, 1);
  await page.locator('.map-frame').screenshot({ path: path.join(SHOTS, 'directory-points-focused.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('at 360 px the county view shows its points and the searched station', { timeout: 300_000 }, async () => {
  const context = await site.browser.newContext({ viewport: { width: 360, height: 780 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = trackPageProblems(page);
  await page.goto(new URL('?region=520502&lang=en', site.server.url).href);
  await page.waitForSelector('[data-testid=map-points][data-count="43"]', { state: 'attached', timeout: 60_000 });
  await page.locator('.map-frame').screenshot({ path: path.join(SHOTS, 'directory-points-map-360.png') });
  await page.locator('[data-testid=search]').fill('市西街道1号便民');
  await page.locator('[data-testid=search-station]').click();
  await page.waitForSelector('[data-testid=station][data-pointed=true]', { timeout: 30_000 });
  const drawn = await drawnPoints(page);
  assert.equal(drawn.points.filter((p) => p.colour === drawn.mark).length, 1);
  await page.screenshot({ path: path.join(SHOTS, 'directory-points-360.png'), fullPage: false });
  await page.locator('[data-testid=region-panel]').screenshot({ path: path.join(SHOTS, 'directory-points-panel-360.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

/** The map frame's and the live region's boxes, and every drawn point in page pixels. */
async function layoutOfMap(page) {
  return page.evaluate(() => {
    const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; };
    const c = document.querySelector('[data-testid=map-points]');
    const at = c.getBoundingClientRect();
    const points = (c.dataset.points || '').split(';').filter(Boolean).map((xy) => {
      const [x, y] = xy.split(',').map(Number);
      return { x: at.left + x, y: at.top + y };
    });
    return {
      frame: box(document.querySelector('.map-frame')),
      announce: box(document.querySelector('[data-testid=map-announce]')),
      announced: document.querySelector('[data-testid=map-announce]').innerText,
      points,
    };
  });
}

/** No drawn point lies under the live region, and the region is outside the map frame. */
function assertAnnouncementClearOfPoints(layout) {
  const { frame, announce, points } = layout;
  assert.ok(layout.announced.length > 0, 'something was announced');
  assert.ok(announce.top >= frame.bottom - 0.5, `the live region (${JSON.stringify(announce)}) is under the map frame (${JSON.stringify(frame)})`);
  const covered = points.filter((p) => p.x >= announce.left && p.x <= announce.right && p.y >= announce.top && p.y <= announce.bottom);
  assert.deepEqual(covered, []);
}

async function findFromCountry(width, lang) {
  const context = await site.browser.newContext({ viewport: { width, height: width < 500 ? 780 : 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = trackPageProblems(page);
  await page.goto(new URL(`?lang=${lang}`, site.server.url).href);
  await page.waitForSelector('[data-testid=map-status][data-state=ready]', { state: 'attached', timeout: 60_000 });
  // The country view has read no province's directory: what search finds comes from the index.
  assert.equal(await page.locator('[data-testid=directory-status]').getAttribute('data-loaded'), '');
  await page.locator('[data-testid=search]').fill('市西街道1号便民');
  const hit = page.locator('[data-testid=search-station]');
  await hit.waitFor({ timeout: 30_000 });
  assert.equal(await hit.count(), 1);
  assert.match(await hit.innerText(), /市西街道社会工作服务站/);
  assert.equal(await hit.getAttribute('data-code'), '520502001');
  await hit.click();
  await page.waitForSelector('[data-testid=map-status][data-selected="520502001"]', { state: 'attached', timeout: 30_000 });
  await page.waitForSelector('[data-testid=directory-status][data-pending="0"][data-loaded="52"]', { state: 'attached', timeout: 60_000 });
  const station = page.locator('[data-testid=region-panel] [data-testid=station][data-pointed=true]');
  await station.waitFor({ timeout: 30_000 });
  assert.match(await station.innerText(), /市西街道社会工作服务站/);
  assert.equal(await station.locator('[data-testid=station-phone]').getAttribute('href'), 'tel:+868578220000');
  await page.waitForSelector('[data-testid=map-points][data-count="43"]', { state: 'attached', timeout: 30_000 });
  const drawn = await drawnPoints(page);
  assert.equal(drawn.points.filter((p) => p.colour === drawn.mark && p.alpha === 255).length, 1, 'the found station is marked on the map');
  return { context, page, problems };
}

test('from the country view a typed address finds the station: its township, phone, point, table row and legend key', { timeout: 600_000 }, async () => {
  const { context, page, problems } = await findFromCountry(1280, 'zh');
  await page.waitForFunction(() => document.querySelector('[data-testid=map-announce]').innerText.includes('市西街道社会工作服务站'));
  assertAnnouncementClearOfPoints(await layoutOfMap(page));
  await page.locator('.map-column').screenshot({ path: path.join(SHOTS, 'directory-found-from-country.png') });

  // The table's stations: every station the map draws or lists in the county, the found one
  // marked, its phone a tel: link; a keyboard reaches its name and opens another station.
  const table = page.locator('[data-testid=station-table]');
  const rows = table.locator('[data-testid=station-row]');
  assert.equal(await rows.count(), 47);
  const found = rows.filter({ hasText: '市西街道社会工作服务站' });
  assert.equal(await found.count(), 1);
  assert.match(await found.innerText(), /市西街道/);
  assert.match(await found.innerText(), /七星关区市西街道1号便民服务中心二楼/);
  assert.match(await found.innerText(), /周一至周五 9:00-17:00/);
  assert.equal(await found.locator('[data-testid=station-table-phone]').getAttribute('href'), 'tel:+868578220000');
  assert.match(await found.getAttribute('class'), /pointed/);
  assert.match(await page.locator('[data-testid=station-table-section] caption').innerText(), /^站点/);
  const second = rows.nth(1);
  const code = await second.getAttribute('data-code');
  await second.locator('button.station-open').focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-testid=map-status][data-selected="${code}"]`, { state: 'attached', timeout: 10_000 });
  await page.waitForSelector('[data-testid=region-panel] [data-testid=station][data-pointed=true]', { timeout: 10_000 });
  await page.locator('[data-testid=station-table-section]').screenshot({ path: path.join(SHOTS, 'directory-table.png') });

  // The legend keys the points with core's look and the number drawn.
  const key = page.locator('[data-testid=legend-points]');
  assert.match(await key.innerText(), /社工站（点）\s*43/);
  const look = await key.locator('.point').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(look, 'rgb(27, 27, 27)');
  await page.locator('[data-testid=legend]').screenshot({ path: path.join(SHOTS, 'directory-legend.png') });

  // Back up to the prefecture: no points, so no key and no stations section.
  await page.goto(new URL('?region=5205&lang=zh', site.server.url).href);
  await page.waitForSelector('[data-testid=map-status][data-state=ready]', { state: 'attached', timeout: 60_000 });
  await page.waitForSelector('[data-testid=directory-status][data-pending="0"][data-loaded="52"]', { state: 'attached', timeout: 60_000 });
  assert.equal(await page.locator('[data-testid=legend-points]').count(), 0);
  assert.equal(await page.locator('[data-testid=station-table]').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('at 360 px, in English, the station is found from the country view and the live region hides no point', { timeout: 600_000 }, async () => {
  const { context, page, problems } = await findFromCountry(360, 'en');
  await page.waitForFunction(() => document.querySelector('[data-testid=map-announce]').innerText.includes('市西街道社会工作服务站'));
  assertAnnouncementClearOfPoints(await layoutOfMap(page));
  await page.locator('.map-column').screenshot({ path: path.join(SHOTS, 'directory-found-from-country-360.png') });
  assert.match(await page.locator('[data-testid=legend-points]').innerText(), /Station \(point\)\s*43/);
  await page.locator('[data-testid=legend]').screenshot({ path: path.join(SHOTS, 'directory-legend-360.png') });
  const section = page.locator('[data-testid=station-table-section]');
  assert.match(await section.locator('caption').innerText(), /^Stations in this view/);
  assert.equal(await section.locator('[data-testid=station-row]').count(), 47);
  // Its first stations as a reader scrolls to them (the whole list is 47 cards long).
  await section.evaluate((el) => el.scrollIntoView());
  await page.screenshot({ path: path.join(SHOTS, 'directory-table-360.png') });
  assert.deepEqual(problems, []);
  await context.close();
});
