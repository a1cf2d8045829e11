//! What a tooltip, side panel or table row says about a region, in Chinese or English, with the
//! source and as-of date of every figure.

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::data::model::{CoveredCount, ReportedFigure, StarRating};
use crate::lang::Lang;
use crate::measure::coverage::{rate_text, Basis, Coverage, CoverageTable, TownshipState};

/// One sourced statement about a region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FigureLine {
    /// What the figure says, in the chosen language (`101 of 140 townships covered; ...`).
    pub text: String,
    /// When it was true, as precise as the article said (`2023-12`, or its words when it gave
    /// no date); for a target, the deadline, empty when there is none.
    pub as_of: String,
    /// The article or page it comes from, as text in the summary's language (`article 000:
    /// <headline>` / `报道000《<headline>》`, or `page <title> 「<the phrase with the number>」
    /// <address> (mirror)`).
    pub source: String,
    /// The page's address as a link, when the source is a press page with a whole address.
    pub source_href: Option<String>,
}

/// Everything the tooltip, side panel and table row say about one region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionSummary {
    /// The region summarised.
    pub code: RegionCode,
    /// The registry name (`兴义市`); `?` when the code is not in the registry.
    pub name: String,
    /// The name with its parents, to tell apart townships of the same name.
    pub qualified_name: String,
    /// The region's level, read from its code.
    pub level: Level,
    /// One line on coverage: the count with its basis, a lower bound, or why there is none. For
    /// a township: whether it has a station, or the total its region reported instead. Empty
    /// for a region the coverage table does not hold.
    pub coverage: String,
    /// Every figure about the region itself, newest first (undated last); not its parents'.
    pub figures: Vec<FigureLine>,
    /// The region's own full-coverage targets, the deadline in `as_of`.
    pub targets: Vec<FigureLine>,
    /// The language it is written in, for the labels a front end puts around it.
    pub lang: Lang,
}

/// The summary of `code` in `lang`, from `table`: the coverage of the month on show, so the text
/// matches the map beside it.
pub fn summarize(
    atlas: &Atlas,
    table: &CoverageTable,
    code: &RegionCode,
    lang: Lang,
) -> RegionSummary {
    let zh = lang == Lang::Zh;
    let divisions = &atlas.divisions;
    let name = divisions.name(code).unwrap_or("?").to_string();
    let mut coverage = match table.get(code) {
        Some(c) => coverage_text(atlas, c, lang),
        None => String::new(),
    };
    if code.level() == Level::Township {
        coverage = match table.township(code) {
            TownshipState::Covered { figure: Some(i) } => {
                let f = &atlas.figures[i];
                if zh {
                    format!("已建站（据{}全覆盖报告）", f.region_name)
                } else {
                    format!(
                        "has a station (full coverage reported for {})",
                        f.region_name
                    )
                }
            }
            TownshipState::Covered { figure: None } => {
                (if zh { "已建站" } else { "has a station" }).to_string()
            }
            TownshipState::Uncovered => {
                (if zh { "未建站" } else { "no station built" }).to_string()
            }
            TownshipState::Unknown => match table.reported_ancestor(code) {
                Some((region, reported)) => {
                    let region_name = divisions.name(&region).unwrap_or("?");
                    if zh {
                        format!(
                            "无本乡镇数据；{region_name}仅报告总数：{}",
                            coverage_text(atlas, &reported, lang)
                        )
                    } else {
                        format!(
                            "no township detail; {region_name} reported only a total: {}",
                            coverage_text(atlas, &reported, lang)
                        )
                    }
                }
                None => (if zh { "无数据" } else { "no data" }).to_string(),
            },
        };
    }
    let figures = atlas
        .figures_for(code)
        .into_iter()
        .map(|(_, f)| FigureLine {
            text: figure_text(f, lang),
            as_of: f.as_of.text(lang),
            source: f.source.label(lang),
            source_href: f.source.href(),
        })
        .collect();
    let targets = atlas
        .targets_for(code)
        .into_iter()
        .map(|t| {
            let what = match t.townships {
                Some(n) if zh => format!("{n}个乡镇全覆盖"),
                Some(n) => format!("all {n} townships"),
                None if zh => "全覆盖（乡镇总数未报告）".to_string(),
                None => "full coverage (number of townships not given)".to_string(),
            };
            let when = t.deadline.map(|d| d.to_string()).unwrap_or_default();
            FigureLine {
                text: if t.note.is_empty() {
                    what
                } else if zh {
                    format!("{what}；{}", t.note.get(lang))
                } else {
                    format!("{what}; {}", t.note.get(lang))
                },
                as_of: when,
                source: t.source.label(lang),
                source_href: t.source.href(),
            }
        })
        .collect();
    RegionSummary {
        code: code.clone(),
        name,
        qualified_name: divisions.qualified_name(code),
        level: code.level(),
        coverage,
        figures,
        targets,
        lang,
    }
}

