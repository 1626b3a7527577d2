//! A direct reader for the YAML templates are written in.
//!
//! Nearly every template is block mappings and sequences of one-line plain
//! and quoted scalars, flow collections (`[a, b]`, `{Ref: X}`), `|` and `>`
//! block scalars and `!Ref`-style tags. This reader takes those straight
//! from the bytes, a line at a time, which is several times faster than
//! the general reader's character-by-character scanner.
//!
//! It gives up — returns `None`, and the general reader reads the file —
//! on anything else: anchors and aliases, multi-line plain and quoted
//! scalars, complex and merge keys, directives and document markers (but
//! a leading `---`), tabs, carriage returns, unusual characters, repeated
//! keys, crossed limits, and anything that is not well-formed. So it never
//! has to explain an error, and what it accepts it reads to the very tree
//! the general reader builds, spans included (the tests and the
//! `yaml_loader` fuzz target compare the two).

use std::borrow::Cow;
use std::sync::Arc;

use compact_str::CompactString;

use super::scalar::resolve_plain;
use crate::document::keys::KeySet;
use crate::document::{Entry, Limits, Loaded, Node, NodeValue, Tag};
use crate::source::Span;

/// YAML limits an implicit key (`key: value`) to this many characters.
const MAX_KEY_BYTES: usize = 1024;

/// Nesting deeper than this is left to the general reader, whose scanner
/// stops flow collections at 255 levels with an error of its own.
const MAX_NESTING: usize = 250;

/// Reads `text` if it is written in the subset this reader knows.
pub fn load(text: &str, limits: &Limits) -> Option<Loaded> {
    if !ordinary_characters(text) {
        return None;
    }
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        limits,
        nodes: 0,
    };
    // A document is a block mapping or sequence starting at column 0,
    // after a `---` line or not; an empty one, a scalar or a flow
    // collection goes the general way.
    reader.document_start()?;
    let Line::Content(0) = reader.next_content()? else {
        return None;
    };
    let root = if reader.is_dash(reader.pos) {
        reader.block_seq(0, 0)?
    } else if let Some(key) = reader.key_at(reader.pos) {
        reader.block_map(0, key, 0)?
    } else {
        return None;
    };
    match reader.next_content()? {
        Line::End => Some(Loaded {
            root,
            duplicates: Vec::new(),
        }),
        Line::Content(_) => None,
    }
}

