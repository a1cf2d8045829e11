//! The same figures as the map, as a sortable table: the accessible view of the map, and the
//! one that survives very small screens.
//!
//! A long table (a view filled with townships has up to 40,912 rows) renders only the rows on
//! screen and a few more, between two spacer rows as tall as the rows left out, so the
//! scrollbar is right: laying out every row made each restyle take seconds. A short one renders
//! every row, so the browser's find-in-page and printing still see the whole table.
//!
//! A row is built from the styled map only while it is rendered (`StyledMap::row`), and a
//! restyle (a mode switch, a slider step) changes the text of the rendered rows' cells in place:
//! rows are keyed by their place and region, never by what a restyle changes, so no `<tr>` is
//! made again for a new colour. The order is the scene's, sorted: it changes with the scene and
//! the sort (and with the month, sorted by coverage), not with the mode.

use atlas_core::data::code::{Level, RegionCode};
use atlas_core::measure::coverage::{Coverage, CoverageTable};
use atlas_core::sort;
use atlas_core::style::regions::SceneRegions;
use atlas_core::style::rows::TableRow;
use leptos::html::{Section, Tbody};
use leptos::prelude::*;

use crate::state::view::{Shared, ViewState};

/// Tables longer than this render only the rows near the screen. Below it every row is in the
/// page (a county's townships, a province's counties: a few hundred rows lay out in a frame).
const ALL_ROWS_UP_TO: usize = 500;
/// Rows rendered beyond each edge of the screen; the rendered range also moves in steps of this
/// many rows, so a scroll of a few pixels does not re-render.
const OVERSCAN: usize = 20;
/// A row's height before one is measured (a long table's rows do not wrap: see style.css).
const ROW_PX: f64 = 26.0;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum SortKey {
    Name,
    Code,
    Pct,
}

/// The order of the scene's rows the reader chose, as indexes into them (rows are not built to
/// be sorted: a long table builds only the ones rendered). `coverage` is read only to sort by
/// coverage.
fn sorted(
    regions: &SceneRegions,
    coverage: &CoverageTable,
    (key, ascending): (SortKey, bool),
) -> Vec<usize> {
    let codes = regions.codes();
    let pct: Vec<f64> = match key {
        SortKey::Pct => codes
            .iter()
            .map(|code| coverage.get(code).and_then(Coverage::pct).unwrap_or(-1.0))
            .collect(),
        SortKey::Name | SortKey::Code => Vec::new(),
    };
    let mut order: Vec<usize> = (0..codes.len()).collect();
    sort::sort_by(&mut order, |&a, &b| {
        let order = match key {
            SortKey::Name => regions.name(a).cmp(regions.name(b)),
            SortKey::Code => codes[a].cmp(&codes[b]),
            SortKey::Pct => pct[a]
                .total_cmp(&pct[b])
                .then_with(|| codes[a].cmp(&codes[b])),
        };
        if ascending {
            order
        } else {
            order.reverse()
        }
    });
    order
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

/// One region, the `index`th in the reader's order and the `row`th of the styled map: a click or
/// Enter selects it on the map; "Open" makes it the focus. Its cells follow restyles in place.
fn table_row(state: ViewState, index: usize, row: usize, code: RegionCode) -> impl IntoView {
    // The row as the styled map now has it; `None` for the moment a new scene is styled and
    // this row's place is about to go (its key holds the old scene's region).
    let cells = {
        let code = code.clone();
        Memo::new(move |_| {
            state
                .styled
                .with(|s| (s.map.row_codes().get(row) == Some(&code)).then(|| s.map.row(row)))
        })
    };
    let cell = move |text: fn(&TableRow) -> String| {
        move || cells.with(|r| r.as_ref().map(text).unwrap_or_default())
    };
    let selected = state.selected;
    let select = {
        let code = code.clone();
        move || selected.set(Some(code.clone()))
    };
    let select_by_key = select.clone();
    let is_selected = {
        let code = code.clone();
        move || (selected.get().as_ref() == Some(&code)).to_string()
    };
    let open = (code.level() != Level::Township).then(|| {
        let code = code.clone();
        view! {
            <button class="open" on:click=move |ev| { ev.stop_propagation(); state.navigate(code.clone()) }>
                {move || state.pick("进入 ›", "Open ›")}
            </button>
        }
    });
    // Row 1 is the header.
    view! {
        <tr data-code=code.to_string() tabindex="0" aria-rowindex=index + 2
            aria-selected=is_selected
            on:click=move |_| select()
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                if ev.key() == "Enter" || ev.key() == " " {
                    ev.prevent_default();
                    select_by_key();
                }
            }>
            <td>{cell(|r| r.name.clone())}</td>
            <td class="num">{code.to_string()}</td>
            <td class="num">{cell(|r| r.counts.clone())}</td>
            <td class="num">{cell(|r| r.coverage_pct.map_or_else(|| "–".into(), |p| format!("{p:.0}%")))}</td>
            <td>{cell(|r| format!("{}{}", r.class_label, if r.reported_total { " ▨" } else { "" }))}</td>
            <td class="src">{cell(|r| r.source.clone())}</td>
            <td>{open}</td>
        </tr>
    }
}

