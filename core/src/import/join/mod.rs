//! Joining imported rows to the division registry: by code first, then by name within the
//! county. Every row read ends in exactly one list of the [`JoinReport`]: joined, unmatched,
//! duplicate or invalid — nothing is dropped.
//!
//! One file per step: `names` finds a township or county by name, `row` reads one row's
//! township and values, `report` is what the join gives back; a [`JoinReport`] is filled here,
//! row by row.
//!
//! Kept as one file because it is the join's one loop and the report every row ends in, which
//! must be read together to see that no row is dropped; each step the loop calls has its own
//! file already.

mod miss;
mod names;
mod report;
mod row;

use std::collections::HashMap;

use crate::data::code::RegionCode;
use crate::data::divisions::Divisions;
use crate::data::model::{Source, Station, Tier};
use crate::date::Day;
use crate::error::DataError;
use crate::lang::Text;

use super::mapping::ColumnMapping;
use super::progress::{ignore, Phase, Step, Ticker};
use super::recipe::{AcceptedMatch, ValueChoices, ValueField};
use super::stations::{RawRow, RawTable};
use super::text::normalise_name;

pub use report::{CountyGap, JoinReport, ReportRow, UnknownValue};

use miss::Miss;
use names::{label, LazyIndex};
use report::county_gaps;
use row::{read_values, resolve_township};

/// Choices for a join.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinOptions {
    /// Open dates after this day are invalid.
    pub today: Day,
    /// Where name joins look (the bureau's own prefecture, say). `None`: the whole registry.
    /// Codes join wherever they are.
    pub scope: Option<RegionCode>,
    /// Join a name that matches only after dropping or swapping its 街道/镇/乡 suffix
    /// (`万峰林` → `万峰林街道`) when the match is unique. Off by default: such rows are
    /// reported unmatched with the match as a suggestion for the user to accept.
    pub accept_suffix_variants: bool,
    /// The user's meanings for status and rating words the vocabulary lacks (the value step).
    pub values: ValueChoices,
    /// Suggested townships the user accepted, by the cells of the rows they join.
    pub accepted: Vec<AcceptedMatch>,
    /// Short-form matches the user undid, by the cells of their rows: such a row is unmatched
    /// again, with the township as its suggestion.
    pub refused: Vec<AcceptedMatch>,
}

impl JoinOptions {
    /// Options for a join on `today`: the whole registry, suffix variants suggested, not joined,
    /// no value meanings or accepted suggestions.
    pub fn new(today: Day) -> JoinOptions {
        JoinOptions {
            today,
            scope: None,
            accept_suffix_variants: false,
            values: ValueChoices::default(),
            accepted: Vec::new(),
            refused: Vec::new(),
        }
    }
}

/// Joins every row of `table` to the registry. Errors only when the mapping cannot be used at
/// all (no code or name column, no status column, a column past the header); everything about a
/// single row goes into the report.
pub fn join_stations(
    table: &RawTable,
    mapping: &ColumnMapping,
    divisions: &Divisions,
    options: &JoinOptions,
) -> Result<JoinReport, DataError> {
    join_stations_with_progress(table, mapping, divisions, options, &mut ignore)
}

