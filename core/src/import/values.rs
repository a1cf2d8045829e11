//! Cell values as bureaus write them: statuses, star ratings, tiers and dates in Chinese or
//! English, and Excel's serial day numbers.

use crate::data::model::{StarRating, StationStatus, Tier};
use crate::date::{Day, PartialDate};
use crate::lang::Text;

use super::text::normalise_name;

/// How bureaus write a station's status, exactly as it appears in a cell (after
/// [`normalise_name`]: half-width, no spaces, lower case), and what it means. The one table of
/// status words: the page's value step, the CLI and the docs all read it.
///
/// - *operating*: the station runs (已建成运营, 运营中, 实体化运营…).
/// - *built*: built or officially set up (挂牌, a plaque is hung) but not said to run; a built
///   station covers its township (see [`StationStatus::covers_township`]).
/// - *planned*: not built yet: under construction (在建, 建设中, 筹建) or planned (拟建, 计划).
/// - *closed*: suspended, stopped, revoked or merged away (暂停, 停运, 撤销, 合并).
/// - *no station*: the row says the township has none (未建, 暂无; 否/×/无/0 in a yes/no column
///   such as 是否建站), so it is joined and counted as not covered, never as invalid.
pub const STATUS_WORDS: &[(&str, StationStatus)] = &[
    // Operating.
    ("已建成运营", StationStatus::Operating),
    ("建成运营", StationStatus::Operating),
    ("已建成并运营", StationStatus::Operating),
    ("已运营", StationStatus::Operating),
    ("运营", StationStatus::Operating),
    ("运营中", StationStatus::Operating),
    ("正常运营", StationStatus::Operating),
    ("实体化运营", StationStatus::Operating),
    ("已实体化运营", StationStatus::Operating),
    ("试运营", StationStatus::Operating),
    ("运行", StationStatus::Operating),
    ("运行中", StationStatus::Operating),
    ("正常运行", StationStatus::Operating),
    ("已投入使用", StationStatus::Operating),
    ("投入使用", StationStatus::Operating),
    ("已挂牌运营", StationStatus::Operating),
    ("operating", StationStatus::Operating),
    ("operational", StationStatus::Operating),
    ("inoperation", StationStatus::Operating),
    ("running", StationStatus::Operating),
    ("open", StationStatus::Operating),
    // Built (or set up) without being said to run.
    ("已建成", StationStatus::Built),
    ("建成", StationStatus::Built),
    ("已建", StationStatus::Built),
    ("建成未运营", StationStatus::Built),
    ("已建成未运营", StationStatus::Built),
    ("已挂牌", StationStatus::Built),
    ("挂牌", StationStatus::Built),
    ("已成立", StationStatus::Built),
    ("已设立", StationStatus::Built),
    ("已完成", StationStatus::Built),
    ("完成", StationStatus::Built),
    ("built", StationStatus::Built),
    ("completed", StationStatus::Built),
    // Yes/no columns (是否建站, 是否建成): yes means a station stands.
    ("是", StationStatus::Built),
    ("有", StationStatus::Built),
    ("√", StationStatus::Built),
    ("✓", StationStatus::Built),
    ("✔", StationStatus::Built),
    ("1", StationStatus::Built),
    ("yes", StationStatus::Built),
    ("y", StationStatus::Built),
    ("true", StationStatus::Built),
    // Planned or under construction.
    ("在建", StationStatus::Planned),
    ("建设中", StationStatus::Planned),
    ("正在建设", StationStatus::Planned),
    ("筹建", StationStatus::Planned),
    ("筹建中", StationStatus::Planned),
    ("拟建", StationStatus::Planned),
    ("待建", StationStatus::Planned),
    ("计划", StationStatus::Planned),
    ("计划建设", StationStatus::Planned),
    ("规划", StationStatus::Planned),
    ("规划中", StationStatus::Planned),
    ("planned", StationStatus::Planned),
    ("planning", StationStatus::Planned),
    ("underconstruction", StationStatus::Planned),
    ("notstarted", StationStatus::Planned),
    // Closed.
    ("暂停", StationStatus::Closed),
    ("暂停运营", StationStatus::Closed),
    ("停运", StationStatus::Closed),
    ("停止运营", StationStatus::Closed),
    ("关闭", StationStatus::Closed),
    ("已关闭", StationStatus::Closed),
    ("停用", StationStatus::Closed),
    ("已停用", StationStatus::Closed),
    ("撤销", StationStatus::Closed),
    ("已撤销", StationStatus::Closed),
    ("合并", StationStatus::Closed),
    ("已合并", StationStatus::Closed),
    ("closed", StationStatus::Closed),
    ("suspended", StationStatus::Closed),
    // No station.
    ("未建", StationStatus::NoStation),
    ("未建设", StationStatus::NoStation),
    ("未建站", StationStatus::NoStation),
    ("暂无", StationStatus::NoStation),
    ("无", StationStatus::NoStation),
    ("没有", StationStatus::NoStation),
    ("否", StationStatus::NoStation),
    ("×", StationStatus::NoStation),
    ("✗", StationStatus::NoStation),
    ("✘", StationStatus::NoStation),
    ("0", StationStatus::NoStation),
    ("no", StationStatus::NoStation),
    ("n", StationStatus::NoStation),
    ("false", StationStatus::NoStation),
    ("none", StationStatus::NoStation),
    ("nostation", StationStatus::NoStation),
    ("notbuilt", StationStatus::NoStation),
];

