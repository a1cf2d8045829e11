//! Plain data: stations, reported totals and targets. No behaviour beyond parsing values.

use std::fmt;

use crate::data::code::RegionCode;
use crate::date::PartialDate;
use crate::lang::{Lang, Text};

/// When a figure was true, with the article's own words when it gave no year.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AsOf {
    /// The date as precise as the article gave it; `None` when it gave no year at all.
    pub date: Option<PartialDate>,
    /// e.g. 未注明年份（约2023年底） / "year not given (late 2023)"; empty when the date says
    /// it all.
    pub note: Text,
}

impl AsOf {
    /// The date with the source's words on it, in `lang`: "2021-09-22 (提出目标之日)".
    pub fn text(&self, lang: Lang) -> String {
        let note = self.note.get(lang);
        match (&self.date, note.is_empty(), lang) {
            (Some(d), true, _) => d.to_string(),
            (Some(d), false, Lang::Zh) => format!("{d}（{note}）"),
            (Some(d), false, Lang::En) => format!("{d} ({note})"),
            (None, false, _) => note.to_string(),
            (None, true, Lang::Zh) => "未注明日期".to_string(),
            (None, true, Lang::En) => "date not given".to_string(),
        }
    }
}

/// English, as logs and assertions read it; people see [`AsOf::text`] in their language.
impl fmt::Display for AsOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// Where a listed station stands, as a bureau's station table says. Only [`Built`] and
/// [`Operating`] cover a township (see [`StationStatus::covers_township`]).
///
/// [`Built`]: StationStatus::Built
/// [`Operating`]: StationStatus::Operating
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum StationStatus {
    /// 规划/计划: planned, not yet built. Listed, but the township counts as uncovered.
    Planned,
    /// 已建成: built, whether or not it runs yet. Covers its township.
    Built,
    /// 运营/实体化运营: built and running with staff. Covers its township.
    Operating,
    /// 关闭/停用: closed or suspended. Listed, but the township counts as uncovered.
    Closed,
    /// 未建/暂无 (or 否 in a 是否建站 column): the row says the township has no station. It
    /// joins (the township is accounted for) and counts as uncovered.
    NoStation,
}

impl StationStatus {
    /// A township counts as covered once its station is built, whether or not it runs yet.
    pub fn covers_township(self) -> bool {
        matches!(self, StationStatus::Built | StationStatus::Operating)
    }
}

/// Provincial star rating. Guizhou's 优秀站 ("excellent") is its own grade, not a star count.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum StarRating {
    /// One to five stars (1–5; the importer rejects anything else).
    Stars(u8),
    /// 优秀站: Guizhou's top grade, ranked above five stars when a township's best is chosen.
    Excellent,
}

/// The level of the social-work network a station belongs to. Only township stations count
/// toward coverage and ratings; the other tiers are context.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Tier {
    /// 指导中心: prefecture/city guidance centre.
    GuidanceCentre,
    /// 总站: county head station.
    CountyHeadStation,
    /// 社工站: township station — the only tier that counts toward coverage.
    TownshipStation,
    /// 社工室: village or community room.
    VillageRoom,
}

/// Where an imported station comes from: the station table's file name and the row. Reported
/// figures and targets carry a [`Citation`], which a station's source becomes when a milestone
/// is counted from stations.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Source {
    /// The station table's file name.
    pub id: String,
    /// `"<file>, row <n>"`.
    pub title: String,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Citation::from(self).fmt(f)
    }
}

/// A press page a figure was read from, by its address (none of these pages is stored with the
/// project, unlike the articles).
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct PressPage {
    /// The address as the source list gives it, without a scheme
    /// (`lfnews.cn/portal.php?mod=view&aid=29210`). Where the list names only a site and a page
    /// (`jinan.dzwww.com, page t20210922_9189677.htm`) it is kept so, and not linked.
    pub address: String,
    /// The phrase on the page that carries the number, so the figure can be checked.
    pub quote: String,
    /// The page is a copy of a newspaper's article on another site: its text is the
    /// newspaper's, and every citation says "mirror".
    pub mirror: bool,
}

impl PressPage {
    /// The link to the page: the address with `http://` (which a site with https redirects),
    /// when the address is a whole one (a host and a path, no spaces); `None` otherwise.
    pub fn href(&self) -> Option<String> {
        let whole = self.address.contains('/')
            && !self.address.contains(char::is_whitespace)
            && !self.address.contains("://");
        whole.then(|| format!("http://{}", self.address))
    }
}

