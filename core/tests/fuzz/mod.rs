//! What the fuzz targets share: the runner with its case count and time budget, byte-level
//! mutations of real files with the tokens each format cares about, and fixtures built once per
//! test binary.
//!
//! Each `core/tests/fuzz_*.rs` file holds the targets of one kind of parser; `scripts/fuzz.sh`
//! runs every target of every such file in release with a large `PROPTEST_CASES` and a time
//! budget (`FUZZ_SECONDS`). `cargo test` runs a few cases per target (CI).

// Each fuzz_* test binary compiles this module and uses only part of it.
#![allow(dead_code)]

pub mod fast;

/// Every fuzz binary's allocator: the system's, stopping a fast target's case that asks for one
/// allocation over [`fast::ALLOCATION_LIMIT_BYTES`] (see [`fast::Guard`]).
#[global_allocator]
static GUARD: fast::Guard = fast::Guard;

use std::fmt::Debug;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use atlas_core::data::atlas::Atlas;
use atlas_core::data::divisions::Divisions;
use atlas_core::error::DataError;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{FileFailurePersistence, TestCaseResult, TestRunner};

// ---------------------------------------------------------------------------------------------
// Runner: cases from `PROPTEST_CASES` (else a small default), stopping early once
// `FUZZ_SECONDS` have passed; prints the count so the script can report executions.

/// Cases per runner: the time budget is checked between chunks.
const CHUNK: u32 = 500;

/// A number from the environment, if set and readable.
pub fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

/// Runs fuzz target `name`: `PROPTEST_CASES` cases (else `default_cases`) in chunks of
/// [`CHUNK`], stopping early once `FUZZ_SECONDS` have passed, and prints how many ran.
///
/// A failing case is shrunk and its seed saved beside the calling test file
/// (`core/tests/fuzz_*.proptest-regressions`), so every later run of that file replays it first.
#[track_caller]
pub fn fuzz<S>(
    name: &str,
    default_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> TestCaseResult,
) where
    S: Strategy,
    S::Value: Debug,
{
    let total =
        env_number("PROPTEST_CASES").map_or(default_cases, |n| n.min(u64::from(u32::MAX)) as u32);
    let budget = env_number("FUZZ_SECONDS").map(Duration::from_secs);
    // The test file that called, not this shared module: each file keeps its own seeds.
    let source_file = std::panic::Location::caller().file();
    let start = Instant::now();
    let mut done: u64 = 0;
    let mut left = total;
    while left > 0 {
        let cases = left.min(CHUNK);
        let config = ProptestConfig {
            cases,
            source_file: Some(source_file),
            // Next to the calling test file: core/tests/fuzz_*.proptest-regressions.
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

/// One byte-level change to a file.
#[derive(Clone, Debug)]
pub enum Edit {
    Flip(Index, u8),
    Insert(Index, u8),
    Delete(Index, usize),
    Splice(Index, &'static str),
    Duplicate(Index, usize),
}

/// One to seven edits, splicing in `tokens` the format cares about.
pub fn edits(tokens: &'static [&'static str]) -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (any::<Index>(), 1..=255u8).prop_map(|(i, m)| Edit::Flip(i, m)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Insert(i, b)),
        (any::<Index>(), 1..16usize).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<Index>(), proptest::sample::select(tokens)).prop_map(|(i, t)| Edit::Splice(i, t)),
        (any::<Index>(), 1..64usize).prop_map(|(i, n)| Edit::Duplicate(i, n)),
    ];
    proptest::collection::vec(edit, 1..8)
}

/// `base` with the edits applied in order (indexes wrap to the current length).
pub fn apply(base: &[u8], edits: &[Edit]) -> Vec<u8> {
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
pub fn mutate_text(base: &str, edits: &[Edit]) -> String {
    String::from_utf8_lossy(&apply(base.as_bytes(), edits)).into_owned()
}

/// Tokens that matter to CSV and to the values in it (dates, codes, counts).
pub const CSV_TOKENS: &[&str] = &[
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

/// Tokens that matter to JSON, GeoJSON and TopoJSON.
pub const JSON_TOKENS: &[&str] = &[
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

/// A file of the repository, by its path from the root.
pub fn repo_file(path: &str) -> Vec<u8> {
    let path = format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A text file of the repository, by its path from the root.
pub fn repo_text(path: &str) -> String {
    String::from_utf8(repo_file(path)).unwrap()
}

/// The error message begins with the file's name, as every parser's must.
pub fn names_file(err: &DataError, file: &str) -> bool {
    err.to_string().starts_with(&format!("{file}: "))
        || err.to_string().starts_with(&format!("{file}, "))
}

// ---------------------------------------------------------------------------------------------
// Shared fixtures, built once per test binary.

/// The header and first 3,000 rows of `data/divisions.csv` (北京, 天津 and part of 河北).
pub fn divisions_slice() -> &'static str {
    static SLICE: OnceLock<String> = OnceLock::new();
    SLICE.get_or_init(|| {
        let text = repo_text("data/divisions.csv");
        text.lines().take(3001).map(|l| format!("{l}\n")).collect()
    })
}

/// The registry of [`divisions_slice`].
pub fn small_divisions() -> &'static Divisions {
    static DIVISIONS: OnceLock<Divisions> = OnceLock::new();
    DIVISIONS.get_or_init(|| Divisions::from_csv("divisions.csv", divisions_slice()).unwrap())
}

/// The atlas of the shipped data.
pub fn full_atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        Atlas::load_dir(&data).expect("default data loads")
    })
}
