//! `--data DIR` reads a published folder and nothing outside it: a manifest naming `/dev/zero`
//! or `../../../../etc/passwd`, a part that is a FIFO or a folder, a part longer than declared,
//! a manifest of a million entries. Each is refused with a message naming the file, at once and
//! without reading past the budget (`atlas_core::limits`).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use atlas_core::data::publisher::Publisher;
use atlas_core::date::Day;
use atlas_core::publish::{Manifest, PartFile, PartKind};
use common::{atlas_bin, tmp, TODAY};

/// A folder with a manifest listing the three required parts, each a small file; `edit`
/// changes the manifest before it is written.
fn folder(name: &str, edit: impl FnOnce(&mut Manifest, &Path)) -> PathBuf {
    let dir = tmp(name);
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = BTreeMap::new();
    for kind in [PartKind::Divisions, PartKind::Outlines, PartKind::Facts] {
        let bytes = format!("{kind:?}\n").into_bytes();
        let part = PartFile::of(kind, &bytes);
        std::fs::write(dir.join(&part.path), &bytes).unwrap();
        files.insert(kind, part);
    }
    let mut manifest = Manifest::new(Publisher::default(), Day::from_ymd(2026, 11, 23), files);
    edit(&mut manifest, &dir);
    std::fs::write(dir.join("manifest.json"), manifest.to_json()).unwrap();
    dir
}

/// Runs `atlas validate --data dir` and returns its stderr, asserting it failed.
fn refused(dir: &Path) -> String {
    let out = atlas_bin(&[
        "validate",
        "--lang",
        "en",
        "--today",
        TODAY,
        "--data",
        dir.to_str().unwrap(),
    ]);
    assert!(!out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn set_path(manifest: &mut Manifest, kind: PartKind, path: &str) {
    manifest.files.get_mut(&kind).unwrap().path = path.into();
}

#[test]
fn paths_outside_the_folder_are_refused_before_anything_is_read() {
    for (case, path) in [
        ("zero", "/dev/zero"),
        ("passwd", "../../../../etc/passwd"),
        ("sub", "sub/facts.csv"),
    ] {
        let dir = folder(case, |m, _| set_path(m, PartKind::Facts, path));
        let stderr = refused(&dir);
        assert!(
            stderr.contains(&format!(
                "manifest.json: path {path:?} is not a file name inside the folder"
            )),
            "{stderr}"
        );
        assert!(
            stderr.contains("publish the folder again with atlas publish"),
            "{stderr}"
        );
    }
}

#[test]
fn only_regular_files_are_read() {
    // A FIFO would block a reader until something wrote to it; a folder is no file.
    let fifo = folder("fifo", |m, dir| {
        set_path(m, PartKind::Divisions, "pipe");
        let status = std::process::Command::new("mkfifo")
            .arg(dir.join("pipe"))
            .status()
            .unwrap();
        assert!(status.success());
    });
    let stderr = refused(&fifo);
    assert!(
        stderr.contains("pipe: cannot be read (not a regular file (a device, pipe or folder))"),
        "{stderr}"
    );
    let sub = folder("folder", |m, dir| {
        set_path(m, PartKind::Divisions, "inner");
        std::fs::create_dir_all(dir.join("inner")).unwrap();
    });
    assert!(refused(&sub).contains("inner: cannot be read (not a regular file"));
}

#[test]
fn a_part_is_read_no_further_than_its_declared_size() {
    let dir = folder("long", |m, dir| {
        let facts = &m.files[&PartKind::Facts];
        std::fs::write(dir.join(&facts.path), vec![b'x'; 4 << 20]).unwrap();
    });
    let stderr = refused(&dir);
    assert!(
        stderr.contains("longer than the 6 bytes the manifest declares; reading stopped there"),
        "{stderr}"
    );
}

#[test]
fn a_manifest_of_a_million_entries_or_past_its_size_is_refused() {
    let dir = folder("entries", |m, _| {
        let entry = PartFile::of(PartKind::Facts, b"x");
        for i in 0..3_000u32 {
            let code = format!("{:02}{:02}", 11 + i / 100, i % 100);
            let code = atlas_core::data::code::RegionCode::parse(&code);
            if let Ok(code) = code {
                m.townships.insert(code, entry.clone());
            }
        }
    });
    let stderr = refused(&dir);
    assert!(
        stderr.contains("files the manifest lists:")
            && stderr.contains("more than the limit of 2,000"),
        "{stderr}"
    );
    // A manifest of many megabytes is refused by its size, before it is parsed.
    let big = folder("big", |_, _| {});
    let mut text = std::fs::read_to_string(big.join("manifest.json")).unwrap();
    text.push_str(&" ".repeat(5 << 20));
    std::fs::write(big.join("manifest.json"), text).unwrap();
    let stderr = refused(&big);
    assert!(
        stderr.contains("bytes of the manifest: 4,194,305, more than the limit of 4,194,304"),
        "{stderr}"
    );
}
