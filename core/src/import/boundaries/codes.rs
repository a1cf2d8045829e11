//! Which property holds the township code, and what each feature's code joins to: the
//! candidates offered to the user, the detected choice, and the reason a code does not join.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::data::atlas::Atlas;
use crate::data::code::{CodeError, Level, RegionCode};
use crate::data::divisions::Divisions;
use crate::error::DataError;
use crate::lang::Text;

use super::super::text::{name_key, normalise_name};

use super::super::features::RawFeature;
use super::report::CodeProperty;

/// Property keys tried, in this order of preference, when the user names none.
pub const CODE_PROPERTY_CANDIDATES: [&str; 16] = [
    "code", "adcode", "PAC", "gb", "XZQDM", "xzqdm", "ZLDWDM", "zldwdm", "XZDM", "xzdm", "CODE",
    "Code", "ADCODE", "GB", "id", "ID",
];

/// Property keys that may hold a feature's name (for labels and suggestions).
const NAME_PROPERTIES: [&str; 8] = [
    "name", "NAME", "Name", "XZQMC", "xzqmc", "ZLDWMC", "名称", "XZMC",
];

/// Every property key of the features, sorted, for the messages that list them.
fn property_keys(features: &[RawFeature]) -> Vec<String> {
    let mut keys: Vec<String> = features
        .iter()
        .flat_map(|f| f.properties.keys().cloned())
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// `#3 黄草街道`: the feature's 1-based position and, when a name property has one, its name.
pub(super) fn label(n: usize, properties: &Map<String, Value>) -> String {
    NAME_PROPERTIES
        .iter()
        .find_map(|k| properties.get(*k).and_then(Value::as_str))
        .map(|name| format!("#{n} {name}"))
        .unwrap_or_else(|| format!("#{n}"))
}

/// A property value as a code string: strings trimmed, integers written out.
fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => n
            .as_u64()
            .map(|u| u.to_string())
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 1e15)
                    .map(|f| format!("{f:.0}"))
            })
            .or_else(|| Some(n.to_string())),
        _ => None,
    }
}

/// Every property key with how many features' values are codes and registry townships; best
/// candidate first (most registry townships, then most codes, then [`CODE_PROPERTY_CANDIDATES`]
/// order, then name).
pub(super) fn code_properties(features: &[RawFeature], atlas: &Atlas) -> Vec<CodeProperty> {
    let mut by_key: BTreeMap<&str, CodeProperty> = BTreeMap::new();
    for feature in features {
        for (key, value) in &feature.properties {
            let entry = by_key.entry(key).or_insert_with(|| CodeProperty {
                key: key.clone(),
                present: 0,
                codes: 0,
                registry_townships: 0,
                example: value_text(value).unwrap_or_else(|| value.to_string()),
            });
            entry.present += 1;
            if let Some(code) = value_text(value).and_then(|t| RegionCode::parse(&t).ok()) {
                entry.codes += 1;
                if code.level() == Level::Township && atlas.divisions.contains(&code) {
                    entry.registry_townships += 1;
                }
            }
        }
    }
    let rank = |key: &str| {
        CODE_PROPERTY_CANDIDATES
            .iter()
            .position(|c| *c == key)
            .unwrap_or(CODE_PROPERTY_CANDIDATES.len())
    };
    let mut list: Vec<CodeProperty> = by_key.into_values().collect();
    list.sort_by(|a, b| {
        (b.registry_townships, b.codes)
            .cmp(&(a.registry_townships, a.codes))
            .then_with(|| rank(&a.key).cmp(&rank(&b.key)))
            .then_with(|| a.key.cmp(&b.key))
    });
    list
}

/// The best candidate of [`code_properties`], if any feature's value in it is a code.
fn detect_code_property(
    file: &str,
    features: &[RawFeature],
    properties: &[CodeProperty],
) -> Result<String, DataError> {
    match properties.first().filter(|p| p.codes > 0) {
        Some(best) => Ok(best.key.clone()),
        None => {
            let (tried, found) = (
                CODE_PROPERTY_CANDIDATES.join(", "),
                property_keys(features).join(", "),
            );
            Err(DataError::file(
                file,
                Text::new(
                    format!(
                        "没有存放区划代码（9 位或 12 位，或 156 加 6 位）的属性；已尝试 {tried}；\
                         文件中的属性：{found}"
                    ),
                    format!(
                        "no property holds region codes (9 or 12 digits, or 156 + 6 digits); \
                         tried {tried}; properties found: {found}"
                    ),
                ),
            ))
        }
    }
}

