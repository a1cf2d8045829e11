//! The one styling step: the atlas and a [`View`] in, a [`StyledMap`] out. Everything a view
//! shows (shape styles, bins, the whole legend, the table rows and the deadline board) comes
//! from [`style_map`]; the page, the figure export, the CLI and the benchmarks all call it, so
//! what a person sees on screen is what the press release prints.
//!
//! The work is in three parts so a front end can keep each fresh on its own schedule: the
//! scene (geometry; changes with the focus), the [`Measures`] (change with the data, the month
//! and today) and the styling itself (cheap; changes with anything).

use crate::sort;
use std::rc::Rc;

use crate::data::atlas::Atlas;
use crate::data::code::RegionCode;
use crate::date::{Day, Month};
use crate::lang::Lang;
use crate::measure::coverage::{compute_coverage, AsOfFilter, CoverageTable};
use crate::measure::progress::{deadline_board, Assessment, Deadlines};
use crate::measure::rating::{compute_ratings, RatingTable};
use crate::shape::scene::{build_scene, Scene, SchematicCache};
use crate::style::classify::{Class, MapMode, PctBins, Scheme};
use crate::style::legend::{build_legend, Legend};
use crate::style::regions::SceneRegions;
use crate::style::rows::{table_row, TableRow};
use crate::style::shapes::{bins_for_scene, style_shapes, ShapeStyle, StyleInputs};

/// What a reader chose to look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct View {
    /// The region in view (a township is shown inside its county; see
    /// [`crate::shape::scene::view_region`]).
    pub focus: RegionCode,
    /// Coverage, star rating or deadline status.
    pub mode: MapMode,
    /// How coverage percentages are binned.
    pub scheme: Scheme,
    /// Figures as of the end of this month, or the latest (undated ones included) when `None`.
    pub month: Option<Month>,
    /// The day deadlines are judged on.
    pub today: Day,
    /// The language of every label.
    pub lang: Lang,
}

/// What the data says, for one month and one "today": computed once per data change, month and
/// day, and shared by every view of them.
#[derive(Clone)]
pub struct Measures {
    /// Coverage of every region as of the month.
    pub coverage: Rc<CoverageTable>,
    /// Star ratings of every region (ratings carry no date).
    pub ratings: Rc<RatingTable>,
    /// Every region with a target, riskiest first.
    pub board: Rc<Vec<Assessment>>,
    /// The board by region: where every region stands against a deadline.
    pub deadlines: Rc<Deadlines>,
}

impl Measures {
    /// Every measure of `atlas` as of `month`, deadlines judged on `today`.
    pub fn compute(atlas: &Atlas, month: Option<Month>, today: Day) -> Measures {
        Measures::from_parts(
            Rc::new(coverage_as_of(atlas, month)),
            Rc::new(ratings_of(atlas)),
            Rc::new(deadline_board(atlas, today)),
        )
    }

    /// Measures from parts a front end keeps fresh separately (coverage per month; ratings and
    /// board per data change).
    pub fn from_parts(
        coverage: Rc<CoverageTable>,
        ratings: Rc<RatingTable>,
        board: Rc<Vec<Assessment>>,
    ) -> Measures {
        let deadlines = Rc::new(Deadlines::from_board(&board));
        Measures {
            coverage,
            ratings,
            board,
            deadlines,
        }
    }
}

/// Coverage of every region as of the end of `month` (all figures when `None`).
pub fn coverage_as_of(atlas: &Atlas, month: Option<Month>) -> CoverageTable {
    compute_coverage(
        &atlas.divisions,
        &atlas.figures,
        &atlas.stations,
        AsOfFilter::for_month(month),
    )
}

/// Star ratings of every region.
pub fn ratings_of(atlas: &Atlas) -> RatingTable {
    compute_ratings(&atlas.figures, &atlas.stations)
}

