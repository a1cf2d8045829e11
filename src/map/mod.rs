//! The map on screen: drawing a scene on canvas, the map's frame and its events, the keyboard
//! walk and zoom, and the preview that moves the last drawing during a gesture.

pub mod access;
/// `?bench=national`: only in a build with the `bench` feature.
#[cfg(feature = "bench")]
pub mod bench;
pub mod canvas;
pub mod points;
pub mod preview;
pub mod view;
