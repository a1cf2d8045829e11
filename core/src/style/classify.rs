//! Map modes, their classes, colours and legend labels.
//!
//! Coverage percentages use fixed bins by default: coverage is read against a policy goal, so the
//! bins are the goal's milestones (none, under a quarter, half, three quarters, full). Quantiles
//! and equal intervals are offered for comparing regions among themselves; in every scheme 0%
//! and 100% keep classes of their own, so "full coverage" never merges into "almost".
//! Colours: a sequential YlGnBu ramp stays ordered in greyscale and for colour-blind readers;
//! "no data" is a neutral grey outside the ramp; 优秀, "overdue" and the uncertain classes also
//! carry a pattern, because their hue alone is what a deuteranope or a greyscale print loses.
//! Deadline mode runs blue (met) to orange and red (late): the blue–orange axis survives
//! red-green colour blindness, which a green-to-red scale would not.

use crate::data::model::StarRating;
use crate::lang::Lang;
use crate::measure::rating::RatingReading;
use crate::sort;

/// An sRGB colour, one byte per channel: red, green, blue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb` in lower case, for SVG and CSS.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Relative luminance on 0–255, for greyscale ordering checks.
    pub fn luminance(self) -> f64 {
        0.2126 * f64::from(self.0) + 0.7152 * f64::from(self.1) + 0.0722 * f64::from(self.2)
    }
}

/// What the map shows. Each mode has its own legend classes ([`MapMode::classes`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub enum MapMode {
    /// Share of each region's townships with a built or operating township station, classed by
    /// the [`PctBins`] on show. The default.
    #[default]
    Coverage,
    /// Star ratings: a township's best-rated station; a region's share of stations holding any
    /// rating (a mean star value would hide 优秀, which is not a star count).
    Rating,
    /// Progress toward the full-coverage deadline set from above: met, on track, at risk,
    /// overdue, or why it cannot be judged (see [`crate::measure::progress`]).
    Deadline,
}

impl MapMode {
    /// Every mode, in the order of the page's mode buttons.
    pub const ALL: [MapMode; 3] = [MapMode::Coverage, MapMode::Rating, MapMode::Deadline];

    /// The stable key for the URL (`?mode=`), the CLI (`--mode`) and `data-` attributes; never
    /// translated, so links keep working.
    pub fn key(self) -> &'static str {
        match self {
            MapMode::Coverage => "coverage",
            MapMode::Rating => "rating",
            MapMode::Deadline => "deadline",
        }
    }

    /// The mode of a [`MapMode::key`]; `None` for anything else, so the caller picks the default.
    pub fn from_key(key: &str) -> Option<MapMode> {
        MapMode::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The map's title in this mode, for the mode button, the legend and exported figures.
    pub fn title(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (MapMode::Coverage, Lang::Zh) => "乡镇社工站覆盖率",
            (MapMode::Coverage, Lang::En) => "Township station coverage",
            (MapMode::Rating, Lang::Zh) => "星级评定",
            (MapMode::Rating, Lang::En) => "Star rating",
            (MapMode::Deadline, Lang::Zh) => "全覆盖期限进度",
            (MapMode::Deadline, Lang::En) => "Full-coverage deadline",
        }
    }
}

/// How the inner coverage bins are cut. In every scheme 0% and 100% keep classes of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub enum Scheme {
    /// The policy milestones 0, 25, 50 and 75%: a colour means the same coverage in every view,
    /// so coverage is read against the goal. The default.
    #[default]
    Fixed,
    /// Edges at the quartiles of the distinct values on show, for ranking regions among
    /// themselves; the edges move with the view.
    Quantile,
    /// Four equal steps from the lowest to the highest value on show (both strictly between 0
    /// and 100); the edges move with the view.
    EqualInterval,
}

impl Scheme {
    /// Every scheme, in the order of the page's selector.
    pub const ALL: [Scheme; 3] = [Scheme::Fixed, Scheme::Quantile, Scheme::EqualInterval];

