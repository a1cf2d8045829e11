//! Joining imported rows to the division registry: by code first, then by name within the
//! county. Every row read ends in exactly one list of the [`JoinReport`]: joined, unmatched,
//! duplicate or invalid — nothing is dropped.

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use crate::data::code::{CodeError, Level, RegionCode};
use crate::data::divisions::Divisions;
use crate::data::model::{Source, Station, Tier};
use crate::date::{Day, PartialDate};
use crate::error::DataError;

use super::mapping::ColumnMapping;
use super::progress::{ignore, Phase, Step, Ticker};
use super::stations::{RawRow, RawTable};
use super::text::{county_key, edit_distance, half_width, name_key, normalise_name};
use super::values::{parse_open_date, parse_star, parse_status, parse_tier};

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
}

impl JoinOptions {
    pub fn new(today: Day) -> JoinOptions {
        JoinOptions {
            today,
            scope: None,
            accept_suffix_variants: false,
        }
    }
}

/// One row of the report that is not a clean join, or a joined row with a remark.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReportRow {
    pub file: String,
    /// 1-based row in the file, as [`RawRow::row`].
    pub row: usize,
    /// The cell the reason is about, as the file has it.
    pub value: String,
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
    pub county: RegionCode,
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
    pub file: String,
    pub rows_read: usize,
    /// Rows with every cell empty, skipped when reading (not in `rows_read`).
    pub blank_rows: usize,
    pub joined: Vec<(usize, Station)>,
    /// Joined rows that needed reading generously (full-width digits, a name the registry
    /// spells otherwise).
    pub notes: Vec<ReportRow>,
    pub unmatched: Vec<ReportRow>,
    pub duplicates: Vec<ReportRow>,
    pub invalid: Vec<ReportRow>,
    pub townships_without_station: Vec<CountyGap>,
}

