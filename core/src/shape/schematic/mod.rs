//! Schematic township cells.
//!
//! There are no open-licence township polygons for China, so until a user loads official
//! boundaries each county outline is split into one cell per township code. The cells are a
//! centroidal-Voronoi-like partition: seeds are spread evenly inside the outline with a few
//! Lloyd iterations over a fine grid of interior sample points, and each seed's Voronoi cell is
//! clipped to the outline.
//!
//! Why this design:
//! * Voronoi cells of well-spread seeds are compact, roughly equal in area and convex away from
//!   the county border, which reads as "schematic" rather than as a claim about real borders.
//! * A county has at most ~60 townships, so an O(n²) half-plane clip per cell is cheaper and far
//!   simpler than a Delaunay dependency. Everything is single-threaded and uses only IEEE `f64`
//!   arithmetic, `sqrt`, integer maths and i_overlay (whose few transcendental calls go through
//!   the pure-Rust `libm`), so output is bit-identical natively and on wasm32.
//! * Clipping to the real outline uses geo's `BooleanOps` (i_overlay): it copes with concave
//!   outlines, holes and cells that fall apart, which Sutherland–Hodgman against a concave
//!   polygon does not. All operations of one part share i_overlay's snapping grid
//!   (`pinning_frame`), so neighbouring cells meet exactly, without slivers or overlaps.
//! * Straight-line Voronoi regions can reach across a narrow bay; the stray piece is handed to
//!   the neighbour it touches (`merge_detached_pieces`) so cells of a single-part county are
//!   connected.
//!
//! The steps, one file each: `seeds` spreads the seeds of each part, `voronoi` clips each seed's
//! cell to its part, `merge` hands detached pieces to their neighbours; `metric` is the ground
//! distance they all use. `gaps` cuts cells for the townships a boundary file leaves out of a
//! county it covers in part, from the rest of the county.

mod gaps;
mod merge;
mod metric;
mod seeds;
mod voronoi;

use std::collections::HashSet;

use crate::sort;
use geo::{Area, BoundingRect, Coord, MultiPolygon, Rect};

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};

use merge::merge_detached_pieces;
use metric::Metric;
use seeds::{allocate_by_area, spread_seeds, Seed};
use voronoi::clipped_voronoi_cell;

pub use gaps::{gap_cells, gap_cells_of_counties, rest_of_county, SLIVER_WIDTH_M};

/// Partitions `outline` (lon/lat degrees, a real county outline) into exactly `cell_count`
/// schematic cells.
///
/// Cell `i` is the cell of the `i`-th seed in reading order (north-to-south bands about one cell
/// tall, west to east within a band), so the caller can hand out township codes in code order
/// and get the same picture every time.
///
/// Seeds are allocated to the parts of a multi-part outline in proportion to their area
/// (largest remainder), so cells keep a similar size everywhere. A part too small to earn a seed
/// (a tiny island) is added whole to the cell whose seed is nearest, which is why a cell is a
/// `MultiPolygon`. Parts of zero area are dropped because they cover nothing.
///
/// For an outline of positive area every cell is non-empty, cells do not overlap and together
/// they cover the outline. A degenerate (zero-area) outline still yields exactly `cell_count`
/// cells, the first being the outline itself and the rest empty, so callers never have to
/// special-case the count.
pub fn schematic_cells(outline: &MultiPolygon<f64>, cell_count: usize) -> Vec<MultiPolygon<f64>> {
    match cell_count {
        0 => return Vec::new(),
        1 => return vec![outline.clone()],
        _ => {}
    }
    let empty = MultiPolygon::<f64>::new(Vec::new());
    let areas: Vec<f64> = outline.0.iter().map(Area::unsigned_area).collect();
    let total: f64 = areas.iter().sum();
    let bbox = match outline.bounding_rect() {
        Some(rect) if total > 0.0 => rect,
        _ => {
            let mut cells = vec![empty; cell_count];
            cells[0] = outline.clone();
            return cells;
        }
    };
    let metric = Metric::at_latitude((bbox.min().y + bbox.max().y) * 0.5);
    let per_part = seeds_per_part(outline, &areas, cell_count, metric);
    let seeds = in_reading_order(&per_part, bbox, total, cell_count, metric);
    let mut cells: Vec<MultiPolygon<f64>> = (0..seeds.len())
        .map(|i| cell_of(outline, &seeds, i, metric))
        .collect();
    merge_detached_pieces(outline, &mut cells, &seeds, metric);
    add_seedless_parts(outline, &areas, &per_part, &seeds, &mut cells, metric);

    // Only reachable if even the largest part cannot hold enough distinct samples (an outline of
    // near-zero area); the count promise still holds.
    cells.resize(cell_count, empty);
    cells
}

