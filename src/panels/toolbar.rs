//! The bar above the map: breadcrumbs and the up button, search, the present, share and
//! language buttons (with the share panel they open), then the controls: map modes, coverage
//! bins and the time slider.

use std::time::Duration;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::RegionCode;
use atlas_core::date::Month;
use atlas_core::lang::Lang;
use atlas_core::style::classify::{MapMode, Scheme};
use leptos::prelude::*;

use crate::displays::presentation::Tour;
use crate::outputs::share::SharePanel;
use crate::panels::search::SearchBox;
use crate::state::url::this_month;
use crate::state::view::ViewState;

#[component]
pub fn Toolbar(state: ViewState, tour: Tour) -> impl IntoView {
    let share_open = RwSignal::new(false);
    let other_lang = move |l: &mut Lang| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh };
    view! {
        <nav class="breadcrumbs" data-testid="breadcrumbs" aria-label="Region">
            <ol><Breadcrumbs state=state /></ol>
            <button class="up" data-testid="up" on:click=move |_| state.go_up()
                disabled=move || state.focus.get().parent().is_none()>
                {move || state.pick("↑ 上一级", "↑ Up")}
            </button>
            <SearchBox atlas=state.atlas lang=state.lang
                on_pick=Callback::new(move |code: RegionCode| state.navigate(code)) />
            <button class="tool" data-testid="present" on:click=move |_| tour.start()>
                {move || state.pick("演示模式", "Present")}
            </button>
            <button class="tool" data-testid="share" on:click=move |_| share_open.update(|o| *o = !*o)>
                {move || state.pick("分享/嵌入", "Share / embed")}
            </button>
            <button class="lang" data-testid="lang" on:click=move |_| state.lang.update(other_lang)>
                {move || state.pick("English", "中文")}
            </button>
        </nav>
        {move || share_open.get().then(|| view! { <SharePanel state=state /> })}
        <section class="controls" aria-label=move || state.pick("地图设置", "Map settings")>
            <ModeButtons state=state />
            <SchemeSelect state=state />
            <TimeSlider state=state />
        </section>
    }
}

/// The focus and every region above it, each a button that opens it.
#[component]
fn Breadcrumbs(state: ViewState) -> impl IntoView {
    move || {
        let focus = state.focus.get();
        let mut chain = vec![focus.clone()];
        while let Some(parent) = chain.last().and_then(RegionCode::parent) {
            chain.push(parent);
        }
        chain.reverse();
        // A municipality's 市辖区 bears the municipality's name: one 北京市 in the trail, not two.
        chain.retain(|code| {
            code == &focus
                || state.atlas.with(|a| {
                    let d = &a.divisions;
                    !d.is_grouping(code) || code.parent().and_then(|p| d.name(&p)) != d.name(code)
                })
        });
        chain
            .into_iter()
            .map(|code| {
                let name = state
                    .atlas
                    .with(|a| a.divisions.name(&code).unwrap_or("?").to_string());
                let is_focus = code == focus;
                view! {
                    <li>
                        <button
                            class:current=is_focus
                            aria-current=move || is_focus.then_some("page")
                            on:click=move |_| state.navigate(code.clone())
                        >{name}</button>
                    </li>
                }
            })
            .collect_view()
    }
}

#[component]
fn ModeButtons(state: ViewState) -> impl IntoView {
    let mode = state.mode;
    view! {
        <div class="modes" role="radiogroup" aria-label="Map mode">
            {MapMode::ALL.into_iter().map(|m| view! {
                <button role="radio" data-testid=format!("mode-{}", m.key())
                    aria-checked=move || (mode.get() == m).to_string()
                    class:active=move || mode.get() == m
                    on:click=move |_| mode.set(m)>
                    {move || m.title(state.lang.get())}
                </button>
            }).collect_view()}
        </div>
    }
}

/// How coverage is binned; shown in coverage mode only, the choice kept in the others.
#[component]
fn SchemeSelect(state: ViewState) -> impl IntoView {
    let scheme = state.scheme;
    view! {
        <label class="scheme" class:hidden=move || state.mode.get() != MapMode::Coverage>
            {move || state.pick("分段 ", "Bins ")}
            <select data-testid="scheme" on:change=move |ev| {
                if let Some(s) = Scheme::from_key(&event_target_value(&ev)) { scheme.set(s) }
            }>
                {Scheme::ALL.into_iter().map(|s| view! {
                    <option value=s.key() selected=move || scheme.get() == s>{move || s.label(state.lang.get())}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

/// The month of the earliest dated figure (湖南's full coverage, 2019-12, in the default data),
/// and never later than 2020-01, when the provincial pilots began.
fn slider_start(atlas: &Atlas) -> Month {
    let pilots = Month::new(2020, 1);
    atlas
        .figures
        .iter()
        .filter_map(|f| f.as_of.date)
        .map(|d| d.first_day().month())
        .min()
        .map_or(pilots, |first| first.min(pilots))
}

/// Months from the first pilots to this month, then "latest" (all figures, undated ones
/// included); play steps through them.
#[component]
fn TimeSlider(state: ViewState) -> impl IntoView {
    let month = state.month;
    let start = state.atlas.with_untracked(|a| slider_start(a));
    let last = this_month().0 - start.0 + 1;
    let value = move || {
        month
            .get()
            .map_or(last, |m| (m.0 - start.0).clamp(0, last - 1))
    };
    let set_value = move |v: i32| month.set((v < last).then_some(Month(start.0 + v)));
    // Each data's months counted ahead while the page rests, newest first (where a drag
    // starts): a step is then a lookup, not a count of the country's coverage. Fills a cache,
    // writes no signal.
    Effect::new(move |_| {
        state.coverage_cache.track();
        state.warm_coverage((0..last).rev().map(|v| Month(start.0 + v)).collect());
    });
    let playing = RwSignal::new(false);
    let timer = StoredValue::new_local(None::<IntervalHandle>);
    let stop = move || {
        playing.set(false);
        if let Some(h) = timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
    };
    let step = move || {
        let next = month.get_untracked().map_or(last, |m| m.0 + 1 - start.0);
        set_value(next.min(last));
        if next >= last {
            stop();
        }
    };
    let play = move || {
        if playing.get_untracked() {
            return stop();
        }
        playing.set(true);
        if month.get_untracked().is_none() {
            month.set(Some(start));
        }
        timer.set_value(set_interval_with_handle(step, Duration::from_millis(350)).ok());
    };
    view! {
        <div class="time">
            <button data-testid="time-play" class="play" on:click=move |_| play()
                aria-label=move || if playing.get() { "Pause" } else { "Play" }>
                {move || if playing.get() { "❚❚" } else { "▶" }}
            </button>
            <input type="range" data-testid="time-slider" min="0" max=last.to_string()
                aria-label="As of month"
                prop:value=move || value().to_string()
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<i32>() { set_value(v) }
                } />
            <span class="time-label" data-testid="time-label">{move || {
                let when = state.month_label();
                if state.zh() { format!("截至 {when}") } else { format!("as of {when}") }
            }}</span>
        </div>
    }
}
