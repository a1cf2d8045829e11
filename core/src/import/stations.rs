//! Reading a bureau's station table into rows of text: CSV (in the encodings of
//! [`super::decode`]; comma, semicolon or tab), XLSX (first sheet) or a JSON array of objects. Nothing is
//! interpreted here beyond the cells; every row keeps its 1-based number in the file.

use crate::error::DataError;
use crate::lang::Text;
use crate::limits::Limit;

use super::progress::{ignore, Phase, Step, Ticker};
use super::xlsx::read_xlsx;

pub use super::decode::{decode_text, decode_text_as, TextEncoding};

/// What kind of file the rows came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TableFormat {
    /// Delimited text; the delimiter byte (`,`, `;` or `\t`).
    Csv {
        /// Whichever of the three the header line uses most outside quotes; a comma on a tie.
        delimiter: u8,
    },
    /// An Excel workbook: its first sheet only, with date cells read as ISO dates and whole
    /// numbers without `.0`.
    Xlsx,
    /// A JSON array of objects, one per row; the columns are the keys in the order they first
    /// appear across all the objects.
    Json,
}

/// One data row: its 1-based number in the file (the header is row 1 of a CSV or sheet; in a
/// JSON array, row N is the Nth object) and its cells as text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RawRow {
    /// For messages: the line a CSV record starts on (a quoted cell may span lines, and blank
    /// lines count), the sheet row as Excel numbers it, or the object's place in a JSON array.
    pub row: usize,
    /// The cells as trimmed text, in header column order. A CSV row may have fewer cells than the
    /// header (read as empty by [`RawRow::cell`]) or more (the join reports those rows invalid).
    pub cells: Vec<String>,
}

impl RawRow {
    /// The cell in column `index`, or `""` when the row is shorter.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map(String::as_str).unwrap_or("")
    }
}

/// A table as read, before any column is interpreted.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RawTable {
    /// The file's name as the reader was given it; every message and each station's source
    /// cite it.
    pub file: String,
    /// What the bytes were read as.
    pub format: TableFormat,
    /// How a CSV was decoded; `None` for XLSX and JSON (a JSON file is decoded the same way,
    /// UTF-8 or GBK, but its encoding is not kept).
    pub encoding: Option<TextEncoding>,
    /// The header's cells as trimmed text (a CSV's first non-empty line, a sheet's first row
    /// with any cell filled, the JSON keys); a [`super::ColumnMapping`] indexes into this. A
    /// header cell may be empty.
    pub headers: Vec<String>,
    /// The data rows in file order, blank rows left out. Never empty from [`read_table`]: a
    /// table with a header and no rows is an error.
    pub rows: Vec<RawRow>,
    /// Rows whose every cell is empty: not stations, so not read, but counted so none vanish
    /// unseen.
    pub blank_rows: usize,
    /// The header's 1-based row in the file (0 for JSON, which has none).
    #[serde(default)]
    pub header_row: usize,
    /// Lines above the header (a title such as 望谟县社工站建设情况统计表, 填报单位, 单位：个),
    /// skipped and kept for the report: see [`super::header`].
    #[serde(default)]
    pub above_header: Vec<RawRow>,
}

/// Reads a station table, choosing the format from the bytes (XLSX is a zip; JSON starts with
/// `[`; anything else readable as text is CSV). Errors name the file, and the row where there is
/// one: an empty file, a file that is not a table, a header with no rows.
pub fn read_table(file: &str, bytes: &[u8]) -> Result<RawTable, DataError> {
    read_table_with_progress(file, bytes, &mut ignore)
}

/// [`read_table`], reporting [`Phase::Parsing`] steps (bytes of a CSV, rows of a sheet or array).
pub fn read_table_with_progress(
    file: &str,
    bytes: &[u8],
    progress: &mut dyn FnMut(Step),
) -> Result<RawTable, DataError> {
    read_table_as(file, bytes, None, progress)
}

