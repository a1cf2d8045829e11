//! The renderer-neutral scene: projected shapes to fill, border lines, context, and their styles.
//! The web canvas and every exported figure draw from this, so the screen is what prints.
//!
//! Geometry and style are separate values: a change of date or mode restyles the shapes
//! ([`crate::style::view::style_map`]) without rebuilding or re-indexing the geometry
//! ([`build_scene`]).
//!
//! Every shape comes from the atlas's [`ShapeStore`] as the store's own `Arc`: building a scene
//! copies pointers, never a polygon, so all scenes of all views share one allocation per shape.

use std::collections::HashMap;
use std::sync::Arc;

use geo::{BoundingRect, Contains, Point, Rect};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::RTree;

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::data::divisions::Divisions;
use crate::data::shapes::{Detail, ShapeStore};
use crate::geom::union_bounds;
use crate::lang::Lang;
use crate::projection::Albers;
use crate::projection::Km;
#[cfg(feature = "schematic")]
use crate::projection::LonLat;
#[cfg(feature = "schematic")]
use crate::shape::schematic::schematic_cells;

/// One filled, styled and hit-tested shape of a scene.
#[derive(Clone, Debug)]
pub struct SceneShape {
    /// The region the shape is styled and selected as. Several shapes can share a code: a
    /// region without an outline of its own is drawn as its children's outlines.
    pub code: RegionCode,
    /// Albers kilometres, north up: the store's shape itself.
    pub geometry: Arc<Km>,
    /// True for schematic township cells, which are not real borders.
    pub schematic: bool,
}

/// How heavily a border line is drawn over the fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BorderWeight {
    /// Borders of the regions between the focus and the filled level (e.g. counties over townships).
    Inner,
    /// The focus region's own outline.
    Focus,
}

/// An R-tree entry: a shape's bounding box (Albers km) and its index in [`Scene::shapes`].
pub type IndexEntry = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// The geometry of one view: what to fill, what to stroke, what to grey out, and what could not
/// be drawn. Built by [`build_scene`]; styled separately, so it is reused across restyles.
pub struct Scene {
    /// The region in view. [`build_scene`] never makes it a township: [`view_region`] shows a
    /// township inside its county.
    pub focus: RegionCode,
    /// The level of the filled shapes (see [`fill_level_for`]).
    pub fill_level: Level,
    /// The filled shapes, in registry code order; styles and hit indexes refer to this order.
    pub shapes: Vec<SceneShape>,
    /// Outlines to stroke over the fills: the levels between focus and fill, then the focus.
    pub borders: Vec<(BorderWeight, Arc<Km>)>,
    /// Neighbouring regions drawn in grey for orientation; not styled, not hit-tested.
    pub context: Vec<Arc<Km>>,
    /// The box the view fits: the focus region, or all shapes for the nation.
    pub bounds: Option<Rect<f64>>,
    /// Regions at the filled level that have no geometry, with the reason.
    pub not_drawn: Vec<(RegionCode, NotDrawn)>,
    /// The projection every shape of the scene went through (the store's): what puts a
    /// longitude/latitude point, such as a station's, on the scene (`shape::points`).
    pub projection: Albers,
    index: RTree<IndexEntry>,
}

/// Why a region of the filled level has no shape in the scene.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum NotDrawn {
    /// The user loaded official boundaries for its county, and this township is not in the file
    /// (schematic cells would overlap the real borders).
    NotInBoundaryFile,
    /// Its county has no outline to cut schematic cells from.
    CountyHasNoOutline(RegionCode),
    /// Its county's schematic cells, made when the data was published, have not been read (yet:
    /// the page fetches a province's chunk when the view first needs it).
    CellsNotLoaded(RegionCode),
    /// The region itself has no outline, and no children to draw instead.
    NoOutline,
}

impl NotDrawn {
    /// The reason in words, for the legend and reports.
    pub fn label(&self, lang: Lang) -> String {
        match (self, lang) {
            (NotDrawn::NotInBoundaryFile, Lang::Zh) => "不在载入的边界文件中".to_string(),
            (NotDrawn::NotInBoundaryFile, Lang::En) => {
                "not in the loaded boundary file".to_string()
            }
            (NotDrawn::CountyHasNoOutline(c), Lang::Zh) => format!("所属县 {c} 无边界"),
            (NotDrawn::CountyHasNoOutline(c), Lang::En) => format!("county {c} has no outline"),
            (NotDrawn::CellsNotLoaded(c), Lang::Zh) => format!("所属县 {c} 的乡镇图形尚未载入"),
            (NotDrawn::CellsNotLoaded(c), Lang::En) => {
                format!("the township shapes of county {c} are not loaded")
            }
            (NotDrawn::NoOutline, Lang::Zh) => "无边界".to_string(),
            (NotDrawn::NoOutline, Lang::En) => "no outline".to_string(),
        }
    }
}

