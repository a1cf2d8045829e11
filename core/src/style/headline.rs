//! The headline figures of one region, as a briefing shows them big: covered of total and the
//! percentage, stations operating, the deadline, months left, the pace needed against the pace
//! achieved, and the verdict; and the riskiest rows of the deadline board within the region.
//! The presentation display's tiles and the PDF briefing pack both lay out what this gives, so
//! a printed brief and the wall say the same numbers in the same words.

use crate::data::code::RegionCode;
use crate::lang::Lang;
use crate::measure::coverage::{rate_text, Coverage, CoverageTable};
use crate::measure::progress::{fmt_deadline, fmt_pace, Assessment, Deadlines, Standing, Status};

/// One headline figure: a short label, the number in large type, and a line under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tile {
    /// A stable key for tests and styling: `covered`, `stations`, `deadline`, `months`, `pace`,
    /// and `verdict` (the status in words) for a region with a target.
    pub key: &'static str,
    /// e.g. "已覆盖乡镇" / "Townships covered".
    pub label: String,
    /// The figure, e.g. "101/140".
    pub value: String,
    /// What qualifies it, e.g. "72%"; empty when nothing does.
    pub detail: String,
}

/// Everything a briefing says first about a region.
#[derive(Clone, Debug, PartialEq)]
pub struct Headline {
    /// The tiles, in reading order.
    pub tiles: Vec<Tile>,
    /// The region's status against its deadline, when it has a target.
    pub status: Option<Status>,
    /// The verdict in words (status with the numbers behind it); empty without a target.
    pub verdict: String,
}

/// "–": a figure not known.
const NOT_KNOWN: &str = "–";

/// The headline of `region` from the coverage table and the board (riskiest first) of a view.
pub fn headline(
    coverage: &CoverageTable,
    board: &[Assessment],
    region: &RegionCode,
    lang: Lang,
) -> Headline {
    let assessment = board.iter().find(|a| &a.region == region);
    if assessment.is_none() {
        if let Some(head) = inherited_headline(coverage, board, region, lang) {
            return head;
        }
    }
    let mut tiles = vec![covered_tile(coverage.get(region), lang)];
    tiles.push(stations_tile(assessment, lang));
    tiles.extend(deadline_tiles(assessment, lang));
    if let Some(a) = assessment {
        tiles.push(Tile {
            key: "verdict",
            label: lang.pick("研判", "Verdict").to_string(),
            value: a.status.label(lang).to_string(),
            detail: String::new(),
        });
    }
    Headline {
        tiles,
        status: assessment.map(|a| a.status),
        verdict: assessment.map_or_else(String::new, |a| a.verdict(lang).to_string()),
    }
}

/// The headline of a region with no target of its own that stands under one above it (a
/// province under the nation's end-2025 goal): the deadline and months are that target's, and
/// the verdict is the region's standing by the one rule of `measure::progress::standing`, so the
/// display never says "no deadline" of a region the map judges against one. The pace tiles stay
/// unknown: the target above has no pace of this region's.
fn inherited_headline(
    coverage: &CoverageTable,
    board: &[Assessment],
    region: &RegionCode,
    lang: Lang,
) -> Option<Headline> {
    let standing = Deadlines::from_board(board).standing(region, coverage);
    let under = standing.under.as_ref()?;
    let above = board.iter().find(|a| &a.region == under)?;
    let [mut deadline, months, mut pace] = deadline_tiles(Some(above), lang);
    deadline.detail = match lang {
        Lang::Zh => format!("沿用上级目标（{}）", above.name),
        // The board's names are the registry's Chinese ones: an English view says where.
        Lang::En => "the target of the region above".to_string(),
    };
    pace.value = format!("{NOT_KNOWN} / {NOT_KNOWN}");
    let mut tiles = vec![covered_tile(coverage.get(region), lang)];
    tiles.push(stations_tile(None, lang));
    tiles.extend([deadline, months, pace]);
    tiles.push(Tile {
        key: "verdict",
        label: lang.pick("研判", "Verdict").to_string(),
        value: standing.status.label(lang).to_string(),
        detail: String::new(),
    });
    Some(Headline {
        tiles,
        status: Some(standing.status),
        verdict: inherited_verdict(&standing, above, lang),
    })
}

/// The verdict of a region standing under the target above it, in words.
fn inherited_verdict(standing: &Standing, above: &Assessment, lang: Lang) -> String {
    let deadline = above
        .deadline
        .map_or_else(|| NOT_KNOWN.to_string(), |d| fmt_deadline(&d, lang));
    let basis = match (standing.hatched, lang) {
        (true, Lang::Zh) => "（据上级报告的合计）",
        (true, Lang::En) => " (from the total reported above it)",
        (false, _) => "",
    };
    match lang {
        Lang::Zh => format!(
            "{}{}：本地区无自有目标，按{}的目标（{}）衡量。",
            standing.status.label(lang),
            basis,
            above.name,
            deadline
        ),
        Lang::En => format!(
            "{}{}: no target of its own; measured against the target of the region above ({}).",
            standing.status.label(lang),
            basis,
            deadline
        ),
    }
}