/// A status cell in the words of [`STATUS_WORDS`]; `None` for anything else (the page's value
/// step then asks the user). A phrase the table lacks is read by its decisive word, strongest
/// first (停/撤销/合并 → closed, 未建/暂无 → none, 在建/筹建/计划 → planned, 运营/运行 → operating,
/// 建成/挂牌 → built), so "已挂牌并实体化运营" reads as operating; a phrase with a question mark
/// is never read this way.
pub fn parse_status(raw: &str) -> Option<StationStatus> {
    let s = normalise_name(raw);
    let s = s.trim_end_matches(['。', '.', ';', '；', ',', '，']);
    if let Some((_, status)) = STATUS_WORDS.iter().find(|(word, _)| *word == s) {
        return Some(*status);
    }
    status_by_keyword(s)
}

/// The decisive word of a longer status phrase. Negated forms are checked before the words they
/// contain (未运营 before 运营).
fn status_by_keyword(s: &str) -> Option<StationStatus> {
    const KEYWORDS: &[(&[&str], StationStatus)] = &[
        (
            &["暂停", "停运", "停用", "关闭", "撤销", "合并", "撤并"],
            StationStatus::Closed,
        ),
        (&["未建", "暂无", "尚未建"], StationStatus::NoStation),
        (&["未运营", "未运行", "尚未运营"], StationStatus::Built),
        (
            &["在建", "建设中", "筹建", "拟建", "待建", "计划", "规划"],
            StationStatus::Planned,
        ),
        (&["运营", "运行", "投入使用"], StationStatus::Operating),
        (&["建成", "挂牌", "已建", "成立"], StationStatus::Built),
    ];
    // A question mark is the writer's doubt ("在建中?"): not a status to read a word out of.
    if s.is_empty() || s.contains(['?', '？']) {
        return None;
    }
    KEYWORDS
        .iter()
        .find(|(words, _)| words.iter().any(|w| s.contains(w)))
        .map(|(_, status)| *status)
}

