//! A citation of the view, ready to paste: who publishes the data, the as-of date, the sources
//! the rows on show cite, the licence and the view's permalink, in Chinese and in English.

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::date::{Day, Month};
use crate::lang::{Lang, Text};
#[cfg(doc)]
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

/// The sources the focus and the rows of a view cite, each once, the focus's first, in the rows'
/// order. They depend on the regions in view alone (each region's cited figure is its first),
/// not on the mode or the month, so the page keeps them while a view is recoloured.
#[derive(Clone, Debug, PartialEq)]
pub struct CitedSources(Vec<(String, String)>);

impl CitedSources {
    /// The sources `focus` and the regions `rows` (the codes of a view's table rows, the
    /// [`OpenRow`]s' `code`) cite.
    pub fn of<'a>(
        atlas: &Atlas,
        focus: &'a RegionCode,
        rows: impl IntoIterator<Item = &'a RegionCode>,
    ) -> CitedSources {
        let mut seen: Vec<(&str, &str)> = Vec::new();
        let cited = std::iter::once(focus)
            .chain(rows)
            .filter_map(|code| cited_figure(atlas, code))
            .map(|f| (f.source.id.as_str(), f.source.title.as_str()));
        for key in cited {
            if !key.0.is_empty() && !seen.contains(&key) {
                seen.push(key);
            }
        }
        CitedSources(
            (seen.into_iter())
                .map(|(id, title)| (id.to_string(), title.to_string()))
                .collect(),
        )
    }

    /// As a citation lists them: "000 《headline》", the first few by name, the rest counted.
    fn listed(&self, lang: Lang) -> String {
        let seen = &self.0;
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
}

/// The citation of a view in both languages, with the sources its regions cite.
pub fn cite_view(atlas: &Atlas, view: &CitedView, sources: &CitedSources) -> Text {
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
        let sources = sources.listed(lang);
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

#[cfg(test)]
mod sources_tests {
    use super::*;

    #[test]
    fn sources_list_the_focus_first_and_each_rows_source_once() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        let atlas = Atlas::load_dir(&data).unwrap();
        let nation = RegionCode::nation();
        let provinces: Vec<RegionCode> = atlas.divisions.children(&nation).cloned().collect();
        let sources = CitedSources::of(&atlas, &nation, &provinces);
        let ids: Vec<&str> = sources.0.iter().map(|(id, _)| id.as_str()).collect();
        let focus = cited_figure(&atlas, &nation).expect("the nation cites a figure");
        assert_eq!(ids[0], focus.source.id);
        let mut unique = sources.0.clone();
        unique.dedup();
        assert_eq!(unique.len(), sources.0.len());
        for code in &provinces {
            if let Some(f) = cited_figure(&atlas, code) {
                let key = (f.source.id.clone(), f.source.title.clone());
                assert!(sources.0.contains(&key), "{code} cites {}", f.source.id);
            }
        }
        assert!(sources.listed(Lang::En).contains("more") == (sources.0.len() > SOURCES_LISTED));
    }
}
