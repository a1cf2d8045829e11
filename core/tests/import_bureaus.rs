//! Station tables written the way county bureaus really write them (tests/fixtures/bureaus/,
//! see its README): other headers, other words for status and rating, totals rows, a renamed
//! township, a district row, GBK, a yes/no column, XLSX. Each file's counts are the README's.

mod registry;

use registry::{divisions, fixture};

use std::collections::HashMap;

use atlas_core::data::model::{StarRating, StationStatus};
use atlas_core::date::Day;
use atlas_core::import::{
    guess_mapping, import_stations, join_stations, read_table, ImportRecipe, JoinOptions,
    JoinReport, RawTable, StationChoices, ValueField,
};

fn import(name: &str, accept_suffix_variants: bool) -> JoinReport {
    let bytes = fixture("bureaus", name);
    let options = JoinOptions {
        accept_suffix_variants,
        ..JoinOptions::new(Day::from_ymd(2026, 11, 23))
    };
    let (_, _, report) = import_stations(name, &bytes, divisions(), &options)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(report.accounts_for_every_row(), "{name}");
    report
}

/// (read, joined, unmatched, duplicates, invalid, totals rows).
fn counts(r: &JoinReport) -> (usize, usize, usize, usize, usize, usize) {
    (
        r.rows_read,
        r.joined.len(),
        r.unmatched.len(),
        r.duplicates.len(),
        r.invalid.len(),
        r.summary_rows.len(),
    )
}

fn statuses(r: &JoinReport) -> HashMap<StationStatus, usize> {
    let mut by_status = HashMap::new();
    for (_, s) in &r.joined {
        *by_status.entry(s.status).or_default() += 1;
    }
    by_status
}

#[test]
fn xingyi_gbk_joins_every_township_but_the_district() {
    let r = import("xingyi_gbk.csv", false);
    assert_eq!(counts(&r), (34, 32, 1, 0, 0, 1));
    let s = statuses(&r);
    assert_eq!(
        s[&StationStatus::Operating],
        26,
        "已建成运营 and friends, 猪场坪乡 among them"
    );
    assert_eq!(s[&StationStatus::Built], 2, "已挂牌");
    assert_eq!(s[&StationStatus::Planned], 3, "在建, 筹建, 建设中");
    assert_eq!(s[&StationStatus::NoStation], 1, "未建");
    // 猪场坪乡 under its old name: the only township of 兴义市 that 猪场坪 names is 猪场坪镇.
    let renamed = r
        .notes
        .iter()
        .find(|n| n.reason.en.contains("matched by a short form"))
        .unwrap();
    assert_eq!(renamed.value, "522301118 猪场坪镇");
    assert_eq!(renamed.accept.as_ref().unwrap().township, "猪场坪乡");
    assert_eq!(r.unmatched[0].value, "义龙新区");
    assert_eq!(r.summary_rows[0].value, "合计");
    let gap = &r.townships_without_station[0];
    assert_eq!((gap.townships, gap.with_station, gap.covered), (32, 32, 28));
    // Suffix variants accepted across the registry: the same; the district row stays listed.
    let accepted = import("xingyi_gbk.csv", true);
    assert_eq!(counts(&accepted), (34, 32, 1, 0, 0, 1));
    assert_eq!(accepted.unmatched[0].value, "义龙新区");
}

#[test]
fn ceheng_yes_no_column_and_names_read_within_the_files_county() {
    let r = import("ceheng_utf8.csv", false);
    assert_eq!(counts(&r), (14, 13, 0, 0, 0, 1));
    let s = statuses(&r);
    assert_eq!(s[&StationStatus::Built], 10, "是 and √");
    assert_eq!(s[&StationStatus::NoStation], 3, "否 and ×");
    // 八渡镇 and 双江镇 have namesakes in other provinces; the other rows are all in 册亨县.
    let read_within: Vec<&str> = r
        .notes
        .iter()
        .filter(|n| n.reason.en.contains("the county of the file's other rows"))
        .map(|n| n.value.as_str())
        .collect();
    assert_eq!(read_within, ["522327108 八渡镇", "522327111 双江镇"]);
    let excellent = r
        .joined
        .iter()
        .filter(|(_, s)| s.rating == Some(StarRating::Excellent))
        .count();
    assert_eq!(excellent, 1);
    assert_eq!(r.summary_rows[0].value, "小计");
}

