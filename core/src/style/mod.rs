//! Style: classes, colours and words. [`view::style_map`] is the one step from the atlas and a
//! view (focus, mode, bins, month, today, language) to everything a view shows: shape styles,
//! the whole legend, table rows and the deadline board. Screen, export, CLI and benchmarks all
//! call it; nothing else decides a class.

pub mod classify;
pub mod dark;
pub mod headline;
pub mod legend;
pub mod regions;
pub mod rows;
pub mod shapes;
pub mod spoken;
pub mod summary;
pub mod view;
