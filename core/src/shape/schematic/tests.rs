//! The partition contract of [`schematic_cells`] on stars, squares, slivers, islands, holes and
//! bays.

use super::*;
use geo::{polygon, BooleanOps, Centroid, LineString, Polygon};

fn mp(polygons: Vec<Polygon<f64>>) -> MultiPolygon<f64> {
    MultiPolygon::new(polygons)
}

fn rect_poly(x0: f64, y0: f64, x1: f64, y1: f64) -> Polygon<f64> {
    polygon![(x: x0, y: y0), (x: x1, y: y0), (x: x1, y: y1), (x: x0, y: y1)]
}

/// A noisy star around (lon, lat): concave, irregular, like a real county.
fn star(lon: f64, lat: f64, radius: f64, vertices: usize) -> Polygon<f64> {
    let ring: Vec<Coord<f64>> = (0..vertices)
        .map(|i| {
            let a = i as f64 / vertices as f64 * std::f64::consts::TAU;
            let r = radius * (1.0 + 0.35 * (5.0 * a).sin() + 0.1 * (17.0 * a).cos());
            Coord {
                x: lon + r * a.cos() / 0.85,
                y: lat + r * a.sin(),
            }
        })
        .collect();
    Polygon::new(LineString::from(ring), Vec::new())
}

/// The partition contract: exact count, non-empty cells, containment, no overlap, coverage.
fn assert_partition(outline: &MultiPolygon<f64>, cells: &[MultiPolygon<f64>], count: usize) {
    assert_eq!(cells.len(), count, "cell count");
    let outline_area = outline.unsigned_area();
    let mut sum = 0.0;
    for (i, cell) in cells.iter().enumerate() {
        let area = cell.unsigned_area();
        assert!(area > 0.0, "cell {i} is empty");
        let outside = cell.difference(outline).unsigned_area();
        assert!(
            outside <= area * 1e-6 + outline_area * 1e-9,
            "cell {i} sticks out of the outline by {outside} of {area}"
        );
        sum += area;
    }
    assert!(
        (sum - outline_area).abs() <= outline_area * 0.005,
        "cell areas sum to {sum}, outline is {outline_area}"
    );
    let rects: Vec<Rect<f64>> = cells.iter().map(|c| c.bounding_rect().unwrap()).collect();
    for i in 0..cells.len() {
        for j in i + 1..cells.len() {
            let (a, b) = (rects[i], rects[j]);
            if a.max().x < b.min().x
                || b.max().x < a.min().x
                || a.max().y < b.min().y
                || b.max().y < a.min().y
            {
                continue;
            }
            // Cells of a part share one snapping grid, so neighbours meet exactly; an
            // overlap even at the grid's scale (~1e-10 of the area) means they do not.
            let overlap = cells[i].intersection(&cells[j]).unsigned_area();
            assert!(
                overlap <= outline_area * 1e-13,
                "cells {i} and {j} overlap by {overlap}"
            );
        }
    }
}

#[test]
fn schematic_zero_and_one_cell() {
    let outline = mp(vec![star(110.0, 30.0, 0.3, 120)]);
    assert!(schematic_cells(&outline, 0).is_empty());
    assert_eq!(schematic_cells(&outline, 1), vec![outline.clone()]);
}

#[test]
fn schematic_star_partition_contract() {
    let outline = mp(vec![star(104.0, 31.0, 0.4, 200)]);
    for count in [2, 3, 7, 15, 31, 60] {
        let cells = schematic_cells(&outline, count);
        assert_partition(&outline, &cells, count);
    }
}

#[test]
fn schematic_is_deterministic() {
    let outline = mp(vec![
        star(120.0, 24.0, 0.25, 150),
        rect_poly(120.5, 24.0, 120.56, 24.04),
    ]);
    let a = schematic_cells(&outline, 23);
    let b = schematic_cells(&outline, 23);
    assert_eq!(a, b);
}

