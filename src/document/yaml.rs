//! YAML loader: builds a spanned [`Node`] tree from saphyr-parser's event
//! stream.
//!
//! The tree is built with an explicit stack (saphyr's own loader recurses and
//! overflows on deep input). Anchors, aliases and `<<` merge keys are refused
//! rather than expanded: CloudFormation accepts none of them, and refusing
//! them makes alias bombs impossible.
//!
//! Spans are byte ranges. A node's span covers its value as written, without
//! its tag (`!GetAtt A.B` → the node spans `A.B`, the tag spans `!GetAtt`);
//! quoted scalars include their quotes, block scalars (`|`, `>`) cover their
//! content lines, and block collections end where their last item ends.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

use super::{DocError, DocErrorKind, Entry, Limits, Loaded, Node, NodeValue, Tag};
use crate::source::Span;

/// The handle saphyr gives `!!` tags (the YAML core schema).
const CORE_SCHEMA: &str = "tag:yaml.org,2002:";

/// saphyr's flow scanner stops at this nesting depth with this message.
const SAPHYR_FLOW_LIMIT: usize = 255;
const SAPHYR_FLOW_LIMIT_MESSAGE: &str = "recursion limit exceeded";

/// Parses one YAML document; a repeated key is an error.
pub fn parse(text: &str, limits: &Limits) -> Result<Node, DocError> {
    load(text, limits)?.strict()
}

