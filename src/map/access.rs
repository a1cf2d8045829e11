//! The map for everyone: the keyboard walk (arrows move a visible focus to the neighbouring
//! region, Enter opens it, Esc goes up, Home returns to the country, + and − zoom), the polite
//! live region that says where the focus is, the written summary under the map, and zoom by
//! buttons, pinch or keys for a phone, and by the mouse wheel for a laptop. Which region neighbours which, and every word said, come
//! from core (`shape::walk`, `style::spoken`); this module only wires them to events.

use atlas_core::data::code::{Level, RegionCode};
use atlas_core::shape::walk::{neighbour, start, stops, Direction, Stop};
use atlas_core::style::spoken::region_line;
use leptos::prelude::*;

use crate::state::view::{Shared, ViewState};

/// How far the map is magnified and shifted from its fitted view: each pixel `p` of the fitted
/// map lands at `p × scale + shift`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Zoom {
    pub scale: f64,
    pub shift_x_px: f64,
    pub shift_y_px: f64,
}

impl Zoom {
    pub const FITTED: Zoom = Zoom {
        scale: 1.0,
        shift_x_px: 0.0,
        shift_y_px: 0.0,
    };
    const MAX_SCALE: f64 = 24.0;

    /// Magnified `factor` times about the pixel (`x_px`, `y_px`), which stays where it is;
    /// never below the fitted view nor above 24×.
    pub fn about(self, factor: f64, x_px: f64, y_px: f64) -> Zoom {
        let scale = (self.scale * factor).clamp(1.0, Zoom::MAX_SCALE);
        let f = scale / self.scale;
        if scale <= 1.0 {
            return Zoom::FITTED;
        }
        Zoom {
            scale,
            shift_x_px: f * self.shift_x_px + (1.0 - f) * x_px,
            shift_y_px: f * self.shift_y_px + (1.0 - f) * y_px,
        }
    }

    /// The magnification of one wheel event: a mouse notch (100 px, or 3 lines) zooms about
    /// 1.3×, and a trackpad's many small deltas add up to the same over the same distance;
    /// one event never more than 2× either way, so a fast flick cannot leap to the limit.
    pub fn wheel_factor(delta_y: f64, delta_mode: u32) -> f64 {
        let px = match delta_mode {
            1 => delta_y * 33.0,  // DOM_DELTA_LINE
            2 => delta_y * 800.0, // DOM_DELTA_PAGE
            _ => delta_y,
        };
        (-px * 0.0025).exp().clamp(0.5, 2.0)
    }

    /// Moved by (`dx_px`, `dy_px`); the fitted view does not move.
    pub fn panned(self, dx_px: f64, dy_px: f64) -> Zoom {
        if self.scale <= 1.0 {
            return self;
        }
        Zoom {
            shift_x_px: self.shift_x_px + dx_px,
            shift_y_px: self.shift_y_px + dy_px,
            ..self
        }
    }
}

impl Default for Zoom {
    fn default() -> Zoom {
        Zoom::FITTED
    }
}

/// A choice that belongs to the scene it was made on (the zoom, the region pointed at): read
/// once the scene has changed, it is `T::default()`, so a new view starts fitted with nothing
/// pointed at. The value is kept with the number of the scene it was set on rather than reset
/// by an effect when the scene changes, so no effect copies one signal into another. Read and
/// written as a signal is.
pub struct SceneBound<T: Send + Sync + 'static> {
    value: RwSignal<(u64, T)>,
    /// Counts the scenes shown: a new scene (another focus, or new data) is a new number.
    scene: Memo<u64>,
}

impl<T: Send + Sync + 'static> Clone for SceneBound<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for SceneBound<T> {}

impl<T: Clone + Default + Send + Sync + 'static> SceneBound<T> {
    fn new(scene: Memo<u64>) -> SceneBound<T> {
        SceneBound {
            value: RwSignal::new((scene.get_untracked(), T::default())),
            scene,
        }
    }

    fn of_scene(at: u64, (set_on, value): &(u64, T)) -> T {
        if *set_on == at {
            value.clone()
        } else {
            T::default()
        }
    }

    /// The value on this scene (tracks the value and the scene).
    pub fn get(self) -> T {
        let at = self.scene.get();
        self.value.with(|v| Self::of_scene(at, v))
    }

    pub fn get_untracked(self) -> T {
        let at = self.scene.get_untracked();
        self.value.with_untracked(|v| Self::of_scene(at, v))
    }

    /// Sets the value on the scene on show.
    pub fn set(self, value: T) {
        self.value.set((self.scene.get_untracked(), value));
    }

    pub fn update(self, change: impl FnOnce(&mut T)) {
        let mut value = self.get_untracked();
        change(&mut value);
        self.set(value);
    }
}