/// The property the codes are read from, and whether it was detected: the user's `asked` key
/// when some feature has it, else the best candidate.
pub(super) fn choose_code_property(
    file: &str,
    features: &[RawFeature],
    properties: &[CodeProperty],
    asked: Option<&str>,
) -> Result<(String, bool), DataError> {
    match asked {
        Some(key) => {
            if !properties.iter().any(|p| p.key == key) {
                let found = property_keys(features).join(", ");
                return Err(DataError::file(
                    file,
                    Text::new(
                        format!("没有要素带有属性“{key}”；文件中的属性：{found}"),
                        format!("no feature has the property {key:?}; properties found: {found}"),
                    ),
                ));
            }
            Ok((key.to_string(), false))
        }
        None => Ok((detect_code_property(file, features, properties)?, true)),
    }
}

/// Why a feature is rejected: the value it is about, the reason and, where there is a likely
/// answer, a suggestion (with the registry township it names, when it names one).
pub(super) struct Rejection {
    /// The value the reason is about (the code, the geometry type).
    pub value: String,
    /// Why the feature is not joined.
    pub reason: Text,
    /// What the user probably meant or should do.
    pub suggestion: Option<Text>,
    /// The township the suggestion names.
    pub suggested_code: Option<RegionCode>,
}

impl Rejection {
    /// A rejection without a suggestion (boxed: it is the error of every feature's checks).
    pub fn new(value: impl Into<String>, reason: Text) -> Box<Rejection> {
        Box::new(Rejection {
            value: value.into(),
            reason,
            suggestion: None,
            suggested_code: None,
        })
    }

    /// The same rejection with `hint` as its suggestion.
    fn with(mut self: Box<Self>, hint: Option<Hint>) -> Box<Rejection> {
        if let Some(Hint { text, code }) = hint {
            self.suggestion = Some(text);
            self.suggested_code = code;
        }
        self
    }
}

/// A suggestion, and the registry township it names if it names one.
struct Hint {
    text: Text,
    code: Option<RegionCode>,
}

/// A [`CodeError`] in both languages (the English is the error's own message).
pub(crate) fn code_error_text(e: &CodeError) -> Text {
    let zh = match e {
        CodeError::NotDigits(raw) => format!("应为由数字组成的区划代码，实为“{raw}”"),
        CodeError::BadLength { found, len } => format!(
            "应为 2、4、6、9 或 12 位区划代码（或“156”后加 6 位），实为“{found}”（{len} 位）"
        ),
        CodeError::VillageCode(raw) => format!(
            "12 位统计用区划代码应以 000 结尾（乡镇级，而非村级），实为“{raw}”"
        ),
        CodeError::CountryPrefix(raw) => format!(
            "统计用区划代码应以省级代码（11–82）开头，实为“{raw}”：“156”是中国的国家代码前缀，12 位代码从不带它"
        ),
    };
    Text::new(zh, e.to_string())
}

/// The registry township the feature's value under `key` names, or why there is none.
pub(super) fn join_code(
    properties: &Map<String, Value>,
    key: &str,
    atlas: &Atlas,
) -> Result<RegionCode, Box<Rejection>> {
    let raw = match properties.get(key).and_then(value_text) {
        Some(t) if !t.is_empty() => t,
        _ => {
            return Err(Rejection::new(
                "",
                Text::new(
                    format!("代码属性“{key}”没有值"),
                    format!("no value in the code property {key:?}"),
                ),
            ))
        }
    };
    let code =
        RegionCode::parse(&raw).map_err(|e| Rejection::new(raw.clone(), code_error_text(&e)))?;
    let divisions = &atlas.divisions;
    if code.level() != Level::Township {
        let level = code.level();
        let reason = Text::new(
            format!(
                "{code} 是{}代码，不是乡镇代码（应为 9 位或 12 位）",
                level.name_zh()
            ),
            format!(
                "{code} is a {} code, not a township (9 or 12 digits)",
                level.name_zh()
            ),
        );
        let hint = named_township(divisions, &code, properties)
            .or_else(|| county_instead(divisions, &code));
        return Err(Rejection::new(raw, reason).with(hint));
    }
    if !divisions.contains(&code) {
        let reason = Text::new(
            format!("{code} 不是 2023 年区划名录中的乡镇"),
            format!("{code} is not a township in the 2023 registry"),
        );
        let hint = named_township(divisions, &code, properties)
            .or_else(|| township_count(divisions, &code));
        return Err(Rejection::new(raw, reason).with(hint));
    }
    Ok(code)
}

