//! Open data on the shipped default data: the table of a province view as CSV, its regions as
//! GeoJSON in lon/lat, the citation, and correction records checked against the data.

use std::sync::OnceLock;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::RegionCode;
use atlas_core::date::{Day, Month};
use atlas_core::lang::Lang;
use atlas_core::measure::coverage::CoverageTable;
use atlas_core::open::citation::{cite_view, CitedSources, CitedView};
use atlas_core::open::correction::{
    check_corrections, read_corrections, Correction, ReaderReport, Standing,
};
use atlas_core::open::features::view_geojson;
use atlas_core::open::table::{open_rows, rows_csv, CsvFlavour, OpenRow, COLUMNS};
use atlas_core::shape::scene::SchematicCache;
use atlas_core::style::classify::{MapMode, Scheme};
use atlas_core::style::view::{coverage_as_of, style_view, StyledMap, View};

fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        Atlas::load_dir(&data).expect("default data loads")
    })
}

fn view(focus: &str, month: Option<Month>) -> View {
    View {
        focus: RegionCode::parse(focus).unwrap(),
        mode: MapMode::Coverage,
        scheme: Scheme::Fixed,
        month,
        today: Day::from_ymd(2026, 12, 1),
        lang: Lang::Zh,
    }
}

fn styled(focus: &str) -> (StyledMap, Vec<OpenRow>) {
    let map = style_view(atlas(), &view(focus, None), &mut SchematicCache::default());
    let rows = open_rows(atlas(), &map, Lang::Zh);
    (map, rows)
}

#[test]
fn the_csv_has_one_row_per_row_of_the_table() {
    let (map, rows) = styled("52");
    assert!(rows.len() > 50, "Guizhou's counties: {}", rows.len());
    let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    let table: Vec<String> = map.rows().iter().map(|r| r.code.to_string()).collect();
    assert_eq!(codes, table);
    let csv = rows_csv(&rows, CsvFlavour::Plain);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        COLUMNS
    );
    let parsed: Vec<OpenRow> = reader.deserialize().map(Result::unwrap).collect();
    assert_eq!(parsed, rows, "the CSV reads back as the rows");
    // 兴义市 (522301) cites article figures; its counts are the table's.
    let xingyi = rows
        .iter()
        .find(|r| r.code == "522301")
        .expect("兴义市 on show");
    let rows_shown = map.rows();
    let cell = &rows_shown
        .iter()
        .find(|r| r.code.as_str() == "522301")
        .unwrap()
        .counts;
    match (xingyi.covered, xingyi.covered_at_least) {
        (Some(c), _) => assert_eq!(cell, &format!("{c}/{}", xingyi.total)),
        (None, Some(c)) => assert_eq!(cell, &format!("≥{c}/{}", xingyi.total)),
        (None, None) => assert!(cell.starts_with('–')),
    }
}

#[test]
fn the_geojson_is_lonlat_with_counter_clockwise_exteriors() {
    let (map, rows) = styled("52");
    let text = view_geojson(atlas(), &map, &rows);
    let collection: geojson::FeatureCollection = text
        .parse::<geojson::GeoJson>()
        .unwrap()
        .try_into()
        .unwrap();
    assert_eq!(collection.features.len(), rows.len());
    for (feature, row) in collection.features.iter().zip(&rows) {
        assert_eq!(
            feature.property("code").and_then(|v| v.as_str()),
            Some(row.code.as_str())
        );
        assert_eq!(
            feature.property("name").and_then(|v| v.as_str()),
            Some(row.name.as_str())
        );
        let polygons = match &feature.geometry.as_ref().expect("every row is drawn").value {
            geojson::GeometryValue::Polygon { coordinates } => vec![coordinates.clone()],
            geojson::GeometryValue::MultiPolygon { coordinates } => coordinates.clone(),
            other => panic!("{}: {}", row.code, other.type_name()),
        };
        for rings in polygons {
            for (i, ring) in rings.iter().enumerate() {
                assert_eq!(ring.first(), ring.last(), "closed");
                assert!(ring.len() >= 4);
                let mut twice_area = 0.0;
                for pair in ring.windows(2) {
                    let (a, b) = (&pair[0], &pair[1]);
                    // Guizhou lies within 103–110°E, 24–29.5°N.
                    assert!(
                        (103.0..110.0).contains(&a[0]) && (24.0..29.5).contains(&a[1]),
                        "{}: {a:?}",
                        row.code
                    );
                    assert_eq!((a[0] * 1e6).round() / 1e6, a[0], "six decimals");
                    twice_area += a[0] * b[1] - b[0] * a[1];
                }
                let ccw = twice_area > 0.0;
                assert_eq!(ccw, i == 0, "{}: exterior ccw, holes cw", row.code);
            }
        }
    }
}