/// [`read_table_with_progress`] with the text's encoding chosen by the user (`None` detects it:
/// see [`super::decode`]).
pub fn read_table_as(
    file: &str,
    bytes: &[u8],
    encoding: Option<TextEncoding>,
    progress: &mut dyn FnMut(Step),
) -> Result<RawTable, DataError> {
    let content = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if content.iter().all(u8::is_ascii_whitespace) {
        return Err(DataError::file(
            file,
            Text::new("文件为空", "the file is empty"),
        ));
    }
    let table = if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(file, bytes, progress)?
    } else {
        let (text, encoding) = decode_text_as(file, bytes, encoding)?;
        if text.trim_start().starts_with('[') {
            read_json(file, &text, progress)?
        } else {
            read_csv(file, &text, encoding, progress)?
        }
    };
    let table = super::header::merge_subheader(super::header::promote_header(table));
    if table.rows.is_empty() {
        return Err(match table.format {
            TableFormat::Json => DataError::file(
                file,
                Text::new(
                    "JSON 数组中没有社工站对象",
                    "the JSON array holds no station objects",
                ),
            ),
            _ => DataError::row(
                file,
                1,
                Text::new(
                    "文件只有表头，没有社工站数据行",
                    "the file has a header row but no station rows",
                ),
            ),
        });
    }
    Ok(table)
}

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

fn read_csv(
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

/// The budgets of [`crate::limits`] a CSV or JSON table's rows are read within: columns, rows,
/// cells, characters in a cell (Excel's limit, as for an XLSX: see [`super::xlsx`]) and the text
/// of all cells. Checked on each row as read, before its cells are copied.
struct TableBudget<'f> {
    file: &'f str,
    text_bytes: u64,
    rows: u64,
    cells: u64,
}

