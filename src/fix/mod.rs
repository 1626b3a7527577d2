//! Fixes: turning a finding's [`Fix`](crate::finding::Fix) into new file
//! contents.

mod apply;

pub use apply::{EditConflict, apply_edits};
pub mod diff;
pub mod endings;
pub mod remove;
pub mod rounds;
pub mod write;
