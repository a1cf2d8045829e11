//! The page shown on a briefing screen: presentation mode's tour and its dark column.

pub mod briefing;
pub mod presentation;