/// The number of the scene on show: one more each time the scene memo gives a new scene.
fn scene_number(state: ViewState) -> Memo<u64> {
    Memo::new(move |previous: Option<&u64>| {
        state.scene.track();
        previous.map_or(0, |n| n + 1)
    })
}

/// The keyboard walk, the live region and the zoom of one map.
#[derive(Clone, Copy)]
pub struct Access {
    /// The region the keyboard (or a tap) rests on, on the scene on show.
    pub pointed: SceneBound<Option<RegionCode>>,
    /// Every region of the scene once, with its centre.
    stops: Memo<Shared<Vec<Stop>>>,
    /// What the polite live region says.
    pub announce: RwSignal<String>,
    /// The zoom of the scene on show.
    pub zoom: SceneBound<Zoom>,
}

impl Access {
    pub fn new(state: ViewState) -> Access {
        let scene = scene_number(state);
        let access = Access {
            pointed: SceneBound::new(scene),
            stops: Memo::new(move |_| Shared::new(stops(&state.scene.get().scene))),
            announce: RwSignal::new(String::new()),
            zoom: SceneBound::new(scene),
        };
        follow_language(state);
        access
    }

    /// Opens `code` as the map's focus and says the new view's title and summary (after
    /// Enter, Esc or Home), in the words the view shows.
    fn navigate_and_say(self, state: ViewState, code: RegionCode) {
        state.navigate(code);
        let words = state.styled.with_untracked(|s| s.words.clone());
        self.announce
            .set(format!("{} {}", words.title, words.summary));
    }

    /// Points at `code` and says what it is.
    pub fn point(self, state: ViewState, code: RegionCode) {
        let line = state.styled.with_untracked(|s| {
            state.atlas.with_untracked(|a| {
                region_line(a, &s.map.measures, &code, state.lang.get_untracked())
            })
        });
        self.announce.set(line);
        self.pointed.set(Some(code));
    }

    fn step(self, state: ViewState, direction: Direction) {
        let next = self.stops.with_untracked(|all| {
            let from = self.pointed.get_untracked();
            let to = match &from {
                Some(code) => neighbour(all, code, direction),
                None => start(all, state.selected.get_untracked().as_ref()),
            };
            to.map(|s| s.code.clone())
        });
        match next {
            Some(code) => self.point(state, code),
            // At the edge: say so rather than stay silent.
            None => self.announce.set(
                state
                    .lang
                    .get_untracked()
                    .pick("此方向没有更多地区", "No region further that way")
                    .to_string(),
            ),
        }
    }

    /// Opens `code`: a township is selected, a larger region fills the map.
    pub fn open(self, state: ViewState, code: RegionCode) {
        if code.level() == Level::Township {
            state.selected.set(Some(code.clone()));
            self.point(state, code);
        } else {
            self.navigate_and_say(state, code);
        }
    }

    /// The map's keys; returns whether the key was the map's (and so is not the page's).
    pub fn on_key(self, state: ViewState, key: &str, frame_px: (f64, f64)) -> bool {
        if state.present.get_untracked() {
            // The presentation's own keys (← → space f Esc) drive the briefing display.
            return false;
        }
        if let Some(direction) = Direction::from_key(key) {
            self.step(state, direction);
            return true;
        }
        let middle = (frame_px.0 / 2.0, frame_px.1 / 2.0);
        match key {
            "Enter" | " " => match self.pointed.get_untracked() {
                Some(code) => self.open(state, code),
                None => self.step(state, Direction::Up),
            },
            "Escape" | "Backspace" => {
                if let Some(parent) = state.focus.get_untracked().parent() {
                    self.navigate_and_say(state, parent);
                }
            }
            "Home" => {
                if state.focus.get_untracked() != RegionCode::nation() {
                    self.navigate_and_say(state, RegionCode::nation());
                }
            }
            "+" | "=" => self.zoom.update(|z| *z = z.about(1.5, middle.0, middle.1)),
            "-" | "_" => self
                .zoom
                .update(|z| *z = z.about(1.0 / 1.5, middle.0, middle.1)),
            "0" => self.zoom.set(Zoom::FITTED),
            _ => return false,
        }
        true
    }

