//! Load: the region registry, reported figures, targets, stations and outlines, gathered into
//! one [`atlas::Atlas`], with who publishes them ([`publisher::Publisher`]); every region shape,
//! at each level of detail, in one [`shapes::ShapeStore`].

pub mod atlas;
pub mod code;
mod columns;
pub mod directory;
pub mod divisions;
pub mod model;
pub mod publisher;
pub mod seed;
pub mod shapes;
pub mod station_index;
pub mod topo;
