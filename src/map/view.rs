//! The map on screen: two canvases (the styled scene, and an overlay with the hover and
//! selection outlines), sized by a resize observer on their frame; the effects that draw them;
//! hit-testing with the pointer and keyboard handlers; the tooltip; and the hidden
//! `map-status` element that tests and benchmarks read.

use atlas_core::data::code::{Level, RegionCode};
use atlas_core::draw::paint::{Marks, Theme};
use leptos::html::{Canvas, Section};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use crate::map::access::{on_wheel, Access, MapWords, SceneBound, Zoom, ZoomButtons};
use crate::map::canvas::{draw_highlight, draw_scene, ScenePaths, ViewTransform};
use crate::map::points::{
    announce_pointed, draw_points, PointsCanvas, StationPoints, StationTooltip,
};
use crate::map::preview::Preview;
use crate::panels::region::{summary_of, RegionCard};
use crate::state::view::{Shared, Styled, ViewState};

/// The canvases and what drawing them left behind.
#[derive(Clone, Copy)]
struct MapCanvas {
    base: NodeRef<Canvas>,
    overlay: NodeRef<Canvas>,
    /// CSS pixels of the frame.
    size: RwSignal<(f64, f64)>,
    /// Kilometres to pixels, as on screen (drawn, or moved by a gesture's preview).
    transform: StoredValue<Option<ViewTransform>>,
    /// Kilometres to pixels of the fitted map, as last drawn.
    fitted: StoredValue<Option<ViewTransform>>,
    /// The zoom the base canvas is drawn at: the reader's zoom, once a gesture rests.
    drawn_zoom: RwSignal<Zoom>,
    preview: Preview,
    /// Shapes and schematic townships drawn.
    drawn: RwSignal<(usize, usize)>,
    /// How many styled maps have been drawn.
    restyles: RwSignal<u32>,
    first_draw_ms: RwSignal<Option<f64>>,
    /// The shape under the pointer, with its code: a new scene with another shape at that
    /// index is not hovered.
    hovered: RwSignal<Option<(usize, RegionCode)>>,
    pointer: RwSignal<(f64, f64)>,
    /// The scene's canvas paths, built once per scene (never on a restyle): the canvas's own
    /// cache, so the view state knows nothing of canvas paths.
    paths: Memo<Shared<ScenePaths>>,
}

impl MapCanvas {
    fn new(state: ViewState) -> MapCanvas {
        MapCanvas {
            base: NodeRef::new(),
            overlay: NodeRef::new(),
            size: RwSignal::new((0.0, 0.0)),
            transform: StoredValue::new(None),
            fitted: StoredValue::new(None),
            drawn_zoom: RwSignal::new(Zoom::FITTED),
            preview: Preview::new(),
            drawn: RwSignal::new((0, 0)),
            restyles: RwSignal::new(0),
            first_draw_ms: RwSignal::new(None),
            hovered: RwSignal::new(None),
            pointer: RwSignal::new((0.0, 0.0)),
            paths: Memo::new(move |_| state.scene.with(|s| Shared::new(ScenePaths::new(&s.scene)))),
        }
    }

    /// The hovered shape of the scene on show.
    fn hovered_index(self, state: ViewState) -> Option<usize> {
        let (index, code) = self.hovered.get()?;
        let same = state.scene.with(|s| {
            s.scene
                .shapes
                .get(index)
                .is_some_and(|shape| shape.code == code)
        });
        same.then_some(index)
    }

    /// The shape at a point of the canvas, with its code.
    fn hit_at(self, state: ViewState, x_px: f64, y_px: f64) -> Option<(usize, RegionCode)> {
        let (x_km, y_km) = self.transform.get_value()?.to_km(x_px, y_px);
        state.scene.with_untracked(|s| {
            let index = s.scene.hit(x_km, y_km)?;
            Some((index, s.scene.shapes[index].code.clone()))
        })
    }
}

fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
}

/// Sizes the canvas's bitmap to `(w, h)` CSS pixels; left alone at its size, since setting it
/// allocates the bitmap again (the drawing replaces every pixel in any case).
pub(crate) fn size_canvas(canvas: &HtmlCanvasElement, (w, h): (f64, f64)) {
    let ratio = device_pixel_ratio();
    let (width, height) = ((w * ratio).round() as u32, (h * ratio).round() as u32);
    if canvas.width() != width {
        canvas.set_width(width);
    }
    if canvas.height() != height {
        canvas.set_height(height);
    }
}

