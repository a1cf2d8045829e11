//! What every format's reader shares: the table as read ([`RawTable`], [`RawRow`],
//! [`TableFormat`]) and the budgets its rows are read within ([`TableBudget`]).

use crate::error::DataError;
use crate::lang::Text;
use crate::limits::Limit;

use super::TextEncoding;

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
    /// with any cell filled, the JSON keys); a [`crate::import::ColumnMapping`] indexes into this. A
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

/// The budgets of [`crate::limits`] a CSV or JSON table's rows are read within: columns, rows,
/// cells, characters in a cell (Excel's limit, as for an XLSX: see [`super::xlsx`]) and the text
/// of all cells. Checked on each row as read, before its cells are copied.
pub(super) struct TableBudget<'f> {
    file: &'f str,
    text_bytes: u64,
    rows: u64,
    cells: u64,
}

impl<'f> TableBudget<'f> {
    pub(super) fn new(file: &'f str) -> TableBudget<'f> {
        TableBudget {
            file,
            text_bytes: 0,
            rows: 0,
            cells: 0,
        }
    }

    pub(super) fn check<'c>(
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
