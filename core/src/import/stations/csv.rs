//! CSV: delimited text in the encodings of [`crate::import::decode`], its delimiter sniffed from
//! the first lines (comma, semicolon or tab), every record's line number in the file kept.

use crate::error::DataError;
use crate::lang::Text;

use super::super::progress::{Phase, Step, Ticker};
use super::table::{RawRow, RawTable, TableBudget, TableFormat};
use super::TextEncoding;

/// The delimiter of the line that uses one most often, among a table's first lines: a title
/// line above the header (望谟县社工站统计表) holds none, the header many.
pub fn sniff_delimiter_of(lines: &[&str]) -> u8 {
    lines
        .iter()
        .map(|l| (sniff_delimiter(l), delimiter_count(l)))
        .fold(
            (b',', 0),
            |best, (d, n)| if n > best.1 { (d, n) } else { best },
        )
        .0
}

/// How often the line's own delimiter occurs in it outside quotes.
fn delimiter_count(line: &str) -> usize {
    let d = sniff_delimiter(line);
    let mut quoted = false;
    line.bytes()
        .filter(|b| {
            if *b == b'"' {
                quoted = !quoted;
            }
            !quoted && *b == d
        })
        .count()
}

/// The delimiter used most often outside quotes in the header line: `,`, `;` or tab.
pub fn sniff_delimiter(header_line: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in header_line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in &mut counts {
                if b == *d {
                    *n += 1;
                }
            }
        }
    }
    // Ties (including none at all) go to the comma, the first listed.
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(d, n)| if n > best.1 { (d, n) } else { best },
        )
        .0
}

pub(super) fn read_csv(
    file: &str,
    text: &str,
    encoding: TextEncoding,
    progress: &mut dyn FnMut(Step),
) -> Result<RawTable, DataError> {
    let body = text.trim_start_matches('\u{FEFF}');
    let mut ticker = Ticker::start(progress, Phase::Parsing, body.len() as u64);
    // The first lines, not only the first: a title line above the header may hold none.
    let first_lines: Vec<&str> = body
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(6)
        .collect();
    let delimiter = sniff_delimiter_of(&first_lines);
    if let Some(problem) = super::quotes::find_quote_problem(body, delimiter) {
        return Err(super::quotes::quote_error(file, problem));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut blank_rows = 0;
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter::new(body.as_bytes());
    let mut header_row = 1;
    let mut budget = TableBudget::new(file);
    loop {
        let line = reader.position().line() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let row = e.position().map_or(line, |p| p.line() as usize).max(1);
                return Err(DataError::row(
                    file,
                    row,
                    Text::new(
                        format!("无法读取 CSV：{e}"),
                        format!("cannot read CSV: {e}"),
                    ),
                ));
            }
        }
        let row = record.position().map_or(line, |p| {
            ticker.tick(p.byte());
            lines.line_at(p.byte() as usize)
        });
        budget.check(row, record.len(), record.iter())?;
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if headers.is_none() {
            headers = Some(cells);
            header_row = row;
        } else if cells.iter().all(String::is_empty) {
            blank_rows += 1;
        } else {
            rows.push(RawRow { row, cells });
        }
    }
    ticker.finish();
    Ok(RawTable {
        file: file.to_string(),
        format: TableFormat::Csv { delimiter },
        encoding: Some(encoding),
        headers: headers.unwrap_or_default(),
        rows,
        blank_rows,
        header_row,
        above_header: Vec::new(),
    })
}

/// 1-based line numbers of byte offsets, for offsets in increasing order. The csv crate reports
/// a record after blank lines as starting on the first blank line; this skips those.
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> LineCounter<'a> {
        LineCounter {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, byte: usize) -> usize {
        let mut start = byte.min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.offset {
            // Not increasing: count from the beginning.
            self.offset = 0;
            self.line = 1;
        }
        self.line += self.bytes[self.offset..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.offset = start;
        self.line
    }
}
