//! `atlas publish`'s station directory: the directory the import read from `--stations`, one
//! file per province (`data/directory-52-<hash>.json`), listed in the manifest with its hash.
//! What the import kept private (a person's name or mobile, by default) is not in the entries,
//! so it cannot be written.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use atlas_core::data::code::RegionCode;
use atlas_core::data::directory::{by_province, directory_json, DirectoryEntry};
use atlas_core::data::station_index::station_index_json;
use atlas_core::lang::Lang;
use atlas_core::publish::PartFile;

use crate::args::Sources;
use crate::data::{published_directory, DataSource};
use crate::Imported;

/// The station directory a command shows: the one `--stations` read, else a published
/// `--data` folder's, else none (the shipped default has no directory).
pub fn directory_of(sources: &Sources, imported: &Imported) -> Result<Vec<DirectoryEntry>> {
    let from_import = (imported.stations.as_ref()).and_then(|s| s.directory.as_ref());
    if let Some(directory) = from_import {
        return Ok(directory.entries.clone());
    }
    let lang: Lang = sources.lang.into();
    match DataSource::of(sources.data.as_deref()) {
        DataSource::Published(dir) => published_directory(&dir, lang),
        _ => Ok(Vec::new()),
    }
}

/// Each province's directory file: its manifest entry and its bytes. Empty when the table had
/// no directory column.
pub fn directory_files(imported: &Imported) -> BTreeMap<RegionCode, (PartFile, Vec<u8>)> {
    let Some(directory) = imported
        .stations
        .as_ref()
        .and_then(|s| s.directory.as_ref())
    else {
        return BTreeMap::new();
    };
    by_province(&directory.entries)
        .into_iter()
        .map(|(province, entries)| {
            let bytes = directory_json(&province, &entries).into_bytes();
            let entry = PartFile::directory(&province, &bytes);
            (province, (entry, bytes))
        })
        .collect()
}

/// The station search index of every province's stations: its manifest entry and its bytes.
/// None when the table had no directory column.
pub fn station_index_file(imported: &Imported) -> Option<(PartFile, Vec<u8>)> {
    let directory = (imported.stations.as_ref()).and_then(|s| s.directory.as_ref())?;
    let bytes = station_index_json(&directory.entries).into_bytes();
    Some((PartFile::station_index(&bytes), bytes))
}

/// Writes the files into `dir` (before the manifest that names them).
pub fn write_directory(
    dir: &Path,
    files: &BTreeMap<RegionCode, (PartFile, Vec<u8>)>,
    index: Option<&(PartFile, Vec<u8>)>,
) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("{}", dir.display()))?;
    for (entry, bytes) in files.values().chain(index) {
        let path = dir.join(&entry.path);
        std::fs::write(&path, bytes).with_context(|| format!("{}", path.display()))?;
    }
    Ok(())
}
