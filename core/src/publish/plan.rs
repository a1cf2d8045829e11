//! What a reader fetches when, and what a view changes in the atlas: the parts fetched before
//! and after the first map and on the first search, the township chunks a view of a region
//! draws from, and a chunk's shapes added to the atlas.

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::data::shapes::Detail;
use crate::lang::Text;

use super::error::ReadError;

use super::format::{Manifest, PartFile, PartKind, TownshipChunk};

/// When a reader fetches a part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fetched {
    /// Before the first map is drawn.
    BeforeFirstMap,
    /// Right after the first map, replacing the overview with the full atlas.
    AfterFirstMap,
    /// When the visitor first searches.
    OnSearch,
}

impl PartKind {
    /// When a page reads it, in a publication that has an overview (one without is read whole
    /// before the first map, see [`Manifest::parts_fetched`]).
    pub fn fetched(self) -> Fetched {
        match self {
            PartKind::Divisions | PartKind::Outlines => Fetched::AfterFirstMap,
            PartKind::Pinyin => Fetched::OnSearch,
            PartKind::Facts
            | PartKind::Stations
            | PartKind::DivisionsOverview
            | PartKind::OutlinesOverview => Fetched::BeforeFirstMap,
        }
    }
}

/// How much of a publication [`load_published`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Depth {
    /// The overview parts, when the publication has them (the full ones otherwise): the first
    /// map.
    Overview,
    /// The whole registry and outlines.
    Full,
}

impl Manifest {
    /// The parts this publication lists that a reader fetches at `when`. Without an overview,
    /// the whole registry and outlines come before the first map.
    pub fn parts_fetched(&self, when: Fetched) -> Vec<PartKind> {
        let overview = self.has_overview();
        let fetched = |kind: PartKind| match kind.fetched() {
            Fetched::AfterFirstMap if !overview => Fetched::BeforeFirstMap,
            other => other,
        };
        (self.files.keys().copied())
            .filter(|kind| fetched(*kind) == when)
            .collect()
    }

    /// The parts a reader needs for an atlas at `depth`: for an overview, those fetched before
    /// the first map; for the full atlas, every part but the overview's and the search's pinyin
    /// (a reader that never drew the overview does not fetch it).
    pub fn parts_for(&self, depth: Depth) -> Vec<PartKind> {
        match depth {
            Depth::Overview => self.parts_fetched(Fetched::BeforeFirstMap),
            Depth::Full => (self.files.keys().copied())
                .filter(|kind| {
                    !matches!(
                        kind,
                        PartKind::DivisionsOverview | PartKind::OutlinesOverview | PartKind::Pinyin
                    )
                })
                .collect(),
        }
    }

    /// The chunks a view of `code` draws its townships from, if the publication has them: its
    /// province's, and for a prefecture or deeper its prefecture's detail chunk when there is
    /// one; none for the nation.
    pub fn township_chunks_for(&self, code: &RegionCode) -> Vec<(&RegionCode, &PartFile)> {
        (township_chunk_regions(code).iter())
            .filter_map(|region| self.townships.get_key_value(region))
            .collect()
    }

    /// The province chunks alone, every township of the country: a reader that fills the
    /// country with townships needs them all, and no detail.
    pub fn province_chunks(&self) -> impl Iterator<Item = (&RegionCode, &PartFile)> {
        (self.townships.iter()).filter(|(region, _)| region.level() == Level::Province)
    }
}

/// The regions whose township chunks a view of `code` draws from, where a publication has them:
/// its province, and for a prefecture or deeper its prefecture (the detail); none for the nation.
pub fn township_chunk_regions(code: &RegionCode) -> Vec<RegionCode> {
    [Level::Province, Level::Prefecture]
        .into_iter()
        .filter_map(|level| code.ancestor_at(level))
        .collect()
}

impl TownshipChunk {
    /// Adds the shapes of `region`'s chunk to `atlas` (a prefecture's as the detail of its
    /// official boundaries and of the cells beside them); a message naming `file` and the counties whose cells do not match
    /// the registry's townships (those counties are left without cells).
    pub fn add_to(&self, atlas: &mut Atlas, region: &RegionCode, file: &str) -> Option<ReadError> {
        let detail = if region.level() == Level::Province {
            atlas.add_township_outlines(&self.official);
            Detail::ProvinceSimplified
        } else {
            atlas.add_township_detail(&self.official);
            Detail::Official
        };
        let refused = atlas.add_schematic_cells(detail, &self.schematic, &self.official);
        (!refused.is_empty()).then(|| {
            let list: Vec<&str> = refused.iter().map(RegionCode::as_str).collect();
            let message = Text::new(
                format!(
                    "{file}：{} 的示意乡镇图形与区划不符，未使用",
                    list.join("、")
                ),
                format!(
                    "{file}: the schematic township cells of {} do not match the registry and are not used",
                    list.join(", ")
                ),
            );
            ReadError::Content {
                file: file.to_string(),
                message,
            }
        })
    }
}
