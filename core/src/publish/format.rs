//! The published format: the manifest's types and version, the kinds of content file, how a
//! file is named by its hash, and the shapes a township chunk holds. What a reader checks is in
//! `read.rs`, what a reader fetches when in `plan.rs`, and the writers in `write.rs`.
//!
//! A new kind of content file (a province's station directory, a baked view) is a new
//! [`PartKind`] with its name and when it is fetched ([`PartKind::fetched`]); a bump of
//! [`MANIFEST_VERSION`] says what an older reader would misread.

use std::collections::BTreeMap;

use geo::MultiPolygon;
use sha2::{Digest, Sha256};

use crate::data::code::RegionCode;
use crate::data::model::Station;
use crate::data::publisher::Publisher;
use crate::date::Day;
use crate::lang::Text;

/// What a manifest says it is.
pub const MANIFEST_FORMAT: &str = "coverage-atlas-published";
/// The format version this build writes and reads.
/// Version 2: a township chunk holds the schematic cells of the province's counties without
/// official boundaries as well (`properties.schematic`); a version-1 reader would take them for
/// official boundaries.
/// Version 3: `townships` is keyed by province (every township of it, simplified for the
/// province's view) and by prefecture (its official boundaries at full detail, for a view of the
/// prefecture or deeper); a version-2 reader would take the prefecture's for a province's.
/// Version 4: the site may carry baked pages beside `data/` (`baked_pages`: the country's
/// `index.html` and `region-<code>.html` for every province and prefecture, `crate::bake`), and
/// `directory` lists each province's station directory ([`crate::data::directory`]), fetched on
/// drill-down; a version-3 reader would know of neither.
pub const MANIFEST_VERSION: u32 = 4;
/// The manifest's file name inside `data/`.
pub const MANIFEST_FILE: &str = "manifest.json";

/// One kind of content file of a published folder.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// The division registry (CSV).
    Divisions,
    /// County and coarser outlines (TopoJSON).
    Outlines,
    /// Reported figures and targets (CSV).
    Facts,
    /// Joined township stations (JSON).
    Stations,
    /// The registry down to counties, each county's townships listed without names (CSV,
    /// [`Divisions::overview_csv`](crate::data::divisions::Divisions::overview_csv)).
    DivisionsOverview,
    /// Province and prefecture outlines simplified for the country view (TopoJSON).
    OutlinesOverview,
    /// The pinyin of every character of the registry's names
    /// ([`PinyinTable`](crate::search::PinyinTable)), for search.
    Pinyin,
}

impl PartKind {
    /// Every kind, in the order files are listed and fetched.
    pub const ALL: [PartKind; 7] = [
        PartKind::Divisions,
        PartKind::Outlines,
        PartKind::Facts,
        PartKind::Stations,
        PartKind::DivisionsOverview,
        PartKind::OutlinesOverview,
        PartKind::Pinyin,
    ];

    /// The stem and extension of its file name.
    pub fn name_parts(self) -> (&'static str, &'static str) {
        match self {
            PartKind::Divisions => ("divisions", "csv"),
            PartKind::Outlines => ("outlines", "topojson"),
            PartKind::Facts => ("facts", "csv"),
            PartKind::Stations => ("stations", "json"),
            PartKind::DivisionsOverview => ("divisions-overview", "csv"),
            PartKind::OutlinesOverview => ("outlines-overview", "topojson"),
            PartKind::Pinyin => ("pinyin", "txt"),
        }
    }

    /// True for the parts without which no map can be drawn.
    pub fn required(self) -> bool {
        matches!(
            self,
            PartKind::Divisions | PartKind::Outlines | PartKind::Facts
        )
    }
}

/// One content file as the manifest lists it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PartFile {
    /// Its name inside `data/`, with its hash: `divisions-0123456789abcdef.csv`.
    pub path: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its SHA-256, lower-case hex.
    pub sha256: String,
}

impl PartFile {
    /// The entry for `bytes` as the file of `kind`, named by its hash.
    pub fn of(kind: PartKind, bytes: &[u8]) -> PartFile {
        let (stem, ext) = kind.name_parts();
        PartFile::named(stem, ext, bytes)
    }

    /// The entry for one province's official township boundaries:
    /// `townships-52-<hash>.topojson`.
    pub fn township_chunk(province: &RegionCode, bytes: &[u8]) -> PartFile {
        PartFile::named(&format!("townships-{province}"), "topojson", bytes)
    }

    /// The entry for one province's station directory: `directory-52-<hash>.json`.
    pub fn directory(province: &RegionCode, bytes: &[u8]) -> PartFile {
        PartFile::named(&format!("directory-{province}"), "json", bytes)
    }

    /// The entry for the station search index: `station-index-<hash>.json`.
    pub fn station_index(bytes: &[u8]) -> PartFile {
        PartFile::named("station-index", "json", bytes)
    }

