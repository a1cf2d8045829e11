//! The user's answers to an import, kept so that the same table joins the same way next time:
//! which column is which, what the table's own status and rating words mean, and which suggested
//! townships were accepted. [`StationChoices`] is what a join runs with; [`ImportRecipe`] is the
//! same written down as a small JSON file (`docs/import-recipe.md`) that the page downloads and
//! loads, and the CLI reads with `--recipe`.
//!
//! Columns are kept by header text, not position, so a recipe still fits when a bureau adds or
//! moves a column; values by their text as the vocabulary compares them ([`normalise_name`]).

use std::collections::BTreeMap;

use crate::data::code::RegionCode;
use crate::data::model::{StarRating, StationStatus};
use crate::lang::{Lang, Text};

use super::directory::{DirectoryChoices, DirectoryRecipe};
use super::mapping::{ColumnMapping, Field};
use super::text::normalise_name;

/// What a status word of the table means, as the value step offers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusChoice {
    /// Not built yet.
    Planned,
    /// Built (covers the township).
    Built,
    /// Built and running (covers the township).
    Operating,
    /// Closed, suspended or merged away.
    Closed,
    /// The township has no station.
    NoStation,
}

impl StatusChoice {
    /// In the order the value step's select lists them.
    pub const ALL: [StatusChoice; 5] = [
        StatusChoice::Operating,
        StatusChoice::Built,
        StatusChoice::Planned,
        StatusChoice::Closed,
        StatusChoice::NoStation,
    ];

    /// The station status this choice joins as.
    pub fn status(self) -> StationStatus {
        match self {
            StatusChoice::Planned => StationStatus::Planned,
            StatusChoice::Built => StationStatus::Built,
            StatusChoice::Operating => StationStatus::Operating,
            StatusChoice::Closed => StationStatus::Closed,
            StatusChoice::NoStation => StationStatus::NoStation,
        }
    }

    /// The key in a recipe file and the page's select: `operating`, `no_station`…
    pub fn key(self) -> &'static str {
        match self {
            StatusChoice::Planned => "planned",
            StatusChoice::Built => "built",
            StatusChoice::Operating => "operating",
            StatusChoice::Closed => "closed",
            StatusChoice::NoStation => "no_station",
        }
    }

    /// The choice whose [`StatusChoice::key`] is `key`.
    pub fn from_key(key: &str) -> Option<StatusChoice> {
        StatusChoice::ALL.into_iter().find(|c| c.key() == key)
    }

    /// What the value step's select says.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            StatusChoice::Planned => lang.pick("规划/在建（未覆盖）", "planned (not covered)"),
            StatusChoice::Built => lang.pick("已建成（覆盖）", "built (covered)"),
            StatusChoice::Operating => lang.pick("运营中（覆盖）", "operating (covered)"),
            StatusChoice::Closed => lang.pick("停运/撤销（未覆盖）", "closed (not covered)"),
            StatusChoice::NoStation => lang.pick("未建站（未覆盖）", "no station (not covered)"),
        }
    }
}

/// What a rating word of the table means, as the value step offers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum RatingChoice {
    /// One to five stars.
    #[serde(rename = "stars")]
    Stars(u8),
    /// 优秀: Guizhou's top grade, above five stars.
    #[serde(rename = "excellent")]
    Excellent,
    /// Not rated: the cell says nothing about a rating.
    #[serde(rename = "unrated")]
    Unrated,
}

impl RatingChoice {
    /// In the order the value step's select lists them.
    pub const ALL: [RatingChoice; 7] = [
        RatingChoice::Stars(1),
        RatingChoice::Stars(2),
        RatingChoice::Stars(3),
        RatingChoice::Stars(4),
        RatingChoice::Stars(5),
        RatingChoice::Excellent,
        RatingChoice::Unrated,
    ];

    /// The rating this choice joins as.
    pub fn rating(self) -> Option<StarRating> {
        match self {
            RatingChoice::Stars(n) => Some(StarRating::Stars(n.clamp(1, 5))),
            RatingChoice::Excellent => Some(StarRating::Excellent),
            RatingChoice::Unrated => None,
        }
    }