#[test]
fn jinsha_xlsx_reads_another_vocabulary_and_skips_the_county_total() {
    let r = import("jinsha.xlsx", false);
    assert_eq!(counts(&r), (10, 9, 0, 0, 0, 1));
    let s = statuses(&r);
    assert_eq!(s[&StationStatus::Operating], 5);
    assert_eq!(s[&StationStatus::Built], 1);
    assert_eq!(s[&StationStatus::Closed], 2, "暂停 and 撤销");
    assert_eq!(s[&StationStatus::Planned], 1, "拟建");
    let stars: Vec<Option<StarRating>> = r.joined.iter().map(|(_, s)| s.rating).collect();
    assert!(
        stars.contains(&Some(StarRating::Excellent)),
        "标杆 reads as 优秀"
    );
    assert_eq!(r.summary_rows[0].value, "全县");
    let csv = r.to_csv(atlas_core::lang::Lang::En);
    assert!(csv.contains("summary,全县"), "{csv}");
}

/// The import of a bureau file with a recipe, as the page and `atlas --recipe` run it: the
/// recipe's columns found by header, its value meanings and accepted suggestions applied.
fn import_with_recipe(name: &str, recipe: &ImportRecipe) -> JoinReport {
    let bytes = fixture("bureaus", name);
    let table = read_table(name, &bytes).unwrap();
    let choices = recipe.choices_for(&table.headers).unwrap();
    let options = JoinOptions {
        values: choices.values.clone(),
        accepted: choices.accepted.clone(),
        ..JoinOptions::new(Day::from_ymd(2026, 11, 23))
    };
    let report = join_stations(&table, &choices.mapping, divisions(), &options).unwrap();
    assert!(report.accounts_for_every_row(), "{name}");
    report
}

fn wangmo_recipe() -> ImportRecipe {
    ImportRecipe::parse(
        "wangmo.recipe.json",
        &fixture("bureaus", "wangmo.recipe.json"),
    )
    .unwrap()
}

#[test]
fn wangmo_words_outside_the_vocabulary_wait_for_the_value_step() {
    let r = import("wangmo_tab_gb18030.txt", false);
    assert_eq!(counts(&r), (17, 1, 0, 0, 15, 1));
    // The sheet's title and 填报单位 lines sit above the header: skipped and listed.
    let titles: Vec<(usize, &str)> = r
        .title_rows
        .iter()
        .map(|t| (t.row, t.value.as_str()))
        .collect();
    assert_eq!(
        titles,
        [
            (1, "望谟县乡镇（街道）社会工作服务站建设情况统计表"),
            (2, "填报单位：望谟县民政局（盖章） 填报时间：2024年3月")
        ]
    );
    let unknown: Vec<(ValueField, &str, usize)> = r
        .unknown_values
        .iter()
        .map(|u| (u.field, u.value.as_str(), u.rows))
        .collect();
    assert_eq!(
        unknown,
        [
            (ValueField::Status, "已投用", 8),
            (ValueField::Rating, "良好", 4),
            (ValueField::Status, "已完成验收", 4),
            (ValueField::Rating, "合格", 4),
            (ValueField::Status, "正在装修", 2),
            (ValueField::Rating, "基本合格", 1),
            (ValueField::Status, "", 1),
        ]
    );
    // Most rows are invalid, yet their townships say the file is 望谟县's: 石屯镇 and 大观镇
    // (namesakes elsewhere) are read there, and the renamed 乡 rows find 望谟县's 镇 by a short
    // form, so only their values wait for the value step.
    assert!(r.acceptable().is_empty());
    let mut values_only = wangmo_recipe();
    values_only.accepted.clear();
    let r = import_with_recipe("wangmo_tab_gb18030.txt", &values_only);
    assert_eq!(counts(&r), (17, 16, 0, 0, 0, 1));
    let short: Vec<&str> = r
        .notes
        .iter()
        .filter(|n| n.reason.en.contains("matched by a short form"))
        .map(|n| n.value.as_str())
        .collect();
    assert_eq!(short, ["522326104 桑郎镇", "522326105 麻山镇"]);
}

#[test]
fn wangmo_joins_every_row_with_its_recipe() {
    let r = import_with_recipe("wangmo_tab_gb18030.txt", &wangmo_recipe());
    assert_eq!(counts(&r), (17, 16, 0, 0, 0, 1));
    assert!(r.unknown_values.is_empty());
    let s = statuses(&r);
    assert_eq!(s[&StationStatus::Operating], 9, "已投入使用 and 已投用");
    assert_eq!(s[&StationStatus::Built], 4, "已完成验收");
    assert_eq!(s[&StationStatus::Planned], 2, "正在装修");
    assert_eq!(s[&StationStatus::NoStation], 1, "the empty status");
    let four_stars = r
        .joined
        .iter()
        .filter(|(_, s)| s.rating == Some(StarRating::Stars(4)))
        .count();
    assert_eq!(four_stars, 4, "良好");
    let accepted: Vec<&str> = r
        .notes
        .iter()
        .filter(|n| n.reason.zh.starts_with("已接受建议"))
        .map(|n| n.value.as_str())
        .collect();
    assert_eq!(accepted, ["522326104 桑郎镇", "522326105 麻山镇"]);
}

