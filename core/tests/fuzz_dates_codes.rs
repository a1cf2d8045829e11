//! Fuzz targets for the smallest parsers: region codes (`RegionCode::parse`) and partial dates
//! (`PartialDate::parse`), on arbitrary text and on strings shaped like codes and dates. The
//! property: what parses is normalised, re-parses to itself and keeps its invariants.

mod fuzz;

use atlas_core::data::code::{Level, RegionCode};
use atlas_core::date::PartialDate;
use fuzz::fuzz;
use proptest::prelude::*;
use proptest::test_runner::TestCaseResult;

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