    /// The key in a recipe file and the page's select: `1`…`5`, `excellent`, `unrated`.
    pub fn key(self) -> String {
        match self {
            RatingChoice::Stars(n) => n.to_string(),
            RatingChoice::Excellent => "excellent".into(),
            RatingChoice::Unrated => "unrated".into(),
        }
    }

    /// The choice whose [`RatingChoice::key`] is `key`.
    pub fn from_key(key: &str) -> Option<RatingChoice> {
        RatingChoice::ALL.into_iter().find(|c| c.key() == key)
    }

    /// What the value step's select says.
    pub fn label(self, lang: Lang) -> String {
        match (self, lang) {
            (RatingChoice::Stars(n), Lang::Zh) => format!("{}星", n),
            (RatingChoice::Stars(n), Lang::En) => format!("{n} stars"),
            (RatingChoice::Excellent, _) => lang.pick("优秀", "excellent (优秀)").into(),
            (RatingChoice::Unrated, _) => lang.pick("未评级", "unrated").into(),
        }
    }
}

/// Which value step a value belongs to.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum ValueField {
    /// The status column.
    Status,
    /// The star rating column.
    Rating,
}

/// The meanings the user gave to values the vocabulary does not know, keyed by the value after
/// [`normalise_name`] (so `已建成 运营` and `已建成运营` are one value). A choice here wins over
/// the vocabulary: the user has looked at the table.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ValueChoices {
    /// Status words.
    pub status: BTreeMap<String, StatusChoice>,
    /// Rating words.
    pub rating: BTreeMap<String, RatingChoice>,
}

impl ValueChoices {
    /// Gives the status `value` (as written) the meaning `choice`.
    pub fn set_status(&mut self, value: &str, choice: StatusChoice) {
        self.status.insert(normalise_name(value), choice);
    }

    /// Gives the rating `value` (as written) the meaning `choice`.
    pub fn set_rating(&mut self, value: &str, choice: RatingChoice) {
        self.rating.insert(normalise_name(value), choice);
    }

    /// The user's meaning of a status cell, if they gave one.
    pub fn status_of(&self, cell: &str) -> Option<StatusChoice> {
        self.status.get(&normalise_name(cell)).copied()
    }

    /// The user's meaning of a rating cell, if they gave one.
    pub fn rating_of(&self, cell: &str) -> Option<RatingChoice> {
        self.rating.get(&normalise_name(cell)).copied()
    }

    /// True when the user gave no meaning to any value.
    pub fn is_empty(&self) -> bool {
        self.status.is_empty() && self.rating.is_empty()
    }
}

/// A suggestion the user accepted: a row with these cells joins `code`. The cells are kept as
/// the file writes them and compared after [`normalise_name`]; empty where the table has no such
/// column.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct AcceptedMatch {
    /// The row's township code cell.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub code_cell: String,
    /// The row's county cell.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub county: String,
    /// The row's township name cell.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub township: String,
    /// The township the row joins.
    pub code: RegionCode,
}

impl AcceptedMatch {
    /// True when a row's code, county and township cells are these (after normalising).
    pub fn fits(&self, code_cell: &str, county: &str, township: &str) -> bool {
        normalise_name(&self.code_cell) == normalise_name(code_cell)
            && normalise_name(&self.county) == normalise_name(county)
            && normalise_name(&self.township) == normalise_name(township)
    }
}

/// Everything a join of one table runs with beyond the file and the day.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StationChoices {
    /// Which column is which.
    pub mapping: ColumnMapping,
    /// The meanings of the table's own status and rating words.
    pub values: ValueChoices,
    /// Suggested townships the user accepted.
    pub accepted: Vec<AcceptedMatch>,
    /// Short-form matches the user undid (the rows stay unmatched, with the suggestion).
    #[serde(default)]
    pub refused: Vec<AcceptedMatch>,
    /// The station directory's columns, what of it is public, and its coordinates' datum
    /// (boxed: the page passes choices by value in an enum of its own).
    #[serde(default)]
    pub directory: Box<DirectoryChoices>,
}