/// Everything one view shows.
pub struct StyledMap {
    /// The geometry on show.
    pub scene: Rc<Scene>,
    /// The style of each shape of `scene`, in scene order.
    pub styles: Vec<ShapeStyle>,
    /// The coverage bins in use.
    pub bins: PctBins,
    /// The whole legend.
    pub legend: Legend,
    /// The scene's regions (one table row each, in scene order), worked out once per scene:
    /// [`StyledMap::row`] builds a row when it is shown, so a restyle of 40,912 regions does not
    /// build 40,912 rows for a table that shows forty.
    pub regions: Rc<SceneRegions>,
    /// The language of the labels.
    pub lang: Lang,
    /// The measures the styles were computed from (coverage table, board).
    pub measures: Measures,
}

impl StyledMap {
    /// How many rows the table has: one per region on show.
    pub fn row_count(&self) -> usize {
        self.regions.len()
    }

    /// The region of each row, in scene order.
    pub fn row_codes(&self) -> &[RegionCode] {
        self.regions.codes()
    }

    /// The table's `row`th row (in scene order).
    pub fn row(&self, row: usize) -> TableRow {
        let style = &self.styles[self.regions.first_shape(row)];
        table_row(
            &self.regions,
            row,
            style,
            &self.measures.coverage,
            &self.bins,
            self.lang,
        )
    }

    /// Every row of the table, in scene order: the figure export's, the open data's and the
    /// baked page's table.
    pub fn rows(&self) -> Vec<TableRow> {
        (0..self.row_count()).map(|row| self.row(row)).collect()
    }

    /// The deadline board: every region with a target, riskiest first.
    pub fn board(&self) -> &[Assessment] {
        &self.measures.board
    }

    /// Class counts of the styles, `Class/r` for hatched ones, sorted: "Bin(2)/r:3,Full:1". A
    /// compact fingerprint for tests to compare views by.
    pub fn signature(&self) -> String {
        // Counted by class, then written: a key written per shape was 40,895 strings on every
        // restyle of the national layer (the page shows this in its map status).
        let mut tally: Vec<((Class, bool), usize)> = Vec::new();
        for st in &self.styles {
            let key = (st.class, st.reported_total);
            match tally.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => *n += 1,
                None => tally.push((key, 1)),
            }
        }
        let mut counts: Vec<(String, usize)> = tally
            .into_iter()
            .map(|((class, hatched), n)| {
                let key = format!("{}{}", class.key(), if hatched { "/r" } else { "" });
                (key, n)
            })
            .collect();
        sort::sort(&mut counts);
        counts
            .iter()
            .map(|(k, n)| format!("{k}:{n}"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Styles `scene` for `view` from `measures`: the one place classification is wired.
pub fn style_map(atlas: &Atlas, scene: Rc<Scene>, measures: &Measures, view: &View) -> StyledMap {
    let regions = Rc::new(SceneRegions::of(atlas, &scene));
    style_scene(scene, regions, measures, view)
}

/// [`style_map`] with the scene's regions given ([`SceneRegions::of`] `scene`, which must be of
/// this scene): a front end that restyles one scene many times (the page, on every mode switch
/// and slider step) works them out once per scene.
pub fn style_scene(
    scene: Rc<Scene>,
    regions: Rc<SceneRegions>,
    measures: &Measures,
    view: &View,
) -> StyledMap {
    let bins = bins_for_scene(&regions, &measures.coverage, view.scheme);
    let styles = style_shapes(
        &regions,
        &StyleInputs {
            mode: view.mode,
            bins,
            coverage: &measures.coverage,
            ratings: &measures.ratings,
            deadlines: &measures.deadlines,
        },
    );
    let legend = build_legend(view.mode, &bins, &scene, &styles, view.lang);
    StyledMap {
        scene,
        styles,
        bins,
        legend,
        regions,
        lang: view.lang,
        measures: measures.clone(),
    }
}

/// The whole step at once, for front ends that draw one view (the figure export, the CLI).
pub fn style_view(atlas: &Atlas, view: &View, cache: &mut SchematicCache) -> StyledMap {
    let scene = Rc::new(build_scene(atlas, &view.focus, cache));
    let measures = Measures::compute(atlas, view.month, view.today);
    style_map(atlas, scene, &measures, view)
}
