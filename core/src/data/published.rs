//! The published data format: what `atlas publish` writes and what the page, presentation mode,
//! embeds and the CLI's `--data DIR` read. One folder, `data/`, holding `manifest.json` (never
//! cached: it names the data in force) and content files whose names carry the first 16 hex
//! digits of their SHA-256, so a host can cache them forever (`docs/published-data.md`).
//!
//! ```text
//! data/manifest.json            format, version, publisher, published day, notes, files
//! data/divisions-overview-<hash>.csv      provinces, prefectures, counties; townships unnamed
//! data/outlines-overview-<hash>.topojson  provinces and prefectures, simplified for the country
//! data/divisions-<hash>.csv     the whole registry, townships included
//! data/outlines-<hash>.topojson county, prefecture and province outlines
//! data/facts-<hash>.csv         reported figures and targets (data/seed-facts.csv columns)
//! data/stations-<hash>.json     joined township stations (optional)
//! data/townships-52-<hash>.topojson  the township shapes of one province, lon/lat, a topology
//!                               with shared borders, fetched when the view needs that
//!                               province: official boundaries where given, and schematic
//!                               cells made here for every other county with an outline
//! data/pinyin-<hash>.txt        pinyin of the names' characters, fetched on the first search
//! ```
//!
//! A reader draws the first map from the overview parts, the facts and the stations (see
//! [`PartKind::fetched`]), then fetches the whole registry and outlines and replaces that atlas
//! with the full one: a visitor waits for about a sixth of the data bytes before seeing the country.
//!
//! Every reader checks each file's size and hash against the manifest before using it, and
//! names the file when they disagree.

use std::collections::BTreeMap;

mod confine;
pub use confine::plain_name_problem;

use geo::{BoundingRect, MultiPolygon};
use sha2::{Digest, Sha256};

use crate::data::atlas::{Atlas, DataFiles, DataNote, OUTLINE_OBJECTS};
use crate::data::code::{Level, RegionCode};
use crate::data::model::Station;
use crate::data::publisher::Publisher;
use crate::data::topo::{
    write_topology, TopoFeature, Topology, TopologyOptions, METRES_PER_DEGREE,
};
use crate::date::Day;
use crate::error::DataError;
use crate::lang::{Lang, Text};
use crate::limits::Limit;
use crate::shape::scene::union_bounds;

/// What a manifest says it is.
pub const MANIFEST_FORMAT: &str = "coverage-atlas-published";
/// The format version this build writes and reads.
/// Version 2: a township chunk holds the schematic cells of the province's counties without
/// official boundaries as well (`properties.schematic`); a version-1 reader would take them for
/// official boundaries.
/// Version 3: `townships` is keyed by province (every township of it, simplified for the
/// province's view) and by prefecture (its official boundaries at full detail, for a view of the
/// prefecture or deeper); a version-2 reader would take the prefecture's for a province's.
/// Version 4: `directory` lists each province's station directory
/// ([`crate::data::directory`]), fetched on drill-down; a version-3 reader would not know a
/// publication has one.
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

