//! Search on the shipped registry: ranking, spellings of codes, pinyin, and scans checked against
//! plain filters over every name.

use super::*;
use crate::data::divisions::Divisions;
use std::sync::OnceLock;

fn divisions() -> &'static Divisions {
    static DIVISIONS: OnceLock<Divisions> = OnceLock::new();
    DIVISIONS.get_or_init(|| {
        let path = format!("{}/../data/divisions.csv", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        Divisions::from_csv("divisions.csv", &text).expect("shipped registry loads")
    })
}

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| SearchIndex::new(divisions(), &PinyinTable::for_divisions(divisions())))
}

fn codes(hits: &[SearchHit]) -> Vec<&str> {
    hits.iter().map(|h| h.code.as_str()).collect()
}

#[test]
fn exact_township_name_comes_first_with_its_county() {
    let hits = index().search("万峰林街道", 10);
    assert_eq!(hits[0].code.as_str(), "522301008");
    assert_eq!(hits[0].name, "万峰林街道");
    assert_eq!(hits[0].level, Level::Township);
    assert_eq!(hits[0].matched, MatchKind::Exact);
    assert_eq!(
        hits[0].qualified_name,
        "万峰林街道 · 兴义市 · 黔西南布依族苗族自治州 · 贵州省"
    );
}

#[test]
fn duplicate_names_are_listed_apart() {
    let hits = index().search("万峰林", 10);
    let street = hits.iter().find(|h| h.code.as_str() == "522301008");
    let farm = hits.iter().find(|h| h.code.as_str() == "445103400");
    let (street, farm) = (street.expect("万峰林街道"), farm.expect("万峰林场"));
    assert_ne!(street.qualified_name, farm.qualified_name);
    assert!(street.qualified_name.contains("兴义市"));
    assert!(
        farm.qualified_name.contains("潮州市"),
        "{}",
        farm.qualified_name
    );
    // The stem matches the street exactly; the farm only begins with the query.
    assert_eq!(hits[0].code.as_str(), "522301008");
    assert_eq!(street.matched, MatchKind::Exact);
    assert_eq!(farm.matched, MatchKind::Prefix);
}

#[test]
fn names_are_found_without_their_suffix() {
    for query in ["黔西南", "黔西南州", "黔西南布依族苗族自治州"] {
        let hits = index().search(query, 5);
        assert_eq!(hits[0].code.as_str(), "5223", "{query}");
        assert_eq!(hits[0].matched, MatchKind::Exact, "{query}");
        assert_eq!(hits[0].qualified_name, "黔西南布依族苗族自治州 · 贵州省");
    }
    assert_eq!(index().search("贵州", 1)[0].code.as_str(), "52");
    assert_eq!(index().search("兴义", 1)[0].code.as_str(), "522301");
    assert_eq!(index().search("凉山州", 1)[0].code.as_str(), "5134");
    // The short form is for autonomous regions only: 兴义县 is no spelling of 兴义市.
    assert!(index().search("兴义县", 5).is_empty());
}

#[test]
fn higher_levels_and_shorter_names_rank_first_among_equals() {
    // 吉林省 and 吉林市 both match exactly without their suffix: the province first.
    let hits = index().search("吉林", 3);
    assert_eq!(codes(&hits)[..2], ["22", "2202"]);
    // Exact before prefix before substring.
    let hits = index().search("青山", 200);
    let kinds: Vec<MatchKind> = hits.iter().map(|h| h.matched).collect();
    let mut sorted = kinds.clone();
    sorted.sort();
    assert_eq!(kinds, sorted);
    assert!(kinds.contains(&MatchKind::Substring), "{kinds:?}");
    for pair in hits.windows(2) {
        if pair[0].matched == pair[1].matched {
            let key = |h: &SearchHit| (h.level, h.name.chars().count());
            assert!(key(&pair[0]) <= key(&pair[1]), "{pair:?}");
        }
    }
}

#[test]
fn codes_match_in_every_spelling() {
    let hits = index().search("5223", 20);
    assert_eq!(hits[0].code.as_str(), "5223");
    assert_eq!(hits[0].matched, MatchKind::Code);
    // Then what the code begins: its counties before their townships.
    assert_eq!(hits[1].code.as_str(), "522301");
    assert!(hits[1..]
        .iter()
        .all(|h| h.matched == MatchKind::CodePrefix && h.code.as_str().starts_with("5223")));
    assert_eq!(hits[9].level, Level::Township);

    for query in ["522301008000", "522301008", "5223010080"] {
        assert_eq!(
            index().search(query, 5)[0].code.as_str(),
            "522301008",
            "{query}"
        );
    }
    for (query, want) in [
        ("156522301", "522301"),
        ("522300", "5223"),
        ("520000", "52"),
    ] {
        let hits = index().search(query, 5);
        assert_eq!(hits[0].code.as_str(), want, "{query}");
        assert_eq!(hits[0].matched, MatchKind::Code, "{query}");
    }
    // A partial code that is no code yet still lists what it begins.
    let hits = index().search("52230", 5);
    assert!(hits.iter().all(|h| h.code.as_str().starts_with("52230")));
    assert!(!hits.is_empty());
    // Municipal groupings are not found by name, but their code still finds them.
    assert_eq!(index().search("5001", 1)[0].code.as_str(), "5001");
    assert!(index()
        .search("市辖区", 5)
        .iter()
        .all(|h| h.name != "市辖区"));
    // A grouping found by its code carries the name a person uses.
    assert_eq!(index().search("1101", 1)[0].name, "北京市");
    assert_eq!(index().search("4190", 1)[0].name, "河南省直辖");
    // Searching the name finds the municipality once, not its grouping as well.
    let beijing = index().search("北京市", 5);
    assert_eq!(beijing[0].code.as_str(), "11");
    assert!(beijing.iter().all(|h| h.code.as_str() != "1101"));
}

