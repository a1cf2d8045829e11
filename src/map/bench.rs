//! In-browser figures for the benchmark script (`?bench=national`): time to build, style, draw and
//! restyle the default scene and a national layer of every township, measured in the page with
//! `performance.now()` and published as JSON on `[data-testid=bench]`. Nothing here asserts.
//! The townships' schematic cells come from the published chunks, all fetched before this runs
//! (`src/loading/chunks.rs`): "build" is the scene from cells already read, as for a visitor.
//! Built only with the page's `bench` feature (`cargo xtask bench-build`), so the shipped page
//! carries none of it.

use std::rc::Rc;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::{Level, RegionCode};
use atlas_core::draw::paint::Theme;
use atlas_core::lang::Lang;
use atlas_core::measure::progress::deadline_board;
use atlas_core::shape::scene::{build_scene, build_scene_filled_at, Scene, SchematicCache};
use atlas_core::style::classify::{MapMode, Scheme};
use atlas_core::style::view::{coverage_as_of, ratings_of, style_map, Measures, View};
use leptos::html::Canvas;
use leptos::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::map::canvas::{draw_scene, ScenePaths};
use crate::state::view::ViewState;

/// Under `?bench=national`: measures once after the first draw (`first_draw_ms`), when the full
/// atlas and every province's chunk are in, and publishes the figures in the returned signal.
pub fn after_first_draw(
    state: ViewState,
    first_draw_ms: RwSignal<Option<f64>>,
    base: NodeRef<Canvas>,
    size_px: RwSignal<(f64, f64)>,
) -> RwSignal<Option<String>> {
    let result = RwSignal::new(None::<String>);
    if !state.switches.bench_national {
        return result;
    }
    Effect::new(move |_| {
        if first_draw_ms.get().is_none() || result.get_untracked().is_some() {
            return;
        }
        // The national layer is drawn from every province's published cells: wait for them
        // all (the chunks are requested together, so none pending after one loaded is all).
        let chunks_in = state.townships_loaded.with(|l| !l.is_empty())
            && state.townships_pending.with(|p| p.is_empty());
        if !state.complete.get() || !chunks_in {
            return;
        }
        let Some(canvas) = base.get_untracked() else {
            return;
        };
        let (w, h) = size_px.get_untracked();
        let figures = state.atlas.with_untracked(|a| run(a, &canvas, w, h));
        result.set(Some(figures));
    });
    result
}

pub use coverage_atlas::now_ms;

fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = now_ms();
    let value = f();
    (value, now_ms() - start)
}

pub fn run(atlas: &Atlas, canvas: &HtmlCanvasElement, width: f64, height: f64) -> String {
    let dpr = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0);
    let (coverage, coverage_ms) = timed(|| coverage_as_of(atlas, None));
    let today = crate::state::url::today();
    let measures = Measures::from_parts(
        Rc::new(coverage),
        Rc::new(ratings_of(atlas)),
        Rc::new(deadline_board(atlas, today)),
    );
    // The page's own styling step, legend and table rows included.
    let style = |scene: &Rc<Scene>, mode: MapMode| {
        let view = View {
            focus: scene.focus.clone(),
            mode,
            scheme: Scheme::Fixed,
            month: None,
            today,
            lang: Lang::Zh,
        };
        style_map(atlas, scene.clone(), &measures, &view).styles
    };
    let draw =
        |scene: &Scene, paths: &ScenePaths, styles: &[atlas_core::style::shapes::ShapeStyle]| {
            let bounds = scene.bounds.expect("scene has bounds");
            let view = crate::map::canvas::fit_canvas(bounds, width, height, 16.0);
            draw_scene(canvas, scene, paths, styles, &view, dpr, Theme::Page)
        };
    let mut figures: Vec<(String, f64)> = vec![("coverage_table_ms".into(), coverage_ms)];
    let mut run_scene = |label: &str, scene: Scene, build_ms: f64| {
        let scene = Rc::new(scene);
        let (paths, paths_ms) = timed(|| ScenePaths::new(&scene));
        let (styles, style_ms) = timed(|| style(&scene, MapMode::Coverage));
        let (_, draw_ms) = timed(|| draw(&scene, &paths, &styles));
        let (restyled, restyle_ms) = timed(|| style(&scene, MapMode::Rating));
        let (_, redraw_ms) = timed(|| draw(&scene, &paths, &restyled));
        let bounds = scene.bounds.expect("scene has bounds");
        let probes = 10_000;
        let (hits, hit_ms) = timed(|| {
            (0..probes)
                .filter(|i| {
                    // A fixed low-discrepancy sequence: the same probe points every run.
                    let u = (f64::from(*i) * 0.754_877_666).fract();
                    let v = (f64::from(*i) * 0.569_840_291).fract();
                    let x = bounds.min().x + u * bounds.width();
                    let y = bounds.min().y + v * bounds.height();
                    scene.hit(x, y).is_some()
                })
                .count()
        });
        figures.push((format!("{label}_shapes"), scene.shapes.len() as f64));
        figures.push((format!("{label}_build_ms"), build_ms));
        figures.push((format!("{label}_paths_ms"), paths_ms));
        figures.push((
            format!("{label}_first_draw_ms"),
            build_ms + paths_ms + style_ms + draw_ms,
        ));
        figures.push((format!("{label}_style_ms"), style_ms));
        figures.push((format!("{label}_draw_ms"), draw_ms));
        figures.push((format!("{label}_recolour_ms"), restyle_ms + redraw_ms));
        figures.push((
            format!("{label}_hit_us_per_query"),
            hit_ms * 1000.0 / f64::from(probes),
        ));
        figures.push((
            format!("{label}_hit_share"),
            hits as f64 / f64::from(probes),
        ));
    };
    let mut cache = SchematicCache::default();
    let nation = RegionCode::nation();
    let (scene, ms) = timed(|| build_scene(atlas, &nation, &mut cache));
    run_scene("default_country", scene, ms);
    let qxn = RegionCode::parse("5223").expect("code");
    let (scene, ms) = timed(|| build_scene(atlas, &qxn, &mut cache));
    run_scene("default_5223", scene, ms);
    let (scene, ms) = timed(|| build_scene_filled_at(atlas, &nation, Level::Township, &mut cache));
    run_scene("national_townships", scene, ms);
    let body: Vec<String> = figures
        .iter()
        .map(|(k, v)| format!("\"{k}\":{v:.3}"))
        .collect();
    format!("{{{}}}", body.join(","))
}
