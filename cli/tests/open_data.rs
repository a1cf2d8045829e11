//! `atlas stats` and `atlas corrections` end to end on the shipped data: the view's table as
//! the core makes it (the page's downloads), and readers' correction records listed against
//! the data, with bad input named by file and record.

mod common;

use common::{atlas, atlas_bin, ok, tmp, today, TODAY};

use atlas_core::data::code::RegionCode;
use atlas_core::date::Month;
use atlas_core::lang::Lang;
use atlas_core::open::correction::{Correction, ReaderReport};
use atlas_core::open::features::view_geojson;
use atlas_core::open::table::{open_rows, rows_csv, CsvFlavour, OpenRow, COLUMNS};
use atlas_core::shape::scene::SchematicCache;
use atlas_core::style::classify::{MapMode, Scheme};
use atlas_core::style::view::{coverage_as_of, style_view, StyledMap, View};

fn open_rows_of(focus: &str, lang: Lang) -> (StyledMap, Vec<OpenRow>) {
    let view = View {
        focus: RegionCode::parse(focus).unwrap(),
        mode: MapMode::Coverage,
        scheme: Scheme::Fixed,
        month: None,
        today: today(),
        lang,
    };
    let map = style_view(atlas(), &view, &mut SchematicCache::default());
    let rows = open_rows(atlas(), &map, lang);
    (map, rows)
}

#[test]
fn stats_csv_is_the_table_of_the_view() {
    let output = atlas_bin(&["stats", "--region", "52", "--today", TODAY]);
    ok(&output);
    let text = String::from_utf8(output.stdout).unwrap();
    let (map, rows) = open_rows_of("52", Lang::Zh);
    assert_eq!(
        text,
        rows_csv(&rows, CsvFlavour::Plain),
        "the core's CSV, byte for byte"
    );
    assert!(text.starts_with(&format!("{}\r\n", COLUMNS.join(","))));
    assert_eq!(
        text.lines().count(),
        map.row_count() + 1,
        "one line per row of the table"
    );
    let bom = atlas_bin(&["stats", "--region", "52", "--today", TODAY, "--bom"]);
    ok(&bom);
    assert_eq!(&bom.stdout[..3], b"\xEF\xBB\xBF");
    assert_eq!(&bom.stdout[3..], text.as_bytes());
}

#[test]
fn stats_of_the_country_lists_prefectures_with_their_reported_totals() {
    let output = atlas_bin(&["stats", "--today", TODAY, "--lang", "en"]);
    ok(&output);
    let mut reader = csv::Reader::from_reader(&output.stdout[..]);
    let rows: Vec<OpenRow> = reader.deserialize().map(Result::unwrap).collect();
    let row = rows.iter().find(|r| r.code == "5223").expect("5223 row");
    assert_eq!(row.name, "黔西南布依族苗族自治州");
    assert_eq!(
        (row.covered, row.total, row.coverage_pct),
        (Some(101), 140, Some(72.1))
    );
    assert_eq!(row.basis, "reported_total");
    assert!(row.as_of.starts_with("2023-12"), "{row:?}");
    assert_eq!(row.source_id, "000");
    assert_eq!(row.deadline_status, "overdue");
    assert_eq!(row.deadline_label, "overdue");
}

#[test]
fn stats_json_and_geojson_carry_the_same_rows() {
    let output = atlas_bin(&[
        "stats", "--region", "5223", "--format", "json", "--today", TODAY,
    ]);
    ok(&output);
    let (map, rows) = open_rows_of("5223", Lang::Zh);
    let parsed: Vec<OpenRow> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(parsed, rows);
    let output = atlas_bin(&[
        "stats", "--region", "5223", "--format", "geojson", "--today", TODAY,
    ]);
    ok(&output);
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        view_geojson(atlas(), &map, &rows)
    );
}

fn correction(code: &str, month: Option<Month>) -> Correction {
    let coverage = coverage_as_of(atlas(), month);
    let report = ReaderReport {
        what_is_wrong: "=1+1 站点上月已挂牌\n第二行".into(),
        should_be: "27/27".into(),
        evidence_url: "https://example.gov.cn/notice".into(),
        contact: String::new(),
    };
    let code = RegionCode::parse(code).unwrap();
    Correction::new(
        atlas(),
        &coverage,
        &code,
        month,
        &report,
        "http://127.0.0.1/?sel=522301",
        today(),
    )
}

#[test]
fn corrections_lists_records_as_open_or_changed() {
    let json = tmp("correction.json");
    std::fs::write(&json, correction("522301", None).to_json()).unwrap();
    let csv = tmp("correction.csv");
    std::fs::write(&csv, correction("5223", Some(Month::new(2019, 1))).to_csv()).unwrap();
    let output = atlas_bin(&[
        "corrections",
        "--lang",
        "en",
        json.to_str().unwrap(),
        csv.to_str().unwrap(),
    ]);
    ok(&output);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("2 correction records: 1 open, 1 changed since"),
        "{text}"
    );
    assert!(
        text.contains("correction.json #1 522301 兴义市: open"),
        "{text}"
    );
    assert!(
        text.contains(
            "correction.csv #1 5223 黔西南布依族苗族自治州: changed: now 101/140 (72.1%)"
        ),
        "{text}"
    );
    assert!(
        text.contains("what is wrong: =1+1 站点上月已挂牌 第二行"),
        "on one line, unguarded: {text}"
    );
}

#[test]
fn corrections_name_the_file_and_record_of_bad_input() {
    let not_json = tmp("notes.txt");
    std::fs::write(&not_json, "my township has a station now").unwrap();
    let mut unknown = correction("522301", None);
    unknown.region_code = "529999999".into();
    let bad_code = tmp("bad-code.json");
    std::fs::write(
        &bad_code,
        format!(
            "[{}, {}]",
            correction("522301", None).to_json(),
            unknown.to_json()
        ),
    )
    .unwrap();
    let good = tmp("good.json");
    std::fs::write(&good, correction("522301", None).to_json()).unwrap();
    let output = atlas_bin(&[
        "corrections",
        "--lang",
        "en",
        not_json.to_str().unwrap(),
        bad_code.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("good.json #1 522301"),
        "the good file is still listed: {stdout}"
    );
    assert!(
        stdout.contains("bad-code.json #1 522301"),
        "and the good record of the bad file: {stdout}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("notes.txt: not a correction record: expected JSON"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad-code.json record 2: unknown region code \"529999999\""),
        "{stderr}"
    );
}
