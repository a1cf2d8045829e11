//! County tables written with the names people use (tests/fixtures/bureaus/, see its README):
//! 民族乡 without their nationalities, 街道 left off or written 街道办事处, two yes/no status
//! columns, notes and signatures under the table. Each file's counts are the README's.

mod registry;

use registry::{divisions, fixture};

use std::collections::HashMap;

use atlas_core::data::model::{StarRating, StationStatus};
use atlas_core::date::Day;
use atlas_core::import::{
    import_stations, join_stations, read_table, Field, ImportRecipe, JoinOptions, JoinReport,
    StationChoices,
};

fn options() -> JoinOptions {
    JoinOptions::new(Day::from_ymd(2026, 11, 23))
}

fn import(name: &str) -> JoinReport {
    let bytes = fixture("bureaus", name);
    let (_, _, report) = import_stations(name, &bytes, divisions(), &options())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(report.accounts_for_every_row(), "{name}");
    report
}

/// (read, joined, unmatched, duplicates, invalid, totals rows, note lines).
fn counts(r: &JoinReport) -> (usize, usize, usize, usize, usize, usize, usize) {
    (
        r.rows_read,
        r.joined.len(),
        r.unmatched.len(),
        r.duplicates.len(),
        r.invalid.len(),
        r.summary_rows.len(),
        r.note_rows.len(),
    )
}

fn statuses(r: &JoinReport) -> HashMap<StationStatus, usize> {
    let mut by_status = HashMap::new();
    for (_, s) in &r.joined {
        *by_status.entry(s.status).or_default() += 1;
    }
    by_status
}

/// The joined rows matched by a short form of their name: (as written, registry code).
fn short_forms(r: &JoinReport) -> Vec<(String, String)> {
    r.notes
        .iter()
        .filter(|n| n.reason.en.contains("matched by a short form"))
        .map(|n| {
            let a = n.accept.as_ref().expect("a short-form match can be undone");
            (a.township.clone(), a.code.to_string())
        })
        .collect()
}

/// No suggestion of any row points outside `county`.
fn suggestions_inside(r: &JoinReport, county: &str) {
    for row in r.unmatched.iter().chain(&r.invalid) {
        if let Some(a) = &row.accept {
            assert!(a.code.as_str().starts_with(county), "{row}");
        }
    }
}

#[test]
fn qixingguan_joins_every_township_as_people_name_them() {
    let r = import("qixingguan_bom.csv");
    assert_eq!(counts(&r), (51, 48, 0, 0, 0, 1, 2));
    assert_eq!(r.title_rows.len(), 1, "the sheet's title");
    let short = short_forms(&r);
    let written: Vec<&str> = short.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(
        written,
        [
            "三板桥",
            "德溪",
            "千溪乡",
            "阴底乡",
            "团结乡",
            "阿市乡",
            "大屯乡",
            "田坎乡"
        ]
    );
    assert!(short.contains(&("千溪乡".into(), "520502200".into())));
    // Built and operating are told apart: 是否挂牌 + 是否实体化运营.
    let s = statuses(&r);
    assert_eq!(s[&StationStatus::Operating], 36);
    assert_eq!(s[&StationStatus::Built], 8);
    assert_eq!(s[&StationStatus::NoStation], 4);
    let excellent = r
        .joined
        .iter()
        .filter(|(_, s)| s.rating == Some(StarRating::Excellent))
        .count();
    assert_eq!(excellent, 2, "省级示范站 and 市级示范站");
    let notes: Vec<&str> = r.note_rows.iter().map(|n| n.value.as_str()).collect();
    assert!(notes[0].starts_with("注："), "{notes:?}");
    assert!(notes[1].starts_with("填表人："), "{notes:?}");
    assert_eq!(r.summary_rows[0].value, "合计");
    let gap = &r.townships_without_station[0];
    assert_eq!((gap.townships, gap.with_station, gap.covered), (48, 48, 44));
}

