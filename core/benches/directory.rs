//! Station directory benchmark: a thousand stations in one township, read, judged in three
//! datums and checked against the township's official boundary and its county's outline. Plain
//! `Instant` timing; it prints figures and asserts no timings.
//!
//! Run: `cargo bench -p atlas-core --bench directory [-- N]` (N = stations, default 1,000).
//!
//! What it answers:
//! * the whole import (read, join, directory) of N rows of one township, where the join reports
//!   N − 1 duplicates and the directory lists the one station it joined;
//! * the directory alone over N joined stations of one township, each point checked three times
//!   for the datum and once more to be placed;
//! * the map's share of them in the county's view: the points put on the scene, their paint
//!   layer and canvas calls, the figure's SVG with them, and one hit-test per point (the
//!   pointer over each in turn).

use std::time::Instant;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::RegionCode;
use atlas_core::draw::figure::{map_figure_svg, FigureOptions};
use atlas_core::draw::paint::canvas::canvas_ops;
use atlas_core::draw::paint::{paint_points, Palette, Theme};
use atlas_core::import::directory::{read_directory, Datum, DirectoryChoices};
use atlas_core::import::{guess_mapping, join_stations, read_boundaries, read_table, JoinOptions};
use atlas_core::shape::points::{point_at, points_on_scene};
use atlas_core::shape::scene::SchematicCache;
use atlas_core::style::classify::{MapMode, Scheme};
use atlas_core::style::view::{style_view, View};

fn fixture(kind: &str, name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../tests/fixtures/{kind}/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1000);
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    let mut atlas = Atlas::load_dir(&data).expect("default data loads");
    let shapes = fixture("boundaries", "qixingguan_datav_wgs84.geojson");
    let boundaries = read_boundaries("qixingguan_datav_wgs84.geojson", &shapes, None, &atlas)
        .expect("boundaries read");
    atlas.set_township_outlines(&boundaries.townships);

    // N stations of 市西街道 (520502001), on a grid of 300 m around its centre, in GCJ-02.
    let (lon, lat) = (105.373675, 27.726565);
    let mut csv = String::from("乡镇代码,站点名称,站点地址,联系电话,高德经度,高德纬度,状态\n");
    for i in 0..n {
        let (dx, dy) = ((i % 32) as f64 * 0.0001, (i / 32 % 32) as f64 * 0.0001);
        let (glon, glat) = Datum::Gcj02.from_wgs84(lon - 0.0015 + dx, lat - 0.0015 + dy);
        csv += &format!(
            "520502001,站点{i},市西街道{i}号,0857-{},{glon:.6},{glat:.6},运营\n",
            8_220_000 + i
        );
    }
    let options = JoinOptions::new(atlas_core::date::Day::from_ymd(2026, 11, 23));

    let start = Instant::now();
    let table = read_table("thousand.csv", csv.as_bytes()).expect("table reads");
    let mapping = guess_mapping(&table.headers);
    let report = join_stations(&table, &mapping, &atlas.divisions, &options).expect("joins");
    let directory = read_directory(
        &table,
        &mapping,
        &report,
        &DirectoryChoices::default(),
        &atlas,
    )
    .expect("a directory");
    println!(
        "whole import of {n} rows in one township: {:.1} ms ({} joined, {} duplicates, {} listed)",
        start.elapsed().as_secs_f64() * 1000.0,
        report.joined.len(),
        report.duplicates.len(),
        directory.entries.len()
    );

    // The directory alone over N joined stations of the township: the join's one station
    // repeated on every row, as a table of several tiers or a directory of its own would give.
    let mut many = report.clone();
    let station = report.joined[0].1.clone();
    many.joined = table
        .rows
        .iter()
        .map(|r| (r.row, station.clone()))
        .collect();
    let start = Instant::now();
    let directory = read_directory(
        &table,
        &mapping,
        &many,
        &DirectoryChoices::default(),
        &atlas,
    )
    .expect("a directory");
    let finding = directory.datum.as_ref().expect("coordinates");
    println!(
        "directory of {n} stations in one township: {:.1} ms ({} placed, {} not placed; datum {} by {:?})",
        start.elapsed().as_secs_f64() * 1000.0,
        directory.placed(),
        directory.misplaced.len(),
        finding.datum.key(),
        finding.basis
    );
    map_figures(&atlas, &directory.entries);
}

/// The county's view with `stations` on it: each step of the map's share, timed once.
fn map_figures(atlas: &Atlas, stations: &[atlas_core::data::directory::DirectoryEntry]) {
    let view = View {
        focus: RegionCode::parse("520502").expect("a code"),
        mode: MapMode::Coverage,
        scheme: Scheme::Fixed,
        month: None,
        today: atlas_core::date::Day::from_ymd(2026, 11, 23),
        lang: atlas_core::lang::Lang::Zh,
    };
    let styled = style_view(atlas, &view, &mut SchematicCache::default());
    let start = Instant::now();
    let points = points_on_scene(&styled.scene, stations);
    let placed_ms = start.elapsed().as_secs_f64() * 1000.0;
    let start = Instant::now();
    let layer = paint_points(&points, &Palette::of(Theme::Page));
    let ops = canvas_ops(layer.as_slice());
    let paint_ms = start.elapsed().as_secs_f64() * 1000.0;
    let start = Instant::now();
    let hits = (points.iter())
        .filter(|p| point_at(&points, p.x_km, p.y_km, 0.01).is_some())
        .count();
    let hit_us = start.elapsed().as_secs_f64() * 1e6 / points.len().max(1) as f64;
    let opts = FigureOptions {
        stations: stations.to_vec(),
        ..FigureOptions::default()
    };
    let start = Instant::now();
    let svg = map_figure_svg(&styled, &opts, &[]);
    let svg_ms = start.elapsed().as_secs_f64() * 1000.0;
    println!(
        "map of {} points in the county's view: placed {placed_ms:.2} ms, layer and {} canvas calls {paint_ms:.2} ms, one hit-test {hit_us:.1} µs ({hits} hit), figure SVG {svg_ms:.1} ms ({} KB)",
        points.len(),
        ops.len(),
        svg.len() / 1024
    );
}
