//! Fixes: a rule's declared fix, resolved against a failing element, into
//! byte-range edits of the files (through each value's place), and edits
//! into new file contents.

mod apply;
pub mod lines;
mod plan;
mod render;
mod syntax;

pub use apply::{EditConflict, apply_edits};
pub use endings::apply_fix;
pub use plan::{fix_of, syntax_of};
pub use syntax::Syntax;

pub mod diff;
pub mod endings;
pub mod remove;
pub mod rounds;
pub mod write;
