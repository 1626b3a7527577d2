//! The general YAML reader: builds a spanned [`Node`] tree from
//! saphyr-parser's event stream. It reads any YAML, and is the one that
//! explains what is wrong with a file that does not load.
//!
//! The tree is built with an explicit stack (saphyr's own loader recurses and
//! overflows on deep input). Anchors, aliases and `<<` merge keys are refused
//! rather than expanded: CloudFormation accepts none of them, and refusing
//! them makes alias bombs impossible.

use std::borrow::Cow;
use std::sync::Arc;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

use super::scalar::{core_value, resolve_plain};
use crate::document::keys::{KeySet, duplicate_key};
use crate::document::{DocError, DocErrorKind, Entry, Limits, Loaded, Node, NodeValue, Tag};
use crate::source::Span;

/// The handle saphyr gives `!!` tags (the YAML core schema).
const CORE_SCHEMA: &str = "tag:yaml.org,2002:";

/// saphyr's flow scanner stops at this nesting depth with this message.
const SAPHYR_FLOW_LIMIT: usize = 255;
const SAPHYR_FLOW_LIMIT_MESSAGE: &str = "recursion limit exceeded";

/// Loads one YAML document of any shape (see [`super::load`]).
pub fn load(text: &str, limits: &Limits) -> Result<Loaded, DocError> {
    let offsets = Offsets::new(text);
    let mut builder = Builder {
        text,
        limits,
        stack: Vec::new(),
        root: None,
        nodes: 0,
        documents: 0,
        duplicates: Vec::new(),
    };
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| scan_error(&e, &offsets, limits))?;
        let span = Span::new(
            offsets.byte(span.start.index()),
            offsets.byte(span.end.index()),
        );
        if builder.event(event, span)? {
            break;
        }
    }
    let duplicates = std::mem::take(&mut builder.duplicates);
    Ok(Loaded {
        root: builder.finish(),
        duplicates,
    })
}

fn scan_error(error: &ScanError, offsets: &Offsets<'_>, limits: &Limits) -> DocError {
    let at = offsets.byte(error.marker().index());
    // Point at the character the scanner stopped on, unless that is a line
    // break or the end (an underlined newline renders badly).
    let end = match offsets.text.get(at..).and_then(|rest| rest.chars().next()) {
        Some(c) if c != '\n' && c != '\r' => at + c.len_utf8(),
        _ => at,
    };
    let span = Span::new(at, end);
    if error.info() == SAPHYR_FLOW_LIMIT_MESSAGE {
        // A flow collection that could be a mapping key is scanned to its end
        // before its first event comes out, so very deep `[[[[` input stops
        // here rather than at our own depth check. To users it is the same
        // limit.
        let depth = limits.max_depth.min(SAPHYR_FLOW_LIMIT);
        return DocError::new(
            DocErrorKind::Limit,
            format!("nesting deeper than {depth} levels"),
            span,
        );
    }
    DocError::new(DocErrorKind::Syntax, error.info(), span)
}

/// Converts saphyr's character indexes to byte offsets.
///
/// ASCII text needs no table. Otherwise a checkpoint every `STEP` characters
/// keeps the table small (large files are read by the thousand) while each
/// lookup walks at most `STEP - 1` characters.
struct Offsets<'a> {
    text: &'a str,
    /// Byte offset of every `STEP`-th character; empty for ASCII text.
    checkpoints: Vec<usize>,
}

impl<'a> Offsets<'a> {
    const STEP: usize = 64;

    fn new(text: &'a str) -> Offsets<'a> {
        let checkpoints = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .step_by(Self::STEP)
                .map(|(byte, _)| byte)
                .collect()
        };
        Offsets { text, checkpoints }
    }

    fn byte(&self, char_index: usize) -> usize {
        let len = self.text.len();
        if self.checkpoints.is_empty() {
            return char_index.min(len);
        }
        let segment = char_index / Self::STEP;
        let Some(&base) = self.checkpoints.get(segment) else {
            return len;
        };
        // most segments of a non-ASCII file are ASCII (a comment or a name
        // with an accent somewhere): there a character is a byte
        let next = self.checkpoints.get(segment + 1).copied();
        if next.is_some_and(|next| next - base == Self::STEP) {
            return base + char_index % Self::STEP;
        }
        self.text
            .get(base..)
            .and_then(|rest| rest.char_indices().nth(char_index % Self::STEP))
            .map_or(len, |(i, _)| base + i)
    }
}

/// A collection being built.
struct Frame {
    kind: FrameKind,
    /// Where the collection's value starts (after any tag).
    start: usize,
    /// Where its last item (or key) ends so far.
    end: usize,
    tag: Option<Tag>,
}