impl StationChoices {
    /// `mapping` with no value meanings and nothing accepted.
    pub fn with_mapping(mapping: ColumnMapping) -> StationChoices {
        StationChoices {
            mapping,
            ..StationChoices::default()
        }
    }

    /// Adds `accepted` unless an equal match is already there.
    pub fn accept(&mut self, accepted: AcceptedMatch) {
        self.refused.retain(|r| r != &accepted);
        if !self.accepted.contains(&accepted) {
            self.accepted.push(accepted);
        }
    }

    /// Undoes a short-form match: the row is unmatched again, with the township suggested.
    pub fn refuse(&mut self, refused: AcceptedMatch) {
        self.accepted.retain(|a| a != &refused);
        if !self.refused.contains(&refused) {
            self.refused.push(refused);
        }
    }
}

/// What a recipe file says it is, so any other JSON is refused with a clear message.
pub const RECIPE_FORMAT: &str = "coverage-atlas-import-recipe";
/// The recipe format this build writes and reads.
pub const RECIPE_VERSION: u32 = 1;
/// Recipes are a few kilobytes; anything past this is not one and is not parsed.
pub const RECIPE_MAX_BYTES: usize = 1 << 20;

/// [`StationChoices`] written down for a file: see `docs/import-recipe.md`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportRecipe {
    /// Always [`RECIPE_FORMAT`].
    pub format: String,
    /// [`RECIPE_VERSION`].
    pub version: u32,
    /// The table the recipe was made with, for people reading the recipe; not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub made_from: Option<String>,
    /// Field key (`code`, `township`, `county`, `station`, `status`, `star`, `tier`,
    /// `opened`) → the header text of its column. A field not listed is not used.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// Status word → `planned`, `built`, `operating`, `closed` or `no_station`.
    #[serde(default)]
    pub status_values: BTreeMap<String, StatusChoice>,
    /// Rating word → `{"stars": 1…5}`, `"excellent"` or `"unrated"`.
    #[serde(default)]
    pub rating_values: BTreeMap<String, RatingChoice>,
    /// Rows (by their code, county and township cells) joined to a township the user accepted.
    #[serde(default)]
    pub accepted: Vec<AcceptedMatch>,
    /// Rows whose match by a short form of the name the user undid.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refused: Vec<AcceptedMatch>,
    /// The directory's columns by header text, the columns published or kept private by
    /// choice, and the coordinates' datum when chosen (`docs/import-recipe.md`).
    #[serde(default, skip_serializing_if = "DirectoryRecipe::is_empty")]
    pub directory: DirectoryRecipe,
}

impl ImportRecipe {
    /// The recipe of `choices` for a table with `headers`, made from the file `made_from`.
    pub fn from_choices(
        made_from: &str,
        headers: &[String],
        choices: &StationChoices,
    ) -> ImportRecipe {
        let columns = Field::ALL
            .into_iter()
            .filter_map(|f| {
                let index = choices.mapping.get(f)?;
                Some((f.key().to_string(), headers.get(index)?.clone()))
            })
            .collect();
        ImportRecipe {
            format: RECIPE_FORMAT.into(),
            version: RECIPE_VERSION,
            made_from: Some(made_from.to_string()),
            columns,
            status_values: choices.values.status.clone(),
            rating_values: choices.values.rating.clone(),
            accepted: choices.accepted.clone(),
            refused: choices.refused.clone(),
            directory: DirectoryRecipe::from_choices(headers, &choices.directory),
        }
    }

