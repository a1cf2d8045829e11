//! The briefing pack: A4 portrait pages as SVG documents, which the CLI (and the page) turn into
//! one PDF through the usvg tree resvg already builds, so the pack is the same drawing as the
//! figure export, never a second one.
//!
//! 1. the map figure, the headline figures ([`crate::style::headline`]) and the verdict;
//! 2. the deadline board of the regions inside the focus (as many pages as it needs);
//! 3. one progress chart for each region on the board that is at risk or overdue, two a page;
//! 4. sources, data notes, as-of date, publisher, licence and 审图号.
//!
//! Pages are drawn in PDF points (1/72 in), so a size here is the printed size.

use std::fmt::Write;

use crate::data::atlas::Atlas;
use crate::data::code::RegionCode;
use crate::date::{Day, Month};
use crate::lang::Lang;
use crate::measure::coverage::AsOfFilter;
use crate::measure::progress::{fmt_date, Assessment, Status};
use crate::shape::scene::SchematicCache;
use crate::style::classify::{MapMode, Scheme};
use crate::style::headline::{headline, Headline};
use crate::style::shapes::deadline_class_of;
use crate::style::view::{style_view, View};

use super::chart::progress_svg;
use super::figure::{
    build_figure_with, scene_sources, FigureOptions, DIVISIONS_SOURCE, OUTLINES_SOURCE,
};
use super::svg::{escape, num, text, wrap, Metrics, FONT_FAMILY};

mod board;
mod characters;

pub use characters::pack_characters;

/// A4 portrait in points.
pub const A4_WIDTH_PT: f64 = 595.28;
/// A4 portrait in points.
pub const A4_HEIGHT_PT: f64 = 841.89;
/// Page margin in points (15 mm).
const MARGIN_PT: f64 = 42.5;
/// Body text size in points.
const BODY_PT: f64 = 9.5;
/// The pack's text width estimate (wide CJK, narrow Latin).
const METRICS: Metrics = Metrics::Fine;

/// What a pack is made for.
#[derive(Clone, Debug, PartialEq)]
pub struct BriefOptions {
    /// The region briefed on.
    pub focus: RegionCode,
    /// Figures up to the end of this month; `None` for the latest.
    pub month: Option<Month>,
    /// The day deadlines are judged on.
    pub today: Day,
    /// The language of every word.
    pub lang: Lang,
}

/// One page being written: the SVG so far and the baseline of the next line.
struct Page {
    out: String,
    y: f64,
}

impl Page {
    fn new(title: &str) -> Page {
        let mut out = String::with_capacity(16 * 1024);
        let _ = write!(
            out,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}pt" height="{h}pt" viewBox="0 0 {w} {h}" font-family="{FONT_FAMILY}"><title>{}</title><rect width="100%" height="100%" fill="#ffffff"/>"##,
            escape(title),
            w = A4_WIDTH_PT,
            h = A4_HEIGHT_PT,
        );
        Page { out, y: MARGIN_PT }
    }

    fn room_left(&self) -> f64 {
        A4_HEIGHT_PT - MARGIN_PT - self.y
    }

    /// A line of `size` at the left margin (or `x`), moving down by its leading.
    fn line(&mut self, x: f64, size: f64, attrs: &str, content: &str) {
        self.y += size * 1.2;
        text(&mut self.out, x, self.y, size, attrs, content);
        self.y += size * 0.25;
    }

    /// `content` wrapped to `width` from `x`.
    fn paragraph(&mut self, x: f64, width: f64, size: f64, attrs: &str, content: &str) {
        for l in wrap(content, METRICS, size, width) {
            self.line(x, size, attrs, &l);
        }
    }

    fn heading(&mut self, content: &str) {
        self.y += 6.0;
        self.line(
            MARGIN_PT,
            13.0,
            r##"font-weight="bold" fill="#111111""##,
            content,
        );
        self.y += 4.0;
    }

    /// Another SVG document drawn at (`x`, `y`) scaled to `width` points wide.
    fn embed(&mut self, svg: &str, x: f64, y: f64, width: f64, svg_width_px: f64) {
        let body = svg
            .find("<svg")
            .map_or(svg, |start| &svg[start..])
            .trim_end();
        let _ = write!(
            self.out,
            r#"<g transform="translate({} {}) scale({})">{body}</g>"#,
            num(x),
            num(y),
            width / svg_width_px
        );
    }

    fn finish(mut self, footer: &str, number: usize, count: usize) -> String {
        let size = 7.5;
        let y = A4_HEIGHT_PT - MARGIN_PT * 0.55;
        text(
            &mut self.out,
            MARGIN_PT,
            y,
            size,
            r##"fill="#555555""##,
            footer,
        );
        text(
            &mut self.out,
            A4_WIDTH_PT - MARGIN_PT,
            y,
            size,
            r##"fill="#555555" text-anchor="end""##,
            &format!("{number} / {count}"),
        );
        self.out.push_str("</svg>\n");
        self.out
    }
}

