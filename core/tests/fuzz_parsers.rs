//! Kept as one file because the targets share one test binary (one build and link for
//! `scripts/fuzz.sh`) and their helpers (the table checks, the mutated fixtures).
//!
//! Fast fuzz targets, one per parser, each calling the parser itself on small real files
//! mutated byte by byte (`fuzz/fast.rs`: a plain loop over seeded cases, findings kept under
//! `fuzz/findings/<target>/` and replayed first). These are the targets that reach ten million
//! cases within `scripts/fuzz.sh`'s budget; the proptest targets of the other `fuzz_*.rs` files
//! run whole imports and joins, far fewer cases.
//!
//! - station tables (`read_table` → `RawTable`): CSV in three encodings and delimiters, a JSON
//!   array, and XLSX twice: its zip bytes mutated (the ZIP structure, the expansion check) and
//!   its XML parts mutated inside a well-formed zip (calamine's cell reader);
//! - boundaries: GeoJSON and TopoJSON through the import's reader (`boundaries::read_features`),
//!   and the published outlines' TopoJSON reader (`Topology::parse`, `features`);
//! - the import recipe (`ImportRecipe::parse`), a published manifest (`Manifest::parse`) and a
//!   reader's correction records (`read_records`, JSON and CSV).
//!
//! The property of each: no panic, no hang, no blow-up; a refusal names the file; what is read
//! keeps the budgets of `atlas_core::limits` and, where the format writes back, reads back the
//! same.

mod fuzz;

use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

use atlas_core::data::topo::Topology;
use atlas_core::import::boundaries::read_features;
use atlas_core::import::stations::read_table_as;
use atlas_core::import::{read_table, ImportRecipe, RawTable, TextEncoding};
use atlas_core::lang::Lang;
use atlas_core::limits::Limit;
use atlas_core::open::correction::{read_records, Correction};
use atlas_core::publish::{plain_name_problem, Manifest};
use fuzz::fast::{below, fuzz_fast, mutate};
use fuzz::{names_file, repo_file, CSV_TOKENS, JSON_TOKENS};

/// Cases per target under plain `cargo test`; `scripts/fuzz.sh` asks for ten million.
const CI_CASES: u64 = 1_000;

/// Fails a check with a message when `ok` is false.
fn ensure(ok: bool, message: impl FnOnce() -> String) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(message())
    }
}

/// `tokens` and [`JSON_TOKENS`] as one list, kept for the run.
fn with_json(tokens: &[&'static str]) -> &'static [&'static str] {
    let mut all = tokens.to_vec();
    all.extend(JSON_TOKENS);
    all.leak()
}

/// A mutation of one of `fixtures`, chosen by the case.
fn mutated_fixture(
    fixtures: &'static [Vec<u8>],
    tokens: &'static [&'static str],
) -> impl Fn(&mut proptest::test_runner::TestRng, &mut Vec<u8>) + Send + Sync + 'static {
    move |rng, out| {
        let base = &fixtures[below(rng, fixtures.len())];
        mutate(rng, base, tokens, out);
    }
}

/// Files of the repository, read once and kept for the run.
fn fixtures(paths: &[&str]) -> &'static [Vec<u8>] {
    paths
        .iter()
        .map(|path| repo_file(path))
        .collect::<Vec<_>>()
        .leak()
}

// ---------------------------------------------------------------------------------------------
// Station tables.

/// A table as read keeps the table budgets, or its refusal names the file.
fn check_table(file: &str, bytes: &[u8]) -> Result<(), String> {
    match read_table(file, bytes) {
        Err(e) => ensure(names_file(&e, file), || format!("not named: {e}")),
        Ok(table) => check_read_table(&table),
    }
}

fn check_read_table(table: &RawTable) -> Result<(), String> {
    ensure(!table.rows.is_empty(), || "a table of no rows".into())?;
    ensure(
        !Limit::TableColumns.exceeded_by(table.headers.len() as u64),
        || format!("{} columns read", table.headers.len()),
    )?;
    ensure(
        !Limit::TableRows.exceeded_by(table.rows.len() as u64),
        || format!("{} rows read", table.rows.len()),
    )?;
    let cells = table
        .headers
        .iter()
        .chain(table.rows.iter().flat_map(|r| &r.cells));
    for cell in cells {
        let chars = cell.chars().count() as u64;
        ensure(!Limit::CellChars.exceeded_by(chars), || {
            format!("a cell of {chars} characters read")
        })?;
    }
    Ok(())
}