    /// The recipe as the JSON file the page downloads, indented for people to read.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a recipe file; the message names the file and says what is wrong.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<ImportRecipe, Text> {
        ImportRecipe::check_size(file, bytes.len())?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let recipe: ImportRecipe = serde_json::from_slice(bytes).map_err(|e| {
            Text::new(
                format!("{file}：不是导入方案（JSON 第 {} 行：{e}）", e.line()),
                format!("{file}: not an import recipe (JSON line {}: {e})", e.line()),
            )
        })?;
        if recipe.format != RECIPE_FORMAT {
            return Err(Text::new(
                format!(
                    "{file}：format 应为 \"{RECIPE_FORMAT}\"，实为 {:?}",
                    recipe.format
                ),
                format!(
                    "{file}: expected format \"{RECIPE_FORMAT}\", found {:?}",
                    recipe.format
                ),
            ));
        }
        if recipe.version != RECIPE_VERSION {
            return Err(Text::new(
                format!(
                    "{file}：导入方案版本 {}，本程序只读版本 {RECIPE_VERSION}",
                    recipe.version
                ),
                format!(
                    "{file}: recipe version {}; this build reads version {RECIPE_VERSION}",
                    recipe.version
                ),
            ));
        }
        if let Some(bad) = recipe.rating_values.values().find_map(|r| match r {
            RatingChoice::Stars(n) if !(1..=5).contains(n) => Some(*n),
            _ => None,
        }) {
            return Err(Text::new(
                format!("{file}：星级 {bad} 超出 1–5"),
                format!("{file}: {bad} stars is outside 1–5"),
            ));
        }
        Ok(recipe)
    }

    /// Refuses a file of `len` bytes that is too large to be a recipe, before it is read.
    pub fn check_size(file: &str, len: usize) -> Result<(), Text> {
        if len <= RECIPE_MAX_BYTES {
            return Ok(());
        }
        Err(Text::new(
            format!("{file}：{len} 字节；导入方案不超过 1 MB，这不是导入方案"),
            format!("{file}: {len} bytes; an import recipe is under 1 MB, so this is not one"),
        ))
    }

    /// The choices for a table with `headers`: each column found by its header text (compared
    /// after [`normalise_name`]). A header the table lacks is an error naming it and the
    /// table's headers, since joining without it would silently change the result.
    pub fn choices_for(&self, headers: &[String]) -> Result<StationChoices, Text> {
        let mut mapping = ColumnMapping::default();
        let mut missing: Vec<(&str, &str)> = Vec::new();
        for (key, header) in &self.columns {
            let field = Field::from_key(key).ok_or_else(|| {
                let keys: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
                Text::new(
                    format!("导入方案的字段 {key:?} 未知，应为 {}", keys.join("、")),
                    format!(
                        "unknown field {key:?} in the recipe: expected one of {}",
                        keys.join(", ")
                    ),
                )
            })?;
            let wanted = normalise_name(header);
            match headers.iter().position(|h| normalise_name(h) == wanted) {
                Some(index) => mapping.set(field, Some(index)),
                None => missing.push((key, header)),
            }
        }
        if !missing.is_empty() {
            return Err(missing_columns(&missing, headers));
        }
        let values = ValueChoices {
            status: renormalised(&self.status_values),
            rating: renormalised(&self.rating_values),
        };
        let directory = self
            .directory
            .choices_for(headers)
            .map_err(|missing| missing_columns(&missing, headers))
            .map(Box::new)?;
        Ok(StationChoices {
            mapping,
            values,
            accepted: self.accepted.clone(),
            refused: self.refused.clone(),
            directory,
        })
    }
}

