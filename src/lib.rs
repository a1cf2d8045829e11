//! What the page and its import worker share: fetching the shipped data. Each binary
//! (`coverage-atlas`, the page; `import-worker`, the worker) links only what it uses.

pub mod load;
