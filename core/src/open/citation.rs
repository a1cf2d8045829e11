//! A citation of the view, ready to paste: who publishes the data, the as-of date, the sources
//! the rows on show cite, the licence and the view's permalink, in Chinese and in English.

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::data::model::ReportedFigure;
use crate::date::{Day, Month};
use crate::lang::{Lang, Text};
use crate::open::table::OpenRow;
use crate::style::rows::cited_figure;

/// Sources listed by name in a citation; more are counted.
const SOURCES_LISTED: usize = 5;

/// What a citation speaks of: the view and where it lives.
pub struct CitedView<'a> {
    /// The region in view.
    pub focus: &'a RegionCode,
    /// The month on show, `None` for the latest figures.
    pub month: Option<Month>,
    /// The view's permalink.
    pub permalink: &'a str,
    /// The day the reader looked (the "accessed" date).
    pub accessed: Day,
}

/// The sources the focus and the rows cite, each once, the focus's first: "000 《headline》".
fn cited_sources(focus: Option<&ReportedFigure>, rows: &[OpenRow], lang: Lang) -> String {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    let focus = focus.map(|f| (f.source.id.as_str(), f.source.title.as_str()));
    let rows = rows
        .iter()
        .map(|r| (r.source_id.as_str(), r.source_title.as_str()));
    for key in focus.into_iter().chain(rows) {
        if !key.0.is_empty() && !seen.contains(&key) {
            seen.push(key);
        }
    }
    let mut listed: Vec<String> = seen
        .iter()
        .take(SOURCES_LISTED)
        .map(|(id, title)| format!("{id} 《{title}》"))
        .collect();
    if seen.len() > SOURCES_LISTED {
        let more = seen.len() - SOURCES_LISTED;
        listed.push(match lang {
            Lang::Zh => format!("另 {more} 篇"),
            Lang::En => format!("and {more} more"),
        });
    }
    listed.join(lang.pick("；", "; "))
}

/// The citation of a view in both languages; `rows` are the view's [`OpenRow`]s.
pub fn cite_view(atlas: &Atlas, view: &CitedView, rows: &[OpenRow]) -> Text {
    let publisher = &atlas.publisher;
    let region = if view.focus.level() == Level::Nation {
        None
    } else {
        Some(atlas.divisions.qualified_name(view.focus))
    };
    let text = |lang: Lang| {
        let zh = lang == Lang::Zh;
        let as_of = match (publisher.as_of, view.month) {
            (_, Some(m)) => m.label(),
            (Some(day), None) => day.to_string(),
            (None, None) => lang
                .pick("各数字所注日期", "the date given with each figure")
                .into(),
        };
        let place = region
            .clone()
            .unwrap_or_else(|| lang.pick("全国", "China").into());
        let sources = cited_sources(cited_figure(atlas, view.focus), rows, lang);
        let mut lines = vec![if zh {
            format!(
                "{}：《乡镇（街道）社工站覆盖：{place}》，数据截至 {as_of}。",
                publisher.name(lang)
            )
        } else {
            format!(
                "{}. \"Township social-work station coverage: {place}\". Data as of {as_of}.",
                publisher.name(lang)
            )
        }];
        let label = |zh_label: &str, en_label: &str, value: &str| {
            format!("{}{value}", lang.pick(zh_label, en_label))
        };
        lines.push(label("来源：", "Source: ", publisher.source.get(lang)));
        if !sources.is_empty() {
            lines.push(label("本视图引用：", "Cited in this view: ", &sources));
        }
        lines.push(label("许可：", "Licence: ", publisher.licence.get(lang)));
        if let Some(number) = &publisher.review_number {
            lines.push(label("审图号：", "Map review number: ", number));
        }
        lines.push(if zh {
            format!("链接：{}（访问于 {}）", view.permalink, view.accessed)
        } else {
            format!("Link: {} (accessed {})", view.permalink, view.accessed)
        });
        lines.join("\n")
    };
    Text::new(text(Lang::Zh), text(Lang::En))
}
