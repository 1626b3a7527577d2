//! YAML loader: builds a spanned [`Node`] tree.
//!
//! Two readers build the same tree. [`subset`] reads the YAML templates are
//! written in — block mappings and sequences, one-line scalars and flow
//! collections, block scalars, `!Ref`-style tags — straight from the bytes,
//! and gives up on anything else. [`events`] reads any YAML through
//! saphyr-parser, and reports what is wrong with a file that does not load.
//! A file the first gives up on is read again by the second, so a tree
//! never depends on which reader built it (tests and a fuzz target compare
//! them).
//!
//! Spans are byte ranges. A node's span covers its value as written, without
//! its tag (`!GetAtt A.B` → the node spans `A.B`, the tag spans `!GetAtt`);
//! quoted scalars include their quotes, block scalars (`|`, `>`) cover their
//! content lines, and block collections end where their last item ends.

pub mod events;
mod scalar;
pub mod subset;

use crate::document::{DocError, Limits, Loaded, Node, read_with};

#[cfg(test)]
use crate::document::{DocErrorKind, NodeValue};
#[cfg(test)]
use crate::source::Span;

/// Parses one YAML document; a repeated key is an error.
pub fn parse(text: &str, limits: &Limits) -> Result<Node, DocError> {
    load(text, limits)?.strict()
}

/// Loads one YAML document. A key repeated in a mapping is reported in
/// [`Loaded::duplicates`] and its last value kept, as CloudFormation reads
/// such a template.
pub fn load(text: &str, limits: &Limits) -> Result<Loaded, DocError> {
    read_with(text, limits, subset::load, events::load)
}

#[cfg(test)]
mod tests;