impl<'f> TableBudget<'f> {
    fn new(file: &'f str) -> TableBudget<'f> {
        TableBudget {
            file,
            text_bytes: 0,
            rows: 0,
            cells: 0,
        }
    }

    fn check<'c>(
        &mut self,
        row: usize,
        columns: usize,
        cells: impl Iterator<Item = &'c str>,
    ) -> Result<(), DataError> {
        let at = |message: Text| DataError::row(self.file, row, message);
        Limit::TableColumns.check(columns as u64).map_err(at)?;
        self.rows += 1;
        self.cells += columns as u64;
        // The header row is not a station row.
        Limit::TableRows.check(self.rows - 1).map_err(at)?;
        Limit::TableCells.check(self.cells).map_err(at)?;
        for cell in cells {
            // A byte count within the limit is within it in characters too.
            if cell.len() as u64 > Limit::CellChars.value() {
                let chars = cell.chars().count() as u64;
                Limit::CellChars.check(chars).map_err(at)?;
            }
            self.text_bytes += cell.len() as u64;
        }
        Limit::TableTextBytes.check(self.text_bytes).map_err(at)
    }
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

fn read_json(
    file: &str,
    text: &str,
    progress: &mut dyn FnMut(Step),
) -> Result<RawTable, DataError> {
    Limit::JsonTableBytes
        .check(text.len() as u64)
        .map_err(|m| DataError::file(file, m))?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        DataError::file(
            file,
            Text::new(
                format!("无法读取 JSON：{e}"),
                format!("cannot read JSON: {e}"),
            ),
        )
    })?;
    let items = value.as_array().ok_or_else(|| {
        DataError::file(
            file,
            Text::new(
                "应为由对象组成的 JSON 数组",
                "expected a JSON array of objects",
            ),
        )
    })?;
    let mut headers: Vec<String> = Vec::new();
    let mut known: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (index, item) in items.iter().enumerate() {
        let object = item.as_object().ok_or_else(|| {
            DataError::row(
                file,
                index + 1,
                Text::new(
                    format!("应为每列一个键的对象，实为 {item}"),
                    format!("expected an object with one key per column, found {item}"),
                ),
            )
        })?;
        for key in object.keys() {
            if known.insert(key.as_str()) {
                headers.push(key.clone());
            }
        }
        let columns = headers.len() as u64;
        Limit::TableColumns
            .check(columns)
            .map_err(|m| DataError::row(file, index + 1, m))?;
    }
    let mut budget = TableBudget::new(file);
    let mut rows = Vec::new();
    let mut blank_rows = 0;
    let mut ticker = Ticker::start(progress, Phase::Parsing, items.len() as u64);
    for (index, item) in items.iter().enumerate() {
        ticker.tick(index as u64);
        let object = item.as_object().expect("checked above");
        let cells: Vec<String> = headers
            .iter()
            .map(|h| match object.get(h) {
                None | Some(serde_json::Value::Null) => String::new(),
                Some(serde_json::Value::String(s)) => s.trim().to_string(),
                Some(other) => other.to_string(),
            })
            .collect();
        budget.check(index + 1, cells.len(), cells.iter().map(String::as_str))?;
        if cells.iter().all(String::is_empty) {
            blank_rows += 1;
        } else {
            rows.push(RawRow {
                row: index + 1,
                cells,
            });
        }
    }
    ticker.finish();
    Ok(RawTable {
        file: file.to_string(),
        format: TableFormat::Json,
        encoding: None,
        headers,
        rows,
        blank_rows,
        header_row: 0,
        above_header: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn file_errors_read_in_chinese() {
        let empty = read_table("站点.csv", b" \r\n").unwrap_err();
        assert_eq!(empty.text(Lang::Zh), "站点.csv：文件为空");
        assert_eq!(empty.to_string(), "站点.csv: the file is empty");
        let header_only = read_table("站点.csv", "区划代码,乡镇\n".as_bytes()).unwrap_err();
        assert_eq!(
            header_only.text(Lang::Zh),
            "站点.csv，第1行：文件只有表头，没有社工站数据行"
        );
        let binary = read_table("站点.csv", b"code\x01,x\n1,2\n").unwrap_err();
        assert!(
            binary
                .text(Lang::Zh)
                .starts_with("站点.csv，第1行：不是 CSV、XLSX 或 JSON 表格：此行有控制字符 U+0001（可能是二进制文件"),
            "{}",
            binary.text(Lang::Zh)
        );
        let object = read_table("站点.json", b"[1]").unwrap_err();
        assert_eq!(
            object.text(Lang::Zh),
            "站点.json，第1行：应为每列一个键的对象，实为 1"
        );
    }

    #[test]
    fn delimiters_are_sniffed_from_the_header() {
        assert_eq!(sniff_delimiter("a,b,c"), b',');
        assert_eq!(sniff_delimiter("a;b;c"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter("\"a;b\",c"), b',');
        assert_eq!(sniff_delimiter("abc"), b',');
    }

    #[test]
    fn gbk_bytes_are_detected() {
        // "乡镇代码,状态\n522301008,运营\n" in GBK.
        let (bytes, _, _) = encoding_rs::GBK.encode("乡镇代码,状态\n522301008,运营\n");
        let table = read_table("t.csv", &bytes).unwrap();
        assert_eq!(table.encoding, Some(TextEncoding::Gb18030));
        assert_eq!(table.headers, ["乡镇代码", "状态"]);
        assert_eq!(table.rows[0].row, 2);
        assert_eq!(table.rows[0].cells, ["522301008", "运营"]);
    }

    #[test]
    fn row_numbers_count_lines_in_the_file() {
        let table = read_table("t.csv", "a;b\n\n1;2\n;\n\"x\ny\";3\n".as_bytes()).unwrap();
        assert_eq!(table.format, TableFormat::Csv { delimiter: b';' });
        let numbers: Vec<usize> = table.rows.iter().map(|r| r.row).collect();
        assert_eq!(numbers, [3, 5]);
        assert_eq!(table.blank_rows, 1);
    }

    #[test]
    fn json_rows_are_objects() {
        let table = read_table(
            "t.json",
            br#"[{"code": 522301008, "status": "built"}, {"status": null, "code": "x"}]"#,
        )
        .unwrap();
        assert_eq!(table.headers, ["code", "status"]);
        assert_eq!(table.rows[0].cells, ["522301008", "built"]);
        assert_eq!(table.rows[1].row, 2);
        let err = read_table("t.json", b"[{\"a\": 1}, 3]").unwrap_err();
        assert!(err.to_string().starts_with("t.json, row 2:"), "{err}");
        assert_eq!(
            read_table("t.json", b" [ ] ").unwrap_err().to_string(),
            "t.json: the JSON array holds no station objects"
        );
        assert_eq!(
            read_table("t.csv", b"\xEF\xBB\xBF\r\n")
                .unwrap_err()
                .to_string(),
            "t.csv: the file is empty"
        );
    }
}
