//! The page's state: what lives in the URL (`url`; a baked page's own address and the hand-over
//! from the baked view to the app in `baked`), and the signals and memos of the view (`view`).
pub mod baked;
pub mod url;
pub mod view;