    /// The stable key for the URL (`?scheme=`) and the selector's values; never translated.
    pub fn key(self) -> &'static str {
        match self {
            Scheme::Fixed => "fixed",
            Scheme::Quantile => "quantile",
            Scheme::EqualInterval => "equal",
        }
    }

    /// The scheme of a [`Scheme::key`]; `None` for anything else, so the caller picks the default.
    pub fn from_key(key: &str) -> Option<Scheme> {
        Scheme::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The scheme's name in `lang`, for the selector and the legend.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Scheme::Fixed, Lang::Zh) => "固定分段",
            (Scheme::Fixed, Lang::En) => "fixed bins",
            (Scheme::Quantile, Lang::Zh) => "分位数",
            (Scheme::Quantile, Lang::En) => "quantiles",
            (Scheme::EqualInterval, Lang::Zh) => "等间距",
            (Scheme::EqualInterval, Lang::En) => "equal intervals",
        }
    }
}

/// Number of bins strictly between 0% and 100%.
pub const INNER_BINS: usize = 4;

/// Lower edges of the inner bins of a percentage scale; bin i holds [edge i, edge i+1), the last
/// bin runs to just under 100.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct PctBins {
    /// The scheme asked for; kept even when too few values forced the fixed edges.
    pub scheme: Scheme,
    /// Percent, non-decreasing, the first always 0. Edges repeat when the values on show are
    /// few (two or three), leaving a bin empty.
    pub lower_edges: [f64; INNER_BINS],
}

impl PctBins {
    /// The policy milestones: 0–<25, 25–<50, 50–<75 and 75–<100%.
    pub fn fixed() -> PctBins {
        PctBins {
            scheme: Scheme::Fixed,
            lower_edges: [0.0, 25.0, 50.0, 75.0],
        }
    }

    /// Bins from the values on show. Only values strictly between 0 and 100 shape the inner bins
    /// (the ends have classes of their own); with fewer than two such values the fixed bins are
    /// kept, since a quantile of one value says nothing.
    pub fn from_values(scheme: Scheme, values: &[f64]) -> PctBins {
        let mut inner: Vec<f64> = values
            .iter()
            .copied()
            .filter(|v| *v > 0.0 && *v < 100.0)
            .collect();
        sort::sort_by(&mut inner, f64::total_cmp);
        inner.dedup();
        if scheme == Scheme::Fixed || inner.len() < 2 {
            return PctBins {
                scheme,
                ..PctBins::fixed()
            };
        }
        let (min, max) = (inner[0], inner[inner.len() - 1]);
        let mut edges = [0.0; INNER_BINS];
        for (i, edge) in edges.iter_mut().enumerate().skip(1) {
            let t = i as f64 / INNER_BINS as f64;
            *edge = match scheme {
                Scheme::EqualInterval => min + (max - min) * t,
                _ => inner[((inner.len() as f64) * t).floor() as usize].max(min),
            };
        }
        PctBins {
            scheme,
            lower_edges: edges,
        }
    }

    /// The coverage class of a percentage: [`Class::Full`] at 100 or more, [`Class::Zero`] at 0
    /// or less, else the highest inner bin whose lower edge it reaches (edges are closed below:
    /// 75.0 falls in 75–<100, and 99.99 is never rounded up to full).
    pub fn class_of_pct(&self, pct: f64) -> Class {
        if pct >= 100.0 {
            Class::Full
        } else if pct <= 0.0 {
            Class::Zero
        } else {
            let bin = self
                .lower_edges
                .iter()
                .rposition(|edge| pct >= *edge)
                .unwrap_or(0);
            Class::Bin(bin as u8)
        }
    }

