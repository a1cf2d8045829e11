//! A reader's report that a figure is wrong, made without a server: the record (JSON or CSV)
//! quotes the region, the figure as shown with its source, what the reader says is wrong and
//! what it should be, and the view's permalink; a `mailto:` carries the same to the contact the
//! publisher names. The publisher checks records against the current data with
//! [`check_corrections`] (`atlas corrections FILE...`): still open, or already changed by a newer
//! figure.
//!
//! Every field the reader typed stays data: a JSON string, a quoted CSV field whose leading
//! `= + - @` gets a `'` so a spreadsheet shows it rather than runs it, percent-encoded in the
//! `mailto:`. The evidence link is never made a link by the atlas.

use serde::{Deserialize, Serialize};

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::date::Day;
use crate::lang::{Lang, Text};
use crate::measure::coverage::CoverageTable;
use crate::open::table::{figure_shown, FigureShown};

/// The `format` of every correction record this atlas writes and reads.
pub const CORRECTION_FORMAT: &str = "coverage-atlas-correction/1";

/// Longest text kept from any one field of the form, in characters.
pub const FIELD_MAX_CHARS: usize = 2000;

/// What a reader writes in the form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReaderReport {
    /// What is wrong, in the reader's words.
    pub what_is_wrong: String,
    /// What the figure should be.
    pub should_be: String,
    /// A link to evidence (a notice, an article); kept as text.
    pub evidence_url: String,
    /// How to reach the reader, if they want to be reached.
    pub contact: String,
}

/// One correction record: the region, the figure as the reader saw it, and their report.
/// Flat, so the JSON object and the CSV row have the same keys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    /// Always [`CORRECTION_FORMAT`].
    pub format: String,
    /// The region's division code.
    pub region_code: String,
    /// Its registry name.
    pub region_name: String,
    /// [`FigureShown::covered`] as shown.
    pub shown_covered: Option<u32>,
    /// [`FigureShown::covered_at_least`] as shown.
    pub shown_covered_at_least: Option<u32>,
    /// [`FigureShown::total`] as shown.
    pub shown_total: u32,
    /// [`FigureShown::coverage_pct`] as shown.
    pub shown_coverage_pct: Option<f64>,
    /// The as-of date of the figure shown.
    pub shown_as_of: String,
    /// The source id of the figure shown.
    pub shown_source_id: String,
    /// The source headline of the figure shown.
    pub shown_source_title: String,
    /// The month the view showed (YYYY-MM), empty for the latest figures.
    pub view_month: String,
    /// See [`ReaderReport::what_is_wrong`].
    pub what_is_wrong: String,
    /// See [`ReaderReport::should_be`].
    pub should_be: String,
    /// See [`ReaderReport::evidence_url`].
    pub evidence_url: String,
    /// See [`ReaderReport::contact`].
    pub contact: String,
    /// The permalink of the view the reader filed from.
    pub permalink: String,
    /// The day the record was made (YYYY-MM-DD).
    pub filed_on: String,
}

/// A form field trimmed and cut to [`FIELD_MAX_CHARS`].
fn field(text: &str) -> String {
    text.trim().chars().take(FIELD_MAX_CHARS).collect()
}

impl Correction {
    /// A record of `report` against the figure of `code` in `coverage` (the table on show).
    pub fn new(
        atlas: &Atlas,
        coverage: &CoverageTable,
        code: &RegionCode,
        view_month: Option<crate::date::Month>,
        report: &ReaderReport,
        permalink: &str,
        filed_on: Day,
    ) -> Correction {
        let shown = figure_shown(atlas, coverage, code);
        Correction {
            format: CORRECTION_FORMAT.to_string(),
            region_code: code.to_string(),
            region_name: atlas.divisions.name(code).unwrap_or("?").to_string(),
            shown_covered: shown.covered,
            shown_covered_at_least: shown.covered_at_least,
            shown_total: shown.total,
            shown_coverage_pct: shown.coverage_pct,
            shown_as_of: shown.as_of,
            shown_source_id: shown.source_id,
            shown_source_title: shown.source_title,
            view_month: view_month.map(|m| m.label()).unwrap_or_default(),
            what_is_wrong: field(&report.what_is_wrong),
            should_be: field(&report.should_be),
            evidence_url: field(&report.evidence_url),
            contact: field(&report.contact),
            permalink: permalink.to_string(),
            filed_on: filed_on.to_string(),
        }
    }

