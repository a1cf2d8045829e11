//! Reads region-level facts (reported totals, station counts, targets) such as the shipped
//! `seed-facts.csv`, transcribed row by row from the press articles.

use crate::data::code::RegionCode;
use crate::data::columns::Columns;
use crate::data::model::{
    AsOf, Citation, CoveredCount, RatingCounts, ReportedFigure, Target, TierCounts,
};
use crate::date::PartialDate;
use crate::error::DataError;
use crate::lang::Text;

/// One row of the facts file, as text.
struct FactRow {
    region_codes: String,
    region_name: String,
    level: String,
    as_of: String,
    as_of_note: Text,
    townships_covered: String,
    townships_total: String,
    stations_built: String,
    stations_operating: String,
    guidance_centres: String,
    head_stations: String,
    village_rooms: String,
    stars_5: String,
    stars_4: String,
    stars_excellent: String,
    target_townships: String,
    target_deadline: String,
    target_note: Text,
    coverage_pct: String,
    source: String,
    source_title: String,
    source_quote: String,
    source_mirror: String,
    note: Text,
}

/// A note in both languages, from its `_zh` and `_en` columns: one without the other is an
/// error naming the column, so no view shows a note in the other language.
fn both(row: &Columns, column: &str) -> Result<Text, String> {
    let zh = row.get(&format!("{column}_zh"))?.trim().to_string();
    let en = row.get(&format!("{column}_en"))?.trim().to_string();
    match (zh.is_empty(), en.is_empty()) {
        (true, false) => Err(format!(
            "column {column}_zh: empty, but {column}_en has {en:?}: every note needs both languages"
        )),
        (false, true) => Err(format!(
            "column {column}_en: empty, but {column}_zh has {zh:?}: every note needs both languages"
        )),
        _ => Ok(Text::new(zh, en)),
    }
}

impl FactRow {
    fn read(row: &Columns) -> Result<FactRow, String> {
        Ok(FactRow {
            region_codes: row.get("region_codes")?,
            region_name: row.get("region_name")?,
            level: row.get("level")?,
            as_of: row.get("as_of")?,
            as_of_note: both(row, "as_of_note")?,
            townships_covered: row.get("townships_covered")?,
            townships_total: row.get("townships_total")?,
            stations_built: row.get("stations_built")?,
            stations_operating: row.get("stations_operating")?,
            guidance_centres: row.get("guidance_centres")?,
            head_stations: row.get("head_stations")?,
            village_rooms: row.get("village_rooms")?,
            stars_5: row.get("stars_5")?,
            stars_4: row.get("stars_4")?,
            stars_excellent: row.get("stars_excellent")?,
            target_townships: row.get("target_townships")?,
            target_deadline: row.get("target_deadline")?,
            target_note: both(row, "target_note")?,
            coverage_pct: row.get("coverage_pct")?,
            source: row.get("source")?,
            source_title: row.get("source_title")?,
            source_quote: row.get("source_quote")?,
            source_mirror: row.get("source_mirror")?,
            note: both(row, "note")?,
        })
    }
}

/// How the facts file writes the whole country in `region_codes` (its code is empty).
pub const NATION_IN_FACTS: &str = "全国";

/// The citation of one row: an article file id (all digits, `000`), or a press page's address.
fn citation(row: &FactRow) -> Result<Citation, (&'static str, String)> {
    let source = row.source.trim();
    if source.is_empty() {
        return Err((
            "source",
            "expected an article id or a page address, found nothing".into(),
        ));
    }
    let mirror = match row.source_mirror.trim() {
        "" => false,
        "mirror" => true,
        other => {
            return Err((
                "source_mirror",
                format!("expected \"mirror\" or nothing, found {other:?}"),
            ))
        }
    };
    if source.chars().all(|c| c.is_ascii_digit()) {
        if mirror || !row.source_quote.trim().is_empty() {
            return Err((
                "source",
                "an article (a file id) takes no quote or mirror flag: those are for pages".into(),
            ));
        }
        return Ok(Citation::article(source, row.source_title.trim()));
    }
    if row.source_quote.trim().is_empty() {
        return Err((
            "source_quote",
            format!("the page {source:?} needs the phrase that carries the number"),
        ));
    }
    Ok(Citation::page(
        source,
        &row.source_title,
        &row.source_quote,
        mirror,
    ))
}

/// What the facts file holds, split by kind. One row can give both a figure and a target.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    /// One figure per row, in file order (row numbers kept in [`ReportedFigure::row`]).
    pub figures: Vec<ReportedFigure>,
    /// One target per region of every row that names a target count, deadline or note.
    pub targets: Vec<Target>,
}