/// [`join_stations`], reporting [`Phase::Joining`] steps in rows.
pub fn join_stations_with_progress(
    table: &RawTable,
    mapping: &ColumnMapping,
    divisions: &Divisions,
    options: &JoinOptions,
    progress: &mut dyn FnMut(Step),
) -> Result<JoinReport, DataError> {
    let status_column = check_mapping(table, mapping)?;
    let scope = options.scope.clone().unwrap_or_else(RegionCode::nation);
    let mut joiner = Joiner {
        file: table.file.as_str(),
        width: table.headers.len(),
        mapping,
        status_column,
        divisions,
        options,
        index: LazyIndex::new(divisions, scope),
        seen: HashMap::new(),
        file_county: None,
        report: JoinReport {
            file: table.file.clone(),
            rows_read: table.rows.len(),
            blank_rows: table.blank_rows,
            joined: Vec::new(),
            notes: Vec::new(),
            unmatched: Vec::new(),
            duplicates: Vec::new(),
            invalid: Vec::new(),
            summary_rows: Vec::new(),
            note_rows: Vec::new(),
            townships_without_station: Vec::new(),
            unknown_values: Vec::new(),
            title_rows: title_rows(table),
            header_notes: duplicate_headers(table, mapping),
        },
        unknown: HashMap::new(),
    };
    let mut ticker = Ticker::start(progress, Phase::Joining, table.rows.len() as u64);
    joiner.file_county = joiner.county_of_rows(&table.rows);
    for (done, row) in table.rows.iter().enumerate() {
        ticker.tick(done as u64);
        joiner.join_row(row);
    }
    ticker.finish();
    let Joiner {
        mut report,
        unknown,
        ..
    } = joiner;
    report.joined.sort_by_key(|(row, _)| *row);
    report.notes.sort_by_key(|n| n.row);
    report.townships_without_station = county_gaps(divisions, &report.joined);
    report.unknown_values = unknown.into_values().collect();
    report
        .unknown_values
        .sort_by_key(|u| (std::cmp::Reverse(u.rows), u.first_row, u.field));
    Ok(report)
}

/// The lines above the header, as the report lists them.
/// A note for each mapped column whose header name another column has too: which one is read.
fn duplicate_headers(table: &RawTable, mapping: &ColumnMapping) -> Vec<ReportRow> {
    let columns = [
        mapping.code,
        mapping.township,
        mapping.county,
        mapping.station_name,
        mapping.status,
        mapping.star,
        mapping.tier,
        mapping.opened,
    ];
    let mut notes = Vec::new();
    for used in columns.into_iter().flatten() {
        let Some(name) = table.headers.get(used).filter(|h| !h.is_empty()) else {
            continue;
        };
        let others: Vec<String> = (table.headers.iter().enumerate())
            .filter(|(i, h)| *i != used && *h == name)
            .map(|(i, _)| (i + 1).to_string())
            .collect();
        if others.is_empty() {
            continue;
        }
        let (column, others) = (used + 1, others.join(", "));
        notes.push(ReportRow {
            file: table.file.clone(),
            row: table.header_row.max(1),
            value: name.clone(),
            reason: Text::new(
                format!("表头有多列都叫“{name}”：读取的是第 {column} 列，第 {others} 列未读取；请改名，或选择要读取的列"),
                format!("several columns are named {name:?}: column {column} is read, column {others} is not; rename one, or choose the column to read"),
            ),
            suggestion: None,
            accept: None,
        });
    }
    notes
}