    /// The scene shapes of the pointed region, for the overlay.
    pub fn pointed_indexes(self, state: ViewState) -> Vec<usize> {
        let Some(code) = self.pointed.get() else {
            return Vec::new();
        };
        state
            .scene
            .with(|s| s.scene.shape_indexes_for(&code).collect())
    }
}

/// `<html lang>` follows the page's language, so a screen reader speaks it in the right voice.
fn follow_language(state: ViewState) {
    Effect::new(move |_| {
        let lang = state.lang.get().pick("zh-CN", "en");
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", lang);
        }
    });
}

/// The mouse wheel over the map. A portal visitor scrolling down the page must not be caught by
/// the map halfway, so a plain wheel zooms only once the visitor has chosen the map (clicked or
/// tabbed to it: the canvas has focus); ctrl/⌘ + wheel always zooms, as it does on other web
/// maps, and it is also what a laptop's trackpad pinch sends. The page's own scroll or zoom is
/// stopped only when the map took the wheel: a plain wheel that changes nothing (zoomed fully
/// out) scrolls the page on, while ctrl/⌘ + wheel over the map never zooms the whole page.
/// Returns whether the map took it; `hint` is called when a plain wheel was left to the page.
pub fn on_wheel(zoom: SceneBound<Zoom>, ev: &web_sys::WheelEvent, hint: impl Fn()) -> bool {
    let pinch = ev.ctrl_key() || ev.meta_key();
    let focused = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .zip(ev.current_target())
        .is_some_and(|(active, target)| {
            let active: &web_sys::EventTarget = active.as_ref();
            *active == target
        });
    if !pinch && !focused {
        hint();
        return false;
    }
    let before = zoom.get_untracked();
    let factor = Zoom::wheel_factor(ev.delta_y(), ev.delta_mode());
    let (x, y) = (f64::from(ev.offset_x()), f64::from(ev.offset_y()));
    let after = before.about(factor, x, y);
    if after != before {
        zoom.set(after);
    }
    let took = pinch || after != before;
    if took {
        ev.prevent_default();
    }
    took
}

/// Zoom buttons over the map: large enough for a finger.
#[component]
pub fn ZoomButtons(state: ViewState, access: Access, size: RwSignal<(f64, f64)>) -> impl IntoView {
    let by = move |factor: f64| {
        let (w, h) = size.get_untracked();
        access
            .zoom
            .update(|z| *z = z.about(factor, w / 2.0, h / 2.0));
    };
    view! {
        <div class="zoom" role="group" aria-label=move || state.pick("缩放地图", "Zoom the map")>
            <button data-testid="zoom-in" aria-label=move || state.pick("放大", "Zoom in")
                on:click=move |_| by(2.0)>"+"</button>
            <button data-testid="zoom-out" aria-label=move || state.pick("缩小", "Zoom out")
                disabled=move || access.zoom.get().scale <= 1.0
                on:click=move |_| by(0.5)>"−"</button>
            <button data-testid="zoom-reset" aria-label=move || state.pick("显示全图", "Show the whole map")
                disabled=move || access.zoom.get() == Zoom::FITTED
                on:click=move |_| access.zoom.set(Zoom::FITTED)>"⤢"</button>
        </div>
    }
}

/// Under the map: the view in words, for everyone, and the keys that walk the map.
#[component]
pub fn MapWords(state: ViewState) -> impl IntoView {
    view! {
        <div class="map-words">
            <p id="map-summary" class="map-summary" data-testid="map-summary">
                {move || state.styled.with(|s| s.words.summary.clone())}
            </p>
            <p id="map-keys" class="map-keys">{move || state.pick(
                "键盘：方向键在地区间移动 · 回车打开 · Esc 返回上一级 · Home 回到全国 · +/− 缩放",
                "Keyboard: arrows move between regions · Enter opens · Esc goes up · Home returns to the country · +/− zoom",
            )}</p>
        </div>
    }
}