#[test]
fn a_short_form_match_can_be_undone_and_the_recipe_keeps_it() {
    let name = "qixingguan_bom.csv";
    let bytes = fixture("bureaus", name);
    let table = read_table(name, &bytes).unwrap();
    let first = import(name);
    let qianxi = first
        .notes
        .iter()
        .find_map(|n| n.accept.clone().filter(|a| a.township == "千溪乡"))
        .unwrap();
    let (_, _, guessed) = import_stations(name, &bytes, divisions(), &options()).unwrap();
    assert_eq!(guessed.joined.len(), 48);
    let mapping = atlas_core::import::guess_mapping(&table.headers);
    assert_eq!(
        (mapping.get(Field::Status), mapping.get(Field::Operating)),
        (Some(2), Some(3)),
        "是否挂牌 and 是否实体化运营"
    );
    let mut choices = StationChoices::with_mapping(mapping);
    choices.refuse(qianxi.clone());
    let recipe = ImportRecipe::from_choices(name, &table.headers, &choices);
    let json = recipe.to_json();
    assert!(json.contains("\"operating\": \"是否实体化运营\""), "{json}");
    assert!(json.contains("\"refused\""), "{json}");
    let again = ImportRecipe::parse("r.json", json.as_bytes())
        .unwrap()
        .choices_for(&table.headers)
        .unwrap();
    assert_eq!(again, choices);
    let undone = join_stations(
        &table,
        &again.mapping,
        divisions(),
        &JoinOptions {
            refused: again.refused.clone(),
            ..options()
        },
    )
    .unwrap();
    assert_eq!((undone.joined.len(), undone.unmatched.len()), (47, 1));
    let row = &undone.unmatched[0];
    assert_eq!(row.value, "千溪乡");
    assert_eq!(
        row.accept.as_ref().map(|a| a.code.to_string()),
        Some("520502200".into()),
        "offered again as a suggestion"
    );
    // Accepting it again takes it off the refused list.
    let mut back = again.clone();
    back.accept(row.accept.clone().unwrap());
    assert!(back.refused.is_empty());
}

#[test]
fn chabuchaer_reads_sibe_and_hui_township_names_within_its_county() {
    let r = import("chabuchaer_tab_gb18030.txt");
    assert_eq!(counts(&r), (15, 13, 0, 0, 0, 0, 2));
    assert_eq!(r.blank_rows, 1);
    assert_eq!(
        short_forms(&r),
        [("米粮泉乡".to_string(), "654022205".to_string())]
    );
    let s = statuses(&r);
    assert_eq!(s[&StationStatus::Operating], 9);
    assert_eq!(s[&StationStatus::Built], 2);
    assert_eq!(s[&StationStatus::Planned], 1);
    assert_eq!(s[&StationStatus::NoStation], 1);
    let notes: Vec<&str> = r.note_rows.iter().map(|n| n.value.as_str()).collect();
    assert!(notes[0].starts_with("说明："), "{notes:?}");
    assert!(notes[1].starts_with("联系人："), "{notes:?}");
}

#[test]
fn yuexiu_streets_join_without_their_suffix_and_with_two_status_columns() {
    let r = import("yuexiu_semicolon.csv");
    assert_eq!(counts(&r), (19, 18, 0, 0, 0, 0, 1));
    let written: Vec<String> = short_forms(&r).into_iter().map(|(w, _)| w).collect();
    assert_eq!(written, ["六榕", "农林", "珠光"]);
    let s = statuses(&r);
    assert_eq!(s[&StationStatus::Operating], 14);
    assert_eq!(s[&StationStatus::Built], 3);
    assert_eq!(s[&StationStatus::NoStation], 1);
    assert!(r.note_rows[0].value.starts_with("数据来源："));
    suggestions_inside(&r, "440104");
}

