//! Errors at the data boundary. Each names the file and, where there is one, the row or feature.

use thiserror::Error;

use crate::lang::{Lang, Text};

/// A data file that cannot be loaded as it stands. Loading stops at the first one: a bad row in
/// the registry or the facts would falsify every figure built on it, so nothing is skipped.
/// Problems that do not falsify anything are [`crate::data::atlas::DataNote`]s instead.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum DataError {
    /// The file as a whole is wrong: unreadable, not the expected format, or missing an object
    /// it must hold (e.g. no `counties` object in the outlines).
    #[error("{file}: {message}")]
    File {
        /// File name (or path) as the user would recognise it.
        file: String,
        /// What was expected and what was found.
        message: Text,
    },
    /// One row of a CSV file is wrong: a bad code, a duplicate, a value that does not parse.
    #[error("{file}, row {row}: {message}")]
    Row {
        /// File name (or path) as the user would recognise it.
        file: String,
        /// 1-based line in the file, counting the header as row 1, so it matches a spreadsheet.
        row: usize,
        /// What was expected and what was found, naming the column where there is one.
        message: Text,
    },
    /// One feature of a TopoJSON/GeoJSON file is wrong: no code, a code of the wrong level, an
    /// unsupported geometry type or an arc that does not exist.
    #[error("{file}, feature {feature}: {message}")]
    Feature {
        /// File name (or path) as the user would recognise it.
        file: String,
        /// The feature's object and name or code (`counties "兴义市"`), else its position
        /// (`counties #12`).
        feature: String,
        /// What was expected and what was found.
        message: Text,
    },
}

impl DataError {
    /// A [`DataError::File`].
    pub fn file(file: &str, message: impl Into<Text>) -> DataError {
        DataError::File {
            file: file.to_string(),
            message: message.into(),
        }
    }

    /// A [`DataError::Row`]; `row` is 1-based with the header as row 1.
    pub fn row(file: &str, row: usize, message: impl Into<Text>) -> DataError {
        DataError::Row {
            file: file.to_string(),
            row,
            message: message.into(),
        }
    }

    /// A [`DataError::Feature`].
    pub fn feature(file: &str, feature: impl Into<String>, message: impl Into<Text>) -> DataError {
        DataError::Feature {
            file: file.to_string(),
            feature: feature.into(),
            message: message.into(),
        }
    }

    /// The file the error names.
    pub fn file_name(&self) -> &str {
        match self {
            DataError::File { file, .. }
            | DataError::Row { file, .. }
            | DataError::Feature { file, .. } => file,
        }
    }

    /// The message in `lang`, naming the file and the row or feature as [`std::fmt::Display`]
    /// does in English.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (DataError::File { file, message }, _) => {
                format!("{file}{}{}", lang.pick("：", ": "), message.get(lang))
            }
            (DataError::Row { file, row, message }, Lang::Zh) => {
                format!("{file}，第{row}行：{}", message.zh)
            }
            (DataError::Row { file, row, message }, Lang::En) => {
                format!("{file}, row {row}: {}", message.en)
            }
            (
                DataError::Feature {
                    file,
                    feature,
                    message,
                },
                Lang::Zh,
            ) => format!("{file}，要素{feature}：{}", message.zh),
            (
                DataError::Feature {
                    file,
                    feature,
                    message,
                },
                Lang::En,
            ) => format!("{file}, feature {feature}: {}", message.en),
        }
    }

    /// Both languages' messages as one [`Text`].
    pub fn texts(&self) -> Text {
        Text::new(self.text(Lang::Zh), self.text(Lang::En))
    }
}
