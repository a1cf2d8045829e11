//! The shipped division registry, loaded once per test binary, for the import tests.

use std::sync::OnceLock;

use atlas_core::data::divisions::Divisions;

/// `data/divisions.csv`, every 2023 region.
pub fn divisions() -> &'static Divisions {
    static DIVISIONS: OnceLock<Divisions> = OnceLock::new();
    DIVISIONS.get_or_init(|| {
        let path = format!("{}/../data/divisions.csv", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        Divisions::from_csv("divisions.csv", &text).expect("registry loads")
    })
}

/// The bytes of `tests/fixtures/{kind}/{name}`.
pub fn fixture(kind: &str, name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../tests/fixtures/{kind}/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}
