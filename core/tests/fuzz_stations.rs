//! Fuzz targets for bureau station tables (`import::read_table`, `import::import_stations`) on
//! the real fixtures (JSON, XLSX, CSV) mutated, and on valid JSON of arbitrary shape. The
//! property: no panic, errors name the file, and every join accounts for every row.
//! `import_fuzz.rs` covers arbitrary bytes, broken zips, GBK text and the join on table-like
//! text.

mod fuzz;

use atlas_core::date::Day;
use atlas_core::import::{import_stations, read_table, JoinOptions};
use fuzz::{apply, edits, fuzz, names_file, repo_file, small_divisions, CSV_TOKENS, JSON_TOKENS};
use proptest::prelude::*;
use proptest::test_runner::TestCaseResult;
use serde_json::Value;

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
            let _ = report.to_csv(atlas_core::lang::Lang::Zh);
            let _ = report.messages(atlas_core::lang::Lang::Zh);
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
