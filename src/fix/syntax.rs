//! Where a change goes in each syntax: the entry a value belongs to, how a
//! new entry is written beside the others of its object.

use super::lines::{
    first_on_line, indentation, line_end, line_ending, line_start, skip_space, skip_space_back,
};
use super::render::render;
use crate::model::Scalar;
use crate::source::Span;

/// The syntax of a file a fix edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Yaml,
    Json,
    Hcl,
}

/// One replacement, before it is tied to its file.
pub type Change = (Span, String);

fn byte(text: &str, at: usize) -> Option<u8> {
    text.as_bytes().get(at).copied()
}

/// The end of what a span holds, without the whitespace some spans carry.
fn content_end(text: &str, span: Span) -> usize {
    skip_space_back(text, span.end as usize).max(span.start as usize)
}

impl Syntax {
    /// Replaces the value written at `span` by `to`.
    pub fn replace(self, text: &str, span: Span, to: &Scalar) -> Option<Change> {
        let end = content_end(text, span);
        let span = Span::new(span.start as usize, end);
        let written = text.get(span.range())?;
        if written.is_empty() || written.contains('\n') {
            return None;
        }
        Some((span, render(self, to, written)))
    }

    /// Adds `key` set to `to` to the object written at `object`, before its
    /// first entry and in its style.
    pub fn insert(self, text: &str, object: Span, key: &str, to: &Scalar) -> Option<Change> {
        let start = object.start as usize;
        let end = content_end(text, object);
        let body = text.get(start..end)?;
        if mentions_key(self, body, key) {
            return None;
        }
        let value = render(self, to, "");
        match self {
            Syntax::Yaml if byte(text, start) == Some(b'{') => {
                flow_insert(text, start, &format!("{key}: {value}"), ",")
            }
            Syntax::Yaml => {
                // the object's first key: the new one goes on a line of its
                // own above it, at the same column
                if matches!(byte(text, start), Some(b'[' | b'-')) || body.is_empty() {
                    return None;
                }
                let line = line_start(text, start);
                let pad: String = text.get(line..start)?.chars().map(|_| ' ').collect();
                let eol = line_ending(text);
                Some((Span::new(start, start), format!("{key}: {value}{eol}{pad}")))
            }
            Syntax::Json => {
                if byte(text, start) != Some(b'{') {
                    return None;
                }
                flow_insert(
                    text,
                    start,
                    &format!("{}: {value}", render(self, &Scalar::str(key), "\"")),
                    ",",
                )
            }
            Syntax::Hcl => {
                let open = start + body.find('{')?;
                let first = skip_space(text, open + 1);
                if byte(text, first) == Some(b'}') {
                    let eol = line_ending(text);
                    let indent = indentation(text, line_start(text, open));
                    return Some((
                        Span::new(open + 1, first),
                        format!("{eol}{indent}  {key} = {value}{eol}{indent}"),
                    ));
                }
                let gap = text.get(open + 1..first)?;
                if !gap.contains('\n') {
                    // a one-line block holds one argument
                    return None;
                }
                Some((Span::new(first, first), format!("{key} = {value}{gap}")))
            }
        }
    }