/// A file's first `lines` lines: small inputs keep a case cheap, and a few rows hold every
/// construct the reader meets (header, title lines above it, quotes, dates, codes).
fn first_lines(path: &str, lines: usize) -> Vec<u8> {
    let bytes = repo_file(path);
    let ends = bytes.iter().enumerate().filter(|(_, b)| **b == b'\n');
    match ends.map(|(i, _)| i).nth(lines - 1) {
        Some(end) => bytes[..=end].to_vec(),
        None => bytes,
    }
}

/// The encodings a CSV case is read in, by its first byte: detected (one case in eight, the
/// detector costs ten times the reader), or chosen as the page's encoding choice does.
const CSV_ENCODINGS: &[Option<TextEncoding>] = &[
    None,
    Some(TextEncoding::Utf8),
    Some(TextEncoding::Utf8),
    Some(TextEncoding::Utf8Bom),
    Some(TextEncoding::Gb18030),
    Some(TextEncoding::Gb18030),
    Some(TextEncoding::Utf8Replacing),
    Some(TextEncoding::Big5),
];

/// Reads a CSV case: its first byte chooses the encoding ([`CSV_ENCODINGS`]), the rest is the
/// file.
fn check_csv_case(case: &[u8]) -> Result<(), String> {
    let Some((&choice, bytes)) = case.split_first() else {
        return Ok(());
    };
    let encoding = CSV_ENCODINGS[usize::from(choice) % CSV_ENCODINGS.len()];
    match read_table_as("t.csv", bytes, encoding, &mut |_| {}) {
        Err(e) => ensure(names_file(&e, "t.csv"), || format!("not named: {e}")),
        Ok(table) => check_read_table(&table),
    }
}

#[test]
fn fuzz_parse_csv() {
    let files: &'static [Vec<u8>] = [
        "tests/fixtures/good/stations_semicolon.csv",
        "tests/fixtures/good/stations_gbk.csv",
        "tests/fixtures/good/stations_utf8_bom.csv",
        "tests/fixtures/bureaus/ceheng_utf8.csv",
        "tests/fixtures/bureaus/wangmo_tab_gb18030.txt",
        "tests/fixtures/bureaus/qixingguan_bom.csv",
    ]
    .iter()
    .map(|path| first_lines(path, 5))
    .collect::<Vec<_>>()
    .leak();
    fuzz_fast(
        "parse_csv",
        CI_CASES,
        move |rng, out| {
            let choice = below(rng, CSV_ENCODINGS.len()) as u8;
            let mut file = Vec::new();
            let base = &files[below(rng, files.len())];
            mutate(rng, base, CSV_TOKENS, &mut file);
            out.clear();
            out.push(choice);
            out.extend_from_slice(&file);
        },
        check_csv_case,
    );
}

#[test]
fn fuzz_parse_json_table() {
    let files = fixtures(&["tests/fixtures/good/stations.json"]);
    fuzz_fast(
        "parse_json_table",
        CI_CASES,
        mutated_fixture(files, with_json(CSV_TOKENS)),
        |bytes| check_table("t.json", bytes),
    );
}

const XLSX_FIXTURES: &[&str] = &[
    "tests/fixtures/good/stations.xlsx",
    "tests/fixtures/bureaus/jinsha.xlsx",
];

/// Tokens of a zip's structure: signatures of its headers, and sizes and counts at their ends.
const ZIP_TOKENS: &[&str] = &[
    "PK\u{3}\u{4}",
    "PK\u{1}\u{2}",
    "PK\u{5}\u{6}",
    "PK\u{6}\u{6}",
    "\u{0}\u{0}\u{0}\u{0}",
    "\u{7f}\u{7f}\u{7f}\u{7f}",
    "\u{0}\u{0}",
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "../",
];

#[test]
fn fuzz_parse_xlsx_zip() {
    let files = fixtures(XLSX_FIXTURES);
    fuzz_fast(
        "parse_xlsx_zip",
        CI_CASES,
        mutated_fixture(files, ZIP_TOKENS),
        |bytes| check_table("t.xlsx", bytes),
    );
}

/// One XLSX's parts, uncompressed: (name, bytes).
type Parts = Vec<(String, Vec<u8>)>;

