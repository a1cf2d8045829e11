//! The value step: every status and rating value of the table that the vocabulary does not know,
//! with its row count and a select of meanings, and the meanings the user has already given
//! (changeable, removable). A change re-joins in the worker without reading the file again.

use std::rc::Rc;

use atlas_core::import::session::StationsLoaded;
use atlas_core::import::{RatingChoice, StationChoices, StatusChoice, ValueField};
use atlas_core::lang::Lang;
use leptos::prelude::*;

use super::job::{Choices, ImportJob};

/// One row of the step: a value, its rows (when still unknown) and its meaning (when given).
struct ValueRow {
    field: ValueField,
    /// As the table writes it (the normalised key for a meaning already given).
    value: String,
    rows: Option<usize>,
    chosen: Option<String>,
}

#[component]
pub fn ValueStep(loaded: Rc<StationsLoaded>, job: ImportJob, lang: Lang) -> impl IntoView {
    let Ok(report) = loaded.outcome.as_ref() else {
        return None;
    };
    let zh = lang == Lang::Zh;
    let mut rows: Vec<ValueRow> = report
        .unknown_values
        .iter()
        .map(|u| ValueRow {
            field: u.field,
            value: u.value.clone(),
            rows: Some(u.rows),
            chosen: None,
        })
        .collect();
    let values = &loaded.choices.values;
    let status = values
        .status
        .iter()
        .map(|(v, c)| (ValueField::Status, v, c.key().to_string()));
    let rating = values
        .rating
        .iter()
        .map(|(v, c)| (ValueField::Rating, v, c.key()));
    rows.extend(status.chain(rating).map(|(field, value, key)| ValueRow {
        field,
        value: value.clone(),
        rows: None,
        chosen: Some(key),
    }));
    if rows.is_empty() {
        return None;
    }
    let unknown = report.unknown_values.len();
    let unknown_rows: usize = report.unknown_values.iter().map(|u| u.rows).sum();
    let summary = match (zh, unknown) {
        (true, 0) => format!("取值对应（已指定 {} 个取值的含义）", rows.len()),
        (true, n) => format!("取值对应：{n} 个取值未识别，涉及 {unknown_rows} 行"),
        (false, 0) => format!("Values ({} given a meaning)", rows.len()),
        (false, n) => format!("Values: {n} not recognised, in {unknown_rows} rows"),
    };
    let open = unknown > 0;
    let choices = loaded.choices.clone();
    let body = rows
        .into_iter()
        .map(|row| value_row(row, &choices, job, lang))
        .collect_view();
    Some(view! {
        <details class="values" data-testid="value-step" data-unknown=unknown.to_string() open=open>
            <summary>{summary}</summary>
            <p class="hint">{if zh {
                "表中这些状态或星级的写法未能自动识别。请为每个取值选择含义，选择后立即重新匹配；所选含义会写入导入方案。"
            } else {
                "The vocabulary does not know these status or rating values. Choose what each means: the table is joined again at once, and your choices go into the import recipe."
            }}</p>
            <table>
                <thead><tr>
                    <th scope="col">{if zh { "列" } else { "Column" }}</th>
                    <th scope="col">{if zh { "取值" } else { "Value" }}</th>
                    <th scope="col">{if zh { "行数" } else { "Rows" }}</th>
                    <th scope="col">{if zh { "含义" } else { "Meaning" }}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        </details>
    })
}

fn value_row(row: ValueRow, choices: &StationChoices, job: ImportJob, lang: Lang) -> impl IntoView {
    let zh = lang == Lang::Zh;
    let column = match (row.field, zh) {
        (ValueField::Status, true) => "状态",
        (ValueField::Status, false) => "status",
        (ValueField::Rating, true) => "星级",
        (ValueField::Rating, false) => "rating",
    };
    let empty = row.value.is_empty();
    let shown = if empty {
        lang.pick("（空白）", "(empty)").to_string()
    } else {
        row.value.clone()
    };
    let options: Vec<(String, String)> = match row.field {
        ValueField::Status => StatusChoice::ALL
            .iter()
            .map(|c| (c.key().to_string(), c.label(lang).to_string()))
            .collect(),
        ValueField::Rating => RatingChoice::ALL
            .iter()
            .map(|c| (c.key(), c.label(lang)))
            .collect(),
    };
    let first = match (&row.chosen, zh) {
        (None, true) => "请选择含义…",
        (None, false) => "Choose a meaning…",
        (Some(_), true) => "（取消指定）",
        (Some(_), false) => "(remove this meaning)",
    };
    let chosen = row.chosen.clone();
    let options = options
        .into_iter()
        .map(|(key, label)| {
            let selected = chosen.as_deref() == Some(key.as_str());
            view! { <option value=key selected=selected>{label}</option> }
        })
        .collect_view();
    let (field, value) = (row.field, row.value.clone());
    let choices = choices.clone();
    let on_change = move |ev: web_sys::Event| {
        let mut choices = choices.clone();
        set_meaning(&mut choices, field, &value, &event_target_value(&ev));
        job.rerun(Choices::Stations(choices));
    };
    let label = format!("{column} {shown}");
    view! {
        <tr data-testid="value-row" data-field=column data-value=row.value.clone()>
            <td>{column}</td>
            <th scope="row">{if empty { shown.into_any() } else { view! { <q>{shown}</q> }.into_any() }}</th>
            <td class="num">{row.rows.map_or_else(|| "—".to_string(), |n| n.to_string())}</td>
            <td><select data-testid="value-choice" aria-label=label on:change=on_change>
                <option value="" selected=row.chosen.is_none()>{first}</option>
                {options}
            </select></td>
        </tr>
    }
}

/// Gives `value` of `field` the meaning whose key is `key`; an empty key removes the meaning.
fn set_meaning(choices: &mut StationChoices, field: ValueField, value: &str, key: &str) {
    let values = &mut choices.values;
    match field {
        ValueField::Status => match StatusChoice::from_key(key) {
            Some(c) => values.set_status(value, c),
            None => {
                values.status.remove(value);
            }
        },
        ValueField::Rating => match RatingChoice::from_key(key) {
            Some(c) => values.set_rating(value, c),
            None => {
                values.rating.remove(value);
            }
        },
    }
}