#[test]
fn a_recipe_written_from_the_choices_gives_the_same_join() {
    let bytes = fixture("bureaus", "wangmo_tab_gb18030.txt");
    let table = read_table("wangmo_tab_gb18030.txt", &bytes).unwrap();
    let choices = wangmo_recipe().choices_for(&table.headers).unwrap();
    let written = ImportRecipe::from_choices("wangmo_tab_gb18030.txt", &table.headers, &choices);
    let read_back = ImportRecipe::parse("r.json", written.to_json().as_bytes()).unwrap();
    assert_eq!(read_back, written);
    assert_eq!(
        import_with_recipe("wangmo_tab_gb18030.txt", &read_back),
        import_with_recipe("wangmo_tab_gb18030.txt", &wangmo_recipe())
    );
}

/// The issue's promise: after the value step and "accept all", no row of any bureau file is
/// invalid or unmatched for a reason one choice can fix (义龙新区 is not a township at all).
#[test]
fn every_bureau_file_joins_after_the_value_step_and_accept_all() {
    for (name, recipe, unmatched) in [
        ("xingyi_gbk.csv", None, 1),
        ("ceheng_utf8.csv", None, 0),
        ("jinsha.xlsx", None, 0),
        ("wangmo_tab_gb18030.txt", Some(wangmo_recipe()), 0),
    ] {
        let bytes = fixture("bureaus", name);
        let table = read_table(name, &bytes).unwrap();
        let mut choices = match &recipe {
            Some(r) => r.choices_for(&table.headers).unwrap(),
            None => StationChoices::with_mapping(guess_mapping(&table.headers)),
        };
        let first = join_with(&table, &choices);
        for accepted in first.acceptable() {
            choices.accept(accepted.clone());
        }
        let r = join_with(&table, &choices);
        assert_eq!(r.invalid.len(), 0, "{name}: {:?}", r.invalid);
        assert_eq!(r.unmatched.len(), unmatched, "{name}: {:?}", r.unmatched);
        assert!(r.acceptable().is_empty(), "{name}");
    }
}

fn join_with(table: &RawTable, choices: &StationChoices) -> JoinReport {
    let options = JoinOptions {
        values: choices.values.clone(),
        accepted: choices.accepted.clone(),
        ..JoinOptions::new(Day::from_ymd(2026, 11, 23))
    };
    join_stations(table, &choices.mapping, divisions(), &options).unwrap()
}

#[test]
fn a_file_spread_over_counties_keeps_ambiguous_names_unmatched() {
    // Two rows in two counties and one ambiguous name: no county holds four in five rows.
    let table = "所属乡镇,县区,是否建成\n黄草街道,兴义市,是\n者楼街道,册亨县,是\n双江镇,,是\n";
    let (_, _, r) = import_stations(
        "mixed.csv",
        table.as_bytes(),
        divisions(),
        &JoinOptions::new(Day::from_ymd(2026, 11, 23)),
    )
    .unwrap();
    assert_eq!(counts(&r), (3, 2, 1, 0, 0, 0));
    assert!(
        r.unmatched[0].reason.en.contains("is ambiguous"),
        "{:?}",
        r.unmatched[0]
    );
}

/// A real zip bomb in XLSX clothing: a valid workbook whose sheet XML holds 600 MB of spaces,
/// deflated to well under 1 MB. It is refused from the ZIP's directory, before inflating.
#[test]
fn an_xlsx_that_expands_past_the_limit_is_refused_before_reading() {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="s" sheetId="1"/></sheets></workbook>"#,
        ),
    ] {
        zip.start_file(name, deflated).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.start_file("xl/worksheets/sheet1.xml", deflated.large_file(true))
        .unwrap();
    zip.write_all(b"<worksheet><sheetData>").unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..600 {
        zip.write_all(&spaces).unwrap();
    }
    zip.write_all(b"</sheetData></worksheet>").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert!(
        bytes.len() < 4 << 20,
        "the bomb is small: {} bytes",
        bytes.len()
    );

    let started = std::time::Instant::now();
    let err = atlas_core::import::read_table("bomb.xlsx", &bytes).unwrap_err();
    let message = err.to_string();
    assert!(
        message.starts_with("bomb.xlsx: refused before reading"),
        "{message}"
    );
    assert!(message.contains("expand to 600 MB"), "{message}");
    let zh = err.text(atlas_core::lang::Lang::Zh);
    assert!(
        zh.starts_with("bomb.xlsx：未读取即拒绝：XLSX 文件")
            && zh.contains("解压后将达 600 MB，超过 500 MB 上限"),
        "{zh}"
    );
    println!(
        "zip bomb of {} KB refused in {:?}",
        bytes.len() / 1024,
        started.elapsed()
    );
}
