//! Fuzz targets for the import recipe reader (`ImportRecipe::parse`, `choices_for`) and the
//! value mapping of the join (`JoinOptions::values`, `accepted`): mutated real recipes and
//! arbitrary meanings for arbitrary cells. The properties: no panic; a refused recipe says so
//! in both languages, naming the file; a recipe that reads writes back to itself; every join
//! with any value meanings accounts for every row, and no row stays invalid for a status or
//! rating the user gave a meaning.

mod fuzz;

use atlas_core::date::Day;
use atlas_core::import::{
    join_stations, read_table, AcceptedMatch, ColumnMapping, ImportRecipe, JoinOptions,
    RatingChoice, StatusChoice, ValueChoices,
};
use fuzz::{apply, edits, fuzz, repo_file, small_divisions, JSON_TOKENS};
use proptest::prelude::*;
use proptest::test_runner::TestCaseResult;

fn check_recipe(bytes: &[u8]) -> TestCaseResult {
    match ImportRecipe::parse("r.json", bytes) {
        Err(message) => {
            prop_assert!(message.en.starts_with("r.json"), "{message}");
            prop_assert!(message.zh.starts_with("r.json"), "{}", message.zh);
        }
        Ok(recipe) => {
            let again = ImportRecipe::parse("again.json", recipe.to_json().as_bytes());
            prop_assert_eq!(again.as_ref(), Ok(&recipe));
            let headers: Vec<String> = ["乡镇（街道）", "建设进度", "评估等次", "挂牌时间"]
                .map(String::from)
                .to_vec();
            if let Err(message) = recipe.choices_for(&headers) {
                prop_assert!(!message.zh.is_empty() && !message.en.is_empty());
            }
        }
    }
    Ok(())
}

#[test]
fn fuzz_recipe_mutated() {
    let base = repo_file("tests/fixtures/bureaus/wangmo.recipe.json");
    let mut tokens: Vec<&'static str> = JSON_TOKENS.to_vec();
    tokens.extend([
        "\"stars\"",
        "\"excellent\"",
        "\"no_station\"",
        "\"coverage-atlas-import-recipe\"",
        "\"columns\"",
        "\"accepted\"",
        "99999999999999999999",
        "\"522326104000\"",
        "\u{3000}",
    ]);
    let tokens: &'static [&'static str] = tokens.leak();
    fuzz("recipe_mutated", 64, edits(tokens), |edits| {
        check_recipe(&apply(&base, &edits))
    });
}

#[test]
fn fuzz_recipe_arbitrary_bytes() {
    fuzz(
        "recipe_arbitrary_bytes",
        64,
        proptest::collection::vec(any::<u8>(), 0..400),
        |bytes| check_recipe(&bytes),
    );
}

const STATUS_CELLS: &[&str] = &[
    "已投用",
    "运营",
    "",
    "在建中?",
    "☆",
    "合格",
    "已完成 验收",
    "ＡＢＣ",
    "0",
    "—",
    "是",
];
const STAR_CELLS: &[&str] = &["良好", "", "3", "七星", "★★★★★★", "优秀", "合格", "A档"];

fn status_choice() -> impl Strategy<Value = StatusChoice> {
    proptest::sample::select(StatusChoice::ALL.to_vec())
}

fn rating_choice() -> impl Strategy<Value = RatingChoice> {
    proptest::sample::select(RatingChoice::ALL.to_vec())
}

/// A small table of the listed cells, joined with arbitrary meanings for some of them.
#[test]
fn fuzz_value_mapping() {
    let rows = proptest::collection::vec(
        (
            proptest::sample::select(STATUS_CELLS.to_vec()),
            proptest::sample::select(STAR_CELLS.to_vec()),
        ),
        1..12,
    );
    let meanings = (
        proptest::collection::vec(
            (
                proptest::sample::select(STATUS_CELLS.to_vec()),
                status_choice(),
            ),
            0..6,
        ),
        proptest::collection::vec(
            (
                proptest::sample::select(STAR_CELLS.to_vec()),
                rating_choice(),
            ),
            0..6,
        ),
        any::<bool>(),
    );
    fuzz(
        "value_mapping",
        64,
        (rows, meanings),
        |(rows, (statuses, ratings, accept))| {
            let mut text = String::from("乡镇代码,状态,星级\n");
            for (status, star) in &rows {
                text += &format!("110101001,{status},{star}\n");
            }
            let table = read_table("t.csv", text.as_bytes()).unwrap();
            let mut values = ValueChoices::default();
            for (cell, choice) in &statuses {
                values.set_status(cell, *choice);
            }
            for (cell, choice) in &ratings {
                values.set_rating(cell, *choice);
            }
            let accepted = if accept {
                vec![AcceptedMatch {
                    code_cell: "110101001".into(),
                    county: String::new(),
                    township: String::new(),
                    code: atlas_core::data::code::RegionCode::parse("110101001").unwrap(),
                }]
            } else {
                Vec::new()
            };
            let options = JoinOptions {
                values: values.clone(),
                accepted,
                ..JoinOptions::new(Day::from_ymd(2026, 11, 23))
            };
            let mapping = ColumnMapping {
                code: Some(0),
                status: Some(1),
                star: Some(2),
                ..ColumnMapping::default()
            };
            let report = join_stations(&table, &mapping, small_divisions(), &options).unwrap();
            prop_assert!(report.accounts_for_every_row());
            // A value given a meaning is never reported unknown.
            for unknown in &report.unknown_values {
                let given = match unknown.field {
                    atlas_core::import::ValueField::Status => {
                        values.status_of(&unknown.value).is_some()
                    }
                    atlas_core::import::ValueField::Rating => {
                        values.rating_of(&unknown.value).is_some()
                    }
                };
                prop_assert!(!given, "{unknown:?}");
            }
            // Every invalid row is explained by an unknown value (the only thing that can be wrong
            // with these rows besides the duplicate township, which is a duplicate, not invalid).
            let unknown_rows: usize = report.unknown_values.iter().map(|u| u.rows).sum();
            prop_assert!(report.invalid.len() <= unknown_rows);
            Ok(())
        },
    );
}
