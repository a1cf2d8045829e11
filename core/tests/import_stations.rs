//! Bring-your-own-data import on the fixtures in tests/fixtures, joined to the real registry.

mod registry;

use registry::{divisions, fixture};

use atlas_core::data::code::RegionCode;
use atlas_core::data::model::{StarRating, StationStatus, Tier};
use atlas_core::date::{Day, PartialDate};
use atlas_core::import::{
    import_stations, read_table, JoinOptions, JoinReport, ReportRow, TableFormat, TextEncoding,
};
use atlas_core::lang::Lang;

fn options() -> JoinOptions {
    JoinOptions::new(Day::from_ymd(2026, 11, 23))
}

fn import(kind: &str, name: &str) -> JoinReport {
    let (_, _, report) = import_stations(name, &fixture(kind, name), divisions(), &options())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(
        report.accounts_for_every_row(),
        "{name}: {} rows read but {} joined + {} unmatched + {} invalid + {} duplicates",
        report.rows_read,
        report.joined.len(),
        report.unmatched.len(),
        report.invalid.len(),
        report.duplicates.len()
    );
    report
}

fn only(list: &[ReportRow]) -> &ReportRow {
    assert_eq!(list.len(), 1, "{list:#?}");
    &list[0]
}

fn code(raw: &str) -> RegionCode {
    RegionCode::parse(raw).unwrap()
}

// ---- good files ----------------------------------------------------------------------------

const GOOD: [&str; 5] = [
    "stations_gbk.csv",
    "stations_utf8_bom.csv",
    "stations_semicolon.csv",
    "stations.json",
    "stations.xlsx",
];

#[test]
fn every_good_file_joins_all_twelve_rows() {
    for name in GOOD {
        let report = import("good", name);
        assert_eq!(report.rows_read, 12, "{name}");
        assert_eq!(
            report.joined.len(),
            12,
            "{name}: {:#?}",
            report.messages(Lang::En)
        );
        assert!(
            report.messages(Lang::En).is_empty(),
            "{name}: {:#?}",
            report.messages(Lang::En)
        );
        let townships: Vec<&str> = report
            .joined
            .iter()
            .map(|(_, s)| s.township.as_str())
            .collect();
        assert_eq!(townships[0], "522301001", "{name}");
        assert_eq!(townships[11], "522328001", "{name}");
        // 兴义市 has 32 townships; four have a station row.
        let xingyi = &report.townships_without_station[0];
        assert_eq!(xingyi.county, code("522301"), "{name}");
        assert_eq!(xingyi.name, "兴义市");
        assert_eq!(
            (xingyi.townships, xingyi.with_station, xingyi.covered),
            (32, 4, 4),
            "{name}"
        );
        assert_eq!(xingyi.without_station.len(), 28);
        assert_eq!(report.townships_without_station.len(), 8, "{name}");
    }
}

#[test]
fn gbk_is_detected_and_read() {
    let bytes = fixture("good", "stations_gbk.csv");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture is real GBK"
    );
    let table = read_table("stations_gbk.csv", &bytes).unwrap();
    assert_eq!(table.encoding, Some(TextEncoding::Gb18030));
    assert_eq!(table.format, TableFormat::Csv { delimiter: b',' });
    assert_eq!(table.headers[1], "乡镇（街道）");
    assert_eq!(table.rows[0].row, 2);
    assert_eq!(table.rows[0].cells[1], "黄草街道");
}

#[test]
fn other_encodings_and_delimiters_are_detected() {
    let bom = read_table("b.csv", &fixture("good", "stations_utf8_bom.csv")).unwrap();
    assert_eq!(bom.encoding, Some(TextEncoding::Utf8Bom));
    assert_eq!(bom.headers[0], "County");
    let semi = read_table("s.csv", &fixture("good", "stations_semicolon.csv")).unwrap();
    assert_eq!(semi.encoding, Some(TextEncoding::Utf8));
    assert_eq!(semi.format, TableFormat::Csv { delimiter: b';' });
    assert_eq!(semi.rows[11].row, 13);
    let json = read_table("j.json", &fixture("good", "stations.json")).unwrap();
    assert_eq!(json.format, TableFormat::Json);
    let xlsx = read_table("x.xlsx", &fixture("good", "stations.xlsx")).unwrap();
    assert_eq!(xlsx.format, TableFormat::Xlsx);
    assert_eq!(
        xlsx.rows[0].cells[0], "522301001",
        "numeric code read as digits"
    );
}