    /// The legend label of inner bin `bin`, e.g. `25%–<50%`, in whole percent; the last bin
    /// ends at `<100%`. Panics when `bin` is not below [`INNER_BINS`].
    pub fn bin_label(&self, bin: usize) -> String {
        let low = self.lower_edges[bin];
        let high = self.lower_edges.get(bin + 1).copied().unwrap_or(100.0);
        if bin == 0 && low == 0.0 {
            format!("0%–<{high:.0}%")
        } else {
            format!("{low:.0}%–<{high:.0}%")
        }
    }
}

/// Every legend class of every mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Class {
    // Coverage.
    /// Coverage: every township has a station (100%). Its own class in every scheme, so full
    /// coverage never merges into "almost".
    Full,
    /// Inner percentage bin, 0 = lowest.
    Bin(u8),
    /// Coverage: a known 0%, not a single township station. Not the same as [`Class::NoData`].
    Zero,
    /// Some parts of the region are known; no percentage is claimed.
    Partial,
    // Star rating, townships.
    /// Rating, township: its best-rated township station has this many stars (1–5).
    Stars(u8),
    /// Rating, township: its best station is rated 优秀 (Guizhou's grade, ranked above five
    /// stars). Dotted, so it does not rely on its hue.
    Excellent,
    /// Rating, township: a township station is listed, but none is rated.
    Unrated,
    // Star rating, regions: share of stations rated, inner bin 0 = lowest.
    /// Rating, region: the share of its stations holding any rating, binned by
    /// [`RATED_SHARE_EDGES`] (0 = under 5%). A separate ramp, so it is never read as a grade.
    RatedShare(u8),
    // Deadline.
    /// Deadline: full coverage reached (reported as all, or at least the target count). Also a
    /// region complete on its own inside a target region that is not: it has done its part.
    Met,
    /// Deadline: at the pace achieved so far, full coverage comes on or before the deadline.
    OnTrack,
    /// A target and one dated figure: no pace can be computed yet.
    PaceUnknown,
    /// Deadline: at the pace achieved so far, full coverage comes after the deadline, or
    /// coverage has not risen between the figures, so no completion date can be projected.
    AtRisk,
    /// Deadline: the deadline has passed and the latest figure is below target. Cross-hatched.
    /// When no figure dates from after the deadline, the verdict says so instead of claiming a
    /// confirmed miss.
    Overdue,
    /// Deadline: the deadline (the region's own or the one it stands under) has passed and no
    /// figure counts its townships: a fact about the region, not a claimed miss. Dotted.
    DeadlinePassedNoFigure,
    /// Deadline: no township count anywhere, in the target, a figure or the registry: the
    /// nation's own goal (its count is the ministry's of its year, not the 2023 registry's).
    DenominatorNeeded,
    /// Deadline: a target with a township count but no date to measure against. Dotted.
    NoDeadline,
    /// Deadline: no target for the region or any region above it.
    NoTarget,
    /// Coverage and rating: nothing known for the region and no regional total above it to
    /// stand under. A neutral grey outside every ramp.
    NoData,
}

/// How the fill is marked beyond its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Pattern {
    /// Colour only.
    Solid,
    /// Dots over the fill: 优秀 and the uncertain classes (partial data, pace unknown, no
    /// deadline), whose hue alone a greyscale print or a colour-blind reader would lose.
    Dots,
    /// Cross-hatching over the fill: overdue, the most urgent class, unmistakable in greyscale.
    CrossHatch,
}

