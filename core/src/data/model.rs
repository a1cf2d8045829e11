//! Plain data: stations, reported totals and targets. No behaviour beyond parsing values.

use std::fmt;

use crate::data::code::RegionCode;
use crate::date::PartialDate;

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
    use crate::date::Day;

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
        assert_eq!(dec.first_day(), PartialDate::ymd(2023, 12, 1).first_day());
        assert_eq!(dec.last_day(), PartialDate::ymd(2023, 12, 31).last_day());
        assert_eq!(Day::from_ymd(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(
            Day::from_ymd(2000, 3, 1).days_after(Day::from_ymd(2000, 2, 28)),
            2
        );
        assert_eq!(PartialDate::parse("2025").unwrap().to_string(), "2025");
    }
}
