//! Plain data: stations, reported totals and targets. No behaviour beyond parsing values.

use std::fmt;

use crate::data::code::RegionCode;
use crate::date::PartialDate;

/// When a figure was true, with the article's own words when it gave no year.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AsOf {
    /// The date as precise as the article gave it; `None` when it gave no year at all.
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

/// Where a listed station stands, as a bureau's station table says. Only [`Built`] and
/// [`Operating`] cover a township (see [`StationStatus::covers_township`]).
///
/// [`Built`]: StationStatus::Built
/// [`Operating`]: StationStatus::Operating
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum StationStatus {
    /// 规划/计划: planned, not yet built. Listed, but the township counts as uncovered.
    Planned,
    /// 已建成: built, whether or not it runs yet. Covers its township.
    Built,
    /// 运营/实体化运营: built and running with staff. Covers its township.
    Operating,
    /// 关闭/停用: closed or suspended. Listed, but the township counts as uncovered.
    Closed,
    /// 未建/暂无 (or 否 in a 是否建站 column): the row says the township has no station. It
    /// joins (the township is accounted for) and counts as uncovered.
    NoStation,
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
    /// One to five stars (1–5; the importer rejects anything else).
    Stars(u8),
    /// 优秀站: Guizhou's top grade, ranked above five stars when a township's best is chosen.
    Excellent,
}

/// The level of the social-work network a station belongs to. Only township stations count
/// toward coverage and ratings; the other tiers are context.
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
    /// The article's file id in the sources folder (`000`); for an imported station table, the
    /// table's file name.
    pub id: String,
    /// The article's headline as published; for an imported station, `"<file>, row <n>"`.
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
    /// The 9-digit township code the station was joined to.
    pub township: RegionCode,
    /// The station's name as the table spells it.
    pub name: String,
    /// What the table says of the station; only built and operating cover the township.
    pub status: StationStatus,
    /// The star grade; `None` when the station is not rated (most are not).
    pub rating: Option<StarRating>,
    /// Network tier; only [`Tier::TownshipStation`] counts toward coverage and ratings.
    pub tier: Tier,
    /// When it opened, as precise as the table says. `None` when not given: such a station
    /// counts in the latest view but not once the time slider picks a month, and gives no
    /// milestone on the deadline chart.
    pub opened: Option<PartialDate>,
    /// The table and row it came from.
    pub source: Source,
}

/// How many townships a region reported as covered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CoveredCount {
    /// This many townships covered; a coverage figure only together with a township total.
    Count(u32),
    /// "全部完成": every township, however many the registry lists.
    All,
}

/// Counts of the tiers other than township stations, as a figure reported them. Context for the
/// tooltip only: none of them counts toward coverage. `None` where the article gave no number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TierCounts {
    /// 指导中心: prefecture/city guidance centres.
    pub guidance_centres: Option<u32>,
    /// 总站: county head stations.
    pub head_stations: Option<u32>,
    /// 社工室: village or community rooms.
    pub village_rooms: Option<u32>,
}

/// Rated stations by grade, as a figure reported them (articles name only the top grades).
/// `None` where the article gave no number, which is not the same as zero.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RatingCounts {
    /// Five-star stations.
    pub five_star: Option<u32>,
    /// Four-star stations.
    pub four_star: Option<u32>,
    /// 优秀站 ("excellent", Guizhou's grade).
    pub excellent: Option<u32>,
}

/// A region-level figure as reported, with no per-township detail.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReportedFigure {
    /// 1-based row in the source file, so every figure can be traced back.
    pub row: usize,
    /// The regions the figure speaks of: usually one; several when an article gave one statement
    /// for a list ("册亨县、兴义市、晴隆县 全部完成"). A partial count shared by several regions
    /// cannot be split between them and so gives none of them a coverage figure.
    pub regions: Vec<RegionCode>,
    /// The region name(s) as the article wrote them.
    pub region_name: String,
    /// The level the article speaks of; may be finer than a code can say ("community").
    pub level_label: String,
    /// When the figure was true. An undated figure counts only in the latest view, and there
    /// only for a region with no dated figure.
    pub as_of: AsOf,
    /// Townships with a station, or "all". `None` when the article gave no township count.
    pub townships_covered: Option<CoveredCount>,
    /// The article's own township total (the denominator of its plan year); may differ from the
    /// 2023 registry, which the atlas then notes. A `Count` without it is no coverage figure.
    pub townships_total: Option<u32>,
    /// Stations built, of all tiers mixed: not a township count, so not a coverage figure or a
    /// milestone; shown as context and used as the denominator of the rated share.
    pub stations_built: Option<u32>,
    /// Stations 实体化运营 (running with staff), of all tiers mixed.
    pub stations_operating: Option<u32>,
    /// Counts of the other network tiers.
    pub tiers: TierCounts,
    /// Rated stations by grade.
    pub ratings: RatingCounts,
    /// The article the figure comes from.
    pub source: Source,
    /// Anything else the article said that the columns cannot hold; shown with the figure.
    pub note: String,
}

/// A full-coverage target set from above.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Target {
    /// The region the plan covers.
    pub region: RegionCode,
    /// Townships to cover; `None` when the plan names no denominator (兰州).
    pub townships: Option<u32>,
    /// When full coverage is due; a partial date means the last day of its period ("2025" is
    /// 2025-12-31). `None` when the plan names no date.
    pub deadline: Option<PartialDate>,
    /// The plan's own words, e.g. "计划2025年年底实现全覆盖"; empty when there are none.
    pub note: String,
    /// The article that states the target.
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
