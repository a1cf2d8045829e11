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
//! data/directory-52-<hash>.json  one province's station directory, fetched on drill-down
//! data/station-index-<hash>.json  every station's name and address, fetched on the first search
//! ```
//!
//! A reader draws the first map from the overview parts, the facts and the stations (see
//! [`PartKind::fetched`]), then fetches the whole registry and outlines and replaces that atlas
//! with the full one: a visitor waits for about a sixth of the data bytes before seeing the country.
//!
//! Every reader checks each file's size and hash against the manifest before using it, and
//! names the file when they disagree.
//!
//! One stage in six files: the format (`format.rs`), the reader (`read.rs`, with `confine.rs`:
//! a manifest's paths stay inside the folder, and `error.rs`: [`ReadError`], the one error a
//! reader of a published folder meets, each variant naming its file), what a reader fetches when and what a view adds
//! to the atlas (`plan.rs`), and, behind the `publish-write` feature that only the CLI (and the
//! crate's own tests) turn on, the writers (`write.rs`) and the chunk builders with their
//! tolerances (`chunks.rs`).

#[cfg(feature = "publish-write")]
mod chunks;
mod confine;
mod error;
mod format;
mod plan;
mod read;
#[cfg(feature = "publish-write")]
mod write;

#[cfg(feature = "publish-write")]
pub use chunks::{
    province_extent_m, province_topology, township_chunks, OVERVIEW_TOPOLOGY,
    PROVINCE_EXTENT_PER_TOLERANCE, TOWNSHIP_TOPOLOGY,
};
pub use confine::plain_name_problem;
pub use error::ReadError;
pub use format::{
    sha256_hex, stations_json, Manifest, PartFile, PartKind, TownshipChunk, BRIEF_FONT_LICENCE,
    MANIFEST_FILE, MANIFEST_FORMAT, MANIFEST_VERSION, TOWNSHIP_OBJECT,
};
pub use plan::{township_chunk_regions, Depth, Fetched};
pub use read::{load_published, read_stations, read_township_chunk, PublishedTexts};
#[cfg(feature = "publish-write")]
pub use write::{overview_outlines, township_chunk_json, townships_json};
