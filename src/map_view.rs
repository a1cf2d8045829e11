//! The map on screen: two canvases (the styled scene, and an overlay with the hover and
//! selection outlines), sized by a resize observer on their frame; the effects that draw them;
//! hit-testing with the pointer and keyboard handlers; the tooltip; and the hidden
//! `map-status` element that tests and benchmarks read.

use atlas_core::data::code::{Level, RegionCode};
use leptos::html::{Canvas, Section};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use crate::map::{draw_highlight, draw_scene, ViewTransform, DARK, LIGHT};
use crate::panels::{summary_of, RegionCard};
use crate::state::current_search;
use crate::view_state::{Shared, Styled, ViewState};

/// The canvases and what drawing them left behind.
#[derive(Clone, Copy)]
struct MapCanvas {
    base: NodeRef<Canvas>,
    overlay: NodeRef<Canvas>,
    /// CSS pixels of the frame.
    size: RwSignal<(f64, f64)>,
    /// Kilometres to pixels, as last drawn.
    transform: StoredValue<Option<ViewTransform>>,
    /// Shapes and schematic townships drawn.
    drawn: RwSignal<(usize, usize)>,
    /// How many styled maps have been drawn.
    restyles: RwSignal<u32>,
    first_draw_ms: RwSignal<Option<f64>>,
    /// The shape under the pointer, with its code: a new scene with another shape at that
    /// index is not hovered.
    hovered: RwSignal<Option<(usize, RegionCode)>>,
    pointer: RwSignal<(f64, f64)>,
}

impl MapCanvas {
    fn new() -> MapCanvas {
        MapCanvas {
            base: NodeRef::new(),
            overlay: NodeRef::new(),
            size: RwSignal::new((0.0, 0.0)),
            transform: StoredValue::new(None),
            drawn: RwSignal::new((0, 0)),
            restyles: RwSignal::new(0),
            first_draw_ms: RwSignal::new(None),
            hovered: RwSignal::new(None),
            pointer: RwSignal::new((0.0, 0.0)),
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

fn size_canvas(canvas: &HtmlCanvasElement, (w, h): (f64, f64)) {
    let ratio = device_pixel_ratio();
    canvas.set_width((w * ratio).round() as u32);
    canvas.set_height((h * ratio).round() as u32);
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

/// Draws `styled` on the base canvas at `size`; `None` when there is nothing to draw yet.
fn paint(map: MapCanvas, styled: &Styled, size: (f64, f64), dark: bool) -> Option<()> {
    let canvas = map.base.get_untracked()?;
    if size.0 < 10.0 || size.1 < 10.0 {
        return None;
    }
    size_canvas(&canvas, size);
    let scene = &styled.map.scene;
    let transform = crate::map::fit_canvas(scene.bounds?, size.0, size.1, 16.0);
    map.transform.set_value(Some(transform));
    let theme = if dark { DARK } else { LIGHT };
    let (styles, dpr) = (&styled.map.styles, device_pixel_ratio());
    let counts = draw_scene(
        &canvas,
        scene,
        &styled.paths,
        styles,
        &transform,
        dpr,
        theme,
    );
    map.drawn.set((counts.shapes, counts.townships));
    Some(())
}

/// Base layer: redrawn when the styled map, the size or the theme changes. Each styled map
/// drawn counts as a restyle.
fn draw_base(state: ViewState, map: MapCanvas) {
    Effect::new(move |last: Option<Option<Shared<Styled>>>| {
        let last = last.flatten();
        let styled = state.styled.get();
        let (size, dark) = (map.size.get(), state.present.get());
        let _ = map.base.get();
        if paint(map, &styled, size, dark).is_none() {
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
        }
        Some(styled)
    });
}

/// Overlay: the hover and selection outlines only, redrawn after every base draw.
fn draw_overlay(state: ViewState, map: MapCanvas) {
    Effect::new(move |_| {
        let hovered = map.hovered_index(state);
        let selected = state.selected.get();
        let _ = map.drawn.get();
        let Some(canvas) = map.overlay.get() else {
            return;
        };
        size_canvas(&canvas, map.size.get_untracked());
        let Some(transform) = map.transform.get_value() else {
            return;
        };
        state.styled.with_untracked(|s| {
            let selected: Vec<usize> = match &selected {
                Some(code) => s.map.scene.shape_indexes_for(code).collect(),
                None => Vec::new(),
            };
            let dpr = device_pixel_ratio();
            draw_highlight(&canvas, &s.paths, hovered, &selected, &transform, dpr);
        });
    });
}

/// `?bench=national`: measures once after the first draw, then publishes the figures.
fn run_bench(state: ViewState, map: MapCanvas) -> RwSignal<Option<String>> {
    let result = RwSignal::new(None::<String>);
    if !current_search().contains("bench=national") {
        return result;
    }
    Effect::new(move |_| {
        if map.first_draw_ms.get().is_none() || result.get_untracked().is_some() {
            return;
        }
        let Some(canvas) = map.base.get_untracked() else {
            return;
        };
        let (w, h) = map.size.get_untracked();
        let figures = state
            .atlas
            .with_untracked(|a| crate::bench::run(a, &canvas, w, h));
        result.set(Some(figures));
    });
    result
}

#[component]
pub fn MapView(state: ViewState, frame: NodeRef<Section>) -> impl IntoView {
    let map = MapCanvas::new();
    watch_size(frame, map.size);
    draw_base(state, map);
    draw_overlay(state, map);
    let bench = run_bench(state, map);
    let on_move = move |ev: web_sys::MouseEvent| {
        let (x, y) = (f64::from(ev.offset_x()), f64::from(ev.offset_y()));
        map.pointer.set((x, y));
        let hit = map.hit_at(state, x, y);
        if map.hovered.get_untracked() != hit {
            map.hovered.set(hit);
        }
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        let hit = map.hit_at(state, f64::from(ev.offset_x()), f64::from(ev.offset_y()));
        match hit {
            Some((_, code)) if code.level() == Level::Township => state.selected.set(Some(code)),
            Some((_, code)) => state.navigate(code),
            None => {}
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" || ev.key() == "Backspace" {
            ev.prevent_default();
            state.go_up();
        }
    };
    let label = move || {
        let name = state.atlas.with(|a| {
            a.divisions
                .name(&state.focus.get())
                .unwrap_or("")
                .to_string()
        });
        format!("Coverage map of {name}")
    };
    view! {
        <section class="map-frame" node_ref=frame>
            <canvas class="map-base" data-testid="map-canvas" node_ref=map.base
                tabindex="0" role="img" aria-label=label
                on:mousemove=on_move
                on:mouseleave=move |_| map.hovered.set(None)
                on:click=on_click
                on:keydown=on_key
            ></canvas>
            <canvas class="map-overlay" node_ref=map.overlay aria-hidden="true"></canvas>
            {move || (map.drawn.get().1 > 0).then(|| view! {
                <div class="schematic-badge" data-testid="schematic-badge">"乡镇为示意格 · schematic townships"</div>
            })}
            <Tooltip state=state map=map />
            <MapStatus state=state map=map />
            {move || bench.get().map(|json| view! { <pre data-testid="bench" hidden=true>{json}</pre> })}
        </section>
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
fn MapStatus(state: ViewState, map: MapCanvas) -> impl IntoView {
    view! {
        <div data-testid="map-status" hidden=true
            data-state="ready"
            data-focus=move || state.focus.get().to_string()
            data-selected=move || state.selected.get().map(|c| c.to_string()).unwrap_or_default()
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
