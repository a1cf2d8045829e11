//! Finding a township or county by the name a bureau's table gives it: exactly, then without
//! its suffix, within the county when the table names one, with the nearest name as a
//! suggestion when nothing matches.

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::data::code::{Level, RegionCode};
use crate::data::divisions::Divisions;

use crate::lang::{Lang, Text};

use super::super::text::{
    county_key, edit_distance, half_width, name_key, normalise_name, short_key,
};
use super::miss::Miss;

/// A registry township or county with its name as typed forms are compared.
struct Entry {
    code: RegionCode,
    name: String,
    /// [`normalise_name`] of the name.
    norm: String,
    /// The name without its suffix: [`name_key`] for townships, [`county_key`] for counties.
    key: String,
    /// Townships: the name as people say it ([`short_key`]: no suffix, no nationalities).
    short: String,
}

/// A township found by name: its code, the note on how it was read, and whether it was found
/// only by a short form (a suffix dropped or changed, a 民族乡 without its nationalities), which
/// the user can undo.
pub(super) struct Found {
    pub(super) code: RegionCode,
    pub(super) note: Option<Text>,
    pub(super) short_form: bool,
}

/// Registry townships and counties inside the scope, indexed by normalised name.
pub(super) struct NameIndex<'a> {
    divisions: &'a Divisions,
    scope: RegionCode,
    townships: Vec<Entry>,
    counties: Vec<Entry>,
    by_norm: HashMap<String, Vec<usize>>,
    by_key: HashMap<String, Vec<usize>>,
    by_short: HashMap<String, Vec<usize>>,
}

impl<'a> NameIndex<'a> {
    /// The townships and counties within `scope`, indexed by normalised name and by key.
    fn new(divisions: &'a Divisions, scope: RegionCode) -> NameIndex<'a> {
        let entries = |level: Level, key: fn(&str) -> String| -> Vec<Entry> {
            let short = if level == Level::Township {
                short_key
            } else {
                key
            };
            divisions
                .at_level(&scope, level)
                .map(|code| {
                    let name = divisions.name(code).unwrap_or_default().to_string();
                    Entry {
                        code: code.clone(),
                        norm: normalise_name(&name),
                        key: key(&name),
                        short: short(&name),
                        name,
                    }
                })
                .collect()
        };
        let townships = entries(Level::Township, name_key);
        let counties = entries(Level::County, county_key);
        let mut by_norm: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_short: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, t) in townships.iter().enumerate() {
            by_norm.entry(t.norm.clone()).or_default().push(i);
            by_key.entry(t.key.clone()).or_default().push(i);
            by_short.entry(t.short.clone()).or_default().push(i);
        }
        NameIndex {
            divisions,
            scope,
            townships,
            counties,
            by_norm,
            by_key,
            by_short,
        }
    }

    /// "万峰林街道 (522301008)".
    fn label(&self, code: &RegionCode) -> String {
        label(self.divisions, code)
    }

    /// Where name joins look, as the messages name it.
    fn scope_label(&self, lang: Lang) -> String {
        if self.scope.level() == Level::Nation {
            lang.pick("区划名录", "the registry").to_string()
        } else {
            self.divisions.qualified_name(&self.scope)
        }
    }

