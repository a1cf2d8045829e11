//! Draw: a styled map as a print-ready SVG figure, progress charts, and the SVG text helpers
//! they share.

pub mod chart;
pub mod figure;
pub mod svg;
