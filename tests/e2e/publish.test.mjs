// Publish (issue G): a county bureau's station table (with its import recipe) and official
// township boundaries become a published site with `atlas publish`; served by a plain static
// server (python3 -m http.server), the site opens on the bureau's data with no import step, its
// presentation mode tours it, and its export equals `atlas render --data` of the same folder.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, repoRoot, trackPageProblems } from '../../scripts/lib.mjs';

const SHOTS = path.join(repoRoot, 'screenshots');
const FIXTURES = path.join(repoRoot, 'tests', 'fixtures');
const DIST = process.env.ATLAS_DIST || path.join(repoRoot, 'dist');

function todayIso() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** `atlas publish` of the 兴义市 fixture into `out`, with `extra` flags; the process's result. */
function publish(out, reports, extra = []) {
  return spawnSync('cargo', ['run', '-q', '-p', 'atlas-cli', '--', 'publish', '--out', out, '--app', DIST,
    '--reports', reports,
    '--stations', path.join(FIXTURES, 'bureaus', 'xingyi_gbk.csv'),
    '--recipe', path.join(FIXTURES, 'publish', 'xingyi.recipe.json'),
    '--boundaries', path.join(FIXTURES, 'boundaries', 'renamed_township.geojson'), '--accept-suggestions',
    '--publisher', path.join(FIXTURES, 'publish', 'publisher.json'),
    '--today', todayIso(), ...extra], { cwd: repoRoot, encoding: 'utf8' });
}

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

const site = { dir: null, server: null, browser: null };

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  site.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-site-'));
  site.browser = await launchChromium();
});

after(async () => {
  await site.browser?.close();
  site.server?.close();
  if (site.dir) fs.rmSync(site.dir, { recursive: true, force: true });
});

/** Waits until no township chunk is being fetched. */
async function chunksSettled(page) {
  await page.waitForSelector('[data-testid=chunk-status][data-pending="0"]', { state: 'attached', timeout: 60_000 });
  return page.getAttribute('[data-testid=chunk-status]', 'data-loaded');
}

async function open(query) {
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = trackPageProblems(page);
  const workerLoads = [];
  page.on('request', (r) => { if (r.url().includes('import-worker')) workerLoads.push(r.url()); });
  await page.goto(new URL(query, site.server.url).href);
  await page.waitForSelector('[data-testid=map-status][data-state=ready]', { state: 'attached', timeout: 60_000 });
  return { context, page, problems, workerLoads };
}

test('a county publishes its joined data, refused first for the row that does not join', { timeout: 600_000 }, async () => {
  const out = path.join(site.dir, 'site');
  const reports = path.join(site.dir, 'reports');
  const refused = publish(out, reports);
  assert.notEqual(refused.status, 0, 'a row that did not join stops the publish');
  assert.match(refused.stderr, /xingyi_gbk\.csv：34 行中有 1 行未匹配，未发布/);
  assert.match(fs.readFileSync(path.join(reports, 'join-report.csv'), 'utf8'), /义龙新区/);
  assert.equal(fs.existsSync(path.join(out, 'data', 'manifest.json')), false, 'nothing is published');

  const done = publish(out, reports, ['--allow-unjoined']);
  assert.equal(done.status, 0, done.stderr);
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'data', 'manifest.json'), 'utf8'));
  assert.equal(manifest.format, 'coverage-atlas-published');
  assert.deepEqual(Object.keys(manifest.files).sort(), [
    'divisions', 'divisions_overview', 'facts', 'outlines', 'outlines_overview', 'pinyin', 'stations',
  ]);
  // Township shapes come one file per province, fetched when the view needs it: 贵州's holds
  // the official boundaries, and every province's the schematic cells made when publishing;
  // the prefecture with official boundaries, 黔西南州, has them at full detail in its own.
  assert.equal(Object.keys(manifest.townships).length, 32);
  assert.match(manifest.townships['52'].path, /^townships-52-[0-9a-f]{16}\.topojson$/);
  assert.match(manifest.townships['5223'].path, /^townships-5223-[0-9a-f]{16}\.topojson$/);
  const guizhou = JSON.parse(fs.readFileSync(path.join(out, 'data', manifest.townships['52'].path), 'utf8'));
  const features = guizhou.objects.townships.geometries;
  assert.deepEqual(features.filter((f) => !f.properties.schematic).map((f) => f.properties.code),
    ['522301001', '522301002', '522301003', '522301118']);
  assert.ok(features.filter((f) => f.properties.schematic).length > 1_400, 'schematic cells of 贵州');
  assert.match(manifest.notes[0].en, /1 of 34 rows did not join/);
  for (const file of [...Object.values(manifest.files), ...Object.values(manifest.townships)]) {
    assert.match(file.path, /-[0-9a-f]{16}\.\w+$/, 'content files are named by their hash');
    assert.equal(fs.statSync(path.join(out, 'data', file.path)).size, file.bytes);
  }
  site.server = await pythonServer(out);
});

