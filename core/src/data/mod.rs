//! Load: the region registry, reported figures, targets, stations and outlines, gathered into
//! one [`atlas::Atlas`].

pub mod atlas;
pub mod code;
pub mod divisions;
pub mod model;
pub mod seed;
pub mod topo;
