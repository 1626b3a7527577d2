//! A direct reader for well-formed JSON.
//!
//! Templates, plans and exports are machine-written and nearly always
//! well-formed; reading them straight from the bytes into the tree, with
//! no syntax tree in between, is several times faster than jsonc-parser.
//! This reader gives up — returns `None`, and [`super::jsonc`] reads the
//! file and explains what is wrong — on anything that is not strict JSON,
//! on a byte order mark or an empty text, on repeated keys, on escaped
//! surrogates and on crossed limits.

use std::borrow::Cow;
use std::sync::Arc;

use compact_str::CompactString;

use super::number;
use crate::document::keys::KeySet;
use crate::document::{Entry, Limits, Loaded, Node, NodeValue, digit_run};
use crate::source::Span;

/// Deeper nesting is left to jsonc-parser, which stops at 512 levels with
/// an error of its own.
const MAX_NESTING: usize = 500;

/// Reads `text` if it is well-formed JSON within `limits`.
pub fn load(text: &str, limits: &Limits) -> Option<Loaded> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        limits,
        nodes: 0,
    };
    reader.space();
    let root = reader.value(0)?;
    reader.space();
    (reader.pos == text.len()).then_some(Loaded {
        root,
        duplicates: Vec::new(),
    })
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    limits: &'a Limits,
    nodes: usize,
}

impl<'a> Reader<'a> {
    /// Skips JSON's four whitespace characters.
    fn space(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    /// The value at the reader, inside `depth` arrays and objects.
    fn value(&mut self, depth: usize) -> Option<Node> {
        let start = self.pos;
        let value = match *self.bytes.get(start)? {
            b'{' => self.object(depth)?,
            b'[' => self.array(depth)?,
            b'"' => NodeValue::Str(Arc::from(self.string()?)),
            b't' => self.word("true", NodeValue::Bool(true))?,
            b'f' => self.word("false", NodeValue::Bool(false))?,
            b'n' => self.word("null", NodeValue::Null)?,
            _ => self.number()?,
        };
        self.nodes += 1;
        (self.nodes <= self.limits.max_nodes).then(|| Node::new(value, Span::new(start, self.pos)))
    }

    fn word(&mut self, word: &str, value: NodeValue) -> Option<NodeValue> {
        let end = self.pos + word.len();
        (self.bytes.get(self.pos..end)? == word.as_bytes()).then(|| {
            self.pos = end;
            value
        })
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`
    fn number(&mut self) -> Option<NodeValue> {
        let b = self.bytes;
        let start = self.pos;
        let mut at = start + usize::from(b.get(start) == Some(&b'-'));
        match b.get(at) {
            Some(b'0') => at += 1,
            Some(b'1'..=b'9') => {
                digit_run(b, &mut at);
            }
            _ => return None,
        }
        if b.get(at) == Some(&b'.') {
            at += 1;
            if digit_run(b, &mut at) == 0 {
                return None;
            }
        }
        if matches!(b.get(at), Some(b'e' | b'E')) {
            at += 1;
            if matches!(b.get(at), Some(b'-' | b'+')) {
                at += 1;
            }
            if digit_run(b, &mut at) == 0 {
                return None;
            }
        }
        self.pos = at;
        Some(number(&self.text[start..at]))
    }

    /// The string at the reader (at its opening quote), unescaped; text
    /// without escapes is borrowed from the file.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let b = self.bytes;
        let text = self.text;
        let mut run = self.pos + 1;
        let mut i = run;
        let mut value: Cow<'a, str> = Cow::Borrowed("");
        loop {
            match *b.get(i)? {
                b'"' => break,
                b'\\' => {
                    let (escaped, len) = match *b.get(i + 1)? {
                        b'"' => ('"', 2),
                        b'\\' => ('\\', 2),
                        b'/' => ('/', 2),
                        b'b' => ('\u{8}', 2),
                        b'f' => ('\u{c}', 2),
                        b'n' => ('\n', 2),
                        b'r' => ('\r', 2),
                        b't' => ('\t', 2),
                        b'u' => {
                            let hex = text.get(i + 2..i + 6)?;
                            if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
                                return None;
                            }
                            // Surrogates, paired or not, go the other way.
                            (char::from_u32(u32::from_str_radix(hex, 16).ok()?)?, 6)
                        }
                        _ => return None,
                    };
                    value += &text[run..i];
                    value.to_mut().push(escaped);
                    i += len;
                    run = i;
                }
                0..0x20 => return None,
                _ => i += 1,
            }
        }
        // still borrowed when nothing was unescaped: `+=` on an empty
        // `Cow` borrows its right-hand side
        value += &text[run..i];
        self.pos = i + 1;
        (value.len() <= self.limits.max_string_bytes).then_some(value)
    }

    fn array(&mut self, depth: usize) -> Option<NodeValue> {
        self.enter(depth)?;
        self.pos += 1;
        self.space();
        let mut items = Vec::new();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Some(NodeValue::Seq(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.space();
            match *self.bytes.get(self.pos)? {
                b',' => {
                    self.pos += 1;
                    self.space();
                }
                b']' => {
                    self.pos += 1;
                    return Some(NodeValue::Seq(items));
                }
                _ => return None,
            }
        }
    }

    fn object(&mut self, depth: usize) -> Option<NodeValue> {
        self.enter(depth)?;
        self.pos += 1;
        self.space();
        let mut entries: Vec<Entry> = Vec::new();
        let mut keys = KeySet::default();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Some(NodeValue::Map(entries));
        }
        loop {
            let key_start = self.pos;
            if self.bytes.get(key_start) != Some(&b'"') {
                return None;
            }
            let key = CompactString::from(self.string()?);
            let key_span = Span::new(key_start, self.pos);
            if keys.first(&entries, &key).is_some() {
                return None;
            }
            self.space();
            if self.bytes.get(self.pos) != Some(&b':') {
                return None;
            }
            self.pos += 1;
            self.space();
            let value = self.value(depth + 1)?;
            entries.push(Entry {
                key,
                key_span,
                value,
            });
            self.space();
            match *self.bytes.get(self.pos)? {
                b',' => {
                    self.pos += 1;
                    self.space();
                }
                b'}' => {
                    self.pos += 1;
                    return Some(NodeValue::Map(entries));
                }
                _ => return None,
            }
        }
    }

    /// An array or object one level deeper than `depth`.
    fn enter(&self, depth: usize) -> Option<()> {
        (depth < self.limits.max_depth.min(MAX_NESTING)).then_some(())
    }
}
