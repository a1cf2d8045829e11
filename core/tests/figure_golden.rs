//! Golden figures: the SHA-256 of the page's SVG export of five views (country, province,
//! prefecture in deadline and rating mode, a quantile month), recorded before the styling-step
//! refactor. Any change to a figure's bytes must be deliberate: when one is, update its hash here
//! with a note saying what changed and why.

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
        "a87591505afdb372278b99e1a47db38b647520836332e414c79e9c5397e4193f",
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
        "67eb685b84b59a0cdcc42e802fd89093a47c3fc0df08f59ff03fba35bead3740",
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
        "fdbc5eb0db1696d39aed99eb2d8af10415dce41cd6e6d0bda53a456bffaee895",
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
        "bb3e976275ccffdefe9f639f44ceb5f548ecf9ff8d7dec36b1ceb962ec3f0056",
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
        "2e0310bb0e4f55ca774dd02f39822586bfe20b97dbf8aa091460fcc053fb07e6",
    );
}