/// Covered of total with the percentage; a partial figure is a lower bound, a reported rate is
/// shown as the source wrote it.
fn covered_tile(coverage: Option<&Coverage>, lang: Lang) -> Tile {
    let label = lang.pick("已覆盖乡镇", "Townships covered").to_string();
    let (value, detail) = match coverage {
        Some(c @ Coverage::Known { covered, total, .. }) => (
            format!("{covered}/{total}"),
            c.pct().map_or_else(String::new, |p| format!("{p:.0}%")),
        ),
        Some(Coverage::Partial {
            covered_at_least,
            total,
            parts_known,
            parts,
        }) => (
            format!("≥{covered_at_least}/{total}"),
            match lang {
                Lang::Zh => format!("{parts} 个下级中 {parts_known} 个有数据"),
                Lang::En => format!("{parts_known} of {parts} parts known"),
            },
        ),
        Some(Coverage::ReportedRate { pct_hundredths, .. }) => (
            rate_text(*pct_hundredths),
            lang.pick("报告的覆盖率", "coverage as reported")
                .to_string(),
        ),
        Some(Coverage::NoData { total }) => (
            format!("?/{total}"),
            lang.pick("暂无数据", "no figure yet").to_string(),
        ),
        None => (NOT_KNOWN.to_string(), String::new()),
    };
    Tile {
        key: "covered",
        label,
        value,
        detail,
    }
}

/// The latest reported count of stations operating (else built), with its date.
fn stations_tile(assessment: Option<&Assessment>, lang: Lang) -> Tile {
    let latest = assessment.and_then(|a| {
        a.station_counts
            .iter()
            .rev()
            .find_map(|s| s.operating.or(s.built).map(|n| (n, s)))
    });
    let (value, detail) = match latest {
        Some((n, s)) => {
            let what = if s.operating.is_some() {
                lang.pick("运营中", "operating")
            } else {
                lang.pick("已建成", "built")
            };
            (n.to_string(), format!("{what} · {}", s.as_of))
        }
        None => (
            NOT_KNOWN.to_string(),
            lang.pick("未报告站点数", "no station count reported")
                .to_string(),
        ),
    };
    Tile {
        key: "stations",
        label: lang.pick("社工站", "Stations").to_string(),
        value,
        detail,
    }
}

/// Deadline, months to it, and the pace needed against the pace achieved.
fn deadline_tiles(assessment: Option<&Assessment>, lang: Lang) -> [Tile; 3] {
    let deadline = assessment.and_then(|a| a.deadline);
    let deadline_tile = Tile {
        key: "deadline",
        label: lang
            .pick("全覆盖期限", "Full-coverage deadline")
            .to_string(),
        value: deadline.map_or_else(|| NOT_KNOWN.to_string(), |d| fmt_deadline(&d, lang)),
        detail: assessment
            .filter(|a| a.target_townships.is_some())
            .map(|a| match lang {
                Lang::Zh => format!("目标 {} 个乡镇", a.target_townships.unwrap_or(0)),
                Lang::En => format!("target {} townships", a.target_townships.unwrap_or(0)),
            })
            .unwrap_or_default(),
    };
    let months = assessment.and_then(|a| a.months_to_deadline);
    let months_tile = Tile {
        key: "months",
        label: lang.pick("剩余月数", "Months left").to_string(),
        value: months.map_or_else(
            || NOT_KNOWN.to_string(),
            |m| format!("{:.0}", m.max(0.0).floor()),
        ),
        detail: match months {
            Some(m) if m < 0.0 => match lang {
                Lang::Zh => format!("期限已过 {:.0} 个月", (-m).ceil()),
                Lang::En => format!("deadline passed {:.0} months ago", (-m).ceil()),
            },
            Some(_) => lang.pick("距期限", "to the deadline").to_string(),
            None => lang.pick("未设期限", "no deadline").to_string(),
        },
    };
    let pace = |p: Option<f64>| p.map_or_else(|| NOT_KNOWN.to_string(), fmt_pace);
    let pace_tile = Tile {
        key: "pace",
        label: lang
            .pick("所需进度 / 已达进度", "Pace needed / achieved")
            .to_string(),
        value: format!(
            "{} / {}",
            pace(assessment.and_then(|a| a.required_pace_per_month)),
            pace(assessment.and_then(|a| a.achieved_pace_per_month))
        ),
        detail: lang.pick("乡镇/月", "townships a month").to_string(),
    };
    [deadline_tile, months_tile, pace_tile]
}