/// Luminance steps of 30–50 between neighbours, and none within 20 of "no data" grey, so a
/// greyscale print keeps every class apart.
const COVERAGE_RAMP: [Rgb; INNER_BINS] = [
    Rgb(0xa1, 0xda, 0xb4),
    Rgb(0x41, 0xb6, 0xc4),
    Rgb(0x2c, 0x7f, 0xb8),
    Rgb(0x25, 0x34, 0x94),
];
/// Oranges to browns (ColorBrewer YlOrBr): a hue family apart from coverage's blues.
const STAR_RAMP: [Rgb; 5] = [
    Rgb(0xfe, 0xc4, 0x4f),
    Rgb(0xfe, 0x99, 0x29),
    Rgb(0xec, 0x70, 0x14),
    Rgb(0xcc, 0x4c, 0x02),
    Rgb(0x8c, 0x2d, 0x04),
];
/// Pinks to plum (ColorBrewer RdPu) for regional shares, so a region's share is never read as a
/// township's star grade.
const SHARE_RAMP: [Rgb; INNER_BINS] = [
    Rgb(0xfa, 0x9f, 0xb5),
    Rgb(0xf7, 0x68, 0xa1),
    Rgb(0xc5, 0x1b, 0x8a),
    Rgb(0x7a, 0x01, 0x77),
];
/// Lower edges, in percent of stations rated, of the [`Class::RatedShare`] bins: 0–<5, 5–<20,
/// 20–<50 and ≥50. Fixed and low, since most stations hold no rating at all.
pub const RATED_SHARE_EDGES: [f64; INNER_BINS] = [0.0, 5.0, 20.0, 50.0];

/// The class of what rating mode reads for a shape: a township's best grade, or a region's
/// share rated in the [`RATED_SHARE_EDGES`] bins.
pub fn rating_class(reading: RatingReading) -> Class {
    match reading {
        RatingReading::Best(Some(StarRating::Stars(n))) => Class::Stars(n),
        RatingReading::Best(Some(StarRating::Excellent)) => Class::Excellent,
        RatingReading::Best(None) => Class::Unrated,
        RatingReading::SharePct(pct) => {
            let bin = RATED_SHARE_EDGES
                .iter()
                .rposition(|edge| pct >= *edge)
                .unwrap_or(0);
            Class::RatedShare(bin as u8)
        }
        RatingReading::NoData => Class::NoData,
    }
}

impl Class {
    /// The fill colour. Each ramp darkens as the value rises, so the order survives greyscale.
    /// Bin indexes past a ramp take its darkest colour; star counts are clamped to 1–5.
    pub fn colour(self) -> Rgb {
        match self {
            Class::Full => Rgb(0x08, 0x1d, 0x58),
            Class::Bin(i) => COVERAGE_RAMP[usize::from(i).min(INNER_BINS - 1)],
            Class::Zero => Rgb(0xff, 0xff, 0xcc),
            Class::Partial => Rgb(0xbd, 0xbd, 0xbd),
            Class::Stars(n) => STAR_RAMP[usize::from(n.clamp(1, 5)) - 1],
            Class::Excellent => Rgb(0x5e, 0x3c, 0x99),
            Class::Unrated => Rgb(0xff, 0xfa, 0xf0),
            Class::RatedShare(i) => SHARE_RAMP[usize::from(i).min(INNER_BINS - 1)],
            Class::Met => Rgb(0x21, 0x66, 0xac),
            Class::OnTrack => Rgb(0x92, 0xc5, 0xde),
            Class::AtRisk => Rgb(0xe0, 0x82, 0x14),
            Class::Overdue => Rgb(0xb2, 0x18, 0x2b),
            Class::PaceUnknown => Rgb(0xfd, 0xb8, 0x63),
            Class::DeadlinePassedNoFigure => Rgb(0xd6, 0x60, 0x4d),
            Class::DenominatorNeeded => Rgb(0x80, 0x73, 0xac),
            Class::NoDeadline => Rgb(0xd9, 0xd9, 0xd9),
            Class::NoTarget => Rgb(0xff, 0xff, 0xff),
            Class::NoData => Rgb(0xe3, 0xe3, 0xe3),
        }
    }

    /// The mark drawn over the fill (see [`Pattern`]).
    pub fn pattern(self) -> Pattern {
        match self {
            Class::Excellent
            | Class::Partial
            | Class::PaceUnknown
            | Class::NoDeadline
            | Class::DeadlinePassedNoFigure => Pattern::Dots,
            Class::Overdue => Pattern::CrossHatch,
            _ => Pattern::Solid,
        }
    }

