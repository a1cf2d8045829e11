//! Measure: what the data says about each region: coverage rolled up the hierarchy, star
//! ratings, and progress toward a full-coverage deadline.

pub mod coverage;
pub mod progress;
pub mod rating;
