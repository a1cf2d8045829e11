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
fn a_note_in_one_language_only_is_refused() {
    let header = "region_codes,region_name,level,as_of,as_of_note_zh,as_of_note_en,\
townships_covered,townships_total,coverage_pct,stations_built,stations_operating,\
guidance_centres,head_stations,village_rooms,stars_5,stars_4,stars_excellent,target_townships,\
target_deadline,target_note_zh,target_note_en,source,source_title,source_quote,source_mirror,\
note_zh,note_en";
    let row = |notes: &str| {
        format!("{header}\n5223,黔西南,prefecture,2023-12,,,101,140,,,,,,,,,,,,,,000,t,,,{notes}\n")
    };
    let both = parse_facts("f.csv", &row("覆盖率72%,coverage 72%")).unwrap();
    assert_eq!(both.figures[0].note.zh, "覆盖率72%");
    assert_eq!(both.figures[0].note.en, "coverage 72%");
    let err = parse_facts("f.csv", &row(",coverage 72%"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("row 2") && err.contains("note_zh"), "{err}");
    let err = parse_facts("f.csv", &row("覆盖率72%,"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("note_en"), "{err}");
}

#[test]
fn a_source_must_be_an_article_or_a_quoted_page() {
    // Columns are read by name: the Chinese note columns come last here.
    let header = "region_codes,region_name,level,as_of,as_of_note_en,townships_covered,\
townships_total,coverage_pct,stations_built,stations_operating,guidance_centres,head_stations,\
village_rooms,stars_5,stars_4,stars_excellent,target_townships,target_deadline,target_note_en,\
source,source_title,source_quote,source_mirror,note_en,as_of_note_zh,target_note_zh,note_zh";
    let row = |rest: &str| format!("{header}\n全国,全国,nation,2022-06-30,,21000,,{rest},,,\n");
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
