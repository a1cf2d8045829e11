//! The first view of a region as static HTML, for `atlas publish` to bake into the site: the map
//! (the export's own layers, [`map_only_svg`]), the summary sentence ([`view_words`]), the
//! legend, the table and the sources, each from the one [`crate::style::view::StyledMap`] the page would style. A
//! visitor without JavaScript, a search engine and a link preview read the same figures the map
//! shows; the page's app then takes the view over.
//!
//! The addresses are one decision ([`page_file`], [`image_file`]): the country is the site's
//! `index.html`, every province and prefecture `region-<code>.html` beside it, so every relative
//! address of the page (its scripts, `data/`, `sw.js`) works unchanged from either, and
//! `?region=52` links keep working (the app reads both).

use std::fmt::Write;
use std::rc::Rc;
use std::sync::Arc;

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::draw::figure::{map_only_svg, scene_sources, source_line};
use crate::draw::svg::escape;
use crate::lang::Lang;
use crate::measure::coverage::AsOfFilter;
use crate::projection::Km;
use crate::shape::scene::{build_scene, Scene, SchematicCache};
use crate::style::classify::Pattern;
use crate::style::legend::Legend;
use crate::style::rows::TableRow;
use crate::style::spoken::view_words;
use crate::style::view::{style_map, Measures, View};

mod shell;
mod toolbar;

pub use shell::{into_shell, ShellError, BAKED_ID};

/// The baked map's size in CSS pixels: the page's map frame at a laptop's width (the SVG scales
/// to its box, keeping its proportions).
pub const MAP_WIDTH_PX: u32 = 960;
/// See [`MAP_WIDTH_PX`].
pub const MAP_HEIGHT_PX: u32 = 640;
/// A share preview's size: the 1.91:1 card Open Graph readers show.
pub const IMAGE_WIDTH_PX: u32 = 1200;
/// See [`IMAGE_WIDTH_PX`].
pub const IMAGE_HEIGHT_PX: u32 = 630;

/// The site file of `code`'s baked page: `index.html` for the country, `region-52.html` for a
/// province or prefecture.
pub fn page_file(code: &RegionCode) -> String {
    if code.level() == Level::Nation {
        "index.html".to_string()
    } else {
        format!("region-{code}.html")
    }
}

/// The share preview of `code`'s page: `og/country.png`, `og/52.png`.
pub fn image_file(code: &RegionCode) -> String {
    if code.level() == Level::Nation {
        "og/country.png".to_string()
    } else {
        format!("og/{code}.png")
    }
}

/// Whether `code` has a baked page of its own: the country, every province and prefecture.
pub fn is_baked(code: &RegionCode) -> bool {
    code.level() <= Level::Prefecture
}

/// Every region with a baked page, the country first, then in code order.
pub fn baked_regions(atlas: &Atlas) -> Vec<RegionCode> {
    let nation = RegionCode::nation();
    std::iter::once(nation.clone())
        .chain(
            atlas
                .divisions
                .within(&nation)
                .filter(|c| c.level() != Level::Nation && is_baked(c))
                .cloned(),
        )
        .collect()
}

/// One region's first view, baked.
#[derive(Clone, Debug, PartialEq)]
pub struct BakedPage {
    /// The region in view.
    pub code: RegionCode,
    /// The page's `<title>`: the view's title.
    pub title: String,
    /// The meta description: the summary sentence with its figures.
    pub description: String,
    /// The `<div id="baked">` the page's body starts with.
    pub body: String,
    /// The map alone at the share preview's size ([`IMAGE_WIDTH_PX`]), to be rasterised.
    pub image_svg: String,
}

