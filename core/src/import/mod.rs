//! Bring your own data: a bureau's station table (CSV in UTF-8 or GBK, XLSX, JSON) read,
//! mapped to fields, and joined to the division registry with a report that accounts for every
//! row.
//!
//! ```text
//! bytes ──read_table──▶ RawTable ──guess_mapping──▶ ColumnMapping (user may override)
//!                                      └──────join_stations──▶ JoinReport
//! ```
//!
//! In the page all of it runs in a web worker through [`session::ImportSession`], reporting
//! [`progress::Step`]s for the progress bar.

pub mod boundaries;
pub mod decode;
pub mod directory;
mod features;
mod geojson;
pub mod join;
pub mod mapping;
pub mod progress;
pub mod recipe;
pub mod session;
pub mod stations;
pub mod text;
pub mod values;

pub use boundaries::{
    convert_gcj02, gcj02_to_wgs84, judge_crs, read_boundaries, read_boundaries_with_progress,
    wgs84_to_gcj02, BoundaryImport, CodeProperty, CrsFinding, DataVSignature,
};
pub use join::{
    join_stations, join_stations_with_progress, CountyGap, JoinOptions, JoinReport, ReportRow,
    UnknownValue,
};
pub use mapping::{guess_mapping, ColumnMapping, Field};
pub use progress::{Phase, Step};
pub use recipe::{
    AcceptedMatch, ImportRecipe, RatingChoice, StationChoices, StatusChoice, ValueChoices,
    ValueField,
};
pub use session::{BoundaryChoices, ImportSession, PackedShapes, Reply, Request};
pub use stations::xlsx;
pub use stations::{
    read_table, read_table_with_progress, RawRow, RawTable, TableFormat, TextEncoding,
};
pub use values::{excel_serial_date, parse_open_date, parse_star, parse_status, parse_tier};

use crate::data::divisions::Divisions;
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
