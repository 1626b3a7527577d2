//! Spanned document trees: YAML and JSON read into one tree type that keeps
//! every key's and value's byte span and YAML tags (`!GetAtt`, `!Ref`…).
//!
//! The loaders enforce [`Limits`] and never expand YAML aliases: a template
//! that CloudFormation would refuse is reported, not evaluated.

pub mod json;
mod keys;
pub mod limits;
pub mod yaml;

pub use limits::Limits;

use std::sync::Arc;

use compact_str::CompactString;

use crate::source::Span;

/// Whether a file is read as JSON rather than YAML: by its extension, and
/// for any other name (`.template`, no extension) by its first character.
pub fn is_json(path: &std::path::Path, text: &str) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("json") => true,
        Some("yaml" | "yml") => false,
        _ => text.trim_start().starts_with('{'),
    }
}

/// Refuses text with NUL bytes: no YAML or JSON file has them, binary files do.
fn check_nul(text: &str) -> Result<(), DocError> {
    match memchr::memchr(0, text.as_bytes()) {
        Some(at) => Err(DocError::new(
            DocErrorKind::Encoding,
            "file contains NUL bytes; not a text file",
            Span::new(at, at + 1),
        )),
        None => Ok(()),
    }
}

/// Moves `at` past the ASCII digits there; how many there were. (Both
/// loaders' number grammars are runs of digits between signs and marks.)
fn digit_run(bytes: &[u8], at: &mut usize) -> usize {
    let from = *at;
    while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
        *at += 1;
    }
    *at - from
}

/// A reader that gives up (`None`) on what it does not know.
type FastReader = fn(&str, &Limits) -> Option<Loaded>;
/// A reader that reads anything and explains what does not load.
type GeneralReader = fn(&str, &Limits) -> Result<Loaded, DocError>;

/// Loads `text` with `fast`, or where it gives up, with `general`. The two
/// build the same tree for any text both read; the fast one only saves
/// time on the files it knows.
fn read_with(
    text: &str,
    limits: &Limits,
    fast: FastReader,
    general: GeneralReader,
) -> Result<Loaded, DocError> {
    check_nul(text)?;
    match fast(text, limits) {
        Some(loaded) => Ok(loaded),
        None => general(text, limits),
    }
}

/// A YAML tag such as `!GetAtt`, stored without the leading `!`.
#[derive(Clone, Debug, PartialEq)]
pub struct Tag {
    pub name: CompactString,
    pub span: Span,
}

/// One node of a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: NodeValue,
    pub span: Span,
    pub tag: Option<Tag>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Shared, so that a model value taken from it is not a copy.
    Str(Arc<str>),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// A mapping entry; keys are always strings in the documents we read.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: CompactString,
    pub key_span: Span,
    pub value: Node,
}

impl Node {
    pub fn new(value: NodeValue, span: Span) -> Node {
        Node {
            value,
            span,
            tag: None,
        }
    }

    /// The entry for `key` in a mapping.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            NodeValue::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    /// The value for `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// Follows a path of mapping keys.
    pub fn get_path(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |node, key| node.get(key))
    }

    pub fn entries(&self) -> &[Entry] {
        match &self.value {
            NodeValue::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.value {
            NodeValue::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.value, NodeValue::Map(_))
    }

    pub fn is_seq(&self) -> bool {
        matches!(self.value, NodeValue::Seq(_))
    }

    /// The number of nodes in this subtree (used for limits and tests).
    pub fn count(&self) -> usize {
        let mut n = 0;
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            n += 1;
            match &node.value {
                NodeValue::Seq(items) => stack.extend(items.iter()),
                NodeValue::Map(entries) => stack.extend(entries.iter().map(|e| &e.value)),
                _ => {}
            }
        }
        n
    }
}

/// A loaded document and the repeated keys it holds. Each mapping keeps a
/// repeated key once, with its last value and the last key's span.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub root: Node,
    pub duplicates: Vec<DocError>,
}

impl Loaded {
    /// The tree, or the first repeated key as an error.
    pub fn strict(self) -> Result<Node, DocError> {
        match self.duplicates.into_iter().next() {
            Some(duplicate) => Err(duplicate),
            None => Ok(self.root),
        }
    }
}

/// What went wrong while loading a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocErrorKind {
    /// Not well-formed YAML or JSON.
    Syntax,
    /// A mapping repeats a key.
    DuplicateKey,
    /// A YAML alias or anchor, or a `<<` merge key.
    Alias,
    /// A limit in [`Limits`] was crossed.
    Limit,
    /// The file is not text (NUL bytes, invalid UTF-8).
    Encoding,
}