/// The board rows inside `region` (not the region itself), riskiest first as the board keeps
/// them, at most `limit`.
pub fn riskiest_within<'a>(
    board: &'a [Assessment],
    region: &RegionCode,
    limit: usize,
) -> Vec<&'a Assessment> {
    board
        .iter()
        .filter(|a| &a.region != region && a.region.is_within(region))
        .take(limit)
        .collect()
}

/// The pace pair as the board writes it: "2.5 / 1.1".
pub fn pace_pair(a: &Assessment) -> String {
    let pace = |p: Option<f64>| p.map_or_else(|| NOT_KNOWN.to_string(), fmt_pace);
    format!(
        "{} / {}",
        pace(a.required_pace_per_month),
        pace(a.achieved_pace_per_month)
    )
}

/// Covered of target as the board writes it: "101/140", "12/?".
pub fn covered_of_target(a: &Assessment) -> String {
    match (a.covered, a.target_townships) {
        (Some(c), Some(t)) => format!("{c}/{t}"),
        (Some(c), None) => format!("{c}/?"),
        _ => NOT_KNOWN.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::atlas::Atlas;
    use crate::date::Day;
    use crate::style::view::Measures;

    fn shipped() -> (Atlas, Measures) {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        let atlas = Atlas::load_dir(&data).expect("shipped data");
        let today = Day::parse("2026-12-07").unwrap();
        let measures = Measures::compute(&atlas, None, today);
        (atlas, measures)
    }

    #[test]
    fn qianxinan_headline_carries_its_figures_in_both_languages() {
        let (_, m) = shipped();
        let code = RegionCode::parse("5223").unwrap();
        let zh = headline(&m.coverage, &m.board, &code, Lang::Zh);
        let covered = &zh.tiles[0];
        assert_eq!(covered.key, "covered");
        assert!(covered.value.contains('/'), "{covered:?}");
        assert!(covered.detail.ends_with('%'), "{covered:?}");
        assert_eq!(
            zh.tiles.iter().map(|t| t.key).collect::<Vec<_>>(),
            ["covered", "stations", "deadline", "months", "pace", "verdict"]
        );
        assert_eq!(zh.tiles[5].value, "逾期", "end-2025 passed below 140");
        let en = headline(&m.coverage, &m.board, &code, Lang::En);
        assert_eq!(en.tiles[0].value, covered.value);
        assert_eq!(en.tiles[0].label, "Townships covered");
        assert!(zh.tiles.iter().all(|t| !t.label.is_ascii()));
    }

    #[test]
    fn a_province_without_a_target_shows_the_deadline_it_is_judged_against() {
        let (_, m) = shipped();
        let guizhou = RegionCode::parse("52").unwrap();
        assert!(
            m.board.iter().all(|a| a.region != guizhou),
            "no target of its own"
        );
        let standing = Deadlines::from_board(&m.board).standing(&guizhou, &m.coverage);
        assert!(standing.under.is_some(), "stands under the nation's goal");
        let zh = headline(&m.coverage, &m.board, &guizhou, Lang::Zh);
        let tile = |key: &str| zh.tiles.iter().find(|t| t.key == key).unwrap().clone();
        assert_eq!(tile("deadline").value, "2025年底", "{:?}", tile("deadline"));
        assert!(tile("deadline").detail.starts_with("沿用上级目标"));
        assert_ne!(tile("months").detail, "未设期限");
        assert_eq!(zh.status, Some(standing.status));
        assert_eq!(tile("verdict").value, standing.status.label(Lang::Zh));
        assert!(zh.verdict.contains("2025年底"), "{}", zh.verdict);
        let en = headline(&m.coverage, &m.board, &guizhou, Lang::En);
        assert!(en.verdict.contains("end-2025"), "{}", en.verdict);
        assert!(en.verdict.is_ascii(), "one language: {}", en.verdict);
        assert!(
            en.tiles
                .iter()
                .all(|t| t.label.is_ascii() && t.detail.is_ascii()),
            "{en:?}"
        );
    }

    #[test]
    fn riskiest_rows_stay_inside_the_region_and_keep_board_order() {
        let (_, m) = shipped();
        let guizhou = RegionCode::parse("52").unwrap();
        let rows = riskiest_within(&m.board, &guizhou, 5);
        assert!(rows.len() <= 5);
        assert!(rows
            .iter()
            .all(|a| a.region.is_within(&guizhou) && a.region != guizhou));
        let statuses: Vec<Status> = rows.iter().map(|a| a.status).collect();
        let mut sorted = statuses.clone();
        sorted.sort();
        assert_eq!(statuses, sorted, "riskiest first");
        let nation = riskiest_within(&m.board, &RegionCode::nation(), 3);
        assert_eq!(nation.len(), 3.min(m.board.len() - 1));
    }
}
