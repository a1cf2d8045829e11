//! Press figures from the page: the current view as SVG (true vectors, text as text) or PNG at
//! a chosen size, built by the core's `figure` module from the same scene as the screen — the
//! CLI's `atlas render` calls the same function, so both give the same file. In a county's or
//! township's view the figure can show the directory's stations as points (`atlas render
//! --points`): on by default when the view has some.

use std::rc::Rc;

use atlas_core::data::atlas::Atlas;
use atlas_core::data::code::RegionCode;
use atlas_core::draw::figure::{build_figure_with, FigureOptions};
use atlas_core::lang::Lang;
use atlas_core::shape::points::shows_points;
use atlas_core::style::classify::{MapMode, Scheme};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use atlas_core::date::{Day, Month};

use crate::state::directory::StationDirectory;

/// Sizes a press office asks for: a slide, and A4 landscape at 300 dpi.
const SIZES: [(&str, u32, u32); 3] = [
    ("1920×1080", 1920, 1080),
    ("A4 300 dpi (3508×2480)", 3508, 2480),
    ("1280×720", 1280, 720),
];

/// Saves `href` (a data or blob URL) as `file_name` through a clicked link.
pub(crate) fn download(href: &str, file_name: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(link) = document.create_element("a") else {
        return;
    };
    let _ = link.set_attribute("href", href);
    let _ = link.set_attribute("download", file_name);
    if let Some(body) = document.body() {
        let _ = body.append_child(&link);
        if let Some(el) = link.dyn_ref::<web_sys::HtmlElement>() {
            el.click();
        }
        let _ = body.remove_child(&link);
    }
}

fn svg_data_url(svg: &str) -> String {
    format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(svg))
    )
}

/// Rasterises the SVG at its own pixel size in an offscreen canvas and downloads the PNG.
fn download_png(svg: String, width: u32, height: u32, file_name: String) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let Ok(canvas) = document.create_element("canvas") else {
        return;
    };
    let Ok(canvas) = canvas.dyn_into::<web_sys::HtmlCanvasElement>() else {
        return;
    };
    canvas.set_width(width);
    canvas.set_height(height);
    let image_for_load = image.clone();
    let on_load = Closure::<dyn Fn()>::new(move || {
        // The PNG's own canvas (not the map's), so the 2D context is asked for here.
        let context = canvas.get_context("2d").ok().flatten();
        let Some(ctx) =
            context.and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        ctx.set_fill_style_str("#ffffff");
        ctx.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
        let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(
            &image_for_load,
            0.0,
            0.0,
            f64::from(width),
            f64::from(height),
        );
        if let Ok(url) = canvas.to_data_url_with_type("image/png") {
            download(&url, &file_name);
        }
    });
    image.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    image.set_src(&svg_data_url(&svg));
}

#[component]
#[allow(clippy::too_many_arguments)]
pub fn ExportPanel(
    atlas: RwSignal<Rc<Atlas>, LocalStorage>,
    focus: RwSignal<RegionCode>,
    mode: RwSignal<MapMode>,
    scheme: RwSignal<Scheme>,
    month: RwSignal<Option<Month>>,
    lang: RwSignal<Lang>,
    today: Day,
) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let subtitle = RwSignal::new(String::new());
    let review = RwSignal::new(String::new());
    let size = RwSignal::new(0usize);
    let with_points = RwSignal::new(true);
    let directory = use_context::<StationDirectory>();
    // The stations the figure would show: placed ones of the focus, from the county level down.
    let stations = move || {
        let region = focus.get();
        match directory {
            Some(d) if shows_points(region.level()) => d.stations_within(&region),
            _ => Vec::new(),
        }
    };
    let placed = move || stations().iter().filter(|s| s.point.is_some()).count();
    let zh = move || lang.get() == Lang::Zh;
    let figure = move || -> (String, u32, u32, String) {
        let (_, width, height) = SIZES[size.get_untracked()];
        let opts = FigureOptions {
            title: title.get_untracked(),
            subtitle: subtitle.get_untracked(),
            width_px: width,
            height_px: height,
            lang: lang.get_untracked(),
            map_review_number: Some(review.get_untracked()).filter(|r| !r.trim().is_empty()),
            stations: if with_points.get_untracked() {
                stations()
            } else {
                Vec::new()
            },
            ..FigureOptions::default()
        };
        let region = focus.get_untracked();
        let svg = atlas.with_untracked(|a| {
            build_figure_with(
                a,
                &region,
                mode.get_untracked(),
                scheme.get_untracked(),
                month.get_untracked(),
                today,
                &opts,
            )
        });
        let stem = format!(
            "coverage-{}-{}",
            if region.as_str().is_empty() {
                "china"
            } else {
                region.as_str()
            },
            mode.get_untracked().key()
        );
        (svg, width, height, stem)
    };
    view! {
        <section class="export" data-testid="export" aria-label="Export a figure">
            <h2>{move || if zh() { "导出新闻发布图" } else { "Export a press figure" }}</h2>
            <div class="export-fields">
                <label>{move || if zh() { "标题（留空用默认）" } else { "Title (blank: default)" }}
                    <input data-testid="export-title" prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) /></label>
                <label>{move || if zh() { "副标题" } else { "Subtitle" }}
                    <input data-testid="export-subtitle" prop:value=move || subtitle.get() on:input=move |ev| subtitle.set(event_target_value(&ev)) /></label>
                <label>{move || if zh() { "审图号（可选）" } else { "Map review number 审图号 (optional)" }}
                    <input data-testid="export-review" prop:value=move || review.get() on:input=move |ev| review.set(event_target_value(&ev)) /></label>
                <label>{move || if zh() { "尺寸" } else { "Size" }}
                    <select data-testid="export-size" on:change=move |ev| {
                        if let Ok(i) = event_target_value(&ev).parse::<usize>() { size.set(i.min(SIZES.len() - 1)) }
                    }>
                        {SIZES.iter().enumerate().map(|(i, (label, _, _))| view! { <option value=i.to_string()>{*label}</option> }).collect_view()}
                    </select></label>
                {move || (placed() > 0).then(|| view! {
                    <label class="check">
                        <input type="checkbox" data-testid="export-points" prop:checked=move || with_points.get()
                            on:change=move |ev| with_points.set(event_target_checked(&ev)) />
                        {move || if zh() { format!("显示社工站点位（{} 个）", placed()) } else { format!("Show the stations as points ({})", placed()) }}
                    </label>
                })}
            </div>
            <button data-testid="export-svg" on:click=move |_| {
                let (svg, _, _, stem) = figure();
                download(&svg_data_url(&svg), &format!("{stem}.svg"));
            }>"SVG"</button>
            <button data-testid="export-png" on:click=move |_| {
                let (svg, width, height, stem) = figure();
                download_png(svg, width, height, format!("{stem}-{width}x{height}.png"));
            }>"PNG"</button>
            <crate::outputs::brief::BriefButton focus=focus month=month lang=lang today=today />
        </section>
    }
}
