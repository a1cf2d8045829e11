//! What is shown around the map: the toolbar, the region card and side panel, the legend, the
//! deadline board, the table, search, and the correction form.

pub mod correction;
pub mod deadline;
pub mod legend;
pub mod region;
pub mod search;
pub mod stations;
pub mod table;
pub mod toolbar;