fn title_rows(table: &RawTable) -> Vec<ReportRow> {
    table
        .above_header
        .iter()
        .map(|r| ReportRow {
            file: table.file.clone(),
            row: r.row,
            value: r
                .cells
                .iter()
                .filter(|c| !c.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
            reason: Text::new(
                "表头上方的标题或说明行：已跳过，不是站点",
                "a title or note line above the header: skipped, not a station",
            ),
            suggestion: None,
            accept: None,
        })
        .collect()
}

/// The status column, when the mapping can be used at all: a code or name column, a status
/// column, and no column past the header.
fn check_mapping(table: &RawTable, mapping: &ColumnMapping) -> Result<usize, DataError> {
    let file = table.file.as_str();
    let width = table.headers.len();
    let header_list = || {
        table
            .headers
            .iter()
            .map(|h| format!("{h:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if mapping.code.is_none() && mapping.township.is_none() {
        return Err(DataError::row(
            file,
            1,
            Text::new(
                format!(
                    "表头 [{}] 中没有乡镇代码列（乡镇代码、统计用区划代码、code），也没有乡镇名称列（乡镇名称、乡镇（街道）、township）；各列须以逗号、分号或制表符分隔",
                    header_list()
                ),
                format!(
                    "found no township code column (乡镇代码, 统计用区划代码, code) and no township name column (乡镇名称, 乡镇（街道）, township) in the header [{}]; columns must be separated by commas, semicolons or tabs",
                    header_list()
                ),
            ),
        ));
    }
    let Some(status_column) = mapping.status else {
        return Err(DataError::row(file, 1, no_status_column(&table.headers)));
    };
    let columns = [
        mapping.code,
        mapping.township,
        mapping.county,
        mapping.station_name,
        mapping.status,
        mapping.operating,
        mapping.star,
        mapping.tier,
        mapping.opened,
    ];
    if let Some(bad) = columns.iter().flatten().find(|i| **i >= width) {
        return Err(DataError::row(
            file,
            1,
            Text::new(
                format!("选择了第 {} 列，但表头只有 {width} 列", bad + 1),
                format!(
                    "column {} is mapped but the header has {width} columns",
                    bad + 1
                ),
            ),
        ));
    }
    Ok(status_column)
}

/// Why no column is read as the status, naming a column whose header mentions 状态 or status
/// but is not a name the importer takes for it (状态说明, 状态(2024)), which the user can choose.
fn no_status_column(headers: &[String]) -> Text {
    let list = headers
        .iter()
        .map(|h| format!("{h:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    let near = headers.iter().position(|h| {
        h.contains("状态") || h.contains("狀態") || h.to_lowercase().contains("status")
    });
    match near {
        Some(i) => {
            let (column, name) = (i + 1, &headers[i]);
            Text::new(
                format!("表头 [{list}] 中没有可识别的状态列：第 {column} 列“{name}”提到了状态，但不是已知的状态列名（状态、建设状态、运行状态、status）；若它就是状态，请选择它作为状态列（命令行 --column status={column}）"),
                format!("no column of the header [{list}] is read as the status: column {column} {name:?} mentions it but is not a status column name the importer knows (状态, 建设状态, 运行状态, status); if it holds the status, choose it as the status column (--column status={column} in the CLI)"),
            )
        }
        None => Text::new(
            format!("表头 [{list}] 中没有状态列（状态、建设状态、运行状态、status）"),
            format!(
                "found no status column (状态, 建设状态, 运行状态, status) in the header [{list}]"
            ),
        ),
    }
}

/// Where a row that does not join goes in the report.
enum Rejected {
    Unmatched(Miss),
    Duplicate(Miss),
    Invalid(Miss),
}

/// One join under way: what every row is read with, and the report so far.
struct Joiner<'a> {
    file: &'a str,
    /// Columns in the header.
    width: usize,
    mapping: &'a ColumnMapping,
    status_column: usize,
    divisions: &'a Divisions,
    options: &'a JoinOptions,
    index: LazyIndex<'a>,
    /// The row that first had each township and tier.
    seen: HashMap<(RegionCode, Tier), usize>,
    /// The county the file's rows are in, when they are in one (see [`dominant_county`]): a
    /// row that names its township only is read inside it first.
    file_county: Option<RegionCode>,
    report: JoinReport,
    /// Values the value step can give a meaning, by field and normalised value.
    unknown: HashMap<(ValueField, String), UnknownValue>,
}

/// The county at least four in five of the rows whose township was found are in (joined or
/// not: a row with a status to map still says where the file is), when there are at least three.
fn dominant_county(found: &[RegionCode]) -> Option<RegionCode> {
    let mut counts: HashMap<RegionCode, usize> = HashMap::new();
    for township in found {
        if let Some(county) = township.parent() {
            *counts.entry(county).or_default() += 1;
        }
    }
    let (county, n) = counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
    (n >= 3 && n * 5 >= found.len() * 4).then_some(county)
}

/// Words that mark a totals row under a station table. (Not 全州: 全州县 is a county.)
const SUMMARY_WORDS: &[&str] = &[
    "合计", "小计", "总计", "总数", "共计", "累计", "全县", "全市", "全区", "全省", "全旗",
    "total", "subtotal", "sum",
];

/// The totals word of a row that is a sum, not a township: one of its identifying cells (code,
/// township, county, station name) says 合计, 小计, 全县…, or, when it names no township and no
/// code, any of its cells does (bureaus often write 合计 in the 序号 column).
fn summary_word<'r>(row: &'r RawRow, mapping: &ColumnMapping) -> Option<&'r str> {
    let is_word = |cell: &str| {
        let key: String = normalise_name(cell)
            .trim_end_matches([':', '：'])
            .to_string();
        SUMMARY_WORDS.contains(&key.as_str())
    };
    let identifying = [
        mapping.code,
        mapping.township,
        mapping.county,
        mapping.station_name,
    ];
    let named = identifying
        .into_iter()
        .flatten()
        .map(|i| row.cell(i))
        .find(|cell| is_word(cell));
    let unnamed = [mapping.code, mapping.township]
        .into_iter()
        .flatten()
        .all(|i| row.cell(i).is_empty());
    named.or_else(|| {
        unnamed
            .then(|| row.cells.iter().map(String::as_str).find(|c| is_word(c)))
            .flatten()
    })
}

