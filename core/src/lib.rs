//! Coverage Atlas core: data model, parsing, coverage roll-up, classification, projection,
//! schematic townships and the renderer-neutral scene. No web dependencies, so everything here
//! runs under plain `cargo test`.

pub mod atlas;
pub mod chart;
pub mod classify;
pub mod code;
pub mod coverage;
pub mod divisions;
pub mod error;
pub mod figure;
pub mod import;
pub mod model;
pub mod progress;
pub mod projection;
pub mod rating;
pub mod scene;
pub mod schematic;
pub mod search;
pub mod seed;
pub mod summary;
pub mod topo;