#[test]
fn values_are_read_from_chinese_cells() {
    let report = import("good", "stations_gbk.csv");
    let station = |row: usize| {
        &report
            .joined
            .iter()
            .find(|(r, _)| *r == row)
            .unwrap_or_else(|| panic!("row {row}"))
            .1
    };
    let huangcao = station(2);
    assert_eq!(huangcao.name, "黄草街道社工站");
    assert_eq!(huangcao.status, StationStatus::Operating);
    assert_eq!(huangcao.rating, Some(StarRating::Stars(5)));
    assert_eq!(huangcao.tier, Tier::TownshipStation);
    assert_eq!(huangcao.opened, Some(PartialDate::ymd(2023, 12, 31)));
    assert_eq!(huangcao.source.id, "stations_gbk.csv");
    assert_eq!(huangcao.source.title, "stations_gbk.csv, row 2");
    assert_eq!(station(3).rating, Some(StarRating::Stars(4)));
    assert_eq!(station(3).opened.unwrap().to_string(), "2023-12");
    assert_eq!(station(5).rating, Some(StarRating::Excellent));
    assert_eq!(station(7).status, StationStatus::Planned);
    assert_eq!(station(7).opened, None);
    assert_eq!(station(10).status, StationStatus::Closed);
    assert_eq!(station(11).opened.unwrap().to_string(), "2023-03");
}

#[test]
fn excel_serial_dates_are_parsed() {
    for name in ["stations_gbk.csv", "stations.xlsx", "stations.json"] {
        let report = import("good", name);
        let jingnan = &report
            .joined
            .iter()
            .find(|(_, s)| s.township.as_str() == "522301100")
            .unwrap()
            .1;
        assert_eq!(
            jingnan.opened,
            Some(PartialDate::ymd(2023, 12, 31)),
            "{name}: 45291"
        );
    }
    // Real date cells in the workbook come through as dates too.
    let report = import("good", "stations.xlsx");
    assert_eq!(
        report.joined[0].1.opened,
        Some(PartialDate::ymd(2023, 12, 31))
    );
    assert_eq!(
        report.joined[3].1.opened,
        Some(PartialDate::ymd(2023, 6, 15))
    );
}

// ---- bad files ------------------------------------------------------------------------------

#[test]
fn unknown_code_is_unmatched() {
    let report = import("bad", "unknown_code.csv");
    assert_eq!(
        only(&report.unmatched).to_string(),
        "unknown_code.csv, row 2: township code 522301999 is not in the division registry"
    );
}

#[test]
fn village_code_is_unmatched_and_names_its_township() {
    let report = import("bad", "village_code.csv");
    let row = only(&report.unmatched);
    assert_eq!(row.value, "522301008201");
    assert_eq!(
        row.to_string(),
        "village_code.csv, row 2: code 522301008201 is a 12-digit village (村/社区) code, not a township: a township's 12-digit code ends in 000 (did you mean 万峰林街道 (522301008)?)"
    );
}

#[test]
fn duplicate_station_row_is_reported() {
    let report = import("bad", "duplicate_row.csv");
    assert_eq!(report.joined.len(), 1);
    assert_eq!(
        only(&report.duplicates).to_string(),
        "duplicate_row.csv, row 3: duplicate: 万峰林街道 (522301008) already has a station of this tier from row 2"
    );
}

#[test]
fn star_7_is_invalid() {
    let report = import("bad", "star_7.csv");
    let row = only(&report.invalid);
    assert_eq!(row.value, "7");
    assert!(
        row.to_string()
            .starts_with("star_7.csv, row 2: star rating \"7\" is out of range"),
        "{row}"
    );
}