    /// The figure the record quotes.
    pub fn shown(&self) -> FigureShown {
        FigureShown {
            covered: self.shown_covered,
            covered_at_least: self.shown_covered_at_least,
            total: self.shown_total,
            coverage_pct: self.shown_coverage_pct,
            basis: String::new(),
            as_of: self.shown_as_of.clone(),
            source_id: self.shown_source_id.clone(),
            source_title: self.shown_source_title.clone(),
        }
    }

    /// The record as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).expect("a record of strings and numbers");
        out.push('\n');
        out
    }

    /// The record as a UTF-8 CSV with a byte-order mark (Excel), header first, CRLF line ends.
    pub fn to_csv(&self) -> String {
        let text = crate::csv_cell::serialize_guarded(std::slice::from_ref(self), &[]);
        format!("\u{feff}{text}")
    }

    /// The report as plain text, for an e-mail body.
    pub fn body(&self, lang: Lang) -> String {
        let shown = self.shown();
        let source = format!("{} {}", self.shown_source_id, self.shown_source_title);
        let lines: Vec<(&str, &str, String)> = vec![
            (
                "地区",
                "Region",
                format!("{} {}", self.region_name, self.region_code),
            ),
            ("显示的数字", "Figure shown", shown.counts()),
            ("数字截至", "As of", self.shown_as_of.clone()),
            ("来源", "Source", source.trim().to_string()),
            ("哪里有误", "What is wrong", self.what_is_wrong.clone()),
            ("应为", "It should be", self.should_be.clone()),
            ("证据链接", "Evidence", self.evidence_url.clone()),
            ("联系方式", "Contact", self.contact.clone()),
            ("视图链接", "View", self.permalink.clone()),
            ("提交日期", "Filed on", self.filed_on.clone()),
        ];
        let mut out: Vec<String> = lines
            .into_iter()
            .map(|(zh, en, value)| format!("{}{}{value}", lang.pick(zh, en), lang.pick("：", ": ")))
            .collect();
        out.push(String::new());
        out.push(format!("format: {}", self.format));
        out.join("\n")
    }

    /// The e-mail subject.
    pub fn subject(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("数据更正：{} {}", self.region_name, self.region_code),
            Lang::En => format!("Correction: {} {}", self.region_name, self.region_code),
        }
    }

    /// A `mailto:` link to `contact_email` carrying the subject and the body, every part
    /// percent-encoded.
    pub fn mailto(&self, contact_email: &str, lang: Lang) -> String {
        format!(
            "mailto:{}?subject={}&body={}",
            percent_encode(contact_email.trim()).replace("%40", "@"),
            percent_encode(&self.subject(lang)),
            percent_encode(&self.body(lang).replace('\n', "\r\n")),
        )
    }

    /// The file name of the record: `correction-522301-2026-12-02.json`.
    pub fn file_name(&self, ext: &str) -> String {
        format!("correction-{}-{}.{ext}", self.region_code, self.filed_on)
    }
}

/// Every byte but RFC 3986's unreserved characters as `%XX`.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A record that could not be read or does not fit the data: which file, which record (1-based;
/// `None` for the file as a whole) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorrectionProblem {
    /// The file's name as given.
    pub file: String,
    /// The record, counted from 1 (the CSV's first row after the header, the JSON's first
    /// object).
    pub record: Option<usize>,
    /// What is wrong with it.
    pub message: Text,
}

