//! The view's state: the atlas in a signal, what the reader chose (focus, selection, mode, bins,
//! month, language, presentation) in signals, and everything derived from them in memos: the
//! measures (ratings, deadline board, coverage per month), the scene and the styled map. One
//! `Copy` struct, handed by value to every component; the URL follows the signals.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::ops::Deref;
use std::rc::Rc;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::{Level, RegionCode};
use atlas_core::date::{Day, Month};
use atlas_core::draw::paint::Theme;
use atlas_core::lang::Lang;
use atlas_core::measure::coverage::{AdmitDays, AsOfFilter, CountKey, CoverageTable};
use atlas_core::measure::progress::{deadline_board, Assessment};
use atlas_core::publish::township_chunk_regions;
use atlas_core::shape::scene::{
    build_scene, build_scene_filled_at, fill_level_for, view_region, Scene, SchematicCache,
};
use atlas_core::style::classify::{MapMode, Scheme};
use atlas_core::style::regions::SceneRegions;
use atlas_core::style::spoken::{view_words, ViewWords};
use atlas_core::style::view::{coverage_as_of, ratings_of, style_scene, Measures, StyledMap, View};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::state::url::{write_url, Switches, UrlState, UrlView};

/// A shared, single-threaded value a memo can hold (memos want `Send + Sync` values; the page
/// has one thread). Two are equal when they are the same allocation, so a memo that hands back
/// the value it already had does not wake its readers.
pub struct Shared<T>(SendWrapper<Rc<T>>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Shared<T> {
        Shared::from_rc(Rc::new(value))
    }

    pub fn from_rc(value: Rc<T>) -> Shared<T> {
        Shared(SendWrapper::new(value))
    }

    /// The value itself, to keep beyond the memo's next run.
    pub fn rc(&self) -> Rc<T> {
        Rc::clone(&self.0)
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared::from_rc(self.rc())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Coverage tables of one atlas, computed on first use and kept by what they count
/// ([`CountKey`]: the months between two dates on which a figure or station starts count one
/// table), so a slider step within such a stretch, or back to a month shown, is a lookup. A new
/// atlas brings a new, empty cache.
pub struct CoverageCache {
    atlas: Rc<Atlas>,
    days: AdmitDays,
    tables: RefCell<HashMap<CountKey, Rc<CoverageTable>>>,
}

impl CoverageCache {
    fn new(atlas: Rc<Atlas>) -> CoverageCache {
        let days = AdmitDays::of(&atlas.figures, &atlas.stations);
        CoverageCache {
            atlas,
            days,
            tables: RefCell::default(),
        }
    }

    fn get(&self, month: Option<Month>) -> Rc<CoverageTable> {
        let key = self.days.key(AsOfFilter::for_month(month));
        let mut tables = self.tables.borrow_mut();
        let table = tables
            .entry(key)
            .or_insert_with(|| Rc::new(coverage_as_of(&self.atlas, month)));
        Rc::clone(table)
    }
}

/// The geometry on show: rebuilt when the focus or the atlas changes, never on a restyle.
pub struct SceneView {
    pub atlas: Rc<Atlas>,
    pub focus: RegionCode,
    pub scene: Rc<Scene>,
    /// The scene's regions (the table's rows, each shape's row, the regions above them, names
    /// and cited figures): what every restyle of this scene reads, worked out once.
    pub regions: Rc<SceneRegions>,
}

/// Everything the map, legend and table show now.
pub struct Styled {
    pub map: StyledMap,
    /// The view in words: shown under the map, read by screen readers, the embed's alt text.
    pub words: ViewWords,
}

impl ViewState {
    /// Whether everything the view shows has arrived: the full atlas, and the township chunks
    /// of the focus's province and prefecture when the view is filled with townships.
    pub fn data_state(&self) -> &'static str {
        let focus = view_region(&self.focus.get());
        let needs_townships =
            self.switches.fill_township || fill_level_for(focus.level()) == Level::Township;
        let waiting = self.townships_pending.with(|pending| {
            if self.switches.every_province() {
                return !pending.is_empty();
            }
            township_chunk_regions(&focus)
                .iter()
                .any(|region| pending.contains(region))
        });
        if !self.complete.get() {
            "overview"
        } else if needs_townships && waiting {
            "townships"
        } else {
            "ready"
        }
    }
}

/// The view's signals and memos.
#[derive(Clone, Copy)]
pub struct ViewState {
    /// The data; loading stations or boundaries replaces it and everything else follows.
    pub atlas: RwSignal<Rc<Atlas>, LocalStorage>,
    /// False while the atlas is a publication's overview (the country's first map) and the
    /// full registry and outlines are still on their way; they replace it when they arrive.
    pub complete: RwSignal<bool>,
    /// Provinces and prefectures whose township chunk (see `chunks.rs`) is on its way.
    pub townships_pending: RwSignal<BTreeSet<RegionCode>>,
    /// Provinces and prefectures whose township chunk has been added to the atlas.
    pub townships_loaded: RwSignal<BTreeSet<RegionCode>>,
    /// The day deadlines are judged on.
    pub today: Day,
    pub focus: RwSignal<RegionCode>,
    pub selected: RwSignal<Option<RegionCode>>,
    pub mode: RwSignal<MapMode>,
    pub scheme: RwSignal<Scheme>,
    pub month: RwSignal<Option<Month>>,
    pub lang: RwSignal<Lang>,
    pub present: RwSignal<bool>,
    /// Seconds per stop of the presentation tour (from the URL).
    pub interval_s: u32,
    /// Minimal chrome for an iframe (from the URL).
    pub embed: bool,
    /// The benchmark and test switches of the address the page opened at.
    pub switches: Switches,
    /// Every region with a target, riskiest first (from the atlas and today).
    pub board: Memo<Shared<Vec<Assessment>>>,
    /// Coverage tables by month of the current atlas.
    pub coverage_cache: Memo<Shared<CoverageCache>>,
    /// Coverage as of the month on show (from the cache and the month).
    pub coverage: Memo<Shared<CoverageTable>>,
    /// The geometry of the focus (from the atlas and the focus).
    pub scene: Memo<Shared<SceneView>>,
    /// Styles, legend and table rows (from the scene, the measures and the view).
    pub styled: Memo<Shared<Styled>>,
}

impl ViewState {
    /// The state of `atlas` as the address `url` describes it.
    pub fn new(atlas: Rc<Atlas>, today: Day, url: UrlView) -> ViewState {
        let (initial, switches) = (url.state, url.switches);
        let known = |c: &RegionCode| atlas.divisions.contains(c);
        let region = Some(initial.region.clone())
            .filter(known)
            .unwrap_or_else(RegionCode::nation);
        let selected = initial.selected.clone().filter(known);
        let atlas = RwSignal::new_local(atlas);
        let focus = RwSignal::new(view_region(&region));
        let (mode, scheme) = (RwSignal::new(initial.mode), RwSignal::new(initial.scheme));
        let (month, lang) = (RwSignal::new(initial.month), RwSignal::new(initial.lang));
        let measured = measured_atlas(atlas);
        // Ratings carry no date and are read by the styled map only.
        let ratings = Memo::new(move |_| Shared::new(measured.with(|a| ratings_of(a))));
        let board = Memo::new(move |_| Shared::new(measured.with(|a| deadline_board(a, today))));
        let coverage_cache =
            Memo::new(move |_| Shared::new(CoverageCache::new(measured.get().rc())));
        let coverage = Memo::new(move |_| {
            let m = month.get();
            Shared::from_rc(coverage_cache.with(|c| c.get(m)))
        });
        let scene = scene_memo(atlas, focus, switches.fill_township);
        let styled = Memo::new(move |_| {
            let scene = scene.get();
            let measures =
                Measures::from_parts(coverage.get().rc(), ratings.get().rc(), board.get().rc());
            let view = View {
                focus: scene.focus.clone(),
                mode: mode.get(),
                scheme: scheme.get(),
                month: month.get(),
                today,
                lang: lang.get(),
            };
            let map = style_scene(scene.scene.clone(), scene.regions.clone(), &measures, &view);
            let words = view_words(&scene.atlas, &measures, &view);
            Shared::new(Styled { map, words })
        });
        ViewState {
            atlas,
            complete: RwSignal::new(true),
            townships_pending: RwSignal::new(BTreeSet::new()),
            townships_loaded: RwSignal::new(BTreeSet::new()),
            today,
            focus,
            selected: RwSignal::new(selected),
            mode,
            scheme,
            month,
            lang,
            present: RwSignal::new(initial.present),
            interval_s: initial.interval_s,
            embed: initial.embed,
            switches,
            board,
            coverage_cache,
            coverage,
            scene,
            styled,
        }
    }

    /// Counts the coverage of each of `months` the cache lacks while the page rests, one table
    /// per step `WARM_STEP_MS` apart, so a slider dragged later finds every month counted (a
    /// national table is tens of milliseconds in wasm: one per step keeps the page responsive).
    /// Stops when the atlas, and with it the cache, is replaced.
    pub fn warm_coverage(self, months: Vec<Month>) {
        let cache = self.coverage_cache.get_untracked();
        warm_step(self, cache, months, 0);
    }

    /// Coverage as of `month`, from the cache of the current atlas.
    pub fn coverage_at(self, month: Option<Month>) -> Rc<CoverageTable> {
        self.coverage_cache.with(|c| c.get(month))
    }

    pub fn zh(self) -> bool {
        self.lang.get() == Lang::Zh
    }

    /// Words in the reader's language (tracks the language).
    pub fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        self.lang.get().pick(zh, en)
    }

    /// The palette the map is drawn in (tracked): the briefing display's dark one while
    /// presenting, else the page's.
    pub fn theme(self) -> Theme {
        if self.present.get() {
            Theme::Dark
        } else {
            Theme::Page
        }
    }

    /// The month on show in words: "2023-06", or the latest figures.
    pub fn month_label(self) -> String {
        match self.month.get() {
            Some(m) => m.label(),
            None => self
                .pick("最新（含未注明日期）", "latest (incl. undated)")
                .to_string(),
        }
    }

    /// Opens `code`: its region fills the map, a township is also selected.
    pub fn navigate(self, code: RegionCode) {
        self.selected
            .set((code.level() == Level::Township).then(|| code.clone()));
        self.focus.set(view_region(&code));
    }

    /// Up one level from the focus.
    pub fn go_up(self) {
        if let Some(parent) = self.focus.get_untracked().parent() {
            self.navigate(parent);
        }
    }

    /// The region the panels describe: the selection, else the focus.
    pub fn subject(self) -> RegionCode {
        self.selected.get().unwrap_or_else(|| self.focus.get())
    }

    /// The view as a URL query (tracks every part of it).
    pub fn url_state(self) -> UrlState {
        UrlState {
            region: self.focus.get(),
            selected: self.selected.get(),
            mode: self.mode.get(),
            scheme: self.scheme.get(),
            month: self.month.get(),
            lang: self.lang.get(),
            present: self.present.get(),
            interval_s: self.interval_s,
            embed: self.embed,
        }
    }

    /// Every piece of view state goes to the URL; a new focus also makes a history entry, and
    /// going back restores the view.
    pub fn sync_url(self) {
        let last_focus = StoredValue::new(self.focus.get_untracked());
        Effect::new(move |_| {
            let state = self.url_state();
            let push = last_focus.get_value() != state.region;
            last_focus.set_value(state.region.clone());
            write_url(&state.to_query(), push);
        });
        let on_popstate = Closure::<dyn Fn()>::new(move || {
            let s = UrlView::read().state;
            last_focus.set_value(view_region(&s.region));
            self.selected.set(s.selected);
            self.focus.set(view_region(&s.region));
            self.mode.set(s.mode);
            self.scheme.set(s.scheme);
            self.month.set(s.month);
            self.lang.set(s.lang);
        });
        if let Some(w) = web_sys::window() {
            let _ = w
                .add_event_listener_with_callback("popstate", on_popstate.as_ref().unchecked_ref());
        }
        on_popstate.forget();
    }
}

