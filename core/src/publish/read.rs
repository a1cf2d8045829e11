//! The reader: what the page and the CLI read of a published folder, each file checked against
//! its manifest entry (size, then hash) before it is used, and every message naming the file.

use std::collections::BTreeMap;

use crate::data::atlas::{Atlas, DataFiles, DataNote};
use crate::data::code::RegionCode;
use crate::data::model::Station;
use crate::data::topo::Topology;
use crate::lang::{Lang, Text};
use crate::limits::Limit;

use super::confine;
use super::error::ReadError;
use super::format::{
    sha256_hex, Manifest, PartFile, PartKind, TownshipChunk, MANIFEST_FILE, MANIFEST_FORMAT,
    MANIFEST_VERSION, TOWNSHIP_OBJECT,
};
use super::plan::Depth;

impl PartFile {
    /// `bytes` when they are this file's (size, then hash); else a message naming the file.
    pub fn check<'b>(&self, bytes: &'b [u8]) -> Result<&'b [u8], ReadError> {
        let mismatch = |message: Text| ReadError::Mismatch {
            file: self.path.clone(),
            message,
        };
        if bytes.len() as u64 != self.bytes {
            return Err(mismatch(Text::new(
                format!(
                    "{}：应为 {} 字节，实为 {} 字节（文件不完整或已被改动）",
                    self.path,
                    self.bytes,
                    bytes.len()
                ),
                format!(
                    "{}: expected {} bytes, found {} (the file is cut short or was changed)",
                    self.path,
                    self.bytes,
                    bytes.len()
                ),
            )));
        }
        let found = sha256_hex(bytes);
        if found != self.sha256 {
            return Err(mismatch(Text::new(
                format!(
                    "{}：SHA-256 与清单不符（应为 {}，实为 {}）；文件已损坏或被替换",
                    self.path, self.sha256, found
                ),
                format!(
                    "{}: SHA-256 does not match the manifest (expected {}, found {}); the file is corrupt or was replaced",
                    self.path, self.sha256, found
                ),
            )));
        }
        Ok(bytes)
    }
}

impl Manifest {
    /// Reads `text` as a manifest; the message names `file` and says what is wrong.
    pub fn parse(file: &str, text: &str) -> Result<Manifest, ReadError> {
        Manifest::parse_text(file, text).map_err(|message| ReadError::Manifest {
            file: file.to_string(),
            message,
        })
    }

    fn parse_text(file: &str, text: &str) -> Result<Manifest, Text> {
        Limit::ManifestBytes
            .check(text.len() as u64)
            .map_err(|m| confine::in_manifest(file, m))?;
        let manifest: Manifest = serde_json::from_str(text).map_err(|e| {
            Text::new(
                format!(
                    "{file}：不是已发布数据的清单（JSON 第 {} 行：{e}）",
                    e.line()
                ),
                format!(
                    "{file}: not a published-data manifest (JSON line {}: {e})",
                    e.line()
                ),
            )
        })?;
        if manifest.format != MANIFEST_FORMAT || manifest.version != MANIFEST_VERSION {
            return Err(Text::new(
                format!(
                    "{file}：格式为 {:?} 版本 {}，本程序读取 {MANIFEST_FORMAT} 版本 {MANIFEST_VERSION}；请用本版本的 atlas publish 重新发布",
                    manifest.format, manifest.version
                ),
                format!(
                    "{file}: format {:?} version {}; this build reads {MANIFEST_FORMAT} version {MANIFEST_VERSION}: publish the data again with this version's atlas publish",
                    manifest.format, manifest.version
                ),
            ));
        }
        for kind in PartKind::ALL.into_iter().filter(|k| k.required()) {
            if !manifest.files.contains_key(&kind) {
                let (stem, _) = kind.name_parts();
                return Err(Text::new(
                    format!("{file}：清单中没有 {stem} 文件"),
                    format!("{file}: the manifest lists no {stem} file"),
                ));
            }
        }
        confine::check_entries(file, &manifest)?;
        Ok(manifest)
    }
}

/// The texts of a published folder's files, each checked against its manifest entry by the
/// reader (the CLI reads a folder, the page fetches).
pub struct PublishedTexts<'a> {
    /// The manifest.
    pub manifest: &'a Manifest,
    /// Each file's text by kind; optional kinds may be absent.
    pub texts: BTreeMap<PartKind, &'a str>,
}

