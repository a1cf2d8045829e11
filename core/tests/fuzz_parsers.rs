//! Fuzz targets, one per parser in `atlas-core`: arbitrary bytes and strings, and
//! structure-aware inputs made by mutating the shipped files (flipping, inserting, deleting
//! bytes and splicing in tokens the format cares about). The property everywhere: no panic, an
//! error names the file, and what does parse upholds the parser's invariants.
//!
//! `cargo test` runs a few cases per target (CI). `scripts/fuzz.sh` runs each target in release
//! with a large `PROPTEST_CASES` and a time budget (`FUZZ_SECONDS`); each target prints how many
//! cases it ran. A failing case is shrunk, and its seed saved in
//! `core/tests/fuzz_parsers.proptest-regressions` (proptest's place for an integration test), so
//! every later run replays it first.
//!
//! Station tables: `import_fuzz.rs` already covers arbitrary bytes, broken zips, GBK text and
//! the join on table-like text; here are the mutated real fixtures (JSON, XLSX, CSV) and the
//! whole `import_stations` pipeline.

use std::fmt::Debug;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use atlas_core::data::code::{Level, RegionCode};
use atlas_core::data::divisions::Divisions;
use atlas_core::data::seed::parse_facts;
use atlas_core::data::topo::Topology;
use atlas_core::date::{Day, PartialDate};
use atlas_core::error::DataError;
use atlas_core::import::{import_stations, read_table, JoinOptions};
use atlas_core::search::SearchIndex;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{FileFailurePersistence, TestCaseResult, TestRunner};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// Runner: cases from `PROPTEST_CASES` (else a small default), stopping early once
// `FUZZ_SECONDS` have passed; prints the count so the script can report executions.

const CHUNK: u32 = 500;

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

fn fuzz<S>(name: &str, default_cases: u32, strategy: S, test: impl Fn(S::Value) -> TestCaseResult)
where
    S: Strategy,
    S::Value: Debug,
{
    let total =
        env_number("PROPTEST_CASES").map_or(default_cases, |n| n.min(u64::from(u32::MAX)) as u32);
    let budget = env_number("FUZZ_SECONDS").map(Duration::from_secs);
    let start = Instant::now();
    let mut done: u64 = 0;
    let mut left = total;
    while left > 0 {
        let cases = left.min(CHUNK);
        let config = ProptestConfig {
            cases,
            source_file: Some(file!()),
            // Next to this file: core/tests/fuzz_parsers.proptest-regressions.
            failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
                "proptest-regressions",
            ))),
            ..ProptestConfig::default()
        };
        let mut runner = TestRunner::new(config);
        if let Err(e) = runner.run(&strategy, &test) {
            panic!("fuzz target {name}: failure after {done} passing cases: {e}");
        }
        done += u64::from(cases);
        left -= cases;
        if budget.is_some_and(|b| start.elapsed() >= b) {
            break;
        }
    }
    eprintln!(
        "fuzz target {name}: {done} cases in {:.1} s, no failure",
        start.elapsed().as_secs_f64()
    );
}

// ---------------------------------------------------------------------------------------------
// Mutations of real files.

#[derive(Clone, Debug)]
enum Edit {
    Flip(Index, u8),
    Insert(Index, u8),
    Delete(Index, usize),
    Splice(Index, &'static str),
    Duplicate(Index, usize),
}

fn edits(tokens: &'static [&'static str]) -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (any::<Index>(), 1..=255u8).prop_map(|(i, m)| Edit::Flip(i, m)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Insert(i, b)),
        (any::<Index>(), 1..16usize).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<Index>(), proptest::sample::select(tokens)).prop_map(|(i, t)| Edit::Splice(i, t)),
        (any::<Index>(), 1..64usize).prop_map(|(i, n)| Edit::Duplicate(i, n)),
    ];
    proptest::collection::vec(edit, 1..8)
}

fn apply(base: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut bytes = base.to_vec();
    for edit in edits {
        let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len + 1) };
        match edit {
            Edit::Flip(i, mask) if !bytes.is_empty() => {
                let at = i.index(bytes.len());
                bytes[at] ^= mask;
            }
            Edit::Flip(..) => {}
            Edit::Insert(i, b) => {
                let at = at(i, bytes.len());
                bytes.insert(at, *b);
            }
            Edit::Delete(i, n) if !bytes.is_empty() => {
                let from = i.index(bytes.len());
                let to = (from + n).min(bytes.len());
                bytes.drain(from..to);
            }
            Edit::Delete(..) => {}
            Edit::Splice(i, token) => {
                let at = at(i, bytes.len());
                bytes.splice(at..at, token.bytes());
            }
            Edit::Duplicate(i, n) if !bytes.is_empty() => {
                let from = i.index(bytes.len());
                let to = (from + n).min(bytes.len());
                let copy = bytes[from..to].to_vec();
                bytes.splice(to..to, copy);
            }
            Edit::Duplicate(..) => {}
        }
    }
    bytes
}

