//! Getting the published data: the manifest and the files it names (`load`, in the library,
//! which the import worker shares), and a province's or prefecture's township shapes when a
//! view first needs them (`chunks`), and a province's station directory (`directory`).

pub mod chunks;
pub mod directory;

pub use coverage_atlas::loading::load;