impl JoinReport {
    /// The invariant: every row read is in exactly one list.
    pub fn accounts_for_every_row(&self) -> bool {
        self.rows_read
            == self.joined.len() + self.unmatched.len() + self.invalid.len() + self.duplicates.len()
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
        match lang {
            crate::lang::Lang::Zh => format!(
                "{}：读取{read}行，已匹配{joined}，未匹配{unmatched}，重复{duplicates}，无效{invalid}",
                self.file
            ),
            crate::lang::Lang::En => format!(
                "{}: {read} rows read, {joined} joined, {unmatched} unmatched, {duplicates} duplicates, {invalid} invalid",
                self.file
            ),
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

/// Why a row did not join, before it becomes a [`ReportRow`].
struct Miss {
    value: String,
    reason: String,
    suggestion: Option<String>,
}

impl Miss {
    fn new(value: &str, reason: impl Into<String>) -> Miss {
        Miss {
            value: value.to_string(),
            reason: reason.into(),
            suggestion: None,
        }
    }

    fn suggest(mut self, suggestion: Option<String>) -> Miss {
        self.suggestion = suggestion;
        self
    }
}

struct Entry {
    code: RegionCode,
    name: String,
    norm: String,
    key: String,
}

/// Registry townships and counties inside the scope, indexed by normalised name.
struct NameIndex<'a> {
    divisions: &'a Divisions,
    scope: RegionCode,
    townships: Vec<Entry>,
    counties: Vec<Entry>,
    by_norm: HashMap<String, Vec<usize>>,
    by_key: HashMap<String, Vec<usize>>,
}

impl<'a> NameIndex<'a> {
    fn new(divisions: &'a Divisions, scope: RegionCode) -> NameIndex<'a> {
        let entries = |level: Level, key: fn(&str) -> String| -> Vec<Entry> {
            divisions
                .at_level(&scope, level)
                .map(|code| {
                    let name = divisions.name(code).unwrap_or_default().to_string();
                    Entry {
                        code: code.clone(),
                        norm: normalise_name(&name),
                        key: key(&name),
                        name,
                    }
                })
                .collect()
        };
        let townships = entries(Level::Township, name_key);
        let counties = entries(Level::County, county_key);
        let mut by_norm: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, t) in townships.iter().enumerate() {
            by_norm.entry(t.norm.clone()).or_default().push(i);
            by_key.entry(t.key.clone()).or_default().push(i);
        }
        NameIndex {
            divisions,
            scope,
            townships,
            counties,
            by_norm,
            by_key,
        }
    }

    fn label(&self, code: &RegionCode) -> String {
        label(self.divisions, code)
    }

    fn scope_label(&self) -> String {
        if self.scope.level() == Level::Nation {
            "the registry".to_string()
        } else {
            self.divisions.qualified_name(&self.scope)
        }
    }

    /// Counties a cell names (a code, or a name that may repeat across prefectures).
    fn counties(&self, raw: &str) -> Result<Vec<RegionCode>, Miss> {
        let digits: String = half_width(raw).split_whitespace().collect();
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return match RegionCode::parse(&digits) {
                Ok(c) if c.level() == Level::County && self.divisions.contains(&c) => Ok(vec![c]),
                _ => Err(Miss::new(
                    raw,
                    format!("county {raw:?} is not a county code in the registry"),
                )),
            };
        }
        let norm = normalise_name(raw);
        let exact: Vec<RegionCode> = self
            .counties
            .iter()
            .filter(|c| c.norm == norm)
            .map(|c| c.code.clone())
            .collect();
        if !exact.is_empty() {
            return Ok(exact);
        }
        let key = county_key(raw);
        let by_key: Vec<RegionCode> = self
            .counties
            .iter()
            .filter(|c| c.key == key)
            .map(|c| c.code.clone())
            .collect();
        if !by_key.is_empty() {
            return Ok(by_key);
        }
        let suggestion = nearest(&self.counties, &key).map(|c| self.label(&c.code));
        Err(Miss::new(
            raw,
            format!("no county named {raw:?} in {}", self.scope_label()),
        )
        .suggest(suggestion))
    }

    /// A township by name, within `counties` when given.
    fn township(
        &self,
        raw: &str,
        counties: Option<&[RegionCode]>,
        accept_suffix_variants: bool,
    ) -> Result<(RegionCode, Option<String>), Miss> {
        let inside = |i: &usize| {
            counties.is_none_or(|cs| cs.iter().any(|c| self.townships[*i].code.is_within(c)))
        };
        let area = match counties {
            Some(cs) => cs
                .iter()
                .map(|c| self.label(c))
                .collect::<Vec<_>>()
                .join(", "),
            None => self.scope_label(),
        };
        let pick = |map: &HashMap<String, Vec<usize>>, key: &str| -> Vec<usize> {
            map.get(key)
                .map(|v| v.iter().copied().filter(inside).collect())
                .unwrap_or_default()
        };
        let exact = pick(&self.by_norm, &normalise_name(raw));
        let by_key = if exact.is_empty() {
            pick(&self.by_key, &name_key(raw))
        } else {
            Vec::new()
        };
        let found = if exact.is_empty() { &by_key } else { &exact };
        match found.as_slice() {
            [i] if !exact.is_empty() => Ok((self.townships[*i].code.clone(), None)),
            [i] => {
                let t = &self.townships[*i];
                let suggestion = format!("{} ({})", t.name, t.code);
                if accept_suffix_variants {
                    Ok((
                        t.code.clone(),
                        Some(format!("township {raw:?} read as {suggestion}")),
                    ))
                } else {
                    Err(
                        Miss::new(raw, format!("no township named {raw:?} in {area}"))
                            .suggest(Some(suggestion)),
                    )
                }
            }
            [] => {
                let pool: Vec<&Entry> = (0..self.townships.len())
                    .filter(inside)
                    .map(|i| &self.townships[i])
                    .collect();
                let suggestion = nearest(pool.iter().copied(), &name_key(raw))
                    .map(|t| format!("{} ({})", t.name, t.code));
                Err(
                    Miss::new(raw, format!("no township named {raw:?} in {area}"))
                        .suggest(suggestion),
                )
            }
            several => {
                let mut places: Vec<String> = several
                    .iter()
                    .map(|i| {
                        let code = &self.townships[*i].code;
                        format!("{} ({code})", self.divisions.qualified_name(code))
                    })
                    .collect();
                let total = places.len();
                places.truncate(5);
                let more = if total > 5 { ", …" } else { "" };
                let hint = if counties.is_none() {
                    "add a county column (区县/county) or use township codes"
                } else {
                    "use township codes"
                };
                Err(Miss::new(
                    raw,
                    format!(
                        "township name {raw:?} is ambiguous: {total} townships in {area} have it: {}{more}; {hint}",
                        places.join("; ")
                    ),
                ))
            }
        }
    }
}

struct LazyIndex<'a> {
    cell: OnceCell<NameIndex<'a>>,
    divisions: &'a Divisions,
    scope: RegionCode,
}

impl<'a> LazyIndex<'a> {
    fn get(&self) -> &NameIndex<'a> {
        self.cell
            .get_or_init(|| NameIndex::new(self.divisions, self.scope.clone()))
    }
}

/// "万峰林街道 (522301008)".
fn label(divisions: &Divisions, code: &RegionCode) -> String {
    format!("{} ({code})", divisions.name(code).unwrap_or("?"))
}

