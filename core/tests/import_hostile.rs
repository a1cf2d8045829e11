//! What a careless or hostile user brings (tests/fixtures/bad, made by make_hostile.py): each
//! file is read correctly or refused with a message naming its file and row or feature, and no
//! row or feature goes missing on the way.

mod registry;

use std::sync::OnceLock;

use registry::{divisions, fixture};

use atlas_core::csv_cell::FORMULA_STARTS;
use atlas_core::data::atlas::Atlas;
use atlas_core::date::Day;
use atlas_core::import::boundaries::{read_boundaries, BoundaryImport, IssueOutcome};
use atlas_core::import::decode::decode_text_as;
use atlas_core::import::stations::read_table_as;
use atlas_core::import::{
    guess_mapping, import_stations, join_stations, JoinOptions, JoinReport, TableFormat,
    TextEncoding,
};
use atlas_core::lang::Lang;

fn options() -> JoinOptions {
    JoinOptions::new(Day::from_ymd(2026, 11, 23))
}

fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        Atlas::load_dir(&data).expect("default data loads")
    })
}

fn import(name: &str) -> JoinReport {
    import_as(name, None)
}

fn import_as(name: &str, encoding: Option<TextEncoding>) -> JoinReport {
    let table = read_table_as(name, &fixture("bad", name), encoding, &mut |_| {})
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let report = join_stations(
        &table,
        &guess_mapping(&table.headers),
        divisions(),
        &options(),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(report.accounts_for_every_row(), "{name}: {report:#?}");
    report
}

fn refusal(name: &str) -> String {
    match import_stations(name, &fixture("bad", name), divisions(), &options()) {
        Ok(_) => panic!("{name} was accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn an_unterminated_quote_names_its_row_and_the_rows_it_would_swallow() {
    assert_eq!(
        refusal("unterminated_quote.csv"),
        "unterminated_quote.csv, row 2: the quote (\") opened in this row is never closed: rows 3–4 after it (2 rows) would all be read into this one cell. Close the quote, or remove it"
    );
}

#[test]
fn excel_unicode_text_and_utf16_without_bom_are_read() {
    for (name, encoding, delimiter) in [
        ("unicode_text_utf16le.txt", TextEncoding::Utf16Le, b'\t'),
        ("utf16be_no_bom.csv", TextEncoding::Utf16Be, b','),
    ] {
        let table = read_table_as(name, &fixture("bad", name), None, &mut |_| {}).unwrap();
        assert_eq!(table.encoding, Some(encoding), "{name}");
        assert_eq!(table.format, TableFormat::Csv { delimiter }, "{name}");
        assert_eq!(table.headers, ["乡镇代码", "站点名称", "状态"], "{name}");
        let report = import(name);
        assert_eq!((report.rows_read, report.joined.len()), (3, 3), "{name}");
    }
}

#[test]
fn big5_is_told_from_gbk() {
    let table = read_table_as("big5.csv", &fixture("bad", "big5.csv"), None, &mut |_| {}).unwrap();
    assert_eq!(table.encoding, Some(TextEncoding::Big5));
    assert_eq!(
        table.rows[0].cells[1],
        "興義市黃草街道社會工作服務站（鄉鎮社工站）"
    );
    assert_eq!(import("big5.csv").joined.len(), 3);
    // Read as GBK, as it used to be, the same bytes make other characters.
    let as_gbk = decode_text_as(
        "big5.csv",
        &fixture("bad", "big5.csv"),
        Some(TextEncoding::Gb18030),
    )
    .unwrap()
    .0;
    assert!(!as_gbk.contains("興義市"), "{as_gbk}");
}

#[test]
fn a_file_that_reads_as_gbk_and_big5_alike_asks_with_both_headers() {
    // Two characters that are valid in both, and too few for a detector to be sure.
    let bytes = [b"code,".as_slice(), &[0xB0, 0xA1, 0xB0, 0xA2], b"\n1,2\n"].concat();
    let error = decode_text_as("t.csv", &bytes, None)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("t.csv, row 1: cannot tell whether the file is GBK (simplified) or Big5 (traditional): read as GBK its header is \"code,啊阿\", read as Big5 it is \""),
        "{error}"
    );
    assert!(
        error.contains("--encoding gbk or --encoding big5"),
        "{error}"
    );
}

#[test]
fn a_row_in_another_encoding_is_named_and_can_be_read_with_replacement() {
    assert_eq!(
        refusal("mixed_encoding.csv"),
        "mixed_encoding.csv, row 3: the file is UTF-8 but this row is not (read as GBK: \"522301008,万峰林街道社工站,运营\"): pasted from a table in another encoding? Save it again as UTF-8, or choose to read it as UTF-8 with other bytes as � (--encoding utf8-replace in the CLI)"
    );
    let report = import_as("mixed_encoding.csv", Some(TextEncoding::Utf8Replacing));
    assert_eq!(report.rows_read, 4);
    // Row 3's code is ASCII and still joins; its name and status are replaced, so it is
    // reported as invalid for the status, with the replaced text shown.
    let rows: Vec<usize> = report.joined.iter().map(|(row, _)| *row).collect();
    assert_eq!(rows, [2, 4, 5]);
    assert_eq!(report.invalid.len(), 1);
    assert_eq!(report.invalid[0].row, 3);
    assert!(
        report.invalid[0].value.contains('\u{FFFD}'),
        "{:?}",
        report.invalid[0]
    );
}

#[test]
fn a_control_character_names_its_row() {
    let error = refusal("control_character.csv");
    assert!(
        error.starts_with("control_character.csv, row 3: not a CSV, XLSX or JSON table: control character U+0007 in this row"),
        "{error}"
    );
    let report = import_as("control_character.csv", Some(TextEncoding::Utf8Replacing));
    assert_eq!(report.joined.len(), 3);
}

#[test]
fn the_join_report_guards_formula_cells() {
    let report = import("formula_cells.csv");
    assert_eq!(report.rows_read, 3);
    for lang in [Lang::Zh, Lang::En] {
        let csv = report.to_csv(lang);
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"http://example.com/x\"\""),
            "{csv}"
        );
        assert!(csv.contains("'+cmd|"), "{csv}");
        assert_no_formula(&csv);
    }
}