    /// Counties a cell names (a code, or a name that may repeat across prefectures).
    pub(super) fn counties(&self, raw: &str) -> Result<Vec<RegionCode>, Miss> {
        let digits: String = half_width(raw).split_whitespace().collect();
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return match RegionCode::parse(&digits) {
                Ok(c) if c.level() == Level::County && self.divisions.contains(&c) => Ok(vec![c]),
                _ => Err(Miss::new(
                    raw,
                    Text::new(
                        format!("区县 {raw:?} 不是区划名录中的区县代码"),
                        format!("county {raw:?} is not a county code in the registry"),
                    ),
                )),
            };
        }
        let norm = normalise_name(raw);
        let exact: Vec<RegionCode> = self
            .counties
            .iter()
            .filter(|c| c.norm == norm)
            .map(|c| c.code.clone())
            .collect();
        if !exact.is_empty() {
            return Ok(exact);
        }
        let key = county_key(raw);
        let by_key: Vec<RegionCode> = self
            .counties
            .iter()
            .filter(|c| c.key == key)
            .map(|c| c.code.clone())
            .collect();
        if !by_key.is_empty() {
            return Ok(by_key);
        }
        let suggestion = nearest(&self.counties, &key).map(|c| c.code.clone());
        Err(Miss::new(
            raw,
            Text::new(
                format!("{}中没有名为 {raw:?} 的区县", self.scope_label(Lang::Zh)),
                format!("no county named {raw:?} in {}", self.scope_label(Lang::En)),
            ),
        )
        .suggest(suggestion))
    }

    /// A township by name, within `counties` when given: exactly, else by a short form (the
    /// name without its suffix, then without a 民族乡's nationalities). A short form unique in
    /// the area joins when `join_short` allows it (the caller decides: inside a known county,
    /// unless the user undid it), with a note saying so; else it is the miss's suggestion.
    pub(super) fn township(
        &self,
        raw: &str,
        counties: Option<&[RegionCode]>,
        join_short: bool,
    ) -> Result<Found, Miss> {
        let inside = |i: &usize| {
            counties.is_none_or(|cs| cs.iter().any(|c| self.townships[*i].code.is_within(c)))
        };
        let area = |lang: Lang| match counties {
            Some(cs) => cs
                .iter()
                .map(|c| self.label(c))
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", ")),
            None => self.scope_label(lang),
        };
        let pick = |map: &HashMap<String, Vec<usize>>, key: &str| -> Vec<usize> {
            map.get(key)
                .map(|v| v.iter().copied().filter(inside).collect())
                .unwrap_or_default()
        };
        let exact = pick(&self.by_norm, &normalise_name(raw));
        let mut short = Vec::new();
        if exact.is_empty() {
            short = pick(&self.by_key, &name_key(raw));
            if short.is_empty() {
                short = pick(&self.by_short, &short_key(raw));
            }
        }
        let found = if exact.is_empty() { &short } else { &exact };
        match found.as_slice() {
            [i] if !exact.is_empty() => Ok(Found {
                code: self.townships[*i].code.clone(),
                note: None,
                short_form: false,
            }),
            [i] => {
                let t = &self.townships[*i];
                if join_short {
                    let read_as = format!("{} ({})", t.name, t.code);
                    Ok(Found {
                        code: t.code.clone(),
                        note: Some(Text::new(
                            format!("乡镇 {raw:?} 按简称匹配为 {read_as}（{}中唯一）；可撤销", area(Lang::Zh)),
                            format!("township {raw:?} matched by a short form to {read_as} (the only one in {}); can be undone", area(Lang::En)),
                        )),
                        short_form: true,
                    })
                } else {
                    Err(Miss::new(raw, not_found_text(raw, &area)).suggest(Some(t.code.clone())))
                }
            }
            [] => Err(self.no_township_named(raw, &area, inside)),
            several => {
                let mut miss = self.ambiguous(raw, several, &area, counties.is_none());
                miss.namesakes = true;
                Err(miss)
            }
        }
    }

    /// Whether the registry (within the index's scope) has more than one township of exactly
    /// this name.
    pub(super) fn has_namesakes(&self, raw: &str) -> bool {
        self.by_norm
            .get(&normalise_name(raw))
            .is_some_and(|found| found.len() > 1)
    }

    /// No township of the name in `area`: the nearest name among those `inside` as a likely typo.
    fn no_township_named(
        &self,
        raw: &str,
        area: &dyn Fn(Lang) -> String,
        inside: impl Fn(&usize) -> bool,
    ) -> Miss {
        let pool: Vec<&Entry> = (0..self.townships.len())
            .filter(inside)
            .map(|i| &self.townships[i])
            .collect();
        let suggestion = nearest(pool.iter().copied(), &name_key(raw))
            .or_else(|| nearest_short(pool.iter().copied(), &short_key(raw)))
            .map(|t| t.code.clone());
        Miss::new(raw, not_found_text(raw, area)).suggest(suggestion)
    }

    /// Several townships of the name in `area`: the first five places, and what would tell them
    /// apart (a county column when there is none).
    fn ambiguous(
        &self,
        raw: &str,
        several: &[usize],
        area: &dyn Fn(Lang) -> String,
        no_county: bool,
    ) -> Miss {
        let mut places: Vec<String> = several
            .iter()
            .map(|i| {
                let code = &self.townships[*i].code;
                format!("{} ({code})", self.divisions.qualified_name(code))
            })
            .collect();
        let total = places.len();
        places.truncate(5);
        let more = if total > 5 { ", …" } else { "" };
        let (hint_zh, hint_en) = if no_county {
            (
                "请加一列区县（区县/county）或使用乡镇代码",
                "add a county column (区县/county) or use township codes",
            )
        } else {
            ("请使用乡镇代码", "use township codes")
        };
        Miss::new(
            raw,
            Text::new(
                format!(
                    "乡镇名 {raw:?} 有歧义：{}中有 {total} 个乡镇同名：{}{more}；{hint_zh}",
                    area(Lang::Zh),
                    places.join("；")
                ),
                format!(
                    "township name {raw:?} is ambiguous: {total} townships in {} have it: {}{more}; {hint_en}",
                    area(Lang::En),
                    places.join("; ")
                ),
            ),
        )
    }
}

