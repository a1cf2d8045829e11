//! CSV rows read by column name, without serde: csv's serde deserializer compiles a large copy
//! of itself for each row type (some 20 KB of wasm for the facts alone), and the page reads the
//! facts and the registry before its first map.

use csv::StringRecord;

/// One record of a CSV file with the file's header row, read by column name.
pub(crate) struct Columns<'a> {
    header: &'a StringRecord,
    record: &'a StringRecord,
}

impl<'a> Columns<'a> {
    /// `record` under `header`.
    pub(crate) fn new(header: &'a StringRecord, record: &'a StringRecord) -> Self {
        Columns { header, record }
    }

    /// The field in column `name`; an error naming the column when the header has none.
    pub(crate) fn get(&self, name: &str) -> Result<String, String> {
        self.optional(name)
            .map(str::to_string)
            .ok_or_else(|| format!("missing field `{name}`"))
    }

    /// The field in column `name`, `None` when the header has no such column.
    pub(crate) fn optional(&self, name: &str) -> Option<&'a str> {
        let index = self.header.iter().position(|column| column == name)?;
        Some(self.record.get(index).unwrap_or_default())
    }
}
