//! Errors at the data boundary. Each names the file and, where there is one, the row or feature.

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq)]
pub enum DataError {
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error("{file}, row {row}: {message}")]
    Row {
        file: String,
        row: usize,
        message: String,
    },
    #[error("{file}, feature {feature}: {message}")]
    Feature {
        file: String,
        feature: String,
        message: String,
    },
}

impl DataError {
    pub fn file(file: &str, message: impl Into<String>) -> DataError {
        DataError::File {
            file: file.to_string(),
            message: message.into(),
        }
    }

    pub fn row(file: &str, row: usize, message: impl Into<String>) -> DataError {
        DataError::Row {
            file: file.to_string(),
            row,
            message: message.into(),
        }
    }

    pub fn feature(
        file: &str,
        feature: impl Into<String>,
        message: impl Into<String>,
    ) -> DataError {
        DataError::Feature {
            file: file.to_string(),
            feature: feature.into(),
            message: message.into(),
        }
    }
}
