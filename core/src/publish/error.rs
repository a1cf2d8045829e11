//! The publish reader's one error type: every way a published folder's file can fail a reader,
//! each variant naming the file and carrying its message in both languages, worded where it is
//! made (`read.rs`, `confine.rs`, `plan.rs`).

use thiserror::Error;

use crate::lang::{Lang, Text};

/// A published file the reader cannot use.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ReadError {
    /// The manifest cannot be used: not JSON, another format or version, a required part not
    /// listed, an entry outside the folder or over a budget.
    #[error("{message}")]
    Manifest {
        /// The manifest, as the reader names it.
        file: String,
        /// What is wrong and what to do, naming the file.
        message: Text,
    },
    /// A file is not the one its manifest entry describes: another size or hash.
    #[error("{message}")]
    Mismatch {
        /// The file's path in the manifest.
        file: String,
        /// Expected and found, naming the file.
        message: Text,
    },
    /// A part the manifest lists was not read.
    #[error("{message}")]
    Missing {
        /// The file's path in the manifest.
        file: String,
        /// Naming the file.
        message: Text,
    },
    /// A checked file's content cannot be read: the registry, outlines or facts, the stations,
    /// or a township chunk (its shapes, or cells that do not match the registry).
    #[error("{message}")]
    Content {
        /// The file's path in the manifest.
        file: String,
        /// What could not be read, naming the file.
        message: Text,
    },
}

impl ReadError {
    /// The message in both languages.
    pub fn message(&self) -> &Text {
        match self {
            ReadError::Manifest { message, .. }
            | ReadError::Mismatch { message, .. }
            | ReadError::Missing { message, .. }
            | ReadError::Content { message, .. } => message,
        }
    }

    /// The file the message names.
    pub fn file(&self) -> &str {
        match self {
            ReadError::Manifest { file, .. }
            | ReadError::Mismatch { file, .. }
            | ReadError::Missing { file, .. }
            | ReadError::Content { file, .. } => file,
        }
    }

    /// The message in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        self.message().get(lang)
    }
}

/// The message is what a reader of the error shows (`err.en`, `err.get(lang)`), so the error
/// reads as its [`Text`].
impl std::ops::Deref for ReadError {
    type Target = Text;
    fn deref(&self) -> &Text {
        self.message()
    }
}

/// Front ends show the message: the page's problems and load errors are [`Text`]s.
impl From<ReadError> for Text {
    fn from(error: ReadError) -> Text {
        match error {
            ReadError::Manifest { message, .. }
            | ReadError::Mismatch { message, .. }
            | ReadError::Missing { message, .. }
            | ReadError::Content { message, .. } => message,
        }
    }
}
