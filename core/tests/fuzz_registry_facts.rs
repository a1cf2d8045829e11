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
fn a_source_must_be_an_article_or_a_quoted_page() {
    let header = "region_codes,region_name,level,as_of,as_of_note,townships_covered,\
townships_total,coverage_pct,stations_built,stations_operating,guidance_centres,head_stations,\
village_rooms,stars_5,stars_4,stars_excellent,target_townships,target_deadline,target_note,\
source,source_title,source_quote,source_mirror,note";
    let row = |rest: &str| format!("{header}\n全国,全国,nation,2022-06-30,,21000,,{rest}\n");
    let ok = parse_facts("f.csv", &row("56,,,,,,,,,,,,a.org/x,,q,mirror,")).unwrap();
    assert_eq!(ok.figures[0].regions, vec![RegionCode::nation()]);
    assert_eq!(ok.figures[0].coverage_pct_hundredths(), Some(5600));
    assert!(ok.figures[0].source.page.as_ref().unwrap().mirror);
    for (rest, column) in [
        ("56,,,,,,,,,,,,a.org/x,,,,", "source_quote"),
        ("56,,,,,,,,,,,,a.org/x,,q,copy,", "source_mirror"),
        ("56,,,,,,,,,,,,001,t,q,,", "source"),
        ("56,,,,,,,,,,,,,t,,,", "source"),
        ("156,,,,,,,,,,,,a.org/x,,q,,", "coverage_pct"),
    ] {
        let err = parse_facts("f.csv", &row(rest)).unwrap_err().to_string();
        assert!(err.contains(&format!("column {column}:")), "{rest}: {err}");
    }
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