/// Schematic cells computed on the fly (with the `schematic` feature, as in the CLI on source
/// data, tests and benchmarks), by county, kept across views. Cells published with the data come
/// straight from the atlas's store and are never held here. Without the feature, as in the page,
/// a county whose cells are not loaded gets none.
#[derive(Default)]
pub struct SchematicCache {
    /// Computed cells by county.
    cells: HashMap<RegionCode, CountyCells>,
}

/// The cells of one county, projected, one per township in the registry's order.
type CountyCells = Arc<Vec<Arc<Km>>>;

impl SchematicCache {
    /// The county's cells: published ones first, else computed once and kept.
    fn cells_for(
        &mut self,
        store: &ShapeStore,
        county: &RegionCode,
        count: usize,
    ) -> Option<CountyCells> {
        if let Some(published) = store.schematic_cells(county) {
            return Some(published.clone());
        }
        if let Some(cells) = self.cells.get(county) {
            return Some(cells.clone());
        }
        let cells = Arc::new(computed(store, county, count)?);
        self.cells.insert(county.clone(), cells.clone());
        Some(cells)
    }
}

#[cfg(feature = "schematic")]
fn computed(store: &ShapeStore, county: &RegionCode, count: usize) -> Option<Vec<Arc<Km>>> {
    let outline = store.county_outline_lonlat(county)?;
    let projection: &Albers = store.projection();
    let cells = schematic_cells(outline, count);
    Some(
        (cells.iter())
            .map(|cell| Arc::new(projection.project_shape(LonLat(cell))))
            .collect(),
    )
}

#[cfg(not(feature = "schematic"))]
fn computed(_store: &ShapeStore, _county: &RegionCode, _count: usize) -> Option<Vec<Arc<Km>>> {
    None
}

/// Which level is filled when looking at `focus`: one level of detail below the focus, except
/// that a prefecture already shows its townships (a county alone holds too few for context).
pub fn fill_level_for(focus: Level) -> Level {
    match focus {
        Level::Nation => Level::Prefecture,
        Level::Province => Level::County,
        Level::Prefecture | Level::County | Level::Township => Level::Township,
    }
}

/// The region whose view shows `code`: a township is shown inside its county.
pub fn view_region(code: &RegionCode) -> RegionCode {
    match code.level() {
        Level::Township => code.parent().expect("township has a county"),
        _ => code.clone(),
    }
}

/// The scene of a view of `focus` (a township opens its county's view), filled at the level
/// [`fill_level_for`] picks. Townships take official boundaries where loaded, schematic cells
/// cut from their county otherwise; regions that get neither are listed in
/// [`Scene::not_drawn`].
pub fn build_scene(atlas: &Atlas, focus: &RegionCode, cache: &mut SchematicCache) -> Scene {
    let focus = view_region(focus);
    let fill_level = fill_level_for(focus.level());
    build_scene_filled_at(atlas, &focus, fill_level, cache)
}

/// A scene of `focus` filled at any level: the national layer of all 41,352 township cells, for
/// benchmarks and exports that ask for it, comes from here.
pub fn build_scene_filled_at(
    atlas: &Atlas,
    focus: &RegionCode,
    fill_level: Level,
    cache: &mut SchematicCache,
) -> Scene {
    build_scene_of(&atlas.divisions, atlas.shapes(), focus, fill_level, cache)
}

