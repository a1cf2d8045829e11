//! Fuzz targets for the shipped data files' parsers: the division registry
//! (`Divisions::from_csv`) and the reported facts (`seed::parse_facts`), on arbitrary text and on
//! the real files mutated. The property: no panic, errors name the file, and what parses keeps
//! its invariants (codes of their level's length, rows within the file).

mod fuzz;

use atlas_core::data::code::{Level, RegionCode};
use atlas_core::data::divisions::Divisions;
use atlas_core::data::seed::parse_facts;
use fuzz::{divisions_slice, edits, fuzz, mutate_text, names_file, repo_text, CSV_TOKENS};
use proptest::prelude::*;
use proptest::test_runner::TestCaseResult;

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