#[test]
fn schematic_townships_say_so() {
    let (map, rows) = styled("5223");
    let text = view_geojson(atlas(), &map, &rows);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let features = value["features"].as_array().unwrap();
    assert_eq!(features.len(), rows.len());
    assert!(features
        .iter()
        .all(|f| f["properties"]["schematic"] == true));
    assert!(features
        .iter()
        .all(|f| f["id"].as_str().is_some_and(|id| id.len() == 9)));
}

#[test]
fn the_citation_names_publisher_sources_and_link() {
    let (_, rows) = styled("5223");
    let cited = CitedView {
        focus: &RegionCode::parse("5223").unwrap(),
        month: Some(Month::new(2023, 12)),
        permalink: "https://example.org/?region=5223&date=2023-12",
        accessed: Day::from_ymd(2026, 12, 2),
    };
    let codes: Vec<RegionCode> = rows
        .iter()
        .map(|r| RegionCode::parse(&r.code).unwrap())
        .collect();
    let sources = CitedSources::of(atlas(), cited.focus, &codes);
    let text = cite_view(atlas(), &cited, &sources);
    for lang in [Lang::Zh, Lang::En] {
        let t = text.get(lang);
        assert!(t.contains(atlas().publisher.name(lang)), "{t}");
        assert!(t.contains("黔西南"), "{t}");
        assert!(t.contains("2023-12"), "{t}");
        assert!(t.contains(cited.permalink), "{t}");
        assert!(t.contains(atlas().publisher.licence.get(lang)), "{t}");
        assert!(t.contains("2026-12-02"), "{t}");
    }
    assert!(text.en.contains("Cited in this view: "), "{}", text.en);
}

fn latest() -> CoverageTable {
    coverage_as_of(atlas(), None)
}

fn report() -> ReaderReport {
    ReaderReport {
        what_is_wrong: "站点上月已挂牌运营".into(),
        should_be: "全覆盖".into(),
        evidence_url: "https://example.gov.cn/notice".into(),
        contact: String::new(),
    }
}

#[test]
fn a_record_of_the_current_figure_is_open_and_one_of_an_older_is_changed() {
    let code = RegionCode::parse("522301").unwrap();
    let filed = Day::from_ymd(2026, 12, 2);
    let now = Correction::new(atlas(), &latest(), &code, None, &report(), "p", filed);
    let old_table = coverage_as_of(atlas(), Some(Month::new(2020, 1)));
    let old = Correction::new(
        atlas(),
        &old_table,
        &code,
        Some(Month::new(2020, 1)),
        &report(),
        "p",
        filed,
    );
    let json = format!("[{}, {}]", now.to_json(), old.to_json());
    let records = read_corrections("two.json", json.as_bytes()).unwrap();
    let checked = check_corrections(atlas(), &latest(), "two.json", records).unwrap();
    assert_eq!(checked[0].standing, Standing::Open);
    if old.shown() != now.shown() {
        assert!(
            matches!(checked[1].standing, Standing::Changed { .. }),
            "{:?}",
            checked[1]
        );
    }
}

#[test]
fn an_unknown_region_names_the_file_and_record() {
    let code = RegionCode::parse("522301").unwrap();
    let mut record = Correction::new(
        atlas(),
        &latest(),
        &code,
        None,
        &report(),
        "p",
        Day::from_ymd(2026, 12, 2),
    );
    record.region_code = "529999999".into();
    let records = read_corrections("r.csv", record.to_csv().as_bytes()).unwrap();
    let err = check_corrections(atlas(), &latest(), "r.csv", records).unwrap_err();
    assert_eq!(
        err.text(Lang::En),
        "r.csv record 1: unknown region code \"529999999\": not in the division registry"
    );
}