/// For a county's code where a township's is wanted: how many townships the county has.
fn county_instead(divisions: &Divisions, code: &RegionCode) -> Option<Hint> {
    (code.level() == Level::County && divisions.contains(code)).then(|| {
        let (name, count) = (
            divisions.qualified_name(code),
            divisions.township_count(code),
        );
        Hint {
            text: Text::new(
                format!("{name}有 {count} 个乡镇，其 9 位代码以 {code} 开头"),
                format!("{name} has {count} townships with 9-digit codes starting {code}"),
            ),
            code: None,
        }
    })
}

/// The registry county of the code's first 6 digits, if there is one.
fn county_of(divisions: &Divisions, code: &RegionCode) -> Option<RegionCode> {
    code.ancestor_at(Level::County)
        .filter(|county| divisions.contains(county))
}

/// For a township code the registry lacks, in a county it has: how many townships the county
/// lists.
fn township_count(divisions: &Divisions, code: &RegionCode) -> Option<Hint> {
    let county = county_of(divisions, code)?;
    let (name, count) = (
        divisions.qualified_name(&county),
        divisions.township_count(&county),
    );
    Some(Hint {
        text: Text::new(
            format!("{name}共有 {count} 个乡镇"),
            format!("{name} lists {count} townships"),
        ),
        code: None,
    })
}

/// The one township of the code's county (its first 6 digits) whose name is the feature's:
/// spelled the same once normalised (full-width, spaces, 街道办事处), else the same but for the
/// 乡/镇/街道 suffix (猪场坪乡 → 猪场坪镇, renamed when the 乡 became a 镇). `None` when no
/// township, or more than one, matches.
fn named_township(
    divisions: &Divisions,
    code: &RegionCode,
    properties: &Map<String, Value>,
) -> Option<Hint> {
    let county = county_of(divisions, code)?;
    let names: Vec<&str> = NAME_PROPERTIES
        .iter()
        .filter_map(|k| properties.get(*k).and_then(Value::as_str))
        .filter(|n| !n.trim().is_empty())
        .collect();
    let townships: Vec<(&RegionCode, &str)> = divisions
        .at_level(&county, Level::Township)
        .filter_map(|c| divisions.name(c).map(|n| (c, n)))
        .collect();
    let only = |same: &dyn Fn(&str, &str) -> bool| -> Option<(RegionCode, String)> {
        let mut found = townships
            .iter()
            .filter(|(_, township)| names.iter().any(|n| same(n, township)));
        match (found.next(), found.next()) {
            (Some((c, n)), None) => Some(((*c).clone(), n.to_string())),
            _ => None,
        }
    };
    if let Some((c, name)) = only(&|a, b| normalise_name(a) == normalise_name(b)) {
        return Some(Hint {
            text: Text::new(
                format!("是否为 {name}（{c}）？"),
                format!("did you mean {name} ({c})?"),
            ),
            code: Some(c),
        });
    }
    let (c, name) = only(&|a, b| name_key(a) == name_key(b))?;
    Some(Hint {
        text: Text::new(
            format!("是否为 {name}（{c}）？名称仅乡/镇/街道后缀不同，或已撤乡设镇、改设街道"),
            format!(
                "did you mean {name} ({c})? The name differs only in its 乡/镇/街道 suffix, as \
                 when a 乡 became a 镇"
            ),
        ),
        code: Some(c),
    })
}