/// Which rows of a long table are rendered: those inside both the table's scroll box and the
/// window (on a phone the box does not scroll, the page does), and `OVERSCAN` more each way.
#[derive(Clone, Copy)]
struct Rendered {
    wrap: NodeRef<Section>,
    body: NodeRef<Tbody>,
    /// The first row rendered and one past the last, in the reader's order.
    range: RwSignal<(usize, usize)>,
    /// The distance from one row to the next, measured from the rendered rows.
    row_px: RwSignal<f64>,
    /// How many rows the table has.
    len: StoredValue<usize>,
}

impl Rendered {
    fn new() -> Rendered {
        Rendered {
            wrap: NodeRef::new(),
            body: NodeRef::new(),
            range: RwSignal::new((0, 3 * OVERSCAN)),
            row_px: RwSignal::new(ROW_PX),
            len: StoredValue::new(0),
        }
    }

    fn all(self) -> bool {
        self.len.get_value() <= ALL_ROWS_UP_TO
    }

    /// The rendered rows of the table of `len` rows (every row of a short table).
    fn rows(self, len: usize) -> (usize, usize) {
        if len <= ALL_ROWS_UP_TO {
            return (0, len);
        }
        let (start, end) = self.range.get();
        (start.min(len), end.min(len))
    }

    /// Measures the rendered rows' pitch (fonts and zoom decide it, not this file).
    fn measure_rows(self, body: &web_sys::HtmlElement) {
        let first = body.query_selector("tr[data-code]").ok().flatten();
        let last = body
            .last_element_child()
            .filter(|row| row.has_attribute("data-code"))
            .or_else(|| body.last_element_child()?.previous_element_sibling());
        let (Some(first), Some(last)) = (first, last) else {
            return;
        };
        let index = |row: &web_sys::Element| {
            row.get_attribute("aria-rowindex")
                .and_then(|i| i.parse::<u32>().ok())
        };
        let (Some(a), Some(b)) = (index(&first), index(&last)) else {
            return;
        };
        if b <= a {
            return;
        }
        let span =
            last.get_bounding_client_rect().bottom() - first.get_bounding_client_rect().top();
        let pitch = span / f64::from(b - a + 1);
        if pitch > 4.0 && (pitch - self.row_px.get_untracked()).abs() > 0.01 {
            self.row_px.set(pitch);
        }
    }

    /// Renders the rows now on screen (after a scroll, a resize or a new table).
    fn update(self) {
        let (Some(wrap), Some(body)) = (self.wrap.get_untracked(), self.body.get_untracked())
        else {
            return;
        };
        if self.all() {
            return;
        }
        self.measure_rows(&body);
        let window_px = web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .unwrap_or(800.0);
        let boxed = wrap.get_bounding_client_rect();
        let (mut top, mut bottom) = (boxed.top().max(0.0), boxed.bottom().min(window_px));
        if bottom <= top {
            // Off screen: the rows the box would show, ready for when it scrolls into view.
            (top, bottom) = (boxed.top(), boxed.bottom());
        }
        let body_top = body.get_bounding_client_rect().top();
        let row_px = self.row_px.get_untracked();
        let at = |y: f64| ((y - body_top) / row_px).max(0.0) as usize;
        let len = self.len.get_value();
        let first = at(top).min(len) / OVERSCAN;
        let last = at(bottom).div_ceil(OVERSCAN) + 1;
        let range = (
            first.saturating_sub(1) * OVERSCAN,
            (last * OVERSCAN).min(len),
        );
        if self.range.get_untracked() != range {
            self.range.set(range);
        }
    }

    /// Follows scrolling and resizing of the window (the table's own box has `on:scroll`).
    fn follow_window(self) {
        let scroll = window_event_listener(leptos::ev::scroll, move |_| self.update());
        let resize = window_event_listener(leptos::ev::resize, move |_| self.update());
        on_cleanup(move || {
            scroll.remove();
            resize.remove();
        });
    }
}

