//! The same figures as the map, as a sortable table: the accessible view of the map, and the
//! one that survives very small screens.

use atlas_core::data::code::Level;
use atlas_core::sort;
use atlas_core::style::rows::TableRow;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::view_state::ViewState;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum SortKey {
    Name,
    Code,
    Pct,
}

/// The rows of the styled map in the reader's order.
fn sorted(mut rows: Vec<TableRow>, (key, ascending): (SortKey, bool)) -> Vec<TableRow> {
    sort::sort_by(&mut rows, |a, b| {
        let order = match key {
            SortKey::Name => a.name.cmp(&b.name),
            SortKey::Code => a.code.cmp(&b.code),
            SortKey::Pct => a
                .coverage_pct
                .unwrap_or(-1.0)
                .total_cmp(&b.coverage_pct.unwrap_or(-1.0))
                .then_with(|| a.code.cmp(&b.code)),
        };
        if ascending {
            order
        } else {
            order.reverse()
        }
    });
    rows
}

/// A sortable column heading: a click sorts by it, a second click reverses.
fn header(
    state: ViewState,
    sort: RwSignal<(SortKey, bool)>,
    key: SortKey,
    zh: &'static str,
    en: &'static str,
) -> impl IntoView {
    let arrow = move || match sort.get() {
        (k, true) if k == key => " ▲",
        (k, false) if k == key => " ▼",
        _ => "",
    };
    view! {
        <th scope="col" aria-sort=move || {
            let (k, asc) = sort.get();
            if k != key { "none" } else if asc { "ascending" } else { "descending" }
        }>
            <button data-testid=format!("sort-{key:?}").to_lowercase() on:click=move |_| {
                sort.update(|(k, asc)| {
                    if *k == key { *asc = !*asc } else { *k = key; *asc = true }
                })
            }>
                {move || state.pick(zh, en)}
                {arrow}
            </button>
        </th>
    }
}

/// One region: a click or Enter selects it on the map; "Open" makes it the focus.
fn table_row(state: ViewState, row: TableRow) -> impl IntoView {
    let selected = state.selected;
    let select = {
        let code = row.code.clone();
        move || selected.set(Some(code.clone()))
    };
    let select_by_key = select.clone();
    let code = row.code.clone();
    let is_selected = move || (selected.get().as_ref() == Some(&code)).to_string();
    let open = (row.code.level() != Level::Township).then(|| {
        let code = row.code.clone();
        view! {
            <button class="open" on:click=move |ev| { ev.stop_propagation(); state.navigate(code.clone()) }>
                {move || state.pick("进入 ›", "Open ›")}
            </button>
        }
    });
    let pct = row
        .coverage_pct
        .map_or_else(|| "–".into(), |p| format!("{p:.0}%"));
    view! {
        <tr data-code=row.code.to_string() tabindex="0"
            aria-selected=is_selected
            on:click=move |_| select()
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                if ev.key() == "Enter" || ev.key() == " " {
                    ev.prevent_default();
                    select_by_key();
                }
            }>
            <td>{row.name}</td>
            <td class="num">{row.code.to_string()}</td>
            <td class="num">{row.counts}</td>
            <td class="num">{pct}</td>
            <td>{row.class_label}{row.reported_total.then_some(" ▨")}</td>
            <td class="src">{row.source}</td>
            <td>{open}</td>
        </tr>
    }
}

/// Keeps the selected row in view by scrolling the table's own box only: scrolling the page
/// would carry the map away from the reader who just clicked it.
fn keep_selected_in_view(state: ViewState, wrap: NodeRef<leptos::html::Section>) {
    Effect::new(move |_| {
        let Some(code) = state.selected.get() else {
            return;
        };
        state.styled.track();
        let Some(wrap) = wrap.get_untracked() else {
            return;
        };
        let Some(row) = wrap
            .query_selector(&format!("tr[data-code='{code}']"))
            .ok()
            .flatten()
            .and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            return;
        };
        let (top, height) = (f64::from(row.offset_top()), f64::from(row.offset_height()));
        let (view_top, view_height) = (
            f64::from(wrap.scroll_top()),
            f64::from(wrap.client_height()),
        );
        if top < view_top || top + height > view_top + view_height {
            wrap.set_scroll_top((top - view_height / 2.0).max(0.0) as i32);
        }
    });
}

/// The rows of the styled map, sorted as the reader chose.
#[component]
pub fn RegionTable(state: ViewState) -> impl IntoView {
    let sort = RwSignal::new((SortKey::Code, true));
    let rows = move || sorted(state.styled.with(|s| s.map.rows.clone()), sort.get());
    let wrap = NodeRef::<leptos::html::Section>::new();
    keep_selected_in_view(state, wrap);
    let heading = move |zh, en| move || state.pick(zh, en);
    view! {
        <section class="table-wrap" node_ref=wrap aria-label="Regions in this view">
            <table class="regions" data-testid="region-table">
                <caption>{heading("当前视图中的地区（点击行以在地图上选中）", "Regions in this view (select a row to highlight it on the map)")}</caption>
                <thead><tr>
                    {header(state, sort, SortKey::Name, "名称", "Name")}
                    {header(state, sort, SortKey::Code, "代码", "Code")}
                    <th scope="col">{heading("已覆盖/乡镇数", "Covered/townships")}</th>
                    {header(state, sort, SortKey::Pct, "覆盖率", "Coverage")}
                    <th scope="col">{heading("图例", "Class")}</th>
                    <th scope="col">{heading("截至 · 来源", "As of · source")}</th>
                    <th scope="col"><span class="visually-hidden">"Open"</span></th>
                </tr></thead>
                <tbody>
                    <For each=rows key=|r| (r.code.clone(), r.counts.clone(), r.class_label.clone(), r.reported_total) let:row>
                        {table_row(state, row)}
                    </For>
                </tbody>
            </table>
        </section>
    }
}
