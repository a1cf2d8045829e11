//! Country-scale benchmark for `schematic_cells`: ~2,900 synthetic county outlines (noisy stars
//! with ~200 vertices, some with islands) holding 41,352 cells in total, the size of China's
//! township list. Plain `Instant` timing, no criterion, so it builds for any target.
//!
//! Run: `cargo bench -p atlas-core --bench schematic [-- ROUNDS]`

use atlas_core::shape::schematic::schematic_cells;
use geo::{Area, Coord, LineString, MultiPolygon, Polygon};
use std::hint::black_box;
use std::time::{Duration, Instant};

const COUNTIES: usize = 2_900;
const TOWNSHIPS: usize = 41_352;
const MAX_CELLS: usize = 60;

/// Small deterministic generator so every run partitions the same country.
struct Rng(u64);

impl Rng {
    fn next_f64(&mut self) -> f64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next_f64()
    }
}

/// A star-shaped noisy ring: a few harmonics plus per-vertex jitter, concave like real counties.
fn noisy_ring(rng: &mut Rng, centre: Coord<f64>, radius: f64, vertices: usize) -> Polygon<f64> {
    let harmonics: Vec<(f64, f64, f64)> = (2..7)
        .map(|k| {
            (
                k as f64,
                rng.range(0.0, 0.25 / k as f64 * 2.0),
                rng.range(0.0, 6.3),
            )
        })
        .collect();
    let x_stretch = 1.0 / (centre.y.to_radians().cos());
    let ring: Vec<Coord<f64>> = (0..vertices)
        .map(|i| {
            let a = i as f64 / vertices as f64 * std::f64::consts::TAU;
            let wobble: f64 = harmonics
                .iter()
                .map(|&(k, amp, phase)| amp * (k * a + phase).sin())
                .sum();
            let r = radius * (1.0 + wobble + rng.range(-0.04, 0.04)).max(0.15);
            Coord {
                x: centre.x + r * a.cos() * x_stretch,
                y: centre.y + r * a.sin(),
            }
        })
        .collect();
    Polygon::new(LineString::from(ring), Vec::new())
}

fn county(rng: &mut Rng) -> MultiPolygon<f64> {
    let centre = Coord {
        x: rng.range(75.0, 134.0),
        y: rng.range(18.0, 52.0),
    };
    let radius = rng.range(0.08, 0.6);
    let vertices = 150 + (rng.next_f64() * 100.0) as usize;
    let mut parts = vec![noisy_ring(rng, centre, radius, vertices)];
    // About one county in eight is coastal with islands, some of them tiny. A noisy ring reaches
    // at most ~1.77 radii out, so islands start 2.4 radii away and the parts never overlap.
    if rng.next_f64() < 0.125 {
        let islands = 1 + (rng.next_f64() * 4.0) as usize;
        let x_stretch = 1.0 / centre.y.to_radians().cos();
        for i in 0..islands {
            let a = rng.range(0.0, std::f64::consts::TAU);
            let d = radius * (2.4 + 0.6 * i as f64);
            let c = Coord {
                x: centre.x + d * a.cos() * x_stretch,
                y: centre.y + d * a.sin(),
            };
            let r = radius * if i == 0 { 0.3 } else { 0.02 };
            parts.push(noisy_ring(rng, c, r, 40));
        }
    }
    MultiPolygon::new(parts)
}

/// Township counts in 1..=60, mostly small with a long tail like the real list, summing to
/// `TOWNSHIPS`.
fn cell_counts(rng: &mut Rng) -> Vec<usize> {
    let mut counts: Vec<usize> = (0..COUNTIES)
        .map(|_| {
            let u = rng.next_f64();
            (1.0 + 56.0 * u * u * u * u + 4.0 * rng.next_f64()).min(MAX_CELLS as f64) as usize
        })
        .collect();
    let mut total: usize = counts.iter().sum();
    let mut i = 0;
    while total != TOWNSHIPS {
        let c = &mut counts[(i * 7919) % COUNTIES];
        if total < TOWNSHIPS && *c < MAX_CELLS {
            *c += 1;
            total += 1;
        } else if total > TOWNSHIPS && *c > 1 {
            *c -= 1;
            total -= 1;
        }
        i += 1;
    }
    counts
}

fn main() {
    let mut rng = Rng(0x5EED_C0DE_A71A_5EED);
    let counties: Vec<MultiPolygon<f64>> = (0..COUNTIES).map(|_| county(&mut rng)).collect();
    let counts = cell_counts(&mut rng);
    let vertices: usize = counties
        .iter()
        .flat_map(|c| c.0.iter())
        .map(|p| p.exterior().0.len())
        .sum();
    let multi = counties.iter().filter(|c| c.0.len() > 1).count();
    println!(
        "schematic: {COUNTIES} counties ({multi} multi-part, {vertices} outline vertices), \
         {} cells, {}..={} per county",
        counts.iter().sum::<usize>(),
        counts.iter().min().unwrap(),
        counts.iter().max().unwrap(),
    );

    // `cargo bench` passes `--bench`; a bare number overrides the round count (handy under
    // profilers).
    let rounds = std::env::args()
        .skip(1)
        .find_map(|a| a.parse::<usize>().ok())
        .unwrap_or(3);
    for round in 0..rounds {
        let mut slowest = (Duration::ZERO, 0);
        let mut cells_out = 0;
        let mut cell_vertices = 0;
        let mut area_error: f64 = 0.0;
        let start = Instant::now();
        for (i, (outline, &count)) in counties.iter().zip(&counts).enumerate() {
            let t = Instant::now();
            let cells = black_box(schematic_cells(black_box(outline), count));
            let took = t.elapsed();
            if took > slowest.0 {
                slowest = (took, i);
            }
            cells_out += cells.len();
            cell_vertices += cells
                .iter()
                .flat_map(|c| c.0.iter())
                .map(|p| p.exterior().0.len())
                .sum::<usize>();
            if round == 0 {
                let sum: f64 = cells.iter().map(|c| c.unsigned_area()).sum();
                let area = outline.unsigned_area();
                area_error = area_error.max((sum - area).abs() / area);
            }
        }
        let total = start.elapsed();
        println!(
            "round {round}: {:.3} s total, {:.0} cells/s, {:.1} µs/county, slowest county #{} \
             ({} cells) {:.2} ms, {:.1} vertices/cell",
            total.as_secs_f64(),
            cells_out as f64 / total.as_secs_f64(),
            total.as_secs_f64() * 1e6 / COUNTIES as f64,
            slowest.1,
            counts[slowest.1],
            slowest.0.as_secs_f64() * 1e3,
            cell_vertices as f64 / cells_out as f64,
        );
        if round == 0 {
            println!("max relative area error (sum of cells vs outline): {area_error:.2e}");
        }
    }
}
