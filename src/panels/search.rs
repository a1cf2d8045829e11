//! Search box: Chinese name, pinyin or code; duplicate names show their county and prefecture.
//! After the regions, the stations by name or address: from the publication's station index,
//! fetched with the pinyin on the first input (every station, from any view), and until it
//! arrives from the directory read so far (the provinces the view has entered). Picking one
//! opens its township (whose province's directory then arrives) and points at the station.

use std::rc::Rc;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::RegionCode;
use atlas_core::data::station_index::{read_station_index, IndexedStation};
use atlas_core::lang::Lang;
use atlas_core::lang::Text;
use atlas_core::publish::PartFile;
use atlas_core::search::stations::{search_stations, StationHit};
use atlas_core::search::{PinyinTable, SearchHit, SearchIndex};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::loading::load::fetch_checked;
use crate::state::directory::StationDirectory;

/// One line of the results: a region, or a station of the directory.
#[derive(Clone)]
enum Hit {
    Region(SearchHit),
    Station(StationHit),
}

/// Stations listed after the regions, at most.
const STATION_HITS: usize = 8;

/// The publication's pinyin file, provided as context by the page: search fetches it on first
/// use.
#[derive(Clone)]
pub struct PinyinFile(pub Option<PartFile>);

/// The publication's station search index (the manifest's `station_index`), provided as
/// context by the page: search fetches it on first use, and then finds every station of the
/// directory, whichever provinces the view has entered.
#[derive(Clone)]
pub struct StationIndexFile(pub Option<PartFile>);

/// A file search reads, fetched when the visitor first searches (most visits never do), then
/// kept: the pinyin table, the station index.
struct OnFirstSearch<T: 'static> {
    file: StoredValue<Option<PartFile>>,
    parse: fn(&str, &str) -> Result<T, Text>,
    read: RwSignal<Option<Rc<T>>, LocalStorage>,
    problem: RwSignal<Option<Text>>,
    requested: StoredValue<bool>,
}

impl<T: 'static> Clone for OnFirstSearch<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for OnFirstSearch<T> {}

impl<T: 'static> OnFirstSearch<T> {
    /// For `file` (none when the publication has none), read by `parse`.
    fn new(file: Option<PartFile>, parse: fn(&str, &str) -> Result<T, Text>) -> OnFirstSearch<T> {
        OnFirstSearch {
            file: StoredValue::new(file),
            parse,
            read: RwSignal::new_local(None),
            problem: RwSignal::new(None),
            requested: StoredValue::new(false),
        }
    }

    /// Starts fetching the file the first time; until it arrives (or if it fails, saying so)
    /// search finds what it can without it.
    fn request(self) {
        if self.requested.get_value() {
            return;
        }
        self.requested.set_value(true);
        let (Some(file), parse) = (self.file.get_value(), self.parse) else {
            return;
        };
        spawn_local(async move {
            let read = fetch_checked(&file)
                .await
                .and_then(|text| parse(&file.path, &text));
            match read {
                Ok(value) => self.read.set(Some(Rc::new(value))),
                Err(message) => self.problem.set(Some(message)),
            }
        });
    }
}

/// The stations matching `q`: from the publication's index once it has arrived (every
/// station), else from the directory files read so far.
fn station_hits(
    index: &Option<Rc<Vec<IndexedStation>>>,
    directory: Option<StationDirectory>,
    q: &str,
) -> Vec<StationHit> {
    match (index, directory) {
        (Some(index), _) => search_stations(index.iter(), q, STATION_HITS),
        (None, Some(d)) => d
            .by_township
            .with(|t| search_stations(t.values().flatten(), q, STATION_HITS)),
        (None, None) => Vec::new(),
    }
}

/// The index of the atlas's registry with the pinyin fetched so far: built on first use, and
/// again when the full registry or the pinyin arrives.
fn current_index(
    cache: StoredValue<Option<(IndexKey, Rc<SearchIndex>)>, LocalStorage>,
    atlas: &Atlas,
    pinyin: &Option<Rc<PinyinTable>>,
) -> Rc<SearchIndex> {
    let key = (
        atlas.divisions.len(),
        pinyin.as_ref().map_or(0, |t| t.len()),
    );
    if let Some((built_for, index)) = cache.get_value() {
        if built_for == key {
            return index;
        }
    }
    let empty = PinyinTable::empty();
    let table = pinyin.as_deref().unwrap_or(&empty);
    let index = Rc::new(SearchIndex::new(&atlas.divisions, table));
    cache.set_value(Some((key, index.clone())));
    index
}