/// Every cell of `csv` that starts like a formula is a plain number.
fn assert_no_formula(csv: &str) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes());
    for record in reader.records() {
        for cell in &record.unwrap() {
            assert!(
                !cell.starts_with(FORMULA_STARTS) || cell.parse::<f64>().is_ok(),
                "unguarded formula {cell:?} in {csv}"
            );
        }
    }
}

#[test]
fn a_short_row_says_its_status_is_missing() {
    let report = import("short_row.csv");
    assert_eq!(report.invalid.len(), 1);
    assert_eq!(
        report.invalid[0].to_string(),
        "short_row.csv, row 3: the row has only 2 cells but the header has 3: the status (column 3) is missing (a row cut short?)"
    );
}

#[test]
fn a_duplicate_header_name_says_which_column_is_read() {
    let report = import("duplicate_header.csv");
    assert_eq!(report.joined.len(), 2);
    let messages = report.messages(Lang::En);
    assert_eq!(
        messages,
        ["duplicate_header.csv, row 1: several columns are named \"状态\": column 2 is read, column 4 is not; rename one, or choose the column to read"]
    );
    assert!(
        report.to_csv(Lang::Zh).contains("1,表头,状态,"),
        "{}",
        report.to_csv(Lang::Zh)
    );
}

#[test]
fn a_header_that_mentions_status_is_named() {
    let error = refusal("status_like_header.csv");
    assert!(
        error.starts_with("status_like_header.csv, row 1: no column of the header [\"乡镇代码\", \"站点名称\", \"状态说明\"] is read as the status: column 3 \"状态说明\" mentions it"),
        "{error}"
    );
    assert!(error.contains("--column status=3"), "{error}");
}

/// Every bad table that is read: header, title lines, blank lines and rows read add up to the
/// lines of the file, and the report accounts for every row read. Every table that is refused
/// names its row (or, for an empty file, the file).
#[test]
fn every_row_of_every_bad_table_is_accounted_for() {
    let dir = format!("{}/../tests/fixtures/bad", env!("CARGO_MANIFEST_DIR"));
    let mut read = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !(name.ends_with(".csv") || name.ends_with(".txt")) {
            continue;
        }
        let bytes = fixture("bad", &name);
        let table = match read_table_as(&name, &bytes, None, &mut |_| {}) {
            Ok(table) => table,
            Err(e) => {
                let message = e.to_string();
                assert!(
                    message.starts_with(&format!("{name}, row ")) || name == "empty.csv",
                    "{message}"
                );
                continue;
            }
        };
        let (text, _) = decode_text_as(&name, &bytes, None).unwrap();
        let lines = text.trim_end_matches(['\r', '\n']).lines().count();
        assert_eq!(
            table.header_row + table.rows.len() + table.blank_rows,
            lines + usize::from(table.header_row == 0),
            "{name}: header row {}, {} rows, {} blank",
            table.header_row,
            table.rows.len(),
            table.blank_rows
        );
        if let Ok(report) = join_stations(
            &table,
            &guess_mapping(&table.headers),
            divisions(),
            &options(),
        ) {
            assert!(report.accounts_for_every_row(), "{name}");
            assert_eq!(report.rows_read, table.rows.len(), "{name}");
            assert_no_formula(&report.to_csv(Lang::En));
        }
        read += 1;
    }
    assert!(read >= 15, "only {read} tables read");
}