/// One coverage value in words: `101/140 (72%) · reported total, as of 2023-12` with the basis it
/// rests on, "at least n of m" for partial data, or the township count when nothing is reported.
pub fn coverage_text(atlas: &Atlas, coverage: &Coverage, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match *coverage {
        Coverage::Known {
            covered,
            total,
            basis,
        } => {
            let pct = coverage.pct().unwrap_or(0.0);
            let how = match (basis, zh) {
                (Basis::TownshipDetail, true) => "按乡镇统计".to_string(),
                (Basis::TownshipDetail, false) => "counted by township".to_string(),
                (Basis::ReportedTotal { figure }, true) => {
                    format!("报告总数，截至{}", atlas.figures[figure].as_of.text(lang))
                }
                (Basis::ReportedTotal { figure }, false) => {
                    format!(
                        "reported total, as of {}",
                        atlas.figures[figure].as_of.text(lang)
                    )
                }
                (
                    Basis::Aggregate {
                        includes_reported: true,
                    },
                    true,
                ) => "下级合计（含报告总数）".into(),
                (
                    Basis::Aggregate {
                        includes_reported: true,
                    },
                    false,
                ) => "sum of sub-regions, incl. reported totals".into(),
                (Basis::Aggregate { .. }, true) => "下级合计".into(),
                (Basis::Aggregate { .. }, false) => "sum of sub-regions".into(),
            };
            format!("{covered}/{total} ({pct:.0}%) · {how}")
        }
        Coverage::Partial {
            covered_at_least,
            total,
            parts_known,
            parts,
        } => {
            if zh {
                format!("至少{covered_at_least}个已覆盖（共{total}个乡镇；{parts}个下级中{parts_known}个有完整数据）")
            } else {
                format!("at least {covered_at_least} of {total} townships covered ({parts_known} of {parts} parts fully known)")
            }
        }
        Coverage::ReportedRate {
            pct_hundredths,
            count,
            total,
            figure,
        } => {
            let rate = rate_text(pct_hundredths);
            let as_of = atlas.figures[figure].as_of.text(lang);
            match (count, zh) {
                (Some(n), true) => format!("覆盖率{rate}（报告数，截至{as_of}；{n}个站点；2023年区划共{total}个乡镇）"),
                (None, true) => format!("覆盖率{rate}（报告数，截至{as_of}；2023年区划共{total}个乡镇）"),
                (Some(n), false) => format!("{rate} covered (reported rate, as of {as_of}; {n} stations; the 2023 registry lists {total} townships)"),
                (None, false) => format!("{rate} covered (reported rate, as of {as_of}; the 2023 registry lists {total} townships)"),
            }
        }
        Coverage::NoData { total } => {
            if zh {
                format!("无报告数据（{total}个乡镇）")
            } else {
                format!("no reported figure ({total} townships)")
            }
        }
    }
}

/// A reported figure in words: townships covered, station counts, other tiers and ratings, then
/// the article's note. Only what the figure gives is said; a missing number is left out, never
/// shown as zero.
pub fn figure_text(figure: &ReportedFigure, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut parts = Vec::new();
    match (figure.townships_covered, figure.townships_total) {
        (Some(CoveredCount::All), _) => parts.push(
            (if zh {
                "乡镇社工站全部完成"
            } else {
                "all townships covered"
            })
            .to_string(),
        ),
        (Some(CoveredCount::Count(c)), Some(t)) => parts.push(if zh {
            format!("{t}个乡镇中{c}个已建站")
        } else {
            format!("{c} of {t} townships covered")
        }),
        (Some(CoveredCount::Count(c)), None) => parts.push(if zh {
            format!("{c}个乡镇已建站（未报告乡镇总数）")
        } else {
            format!("{c} townships with a station (no township total given)")
        }),
        (None, _) => {}
    }
    if let Some(pct_hundredths) = figure.coverage_pct_hundredths() {
        let rate = rate_text(pct_hundredths);
        parts.push(if zh {
            format!("覆盖率{rate}")
        } else {
            format!("coverage {rate}")
        });
    }
    let mut counted = |value: Option<u32>, zh_label: &str, en_label: &str| {
        if let Some(n) = value {
            parts.push(if zh {
                format!("{zh_label}{n}")
            } else {
                format!("{n} {en_label}")
            });
        }
    };
    counted(figure.stations_built, "已建站点", "stations built");
    counted(figure.stations_operating, "实体化运营", "operating");
    counted(
        figure.tiers.guidance_centres,
        "指导中心",
        "guidance centres",
    );
    counted(
        figure.tiers.head_stations,
        "县级总站",
        "county head stations",
    );
    counted(
        figure.tiers.village_rooms,
        "村（社区）社工室",
        "village/community rooms",
    );
    let ratings = [
        (figure.ratings.five_star, StarRating::Stars(5)),
        (figure.ratings.four_star, StarRating::Stars(4)),
        (figure.ratings.excellent, StarRating::Excellent),
    ];
    for (count, rating) in ratings {
        if let Some(n) = count {
            parts.push(match (rating, zh) {
                (StarRating::Stars(s), true) => format!("{s}星级站{n}个"),
                (StarRating::Stars(s), false) => format!("{n} {s}-star"),
                (StarRating::Excellent, true) => format!("优秀站{n}个"),
                (StarRating::Excellent, false) => format!("{n} rated “优秀” (excellent)"),
            });
        }
    }
    if !figure.note.is_empty() {
        parts.push(figure.note.get(lang).to_string());
    }
    parts.join(if zh { "；" } else { "; " })
}
