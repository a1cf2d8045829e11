//! JSON: an array of objects, one per row; the columns are the keys in the order they first
//! appear.

use crate::error::DataError;
use crate::lang::Text;
use crate::limits::Limit;

use super::super::progress::{Phase, Step, Ticker};
use super::table::{RawRow, RawTable, TableBudget, TableFormat};

pub(super) fn read_json(
    file: &str,
    text: &str,
    progress: &mut dyn FnMut(Step),
) -> Result<RawTable, DataError> {
    Limit::JsonTableBytes
        .check(text.len() as u64)
        .map_err(|m| DataError::file(file, m))?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        DataError::file(
            file,
            Text::new(
                format!("无法读取 JSON：{e}"),
                format!("cannot read JSON: {e}"),
            ),
        )
    })?;
    let items = value.as_array().ok_or_else(|| {
        DataError::file(
            file,
            Text::new(
                "应为由对象组成的 JSON 数组",
                "expected a JSON array of objects",
            ),
        )
    })?;
    let mut headers: Vec<String> = Vec::new();
    let mut known: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (index, item) in items.iter().enumerate() {
        let object = item.as_object().ok_or_else(|| {
            DataError::row(
                file,
                index + 1,
                Text::new(
                    format!("应为每列一个键的对象，实为 {item}"),
                    format!("expected an object with one key per column, found {item}"),
                ),
            )
        })?;
        for key in object.keys() {
            if known.insert(key.as_str()) {
                headers.push(key.clone());
            }
        }
        let columns = headers.len() as u64;
        Limit::TableColumns
            .check(columns)
            .map_err(|m| DataError::row(file, index + 1, m))?;
    }
    let mut budget = TableBudget::new(file);
    let mut rows = Vec::new();
    let mut blank_rows = 0;
    let mut ticker = Ticker::start(progress, Phase::Parsing, items.len() as u64);
    for (index, item) in items.iter().enumerate() {
        ticker.tick(index as u64);
        let object = item.as_object().expect("checked above");
        let cells: Vec<String> = headers
            .iter()
            .map(|h| match object.get(h) {
                None | Some(serde_json::Value::Null) => String::new(),
                Some(serde_json::Value::String(s)) => s.trim().to_string(),
                Some(other) => other.to_string(),
            })
            .collect();
        budget.check(index + 1, cells.len(), cells.iter().map(String::as_str))?;
        if cells.iter().all(String::is_empty) {
            blank_rows += 1;
        } else {
            rows.push(RawRow {
                row: index + 1,
                cells,
            });
        }
    }
    ticker.finish();
    Ok(RawTable {
        file: file.to_string(),
        format: TableFormat::Json,
        encoding: None,
        headers,
        rows,
        blank_rows,
        header_row: 0,
        above_header: Vec::new(),
    })
}
