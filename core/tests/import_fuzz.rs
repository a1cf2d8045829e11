//! Property tests: the station-table reader, the value parsers and the join never panic, and the
//! join accounts for every row, whatever the bytes.

use atlas_core::data::divisions::Divisions;
use atlas_core::date::{Day, PartialDate};
use atlas_core::import::{
    guess_mapping, join_stations, parse_open_date, parse_star, parse_status, parse_tier,
    read_table, JoinOptions,
};
use proptest::prelude::*;

fn small_registry() -> Divisions {
    Divisions::from_csv(
        "divisions.csv",
        "code,name\n52,贵州省\n5223,黔西南布依族苗族自治州\n522301,兴义市\n522301008,万峰林街道\n522301100,敬南镇\n522302,兴仁市\n522302100,敬南镇\n",
    )
    .unwrap()
}

/// Text made of the characters that matter to the reader: delimiters, quotes, line ends,
/// digits, CJK, full-width digits, BOM and a few controls.
fn table_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just(",".to_string()),
            Just(";".to_string()),
            Just("\t".to_string()),
            Just("\"".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("乡镇代码".to_string()),
            Just("乡镇名称".to_string()),
            Just("区县".to_string()),
            Just("状态".to_string()),
            Just("星级".to_string()),
            Just("建站时间".to_string()),
            Just("522301008".to_string()),
            Just("522301008000".to_string()),
            Just("５２２".to_string()),
            Just("敬南镇".to_string()),
            Just("兴义市".to_string()),
            Just("运营".to_string()),
            Just("45291".to_string()),
            Just("2023年12月".to_string()),
            Just("★".to_string()),
            Just("\u{FEFF}".to_string()),
            Just("[".to_string()),
            Just("{".to_string()),
            "[0-9a-z ./-]{0,4}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn reader_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = read_table("fuzz.csv", &bytes);
    }

    #[test]
    fn reader_never_panics_on_broken_zips(tail in proptest::collection::vec(any::<u8>(), 0..300)) {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend(tail);
        prop_assert!(read_table("fuzz.xlsx", &bytes).is_err());
    }

    #[test]
    fn reader_never_panics_on_gbk(text in table_text()) {
        let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
        let _ = read_table("fuzz.csv", &bytes);
    }

    #[test]
    fn value_parsers_never_panic(raw in "\\PC{0,16}") {
        let _ = parse_open_date(&raw);
        let _ = parse_star(&raw);
        let _ = parse_status(&raw);
        let _ = parse_tier(&raw);
    }

    #[test]
    fn date_parser_never_panics_on_date_like_text(raw in "[0-9０-９年月日./: T-]{0,20}") {
        if let Ok(Some(date)) = parse_open_date(&raw) {
            // Whatever it reads is a real calendar date.
            prop_assert_eq!(PartialDate::parse(&date.to_string()), Some(date));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn join_accounts_for_every_row(text in table_text()) {
        let divisions = small_registry();
        if let Ok(table) = read_table("fuzz.csv", text.as_bytes()) {
            let mapping = guess_mapping(&table.headers);
            let options = JoinOptions::new(Day::from_ymd(2026, 11, 23));
            if let Ok(report) = join_stations(&table, &mapping, &divisions, &options) {
                prop_assert!(report.accounts_for_every_row());
                prop_assert_eq!(report.to_csv(atlas_core::lang::Lang::En).lines().count() >= 1, true);
            }
        }
    }
}