    /// A stable key for tests and the page (`data-class`).
    pub fn key(self) -> String {
        format!("{self:?}")
    }

    /// The legend label in `lang`. Only [`Class::Bin`] reads `bins`, for its edges.
    pub fn label(self, lang: Lang, bins: &PctBins) -> String {
        let zh = lang == Lang::Zh;
        let text = |z: &str, e: &str| (if zh { z } else { e }).to_string();
        match self {
            Class::Full => text("全覆盖 100%", "full coverage 100%"),
            Class::Bin(i) => bins.bin_label(usize::from(i)),
            Class::Zero => text("0%（无站点）", "0% (no station)"),
            Class::Partial => text("部分地区有数据", "known for some parts only"),
            Class::Stars(n) => {
                if zh {
                    format!("{n}星级")
                } else {
                    format!("{n} star{}", if n == 1 { "" } else { "s" })
                }
            }
            Class::Excellent => text("优秀站", "“优秀” (excellent)"),
            Class::Unrated => text("有站点，未评星", "station, unrated"),
            Class::RatedShare(i) => {
                let i = usize::from(i);
                let low = RATED_SHARE_EDGES[i];
                let high = RATED_SHARE_EDGES.get(i + 1).copied();
                let range = match high {
                    Some(h) => format!("{low:.0}%–<{h:.0}%"),
                    None => format!("≥{low:.0}%"),
                };
                if zh {
                    format!("星级站占比 {range}")
                } else {
                    format!("{range} of stations rated")
                }
            }
            Class::Met => text("已全覆盖", "met"),
            Class::OnTrack => text("按期推进", "on track"),
            Class::AtRisk => text("有延期风险", "at risk"),
            Class::Overdue => text("已逾期", "overdue"),
            Class::PaceUnknown => text(
                "进度未知（仅一个数据点）",
                "pace unknown (one dated figure)",
            ),
            Class::DeadlinePassedNoFigure => text("期限已过·无数据", "deadline passed, no figure"),
            Class::DenominatorNeeded => text("缺乡镇总数", "denominator needed"),
            Class::NoDeadline => text("未设期限", "no deadline"),
            Class::NoTarget => text("无目标", "no target"),
            Class::NoData => text("无数据", "no data"),
        }
    }
}

