//! Why a row did not join, as the join's steps say it, before it is placed in the report.

/// Why a row did not join, before it becomes a [`super::ReportRow`].
pub(super) struct Miss {
    /// The cell the reason is about, as the file has it.
    pub(super) value: String,
    /// Why, in words.
    pub(super) reason: String,
    /// What the user probably meant.
    pub(super) suggestion: Option<String>,
    /// The name fits several townships and the row names no county: the file's own county may
    /// tell them apart (see `Joiner::join_deferred`).
    pub(super) ambiguous_name: bool,
}

impl Miss {
    /// A miss about `value`, with no suggestion yet.
    pub(super) fn new(value: &str, reason: impl Into<String>) -> Miss {
        Miss {
            value: value.to_string(),
            reason: reason.into(),
            suggestion: None,
            ambiguous_name: false,
        }
    }

    /// The miss with `suggestion` (or none) as what the user probably meant.
    pub(super) fn suggest(mut self, suggestion: Option<String>) -> Miss {
        self.suggestion = suggestion;
        self
    }
}
