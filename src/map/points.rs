//! The station directory on the map: the stations of a county's or township's view as points
//! on a canvas of their own (over the overlay's outlines, under the tooltip), with the station
//! under the pointer found, marked and shown in a tooltip, and the station pointed at from the
//! panel's list or from search marked and announced in the map's live region.
//!
//! Which stations, where and how they look is core's (`shape::points::points_on_scene`,
//! `draw::paint::paint_points`, `style::spoken::station_line`); this file only wires them to
//! the canvas and the pointer. The directory arrives after the map, so its points are drawn
//! apart from the base canvas, and pointing at a station never repaints the fills.

use atlas_core::data::directory::DirectoryEntry;
use atlas_core::draw::paint::{paint_point_mark, paint_points, Palette, Theme, POINT_MARK};
use atlas_core::draw::svg::Fit;
use atlas_core::shape::points::{point_at, points_on_scene, StationPoint};
use atlas_core::style::spoken::station_line;
use leptos::html::Canvas;
use leptos::prelude::*;

use crate::map::canvas::{draw_layers, ScenePaths};
use crate::state::directory::{StationDirectory, StationKey};
use crate::state::view::{Shared, ViewState};

/// The stations of the view on show, and their points on its scene (same order as `points`'
/// `station` indexes).
#[derive(Default)]
pub struct Shown {
    pub stations: Vec<DirectoryEntry>,
    pub points: Vec<StationPoint>,
}

impl Shown {
    fn key(&self, point: usize) -> StationKey {
        let s = &self.stations[self.points[point].station];
        (s.township.clone(), s.row)
    }
}

/// Extra pixels around a drawn point that still hit it: a finger or a shaky hand.
const HIT_SLACK_PX: f64 = 3.0;

/// The points layer: what it shows, what the pointer is over, and the canvas it draws on.
#[derive(Clone, Copy)]
pub struct StationPoints {
    directory: Option<StationDirectory>,
    pub shown: Memo<Shared<Shown>>,
    /// The station under the pointer.
    hovered: RwSignal<Option<StationKey>>,
    canvas: NodeRef<Canvas>,
    /// Where each point was last drawn, CSS pixels, for tests: "x,y;x,y".
    drawn_px: RwSignal<String>,
}

impl StationPoints {
    pub fn new(state: ViewState) -> StationPoints {
        let directory = use_context::<StationDirectory>();
        let shown = Memo::new(move |_| {
            let shown = directory.map(|d| {
                state.scene.with(|s| {
                    let stations = d.shown_in(&s.scene);
                    let points = points_on_scene(&s.scene, &stations);
                    Shown { stations, points }
                })
            });
            Shared::new(shown.unwrap_or_default())
        });
        StationPoints {
            directory,
            shown,
            hovered: RwSignal::new(None),
            canvas: NodeRef::new(),
            drawn_px: RwSignal::new(String::new()),
        }
    }

    /// The point under a pixel of the map drawn with `view`.
    fn hit(self, view: &Fit, x_px: f64, y_px: f64) -> Option<StationKey> {
        let (x_km, y_km) = view.to_km(x_px, y_px);
        let look = Palette::of(Theme::Page).points;
        let reach_km = (look.radius_px + look.halo_px + HIT_SLACK_PX) / view.px_per_km;
        self.shown.with_untracked(|shown| {
            point_at(&shown.points, x_km, y_km, reach_km).map(|i| shown.key(i))
        })
    }

    /// Hovers the station under the pointer; true when there is one (the region's tooltip
    /// then gives way to the station's).
    pub fn hover_at(self, view: Option<Fit>, x_px: f64, y_px: f64) -> bool {
        let hit = view.and_then(|v| self.hit(&v, x_px, y_px));
        if self.hovered.get_untracked() != hit {
            self.hovered.set(hit.clone());
        }
        hit.is_some()
    }

    /// A click on a station selects its township and points at the station in the panel;
    /// true when the click was on one.
    pub fn click_at(self, state: ViewState, view: Option<Fit>, x_px: f64, y_px: f64) -> bool {
        let Some(key) = view.and_then(|v| self.hit(&v, x_px, y_px)) else {
            return false;
        };
        state.selected.set(Some(key.0.clone()));
        if let Some(d) = self.directory {
            d.pointed.set(Some(key));
        }
        true
    }

    pub fn leave(self) {
        self.hovered.set(None);
    }

