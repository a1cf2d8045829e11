//! Coverage Atlas core: everything between a bureau's files and a drawn map, with no web
//! dependencies, so all of it runs under plain `cargo test`.
//!
//! The folders are the pipeline, in order:
//!
//! ```text
//! data/     the registry of regions, reported figures, targets, stations, outlines (load)
//! import/   a bureau's own station table and boundary file, joined with a report (join)
//! measure/  coverage, star ratings, deadline progress (measure)
//! shape/    projected outlines and schematic cells of one view, hit-testing (shape)
//! style/    classes and colours; `style_view` turns the atlas and a view into a styled map (style)
//! draw/     SVG figures and progress charts from a styled map (draw)
//! open/     the view as open data (CSV, GeoJSON, citation) and readers' correction records
//! ```
//!
//! `lang` and `date` are the two vocabularies every stage shares, and `projection` the map's
//! coordinate spaces (lon/lat and Albers km) and the one conversion between them; `search` finds regions by name,
//! pinyin or code. `ARCHITECTURE.md` at the repository root says where new work goes.

#![warn(missing_docs)]

pub mod bake;
pub mod csv_cell;
pub mod data;
pub mod date;
pub mod draw;
pub mod error;
pub mod geom;
pub mod import;
pub mod lang;
pub mod limits;
pub mod measure;
pub mod names;
pub mod open;
pub mod projection;
pub mod publish;
pub mod search;
pub mod shape;
pub mod sort;
pub mod style;