/// Star ratings: `1`–`5` (also `3星`, `3 stars`, `3.0`), `一星`…`五星` (`三星级`, `四星级站点`),
/// `★★★`, and Guizhou's `优秀`/`优秀站`/`excellent`, with `示范`/`标杆` (demonstration and
/// benchmark stations) read as 优秀. Empty, `无`, `未评` and `未评星` mean "not rated". The error
/// says what was found.
pub fn parse_star(raw: &str) -> Result<Option<StarRating>, Text> {
    let s = normalise_name(raw);
    if matches!(
        s.as_str(),
        "" | "无" | "未评" | "未评星" | "未评定" | "暂无" | "-" | "/" | "—"
    ) {
        return Ok(None);
    }
    // Guizhou's top grade is 优秀站; 示范站 and 标杆站 (demonstration, benchmark) are the same
    // distinction elsewhere, above any star count, so they read as 优秀 too. A title names the
    // level that awarded it (省级示范站: the province's demonstration station, 市级, 县级): the
    // title is the same distinction whoever awards it, so the level is dropped.
    let s = s
        .trim_end_matches("站点")
        .trim_end_matches('站')
        .trim_end_matches("等次")
        .to_string();
    let s = ["省级", "市级", "州级", "县级", "区级"]
        .iter()
        .find_map(|level| s.strip_prefix(level))
        .filter(|rest| matches!(*rest, "示范" | "标杆" | "示范点"))
        .map_or(s.clone(), str::to_string);
    if matches!(
        s.as_str(),
        "优秀" | "优秀站" | "excellent" | "示范" | "标杆" | "示范点" | "标杆站"
    ) {
        return Ok(Some(StarRating::Excellent));
    }
    let expected = Text::new(
        "应为 1–5 星（1…5、一星…五星、★…★★★★★）或 优秀",
        "expected 1–5 stars (1…5, 一星…五星, ★…★★★★★) or 优秀/excellent",
    );
    let stars: Option<u32> = if !s.is_empty() && s.chars().all(|c| c == '★' || c == '☆') {
        Some(s.chars().filter(|c| *c == '★').count() as u32)
    } else {
        let stem = s
            .trim_end_matches("级")
            .trim_end_matches("stars")
            .trim_end_matches("star")
            .trim_end_matches('星');
        let stem = stem.strip_suffix(".0").unwrap_or(stem);
        match stem {
            "一" => Some(1),
            "二" | "两" => Some(2),
            "三" => Some(3),
            "四" => Some(4),
            "五" => Some(5),
            digits if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
                digits.parse::<u32>().ok().or(Some(u32::MAX))
            }
            _ => None,
        }
    };
    match stars {
        Some(n @ 1..=5) => Ok(Some(StarRating::Stars(n as u8))),
        Some(_) => Err(Text::new(
            format!("星级 {:?} 超出范围：{}", raw.trim(), expected.zh),
            format!(
                "star rating {:?} is out of range: {}",
                raw.trim(),
                expected.en
            ),
        )),
        None => Err(Text::new(
            format!("星级 {:?} 无法识别：{}", raw.trim(), expected.zh),
            format!("cannot read star rating {:?}: {}", raw.trim(), expected.en),
        )),
    }
}

/// `指导中心`, `总站`, `社工站`, `社工室` (with common longer forms, and English). Empty is a
/// township station: that is what a station table lists.
pub fn parse_tier(raw: &str) -> Option<Tier> {
    let s = normalise_name(raw);
    if s.is_empty() {
        return Some(Tier::TownshipStation);
    }
    if s.contains("指导中心") || s.contains("guidance") {
        Some(Tier::GuidanceCentre)
    } else if s.contains("总站") || s.contains("headstation") || s == "county" {
        Some(Tier::CountyHeadStation)
    } else if s.contains("社工室") || s.contains("村") || s.contains("社区") || s.contains("room")
    {
        Some(Tier::VillageRoom)
    } else if s.contains("社工站") || s == "站" || s.contains("townshipstation") || s == "township"
    {
        Some(Tier::TownshipStation)
    } else {
        None
    }
}

