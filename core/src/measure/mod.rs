//! Measure: what the data says about each region: coverage rolled up the hierarchy, star
//! ratings, progress toward a full-coverage deadline, and a loaded station table against the
//! published figures (`loaded.rs`).

pub mod coverage;
pub mod loaded;
pub mod progress;
pub mod rating;