    /// The entry for the briefing pack's font of one weight: `brief-font-bold-<hash>.otf`.
    pub fn brief_font(weight: &str, bytes: &[u8]) -> PartFile {
        PartFile::named(&format!("brief-font-{weight}"), "otf", bytes)
    }

    fn named(stem: &str, ext: &str, bytes: &[u8]) -> PartFile {
        let sha256 = sha256_hex(bytes);
        PartFile {
            path: format!("{stem}-{}.{ext}", &sha256[..16]),
            bytes: bytes.len() as u64,
            sha256,
        }
    }
}

/// `data/manifest.json`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    /// Always [`MANIFEST_FORMAT`].
    pub format: String,
    /// [`MANIFEST_VERSION`].
    pub version: u32,
    /// Who publishes the data, on what terms.
    pub publisher: Publisher,
    /// The day `atlas publish` ran.
    pub published: Day,
    /// What the publisher should know and the reader see: rows published unjoined, and so on.
    #[serde(default)]
    pub notes: Vec<Text>,
    /// The content files by kind.
    pub files: BTreeMap<PartKind, PartFile>,
    /// Township shapes, fetched when a view needs them: by province (its 2-digit code), every
    /// township of it simplified for the province's view ([`province_topology`]); by prefecture
    /// (4 digits), its official boundaries at full detail ([`TOWNSHIP_TOPOLOGY`]), for a view of
    /// the prefecture or of one of its counties. See [`township_chunks`].
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub townships: BTreeMap<RegionCode, PartFile>,
    /// Whether the site beside `data/` carries baked pages: the country's first view in its
    /// `index.html` and one page for every province and prefecture, at
    /// `crate::bake::page_file`'s addresses, for whoever links to the site.
    #[serde(default)]
    pub baked_pages: bool,
    /// The station directory by province (2-digit code): `directory-52-<hash>.json`, fetched
    /// when a view first needs that province ([`crate::data::directory::read_directory_file`]).
    /// Personal columns are in it only where the publisher chose them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub directory: BTreeMap<RegionCode, PartFile>,
    /// The font of the page's briefing pack (PDF) by weight (`regular`, `bold`): Noto Sans
    /// CJK SC cut to the characters the pack can show of this publication (binary OpenType,
    /// `brief-font-regular-<hash>.otf`), fetched only when a reader asks for the pack; its
    /// licence is [`BRIEF_FONT_LICENCE`] beside it. Absent when the publisher's machine had no
    /// such font: the page then says the pack cannot be made.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub brief_fonts: BTreeMap<String, PartFile>,
    /// The station search index (`station-index-<hash>.json`,
    /// [`crate::data::station_index`]): every station's name and address with its township and
    /// row, fetched on the first search input so that search finds a station from any view.
    /// Added within version 4: a reader that does not know it ignores it, and a publication
    /// without a directory has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station_index: Option<PartFile>,
}

/// The licence of the briefing pack's font (SIL Open Font License 1.1), written beside it in
/// `data/` as the licence asks.
pub const BRIEF_FONT_LICENCE: &str = "brief-font-OFL.txt";

impl Manifest {
    /// A manifest for `files`, published by `publisher` on `published`.
    pub fn new(
        publisher: Publisher,
        published: Day,
        files: BTreeMap<PartKind, PartFile>,
    ) -> Manifest {
        Manifest {
            format: MANIFEST_FORMAT.into(),
            version: MANIFEST_VERSION,
            publisher,
            published,
            notes: Vec::new(),
            files,
            townships: BTreeMap::new(),
            baked_pages: false,
            directory: BTreeMap::new(),
            brief_fonts: BTreeMap::new(),
            station_index: None,
        }
    }

    /// True when the publication has the overview parts the first map is drawn from.
    pub fn has_overview(&self) -> bool {
        self.files.contains_key(&PartKind::DivisionsOverview)
            && self.files.contains_key(&PartKind::OutlinesOverview)
    }

    /// The manifest as written: indented JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// The SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The stations file: the joined stations as JSON.
pub fn stations_json(stations: &[Station]) -> String {
    serde_json::to_string(stations).unwrap_or_default()
}

/// One chunk of township shapes as published, lon/lat. A province's: official boundaries where
/// a bureau gave them, and the schematic cells of the other counties, made at publish time so
/// that no visitor's browser has to. A prefecture's: its official boundaries at full detail.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TownshipChunk {
    /// Official township boundaries.
    pub official: Vec<(RegionCode, MultiPolygon<f64>)>,
    /// Schematic cells, one per township of each county they cover.
    pub schematic: Vec<(RegionCode, MultiPolygon<f64>)>,
}

/// The object of a township chunk holding the townships, each with `properties.code`.
pub const TOWNSHIP_OBJECT: &str = "townships";