/// Bakes `view` (its focus, mode and language) from `measures`, the same measures every view of
/// one publication shares.
pub fn bake_page(
    atlas: &Atlas,
    measures: &Measures,
    view: &View,
    cache: &mut SchematicCache,
) -> BakedPage {
    let mut scene = build_scene(atlas, &view.focus, cache);
    simplify_for_frame(&mut scene);
    let scene = Rc::new(scene);
    let styled = style_map(atlas, scene, measures, view);
    let words = view_words(atlas, measures, view);
    let lang = view.lang;
    let map_svg = map_only_svg(&styled, MAP_WIDTH_PX, MAP_HEIGHT_PX, &words.title);
    let image_svg = map_only_svg(&styled, IMAGE_WIDTH_PX, IMAGE_HEIGHT_PX, &words.title);
    let sources = scene_sources(
        atlas,
        &view.focus,
        view.mode,
        AsOfFilter::for_month(view.month),
    );
    let mut body = String::with_capacity(map_svg.len() + 16 * 1024);
    let _ = write!(body, r#"<div id="{BAKED_ID}" class="baked">"#);
    masthead(&mut body, lang);
    breadcrumbs(&mut body, atlas, &view.focus, lang);
    toolbar::controls_reserve(&mut body, view);
    let _ = write!(
        body,
        r#"<main class="layout"><section class="map-column"><div class="map-frame baked-map" data-testid="baked-map">{map_svg}</div><div class="map-words"><p class="map-summary" data-testid="baked-summary">{}</p></div></section><aside class="side">"#,
        escape(&words.summary)
    );
    legend(&mut body, &styled.legend);
    body.push_str("</aside></main>");
    table(&mut body, &styled.rows(), lang);
    let _ = write!(
        body,
        r#"<footer class="sources" data-testid="baked-sources">{}</footer></div>"#,
        escape(&source_line(&sources, lang))
    );
    BakedPage {
        code: view.focus.clone(),
        title: words.title,
        description: words.summary,
        body,
        image_svg,
    }
}

/// A baked map's outlines are cut to what its frame can show: a point off the line by less than
/// [`SIMPLIFY_PX`] of a pixel is dropped (Ramer–Douglas–Peucker). The country's full outlines
/// are 2.7 MB of SVG otherwise, and a phone waits for every byte before the first map.
/// Neighbours are simplified apart, so they may part by that much; the borders drawn over them
/// (a pixel wide) cover it, and the app's canvas replaces the map within seconds.
const SIMPLIFY_PX: f64 = 0.5;

fn simplify_for_frame(scene: &mut Scene) {
    use geo::Simplify;
    let Some(bounds) = scene.bounds else { return };
    let frame_w_px = f64::from(MAP_WIDTH_PX.min(IMAGE_WIDTH_PX));
    let frame_h_px = f64::from(MAP_HEIGHT_PX.min(IMAGE_HEIGHT_PX));
    let km_per_px = (bounds.width() / frame_w_px).max(bounds.height() / frame_h_px);
    let epsilon_km = SIMPLIFY_PX * km_per_px;
    let simplify = |g: &Arc<Km>| Arc::new(Km(g.polygons().simplify(epsilon_km)));
    for shape in &mut scene.shapes {
        shape.geometry = simplify(&shape.geometry);
    }
    for (_, border) in &mut scene.borders {
        *border = simplify(border);
    }
    for context in &mut scene.context {
        *context = simplify(context);
    }
}

/// The page's heading, in the words of the app's masthead.
fn masthead(out: &mut String, lang: Lang) {
    let _ = write!(
        out,
        r#"<header class="masthead"><h1>{}</h1><p class="tagline">{}</p></header>"#,
        lang.pick(
            "乡镇（街道）社工站覆盖地图",
            "Township Station Coverage Atlas"
        ),
        lang.pick(
            "依据报道数字的全国乡镇（街道）社工站覆盖情况",
            "Township social-work station coverage in China, from reported figures",
        )
    );
}

/// The way up: a link to the baked page of the country and of each region above the focus.
fn breadcrumbs(out: &mut String, atlas: &Atlas, focus: &RegionCode, lang: Lang) {
    let mut chain = vec![focus.clone()];
    while let Some(up) = chain.last().and_then(RegionCode::parent) {
        chain.push(up);
    }
    chain.reverse();
    let _ = write!(
        out,
        r#"<nav class="breadcrumbs" aria-label="{}"><ol>"#,
        lang.pick("所在位置", "You are here")
    );
    for code in &chain {
        let name = region_name(atlas, code, lang);
        if code == focus {
            let _ = write!(out, r#"<li aria-current="page">{}</li>"#, escape(&name));
        } else {
            let _ = write!(
                out,
                r#"<li><a href="{}">{}</a></li>"#,
                page_file(code),
                escape(&name)
            );
        }
    }
    out.push_str("</ol>");
    toolbar::nav_reserve(out, lang);
    out.push_str("</nav>");
}

fn region_name(atlas: &Atlas, code: &RegionCode, lang: Lang) -> String {
    if code.level() == Level::Nation {
        return lang.pick("全国", "China").to_string();
    }
    atlas.divisions.name(code).unwrap_or("?").to_string()
}

/// The legend's rows as the app's legend lays them out (`src/legend.rs`).
fn legend(out: &mut String, legend: &Legend) {
    let _ = write!(
        out,
        r#"<section class="legend" data-testid="baked-legend"><h2>{}</h2><ul class="legend-items">"#,
        escape(&legend.title)
    );
    for entry in &legend.classes {
        let pattern = match entry.pattern {
            Pattern::Solid => "",
            Pattern::Dots => " dots",
            Pattern::CrossHatch => " cross",
        };
        let _ = write!(
            out,
            r#"<li data-class="{}"{}><span class="swatch{pattern}" style="background-color:{}"></span><span class="label">{}</span><span class="count">{}</span></li>"#,
            escape(&entry.class.key()),
            if entry.count == 0 {
                r#" class="absent""#
            } else {
                ""
            },
            entry.colour.hex(),
            escape(&entry.label),
            entry.count
        );
    }
    let key = &legend.reported_total;
    let _ = write!(
        out,
        r#"<li{}><span class="swatch hatched"></span><span class="label">{}</span><span class="count"></span></li>"#,
        if key.present {
            ""
        } else {
            r#" class="absent""#
        },
        escape(&key.label)
    );
    let notes = (legend.not_drawn.as_ref().map(|row| &row.label))
        .into_iter()
        .chain(legend.schematic.as_ref().map(|key| &key.label));
    for label in notes {
        let _ = write!(
            out,
            r#"<li class="schematic-note"><span class="swatch dashed"></span><span class="label">{}</span></li>"#,
            escape(label)
        );
    }
    out.push_str("</ul></section>");
}

/// The table of the view, each province's and prefecture's name a link to its own page.
fn table(out: &mut String, rows: &[TableRow], lang: Lang) {
    let _ = write!(
        out,
        r#"<div class="table-wrap"><table class="regions" data-testid="baked-table"><caption>{}</caption><thead><tr>"#,
        lang.pick("当前视图中的地区", "Regions in this view")
    );
    let heads = [
        ("地区", "Region"),
        ("代码", "Code"),
        ("已覆盖/乡镇数", "Covered/townships"),
        ("覆盖率", "Coverage"),
        ("图例", "Class"),
        ("截至 · 来源", "As of · source"),
    ];
    for (zh, en) in heads {
        let _ = write!(out, r#"<th scope="col">{}</th>"#, lang.pick(zh, en));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        let name = escape(&row.name);
        let name = if is_baked(&row.code) {
            format!(r#"<a href="{}">{name}</a>"#, page_file(&row.code))
        } else {
            name
        };
        let pct = row
            .coverage_pct
            .map_or_else(|| "–".into(), |p| format!("{p:.0}%"));
        let _ = write!(
            out,
            r#"<tr data-code="{code}"><th scope="row">{name}</th><td class="num">{code}</td><td class="num">{}</td><td class="num">{pct}</td><td>{}{}</td><td class="src">{}</td></tr>"#,
            escape(&row.counts),
            escape(&row.class_label),
            if row.reported_total { " ▨" } else { "" },
            escape(&row.source),
            code = escape(row.code.as_str()),
        );
    }
    out.push_str("</tbody></table></div>");
}

#[cfg(test)]
mod tests;
