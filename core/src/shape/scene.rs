//! The renderer-neutral scene: projected shapes to fill, border lines, context, and their styles.
//! The web canvas and every exported figure draw from this, so the screen is what prints.
//!
//! Geometry and style are separate values: a change of date or mode restyles the shapes
//! (`style_shapes`) without rebuilding or re-indexing the geometry (`build_scene`).

use std::collections::HashMap;
use std::rc::Rc;

use geo::{BoundingRect, Contains, Coord, MultiPolygon, Point, Rect};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::RTree;

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::lang::Lang;
use crate::measure::coverage::{Coverage, CoverageTable, TownshipState};
use crate::measure::rating::RatingTable;
use crate::shape::projection::Albers;
use crate::shape::schematic::schematic_cells;
use crate::style::classify::{Class, MapMode, Pattern, PctBins, Rgb, Scheme};

#[derive(Clone, Debug)]
pub struct SceneShape {
    pub code: RegionCode,
    /// Albers kilometres, north up.
    pub geometry: Rc<MultiPolygon<f64>>,
    /// True for schematic township cells, which are not real borders.
    pub schematic: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BorderWeight {
    /// Borders of the regions between the focus and the filled level (e.g. counties over townships).
    Inner,
    /// The focus region's own outline.
    Focus,
}

pub type IndexEntry = GeomWithData<Rectangle<[f64; 2]>, usize>;

pub struct Scene {
    pub focus: RegionCode,
    pub fill_level: Level,
    pub shapes: Vec<SceneShape>,
    pub borders: Vec<(BorderWeight, Rc<MultiPolygon<f64>>)>,
    /// Neighbouring regions drawn in grey for orientation; not styled, not hit-tested.
    pub context: Vec<Rc<MultiPolygon<f64>>>,
    /// The box the view fits: the focus region, or all shapes for the nation.
    pub bounds: Option<Rect<f64>>,
    /// Regions at the filled level that have no geometry, with the reason.
    pub not_drawn: Vec<(RegionCode, String)>,
    index: RTree<IndexEntry>,
}

/// Schematic cells per county, computed once per county and reused across views.
#[derive(Default)]
pub struct SchematicCache {
    cells: HashMap<RegionCode, Rc<Vec<Rc<MultiPolygon<f64>>>>>,
}

impl SchematicCache {
    fn cells_for(
        &mut self,
        county: &RegionCode,
        outline_lonlat: &MultiPolygon<f64>,
        count: usize,
        projection: &Albers,
    ) -> Rc<Vec<Rc<MultiPolygon<f64>>>> {
        self.cells
            .entry(county.clone())
            .or_insert_with(|| {
                Rc::new(
                    schematic_cells(outline_lonlat, count)
                        .iter()
                        .map(|cell| Rc::new(projection.project_multipolygon(cell)))
                        .collect(),
                )
            })
            .clone()
    }
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
    let focus = focus.clone();
    let divisions = &atlas.divisions;
    let mut shapes = Vec::new();
    let mut not_drawn = Vec::new();

    if fill_level == Level::Township {
        for county in divisions.at_level(&focus, Level::County) {
            let townships: Vec<&RegionCode> = divisions.at_level(county, Level::Township).collect();
            if townships.is_empty() {
                continue;
            }
            // Official boundaries, where a user loaded them, replace the county's schematic cells;
            // its townships the file left out are listed, since cells would overlap real borders.
            if townships
                .iter()
                .any(|t| atlas.township_outline(t).is_some())
            {
                for township in townships {
                    match atlas.township_outline(township) {
                        Some(outline) => shapes.push(SceneShape {
                            code: township.clone(),
                            geometry: Rc::new(outline.clone()),
                            schematic: false,
                        }),
                        None => not_drawn.push((
                            township.clone(),
                            "not in the loaded boundary file".to_string(),
                        )),
                    }
                }
                continue;
            }
            let Some(outline) = atlas.county_outline_lonlat(county) else {
                for township in townships {
                    not_drawn.push((township.clone(), format!("county {county} has no outline")));
                }
                continue;
            };
            let cells = cache.cells_for(county, outline, townships.len(), &atlas.projection);
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
            push_outline_or_children(atlas, region, region, &mut shapes, &mut not_drawn);
        }
    }