    /// The station the map marks: the hovered one, else the one pointed at.
    fn marked(self) -> Option<StationKey> {
        let pointed = self.directory.and_then(|d| d.pointed.get());
        self.hovered.get().or(pointed)
    }
}

/// Redraws the points after every drawing of the map (`drawn` wakes it, and a gesture's
/// preview too), and whenever the stations or the marked one change.
pub fn draw_points(
    state: ViewState,
    points: StationPoints,
    transform: StoredValue<Option<Fit>>,
    drawn: RwSignal<(usize, usize)>,
    size: RwSignal<(f64, f64)>,
    paths: Memo<Shared<ScenePaths>>,
) {
    Effect::new(move |_| {
        let _ = drawn.get();
        let marked = points.marked();
        let dark = state.present.get();
        let Some(canvas) = points.canvas.get() else {
            return;
        };
        crate::map::view::size_canvas(&canvas, size.get_untracked());
        let Some(view) = transform.get_value() else {
            return;
        };
        let palette = Palette::of(if dark { Theme::Dark } else { Theme::Page });
        let shown = points.shown.get();
        let mut layers: Vec<_> = paint_points(&shown.points, &palette).into_iter().collect();
        let mark = (0..shown.points.len()).find(|&i| Some(shown.key(i)) == marked);
        layers.extend(mark.map(|i| paint_point_mark(&shown.points[i])));
        let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
        draw_layers(&canvas, &paths.get_untracked(), &layers, &view, dpr);
        let px: Vec<String> = (shown.points.iter())
            .map(|p| {
                let (x, y) = view.px(p.x_km, p.y_km);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        points.drawn_px.set(px.join(";"));
    });
}

/// Announces the station pointed at from the panel or search in the map's live region. A
/// station picked in search before its province's file is read is announced when it arrives:
/// the effect keeps the station it last announced, and none until it could.
pub fn announce_pointed(state: ViewState, points: StationPoints, announce: RwSignal<String>) {
    Effect::new(move |last: Option<Option<StationKey>>| {
        let pointed = points.directory.and_then(|d| d.pointed.get());
        let lang = state.lang.get();
        let station = pointed
            .as_ref()
            .and_then(|k| points.directory?.station_tracked(k));
        let station = station?;
        if pointed != last.flatten() {
            let line = state
                .atlas
                .with_untracked(|a| station_line(a, &station, lang));
            announce.set(line);
        }
        pointed
    });
}

/// The points' canvas, with what tests read: the points' positions and core's colours.
#[component]
pub fn PointsCanvas(state: ViewState, points: StationPoints) -> impl IntoView {
    let palette = move || Palette::of(state.theme());
    view! {
        <canvas class="map-points" data-testid="map-points" node_ref=points.canvas aria-hidden="true"
            data-count=move || points.shown.with(|s| s.points.len()).to_string()
            data-points=move || points.drawn_px.get()
            data-fill=move || palette().points.fill.css()
            data-mark-fill=POINT_MARK.fill.css()></canvas>
    }
}

/// The hovered station's name, address and phones beside the pointer, kept inside the frame.
#[component]
pub fn StationTooltip(
    state: ViewState,
    points: StationPoints,
    pointer: RwSignal<(f64, f64)>,
    size: RwSignal<(f64, f64)>,
) -> impl IntoView {
    move || {
        let key = points.hovered.get()?;
        let station = points.directory?.station(&key)?;
        let (x, y) = pointer.get();
        let (w, h) = size.get_untracked();
        let left = if x > w - 300.0 {
            (x - 290.0).max(0.0)
        } else {
            x + 14.0
        };
        let top = if y > h - 140.0 {
            (y - 130.0).max(0.0)
        } else {
            y + 14.0
        };
        let phones = station
            .phones
            .iter()
            .map(|p| p.shown.clone())
            .collect::<Vec<_>>()
            .join(", ");
        let line = |label: &'static str, text: String| {
            (!text.is_empty()).then(|| view! { <p><span class="label">{label}</span>{text}</p> })
        };
        Some(view! {
            <div class="tooltip station-tooltip" data-testid="station-tooltip"
                style=format!("left:{left}px;top:{top}px")>
                <strong>{station.name.clone()}</strong>
                {line(state.pick("地址：", "Address: "), station.address.clone())}
                {line(state.pick("电话：", "Phone: "), phones)}
                <p class="hint">{state.pick("点击查看站点详情", "Click for the station's details")}</p>
            </div>
        })
    }
}
