//! The page's state: what lives in the URL (`url`), and the signals and memos of the view
//! (`view`).

pub mod url;
pub mod view;
