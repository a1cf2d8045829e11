//! What is shown around the map: the toolbar, the region card and side panel, the legend, the
//! deadline board, the table (the regions' rows, and the view's stations in `station_table.rs`),
//! search, and the correction form.

pub mod correction;
pub mod deadline;
pub mod legend;
pub mod region;
pub mod search;
pub mod station_table;
pub mod stations;
pub mod table;
pub mod toolbar;