impl<'a> PublishedTexts<'a> {
    /// The texts read so far, by kind, of the publication `manifest` describes.
    pub fn of(manifest: &'a Manifest, texts: &'a BTreeMap<PartKind, String>) -> Self {
        PublishedTexts {
            manifest,
            texts: texts.iter().map(|(k, v)| (*k, v.as_str())).collect(),
        }
    }
}

/// The atlas of a published folder: the registry, outlines and facts, then the stations when
/// the folder has them, and its publisher. Township boundaries come per province afterwards
/// ([`read_township_chunk`], [`Atlas::add_township_outlines`]). A required part that cannot be
/// read is an error naming its file; a stations file that does not parse leaves the map without
/// them and its message in the returned list, so the rest still draws. One the reader could not
/// fetch or check is left out of `texts`, with the reader's own message.
pub fn load_published(
    published: &PublishedTexts,
    depth: Depth,
) -> Result<(Atlas, Vec<ReadError>), ReadError> {
    let manifest = published.manifest;
    let overview = depth == Depth::Overview && manifest.has_overview();
    let (divisions_kind, outlines_kind) = if overview {
        (PartKind::DivisionsOverview, PartKind::OutlinesOverview)
    } else {
        (PartKind::Divisions, PartKind::Outlines)
    };
    let part = |kind: PartKind| -> Result<(&str, &str), ReadError> {
        let file = &manifest.files[&kind];
        let text = published
            .texts
            .get(&kind)
            .ok_or_else(|| ReadError::Missing {
                file: file.path.clone(),
                message: Text::new(
                    format!("{}：文件缺失", file.path),
                    format!("{}: the file is missing", file.path),
                ),
            })?;
        Ok((file.path.as_str(), *text))
    };
    let (divisions, outlines, facts) = (
        part(divisions_kind)?,
        part(outlines_kind)?,
        part(PartKind::Facts)?,
    );
    let mut atlas = Atlas::load(&DataFiles {
        divisions,
        outlines,
        facts,
        overview,
    })
    .map_err(|e| ReadError::Content {
        file: e.file_name().to_string(),
        message: e.texts(),
    })?;
    atlas.publisher = manifest.publisher.clone();
    atlas
        .notes
        .extend(manifest.notes.iter().map(|note| DataNote {
            file: MANIFEST_FILE.into(),
            code: String::new(),
            message: note.clone(),
        }));
    let mut problems = Vec::new();
    // An optional part the reader could not fetch or check is absent from `texts`: the reader
    // has said why, and the map draws without it.
    if let Some(file) = manifest.files.get(&PartKind::Stations) {
        if let Some(text) = published.texts.get(&PartKind::Stations) {
            match read_stations(&file.path, text) {
                Ok(stations) => atlas.stations = stations,
                Err(message) => problems.push(message),
            }
        }
    }
    Ok((atlas, problems))
}

/// Stations from their JSON ([`stations_json`]); the message names `file`.
pub fn read_stations(file: &str, text: &str) -> Result<Vec<Station>, ReadError> {
    serde_json::from_str(text).map_err(|e| ReadError::Content {
        file: file.to_string(),
        message: Text::new(
            format!("{file}：无法读取站点（{e}）"),
            format!("{file}: the stations cannot be read ({e})"),
        ),
    })
}

/// One province's township shapes from its chunk file (already checked against the
/// manifest); the message names `file`.
pub fn read_township_chunk(file: &str, text: &str) -> Result<TownshipChunk, ReadError> {
    let unreadable = |zh: String, en: String| ReadError::Content {
        file: file.to_string(),
        message: Text::new(
            format!("{file}：无法读取乡镇边界（{zh}）"),
            format!("{file}: the township boundaries cannot be read ({en})"),
        ),
    };
    let features = Topology::parse(file, text)
        .and_then(|topology| topology.features(file, TOWNSHIP_OBJECT))
        .map_err(|e| unreadable(e.text(Lang::Zh), e.text(Lang::En)))?;
    let mut chunk = TownshipChunk::default();
    for (k, feature) in features.into_iter().enumerate() {
        let code = feature.properties.get("code").and_then(|c| c.as_str());
        let Some(Ok(code)) = code.map(RegionCode::parse) else {
            return Err(unreadable(
                format!("第 {} 个乡镇没有有效的 code：{:?}", k + 1, code),
                format!("township #{} has no valid code: {:?}", k + 1, code),
            ));
        };
        let schematic = feature.properties.get("schematic") == Some(&true.into());
        let shapes = if schematic {
            &mut chunk.schematic
        } else {
            &mut chunk.official
        };
        shapes.push((code, feature.geometry));
    }
    Ok(chunk)
}