#[test]
fn schematic_cells_are_even_in_size() {
    // On a plain square the cells should be close to equal; a degenerate seeding (e.g. seeds
    // bunched in one corner) would leave a few huge cells.
    let outline = mp(vec![rect_poly(100.0, 0.0, 101.0, 1.0)]);
    let cells = schematic_cells(&outline, 20);
    assert_partition(&outline, &cells, 20);
    let areas: Vec<f64> = cells.iter().map(Area::unsigned_area).collect();
    let max = areas.iter().copied().fold(0.0, f64::max);
    let min = areas.iter().copied().fold(f64::INFINITY, f64::min);
    assert!(max / min < 2.5, "cell areas range {min}..{max}");
}

#[test]
fn schematic_cells_are_ordered_north_to_south() {
    let outline = mp(vec![rect_poly(100.0, 0.0, 100.1, 1.0)]);
    let cells = schematic_cells(&outline, 4);
    assert_partition(&outline, &cells, 4);
    let ys: Vec<f64> = cells.iter().map(|c| c.centroid().unwrap().y()).collect();
    assert!(
        ys.windows(2).all(|w| w[0] > w[1]),
        "centroid latitudes {ys:?}"
    );

    let outline = mp(vec![rect_poly(100.0, 0.0, 101.0, 0.1)]);
    let cells = schematic_cells(&outline, 4);
    assert_partition(&outline, &cells, 4);
    let xs: Vec<f64> = cells.iter().map(|c| c.centroid().unwrap().x()).collect();
    assert!(
        xs.windows(2).all(|w| w[0] < w[1]),
        "centroid longitudes {xs:?}"
    );
}

#[test]
fn schematic_concave_u_shape() {
    // A U: two prongs joined at the bottom. Naive convex clipping would bridge the gap.
    let u = polygon![
        (x: 0.0, y: 0.0), (x: 3.0, y: 0.0), (x: 3.0, y: 3.0), (x: 2.0, y: 3.0),
        (x: 2.0, y: 1.0), (x: 1.0, y: 1.0), (x: 1.0, y: 3.0), (x: 0.0, y: 3.0),
    ];
    let outline = mp(vec![u]);
    for count in [2, 5, 12] {
        let cells = schematic_cells(&outline, count);
        assert_partition(&outline, &cells, count);
        // Nothing may cover the notch between the prongs.
        let notch = rect_poly(1.05, 1.05, 1.95, 2.95);
        for cell in &cells {
            assert!(cell.intersection(&notch).unsigned_area() < 1e-9);
        }
    }
}

#[test]
fn schematic_multi_part_with_tiny_island() {
    let main = star(118.0, 30.0, 0.3, 180);
    let island = rect_poly(118.6, 30.0, 118.601, 30.001);
    let outline = mp(vec![main, island.clone()]);
    let cells = schematic_cells(&outline, 10);
    assert_partition(&outline, &cells, 10);
    let holders: Vec<usize> = (0..cells.len())
        .filter(|&i| cells[i].intersection(&island).unsigned_area() > 0.0)
        .collect();
    assert_eq!(holders.len(), 1, "island must belong to exactly one cell");
    let holder = &cells[holders[0]];
    assert!((holder.intersection(&island).unsigned_area() - island.unsigned_area()).abs() < 1e-12);
}

#[test]
fn schematic_more_parts_than_cells() {
    let parts: Vec<Polygon<f64>> = (0..5)
        .map(|i| {
            let x = 100.0 + i as f64 * 0.2;
            rect_poly(x, 20.0, x + 0.1, 20.1 + i as f64 * 0.01)
        })
        .collect();
    let outline = mp(parts);
    let cells = schematic_cells(&outline, 3);
    assert_partition(&outline, &cells, 3);
}

#[test]
fn schematic_sixty_cells_in_thin_small_polygon() {
    // ~2 km × 50 m: far fewer grid rows than cells at the default sampling density.
    let outline = mp(vec![polygon![
        (x: 110.0, y: 25.0), (x: 110.02, y: 25.0002), (x: 110.0201, y: 25.0006),
        (x: 110.0, y: 25.0005),
    ]]);
    let cells = schematic_cells(&outline, 60);
    assert_partition(&outline, &cells, 60);
}

