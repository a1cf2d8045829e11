//! Chunk builders and their tolerances, for `atlas publish` only (the `publish-write` feature):
//! how the overview outlines and each township chunk are quantised and simplified, and the
//! township shapes grouped into a chunk per province and per prefecture.

use std::collections::{BTreeMap, HashSet};

use geo::{BoundingRect, MultiPolygon};

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::data::topo::{TopologyOptions, METRES_PER_DEGREE};
use crate::geom::union_bounds;

use super::format::TownshipChunk;
use super::write::township_chunk_json;

/// How the overview outlines are written: 1 km grid steps, borders simplified to 2.5 km. The
/// country fills a 4K briefing display at about 1.8 km a pixel, so a border moves by a pixel
/// and a half at most, and only until the full outlines replace these, seconds later; a laptop
/// shows some 4 km a pixel and a phone 14 km, under a pixel. Coarser than the full outlines
/// because a visitor waits for these bytes before the first map (250 m and 2 km before: this
/// takes 26% off the file's gzip size). Islands are all kept, however small (a map of China
/// must show them).
pub const OVERVIEW_TOPOLOGY: TopologyOptions = TopologyOptions::from_metres(1_000.0, 2_500.0);

/// Township shapes as published chunks, by region: each province's townships (official
/// boundaries and schematic cells) simplified for the province's view ([`province_topology`]),
/// and, for each prefecture with official boundaries, those at full detail
/// ([`TOWNSHIP_TOPOLOGY`]). A province view waits only for the small file; drilling into a
/// prefecture fetches its detail (schematic cells are simple shapes, drawn from the province's
/// file at every level, but for the cells of the townships an official file leaves out of a
/// county, which share its borders and so come at its detail too).
pub fn township_chunks(
    atlas: &Atlas,
    official: &[(RegionCode, MultiPolygon<f64>)],
    schematic: &[(RegionCode, MultiPolygon<f64>)],
) -> BTreeMap<RegionCode, String> {
    let provinces = group_by(official, schematic, Level::Province);
    // Cells for part of a county border official boundaries: they go into the detail chunk as
    // well, so a view of the prefecture draws both sides of each shared border alike.
    let official_counties: HashSet<RegionCode> = official
        .iter()
        .filter_map(|(code, _)| code.parent())
        .collect();
    let partial: Vec<(RegionCode, MultiPolygon<f64>)> = (schematic.iter())
        .filter(|(code, _)| {
            code.parent()
                .is_some_and(|c| official_counties.contains(&c))
        })
        .cloned()
        .collect();
    let prefectures = group_by(official, &partial, Level::Prefecture);
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
pub fn province_extent_m(atlas: &Atlas, province: &RegionCode, chunk: &TownshipChunk) -> f64 {
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