impl CorrectionProblem {
    /// "FILE record N: message" in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match (self.record, lang) {
            (Some(n), Lang::Zh) => {
                format!("{} 第 {n} 条记录：{}", self.file, self.message.get(lang))
            }
            (Some(n), Lang::En) => format!("{} record {n}: {}", self.file, self.message.get(lang)),
            (None, _) => format!("{}: {}", self.file, self.message.get(lang)),
        }
    }
}

/// Where a record stands against the current data.
#[derive(Clone, Debug, PartialEq)]
pub enum Standing {
    /// The figure shown is still the one the reader reported.
    Open,
    /// The region now shows another figure (a newer one, or a corrected one).
    Changed {
        /// The figure shown now.
        now: FigureShown,
    },
}

/// A record checked against the data: the record, its place, and where it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    /// The file it came from.
    pub file: String,
    /// Its number in the file, from 1.
    pub record: usize,
    /// The record.
    pub correction: Correction,
    /// Still open, or changed since.
    pub standing: Standing,
}

/// A record's number in its file (from 1) and the record, or the problem that stops it.
pub type NumberedRecord = (usize, Result<Correction, CorrectionProblem>);

/// The records of one file, each read or with the problem that stops it: a JSON object or
/// array of objects, or a CSV with a header (the page's two downloads; several CSV rows or JSON
/// objects may be gathered in one file). The error is a problem with the file as a whole.
pub fn read_records(file: &str, bytes: &[u8]) -> Result<Vec<NumberedRecord>, CorrectionProblem> {
    let problem = |record: Option<usize>, message: Text| CorrectionProblem {
        file: file.to_string(),
        record,
        message,
    };
    let text = std::str::from_utf8(bytes)
        .map_err(|_| problem(None, Text::new("不是 UTF-8 文本", "not UTF-8 text")))?;
    let text = text.trim_start_matches('\u{feff}');
    let trimmed = text.trim_start();
    let records: Vec<Result<Correction, String>> = if trimmed.starts_with(['{', '[']) {
        let value: serde_json::Value = serde_json::from_str(trimmed).map_err(|e| {
            problem(
                None,
                Text::new(
                    format!("JSON 无法解析：{e}"),
                    format!("not valid JSON: {e}"),
                ),
            )
        })?;
        let items = match value {
            serde_json::Value::Array(items) => items,
            one => vec![one],
        };
        items
            .into_iter()
            .map(|item| serde_json::from_value(item).map_err(|e| e.to_string()))
            .collect()
    } else if trimmed.starts_with("format,") {
        csv_records(text)
    } else {
        return Err(problem(
            None,
            Text::new(
                "不是更正记录：应为 JSON 或以 format 列开头的 CSV",
                "not a correction record: expected JSON, or CSV whose first column is format",
            ),
        ));
    };
    if records.is_empty() {
        return Err(problem(None, Text::new("没有记录", "no records")));
    }
    let checked = records.into_iter().enumerate().map(|(i, record)| {
        let n = i + 1;
        let record = record
            .map_err(|e| {
                problem(
                    Some(n),
                    Text::new(format!("字段有误：{e}"), format!("bad fields: {e}")),
                )
            })
            .and_then(|record| {
                if record.format == CORRECTION_FORMAT {
                    finite_percent(record).map_err(|message| problem(Some(n), message))
                } else {
                    Err(problem(
                        Some(n),
                        Text::new(
                            format!("格式应为 {CORRECTION_FORMAT}，实为 {:?}", record.format),
                            format!(
                                "expected format {CORRECTION_FORMAT}, found {:?}",
                                record.format
                            ),
                        ),
                    ))
                }
            });
        (n, record)
    });
    Ok(checked.collect())
}

