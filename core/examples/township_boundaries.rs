//! Writes a township boundary GeoJSON the size of a bureau's real file, for the import benchmark
//! (`scripts/bench-import.mjs`): every township of a region as its schematic cell inside the real
//! county outline, with the 12-digit code under `XZQDM` and the name under `XZQMC`, as a
//! surveying bureau's export has them. Each edge is split into `--vertices-per-edge` points with
//! a small deterministic wobble, since real boundaries carry hundreds of vertices per township.
//!
//! ```text
//! cargo run --release -p atlas-core --example township_boundaries -- \
//!     --region 52 --vertices-per-edge 12 --out target/guizhou.geojson
//! ```
//! `--region` is a province, prefecture or county code; omit it for the whole country.
//! `--shared-borders` bends each border the same way for the townships on both sides of it, so
//! neighbours share their vertices as in an official file (the published chunk benchmark,
//! `township_chunk_size`); without it each township bends its own side, and neighbours overlap
//! by up to 1% of an edge (what the import benchmark has always read).
//! `--datav` writes the properties of a DataV / Amap boundary file instead (`adcode` as a
//! 12-digit number, `name`, `level: "town"`, `parent`, `center`, `centroid`, `acroutes`), and
//! `--gcj02` moves every vertex by the GCJ-02 forward transform, as those files are:
//! `tests/fixtures/boundaries/qixingguan_datav_*.geojson` are made so. `--first N` writes only
//! the first N townships of each county in code order, as a bureau's file of part of a county
//! (`tests/fixtures/boundaries/xingyi_part_17.geojson`).

use std::io::Write;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::{Level, RegionCode};
use atlas_core::import::wgs84_to_gcj02;
use atlas_core::shape::schematic::schematic_cells;
use geo::{Coord, LineString};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let region = match value("--region") {
        Some(raw) => RegionCode::parse(&raw)?,
        None => RegionCode::nation(),
    };
    let per_edge: usize = value("--vertices-per-edge")
        .map(|v| v.parse())
        .transpose()?
        .unwrap_or(1)
        .max(1);
    let out = value("--out").ok_or("--out FILE is required")?;
    let shared = args.iter().any(|a| a == "--shared-borders");
    let datav = args.iter().any(|a| a == "--datav");
    let gcj02 = args.iter().any(|a| a == "--gcj02");
    let first: usize = value("--first")
        .map(|v| v.parse())
        .transpose()?
        .unwrap_or(usize::MAX);
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    let atlas = Atlas::load_dir(&data)?;

    let mut file = std::io::BufWriter::new(std::fs::File::create(&out)?);
    file.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")?;
    let (mut features, mut vertices) = (0usize, 0usize);
    let counties: Vec<RegionCode> = atlas
        .divisions
        .at_level(&region, Level::County)
        .cloned()
        .collect();
    for county in counties {
        let Some(outline) = atlas.county_outline_lonlat(&county) else {
            continue;
        };
        let townships: Vec<RegionCode> = atlas
            .divisions
            .at_level(&county, Level::Township)
            .cloned()
            .collect();
        let cells = schematic_cells(outline, townships.len());
        for (code, cell) in townships.iter().zip(cells).take(first) {
            if cell.0.is_empty() {
                continue;
            }
            let mut polygons: Vec<Vec<Vec<[f64; 2]>>> = cell
                .0
                .iter()
                .map(|p| {
                    std::iter::once(p.exterior())
                        .chain(p.interiors())
                        .map(|ring| densify(ring, per_edge, shared))
                        .collect()
                })
                .collect();
            if gcj02 {
                for point in polygons.iter_mut().flatten().flatten() {
                    let (x, y) = wgs84_to_gcj02(point[0], point[1]);
                    *point = [(x * 1e6).round() / 1e6, (y * 1e6).round() / 1e6];
                }
            }
            vertices += polygons.iter().flatten().map(Vec::len).sum::<usize>();
            let name = atlas.divisions.name(code).unwrap_or("");
            let properties = if datav {
                datav_properties(code, name, &polygons)
            } else {
                serde_json::json!({ "XZQDM": format!("{code}000"), "XZQMC": name })
            };
            let feature = serde_json::json!({
                "type": "Feature",
                "properties": properties,
                "geometry": { "type": "MultiPolygon", "coordinates": polygons },
            });
            if features > 0 {
                file.write_all(b",\n")?;
            }
            serde_json::to_writer(&mut file, &feature)?;
            features += 1;
        }
    }
    file.write_all(b"\n]}\n")?;
    file.flush()?;
    let bytes = std::fs::metadata(&out)?.len();
    println!(
        "{out}: {features} townships, {vertices} vertices, {:.1} MB",
        bytes as f64 / 1_048_576.0
    );
    Ok(())
}

