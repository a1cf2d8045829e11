//! The township panel's station list: each station's name, address, public phones (`tel:`
//! links), hours, social workers, services and a map link, from the province's directory file
//! (`loading::directory`). Every text goes in as a text node, so an address holding markup
//! shows as written. Each entry is reachable by Tab: focused, it is the station pointed at, so
//! the map marks its point and announces it (`map::points`); pointed at from the map or from
//! search, the entry is marked and scrolled into view.

use atlas_core::data::code::{Level, RegionCode};
use atlas_core::data::directory::{map_href, DirectoryEntry};
use atlas_core::lang::Lang;
use leptos::prelude::*;

use crate::loading::directory::StationDirectory;
use crate::state::view::ViewState;

/// The stations of the panel's township; nothing for other levels or before the file is read.
#[component]
pub fn StationList(state: ViewState, code: RegionCode) -> impl IntoView {
    let directory = use_context::<StationDirectory>();
    // A closure: the list fills in when the province's file arrives after the panel is drawn.
    move || {
        let directory = directory?;
        if code.level() != Level::Township {
            return None;
        }
        let lang = state.lang.get();
        let stations = directory.stations_of(&code);
        if stations.is_empty() {
            return None;
        }
        let items = stations
            .into_iter()
            .map(|s| view! { <StationItem station=s lang=lang directory=directory /> })
            .collect_view();
        Some(view! {
            <section class="stations" data-testid="station-list"
                aria-label=lang.pick("社工站", "Social-work stations").to_string()>
                <h4>{lang.pick("社工站", "Social-work stations")}</h4>
                <ul>{items}</ul>
            </section>
        })
    }
}

/// One station: a line per thing the directory gives, none for what it leaves out.
#[component]
fn StationItem(station: DirectoryEntry, lang: Lang, directory: StationDirectory) -> impl IntoView {
    let key = (station.township.clone(), station.row);
    let item = NodeRef::<leptos::html::Li>::new();
    let is_pointed = {
        let key = key.clone();
        Memo::new(move |_| directory.pointed.with(|p| p.as_ref() == Some(&key)))
    };
    // Pointed at from elsewhere (the map, search): bring the entry into view.
    Effect::new(move |_| {
        if is_pointed.get() {
            if let Some(el) = item.get_untracked() {
                el.scroll_into_view_with_bool(false);
            }
        }
    });
    let on_focus = {
        let key = key.clone();
        move |_| directory.pointed.set(Some(key.clone()))
    };
    let line = |label: &'static str, text: String| {
        (!text.is_empty()).then(|| view! { <p><span class="label">{label}</span>{text}</p> })
    };
    let phones = station
        .phones
        .iter()
        .map(|p| {
            view! { <a class="tel" data-testid="station-phone" href=format!("tel:{}", p.tel)>{p.shown.clone()}</a>" " }
        })
        .collect_view();
    let workers = station.social_workers.map(|n| {
        lang.pick(&format!("{n} 名驻站社工"), &format!("{n} social workers"))
            .to_string()
    });
    let map_link = station.point.map(|point| {
        view! {
            <a class="map-link" data-testid="station-map-link" href=map_href(point)
                target="_blank" rel="noopener noreferrer">
                {lang.pick("在地图上查看", "View on a map")}
            </a>
        }
    });
    view! {
        <li class="station" data-testid="station" tabindex="0" node_ref=item
            class:pointed=move || is_pointed.get()
            data-pointed=move || is_pointed.get().to_string()
            on:focus=on_focus>
            <strong class="station-name">{station.name.clone()}</strong>
            {line(lang.pick("地址：", "Address: "), station.address.clone())}
            {(!station.phones.is_empty()).then(|| view! {
                <p><span class="label">{lang.pick("电话：", "Phone: ")}</span>{phones}</p>
            })}
            {line(lang.pick("开放时间：", "Hours: "), station.hours.clone())}
            {line("", workers.unwrap_or_default())}
            {line(lang.pick("服务：", "Services: "), station.services.join(lang.pick("、", ", ")))}
            {map_link.map(|a| view! { <p>{a}</p> })}
        </li>
    }
}
