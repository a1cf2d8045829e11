//! Fuzz target for a published folder's manifest (`Manifest::parse`): a real manifest's bytes
//! mutated, with paths that leave the folder (`/dev/zero`, `../../../../etc/passwd`) among the
//! tokens spliced in. The property: no panic, every message names the manifest, and a manifest
//! that parses lists only plain file names inside the folder, each within the declared-size
//! budget, and no more entries than the budget (`atlas_core::limits`).

mod fuzz;

use std::collections::BTreeMap;

use atlas_core::data::code::RegionCode;
use atlas_core::data::publisher::Publisher;
use atlas_core::date::Day;
use atlas_core::lang::Lang;
use atlas_core::limits::Limit;
use atlas_core::publish::{plain_name_problem, Manifest, PartFile, PartKind};
use fuzz::{edits, fuzz, mutate_text, JSON_TOKENS};
use proptest::prelude::*;

/// A manifest as `atlas publish` writes it: every part and two township chunks.
fn real_manifest() -> String {
    let files: BTreeMap<PartKind, PartFile> = PartKind::ALL
        .into_iter()
        .map(|kind| (kind, PartFile::of(kind, format!("{kind:?}").as_bytes())))
        .collect();
    let mut manifest = Manifest::new(Publisher::default(), Day::from_ymd(2026, 11, 23), files);
    for region in ["52", "5223"] {
        let code = RegionCode::parse(region).unwrap();
        let chunk = PartFile::township_chunk(&code, region.as_bytes());
        manifest.townships.insert(code, chunk);
    }
    manifest.to_json()
}

const PATH_TOKENS: &[&str] = &[
    "/dev/zero",
    "../../../../etc/passwd",
    "..",
    "/",
    "\\\\",
    "C:",
    "\\u0000",
    "fifo",
    "99999999999999999999",
    "1099511627776",
];

#[test]
fn fuzz_manifest_mutated() {
    let base = real_manifest();
    assert!(Manifest::parse("manifest.json", &base).is_ok());
    let mut tokens: Vec<&'static str> = JSON_TOKENS.to_vec();
    tokens.extend(PATH_TOKENS);
    let tokens: &'static [&'static str] = tokens.leak();
    fuzz("manifest_mutated", 48, edits(tokens), |edits| {
        let text = mutate_text(&base, &edits);
        match Manifest::parse("manifest.json", &text) {
            Err(message) => {
                prop_assert!(
                    message.get(Lang::En).starts_with("manifest.json: "),
                    "{message:?}"
                );
                prop_assert!(
                    message.get(Lang::Zh).starts_with("manifest.json："),
                    "{message:?}"
                );
            }
            Ok(manifest) => {
                let entries = manifest.files.values().chain(manifest.townships.values());
                let mut count = 0u64;
                for entry in entries {
                    count += 1;
                    prop_assert!(
                        plain_name_problem(&entry.path).is_none(),
                        "{:?}",
                        entry.path
                    );
                    prop_assert!(!entry.path.contains('/') && !entry.path.contains(".."));
                    prop_assert!(!Limit::PublishedFileBytes.exceeded_by(entry.bytes));
                }
                prop_assert!(!Limit::ManifestEntries.exceeded_by(count));
            }
        }
        Ok(())
    });
}
