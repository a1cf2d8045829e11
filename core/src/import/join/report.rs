//! What a join gives back: every row read in exactly one list, with the remarks on joined rows,
//! the townships of the touched counties that have no station row, and their texts and CSV
//! downloads.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use crate::data::code::{Level, RegionCode};
use crate::data::divisions::Divisions;
use crate::data::model::Station;

/// One row of the report that is not a clean join, or a joined row with a remark.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReportRow {
    /// The file name, as the messages give it.
    pub file: String,
    /// 1-based row in the file, as [`crate::import::RawRow::row`].
    pub row: usize,
    /// The cell the reason is about, as the file has it.
    pub value: String,
    /// Why the row did not join, or what was read generously, in words.
    pub reason: String,
    /// What the user probably meant: "万峰林街道 (522301008)".
    pub suggestion: Option<String>,
}

impl fmt::Display for ReportRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, row {}: {}", self.file, self.row, self.reason)?;
        if let Some(s) = &self.suggestion {
            write!(f, " (did you mean {s}?)")?;
        }
        Ok(())
    }
}

/// Per county that the joined rows touch: how many of its townships have a station row.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CountyGap {
    /// The county's code.
    pub county: RegionCode,
    /// The county's name in the registry.
    pub name: String,
    /// Townships the registry lists in the county.
    pub townships: u32,
    /// Townships with at least one joined station row, whatever its status.
    pub with_station: u32,
    /// Townships whose joined station is built or operating.
    pub covered: u32,
    /// Townships with no joined station row, in code order.
    pub without_station: Vec<RegionCode>,
}

/// The outcome of an import. `rows_read == joined + unmatched + invalid + duplicates` always
/// holds ([`JoinReport::accounts_for_every_row`]); `notes` remarks on some joined rows.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct JoinReport {
    /// The file name, as the messages give it.
    pub file: String,
    /// Rows read, blank rows not counted.
    pub rows_read: usize,
    /// Rows with every cell empty, skipped when reading (not in `rows_read`).
    pub blank_rows: usize,
    /// Each joined row's 1-based number in the file, with its station.
    pub joined: Vec<(usize, Station)>,
    /// Joined rows that needed reading generously (full-width digits, a name the registry
    /// spells otherwise).
    pub notes: Vec<ReportRow>,
    /// Rows whose township could not be found in the registry.
    pub unmatched: Vec<ReportRow>,
    /// Rows for a township and tier an earlier row already has.
    pub duplicates: Vec<ReportRow>,
    /// Rows with a value that cannot be read (status, star, tier, date, too many cells).
    pub invalid: Vec<ReportRow>,
    /// Totals rows (合计, 小计, 总计, 全县…) that bureaus put under a table: recognised and
    /// skipped, never joined and never "invalid".
    #[serde(default)]
    pub summary_rows: Vec<ReportRow>,
    /// Per county the joined rows touch, in code order: its townships with and without a row.
    pub townships_without_station: Vec<CountyGap>,
}

impl JoinReport {
    /// The invariant: every row read is in exactly one list.
    pub fn accounts_for_every_row(&self) -> bool {
        self.rows_read
            == self.joined.len()
                + self.unmatched.len()
                + self.invalid.len()
                + self.duplicates.len()
                + self.summary_rows.len()
    }

    /// "stations.csv: 12 rows read, 12 joined, 0 unmatched, 0 duplicates, 0 invalid".
    pub fn counts_line(&self, lang: crate::lang::Lang) -> String {
        let (read, joined, unmatched, duplicates, invalid) = (
            self.rows_read,
            self.joined.len(),
            self.unmatched.len(),
            self.duplicates.len(),
            self.invalid.len(),
        );
        let summaries = self.summary_rows.len();
        match lang {
            crate::lang::Lang::Zh => {
                let mut line = format!(
                    "{}：读取{read}行，已匹配{joined}，未匹配{unmatched}，重复{duplicates}，无效{invalid}",
                    self.file
                );
                if summaries > 0 {
                    line += &format!("，合计行{summaries}（已跳过）");
                }
                line
            }
            crate::lang::Lang::En => {
                let mut line = format!(
                    "{}: {read} rows read, {joined} joined, {unmatched} unmatched, {duplicates} duplicates, {invalid} invalid",
                    self.file
                );
                if summaries > 0 {
                    line += &format!(", {summaries} totals rows skipped");
                }
                line
            }
        }
    }

