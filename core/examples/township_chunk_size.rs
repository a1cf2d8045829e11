//! Prints what a province's published township chunk weighs, raw and gzipped (as a web server
//! sends it), for the options the publisher uses and a few around them, with the time each
//! write takes. A benchmark, not a test: the budget is the page's, ≤ 400 KB gzipped for 贵州.
//!
//! ```text
//! cargo run --release -p atlas-core --example township_boundaries -- \
//!     --region 52 --vertices-per-edge 60 --shared-borders --out /tmp/guizhou.geojson
//! cargo run --release -p atlas-core --example township_chunk_size -- /tmp/guizhou.geojson
//! ```
//!
//! It prints each chunk `atlas publish` writes: the province's, simplified for the province's
//! view, and each prefecture's official boundaries at full detail; then the province's whole
//! file written at other grids and tolerances. For 贵州 with `--vertices-per-edge 60
//! --shared-borders` (24.3 MB, 1,107,554 vertices, neighbours sharing their borders as in an
//! official file) the province's chunk is 1.05 MB, 304 KB gzipped (74 m), and the prefectures'
//! 53–158 KB gzipped. Without `--shared-borders` each township bends its own side of a border
//! (neighbours overlap by up to 1% of an edge, some 100 m), so no border is shared and the
//! bends are wider than the province's tolerance: 1.16 MB gzipped.

use std::io::Write;
use std::time::Instant;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::{Level, RegionCode};
use atlas_core::data::topo::{write_topology, TopoFeature, TopologyOptions, METRES_PER_DEGREE};
use atlas_core::import::boundaries::read_boundaries;
use atlas_core::publish::{read_township_chunk, township_chunks, TOWNSHIP_OBJECT};
use geo::{Area, CoordsIter, MultiPolygon};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: township_chunk_size FILE.geojson")?;
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    let atlas = Atlas::load_dir(&data)?;
    let bytes = std::fs::read(&path)?;
    let import = read_boundaries(&path, &bytes, None, &atlas)?;
    let vertices: usize = (import.townships.iter())
        .map(|(_, shape)| shape.coords_count())
        .sum();
    println!(
        "{path}: {} townships, {vertices} vertices",
        import.townships.len()
    );
    let started = Instant::now();
    let chunks = township_chunks(&atlas, &import.townships, &[]);
    let elapsed_ms = started.elapsed().as_millis();
    println!("all chunks written in {elapsed_ms} ms");
    for (region, text) in &chunks {
        let kind = if region.level() == Level::Province {
            "province, simplified for its view"
        } else {
            "prefecture, full detail"
        };
        let grid: serde_json::Value = serde_json::from_str(text)?;
        let grid_m = grid["transform"]["scale"][1].as_f64().unwrap_or(0.0) * METRES_PER_DEGREE;
        println!(
            "published chunk {region} ({kind}, grid {grid_m:.1} m): {}",
            sizes(text)?
        );
        let started = Instant::now();
        let back = read_township_chunk("chunk", text)
            .map_err(|e| atlas_core::lang::Text::from(e).en)?
            .official;
        let read_ms = started.elapsed().as_millis();
        let area = |list: &[(RegionCode, MultiPolygon<f64>)]| -> f64 {
            list.iter().map(|(_, shape)| shape.unsigned_area()).sum()
        };
        let original: Vec<_> = (import.townships.iter())
            .filter(|(code, _)| code.ancestor_at(region.level()).as_ref() == Some(region))
            .cloned()
            .collect();
        let vertices_back: usize = back.iter().map(|(_, s)| s.coords_count()).sum();
        println!(
            "  read back in {read_ms} ms: {} townships, {vertices_back} vertices, area {:+.4}%",
            back.len(),
            100.0 * (area(&back) / area(&original) - 1.0)
        );
    }
    let features: Vec<TopoFeature> = (import.townships.iter())
        .map(|(code, shape)| TopoFeature {
            properties: [("code".to_string(), code.as_str().into())]
                .into_iter()
                .collect(),
            geometry: shape.clone(),
        })
        .collect();
    let objects = [(TOWNSHIP_OBJECT, features)];
    for (grid_m, simplify_m) in [
        (1.0, 0.0),
        (2.0, 0.0),
        (2.0, 10.0),
        (2.0, 20.0),
        (2.0, 30.0),
        (5.0, 30.0),
        (10.0, 50.0),
        (6.0, 100.0),
    ] {
        let text = write_topology(&objects, &TopologyOptions::from_metres(grid_m, simplify_m));
        println!(
            "  grid {grid_m:>4} m, tolerance {simplify_m:>4} m: {}",
            sizes(&text)?
        );
    }
    Ok(())
}

/// "raw bytes / gzip bytes", gzip at the default level as web servers use.
fn sizes(text: &str) -> Result<String, std::io::Error> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text.as_bytes())?;
    let gzip = gz.finish()?.len();
    Ok(format!("{:>9} bytes, {:>8} gzip", text.len(), gzip))
}
