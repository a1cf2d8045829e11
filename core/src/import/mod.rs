//! Bring your own data: a bureau's station table (CSV in UTF-8 or GBK, XLSX, JSON) read,
//! mapped to fields, and joined to the division registry with a report that accounts for every
//! row.
//!
//! ```text
//! bytes ──read_table──▶ RawTable ──guess_mapping──▶ ColumnMapping (user may override)
//!                                      └──────join_stations──▶ JoinReport
//! ```

pub mod boundaries;
pub mod join;
pub mod mapping;
pub mod stations;
pub mod text;
pub mod values;

pub use boundaries::{convert_gcj02, gcj02_to_wgs84, read_boundaries, BoundaryImport, CrsFinding};
pub use join::{join_stations, CountyGap, JoinOptions, JoinReport, ReportRow};
pub use mapping::{guess_mapping, ColumnMapping};
pub use stations::{read_table, RawRow, RawTable, TableFormat, TextEncoding};
pub use values::{excel_serial_date, parse_open_date, parse_star, parse_status, parse_tier};

use crate::divisions::Divisions;
use crate::error::DataError;

/// Reads `bytes`, guesses the columns and joins: the whole import with default choices.
pub fn import_stations(
    file: &str,
    bytes: &[u8],
    divisions: &Divisions,
    options: &JoinOptions,
) -> Result<(RawTable, ColumnMapping, JoinReport), DataError> {
    let table = read_table(file, bytes)?;
    let mapping = guess_mapping(&table.headers);
    let report = join_stations(&table, &mapping, divisions, options)?;
    Ok((table, mapping, report))
}