/// Where a reported figure or a target comes from: one of the press articles in the sources
/// folder, or a press page by its address.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Citation {
    /// The short name charts and tables show in brackets: the article's file id (`000`), the
    /// page's site (`lfnews.cn`), or an imported station table's file name.
    pub id: String,
    /// The headline or page title as published; for a page whose title the source list does not
    /// give, empty; for an imported station, `"<file>, row <n>"`.
    pub title: String,
    /// The press page, when the figure comes from one rather than a stored article.
    pub page: Option<PressPage>,
}

impl Citation {
    /// A stored article by its file id and headline.
    pub fn article(id: &str, title: &str) -> Citation {
        Citation {
            id: id.to_string(),
            title: title.to_string(),
            page: None,
        }
    }

    /// A press page: its site (the address up to the first `/`, space or comma) becomes the id.
    pub fn page(address: &str, title: &str, quote: &str, mirror: bool) -> Citation {
        let address = address.trim();
        let site = address
            .split(|c: char| c == '/' || c == ',' || c == '(' || c.is_whitespace())
            .next()
            .unwrap_or(address);
        Citation {
            id: site.to_string(),
            title: title.trim().to_string(),
            page: Some(PressPage {
                address: address.to_string(),
                quote: quote.trim().to_string(),
                mirror,
            }),
        }
    }

    /// What the citation says after its bracketed id: the headline of an article; the title,
    /// the quoted phrase, the address and "mirror" of a page. Plain text, for SVG and the CLI.
    pub fn description(&self) -> String {
        let Some(page) = &self.page else {
            return self.title.clone();
        };
        let mut parts = Vec::new();
        if !self.title.is_empty() {
            parts.push(self.title.clone());
        }
        if !page.quote.is_empty() {
            parts.push(format!("「{}」", page.quote));
        }
        parts.push(page.address.clone());
        if page.mirror {
            parts.push("(mirror)".to_string());
        }
        parts.join(" ")
    }

    /// The citation in a few words, for a table cell or a figure's source line: `article 000`,
    /// or `page <address>` with `(mirror)` for a copy.
    pub fn reference(&self) -> String {
        match &self.page {
            None => format!("article {}", self.id),
            Some(page) if page.mirror => format!("page {} (mirror)", page.address),
            Some(page) => format!("page {}", page.address),
        }
    }

    /// The citation in a few words a reader can place, for a display's source line: an
    /// article by its headline (`报道《…》`; its file id only when it has none), a page by its
    /// site (`网页 fjliren.com`).
    pub fn short_label(&self, lang: crate::lang::Lang) -> String {
        let zh = lang == crate::lang::Lang::Zh;
        let headline = shortened(&self.title, SHORT_HEADLINE_CHARS);
        match (&self.page, self.title.is_empty(), zh) {
            (None, false, true) => format!("报道《{headline}》"),
            (None, false, false) => format!("article “{headline}”"),
            (None, true, true) => format!("报道{}", self.id),
            (None, true, false) => format!("article {}", self.id),
            (Some(_), _, _) => format!("{} {}", lang.pick("网页", "page"), self.id),
        }
    }

    /// The citation in `lang`, its title and quote verbatim and marked as quotations: in
    /// Chinese `报道000《<headline>》` or `网页 《<title>》「<quote>」 <address>（转载）`; in English
    /// `article 000 “<headline>”` or `page “<title>” 「<quote>」 <address> (mirror)`.
    pub fn label(&self, lang: crate::lang::Lang) -> String {
        let zh = lang == crate::lang::Lang::Zh;
        let Some(page) = &self.page else {
            return if zh {
                format!("报道{}《{}》", self.id, self.title)
            } else {
                format!("article {} “{}”", self.id, self.title)
            };
        };
        let mut parts = vec![lang.pick("网页", "page").to_string()];
        if !self.title.is_empty() {
            parts.push(if zh {
                format!("《{}》", self.title)
            } else {
                format!("“{}”", self.title)
            });
        }
        if !page.quote.is_empty() {
            parts.push(format!("「{}」", page.quote));
        }
        parts.push(page.address.clone());
        if page.mirror {
            parts.push(lang.pick("（转载）", "(mirror)").to_string());
        }
        parts.join(" ")
    }

    /// The link to the source, for a press page with a whole address.
    pub fn href(&self) -> Option<String> {
        self.page.as_ref().and_then(PressPage::href)
    }
}

impl From<&Source> for Citation {
    fn from(source: &Source) -> Citation {
        Citation::article(&source.id, &source.title)
    }
}