/// Words that open a line under (or above) a table that is not a row: a note, the data's
/// source, who filled it in or checked it, a contact. Each is followed by a colon.
const NOTE_WORDS: &[&str] = &[
    "注",
    "说明",
    "备注",
    "数据来源",
    "来源",
    "资料来源",
    "填表人",
    "填报人",
    "制表人",
    "审核人",
    "负责人",
    "联系人",
    "联系电话",
    "电话",
    "填表日期",
    "填报日期",
    "制表日期",
    "填报单位",
    "note",
    "notes",
    "source",
];

/// The text of a row that is a note, signature or contact line, not a station: its first
/// filled cell opens with one of [`NOTE_WORDS`] and a colon (`注：`, `填表人：张三`), and the
/// row's code and township cells hold nothing else.
fn note_line(row: &RawRow, mapping: &ColumnMapping) -> Option<String> {
    let first = row.cells.iter().find(|c| !c.trim().is_empty())?;
    let text = super::text::half_width(first);
    let text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '*' || c == '※');
    let lower = text.to_lowercase();
    // `注：`, `注1：`, `联系电话 : …` (half-width makes every colon `:`).
    let opens = NOTE_WORDS.iter().any(|w| {
        lower.strip_prefix(w).is_some_and(|rest| {
            rest.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace())
                .starts_with(':')
        })
    });
    if !opens {
        return None;
    }
    let elsewhere = [mapping.code, mapping.township]
        .into_iter()
        .flatten()
        .map(|i| row.cell(i))
        .any(|c| !c.is_empty() && c != first.as_str());
    (!elsewhere).then(|| {
        row.cells
            .iter()
            .filter(|c| !c.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    })
}

impl<'a> Joiner<'a> {
    /// Puts `row` in exactly one list of the report, and its note, if any, among the notes.
    fn join_row(&mut self, row: &'a RawRow) {
        if let Some(text) = note_line(row, self.mapping) {
            let line = self.report_row(
                row,
                Miss::new(
                    &text,
                    Text::new(
                        "表格下方的注释、署名或联系方式行：已跳过，不是站点",
                        "a note, signature or contact line of the table: skipped, not a station",
                    ),
                ),
            );
            self.report.note_rows.push(line);
            return;
        }
        if let Some(word) = summary_word(row, self.mapping) {
            let line = self.report_row(
                row,
                Miss::new(
                    word,
                    Text::new(
                        format!("合计行（{word}）：已跳过，不是乡镇"),
                        format!("totals row ({word}): skipped, not a township"),
                    ),
                ),
            );
            self.report.summary_rows.push(line);
            return;
        }
        let result = match self.station(row) {
            Err(Rejected::Unmatched(there)) => {
                Err(Rejected::Unmatched(self.missed_in_county(row, there)))
            }
            other => other,
        };
        self.place(row, result);
    }

    /// Where the file is: a county bureau's table often names no county, so the township of
    /// each row that has one (by code, by its county cell, or by a name unique in the registry)
    /// is found first, and the county of at least four in five of them is the file's.
    fn county_of_rows(&self, rows: &[RawRow]) -> Option<RegionCode> {
        let found: Vec<RegionCode> = rows
            .iter()
            .filter(|row| note_line(row, self.mapping).is_none())
            .filter(|row| summary_word(row, self.mapping).is_none())
            .filter_map(|row| {
                let (divisions, index, options) = (self.divisions, &self.index, self.options);
                resolve_township(row, self.mapping, divisions, index, options, None).ok()
            })
            .map(|(code, _, _)| code)
            .collect();
        dominant_county(&found)
    }