test('the published site opens on the bureau\'s data with no import step', { timeout: 300_000 }, async () => {
  const { context, page, problems, workerLoads } = await open('?region=522301&mode=rating');
  try {
    assert.equal(await chunksSettled(page), '52,5223', 'the chunks of the view: its province\'s and its prefecture\'s detail');
    assert.equal(await page.locator('[data-testid=load-warning]').count(), 0);
    // Station-level counts: 28 of 兴义市's 32 townships have a built or operating station.
    assert.match(await page.locator('[data-testid=region-coverage]').innerText(), /28\s*\/\s*32/);
    const styles = await page.getAttribute('[data-testid=map-status]', 'data-styles');
    assert.match(styles, /Star|Excellent|Stars/i, `star ratings on the map: ${styles}`);
    // The published data's note says a row was left out, in the page's language.
    assert.match(await page.locator('[data-testid=data-report]').textContent(), /34 行中有 1 行未匹配/);
    assert.equal(workerLoads.length, 0, 'no import step: the importer is never loaded');
    await page.screenshot({ path: path.join(SHOTS, 'published-xingyi.png') });

    // The export of this view equals the CLI's render of the same published folder.
    await page.goto(new URL('?region=522301', site.server.url).href);
    await page.waitForSelector('[data-testid=map-status][data-state=ready][data-focus="522301"]', { state: 'attached', timeout: 60_000 });
    assert.equal(await chunksSettled(page), '52,5223');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-svg]')]);
    const svgFile = path.join(site.dir, 'page.svg');
    await download.saveAs(svgFile);
    const cliFile = path.join(site.dir, 'cli.svg');
    execFileSync('cargo', ['run', '-q', '-p', 'atlas-cli', '--', 'render', '--data', path.join(site.dir, 'site'),
      '--region', '522301', '--size', '1920x1080', '--today', todayIso(), '--out', cliFile], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
    assert.equal(fs.readFileSync(cliFile, 'utf8'), fs.readFileSync(svgFile, 'utf8'), 'CLI and page give the same SVG');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('presentation mode tours the published data', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await open('?present=1&interval=2');
  try {
    await page.locator('[data-testid=presentation-hud]').waitFor();
    const step = page.locator('[data-testid=presentation-step]');
    const first = await step.innerText();
    await page.waitForFunction((f) => document.querySelector('[data-testid=presentation-step]').innerText !== f, first, { timeout: 20_000 });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a corrupted stations file leaves the rest of the map drawn, with its message', { timeout: 120_000 }, async () => {
  const data = path.join(site.dir, 'site', 'data');
  const manifest = JSON.parse(fs.readFileSync(path.join(data, 'manifest.json'), 'utf8'));
  const stations = path.join(data, manifest.files.stations.path);
  const bytes = fs.readFileSync(stations);
  bytes[10] = bytes[10] === 0x41 ? 0x42 : 0x41;
  fs.writeFileSync(stations, bytes);
  const { context, page } = await open('?region=522301');
  try {
    const warning = page.locator('[data-testid=load-warning]');
    await warning.waitFor();
    assert.match(await warning.innerText(), new RegExp(`${manifest.files.stations.path}: SHA-256 does not match the manifest`));
    // The map still draws, from the published figures instead of the stations.
    assert.equal(await page.getAttribute('[data-testid=map-status]', 'data-state'), 'ready');
    // The CLI says the same of the same folder.
    const cli = spawnSync('cargo', ['run', '-q', '-p', 'atlas-cli', '--', 'validate', '--lang', 'en', '--data', path.join(site.dir, 'site')], { cwd: repoRoot, encoding: 'utf8' });
    assert.match(cli.stderr, /SHA-256 does not match the manifest/);
  } finally {
    await context.close();
  }
});

test('the country view fetches no township chunk; a county draws its published cells; a damaged chunk leaves its townships out, with its message', { timeout: 120_000 }, async () => {
  const country = await open('');
  try {
    assert.equal(await chunksSettled(country.page), '', 'the national view needs no township boundaries');
  } finally {
    await country.context.close();
  }
  // 遵义 has no official boundaries: its townships are the cells made when publishing.
  const zunyi = await open('?region=5203');
  try {
    assert.equal(await chunksSettled(zunyi.page), '52');
    const status = '[data-testid=map-status]';
    assert.ok(Number(await zunyi.page.getAttribute(status, 'data-townships-drawn')) > 200, 'cells drawn');
    assert.match(await zunyi.page.locator('[data-testid=legend]').innerText(), /示意|schematic/i);
    assert.deepEqual(zunyi.problems, []);
  } finally {
    await zunyi.context.close();
  }
  const data = path.join(site.dir, 'site', 'data');
  const manifest = JSON.parse(fs.readFileSync(path.join(data, 'manifest.json'), 'utf8'));
  const status = '[data-testid=map-status]';
  // A damaged detail chunk: the county's official boundaries are drawn from the province's
  // file instead, with the detail file named.
  const detail = manifest.townships['5223'].path;
  fs.writeFileSync(path.join(data, detail), '{}');
  const xingyi = await open('?region=522301');
  try {
    assert.equal(await chunksSettled(xingyi.page), '52');
    const warning = xingyi.page.locator('[data-testid=load-warning]');
    await warning.waitFor();
    assert.match(await warning.innerText(), new RegExp(`${detail}: expected \\d+ bytes, found 2`));
    assert.equal(await xingyi.page.getAttribute(status, 'data-state'), 'ready');
    assert.equal(await xingyi.page.getAttribute(status, 'data-shapes-drawn'), '4', 'the four official boundaries');
  } finally {
    await xingyi.context.close();
  }
  // A damaged province chunk: its townships are listed as not loaded rather than drawn from
  // nowhere, and the rest of the map draws.
  const chunk = manifest.townships['52'].path;
  fs.writeFileSync(path.join(data, chunk), '{}');
  const { context, page } = await open('?region=5203');
  try {
    await chunksSettled(page);
    const warning = page.locator('[data-testid=load-warning]');
    await warning.waitFor();
    assert.match(await warning.innerText(), new RegExp(`${chunk}: expected \\d+ bytes, found 2`));
    assert.equal(await page.getAttribute(status, 'data-state'), 'ready');
    assert.equal(await page.getAttribute(status, 'data-townships-drawn'), '0');
    assert.match(await page.locator('[data-testid=legend]').innerText(), /尚未载入|not loaded/);
  } finally {
    await context.close();
  }
});