/// The pause between two months counted ahead by [`ViewState::warm_coverage`].
const WARM_STEP_MS: u64 = 120;

/// Counts `months[next]` into `cache` (when its table is not there) and schedules the next.
fn warm_step(state: ViewState, cache: Shared<CoverageCache>, months: Vec<Month>, next: usize) {
    let current = state.coverage_cache.try_with_untracked(|c| c == &cache);
    if next >= months.len() || current != Some(true) {
        return;
    }
    cache.get(Some(months[next]));
    set_timeout(
        move || warm_step(state, cache, months, next + 1),
        std::time::Duration::from_millis(WARM_STEP_MS),
    );
}

/// The atlas as the measures see it: it changes only when what they count changes
/// ([`Atlas::same_measure_inputs`]), so a township chunk's shapes added to the atlas do not
/// count the country's coverage again (some 60 ms natively, more in wasm, between a chunk's
/// arrival and its drawing).
fn measured_atlas(atlas: RwSignal<Rc<Atlas>, LocalStorage>) -> Memo<Shared<Atlas>> {
    Memo::new_owning(move |previous: Option<Shared<Atlas>>| {
        let current = atlas.get();
        match previous {
            Some(previous) if previous.same_measure_inputs(&current) => (previous, false),
            _ => (Shared::from_rc(current), true),
        }
    })
}

