//! The budgets of `atlas_core::limits` on the hostile inputs they are there for, each file built
//! here (none is committed): an XLSX whose one shared string is longer than Excel allows and is
//! referred to by 200,000 cells, one with a cell at XFD1048576, tables of too many columns, a
//! polygon of too many holes, a TopoJSON ring of too many arc references. Each is refused with
//! its limit's message naming the file and the place. `scripts/bench-memory.sh` runs the
//! issue's full-size versions through the CLI and prints their memory.

use std::io::Write;

use atlas_core::data::atlas::Atlas;
use atlas_core::import::{read_boundaries, read_table};
use atlas_core::lang::Lang;
use atlas_core::limits::Limit;

const NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A real, deflated workbook of one sheet: `shared` strings and the sheet's rows as XML.
fn xlsx(shared: &[String], rows: impl Iterator<Item = String>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_string(),
        ),
        (
            "xl/workbook.xml",
            format!(r#"<?xml version="1.0"?><workbook xmlns="{NS}" xmlns:r="{REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, deflated).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.start_file("xl/sharedStrings.xml", deflated).unwrap();
    write!(zip, r#"<?xml version="1.0"?><sst xmlns="{NS}">"#).unwrap();
    for s in shared {
        write!(zip, "<si><t>{s}</t></si>").unwrap();
    }
    zip.write_all(b"</sst>").unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", deflated)
        .unwrap();
    write!(
        zip,
        r#"<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData>"#
    )
    .unwrap();
    for row in rows {
        zip.write_all(row.as_bytes()).unwrap();
    }
    zip.write_all(b"</sheetData></worksheet>").unwrap();
    zip.finish().unwrap().into_inner()
}

/// The header row: 区划代码 and 乡镇名称, shared strings 0 and 1.
fn header() -> String {
    r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>"#.into()
}

fn headers_and(extra: String) -> Vec<String> {
    vec!["统计用区划代码".into(), "乡镇名称".into(), extra]
}

#[test]
fn an_xlsx_cell_longer_than_excel_allows_is_refused_by_its_name() {
    // One shared string over Excel's 32,767 characters, referred to by 200,000 cells: stored
    // once in a small file, and never copied into each cell.
    let long = "长".repeat(40_000);
    let rows = (2..200_002).map(|r| {
        format!(
            r#"<row r="{r}"><c r="A{r}"><v>522301001</v></c><c r="B{r}" t="s"><v>2</v></c></row>"#
        )
    });
    let bytes = xlsx(&headers_and(long), std::iter::once(header()).chain(rows));
    assert!(bytes.len() < 2 << 20, "{} bytes", bytes.len());
    let err = read_table("长.xlsx", &bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        "长.xlsx, row 2: cell B2: characters in one cell: 40,000, more than the limit of 32,767 (Excel's own limit for a cell)"
    );
    assert!(
        err.text(Lang::Zh)
            .starts_with("长.xlsx，第2行：单元格 B2：单元格字符数为 40,000，超过上限 32,767"),
        "{}",
        err.text(Lang::Zh)
    );
}

#[test]
fn cells_times_length_past_the_budget_are_refused() {
    // 30,000 characters (within Excel's limit) referred to by enough cells to pass the budget.
    let long = "x".repeat(30_000);
    let cells = Limit::TableTextBytes.value() / 30_000 + 2;
    let rows = (2..cells + 2).map(|r| {
        format!(
            r#"<row r="{r}"><c r="A{r}"><v>522301001</v></c><c r="B{r}" t="s"><v>2</v></c></row>"#
        )
    });
    let bytes = xlsx(&headers_and(long), std::iter::once(header()).chain(rows));
    let message = read_table("宽.xlsx", &bytes).unwrap_err().to_string();
    assert!(
        message.contains("text of all cells (cells × length): 67,"),
        "{message}"
    );
    assert!(
        message.contains("more than the limit of 67,108,864"),
        "{message}"
    );
}

#[test]
fn a_cell_at_the_end_of_the_sheet_is_refused_without_building_the_sheet() {
    let rows = [
        header(),
        r#"<row r="2"><c r="A2"><v>522301001</v></c><c r="B2" t="s"><v>2</v></c></row>"#.into(),
        r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#.into(),
    ];
    let bytes = xlsx(&headers_and("黄草街道".into()), rows.into_iter());
    let err = read_table("远.xlsx", &bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        "远.xlsx, row 1048576: cell XFD1048576: columns in the table: 16,384, more than the limit of 1,000 (a real station table is far smaller; the file may be damaged or built to exhaust memory)"
    );
    // An empty, styled cell out there is no column at all: the sheet reads.
    let rows = [
        header(),
        r#"<row r="2"><c r="A2"><v>522301001</v></c><c r="B2" t="s"><v>2</v></c></row>"#.into(),
        r#"<row r="1048576"><c r="XFD1048576" s="1"/></row>"#.into(),
    ];
    let bytes = xlsx(&headers_and("黄草街道".into()), rows.into_iter());
    let table = read_table("远.xlsx", &bytes).unwrap();
    assert_eq!(table.headers, ["统计用区划代码", "乡镇名称"]);
    assert_eq!(table.rows.len(), 1);
    assert_eq!(table.rows[0].cells, ["522301001", "黄草街道"]);
}

#[test]
fn a_sheet_read_cell_by_cell_keeps_rows_blank_rows_and_columns_as_the_sheet_shows_them() {
    // Row 2 starts in column B, row 4 is left out (blank), row 5 reaches column D.
    let rows = [
        header(),
        r#"<row r="2"><c r="B2" t="s"><v>2</v></c></row>"#.into(),
        r#"<row r="3"><c r="A3"><v>522301001</v></c></row>"#.into(),
        r#"<row r="5"><c r="A5"><v>522301002</v></c><c r="D5"><v>7</v></c></row>"#.into(),
    ];
    let table = read_table(
        "t.xlsx",
        &xlsx(&headers_and("黄草街道".into()), rows.into_iter()),
    )
    .unwrap();
    assert_eq!(table.headers.len(), 4, "{:?}", table.headers);
    let numbers: Vec<usize> = table.rows.iter().map(|r| r.row).collect();
    assert_eq!(numbers, [2, 3, 5]);
    assert_eq!(table.blank_rows, 1);
    assert_eq!(table.rows[0].cells, ["", "黄草街道", "", ""]);
    assert_eq!(table.rows[2].cells, ["522301002", "", "", "7"]);
}

#[test]
fn csv_and_json_tables_of_too_many_columns_are_refused_at_their_header() {
    let mut csv = (0..1_000_000)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(",");
    csv.push_str("\n522301001,黄草街道\n");
    let message = read_table("宽.csv", csv.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with(
            "宽.csv, row 1: columns in the table: 1,000,000, more than the limit of 1,000"
        ),
        "{message}"
    );
    let keys: Vec<String> = (0..2_000).map(|i| format!("\"k{i}\": {i}")).collect();
    let json = format!("[{{{}}}]", keys.join(","));
    let message = read_table("宽.json", json.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with(
            "宽.json, row 1: columns in the table: 2,000, more than the limit of 1,000"
        ),
        "{message}"
    );
    let long = format!("区划代码,乡镇\n522301001,{}\n", "长".repeat(40_000));
    let message = read_table("长.csv", long.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with("长.csv, row 2: characters in one cell: 40,000"),
        "{message}"
    );
}

fn atlas() -> Atlas {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    Atlas::load_dir(&data).expect("default data loads")
}

fn square(x: f64, y: f64, side: f64, clockwise: bool) -> String {
    let mut points = [
        (x, y),
        (x + side, y),
        (x + side, y + side),
        (x, y + side),
        (x, y),
    ];
    if clockwise {
        points.reverse();
    }
    let list: Vec<String> = points.iter().map(|(x, y)| format!("[{x},{y}]")).collect();
    format!("[{}]", list.join(","))
}

#[test]
fn a_polygon_of_too_many_holes_is_rejected_by_its_limit() {
    let holes = Limit::PolygonHoles.value() as usize + 1;
    let rings: Vec<String> = std::iter::once(square(104.8, 25.0, 0.2, false))
        .chain((0..holes).map(|i| {
            let (col, row) = ((i % 120) as f64, (i / 120) as f64);
            square(104.801 + col * 0.0015, 25.001 + row * 0.0015, 0.001, true)
        }))
        .collect();
    let geojson = format!(
        r#"{{"type":"Feature","properties":{{"code":"522301001"}},"geometry":{{"type":"Polygon","coordinates":[{}]}}}}"#,
        rings.join(",")
    );
    let import = read_boundaries("洞.geojson", geojson.as_bytes(), None, &atlas()).unwrap();
    assert!(import.townships.is_empty());
    let reason = &import.report[0].reason;
    assert_eq!(
        reason.get(Lang::En),
        "holes in one polygon: 10,001, more than the limit of 10,000 (real township boundaries are far smaller; the file may be damaged or built to exhaust memory)"
    );
}

#[test]
fn a_township_of_many_vertices_with_an_enclave_is_checked_and_joined() {
    // 40,000 vertices round a circle and one square hole: geo's pairwise check of the rings took
    // 12 s on it; one sweep takes a fraction of a second (scripts/bench-memory.sh prints it).
    let n = 40_000;
    let points: Vec<String> = (0..=n)
        .map(|i| {
            let a = std::f64::consts::TAU * (i % n) as f64 / n as f64;
            format!("[{},{}]", 104.9 + 0.05 * a.cos(), 25.09 + 0.05 * a.sin())
        })
        .collect();
    let geojson = format!(
        r#"{{"type":"Feature","properties":{{"code":"522301001"}},"geometry":{{"type":"Polygon","coordinates":[[{}],{}]}}}}"#,
        points.join(","),
        square(104.9, 25.09, 0.001, true)
    );
    let import = read_boundaries("飞地.geojson", geojson.as_bytes(), None, &atlas()).unwrap();
    assert_eq!(import.townships.len(), 1);
    assert_eq!(import.checks.self_intersecting, 0, "{:?}", import.report);
    // The same hole moved across the border is found.
    let geojson = geojson.replace(
        &square(104.9, 25.09, 0.001, true),
        &square(104.9495, 25.09, 0.01, true),
    );
    let import = read_boundaries("飞地.geojson", geojson.as_bytes(), None, &atlas()).unwrap();
    assert_eq!(import.checks.self_intersecting, 1, "{:?}", import.report);
}

#[test]
fn a_topojson_ring_of_too_many_arc_references_is_refused() {
    let refs = vec!["0"; Limit::RingArcs.value() as usize + 1].join(",");
    let topojson = format!(
        r#"{{"type":"Topology","transform":{{"scale":[0.00001,0.00001],"translate":[104.9,25.09]}},"arcs":[[[0,0],[1000,0],[0,1000],[-1000,0],[0,-1000]]],"objects":{{"t":{{"type":"GeometryCollection","geometries":[{{"type":"Polygon","arcs":[[{refs}]],"properties":{{"code":"522301001"}}}}]}}}}}}"#
    );
    let err = read_boundaries("弧.topojson", topojson.as_bytes(), None, &atlas()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "弧.topojson, feature t \"522301001\": arc references in one ring: 100,001, more than the limit of 100,000 (real township boundaries are far smaller; the file may be damaged or built to exhaust memory)"
    );
}

#[test]
fn a_table_of_more_rows_than_china_has_townships_is_refused_at_the_row_past_the_budget() {
    let rows = Limit::TableRows.value() as usize + 1;
    let mut csv = String::from("区划代码,乡镇\n");
    for _ in 0..rows {
        csv.push_str("522301001,黄草街道\n");
    }
    let err = read_table("多.csv", csv.as_bytes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("多.csv, row {}: rows in the table: 200,001, more than the limit of 200,000 (one row a township, and China has 41,352: split the file by province or county)", rows + 1)
    );
    // Empty cells count: 5,000 rows of 1,000 empty columns are past the cell budget.
    let mut wide = vec!["区划代码"; 1_000].join(",");
    wide.push('\n');
    let empty_row = format!("1{}\n", ",".repeat(999));
    for _ in 0..5_000 {
        wide.push_str(&empty_row);
    }
    let message = read_table("空.csv", wide.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        message.contains(
            "cells in the table (empty ones included): 5,001,000, more than the limit of 5,000,000"
        ),
        "{message}"
    );
}