/// The entry whose key is nearest `key`, if near enough to be a likely typo (one edit for short
/// names, two for longer ones); ties go to the first in code order.
fn nearest<'e>(entries: impl IntoIterator<Item = &'e Entry>, key: &str) -> Option<&'e Entry> {
    let len = key.chars().count();
    let limit = if len <= 3 { 1 } else { 2 };
    entries
        .into_iter()
        .map(|e| (edit_distance(key, &e.key), e))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, e)| e)
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
            format!(
                "found no township code column (乡镇代码, 统计用区划代码, code) and no township name column (乡镇名称, 乡镇（街道）, township) in the header [{}]; columns must be separated by commas, semicolons or tabs",
                header_list()
            ),
        ));
    }
    let Some(status_column) = mapping.status else {
        return Err(DataError::row(
            file,
            1,
            format!(
                "found no status column (状态, 建设状态, status) in the header [{}]",
                header_list()
            ),
        ));
    };
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
    if let Some(bad) = columns.iter().flatten().find(|i| **i >= width) {
        return Err(DataError::row(
            file,
            1,
            format!(
                "column {} is mapped but the header has {width} columns",
                bad + 1
            ),
        ));
    }

    let scope = options.scope.clone().unwrap_or_else(RegionCode::nation);
    // Built on the first row that needs a name: a table of codes never pays for it.
    let index = LazyIndex {
        cell: OnceCell::new(),
        divisions,
        scope,
    };
    let mut report = JoinReport {
        file: file.to_string(),
        rows_read: table.rows.len(),
        blank_rows: table.blank_rows,
        joined: Vec::new(),
        notes: Vec::new(),
        unmatched: Vec::new(),
        duplicates: Vec::new(),
        invalid: Vec::new(),
        townships_without_station: Vec::new(),
    };
    let mut seen: HashMap<(RegionCode, Tier), usize> = HashMap::new();
    let report_row = |row: &RawRow, miss: Miss| ReportRow {
        file: file.to_string(),
        row: row.row,
        value: miss.value,
        reason: miss.reason,
        suggestion: miss.suggestion,
    };

    let mut ticker = Ticker::start(progress, Phase::Joining, table.rows.len() as u64);
    for (done, row) in table.rows.iter().enumerate() {
        ticker.tick(done as u64);
        let cell = |column: Option<usize>| column.map_or("", |i| row.cell(i));
        if row.cells.len() > width && row.cells[width..].iter().any(|c| !c.is_empty()) {
            let extra = row.cells[width..].join(", ");
            report.invalid.push(report_row(
                row,
                Miss::new(
                    &extra,
                    format!(
                        "the row has {} cells but the header has {width} (a delimiter inside an unquoted cell?)",
                        row.cells.len()
                    ),
                ),
            ));
            continue;
        }
        let (township, mut note) = match resolve_township(row, mapping, divisions, &index, options)
        {
            Ok(found) => found,
            Err(miss) => {
                report.unmatched.push(report_row(row, miss));
                continue;
            }
        };
        let values = read_values(row, mapping, status_column, options);
        let (status, rating, tier, opened) = match values {
            Ok(v) => v,
            Err(miss) => {
                report.invalid.push(report_row(row, miss));
                continue;
            }
        };
        let township_name = divisions.name(&township).unwrap_or_default().to_string();
        if let Some(first) = seen.get(&(township.clone(), tier)) {
            report.duplicates.push(report_row(
                row,
                Miss::new(
                    &township.to_string(),
                    format!(
                        "duplicate: {township_name} ({township}) already has a station of this tier from row {first}"
                    ),
                ),
            ));
            continue;
        }
        seen.insert((township.clone(), tier), row.row);
        let station_name = match cell(mapping.station_name) {
            "" => township_name.clone(),
            name => name.to_string(),
        };
        if let Some(text) = note.take() {
            report.notes.push(ReportRow {
                file: file.to_string(),
                row: row.row,
                value: format!("{township} {township_name}"),
                reason: text,
                suggestion: None,
            });
        }
        report.joined.push((
            row.row,
            Station {
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
            },
        ));
    }
    ticker.finish();
    report.townships_without_station = county_gaps(divisions, &report.joined);
    Ok(report)
}