/// Excel's day number (1900 date system): 45291 is 2023-12-31. Fractions (a time of day) are
/// dropped. `None` before 1900-03-01 and after the years of [`crate::date::DATE_YEARS`], where
/// the number is not a station's date.
pub fn excel_serial_date(serial: f64) -> Option<PartialDate> {
    if !serial.is_finite() || !(61.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Serial 60 is Excel's phantom 1900-02-29; from 61 on, day 0 is 1899-12-30.
    let day = Day::from_ymd(1899, 12, 30).plus_days(serial.floor() as i64);
    crate::date::DATE_YEARS
        .contains(&day.ymd().0)
        .then(|| day.date())
}

/// Open dates: everything [`PartialDate::parse`] reads (`2023-12-31`, `2023/12/31`, `2023.12`,
/// `2023年12月`, `2023年12月31日`), a trailing time (`2023-12-31 00:00:00`, `…T08:00`), and
/// Excel serial numbers (`45291`, `45291.5`). Empty means "not given".
pub fn parse_open_date(raw: &str) -> Result<Option<PartialDate>, Text> {
    let s = super::text::half_width(raw);
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let unreadable = || {
        Text::new(
            format!("建站日期 {s:?} 无法识别：应为 2023-12-31、2023/12/31、2023年12月 这样的日期或 Excel 日期序号"),
            format!("cannot read open date {s:?}: expected a date such as 2023-12-31, 2023/12/31, 2023年12月 or an Excel day number"),
        )
    };
    let numeric = s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && s.bytes().filter(|b| *b == b'.').count() <= 1
        && s.len() <= 12;
    if numeric && s.len() >= 5 && !s.starts_with('.') {
        // Four digits are a year; five or more (before any fraction) a serial day number.
        let whole = s.split('.').next().unwrap_or("");
        if whole.len() >= 5 {
            return match s.parse::<f64>().ok().and_then(excel_serial_date) {
                Some(date) => Ok(Some(date)),
                None => Err(unreadable()),
            };
        }
    }
    let date_part = s
        .split(['T', ' '])
        .next()
        .unwrap_or(s)
        .trim_end_matches(['-', '/', '.']);
    if let Some(read) = year_last(date_part) {
        return read.map(Some);
    }
    match PartialDate::parse(date_part) {
        Some(date) => Ok(Some(date)),
        None => Err(unreadable()),
    }
}

/// Dates written with the year last, as spreadsheets in other locales export them: `06/2021`
/// (month/year), and `30/06/2021` or `06/30/2021` when the day tells day and month apart
/// (a number over 12). `03/04/2021` could be either and is refused, saying so; `None` when the
/// text is not of this shape.
fn year_last(s: &str) -> Option<Result<PartialDate, Text>> {
    let parts: Vec<&str> = s.split(['/', '.', '-']).collect();
    let number = |p: &str| {
        (!p.is_empty() && p.len() <= 2)
            .then(|| p.parse::<u8>().ok())
            .flatten()
    };
    let year = parts.last().filter(|y| y.len() == 4)?.parse::<i32>().ok()?;
    let (day, month) = match parts.as_slice() {
        [m, _] => (None, number(m)?),
        [a, b, _] => {
            let (a, b) = (number(a)?, number(b)?);
            match (a > 12, b > 12) {
                (true, false) => (Some(a), b),
                (false, true) => (Some(b), a),
                _ => {
                    return Some(Err(Text::new(
                        format!("建站日期 {s:?} 无法判断日与月的先后（{a} 和 {b} 都可能是月份）：请写成 2021-04-03 这样的格式"),
                        format!("open date {s:?} could be day/month or month/day ({a} and {b} could both be months): write it as 2021-04-03"),
                    )))
                }
            }
        }
        _ => return None,
    };
    let text = match day {
        Some(d) => format!("{year}-{month:02}-{d:02}"),
        None => format!("{year}-{month:02}"),
    };
    Some(PartialDate::parse(&text).ok_or_else(|| {
        Text::new(
            format!("建站日期 {s:?} 不是有效日期"),
            format!("open date {s:?} is not a real date"),
        )
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_word_of_the_table_reads_as_itself() {
        for (word, status) in STATUS_WORDS {
            assert_eq!(parse_status(word), Some(*status), "{word}");
            // Full-width spaces and a trailing full stop, as typed in a spreadsheet.
            assert_eq!(
                parse_status(&format!(" {word}　。")),
                Some(*status),
                "{word}"
            );
        }
        let words: std::collections::HashSet<_> = STATUS_WORDS.iter().map(|(w, _)| w).collect();
        assert_eq!(words.len(), STATUS_WORDS.len(), "a word listed twice");
    }

    #[test]
    fn statuses_as_bureaus_write_them() {
        use StationStatus::*;
        for (raw, status) in [
            ("已建成运营", Operating),
            ("建成运营", Operating),
            ("已运营", Operating),
            ("运营中", Operating),
            ("正常运营", Operating),
            ("实体化运营", Operating),
            ("已挂牌", Built),
            ("挂牌", Built),
            ("已建成", Built),
            ("建成未运营", Built),
            ("在建", Planned),
            ("建设中", Planned),
            ("筹建", Planned),
            ("拟建", Planned),
            ("计划", Planned),
            ("规划", Planned),
            ("未建", NoStation),
            ("暂无", NoStation),
            ("暂停", Closed),
            ("停运", Closed),
            ("撤销", Closed),
            ("合并", Closed),
            // Yes/no columns.
            ("是", Built),
            ("否", NoStation),
            ("√", Built),
            ("×", NoStation),
            ("✓", Built),
            ("✗", NoStation),
            ("有", Built),
            ("无", NoStation),
            ("1", Built),
            ("0", NoStation),
            // Longer phrases by their decisive word.
            ("已挂牌并实体化运营", Operating),
            ("已建成，尚未运营", Built),
            ("因乡镇合并撤销", Closed),
            ("2024年计划建设", Planned),
        ] {
            assert_eq!(parse_status(raw), Some(status), "{raw}");
        }
    }

    #[test]
    fn ratings_as_bureaus_write_them() {
        for (raw, stars) in [
            ("★★★", 3),
            ("三星", 3),
            ("三星级", 3),
            ("3星", 3),
            ("3", 3),
            ("四星级站点", 4),
            ("五星级站", 5),
        ] {
            assert_eq!(parse_star(raw), Ok(Some(StarRating::Stars(stars))), "{raw}");
        }
        for raw in [
            "优秀",
            "优秀站",
            "示范",
            "示范站",
            "标杆",
            "标杆站",
            "省级示范站",
            "市级示范站",
            "县级标杆站",
        ] {
            assert_eq!(parse_star(raw), Ok(Some(StarRating::Excellent)), "{raw}");
        }
        for raw in ["", "无", "未评", "未评星"] {
            assert_eq!(parse_star(raw), Ok(None), "{raw}");
        }
        assert!(parse_star("六星").is_err());
    }

    #[test]
    fn dates_as_bureaus_write_them() {
        for (raw, shown) in [
            ("2021年6月", "2021-06"),
            ("2021年6月30日", "2021-06-30"),
            ("2021/9/15", "2021-09-15"),
            ("2022.5", "2022-05"),
            ("2022-01", "2022-01"),
            ("2023年", "2023"),
            ("45291", "2023-12-31"),
        ] {
            assert_eq!(
                parse_open_date(raw).unwrap().unwrap().to_string(),
                shown,
                "{raw}"
            );
        }
    }

    #[test]
    fn statuses_in_both_languages() {
        assert_eq!(parse_status("已建成"), Some(StationStatus::Built));
        assert_eq!(parse_status(" Built "), Some(StationStatus::Built));
        assert_eq!(parse_status("实体化运营"), Some(StationStatus::Operating));
        assert_eq!(parse_status("计划"), Some(StationStatus::Planned));
        assert_eq!(parse_status("停用"), Some(StationStatus::Closed));
        assert_eq!(parse_status("在建中?"), None);
        // A word that says nothing about a station stays unknown: the value step asks.
        assert_eq!(parse_status("待定"), None);
        assert_eq!(parse_status("见备注"), None);
        assert_eq!(parse_status(""), None);
    }

    #[test]
    fn stars_in_every_spelling() {
        for (raw, want) in [
            ("3", StarRating::Stars(3)),
            ("５", StarRating::Stars(5)),
            ("四星", StarRating::Stars(4)),
            ("三星级", StarRating::Stars(3)),
            ("★★", StarRating::Stars(2)),
            ("4 stars", StarRating::Stars(4)),
            ("1.0", StarRating::Stars(1)),
            ("优秀", StarRating::Excellent),
            ("Excellent", StarRating::Excellent),
        ] {
            assert_eq!(parse_star(raw), Ok(Some(want)), "{raw}");
        }
        assert_eq!(parse_star(" "), Ok(None));
        assert!(parse_star("7").unwrap_err().en.contains("out of range"));
        assert!(parse_star("99999999999999999999").is_err());
        assert!(parse_star("good").unwrap_err().en.contains("cannot read"));
    }

    #[test]
    fn tiers() {
        assert_eq!(parse_tier("指导中心"), Some(Tier::GuidanceCentre));
        assert_eq!(parse_tier("县级总站"), Some(Tier::CountyHeadStation));
        assert_eq!(parse_tier("社工站"), Some(Tier::TownshipStation));
        assert_eq!(parse_tier("社工室"), Some(Tier::VillageRoom));
        assert_eq!(parse_tier(""), Some(Tier::TownshipStation));
        assert_eq!(parse_tier("其他"), None);
    }

    #[test]
    fn dates_and_excel_serials() {
        assert_eq!(
            parse_open_date("45291"),
            Ok(Some(PartialDate::ymd(2023, 12, 31)))
        );
        assert_eq!(
            parse_open_date("45291.75"),
            Ok(Some(PartialDate::ymd(2023, 12, 31)))
        );
        assert_eq!(excel_serial_date(61.0), Some(PartialDate::ymd(1900, 3, 1)));
        // 110000 would be 2201-03-02: past any station's date, and past what a written date
        // may say, so not a date at all (the fuzz target found it did not round-trip).
        assert_eq!(excel_serial_date(110_000.0), None);
        // The year last, as other locales' spreadsheets write it.
        assert_eq!(
            parse_open_date("06/2021"),
            Ok(Some(PartialDate {
                year: 2021,
                month: Some(6),
                day: None
            }))
        );
        assert_eq!(
            parse_open_date("30/06/2021"),
            Ok(Some(PartialDate::ymd(2021, 6, 30)))
        );
        assert_eq!(
            parse_open_date("06/30/2021"),
            Ok(Some(PartialDate::ymd(2021, 6, 30)))
        );
        let ambiguous = parse_open_date("03/04/2021").unwrap_err();
        assert!(
            ambiguous.en.contains("could be day/month or month/day"),
            "{ambiguous}"
        );
        assert!(parse_open_date("31/02/2021").is_err());
        assert!(parse_open_date("１１0０0０.").is_err());
        assert_eq!(
            parse_open_date("2023/12/31"),
            Ok(Some(PartialDate::ymd(2023, 12, 31)))
        );
        assert_eq!(
            parse_open_date("2023-12-31 00:00:00"),
            Ok(Some(PartialDate::ymd(2023, 12, 31)))
        );
        assert_eq!(
            parse_open_date("2023年12月").unwrap().unwrap().to_string(),
            "2023-12"
        );
        assert_eq!(parse_open_date("2023").unwrap().unwrap().month, None);
        assert_eq!(parse_open_date(""), Ok(None));
        assert!(parse_open_date("2023-13-01").is_err());
        assert!(parse_open_date("soon").is_err());
    }
}