/// Mutated text: the parsers take `&str`, so invalid UTF-8 becomes U+FFFD as a loader would.
fn mutate_text(base: &str, edits: &[Edit]) -> String {
    String::from_utf8_lossy(&apply(base.as_bytes(), edits)).into_owned()
}

const CSV_TOKENS: &[&str] = &[
    ",",
    "\"",
    "\"\"",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "0",
    "9",
    "-",
    "/",
    "年",
    "月",
    "日",
    "156",
    "000",
    "000000",
    "all",
    "全部",
    "-1",
    "4294967296",
    "99999999999999999999",
    "\u{FEFF}",
    "２０２３",
    "2023-02-29",
    "2024-02-29",
    "0000-00",
    "1900",
    "2200",
    "2201",
    "52",
    "5223",
    "522301",
    "522301008",
    "522301008000",
    "522301008001",
    "156522301",
    "✓",
];

const JSON_TOKENS: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "-1",
    "0",
    "1e308",
    "-1e308",
    "1e999",
    "-0",
    "null",
    "true",
    "\"\"",
    "-9223372036854775808",
    "18446744073709551615",
    "9223372036854775808",
    "0.5",
    "[]",
    "{}",
    "\"Polygon\"",
    "\"MultiPolygon\"",
    "\"GeometryCollection\"",
    "\"type\"",
    "\"arcs\"",
    "\"geometries\"",
    "\\u0000",
    "\\ud800",
    "乡镇代码",
    "522301008",
];

fn repo_file(path: &str) -> Vec<u8> {
    let path = format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn repo_text(path: &str) -> String {
    String::from_utf8(repo_file(path)).unwrap()
}

fn names_file(err: &DataError, file: &str) -> bool {
    err.to_string().starts_with(&format!("{file}: "))
        || err.to_string().starts_with(&format!("{file}, "))
}

// ---------------------------------------------------------------------------------------------
// Shared fixtures, built once per test binary.

/// The header and first 3,000 rows of `data/divisions.csv` (北京, 天津 and part of 河北).
fn divisions_slice() -> &'static str {
    static SLICE: OnceLock<String> = OnceLock::new();
    SLICE.get_or_init(|| {
        let text = repo_text("data/divisions.csv");
        text.lines().take(3001).map(|l| format!("{l}\n")).collect()
    })
}

fn small_divisions() -> &'static Divisions {
    static DIVISIONS: OnceLock<Divisions> = OnceLock::new();
    DIVISIONS.get_or_init(|| Divisions::from_csv("divisions.csv", divisions_slice()).unwrap())
}

fn search_index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| SearchIndex::new(small_divisions()))
}

/// A small real TopoJSON: 北京 and 天津 (which share a border, so some arcs are walked
/// backwards) and the first counties of 北京, with their arcs renumbered from the shipped file.
fn small_topology() -> &'static str {
    static TOPO: OnceLock<String> = OnceLock::new();
    TOPO.get_or_init(|| {
        let full: Value = serde_json::from_slice(&repo_file("data/outlines.topojson")).unwrap();
        let arcs = full["arcs"].as_array().unwrap();
        let mut used: Vec<usize> = Vec::new();
        let mut renumber = |index: i64| -> i64 {
            let (arc, reversed) = if index < 0 {
                (!index as usize, true)
            } else {
                (index as usize, false)
            };
            let new = used.iter().position(|&a| a == arc).unwrap_or_else(|| {
                used.push(arc);
                used.len() - 1
            }) as i64;
            if reversed {
                !new
            } else {
                new
            }
        };
        fn walk(value: &Value, f: &mut dyn FnMut(i64) -> i64) -> Value {
            match value {
                Value::Array(items) => Value::Array(items.iter().map(|v| walk(v, f)).collect()),
                Value::Number(n) => json!(f(n.as_i64().unwrap())),
                other => other.clone(),
            }
        }
        let mut objects = serde_json::Map::new();
        for (name, take) in [("provinces", 2), ("counties", 4)] {
            let geometries: Vec<Value> = full["objects"][name]["geometries"]
                .as_array()
                .unwrap()
                .iter()
                .take(take)
                .map(|g| {
                    let mut g = g.clone();
                    g["arcs"] = walk(&g["arcs"], &mut renumber);
                    g
                })
                .collect();
            objects.insert(
                name.to_string(),
                json!({"type": "GeometryCollection", "geometries": geometries}),
            );
        }
        let topology = json!({
            "type": "Topology",
            "transform": full["transform"],
            "arcs": used.iter().map(|&a| arcs[a].clone()).collect::<Vec<_>>(),
            "objects": objects,
        });
        serde_json::to_string(&topology).unwrap()
    })
}