#[test]
fn unknown_status_is_invalid() {
    let report = import("bad", "unknown_status.csv");
    let row = only(&report.invalid);
    assert!(
        row.to_string()
            .starts_with("unknown_status.csv, row 2: unknown status \"在建中?\": give it a meaning in the value step"),
        "{row}"
    );
    assert!(row
        .line(Lang::Zh)
        .starts_with("unknown_status.csv，第2行：状态 \"在建中?\" 无法识别"));
    // The value step lists it with its row count.
    assert_eq!(report.unknown_values.len(), 1);
    assert_eq!(report.unknown_values[0].value, "在建中?");
    assert_eq!(report.unknown_values[0].rows, 1);
}

#[test]
fn future_date_is_invalid() {
    let report = import("bad", "future_date.csv");
    assert_eq!(
        only(&report.invalid).to_string(),
        "future_date.csv, row 2: open date 2030-06-01 is in the future (today is 2026-11-23)"
    );
}

#[test]
fn bad_date_is_invalid() {
    let report = import("bad", "bad_date.csv");
    assert!(only(&report.invalid)
        .to_string()
        .starts_with("bad_date.csv, row 2: cannot read open date \"2023-13-45\""));
}

#[test]
fn name_in_two_counties_without_county_column_is_ambiguous() {
    let report = import("bad", "ambiguous_name.csv");
    let message = only(&report.unmatched).to_string();
    assert!(
        message.starts_with(
            "ambiguous_name.csv, row 2: township name \"鸡场镇\" is ambiguous: 2 townships in the registry have it"
        ),
        "{message}"
    );
    assert!(
        message.contains("(520204103)") && message.contains("(522324104)"),
        "{message}"
    );
    assert!(message.contains("add a county column"), "{message}");
}

#[test]
fn near_miss_joins_by_its_short_form_in_its_county_and_can_be_undone() {
    // 万峰林 is the only township of 兴义市 whose name without its suffix is 万峰林.
    let report = import("bad", "near_miss.csv");
    assert_eq!(report.joined[0].1.township, code("522301008"));
    let note = only(&report.notes);
    assert_eq!(
        note.to_string(),
        "near_miss.csv, row 2: township \"万峰林\" matched by a short form to 万峰林街道 (522301008) (the only one in 兴义市 (522301)); can be undone"
    );
    assert!(
        note.reason.zh.contains("按简称匹配为 万峰林街道"),
        "{}",
        note.reason.zh
    );
    // Undone, the row is unmatched with the township as its suggestion.
    let refused = JoinOptions {
        refused: vec![note.accept.clone().expect("undoable")],
        ..options()
    };
    let (_, _, report) = import_stations(
        "near_miss.csv",
        &fixture("bad", "near_miss.csv"),
        divisions(),
        &refused,
    )
    .unwrap();
    assert_eq!(
        only(&report.unmatched).to_string(),
        "near_miss.csv, row 2: no township named \"万峰林\" in 兴义市 (522301) (did you mean 万峰林街道 (522301008)?)"
    );
}

#[test]
fn typo_in_a_name_gets_a_fuzzy_suggestion() {
    let bytes = "区县,乡镇名称,状态\n兴义市,万锋林街道,运营\n普安县,盘水街道,运营\n";
    let (_, _, report) =
        import_stations("typo.csv", bytes.as_bytes(), divisions(), &options()).unwrap();
    assert_eq!(report.joined.len(), 1);
    assert_eq!(
        only(&report.unmatched).suggestion.as_deref(),
        Some("万峰林街道 (522301008)")
    );
}

#[test]
fn full_width_code_joins_with_a_note() {
    let report = import("bad", "fullwidth_code.csv");
    assert_eq!(report.joined[0].1.township, code("522301008"));
    assert_eq!(
        only(&report.notes).to_string(),
        "fullwidth_code.csv, row 2: full-width code \"５２２３０１００８\" read as 522301008"
    );
}

