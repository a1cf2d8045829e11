//! The writers only `atlas publish` needs (the `publish-write` feature, which the page leaves
//! off): the overview outlines and the township chunks as TopoJSON.

use geo::MultiPolygon;

use crate::data::atlas::OUTLINE_OBJECTS;
use crate::data::code::{Level, RegionCode};
use crate::data::topo::{write_topology, TopoFeature, Topology, TopologyOptions};
use crate::error::DataError;

use super::chunks::{OVERVIEW_TOPOLOGY, TOWNSHIP_TOPOLOGY};
use super::format::{TownshipChunk, TOWNSHIP_OBJECT};

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