/// Whether `text` holds only characters this reader takes as they are:
/// printable ones and line feeds. Tabs, carriage returns, byte order marks,
/// the C1 controls and Unicode line separators have rules of their own.
fn ordinary_characters(text: &str) -> bool {
    // a block at a time, without a branch per byte, so that the compiler
    // can test many bytes per instruction
    let mut ascii = true;
    for block in text.as_bytes().chunks(64) {
        let mut control = false;
        let mut high = false;
        for &b in block {
            control |= (b < 0x20 && b != b'\n') | (b == 0x7f);
            high |= b >= 0x80;
        }
        if control {
            return false;
        }
        ascii &= !high;
    }
    ascii
        || text.chars().all(|c| {
            c.is_ascii()
                || (matches!(c, '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
                    && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}'))
        })
}

/// What the next line with content holds.
enum Line {
    /// Content, indented by this many spaces; the reader is at its first
    /// character.
    Content(usize),
    /// The end of the text.
    End,
}

/// Where a block mapping's key ends, and its `:`.
struct Key {
    end: usize,
    colon: usize,
}

/// What may follow on later lines where a line ends before its value.
struct Next {
    /// The least indentation of a block node there.
    min: usize,
    /// The indentation at which a `-` starts a sequence as well (a
    /// mapping's value may be a sequence at the mapping's own level).
    dash_at: Option<usize>,
    /// Where an absent value is placed.
    absent_at: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum Chomp {
    /// `|`: one final line break.
    Clip,
    /// `|-`: none.
    Strip,
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    limits: &'a Limits,
    nodes: usize,
}

impl<'a> Reader<'a> {
    /// Moves to the first character of the next line with content, from
    /// the start of a line or from that first character itself, skipping
    /// blank and comment lines. Gives up on a document marker.
    fn next_content(&mut self) -> Option<Line> {
        let b = self.bytes;
        let mut start = self.pos;
        while start > 0 && b.get(start - 1) == Some(&b' ') {
            start -= 1;
        }
        loop {
            let at = skip_spaces(b, start);
            match b.get(at) {
                None => {
                    self.pos = b.len();
                    return Some(Line::End);
                }
                Some(b'\n') => start = at + 1,
                Some(b'#') => start = (line_end(b, at) + 1).min(b.len()),
                Some(_) => {
                    let rest = b.get(at..).unwrap_or_default();
                    if at == start
                        && (rest.starts_with(b"---") || rest.starts_with(b"..."))
                        && matches!(rest.get(3), None | Some(b' ' | b'\n'))
                    {
                        return None;
                    }
                    self.pos = at;
                    return Some(Line::Content(at - start));
                }
            }
        }
    }

    /// Moves past a `---` line that starts the document, if there is one.
    fn document_start(&mut self) -> Option<()> {
        let b = self.bytes;
        let mut at = 0;
        loop {
            let content = skip_spaces(b, at);
            match b.get(content) {
                Some(b'\n') => at = content + 1,
                Some(b'#') => at = (line_end(b, content) + 1).min(b.len()),
                Some(b'-') if content == at && b.get(at..at + 3) == Some(b"---") => {
                    self.pos = at + 3;
                    // `--- value` on the marker's line is left to the
                    // general reader
                    return self.end_line();
                }
                _ => return Some(()),
            }
        }
    }

    /// Ends the line after a value: spaces, a comment, the line break.
    fn end_line(&mut self) -> Option<()> {
        let b = self.bytes;
        let mut at = skip_spaces(b, self.pos);
        if b.get(at) == Some(&b'#') {
            // A comment needs a space before it.
            if b.get(at.wrapping_sub(1)) != Some(&b' ') {
                return None;
            }
            at = line_end(b, at);
        }
        match b.get(at) {
            None => self.pos = at,
            Some(b'\n') => self.pos = at + 1,
            Some(_) => return None,
        }
        Some(())
    }

    /// Whether the rest of the line is blank or a comment.
    fn at_line_end(&self) -> bool {
        matches!(self.bytes.get(self.pos), None | Some(b'\n' | b'#'))
    }

    fn skip_spaces(&mut self) {
        self.pos = skip_spaces(self.bytes, self.pos);
    }

    /// The column of the reader.
    fn column(&self) -> usize {
        let before = self.bytes.get(..self.pos).unwrap_or_default();
        let line = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        self.pos - line
    }

    /// Whether a block sequence entry (`- `) starts at `at`.
    fn is_dash(&self, at: usize) -> bool {
        self.bytes.get(at) == Some(&b'-')
            && matches!(self.bytes.get(at + 1), None | Some(b' ' | b'\n'))
    }

    /// A collection one level deeper than `depth` collections.
    fn enter(&self, depth: usize) -> Option<()> {
        (depth + 1 < self.limits.max_depth.min(MAX_NESTING)).then_some(())
    }

    /// Counts a finished node against the node limit.
    fn node(&mut self, value: NodeValue, span: Span, tag: Option<Tag>) -> Option<Node> {
        self.nodes += 1;
        (self.nodes <= self.limits.max_nodes).then_some(Node { value, span, tag })
    }

    /// A key, within the string limit.
    fn key(&self, text: &str) -> Option<CompactString> {
        (text.len() <= self.limits.max_string_bytes).then(|| CompactString::from(text))
    }

    /// A string value, within the string limit.
    fn text(&self, text: &str) -> Option<Arc<str>> {
        (text.len() <= self.limits.max_string_bytes).then(|| Arc::from(text))
    }

    /// If a `key:` starts at `at`, where it ends and where its `:` is.
    fn key_at(&self, at: usize) -> Option<Key> {
        let b = self.bytes;
        let colon = match b.get(at)? {
            b'\'' | b'"' => quoted_close(b, at)?,
            _ if !plain_start(b, at, false) => return None,
            _ => {
                let mut i = at;
                loop {
                    match b.get(i) {
                        None | Some(b'\n') => return None,
                        Some(b':') if matches!(b.get(i + 1), None | Some(b' ' | b'\n')) => break,
                        Some(b'#') if after_space(b, i) => return None,
                        _ => i += 1,
                    }
                }
                let end = trim_end(b, i);
                return (i - at <= MAX_KEY_BYTES).then_some(Key { end, colon: i });
            }
        };
        (b.get(colon) == Some(&b':')
            && matches!(b.get(colon + 1), None | Some(b' ' | b'\n'))
            && colon - at <= MAX_KEY_BYTES)
            .then_some(Key { end: colon, colon })
    }

    /// The block mapping whose first key, `first` (as [`Self::key_at`]
    /// found it), is at the reader, indented `indent`.
    fn block_map(&mut self, indent: usize, first: Key, depth: usize) -> Option<Node> {
        self.enter(depth)?;
        let start = self.pos;
        let mut end = start;
        let mut entries: Vec<Entry> = Vec::new();
        let mut keys = KeySet::default();
        let mut found = Some(first);
        loop {
            let Key {
                end: key_end,
                colon,
            } = match found.take() {
                Some(key) => key,
                None => self.key_at(self.pos)?,
            };
            let key_span = Span::new(self.pos, key_end);
            let key = if matches!(self.bytes.get(self.pos), Some(b'\'' | b'"')) {
                CompactString::from(self.quoted()?)
            } else {
                self.key(&self.text[self.pos..key_end])?
            };
            // Repeated and merge keys are for the general reader to report.
            if key == "<<" || keys.first(&entries, &key).is_some() {
                return None;
            }
            self.pos = colon + 1;
            let value = self.map_value(indent, colon, depth + 1)?;
            end = end.max(key_span.end as usize).max(value.span.end as usize);
            entries.push(Entry {
                key,
                key_span,
                value,
            });
            match self.next_content()? {
                Line::Content(k) if k == indent => {}
                Line::Content(k) if k > indent => return None,
                _ => break,
            }
        }
        self.node(NodeValue::Map(entries), Span::new(start, end), None)
    }

    /// The value after a mapping key's `:` (at `colon`).
    fn map_value(&mut self, indent: usize, colon: usize, depth: usize) -> Option<Node> {
        self.skip_spaces();
        if self.at_line_end() {
            self.end_line()?;
            let next = Next {
                min: indent + 1,
                dash_at: Some(indent),
                absent_at: colon,
            };
            return self.later_value(next, depth, None);
        }
        self.inline_value(indent + 1, Some(indent), depth, None)
    }

    /// The value that follows on later lines, after `key:` or a `-` alone
    /// (or their tag): a block node indented at least `next.min`, a
    /// sequence at the key's own indentation (`key:\n- a`), or nothing.
    fn later_value(&mut self, next: Next, depth: usize, tag: Option<Tag>) -> Option<Node> {
        let min = next.min;
        let indent = match self.next_content()? {
            Line::Content(k) if k >= min => k,
            Line::Content(k) if Some(k) == next.dash_at && self.is_dash(self.pos) => {
                // The general reader starts `key:\n- -1` at its second `-`,
                // and `key:\n- # c` at the end of the line.
                let item = skip_spaces(self.bytes, self.pos + 1);
                if matches!(self.bytes.get(item), Some(b'-' | b'#')) {
                    return None;
                }
                let mut seq = self.block_seq(k, depth)?;
                seq.tag = tag;
                return Some(seq);
            }
            _ => return self.absent(next.absent_at, tag),
        };
        let tagged = tag.is_some();
        let mut node = if self.is_dash(self.pos) {
            self.block_seq(indent, depth)?
        } else if let Some(key) = self.key_at(self.pos) {
            self.block_map(indent, key, depth)?
        } else {
            return self.inline_value(min, None, depth, tag);
        };
        if tagged {
            node.tag = tag;
        }
        Some(node)
    }

    /// A value left out (`key:` or `-` with nothing after it), placed at
    /// `at`; a tag alone is an empty string placed where the tag ends.
    fn absent(&mut self, at: usize, tag: Option<Tag>) -> Option<Node> {
        match tag {
            Some(tag) => self.node(NodeValue::Str(Arc::from("")), Span::empty_at(at), Some(tag)),
            None => self.node(NodeValue::Null, Span::empty_at(at), None),
        }
    }

    /// A value that starts on the reader's line, at the reader; block
    /// content under it must be indented at least `min`, or be a sequence
    /// at `dash_at` (see [`Next`]).
    fn inline_value(
        &mut self,
        min: usize,
        dash_at: Option<usize>,
        depth: usize,
        tag: Option<Tag>,
    ) -> Option<Node> {
        let b = self.bytes;
        match *b.get(self.pos)? {
            b'!' => {
                if tag.is_some() {
                    return None;
                }
                let tag = self.tag()?;
                self.skip_spaces();
                if self.at_line_end() {
                    self.end_line()?;
                    let next = Next {
                        min,
                        dash_at,
                        absent_at: tag.span.end as usize,
                    };
                    return self.later_value(next, depth, Some(tag));
                }
                self.inline_value(min, dash_at, depth, Some(tag))
            }
            b'[' | b'{' => {
                let mut node = self.flow(min, depth)?;
                self.end_line()?;
                node.tag = tag;
                Some(node)
            }
            b'\'' | b'"' => {
                let start = self.pos;
                let value = self.quoted()?;
                let span = Span::new(start, self.pos);
                self.end_line()?;
                self.node(NodeValue::Str(Arc::from(value)), span, tag)
            }
            b'|' | b'>' => self.block_scalar(min, tag),
            _ => {
                if !plain_start(b, self.pos, false) {
                    return None;
                }
                let start = self.pos;
                let mut end = start;
                let mut i = start;
                loop {
                    match b.get(i) {
                        None | Some(b'\n') => break,
                        Some(b':') if matches!(b.get(i + 1), None | Some(b' ' | b'\n')) => {
                            return None;
                        }
                        Some(b'#') if after_space(b, i) => break,
                        Some(b' ') => i += 1,
                        Some(_) => {
                            i += 1;
                            end = i;
                        }
                    }
                }
                self.pos = end;
                self.end_line()?;
                let text = &self.text[start..end];
                self.scalar(text, Span::new(start, end), tag)
            }
        }
    }

    /// A plain scalar's node: typed by the core schema unless tagged.
    fn scalar(&mut self, text: &str, span: Span, tag: Option<Tag>) -> Option<Node> {
        let value = if tag.is_some() {
            NodeValue::Str(self.text(text)?)
        } else {
            if text.len() > self.limits.max_string_bytes {
                return None;
            }
            resolve_plain(Cow::Borrowed(text))
        };
        self.node(value, span, tag)
    }

    /// A `!Name` tag at the reader.
    fn tag(&mut self) -> Option<Tag> {
        let b = self.bytes;
        let start = self.pos;
        let mut at = start + 1;
        while b
            .get(at)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || matches!(c, b':' | b'.' | b'-' | b'_'))
        {
            at += 1;
        }
        if at == start + 1 || !matches!(b.get(at), None | Some(b' ' | b'\n')) {
            return None;
        }
        self.pos = at;
        Some(Tag {
            name: CompactString::from(&self.text[start + 1..at]),
            span: Span::new(start, at),
        })
    }

    /// The quoted scalar at the reader, on one line; the reader moves past
    /// its closing quote. Text without escapes is borrowed from the file.
    /// (`+=` on an empty `Cow` borrows its right-hand side.)
    fn quoted(&mut self) -> Option<Cow<'a, str>> {
        let b = self.bytes;
        let text = self.text;
        let quote = *b.get(self.pos)?;
        let mut value: Cow<'a, str> = Cow::Borrowed("");
        let mut run = self.pos + 1;
        let mut i = run;
        loop {
            match *b.get(i)? {
                b'\n' => return None,
                b'\'' if quote == b'\'' && b.get(i + 1) == Some(&b'\'') => {
                    value += &text[run..=i];
                    i += 2;
                    run = i;
                }
                c if c == quote => {
                    value += &text[run..i];
                    self.pos = i + 1;
                    return (value.len() <= self.limits.max_string_bytes).then_some(value);
                }
                b'\\' if quote == b'"' => {
                    value += &text[run..i];
                    let (c, len) = escape(b.get(i + 1..)?)?;
                    value.to_mut().push(c);
                    i += 1 + len;
                    run = i;
                }
                _ => i += 1,
            }
        }
    }

    /// The `|` or `>` block scalar whose header is at the reader, with
    /// content indented at least `min`.
    fn block_scalar(&mut self, min: usize, tag: Option<Tag>) -> Option<Node> {
        let b = self.bytes;
        let literal = b.get(self.pos) == Some(&b'|');
        self.pos += 1;
        let chomp = match b.get(self.pos) {
            Some(b'-') => {
                self.pos += 1;
                Chomp::Strip
            }
            Some(b'+') => return None,
            _ => Chomp::Clip,
        };
        if !matches!(b.get(self.pos), None | Some(b' ' | b'\n')) {
            return None;
        }
        self.end_line()?;
        // The first line sets the indentation; an empty scalar, or one that
        // starts with blank lines, goes the general way.
        let mut line = self.pos;
        let indent = skip_spaces(b, line) - line;
        if indent < min || matches!(b.get(line + indent), None | Some(b'\n')) {
            return None;
        }
        let start = line + indent;
        let mut end = start;
        let mut value = String::new();
        let mut blank = 0;
        let mut first = true;
        let mut spaced_before = false;
        loop {
            let content = skip_spaces(b, line);
            let eol = line_end(b, content);
            let spaces = content - line;
            if content == eol {
                // A blank line with more spaces than the indentation holds
                // them as content.
                if spaces > indent {
                    return None;
                }
                if eol == b.len() {
                    // Spaces at the very end, without a line break, are
                    // left to the general reader.
                    if spaces > 0 {
                        return None;
                    }
                    line = eol;
                    break;
                }
                blank += 1;
                line = eol + 1;
                continue;
            }
            if spaces < indent {
                break;
            }
            // Folding joins two lines of text with a space (or, with blank
            // lines between, with one line break per blank line); a line
            // more indented than the text keeps the breaks around it.
            let spaced = spaces > indent;
            if !first {
                if literal || spaced || spaced_before {
                    value.push('\n');
                    value.extend(std::iter::repeat_n('\n', blank));
                } else if blank == 0 {
                    value.push(' ');
                } else {
                    value.extend(std::iter::repeat_n('\n', blank));
                }
            }
            first = false;
            spaced_before = spaced;
            blank = 0;
            value.push_str(&self.text[line + indent..eol]);
            end = trim_end(b, eol);
            if eol == b.len() {
                // The last line has no line break; its chomping is left
                // to the general reader.
                return None;
            }
            line = eol + 1;
        }
        if chomp == Chomp::Clip {
            value.push('\n');
        }
        self.pos = line;
        let value = self.text(&value)?;
        self.node(NodeValue::Str(value), Span::new(start, end), tag)
    }

    /// The block sequence whose first `-` is at the reader, indented
    /// `indent`.
    fn block_seq(&mut self, indent: usize, depth: usize) -> Option<Node> {
        self.enter(depth)?;
        let start = self.pos;
        let mut end = start + 1;
        let mut items = Vec::new();
        loop {
            self.pos += 1;
            self.skip_spaces();
            let item = if self.at_line_end() {
                // The general reader places an absent item at the line's end.
                let absent_at = line_end(self.bytes, self.pos);
                self.end_line()?;
                let next = Next {
                    min: indent + 1,
                    dash_at: None,
                    absent_at,
                };
                self.later_value(next, depth + 1, None)?
            } else if self.is_dash(self.pos) {
                let column = self.column();
                self.block_seq(column, depth + 1)?
            } else if let Some(key) = self.key_at(self.pos) {
                let column = self.column();
                self.block_map(column, key, depth + 1)?
            } else {
                self.inline_value(indent + 1, None, depth + 1, None)?
            };
            end = end.max(item.span.end as usize);
            items.push(item);
            match self.next_content()? {
                Line::Content(k) if k == indent && self.is_dash(self.pos) => {}
                Line::Content(k) if k > indent => return None,
                _ => break,
            }
        }
        self.node(NodeValue::Seq(items), Span::new(start, end), None)
    }

    /// The flow collection (`[…]` or `{…}`) at the reader. Its lines
    /// after the first are indented at least `min`.
    fn flow(&mut self, min: usize, depth: usize) -> Option<Node> {
        self.enter(depth)?;
        let b = self.bytes;
        let open = self.pos;
        let seq = b.get(open) == Some(&b'[');
        let close = if seq { b']' } else { b'}' };
        self.pos += 1;
        self.flow_space(min)?;
        let mut items = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        let mut keys = KeySet::default();
        if b.get(self.pos) == Some(&close) {
            self.pos += 1;
        } else {
            loop {
                if seq {
                    items.push(self.flow_item(min, depth + 1, None)?);
                } else {
                    let key_start = self.pos;
                    let key = match b.get(self.pos)? {
                        b'\'' | b'"' => CompactString::from(self.quoted()?),
                        _ => {
                            let end = self.flow_plain_end(true)?;
                            self.pos = end;
                            self.key(&self.text[key_start..end])?
                        }
                    };
                    let key_span = Span::new(key_start, self.pos);
                    if b.get(self.pos) != Some(&b':') || key_span.is_empty() {
                        return None;
                    }
                    self.pos += 1;
                    self.flow_space(min)?;
                    if key == "<<" || keys.first(&entries, &key).is_some() {
                        return None;
                    }
                    let value = self.flow_item(min, depth + 1, None)?;
                    entries.push(Entry {
                        key,
                        key_span,
                        value,
                    });
                }
                self.flow_space(min)?;
                match b.get(self.pos)? {
                    b',' => {
                        self.pos += 1;
                        self.flow_space(min)?;
                        // a trailing comma: `[a, b,]`
                        if b.get(self.pos) == Some(&close) {
                            self.pos += 1;
                            break;
                        }
                    }
                    &c if c == close => {
                        self.pos += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        let span = Span::new(open, self.pos);
        let value = if seq {
            NodeValue::Seq(items)
        } else {
            NodeValue::Map(entries)
        };
        self.node(value, span, None)
    }

    /// Skips the spaces, line breaks and comments between the parts of a
    /// flow collection; a line with content there must be indented at
    /// least `min`.
    fn flow_space(&mut self, min: usize) -> Option<()> {
        let b = self.bytes;
        loop {
            match b.get(self.pos) {
                Some(b' ') => self.pos += 1,
                Some(b'#') if matches!(b.get(self.pos.wrapping_sub(1)), Some(b' ' | b'\n')) => {
                    self.pos = line_end(b, self.pos);
                }
                Some(b'\n') => {
                    let line = self.pos + 1;
                    self.pos = skip_spaces(b, line);
                    if self.pos - line < min && !matches!(b.get(self.pos), Some(b'\n' | b'#')) {
                        return None;
                    }
                }
                _ => return Some(()),
            }
        }
    }

    /// One item of a flow collection, at the reader.
    fn flow_item(&mut self, min: usize, depth: usize, tag: Option<Tag>) -> Option<Node> {
        let b = self.bytes;
        match *b.get(self.pos)? {
            b'[' | b'{' => {
                let mut node = self.flow(min, depth)?;
                node.tag = tag;
                Some(node)
            }
            b'\'' | b'"' => {
                let start = self.pos;
                let value = self.quoted()?;
                self.node(
                    NodeValue::Str(Arc::from(value)),
                    Span::new(start, self.pos),
                    tag,
                )
            }
            b'!' => {
                if tag.is_some() {
                    return None;
                }
                let tag = self.tag()?;
                if b.get(self.pos) != Some(&b' ') {
                    return None;
                }
                self.skip_spaces();
                self.flow_item(min, depth, Some(tag))
            }
            _ => {
                let start = self.pos;
                let end = self.flow_plain_end(false)?;
                self.pos = end;
                let text = &self.text[start..end];
                self.scalar(text, Span::new(start, end), tag)
            }
        }
    }

    /// Where the plain scalar at the reader ends inside a flow collection
    /// (trailing spaces excluded). A key ends at `: ` on its line; a value
    /// at `,`, the closing bracket, a comment or the line's end (a value
    /// that goes on over the next line is then refused by the caller,
    /// which finds neither `,` nor the bracket there).
    fn flow_plain_end(&self, key: bool) -> Option<usize> {
        let b = self.bytes;
        if !plain_start(b, self.pos, true) {
            return None;
        }
        let mut i = self.pos;
        let mut end = i;
        loop {
            match b.get(i) {
                None | Some(b'[' | b'{') => return None,
                Some(b'\n') if key => return None,
                Some(b',' | b']' | b'}' | b'\n') => break,
                Some(b':')
                    if matches!(b.get(i + 1), None | Some(b' ' | b'\n'))
                        || is_flow_indicator(b.get(i + 1)) =>
                {
                    if key && b.get(i + 1) == Some(&b' ') {
                        break;
                    }
                    return None;
                }
                Some(b'#') if after_space(b, i) => {
                    if key {
                        return None;
                    }
                    break;
                }
                // after a space, saphyr takes `-` before a flow indicator
                // for the start of a scalar, and refuses it (`[x -]`)
                Some(b'-') if after_space(b, i) && is_flow_indicator(b.get(i + 1)) => {
                    return None;
                }
                Some(b' ') => i += 1,
                Some(_) => {
                    i += 1;
                    end = i;
                }
            }
        }
        (!key || end == i).then_some(end)
    }
}

/// Whether a plain scalar may start at `at`: not with an indicator, unless
/// `-`, `?` or `:` is followed by a character that is part of the scalar.
fn plain_start(b: &[u8], at: usize, flow: bool) -> bool {
    match b.get(at) {
        None => false,
        Some(b'-' | b'?' | b':') => match b.get(at + 1) {
            None | Some(b' ' | b'\n') => false,
            next => !(flow && is_flow_indicator(next)),
        },
        Some(
            b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
            | b'"' | b'%' | b'@' | b'`' | b' ' | b'\n',
        ) => false,
        Some(_) => true,
    }
}

/// Whether a byte is `,`, `[`, `]`, `{` or `}`, which end a plain scalar
/// in a flow collection.
fn is_flow_indicator(byte: Option<&u8>) -> bool {
    matches!(byte, Some(b',' | b'[' | b']' | b'{' | b'}'))
}

/// The offset of the closing quote of the quoted scalar opening at `at`,
/// plus one, if it closes on the same line.
fn quoted_close(b: &[u8], at: usize) -> Option<usize> {
    let quote = *b.get(at)?;
    let mut i = at + 1;
    loop {
        match *b.get(i)? {
            b'\n' => return None,
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// The character a double-quoted escape stands for (`rest` follows the
/// `\`), and the escape's length after the `\`.
fn escape(rest: &[u8]) -> Option<(char, usize)> {
    let simple = match *rest.first()? {
        b'\\' => '\\',
        b'"' => '"',
        b'/' => '/',
        b' ' => ' ',
        b'0' => '\0',
        b'a' => '\u{7}',
        b'b' => '\u{8}',
        b't' => '\t',
        b'n' => '\n',
        b'v' => '\u{b}',
        b'f' => '\u{c}',
        b'r' => '\r',
        b'e' => '\u{1b}',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        b'x' => return hex_char(rest, 2),
        b'u' => return hex_char(rest, 4),
        b'U' => return hex_char(rest, 8),
        _ => return None,
    };
    Some((simple, 1))
}

fn hex_char(rest: &[u8], digits: usize) -> Option<(char, usize)> {
    let hex = std::str::from_utf8(rest.get(1..=digits)?).ok()?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    Some((c, 1 + digits))
}

/// Whether the byte before `at` is a space (a `#` there starts a comment).
fn after_space(b: &[u8], at: usize) -> bool {
    at > 0 && b.get(at - 1) == Some(&b' ')
}

fn skip_spaces(b: &[u8], mut at: usize) -> usize {
    while b.get(at) == Some(&b' ') {
        at += 1;
    }
    at
}

/// The offset of the line break at or after `at` (or the end).
fn line_end(b: &[u8], at: usize) -> usize {
    memchr::memchr(b'\n', b.get(at..).unwrap_or_default()).map_or(b.len(), |i| at + i)
}

/// `end` moved back over trailing spaces.
fn trim_end(b: &[u8], mut end: usize) -> usize {
    while end > 0 && b.get(end - 1) == Some(&b' ') {
        end -= 1;
    }
    end
}