enum FrameKind {
    Seq(Vec<Node>),
    Map {
        entries: Vec<Entry>,
        /// The key read and waiting for its value, with the position of
        /// the entry it repeats.
        key: Option<(String, Span, Option<usize>)>,
        keys: KeySet,
    },
}

struct Builder<'a> {
    text: &'a str,
    limits: &'a Limits,
    stack: Vec<Frame>,
    root: Option<Node>,
    nodes: usize,
    documents: usize,
    duplicates: Vec<DocError>,
}

impl Builder<'_> {
    /// Handles one event; returns true at the end of the stream.
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<bool, DocError> {
        match event {
            Event::StreamEnd => return Ok(true),
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(DocError::new(
                        DocErrorKind::Syntax,
                        "more than one YAML document",
                        span,
                    ));
                }
            }
            Event::Alias(_) => {
                return Err(DocError::new(
                    DocErrorKind::Alias,
                    "YAML aliases (`*name`) are not accepted by CloudFormation",
                    span,
                ));
            }
            Event::Scalar(value, style, anchor, tag) => {
                if anchor > 0 {
                    return Err(self.anchor_error(span));
                }
                self.scalar(value, style, tag, span)?;
            }
            Event::SequenceStart(anchor, tag) => {
                if anchor > 0 {
                    return Err(self.anchor_error(span));
                }
                self.start_collection(true, tag, span)?;
            }
            Event::MappingStart(anchor, tag) => {
                if anchor > 0 {
                    return Err(self.anchor_error(span));
                }
                self.start_collection(false, tag, span)?;
            }
            Event::SequenceEnd | Event::MappingEnd => self.end_collection(span)?,
        }
        Ok(false)
    }

    fn anchor_error(&self, span: Span) -> DocError {
        DocError::new(
            DocErrorKind::Alias,
            "YAML anchors (`&name`) are not accepted by CloudFormation",
            anchor_span(self.text, span),
        )
    }

    /// Whether the next node is a key of the innermost mapping.
    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                kind: FrameKind::Map { key: None, .. },
                ..
            })
        )
    }

    fn scalar(
        &mut self,
        value: Cow<'_, str>,
        style: ScalarStyle,
        tag: Option<Cow<'_, saphyr_parser::Tag>>,
        span: Span,
    ) -> Result<(), DocError> {
        let meaning = TagMeaning::of(tag);
        let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
        let quoted = matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
        let (tag_span, mut span) = locate(self.text, span, meaning.is_tagged(), block, quoted);
        if value.is_empty() && style == ScalarStyle::Plain && !meaning.is_tagged() {
            // saphyr gives an absent value (`a:`) the span of the token after it.
            span = Span::empty_at(span.start as usize);
        }
        if value.len() > self.limits.max_string_bytes {
            return Err(DocError::new(
                DocErrorKind::Limit,
                format!(
                    "a scalar longer than {} bytes",
                    self.limits.max_string_bytes
                ),
                span,
            ));
        }
        if self.expects_key() {
            return self.key(value, style, &meaning, span);
        }
        let (value, tag) = match meaning {
            TagMeaning::Untagged if style == ScalarStyle::Plain => (resolve_plain(value), None),
            TagMeaning::Untagged | TagMeaning::NonSpecific => {
                (NodeValue::Str(Arc::from(value)), None)
            }
            TagMeaning::Core(suffix) => (core_value(&suffix, value, span)?, None),
            TagMeaning::Local(name) => (
                NodeValue::Str(Arc::from(value)),
                Some(Tag {
                    name: name.into(),
                    span: tag_span,
                }),
            ),
        };
        self.add(Node { value, span, tag })
    }

    fn key(
        &mut self,
        key: Cow<'_, str>,
        style: ScalarStyle,
        meaning: &TagMeaning,
        span: Span,
    ) -> Result<(), DocError> {
        if style == ScalarStyle::Plain && matches!(meaning, TagMeaning::Untagged) && key == "<<" {
            return Err(DocError::new(
                DocErrorKind::Alias,
                "merge keys `<<` are not supported by CloudFormation",
                span,
            ));
        }
        let Some(Frame {
            kind:
                FrameKind::Map {
                    entries,
                    key: pending,
                    keys,
                },
            end,
            ..
        }) = self.stack.last_mut()
        else {
            return Ok(());
        };
        let repeats = keys.first(entries, &key);
        let duplicate = repeats
            .and_then(|i| entries.get(i))
            .map(|first| duplicate_key(&key, span, first.key_span));
        *end = (*end).max(span.end as usize);
        *pending = Some((key.into_owned(), span, repeats));
        self.duplicates.extend(duplicate);
        Ok(())
    }

    fn start_collection(
        &mut self,
        is_seq: bool,
        tag: Option<Cow<'_, saphyr_parser::Tag>>,
        span: Span,
    ) -> Result<(), DocError> {
        let meaning = TagMeaning::of(tag);
        let (tag_span, span) = locate(self.text, span, meaning.is_tagged(), false, false);
        let mut start = span.start as usize;
        if is_seq && span.is_empty() && self.text.as_bytes().get(start) != Some(&b'-') {
            // An indentless block sequence (`key:\n- a`) starts at its first
            // item; its first `-` is the better place to point at.
            start = dash_before(self.text, start).unwrap_or(start);
        }
        if self.expects_key() {
            return Err(DocError::new(
                DocErrorKind::Syntax,
                "complex mapping keys are not supported",
                char_span(self.text, start),
            ));
        }
        if self.stack.len() >= self.limits.max_depth {
            return Err(DocError::new(
                DocErrorKind::Limit,
                format!("nesting deeper than {} levels", self.limits.max_depth),
                char_span(self.text, start),
            ));
        }
        let tag = match meaning {
            TagMeaning::Local(name) => Some(Tag {
                name: name.into(),
                span: tag_span,
            }),
            _ => None,
        };
        let kind = if is_seq {
            FrameKind::Seq(Vec::new())
        } else {
            FrameKind::Map {
                entries: Vec::new(),
                key: None,
                keys: KeySet::default(),
            }
        };
        self.stack.push(Frame {
            kind,
            start,
            end: (span.end as usize).max(start),
            tag,
        });
        Ok(())
    }

    fn end_collection(&mut self, span: Span) -> Result<(), DocError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        // Flow collections end at their `]` or `}`; block ones have an empty
        // end event (on the next line) and end with their last item.
        let end = if span.is_empty() {
            frame.end
        } else {
            // the end event's span may run on over a trailing comment
            let close = span.start as usize;
            match self.text.as_bytes().get(close) {
                Some(b']' | b'}') => close + 1,
                _ => span.end as usize,
            }
        };
        let value = match frame.kind {
            FrameKind::Seq(items) => NodeValue::Seq(items),
            FrameKind::Map { entries, .. } => NodeValue::Map(entries),
        };
        self.add(Node {
            value,
            span: Span::new(frame.start, end.max(frame.start)),
            tag: frame.tag,
        })
    }

    /// Adds a finished node to its parent (or makes it the document).
    fn add(&mut self, node: Node) -> Result<(), DocError> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(DocError::new(
                DocErrorKind::Limit,
                format!("more than {} nodes", self.limits.max_nodes),
                node.span,
            ));
        }
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        frame.end = frame.end.max(node.span.end as usize);
        match &mut frame.kind {
            FrameKind::Seq(items) => items.push(node),
            FrameKind::Map { entries, key, .. } => {
                // Keys never reach here (see `scalar`), so a value always
                // has its key waiting.
                if let Some((key, key_span, repeats)) = key.take() {
                    let entry = Entry {
                        key: key.into(),
                        key_span,
                        value: node,
                    };
                    match repeats.and_then(|i| entries.get_mut(i)) {
                        Some(earlier) => *earlier = entry,
                        None => entries.push(entry),
                    }
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> Node {
        match self.root {
            // An empty stream, or one empty document (`---` alone).
            Some(Node {
                value: NodeValue::Null,
                span,
                tag: None,
            }) if span.is_empty() => Node::new(NodeValue::Null, Span::default()),
            Some(node) => node,
            None => Node::new(NodeValue::Null, Span::default()),
        }
    }
}

/// What a node's tag means for the tree.
enum TagMeaning {
    Untagged,
    /// `!!str`, `!!int`…: sets the scalar's type, not stored.
    Core(String),
    /// The non-specific tag `!`: the value is a string, nothing stored.
    NonSpecific,
    /// `!Ref`, `!GetAtt`… stored, by name without the `!`.
    Local(String),
}

impl TagMeaning {
    fn of(tag: Option<Cow<'_, saphyr_parser::Tag>>) -> TagMeaning {
        let Some(tag) = tag else {
            return TagMeaning::Untagged;
        };
        let tag = tag.into_owned();
        if tag.handle == CORE_SCHEMA {
            TagMeaning::Core(tag.suffix)
        } else if tag.handle.is_empty() && tag.suffix == "!" {
            TagMeaning::NonSpecific
        } else if tag.handle == "!" {
            TagMeaning::Local(tag.suffix)
        } else {
            let mut name = tag.handle;
            name.push_str(&tag.suffix);
            match name.strip_prefix('!') {
                Some(stripped) => TagMeaning::Local(stripped.to_owned()),
                None => TagMeaning::Local(name),
            }
        }
    }

    fn is_tagged(&self) -> bool {
        !matches!(self, TagMeaning::Untagged)
    }
}

/// Splits an event's span into its tag's span and its value's span.
///
/// saphyr's event spans start at the tag when there is one; the tag's own
/// extent is found in the text (tags contain no blanks).
fn locate(text: &str, span: Span, tagged: bool, block: bool, quoted: bool) -> (Span, Span) {
    let (start, end) = (span.start as usize, span.end as usize);
    let bytes = text.as_bytes();
    let mut value_start = start;
    let mut tag_span = Span::empty_at(start);
    if tagged && bytes.get(start) == Some(&b'!') {
        let tag_end = tag_end(bytes, start);
        tag_span = Span::new(start, tag_end);
        value_start = skip_blanks(bytes, tag_end);
        if block {
            // Skip the `|`/`>` header line to the content, as saphyr does for
            // untagged block scalars. No comments are skipped: a `#` line is
            // content there.
            value_start = skip_spaces(bytes, line_end(bytes, value_start));
        }
        // An empty tagged value (`!Ref` alone) ends where the tag ends.
        value_start = value_start.min(end.max(tag_end));
    }
    let mut value_end = end.max(value_start);
    if let Some(close) = quoted_end(bytes, value_start).filter(|_| quoted) {
        // saphyr ends a quoted scalar's span after what follows it on the
        // line (a comment); the value ends at its closing quote
        value_end = value_end.min(close).max(value_start);
    }
    if block {
        // Block scalars run to the next line; end at their last content.
        while value_end > value_start
            && matches!(bytes.get(value_end - 1), Some(b' ' | b'\t' | b'\r' | b'\n'))
        {
            value_end -= 1;
        }
    }
    (tag_span, Span::new(value_start, value_end))
}

/// The offset just past the closing quote of the quoted scalar opening at
/// `start`, if one opens there: `\` escapes in double quotes, `''` in
/// single quotes.
fn quoted_end(bytes: &[u8], start: usize) -> Option<usize> {
    let quote = *bytes.get(start).filter(|b| matches!(b, b'"' | b'\''))?;
    let mut at = start + 1;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'\\' if quote == b'"' => at += 2,
            b'\'' if quote == b'\'' && bytes.get(at + 1) == Some(&b'\'') => at += 2,
            _ if b == quote => return Some(at + 1),
            _ => at += 1,
        }
    }
    None
}