/// The frame's size follows the layout, not only the window (panels and fonts move it), so
/// watch the element itself; a stale size would stretch the map and misplace hit-tests.
fn watch_size(frame: NodeRef<Section>, size: RwSignal<(f64, f64)>) {
    let measure = move || {
        if let Some(el) = frame.get_untracked() {
            let rect = el.get_bounding_client_rect();
            let now = (rect.width(), rect.height());
            if size.get_untracked() != now {
                size.set(now);
            }
        }
    };
    Effect::new(move |_| {
        let Some(el) = frame.get() else { return };
        measure();
        let on_resize = Closure::<dyn Fn()>::new(measure);
        if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            observer.observe(&el);
        }
        on_resize.forget();
    });
}

/// Draws `styled` on the base canvas at `size`, zoomed; `None` when there is nothing to draw yet.
fn paint(map: MapCanvas, styled: &Styled, size: (f64, f64), dark: bool, zoom: Zoom) -> Option<()> {
    let canvas = map.base.get_untracked()?;
    if size.0 < 10.0 || size.1 < 10.0 {
        return None;
    }
    size_canvas(&canvas, size);
    let scene = &styled.map.scene;
    let fitted = crate::map::canvas::fit_canvas(scene.bounds?, size.0, size.1, 16.0);
    let transform = fitted.zoomed(zoom.scale, zoom.shift_x_px, zoom.shift_y_px);
    map.fitted.set_value(Some(fitted));
    map.transform.set_value(Some(transform));
    let theme = if dark { Theme::Dark } else { Theme::Page };
    let (styles, dpr) = (&styled.map.styles, device_pixel_ratio());
    let counts = draw_scene(
        &canvas,
        scene,
        &map.paths.get(),
        styles,
        &transform,
        dpr,
        theme,
    );
    map.drawn.set((counts.shapes, counts.townships));
    map.preview.drawn(zoom);
    Some(())
}

/// The base canvas follows the reader's zoom: at once after a button, a key or a new view; after
/// a wheel or a drag, its last drawing is moved at once and the map drawn again when the gesture
/// rests (`map_preview`).
fn follow_zoom(map: MapCanvas, access: Access) {
    Effect::new(move |_| {
        let zoom = access.zoom.get();
        let gesture = map.preview.gesture.get_value();
        map.preview.gesture.set_value(false);
        if gesture && preview(map, zoom).is_some() {
            map.preview
                .settle_then(move || map.drawn_zoom.set(access.zoom.get_untracked()));
            return;
        }
        map.preview.cancel();
        if map.drawn_zoom.get_untracked() != zoom {
            map.drawn_zoom.set(zoom);
        }
    });
}

/// The last drawing moved to `zoom`, hit-testing and outlines with it.
fn preview(map: MapCanvas, zoom: Zoom) -> Option<()> {
    let canvas = map.base.get_untracked()?;
    let fitted = map.fitted.get_value()?;
    map.preview.show(&canvas, zoom, device_pixel_ratio())?;
    let moved = fitted.zoomed(zoom.scale, zoom.shift_x_px, zoom.shift_y_px);
    map.transform.set_value(Some(moved));
    // The overlay redraws its outlines on the moved transform.
    map.drawn.update(|_| {});
    Some(())
}

/// Runs a wheel or pointer handler that may change the zoom, marking a change it makes as a
/// gesture's.
fn as_gesture(map: MapCanvas, zoom: SceneBound<Zoom>, handle: impl FnOnce()) {
    let before = zoom.get_untracked();
    map.preview.gesture.set_value(true);
    handle();
    if zoom.get_untracked() == before {
        map.preview.gesture.set_value(false);
    }
}

/// Base layer: redrawn when the styled map, the size or the theme changes. Each styled map
/// drawn counts as a restyle.
fn draw_base(state: ViewState, map: MapCanvas) {
    Effect::new(move |last: Option<Option<Shared<Styled>>>| {
        let last = last.flatten();
        let styled = state.styled.get();
        let (size, dark) = (map.size.get(), state.present.get());
        let _ = map.base.get();
        if paint(map, &styled, size, dark, map.drawn_zoom.get()).is_none() {
            return last;
        }
        if last.as_ref() != Some(&styled) {
            map.restyles.update(|n| *n += 1);
        }
        if map.first_draw_ms.get_untracked().is_none() {
            let now = web_sys::window()
                .and_then(|w| w.performance())
                .map(|p| p.now());
            map.first_draw_ms.set(now);
            crate::state::baked::take_over();
        }
        Some(styled)
    });
}

