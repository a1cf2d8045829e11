//! Why a row did not join, as the join's steps say it, before it is placed in the report.

use crate::data::code::RegionCode;
use crate::lang::Text;

use super::super::recipe::ValueField;

/// Why a row did not join, before it becomes a [`super::ReportRow`].
pub(super) struct Miss {
    /// The cell the reason is about, as the file has it.
    pub(super) value: String,
    /// Why, in words; boxed to keep `Result<_, Miss>` small.
    pub(super) reason: Box<Text>,
    /// What the user probably meant: a township (which the page offers to accept) or a county.
    pub(super) suggestion: Option<RegionCode>,
    /// The name fits several townships: the miss lists them.
    pub(super) namesakes: bool,
    /// Status or rating cells the vocabulary does not know: the value step can give them a
    /// meaning.
    pub(super) unknown: Vec<(ValueField, String)>,
}

impl Miss {
    /// A miss about `value`, with no suggestion yet.
    pub(super) fn new(value: &str, reason: Text) -> Miss {
        Miss {
            value: value.to_string(),
            reason: Box::new(reason),
            suggestion: None,
            namesakes: false,
            unknown: Vec::new(),
        }
    }

    /// The miss with `suggestion` (or none) as what the user probably meant.
    pub(super) fn suggest(mut self, suggestion: Option<RegionCode>) -> Miss {
        self.suggestion = suggestion;
        self
    }
}
