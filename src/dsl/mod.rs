//! The rule language: grammar, parser, syntax tree, load-time checks
//! against the model schema, and the evaluator.

pub mod ast;
pub mod check;
pub mod doc_comment;
mod error;
pub mod eval;
pub mod parser;
pub mod resolve;

pub use error::DslError;

pub use crate::model::typo::did_you_mean;
