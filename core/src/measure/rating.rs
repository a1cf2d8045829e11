//! Star ratings: per township from listed stations, per region as the share of stations rated.
//!
//! Most stations are unrated, and most regions report ratings only as counts (毕节: one 5-star,
//! two 4-star, three 优秀 among 279 stations). So a region's class is the share of its stations
//! that hold any rating, and its counts by grade go in the tooltip; a mean star value would hide
//! 优秀, which is not a star count.

use rustc_hash::FxHashMap as HashMap;

use crate::data::code::{Level, RegionCode};
use crate::data::model::{ReportedFigure, StarRating, Station, StationStatus, Tier};

/// One region's stations and how many hold each grade: counted from listed stations, or as a
/// figure reported them (then only 5 stars, 4 stars and 优秀 are known; lower grades stay 0).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct RatingCounts {
    /// Index 0 = 1 star … 4 = 5 stars.
    pub stars: [u32; 5],
    /// 优秀站, Guizhou's grade: counted apart, since it is not a number of stars.
    pub excellent: u32,
    /// The denominator of the rated share: township stations listed in the region (planned and
    /// closed ones too, 未建 rows not), or a figure's stations built, of all tiers mixed.
    pub stations: u32,
}

impl RatingCounts {
    /// Stations holding any rating: every star grade plus 优秀.
    pub fn rated(&self) -> u32 {
        self.stars.iter().sum::<u32>() + self.excellent
    }

    /// [`RatingCounts::rated`] in percent of `stations`; `None` when there are no stations. Not
    /// clamped: a figure whose counts disagree can give more than 100.
    pub fn rated_share_pct(&self) -> Option<f64> {
        (self.stations > 0).then(|| f64::from(self.rated()) * 100.0 / f64::from(self.stations))
    }
}

/// Where a region's [`RatingCounts`] come from, so the page can say whether it shows stations or
/// an article's count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum RatingBasis {
    /// Counted from stations listed one by one (a bureau's table) in the region or below it.
    StationDetail,
    /// Counts as reported for the region: index into the figures.
    Reported {
        /// Index into the `figures` given to [`compute_ratings`], to cite the article.
        figure: usize,
    },
}

/// Star ratings for the map's rating mode, per region and per township; built by
/// [`compute_ratings`].
#[derive(Clone, Debug, Default)]
pub struct RatingTable {
    regions: HashMap<RegionCode, (RatingCounts, RatingBasis)>,
    /// Best rating of a township's stations; `None` inside = has a station, unrated.
    townships: HashMap<RegionCode, Option<StarRating>>,
}

