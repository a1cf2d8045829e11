//! Schematic cells for the townships an official boundary file leaves out of its county.
//!
//! A bureau's file often covers some of a county's townships only. The rest of the county is
//! its outline minus the union of the file's polygons; it is split into one schematic cell per
//! missing township, so the county is drawn whole, the missing townships marked schematic, and
//! each cell's border with a real polygon is that polygon's own border (the difference keeps
//! its vertices, so a published topology stores the border once and simplifies it alike for
//! both sides).
//!
//! Where the file's polygons and the registry's county outline disagree along the county's
//! edge (by tens of metres in a surveyed file), the difference also holds thin slivers. A
//! sliver handed to a far cell would draw a strip of that township's colour along a real
//! township's edge, so the rest is opened first: pieces narrower than [`SLIVER_WIDTH_M`] go,
//! and the county's edge there stays as the file draws it.

use std::collections::BTreeMap;

use geo::{Area, BooleanOps, Buffer, MultiPolygon};

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::data::topo::METRES_PER_DEGREE;

use super::schematic_cells;

/// A piece of the rest of a county narrower than this is a sliver between the file's polygons
/// and the registry's outline, not ground of a missing township: 200 m is ten times the
/// disagreement of a surveyed file with the registry's outline, and a fiftieth of a township.
pub const SLIVER_WIDTH_M: f64 = 200.0;

/// The part of `outline` (lon/lat) that none of `official` covers, without slivers narrower
/// than [`SLIVER_WIDTH_M`]: the ground the missing townships' cells are cut from.
pub fn rest_of_county(
    outline: &MultiPolygon<f64>,
    official: &[&MultiPolygon<f64>],
) -> MultiPolygon<f64> {
    let covered = official
        .iter()
        .fold(MultiPolygon::new(Vec::new()), |union, shape| {
            union.union(*shape)
        });
    let rest = outline.difference(&covered);
    let half_width_deg = SLIVER_WIDTH_M / 2.0 / METRES_PER_DEGREE;
    let core = rest.buffer(-half_width_deg);
    if core.unsigned_area() <= 0.0 {
        return MultiPolygon::new(Vec::new());
    }
    // Grown back by twice what was taken off, then cut to the rest: the rest's own borders
    // (the real polygons' and the outline's) are kept exactly wherever the core reaches within
    // twice the half-width, which every corner of 60° or more does; a sliver survives only as
    // a stub of that length where it leaves the core.
    let grown = core.buffer(2.0 * half_width_deg);
    rest.intersection(&grown)
}

/// The schematic cells of `missing` townships (in the order given) cut from the rest of
/// `outline` once `official` is taken out ([`rest_of_county`]); empty cells where no ground is
/// left.
pub fn gap_cells(
    outline: &MultiPolygon<f64>,
    official: &[&MultiPolygon<f64>],
    missing: usize,
) -> Vec<MultiPolygon<f64>> {
    let rest = rest_of_county(outline, official);
    schematic_cells(&rest, missing)
}

/// The schematic cells, lon/lat, of every township that `official` (a boundary file's
/// townships) leaves out of a county it covers in part, one per missing township in the
/// registry's order, as `atlas publish` writes them beside the official boundaries. Counties
/// the file covers whole, or not at all, get none here; a county whose rest is all sliver gets
/// none either (its missing townships are then listed as not in the file).
pub fn gap_cells_of_counties(
    atlas: &Atlas,
    official: &[(RegionCode, MultiPolygon<f64>)],
) -> Vec<(RegionCode, MultiPolygon<f64>)> {
    // Ordered maps: the union is taken in code order, so the published bytes are the same
    // from run to run.
    let mut by_county: BTreeMap<RegionCode, BTreeMap<&RegionCode, &MultiPolygon<f64>>> =
        BTreeMap::new();
    for (code, shape) in official {
        if let Some(county) = code.parent().filter(|_| code.level() == Level::Township) {
            by_county.entry(county).or_default().insert(code, shape);
        }
    }
    let mut cells = Vec::new();
    for (county, shapes) in by_county {
        let Some(outline) = atlas.county_outline_lonlat(&county) else {
            continue;
        };
        let missing: Vec<RegionCode> = (atlas.divisions.at_level(&county, Level::Township))
            .filter(|t| !shapes.contains_key(t))
            .cloned()
            .collect();
        if missing.is_empty() {
            continue;
        }
        let real: Vec<&MultiPolygon<f64>> = shapes.values().copied().collect();
        let county_cells = gap_cells(outline.polygons(), &real, missing.len());
        if county_cells.iter().all(|c| c.0.is_empty()) {
            continue;
        }
        cells.extend(missing.into_iter().zip(county_cells));
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, Polygon};

    fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Polygon<f64> {
        polygon![(x: x0, y: y0), (x: x1, y: y0), (x: x1, y: y1), (x: x0, y: y1)]
    }

    #[test]
    fn a_sliver_between_the_file_and_the_outline_is_left_out_and_the_rest_is_cut_in_cells() {
        // A county 0.2° square; the file's one township covers its west half but stops 50 m
        // short of the county's north edge, as a surveyed file and the registry disagree.
        let county = MultiPolygon::new(vec![rect(105.0, 25.0, 105.2, 25.2)]);
        let short_m = 50.0 / METRES_PER_DEGREE;
        let west = MultiPolygon::new(vec![rect(105.0, 25.0, 105.1, 25.2 - short_m)]);
        let rest = rest_of_county(&county, &[&west]);
        let east_area = 0.1 * 0.2;
        assert!(
            (rest.unsigned_area() - east_area).abs() < east_area * 1e-3,
            "the rest is the east half: {}",
            rest.unsigned_area()
        );
        // The border with the real township is the real township's own edge (but for
        // i_overlay's snapping: under a square metre).
        let overlap = rest.intersection(&west).unsigned_area();
        assert!(overlap < east_area * 1e-7, "{overlap}");
        let cells = gap_cells(&county, &[&west], 3);
        assert_eq!(cells.len(), 3);
        let sum: f64 = cells.iter().map(Area::unsigned_area).sum();
        assert!((sum - east_area).abs() < east_area * 1e-3, "{sum}");
        assert!(cells.iter().all(|c| c.unsigned_area() > 0.0));
    }

    #[test]
    fn a_county_the_file_covers_but_for_slivers_has_no_ground_left() {
        let county = MultiPolygon::new(vec![rect(105.0, 25.0, 105.2, 25.2)]);
        let short_m = 50.0 / METRES_PER_DEGREE;
        let all = MultiPolygon::new(vec![rect(105.0, 25.0, 105.2, 25.2 - short_m)]);
        assert_eq!(rest_of_county(&county, &[&all]).unsigned_area(), 0.0);
    }
}