/// An error that stops a document from loading, with its location.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct DocError {
    pub kind: DocErrorKind,
    pub message: String,
    pub span: Span,
    /// Other places that explain the error (the first occurrence of a key).
    pub related: Vec<(Span, String)>,
}

impl DocError {
    pub fn new(kind: DocErrorKind, message: impl Into<String>, span: Span) -> DocError {
        DocError {
            kind,
            message: message.into(),
            span,
            related: Vec::new(),
        }
    }

    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> DocError {
        self.related.push((span, label.into()));
        self
    }

    /// The diagnostic code users see for this error.
    pub fn code(&self) -> &'static str {
        match self.kind {
            DocErrorKind::Syntax => "parse-error",
            DocErrorKind::DuplicateKey => "duplicate-key",
            DocErrorKind::Alias => "yaml-alias",
            DocErrorKind::Limit => "limit-exceeded",
            DocErrorKind::Encoding => "not-text",
        }
    }
}

/// Asserts that every span of a tree (node, key, tag) slices `text`: the
/// loaders' tests run it over hostile and random input.
#[cfg(test)]
pub(crate) fn assert_spans_slice(text: &str, node: &Node) {
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        assert!(text.get(node.span.range()).is_some(), "{text:?} {node:?}");
        if let Some(tag) = &node.tag {
            assert!(text.get(tag.span.range()).is_some(), "{text:?} {tag:?}");
        }
        stack.extend(node.items());
        for entry in node.entries() {
            assert!(text.get(entry.key_span.range()).is_some(), "{text:?}");
            stack.push(&entry.value);
        }
    }
}

/// Where `fast` reads `text`, `general` builds the same tree (compared node
/// by node, as debug text, where NaN equals itself); returns whether `fast`
/// read it. The readers' tests run it over real and random files.
#[cfg(test)]
pub(crate) fn readers_agree(text: &str, fast: FastReader, general: GeneralReader) -> bool {
    let limits = Limits::default();
    let Some(read) = fast(text, &limits) else {
        return false;
    };
    match general(text, &limits) {
        Ok(expected) => {
            if let Some(at) = tree_difference(&read.root, &expected.root, String::new()) {
                let short: String = text.chars().take(400).collect();
                panic!("the readers differ at {at} on {short:?}");
            }
            assert_eq!(read.duplicates, expected.duplicates, "{text:?}");
        }
        Err(e) => panic!("the fast reader read {text:?}, the general one refused it: {e:?}"),
    }
    true
}

/// Where two trees first differ: the path to the node, and both nodes'
/// own parts.
#[cfg(test)]
fn tree_difference(a: &Node, b: &Node, path: String) -> Option<String> {
    let own = |n: &Node| match &n.value {
        NodeValue::Seq(items) => format!("seq of {} {:?} {:?}", items.len(), n.span, n.tag),
        NodeValue::Map(entries) => {
            let keys: Vec<_> = entries.iter().map(|e| (&e.key, e.key_span)).collect();
            format!("map {keys:?} {:?} {:?}", n.span, n.tag)
        }
        value => format!("{value:?} {:?} {:?}", n.span, n.tag),
    };
    let (mine, theirs) = (own(a), own(b));
    if mine != theirs {
        return Some(format!("{path}: fast {mine} / general {theirs}"));
    }
    for (i, (x, y)) in a.items().iter().zip(b.items()).enumerate() {
        if let Some(d) = tree_difference(x, y, format!("{path}/{i}")) {
            return Some(d);
        }
    }
    for (x, y) in a.entries().iter().zip(b.entries()) {
        if let Some(d) = tree_difference(&x.value, &y.value, format!("{path}/{}", x.key)) {
            return Some(d);
        }
    }
    None
}

/// The texts of the files with one of `extensions` in the repository's test
/// data, and in the shared corpus of real configurations when it lies
/// beside the repository.
#[cfg(test)]
pub(crate) fn sample_files(extensions: &[&str]) -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    let mut dirs = vec![root.join("testdata"), root.join("../shared/corpus")];
    while let Some(dir) = dirs.pop() {
        let Ok(listing) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in listing.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
            {
                texts.extend(std::fs::read_to_string(&path).ok());
            }
        }
    }
    texts
}

/// A small random number source for the readers' tests: `next(n)` is in
/// `0..n`, the same sequence for the same seed.
#[cfg(test)]
pub(crate) fn random_below(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}
