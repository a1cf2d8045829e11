//! Shape: the geometry of one view: Albers projection, schematic township cells where no
//! official boundaries exist, and the scene of shapes with its R-tree for hit-testing.

pub mod projection;
pub mod scene;
#[cfg(feature = "schematic")]
pub mod schematic;
pub mod walk;
