//! Presentation mode for a briefing screen: the tour of stops (the country, then every region
//! with a target, riskiest first, then every other prefecture with a coverage figure), its
//! timer, the keys that step, pause and leave it, the heads-up line on top, and the classes on
//! `<body>` that restyle the page for presenting and for embeds.

use std::time::Duration;

use atlas_core::data::code::{Level, RegionCode};
use atlas_core::measure::coverage::Coverage;
use atlas_core::shape::scene::view_region;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::state::view::ViewState;

/// The tour: where it stops, where it is, whether it waits.
#[derive(Clone, Copy)]
pub struct Tour {
    state: ViewState,
    stops: Memo<Vec<RegionCode>>,
    index: RwSignal<usize>,
    paused: RwSignal<bool>,
}

impl Tour {
    /// The tour of `state`, with its timer, keys and page classes wired.
    pub fn new(state: ViewState) -> Tour {
        let stops = Memo::new(move |_| {
            let mut stops = vec![RegionCode::nation()];
            // The nation has its own row on the board; it is the first stop already.
            state.board.with(|b| {
                stops.extend(
                    b.iter()
                        .map(|a| a.region.clone())
                        .filter(|r| *r != RegionCode::nation()),
                )
            });
            let latest = state.coverage_at(None);
            state.atlas.with(|a| {
                for p in a
                    .divisions
                    .at_level(&RegionCode::nation(), Level::Prefecture)
                {
                    if latest.get(p).and_then(Coverage::pct).is_some() && !stops.contains(p) {
                        stops.push(p.clone());
                    }
                }
            });
            stops
        });
        // A link to one stop (`?present=1&region=5223&sel=5223`) starts the tour there, so the
        // heads-up line says where it is.
        let subject = state
            .selected
            .get_untracked()
            .unwrap_or_else(|| state.focus.get_untracked());
        let start = stops
            .with_untracked(|s| s.iter().position(|c| *c == subject))
            .unwrap_or(0);
        let tour = Tour {
            state,
            stops,
            index: RwSignal::new(start),
            paused: RwSignal::new(false),
        };
        tour.run_timer();
        tour.listen_for_keys();
        style_body(state);
        tour
    }

    /// Presents from the first stop.
    pub fn start(self) {
        self.state.present.set(true);
        self.show(0);
    }

    fn count(self) -> usize {
        self.stops.with_untracked(Vec::len).max(1)
    }

    fn show(self, i: usize) {
        let i = i % self.count();
        self.index.set(i);
        if let Some(code) = self.stops.with_untracked(|s| s.get(i).cloned()) {
            self.state.focus.set(view_region(&code));
            let selected = (code.level() != Level::Nation).then_some(code);
            self.state.selected.set(selected);
        }
    }

    fn next(self) {
        self.show(self.index.get_untracked() + 1);
    }

    fn previous(self) {
        self.show(self.index.get_untracked() + self.count() - 1);
    }

    /// Steps on every `interval_s` seconds while presenting and not paused.
    fn run_timer(self) {
        let timer = StoredValue::new_local(None::<IntervalHandle>);
        let every = Duration::from_secs(u64::from(self.state.interval_s));
        Effect::new(move |_| {
            let running = self.state.present.get() && !self.paused.get();
            if let Some(h) = timer.try_update_value(Option::take).flatten() {
                h.clear();
            }
            if running {
                timer.set_value(set_interval_with_handle(move || self.next(), every).ok());
            }
        });
    }

    /// → and ← step (as PageDown and PageUp, which a presenter's remote sends), space pauses, f
    /// goes full screen, Escape leaves.
    fn listen_for_keys(self) {
        let on_key =
            Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
                if !self.state.present.get_untracked() {
                    return;
                }
                match ev.key().as_str() {
                    "ArrowRight" | "PageDown" | "n" => self.next(),
                    "ArrowLeft" | "PageUp" | "p" => self.previous(),
                    " " | "k" => self.paused.update(|p| *p = !*p),
                    "f" => request_fullscreen(),
                    "Escape" => self.state.present.set(false),
                    _ => return,
                }
                ev.prevent_default();
            });
        if let Some(w) = web_sys::window() {
            let _ = w.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
        }
        on_key.forget();
    }
}

/// Presentation and embed restyle the whole page: a class on `<body>` lets the CSS do it.
fn style_body(state: ViewState) {
    Effect::new(move |_| {
        let on = state.present.get();
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.class_list().toggle_with_force("present", on);
            let _ = body.class_list().toggle_with_force("embed", state.embed);
        }
    });
}

fn request_fullscreen() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.request_fullscreen();
    }
}

/// The heads-up line while presenting: title, as-of date, stop, state and buttons.
#[component]
pub fn PresentationHud(state: ViewState, tour: Tour) -> impl IntoView {
    let as_of = move || {
        let when = state.month_label();
        if state.zh() {
            format!("数据截至 {when} · 每项数据注明来源")
        } else {
            format!("Figures as of {when} · every figure carries its source")
        }
    };
    let step = move || format!("{} / {}", tour.index.get() + 1, tour.stops.with(Vec::len));
    let tour_state = move || match (tour.paused.get(), state.zh()) {
        (true, true) => "已暂停 · 空格继续",
        (true, false) => "paused · space to resume",
        (false, true) => "自动轮播 · ←→ 切换 · 空格暂停",
        (false, false) => "touring · ←→ to step · space to pause",
    };
    move || {
        state.present.get().then(|| view! {
            <section class="hud" data-testid="presentation-hud" aria-label=move || state.pick("演示", "Presentation")>
                <span class="hud-title">{move || state.pick("乡镇（街道）社工站覆盖", "Township social-work station coverage")}</span>
                <span class="hud-asof" data-testid="presentation-asof">{as_of}</span>
                <span class="hud-step" data-testid="presentation-step">{step}</span>
                <span class="hud-state">{tour_state}</span>
                <button class="hud-button" on:click=move |_| request_fullscreen()>{move || state.pick("全屏", "Full screen")}</button>
                <button class="hud-button" on:click=move |_| state.present.set(false)>{move || state.pick("退出", "Exit")}</button>
            </section>
        })
    }
}