fn better(a: Option<StarRating>, b: Option<StarRating>) -> Option<StarRating> {
    // 优秀 is Guizhou's top grade; among stars, more is better.
    let rank = |r: Option<StarRating>| match r {
        None => 0,
        Some(StarRating::Stars(n)) => u32::from(n),
        Some(StarRating::Excellent) => 6,
    };
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

/// Counts ratings from township stations (any status but 未建) into their township and every
/// region above it, up to the nation. A region with no listed station then takes the counts of
/// the first figure, in `figures` order, that names it and reports both a grade count (5 stars,
/// 4 stars or 优秀) and its stations built. Reported counts are not added up the hierarchy.
pub fn compute_ratings(figures: &[ReportedFigure], stations: &[Station]) -> RatingTable {
    let mut table = RatingTable::default();
    // A row that says "no station" (未建) names a township, not a station: it has no rating.
    let township_stations = stations
        .iter()
        .filter(|s| s.tier == Tier::TownshipStation && s.status != StationStatus::NoStation);
    for station in township_stations {
        let best = table
            .townships
            .entry(station.township.clone())
            .or_insert(None);
        *best = better(*best, station.rating);
        let mut region = Some(station.township.clone());
        while let Some(r) = region {
            let entry = table
                .regions
                .entry(r.clone())
                .or_insert((RatingCounts::default(), RatingBasis::StationDetail));
            entry.0.stations += 1;
            match station.rating {
                Some(StarRating::Stars(n)) if (1..=5).contains(&n) => {
                    entry.0.stars[usize::from(n) - 1] += 1
                }
                Some(StarRating::Excellent) => entry.0.excellent += 1,
                _ => {}
            }
            region = r.parent();
        }
    }
    for (index, figure) in figures.iter().enumerate() {
        let r = &figure.ratings;
        if r.five_star.is_none() && r.four_star.is_none() && r.excellent.is_none() {
            continue;
        }
        let Some(stations) = figure.stations_built else {
            continue;
        };
        let mut counts = RatingCounts {
            stations,
            excellent: r.excellent.unwrap_or(0),
            ..RatingCounts::default()
        };
        counts.stars[4] = r.five_star.unwrap_or(0);
        counts.stars[3] = r.four_star.unwrap_or(0);
        for region in &figure.regions {
            // Station detail, where a bureau loaded it, outranks a reported count.
            table
                .regions
                .entry(region.clone())
                .or_insert((counts, RatingBasis::Reported { figure: index }));
        }
    }
    table
}

impl RatingTable {
    /// A region's counts and where they come from; `None` when it has no listed township station
    /// and no figure reports its ratings.
    pub fn region(&self, code: &RegionCode) -> Option<&(RatingCounts, RatingBasis)> {
        self.regions.get(code)
    }

    /// `None`: no station listed; `Some(None)`: a station, unrated.
    pub fn township(&self, code: &RegionCode) -> Option<Option<StarRating>> {
        self.townships.get(code).copied()
    }

    /// What rating mode reads for a shape, and whether it stands under a regional count: a
    /// township's best grade where it has a listed station, else the share rated of the nearest
    /// region above it that reports counts; a region's own share. Style turns it into a class
    /// ([`crate::style::classify::rating_class`]).
    pub fn reading_of(&self, code: &RegionCode) -> (RatingReading, bool) {
        self.reading_under(code, || {
            std::iter::successors(code.parent(), RegionCode::parent)
                .find_map(|region| self.reported_reading(&region))
        })
    }

    /// [`RatingTable::reading_of`] with the walk up given: `above` is the reading of the nearest
    /// region above `code` that reports counts (asked only for a township without a listed
    /// station). A restyle that walks a scene's tree of regions (`style::regions`) works it out
    /// once per region above the rows.
    pub fn reading_under(
        &self,
        code: &RegionCode,
        above: impl FnOnce() -> Option<RatingReading>,
    ) -> (RatingReading, bool) {
        if code.level() == Level::Township {
            if let Some(best) = self.township(code) {
                return (RatingReading::Best(best), false);
            }
            return above().map_or((RatingReading::NoData, false), |reading| (reading, true));
        }
        match self.regions.get(code) {
            Some((counts, basis)) => (
                share_reading(counts),
                matches!(basis, RatingBasis::Reported { .. }),
            ),
            None => (RatingReading::NoData, false),
        }
    }

    /// The reading of `code` itself when it reports counts: one step of the walk up of
    /// [`RatingTable::reading_of`].
    pub fn reported_reading(&self, code: &RegionCode) -> Option<RatingReading> {
        match self.regions.get(code) {
            Some((counts, RatingBasis::Reported { .. })) => Some(share_reading(counts)),
            _ => None,
        }
    }
}

/// What rating mode measures for one shape.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RatingReading {
    /// A township with a listed station: the best grade among its stations (`None`: unrated).
    Best(Option<StarRating>),
    /// A region: the share of its stations rated, percent.
    SharePct(f64),
    /// No station listed and no count reported.
    NoData,
}

fn share_reading(counts: &RatingCounts) -> RatingReading {
    counts
        .rated_share_pct()
        .map_or(RatingReading::NoData, RatingReading::SharePct)
}