#[test]
fn full_width_digits_and_spaces_are_normalised() {
    assert_eq!(index().search("５２２３", 1)[0].code.as_str(), "5223");
    assert_eq!(index().search(" 5223 01 ", 1)[0].code.as_str(), "522301");
    assert_eq!(
        index().search(" 万峰林 街道 ", 1)[0].code.as_str(),
        "522301008"
    );
}

#[test]
fn blank_and_unknown_queries_find_nothing() {
    for query in ["", "   ", "\u{3000}", "\t\n"] {
        assert!(index().search(query, 10).is_empty(), "{query:?}");
    }
    assert!(index().search("不存在的地名", 10).is_empty());
    assert!(index().search("99", 10).is_empty());
    assert!(index().search("5223010089999", 10).is_empty());
    assert!(index().search("xqzjv", 10).is_empty());
    assert!(index().search("万峰林", 0).is_empty());
}

#[test]
fn the_limit_keeps_the_best() {
    let all = index().search("山", 100_000);
    let few = index().search("山", 25);
    assert!(all.len() > 1_000, "{}", all.len());
    assert_eq!(few, all[..25]);
}

#[test]
fn pinyin_finds_names_typed_without_an_input_method() {
    let hits = index().search("wanfenglin", 10);
    assert_eq!(hits[0].code.as_str(), "522301008");
    assert_eq!(hits[0].matched, MatchKind::Pinyin);
    assert!(codes(&hits).contains(&"445103400"), "{hits:?}");

    let hits = index().search("wfl", 50);
    assert!(codes(&hits).contains(&"522301008"), "{hits:?}");
    assert!(codes(&hits).contains(&"445103400"), "{hits:?}");
    assert!(hits.iter().all(|h| h.matched == MatchKind::PinyinInitials));

    assert_eq!(index().search("qianxinan", 1)[0].code.as_str(), "5223");
    assert_eq!(index().search("QianXiNan", 1)[0].code.as_str(), "5223");
    assert_eq!(index().search("qxn", 1)[0].code.as_str(), "5223");
    assert_eq!(index().search("guizhou", 1)[0].code.as_str(), "52");
    assert_eq!(index().search("xingyi", 1)[0].code.as_str(), "522301");
}

/// The haystack scan against a plain filter over every registry name.
#[test]
fn name_search_finds_every_name_containing_the_query() {
    let d = divisions();
    let groupings = |code: &RegionCode, _name: &str| d.is_grouping(code);
    let nation = RegionCode::nation();
    let sample: Vec<&RegionCode> = d.within(&nation).step_by(1499).collect();
    for (n, code) in sample.into_iter().enumerate() {
        let name: Vec<char> = d.name(code).unwrap().chars().collect();
        // Two or three characters: one-character queries (镇) list half the registry, which
        // only slows the test down.
        let len = (2 + n % 2).min(name.len());
        let from = n % (name.len() + 1 - len);
        let query: String = name[from..from + len].iter().collect();
        let hits = index().search(&query, usize::MAX);
        let mut found: Vec<&str> = codes(&hits);
        found.sort_unstable();
        let want: Vec<&str> = d
            .within(&nation)
            .filter(|c| {
                let name = d.name(c).unwrap();
                name.contains(query.as_str()) && !groupings(c, name)
            })
            .map(|c| c.as_str())
            .collect();
        let extra: Vec<&SearchHit> = hits
            .iter()
            .filter(|h| want.binary_search(&h.code.as_str()).is_err())
            .collect();
        assert!(
            extra.iter().all(|h| h.matched == MatchKind::Exact),
            "{query}: {extra:?}"
        );
        assert!(
            want.iter().all(|c| found.binary_search(c).is_ok()),
            "{query}"
        );
    }
}

#[test]
fn pinyin_search_finds_every_name_the_pinyin_begins() {
    let index = index();
    for query in ["xing", "wanf", "qxn", "lv", "a"] {
        let hits = index.search(query, usize::MAX);
        let want: Vec<&str> = (0..index.len())
            .filter(|&i| {
                let e = &index.entries[i];
                let at = |start: u32, len: u32| start as usize..(start + len) as usize;
                e.by_name
                    && (index.pinyin[at(e.pinyin_at, e.pinyin_len)].starts_with(query)
                        || index.initials[at(e.initials_at, e.initials_len)].starts_with(query))
            })
            .map(|i| index.code_str(i))
            .collect();
        let mut found = codes(&hits);
        found.sort_unstable();
        assert_eq!(found, want, "{query}");
    }
}

#[test]
fn qualified_names_match_the_registry() {
    let d = divisions();
    for code in d.within(&RegionCode::nation()).step_by(97) {
        assert_eq!(
            index().qualified_name(code),
            d.qualified_name(code),
            "{code}"
        );
    }
    assert_eq!(index().len(), d.len());
}
