//! A view in words: the one or two sentences shown under the map, read by screen readers,
//! written into the exported SVG's `<title>`/`<desc>` and used as the embed snippet's alt
//! text; and the one line announced for the region the keyboard rests on. Both come from the
//! same [`Measures`] the map is coloured from, so the words never disagree with the colours.

use crate::data::atlas::Atlas;
use crate::data::code::RegionCode;
use crate::data::directory::DirectoryEntry;
use crate::lang::Lang;
use crate::measure::coverage::AsOfFilter;
use crate::measure::progress::{fmt_date, Status};
use crate::sort;
use crate::style::summary::coverage_text;
use crate::style::view::{Measures, View};

/// What a view says, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewWords {
    /// A short title: `全国乡镇社工站覆盖地图` / `Township social-work station coverage: 全国`.
    pub title: String,
    /// One or two sentences: coverage, the deadline verdict, as-of date and source.
    pub summary: String,
}

/// The title and summary of `view` from `measures`.
pub fn view_words(atlas: &Atlas, measures: &Measures, view: &View) -> ViewWords {
    let zh = view.lang == Lang::Zh;
    let focus = &view.focus;
    let name = atlas.divisions.name(focus).unwrap_or("?");
    let title = if zh {
        format!("{name}乡镇社工站覆盖地图")
    } else {
        format!("Township social-work station coverage: {name}")
    };
    let mut sentences = Vec::new();
    sentences.push(coverage_sentence(atlas, measures, focus, view.lang));
    sentences.push(standing_sentence(atlas, measures, focus, view.lang));
    sentences.push(deadline_sentence(measures, focus, view.lang));
    sentences.push(source_sentence(atlas, focus, view));
    ViewWords {
        title,
        summary: sentences
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(if zh { "" } else { " " }),
    }
}

/// One line for the region a keyboard user rests on: its name, coverage and deadline status.
pub fn region_line(atlas: &Atlas, measures: &Measures, code: &RegionCode, lang: Lang) -> String {
    let name = atlas.divisions.name(code).unwrap_or("?");
    let coverage = measures
        .coverage
        .get(code)
        .map(|c| coverage_text(atlas, c, lang));
    // Where it stands against its deadline or the one above it (nothing without either).
    let status = Some(measures.deadlines.standing(code, &measures.coverage).status)
        .filter(|s| *s != Status::NoTarget)
        .map(|s| s.label(lang));
    let mut parts = vec![name.to_string()];
    parts.extend(coverage);
    parts.extend(status.map(str::to_string));
    parts.join(if lang == Lang::Zh { "，" } else { ", " })
}

/// One line for the station a reader points at (on the map, in the panel's list, from search):
/// its name and township, address and phones, and whether the map shows it as a point.
pub fn station_line(atlas: &Atlas, station: &DirectoryEntry, lang: Lang) -> String {
    let township = atlas.divisions.name(&station.township).unwrap_or("?");
    let zh = lang == Lang::Zh;
    let mut parts = vec![if zh {
        format!("社工站 {}（{township}）", station.name)
    } else {
        format!("Station {} ({township})", station.name)
    }];
    if !station.address.is_empty() {
        parts.push(format!(
            "{}{}",
            lang.pick("地址 ", "address "),
            station.address
        ));
    }
    if !station.phones.is_empty() {
        let phones: Vec<&str> = station.phones.iter().map(|p| p.shown.as_str()).collect();
        parts.push(format!(
            "{}{}",
            lang.pick("电话 ", "phone "),
            phones.join(", ")
        ));
    }
    parts.push(
        match station.point {
            Some(_) => lang.pick("已在地图上标出", "marked on the map"),
            None => lang.pick("未在地图上定位", "not placed on the map"),
        }
        .to_string(),
    );
    parts.join(lang.pick("，", ", "))
}

fn coverage_sentence(atlas: &Atlas, measures: &Measures, focus: &RegionCode, lang: Lang) -> String {
    let name = atlas.divisions.name(focus).unwrap_or("?");
    match (measures.coverage.get(focus), lang) {
        (Some(c), Lang::Zh) => format!("{name}乡镇社工站覆盖：{}。", coverage_text(atlas, c, lang)),
        (Some(c), Lang::En) => format!(
            "{name}, township station coverage: {}.",
            coverage_text(atlas, c, lang)
        ),
        (None, Lang::Zh) => format!("{name}无覆盖数据。"),
        (None, Lang::En) => format!("{name}: no coverage data."),
    }
}

/// Where a focus without a target of its own stands under the one above it: "南明区：期限已过·无
/// 数据（全国的目标：2025年底）。"; empty when it has its own (its verdict follows) or none above.
fn standing_sentence(atlas: &Atlas, measures: &Measures, focus: &RegionCode, lang: Lang) -> String {
    let standing = measures.deadlines.standing(focus, &measures.coverage);
    let Some(under) = standing.under else {
        return String::new();
    };
    let name = atlas.divisions.name(focus).unwrap_or("?");
    let under_name = match atlas.divisions.name(&under) {
        Some(n) => n.to_string(),
        None => lang.pick("全国", "China").to_string(),
    };
    let deadline = measures
        .board
        .iter()
        .find(|a| a.region == under)
        .and_then(|a| a.deadline)
        .map(|d| crate::measure::progress::fmt_deadline(&d, lang));
    let label = standing.status.label(lang);
    match (lang, deadline) {
        (Lang::Zh, Some(d)) => format!("{name}：{label}（{under_name}的目标：{d}）。"),
        (Lang::Zh, None) => format!("{name}：{label}（{under_name}的目标）。"),
        (Lang::En, Some(d)) => format!("{name}: {label} (the target of {under_name}: {d})."),
        (Lang::En, None) => format!("{name}: {label} (the target of {under_name})."),
    }
}

