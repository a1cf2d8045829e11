//! What a restyle reads of a scene that changes with neither the mode, the month nor the
//! language, worked out once per scene (the page keeps it beside the scene): the distinct
//! regions of its shapes (the table's rows) and each shape's row, the regions above the rows as
//! a tree of indexes, each row's name and the figure it cites.
//!
//! A national township layer has 40,895 shapes: a restyle that looked every parent up by its
//! code (allocating the parent's code at each step) and scanned the figures for each row's
//! citation spent most of its time there. With this, a restyle looks each region above the rows
//! up once (a few thousand) and styles each row once, and the table builds only the rows it
//! shows.

use rustc_hash::FxHashMap;

use crate::data::atlas::Atlas;
use crate::data::code::RegionCode;
use crate::lang::{Lang, Text};
use crate::shape::scene::Scene;

/// The index of a region with nothing above it (the nation).
pub const NO_PARENT: u32 = u32::MAX;

/// A region above the rows, with the index of its own parent in [`SceneRegions::above`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Above {
    /// The region.
    pub code: RegionCode,
    /// Its parent's index in [`SceneRegions::above`], or [`NO_PARENT`]; always smaller than
    /// this region's own index, so one pass in order sees every parent before its children.
    pub parent: u32,
}

/// The regions of one scene, see the module docs.
#[derive(Clone, Debug, Default)]
pub struct SceneRegions {
    /// One per distinct region of the scene's shapes, in scene order: the table's rows.
    codes: Vec<RegionCode>,
    /// The row of each shape, in scene order.
    row_of_shape: Vec<u32>,
    /// The first shape of each row (a region drawn as several shapes is one row).
    first_shape: Vec<u32>,
    /// Each row's parent in `above`, or [`NO_PARENT`].
    parent_of_row: Vec<u32>,
    /// Every region above a row, parents first.
    above: Vec<Above>,
    /// Each row's name ([`crate::data::divisions::Divisions::name`], "?" when unknown).
    names: Vec<String>,
    /// Each row's "as of · source" cell, in both languages (see [`source_cell`]).
    sources: Vec<Option<Text>>,
}

impl SceneRegions {
    /// The regions of `scene`, named and cited from `atlas`.
    pub fn of(atlas: &Atlas, scene: &Scene) -> SceneRegions {
        let mut regions = SceneRegions::default();
        let mut row_index: FxHashMap<&RegionCode, u32> = FxHashMap::default();
        for (shape_index, shape) in scene.shapes.iter().enumerate() {
            let next = regions.codes.len() as u32;
            let row = *row_index.entry(&shape.code).or_insert_with(|| {
                regions.codes.push(shape.code.clone());
                regions.first_shape.push(shape_index as u32);
                next
            });
            regions.row_of_shape.push(row);
        }
        let mut above_index: FxHashMap<RegionCode, u32> = FxHashMap::default();
        regions.parent_of_row = regions
            .codes
            .iter()
            .map(|code| match code.parent() {
                Some(parent) => intern(&mut regions.above, &mut above_index, parent),
                None => NO_PARENT,
            })
            .collect();
        regions.names = regions
            .codes
            .iter()
            .map(|code| atlas.divisions.name(code).unwrap_or("?").to_string())
            .collect();
        let cited = newest_figures(atlas, &row_index, regions.codes.len());
        regions.sources = cited
            .into_iter()
            .map(|figure| figure.map(|index| source_cell(atlas, index)))
            .collect();
        regions
    }

    /// How many rows (distinct regions) the scene has.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether the scene has no shapes.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The region of each row, in scene order.
    pub fn codes(&self) -> &[RegionCode] {
        &self.codes
    }

    /// The row of each shape, in scene order.
    pub fn row_of_shape(&self) -> &[u32] {
        &self.row_of_shape
    }

    /// The first shape of `row`.
    pub fn first_shape(&self, row: usize) -> usize {
        self.first_shape[row] as usize
    }

    /// The parent of `row` in [`SceneRegions::above`], or [`NO_PARENT`].
    pub fn parent_of_row(&self, row: usize) -> u32 {
        self.parent_of_row[row]
    }

    /// Every region above a row, parents before their children.
    pub fn above(&self) -> &[Above] {
        &self.above
    }

    /// The name of `row`.
    pub fn name(&self, row: usize) -> &str {
        &self.names[row]
    }

    /// The "as of · source" cell of `row` in `lang`, empty when it cites no figure.
    pub fn source(&self, row: usize, lang: Lang) -> &str {
        self.sources[row].as_ref().map_or("", |text| text.get(lang))
    }
}

/// The index of `code` in `above`, added (after its own parents) when it is not there yet.
fn intern(above: &mut Vec<Above>, index: &mut FxHashMap<RegionCode, u32>, code: RegionCode) -> u32 {
    if let Some(&found) = index.get(&code) {
        return found;
    }
    // Codes have at most five levels, so this recursion is at most four deep.
    let parent = match code.parent() {
        Some(parent) => intern(above, index, parent),
        None => NO_PARENT,
    };
    let at = above.len() as u32;
    above.push(Above {
        code: code.clone(),
        parent,
    });
    index.insert(code, at);
    at
}

/// Each row's cited figure (an index into [`Atlas::figures`]) in one pass over the figures: the
/// newest that speaks of the row's region itself, undated ones last, the first in file order
/// among equals — what [`crate::style::rows::cited_figure`] picks for one region.
fn newest_figures(
    atlas: &Atlas,
    row_index: &FxHashMap<&RegionCode, u32>,
    rows: usize,
) -> Vec<Option<usize>> {
    let mut cited: Vec<Option<usize>> = vec![None; rows];
    let day_of = |index: usize| atlas.figures[index].as_of.date.map(|d| d.first_day());
    for (index, figure) in atlas.figures.iter().enumerate() {
        for region in &figure.regions {
            let Some(&row) = row_index.get(region) else {
                continue;
            };
            let slot = &mut cited[row as usize];
            if slot.is_none_or(|best| day_of(index) > day_of(best)) {
                *slot = Some(index);
            }
        }
    }
    cited
}

/// A figure's "as of · source" cell ("2023-12 · 001") in both languages.
fn source_cell(atlas: &Atlas, figure: usize) -> Text {
    let f = &atlas.figures[figure];
    Text::new(
        format!("{} · {}", f.as_of.text(Lang::Zh), f.source.id),
        format!("{} · {}", f.as_of.text(Lang::En), f.source.id),
    )
}