#[test]
fn files_that_are_not_tables_are_errors_naming_the_file() {
    let error = |name: &str| {
        import_stations(name, &fixture("bad", name), divisions(), &options())
            .unwrap_err()
            .to_string()
    };
    assert_eq!(error("empty.csv"), "empty.csv: the file is empty");
    assert_eq!(
        error("header_only.csv"),
        "header_only.csv, row 1: the file has a header row but no station rows"
    );
    let wrong = error("wrong_delimiter.csv");
    assert!(
        wrong.starts_with("wrong_delimiter.csv, row 1: found no township code column"),
        "{wrong}"
    );
    assert!(
        wrong.contains("separated by commas, semicolons or tabs"),
        "{wrong}"
    );
    let binary = error("not_a_table.csv");
    assert!(
        binary.starts_with("not_a_table.csv, row ")
            && binary.contains(": not a CSV, XLSX or JSON table"),
        "{binary}"
    );
}

#[test]
fn mixed_file_accounts_for_every_row() {
    let report = import("bad", "mixed.csv");
    assert_eq!(report.rows_read, 6);
    assert_eq!(report.blank_rows, 1);
    let rows = |list: &[ReportRow]| list.iter().map(|r| r.row).collect::<Vec<_>>();
    assert_eq!(
        report.joined.iter().map(|(r, _)| *r).collect::<Vec<_>>(),
        [2, 8]
    );
    assert_eq!(rows(&report.unmatched), [3]);
    assert_eq!(rows(&report.duplicates), [4]);
    assert_eq!(rows(&report.invalid), [5, 7]);
    assert_eq!(report.messages(Lang::En).len(), 4);
    assert!(report
        .messages(Lang::En)
        .iter()
        .all(|m| m.starts_with("mixed.csv, row ")));

    let csv = report.to_csv(Lang::En);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "row,status,value,reason,suggestion");
    assert_eq!(lines.len(), 1 + report.rows_read);
    assert_eq!(lines[1], "2,joined,522301001,,");
    assert!(
        lines[2].starts_with("3,unmatched,522301999,"),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].starts_with("4,duplicate,522301001,"),
        "{}",
        lines[3]
    );
    assert!(lines[4].starts_with("5,invalid,7,"), "{}", lines[4]);
    assert!(lines[5].starts_with("7,invalid,在建中?,"), "{}", lines[5]);
    assert_eq!(lines[6], "8,joined,522301112,,");
}

#[test]
fn every_bad_csv_fixture_is_covered_by_the_readme() {
    let readme = String::from_utf8(fixture("bad", "README.md")).unwrap();
    let dir = format!("{}/../tests/fixtures/bad", env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name != "README.md" {
            assert!(
                readme.contains(&format!("`{name}`")),
                "{name} not in README.md"
            );
        }
    }
}

#[test]
fn county_codes_scope_and_name_mismatches() {
    let run = |text: &str, options: &JoinOptions| {
        import_stations("inline.csv", text.as_bytes(), divisions(), options)
            .unwrap()
            .2
    };
    // A county code instead of a county name.
    let report = run("区县,乡镇名称,状态\n522324,鸡场镇,运营\n", &options());
    assert_eq!(report.joined[0].1.township, code("522324104"));
    // A scope settles a name that repeats elsewhere in the country.
    let mut scoped = options();
    scoped.scope = Some(code("5223"));
    let report = run("乡镇名称,状态\n鸡场镇,运营\n", &scoped);
    assert_eq!(report.joined[0].1.township, code("522324104"));
    // The code wins over a name that disagrees, and the report says so.
    let report = run(
        "乡镇代码,乡镇名称,状态\n522301008,黄草街道,运营\n",
        &options(),
    );
    assert_eq!(report.joined[0].1.township, code("522301008"));
    assert_eq!(
        only(&report.notes).to_string(),
        "inline.csv, row 2: the file names it \"黄草街道\", the registry \"万峰林街道\"; joined by code"
    );
    // A county code is not a township code; the name column still suggests one.
    let report = run(
        "乡镇代码,乡镇名称,状态\n522301,万峰林街道,运营\n",
        &options(),
    );
    assert_eq!(
        only(&report.unmatched).to_string(),
        "inline.csv, row 2: code 522301 is a county (兴义市), not a township (did you mean 万峰林街道 (522301008)?)"
    );
    // Excel's scientific notation has lost digits.
    let report = run("乡镇代码,状态\n5.22301E+11,运营\n", &options());
    assert!(only(&report.unmatched)
        .reason
        .en
        .contains("scientific notation"));
    // An unknown county name.
    let report = run("区县,乡镇名称,状态\n兴义县,万峰林街道,运营\n", &options());
    assert_eq!(report.joined.len(), 1, "兴义县 reads as 兴义市 by its stem");
    let report = run("区县,乡镇名称,状态\n兴乂市,万峰林街道,运营\n", &scoped);
    assert_eq!(
        only(&report.unmatched).suggestion.as_deref(),
        Some("兴义市 (522301)")
    );
}

