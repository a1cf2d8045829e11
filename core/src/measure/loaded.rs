//! A bureau's loaded station table against the shipped reported figures: where both describe a
//! region, say which one the map uses and how they differ, and never let a township without a
//! row be counted covered on an article's word without saying so.

use std::collections::{BTreeMap, BTreeSet};

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::data::model::{CoveredCount, Tier};
use crate::lang::{Lang, Text};

use super::coverage::{Basis, Coverage, CoverageTable, TownshipState};

/// One region a loaded table and a reported figure both describe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadedNote {
    /// The region.
    pub region: RegionCode,
    /// Index of the reported figure in [`Atlas::figures`].
    pub figure: usize,
    /// Which one the map uses and how they differ, in both languages.
    pub text: Text,
}

/// What the loaded rows say of one region's townships.
#[derive(Default)]
struct RowCounts {
    /// Townships with at least one township-station row.
    with_row: BTreeSet<RegionCode>,
    /// Of those, the ones whose station is built or operating.
    covered: BTreeSet<RegionCode>,
}

/// Every region (county and above) that has both township-station rows of a loaded table and a
/// reported township count, with its note; in code order. `coverage` is the latest coverage
/// of `atlas` (its stations included), which says what the map shows.
pub fn loaded_against_reported(atlas: &Atlas, coverage: &CoverageTable) -> Vec<LoadedNote> {
    let mut rows: BTreeMap<RegionCode, RowCounts> = BTreeMap::new();
    for station in atlas
        .stations
        .iter()
        .filter(|s| s.tier == Tier::TownshipStation)
    {
        let mut region = station.township.parent();
        while let Some(r) = region.filter(|r| r.level() != Level::Nation) {
            let counts = rows.entry(r.clone()).or_default();
            counts.with_row.insert(station.township.clone());
            if station.status.covers_township() {
                counts.covered.insert(station.township.clone());
            }
            region = r.parent();
        }
    }
    let mut notes = Vec::new();
    for (region, counts) in &rows {
        // The newest figure of the region with a township count.
        let figure = atlas
            .figures_for(region)
            .into_iter()
            .filter(|(_, f)| f.townships_covered.is_some())
            .max_by_key(|(_, f)| f.as_of.date.map(|d| d.first_day()));
        if let Some((index, _)) = figure {
            let text = note_text(atlas, coverage, region, index, counts);
            notes.push(LoadedNote {
                region: region.clone(),
                figure: index,
                text,
            });
        }
    }
    notes
}

