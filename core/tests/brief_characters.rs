//! The page's briefing pack is written in a font cut to `pack_characters` of the publication:
//! every character the pack's pages hold, for a province and a prefecture in both languages, is
//! in that set, so no glyph is missing from the page's PDF.

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::RegionCode;
use atlas_core::data::publisher::Publisher;
use atlas_core::date::Day;
use atlas_core::draw::brief::{brief_pages, pack_characters, BriefOptions};
use atlas_core::lang::Lang;

#[test]
fn every_character_of_the_pack_is_in_the_font_set() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    let divisions = std::fs::read_to_string(data.join("divisions.csv")).unwrap();
    let facts = std::fs::read_to_string(data.join("seed-facts.csv")).unwrap();
    let publisher = serde_json::to_string(&Publisher::shipped()).unwrap();
    let set = pack_characters(&[&divisions, &facts, &publisher]);
    let atlas = Atlas::load_dir(&data).expect("default data loads");
    for region in ["52", "5223"] {
        for lang in [Lang::Zh, Lang::En] {
            let opts = BriefOptions {
                focus: RegionCode::parse(region).unwrap(),
                month: None,
                today: Day::from_ymd(2026, 12, 7),
                lang,
            };
            let missing: String = brief_pages(&atlas, &opts)
                .concat()
                .chars()
                .filter(|c| !c.is_control() && !set.contains(c))
                .collect();
            assert!(missing.is_empty(), "{region} {lang:?}: {missing}");
        }
    }
    // The registry's names are far more than the pack's words: the set is mostly names.
    assert!(set.len() > 2000, "{}", set.len());
}