#[test]
fn markup_in_cells_is_kept_as_text() {
    let report = import("bad", "html_in_name.csv");
    let (row, station) = &report.joined[0];
    assert_eq!(*row, 2);
    assert_eq!(
        station.name,
        "<img src=x onerror=\"document.title='pwned'\">黄草街道社工站"
    );
    let miss = only(&report.unmatched);
    assert_eq!(miss.row, 3);
    assert_eq!(miss.value, "<b>522301999</b>");
    // The report's CSV quotes the cell; nothing in it is escaped or stripped.
    assert!(
        report.to_csv(Lang::En).contains("<b>522301999</b>"),
        "{}",
        report.to_csv(Lang::En)
    );
}

#[test]
fn headers_that_name_nothing_are_refused_until_mapped() {
    let err = import_stations(
        "unguessable_headers.csv",
        &fixture("bad", "unguessable_headers.csv"),
        divisions(),
        &options(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "unguessable_headers.csv, row 1: found no township code column (乡镇代码, 统计用区划代码, code) and no township name column (乡镇名称, 乡镇（街道）, township) in the header [\"字段1\", \"字段2\", \"字段3\", \"字段4\"]; columns must be separated by commas, semicolons or tabs"
    );
}

#[test]
fn the_gaps_line_names_the_counties_missing_most() {
    let report = import("good", "stations_gbk.csv");
    let line = report.gaps_line(atlas_core::lang::Lang::En, 2);
    assert_eq!(
        line,
        "8 counties in the file, 0 with a station row for every township; townships with a station row / townships: 兴义市 522301: 4/32; 兴仁市 522302: 2/18; and 6 more counties"
    );
    let zh = report.gaps_line(atlas_core::lang::Lang::Zh, 10);
    assert!(
        zh.starts_with("涉及 8 个区县，0 个区县每个乡镇都有站点行；"),
        "{zh}"
    );
    assert!(!zh.contains("另有"), "{zh}");
}

#[test]
fn townships_without_a_station_download_by_name() {
    let report = import("good", "stations_gbk.csv");
    let csv = report.gaps_csv(divisions(), Lang::En);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "county_code,county,township_code,township");
    let missing: usize = report
        .townships_without_station
        .iter()
        .map(|g| (g.townships - g.with_station) as usize)
        .sum();
    assert_eq!(lines.len(), 1 + missing);
    // 兴义市 has 32 townships and 4 station rows: 黄草街道 (001) has one, 兴泰街道 (002) not.
    assert!(lines.contains(&"522301,兴义市,522301002,兴泰街道"), "{csv}");
    assert!(!csv.contains("522301001"), "{csv}");
}

/// 合计 in the 序号 column, as bureaus often write it: a totals row, not a row without a township.
#[test]
fn a_totals_row_in_the_number_column_is_recognised() {
    let run = |text: &str| {
        import_stations("t.csv", text.as_bytes(), divisions(), &options())
            .unwrap()
            .2
    };
    let text = "序号,乡镇（街道）,是否建站\n1,者楼街道,是\n合计,,1\n";
    let report = run(text);
    assert_eq!(report.joined.len(), 1);
    assert_eq!(report.summary_rows.len(), 1, "{:?}", report.unmatched);
    assert_eq!(report.summary_rows[0].value, "合计");
    assert!(
        report.unknown_values.is_empty(),
        "{:?}",
        report.unknown_values
    );
    // A row with a township is never a totals row because another cell says 合计.
    let text = "序号,乡镇（街道）,是否建站,备注\n1,者楼街道,是,合计\n";
    assert_eq!(run(text).joined.len(), 1);
}
