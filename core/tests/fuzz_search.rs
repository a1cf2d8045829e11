//! Fuzz targets for search (`SearchIndex::search`): arbitrary queries, and real names and codes
//! cut and mutated the way people mistype them. The property: at most `limit` hits, each a
//! region of the registry under its own name and level, and a full code finds its region first.

#![cfg(feature = "pinyin")]

mod fuzz;

use std::sync::OnceLock;

use atlas_core::search::{PinyinTable, SearchIndex};
use fuzz::{divisions_slice, edits, fuzz, mutate_text, small_divisions};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseResult;

/// The search index of the registry slice.
fn search_index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        SearchIndex::new(
            small_divisions(),
            &PinyinTable::for_divisions(small_divisions()),
        )
    })
}

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
