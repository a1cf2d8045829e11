//! Open data: what a view shows, as files anyone can take away, and a citizen's report that a
//! figure is wrong. Everything here is made once, from the same [`StyledMap`] the page draws and
//! the table lists, so the page's downloads and `atlas stats` give the same bytes.
//!
//! - [`table`]: one row per region on show ([`OpenRow`]) and the table as CSV (UTF-8, with or
//!   without a byte-order mark for Excel) or JSON;
//! - [`features`]: the regions drawn as GeoJSON (RFC 7946, WGS84 longitude/latitude), with the same
//!   properties as the CSV's columns;
//! - [`stations`]: the directory's stations of the view, as their own CSV and as GeoJSON
//!   Point features after the regions';
//! - [`citation`]: a ready-to-paste citation of the view in Chinese and English;
//! - [`correction`]: the report a reader files against a figure (JSON, CSV, `mailto:`), and the
//!   publisher's check of such reports against the current data.
//!
//! Text a reader types is data everywhere here: JSON strings, quoted CSV fields (with a leading
//! `'` where a spreadsheet would read a formula), percent-encoded `mailto:` parts; nothing is
//! ever written as markup.
//!
//! [`StyledMap`]: crate::style::view::StyledMap
//! [`OpenRow`]: table::OpenRow

pub mod citation;
pub mod correction;
pub mod features;
pub mod stations;
pub mod table;

use crate::data::code::{Level, RegionCode};
use crate::date::Month;

/// The file name of a view's download: `coverage-5223-2023-12.csv`, `coverage-china.geojson`.
/// `ext` is given without the dot.
pub fn download_name(focus: &RegionCode, month: Option<Month>, ext: &str) -> String {
    let region = if focus.level() == Level::Nation {
        "china"
    } else {
        focus.as_str()
    };
    match month {
        Some(m) => format!("coverage-{region}-{}.{ext}", m.label()),
        None => format!("coverage-{region}.{ext}"),
    }
}
