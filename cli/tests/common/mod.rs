//! What the CLI's test files share: the binary, a temp path, the shipped atlas, the day they
//! count from. Each test file uses some of it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

use atlas_core::data::atlas::Atlas;
use atlas_core::date::Day;

/// The day every test runs on (`--today`), so deadlines and dates do not move.
pub const TODAY: &str = "2026-11-23";

/// [`TODAY`] as a day.
pub fn today() -> Day {
    Day::from_ymd(2026, 11, 23)
}

/// Runs the `atlas` binary with `args`.
pub fn atlas_bin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(args)
        .output()
        .expect("atlas runs")
}

/// A path in cargo's temp dir for tests, unique to this process.
pub fn tmp(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{}-{name}", std::process::id()))
}

/// The shipped data, loaded once.
pub fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| {
        Atlas::load_dir(&PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../data"
        )))
        .unwrap()
    })
}

/// Asserts the run succeeded, showing its stderr when not.
pub fn ok(output: &Output) {
    assert!(
        output.status.success(),
        "status {:?}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}