/// Every XLSX fixture unpacked once, without the parts the reader never opens (the theme and
/// document properties), each sheet cut to its first rows; and a workbook of shared strings
/// (the fixtures' cells are inline strings), the path of the 90-million-character string.
fn xlsx_parts() -> &'static [Parts] {
    static PARTS: OnceLock<Vec<Parts>> = OnceLock::new();
    PARTS.get_or_init(|| {
        let mut all: Vec<Parts> = (XLSX_FIXTURES.iter())
            .map(|path| {
                let bytes = repo_file(path);
                let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
                (0..zip.len())
                    .map(|i| {
                        let mut entry = zip.by_index(i).unwrap();
                        let mut data = Vec::new();
                        entry.read_to_end(&mut data).unwrap();
                        let data = match entry.name() {
                            "xl/styles.xml" => STYLES.as_bytes().to_vec(),
                            name => cut_sheet(name, data),
                        };
                        (entry.name().to_string(), data)
                    })
                    .filter(|(name, _)| !name.starts_with("docProps/") && !name.contains("theme"))
                    .collect()
            })
            .collect();
        let mut shared = all[0].clone();
        shared.retain(|(name, _)| !name.starts_with("xl/worksheets/"));
        shared.push((
            "xl/worksheets/sheet1.xml".into(),
            SHARED_SHEET.as_bytes().to_vec(),
        ));
        shared.push((
            "xl/sharedStrings.xml".into(),
            SHARED_STRINGS.as_bytes().to_vec(),
        ));
        all.push(shared);
        all
    })
}

/// A sheet's XML cut after its fourth row (header and three rows); other parts as they are.
fn cut_sheet(name: &str, data: Vec<u8>) -> Vec<u8> {
    if !name.starts_with("xl/worksheets/") {
        return data;
    }
    let text = String::from_utf8(data).unwrap();
    let Some(end) = text
        .match_indices("</row>")
        .nth(3)
        .map(|(at, m)| at + m.len())
    else {
        return text.into_bytes();
    };
    let rest = text.rfind("</row>").map_or(end, |at| at + "</row>".len());
    format!("{}{}", &text[..end], &text[rest..]).into_bytes()
}

/// The fixtures' styles without their fonts, fills and borders: the two cell formats their
/// sheets use, general and a date (which the reader turns into an ISO date).
const STYLES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    r#"<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd h:mm:ss"/></numFmts>"#,
    r#"<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>"#,
);

/// A sheet of shared strings: the header and two stations.
const SHARED_SHEET: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    r#"<dimension ref="A1:C3"/><sheetData>"#,
    r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>"#,
    r#"<row r="2"><c r="A2"><v>522301008</v></c><c r="B2" t="s"><v>3</v></c><c r="C2" t="s"><v>4</v></c></row>"#,
    r#"<row r="3"><c r="A3"><v>522301002</v></c><c r="B3" t="s"><v>5</v></c><c r="C3" s="1"><v>45291</v></c></row>"#,
    r#"</sheetData></worksheet>"#,
);

/// The strings [`SHARED_SHEET`] refers to.
const SHARED_STRINGS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">"#,
    r#"<si><t>乡镇代码</t></si><si><t>乡镇名称</t></si><si><t>状态</t></si>"#,
    r#"<si><t>万峰林街道</t></si><si><r><t>运</t></r><r><t>营</t></r></si><si><t xml:space="preserve"> 兴泰街道 </t></si>"#,
    r#"</sst>"#,
);

/// Tokens of a sheet's and its shared strings' XML.
const XLSX_XML_TOKENS: &[&str] = &[
    "<c r=\"XFD1048576\"><v>1</v></c>",
    "<c r=\"A1\" t=\"s\"><v>0</v></c>",
    "<c r=\"B2\" t=\"s\"><v>99999</v></c>",
    "<c r=\"C3\" t=\"inlineStr\"><is><t>x</t></is></c>",
    "<c r=\"D4\" t=\"e\"><v>#N/A</v></c>",
    "<c r=\"E5\" s=\"1\"><v>45000</v></c>",
    "<row r=\"1048576\">",
    "<row r=\"0\">",
    "</row>",
    "<si><t>兴义市</t></si>",
    "<si><r><t>a</t></r></si>",
    "count=\"4294967295\"",
    "uniqueCount=\"99999999\"",
    "<![CDATA[",
    "&amp;",
    "&#0;",
    "&#x10FFFF;",
    "<",
    ">",
    "\"",
    "/>",
    "t=\"d\"",
    "t=\"b\"",
    "<v>",
    "</v>",
    "<dimension ref=\"A1:XFD1048576\"/>",
];