/// Overlay: the hover, selection and keyboard outlines only, redrawn after every base draw.
fn draw_overlay(state: ViewState, map: MapCanvas, access: Access) {
    Effect::new(move |_| {
        let hovered = map.hovered_index(state);
        let pointed = access.pointed_indexes(state);
        let selected = state.selected.get();
        let _ = map.drawn.get();
        let Some(canvas) = map.overlay.get() else {
            return;
        };
        size_canvas(&canvas, map.size.get_untracked());
        let Some(transform) = map.transform.get_value() else {
            return;
        };
        let paths = map.paths.get_untracked();
        state.styled.with_untracked(|s| {
            let selected: Vec<usize> = match &selected {
                Some(code) => s.map.scene.shape_indexes_for(code).collect(),
                None => Vec::new(),
            };
            let dpr = device_pixel_ratio();
            let marks = Marks {
                hovered,
                selected: &selected,
                pointed: &pointed,
            };
            draw_highlight(&canvas, &paths, &marks, &transform, dpr);
        });
    });
}

/// `?bench=national`, in a build with the `bench` feature only: the figures of `map::bench`,
/// once after the first draw.
fn run_bench(state: ViewState, map: MapCanvas) -> RwSignal<Option<String>> {
    #[cfg(feature = "bench")]
    return crate::map::bench::after_first_draw(state, map.first_draw_ms, map.base, map.size);
    #[cfg(not(feature = "bench"))]
    {
        let _ = (state, map);
        RwSignal::new(None)
    }
}

