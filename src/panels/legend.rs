//! The legend beside the map. It lays out the legend the styling step built (title, class rows,
//! the hatching key, the regions not drawn and the schematic key), and the directory's point key
//! when the view draws stations (core's `point_key` over the stations the map shows, the disc in
//! the palette's `PointLook`); which rows exist and what they say is decided in core, never here.

use atlas_core::draw::paint::{Palette, PointLook};
use atlas_core::shape::points::points_on_scene;
use atlas_core::style::classify::Pattern;
use atlas_core::style::dark::dark_colour;
use atlas_core::style::legend::{point_key, KeyRow, LegendEntry, NotDrawnRow, PointKey};
use leptos::prelude::*;

use crate::state::directory::StationDirectory;
use crate::state::view::ViewState;

#[component]
pub fn LegendPanel(state: ViewState) -> impl IntoView {
    let legend = move || state.styled.with(|s| s.map.legend.clone());
    let directory = use_context::<StationDirectory>();
    let points = Memo::new(move |_| {
        let drawn = directory.map_or(0, |d| {
            state
                .scene
                .with(|s| points_on_scene(&s.scene, &d.shown_in(&s.scene)).len())
        });
        point_key(drawn, state.lang.get())
    });
    view! {
        <section class="legend" data-testid="legend" aria-label=move || state.pick("图例", "Legend")>
            {move || {
                let legend = legend();
                view! {
                    <h2>{legend.title}</h2>
                    <ul class="legend-items">
                        {legend.classes.into_iter().map(|e| class_row(e, state.present.get())).collect_view()}
                        {reported_total_row(legend.reported_total)}
                        {legend.not_drawn.map(not_drawn_row)}
                        {legend.schematic.map(schematic_row)}
                        {points.get().map(|key| point_row(key, Palette::of(state.theme()).points))}
                    </ul>
                }
            }}
        </section>
    }
}

/// One class; on the dark briefing display, in the dark palette the map is drawn in.
fn class_row(entry: LegendEntry, dark: bool) -> impl IntoView {
    let colour = if dark {
        dark_colour(entry.class)
    } else {
        entry.colour
    };
    let pattern = match entry.pattern {
        Pattern::Solid => "",
        Pattern::Dots => "dots",
        Pattern::CrossHatch => "cross",
    };
    view! {
        <li data-testid="legend-item" data-class=entry.class.key() class:absent=entry.count == 0>
            <span class=format!("swatch {pattern}") style=format!("background-color:{}", colour.hex())></span>
            <span class="label">{entry.label}</span>
            <span class="count">{entry.count}</span>
        </li>
    }
}

fn reported_total_row(key: KeyRow) -> impl IntoView {
    view! {
        <li data-testid="legend-item" data-class="ReportedTotal" class:absent=!key.present>
            <span class="swatch hatched"></span>
            <span class="label">{key.label}</span>
            <span class="count"></span>
        </li>
    }
}

fn not_drawn_row(row: NotDrawnRow) -> impl IntoView {
    let title = row.label.clone();
    view! {
        <li data-testid="legend-not-drawn" class="schematic-note not-drawn" title=title>
            <span class="swatch dashed"></span>
            // A long list scrolls: focusable, so a keyboard can scroll it too.
            <span class="label" tabindex="0">{row.label}</span>
        </li>
    }
}

fn schematic_row(key: KeyRow) -> impl IntoView {
    view! {
        <li data-testid="legend-schematic" class="schematic-note" class:absent=!key.present>
            <span class="swatch dashed"></span>
            <span class="label">{key.label}</span>
        </li>
    }
}

/// The stations' key: one point as the map draws it, in core's look (disc on its halo).
fn point_row(key: PointKey, look: PointLook) -> impl IntoView {
    let (r, halo) = (look.radius_px, look.halo_px);
    let style = format!(
        "width:{d}px;height:{d}px;border-radius:50%;background:{};box-shadow:0 0 0 {halo}px {}",
        look.fill.rgb.hex(),
        look.halo.rgb.hex(),
        d = 2.0 * r
    );
    view! {
        <li data-testid="legend-points" class="legend-points">
            <span class="point-swatch"><span class="point" style=style></span></span>
            <span class="label">{key.label}</span>
            <span class="count">{key.count}</span>
        </li>
    }
}