/// [`build_scene_filled_at`] from its two inputs: the registry says which regions a view holds,
/// the store gives their shapes.
pub fn build_scene_of(
    divisions: &Divisions,
    store: &ShapeStore,
    focus: &RegionCode,
    fill_level: Level,
    cache: &mut SchematicCache,
) -> Scene {
    let focus = focus.clone();
    let mut shapes = Vec::new();
    let mut not_drawn = Vec::new();

    if fill_level == Level::Township {
        let detail = Detail::for_focus(focus.level());
        for county in divisions.at_level(&focus, Level::County) {
            let townships: Vec<&RegionCode> = divisions.at_level(county, Level::Township).collect();
            if townships.is_empty() {
                continue;
            }
            // Official boundaries, where loaded, replace the county's schematic cells; the
            // townships a publication's file left out take the cells published for the rest of
            // the county, and those of the user's own file are listed, since the county's own
            // cells would overlap real borders.
            if townships
                .iter()
                .any(|t| store.township(t, detail).is_some())
            {
                for township in townships {
                    let official = store.township(township, detail).map(|s| (s, false));
                    let shape = official.or_else(|| {
                        (store.partial_cell(township, detail)).map(|cell| (cell, true))
                    });
                    match shape {
                        Some((geometry, schematic)) => shapes.push(SceneShape {
                            code: township.clone(),
                            geometry: geometry.clone(),
                            schematic,
                        }),
                        None => not_drawn.push((township.clone(), NotDrawn::NotInBoundaryFile)),
                    }
                }
                continue;
            }
            if store.county_outline_lonlat(county).is_none() {
                for township in townships {
                    not_drawn.push((
                        township.clone(),
                        NotDrawn::CountyHasNoOutline(county.clone()),
                    ));
                }
                continue;
            }
            let Some(cells) = cache.cells_for(store, county, townships.len()) else {
                for township in townships {
                    not_drawn.push((township.clone(), NotDrawn::CellsNotLoaded(county.clone())));
                }
                continue;
            };
            for (township, cell) in townships.into_iter().zip(cells.iter()) {
                shapes.push(SceneShape {
                    code: township.clone(),
                    geometry: cell.clone(),
                    schematic: true,
                });
            }
        }
    } else {
        for region in divisions.at_level(&focus, fill_level) {
            push_outline_or_children(
                divisions,
                store,
                region,
                region,
                &mut shapes,
                &mut not_drawn,
            );
        }
    }

    let mut borders = Vec::new();
    let mut level = focus.level().child();
    while let Some(l) = level.filter(|l| *l < fill_level) {
        for region in divisions.at_level(&focus, l) {
            if let Some(outline) = store.outline(region) {
                borders.push((BorderWeight::Inner, outline.clone()));
            }
        }
        level = l.child();
    }
    let focus_outline = store.outline(&focus).cloned();
    if let Some(outline) = &focus_outline {
        borders.push((BorderWeight::Focus, outline.clone()));
    }

    let context = match focus.parent() {
        Some(parent) => divisions
            .children(&parent)
            .filter(|sibling| **sibling != focus)
            .filter_map(|sibling| store.outline(sibling).cloned())
            .collect(),
        None => store.unlisted_provinces().to_vec(),
    };

    // The country has no outline of its own: its shapes give the frame, or, when none is
    // drawn yet (the country filled with townships whose files are still on their way), the
    // borders it does show.
    let bounds = focus_outline
        .as_deref()
        .and_then(|km| km.bounding_rect())
        .or_else(|| union_bounds(shapes.iter().map(|s| s.geometry.polygons())))
        .or_else(|| union_bounds(borders.iter().map(|(_, g)| g.polygons())));

    Scene {
        focus,
        fill_level,
        borders,
        context,
        bounds,
        not_drawn,
        projection: *store.projection(),
        index: index_shapes(&shapes),
        shapes,
    }
}

/// The R-tree of shape bounding boxes that `Scene::hit` searches.
pub fn index_shapes(shapes: &[SceneShape]) -> RTree<IndexEntry> {
    let entries = shapes
        .iter()
        .enumerate()
        .filter_map(|(i, shape)| {
            shape.geometry.bounding_rect().map(|r| {
                GeomWithData::new(
                    Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                    i,
                )
            })
        })
        .collect();
    RTree::bulk_load(entries)
}

/// Some regions (municipal 市辖区 groupings, province-administered counties) have no outline of
/// their own at this level: draw their children's outlines under the region's code instead.
fn push_outline_or_children(
    divisions: &Divisions,
    store: &ShapeStore,
    styled_as: &RegionCode,
    region: &RegionCode,
    shapes: &mut Vec<SceneShape>,
    not_drawn: &mut Vec<(RegionCode, NotDrawn)>,
) {
    if let Some(outline) = store.outline(region) {
        shapes.push(SceneShape {
            code: styled_as.clone(),
            geometry: outline.clone(),
            schematic: false,
        });
        return;
    }
    let children: Vec<&RegionCode> = divisions.children(region).collect();
    if region.level() >= Level::County || children.is_empty() {
        if divisions.township_count(region) > 0 {
            not_drawn.push((region.clone(), NotDrawn::NoOutline));
        }
        return;
    }
    for child in children {
        push_outline_or_children(divisions, store, styled_as, child, shapes, not_drawn);
    }
}

impl Scene {
    /// The shape under a point (Albers km) through the R-tree, then an exact point-in-polygon
    /// test on the few candidates whose boxes contain it.
    pub fn hit(&self, x_km: f64, y_km: f64) -> Option<usize> {
        let point = Point::new(x_km, y_km);
        self.index
            .locate_all_at_point(&[x_km, y_km])
            .map(|entry| entry.data)
            .filter(|&i| self.shapes[i].geometry.contains(&point))
            .min()
    }

    /// Indexes of every shape drawn as `code`, in scene order: none when it is not on show, one
    /// usually, several when the region is drawn as its children's outlines. For highlighting a
    /// selection.
    pub fn shape_indexes_for<'a>(
        &'a self,
        code: &'a RegionCode,
    ) -> impl Iterator<Item = usize> + 'a {
        self.shapes
            .iter()
            .enumerate()
            .filter(move |(_, s)| &s.code == code)
            .map(|(i, _)| i)
    }

    /// How many shapes are schematic cells rather than real borders; the legend shows the
    /// "schematic" key only when this is above zero.
    pub fn schematic_count(&self) -> usize {
        self.shapes.iter().filter(|s| s.schematic).count()
    }
}