/// The record, unless its percentage is not a finite number: a CSV may say `1e309` or `NaN`,
/// which JSON cannot hold, so the record would not write back as it was read.
fn finite_percent(record: Correction) -> Result<Correction, Text> {
    match record.shown_coverage_pct {
        Some(pct) if !pct.is_finite() => Err(Text::new(
            format!("shown_coverage_pct 应为有限的数，实为 {pct}"),
            format!("shown_coverage_pct must be a finite number, found {pct}"),
        )),
        _ => Ok(record),
    }
}

/// Every record of one file, or the first problem with the file or any record.
pub fn read_corrections(
    file: &str,
    bytes: &[u8],
) -> Result<Vec<(usize, Correction)>, CorrectionProblem> {
    read_records(file, bytes)?
        .into_iter()
        .map(|(n, record)| record.map(|r| (n, r)))
        .collect()
}

/// The records of one file checked against the data, and every problem with the file or a
/// record (each problem stops only its own record).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileCheck {
    /// The records that could be read and checked.
    pub checked: Vec<Checked>,
    /// The file's problem, or each record's.
    pub problems: Vec<CorrectionProblem>,
}

/// Reads one file's records ([`read_records`]) and checks each against the data
/// ([`check_corrections`]).
pub fn check_file(atlas: &Atlas, coverage: &CoverageTable, file: &str, bytes: &[u8]) -> FileCheck {
    let mut out = FileCheck::default();
    let records = match read_records(file, bytes) {
        Ok(records) => records,
        Err(problem) => {
            out.problems.push(problem);
            return out;
        }
    };
    for (n, record) in records {
        match record.and_then(|r| check_corrections(atlas, coverage, file, vec![(n, r)])) {
            Ok(checked) => out.checked.extend(checked),
            Err(problem) => out.problems.push(problem),
        }
    }
    out
}

/// CSV rows as records, with the spreadsheet guard taken off the reader's fields.
fn csv_records(text: &str) -> Vec<Result<Correction, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .deserialize::<Correction>()
        .map(|row| {
            let mut record = row.map_err(|e| e.to_string())?;
            for value in [
                &mut record.what_is_wrong,
                &mut record.should_be,
                &mut record.evidence_url,
                &mut record.contact,
            ] {
                *value = crate::csv_cell::unguard_formula(value).to_string();
            }
            Ok(record)
        })
        .collect()
}

