//! The table's stations: beside the regions' rows, the directory's stations of the view (the
//! ones the map draws as points, from the county level down: `StationDirectory::shown_in`), a
//! row each with its name, township, address, public phones as `tel:` links and hours. Each
//! station's name is a button: it opens the township on the map and points at the station, as
//! search does. Every text goes in as a text node, so an address holding markup shows as
//! written. Nothing is shown above the county level, nor before the province's file is read.
//! On a narrow screen each row reads as a card, its cells labelled (`data-label`, in CSS).

use atlas_core::data::code::RegionCode;
use atlas_core::data::directory::DirectoryEntry;
use leptos::prelude::*;

use crate::state::directory::StationDirectory;
use crate::state::view::ViewState;

/// The stations section of the table.
#[component]
pub fn StationTable(state: ViewState) -> impl IntoView {
    let directory = use_context::<StationDirectory>();
    let stations = Memo::new(move |_| {
        directory.map_or_else(Vec::new, |d| state.scene.with(|s| d.shown_in(&s.scene)))
    });
    let heading = move |zh, en| move || state.pick(zh, en);
    move || {
        let list = stations.get();
        let directory = directory?;
        if list.is_empty() {
            return None;
        }
        let count = list.len();
        let rows = list
            .into_iter()
            .map(|s| station_row(state, directory, s))
            .collect_view();
        Some(view! {
            <section class="table-wrap station-table-wrap" data-testid="station-table-section"
                aria-label=heading("当前视图中的社工站", "Stations in this view")>
                <table class="stations-table" data-testid="station-table" aria-rowcount=count + 1>
                    <caption>{heading("站点：当前视图中的社工站（点击名称在地图上查看）", "Stations in this view (select a name to show it on the map)")}</caption>
                    <thead><tr>
                        <th scope="col">{heading("名称", "Name")}</th>
                        <th scope="col">{heading("乡镇", "Township")}</th>
                        <th scope="col">{heading("地址", "Address")}</th>
                        <th scope="col">{heading("电话", "Phone")}</th>
                        <th scope="col">{heading("开放时间", "Hours")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        })
    }
}

/// One station's row.
fn station_row(
    state: ViewState,
    directory: StationDirectory,
    station: DirectoryEntry,
) -> impl IntoView {
    let township: RegionCode = station.township.clone();
    let township_name = state.atlas.with_untracked(|a| {
        a.divisions
            .name(&township)
            .map_or_else(|| township.to_string(), str::to_string)
    });
    let key = (township.clone(), station.row);
    let pointed = {
        let key = key.clone();
        move || directory.pointed.with(|p| p.as_ref() == Some(&key))
    };
    let open = move |_| {
        state.selected.set(Some(key.0.clone()));
        directory.pointed.set(Some(key.clone()));
    };
    let phones = station
        .phones
        .iter()
        .map(|p| {
            view! { <a class="tel" data-testid="station-table-phone" href=format!("tel:{}", p.tel)>{p.shown.clone()}</a>" " }
        })
        .collect_view();
    view! {
        <tr data-testid="station-row" data-code=township.to_string() class:pointed=pointed>
            <th scope="row">
                <button type="button" class="link station-open" on:click=open>{station.name.clone()}</button>
            </th>
            <td data-label=state.pick("乡镇", "Township")>{township_name}</td>
            <td data-label=state.pick("地址", "Address")>{station.address.clone()}</td>
            <td data-label=state.pick("电话", "Phone")>{phones}</td>
            <td data-label=state.pick("开放时间", "Hours")>{station.hours.clone()}</td>
        </tr>
    }
}