/// A township's properties as DataV / Amap write them: the 12-digit code as a number, the level,
/// the parent county, the centre (here of the first ring's vertices) and the codes above it.
fn datav_properties(
    code: &RegionCode,
    name: &str,
    polygons: &[Vec<Vec<[f64; 2]>>],
) -> serde_json::Value {
    let ring = polygons
        .first()
        .and_then(|p| p.first())
        .cloned()
        .unwrap_or_default();
    let n = ring.len().max(1) as f64;
    let centre = [
        (ring.iter().map(|p| p[0]).sum::<f64>() / n * 1e6).round() / 1e6,
        (ring.iter().map(|p| p[1]).sum::<f64>() / n * 1e6).round() / 1e6,
    ];
    let number = |c: &RegionCode| c.as_str().parse::<u64>().unwrap_or(0);
    let county = code.parent().unwrap_or_else(RegionCode::nation);
    let ancestors: Vec<u64> = [Level::Province, Level::Prefecture, Level::County]
        .into_iter()
        .filter_map(|level| code.ancestor_at(level))
        .map(|c| number(&c) * 10u64.pow(6 - c.as_str().len() as u32))
        .collect();
    serde_json::json!({
        "adcode": number(code) * 1000,
        "name": name,
        "center": centre,
        "centroid": centre,
        "childrenNum": 0,
        "level": "town",
        "parent": { "adcode": number(&county) },
        "subFeatureIndex": 0,
        "acroutes": std::iter::once(100000).chain(ancestors).collect::<Vec<u64>>(),
    })
}

/// The ring with `per_edge - 1` points inserted on each edge, wobbling up to 1% of the edge's
/// length off it, rounded to 6 decimals (0.1 m) as exports are. With `shared`, an edge's points
/// depend only on its two ends (not on the ring or the direction it is walked in), so the two
/// townships along it get the same points.
fn densify(ring: &LineString<f64>, per_edge: usize, shared: bool) -> Vec<[f64; 2]> {
    let round = |v: f64| (v * 1e6).round() / 1e6;
    let mut out = Vec::new();
    for (i, edge) in ring.lines().enumerate() {
        let (a, b) = (edge.start, edge.end);
        let rounded = |c: Coord<f64>| (round(c.x), round(c.y));
        let backwards = shared && rounded(a) > rounded(b);
        let (a, b) = if backwards { (b, a) } else { (a, b) };
        let seed = if shared {
            let (x, y) = rounded(a);
            ((x * 1e6) as i64 ^ (y * 1e6) as i64).rem_euclid(1000) as usize
        } else {
            i * 31
        };
        let normal = Coord {
            x: -(b.y - a.y),
            y: b.x - a.x,
        };
        let mut points: Vec<[f64; 2]> = (0..=per_edge)
            .map(|k| {
                let t = k as f64 / per_edge as f64;
                let wobble = if k == 0 || k == per_edge {
                    0.0
                } else {
                    0.01 * ((seed + k * 17) as f64).sin()
                };
                [
                    round(a.x + (b.x - a.x) * t + normal.x * wobble),
                    round(a.y + (b.y - a.y) * t + normal.y * wobble),
                ]
            })
            .collect();
        if backwards {
            points.reverse();
        }
        // Each edge's last point is the next edge's first.
        points.pop();
        out.extend(points);
    }
    if let Some(first) = out.first().copied() {
        out.push(first);
    }
    out
}