/// Checks records against `atlas` with `coverage` (the latest figures): a record whose region
/// the registry does not know is a problem; the others are open or changed.
pub fn check_corrections(
    atlas: &Atlas,
    coverage: &CoverageTable,
    file: &str,
    records: Vec<(usize, Correction)>,
) -> Result<Vec<Checked>, CorrectionProblem> {
    let mut out = Vec::new();
    for (record, correction) in records {
        let code = RegionCode::parse(&correction.region_code)
            .ok()
            .filter(|c| c.level() != Level::Nation && atlas.divisions.contains(c))
            .ok_or_else(|| CorrectionProblem {
                file: file.to_string(),
                record: Some(record),
                message: Text::new(
                    format!("区划代码 {:?} 不在区划表中", correction.region_code),
                    format!(
                        "unknown region code {:?}: not in the division registry",
                        correction.region_code
                    ),
                ),
            })?;
        let now = figure_shown(atlas, coverage, &code);
        let shown = correction.shown();
        let same = now.covered == shown.covered
            && now.covered_at_least == shown.covered_at_least
            && now.total == shown.total
            && now.as_of == shown.as_of
            && now.source_id == shown.source_id;
        let standing = if same {
            Standing::Open
        } else {
            Standing::Changed { now }
        };
        out.push(Checked {
            file: file.to_string(),
            record,
            correction,
            standing,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(what: &str) -> Correction {
        Correction {
            format: CORRECTION_FORMAT.into(),
            region_code: "522301".into(),
            region_name: "兴义市".into(),
            shown_covered: Some(3),
            shown_covered_at_least: None,
            shown_total: 27,
            shown_coverage_pct: Some(11.1),
            shown_as_of: "2023-12".into(),
            shown_source_id: "000".into(),
            shown_source_title: "标题".into(),
            view_month: String::new(),
            what_is_wrong: what.into(),
            should_be: "<b>27/27</b>".into(),
            evidence_url: "javascript:alert(1)".into(),
            contact: String::new(),
            permalink: "http://x/?region=5223".into(),
            filed_on: "2026-12-02".into(),
        }
    }

    /// The fuzz finding: a CSV's `1e309` is infinity, which JSON writes as `null`.
    #[test]
    fn a_percentage_that_is_not_finite_is_named_and_refused() {
        for pct in ["1e309", "NaN", "-inf"] {
            let csv = record("x").to_csv().replace(",11.1,", &format!(",{pct},"));
            let records = read_records("r.csv", csv.as_bytes()).unwrap();
            let [(1, Err(problem))] = records.as_slice() else {
                panic!("{pct}: {records:?}");
            };
            assert_eq!(problem.record, Some(1));
            assert!(
                problem
                    .message
                    .en
                    .starts_with("shown_coverage_pct must be a finite number"),
                "{pct}: {problem:?}"
            );
        }
    }

    #[test]
    fn csv_and_json_read_back_the_same_record() {
        let original = record("=HYPERLINK(\"http://evil\",\"x\"), 第二行\n还有");
        let csv = original.to_csv();
        assert!(
            csv.contains("\"'=HYPERLINK"),
            "the formula is guarded: {csv}"
        );
        let from_csv = read_corrections("r.csv", csv.as_bytes()).unwrap();
        assert_eq!(from_csv, vec![(1, original.clone())]);
        let from_json = read_corrections("r.json", original.to_json().as_bytes()).unwrap();
        assert_eq!(from_json, vec![(1, original)]);
    }

    #[test]
    fn the_mailto_encodes_every_field() {
        let link = record("a&b=c?d #e <script>").mailto("data@example.gov.cn", Lang::Zh);
        assert!(
            link.starts_with("mailto:data@example.gov.cn?subject="),
            "{link}"
        );
        let query = &link[link.find('?').unwrap() + 1..];
        assert_eq!(query.matches('&').count(), 1, "only the separator: {query}");
        assert!(!query.contains(['<', '>', ' ', '#', '\n']), "{query}");
        assert!(
            query.contains("a%26b%3Dc%3Fd%20%23e%20%3Cscript%3E"),
            "{query}"
        );
    }

    #[test]
    fn bad_files_name_the_file_and_record() {
        let not = read_corrections("x.txt", b"hello").unwrap_err();
        assert_eq!(not.record, None);
        assert!(not
            .text(Lang::En)
            .starts_with("x.txt: not a correction record"));
        let mut wrong = record("x");
        wrong.format = "something-else/2".into();
        let json = format!("[{}, {}]", record("y").to_json(), wrong.to_json());
        let err = read_corrections("two.json", json.as_bytes()).unwrap_err();
        assert_eq!(err.record, Some(2));
        assert!(err
            .text(Lang::En)
            .contains("expected format coverage-atlas-correction/1, found \"something-else/2\""));
        let broken = read_corrections("b.json", b"{\"format\": 1").unwrap_err();
        assert!(
            broken.text(Lang::En).starts_with("b.json: not valid JSON"),
            "{}",
            broken.text(Lang::En)
        );
        let missing = read_corrections("m.json", b"{\"format\": \"coverage-atlas-correction/1\"}")
            .unwrap_err();
        assert_eq!(missing.record, Some(1));
        assert!(
            missing.text(Lang::En).contains("missing field"),
            "{}",
            missing.text(Lang::En)
        );
    }

    #[test]
    fn form_fields_are_trimmed_and_bounded() {
        assert_eq!(field("  x  "), "x");
        assert_eq!(
            field(&"字".repeat(FIELD_MAX_CHARS + 10)).chars().count(),
            FIELD_MAX_CHARS
        );
    }
}