/// The seeds of each part of the outline, `cell_count` in all, shared out by area.
fn seeds_per_part(
    outline: &MultiPolygon<f64>,
    areas: &[f64],
    cell_count: usize,
    metric: Metric,
) -> Vec<Vec<Coord<f64>>> {
    let quotas = allocate_by_area(areas, cell_count);
    let mut per_part: Vec<Vec<Coord<f64>>> = outline
        .0
        .iter()
        .zip(&quotas)
        .enumerate()
        .map(|(part, (polygon, &quota))| spread_seeds(polygon, areas[part], quota, metric))
        .collect();
    let placed: usize = per_part.iter().map(Vec::len).sum();
    if placed < cell_count {
        // A part too ragged to hold its quota of distinct interior samples (pathological input)
        // hands the shortfall to the largest part, so the count stays exact with non-empty cells.
        let largest = (0..areas.len())
            .max_by(|&a, &b| areas[a].total_cmp(&areas[b]).then(b.cmp(&a)))
            .unwrap_or(0);
        let want = per_part[largest].len() + cell_count - placed;
        per_part[largest] = spread_seeds(&outline.0[largest], areas[largest], want, metric);
    }
    per_part
}

/// Every seed with its part, in reading order for assigning codes: bands one typical cell tall,
/// north to south, then west to east within a band. Plain (latitude, longitude) sorting would
/// almost never consult the longitude, since seeds rarely share a latitude exactly.
fn in_reading_order(
    per_part: &[Vec<Coord<f64>>],
    bbox: Rect<f64>,
    total_area: f64,
    cell_count: usize,
    metric: Metric,
) -> Vec<Seed> {
    let mut seeds: Vec<Seed> = per_part
        .iter()
        .enumerate()
        .flat_map(|(part, at)| at.iter().map(move |&at| Seed { at, part }))
        .collect();
    let band = (total_area * metric.x_scale / cell_count as f64).sqrt();
    let top = bbox.max().y;
    let band_of = |s: &Seed| ((top - s.at.y) / band).floor();
    sort::sort_by(&mut seeds, |a, b| {
        band_of(a)
            .total_cmp(&band_of(b))
            .then(a.at.x.total_cmp(&b.at.x))
            .then(b.at.y.total_cmp(&a.at.y))
    });
    seeds
}

/// The cell of seed `i`: its Voronoi region among the seeds of its own part, clipped to the part.
fn cell_of(
    outline: &MultiPolygon<f64>,
    seeds: &[Seed],
    i: usize,
    metric: Metric,
) -> MultiPolygon<f64> {
    let seed = seeds[i];
    let polygon = &outline.0[seed.part];
    let rivals: Vec<Coord<f64>> = seeds
        .iter()
        .enumerate()
        .filter(|&(j, other)| j != i && other.part == seed.part)
        .map(|(_, other)| other.at)
        .collect();
    clipped_voronoi_cell(polygon, seed.at, &rivals, metric)
}

/// A part too small to earn a seed (a tiny island) goes whole to the cell whose seed is nearest
/// its centre.
fn add_seedless_parts(
    outline: &MultiPolygon<f64>,
    areas: &[f64],
    per_part: &[Vec<Coord<f64>>],
    seeds: &[Seed],
    cells: &mut [MultiPolygon<f64>],
    metric: Metric,
) {
    for (part, polygon) in outline.0.iter().enumerate() {
        if !per_part[part].is_empty() || areas[part] <= 0.0 || seeds.is_empty() {
            continue;
        }
        let Some(rect) = polygon.bounding_rect() else {
            continue;
        };
        let centre = rect.center();
        let nearest = (0..seeds.len())
            .min_by(|&a, &b| {
                metric
                    .dist2(seeds[a].at, centre)
                    .total_cmp(&metric.dist2(seeds[b].at, centre))
            })
            .unwrap_or(0);
        cells[nearest].0.push(polygon.clone());
    }
}

/// The schematic cells of every county with an outline and townships, except the counties in
/// `official` (official boundaries replace a county's cells): lon/lat, one per township code
/// in the registry's order, as `atlas publish` writes them into the township chunks. The same
/// cells, for the same registry and outlines, as a view computes one county at a time.
pub fn cells_of_counties(
    atlas: &Atlas,
    official: &HashSet<RegionCode>,
) -> Vec<(RegionCode, MultiPolygon<f64>)> {
    let divisions = &atlas.divisions;
    // What each county's cells need, gathered first: the atlas itself stays on this thread.
    let counties: Vec<(Vec<RegionCode>, &MultiPolygon<f64>)> = divisions
        .at_level(&RegionCode::nation(), Level::County)
        .filter(|county| !official.contains(*county))
        .filter_map(|county| {
            let townships: Vec<RegionCode> = divisions
                .at_level(county, Level::Township)
                .cloned()
                .collect();
            let outline = atlas.county_outline_lonlat(county)?.polygons();
            (!townships.is_empty()).then_some((townships, outline))
        })
        .collect();
    let cells_of = |(townships, outline): &(Vec<RegionCode>, &MultiPolygon<f64>)| {
        let cells = schematic_cells(outline, townships.len());
        townships.iter().cloned().zip(cells).collect::<Vec<_>>()
    };
    // Counties are independent: split them over the machine's cores (the country's 41,000
    // cells take seconds on one). Each thread's share comes back in order.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let share = counties.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = counties
            .chunks(share)
            .map(|part| scope.spawn(move || part.iter().flat_map(cells_of).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a schematic thread panicked"))
            .collect()
    })
}

#[cfg(test)]
mod tests;
