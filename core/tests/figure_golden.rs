//! Golden figures: the SHA-256 of the page's SVG export of five views (country, province,
//! prefecture in deadline and rating mode, a quantile month), recorded before the styling-step
//! refactor. Any change to a figure's bytes must be deliberate: when one is, update its hash here
//! with a note saying what changed and why.
//!
//! - December 2026: every figure gained `role="img"`, a `<title>` (the figure's title) and a
//!   `<desc>` (the view's written summary, `style::spoken`) so screen readers can read an
//!   exported SVG; the drawing itself is unchanged.
//! - December 2026: the deadline legend gained the row 期限已过·无数据 (deadline passed, no
//!   figure), so the 黔西南 deadline figure's legend is one row longer; its map is unchanged.
//! - December 2026: each figure's footer speaks its own language only (来源：报道000《…》；区划：…
//!   on a Chinese figure, Sources: article 000 “…”; divisions: … on an English one; the as-of
//!   label and the schematic note likewise), and the `<desc>` summary names where a focus
//!   without a target stands under the one above it; the maps are unchanged. The English
//!   rating legend quotes Guizhou's grade: “优秀” (excellent).

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
        "864b177a6f48f64cd5e00ad2e1bb6380af273f9ff69b24ed0fe475ef5a22d2c2",
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
        "1827ec6137710c8a25697a005a56e6d1e631bd5dd5a8082d5ee2e5d4a19ea650",
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
        "b70dde397a784b4280d1429b123144cfe4166e441d1631f5e5f0400f29770ca8",
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
        "69cebc2322098c1567a8cedf2135650230475544ab59a9c2e019ae75b19d934a",
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
        "0c9c710f23bb5b299ec09242e6f4359f8873e3e905958d79499194673aa2923c",
    );
}