    /// Takes out the entry whose value is written at `span`: its key, the
    /// value, and what separates it from its neighbours.
    /// `span` may also be the entry's key (a value known by its key alone,
    /// such as the presence of `ForwardedValues`).
    pub fn remove(self, text: &str, span: Span) -> Option<Change> {
        let value_start = span.start as usize;
        let value_end = content_end(text, span);
        let after_key = skip_inline_space(text, value_end);
        if self != Syntax::Hcl && byte(text, after_key) == Some(b':') && value_end > value_start {
            return self.remove_by_key(text, value_start, after_key);
        }
        match self {
            Syntax::Hcl => {
                // an argument or a block: whole lines, its key first on the
                // first of them
                let start = line_start(text, value_start);
                let key = skip_space(text, start);
                if !first_on_line(text, key) || key > value_start {
                    return None;
                }
                Some((
                    Span::new(start, line_end(text, value_end.saturating_sub(1))),
                    String::new(),
                ))
            }
            Syntax::Json => {
                let colon = skip_space_back(text, value_start).checked_sub(1)?;
                if byte(text, colon) != Some(b':') {
                    return None;
                }
                let key_end = skip_space_back(text, colon);
                if byte(text, key_end.checked_sub(1)?) != Some(b'"') {
                    return None;
                }
                let key_start = text.get(..key_end - 1)?.rfind('"')?;
                separated_remove(text, key_start, value_end, b',')
            }
            Syntax::Yaml => {
                let colon = skip_space_back(text, value_start).checked_sub(1)?;
                if byte(text, colon) != Some(b':') {
                    return None;
                }
                let key_end = colon;
                let key_start = match byte(text, key_end.checked_sub(1)?) {
                    Some(q @ (b'"' | b'\'')) => text.get(..key_end - 1)?.rfind(char::from(q))?,
                    _ => {
                        let before = text.get(..key_end)?;
                        before
                            .rfind(|c: char| c.is_whitespace() || "{,[".contains(c))
                            .map_or(0, |i| i + 1)
                    }
                };
                let before = skip_space_back(text, key_start);
                let flow = before > 0 && matches!(byte(text, before - 1), Some(b'{' | b','));
                if flow {
                    return separated_remove(text, key_start, value_end, b',');
                }
                let last = line_end(text, value_end.saturating_sub(1));
                if first_on_line(text, key_start) {
                    return Some((Span::new(line_start(text, key_start), last), String::new()));
                }
                // the first key of a list item (`- Key: value`): the next
                // key of the item moves up into its place
                let column = text
                    .get(line_start(text, key_start)..key_start)?
                    .chars()
                    .count();
                let next = text.get(last..)?;
                let next_indent = next.len() - next.trim_start_matches(' ').len();
                let next_char = next.get(next_indent..)?.chars().next()?;
                if next_indent != column || next_char == '#' || next_char == '-' {
                    return None;
                }
                Some((Span::new(key_start, last + next_indent), String::new()))
            }
        }
    }
}

impl Syntax {
    /// Takes out the entry whose key starts at `key` and whose colon is at
    /// `colon`.
    fn remove_by_key(self, text: &str, key: usize, colon: usize) -> Option<Change> {
        if self == Syntax::Json {
            let value = skip_space(text, colon + 1);
            return separated_remove(text, key, json_value_end(text, value)?, b',');
        }
        let before = skip_space_back(text, key);
        if !first_on_line(text, key)
            || (before > 0 && matches!(byte(text, before - 1), Some(b'{' | b',')))
        {
            return None;
        }
        // the key's line and every line under it that is indented deeper
        // (or a list at its own column), trailing blank lines left alone
        let start = line_start(text, key);
        let column = key - start;
        let mut end = line_end(text, key);
        let mut at = end;
        while at < text.len() {
            let next = line_end(text, at);
            let line = text.get(at..next)?;
            let indent = line.len() - line.trim_start_matches(' ').len();
            let rest = line.trim();
            if rest.is_empty() || rest.starts_with('#') {
                at = next;
                continue;
            }
            if indent > column || (indent == column && (rest == "-" || rest.starts_with("- "))) {
                end = next;
                at = next;
                continue;
            }
            break;
        }
        Some((Span::new(start, end), String::new()))
    }
}

/// The offset of the first character at or after `at` that is not a space
/// or tab.
fn skip_inline_space(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or("");
    at + (rest.len() - rest.trim_start_matches([' ', '\t']).len())
}

/// The end of the JSON value starting at `start`: a string, an object or
/// array with what it nests, or a scalar.
fn json_value_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut at = start;
    while let Some(&b) = bytes.get(at) {
        at += 1;
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => {
                    in_string = false;
                    if depth == 0 {
                        return Some(at);
                    }
                }
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth == 0 => return Some(at - 1),
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            b',' | b'\n' | b' ' | b'\r' | b'\t' if depth == 0 => return Some(at - 1),
            _ => {}
        }
    }
    (depth == 0 && !in_string).then_some(text.len())
}

/// Whether an object's text already has `key` as a key (then adding it
/// would write it twice).
fn mentions_key(syntax: Syntax, body: &str, key: &str) -> bool {
    match syntax {
        Syntax::Json => body.contains(&format!("\"{key}\"")),
        Syntax::Yaml => body.contains(&format!("{key}:")),
        Syntax::Hcl => body.lines().any(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(['=', '{']))
        }),
    }
}

