//! What a join gives back: every row read in exactly one list, with the remarks on joined rows,
//! the townships of the touched counties that have no station row, and their texts and CSV
//! downloads.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use crate::data::code::{Level, RegionCode};
use crate::data::divisions::Divisions;
use crate::data::model::Station;
use crate::lang::{Lang, Text};

use super::super::recipe::{AcceptedMatch, ValueField};

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
    pub reason: Text,
    /// What the user probably meant: "万峰林街道 (522301008)".
    pub suggestion: Option<String>,
    /// For a row whose suggestion is a township: what accepting it adds to the join's choices,
    /// so this row (and any other with the same cells) joins that township. For a note on a row
    /// joined by a short form of its name: the match, which undoing refuses
    /// ([`crate::import::StationChoices::refuse`]).
    #[serde(default)]
    pub accept: Option<AcceptedMatch>,
}

impl ReportRow {
    /// "file, row 12: reason (did you mean …?)" in `lang`.
    pub fn line(&self, lang: Lang) -> String {
        let mut line = match lang {
            Lang::Zh => format!("{}，第{}行：{}", self.file, self.row, self.reason.zh),
            Lang::En => format!("{}, row {}: {}", self.file, self.row, self.reason.en),
        };
        if let Some(s) = &self.suggestion {
            line += &match lang {
                Lang::Zh => format!("（是否指 {s}？）"),
                Lang::En => format!(" (did you mean {s}?)"),
            };
        }
        line
    }
}

impl fmt::Display for ReportRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.line(Lang::En))
    }
}

/// A status or rating value of the table that neither the vocabulary nor the user's choices
/// know: the value step lists each with its row count and a select.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnknownValue {
    /// The status column or the rating column.
    pub field: ValueField,
    /// The value as the first row with it writes it (empty for an empty status cell).
    pub value: String,
    /// How many rows have it; each is invalid until the value gets a meaning.
    pub rows: usize,
    /// The first row with it, 1-based as the report numbers rows.
    pub first_row: usize,
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
    /// Note, signature and contact lines among the rows (注：…, 填表人：…, 联系电话：…):
    /// recognised and skipped, never joined and never "unmatched".
    #[serde(default)]
    pub note_rows: Vec<ReportRow>,
    /// Per county the joined rows touch, in code order: its townships with and without a row.
    pub townships_without_station: Vec<CountyGap>,
    /// Lines above the header (a title, 填报单位): not table rows, skipped and listed.
    #[serde(default)]
    pub title_rows: Vec<ReportRow>,
    /// Status and rating values the invalid rows could not be read with, most rows first.
    #[serde(default)]
    pub unknown_values: Vec<UnknownValue>,
    /// Remarks on the header row: a column read under a name another column has too.
    #[serde(default)]
    pub header_notes: Vec<ReportRow>,
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
                + self.note_rows.len()
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
                if !self.title_rows.is_empty() {
                    line += &format!("，表头上方的标题行{}（已跳过）", self.title_rows.len());
                }
                if !self.note_rows.is_empty() {
                    line += &format!("，注释或署名行{}（已跳过）", self.note_rows.len());
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
                if !self.title_rows.is_empty() {
                    line += &format!(
                        ", {} title lines above the header skipped",
                        self.title_rows.len()
                    );
                }
                if !self.note_rows.is_empty() {
                    line += &format!(", {} note or signature lines skipped", self.note_rows.len());
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
    /// `county_code,county,township_code,township` (区县代码,区县,乡镇代码,乡镇 in Chinese), for
    /// download beside the report.
    pub fn gaps_csv(&self, divisions: &Divisions, lang: Lang) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let _ = writer.write_record(match lang {
            Lang::Zh => ["区县代码", "区县", "乡镇代码", "乡镇"],
            Lang::En => ["county_code", "county", "township_code", "township"],
        });
        for gap in &self.townships_without_station {
            for township in &gap.without_station {
                let _ = crate::csv_cell::write_guarded(
                    &mut writer,
                    [
                        gap.county.as_str(),
                        gap.name.as_str(),
                        township.as_str(),
                        divisions.name(township).unwrap_or_default(),
                    ],
                );
            }
        }
        String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// The distinct suggestions of unmatched rows that can be accepted, in row order: what
    /// "accept all" adds.
    pub fn acceptable(&self) -> Vec<&AcceptedMatch> {
        let mut out: Vec<&AcceptedMatch> = Vec::new();
        for accept in self.unmatched.iter().filter_map(|r| r.accept.as_ref()) {
            if !out.contains(&accept) {
                out.push(accept);
            }
        }
        out
    }

    /// Every unmatched, duplicate and invalid row as a message naming file and row, in `lang`.
    pub fn messages(&self, lang: Lang) -> Vec<String> {
        let mut rows: Vec<&ReportRow> = self
            .unmatched
            .iter()
            .chain(&self.duplicates)
            .chain(&self.invalid)
            .chain(&self.header_notes)
            .collect();
        rows.sort_by_key(|r| r.row);
        rows.iter().map(|r| r.line(lang)).collect()
    }

    /// One line per row read, in file order: `row,status,value,reason,suggestion`, status being
    /// `joined`, `unmatched`, `duplicate`, `invalid`, `summary`, `title` or `header`; headers, statuses and reasons
    /// in `lang` (行,结果,取值,原因,建议; 已匹配, 未匹配, 重复, 无效, 合计行). For download next to
    /// the upload.
    pub fn to_csv(&self, lang: Lang) -> String {
        let mut lines: Vec<(usize, &str, String, String, String)> = Vec::new();
        let notes: HashMap<usize, &ReportRow> = self.notes.iter().map(|n| (n.row, n)).collect();
        for (row, station) in &self.joined {
            let note = notes.get(row);
            lines.push((
                *row,
                lang.pick("已匹配", "joined"),
                note.map_or_else(|| station.township.to_string(), |n| n.value.clone()),
                note.map_or_else(String::new, |n| n.reason.get(lang).to_string()),
                note.and_then(|n| n.suggestion.clone()).unwrap_or_default(),
            ));
        }
        for (status, list) in [
            (lang.pick("未匹配", "unmatched"), &self.unmatched),
            (lang.pick("重复", "duplicate"), &self.duplicates),
            (lang.pick("无效", "invalid"), &self.invalid),
            (lang.pick("合计行", "summary"), &self.summary_rows),
            (lang.pick("标题行", "title"), &self.title_rows),
            (lang.pick("注释行", "note"), &self.note_rows),
            (lang.pick("表头", "header"), &self.header_notes),
        ] {
            for r in list {
                lines.push((
                    r.row,
                    status,
                    r.value.clone(),
                    r.reason.get(lang).to_string(),
                    r.suggestion.clone().unwrap_or_default(),
                ));
            }
        }
        lines.sort_by_key(|l| l.0);
        let mut writer = csv::Writer::from_writer(Vec::new());
        let header = match lang {
            Lang::Zh => ["行", "结果", "取值", "原因", "建议"],
            Lang::En => ["row", "status", "value", "reason", "suggestion"],
        };
        let _ = writer.write_record(header);
        for (row, status, value, reason, suggestion) in &lines {
            let row = row.to_string();
            let cells = [row.as_str(), status, value, reason, suggestion];
            let _ = crate::csv_cell::write_guarded(&mut writer, cells);
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