/// The name of a region for a heading: "全国" / "China" for the nation.
fn region_name(atlas: &Atlas, code: &RegionCode, lang: Lang) -> String {
    if code.level() == crate::data::code::Level::Nation {
        return lang.pick("全国", "China").to_string();
    }
    atlas
        .divisions
        .name(code)
        .map_or_else(|| code.to_string(), str::to_string)
}

/// The pack's title, on its first page and in the PDF's document information.
pub fn brief_title(atlas: &Atlas, opts: &BriefOptions) -> String {
    let name = region_name(atlas, &opts.focus, opts.lang);
    format!("{name} {}", brief_words(opts.lang))
}

fn brief_words(lang: Lang) -> &'static str {
    lang.pick(
        "乡镇（街道）社工站覆盖简报",
        "township social-work station coverage brief",
    )
}

/// The pack's pages as SVG documents, in order.
pub fn brief_pages(atlas: &Atlas, opts: &BriefOptions) -> Vec<String> {
    let lang = opts.lang;
    let view = View {
        focus: opts.focus.clone(),
        mode: MapMode::Coverage,
        scheme: Scheme::Fixed,
        month: opts.month,
        today: opts.today,
        lang,
    };
    let styled = style_view(atlas, &view, &mut SchematicCache::default());
    let focus = styled.scene.focus.clone();
    let name = region_name(atlas, &focus, lang);
    let board = &styled.measures.board;
    let head = headline(&styled.measures.coverage, board, &focus, lang);
    let footer = footer_line(atlas, &name, opts);
    let mut pages = vec![first_page(atlas, &name, &head, opts)];
    pages.extend(board::pages(atlas, &styled.measures, &name, &focus, lang));
    let risky: Vec<&Assessment> = board
        .iter()
        .filter(|a| a.region.is_within(&focus))
        .filter(|a| matches!(a.status, Status::Overdue | Status::AtRisk))
        .collect();
    pages.extend(chart_pages(&name, &risky, opts));
    pages.extend(sources_pages(atlas, &name, &focus, opts));
    let count = pages.len();
    pages
        .into_iter()
        .enumerate()
        .map(|(i, p)| p.finish(&footer, i + 1, count))
        .collect()
}

/// "黔西南布依族苗族自治州 · 社工站覆盖简报 · Coverage Atlas 示例数据 · 2026-12-07".
fn footer_line(atlas: &Atlas, name: &str, opts: &BriefOptions) -> String {
    format!(
        "{name} · {} · {} · {}",
        opts.lang.pick("社工站覆盖简报", "station coverage brief"),
        atlas.publisher.name(opts.lang),
        opts.today
    )
}