/// Loads one YAML document. A key repeated in a mapping is reported in
/// [`Loaded::duplicates`] and its last value kept, as CloudFormation reads
/// such a template.
pub fn load(text: &str, limits: &Limits) -> Result<Loaded, DocError> {
    check_nul(text)?;
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

/// Refuses text with NUL bytes: no YAML or JSON file has them, binary files do.
pub(super) fn check_nul(text: &str) -> Result<(), DocError> {
    match text.bytes().position(|b| b == 0) {
        Some(at) => Err(DocError::new(
            DocErrorKind::Encoding,
            "file contains NUL bytes; not a text file",
            Span::new(at, at + 1),
        )),
        None => Ok(()),
    }
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
        let (tag_span, mut span) = locate(self.text, span, meaning.is_tagged(), block);
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
                (NodeValue::Str(value.into_owned()), None)
            }
            TagMeaning::Core(suffix) => (core_value(&suffix, value, span)?, None),
            TagMeaning::Local(name) => (
                NodeValue::Str(value.into_owned()),
                Some(Tag {
                    name,
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
        let (tag_span, span) = locate(self.text, span, meaning.is_tagged(), false);
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
                name,
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
                        key,
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
    index: Option<HashMap<String, usize>>,
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
fn locate(text: &str, span: Span, tagged: bool, block: bool) -> (Span, Span) {
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
    if let Some(close) = quoted_end(bytes, value_start) {
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

/// Types a plain scalar the YAML 1.2 core-schema way.
fn resolve_plain(text: Cow<'_, str>) -> NodeValue {
    match &*text {
        "" | "~" | "null" | "Null" | "NULL" => return NodeValue::Null,
        "true" | "True" | "TRUE" => return NodeValue::Bool(true),
        "false" | "False" | "FALSE" => return NodeValue::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return NodeValue::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return NodeValue::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return NodeValue::Float(f64::NAN),
        _ => {}
    }
    if let Some(number) = core_int(&text).or_else(|| core_float(&text)) {
        return number;
    }
    NodeValue::Str(text.into_owned())
}

/// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`. A decimal too large for
/// `i64` becomes a float, as in JSON.
fn core_int(text: &str) -> Option<NodeValue> {
    if let Some(hex) = text.strip_prefix("0x") {
        return radix_int(hex, 16);
    }
    if let Some(octal) = text.strip_prefix("0o") {
        return radix_int(octal, 8);
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match text.parse::<i64>() {
        Ok(n) => Some(NodeValue::Int(n)),
        Err(_) => text.parse::<f64>().ok().map(NodeValue::Float),
    }
}

fn radix_int(digits: &str, radix: u32) -> Option<NodeValue> {
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    i64::from_str_radix(digits, radix).ok().map(NodeValue::Int)
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn core_float(text: &str) -> Option<NodeValue> {
    let bytes = text.as_bytes();
    let mut at = usize::from(matches!(bytes.first(), Some(b'-' | b'+')));
    let digits = |at: &mut usize| {
        let from = *at;
        while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
            *at += 1;
        }
        *at - from
    };
    let whole = digits(&mut at);
    let mut fraction = 0;
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        fraction = digits(&mut at);
    }
    if whole == 0 && fraction == 0 {
        return None;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'-' | b'+')) {
            at += 1;
        }
        if digits(&mut at) == 0 {
            return None;
        }
    }
    if at != bytes.len() {
        return None;
    }
    text.parse::<f64>().ok().map(NodeValue::Float)
}

/// The value of a scalar with a core-schema tag (`!!int 80`).
fn core_value(suffix: &str, text: Cow<'_, str>, span: Span) -> Result<NodeValue, DocError> {
    let resolved = match suffix {
        "str" => return Ok(NodeValue::Str(text.into_owned())),
        "null" | "bool" | "int" | "float" => resolve_plain(text),
        // `!!binary`, `!!timestamp`… are kept as their text.
        _ => return Ok(NodeValue::Str(text.into_owned())),
    };
    match (suffix, resolved) {
        ("null", NodeValue::Null) => Ok(NodeValue::Null),
        ("bool", NodeValue::Bool(b)) => Ok(NodeValue::Bool(b)),
        ("int", NodeValue::Int(n)) => Ok(NodeValue::Int(n)),
        ("float", NodeValue::Float(f)) => Ok(NodeValue::Float(f)),
        #[allow(clippy::cast_precision_loss)]
        ("float", NodeValue::Int(n)) => Ok(NodeValue::Float(n as f64)),
        _ => Err(DocError::new(
            DocErrorKind::Syntax,
            format!("the value does not match its `!!{suffix}` tag"),
            span,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn load(text: &str) -> Node {
        match parse(text, &Limits::default()) {
            Ok(node) => node,
            Err(e) => panic!("{text:?} failed to load: {e:?}"),
        }
    }

    fn error(text: &str) -> DocError {
        match parse(text, &Limits::default()) {
            Ok(node) => panic!("{text:?} loaded: {node:?}"),
            Err(e) => e,
        }
    }

    fn slice(text: &str, span: Span) -> &str {
        &text[span.range()]
    }

    /// 1-based (line, column) of a span's start.
    fn at(text: &str, span: Span) -> (usize, usize) {
        let p = SourceFile::new("t.yaml", text).position(span.start as usize);
        (p.line, p.column)
    }

    fn tag(node: &Node) -> Option<&str> {
        node.tag.as_ref().map(|t| t.name.as_str())
    }

    #[test]
    fn builds_mappings_sequences_and_scalars_with_spans() {
        let text = "A:\n  B: x\n  C:\n    - 1\n    - two\nD: [a, {e: f}]\n";
        let doc = load(text);
        assert!(doc.is_map());
        let a = doc.get("A").unwrap();
        assert_eq!(slice(text, a.span), "B: x\n  C:\n    - 1\n    - two");
        let b = doc.get_path(&["A", "B"]).unwrap();
        assert_eq!(b.as_str(), Some("x"));
        assert_eq!(at(text, b.span), (2, 6));
        let c = doc.get_path(&["A", "C"]).unwrap();
        assert_eq!(slice(text, c.span), "- 1\n    - two");
        assert_eq!(c.items()[0].value, NodeValue::Int(1));
        assert_eq!(at(text, c.items()[1].span), (5, 7));
        let d = doc.get("D").unwrap();
        assert_eq!(slice(text, d.span), "[a, {e: f}]");
        assert_eq!(slice(text, d.items()[1].span), "{e: f}");
        let entry = doc.entry("D").unwrap();
        assert_eq!(slice(text, entry.key_span), "D");
        assert_eq!(at(text, entry.key_span), (6, 1));
        assert_eq!(slice(text, doc.span), text.trim_end());
    }

    #[test]
    fn a_trailing_comment_is_not_part_of_the_value() {
        let text = "a: \"x\" # one\nb: 'it''s' # two\nc: !Sub \"${A}\\\"\" # three\nd: !Join [\"\", [x, y]] # four\ne: {f: g} # five\n";
        let doc = load(text);
        let value = |key: &str| slice(text, doc.get(key).unwrap().span);
        assert_eq!(value("a"), "\"x\"");
        assert_eq!(value("b"), "'it''s'");
        assert_eq!(value("c"), "\"${A}\\\"\"");
        assert_eq!(value("d"), "[\"\", [x, y]]");
        assert_eq!(value("e"), "{f: g}");
    }

    #[test]
    fn indentless_sequences_start_at_their_dash() {
        let text = "a:\n- x\n- y\nb: 1\n";
        let doc = load(text);
        assert_eq!(slice(text, doc.get("a").unwrap().span), "- x\n- y");
    }

    #[test]
    fn nested_and_empty_collections() {
        let text = "- - x\n  - y\n- []\n- {}\n- [a: b]\n";
        let doc = load(text);
        assert_eq!(slice(text, doc.span), text.trim_end());
        let inner = &doc.items()[0];
        assert_eq!(slice(text, inner.span), "- x\n  - y");
        assert_eq!(slice(text, doc.items()[1].span), "[]");
        assert_eq!(slice(text, doc.items()[2].span), "{}");
        let pair = &doc.items()[3].items()[0];
        assert_eq!(slice(text, pair.span), "a: b");
        assert_eq!(pair.get("a").unwrap().as_str(), Some("b"));
    }

    #[test]
    fn local_tags_are_kept_in_every_position() {
        let text = "\
A: !GetAtt B.C
L: !GetAtt [B, C]
S: !Sub ['${X}', {X: !Ref Y}]
I:
  - !If [Cond, !Ref X, !Ref AWS::NoValue]
M: !Transform
  Name: x
B: !Sub |
  echo ${X}
Q: !Sub \"quoted\"
E: !Ref
";
        let doc = load(text);
        let a = doc.get("A").unwrap();
        assert_eq!(tag(a), Some("GetAtt"));
        assert_eq!(a.as_str(), Some("B.C"));
        assert_eq!(slice(text, a.span), "B.C");
        assert_eq!(slice(text, a.tag.as_ref().unwrap().span), "!GetAtt");

        let l = doc.get("L").unwrap();
        assert_eq!(tag(l), Some("GetAtt"));
        assert_eq!(slice(text, l.span), "[B, C]");
        assert_eq!(l.items().len(), 2);

        let s = doc.get("S").unwrap();
        assert_eq!(tag(s), Some("Sub"));
        let y = s.items()[1].get("X").unwrap();
        assert_eq!(tag(y), Some("Ref"));
        assert_eq!(y.as_str(), Some("Y"));
        assert_eq!(slice(text, y.tag.as_ref().unwrap().span), "!Ref");

        let cond = &doc.get("I").unwrap().items()[0];
        assert_eq!(tag(cond), Some("If"));
        assert_eq!(slice(text, cond.span), "[Cond, !Ref X, !Ref AWS::NoValue]");
        assert_eq!(tag(&cond.items()[2]), Some("Ref"));
        assert_eq!(cond.items()[2].as_str(), Some("AWS::NoValue"));

        let m = doc.get("M").unwrap();
        assert_eq!(tag(m), Some("Transform"));
        assert!(m.is_map());
        assert_eq!(slice(text, m.span), "Name: x");
        assert_eq!(slice(text, m.tag.as_ref().unwrap().span), "!Transform");

        let b = doc.get("B").unwrap();
        assert_eq!(tag(b), Some("Sub"));
        assert_eq!(b.as_str(), Some("echo ${X}\n"));
        assert_eq!(slice(text, b.span), "echo ${X}");

        let q = doc.get("Q").unwrap();
        assert_eq!(q.as_str(), Some("quoted"));
        assert_eq!(slice(text, q.span), "\"quoted\"");

        let e = doc.get("E").unwrap();
        assert_eq!(tag(e), Some("Ref"));
        assert_eq!(e.as_str(), Some(""));
        assert_eq!(slice(text, e.tag.as_ref().unwrap().span), "!Ref");
    }

    #[test]
    fn all_cloudformation_short_forms_are_tags() {
        for name in [
            "Ref",
            "GetAtt",
            "Sub",
            "If",
            "Join",
            "Select",
            "Split",
            "FindInMap",
            "ImportValue",
            "GetAZs",
            "Base64",
            "Cidr",
            "Equals",
            "And",
            "Or",
            "Not",
            "Condition",
            "Whatever",
        ] {
            let doc = load(&format!("a: !{name} x\n"));
            assert_eq!(tag(doc.get("a").unwrap()), Some(name));
        }
    }

    #[test]
    fn tagged_scalars_are_strings() {
        let doc = load("a: !Ref 80\nb: !Ref true\nc: ! 12\n");
        assert_eq!(doc.get("a").unwrap().value, NodeValue::Str("80".into()));
        assert_eq!(doc.get("b").unwrap().value, NodeValue::Str("true".into()));
        let c = doc.get("c").unwrap();
        assert_eq!(c.value, NodeValue::Str("12".into()));
        assert_eq!(c.tag, None);
    }

    #[test]
    fn plain_scalars_use_the_core_schema() {
        let cases: &[(&str, NodeValue)] = &[
            ("~", NodeValue::Null),
            ("null", NodeValue::Null),
            ("NULL", NodeValue::Null),
            ("", NodeValue::Null),
            ("true", NodeValue::Bool(true)),
            ("False", NodeValue::Bool(false)),
            ("80", NodeValue::Int(80)),
            ("-12", NodeValue::Int(-12)),
            ("+7", NodeValue::Int(7)),
            ("0x1F", NodeValue::Int(31)),
            ("0o17", NodeValue::Int(15)),
            ("123456789012", NodeValue::Int(123_456_789_012)),
            ("1.5", NodeValue::Float(1.5)),
            ("-2e3", NodeValue::Float(-2000.0)),
            (".5", NodeValue::Float(0.5)),
            ("1.", NodeValue::Float(1.0)),
            (".inf", NodeValue::Float(f64::INFINITY)),
            ("-.Inf", NodeValue::Float(f64::NEG_INFINITY)),
            (
                "99999999999999999999",
                NodeValue::Float(99_999_999_999_999_999_999.0),
            ),
            ("yes", NodeValue::Str("yes".into())),
            ("on", NodeValue::Str("on".into())),
            ("0x", NodeValue::Str("0x".into())),
            ("1e", NodeValue::Str("1e".into())),
            ("1_000", NodeValue::Str("1_000".into())),
            ("12:30", NodeValue::Str("12:30".into())),
            ("nulls", NodeValue::Str("nulls".into())),
            ("TrUe", NodeValue::Str("TrUe".into())),
            ("/api/*", NodeValue::Str("/api/*".into())),
        ];
        for (text, want) in cases {
            let doc = load(&format!("v: {text}\n"));
            assert_eq!(&doc.get("v").unwrap().value, want, "{text:?}");
        }
        let nan = load("v: .NaN\n");
        assert!(matches!(nan.get("v").unwrap().value, NodeValue::Float(f) if f.is_nan()));
    }

    #[test]
    fn quoted_and_block_scalars_are_strings() {
        let text = "a: \"80\"\nb: '80'\nc: 80\nd: |\n  80\ne: >-\n  true\n";
        let doc = load(text);
        assert_eq!(doc.get("a").unwrap().value, NodeValue::Str("80".into()));
        assert_eq!(slice(text, doc.get("a").unwrap().span), "\"80\"");
        assert_eq!(doc.get("b").unwrap().value, NodeValue::Str("80".into()));
        assert_eq!(doc.get("c").unwrap().value, NodeValue::Int(80));
        assert_eq!(doc.get("d").unwrap().value, NodeValue::Str("80\n".into()));
        assert_eq!(slice(text, doc.get("d").unwrap().span), "80");
        assert_eq!(doc.get("e").unwrap().value, NodeValue::Str("true".into()));
    }

    #[test]
    fn core_tags_set_the_type_and_are_not_stored() {
        let doc = load("a: !!str 80\nb: !!int \"80\"\nc: !!float 1\nd: !!bool 'true'\n");
        let a = doc.get("a").unwrap();
        assert_eq!(a.value, NodeValue::Str("80".into()));
        assert_eq!(a.tag, None);
        assert_eq!(doc.get("b").unwrap().value, NodeValue::Int(80));
        assert_eq!(doc.get("c").unwrap().value, NodeValue::Float(1.0));
        assert_eq!(doc.get("d").unwrap().value, NodeValue::Bool(true));
        let e = error("a: !!int abc\n");
        assert_eq!(e.kind, DocErrorKind::Syntax);
    }

    #[test]
    fn keys_are_their_text() {
        let text = "80: x\ntrue: y\n\"q\": z\n~: n\n";
        let doc = load(text);
        let keys: Vec<&str> = doc.entries().iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["80", "true", "q", "~"]);
        assert_eq!(slice(text, doc.entries()[2].key_span), "\"q\"");
    }

    #[test]
    fn complex_keys_are_refused() {
        let text = "a: 1\n? [x, y]\n: 2\n";
        let e = error(text);
        assert_eq!(e.kind, DocErrorKind::Syntax);
        assert_eq!(e.message, "complex mapping keys are not supported");
        assert_eq!(at(text, e.span), (2, 3));
        assert_eq!(error("{a: 1, {b: c}: d}").kind, DocErrorKind::Syntax);
    }

    #[test]
    fn duplicate_keys_report_both_spans() {
        let text = "Resources:\n  A: 1\n  B: 2\n  A: 3\n";
        let e = error(text);
        assert_eq!(e.kind, DocErrorKind::DuplicateKey);
        assert_eq!(e.message, "duplicate key `A`");
        assert_eq!(at(text, e.span), (4, 3));
        assert_eq!(e.related.len(), 1);
        assert_eq!(at(text, e.related[0].0), (2, 3));
        assert_eq!(e.related[0].1, "first defined here");
        // Quoting does not make a key different.
        assert_eq!(error("a: 1\n'a': 2\n").kind, DocErrorKind::DuplicateKey);
        // The same key in different mappings is fine.
        load("a: {x: 1}\nb: {x: 2}\n");
    }

    #[test]
    fn duplicate_keys_in_large_mappings() {
        let mut text: String = (0..1000).map(|i| format!("k{i}: {i}\n")).collect();
        assert_eq!(load(&text).entries().len(), 1000);
        text.push_str("k500: again\n");
        let e = error(&text);
        assert_eq!(e.kind, DocErrorKind::DuplicateKey);
        assert_eq!(at(&text, e.span), (1001, 1));
        assert_eq!(at(&text, e.related[0].0), (501, 1));
    }

    #[test]
    fn repeated_keys_keep_the_last_value() {
        let text = "A: 1\nB:\n  A: 2\n  A: [5]\nA: 3\nA: 4\n";
        let loaded = super::load(text, &Limits::default()).unwrap();
        let keys: Vec<&str> = loaded
            .root
            .entries()
            .iter()
            .map(|e| e.key.as_str())
            .collect();
        assert_eq!(keys, ["A", "B"]);
        assert_eq!(
            loaded.root.get("A").map(|n| &n.value),
            Some(&NodeValue::Int(4))
        );
        assert_eq!(at(text, loaded.root.entries()[0].key_span), (6, 1));
        assert!(loaded.root.get_path(&["B", "A"]).is_some_and(Node::is_seq));
        let places: Vec<((usize, usize), (usize, usize))> = loaded
            .duplicates
            .iter()
            .map(|d| (at(text, d.span), at(text, d.related[0].0)))
            .collect();
        assert_eq!(
            places,
            [((4, 3), (3, 3)), ((5, 1), (1, 1)), ((6, 1), (5, 1))]
        );
        let mut text: String = (0..1000).map(|i| format!("k{i}: {i}\n")).collect();
        text.push_str("k500: again\n");
        let loaded = super::load(&text, &Limits::default()).unwrap();
        assert_eq!(loaded.root.entries().len(), 1000);
        assert_eq!(
            loaded.root.get("k500").and_then(Node::as_str),
            Some("again")
        );
    }

    #[test]
    fn anchors_aliases_and_merge_keys_are_refused() {
        let text = "a: &x 1\nb: *x\n";
        let e = error(text);
        assert_eq!(e.kind, DocErrorKind::Alias);
        assert_eq!(slice(text, e.span), "&x");
        assert!(e.message.contains("CloudFormation"), "{}", e.message);

        let text = "a: !Ref &x y\n";
        assert_eq!(slice(text, error(text).span), "&x");

        let text = "a: &x\n  b: 1\n";
        assert_eq!(slice(text, error(text).span), "&x");

        // An alias to an anchor that does not exist is a syntax error.
        assert_eq!(error("a: *x\n").kind, DocErrorKind::Syntax);

        let text = "a: {b: 1}\nc:\n  <<: {d: 2}\n";
        let e = error(text);
        assert_eq!(e.kind, DocErrorKind::Alias);
        assert_eq!(slice(text, e.span), "<<");
        assert!(e.message.contains("merge keys"), "{}", e.message);
        // A quoted `<<` is an ordinary key.
        assert!(load("'<<': 1\n").get("<<").is_some());
    }

    #[test]
    fn alias_bombs_stop_at_the_first_anchor() {
        let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..40 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let started = std::time::Instant::now();
        let e = error(&text);
        assert_eq!(e.kind, DocErrorKind::Alias);
        assert_eq!(slice(&text, e.span), "&a0");
        assert!(started.elapsed().as_secs() < 2);
    }

    #[test]
    fn empty_documents_are_null() {
        for text in [
            "",
            "   \n\n",
            "# just a comment\n",
            "---\n",
            "--- # c\n...\n",
        ] {
            let doc = load(text);
            assert_eq!(doc, Node::new(NodeValue::Null, Span::default()), "{text:?}");
        }
    }

    #[test]
    fn more_than_one_document_is_an_error() {
        let text = "a: 1\n---\nb: 2\n";
        let e = error(text);
        assert_eq!(e.kind, DocErrorKind::Syntax);
        assert_eq!(e.message, "more than one YAML document");
        assert_eq!(at(text, e.span), (2, 1));
        // One document with explicit markers is fine.
        assert_eq!(
            load("---\na: 1\n...\n").get("a").unwrap().value,
            NodeValue::Int(1)
        );
    }

    #[test]
    fn syntax_errors_point_at_the_scanner_position() {
        let text = "a: 1\nb: [1, 2\n";
        let e = error(text);
        assert_eq!(e.kind, DocErrorKind::Syntax);
        assert!(!e.message.is_empty());
        let text = "a: \"x\n";
        assert_eq!(error(text).kind, DocErrorKind::Syntax);
        let text = "a:\n  b: 1\n c: 2\n";
        let e = error(text);
        assert_eq!(e.kind, DocErrorKind::Syntax);
        assert_eq!(at(text, e.span).0, 3);
    }

    #[test]
    fn non_ascii_text_has_byte_spans_and_character_columns() {
        let text = "é: ü\nb: [ça, \"ñ\"]\nc: 日本語 # comment\nd: !Sub 'x'\n";
        let doc = load(text);
        let e = doc.entries()[0].clone();
        assert_eq!(e.key, "é");
        assert_eq!(slice(text, e.key_span), "é");
        assert_eq!(slice(text, e.value.span), "ü");
        assert_eq!(at(text, e.value.span), (1, 4));
        let b = doc.get("b").unwrap();
        assert_eq!(slice(text, b.items()[1].span), "\"ñ\"");
        assert_eq!(at(text, b.items()[1].span), (2, 9));
        let c = doc.get("c").unwrap();
        assert_eq!(slice(text, c.span), "日本語");
        let d = doc.get("d").unwrap();
        assert_eq!(slice(text, d.span), "'x'");
        assert_eq!(slice(text, d.tag.as_ref().unwrap().span), "!Sub");
    }

    #[test]
    fn long_non_ascii_files_convert_offsets_past_checkpoints() {
        let mut text = String::new();
        for i in 0..500 {
            text.push_str(&format!("k{i}: \"é{i}ü\"\n"));
        }
        let doc = load(&text);
        for (i, entry) in doc.entries().iter().enumerate() {
            assert_eq!(slice(&text, entry.key_span), format!("k{i}"));
            assert_eq!(slice(&text, entry.value.span), format!("\"é{i}ü\""));
        }
    }

    #[test]
    fn mostly_ascii_files_convert_offsets_in_ascii_and_non_ascii_stretches() {
        // a non-ASCII character at the start, in the middle and at the end,
        // with long ASCII stretches between (segments of either kind)
        let value = |i: usize| match i {
            150 => "ñandú".to_string(),
            _ => format!("v{i}"),
        };
        let mut text = String::from("# é\n");
        for i in 0..300 {
            text.push_str(&format!("key{i}: {}\n", value(i)));
        }
        text.push_str("last: 日本\n");
        let doc = load(&text);
        for (i, entry) in doc.entries().iter().take(300).enumerate() {
            assert_eq!(slice(&text, entry.key_span), format!("key{i}"));
            assert_eq!(slice(&text, entry.value.span), value(i));
        }
        assert_eq!(slice(&text, doc.get("last").unwrap().span), "日本");
    }

    #[test]
    fn byte_order_mark_and_crlf() {
        let text = "\u{feff}a: x\r\nb: é\r\nc: y\r\n";
        let doc = load(text);
        assert_eq!(slice(text, doc.entries()[0].key_span), "a");
        assert_eq!(slice(text, doc.get("c").unwrap().span), "y");
        assert_eq!(at(text, doc.get("c").unwrap().span), (3, 4));
    }

    #[test]
    fn nul_bytes_are_an_encoding_error() {
        let text = "a: 1\nb: x\0y\n";
        let e = error(text);
        assert_eq!(e.kind, DocErrorKind::Encoding);
        assert_eq!(e.span, Span::new(9, 10));
    }

    fn limits(max_depth: usize, max_nodes: usize, max_string_bytes: usize) -> Limits {
        Limits {
            max_depth,
            max_nodes,
            max_string_bytes,
            ..Limits::default()
        }
    }

    #[test]
    fn very_deep_flow_sequences_hit_the_limit_quickly() {
        let text = "[".repeat(200_000);
        let started = std::time::Instant::now();
        let e = error(&text);
        assert_eq!(e.kind, DocErrorKind::Limit);
        assert_eq!(e.message, "nesting deeper than 200 levels");
        assert!(started.elapsed().as_secs() < 2);
        let text = format!("a:\n  b: {}", "{a: ".repeat(200_000));
        assert_eq!(error(&text).kind, DocErrorKind::Limit);
    }

    #[test]
    fn depth_limit_points_at_the_opening_node() {
        let text = format!("{}{}", "[".repeat(230), "]".repeat(230));
        let e = error(&text);
        assert_eq!(e.kind, DocErrorKind::Limit);
        assert_eq!(e.span, Span::new(200, 201));
        // Exactly at the limit is fine.
        let text = format!("{}x{}", "[".repeat(200), "]".repeat(200));
        assert!(load(&text).is_seq());
        // A configured limit above saphyr's own flow limit reports the latter.
        let text = "[".repeat(300);
        let e = parse(&text, &limits(1000, 100, 100)).unwrap_err();
        assert_eq!(e.kind, DocErrorKind::Limit);
        assert_eq!(e.message, "nesting deeper than 255 levels");
    }

    #[test]
    fn deep_block_mappings_hit_the_limit() {
        let mut text = String::new();
        for level in 0..3000 {
            text.push_str(&" ".repeat(level));
            text.push_str("a:\n");
        }
        let started = std::time::Instant::now();
        let e = error(&text);
        assert_eq!(e.kind, DocErrorKind::Limit);
        assert_eq!(at(&text, e.span), (201, 201));
        assert!(started.elapsed().as_secs() < 2);

        let text = "- ".repeat(3000) + "x\n";
        assert_eq!(error(&text).kind, DocErrorKind::Limit);

        // Block and flow nesting add up.
        let text = format!("{}[[[]]]\n", "- ".repeat(198));
        assert_eq!(error(&text).kind, DocErrorKind::Limit);
    }

    #[test]
    fn node_and_string_limits() {
        let text = "a: [1, 2, 3]\nb: [4, 5, 6]\n";
        assert!(parse(text, &limits(10, 9, 100)).is_ok());
        let e = parse(text, &limits(10, 7, 100)).unwrap_err();
        assert_eq!(e.kind, DocErrorKind::Limit);
        assert_eq!(e.message, "more than 7 nodes");

        let text = "a: abcdef\nb: 'abcdefg'\n";
        assert!(parse("a: abcdef\n", &limits(10, 100, 6)).is_ok());
        let e = parse(text, &limits(10, 100, 6)).unwrap_err();
        assert_eq!(e.kind, DocErrorKind::Limit);
        assert_eq!(slice(text, e.span), "'abcdefg'");
        // Keys count too.
        let e = parse("abcdefg: 1\n", &limits(10, 100, 6)).unwrap_err();
        assert_eq!(e.kind, DocErrorKind::Limit);
    }

    #[test]
    fn wide_documents_load_in_linear_time() {
        let items: Vec<String> = (0..100_000).map(|i| i.to_string()).collect();
        let text = format!("a: [{}]\n", items.join(", "));
        let started = std::time::Instant::now();
        let doc = load(&text);
        assert_eq!(doc.get("a").unwrap().items().len(), 100_000);
        let keys: String = (0..50_000).map(|i| format!("k{i}: v\n")).collect();
        assert_eq!(load(&keys).entries().len(), 50_000);
        assert!(started.elapsed().as_secs() < 10);
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        for text in [
            "!",
            "!<",
            "!<tag:x",
            "&",
            "*",
            "&a",
            "? ",
            ": ",
            "- !",
            "[!Ref",
            "{!Ref : }",
            "!Ref\n",
            "a: !Sub |",
            "a: |\n",
            "%YAML 1.2\n---\n",
            "%TAG !e! tag:e,2000:\n--- !e!x y\n",
            "--- !!map\n",
            "\u{feff}",
            "\u{feff}\u{feff}a: 1",
            "a: \"\\ud800\"",
            "a:\t1",
            "é\u{301}: [ü, {ñ: !Ref ö}]",
            "[a: b, c: d]: e",
            "\r\r\r",
        ] {
            let _ = parse(text, &Limits::default());
        }
    }

    /// Random strings over the syntax characters: nothing may panic, and
    /// every span slices the text.
    #[test]
    fn random_input_does_not_panic() {
        let alphabet: Vec<char> = "ab:-[]{},?&*!|>'\"#% \n\t~.0eé日<=@`\\".chars().collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let len = (next() % 40) as usize;
            let text: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            match parse(&text, &Limits::default()) {
                Ok(node) => crate::document::assert_spans_slice(&text, &node),
                Err(e) => assert!(text.get(e.span.range()).is_some(), "{text:?} {e:?}"),
            }
        }
    }
}
