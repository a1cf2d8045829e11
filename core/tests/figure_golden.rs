//! Golden figures: the SHA-256 of the page's SVG export of five views (country, province,
//! prefecture in deadline and rating mode, a quantile month), recorded before the styling-step
//! refactor. Any change to a figure's bytes must be deliberate: when one is, update its hash here
//! with a note saying what changed and why.
//!
//! - December 2026: every figure gained `role="img"`, a `<title>` (the figure's title) and a
//!   `<desc>` (the view's written summary, `style::spoken`) so screen readers can read an
//!   exported SVG; the drawing itself is unchanged.

use std::sync::OnceLock;

use atlas_core::data::atlas::{Atlas, DataFiles};
use atlas_core::data::code::RegionCode;
use atlas_core::date::{Day, Month};
use atlas_core::draw::figure::build_figure;
use atlas_core::lang::Lang;
use atlas_core::style::classify::{MapMode, Scheme};
use sha2::{Digest, Sha256};

fn read(name: &str) -> String {
    let path = format!("{}/../data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| {
        let (divisions, outlines, facts) = (
            read("divisions.csv"),
            read("outlines.topojson"),
            read("seed-facts.csv"),
        );
        Atlas::load(&DataFiles {
            divisions: ("divisions.csv", &divisions),
            outlines: ("outlines.topojson", &outlines),
            facts: ("seed-facts.csv", &facts),
            overview: false,
        })
        .expect("default data loads")
    })
}

/// The day the figures are pinned to, as in `figure_svg.rs`.
fn today() -> Day {
    Day::from_ymd(2026, 11, 23)
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Renders one view and checks its digest, naming the view when it differs.
fn check(
    name: &str,
    focus: RegionCode,
    mode: MapMode,
    scheme: Scheme,
    month: Option<Month>,
    lang: Lang,
    expected: &str,
) {
    let svg = build_figure(atlas(), &focus, mode, scheme, month, lang, today());
    assert_eq!(
        sha256_hex(&svg),
        expected,
        "the {name} figure's bytes changed ({} bytes)",
        svg.len()
    );
}

fn code(raw: &str) -> RegionCode {
    RegionCode::parse(raw).unwrap()
}

#[test]
fn country_coverage_fixed_zh() {
    check(
        "country coverage",
        RegionCode::nation(),
        MapMode::Coverage,
        Scheme::Fixed,
        None,
        Lang::Zh,
        // The press-page figures: 山东, 湖南, 福建 and six prefectures drawn, the nation's 56%
        // in the subtitle, the pages in the source line.
        "341314d2f8ceb355d7e50a6b4eaaaa320e85a2f260dacd5d436c36b91bd11770",
    );
}

#[test]
fn guizhou_coverage_fixed_zh() {
    check(
        "贵州 coverage",
        code("52"),
        MapMode::Coverage,
        Scheme::Fixed,
        None,
        Lang::Zh,
        "6b6cd2e77c1a2eec2a771b3d01dcb9605fd53c28e5af250821343710289dce43",
    );
}

#[test]
fn qianxinan_deadline_zh() {
    check(
        "黔西南 deadline",
        code("5223"),
        MapMode::Deadline,
        Scheme::Fixed,
        None,
        Lang::Zh,
        "c57bf3790d878c4ee662a56a63f7dc52ec2698058851ebc7847b266a6578b043",
    );
}

#[test]
fn qianxinan_rating_en() {
    check(
        "黔西南 rating",
        code("5223"),
        MapMode::Rating,
        Scheme::Fixed,
        None,
        Lang::En,
        "cae357ba0887cf5c0d9f89a9d307dcaabe094b29a4029a9ad8f75d61ff6fb2c2",
    );
}

#[test]
fn guizhou_quantile_june_2022_zh() {
    check(
        "贵州 quantile 2022-06",
        code("52"),
        MapMode::Coverage,
        Scheme::Quantile,
        Some(Month::new(2022, 6)),
        Lang::Zh,
        "f3c6f73da884c6ca28cd8ddb42a783b781684b3460a9b1d6c6f6680cc7378b2d",
    );
}
