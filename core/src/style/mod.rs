//! Style: classes, colours and words. [`view::style_view`] is the one step from the atlas and a
//! view (focus, mode, bins, month, today, language) to everything a view shows: shape styles,
//! legend rows, table rows and the deadline board. Screen, export, CLI and benchmarks all call it.

pub mod classify;
pub mod summary;