fn resolve_township(
    row: &RawRow,
    mapping: &ColumnMapping,
    divisions: &Divisions,
    index: &LazyIndex,
    options: &JoinOptions,
) -> Result<(RegionCode, Option<String>), Miss> {
    let cell = |column: Option<usize>| column.map_or("", |i| row.cell(i));
    let code_raw = cell(mapping.code);
    let name_raw = cell(mapping.township);
    let county_raw = cell(mapping.county);
    let by_name = || -> Result<(RegionCode, Option<String>), Miss> {
        let counties = if county_raw.is_empty() {
            None
        } else {
            Some(index.get().counties(county_raw)?)
        };
        index.get().township(
            name_raw,
            counties.as_deref(),
            options.accept_suffix_variants,
        )
    };
    let name_hint = || {
        (!name_raw.is_empty())
            .then(by_name)
            .and_then(Result::ok)
            .map(|(c, _)| label(divisions, &c))
    };
    if code_raw.is_empty() {
        if name_raw.is_empty() {
            return Err(Miss::new("", "no township code and no township name"));
        }
        return by_name();
    }
    let digits: String = half_width(code_raw).split_whitespace().collect();
    let mut note = (digits != code_raw.trim()).then(|| {
        let what = if half_width(code_raw) != code_raw {
            "full-width code"
        } else {
            "code with spaces"
        };
        format!("{what} {code_raw:?} read as {digits}")
    });
    if digits.contains(['E', 'e']) && digits.contains('+') {
        return Err(Miss::new(
            code_raw,
            format!("township code {code_raw:?} is in scientific notation (Excel dropped its digits); format the column as text"),
        )
        .suggest(name_hint()));
    }
    let code = match RegionCode::parse(&digits) {
        Ok(code) => code,
        Err(CodeError::VillageCode(_)) => {
            let township = RegionCode::parse(&digits[..9])
                .ok()
                .filter(|t| divisions.contains(t));
            return Err(Miss::new(
                code_raw,
                format!("code {digits} is a 12-digit village (村/社区) code, not a township: a township's 12-digit code ends in 000"),
            )
            .suggest(township.map(|t| label(divisions, &t)).or_else(name_hint)));
        }
        Err(e) => {
            return Err(Miss::new(code_raw, format!("township code: {e}")).suggest(name_hint()));
        }
    };
    if code.level() != Level::Township {
        let what = match divisions.name(&code) {
            Some(name) => format!("a {} ({name})", code.level().name_en()),
            None => format!("a {}-level code", code.level().name_en()),
        };
        return Err(
            Miss::new(code_raw, format!("code {code} is {what}, not a township"))
                .suggest(name_hint()),
        );
    }
    if !divisions.contains(&code) {
        return Err(Miss::new(
            code_raw,
            format!("township code {code} is not in the division registry"),
        )
        .suggest(name_hint()));
    }
    if !name_raw.is_empty() {
        let registry = divisions.name(&code).unwrap_or_default();
        if name_key(registry) != name_key(name_raw) {
            let differs = format!(
                "the file names it {name_raw:?}, the registry {registry:?}; joined by code"
            );
            note = Some(match note {
                Some(n) => format!("{n}; {differs}"),
                None => differs,
            });
        }
    }
    Ok((code, note))
}

type Values = (
    crate::data::model::StationStatus,
    Option<crate::data::model::StarRating>,
    Tier,
    Option<PartialDate>,
);

fn read_values(
    row: &RawRow,
    mapping: &ColumnMapping,
    status_column: usize,
    options: &JoinOptions,
) -> Result<Values, Miss> {
    let cell = |column: Option<usize>| column.map_or("", |i| row.cell(i));
    let status_raw = row.cell(status_column);
    let status = parse_status(status_raw).ok_or_else(|| {
        let what = if status_raw.is_empty() {
            "status is empty".to_string()
        } else {
            format!("unknown status {status_raw:?}")
        };
        Miss::new(
            status_raw,
            format!("{what}: expected 规划/计划/planned, 已建成/建成/built, 运营/实体化运营/operating or 关闭/停用/closed"),
        )
    })?;
    let star_raw = cell(mapping.star);
    let rating = parse_star(star_raw).map_err(|e| Miss::new(star_raw, e))?;
    let tier_raw = cell(mapping.tier);
    let tier = parse_tier(tier_raw).ok_or_else(|| {
        Miss::new(
            tier_raw,
            format!("unknown tier {tier_raw:?}: expected 指导中心, 总站, 社工站 or 社工室"),
        )
    })?;
    let opened_raw = cell(mapping.opened);
    let opened = parse_open_date(opened_raw).map_err(|e| Miss::new(opened_raw, e))?;
    if let Some(date) = opened {
        if date.first_day() > options.today {
            return Err(Miss::new(
                opened_raw,
                format!(
                    "open date {date} is in the future (today is {})",
                    options.today
                ),
            ));
        }
    }
    Ok((status, rating, tier, opened))
}

fn county_gaps(divisions: &Divisions, joined: &[(usize, Station)]) -> Vec<CountyGap> {
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