impl fmt::Display for Citation {
    /// `article 000: <headline>`, or `page <description>` for a press page.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.page {
            None => write!(f, "article {}: {}", self.id, self.title),
            Some(_) => write!(f, "page {}", self.description()),
        }
    }
}

/// One station known individually (from a bureau's spreadsheet).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Station {
    /// The 9-digit township code the station was joined to.
    pub township: RegionCode,
    /// The station's name as the table spells it.
    pub name: String,
    /// What the table says of the station; only built and operating cover the township.
    pub status: StationStatus,
    /// The star grade; `None` when the station is not rated (most are not).
    pub rating: Option<StarRating>,
    /// Network tier; only [`Tier::TownshipStation`] counts toward coverage and ratings.
    pub tier: Tier,
    /// When it opened, as precise as the table says. `None` when not given: such a station
    /// counts in the latest view but not once the time slider picks a month, and gives no
    /// milestone on the deadline chart.
    pub opened: Option<PartialDate>,
    /// The table and row it came from.
    pub source: Source,
}

/// How many townships a region reported as covered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CoveredCount {
    /// This many townships covered; a coverage figure only together with a township total.
    Count(u32),
    /// "全部完成": every township, however many the registry lists.
    All,
}

/// Counts of the tiers other than township stations, as a figure reported them. Context for the
/// tooltip only: none of them counts toward coverage. `None` where the article gave no number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TierCounts {
    /// 指导中心: prefecture/city guidance centres.
    pub guidance_centres: Option<u32>,
    /// 总站: county head stations.
    pub head_stations: Option<u32>,
    /// 社工室: village or community rooms.
    pub village_rooms: Option<u32>,
}

/// Rated stations by grade, as a figure reported them (articles name only the top grades).
/// `None` where the article gave no number, which is not the same as zero.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RatingCounts {
    /// Five-star stations.
    pub five_star: Option<u32>,
    /// Four-star stations.
    pub four_star: Option<u32>,
    /// 优秀站 ("excellent", Guizhou's grade).
    pub excellent: Option<u32>,
}

/// A region-level figure as reported, with no per-township detail.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReportedFigure {
    /// 1-based row in the source file, so every figure can be traced back.
    pub row: usize,
    /// The regions the figure speaks of: usually one; several when an article gave one statement
    /// for a list ("册亨县、兴义市、晴隆县 全部完成"). A partial count shared by several regions
    /// cannot be split between them and so gives none of them a coverage figure.
    pub regions: Vec<RegionCode>,
    /// The region name(s) as the article wrote them.
    pub region_name: String,
    /// The level the article speaks of; may be finer than a code can say ("community").
    pub level_label: String,
    /// When the figure was true. An undated figure counts only in the latest view, and there
    /// only for a region with no dated figure.
    pub as_of: AsOf,
    /// Townships with a station, or "all". `None` when the article gave no township count.
    pub townships_covered: Option<CoveredCount>,
    /// The article's own township total (the denominator of its plan year); may differ from the
    /// 2023 registry, which the atlas then notes. A `Count` without it is no coverage figure.
    pub townships_total: Option<u32>,
    /// Stations built, of all tiers mixed: not a township count, so not a coverage figure or a
    /// milestone; shown as context and used as the denominator of the rated share.
    pub stations_built: Option<u32>,
    /// Stations 实体化运营 (running with staff), of all tiers mixed.
    pub stations_operating: Option<u32>,
    /// Counts of the other network tiers.
    pub tiers: TierCounts,
    /// Rated stations by grade.
    pub ratings: RatingCounts,
    /// Coverage as a percentage, when the source states one (福建 "覆盖率达到56.7%"). Shown as
    /// said; a township count is never derived from it.
    pub coverage_pct_reported: Option<f64>,
    /// The article or page the figure comes from.
    pub source: Citation,
    /// Anything else the article said that the columns cannot hold, in both languages; shown
    /// with the figure.
    pub note: Text,
}

impl ReportedFigure {
    /// The reported rate in hundredths of a percent (56.7% is 5670), exact for comparing and
    /// for writing it back as the source did.
    pub fn coverage_pct_hundredths(&self) -> Option<u32> {
        self.coverage_pct_reported
            .map(|pct| (pct * 100.0).round() as u32)
    }
}

/// A full-coverage target set from above.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Target {
    /// The region the plan covers.
    pub region: RegionCode,
    /// Townships to cover; `None` when the plan names no denominator (兰州).
    pub townships: Option<u32>,
    /// When full coverage is due; a partial date means the last day of its period ("2025" is
    /// 2025-12-31). `None` when the plan names no date.
    pub deadline: Option<PartialDate>,
    /// The plan's own words, e.g. "计划2025年年底实现全覆盖"; empty when there are none.
    pub note: Text,
    /// The article or page that states the target.
    pub source: Citation,
}