    let mut borders = Vec::new();
    let mut level = focus.level().child();
    while let Some(l) = level.filter(|l| *l < fill_level) {
        for region in divisions.at_level(&focus, l) {
            if let Some(outline) = atlas.outline(region) {
                borders.push((BorderWeight::Inner, Rc::new(outline.clone())));
            }
        }
        level = l.child();
    }
    let focus_outline = atlas.outline(&focus).cloned().map(Rc::new);
    if let Some(outline) = &focus_outline {
        borders.push((BorderWeight::Focus, outline.clone()));
    }

    let context = match focus.parent() {
        Some(parent) => divisions
            .children(&parent)
            .filter(|sibling| **sibling != focus)
            .filter_map(|sibling| atlas.outline(sibling).cloned().map(Rc::new))
            .collect(),
        None => atlas
            .unlisted_provinces
            .iter()
            .map(|g| Rc::new(g.clone()))
            .collect(),
    };

    let bounds = focus_outline
        .as_deref()
        .and_then(BoundingRect::bounding_rect)
        .or_else(|| union_bounds(shapes.iter().map(|s| s.geometry.as_ref())));

    Scene {
        focus,
        fill_level,
        borders,
        context,
        bounds,
        not_drawn,
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
    atlas: &Atlas,
    styled_as: &RegionCode,
    region: &RegionCode,
    shapes: &mut Vec<SceneShape>,
    not_drawn: &mut Vec<(RegionCode, String)>,
) {
    if let Some(outline) = atlas.outline(region) {
        shapes.push(SceneShape {
            code: styled_as.clone(),
            geometry: Rc::new(outline.clone()),
            schematic: false,
        });
        return;
    }
    let children: Vec<&RegionCode> = atlas.divisions.children(region).collect();
    if region.level() >= Level::County || children.is_empty() {
        if atlas.divisions.township_count(region) > 0 {
            not_drawn.push((region.clone(), "no outline".to_string()));
        }
        return;
    }
    for child in children {
        push_outline_or_children(atlas, styled_as, child, shapes, not_drawn);
    }
}

/// The smallest box holding both.
pub fn rect_union(a: Rect<f64>, b: Rect<f64>) -> Rect<f64> {
    Rect::new(
        Coord {
            x: a.min().x.min(b.min().x),
            y: a.min().y.min(b.min().y),
        },
        Coord {
            x: a.max().x.max(b.max().x),
            y: a.max().y.max(b.max().y),
        },
    )
}

fn union_bounds<'a>(geometries: impl Iterator<Item = &'a MultiPolygon<f64>>) -> Option<Rect<f64>> {
    geometries
        .filter_map(BoundingRect::bounding_rect)
        .reduce(rect_union)
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

    pub fn schematic_count(&self) -> usize {
        self.shapes.iter().filter(|s| s.schematic).count()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShapeStyle {
    pub class: Class,
    pub fill: Rgb,
    pub pattern: Pattern,
    /// Drawn hatched: the figure is a regional total, not this shape's own detail.
    pub reported_total: bool,
}

/// Everything a restyle reads. Geometry is not in here: changing any of these recolours the
/// existing scene.
pub struct StyleInputs<'a> {
    pub mode: MapMode,
    pub bins: PctBins,
    pub coverage: &'a CoverageTable,
    pub ratings: &'a RatingTable,
    /// Deadline class of every region that has a target.
    pub deadlines: &'a HashMap<RegionCode, Class>,
}

/// The coverage class of a shape, and whether it stands under a regional total. A township with
/// no detail of its own, inside a region that reported only a total, takes that region's class,
/// hatched, so 101/140 is never shown as 101 specific townships.
fn coverage_class(code: &RegionCode, table: &CoverageTable, bins: &PctBins) -> (Class, bool) {
    let class_of = |c: &Coverage| match c {
        Coverage::Known { .. } => c.pct().map_or(Class::NoData, |p| bins.class_of_pct(p)),
        Coverage::Partial { .. } => Class::Partial,
        Coverage::NoData { .. } => Class::NoData,
    };
    // A township with no detail, or a region with no figure of its own, stands under the
    // nearest reported total above it (hatched): 黔西南's counties read 72%, not "no data".
    let own_unknown = match table.get(code) {
        _ if code.level() == Level::Township => table.township(code) == TownshipState::Unknown,
        Some(Coverage::NoData { .. }) | None => true,
        Some(_) => false,
    };
    if own_unknown {
        if let Some((_, reported)) = table.reported_ancestor(code) {
            return (class_of(&reported), true);
        }
    }
    match table.get(code) {
        Some(coverage) if !own_unknown => (class_of(coverage), coverage.is_reported_total()),
        _ => (Class::NoData, false),
    }
}

/// A region's own deadline status; else full coverage of its own counts as met (a complete
/// county inside an overdue prefecture has done its part); else the nearest target above, hatched.
fn deadline_class(
    code: &RegionCode,
    deadlines: &HashMap<RegionCode, Class>,
    coverage: &CoverageTable,
) -> (Class, bool) {
    if let Some(class) = deadlines.get(code) {
        return (*class, false);
    }
    let own_full = match code.level() {
        Level::Township => matches!(coverage.township(code), TownshipState::Covered { .. }),
        _ => coverage.get(code).and_then(Coverage::pct) == Some(100.0),
    };
    if own_full {
        return (Class::Met, false);
    }
    let mut up = code.parent();
    while let Some(region) = up {
        if let Some(class) = deadlines.get(&region) {
            return (*class, true);
        }
        up = region.parent();
    }
    (Class::NoTarget, false)
}

pub fn style_shapes(scene: &Scene, inputs: &StyleInputs) -> Vec<ShapeStyle> {
    scene
        .shapes
        .iter()
        .map(|shape| {
            let (class, reported_total) = match inputs.mode {
                MapMode::Coverage => coverage_class(&shape.code, inputs.coverage, &inputs.bins),
                MapMode::Rating => inputs.ratings.class_of(&shape.code),
                MapMode::Deadline => deadline_class(&shape.code, inputs.deadlines, inputs.coverage),
            };
            ShapeStyle {
                class,
                fill: class.colour(),
                pattern: class.pattern(),
                reported_total,
            }
        })
        .collect()
}

/// Bins for the coverage values on show (own figures of the shapes, not inherited totals).
pub fn bins_for_scene(scene: &Scene, table: &CoverageTable, scheme: Scheme) -> PctBins {
    let values: Vec<f64> = scene
        .shapes
        .iter()
        .filter_map(|s| table.get(&s.code).and_then(Coverage::pct))
        .collect();
    PctBins::from_values(scheme, &values)
}

/// One row of the legend.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    pub class: Class,
    pub colour: Rgb,
    pub pattern: Pattern,
    pub label: String,
    /// Shapes in the current view with this class.
    pub count: usize,
}

/// Every class of the mode, always, so the scale reads the same in every view; counts say what
/// is present.
pub fn legend(
    mode: MapMode,
    bins: &PctBins,
    styles: &[ShapeStyle],
    lang: Lang,
) -> Vec<LegendEntry> {
    mode.classes()
        .into_iter()
        .map(|class| LegendEntry {
            class,
            colour: class.colour(),
            pattern: class.pattern(),
            label: class.label(lang, bins),
            count: styles.iter().filter(|s| s.class == class).count(),
        })
        .collect()
}