/// What an index was built from: the registry's size and the pinyin table's.
type IndexKey = (usize, usize);

#[component]
pub fn SearchBox(
    atlas: RwSignal<Rc<Atlas>, LocalStorage>,
    lang: RwSignal<Lang>,
    on_pick: Callback<RegionCode>,
) -> impl IntoView {
    let index = StoredValue::new_local(None);
    let pinyin_file = use_context::<PinyinFile>().and_then(|f| f.0);
    let pinyin = OnFirstSearch::new(pinyin_file, PinyinTable::parse);
    let index_file = use_context::<StationIndexFile>().and_then(|f| f.0);
    let station_index = OnFirstSearch::new(index_file, read_station_index);
    let directory = use_context::<StationDirectory>();
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let hits = move || -> Vec<Hit> {
        let q = query.get();
        if q.trim().is_empty() {
            return Vec::new();
        }
        pinyin.request();
        station_index.request();
        let table = pinyin.read.get();
        let idx = atlas.with(|a| current_index(index, a, &table));
        let regions = idx.search(&q, 12).into_iter().map(Hit::Region);
        let stations = station_hits(&station_index.read.get(), directory, &q);
        regions
            .chain(stations.into_iter().map(Hit::Station))
            .collect()
    };
    let pick = move |hit: Hit| {
        query.set(String::new());
        active.set(0);
        match hit {
            Hit::Region(hit) => on_pick.run(hit.code),
            Hit::Station(hit) => {
                on_pick.run(hit.township.clone());
                if let Some(d) = directory {
                    d.pointed.set(Some((hit.township, hit.row)));
                }
            }
        }
    };
    view! {
        <div class="search" role="search">
            <input type="search" data-testid="search"
                placeholder=move || if lang.get() == Lang::Zh { "搜索地区、拼音、代码或站点地址" } else { "Search region, pinyin, code or station address" }
                aria-label="Search regions"
                prop:value=move || query.get()
                on:input=move |ev| { query.set(event_target_value(&ev)); active.set(0); }
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    let list = hits();
                    match ev.key().as_str() {
                        "ArrowDown" => { ev.prevent_default(); active.update(|a| *a = (*a + 1).min(list.len().saturating_sub(1))); }
                        "ArrowUp" => { ev.prevent_default(); active.update(|a| *a = a.saturating_sub(1)); }
                        "Enter" => if let Some(hit) = list.get(active.get_untracked()) { pick(hit.clone()) },
                        "Escape" => query.set(String::new()),
                        _ => {}
                    }
                } />
            <ul class="search-results" role="listbox" hidden=move || query.get().trim().is_empty()>
                {move || {
                    let list = hits();
                    let problems = [pinyin.problem.get(), station_index.problem.get()];
                    let problem = problems.into_iter().flatten().map(|p| view! {
                        <li class="empty" role="alert">{p.get(lang.get()).to_string()}</li>
                    }).collect_view();
                    if list.is_empty() {
                        return view! { <li class="empty">{if lang.get() == Lang::Zh { "无匹配" } else { "no match" }}</li> {problem} }.into_any();
                    }
                    let found = list.into_iter().enumerate().map(|(i, hit)| {
                        let chosen = hit.clone();
                        let selected = move || (active.get() == i).to_string();
                        let on_down = move |ev: web_sys::MouseEvent| { ev.prevent_default(); pick(chosen.clone()) };
                        match hit {
                            Hit::Region(hit) => view! {
                                <li role="option" data-testid="search-result" data-code=hit.code.to_string()
                                    aria-selected=selected on:mousedown=on_down>
                                    <strong>{hit.name.clone()}</strong>
                                    <small>{format!(" {} · {}", hit.code, hit.qualified_name)}</small>
                                </li>
                            }.into_any(),
                            Hit::Station(hit) => view! {
                                <li role="option" class="station-hit" data-testid="search-station"
                                    data-code=hit.township.to_string() aria-selected=selected on:mousedown=on_down>
                                    <strong>{hit.name.clone()}</strong>
                                    <small>{format!("{}{}", if lang.get() == Lang::Zh { "社工站 · " } else { "station · " }, hit.address)}</small>
                                </li>
                            }.into_any(),
                        }
                    }).collect_view();
                    view! { {found} {problem} }.into_any()
                }}
            </ul>
        </div>
    }
}
