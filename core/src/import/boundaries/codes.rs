//! Which property holds the township code, and what each feature's code joins to: the
//! candidates offered to the user, the detected choice, and the reason a code does not join.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::data::atlas::Atlas;
use crate::data::code::{Level, RegionCode};
use crate::data::divisions::Divisions;
use crate::error::DataError;

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
        None => Err(DataError::file(
            file,
            format!(
                "no property holds region codes (9 or 12 digits, or 156 + 6 digits); tried {}; \
                 properties found: {}",
                CODE_PROPERTY_CANDIDATES.join(", "),
                property_keys(features).join(", ")
            ),
        )),
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
                return Err(DataError::file(
                    file,
                    format!(
                        "no feature has the property {key:?}; properties found: {}",
                        property_keys(features).join(", ")
                    ),
                ));
            }
            Ok((key.to_string(), false))
        }
        None => Ok((detect_code_property(file, features, properties)?, true)),
    }
}

/// Why a feature is rejected: the value it is about, the reason and a suggestion.
pub(super) type Rejection = (String, String, Option<String>);

/// The registry township the feature's value under `key` names, or why there is none.
pub(super) fn join_code(
    properties: &Map<String, Value>,
    key: &str,
    atlas: &Atlas,
) -> Result<RegionCode, Rejection> {
    let raw = match properties.get(key).and_then(value_text) {
        Some(t) if !t.is_empty() => t,
        _ => {
            return Err((
                String::new(),
                format!("no value in the code property {key:?}"),
                None,
            ))
        }
    };
    let code = RegionCode::parse(&raw).map_err(|e| (raw.clone(), e.to_string(), None))?;
    let divisions = &atlas.divisions;
    if code.level() != Level::Township {
        return Err((
            raw,
            format!(
                "{code} is a {} code, not a township (9 or 12 digits)",
                code.level().name_zh()
            ),
            county_instead(divisions, &code),
        ));
    }
    if !divisions.contains(&code) {
        return Err((
            raw,
            format!("{code} is not a township in the 2023 registry"),
            unknown_township_hint(divisions, &code, properties),
        ));
    }
    Ok(code)
}

/// For a county's code where a township's is wanted: how many townships the county has.
fn county_instead(divisions: &Divisions, code: &RegionCode) -> Option<String> {
    (code.level() == Level::County && divisions.contains(code)).then(|| {
        format!(
            "{} has {} townships with 9-digit codes starting {code}",
            divisions.qualified_name(code),
            divisions.township_count(code)
        )
    })
}

/// For a township code the registry lacks, in a county it has: the county's township of the
/// feature's name, else how many townships the county lists.
fn unknown_township_hint(
    divisions: &Divisions,
    code: &RegionCode,
    properties: &Map<String, Value>,
) -> Option<String> {
    let county = code.ancestor_at(Level::County).unwrap_or_default();
    if !divisions.contains(&county) {
        return None;
    }
    let names: Vec<&str> = NAME_PROPERTIES
        .iter()
        .filter_map(|k| properties.get(*k).and_then(Value::as_str))
        .collect();
    let named = divisions
        .at_level(&county, Level::Township)
        .find(|c| divisions.name(c).is_some_and(|n| names.contains(&n)))
        .map(|c| format!("did you mean {} ({c})?", divisions.name(c).unwrap_or("")));
    named.or_else(|| {
        Some(format!(
            "{} lists {} townships",
            divisions.qualified_name(&county),
            divisions.township_count(&county)
        ))
    })
}
