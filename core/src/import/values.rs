//! Cell values as bureaus write them: statuses, star ratings, tiers and dates in Chinese or
//! English, and Excel's serial day numbers.

use crate::data::model::{StarRating, StationStatus, Tier};
use crate::date::{Day, PartialDate};

use super::text::normalise_name;

/// `已建成`/`建成`/`built`, `运营`/`实体化运营`/`operating`, `规划`/`计划`/`planned`,
/// `关闭`/`停用`/`closed`, and a few close variants. `None` for anything else.
pub fn parse_status(raw: &str) -> Option<StationStatus> {
    let s = normalise_name(raw);
    let s = s.as_str();
    let status = match s {
        "已建成" | "建成" | "已建" | "建成未运营" | "built" | "completed" => {
            StationStatus::Built
        }
        "运营" | "运营中" | "已运营" | "实体化运营" | "正常运营" | "运行" | "operating"
        | "operational" | "inoperation" | "running" | "open" => StationStatus::Operating,
        "规划" | "规划中" | "计划" | "计划建设" | "拟建" | "planned" | "planning" => {
            StationStatus::Planned
        }
        "关闭" | "已关闭" | "停用" | "已停用" | "撤销" | "closed" | "suspended" => {
            StationStatus::Closed
        }
        _ => return None,
    };
    Some(status)
}

/// Star ratings: `1`–`5` (also `3星`, `3 stars`, `3.0`), `一星`…`五星` (`三星级`), `★★★`, and
/// Guizhou's `优秀`/`优秀站`/`excellent`. Empty means "not rated". The error says what was found.
pub fn parse_star(raw: &str) -> Result<Option<StarRating>, String> {
    let s = normalise_name(raw);
    if s.is_empty() {
        return Ok(None);
    }
    if matches!(s.as_str(), "优秀" | "优秀站" | "excellent") {
        return Ok(Some(StarRating::Excellent));
    }
    let expected = "expected 1–5 stars (1…5, 一星…五星, ★…★★★★★) or 优秀/excellent";
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
        Some(_) => Err(format!(
            "star rating {:?} is out of range: {expected}",
            raw.trim()
        )),
        None => Err(format!(
            "cannot read star rating {:?}: {expected}",
            raw.trim()
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
/// dropped. `None` outside 1900-03-01 … 9999-12-31, where the serial is not a date.
pub fn excel_serial_date(serial: f64) -> Option<PartialDate> {
    if !serial.is_finite() || !(61.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Serial 60 is Excel's phantom 1900-02-29; from 61 on, day 0 is 1899-12-30.
    Some(
        Day::from_ymd(1899, 12, 30)
            .plus_days(serial.floor() as i64)
            .date(),
    )
}

/// Open dates: everything [`PartialDate::parse`] reads (`2023-12-31`, `2023/12/31`, `2023.12`,
/// `2023年12月`, `2023年12月31日`), a trailing time (`2023-12-31 00:00:00`, `…T08:00`), and
/// Excel serial numbers (`45291`, `45291.5`). Empty means "not given".
pub fn parse_open_date(raw: &str) -> Result<Option<PartialDate>, String> {
    let s = super::text::half_width(raw);
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let expected =
        "expected a date such as 2023-12-31, 2023/12/31, 2023年12月 or an Excel day number";
    let numeric = s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && s.bytes().filter(|b| *b == b'.').count() <= 1
        && s.len() <= 12;
    if numeric && s.len() >= 5 && !s.starts_with('.') {
        // Four digits are a year; five or more (before any fraction) a serial day number.
        let whole = s.split('.').next().unwrap_or("");
        if whole.len() >= 5 {
            return match s.parse::<f64>().ok().and_then(excel_serial_date) {
                Some(date) => Ok(Some(date)),
                None => Err(format!("cannot read open date {s:?}: {expected}")),
            };
        }
    }
    let date_part = s
        .split(['T', ' '])
        .next()
        .unwrap_or(s)
        .trim_end_matches(['-', '/', '.']);
    match PartialDate::parse(date_part) {
        Some(date) => Ok(Some(date)),
        None => Err(format!("cannot read open date {s:?}: {expected}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_in_both_languages() {
        assert_eq!(parse_status("已建成"), Some(StationStatus::Built));
        assert_eq!(parse_status(" Built "), Some(StationStatus::Built));
        assert_eq!(parse_status("实体化运营"), Some(StationStatus::Operating));
        assert_eq!(parse_status("计划"), Some(StationStatus::Planned));
        assert_eq!(parse_status("停用"), Some(StationStatus::Closed));
        assert_eq!(parse_status("在建中?"), None);
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
        assert!(parse_star("7").unwrap_err().contains("out of range"));
        assert!(parse_star("99999999999999999999").is_err());
        assert!(parse_star("good").unwrap_err().contains("cannot read"));
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
