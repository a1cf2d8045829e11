//! Reading the first sheet of an XLSX station table, cell by cell, within the budgets of
//! [`crate::limits`].
//!
//! calamine's `worksheet_range` builds the sheet as one dense rectangle from its first to its
//! last used cell, and copies a shared string into every cell that refers to it: a 1,962-byte
//! file with one cell at XFD1048576 asked for 512 GB, and one shared string of 90 million
//! characters referred to by 200,000 cells grew to 24 GB. calamine's cell reader
//! (`worksheet_cells_reader`) instead yields only the cells the sheet holds, with a shared string
//! borrowed from the one table calamine keeps, so each cell is checked (its length, its column,
//! the text read so far) before anything is copied.

use std::fmt;
use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx};

use crate::error::DataError;
use crate::lang::Text;
use crate::limits::Limit;

use super::super::progress::{Phase, Step, Ticker};
use super::super::values::excel_serial_date;
use super::table::{RawRow, RawTable, TableFormat};

/// The most an XLSX's parts may expand to, all together. A station table of every township in
/// China is a few MB of sheet XML; reading expands it again several times in memory, so a file
/// past this would exhaust the page's worker (4 GB of wasm memory) or a small server.
pub const XLSX_EXPANDED_LIMIT_BYTES: u64 = 500 * 1024 * 1024;

/// Refuses an XLSX whose parts declare more than [`XLSX_EXPANDED_LIMIT_BYTES`] uncompressed,
/// reading only the ZIP's central directory (nothing is inflated).
pub fn check_xlsx_expansion(file: &str, bytes: &[u8]) -> Result<(), DataError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| xlsx_error(file, &e))?;
    let mut expanded: u64 = 0;
    for index in 0..archive.len() {
        let part = archive
            .by_index_raw(index)
            .map_err(|e| xlsx_error(file, &e))?;
        expanded = expanded.saturating_add(part.size());
    }
    if expanded > XLSX_EXPANDED_LIMIT_BYTES {
        let mb = |n: u64| n as f64 / (1024.0 * 1024.0);
        let (size, expanded, limit) = (
            mb(bytes.len() as u64),
            mb(expanded),
            mb(XLSX_EXPANDED_LIMIT_BYTES),
        );
        return Err(DataError::file(
            file,
            Text::new(
                format!(
                    "未读取即拒绝：XLSX 文件 {size:.1} MB，解压后将达 {expanded:.0} MB，超过 {limit:.0} MB 上限（社工站表格通常只有几 MB；文件可能已损坏，或有意构造来耗尽内存）"
                ),
                format!(
                    "refused before reading: the XLSX is {size:.1} MB but its parts expand to {expanded:.0} MB, more than the {limit:.0} MB limit (a station table needs a few MB; the file may be damaged or built to exhaust memory)"
                ),
            ),
        ));
    }
    Ok(())
}

/// An XLSX the zip or spreadsheet reader cannot read, with the reader's own words.
fn xlsx_error(file: &str, e: &dyn fmt::Display) -> DataError {
    DataError::file(
        file,
        Text::new(
            format!("无法读取 XLSX：{e}"),
            format!("cannot read XLSX: {e}"),
        ),
    )
}

