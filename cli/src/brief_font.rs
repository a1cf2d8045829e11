//! `atlas publish`'s font for the page's briefing pack: Noto Sans CJK SC (SIL OFL 1.1, Debian's
//! `fonts-noto-cjk`, found among the system's fonts as the CLI's own PDF finds it) in its
//! regular and bold weights, each cut to the characters the pack can show of this publication
//! ([`pack_characters`]) by allsorts' subsetter, which keeps the font's `cmap` (usvg maps text
//! through it in the page, which has no other font) and cuts its CFF outlines. The licence goes
//! beside the files ([`BRIEF_FONT_LICENCE`]), as the OFL asks.

use std::collections::{BTreeMap, BTreeSet};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use anyhow::{anyhow, Context, Result};
use atlas_core::draw::brief::pack_characters;
use atlas_core::publish::{PartFile, BRIEF_FONT_LICENCE};
use resvg::usvg::fontdb;

use crate::pdf::fonts;

/// The licence text written beside the font.
pub const LICENCE: &str = include_str!("../fonts/OFL-NotoSansCJK.txt");

/// The weights the pack draws in, by the manifest's key.
const WEIGHTS: [(&str, fontdb::Weight); 2] = [
    ("regular", fontdb::Weight::NORMAL),
    ("bold", fontdb::Weight::BOLD),
];

/// Each weight's manifest entry and bytes, by the manifest's key.
pub type BriefFonts = BTreeMap<String, (PartFile, Vec<u8>)>;

/// The pack's font of each weight for a publication whose own texts are `texts`. `Ok(None)`
/// when the system has no Noto Sans CJK SC of that weight.
pub fn brief_fonts(texts: &[&str]) -> Result<Option<BriefFonts>> {
    let characters = pack_characters(texts);
    let mut out = BTreeMap::new();
    for (key, weight) in WEIGHTS {
        let Some(bytes) = subset_of(weight, &characters)? else {
            return Ok(None);
        };
        out.insert(key.to_string(), (PartFile::brief_font(key, &bytes), bytes));
    }
    Ok(Some(out))
}

/// Noto Sans CJK SC of `weight` cut to `characters`, or `None` when the system lacks it.
fn subset_of(weight: fontdb::Weight, characters: &BTreeSet<char>) -> Result<Option<Vec<u8>>> {
    let db = fonts();
    let query = fontdb::Query {
        families: &[fontdb::Family::Name(atlas_pdf::FONT_FAMILY)],
        weight,
        ..fontdb::Query::default()
    };
    let Some(id) = db.query(&query) else {
        return Ok(None);
    };
    let found = db.face(id).map(|f| f.weight == weight).unwrap_or(false);
    if !found {
        return Ok(None);
    }
    db.with_face_data(id, |data, index| cut(data, index, characters))
        .transpose()
}

/// The face at `index` of the font file `data`, with only the glyphs of `characters` (and
/// `.notdef`, glyph 0, which a font must start with).
fn cut(data: &[u8], index: u32, characters: &BTreeSet<char>) -> Result<Vec<u8>> {
    let face = ttf_parser::Face::parse(data, index).context("reading Noto Sans CJK SC")?;
    let glyphs: BTreeSet<u16> = characters
        .iter()
        .filter_map(|c| face.glyph_index(*c))
        .map(|g| g.0)
        .chain([0])
        .collect();
    let glyphs: Vec<u16> = glyphs.into_iter().collect();
    let font = ReadScope::new(data)
        .read::<FontData<'_>>()
        .map_err(|e| anyhow!("reading Noto Sans CJK SC: {e}"))?;
    let provider = font
        .table_provider(index as usize)
        .map_err(|e| anyhow!("reading face {index} of Noto Sans CJK SC: {e}"))?;
    subset(
        &provider,
        &glyphs,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .map_err(|e| anyhow!("cutting Noto Sans CJK SC to the pack's characters: {e}"))
}

/// Writes the fonts and their licence into `dir` (before the manifest that names them).
pub fn write_brief_fonts(dir: &std::path::Path, fonts: &BriefFonts) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("{}", dir.display()))?;
    for (entry, bytes) in fonts.values() {
        let path = dir.join(&entry.path);
        std::fs::write(&path, bytes).with_context(|| format!("{}", path.display()))?;
    }
    let path = dir.join(BRIEF_FONT_LICENCE);
    std::fs::write(&path, LICENCE).with_context(|| format!("{}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cut keeps its cmap: every character asked for maps to a glyph in the subset, one
    /// not asked for does not, and it is far smaller than the face it came from.
    #[test]
    fn a_subset_maps_its_characters_and_no_others() {
        let Some(bytes) =
            subset_of(fontdb::Weight::NORMAL, &"黔西南州 52%".chars().collect()).unwrap()
        else {
            panic!("Noto Sans CJK SC is not installed: apt-get install fonts-noto-cjk");
        };
        let face = ttf_parser::Face::parse(&bytes, 0).unwrap();
        for c in "黔西南州 52%".chars() {
            assert!(face.glyph_index(c).is_some(), "{c}");
        }
        assert!(face.glyph_index('龘').is_none());
        assert!(bytes.len() < 100_000, "{} bytes", bytes.len());
        let mut db = fontdb::Database::new();
        db.load_font_data(bytes);
        let family = &db.faces().next().unwrap().families[0].0;
        assert_eq!(family, atlas_pdf::FONT_FAMILY);
    }
}