/// The focus's own verdict when it has a target; otherwise how the targets inside it stand.
fn deadline_sentence(measures: &Measures, focus: &RegionCode, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    if let Some(own) = measures.board.iter().find(|a| &a.region == focus) {
        let verdict = own.verdict(lang).trim_end_matches(['。', '.']);
        return format!("{verdict}{}", if zh { "。" } else { "." });
    }
    let inside: Vec<Status> = measures
        .board
        .iter()
        .filter(|a| a.region.is_within(focus))
        .map(|a| a.status)
        .collect();
    if inside.is_empty() {
        return if zh {
            "无全覆盖期限。".to_string()
        } else {
            "No full-coverage deadline.".to_string()
        };
    }
    let mut counts: Vec<(Status, usize)> = Vec::new();
    for status in inside.iter().copied() {
        match counts.iter_mut().find(|(s, _)| *s == status) {
            Some((_, n)) => *n += 1,
            None => counts.push((status, 1)),
        }
    }
    sort::sort(&mut counts);
    let listed: Vec<String> = counts
        .iter()
        .map(|(s, n)| {
            if zh {
                format!("{}{n}个", s.label(lang))
            } else {
                format!("{n} {}", s.label(lang))
            }
        })
        .collect();
    if zh {
        format!(
            "{}个地区设有全覆盖期限：{}。",
            inside.len(),
            listed.join("，")
        )
    } else {
        format!(
            "{} regions have a full-coverage deadline: {}.",
            inside.len(),
            listed.join(", ")
        )
    }
}

/// The newest dated figure about the focus or a region inside it, shown on the map's date,
/// with its source; how many reports the view rests on when there are several.
fn source_sentence(atlas: &Atlas, focus: &RegionCode, view: &View) -> String {
    let zh = view.lang == Lang::Zh;
    let filter = AsOfFilter::for_month(view.month);
    let shown: Vec<_> = atlas
        .figures
        .iter()
        .filter(|f| f.regions.iter().any(|r| r.is_within(focus)))
        .filter(|f| filter.admits(f.as_of.date.map(|d| d.first_day())))
        .collect();
    let newest = shown
        .iter()
        .filter_map(|f| f.as_of.date.map(|d| (d, f)))
        .max_by_key(|(d, _)| d.last_day());
    let mut articles: Vec<&str> = shown.iter().map(|f| f.source.id.as_str()).collect();
    sort::sort(&mut articles);
    articles.dedup();
    let stations = atlas.stations.iter().any(|s| s.township.is_within(focus));
    let mut out = String::new();
    if let Some((date, figure)) = newest {
        let date = fmt_date(&date, view.lang);
        let (id, headline) = (&figure.source.id, &figure.source.title);
        out += &if zh {
            format!("数据截至{date}，来源：报道{id}《{headline}》")
        } else {
            format!("Figures as of {date}, source: article {id}, “{headline}”")
        };
        if articles.len() > 1 {
            out += &if zh {
                format!("等{}篇报道", articles.len())
            } else {
                format!(" and {} more reports", articles.len() - 1)
            };
        }
    }
    if stations {
        out += match (out.is_empty(), zh) {
            (true, true) => "来源：载入的站点表",
            (true, false) => "Source: the loaded station table",
            (false, true) => "；另有载入的站点表",
            (false, false) => "; and the loaded station table",
        };
    }
    if out.is_empty() {
        return String::new();
    }
    out + if zh { "。" } else { "." }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::directory::{Phone, PhoneKind};

    #[test]
    fn a_station_line_names_it_its_township_address_phone_and_point() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        let atlas = Atlas::load_dir(&data).unwrap();
        let mut station = DirectoryEntry {
            township: RegionCode::parse("520502001").unwrap(),
            row: 3,
            name: "市西街道社会工作服务站".into(),
            address: "市西街道1号".into(),
            phones: vec![Phone {
                shown: "0857-8220000".into(),
                tel: "+868578220000".into(),
                kind: PhoneKind::Office,
            }],
            hours: String::new(),
            social_workers: None,
            services: Vec::new(),
            point: Some([105.3, 27.3]),
            contact: String::new(),
        };
        assert_eq!(
            station_line(&atlas, &station, Lang::Zh),
            "社工站 市西街道社会工作服务站（市西街道），地址 市西街道1号，电话 0857-8220000，已在地图上标出"
        );
        station.point = None;
        station.phones.clear();
        assert_eq!(
            station_line(&atlas, &station, Lang::En),
            "Station 市西街道社会工作服务站 (市西街道), address 市西街道1号, not placed on the map"
        );
    }
}
