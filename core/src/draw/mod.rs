//! Draw: the map's one paint list (`paint`, walked by the SVG figure and the page's canvas), a
//! styled map as a print-ready SVG figure, progress charts, the A4 briefing pack's
//! pages, and the SVG text helpers they share.

pub mod brief;
pub mod chart;
pub mod figure;
pub mod paint;
pub mod svg;