/// Parses the facts file. A row with a bad value is an error naming file, row and column: these
/// are a handful of hand-checked rows, so a typo must stop the build of the data, not vanish.
pub fn parse_facts(file_name: &str, text: &str) -> Result<Facts, DataError> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header =
        (reader.headers().cloned()).map_err(|e| DataError::file(file_name, e.to_string()))?;
    let mut facts = Facts::default();
    for (index, record) in reader.records().enumerate() {
        let row_number = index + 2;
        let bad = |column: &str, message: String| {
            DataError::row(file_name, row_number, format!("column {column}: {message}"))
        };
        let row = (record.map_err(|e| e.to_string()))
            .and_then(|record| FactRow::read(&Columns::new(&header, &record)))
            .map_err(|e| DataError::row(file_name, row_number, e))?;
        let count = |column: &str, raw: &str| -> Result<Option<u32>, DataError> {
            let raw = raw.trim();
            if raw.is_empty() {
                return Ok(None);
            }
            raw.parse::<u32>()
                .map(Some)
                .map_err(|_| bad(column, format!("expected a whole number, found {raw:?}")))
        };
        let regions = row
            .region_codes
            .split_whitespace()
            .map(|raw| match raw {
                NATION_IN_FACTS => Ok(RegionCode::nation()),
                _ => RegionCode::parse(raw).map_err(|e| bad("region_codes", e.to_string())),
            })
            .collect::<Result<Vec<_>, _>>()?;
        if regions.is_empty() {
            return Err(bad("region_codes", "expected at least one code".into()));
        }
        let date = |column: &str, raw: &str| -> Result<Option<PartialDate>, DataError> {
            let raw = raw.trim();
            if raw.is_empty() {
                return Ok(None);
            }
            PartialDate::parse(raw).map(Some).ok_or_else(|| {
                bad(
                    column,
                    format!("expected a date like 2023-12, found {raw:?}"),
                )
            })
        };
        let townships_covered = match row.townships_covered.trim() {
            "all" => Some(CoveredCount::All),
            raw => count("townships_covered", raw)?.map(CoveredCount::Count),
        };
        let source = citation(&row).map_err(|(column, e)| bad(column, e))?;
        let coverage_pct_reported = match row.coverage_pct.trim() {
            "" => None,
            raw => match raw.parse::<f64>() {
                Ok(pct) if (0.0..=100.0).contains(&pct) => Some(pct),
                _ => {
                    return Err(bad(
                        "coverage_pct",
                        format!("expected a percentage from 0 to 100, found {raw:?}"),
                    ))
                }
            },
        };
        let figure = ReportedFigure {
            row: row_number,
            regions: regions.clone(),
            region_name: row.region_name,
            level_label: row.level,
            as_of: AsOf {
                date: date("as_of", &row.as_of)?,
                note: row.as_of_note,
            },
            townships_covered,
            townships_total: count("townships_total", &row.townships_total)?,
            stations_built: count("stations_built", &row.stations_built)?,
            stations_operating: count("stations_operating", &row.stations_operating)?,
            tiers: TierCounts {
                guidance_centres: count("guidance_centres", &row.guidance_centres)?,
                head_stations: count("head_stations", &row.head_stations)?,
                village_rooms: count("village_rooms", &row.village_rooms)?,
            },
            ratings: RatingCounts {
                five_star: count("stars_5", &row.stars_5)?,
                four_star: count("stars_4", &row.stars_4)?,
                excellent: count("stars_excellent", &row.stars_excellent)?,
            },
            coverage_pct_reported,
            source: source.clone(),
            note: row.note,
        };
        if let (Some(CoveredCount::Count(covered)), Some(total)) =
            (figure.townships_covered, figure.townships_total)
        {
            if covered > total {
                return Err(bad(
                    "townships_covered",
                    format!("{covered} covered is more than the {total} townships reported"),
                ));
            }
        }
        let target_townships = count("target_townships", &row.target_townships)?;
        let target_deadline = date("target_deadline", &row.target_deadline)?;
        if target_townships.is_some() || target_deadline.is_some() || !row.target_note.is_empty() {
            for region in &regions {
                facts.targets.push(Target {
                    region: region.clone(),
                    townships: target_townships,
                    deadline: target_deadline,
                    note: row.target_note.clone(),
                    source: source.clone(),
                });
            }
        }
        facts.figures.push(figure);
    }
    Ok(facts)
}