/// The name index, built on the first row that needs a name: a table of codes never pays for it.
pub(super) struct LazyIndex<'a> {
    cell: OnceCell<NameIndex<'a>>,
    divisions: &'a Divisions,
    scope: RegionCode,
}

impl<'a> LazyIndex<'a> {
    /// An index of the names within `scope`, not built yet.
    pub(super) fn new(divisions: &'a Divisions, scope: RegionCode) -> LazyIndex<'a> {
        LazyIndex {
            cell: OnceCell::new(),
            divisions,
            scope,
        }
    }

    /// The index, built now if no row has needed it before.
    pub(super) fn get(&self) -> &NameIndex<'a> {
        self.cell
            .get_or_init(|| NameIndex::new(self.divisions, self.scope.clone()))
    }
}

/// "no township named … in …", in both languages.
fn not_found_text(raw: &str, area: &dyn Fn(Lang) -> String) -> Text {
    Text::new(
        format!("{}中没有名为 {raw:?} 的乡镇", area(Lang::Zh)),
        format!("no township named {raw:?} in {}", area(Lang::En)),
    )
}

/// "万峰林街道 (522301008)".
pub(super) fn label(divisions: &Divisions, code: &RegionCode) -> String {
    format!("{} ({code})", divisions.name(code).unwrap_or("?"))
}

/// The entry whose key is nearest `key`, if near enough to be a likely typo (one edit for short
/// names, two for longer ones); ties go to the first in code order.
fn nearest<'e>(entries: impl IntoIterator<Item = &'e Entry>, key: &str) -> Option<&'e Entry> {
    nearest_by(entries, key, |e| &e.key)
}

/// [`nearest`] by the entries' short forms ([`short_key`]), for a 民族乡 written short and with
/// a typo.
fn nearest_short<'e>(
    entries: impl IntoIterator<Item = &'e Entry>,
    short: &str,
) -> Option<&'e Entry> {
    nearest_by(entries, short, |e| &e.short)
}

/// The entry whose `of` is nearest `key`, within the typo limit of [`nearest`].
fn nearest_by<'e>(
    entries: impl IntoIterator<Item = &'e Entry>,
    key: &str,
    of: fn(&Entry) -> &str,
) -> Option<&'e Entry> {
    let len = key.chars().count();
    let limit = if len <= 3 { 1 } else { 2 };
    entries
        .into_iter()
        .map(|e| (edit_distance(key, of(e)), e))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, e)| e)
}