/// Page 1: title, the map figure, the headline tiles and the verdict.
fn first_page(atlas: &Atlas, name: &str, head: &Headline, opts: &BriefOptions) -> Page {
    let lang = opts.lang;
    let title = format!("{name} {}", brief_words(lang));
    let mut page = Page::new(&title);
    page.line(
        MARGIN_PT,
        17.0,
        r##"font-weight="bold" fill="#111111""##,
        &title,
    );
    let as_of = match opts.month {
        Some(m) => fmt_date(&m.date(), lang),
        None => lang.pick("最新数据", "latest figures").to_string(),
    };
    let sub = match lang {
        Lang::Zh => format!("数据截至 {as_of} · 期限评估日 {}", opts.today),
        Lang::En => format!(
            "Figures as of {as_of} · deadlines assessed on {}",
            opts.today
        ),
    };
    page.line(MARGIN_PT, 10.0, r##"fill="#444444""##, &sub);
    let width = A4_WIDTH_PT - 2.0 * MARGIN_PT;
    let (fig_w_px, fig_h_px) = (1600u32, 1200u32);
    let figure = build_figure_with(
        atlas,
        &opts.focus,
        MapMode::Coverage,
        Scheme::Fixed,
        opts.month,
        opts.today,
        &FigureOptions {
            width_px: fig_w_px,
            height_px: fig_h_px,
            lang,
            map_review_number: atlas.publisher.review_number.clone(),
            ..FigureOptions::default()
        },
    );
    page.y += 6.0;
    page.embed(&figure, MARGIN_PT, page.y, width, f64::from(fig_w_px));
    page.y += width * f64::from(fig_h_px) / f64::from(fig_w_px) + 10.0;
    tiles(&mut page, head, width);
    if let Some(status) = head.status {
        page.y += 8.0;
        let colour = deadline_class_of(status).colour().hex();
        let label = format!("{}：{}", lang.pick("研判", "Verdict"), status.label(lang));
        page.line(
            MARGIN_PT,
            12.0,
            &format!(r#"font-weight="bold" fill="{colour}""#),
            &label,
        );
        page.paragraph(MARGIN_PT, width, 10.0, r##"fill="#222222""##, &head.verdict);
    }
    page
}

/// The headline figures in boxes, three a row.
fn tiles(page: &mut Page, head: &Headline, width: f64) {
    let per_row = 3;
    let gap = 8.0;
    let tile_w = (width - gap * (per_row as f64 - 1.0)) / per_row as f64;
    let tile_h = 58.0;
    for (row, chunk) in head.tiles.chunks(per_row).enumerate() {
        let top = page.y + row as f64 * (tile_h + gap);
        for (i, tile) in chunk.iter().enumerate() {
            let x = MARGIN_PT + i as f64 * (tile_w + gap);
            let _ = write!(
                page.out,
                r##"<rect x="{}" y="{}" width="{}" height="{tile_h}" rx="4" fill="#f3f4f6" stroke="#d1d5db" stroke-width="0.6"/>"##,
                num(x),
                num(top),
                num(tile_w)
            );
            let inner = tile_w - 16.0;
            let fit = |s: &str, size: f64| super::svg::ellipsize(s, METRICS, size, inner);
            let (l, v, d) = (
                fit(&tile.label, 8.5),
                fit(&tile.value, 19.0),
                fit(&tile.detail, 8.0),
            );
            text(
                &mut page.out,
                x + 8.0,
                top + 14.0,
                8.5,
                r##"fill="#374151""##,
                &l,
            );
            let attrs = format!(
                r##"font-weight="bold" fill="#111111" data-tile="{}""##,
                tile.key
            );
            text(&mut page.out, x + 8.0, top + 36.0, 19.0, &attrs, &v);
            text(
                &mut page.out,
                x + 8.0,
                top + 50.0,
                8.0,
                r##"fill="#4b5563""##,
                &d,
            );
        }
    }
    let rows = head.tiles.len().div_ceil(per_row);
    page.y += rows as f64 * (tile_h + gap);
}

/// Part 3: each at-risk or overdue region's progress chart, two a page.
fn chart_pages(name: &str, risky: &[&Assessment], opts: &BriefOptions) -> Vec<Page> {
    let lang = opts.lang;
    let title = match lang {
        Lang::Zh => format!("{name} 有风险或逾期地区的进度"),
        Lang::En => format!("{name}: progress of the regions at risk or overdue"),
    };
    let width = A4_WIDTH_PT - 2.0 * MARGIN_PT;
    let (chart_w_px, chart_h_px) = (1000u32, 640u32);
    let chart_h = width * f64::from(chart_h_px) / f64::from(chart_w_px);
    risky
        .chunks(2)
        .map(|pair| {
            let mut page = Page::new(&title);
            page.heading(&title);
            for a in pair {
                page.line(
                    MARGIN_PT,
                    11.0,
                    r##"font-weight="bold" fill="#111111""##,
                    &format!("{} {}", a.name, a.region),
                );
                page.y += 4.0;
                let svg = progress_svg(a, opts.today, lang, chart_w_px, chart_h_px);
                page.embed(&svg, MARGIN_PT, page.y, width, f64::from(chart_w_px));
                page.y += chart_h + 14.0;
            }
            page
        })
        .collect()
}

/// Pages that continue under one title: a new page when the last has less than `need` points.
struct Flow {
    title: String,
    pages: Vec<Page>,
    lang: Lang,
}

impl Flow {
    fn new(title: String, lang: Lang) -> Flow {
        let mut first = Page::new(&title);
        first.heading(&title);
        Flow {
            title,
            pages: vec![first],
            lang,
        }
    }

    fn page(&mut self, need: f64) -> &mut Page {
        if self.pages.last().is_some_and(|p| p.room_left() < need) {
            let mut next = Page::new(&self.title);
            let more = self.lang.pick("（续）", " (continued)");
            next.heading(&format!("{}{more}", self.title));
            self.pages.push(next);
        }
        self.pages.last_mut().expect("a flow has a page")
    }

    /// A wrapped paragraph, on a new page when it does not fit.
    fn paragraph(&mut self, size: f64, attrs: &str, content: &str) {
        let width = A4_WIDTH_PT - 2.0 * MARGIN_PT;
        let lines = wrap(content, METRICS, size, width).len().max(1);
        let need = lines as f64 * size * 1.45 + 2.0;
        self.page(need)
            .paragraph(MARGIN_PT, width, size, attrs, content);
    }

    fn heading(&mut self, content: &str) {
        self.page(60.0).heading(content);
    }
}

/// Part 4: publisher, as-of date, 审图号, licence, every source and every data note about the
/// focus, over as many pages as they take.
fn sources_pages(atlas: &Atlas, name: &str, focus: &RegionCode, opts: &BriefOptions) -> Vec<Page> {
    let lang = opts.lang;
    let title = match lang {
        Lang::Zh => format!("{name} 数据来源与说明"),
        Lang::En => format!("{name}: sources and data notes"),
    };
    let mut flow = Flow::new(title, lang);
    let publisher = &atlas.publisher;
    let as_of = match (opts.month, publisher.as_of) {
        (Some(m), _) => fmt_date(&m.date(), lang),
        (None, Some(day)) => day.to_string(),
        (None, None) => lang
            .pick("各数字所注日期（最新）", "each figure's own date (latest)")
            .to_string(),
    };
    let review_number = publisher.review_number.clone().unwrap_or_else(|| {
        lang.pick(
            "未提供（示意图，非正式出版地图）",
            "none given (a sketch map, not a published map)",
        )
        .to_string()
    });
    let facts = [
        (
            lang.pick("发布者", "Publisher"),
            publisher.name(lang).to_string(),
        ),
        (lang.pick("数据截至", "Figures as of"), as_of),
        (
            lang.pick("期限评估日", "Deadlines assessed on"),
            opts.today.to_string(),
        ),
        (
            lang.pick("审图号", "Map review number (审图号)"),
            review_number,
        ),
        (
            lang.pick("数据说明", "About the data"),
            publisher.source.get(lang).to_string(),
        ),
        (
            lang.pick("许可", "Licence"),
            publisher.licence.get(lang).to_string(),
        ),
    ];
    let colon = lang.pick("：", ": ");
    for (label, value) in facts {
        flow.paragraph(BODY_PT, "", &format!("{label}{colon}{value}"));
    }
    flow.heading(lang.pick("来源", "Sources"));
    let filter = AsOfFilter::for_month(opts.month);
    for s in scene_sources(atlas, focus, MapMode::Deadline, filter) {
        flow.paragraph(8.5, r##"fill="#222222""##, &format!("· {}", s.label(lang)));
    }
    let registry = match lang {
        Lang::Zh => {
            format!("· 区划：{DIVISIONS_SOURCE}（2023 年统计用区划代码）；界线：{OUTLINES_SOURCE}")
        }
        Lang::En => format!(
            "· Divisions: {DIVISIONS_SOURCE} (2023 statistical codes); outlines: {OUTLINES_SOURCE}"
        ),
    };
    flow.paragraph(8.5, r##"fill="#222222""##, &registry);
    notes(&mut flow, atlas, focus, lang);
    flow.pages
}

/// The data notes about regions inside the focus or above it, and those about no region.
fn notes(flow: &mut Flow, atlas: &Atlas, focus: &RegionCode, lang: Lang) {
    let relevant: Vec<_> = atlas
        .notes
        .iter()
        .filter(|n| {
            RegionCode::parse(&n.code).map_or(true, |c| c.is_within(focus) || focus.is_within(&c))
        })
        .collect();
    flow.heading(lang.pick("数据说明", "Data notes"));
    if relevant.is_empty() {
        let none = lang.pick(
            "没有涉及本地区的数据说明。",
            "No data notes concern this region.",
        );
        flow.paragraph(BODY_PT, "", none);
    }
    for n in relevant {
        let line = format!("· {} {}: {}", n.file, n.code, n.message);
        flow.paragraph(8.0, r##"fill="#374151""##, &line);
    }
}
