//! JSON loader: strict JSON into the spanned [`Node`] tree.
//!
//! Two readers build the same tree. [`direct`] reads well-formed JSON
//! straight from the bytes and gives up on anything else; [`jsonc`] reads
//! through jsonc-parser and reports where and why a file is not strict
//! JSON. A file the first gives up on is read again by the second, so a
//! tree never depends on which reader built it (tests and a fuzz target
//! compare them).
//!
//! Spans are byte ranges; strings and keys include their quotes.

pub mod direct;
pub mod jsonc;

use crate::document::{DocError, Limits, Loaded, Node, NodeValue, read_with};

#[cfg(test)]
use crate::document::DocErrorKind;
#[cfg(test)]
use crate::source::Span;

/// Parses one JSON document; a repeated key is an error.
pub fn parse(text: &str, limits: &Limits) -> Result<Node, DocError> {
    load(text, limits)?.strict()
}

/// Loads one JSON document. A key repeated in an object is reported in
/// [`Loaded::duplicates`] and its last value kept, as CloudFormation reads
/// such a template.
pub fn load(text: &str, limits: &Limits) -> Result<Loaded, DocError> {
    read_with(text, limits, direct::load, jsonc::load)
}

/// An integer when written as one and it fits `i64`, else a float.
fn number(text: &str) -> NodeValue {
    let integral = !text.contains(['.', 'e', 'E']);
    if integral && let Ok(n) = text.parse::<i64>() {
        return NodeValue::Int(n);
    }
    // Strict JSON numbers always parse as f64 (huge ones become infinite).
    NodeValue::Float(text.parse::<f64>().unwrap_or(f64::NAN))
}

#[cfg(test)]
mod tests;