/// How much of a headline a one-line source label keeps: enough to find the article by, short
/// enough for the briefing display's line at 1080 (the full headline is in the panel and the
/// figures' source lines).
const SHORT_HEADLINE_CHARS: usize = 14;

/// `text` cut to `max` characters with "…" when longer.
fn shortened(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max).collect();
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Day;

    #[test]
    fn a_short_label_names_an_article_by_its_headline_and_a_page_by_its_site() {
        use crate::lang::Lang;
        let article = Citation::article("000", "贵州黔西南州乡镇社工站覆盖率达 72%");
        assert_eq!(
            article.short_label(Lang::Zh),
            "报道《贵州黔西南州乡镇社工站覆盖率…》"
        );
        assert_eq!(
            article.short_label(Lang::En),
            "article “贵州黔西南州乡镇社工站覆盖率…”"
        );
        let short = Citation::article("001", "云南社工站建设");
        assert_eq!(short.short_label(Lang::Zh), "报道《云南社工站建设》");
        assert_eq!(
            Citation::article("007", "").short_label(Lang::Zh),
            "报道007"
        );
        let page = Citation::page("fjliren.com/x/1.html", "", "", false);
        assert_eq!(page.short_label(Lang::Zh), "网页 fjliren.com");
        assert_eq!(page.short_label(Lang::En), "page fjliren.com");
    }

    #[test]
    fn dates_in_the_forms_articles_use() {
        assert_eq!(
            PartialDate::parse("2023年12月"),
            Some(PartialDate {
                year: 2023,
                month: Some(12),
                day: None
            })
        );
        assert_eq!(
            PartialDate::parse("2021-12-31"),
            Some(PartialDate::ymd(2021, 12, 31))
        );
        assert_eq!(
            PartialDate::parse("2021年5月31日"),
            Some(PartialDate::ymd(2021, 5, 31))
        );
        assert_eq!(PartialDate::parse("2021").unwrap().month, None);
        assert_eq!(PartialDate::parse("2023-13"), None);
        assert_eq!(PartialDate::parse("2023-02-29"), None);
        assert_eq!(PartialDate::parse("2024-02-29").unwrap().day, Some(29));
        assert_eq!(PartialDate::parse("soon"), None);
    }

    #[test]
    fn a_page_is_cited_by_site_linked_only_when_its_address_is_whole() {
        let lf = Citation::page(
            "lfnews.cn/portal.php?mod=view&aid=29210",
            "",
            "已建成",
            false,
        );
        assert_eq!(lf.id, "lfnews.cn");
        assert_eq!(
            lf.href().as_deref(),
            Some("http://lfnews.cn/portal.php?mod=view&aid=29210")
        );
        assert_eq!(
            lf.reference(),
            "page lfnews.cn/portal.php?mod=view&aid=29210"
        );
        let jinan = Citation::page(
            "jinan.dzwww.com, page t20210922_9189677.htm",
            "大众网济南",
            "力争",
            false,
        );
        assert_eq!(jinan.id, "jinan.dzwww.com");
        assert_eq!(
            jinan.href(),
            None,
            "a site and a page name are not an address"
        );
        let site_only = Citation::page("example.org", "", "q", false);
        assert_eq!(site_only.href(), None);
        let mirror = Citation::page("fjliren.com/n152/c1.html", "中国社会报", "1.7万余", true);
        assert_eq!(
            mirror.to_string(),
            "page 中国社会报 「1.7万余」 fjliren.com/n152/c1.html (mirror)"
        );
        assert_eq!(mirror.reference(), "page fjliren.com/n152/c1.html (mirror)");
        let article = Citation::article("000", "标题");
        assert_eq!(article.to_string(), "article 000: 标题");
        assert_eq!(
            (article.href(), article.reference()),
            (None, "article 000".into())
        );
    }

    #[test]
    fn periods_have_a_start_and_an_end() {
        let dec = PartialDate::parse("2023-12").unwrap();
        assert_eq!(dec.first_day(), PartialDate::ymd(2023, 12, 1).first_day());
        assert_eq!(dec.last_day(), PartialDate::ymd(2023, 12, 31).last_day());
        assert_eq!(Day::from_ymd(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(
            Day::from_ymd(2000, 3, 1).days_after(Day::from_ymd(2000, 2, 28)),
            2
        );
        assert_eq!(PartialDate::parse("2025").unwrap().to_string(), "2025");
    }
}