    /// The miss of a row that names only its township, which nothing in the file's county
    /// matched: what the whole registry has of the name, said to be outside the county, and
    /// suggested only inside the county's prefecture. Other misses stay as they are.
    fn missed_in_county(&self, row: &RawRow, there: Miss) -> Miss {
        let Some(county) = self.file_county.as_ref() else {
            return there;
        };
        let names_only = [self.mapping.code, self.mapping.county]
            .iter()
            .all(|column| column.is_none_or(|i| row.cell(i).is_empty()));
        if !names_only {
            return there;
        }
        let (divisions, index, options) = (self.divisions, &self.index, self.options);
        match resolve_township(row, self.mapping, divisions, index, options, None) {
            Ok((elsewhere, _, _)) => self.found_outside_county(there, &elsewhere, county),
            Err(anywhere) if there.suggestion.is_none() => {
                self.outside_county(anywhere, there, county)
            }
            Err(_) => there,
        }
    }

    /// A name nothing in the file's `county` has, which the registry has once, at `elsewhere`:
    /// not joined there (a one-county table's row is not in another province), but named; the
    /// suggestion stays the nearest name in the county, if any, else `elsewhere` when it lies
    /// in the county's prefecture.
    fn found_outside_county(
        &self,
        there: Miss,
        elsewhere: &RegionCode,
        county: &RegionCode,
    ) -> Miss {
        let target = label(self.divisions, elsewhere);
        let nearby = county.parent().is_some_and(|p| elsewhere.is_within(&p));
        let (zh, en) = if nearby {
            ("", "")
        } else {
            (
                "（也不在本市州，未作建议）",
                " (outside the prefecture too, so not suggested)",
            )
        };
        let mut miss = there;
        miss.reason = Box::new(Text::new(
            format!("{}；本文件所在区县内没有此名称，同名乡镇在区县外：{target}{zh}", miss.reason.zh),
            format!("{}; nothing in the file's county has the name; a township of that name lies outside it: {target}{en}", miss.reason.en),
        ));
        if miss.suggestion.is_none() {
            miss.suggestion = nearby.then(|| elsewhere.clone());
        }
        miss
    }

    /// Puts a row's outcome in its list of the report.
    fn place(&mut self, row: &RawRow, result: Result<(Station, Option<ReportRow>), Rejected>) {
        match result {
            Ok((station, note)) => {
                self.report.notes.extend(note);
                self.report.joined.push((row.row, station));
            }
            Err(Rejected::Unmatched(miss)) => {
                self.tally_unknown(row.row, &miss.unknown);
                let line = self.report_row(row, miss);
                self.report.unmatched.push(line);
            }
            Err(Rejected::Duplicate(miss)) => {
                let line = self.report_row(row, miss);
                self.report.duplicates.push(line);
            }
            Err(Rejected::Invalid(miss)) => {
                self.tally_unknown(row.row, &miss.unknown);
                let line = self.report_row(row, miss);
                self.report.invalid.push(line);
            }
        }
    }

    /// Counts the row's unknown status and rating values for the value step.
    fn tally_unknown(&mut self, row: usize, unknown: &[(ValueField, String)]) {
        for (field, value) in unknown {
            let key = (*field, normalise_name(value));
            self.unknown
                .entry(key)
                .or_insert_with(|| UnknownValue {
                    field: *field,
                    value: value.clone(),
                    rows: 0,
                    first_row: row,
                })
                .rows += 1;
        }
    }

    /// The miss of a row that nothing in the file's `county` matched: the namesakes elsewhere
    /// when the name has several, else the nearest name in the county's prefecture, said to be
    /// outside the county; never a township of another prefecture.
    fn outside_county(&self, anywhere: Miss, there: Miss, county: &RegionCode) -> Miss {
        if anywhere.namesakes {
            return anywhere;
        }
        let prefecture = county.parent();
        let nearby = anywhere
            .suggestion
            .filter(|s| prefecture.as_ref().is_some_and(|p| s.is_within(p)));
        let mut miss = there;
        if let Some(code) = &nearby {
            let target = label(self.divisions, code);
            miss.reason = Box::new(Text::new(
                format!("{}；本文件所在区县内没有相近的名称，最接近的是区县外的 {target}", miss.reason.zh),
                format!("{}; nothing in the file's county comes close, the nearest is {target}, outside it", miss.reason.en),
            ));
        }
        miss.suggestion = nearby;
        miss
    }

