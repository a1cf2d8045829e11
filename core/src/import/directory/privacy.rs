//! What is public. A station's address, hours, services and office line are the directory; a
//! person's name and mobile number are not, unless the publisher chooses to publish them. The
//! default for each column is decided here, once, and the report shows each decision.

use std::collections::BTreeMap;

use crate::import::text::normalise_name;
use crate::lang::Text;

use super::mapping::DirectoryField;
use super::phone::{read_phones, PhoneKind};

/// A column whose publication is a choice: the phone and personal columns.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ColumnPrivacy {
    /// The field the column is mapped to.
    pub field: DirectoryField,
    /// The column's header, as the recipe keeps the choice by it.
    pub header: String,
    /// Whether the column's values are published.
    pub published: bool,
    /// True when the publisher chose (the recipe's `public`), false for the default.
    pub chosen: bool,
    /// Why, in words: the default's reason or the choice.
    pub reason: Text,
}

/// The share of a phone column's numbers that are mobiles, as (mobiles, numbers).
fn mobile_share(cells: &[&str]) -> (usize, usize) {
    let phones: Vec<PhoneKind> = cells
        .iter()
        .flat_map(|c| read_phones(c).phones)
        .map(|p| p.kind)
        .collect();
    let mobiles = phones.iter().filter(|k| **k == PhoneKind::Mobile).count();
    (mobiles, phones.len())
}

/// The decision for one column: the publisher's choice by header, else the default, which is
/// off for a person's name or number and for a phone column of mostly mobiles, on otherwise.
pub fn decide(
    field: DirectoryField,
    header: &str,
    cells: &[&str],
    choices: &BTreeMap<String, bool>,
) -> ColumnPrivacy {
    let chosen = choices
        .iter()
        .find(|(h, _)| normalise_name(h) == normalise_name(header))
        .map(|(_, on)| *on);
    let (default_on, default_reason) = default_for(field, cells);
    match chosen {
        Some(on) => ColumnPrivacy {
            field,
            header: header.to_string(),
            published: on,
            chosen: true,
            reason: if on {
                Text::new(
                    format!("“{header}”列按导入方案公开（含手机号）"),
                    format!("column {header:?} published as the recipe chooses (mobile numbers included)"),
                )
            } else {
                Text::new(
                    format!("“{header}”列按导入方案不公开"),
                    format!("column {header:?} kept private as the recipe chooses"),
                )
            },
        },
        None => ColumnPrivacy {
            field,
            header: header.to_string(),
            published: default_on,
            chosen: false,
            reason: Text::new(
                format!("“{header}”列{}", default_reason.zh),
                format!("column {header:?} {}", default_reason.en),
            ),
        },
    }
}

fn default_for(field: DirectoryField, cells: &[&str]) -> (bool, Text) {
    match field {
        DirectoryField::Contact => (
            false,
            Text::new(
                "是个人姓名，默认不公开",
                "holds a person's name: private by default",
            ),
        ),
        DirectoryField::ContactPhone => (
            false,
            Text::new(
                "是个人的电话，默认不公开",
                "holds a person's number: private by default",
            ),
        ),
        DirectoryField::Phone => {
            let (mobiles, of) = mobile_share(cells);
            if mobiles * 2 > of {
                (
                    false,
                    Text::new(
                        format!("{of} 个号码中 {mobiles} 个是手机号，像是个人电话，默认不公开"),
                        format!("{mobiles} of its {of} numbers are mobiles, a person's numbers: private by default"),
                    ),
                )
            } else {
                (
                    true,
                    Text::new(
                        format!("是办公电话，公开；其中的手机号（{mobiles} 个）不公开"),
                        format!("holds office lines: published, its mobile numbers ({mobiles}) withheld"),
                    ),
                )
            }
        }
        _ => (true, Text::new("公开", "published")),
    }
}