/// The end of the tag starting at `start` (which holds its `!`).
fn tag_end(bytes: &[u8], start: usize) -> usize {
    let rest = bytes.get(start..).unwrap_or_default();
    if rest.starts_with(b"!<") {
        // A verbatim tag `!<…>` ends at its `>`.
        return rest
            .iter()
            .position(|&b| b == b'>')
            .map_or(bytes.len(), |i| start + i + 1);
    }
    rest.iter()
        .position(|b| b" \t\r\n,[]{}".contains(b))
        .map_or(bytes.len(), |i| start + i)
}

/// The span of an anchor (`&name`) on a node whose event span is `span`.
fn anchor_span(text: &str, span: Span) -> Span {
    let bytes = text.as_bytes();
    let mut at = span.start as usize;
    if bytes.get(at) == Some(&b'!') {
        at = skip_blanks(bytes, tag_end(bytes, at));
    }
    if bytes.get(at) != Some(&b'&') {
        return span;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    let end = rest
        .iter()
        .position(|b| b" \t\r\n,[]{}".contains(b))
        .map_or(bytes.len(), |i| at + i);
    Span::new(at, end)
}

/// Skips spaces, line breaks and comments.
fn skip_blanks(bytes: &[u8], mut at: usize) -> usize {
    loop {
        match bytes.get(at) {
            Some(b' ' | b'\t' | b'\r' | b'\n') => at += 1,
            Some(b'#') => at = line_end(bytes, at),
            _ => return at,
        }
    }
}

/// Skips spaces and line breaks only.
fn skip_spaces(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t' | b'\r' | b'\n')) {
        at += 1;
    }
    at
}

/// The offset of the next line break at or after `at` (or the end).
fn line_end(bytes: &[u8], at: usize) -> usize {
    bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
        .map_or(bytes.len(), |i| at + i)
}

/// The `-` right before `at` on the same line, if any.
fn dash_before(text: &str, at: usize) -> Option<usize> {
    let before = text.as_bytes().get(..at)?;
    let dash = before.iter().rposition(|&b| b != b' ' && b != b'\t')?;
    (before.get(dash) == Some(&b'-')).then_some(dash)
}

/// A span covering the character at `at` (empty at the end of the text).
fn char_span(text: &str, at: usize) -> Span {
    let len = text
        .get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8);
    Span::new(at, at + len)
}
