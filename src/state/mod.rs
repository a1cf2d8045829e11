//! The page's state: what lives in the URL (`url`; a baked page's own address and the hand-over
//! from the baked view to the app in `baked`), the signals and memos of the view (`view`), and
//! the station directory read so far with the station pointed at (`directory`).
pub mod baked;
pub mod directory;
pub mod url;
pub mod view;