/// Every column of the recipe the header lacks, and the header as it is.
fn missing_columns(missing: &[(&str, &str)], headers: &[String]) -> Text {
    let list = headers
        .iter()
        .map(|h| format!("{h:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    let wanted = |sep: &str| {
        missing
            .iter()
            .map(|(key, header)| format!("{key} {header:?}"))
            .collect::<Vec<_>>()
            .join(sep)
    };
    Text::new(
        format!(
            "导入方案所需的列在表头中找不到：{}；表头为 [{list}]",
            wanted("、")
        ),
        format!(
            "the header has no column the recipe names for {}; the header is [{list}]",
            wanted(", ")
        ),
    )
}

/// A hand-written recipe may spell a value with spaces or full-width letters.
fn renormalised<V: Copy>(map: &BTreeMap<String, V>) -> BTreeMap<String, V> {
    map.iter().map(|(k, v)| (normalise_name(k), *v)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_recipe_round_trips_by_header_text() {
        let h = headers(&["序号", "乡镇（街道）", "建设情况", "星级评定"]);
        let mut choices = StationChoices::default();
        choices.mapping.set(Field::Township, Some(1));
        choices.mapping.set(Field::Status, Some(2));
        choices.mapping.set(Field::Star, Some(3));
        choices.values.set_status("已完成验收", StatusChoice::Built);
        choices.values.set_rating("A档", RatingChoice::Stars(4));
        choices.accept(AcceptedMatch {
            code_cell: String::new(),
            county: String::new(),
            township: "猪场坪乡".into(),
            code: RegionCode::parse("522327105").unwrap(),
        });
        let json = ImportRecipe::from_choices("t.csv", &h, &choices).to_json();
        assert!(json.contains("\"status\": \"建设情况\""), "{json}");
        assert!(json.contains("\"已完成验收\": \"built\""), "{json}");
        assert!(json.contains("\"stars\": 4"), "{json}");
        let recipe = ImportRecipe::parse("r.json", json.as_bytes()).unwrap();
        // The bureau inserted a column: the recipe still finds each one by its header.
        let moved = headers(&["县", "序号", "乡镇（街道）", "备注", "建设情况", "星级评定"]);
        let again = recipe.choices_for(&moved).unwrap();
        assert_eq!(again.mapping.township, Some(2));
        assert_eq!(again.mapping.status, Some(4));
        assert_eq!(again.values, choices.values);
        assert_eq!(again.accepted, choices.accepted);
    }

    #[test]
    fn a_wrong_recipe_says_what_is_wrong() {
        let h = headers(&["乡镇", "状态"]);
        let err = ImportRecipe::parse("r.json", b"{\"format\":\"x\",\"version\":1}").unwrap_err();
        assert!(err.en.contains("expected format"), "{err}");
        assert!(err.zh.contains("format 应为"), "{}", err.zh);
        let err = ImportRecipe::parse("r.json", b"[1,2]").unwrap_err();
        assert!(err.en.starts_with("r.json: not an import recipe"), "{err}");
        let text = format!(
            "{{\"format\":\"{RECIPE_FORMAT}\",\"version\":1,\"columns\":{{\"status\":\"建设情况\"}}}}"
        );
        let recipe = ImportRecipe::parse("r.json", text.as_bytes()).unwrap();
        let err = recipe.choices_for(&h).unwrap_err();
        assert!(
            err.zh.contains("\"建设情况\"") && err.zh.contains("\"状态\""),
            "{}",
            err.zh
        );
        let six = format!(
            "{{\"format\":\"{RECIPE_FORMAT}\",\"version\":1,\"rating_values\":{{\"A\":{{\"stars\":6}}}}}}"
        );
        assert!(ImportRecipe::parse("r.json", six.as_bytes()).is_err());
        let big = vec![b' '; RECIPE_MAX_BYTES + 1];
        assert!(ImportRecipe::parse("r.json", &big)
            .unwrap_err()
            .en
            .contains("under 1 MB"));
    }

    #[test]
    fn the_documented_example_reads() {
        let doc = include_str!("../../../docs/import-recipe.md");
        let json = doc
            .split("```json")
            .nth(1)
            .unwrap()
            .split("```")
            .next()
            .unwrap();
        let recipe = ImportRecipe::parse("docs/import-recipe.md", json.as_bytes()).unwrap();
        assert_eq!(recipe.rating_values["示范"], RatingChoice::Excellent);
        assert_eq!(recipe.status_values[""], StatusChoice::NoStation);
        assert_eq!(recipe.accepted.len(), 1);
    }

    #[test]
    fn value_choices_compare_normalised() {
        let mut v = ValueChoices::default();
        v.set_status(" 已完成 验收 ", StatusChoice::Operating);
        assert_eq!(v.status_of("已完成验收"), Some(StatusChoice::Operating));
        for c in StatusChoice::ALL {
            assert_eq!(StatusChoice::from_key(c.key()), Some(c));
        }
        for c in RatingChoice::ALL {
            assert_eq!(RatingChoice::from_key(&c.key()), Some(c));
        }
    }
}
