//! Repeated mapping keys, found the same way by the YAML and JSON loaders.

use std::collections::HashMap;

use compact_str::CompactString;

use super::{DocError, DocErrorKind, Entry};
use crate::source::Span;

/// The error for a key that a mapping already has; `first` is the earlier
/// key (for a key repeated again, the one before it).
pub(super) fn duplicate_key(key: &str, span: Span, first: Span) -> DocError {
    DocError::new(
        DocErrorKind::DuplicateKey,
        format!("duplicate key `{key}`"),
        span,
    )
    .with_related(first, "first defined here")
}

/// Finds earlier keys of one mapping. Small mappings are searched directly;
/// large ones get a hash index, so that a mapping with many keys costs linear
/// time rather than quadratic.
#[derive(Default)]
pub(super) struct KeySet {
    index: Option<HashMap<CompactString, usize>>,
}

impl KeySet {
    const LINEAR: usize = 16;

    /// The position of an earlier `key` among `entries`, which must be the
    /// entries of the mapping this set was made for, only ever appended to
    /// (a repeated key replaces its entry rather than adding one).
    pub(super) fn first(&mut self, entries: &[Entry], key: &str) -> Option<usize> {
        if entries.len() < Self::LINEAR && self.index.is_none() {
            return entries.iter().position(|e| e.key == key);
        }
        let index = self.index.get_or_insert_with(HashMap::new);
        // Entries never repeat a key, so the index holds exactly the first
        // `index.len()` entries; add the ones appended since.
        let known = index.len();
        for (i, entry) in entries.iter().enumerate().skip(known) {
            index.insert(entry.key.clone(), i);
        }
        index.get(key).copied()
    }
}