// ---- boundary files ------------------------------------------------------------------------

fn boundaries(name: &str) -> BoundaryImport {
    let import = read_boundaries(name, &fixture("bad", name), None, atlas())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(import.features_read, 4, "{name}");
    let rejected = (import.report.iter())
        .filter(|i| i.outcome == IssueOutcome::Rejected)
        .count();
    assert_eq!(
        import.joined() + rejected,
        4,
        "{name}: {:#?}",
        import.report
    );
    assert_no_formula(&import.to_csv(Lang::En));
    import
}

fn rejections(import: &BoundaryImport) -> Vec<String> {
    (import.report.iter())
        .filter(|i| i.outcome == IssueOutcome::Rejected)
        .map(|i| i.to_string())
        .collect()
}

#[test]
fn latitudes_beyond_90_are_refused_in_either_axis_order() {
    for name in [
        "boundaries_latitude_95.geojson",
        "boundaries_lon_204_lat_95.geojson",
    ] {
        let import = boundaries(name);
        assert_eq!(import.joined(), 0, "{name}");
        let reasons = rejections(&import);
        assert_eq!(reasons.len(), 4, "{name}");
        assert!(
            reasons[0].starts_with("feature #1 黄草街道: point [")
                && reasons[0].contains("beyond ±"),
            "{name}: {reasons:#?}"
        );
    }
}

#[test]
fn townships_far_outside_their_county_are_rejected_with_the_distance() {
    let shifted = boundaries("boundaries_shifted_100km.geojson");
    assert_eq!(shifted.joined(), 0);
    for reason in rejections(&shifted) {
        assert!(
            reason.contains("km outside the outline of its county 兴义市 (522301)"),
            "{reason}"
        );
        let km: f64 = reason
            .split(" lies ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!((5.0..100.0).contains(&km), "{reason}");
    }
    let far = boundaries("boundaries_one_far_away.geojson");
    assert_eq!(far.joined(), 3);
    let reasons = rejections(&far);
    assert_eq!(reasons.len(), 1);
    assert!(
        reasons[0].starts_with("feature #3 桔山街道: the township's centre ["),
        "{reasons:#?}"
    );
    let km: f64 = reasons[0]
        .split(" lies ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1_300.0..1_700.0).contains(&km), "{}", reasons[0]);
    // The good file and its GCJ-02 twin (≈ 420 m off) are where they should be.
    for name in ["good.geojson", "gcj02.geojson"] {
        let path = format!(
            "{}/../tests/fixtures/boundaries/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let import = read_boundaries(name, &std::fs::read(path).unwrap(), None, atlas()).unwrap();
        assert_eq!(import.joined(), 4, "{name}: {:#?}", import.report);
    }
}

#[test]
fn a_feature_without_geometry_says_so_once() {
    let import = boundaries("boundaries_no_geometry.geojson");
    assert_eq!(
        rejections(&import),
        ["feature #2 兴泰街道: the feature has no shape (it has no \"geometry\" member): no township boundary to draw"]
    );
}

#[test]
fn topojson_positions_and_transforms_are_checked() {
    let error = |name: &str| {
        read_boundaries(name, &fixture("bad", name), None, atlas())
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        error("boundaries_one_number.topojson"),
        "boundaries_one_number.topojson: expected two numbers at position 4 of TopoJSON arc 1 (arcs[0]), found [104.5]"
    );
    assert_eq!(
        error("boundaries_negative_scale.topojson"),
        "boundaries_negative_scale.topojson: expected TopoJSON transform.scale to be two positive numbers, found [-0.000001, 0.000001]: a negative scale mirrors the shapes, a zero one flattens them"
    );
}

#[test]
fn the_boundary_report_guards_formula_labels() {
    let text = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"code":"=HYPERLINK(\"http://evil\")","name":"=HYPERLINK(\"http://evil\",\"x\")"},"geometry":{"type":"Polygon","coordinates":[[[104.9,25.1],[104.91,25.1],[104.91,25.11],[104.9,25.1]]]}},
      {"type":"Feature","properties":{"code":"522301003","name":"桔山街道"},"geometry":{"type":"Polygon","coordinates":[[[104.9,25.1],[104.91,25.1],[104.91,25.11],[104.9,25.1]]]}}
    ]}"#;
    let import = read_boundaries("f.geojson", text.as_bytes(), Some("code"), atlas()).unwrap();
    let csv = import.to_csv(Lang::En);
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert_no_formula(&csv);
}
