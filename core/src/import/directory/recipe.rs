//! The directory's part of an import recipe: its columns by header text (only when the user
//! chose them; otherwise they are guessed again next time), the columns published or kept
//! private by choice, and the datum when chosen.

use std::collections::BTreeMap;

use crate::import::text::normalise_name;

use super::datum::Datum;
use super::mapping::{DirectoryField, DirectoryMapping};
use super::DirectoryChoices;

/// The `directory` object of an import recipe (`docs/import-recipe.md`).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectoryRecipe {
    /// Field key → header text, when the user chose the columns.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<DirectoryField, String>,
    /// Header text → published (`true`) or kept private (`false`), by the publisher's choice.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub public: BTreeMap<String, bool>,
    /// The coordinates' datum, when chosen rather than judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datum: Option<Datum>,
}

impl DirectoryRecipe {
    /// True when the recipe says nothing of the directory (it is then left out of the file).
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty() && self.public.is_empty() && self.datum.is_none()
    }

    /// The recipe of `choices` for a table with `headers`.
    pub fn from_choices(headers: &[String], choices: &DirectoryChoices) -> DirectoryRecipe {
        let columns = (choices.mapping.iter())
            .flat_map(|m| m.columns.iter())
            .filter_map(|(field, column)| Some((*field, headers.get(*column)?.clone())))
            .collect();
        DirectoryRecipe {
            columns,
            public: choices.public.clone(),
            datum: choices.datum,
        }
    }

    /// The choices for a table with `headers`, or the (field key, header) pairs the header lacks.
    pub fn choices_for<'a>(
        &'a self,
        headers: &[String],
    ) -> Result<DirectoryChoices, Vec<(&'a str, &'a str)>> {
        let mut missing = Vec::new();
        let mapping = (!self.columns.is_empty()).then(|| {
            let mut mapping = DirectoryMapping::default();
            for (field, header) in &self.columns {
                let wanted = normalise_name(header);
                match headers.iter().position(|h| normalise_name(h) == wanted) {
                    Some(i) => mapping.set(*field, Some(i)),
                    None => missing.push((field.key(), header.as_str())),
                }
            }
            mapping
        });
        if !missing.is_empty() {
            return Err(missing);
        }
        Ok(DirectoryChoices {
            mapping,
            public: self.public.clone(),
            datum: self.datum,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_recipe_round_trips() {
        let headers: Vec<String> = ["乡镇", "负责人手机", "百度坐标"]
            .map(String::from)
            .to_vec();
        let mut mapping = DirectoryMapping::default();
        mapping.set(DirectoryField::ContactPhone, Some(1));
        mapping.set(DirectoryField::LonLat, Some(2));
        let choices = DirectoryChoices {
            mapping: Some(mapping),
            public: BTreeMap::from([("负责人手机".to_string(), true)]),
            datum: Some(Datum::Bd09),
        };
        let recipe = DirectoryRecipe::from_choices(&headers, &choices);
        let json = serde_json::to_string(&recipe).unwrap();
        assert_eq!(
            json,
            r#"{"columns":{"lonlat":"百度坐标","contact_phone":"负责人手机"},"public":{"负责人手机":true},"datum":"bd09"}"#
        );
        let back: DirectoryRecipe = serde_json::from_str(&json).unwrap();
        let moved: Vec<String> = ["百度坐标", "乡镇", "负责人手机"]
            .map(String::from)
            .to_vec();
        let again = back.choices_for(&moved).unwrap();
        assert_eq!(again.mapping.unwrap().get(DirectoryField::LonLat), Some(0));
        assert_eq!(back.choices_for(&headers[..1]).unwrap_err().len(), 2);
        assert!(serde_json::from_str::<DirectoryRecipe>(r#"{"columns":{"fax":"传真"}}"#).is_err());
    }
}
