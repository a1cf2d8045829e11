//! What a reader takes away: figures (SVG, PNG), the view's data (CSV, GeoJSON, citation), and
//! the view's link and embed snippet.

pub mod brief;
pub mod export;
pub mod open_data;
pub mod share;