/// Keeps the selected row in view by scrolling the table's own box only: scrolling the page
/// would carry the map away from the reader who just clicked it. A long table's row may not be
/// rendered: its place is its index × the row height, and scrolling there renders it.
fn keep_selected_in_view(state: ViewState, order: Memo<Shared<Vec<usize>>>, rendered: Rendered) {
    Effect::new(move |_| {
        let Some(code) = state.selected.get() else {
            return;
        };
        let index = state.scene.with(|s| {
            let codes = s.regions.codes();
            order.with(|o| o.iter().position(|&k| codes.get(k) == Some(&code)))
        });
        let (Some(index), Some(wrap), Some(body)) = (
            index,
            rendered.wrap.get_untracked(),
            rendered.body.get_untracked(),
        ) else {
            return;
        };
        let wrap_top = wrap.get_bounding_client_rect().top() - f64::from(wrap.scroll_top());
        let in_dom = wrap
            .query_selector(&format!("tr[data-code='{code}']"))
            .ok()
            .flatten();
        let (top, height) = match in_dom {
            Some(row) => {
                let rect = row.get_bounding_client_rect();
                (rect.top() - wrap_top, rect.height())
            }
            None => {
                let row_px = rendered.row_px.get_untracked();
                let body_top = body.get_bounding_client_rect().top() - wrap_top;
                (body_top + index as f64 * row_px, row_px)
            }
        };
        let head = body
            .previous_element_sibling()
            .map_or(0.0, |h| h.get_bounding_client_rect().height());
        let (view_top, view_height) = (
            f64::from(wrap.scroll_top()),
            f64::from(wrap.client_height()),
        );
        if top < view_top + head || top + height > view_top + view_height {
            wrap.set_scroll_top((top - view_height / 2.0).max(0.0) as i32);
            rendered.update();
        }
    });
}

/// A spacer standing for the rows not rendered above or below: `rows` rows tall.
fn spacer(rendered: Rendered, rows: impl Fn() -> usize + Send + Sync + 'static) -> impl IntoView {
    move || {
        let n = rows();
        (n > 0).then(|| {
            let height = format!("{:.2}px", n as f64 * rendered.row_px.get());
            view! { <tr class="spacer" aria-hidden="true"><td colspan="7" style:height=height></td></tr> }
        })
    }
}

/// The rows of the styled map, sorted as the reader chose.
#[component]
pub fn RegionTable(state: ViewState) -> impl IntoView {
    let sort = RwSignal::new((SortKey::Code, true));
    // The order follows the scene and the sort, and the month only when sorted by coverage: a
    // mode switch does not sort 40,912 rows again.
    let order = Memo::new(move |_| {
        let key = sort.get();
        let coverage = match key.0 {
            SortKey::Pct => state.coverage.get(),
            SortKey::Name | SortKey::Code => state.coverage.get_untracked(),
        };
        Shared::new(state.scene.with(|s| sorted(&s.regions, &coverage, key)))
    });
    let rendered = Rendered::new();
    let len = move || order.with(|o| o.len());
    // A new table (another view, another sort) may be shorter: render what is on screen now.
    Effect::new(move |_| {
        rendered.len.set_value(len());
        rendered.update();
    });
    rendered.follow_window();
    keep_selected_in_view(state, order, rendered);
    // (place in the reader's order, row of the scene, region): the rows rendered.
    let shown = move || {
        let (start, end) = rendered.rows(len());
        state.scene.with(|s| {
            let codes = s.regions.codes();
            order.with(|o| {
                (start..end)
                    .filter_map(|i| Some((i, o[i], codes.get(o[i])?.clone())))
                    .collect::<Vec<_>>()
            })
        })
    };
    let above = move || rendered.rows(len()).0;
    let below = move || len() - rendered.rows(len()).1;
    let long = move || len() > ALL_ROWS_UP_TO;
    let heading = move |zh, en| move || state.pick(zh, en);
    view! {
        <section class="table-wrap" node_ref=rendered.wrap aria-label="Regions in this view"
            on:scroll=move |_| rendered.update()>
            <table class="regions" class:long=long
                data-testid="region-table" aria-rowcount=move || len() + 1>
                <caption>{heading("当前视图中的地区（点击行以在地图上选中）", "Regions in this view (select a row to highlight it on the map)")}</caption>
                <thead><tr aria-rowindex="1">
                    {header(state, sort, SortKey::Name, "名称", "Name")}
                    {header(state, sort, SortKey::Code, "代码", "Code")}
                    <th scope="col">{heading("已覆盖/乡镇数", "Covered/townships")}</th>
                    {header(state, sort, SortKey::Pct, "覆盖率", "Coverage")}
                    <th scope="col">{heading("图例", "Class")}</th>
                    <th scope="col">{heading("截至 · 来源", "As of · source")}</th>
                    <th scope="col"><span class="visually-hidden">{move || state.pick("进入", "Open")}</span></th>
                </tr></thead>
                <tbody node_ref=rendered.body>
                    {spacer(rendered, above)}
                    <For each=shown
                        key=|entry| entry.clone()
                        children=move |(i, row, code)| table_row(state, i, row, code) />
                    {spacer(rendered, below)}
                </tbody>
            </table>
        </section>
    }
}