impl MapMode {
    /// The legend of this mode, in reading order.
    pub fn classes(self) -> Vec<Class> {
        match self {
            MapMode::Coverage => {
                let mut classes = vec![Class::Full];
                classes.extend((0..INNER_BINS as u8).rev().map(Class::Bin));
                classes.extend([Class::Zero, Class::Partial, Class::NoData]);
                classes
            }
            MapMode::Rating => {
                let mut classes = vec![Class::Excellent];
                classes.extend((1..=5).rev().map(Class::Stars));
                classes.push(Class::Unrated);
                classes.extend((0..INNER_BINS as u8).rev().map(Class::RatedShare));
                classes.push(Class::NoData);
                classes
            }
            MapMode::Deadline => vec![
                Class::Overdue,
                Class::DeadlinePassedNoFigure,
                Class::AtRisk,
                Class::PaceUnknown,
                Class::OnTrack,
                Class::Met,
                Class::DenominatorNeeded,
                Class::NoDeadline,
                Class::NoTarget,
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rating_reading_takes_its_grade_or_its_share_bin() {
        assert_eq!(rating_class(RatingReading::Best(None)), Class::Unrated);
        let five = RatingReading::Best(Some(StarRating::Stars(5)));
        assert_eq!(rating_class(five), Class::Stars(5));
        let excellent = RatingReading::Best(Some(StarRating::Excellent));
        assert_eq!(rating_class(excellent), Class::Excellent);
        let shares = [
            (0.0, 0),
            (4.99, 0),
            (5.0, 1),
            (19.9, 1),
            (20.0, 2),
            (50.0, 3),
            (130.0, 3),
        ];
        for (pct, bin) in shares {
            let class = rating_class(RatingReading::SharePct(pct));
            assert_eq!(class, Class::RatedShare(bin), "{pct}%");
        }
        assert_eq!(rating_class(RatingReading::NoData), Class::NoData);
    }

    #[test]
    fn fixed_bins_have_closed_lower_edges_and_full_stands_alone() {
        let bins = PctBins::fixed();
        assert_eq!(bins.class_of_pct(100.0), Class::Full);
        assert_eq!(bins.class_of_pct(99.99), Class::Bin(3));
        assert_eq!(bins.class_of_pct(75.0), Class::Bin(3));
        assert_eq!(bins.class_of_pct(72.14), Class::Bin(2));
        assert_eq!(bins.class_of_pct(25.0), Class::Bin(1));
        assert_eq!(bins.class_of_pct(0.1), Class::Bin(0));
        assert_eq!(bins.class_of_pct(0.0), Class::Zero);
        assert_eq!(bins.bin_label(0), "0%–<25%");
        assert_eq!(bins.bin_label(3), "75%–<100%");
    }

    #[test]
    fn quantile_and_equal_bins_follow_the_values_but_keep_the_ends() {
        let values = [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 100.0];
        let equal = PctBins::from_values(Scheme::EqualInterval, &values);
        assert_eq!(equal.lower_edges, [0.0, 27.5, 45.0, 62.5]);
        let quantile = PctBins::from_values(Scheme::Quantile, &values);
        assert_eq!(quantile.lower_edges, [0.0, 30.0, 50.0, 70.0]);
        assert_eq!(quantile.class_of_pct(100.0), Class::Full);
        assert_eq!(quantile.class_of_pct(0.0), Class::Zero);
        assert_eq!(quantile.class_of_pct(75.0), Class::Bin(3));
        // One inner value cannot make quantiles: fall back to the fixed edges.
        let single = PctBins::from_values(Scheme::Quantile, &[72.0, 100.0]);
        assert_eq!(single.lower_edges, PctBins::fixed().lower_edges);
        assert_eq!(single.scheme, Scheme::Quantile);
    }

    #[test]
    fn every_class_of_a_mode_has_its_own_look() {
        for mode in MapMode::ALL {
            let looks: std::collections::HashSet<_> = mode
                .classes()
                .iter()
                .map(|c| (c.colour(), c.pattern()))
                .collect();
            assert_eq!(looks.len(), mode.classes().len(), "{mode:?}");
        }
    }

    #[test]
    fn ramps_darken_in_greyscale() {
        let bins = PctBins::fixed();
        let coverage = [0.0, 10.0, 30.0, 60.0, 80.0, 100.0].map(|p| bins.class_of_pct(p).colour());
        let stars = [1, 2, 3, 4, 5].map(|n| Class::Stars(n).colour());
        for ramp in [&coverage[..], &stars[..]] {
            for pair in ramp.windows(2) {
                assert!(pair[0].luminance() > pair[1].luminance(), "{pair:?}");
            }
        }
    }

    #[test]
    fn solid_classes_stay_apart_from_no_data_in_greyscale() {
        for mode in MapMode::ALL {
            for class in mode.classes() {
                if class == Class::NoData || class.pattern() != Pattern::Solid {
                    continue;
                }
                let gap = (class.colour().luminance() - Class::NoData.colour().luminance()).abs();
                assert!(gap >= 15.0, "{mode:?} {class:?} is {gap:.1} from no data");
            }
        }
    }

    #[test]
    fn mode_and_scheme_keys_round_trip() {
        for m in MapMode::ALL {
            assert_eq!(MapMode::from_key(m.key()), Some(m));
        }
        for s in Scheme::ALL {
            assert_eq!(Scheme::from_key(s.key()), Some(s));
        }
        assert_eq!(MapMode::from_key("nope"), None);
    }
}