#[test]
fn schematic_refines_grid_that_misses_the_area() {
    // An I-beam 1° wide and ~33 m tall: two thin bars joined by a hair-thin web. The first
    // sampling grid has a single scanline, which only crosses the web, i.e. one sample for
    // 60 seeds; the grid must be refined to place 60 distinct seeds.
    let (t, h, d) = (1e-4, 3e-4, 5e-6);
    let beam = polygon![
        (x: 100.0, y: 0.0), (x: 101.0, y: 0.0), (x: 101.0, y: t), (x: 100.5 + d, y: t),
        (x: 100.5 + d, y: h - t), (x: 101.0, y: h - t), (x: 101.0, y: h), (x: 100.0, y: h),
        (x: 100.0, y: h - t), (x: 100.5 - d, y: h - t), (x: 100.5 - d, y: t), (x: 100.0, y: t),
    ];
    let outline = mp(vec![beam]);
    let cells = schematic_cells(&outline, 60);
    assert_partition(&outline, &cells, 60);
}

#[test]
fn schematic_cells_are_compact_on_the_ground() {
    // At 60°N a degree of longitude is half a degree of latitude on the ground, so this
    // 2° × 1° box is a ground square. Cells spread in raw degrees would come out twice as
    // tall as wide on the ground.
    let outline = mp(vec![rect_poly(100.0, 59.5, 102.0, 60.5)]);
    let cells = schematic_cells(&outline, 16);
    assert_partition(&outline, &cells, 16);
    let mean_log_aspect = cells
        .iter()
        .map(|c| {
            let r = c.bounding_rect().unwrap();
            (r.width() * 0.5 / r.height()).ln()
        })
        .sum::<f64>()
        / cells.len() as f64;
    assert!(
        mean_log_aspect.abs() < 0.25,
        "mean ground aspect {}",
        mean_log_aspect.exp()
    );
}

#[test]
fn schematic_nearby_parts_do_not_steal_from_each_other() {
    // A narrow part right next to a big one: seeds of the big part are nearer to much of the
    // narrow part than its own seed, so Voronoi regions must be computed per part or that
    // area would be lost.
    let outline = mp(vec![
        rect_poly(100.0, 30.0, 101.0, 31.0),
        rect_poly(101.001, 30.0, 101.1, 31.0),
    ]);
    let cells = schematic_cells(&outline, 10);
    assert_partition(&outline, &cells, 10);
}

#[test]
fn schematic_cells_do_not_straddle_a_narrow_bay() {
    // A square with a deep, narrow slot cut in from the north. Straight-line Voronoi regions
    // reach across the slot; every such stray piece must be handed to the cell next to it.
    let slot = polygon![
        (x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.51, y: 1.0),
        (x: 0.51, y: 0.2), (x: 0.49, y: 0.2), (x: 0.49, y: 1.0), (x: 0.0, y: 1.0),
    ];
    let outline = mp(vec![slot]);
    for count in [3, 4, 6, 9, 14, 23] {
        let cells = schematic_cells(&outline, count);
        assert_partition(&outline, &cells, count);
        for (i, cell) in cells.iter().enumerate() {
            assert_eq!(cell.0.len(), 1, "{count} cells: cell {i} is in pieces");
        }
    }
}

#[test]
fn schematic_respects_holes() {
    let hole = LineString::from(vec![(0.4, 0.4), (0.6, 0.4), (0.6, 0.6), (0.4, 0.6)]);
    let square = Polygon::new(
        LineString::from(vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]),
        vec![hole],
    );
    let outline = mp(vec![square]);
    let cells = schematic_cells(&outline, 9);
    assert_partition(&outline, &cells, 9);
    let inside_hole = rect_poly(0.41, 0.41, 0.59, 0.59);
    for cell in &cells {
        assert!(cell.intersection(&inside_hole).unsigned_area() < 1e-12);
    }
}

#[test]
fn schematic_degenerate_outline_keeps_count() {
    let empty = mp(Vec::new());
    let cells = schematic_cells(&empty, 4);
    assert_eq!(cells.len(), 4);
    assert!(cells.iter().all(|c| c.0.is_empty()));
}