/// The note for one region: the article's figure, the table's, which the map shows, and the
/// townships without a row that the article alone counts as covered.
fn note_text(
    atlas: &Atlas,
    coverage: &CoverageTable,
    region: &RegionCode,
    index: usize,
    counts: &RowCounts,
) -> Text {
    let divisions = &atlas.divisions;
    let figure = &atlas.figures[index];
    let name = divisions.name(region).unwrap_or_default();
    let registry_total = divisions.township_count(region);
    let (reported_zh, reported_en) = match (figure.townships_covered, figure.townships_total) {
        (Some(CoveredCount::All), _) => (
            format!("全部 {registry_total} 个乡镇已覆盖"),
            format!("all {registry_total} townships covered"),
        ),
        (Some(CoveredCount::Count(c)), Some(t)) => (
            format!("{c}/{t} 个乡镇已覆盖"),
            format!("{c} of {t} townships covered"),
        ),
        (Some(CoveredCount::Count(c)), None) => (
            format!("{c} 个乡镇已覆盖"),
            format!("{c} townships covered"),
        ),
        (None, _) => (String::new(), String::new()),
    };
    let (as_of_zh, as_of_en) = (figure.as_of.text(Lang::Zh), figure.as_of.text(Lang::En));
    let source = &figure.source.id;
    let with_row = counts.with_row.len();
    let covered = counts.covered.len();
    let not_covered = with_row - covered;
    // Only in the counties the table speaks of: elsewhere in a prefecture it has no rows by
    // design, not by omission.
    let counties: BTreeSet<RegionCode> = counts
        .with_row
        .iter()
        .filter_map(RegionCode::parent)
        .collect();
    let by_article = divisions
        .at_level(region, Level::Township)
        .filter(|t| t.parent().is_some_and(|c| counties.contains(&c)))
        .filter(|t| !counts.with_row.contains(*t))
        .filter(|t| {
            matches!(
                coverage.township(t),
                TownshipState::Covered { figure: Some(_) }
            )
        })
        .count();
    let (uses_zh, uses_en) = match coverage.get(region) {
        Some(Coverage::Known {
            basis: Basis::ReportedTotal { .. },
            ..
        }) => (
            "地图按已发布数据显示（表中乡镇不全，无法逐乡镇合计）",
            "the map shows the published figure (the table does not list every township, so it cannot be counted township by township)",
        ),
        _ => ("地图按导入的站点表显示", "the map shows the loaded table"),
    };
    let mut zh = format!(
        "{name}：已发布数据称截至 {as_of_zh} {reported_zh}（来源 {source}）；导入的站点表中 {with_row} 个乡镇有行，{covered} 个已覆盖、{not_covered} 个未覆盖。{uses_zh}。"
    );
    let mut en = format!(
        "{name}: the published figure says {reported_en} as of {as_of_en} (source {source}); the loaded table has rows for {with_row} townships, {covered} covered and {not_covered} not. {}{}.",
        uses_en[..1].to_uppercase(),
        &uses_en[1..]
    );
    if by_article > 0 {
        zh += &format!("另有 {by_article} 个乡镇在表中没有行，仅凭已发布数据计为已覆盖。");
        en += &format!(
            " {by_article} townships have no row in the table and count as covered on the published figures alone."
        );
    }
    Text::new(zh, en)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::model::{Source, Station, StationStatus};
    use crate::measure::coverage::{compute_coverage, AsOfFilter};

    fn atlas() -> Atlas {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        Atlas::load_dir(&data).unwrap()
    }

    fn station(code: &str, status: StationStatus) -> Station {
        let township = RegionCode::parse(code).unwrap();
        Station {
            name: code.into(),
            township,
            status,
            rating: None,
            tier: Tier::TownshipStation,
            opened: None,
            source: Source {
                id: "t.csv".into(),
                title: "t.csv, row 2".into(),
            },
        }
    }

    #[test]
    fn a_table_that_disagrees_with_a_full_coverage_article_says_so() {
        let mut atlas = atlas();
        // 兴义市: the article says every township is complete; the table has two rows, one
        // of them planned, and no row for the other 30.
        atlas.stations = vec![
            station("522301001", StationStatus::Operating),
            station("522301002", StationStatus::Planned),
        ];
        let coverage = compute_coverage(
            &atlas.divisions,
            &atlas.figures,
            &atlas.stations,
            AsOfFilter::Latest,
        );
        let notes = loaded_against_reported(&atlas, &coverage);
        let xingyi = notes
            .iter()
            .find(|n| n.region.as_str() == "522301")
            .expect("兴义市 has a note");
        assert!(
            xingyi.text.zh.contains("全部 32 个乡镇已覆盖")
                && xingyi
                    .text
                    .zh
                    .contains("2 个乡镇有行，1 个已覆盖、1 个未覆盖")
                && xingyi.text.zh.contains("地图按导入的站点表显示")
                && xingyi
                    .text
                    .zh
                    .contains("另有 30 个乡镇在表中没有行，仅凭已发布数据计为已覆盖"),
            "{}",
            xingyi.text.zh
        );
        assert!(
            xingyi.text.en.contains("30 townships have no row"),
            "{}",
            xingyi.text.en
        );
        // The prefecture's figure (101 of 140) is a reported total the table cannot replace.
        let prefecture = notes.iter().find(|n| n.region.as_str() == "5223").unwrap();
        assert!(
            prefecture.text.zh.contains("101/140"),
            "{}",
            prefecture.text.zh
        );
        assert!(prefecture
            .text
            .en
            .contains("The map shows the published figure"));
    }

    #[test]
    fn no_table_no_note() {
        let atlas = atlas();
        let coverage = compute_coverage(
            &atlas.divisions,
            &atlas.figures,
            &atlas.stations,
            AsOfFilter::Latest,
        );
        assert!(loaded_against_reported(&atlas, &coverage).is_empty());
    }
}
