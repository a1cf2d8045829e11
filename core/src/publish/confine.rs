//! What keeps a reader of a published folder inside it: a manifest's paths are plain file names
//! of the folder, each file declares at most [`Limit::PublishedFileBytes`], a manifest lists at
//! most [`Limit::ManifestEntries`] files and is at most [`Limit::ManifestBytes`] long.
//!
//! A manifest is read from wherever a host serves it, so it may name `/dev/zero`,
//! `../../../../etc/passwd` or a million chunks. [`super::Manifest::parse`] refuses all of
//! those before any file is read; the readers (the CLI's `--data DIR`, the page's loader) then
//! read only regular files, and stop at the declared size.

use crate::lang::Text;
use crate::limits::Limit;

use super::{Manifest, PartFile};

/// Why `path` is not a plain file name inside the folder, if it is not: empty, `.` or `..`, a
/// separator (`/` or `\`), a drive (`C:`), or a control character.
pub fn plain_name_problem(path: &str) -> Option<Text> {
    let why = if path.is_empty() {
        Some(("为空", "it is empty"))
    } else if path == "." || path == ".." || path.contains("..") {
        Some(("含有 ..", "it holds .."))
    } else if path.contains(['/', '\\']) {
        Some((
            "含有路径分隔符（/ 或 \\）",
            "it holds a separator (/ or \\)",
        ))
    } else if path.contains(':') {
        Some((
            "含有冒号（盘符或流名）",
            "it holds a colon (a drive or stream)",
        ))
    } else if path.chars().any(char::is_control) {
        Some(("含有控制字符", "it holds a control character"))
    } else {
        None
    };
    why.map(|(zh, en)| {
        Text::new(
            format!("路径 {path:?} 不是本文件夹中的文件名：{zh}"),
            format!("path {path:?} is not a file name inside the folder: {en}"),
        )
    })
}

/// Checks every entry of `manifest` (read from `file`): how many, each path a plain name, each
/// declared size within the budget. The message names the manifest and the entry.
pub(super) fn check_entries(file: &str, manifest: &Manifest) -> Result<(), Text> {
    let entries = (manifest.files.len()
        + manifest.townships.len()
        + manifest.directory.len()
        + manifest.brief_fonts.len()
        + usize::from(manifest.station_index.is_some())) as u64;
    Limit::ManifestEntries
        .check(entries)
        .map_err(|m| in_manifest(file, m))?;
    let parts = manifest.files.values();
    let chunks = manifest
        .townships
        .values()
        .chain(manifest.directory.values())
        .chain(manifest.brief_fonts.values())
        .chain(manifest.station_index.iter());
    for entry in parts.chain(chunks) {
        check_entry(entry).map_err(|m| in_manifest(file, m))?;
    }
    Ok(())
}

fn check_entry(entry: &PartFile) -> Result<(), Text> {
    if let Some(problem) = plain_name_problem(&entry.path) {
        return Err(problem);
    }
    Limit::PublishedFileBytes.check(entry.bytes).map_err(|m| {
        Text::new(
            format!("{}：{}", entry.path, m.zh),
            format!("{}: {}", entry.path, m.en),
        )
    })
}

/// `message` about the manifest `file`, saying what to do.
pub(super) fn in_manifest(file: &str, message: Text) -> Text {
    Text::new(
        format!("{file}：{}；请用 atlas publish 重新发布", message.zh),
        format!(
            "{file}: {}; publish the folder again with atlas publish",
            message.en
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn only_plain_names_of_the_folder_pass() {
        for good in [
            "divisions-0123456789abcdef.csv",
            "townships-52-ab.topojson",
            "a.b",
        ] {
            assert_eq!(plain_name_problem(good), None, "{good}");
        }
        for bad in [
            "",
            ".",
            "..",
            "../../../../etc/passwd",
            "/dev/zero",
            "sub/file.csv",
            "..\\x",
            "C:x",
            "a\nb",
        ] {
            assert!(plain_name_problem(bad).is_some(), "{bad:?}");
        }
        let m = plain_name_problem("/dev/zero").unwrap();
        assert_eq!(
            m.get(Lang::En),
            "path \"/dev/zero\" is not a file name inside the folder: it holds a separator (/ or \\)"
        );
    }
}
