//! Shape: the geometry of one view: schematic township cells where no official boundaries
//! exist, and the scene of shapes with its R-tree for hit-testing.

pub mod points;
pub mod scene;
#[cfg(feature = "schematic")]
pub mod schematic;
pub mod walk;