/// When a reader fetches a part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fetched {
    /// Before the first map is drawn.
    BeforeFirstMap,
    /// Right after the first map, replacing the overview with the full atlas.
    AfterFirstMap,
    /// When the visitor first searches.
    OnSearch,
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

    /// When a page reads it, in a publication that has an overview (one without is read whole
    /// before the first map, see [`Manifest::parts_fetched`]).
    pub fn fetched(self) -> Fetched {
        match self {
            PartKind::Divisions | PartKind::Outlines => Fetched::AfterFirstMap,
            PartKind::Pinyin => Fetched::OnSearch,
            PartKind::Facts
            | PartKind::Stations
            | PartKind::DivisionsOverview
            | PartKind::OutlinesOverview => Fetched::BeforeFirstMap,
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

    fn named(stem: &str, ext: &str, bytes: &[u8]) -> PartFile {
        let sha256 = sha256_hex(bytes);
        PartFile {
            path: format!("{stem}-{}.{ext}", &sha256[..16]),
            bytes: bytes.len() as u64,
            sha256,
        }
    }

    /// `bytes` when they are this file's (size, then hash); else a message naming the file.
    pub fn check<'b>(&self, bytes: &'b [u8]) -> Result<&'b [u8], Text> {
        if bytes.len() as u64 != self.bytes {
            return Err(Text::new(
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
            ));
        }
        let found = sha256_hex(bytes);
        if found != self.sha256 {
            return Err(Text::new(
                format!(
                    "{}：SHA-256 与清单不符（应为 {}，实为 {}）；文件已损坏或被替换",
                    self.path, self.sha256, found
                ),
                format!(
                    "{}: SHA-256 does not match the manifest (expected {}, found {}); the file is corrupt or was replaced",
                    self.path, self.sha256, found
                ),
            ));
        }
        Ok(bytes)
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
    /// The station directory by province (2-digit code): `directory-52-<hash>.json`, fetched
    /// when a view first needs that province ([`crate::data::directory::read_directory_file`]).
    /// Personal columns are in it only where the publisher chose them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub directory: BTreeMap<RegionCode, PartFile>,
}

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
            directory: BTreeMap::new(),
        }
    }

    /// True when the publication has the overview parts the first map is drawn from.
    pub fn has_overview(&self) -> bool {
        self.files.contains_key(&PartKind::DivisionsOverview)
            && self.files.contains_key(&PartKind::OutlinesOverview)
    }

    /// The parts this publication lists that a reader fetches at `when`. Without an overview,
    /// the whole registry and outlines come before the first map.
    pub fn parts_fetched(&self, when: Fetched) -> Vec<PartKind> {
        let overview = self.has_overview();
        let fetched = |kind: PartKind| match kind.fetched() {
            Fetched::AfterFirstMap if !overview => Fetched::BeforeFirstMap,
            other => other,
        };
        (self.files.keys().copied())
            .filter(|kind| fetched(*kind) == when)
            .collect()
    }

    /// The parts a reader needs for an atlas at `depth`: for an overview, those fetched before
    /// the first map; for the full atlas, every part but the overview's and the search's pinyin
    /// (a reader that never drew the overview does not fetch it).
    pub fn parts_for(&self, depth: Depth) -> Vec<PartKind> {
        match depth {
            Depth::Overview => self.parts_fetched(Fetched::BeforeFirstMap),
            Depth::Full => (self.files.keys().copied())
                .filter(|kind| {
                    !matches!(
                        kind,
                        PartKind::DivisionsOverview | PartKind::OutlinesOverview | PartKind::Pinyin
                    )
                })
                .collect(),
        }
    }

    /// The chunks a view of `code` draws its townships from, if the publication has them: its
    /// province's, and for a prefecture or deeper its prefecture's detail chunk when there is
    /// one; none for the nation.
    pub fn township_chunks_for(&self, code: &RegionCode) -> Vec<(&RegionCode, &PartFile)> {
        (township_chunk_regions(code).iter())
            .filter_map(|region| self.townships.get_key_value(region))
            .collect()
    }

    /// The province chunks alone, every township of the country: a reader that fills the
    /// country with townships needs them all, and no detail.
    pub fn province_chunks(&self) -> impl Iterator<Item = (&RegionCode, &PartFile)> {
        (self.townships.iter()).filter(|(region, _)| region.level() == Level::Province)
    }

    /// The manifest as written: indented JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads `text` as a manifest; the message names `file` and says what is wrong.
    pub fn parse(file: &str, text: &str) -> Result<Manifest, Text> {
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

/// The regions whose township chunks a view of `code` draws from, where a publication has them:
/// its province, and for a prefecture or deeper its prefecture (the detail); none for the nation.
pub fn township_chunk_regions(code: &RegionCode) -> Vec<RegionCode> {
    [Level::Province, Level::Prefecture]
        .into_iter()
        .filter_map(|level| code.ancestor_at(level))
        .collect()
}

/// How the overview outlines are written: 1 km grid steps, borders simplified to 2.5 km. The
/// country fills a 4K briefing display at about 1.8 km a pixel, so a border moves by a pixel
/// and a half at most, and only until the full outlines replace these, seconds later; a laptop
/// shows some 4 km a pixel and a phone 14 km, under a pixel. Coarser than the full outlines
/// because a visitor waits for these bytes before the first map (250 m and 2 km before: this
/// takes 26% off the file's gzip size). Islands are all kept, however small (a map of China
/// must show them).
pub const OVERVIEW_TOPOLOGY: TopologyOptions = TopologyOptions::from_metres(1_000.0, 2_500.0);

/// The overview outlines of a full outlines file (lon/lat TopoJSON with the objects of
/// [`OUTLINE_OBJECTS`]): its provinces and prefectures, the country's first map, as one
/// topology simplified with [`OVERVIEW_TOPOLOGY`] (shared borders kept identical).
pub fn overview_outlines(file: &str, outlines: &str) -> Result<String, DataError> {
    let topology = Topology::parse(file, outlines)?;
    let objects = OUTLINE_OBJECTS
        .into_iter()
        .filter(|(_, level)| *level < Level::County)
        .map(|(name, _)| Ok((name, topology.features(file, name)?)))
        .collect::<Result<Vec<_>, DataError>>()?;
    Ok(write_topology(&objects, &OVERVIEW_TOPOLOGY))
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

impl TownshipChunk {
    /// Adds the shapes of `region`'s chunk to `atlas` (a prefecture's as the detail of its
    /// official boundaries); a message naming `file` and the counties whose cells do not match
    /// the registry's townships (those counties are left without cells).
    pub fn add_to(&self, atlas: &mut Atlas, region: &RegionCode, file: &str) -> Option<Text> {
        if region.level() == Level::Province {
            atlas.add_township_outlines(&self.official);
        } else {
            atlas.add_township_detail(&self.official);
        }
        let refused = atlas.add_schematic_cells(&self.schematic);
        (!refused.is_empty()).then(|| {
            let list: Vec<&str> = refused.iter().map(RegionCode::as_str).collect();
            Text::new(
                format!(
                    "{file}：{} 的示意乡镇图形与区划不符，未使用",
                    list.join("、")
                ),
                format!(
                    "{file}: the schematic township cells of {} do not match the registry and are not used",
                    list.join(", ")
                ),
            )
        })
    }
}

/// Township shapes as published chunks, by region: each province's townships (official
/// boundaries and schematic cells) simplified for the province's view ([`province_topology`]),
/// and, for each prefecture with official boundaries, those at full detail
/// ([`TOWNSHIP_TOPOLOGY`]). A province view waits only for the small file; drilling into a
/// prefecture fetches its detail (schematic cells are simple shapes, drawn from the province's
/// file at every level).
pub fn township_chunks(
    atlas: &Atlas,
    official: &[(RegionCode, MultiPolygon<f64>)],
    schematic: &[(RegionCode, MultiPolygon<f64>)],
) -> BTreeMap<RegionCode, String> {
    let provinces = group_by(official, schematic, Level::Province);
    let prefectures = group_by(official, &[], Level::Prefecture);
    let province_chunks = provinces.into_iter().map(|(province, chunk)| {
        let options = province_topology(province_extent_m(atlas, &province, &chunk));
        (province, township_chunk_json(&chunk, &options))
    });
    let detail_chunks = (prefectures.into_iter())
        .map(|(prefecture, chunk)| (prefecture, township_chunk_json(&chunk, &TOWNSHIP_TOPOLOGY)));
    province_chunks.chain(detail_chunks).collect()
}

/// The shapes grouped into chunks by their region at `level`.
fn group_by(
    official: &[(RegionCode, MultiPolygon<f64>)],
    schematic: &[(RegionCode, MultiPolygon<f64>)],
    level: Level,
) -> BTreeMap<RegionCode, TownshipChunk> {
    let mut chunks: BTreeMap<RegionCode, TownshipChunk> = BTreeMap::new();
    let tagged = (official.iter().map(|t| (t, false))).chain(schematic.iter().map(|t| (t, true)));
    for ((code, shape), is_cell) in tagged {
        let Some(region) = code.ancestor_at(level) else {
            continue;
        };
        let chunk = chunks.entry(region).or_default();
        let list = if is_cell {
            &mut chunk.schematic
        } else {
            &mut chunk.official
        };
        list.push((code.clone(), shape.clone()));
    }
    chunks
}

/// The object of a township chunk holding the townships, each with `properties.code`.
pub const TOWNSHIP_OBJECT: &str = "townships";

/// How the detail chunks (a prefecture's official boundaries) are quantised and simplified.
/// The page shows townships deepest when a county fills the map: a county of 贵州 is 30–80 km
/// across on a map some 900 px wide, 35–90 m a pixel, so a border moved by up to 20 m stays
/// within half a pixel there, and a 2 m grid is finer than a pixel even at the page's 24× zoom
/// (1.5–4 m a pixel). Magnified that far a simplified border runs a few pixels off the surveyed
/// line, but neighbours share it, so it never opens a gap or an overlap. Official boundary
/// files are surveyed to a metre or so; 2 m keeps that and writes each step between vertices in
/// two or three digits.
pub const TOWNSHIP_TOPOLOGY: TopologyOptions = TopologyOptions::from_metres(2.0, 20.0);

/// A province's extent over this is the tolerance its chunk is simplified to: a province view
/// fills at most some 2,600 px of a 4K briefing display, so a border moves by under a third of a
/// pixel there (贵州, 590 km across as the map projects it: 74 m, at some 230 m a pixel; on a
/// phone, 1.5 km a pixel, it is invisible). A prefecture's or a county's view draws official
/// boundaries from the prefecture's detail chunk instead.
pub const PROVINCE_EXTENT_PER_TOLERANCE: f64 = 8_000.0;

/// How a province's chunk is quantised and simplified: to [`PROVINCE_EXTENT_PER_TOLERANCE`] of
/// the province's extent (the longer side of its box, metres), never finer than
/// [`TOWNSHIP_TOPOLOGY`], on a grid a sixteenth of that (still under a pixel at the page's 24×
/// zoom).
pub fn province_topology(extent_m: f64) -> TopologyOptions {
    let tolerance_m = extent_m / PROVINCE_EXTENT_PER_TOLERANCE;
    let tolerance_deg = tolerance_m / METRES_PER_DEGREE;
    if tolerance_deg.is_nan() || tolerance_deg <= TOWNSHIP_TOPOLOGY.simplify_deg {
        return TOWNSHIP_TOPOLOGY;
    }
    TopologyOptions {
        grid_deg: (tolerance_deg / 16.0).max(TOWNSHIP_TOPOLOGY.grid_deg),
        simplify_deg: tolerance_deg,
    }
}

/// The longer side of the box the province's view fits, metres: its outline's (as projected
/// for the map), else that of the chunk's shapes on the ground.
fn province_extent_m(atlas: &Atlas, province: &RegionCode, chunk: &TownshipChunk) -> f64 {
    if let Some(bounds) = atlas.outline(province).and_then(|o| o.bounding_rect()) {
        return bounds.width().max(bounds.height()) * 1_000.0;
    }
    let shapes = chunk.official.iter().chain(&chunk.schematic);
    let Some(bounds) = union_bounds(shapes.map(|(_, shape)| shape)) else {
        return 0.0;
    };
    let mid_latitude = (bounds.min().y + bounds.max().y) / 2.0;
    let width_m = bounds.width() * METRES_PER_DEGREE * mid_latitude.to_radians().cos();
    width_m.max(bounds.height() * METRES_PER_DEGREE)
}

/// Township shapes as TopoJSON: one object, [`TOWNSHIP_OBJECT`], a feature per township with
/// `properties.code` (and `properties.schematic: true` for a schematic cell), borders shared
/// between townships stored once, quantised and simplified by `options`. Cells and official
/// boundaries of neighbouring counties share the county border they are both cut to, so one
/// topology serves both.
pub fn township_chunk_json(chunk: &TownshipChunk, options: &TopologyOptions) -> String {
    let features = (chunk.official.iter().map(|t| (t, false)))
        .chain(chunk.schematic.iter().map(|t| (t, true)))
        .map(|((code, shape), schematic)| township_feature(code, shape, schematic))
        .collect();
    write_topology(&[(TOWNSHIP_OBJECT, features)], options)
}

/// Official township boundaries alone as a detail chunk ([`township_chunk_json`] at
/// [`TOWNSHIP_TOPOLOGY`]).
pub fn townships_json(townships: &[(RegionCode, MultiPolygon<f64>)]) -> String {
    let chunk = TownshipChunk {
        official: townships.to_vec(),
        schematic: Vec::new(),
    };
    township_chunk_json(&chunk, &TOWNSHIP_TOPOLOGY)
}

fn township_feature(code: &RegionCode, shape: &MultiPolygon<f64>, schematic: bool) -> TopoFeature {
    let mut properties = serde_json::Map::new();
    properties.insert("code".into(), code.as_str().into());
    if schematic {
        properties.insert("schematic".into(), true.into());
    }
    TopoFeature {
        properties,
        geometry: shape.clone(),
    }
}

/// How much of a publication [`load_published`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Depth {
    /// The overview parts, when the publication has them (the full ones otherwise): the first
    /// map.
    Overview,
    /// The whole registry and outlines.
    Full,
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
) -> Result<(Atlas, Vec<Text>), Text> {
    let manifest = published.manifest;
    let overview = depth == Depth::Overview && manifest.has_overview();
    let (divisions_kind, outlines_kind) = if overview {
        (PartKind::DivisionsOverview, PartKind::OutlinesOverview)
    } else {
        (PartKind::Divisions, PartKind::Outlines)
    };
    let part = |kind: PartKind| -> Result<(&str, &str), Text> {
        let file = &manifest.files[&kind];
        let text = published.texts.get(&kind).ok_or_else(|| {
            Text::new(
                format!("{}：文件缺失", file.path),
                format!("{}: the file is missing", file.path),
            )
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
    .map_err(|e| e.texts())?;
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
pub fn read_stations(file: &str, text: &str) -> Result<Vec<Station>, Text> {
    serde_json::from_str(text).map_err(|e| {
        Text::new(
            format!("{file}：无法读取站点（{e}）"),
            format!("{file}: the stations cannot be read ({e})"),
        )
    })
}

/// One province's township shapes from its chunk file (already checked against the
/// manifest); the message names `file`.
pub fn read_township_chunk(file: &str, text: &str) -> Result<TownshipChunk, Text> {
    let unreadable = |zh: String, en: String| {
        Text::new(
            format!("{file}：无法读取乡镇边界（{zh}）"),
            format!("{file}: the township boundaries cannot be read ({en})"),
        )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::scene::{build_scene, SchematicCache};
    use crate::style::classify::{MapMode, Scheme};
    use crate::style::view::{style_map, Measures, View};
    use std::rc::Rc;

    #[test]
    fn a_part_is_named_and_checked_by_its_hash() {
        let entry = PartFile::of(PartKind::Facts, b"row,region_codes\n");
        assert!(entry.path.starts_with("facts-") && entry.path.ends_with(".csv"));
        assert_eq!(entry.path.len(), "facts-".len() + 16 + ".csv".len());
        assert!(entry.check(b"row,region_codes\n").is_ok());
        let short = entry.check(b"row").unwrap_err();
        assert!(short.en.contains("expected 17 bytes, found 3"), "{short}");
        let changed = entry.check(b"row,region_codex\n").unwrap_err();
        assert!(changed.zh.contains("SHA-256 与清单不符"), "{}", changed.zh);
    }

    #[test]
    fn a_manifest_round_trips_and_refuses_other_json() {
        let mut files = BTreeMap::new();
        for kind in [PartKind::Divisions, PartKind::Outlines, PartKind::Facts] {
            files.insert(kind, PartFile::of(kind, b"x"));
        }
        let manifest = Manifest::new(Publisher::shipped(), Day::from_ymd(2026, 12, 2), files);
        let back = Manifest::parse("manifest.json", &manifest.to_json()).unwrap();
        assert_eq!(back, manifest);
        let err = Manifest::parse("manifest.json", "{\"format\":\"x\"}").unwrap_err();
        assert!(
            err.en
                .starts_with("manifest.json: not a published-data manifest"),
            "{err}"
        );
        let mut partial = manifest.clone();
        partial.files.remove(&PartKind::Outlines);
        let err = Manifest::parse("manifest.json", &partial.to_json()).unwrap_err();
        assert!(err.en.contains("lists no outlines file"), "{err}");
    }

    /// The shipped data's texts, as a published folder would hold them.
    fn shipped() -> (Manifest, BTreeMap<PartKind, String>) {
        let read = |name: &str| {
            let path = format!("{}/../data/{name}", env!("CARGO_MANIFEST_DIR"));
            std::fs::read_to_string(path).unwrap()
        };
        let texts = BTreeMap::from([
            (PartKind::Divisions, read("divisions.csv")),
            (PartKind::Outlines, read("outlines.topojson")),
            (PartKind::Facts, read("seed-facts.csv")),
            (PartKind::Stations, "[not json".to_string()),
        ]);
        (manifest_of(&texts), texts)
    }

    /// A manifest listing `texts` as they are.
    fn manifest_of(texts: &BTreeMap<PartKind, String>) -> Manifest {
        let files = texts
            .iter()
            .map(|(k, t)| (*k, PartFile::of(*k, t.as_bytes())))
            .collect();
        Manifest::new(Publisher::shipped(), Day::from_ymd(2026, 12, 2), files)
    }

    /// The shipped data with its overview parts, as `atlas publish` writes them.
    fn shipped_with_overview() -> (Manifest, BTreeMap<PartKind, String>) {
        let (_, mut texts) = shipped();
        let divisions = &texts[&PartKind::Divisions];
        let full = crate::data::divisions::Divisions::from_csv("divisions.csv", divisions);
        let outlines = overview_outlines("outlines.topojson", &texts[&PartKind::Outlines]);
        texts.insert(PartKind::DivisionsOverview, full.unwrap().overview_csv());
        texts.insert(PartKind::OutlinesOverview, outlines.unwrap());
        (manifest_of(&texts), texts)
    }

    #[test]
    fn the_first_map_is_read_from_the_overview_and_the_rest_after_it() {
        let (manifest, _) = shipped_with_overview();
        assert!(manifest.has_overview());
        use PartKind::*;
        assert_eq!(
            manifest.parts_fetched(Fetched::BeforeFirstMap),
            vec![Facts, Stations, DivisionsOverview, OutlinesOverview]
        );
        assert_eq!(
            manifest.parts_fetched(Fetched::AfterFirstMap),
            vec![Divisions, Outlines]
        );
        // A publication without an overview is read whole before its first map.
        let (plain, _) = shipped();
        assert_eq!(
            plain.parts_fetched(Fetched::BeforeFirstMap),
            vec![Divisions, Outlines, Facts, Stations]
        );
        assert!(plain.parts_fetched(Fetched::AfterFirstMap).is_empty());
        // The full atlas alone (a page opened on a province, the import worker) skips the
        // overview and the pinyin.
        assert_eq!(
            manifest.parts_for(Depth::Full),
            vec![Divisions, Outlines, Facts, Stations]
        );
        assert_eq!(
            manifest.parts_for(Depth::Overview),
            manifest.parts_fetched(Fetched::BeforeFirstMap)
        );
    }

    #[test]
    fn the_overview_atlas_counts_and_draws_the_country_like_the_full_one() {
        let (manifest, texts) = shipped_with_overview();
        let published = PublishedTexts::of(&manifest, &texts);
        let (overview, _) = load_published(&published, Depth::Overview).unwrap();
        let (full, _) = load_published(&published, Depth::Full).unwrap();
        let nation = RegionCode::nation();
        // Every percentage's denominator is the same: the townships are listed without names.
        for region in full
            .divisions
            .within(&nation)
            .filter(|c| c.level() < Level::Township)
        {
            assert_eq!(
                overview.divisions.township_count(region),
                full.divisions.township_count(region),
                "{region}"
            );
            assert_eq!(overview.divisions.name(region), full.divisions.name(region));
        }
        assert_eq!(overview.divisions.township_count(&nation), 41_352);
        // The country view's prefectures and provinces all have outlines; counties come later
        // and are not reported missing.
        for prefecture in full.divisions.at_level(&nation, Level::Prefecture) {
            assert!(overview.outline(prefecture).is_some(), "{prefecture}");
        }
        assert!(overview
            .outline(&RegionCode::parse("522301").unwrap())
            .is_none());
        assert!(!overview
            .notes
            .iter()
            .any(|n| n.message.en.contains("has no outline")));
        assert_eq!(
            overview.unlisted_provinces.len(),
            full.unlisted_provinces.len()
        );
        // The first map is the full one's: every shape of the country view in every mode takes
        // the same class.
        let view_of = |atlas: &Atlas, mode: MapMode| {
            let scene = build_scene(atlas, &nation, &mut SchematicCache::default());
            let today = Day::from_ymd(2026, 12, 2);
            let measures = Measures::compute(atlas, None, today);
            let view = View {
                focus: nation.clone(),
                mode,
                scheme: Scheme::default(),
                month: None,
                today,
                lang: Lang::Zh,
            };
            let styled = style_map(atlas, Rc::new(scene), &measures, &view);
            let classes: Vec<_> = (styled.scene.shapes.iter().zip(&styled.styles))
                .map(|(shape, style)| format!("{} {:?}", shape.code, style))
                .collect();
            (classes, styled.signature())
        };
        for mode in MapMode::ALL {
            let ((first, first_signature), (then, then_signature)) =
                (view_of(&overview, mode), view_of(&full, mode));
            let differ: Vec<_> = (first.iter().zip(&then)).filter(|(a, b)| a != b).collect();
            assert!(differ.is_empty(), "{mode:?}: {differ:#?}");
            assert_eq!(first.len(), then.len());
            assert_eq!(first_signature, then_signature);
        }
        // A fraction of the bytes.
        let bytes = |kind: PartKind| texts[&kind].len();
        assert!(bytes(PartKind::DivisionsOverview) * 5 < bytes(PartKind::Divisions));
        assert!(bytes(PartKind::OutlinesOverview) * 4 < bytes(PartKind::Outlines));
    }

    #[test]
    fn a_stations_file_that_does_not_parse_is_named_and_the_rest_loads() {
        let (manifest, texts) = shipped();
        let published = PublishedTexts::of(&manifest, &texts);
        let (atlas, problems) = load_published(&published, Depth::Full).unwrap();
        assert!(atlas.stations.is_empty());
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].en.contains("the stations cannot be read"),
            "{}",
            problems[0]
        );
        // One the reader could not fetch is left out of the texts: no second message.
        let without: BTreeMap<PartKind, &str> = texts
            .iter()
            .filter(|(k, _)| **k != PartKind::Stations)
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        let published = PublishedTexts {
            manifest: &manifest,
            texts: without,
        };
        assert!(load_published(&published, Depth::Full)
            .unwrap()
            .1
            .is_empty());
    }

    fn square(code: &str, x_deg: f64) -> (RegionCode, MultiPolygon<f64>) {
        let ring: Vec<(f64, f64)> = vec![
            (x_deg, 25.1),
            (x_deg + 0.1, 25.1),
            (x_deg + 0.1, 25.2),
            (x_deg, 25.2),
            (x_deg, 25.1),
        ];
        let square = geo::Polygon::new(geo::LineString::from(ring), Vec::new());
        (RegionCode::parse(code).unwrap(), MultiPolygon(vec![square]))
    }

    #[test]
    fn townships_round_trip_through_their_file() {
        let townships = vec![square("522301001", 104.9), square("522301002", 105.0)];
        let text = townships_json(&townships);
        let back = read_township_chunk("t.topojson", &text).unwrap();
        assert_eq!(back.official.len(), 2);
        assert!(back.schematic.is_empty());
        for ((code, shape), (code_back, shape_back)) in townships.iter().zip(&back.official) {
            assert_eq!(code, code_back);
            let (coords, coords_back) = (&shape.0[0].exterior().0, &shape_back.0[0].exterior().0);
            assert_eq!(coords.len(), coords_back.len());
            // Each vertex within half a grid step of where it was (a ring may start elsewhere).
            let half_step = TOWNSHIP_TOPOLOGY.grid_deg / 2.0 + 1e-12;
            for b in coords_back {
                let near = |c: &&geo::Coord<f64>| {
                    (c.x - b.x).abs() <= half_step && (c.y - b.y).abs() <= half_step
                };
                assert!(coords.iter().any(|c| near(&c)), "{b:?}");
            }
        }
        // The side the two squares share is one arc: 3 arcs (it and each square's other sides).
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            json["arcs"].as_array().unwrap().len(),
            3,
            "{}",
            json["arcs"]
        );
        // The province's chunk, and its prefecture's detail (the squares are official).
        let chunks = township_chunks(&shipped_atlas(), &townships, &[]);
        assert_eq!(
            chunks.keys().map(|p| p.as_str()).collect::<Vec<_>>(),
            ["52", "5223"]
        );
        let entry = PartFile::township_chunk(&RegionCode::parse("52").unwrap(), b"{}");
        assert!(entry.path.starts_with("townships-52-"), "{}", entry.path);
        assert!(entry.path.ends_with(".topojson"), "{}", entry.path);
    }

    #[test]
    fn a_bad_township_chunk_is_named_in_both_languages() {
        let file = "townships-52-0123456789abcdef.topojson";
        for bad in [
            "{\"codes\": [], \"counts\": [], \"coords\": []}".to_string(),
            "not json".to_string(),
            townships_json(&[square("522301001", 104.9)]).replace("townships", "towns"),
            townships_json(&[square("522301001", 104.9)]).replace("522301001", "x"),
        ] {
            let err = read_township_chunk(file, &bad).unwrap_err();
            assert!(
                err.zh.starts_with(&format!("{file}：无法读取乡镇边界")),
                "{}",
                err.zh
            );
            assert!(
                err.en
                    .starts_with(&format!("{file}: the township boundaries cannot be read")),
                "{}",
                err.en
            );
        }
    }

    /// A township whose border zigzags up to 40 m either side of its line every 100 m, the
    /// width of a province from `x0_deg`: a wiggly surveyed border.
    fn wiggly(code: &str, x0_deg: f64, width_deg: f64) -> (RegionCode, MultiPolygon<f64>) {
        let steps = (width_deg * METRES_PER_DEGREE / 100.0) as usize;
        let zig = 40.0 / METRES_PER_DEGREE;
        let mut ring: Vec<(f64, f64)> = (0..=steps)
            .map(|k| {
                let x = x0_deg + width_deg * k as f64 / steps as f64;
                (x, 25.0 + zig * (k as f64 * 1.7).sin())
            })
            .collect();
        ring.extend([(x0_deg + width_deg, 26.0), (x0_deg, 26.0), ring[0]]);
        let polygon = geo::Polygon::new(geo::LineString::from(ring), Vec::new());
        (
            RegionCode::parse(code).unwrap(),
            MultiPolygon(vec![polygon]),
        )
    }

    fn shipped_atlas() -> Atlas {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        Atlas::load_dir(&data).unwrap()
    }

    #[test]
    fn a_province_chunk_is_simplified_for_its_extent_and_its_prefecture_keeps_the_detail() {
        // 贵州's outline is some 600 km across in the map's projection: about 75 m, a grid of a
        // sixteenth of that.
        let atlas = shipped_atlas();
        let chunk = TownshipChunk {
            official: vec![wiggly("522301001", 104.0, 0.5)],
            schematic: Vec::new(),
        };
        let options = province_topology(province_extent_m(&atlas, &code("52"), &chunk));
        let tolerance_m = options.simplify_deg * METRES_PER_DEGREE;
        assert!((60.0..110.0).contains(&tolerance_m), "{tolerance_m}");
        assert!((options.grid_deg * 16.0 - options.simplify_deg).abs() < 1e-12);
        // A province the atlas has no outline for is measured by its shapes: 0.5° by 1°, some
        // 111 km north to south, is never simplified past the detail's 20 m.
        let unknown = province_extent_m(&atlas, &code("71"), &chunk);
        assert!((105_000.0..115_000.0).contains(&unknown), "{unknown}");
        assert_eq!(province_topology(unknown), TOWNSHIP_TOPOLOGY);

        let chunks = township_chunks(&atlas, &chunk.official, &[]);
        let vertices = |region: &str| -> usize {
            let back = read_township_chunk("t.topojson", &chunks[&code(region)]).unwrap();
            (back.official.iter())
                .map(|(_, s)| geo::CoordsIter::coords_count(s))
                .sum()
        };
        // The zigzag, up to 40 m, is under the province's tolerance and over the detail's.
        assert!(vertices("52") < 10, "{}", vertices("52"));
        assert!(vertices("5223") > 200, "{}", vertices("5223"));
    }

    fn code(raw: &str) -> RegionCode {
        RegionCode::parse(raw).unwrap()
    }

    #[test]
    fn a_view_takes_its_province_chunk_and_from_a_prefecture_down_its_detail() {
        let chunks = township_chunks(&shipped_atlas(), &[square("522301001", 104.9)], &[]);
        let mut manifest = Manifest::new(
            Publisher::shipped(),
            Day::from_ymd(2026, 1, 1),
            BTreeMap::new(),
        );
        manifest.townships = (chunks.iter())
            .map(|(region, text)| {
                (
                    region.clone(),
                    PartFile::township_chunk(region, text.as_bytes()),
                )
            })
            .collect();
        let regions = |code: &str| -> Vec<String> {
            let code = RegionCode::parse(code).unwrap();
            (manifest.township_chunks_for(&code).into_iter())
                .map(|(region, _)| region.to_string())
                .collect()
        };
        assert!(manifest
            .township_chunks_for(&RegionCode::nation())
            .is_empty());
        assert_eq!(regions("52"), ["52"]);
        assert_eq!(regions("5223"), ["52", "5223"]);
        assert_eq!(regions("522301"), ["52", "5223"]);
        assert_eq!(
            regions("5201"),
            ["52"],
            "a prefecture without official boundaries"
        );
        let provinces: Vec<String> = manifest
            .province_chunks()
            .map(|(r, _)| r.to_string())
            .collect();
        assert_eq!(provinces, ["52"]);
    }
}
