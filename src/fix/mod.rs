//! Fixes: turning a finding's [`Fix`](crate::finding::Fix) into new file
//! contents.

mod apply;

pub use apply::{EditConflict, apply_edits};