/// An XLSX cell as text: whole numbers without `.0` (codes stored as numbers), date cells as
/// ISO dates, errors as Excel shows them. Text is trimmed.
fn cell_text(cell: &DataRef<'_>) -> String {
    match cell {
        DataRef::Empty => String::new(),
        DataRef::SharedString(s) => s.trim().to_string(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            s.trim().to_string()
        }
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(dt) => {
            let serial = dt.as_f64();
            excel_serial_date(serial).map_or_else(|| serial.to_string(), |d| d.to_string())
        }
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

/// The text a cell holds as stored, before it is copied: only strings can be long.
fn stored_text<'c>(cell: &'c DataRef<'_>) -> &'c str {
    match cell {
        DataRef::SharedString(s) => s,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s,
        _ => "",
    }
}

/// Excel's name of a 0-based column: 0 → `A`, 25 → `Z`, 26 → `AA`, 16,383 → `XFD`.
pub fn column_name(column: u32) -> String {
    let mut n = column as u64 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The rows of a sheet as its cells arrive, in sheet order, checked against the budgets.
struct SheetRows<'f> {
    file: &'f str,
    headers: Option<Vec<String>>,
    header_row: usize,
    rows: Vec<RawRow>,
    blank_rows: usize,
    /// The row being filled (1-based, as Excel numbers it) and its cells by column.
    current: Option<(usize, Vec<(u32, String)>)>,
    last_row: usize,
    text_bytes: u64,
    cells: u64,
    widest: usize,
}

impl<'f> SheetRows<'f> {
    fn new(file: &'f str) -> SheetRows<'f> {
        SheetRows {
            file,
            headers: None,
            header_row: 1,
            rows: Vec::new(),
            blank_rows: 0,
            current: None,
            last_row: 0,
            text_bytes: 0,
            cells: 0,
            widest: 0,
        }
    }

    /// Takes one cell at 0-based (`row`, `column`), refusing it when it is past a budget.
    fn add(&mut self, row: u32, column: u32, value: &DataRef<'_>) -> Result<(), DataError> {
        if matches!(value, DataRef::Empty) {
            return Ok(());
        }
        let row = row as usize + 1;
        let file = self.file;
        let at = |message: Text| {
            let cell = format!("{}{row}", column_name(column));
            DataError::row(
                file,
                row,
                Text::new(
                    format!("单元格 {cell}：{}", message.zh),
                    format!("cell {cell}: {}", message.en),
                ),
            )
        };
        let stored = stored_text(value);
        // A text within the limit in bytes is within it in characters: count only longer ones.
        if stored.len() as u64 > Limit::CellChars.value() {
            let chars = stored.chars().count() as u64;
            Limit::CellChars.check(chars).map_err(at)?;
        }
        Limit::TableColumns.check(column as u64 + 1).map_err(at)?;
        self.text_bytes += stored.len() as u64;
        Limit::TableTextBytes.check(self.text_bytes).map_err(at)?;
        if self.current.as_ref().is_some_and(|(r, _)| *r != row) {
            self.flush();
            // The rows and cells kept so far, the header's included.
            Limit::TableRows.check(self.rows.len() as u64).map_err(at)?;
            Limit::TableCells.check(self.cells).map_err(at)?;
        }
        let (_, cells) = self.current.get_or_insert_with(|| (row, Vec::new()));
        let text = cell_text(value);
        if !text.is_empty() {
            cells.push((column, text));
        }
        Ok(())
    }

    /// Ends the row being filled: the header if none was found yet, else a data row; the rows
    /// between it and the one before are blank (a sheet leaves them out).
    fn flush(&mut self) {
        let Some((row, mut placed)) = self.current.take() else {
            return;
        };
        if placed.is_empty() {
            return;
        }
        placed.sort_by_key(|(column, _)| *column);
        let width = placed.last().map_or(0, |(c, _)| *c as usize + 1);
        self.widest = self.widest.max(width);
        self.cells += width as u64;
        let mut cells = vec![String::new(); width];
        for (column, text) in placed {
            cells[column as usize] = text;
        }
        if self.headers.is_none() {
            self.headers = Some(cells);
            self.header_row = row;
        } else {
            self.blank_rows += row.saturating_sub(self.last_row + 1);
            self.rows.push(RawRow { row, cells });
        }
        self.last_row = row;
    }
}

/// The first sheet of an XLSX as a [`RawTable`], read cell by cell (see the module comment).
pub(super) fn read_xlsx(
    file: &str,
    bytes: &[u8],
    progress: &mut dyn FnMut(Step),
) -> Result<RawTable, DataError> {
    check_xlsx_expansion(file, bytes)?;
    let bad = |e: &dyn fmt::Display| xlsx_error(file, e);
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| bad(&e))?;
    let no_sheet = || {
        DataError::file(
            file,
            Text::new("工作簿中没有工作表", "the workbook has no sheets"),
        )
    };
    let sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(no_sheet)?;
    let mut cells = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(|e| bad(&e))?;
    let height = cells.dimensions().end.0 as u64 + 1;
    let mut ticker = Ticker::start(progress, Phase::Parsing, height);
    let mut sheet_rows = SheetRows::new(file);
    while let Some(cell) = cells.next_cell().map_err(|e| bad(&e))? {
        let (row, column) = cell.get_position();
        ticker.tick(row as u64);
        sheet_rows.add(row, column, cell.get_value())?;
    }
    sheet_rows.flush();
    ticker.finish();
    let SheetRows {
        headers,
        header_row,
        rows,
        blank_rows,
        widest,
        ..
    } = sheet_rows;
    let mut rows = rows;
    let Some(mut headers) = headers else {
        return Err(DataError::file(
            file,
            Text::new("第一个工作表为空", "the first sheet is empty"),
        ));
    };
    // The header as wide as the widest row, as the sheet shows it: a cell right of the header's
    // last is a column without a name, not an extra cell.
    // The first rows too, since a title line above the header may be the row read first and the
    // header one of these (see `super::header`).
    headers.resize(headers.len().max(widest), String::new());
    for row in rows.iter_mut().take(super::header::MAX_TITLE_ROWS + 1) {
        row.cells.resize(row.cells.len().max(widest), String::new());
    }
    Ok(RawTable {
        file: file.to_string(),
        format: TableFormat::Xlsx,
        encoding: None,
        headers,
        rows,
        blank_rows,
        header_row,
        above_header: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_excel_names_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16_383), "XFD");
    }
}
