//! Plain data: stations, reported totals and targets. No behaviour beyond parsing values.

use std::fmt;

use crate::code::RegionCode;

/// A date as precise as the source gave it. Articles often say "2023-12" or just "2021".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    pub fn ymd(year: i32, month: u8, day: u8) -> PartialDate {
        PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// Accepts `2023`, `2023-12`, `2023-12-31`, `2023/12/31`, `2023年12月`, `2023年12月31日`.
    pub fn parse(raw: &str) -> Option<PartialDate> {
        let normalised: String = raw
            .trim()
            .trim_end_matches('日')
            .replace(['年', '月', '/', '.'], "-");
        let mut parts = normalised.trim_end_matches('-').split('-');
        let year: i32 = parts.next()?.trim().parse().ok()?;
        if !(1900..=2200).contains(&year) {
            return None;
        }
        let month = match parts.next() {
            Some(m) => Some(
                m.trim()
                    .parse::<u8>()
                    .ok()
                    .filter(|m| (1..=12).contains(m))?,
            ),
            None => None,
        };
        let day = match parts.next() {
            Some(d) => {
                let d = d.trim().parse::<u8>().ok()?;
                (1..=days_in_month(year, month?))
                    .contains(&d)
                    .then_some(d)?;
                Some(d)
            }
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(PartialDate { year, month, day })
    }

    /// First day of the period the date names: a figure "as of 2023-12" is known from 2023-12-01.
    pub fn start_ordinal(&self) -> i64 {
        days_from_civil(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// Last day of the period the date names: a deadline "2025" means the end of 2025.
    pub fn end_ordinal(&self) -> i64 {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        days_from_civil(self.year, month, day)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's civil-from-days inverse), so dates compare and
/// subtract without a calendar crate.
pub fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar date of a day number: the inverse of [`days_from_civil`] (Howard Hinnant's
/// algorithm).
pub fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// When a figure was true, with the article's own words when it gave no year.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AsOf {
    pub date: Option<PartialDate>,
    /// e.g. "year not given (late 2023)"; empty when the date says it all.
    pub note: String,
}

impl fmt::Display for AsOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.date, self.note.is_empty()) {
            (Some(d), true) => write!(f, "{d}"),
            (Some(d), false) => write!(f, "{d} ({})", self.note),
            (None, false) => f.write_str(&self.note),
            (None, true) => f.write_str("date not given"),
        }
    }
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum StationStatus {
    Planned,
    Built,
    Operating,
    Closed,
}

impl StationStatus {
    /// A township counts as covered once its station is built, whether or not it runs yet.
    pub fn covers_township(self) -> bool {
        matches!(self, StationStatus::Built | StationStatus::Operating)
    }
}

/// Provincial star rating. Guizhou's 优秀站 ("excellent") is its own grade, not a star count.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum StarRating {
    Stars(u8),
    Excellent,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Tier {
    /// 指导中心: prefecture/city guidance centre.
    GuidanceCentre,
    /// 总站: county head station.
    CountyHeadStation,
    /// 社工站: township station — the only tier that counts toward coverage.
    TownshipStation,
    /// 社工室: village or community room.
    VillageRoom,
}

/// Where a figure comes from: the article file id and its headline.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Source {
    pub id: String,
    pub title: String,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "article {}: {}", self.id, self.title)
    }
}

/// One station known individually (from a bureau's spreadsheet).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Station {
    pub township: RegionCode,
    pub name: String,
    pub status: StationStatus,
    pub rating: Option<StarRating>,
    pub tier: Tier,
    pub opened: Option<PartialDate>,
    pub source: Source,
}

/// How many townships a region reported as covered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CoveredCount {
    Count(u32),
    /// "全部完成": every township, however many the registry lists.
    All,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TierCounts {
    pub guidance_centres: Option<u32>,
    pub head_stations: Option<u32>,
    pub village_rooms: Option<u32>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RatingCounts {
    pub five_star: Option<u32>,
    pub four_star: Option<u32>,
    pub excellent: Option<u32>,
}

/// A region-level figure as reported, with no per-township detail.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReportedFigure {
    /// 1-based row in the source file, so every figure can be traced back.
    pub row: usize,
    pub regions: Vec<RegionCode>,
    pub region_name: String,
    /// The level the article speaks of; may be finer than a code can say ("community").
    pub level_label: String,
    pub as_of: AsOf,
    pub townships_covered: Option<CoveredCount>,
    pub townships_total: Option<u32>,
    pub stations_built: Option<u32>,
    pub stations_operating: Option<u32>,
    pub tiers: TierCounts,
    pub ratings: RatingCounts,
    pub source: Source,
    pub note: String,
}

/// A full-coverage target set from above.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Target {
    pub region: RegionCode,
    /// Townships to cover; `None` when the plan names no denominator (兰州).
    pub townships: Option<u32>,
    pub deadline: Option<PartialDate>,
    pub note: String,
    pub source: Source,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_articles_use() {
        assert_eq!(
            PartialDate::parse("2023年12月"),
            Some(PartialDate {
                year: 2023,
                month: Some(12),
                day: None
            })
        );
        assert_eq!(
            PartialDate::parse("2021-12-31"),
            Some(PartialDate::ymd(2021, 12, 31))
        );
        assert_eq!(
            PartialDate::parse("2021年5月31日"),
            Some(PartialDate::ymd(2021, 5, 31))
        );
        assert_eq!(PartialDate::parse("2021").unwrap().month, None);
        assert_eq!(PartialDate::parse("2023-13"), None);
        assert_eq!(PartialDate::parse("2023-02-29"), None);
        assert_eq!(PartialDate::parse("2024-02-29").unwrap().day, Some(29));
        assert_eq!(PartialDate::parse("soon"), None);
    }

    #[test]
    fn periods_have_a_start_and_an_end() {
        let dec = PartialDate::parse("2023-12").unwrap();
        assert_eq!(
            dec.start_ordinal(),
            PartialDate::ymd(2023, 12, 1).start_ordinal()
        );
        assert_eq!(
            dec.end_ordinal(),
            PartialDate::ymd(2023, 12, 31).end_ordinal()
        );
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(
            days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28),
            2
        );
        assert_eq!(PartialDate::parse("2025").unwrap().to_string(), "2025");
    }
}