/// Every ring of every feature closes (first point equals last).
fn check_rings_closed(topology: &Topology, name: &str) -> TestCaseResult {
    for feature in topology.features("t.topojson", name).unwrap() {
        for polygon in &feature.geometry.0 {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                prop_assert!(ring.0.len() >= 4, "ring of {} points", ring.0.len());
                prop_assert_eq!(ring.0.first(), ring.0.last(), "ring not closed");
            }
        }
    }
    Ok(())
}

#[test]
fn small_real_topology_is_well_formed() {
    let topology = Topology::parse("t.topojson", small_topology()).unwrap();
    for name in ["provinces", "counties"] {
        check_rings_closed(&topology, name).unwrap();
        assert!(!topology.features("t.topojson", name).unwrap().is_empty());
    }
}

// ---------------------------------------------------------------------------------------------
// TopoJSON: `Topology::parse` + `features`.

fn check_topology(text: &str) -> TestCaseResult {
    match Topology::parse("fuzz.topojson", text) {
        Err(e) => prop_assert!(names_file(&e, "fuzz.topojson"), "{e}"),
        Ok(topology) => {
            let names: Vec<String> = topology.object_names().map(str::to_string).collect();
            for name in names.iter().map(String::as_str).chain(["missing"]) {
                match topology.features("fuzz.topojson", name) {
                    Err(e) => prop_assert!(names_file(&e, "fuzz.topojson"), "{e}"),
                    Ok(features) => {
                        for feature in features {
                            for polygon in &feature.geometry.0 {
                                let _ = polygon.exterior().0.len();
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// Structure-aware and still valid JSON: the rings of the real topology with arc indexes
/// replaced, reversed, dropped or repeated. Rings made of whole arcs in their real order stay
/// closed.
#[derive(Clone, Debug)]
enum RingEdit {
    Replace(Index, i64),
    Reverse(Index),
    Drop(Index),
    Repeat(Index),
}

fn ring_edits() -> impl Strategy<Value = Vec<RingEdit>> {
    let index = prop_oneof![
        -300i64..300,
        Just(i64::MIN),
        Just(i64::MAX),
        Just(-1i64),
        any::<i64>()
    ];
    let edit = prop_oneof![
        (any::<Index>(), index).prop_map(|(i, v)| RingEdit::Replace(i, v)),
        any::<Index>().prop_map(RingEdit::Reverse),
        any::<Index>().prop_map(RingEdit::Drop),
        any::<Index>().prop_map(RingEdit::Repeat),
    ];
    proptest::collection::vec(edit, 0..6)
}

fn edit_arc_indexes(text: &str, edits: &[RingEdit]) -> String {
    /// Visits every ring (a list of integers) in document order.
    fn each_ring(value: &mut Value, f: &mut dyn FnMut(&mut Vec<Value>)) {
        match value {
            Value::Array(items) if items.iter().all(Value::is_i64) => f(items),
            Value::Array(items) => items.iter_mut().for_each(|item| each_ring(item, f)),
            Value::Object(map) => map.values_mut().for_each(|item| each_ring(item, f)),
            _ => {}
        }
    }
    let mut value: Value = serde_json::from_str(text).unwrap();
    let mut rings: Vec<Vec<Value>> = Vec::new();
    each_ring(&mut value["objects"], &mut |ring| rings.push(ring.clone()));
    for edit in edits {
        let count = rings.len();
        let pick = |i: &Index| i.index(count);
        match edit {
            RingEdit::Replace(i, v) => {
                let ring = &mut rings[pick(i)];
                if !ring.is_empty() {
                    let at = i.index(ring.len());
                    ring[at] = json!(v);
                }
            }
            RingEdit::Reverse(i) => rings[pick(i)].reverse(),
            RingEdit::Drop(i) => {
                let ring = &mut rings[pick(i)];
                if !ring.is_empty() {
                    let at = i.index(ring.len());
                    ring.remove(at);
                }
            }
            RingEdit::Repeat(i) => {
                let ring = &mut rings[pick(i)];
                if let Some(first) = ring.first().cloned() {
                    ring.push(first);
                }
            }
        }
    }
    let mut edited = rings.into_iter();
    each_ring(&mut value["objects"], &mut |ring| {
        *ring = edited.next().unwrap();
    });
    value.to_string()
}

#[test]
fn fuzz_topojson_arbitrary_text() {
    fuzz("topojson_arbitrary_text", 64, "\\PC{0,200}", |text| {
        check_topology(&text)
    });
}

#[test]
fn fuzz_topojson_mutated_bytes() {
    fuzz("topojson_mutated_bytes", 64, edits(JSON_TOKENS), |edits| {
        check_topology(&mutate_text(small_topology(), &edits))
    });
}

#[test]
fn fuzz_topojson_arc_indexes() {
    fuzz("topojson_arc_indexes", 64, ring_edits(), |edits| {
        let text = edit_arc_indexes(small_topology(), &edits);
        check_topology(&text)?;
        if edits.is_empty() {
            let topology = Topology::parse("t.topojson", &text).unwrap();
            check_rings_closed(&topology, "provinces")?;
            check_rings_closed(&topology, "counties")?;
        }
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------------
// Divisions: `Divisions::from_csv`.

fn check_divisions(text: &str) -> TestCaseResult {
    match Divisions::from_csv("fuzz.csv", text) {
        Err(e) => prop_assert!(names_file(&e, "fuzz.csv"), "{e}"),
        Ok(divisions) => {
            let nation = RegionCode::nation();
            let townships = divisions.at_level(&nation, Level::Township).count() as u32;
            prop_assert_eq!(divisions.township_count(&nation), townships);
            for code in divisions.within(&nation) {
                prop_assert_eq!(code.as_str().len(), code.level().code_len());
                prop_assert!(divisions.contains(code));
                prop_assert!(divisions.name(code).is_some());
                let _ = divisions.qualified_name(code);
            }
        }
    }
    Ok(())
}

#[test]
fn fuzz_divisions_arbitrary_text() {
    fuzz(
        "divisions_arbitrary_text",
        64,
        "(code,name\n)?([0-9,\"\\n\\r a-z市县]{0,12}\n){0,8}",
        |text| check_divisions(&text),
    );
}

#[test]
fn fuzz_divisions_mutated_real_slice() {
    // A random 40-row window of the real registry, under its header, then mutated.
    let lines: Vec<&str> = divisions_slice().lines().skip(1).collect();
    let windows = lines.len() - 40;
    fuzz(
        "divisions_mutated_real_slice",
        64,
        (0..windows, edits(CSV_TOKENS)),
        |(start, edits)| {
            let base = format!("code,name\n{}\n", lines[start..start + 40].join("\n"));
            check_divisions(&mutate_text(&base, &edits))
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Facts: `seed::parse_facts`.

fn check_facts(text: &str) -> TestCaseResult {
    match parse_facts("facts.csv", text) {
        Err(e) => prop_assert!(names_file(&e, "facts.csv"), "{e}"),
        Ok(facts) => {
            let rows = text.lines().count();
            for figure in &facts.figures {
                prop_assert!(!figure.regions.is_empty());
                prop_assert!(
                    figure.row >= 2 && figure.row <= rows + 1,
                    "row {}",
                    figure.row
                );
                for region in &figure.regions {
                    prop_assert_eq!(region.as_str().len(), region.level().code_len());
                }
            }
        }
    }
    Ok(())
}

#[test]
fn shipped_facts_parse() {
    parse_facts("seed-facts.csv", &repo_text("data/seed-facts.csv")).unwrap();
}

#[test]
fn fuzz_facts_arbitrary_text() {
    fuzz("facts_arbitrary_text", 64, "\\PC{0,300}", |text| {
        check_facts(&text)
    });
}

#[test]
fn fuzz_facts_mutated_real_file() {
    let base = repo_text("data/seed-facts.csv");
    fuzz("facts_mutated_real_file", 64, edits(CSV_TOKENS), |edits| {
        check_facts(&mutate_text(&base, &edits))
    });
}

// ---------------------------------------------------------------------------------------------
// Region codes: `RegionCode::parse`.

fn check_code(raw: &str) -> TestCaseResult {
    if let Ok(code) = RegionCode::parse(raw) {
        let s = code.as_str();
        prop_assert!(s.bytes().all(|b| b.is_ascii_digit()), "{s:?}");
        prop_assert_eq!(s.len(), code.level().code_len());
        prop_assert_ne!(code.level(), Level::Nation);
        prop_assert_eq!(RegionCode::from_normalised(s), Some(code.clone()));
        // Normalising is idempotent, level included (the fuzzer once found `156000000000`
        // becoming a township that re-parsed as a province; such codes are now refused).
        let again = RegionCode::parse(s);
        prop_assert_eq!(again.as_ref().map(RegionCode::level), Ok(code.level()));
        prop_assert_eq!(again, Ok(code.clone()));
        if let Some(parent) = code.parent() {
            prop_assert!(code.is_within(&parent));
            prop_assert!(parent.level() < code.level());
        }
    }
    Ok(())
}

#[test]
fn fuzz_region_code_arbitrary_text() {
    fuzz("region_code_arbitrary_text", 128, "\\PC{0,16}", |raw| {
        check_code(&raw)
    });
}

#[test]
fn fuzz_region_code_digit_strings() {
    let digits = prop_oneof![
        "[0-9]{0,13}",
        "156[0-9]{6}",
        "[0-9]{9}000",
        "[0-9]{2}0000",
        "[0-9]{4}00",
        "[ \t]{0,2}[0-9]{2,12}[ \t\n]{0,2}",
        "[0-9０-９]{2,12}",
    ];
    fuzz("region_code_digit_strings", 128, digits, |raw| {
        check_code(&raw)
    });
}

// ---------------------------------------------------------------------------------------------
// Dates: `PartialDate::parse`.

fn check_date(raw: &str) -> TestCaseResult {
    if let Some(date) = PartialDate::parse(raw) {
        prop_assert!((1900..=2200).contains(&date.year));
        prop_assert!(date.day.is_none() || date.month.is_some());
        let shown = date.to_string();
        prop_assert_eq!(
            PartialDate::parse(&shown),
            Some(date),
            "{} shown as {}",
            raw,
            shown
        );
        prop_assert!(date.first_day() <= date.last_day());
    }
    Ok(())
}

#[test]
fn fuzz_partial_date_arbitrary_text() {
    fuzz("partial_date_arbitrary_text", 128, "\\PC{0,16}", |raw| {
        check_date(&raw)
    });
}

#[test]
fn fuzz_partial_date_date_like() {
    let date_like = prop_oneof![
        "[0-9]{1,5}([-/.年][0-9]{0,3}([-/.月][0-9]{0,3}日?)?)?",
        "[ +\\-]?(19|20|21|22)[0-9]{2}[-/.年 ]{0,2}[+\\-]?[0-9]{0,2}[-/.月 ]{0,2}[0-9]{0,2}[日 ]?",
        "[0-9年月日/.\\- +]{0,14}",
    ];
    fuzz("partial_date_date_like", 128, date_like, |raw| {
        check_date(&raw)
    });
}

// ---------------------------------------------------------------------------------------------
// Station tables: `import::read_table` / `import::import_stations` on mutated real fixtures.

fn check_import(file: &str, bytes: &[u8]) -> TestCaseResult {
    if let Err(e) = read_table(file, bytes) {
        prop_assert!(names_file(&e, file), "{e}");
    }
    let options = JoinOptions::new(Day::from_ymd(2026, 11, 23));
    match import_stations(file, bytes, small_divisions(), &options) {
        Err(e) => prop_assert!(names_file(&e, file), "{e}"),
        Ok((table, _, report)) => {
            prop_assert!(!table.rows.is_empty());
            prop_assert!(report.accounts_for_every_row());
            let _ = report.to_csv();
            let _ = report.messages();
        }
    }
    Ok(())
}

const FIXTURES: &[&str] = &[
    "stations.json",
    "stations.xlsx",
    "stations_gbk.csv",
    "stations_semicolon.csv",
    "stations_utf8_bom.csv",
];

#[test]
fn fuzz_import_mutated_fixtures() {
    let fixtures: Vec<Vec<u8>> = FIXTURES
        .iter()
        .map(|name| repo_file(&format!("tests/fixtures/good/{name}")))
        .collect();
    let mut tokens: Vec<&'static str> = CSV_TOKENS.to_vec();
    tokens.extend(JSON_TOKENS);
    let tokens: &'static [&'static str] = tokens.leak();
    fuzz(
        "import_mutated_fixtures",
        48,
        (0..FIXTURES.len(), edits(tokens)),
        |(which, edits)| check_import(FIXTURES[which], &apply(&fixtures[which], &edits)),
    );
}

/// Valid JSON arrays of objects with arbitrary keys and values: the JSON path of the reader.
#[test]
fn fuzz_import_json_values() {
    let scalar = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "\\PC{0,10}".prop_map(Value::from),
        proptest::sample::select(vec![
            "522301008",
            "万峰林街道",
            "兴义市",
            "运营",
            "2023-12",
            "★★★"
        ])
        .prop_map(Value::from),
    ];
    let value = scalar.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z]{0,3}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    let key = prop_oneof![
        proptest::sample::select(vec![
            "乡镇代码",
            "乡镇名称",
            "区县",
            "状态",
            "星级",
            "建站时间",
            ""
        ])
        .prop_map(String::from),
        "\\PC{0,6}",
    ];
    let row = proptest::collection::btree_map(key, value.clone(), 0..6)
        .prop_map(|m| Value::Object(m.into_iter().collect()));
    let array = proptest::collection::vec(prop_oneof![4 => row, 1 => value], 0..6);
    fuzz("import_json_values", 48, array, |rows| {
        check_import("fuzz.json", Value::Array(rows).to_string().as_bytes())
    });
}

// ---------------------------------------------------------------------------------------------
// Search: `SearchIndex::search` with arbitrary queries.

fn check_search(query: &str, limit: usize) -> TestCaseResult {
    let divisions = small_divisions();
    let hits = search_index().search(query, limit);
    prop_assert!(hits.len() <= limit);
    for hit in &hits {
        prop_assert!(divisions.contains(&hit.code), "{:?}", hit.code);
        prop_assert_eq!(divisions.name(&hit.code), Some(hit.name.as_str()));
        prop_assert_eq!(hit.level, hit.code.level());
    }
    Ok(())
}

#[test]
fn fuzz_search_arbitrary_queries() {
    fuzz(
        "search_arbitrary_queries",
        64,
        ("\\PC{0,12}|.{0,12}", 0..50usize),
        |(query, limit)| check_search(&query, limit),
    );
}

#[test]
fn fuzz_search_near_real_names() {
    let names: Vec<(String, String)> = divisions_slice()
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .map(|(c, n)| (c.to_string(), n.to_string()))
        .collect();
    let count = names.len();
    fuzz(
        "search_near_real_names",
        64,
        (
            0..count,
            0..4usize,
            any::<Index>(),
            any::<Index>(),
            edits(&["'", "’", " ", "Ａ", "ｚ", "１", "街道", "镇", "a", "z", "0"]),
            1..30usize,
        ),
        |(which, kind, from, to, edits, limit)| {
            let (code, name) = &names[which];
            let base = match kind {
                0 => code.clone(),
                1 => name.clone(),
                2 => {
                    let chars: Vec<char> = name.chars().collect();
                    let (a, b) = (from.index(chars.len() + 1), to.index(chars.len() + 1));
                    chars[a.min(b)..a.max(b)].iter().collect()
                }
                _ => code[..from.index(code.len() + 1)].to_string(),
            };
            let query = mutate_text(&base, &edits);
            check_search(&query, limit)?;
            // The unmutated full code of a region in the index finds it first.
            if kind == 0 {
                let hits = search_index().search(code, limit);
                prop_assert_eq!(hits.first().map(|h| h.code.as_str()), Some(code.as_str()));
            }
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Boundaries: `import::read_boundaries` on mutated real fixtures (GeoJSON read straight into
// coordinates, TopoJSON through its decoder), and the import session the page's worker runs.

fn full_atlas() -> &'static atlas_core::data::atlas::Atlas {
    static ATLAS: OnceLock<atlas_core::data::atlas::Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        atlas_core::data::atlas::Atlas::load_dir(&data).expect("default data loads")
    })
}

const BOUNDARY_FIXTURES: &[&str] = &[
    "good.geojson",
    "good.topojson",
    "gcj02.geojson",
    "two_code_properties.geojson",
    "selfintersect.geojson",
];

const GEOJSON_TOKENS: &[&str] = &[
    "\"Polygon\"",
    "\"MultiPolygon\"",
    "\"Point\"",
    "\"coordinates\":",
    "\"geometry\":null,",
    "[[[",
    "]]]",
    "[]",
    "[1e400,2]",
    "[-0.0,90]",
    "\"type\":\"Topology\",",
    "\"properties\":{\"code\":\"522301001\"},",
];

fn check_boundaries(file: &str, bytes: &[u8]) -> TestCaseResult {
    match atlas_core::import::read_boundaries(file, bytes, None, full_atlas()) {
        Err(e) => prop_assert!(names_file(&e, file), "{e}"),
        Ok(import) => {
            prop_assert_eq!(import.features_read, import.joined() + import.rejected());
            prop_assert_eq!(import.townships.len(), import.joined());
            let csv = import.to_csv();
            prop_assert!(csv.lines().count() > import.features_read);
            let _ = import.crs.to_string();
        }
    }
    Ok(())
}

#[test]
fn fuzz_boundaries_mutated_fixtures() {
    let fixtures: Vec<Vec<u8>> = BOUNDARY_FIXTURES
        .iter()
        .map(|name| repo_file(&format!("tests/fixtures/boundaries/{name}")))
        .collect();
    let mut tokens: Vec<&'static str> = GEOJSON_TOKENS.to_vec();
    tokens.extend(JSON_TOKENS);
    let tokens: &'static [&'static str] = tokens.leak();
    fuzz(
        "boundaries_mutated_fixtures",
        32,
        (0..BOUNDARY_FIXTURES.len(), edits(tokens)),
        |(which, edits)| {
            check_boundaries(BOUNDARY_FIXTURES[which], &apply(&fixtures[which], &edits))
        },
    );
}

/// A change to one node of a JSON document: most byte mutations break the syntax, so these keep
/// it and break the meaning instead (a position that is a string, a ring of one point, a feature
/// without geometry, a code that is a number).
#[derive(Clone, Debug)]
enum ValueEdit {
    Replace(Index, Value),
    Remove(Index),
    Duplicate(Index),
}

fn value_edits() -> impl Strategy<Value = Vec<ValueEdit>> {
    let replacement = prop_oneof![
        Just(Value::Null),
        Just(json!([])),
        Just(json!([[]])),
        Just(json!({})),
        Just(json!("Polygon")),
        Just(json!("MultiPolygon")),
        Just(json!("LineString")),
        Just(json!("522301001000")),
        Just(json!(522301002)),
        Just(json!("522301")),
        Just(json!([105.0, 25.0])),
        Just(json!([25.0, 105.0])),
        Just(json!([35_500_000.0, 2_770_000.0])),
        Just(json!([[104.9, 25.0], [104.9, 25.0]])),
        Just(json!([[
            [104.8, 25.0],
            [104.9, 25.1],
            [104.8, 25.1],
            [104.9, 25.0],
            [104.8, 25.0]
        ]])),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<i64>().prop_map(Value::from),
        "\\PC{0,6}".prop_map(Value::from),
    ];
    let edit = prop_oneof![
        4 => (any::<Index>(), replacement).prop_map(|(i, v)| ValueEdit::Replace(i, v)),
        2 => any::<Index>().prop_map(ValueEdit::Remove),
        1 => any::<Index>().prop_map(ValueEdit::Duplicate),
    ];
    proptest::collection::vec(edit, 1..6)
}

fn node_count(value: &Value) -> usize {
    1 + match value {
        Value::Array(a) => a.iter().map(node_count).sum(),
        Value::Object(o) => o.values().map(node_count).sum(),
        _ => 0,
    }
}

/// Applies `edit` to the node numbered `target` in depth-first order (0 is the root, which is
/// never removed); returns whether it was done.
fn edit_node(value: &mut Value, target: &mut usize, edit: &ValueEdit) -> bool {
    let children: Vec<&mut Value> = match value {
        Value::Array(a) => a.iter_mut().collect(),
        Value::Object(o) => o.values_mut().collect(),
        _ => return false,
    };
    let mut hit = None;
    for (i, child) in children.into_iter().enumerate() {
        *target -= 1;
        if *target == 0 {
            hit = Some(i);
            break;
        }
        if edit_node(child, target, edit) {
            return true;
        }
    }
    let Some(i) = hit else { return false };
    match (value, edit) {
        (Value::Array(a), ValueEdit::Replace(_, v)) => a[i] = v.clone(),
        (Value::Array(a), ValueEdit::Remove(_)) => {
            a.remove(i);
        }
        (Value::Array(a), ValueEdit::Duplicate(_)) => {
            let copy = a[i].clone();
            a.insert(i, copy);
        }
        (Value::Object(o), ValueEdit::Replace(_, v)) => {
            if let Some(slot) = o.values_mut().nth(i) {
                *slot = v.clone();
            }
        }
        (Value::Object(o), _) => {
            if let Some(key) = o.keys().nth(i).cloned() {
                o.remove(&key);
            }
        }
        _ => return false,
    }
    true
}

#[test]
fn fuzz_boundaries_edited_values() {
    let bases: Vec<Value> = [
        "good.geojson",
        "two_code_properties.geojson",
        "good.topojson",
    ]
    .iter()
    .map(|n| serde_json::from_str(&repo_text(&format!("tests/fixtures/boundaries/{n}"))).unwrap())
    .collect();
    fuzz(
        "boundaries_edited_values",
        32,
        (0..bases.len(), value_edits()),
        |(which, edits)| {
            let mut doc = bases[which].clone();
            for edit in &edits {
                let (ValueEdit::Replace(i, _) | ValueEdit::Remove(i) | ValueEdit::Duplicate(i)) =
                    edit;
                let nodes = node_count(&doc);
                if nodes > 1 {
                    let mut target = 1 + i.index(nodes - 1);
                    edit_node(&mut doc, &mut target, edit);
                }
            }
            let name = if which == 2 {
                "edited.topojson"
            } else {
                "edited.geojson"
            };
            check_boundaries(name, doc.to_string().as_bytes())
        },
    );
}

/// Sequences of requests as a user's clicks make them, with columns and properties that may not
/// exist: every reply is a reply, every join accounts for its rows, shapes unpack.
#[test]
fn fuzz_import_session_requests() {
    use atlas_core::import::{BoundaryChoices, ColumnMapping, ImportSession, Reply, Request};
    let station_files: Vec<(&str, Vec<u8>)> = ["stations_gbk.csv", "stations.json"]
        .iter()
        .map(|n| (*n, repo_file(&format!("tests/fixtures/good/{n}"))))
        .collect();
    let boundary_files: Vec<(&str, Vec<u8>)> = ["good.geojson", "two_code_properties.geojson"]
        .iter()
        .map(|n| (*n, repo_file(&format!("tests/fixtures/boundaries/{n}"))))
        .collect();
    let column = proptest::option::of(0..10usize);
    let mapping = (
        column.clone(),
        column.clone(),
        column.clone(),
        column.clone(),
        column.clone(),
        column,
    )
        .prop_map(
            |(code, township, county, status, star, opened)| ColumnMapping {
                code,
                township,
                county,
                status,
                star,
                opened,
                ..ColumnMapping::default()
            },
        );
    let choices = (
        proptest::option::of(proptest::sample::select(vec![
            "code", "XZQDM", "adcode", "name", "nope",
        ])),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(key, swap_lon_lat, convert_gcj02)| BoundaryChoices {
            code_property: key.map(str::to_string),
            swap_lon_lat,
            convert_gcj02,
        });
    #[derive(Clone, Debug)]
    enum Step {
        Stations(usize),
        Remap(ColumnMapping),
        Boundaries(usize, BoundaryChoices),
        Rechoose(BoundaryChoices),
    }
    let step = prop_oneof![
        (0..2usize).prop_map(Step::Stations),
        mapping.prop_map(Step::Remap),
        (0..2usize, choices.clone()).prop_map(|(i, c)| Step::Boundaries(i, c)),
        choices.prop_map(Step::Rechoose),
    ];
    fuzz(
        "import_session_requests",
        8,
        proptest::collection::vec(step, 1..6),
        |steps| {
            let mut session = ImportSession::new(full_atlas().clone());
            for step in steps {
                let (request, bytes) = match step {
                    Step::Stations(i) => (
                        Request::Stations {
                            file: station_files[i].0.into(),
                            today: Day::from_ymd(2026, 11, 23),
                            mapping: None,
                        },
                        Some(station_files[i].1.clone()),
                    ),
                    Step::Remap(mapping) => (Request::Remap { mapping }, None),
                    Step::Boundaries(i, choices) => (
                        Request::Boundaries {
                            file: boundary_files[i].0.into(),
                            choices,
                        },
                        Some(boundary_files[i].1.clone()),
                    ),
                    Step::Rechoose(choices) => (Request::Rechoose { choices }, None),
                };
                let (reply, coords) = session.handle(request, bytes, &mut |_| {});
                match reply {
                    Reply::Stations(loaded) => {
                        if let Ok(report) = &loaded.outcome {
                            prop_assert!(report.accounts_for_every_row());
                        }
                    }
                    Reply::Boundaries(loaded) => {
                        let import = loaded.into_import(&coords);
                        prop_assert!(import.is_ok(), "{import:?}");
                    }
                    Reply::Failed { message } => prop_assert!(!message.is_empty()),
                    other => prop_assert!(false, "unexpected reply {other:?}"),
                }
            }
            Ok(())
        },
    );
}
