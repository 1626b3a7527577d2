//! The JSON reader that explains: jsonc-parser, in its strict mode (no
//! comments, trailing commas, single quotes, bare keys, hex or non-finite
//! numbers), read into the spanned [`Node`] tree, with the location and
//! reason of what is wrong in a file that does not load.

use std::sync::Arc;

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::errors::{ParseError, ParseErrorKind};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::number;
use crate::document::keys::{KeySet, duplicate_key};
use crate::document::{DocError, DocErrorKind, Entry, Limits, Loaded, Node, NodeValue};
use crate::source::Span;

/// Loads one JSON document (see [`super::load`]).
pub fn load(text: &str, limits: &Limits) -> Result<Loaded, DocError> {
    // A byte order mark is not JSON, but Windows editors write one; read
    // past it and keep offsets relative to the whole text.
    let (base, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ('\u{feff}'.len_utf8(), rest),
        None => (0, text),
    };
    prescan(body, base, limits)?;
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed = parse_to_ast(body, &CollectOptions::default(), &options)
        .map_err(|e| parse_error(&e, base))?;
    let Some(value) = parsed.value else {
        // Empty or blank: the same as an empty YAML document.
        return Ok(Loaded {
            root: Node::new(NodeValue::Null, Span::default()),
            duplicates: Vec::new(),
        });
    };
    let mut converter = Converter {
        base,
        limits,
        nodes: 0,
        duplicates: Vec::new(),
    };
    let root = converter.node(value)?;
    Ok(Loaded {
        root,
        duplicates: converter.duplicates,
    })
}

fn parse_error(error: &ParseError, base: usize) -> DocError {
    let range = error.range();
    let span = Span::new(base + range.start, base + range.end);
    let kind = match error.kind() {
        ParseErrorKind::NestingDepthExceeded => DocErrorKind::Limit,
        _ => DocErrorKind::Syntax,
    };
    DocError::new(kind, error.kind().to_string(), span)
}

/// Checks what jsonc-parser does not, before it runs: nesting depth (it
/// recurses once per level), the number of values (it builds its whole
/// tree before the converter could count them: a 44 MB `[1,1,…]` would
/// take gigabytes), and unescaped control characters in strings (which
/// strict JSON forbids and it accepts).
///
/// Values are counted without parsing: one for the root, one for each
/// non-empty array or object's first element, and one for each comma
/// outside strings. On malformed text the count may be off, and then the
/// parser reports the syntax error.
fn prescan(body: &str, base: usize, limits: &Limits) -> Result<(), DocError> {
    let bytes = body.as_bytes();
    let mut depth = 0usize;
    let mut values = 1usize;
    let mut at = 0;
    let too_many = |at: usize| {
        DocError::new(
            DocErrorKind::Limit,
            format!("more than {} nodes", limits.max_nodes),
            Span::new(base + at, base + at + 1),
        )
    };
    while let Some(&b) = bytes.get(at) {
        match b {
            b'"' => {
                at += 1;
                while let Some(&c) = bytes.get(at) {
                    match c {
                        b'"' => break,
                        b'\\' => at += 1,
                        0..0x20 => {
                            return Err(DocError::new(
                                DocErrorKind::Syntax,
                                format!("control character U+{c:04X} in a string must be escaped"),
                                Span::new(base + at, base + at + 1),
                            ));
                        }
                        _ => {}
                    }
                    at += 1;
                }
            }
            // Comments are refused by the parser; skip them here so that
            // brackets inside one are not counted.
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                at = bytes
                    .get(at..)
                    .and_then(|rest| rest.iter().position(|&c| c == b'\n'))
                    .map_or(bytes.len(), |i| at + i);
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => {
                at = bytes
                    .get(at + 2..)
                    .and_then(|rest| rest.windows(2).position(|w| w == b"*/"))
                    .map_or(bytes.len(), |i| at + 2 + i + 1);
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > limits.max_depth {
                    return Err(DocError::new(
                        DocErrorKind::Limit,
                        format!("nesting deeper than {} levels", limits.max_depth),
                        Span::new(base + at, base + at + 1),
                    ));
                }
                let next = bytes
                    .get(at + 1..)
                    .and_then(|rest| rest.iter().find(|c| !c.is_ascii_whitespace()));
                if !matches!(next, Some(b']' | b'}') | None) {
                    values += 1;
                    if values > limits.max_nodes {
                        return Err(too_many(at));
                    }
                }
            }
            b',' => {
                values += 1;
                if values > limits.max_nodes {
                    return Err(too_many(at));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        at += 1;
    }
    Ok(())
}

struct Converter<'l> {
    base: usize,
    limits: &'l Limits,
    nodes: usize,
    duplicates: Vec<DocError>,
}

impl Converter<'_> {
    fn span(&self, range: jsonc_parser::common::Range) -> Span {
        Span::new(self.base + range.start, self.base + range.end)
    }

    /// Converts one value. Recursion is bounded by the nesting depth, which
    /// `prescan` capped.
    fn node(&mut self, value: Value<'_>) -> Result<Node, DocError> {
        self.nodes += 1;
        let node = match value {
            Value::NullKeyword(null) => Node::new(NodeValue::Null, self.span(null.range)),
            Value::BooleanLit(b) => Node::new(NodeValue::Bool(b.value), self.span(b.range)),
            Value::NumberLit(n) => Node::new(number(n.value), self.span(n.range)),
            Value::StringLit(s) => {
                let span = self.span(s.range);
                self.check_string(&s.value, span)?;
                Node::new(NodeValue::Str(Arc::from(s.value)), span)
            }
            Value::Array(array) => {
                let span = self.span(array.range);
                let mut items = Vec::with_capacity(array.elements.len());
                for element in array.elements {
                    items.push(self.node(element)?);
                }
                Node::new(NodeValue::Seq(items), span)
            }
            Value::Object(object) => {
                let span = self.span(object.range);
                let mut entries: Vec<Entry> = Vec::with_capacity(object.properties.len());
                let mut keys = KeySet::default();
                for property in object.properties {
                    let (key, key_span) = match property.name {
                        ObjectPropName::String(s) => (s.value, self.span(s.range)),
                        // Bare keys are refused by the options; kept for completeness.
                        ObjectPropName::Word(w) => (w.value.into(), self.span(w.range)),
                    };
                    self.check_string(&key, key_span)?;
                    let repeats = keys.first(&entries, &key);
                    let value = self.node(property.value)?;
                    let entry = Entry {
                        key: key.into(),
                        key_span,
                        value,
                    };
                    match repeats.and_then(|i| entries.get_mut(i)) {
                        Some(earlier) => {
                            self.duplicates.push(duplicate_key(
                                &entry.key,
                                key_span,
                                earlier.key_span,
                            ));
                            *earlier = entry;
                        }
                        None => entries.push(entry),
                    }
                }
                Node::new(NodeValue::Map(entries), span)
            }
        };
        if self.nodes > self.limits.max_nodes {
            return Err(DocError::new(
                DocErrorKind::Limit,
                format!("more than {} nodes", self.limits.max_nodes),
                node.span,
            ));
        }
        Ok(node)
    }

    fn check_string(&self, s: &str, span: Span) -> Result<(), DocError> {
        if s.len() > self.limits.max_string_bytes {
            return Err(DocError::new(
                DocErrorKind::Limit,
                format!(
                    "a string longer than {} bytes",
                    self.limits.max_string_bytes
                ),
                span,
            ));
        }
        Ok(())
    }
}
