//! The page's side of bringing your own data: where the import panel goes and how the page
//! gets what it joins (`host`). The panel itself (`panel.rs`, with `form/` and `importer.rs`)
//! and the worker (`worker.rs`) are binaries of their own in this folder, and the events the
//! page and the panel exchange (`events.rs`) are in the library; none of them is in the page's
//! module list.

pub mod host;