    /// Counties the joined rows touch, how many have a station row for every township, and the
    /// `shown` counties missing the most.
    pub fn gaps_line(&self, lang: crate::lang::Lang, shown: usize) -> String {
        let touched = self.townships_without_station.len();
        let mut short: Vec<&CountyGap> = self
            .townships_without_station
            .iter()
            .filter(|g| g.with_station < g.townships)
            .collect();
        short.sort_by_key(|g| std::cmp::Reverse(g.townships - g.with_station));
        let listed = short
            .iter()
            .take(shown)
            .map(|g| {
                format!(
                    "{} {}: {}/{}",
                    g.name, g.county, g.with_station, g.townships
                )
            })
            .collect::<Vec<_>>();
        let more = short.len().saturating_sub(shown);
        let complete = touched - short.len();
        match lang {
            crate::lang::Lang::Zh => {
                let mut line =
                    format!("涉及 {touched} 个区县，{complete} 个区县每个乡镇都有站点行");
                if !listed.is_empty() {
                    line += &format!("；缺站点行的乡镇/乡镇总数：{}", listed.join("；"));
                }
                if more > 0 {
                    line += &format!("；另有 {more} 个区县");
                }
                line
            }
            crate::lang::Lang::En => {
                let mut line = format!(
                "{touched} counties in the file, {complete} with a station row for every township"
            );
                if !listed.is_empty() {
                    line += &format!(
                        "; townships with a station row / townships: {}",
                        listed.join("; ")
                    );
                }
                if more > 0 {
                    line += &format!("; and {more} more counties");
                }
                line
            }
        }
    }

    /// Every township of a county the file touches that has no station row:
    /// `county_code,county,township_code,township`, for download beside the report.
    pub fn gaps_csv(&self, divisions: &Divisions) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let _ = writer.write_record(["county_code", "county", "township_code", "township"]);
        for gap in &self.townships_without_station {
            for township in &gap.without_station {
                let _ = writer.write_record([
                    gap.county.as_str(),
                    gap.name.as_str(),
                    township.as_str(),
                    divisions.name(township).unwrap_or_default(),
                ]);
            }
        }
        String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// Every unmatched, duplicate and invalid row as a message naming file and row.
    pub fn messages(&self) -> Vec<String> {
        let mut rows: Vec<&ReportRow> = self
            .unmatched
            .iter()
            .chain(&self.duplicates)
            .chain(&self.invalid)
            .collect();
        rows.sort_by_key(|r| r.row);
        rows.iter().map(|r| r.to_string()).collect()
    }

    /// One line per row read, in file order: `row,status,value,reason,suggestion`, status being
    /// `joined`, `unmatched`, `duplicate` or `invalid`. For download next to the upload.
    pub fn to_csv(&self) -> String {
        let mut lines: Vec<(usize, &str, String, String, String)> = Vec::new();
        let notes: HashMap<usize, &ReportRow> = self.notes.iter().map(|n| (n.row, n)).collect();
        for (row, station) in &self.joined {
            let note = notes.get(row);
            lines.push((
                *row,
                "joined",
                note.map_or_else(|| station.township.to_string(), |n| n.value.clone()),
                note.map_or_else(String::new, |n| n.reason.clone()),
                note.and_then(|n| n.suggestion.clone()).unwrap_or_default(),
            ));
        }
        for (status, list) in [
            ("unmatched", &self.unmatched),
            ("duplicate", &self.duplicates),
            ("invalid", &self.invalid),
            ("summary", &self.summary_rows),
        ] {
            for r in list {
                lines.push((
                    r.row,
                    status,
                    r.value.clone(),
                    r.reason.clone(),
                    r.suggestion.clone().unwrap_or_default(),
                ));
            }
        }
        lines.sort_by_key(|l| l.0);
        let mut writer = csv::Writer::from_writer(Vec::new());
        let _ = writer.write_record(["row", "status", "value", "reason", "suggestion"]);
        for (row, status, value, reason, suggestion) in &lines {
            let _ =
                writer.write_record([row.to_string().as_str(), status, value, reason, suggestion]);
        }
        let bytes = writer.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

/// Per county the joined stations touch: its townships with a station row, covered, and without.
pub(super) fn county_gaps(divisions: &Divisions, joined: &[(usize, Station)]) -> Vec<CountyGap> {
    let mut stations: BTreeMap<RegionCode, Vec<&Station>> = BTreeMap::new();
    for (_, s) in joined {
        if let Some(county) = s.township.ancestor_at(Level::County) {
            stations.entry(county).or_default().push(s);
        }
    }
    stations
        .into_iter()
        .map(|(county, list)| {
            let with: BTreeSet<&RegionCode> = list.iter().map(|s| &s.township).collect();
            let covered: BTreeSet<&RegionCode> = list
                .iter()
                .filter(|s| s.status.covers_township())
                .map(|s| &s.township)
                .collect();
            let without_station: Vec<RegionCode> = divisions
                .children(&county)
                .filter(|t| !with.contains(t))
                .cloned()
                .collect();
            CountyGap {
                name: divisions.name(&county).unwrap_or_default().to_string(),
                townships: divisions.township_count(&county),
                with_station: with.len() as u32,
                covered: covered.len() as u32,
                without_station,
                county,
            }
        })
        .collect()
}
