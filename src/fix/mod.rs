//! Fixes: a rule's declared fix, resolved against a failing element, into
//! byte-range edits of the files (through each value's place), and edits
//! into new file contents.

mod apply;
mod lines;
mod plan;
mod render;
mod syntax;

pub use apply::{EditConflict, apply_edits, apply_fix};
pub use plan::{fix_of, syntax_of};
pub use syntax::Syntax;