/// The scene of the focus. Schematic cells are kept across scenes; the same focus of the same
/// atlas gives back the scene it has (a repeated click restyles nothing). `townships`
/// (`?fill=township`, for `scripts/bench-vs-echarts.mjs`) fills every view with its townships,
/// so the page draws the same polygons as another renderer given the same file.
fn scene_memo(
    atlas: RwSignal<Rc<Atlas>, LocalStorage>,
    focus: RwSignal<RegionCode>,
    townships: bool,
) -> Memo<Shared<SceneView>> {
    let cells = StoredValue::new_local(SchematicCache::default());
    Memo::new(move |previous: Option<&Shared<SceneView>>| {
        let (atlas, focus) = (atlas.get(), focus.get());
        if let Some(previous) = previous {
            if previous.focus == focus && Rc::ptr_eq(&previous.atlas, &atlas) {
                return previous.clone();
            }
        }
        let scene = cells
            .try_update_value(|c| {
                if townships {
                    build_scene_filled_at(&atlas, &view_region(&focus), Level::Township, c)
                } else {
                    build_scene(&atlas, &focus, c)
                }
            })
            .expect("the cells live as long as the view");
        let regions = Rc::new(SceneRegions::of(&atlas, &scene));
        Shared::new(SceneView {
            atlas,
            focus,
            scene: Rc::new(scene),
            regions,
        })
    })
}