#[component]
pub fn MapView(state: ViewState, frame: NodeRef<Section>) -> impl IntoView {
    let map = MapCanvas::new(state);
    let access = Access::new(state);
    watch_size(frame, map.size);
    draw_base(state, map);
    follow_zoom(map, access);
    draw_overlay(state, map, access);
    let bench = run_bench(state, map);
    // The station directory's points: their own canvas, hit-tested before the regions.
    let points = StationPoints::new(state);
    draw_points(state, points, map.transform, map.drawn, map.size, map.paths);
    announce_pointed(state, points, access.announce);
    let gestures = Gestures::new();
    let on_move = move |ev: web_sys::MouseEvent| {
        let (x, y) = (f64::from(ev.offset_x()), f64::from(ev.offset_y()));
        map.pointer.set((x, y));
        if points.hover_at(map.transform.get_value(), x, y) {
            map.hovered.set(None);
            return;
        }
        let hit = map.hit_at(state, x, y);
        if map.hovered.get_untracked() != hit {
            map.hovered.set(hit);
        }
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        if gestures.dragged.get_value() {
            return;
        }
        let (x, y) = (f64::from(ev.offset_x()), f64::from(ev.offset_y()));
        if points.click_at(state, map.transform.get_value(), x, y) {
            return;
        }
        let hit = map.hit_at(state, x, y);
        let Some((_, code)) = hit else { return };
        // No hover on a touch screen: the first tap selects and says what it is, a second tap
        // on the same region opens it. The selection says so too: it outlives the scene (the
        // full registry or a province's townships can land between the two taps, and a new
        // scene points at nothing).
        let touch = gestures.touch.get_value();
        let tapped_before = access.pointed.get_untracked().as_ref() == Some(&code)
            || state.selected.get_untracked().as_ref() == Some(&code);
        if touch && !tapped_before {
            state.selected.set(Some(code.clone()));
            access.point(state, code);
            return;
        }
        match code.level() {
            Level::Township => state.selected.set(Some(code)),
            _ => state.navigate(code),
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if access.on_key(state, &ev.key(), map.size.get_untracked()) {
            ev.prevent_default();
        }
    };
    let label = move || state.styled.with(|s| s.words.title.clone());
    let touch_action = move || {
        if access.zoom.get().scale > 1.0 {
            "touch-action:none;cursor:grab"
        } else {
            "touch-action:pan-y"
        }
    };
    let wheel_hint = WheelHint::new();
    view! {
        <div class="map-column">
            <section class="map-frame" node_ref=frame aria-label=label>
                <canvas class="map-base" data-testid="map-canvas" node_ref=map.base
                    tabindex="0" role="application" aria-label=label
                    aria-roledescription=move || state.pick("地图", "map")
                    aria-describedby="map-summary map-keys"
                    style=touch_action
                    on:mousemove=on_move
                    on:mouseleave=move |_| { map.hovered.set(None); points.leave(); }
                    on:click=on_click
                    on:keydown=on_key
                    on:wheel=move |ev| as_gesture(map, access.zoom, || {
                        on_wheel(access.zoom, &ev, move || wheel_hint.show());
                    })
                    on:pointerdown=move |ev| gestures.down(&ev)
                    on:pointermove=move |ev| as_gesture(map, access.zoom, || gestures.moved(&ev, access.zoom))
                    on:pointerup=move |ev| gestures.up(&ev)
                    on:pointercancel=move |ev| gestures.up(&ev)
                ></canvas>
                <canvas class="map-overlay" node_ref=map.overlay aria-hidden="true"></canvas>
                <PointsCanvas state=state points=points />
                {move || (map.drawn.get().1 > 0).then(|| view! {
                    <div class="schematic-badge" data-testid="schematic-badge">{move || state.pick("乡镇为示意格", "schematic townships")}</div>
                })}
                <ZoomButtons state=state access=access size=map.size />
                {move || wheel_hint.shown.get().then(|| view! {
                    <p class="wheel-hint" data-testid="wheel-hint">{move || state.pick(
                        "按住 Ctrl（⌘）滚动以缩放地图，或先点击地图",
                        "Ctrl (⌘) + scroll zooms the map, or click the map first",
                    )}</p>
                })}
                <Tooltip state=state map=map />
                <StationTooltip state=state points=points pointer=map.pointer size=map.size />
                <MapStatus state=state map=map access=access />
                {move || bench.get().map(|json| view! { <pre data-testid="bench" hidden=true>{json}</pre> })}
            </section>
            // Under the map, never over it: a line over the frame hid the points and regions at
            // its top. Its height is fixed, so a new line never resizes the map.
            <p class="map-announce" data-testid="map-announce" aria-live="polite" aria-atomic="true">
                {move || access.announce.get()}
            </p>
            <MapWords state=state />
        </div>
    }
}

/// A short note over the map when a plain wheel scrolled the page instead of zooming it, so a
/// visitor who meant to zoom learns how (`map_access::on_wheel` says why the wheel is not taken).
#[derive(Clone, Copy)]
struct WheelHint {
    shown: RwSignal<bool>,
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
}

impl WheelHint {
    fn new() -> WheelHint {
        WheelHint {
            shown: RwSignal::new(false),
            timer: StoredValue::new_local(None),
        }
    }

    /// Shows the note for 1.5 s after the last wheel that asked for it.
    fn show(self) {
        if !self.shown.get_untracked() {
            self.shown.set(true);
        }
        if let Some(old) = self.timer.try_update_value(Option::take).flatten() {
            old.clear();
        }
        let hide = move || self.shown.set(false);
        let handle = set_timeout_with_handle(hide, std::time::Duration::from_millis(1500)).ok();
        self.timer.set_value(handle);
    }
}

/// Pointers on the map: one finger drags a zoomed map, two pinch it, and a mouse drags a zoomed
/// map the same way; a drag is not a click.
#[derive(Clone, Copy)]
struct Gestures {
    /// Pointers down: id and position in the canvas.
    down: StoredValue<Vec<(i32, f64, f64)>>,
    /// The pointer moved far enough since it went down to be a drag, not a tap.
    dragged: StoredValue<bool>,
    /// The last pointer down was a finger.
    touch: StoredValue<bool>,
}

impl Gestures {
    fn new() -> Gestures {
        Gestures {
            down: StoredValue::new(Vec::new()),
            dragged: StoredValue::new(false),
            touch: StoredValue::new(false),
        }
    }

    fn position(ev: &web_sys::PointerEvent) -> (f64, f64) {
        (f64::from(ev.offset_x()), f64::from(ev.offset_y()))
    }

    fn down(self, ev: &web_sys::PointerEvent) {
        let (x, y) = Gestures::position(ev);
        // Captured, a drag goes on when the pointer leaves the canvas, and its release is seen
        // (else a mouse let go outside would stay "down" and a later finger would pinch).
        if let Some(canvas) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = canvas.set_pointer_capture(ev.pointer_id());
        }
        self.touch.set_value(ev.pointer_type() == "touch");
        self.down.update_value(|d| {
            if d.is_empty() {
                self.dragged.set_value(false);
            }
            d.retain(|p| p.0 != ev.pointer_id());
            d.push((ev.pointer_id(), x, y));
        });
    }

    fn moved(self, ev: &web_sys::PointerEvent, zoom: SceneBound<Zoom>) {
        let (x, y) = Gestures::position(ev);
        let id = ev.pointer_id();
        let before = self.down.get_value();
        let Some(at) = before.iter().position(|p| p.0 == id) else {
            return;
        };
        let mut after = before.clone();
        after[at] = (id, x, y);
        match (&before[..], &after[..]) {
            ([a0, b0], [a1, b1]) => {
                let span = |a: &(i32, f64, f64), b: &(i32, f64, f64)| {
                    ((a.1 - b.1).powi(2) + (a.2 - b.2).powi(2)).sqrt().max(1.0)
                };
                let mid = |a: &(i32, f64, f64), b: &(i32, f64, f64)| {
                    ((a.1 + b.1) / 2.0, (a.2 + b.2) / 2.0)
                };
                let (m0, m1) = (mid(a0, b0), mid(a1, b1));
                let factor = span(a1, b1) / span(a0, b0);
                zoom.update(|z| *z = z.about(factor, m0.0, m0.1).panned(m1.0 - m0.0, m1.1 - m0.1));
                self.dragged.set_value(true);
            }
            ([p0], [p1]) if ev.buttons() != 0 || ev.pointer_type() == "touch" => {
                let (dx, dy) = (p1.1 - p0.1, p1.2 - p0.2);
                if zoom.get_untracked().scale > 1.0 && (dx != 0.0 || dy != 0.0) {
                    zoom.update(|z| *z = z.panned(dx, dy));
                }
                if dx.abs() + dy.abs() > 3.0 {
                    self.dragged.set_value(zoom.get_untracked().scale > 1.0);
                }
            }
            _ => {}
        }
        self.down.set_value(after);
    }

    fn up(self, ev: &web_sys::PointerEvent) {
        let id = ev.pointer_id();
        self.down.update_value(|d| d.retain(|p| p.0 != id));
    }
}

