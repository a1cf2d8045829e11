//! The same figures as the map, as a sortable table: the accessible view of the map, and the
//! one that survives very small screens.

use std::rc::Rc;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::{Level, RegionCode};
use atlas_core::lang::Lang;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::{coverage_cells, Styled};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum SortKey {
    Name,
    Code,
    Pct,
}

#[derive(Clone)]
struct Row {
    code: RegionCode,
    name: String,
    counts: String,
    pct: Option<f64>,
    class_label: String,
    reported_total: bool,
    source: String,
}

#[component]
pub fn RegionTable(
    atlas: StoredValue<Rc<Atlas>, LocalStorage>,
    styled: StoredValue<Option<Styled>, LocalStorage>,
    version: RwSignal<u32>,
    lang: RwSignal<Lang>,
    selected: RwSignal<Option<RegionCode>>,
    on_select: Callback<RegionCode>,
    on_open: Callback<RegionCode>,
) -> impl IntoView {
    let sort = RwSignal::new((SortKey::Code, true));
    let rows = move || -> Vec<Row> {
        let _ = version.get();
        let l = lang.get();
        let mut rows: Vec<Row> = styled.with_value(|s| {
            let Some(s) = s else { return Vec::new() };
            let mut seen = std::collections::HashSet::new();
            s.scene
                .shapes
                .iter()
                .zip(s.styles.iter())
                .filter(|(shape, _)| seen.insert(shape.code.clone()))
                .map(|(shape, style)| {
                    let (counts, pct) = coverage_cells(s.table.get(&shape.code));
                    let (name, source) = atlas.with_value(|a| {
                        let name = a.divisions.name(&shape.code).unwrap_or("?").to_string();
                        let source = a
                            .figures_for(&shape.code)
                            .first()
                            .map(|(_, f)| format!("{} · {}", f.as_of, f.source.id))
                            .unwrap_or_default();
                        (name, source)
                    });
                    Row {
                        code: shape.code.clone(),
                        name,
                        counts,
                        pct,
                        class_label: style.class.label(l, &s.bins),
                        reported_total: style.reported_total,
                        source,
                    }
                })
                .collect()
        });
        let (key, ascending) = sort.get();
        rows.sort_by(|a, b| {
            let order = match key {
                SortKey::Name => a.name.cmp(&b.name),
                SortKey::Code => a.code.cmp(&b.code),
                SortKey::Pct => a
                    .pct
                    .unwrap_or(-1.0)
                    .total_cmp(&b.pct.unwrap_or(-1.0))
                    .then_with(|| a.code.cmp(&b.code)),
            };
            if ascending {
                order
            } else {
                order.reverse()
            }
        });
        rows
    };

    let header = move |key: SortKey, zh: &'static str, en: &'static str| {
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
                    {move || if lang.get() == Lang::Zh { zh } else { en }}
                    {move || { let (k, asc) = sort.get(); if k == key { if asc { " ▲" } else { " ▼" } } else { "" } }}
                </button>
            </th>
        }
    };

    // Keep the selected row in view by scrolling the table's own box only: scrolling the page
    // would carry the map away from the reader who just clicked it.
    let wrap = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        let Some(code) = selected.get() else { return };
        let _ = version.get();
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

    view! {
        <section class="table-wrap" node_ref=wrap aria-label="Regions in this view">
            <table class="regions" data-testid="region-table">
                <caption>{move || if lang.get() == Lang::Zh { "当前视图中的地区（点击行以在地图上选中）" } else { "Regions in this view (select a row to highlight it on the map)" }}</caption>
                <thead><tr>
                    {header(SortKey::Name, "名称", "Name")}
                    {header(SortKey::Code, "代码", "Code")}
                    <th scope="col">{move || if lang.get() == Lang::Zh { "已覆盖/乡镇数" } else { "Covered/townships" }}</th>
                    {header(SortKey::Pct, "覆盖率", "Coverage")}
                    <th scope="col">{move || if lang.get() == Lang::Zh { "图例" } else { "Class" }}</th>
                    <th scope="col">{move || if lang.get() == Lang::Zh { "截至 · 来源" } else { "As of · source" }}</th>
                    <th scope="col"><span class="visually-hidden">"Open"</span></th>
                </tr></thead>
                <tbody>
                    <For each=rows key=|r| (r.code.clone(), r.counts.clone(), r.class_label.clone(), r.reported_total) let:row>
                        {
                            let code = row.code.clone();
                            let code_for_key = row.code.clone();
                            let code_for_open = row.code.clone();
                            let code_sel = row.code.clone();
                            let is_township = row.code.level() == Level::Township;
                            view! {
                                <tr data-code=row.code.to_string() tabindex="0"
                                    aria-selected=move || (selected.get().as_ref() == Some(&code_sel)).to_string()
                                    on:click=move |_| on_select.run(code.clone())
                                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                                        if ev.key() == "Enter" || ev.key() == " " {
                                            ev.prevent_default();
                                            on_select.run(code_for_key.clone());
                                        }
                                    }>
                                    <td>{row.name.clone()}</td>
                                    <td class="num">{row.code.to_string()}</td>
                                    <td class="num">{row.counts.clone()}</td>
                                    <td class="num">{row.pct.map(|p| format!("{p:.0}%")).unwrap_or_else(|| "–".into())}</td>
                                    <td>{row.class_label.clone()}{row.reported_total.then_some(" ▨")}</td>
                                    <td class="src">{row.source.clone()}</td>
                                    <td>{(!is_township).then(|| view! {
                                        <button class="open" on:click=move |ev| { ev.stop_propagation(); on_open.run(code_for_open.clone()) }>
                                            {move || if lang.get() == Lang::Zh { "进入 ›" } else { "Open ›" }}
                                        </button>
                                    })}</td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </section>
    }
}