#[test]
fn a_name_nothing_in_the_files_county_matches_gets_no_suggestion_from_another_province() {
    // 七星关区's table with two townships written so that nothing in the county matches them:
    // 柳塘 is a 镇 of 金沙县 in the same prefecture, 绿荫 nowhere.
    let text = String::from_utf8(fixture("bureaus", "qixingguan_bom.csv"))
        .unwrap()
        .replace("野角乡", "柳塘乡")
        .replace("大河乡", "绿荫乡");
    let (_, _, r) = import_stations("q.csv", text.as_bytes(), divisions(), &options()).unwrap();
    assert_eq!((r.joined.len(), r.unmatched.len()), (46, 2));
    let liutang = &r.unmatched[0];
    assert_eq!(liutang.value, "柳塘乡");
    assert!(liutang.reason.en.contains("七星关区"), "{liutang}");
    assert!(liutang.reason.en.contains("outside it"), "{liutang}");
    assert_eq!(liutang.suggestion.as_deref(), Some("柳塘镇 (520523107)"));
    let lvyin = &r.unmatched[1];
    assert_eq!(lvyin.value, "绿荫乡");
    assert_eq!(lvyin.suggestion, None, "{lvyin}");
    suggestions_inside(&r, "5205");
}

#[test]
fn a_note_is_a_line_of_its_own_never_a_rows_remark() {
    let csv = "区县,乡镇,状态,备注\n望谟县,王母街道,运营,备注：新址\n望谟县,新屯街道,是,\n注：以上数据截至2024年3月\n联系电话 : 0859-4610000,,,\n";
    let (_, _, r) = import_stations("t.csv", csv.as_bytes(), divisions(), &options()).unwrap();
    assert_eq!(counts(&r), (4, 2, 0, 0, 0, 0, 2));
    assert_eq!(r.note_rows[0].row, 4);
    assert!(r.note_rows[1].value.starts_with("联系电话"));
    let csv_report = r.to_csv(atlas_core::lang::Lang::Zh);
    assert!(
        csv_report.contains("4,注释行,注：以上数据截至2024年3月"),
        "{csv_report}"
    );
}

#[test]
fn the_operating_column_tells_built_from_operating_and_its_unknown_words_go_to_the_value_step() {
    let csv = "区县,乡镇,是否挂牌,是否实体化运营\n望谟县,王母街道,是,是\n望谟县,新屯街道,是,否\n望谟县,大观镇,否,\n望谟县,石屯镇,是,待定\n";
    let (_, _, r) = import_stations("t.csv", csv.as_bytes(), divisions(), &options()).unwrap();
    let s = statuses(&r);
    assert_eq!(s[&StationStatus::Operating], 1);
    assert_eq!(s[&StationStatus::Built], 1);
    assert_eq!(
        s[&StationStatus::NoStation],
        1,
        "an empty operating cell leaves 否"
    );
    assert_eq!(r.invalid.len(), 1);
    assert_eq!(r.unknown_values[0].value, "待定");
}

#[test]
fn a_one_county_table_never_joins_a_name_found_only_in_another_prefecture() {
    // 万峰林街道 is a township of 兴义市 (黔西南), unique in the registry: in 七星关区's table
    // (毕节) it is not joined there, and the row says where the name lies.
    let text = String::from_utf8(fixture("bureaus", "qixingguan_bom.csv"))
        .unwrap()
        .replace("野角乡", "万峰林街道");
    let (_, _, r) = import_stations("q.csv", text.as_bytes(), divisions(), &options()).unwrap();
    assert!(r.accounts_for_every_row());
    assert_eq!((r.joined.len(), r.unmatched.len()), (47, 1));
    assert!(r
        .joined
        .iter()
        .all(|(_, s)| s.township.as_str().starts_with("520502")));
    let row = &r.unmatched[0];
    assert_eq!(row.value, "万峰林街道");
    assert!(
        row.reason.en.contains("outside it: 万峰林街道 (522301"),
        "{row}"
    );
    assert!(row.reason.zh.contains("同名乡镇在区县外"), "{row}");
    assert!(
        row.reason.en.contains("outside the prefecture too"),
        "{row}"
    );
    suggestions_inside(&r, "5205");
}