/// The card of the hovered region, beside the pointer and kept inside the frame.
#[component]
fn Tooltip(state: ViewState, map: MapCanvas) -> impl IntoView {
    move || {
        let index = map.hovered_index(state)?;
        let code = state.scene.with(|s| s.scene.shapes[index].code.clone());
        let summary = summary_of(state, &code);
        let (x, y) = map.pointer.get();
        let (w, h) = map.size.get_untracked();
        let left = if x > w - 300.0 {
            (x - 290.0).max(0.0)
        } else {
            x + 14.0
        };
        let top = if y > h - 160.0 {
            (y - 150.0).max(0.0)
        } else {
            y + 14.0
        };
        Some(view! {
            <div class="tooltip" data-testid="tooltip" style=format!("left:{left}px;top:{top}px")>
                <RegionCard summary=summary compact=true note=None />
            </div>
        })
    }
}

/// What the map shows, as attributes for tests and benchmarks.
#[component]
fn MapStatus(state: ViewState, map: MapCanvas, access: Access) -> impl IntoView {
    view! {
        <div data-testid="map-status" hidden=true
            data-state=move || state.data_state()
            data-focus=move || state.focus.get().to_string()
            data-selected=move || state.selected.get().map(|c| c.to_string()).unwrap_or_default()
            data-pointed=move || access.pointed.get().map(|c| c.to_string()).unwrap_or_default()
            data-zoom=move || format!("{:.2}", access.zoom.get().scale)
            data-shift=move || {
                let z = access.zoom.get();
                format!("{:.1},{:.1}", z.shift_x_px, z.shift_y_px)
            }
            data-mode=move || state.mode.get().key()
            data-date=move || state.month.get().map(|m| m.label()).unwrap_or_default()
            data-shapes-drawn=move || map.drawn.get().0.to_string()
            data-townships-drawn=move || map.drawn.get().1.to_string()
            data-styles=move || state.styled.with(|s| s.map.signature())
            data-restyles=move || map.restyles.get().to_string()
            data-first-draw-ms=move || map.first_draw_ms.get().map(|ms| format!("{ms:.0}")).unwrap_or_default()
        ></div>
    }
}