/// An XLSX fixture with one part mutated (most often a sheet or the shared strings), written
/// back as a well-formed zip of stored entries, so the XML reader gets past the zip.
fn mutated_xlsx(rng: &mut proptest::test_runner::TestRng, out: &mut Vec<u8>) {
    let all = xlsx_parts();
    let parts = &all[below(rng, all.len())];
    let cells = parts
        .iter()
        .position(|(name, _)| name.starts_with("xl/worksheets/") || name == "xl/sharedStrings.xml");
    // Three cases in four mutate a sheet or the strings; the rest any part.
    let which = match cells {
        Some(_) if below(rng, 4) > 0 => {
            let of_cells: Vec<usize> = (0..parts.len())
                .filter(|&i| {
                    let name = &parts[i].0;
                    name.starts_with("xl/worksheets/") || name == "xl/sharedStrings.xml"
                })
                .collect();
            of_cells[below(rng, of_cells.len())]
        }
        _ => below(rng, parts.len()),
    };
    let mut changed = Vec::new();
    mutate(rng, &parts[which].1, XLSX_XML_TOKENS, &mut changed);
    *out = write_xlsx(parts, which, &changed);
}

/// `parts` as a zip of stored entries, part `which` (if any) replaced by `changed`.
fn write_xlsx(parts: &Parts, which: usize, changed: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (i, (name, data)) in parts.iter().enumerate() {
        zip.start_file(name.as_str(), stored).unwrap();
        zip.write_all(if i == which { changed } else { data })
            .unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Each XLSX base, written back unmutated, reads as a table: the mutations start from files
/// the reader takes, shared strings included.
#[test]
fn xlsx_bases_read_unmutated() {
    for parts in xlsx_parts() {
        let bytes = write_xlsx(parts, usize::MAX, &[]);
        let table = read_table("t.xlsx", &bytes).unwrap();
        assert!(table.rows.len() >= 2, "{table:?}");
    }
    let first = read_table("t.xlsx", &write_xlsx(&xlsx_parts()[0], usize::MAX, &[])).unwrap();
    let dates = first.rows.iter().flat_map(|r| &r.cells);
    assert!(
        dates
            .into_iter()
            .any(|c| c.len() == 10 && c.starts_with("20") && c.as_bytes()[4] == b'-'),
        "the date cells still read as ISO dates: {first:?}"
    );
    let shared = xlsx_parts().last().unwrap();
    let table = read_table("t.xlsx", &write_xlsx(shared, usize::MAX, &[])).unwrap();
    assert_eq!(table.headers, ["乡镇代码", "乡镇名称", "状态"]);
    assert_eq!(table.rows[0].cells, ["522301008", "万峰林街道", "运营"]);
}

#[test]
fn fuzz_parse_xlsx_xml() {
    fuzz_fast("parse_xlsx_xml", CI_CASES, mutated_xlsx, |bytes| {
        check_table("t.xlsx", bytes)
    });
}

// ---------------------------------------------------------------------------------------------
// Boundaries and outlines.

/// Tokens of GeoJSON geometry.
const GEOJSON_TOKENS: &[&str] = &[
    "\"Polygon\"",
    "\"MultiPolygon\"",
    "\"Point\"",
    "\"Feature\"",
    "\"FeatureCollection\"",
    "\"coordinates\":",
    "\"geometry\":null,",
    "[[[",
    "]]]",
    "[1e400,2]",
    "[-0.0,90]",
    "[105.1,25.2,100]",
    "\"type\":\"Topology\",",
    "\"arcs\":[[0]],",
    "\"transform\":{\"scale\":[0,0],\"translate\":[0,0]},",
    "\"properties\":{\"code\":\"522301001\"},",
];

/// The features read: no more holes in a polygon than the budget allows it to carry past the
/// reader, and counts that add up; or the refusal names the file.
fn check_boundary_file(file: &str, bytes: &[u8]) -> Result<(), String> {
    match read_features(file, bytes) {
        Err(e) => ensure(names_file(&e, file), || format!("not named: {e}")),
        Ok(read) => {
            ensure(read.rings >= read.polygons, || format!("{read:?}"))?;
            ensure(read.positions <= bytes.len(), || {
                format!("{} positions from {} bytes", read.positions, bytes.len())
            })
        }
    }
}

#[test]
fn fuzz_parse_geojson() {
    let files = fixtures(&[
        "tests/fixtures/boundaries/good.geojson",
        "tests/fixtures/boundaries/unclosed.geojson",
        "tests/fixtures/boundaries/selfintersect.geojson",
        "tests/fixtures/boundaries/point_feature.geojson",
    ]);
    fuzz_fast(
        "parse_geojson",
        CI_CASES,
        mutated_fixture(files, with_json(GEOJSON_TOKENS)),
        |bytes| check_boundary_file("t.geojson", bytes),
    );
}

#[test]
fn fuzz_parse_topojson() {
    let files = fixtures(&["tests/fixtures/boundaries/good.topojson"]);
    fuzz_fast(
        "parse_topojson",
        CI_CASES,
        mutated_fixture(files, with_json(GEOJSON_TOKENS)),
        |bytes| {
            check_boundary_file("t.topojson", bytes)?;
            check_outlines("t.topojson", bytes)
        },
    );
}

/// The published outlines' reader on the same bytes: every object's features, or a refusal
/// naming the file; every ring it gives closes.
fn check_outlines(file: &str, bytes: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(bytes);
    let topology = match Topology::parse(file, &text) {
        Err(e) => return ensure(names_file(&e, file), || format!("not named: {e}")),
        Ok(topology) => topology,
    };
    let names: Vec<String> = topology.object_names().map(str::to_string).collect();
    for name in names {
        let features = match topology.features(file, &name) {
            Err(e) => return ensure(names_file(&e, file), || format!("not named: {e}")),
            Ok(features) => features,
        };
        for feature in features {
            for polygon in &feature.geometry.0 {
                for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                    ensure(ring.0.first() == ring.0.last(), || {
                        "a ring not closed".into()
                    })?;
                }
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The recipe, the manifest, corrections.

#[test]
fn fuzz_parse_recipe() {
    let files = fixtures(&["tests/fixtures/bureaus/wangmo.recipe.json"]);
    let tokens = with_json(&[
        "\"stars\"",
        "\"excellent\"",
        "\"no_station\"",
        "\"coverage-atlas-import-recipe\"",
        "\"columns\"",
        "\"accepted\"",
        "\"522326104000\"",
        "\u{3000}",
    ]);
    fuzz_fast(
        "parse_recipe",
        CI_CASES,
        mutated_fixture(files, tokens),
        |bytes| match ImportRecipe::parse("r.json", bytes) {
            Err(message) => ensure(
                message.en.starts_with("r.json") && message.zh.starts_with("r.json"),
                || format!("not named: {message}"),
            ),
            Ok(recipe) => {
                let again = ImportRecipe::parse("again.json", recipe.to_json().as_bytes());
                ensure(again.as_ref() == Ok(&recipe), || format!("{again:?}"))
            }
        },
    );
}

/// A real manifest, as `fuzz_published.rs` builds it.
fn manifest_bytes() -> &'static [Vec<u8>] {
    use std::collections::BTreeMap;

    use atlas_core::data::code::RegionCode;
    use atlas_core::data::publisher::Publisher;
    use atlas_core::date::Day;
    use atlas_core::publish::{PartFile, PartKind};
    let files: BTreeMap<PartKind, PartFile> = PartKind::ALL
        .into_iter()
        .map(|kind| (kind, PartFile::of(kind, format!("{kind:?}").as_bytes())))
        .collect();
    let mut manifest = Manifest::new(Publisher::default(), Day::from_ymd(2026, 11, 23), files);
    for region in ["52", "5223"] {
        let code = RegionCode::parse(region).unwrap();
        let chunk = PartFile::township_chunk(&code, region.as_bytes());
        manifest.townships.insert(code, chunk);
    }
    vec![manifest.to_json().into_bytes()].leak()
}

#[test]
fn fuzz_parse_manifest() {
    let tokens = with_json(&[
        "/dev/zero",
        "../../../../etc/passwd",
        "..",
        "/",
        "\\\\",
        "C:",
        "\\u0000",
        "99999999999999999999",
        "1099511627776",
    ]);
    fuzz_fast(
        "parse_manifest",
        CI_CASES,
        mutated_fixture(manifest_bytes(), tokens),
        |bytes| {
            let text = String::from_utf8_lossy(bytes);
            match Manifest::parse("manifest.json", &text) {
                Err(message) => ensure(
                    message.get(Lang::En).starts_with("manifest.json: ")
                        && message.get(Lang::Zh).starts_with("manifest.json："),
                    || format!("not named: {message:?}"),
                ),
                Ok(manifest) => {
                    let entries: Vec<_> = manifest
                        .files
                        .values()
                        .chain(manifest.townships.values())
                        .collect();
                    ensure(
                        !Limit::ManifestEntries.exceeded_by(entries.len() as u64),
                        || format!("{} entries", entries.len()),
                    )?;
                    for entry in entries {
                        ensure(plain_name_problem(&entry.path).is_none(), || {
                            format!("path {:?}", entry.path)
                        })?;
                        ensure(!Limit::PublishedFileBytes.exceeded_by(entry.bytes), || {
                            format!("{} bytes declared", entry.bytes)
                        })?;
                    }
                    Ok(())
                }
            }
        },
    );
}

/// A record as the page writes it, as JSON and as CSV.
fn correction_files() -> &'static [Vec<u8>] {
    let record = Correction {
        format: atlas_core::open::correction::CORRECTION_FORMAT.to_string(),
        region_code: "522301".into(),
        region_name: "兴义市".into(),
        shown_covered: Some(27),
        shown_covered_at_least: None,
        shown_total: 27,
        shown_coverage_pct: Some(100.0),
        shown_as_of: "2024-06-30".into(),
        shown_source_id: "gz-2024".into(),
        shown_source_title: "贵州省乡镇（街道）社工站实现全覆盖".into(),
        view_month: "2024-06".into(),
        what_is_wrong: "=1+1 two stations closed, \"quoted\"".into(),
        should_be: "25".into(),
        evidence_url: "https://example.org/notice?a=1&b=2".into(),
        contact: "@someone".into(),
        permalink: "https://atlas.example/?region=522301&month=2024-06".into(),
        filed_on: "2026-11-23".into(),
    };
    let json = record.to_json().into_bytes();
    let csv = record.to_csv().into_bytes();
    let array = format!("[{},{}]", record.to_json(), record.to_json()).into_bytes();
    vec![json, csv, array].leak()
}

/// Each record read, or the file's or the record's problem naming the file; a record read from
/// JSON writes back to itself.
fn check_corrections(bytes: &[u8]) -> Result<(), String> {
    let records = match read_records("c.json", bytes) {
        Err(problem) => {
            return ensure(problem.file == "c.json", || format!("{problem:?}"));
        }
        Ok(records) => records,
    };
    ensure(!records.is_empty(), || "no records and no problem".into())?;
    for (n, record) in records {
        match record {
            Err(problem) => ensure(
                problem.file == "c.json" && problem.record == Some(n),
                || format!("record {n}: {problem:?}"),
            )?,
            Ok(record) => {
                let again = read_records("again.json", record.to_json().as_bytes())
                    .map_err(|p| format!("record {n} written back is refused: {p:?}"))?;
                let same = matches!(again.as_slice(), [(1, Ok(back))] if back == &record);
                ensure(same, || format!("record {n} reads back as {again:?}"))?;
            }
        }
    }
    Ok(())
}

#[test]
fn fuzz_parse_corrections() {
    let tokens = with_json(&[
        "coverage-atlas-correction/1",
        "format,",
        "\"shown_coverage_pct\":",
        "NaN",
        "inf",
        "1e309",
        "\"\"",
        "\r\n",
        "=",
    ]);
    fuzz_fast(
        "parse_corrections",
        CI_CASES,
        mutated_fixture(correction_files(), tokens),
        check_corrections,
    );
}

// ---------------------------------------------------------------------------------------------
// The runner itself.

/// A failing case is caught, shrunk to what fails, saved under the target's findings and then
/// replayed first by the next run (which fails while the finding does).
#[test]
fn fast_runner_shrinks_saves_and_replays_a_finding() {
    const NAME: &str = "runner_self_test";
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/findings")
        .join(NAME);
    let _ = std::fs::remove_dir_all(&dir);
    let fails_on_bang = |bytes: &[u8]| ensure(!bytes.contains(&b'!'), || "a bang".into());
    let first = std::panic::catch_unwind(|| {
        fuzz_fast(
            NAME,
            10,
            |_, out| out.extend_from_slice(b"padding ! padding"),
            fails_on_bang,
        )
    });
    let message = *first.unwrap_err().downcast::<String>().unwrap();
    assert!(
        message.contains("case 0 failed after 0 passing cases: a bang"),
        "{message}"
    );
    let saved: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(saved.len(), 1);
    assert_eq!(
        std::fs::read(&saved[0]).unwrap(),
        b"!",
        "shrunk to the one byte that fails"
    );
    // The next run replays the finding before any new case, and fails on it.
    let again = std::panic::catch_unwind(|| fuzz_fast(NAME, 10, |_, _| {}, fails_on_bang));
    let message = *again.unwrap_err().downcast::<String>().unwrap();
    assert!(message.contains("fails again: a bang"), "{message}");
    std::fs::remove_dir_all(&dir).unwrap();
}