    /// The row's station and the note on how it was read, or where the row goes instead; in the
    /// order of the checks: cells past the header, township, values, duplicate.
    fn station(&mut self, row: &RawRow) -> Result<(Station, Option<ReportRow>), Rejected> {
        let (file, width) = (self.file, self.width);
        if row.cells.len() > width && row.cells[width..].iter().any(|c| !c.is_empty()) {
            let extra = row.cells[width..].join(", ");
            return Err(Rejected::Invalid(Miss::new(
                &extra,
                Text::new(
                    format!(
                        "此行有 {} 个单元格，表头只有 {width} 个（未加引号的单元格里有分隔符？）",
                        row.cells.len()
                    ),
                    format!(
                        "the row has {} cells but the header has {width} (a delimiter inside an unquoted cell?)",
                        row.cells.len()
                    ),
                ),
            )));
        }
        if row.cells.len() <= self.status_column {
            let (cells, column) = (row.cells.len(), self.status_column + 1);
            return Err(Rejected::Invalid(Miss::new(
                &row.cells.join(", "),
                Text::new(
                    format!("此行只有 {cells} 个单元格，表头有 {width} 个：状态（第 {column} 列）缺失（这一行被截断了？）"),
                    format!("the row has only {cells} cells but the header has {width}: the status (column {column}) is missing (a row cut short?)"),
                ),
            )));
        }
        let township = resolve_township(
            row,
            self.mapping,
            self.divisions,
            &self.index,
            self.options,
            self.file_county.as_ref(),
        );
        let values = read_values(row, self.mapping, self.status_column, self.options);
        let (township, note, undo) = match township {
            Ok(found) => found,
            Err(mut miss) => {
                // Its values too, so one pass of the value step serves the row once the
                // township is fixed (a suggestion accepted).
                if let Err(bad) = values {
                    miss.unknown = bad.unknown;
                }
                return Err(Rejected::Unmatched(miss));
            }
        };
        let (status, rating, tier, opened) = values.map_err(Rejected::Invalid)?;
        let township_name = self
            .divisions
            .name(&township)
            .unwrap_or_default()
            .to_string();
        if let Some(first) = self.seen.get(&(township.clone(), tier)) {
            return Err(Rejected::Duplicate(Miss::new(
                &township.to_string(),
                Text::new(
                    format!("重复：{township_name}（{township}）已有第 {first} 行的同层级站点"),
                    format!(
                        "duplicate: {township_name} ({township}) already has a station of this tier from row {first}"
                    ),
                ),
            )));
        }
        self.seen.insert((township.clone(), tier), row.row);
        let station_name = match self.mapping.station_name.map_or("", |i| row.cell(i)) {
            "" => township_name.clone(),
            name => name.to_string(),
        };
        let note = note.map(|text| ReportRow {
            file: file.to_string(),
            row: row.row,
            value: format!("{township} {township_name}"),
            reason: text,
            suggestion: None,
            accept: undo,
        });
        let station = Station {
            township,
            name: station_name,
            status,
            rating,
            tier,
            opened,
            source: Source {
                id: file.to_string(),
                title: format!("{file}, row {}", row.row),
            },
        };
        Ok((station, note))
    }

    /// The report line for a row that did not join; a township suggestion comes with what
    /// accepting it would add.
    fn report_row(&self, row: &RawRow, miss: Miss) -> ReportRow {
        let cell = |column: Option<usize>| column.map_or("", |i| row.cell(i)).to_string();
        let accept = miss
            .suggestion
            .as_ref()
            .filter(|code| code.level() == crate::data::code::Level::Township)
            .map(|code| AcceptedMatch {
                code_cell: cell(self.mapping.code),
                county: cell(self.mapping.county),
                township: cell(self.mapping.township),
                code: code.clone(),
            });
        ReportRow {
            file: self.file.to_string(),
            row: row.row,
            value: miss.value,
            reason: *miss.reason,
            suggestion: miss.suggestion.map(|code| label(self.divisions, &code)),
            accept,
        }
    }
}