/// Inserts `entry` as the first entry of the flow object opening at
/// `open`, separated from the next by `separator`.
fn flow_insert(text: &str, open: usize, entry: &str, separator: &str) -> Option<Change> {
    let first = skip_space(text, open + 1);
    let gap = text.get(open + 1..first)?;
    if byte(text, first) == Some(b'}') {
        let gap = if gap.is_empty() { "" } else { " " };
        return Some((Span::new(open + 1, first), format!("{gap}{entry}{gap}")));
    }
    Some((Span::new(first, first), format!("{entry}{separator}{gap}")))
}

/// Takes out the entry `[start, end)` of a comma-separated object with the
/// comma that joins it to a neighbour; whole lines when it has its own.
fn separated_remove(text: &str, start: usize, end: usize, comma: u8) -> Option<Change> {
    let after = skip_space(text, end);
    if byte(text, after) == Some(comma) {
        let next = skip_space(text, after + 1);
        if first_on_line(text, start) && first_on_line(text, next) {
            return Some((
                Span::new(line_start(text, start), line_start(text, next)),
                String::new(),
            ));
        }
        return Some((Span::new(start, next), String::new()));
    }
    let before = skip_space_back(text, start);
    if before > 0 && byte(text, before - 1) == Some(comma) {
        return Some((Span::new(before - 1, end), String::new()));
    }
    // the only entry: the object is left empty
    if before > 0 && byte(text, before - 1) == Some(b'{') && byte(text, after) == Some(b'}') {
        return Some((Span::new(before, after), String::new()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text with `change` made, the value being the first `value`.
    fn edit(syntax: Syntax, text: &str, value: &str, change: ChangeKind) -> Option<String> {
        let start = text.find(value)?;
        let span = Span::new(start, start + value.len());
        let (span, replacement) = match change {
            ChangeKind::Replace(to) => syntax.replace(text, span, &to)?,
            ChangeKind::Insert(key, to) => syntax.insert(text, span, key, &to)?,
            ChangeKind::Remove => syntax.remove(text, span)?,
        };
        let mut out = text.to_string();
        out.replace_range(span.range(), &replacement);
        Some(out)
    }

    enum ChangeKind {
        Replace(Scalar),
        Insert(&'static str, Scalar),
        Remove,
    }
    use ChangeKind::*;

    #[test]
    fn yaml_removes_whole_entries() {
        let text = "A:\n  B: 1\n  Fwd:\n    X: y\n  C: 2\n";
        assert_eq!(
            edit(Syntax::Yaml, text, "X: y\n", Remove).unwrap(),
            "A:\n  B: 1\n  C: 2\n"
        );
        let item = "L:\n  - Id: a\n    Port: 1\n";
        assert_eq!(
            edit(Syntax::Yaml, item, "a", Remove).unwrap(),
            "L:\n  - Port: 1\n"
        );
        // the only key of a list item is not removed: the item would be null
        assert_eq!(edit(Syntax::Yaml, "L:\n  - Id: a\n", "a", Remove), None);
        let flow = "O: { A: 1, B: 2, C: 3 }\n";
        assert_eq!(
            edit(Syntax::Yaml, flow, "2", Remove).unwrap(),
            "O: { A: 1, C: 3 }\n"
        );
        assert_eq!(
            edit(Syntax::Yaml, flow, "3", Remove).unwrap(),
            "O: { A: 1, B: 2 }\n"
        );
        let crlf = "A:\r\n  B: 1\r\n  C: 2\r\n";
        assert_eq!(
            edit(Syntax::Yaml, crlf, "1", Remove).unwrap(),
            "A:\r\n  C: 2\r\n"
        );
    }

    #[test]
    fn yaml_inserts_beside_the_first_key_in_its_style() {
        let text = "F:\n  - Name: f\n    Code: x\n";
        assert_eq!(
            edit(
                Syntax::Yaml,
                text,
                "Name",
                Insert("AutoPublish", Scalar::Bool(true))
            )
            .unwrap(),
            "F:\n  - AutoPublish: true\n    Name: f\n    Code: x\n"
        );
        let crlf = "P:\r\n  Name: f\r\n";
        assert_eq!(
            edit(Syntax::Yaml, crlf, "Name", Insert("K", Scalar::Int(1))).unwrap(),
            "P:\r\n  K: 1\r\n  Name: f\r\n"
        );
        let flow = "C: { A: 1 }\n";
        assert_eq!(
            edit(
                Syntax::Yaml,
                flow,
                "{ A: 1 }",
                Insert("K", Scalar::str("v"))
            )
            .unwrap(),
            "C: { K: v, A: 1 }\n"
        );
        // a key already written is not written twice
        assert_eq!(
            edit(
                Syntax::Yaml,
                "P:\n  K: 1\n",
                "K: 1",
                Insert("K", Scalar::Int(2))
            ),
            None
        );
    }

    #[test]
    fn json_removes_members_with_their_comma() {
        let text = "{\n  \"A\": 1,\n  \"B\": {\"x\": 1},\n  \"C\": 3\n}\n";
        assert_eq!(
            edit(Syntax::Json, text, "{\"x\": 1}", Remove).unwrap(),
            "{\n  \"A\": 1,\n  \"C\": 3\n}\n"
        );
        assert_eq!(
            edit(Syntax::Json, text, "3", Remove).unwrap(),
            "{\n  \"A\": 1,\n  \"B\": {\"x\": 1}\n}\n"
        );
        assert_eq!(edit(Syntax::Json, "{\"A\": 1}", "1", Remove).unwrap(), "{}");
        assert_eq!(
            edit(Syntax::Json, "{\"A\": 1, \"B\": 2}", "1", Remove).unwrap(),
            "{\"B\": 2}"
        );
    }

    #[test]
    fn an_entry_known_by_its_key_is_removed_with_its_value() {
        let yaml = "B:\n  Fwd:\n    Q: true\n    H:\n    - a\n\n  C: 1\n";
        assert_eq!(
            edit(Syntax::Yaml, yaml, "Fwd", Remove).unwrap(),
            "B:\n\n  C: 1\n"
        );
        let json = "{\"A\": 1, \"Fwd\": {\"Q\": [1, \"}\"]}, \"C\": 2}";
        assert_eq!(
            edit(Syntax::Json, json, "\"Fwd\"", Remove).unwrap(),
            "{\"A\": 1, \"C\": 2}"
        );
    }

    #[test]
    fn json_inserts_and_replaces_in_its_style() {
        let text = "{\n    \"Name\": \"f\"\n}";
        assert_eq!(
            edit(
                Syntax::Json,
                text,
                "{",
                Insert("AutoPublish", Scalar::Bool(true))
            )
            .unwrap(),
            "{\n    \"AutoPublish\": true,\n    \"Name\": \"f\"\n}"
        );
        assert_eq!(
            edit(Syntax::Json, "{}", "{", Insert("K", Scalar::Int(1))).unwrap(),
            "{\"K\": 1}"
        );
        assert_eq!(
            edit(
                Syntax::Json,
                "{\"T\": \"60\"}",
                "\"60\"",
                Replace(Scalar::Int(30))
            )
            .unwrap(),
            "{\"T\": \"30\"}"
        );
    }

    #[test]
    fn hcl_removes_lines_and_inserts_arguments() {
        let text = "resource \"a\" \"b\" {\n  publish = false\n  name    = \"f\"\n}\n";
        assert_eq!(
            edit(Syntax::Hcl, text, "false", Remove).unwrap(),
            "resource \"a\" \"b\" {\n  name    = \"f\"\n}\n"
        );
        let block = "b {\n  fv {\n    x = 1\n  }\n  y = 2\n}\n";
        assert_eq!(
            edit(Syntax::Hcl, block, "fv {\n    x = 1\n  }", Remove).unwrap(),
            "b {\n  y = 2\n}\n"
        );
        assert_eq!(
            edit(Syntax::Hcl, text, "{", Insert("timeout", Scalar::Int(5))).unwrap(),
            "resource \"a\" \"b\" {\n  timeout = 5\n  publish = false\n  name    = \"f\"\n}\n"
        );
        assert_eq!(
            edit(Syntax::Hcl, "x {}\n", "{}", Insert("k", Scalar::str("v"))).unwrap(),
            "x {\n  k = \"v\"\n}\n"
        );
        assert_eq!(
            edit(Syntax::Hcl, text, "false", Replace(Scalar::Bool(true))).unwrap(),
            "resource \"a\" \"b\" {\n  publish = true\n  name    = \"f\"\n}\n"
        );
    }
}
