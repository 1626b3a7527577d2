//! JSON loader: strict JSON (no comments, trailing commas, single quotes,
//! bare keys, hex or non-finite numbers) read with jsonc-parser into the
//! spanned [`Node`] tree.
//!
//! Spans are byte ranges; strings and keys include their quotes.

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::errors::{ParseError, ParseErrorKind};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::yaml::{KeySet, check_nul, duplicate_key};
use super::{DocError, DocErrorKind, Entry, Limits, Loaded, Node, NodeValue};
use crate::source::Span;

/// Parses one JSON document; a repeated key is an error.
pub fn parse(text: &str, limits: &Limits) -> Result<Node, DocError> {
    load(text, limits)?.strict()
}

/// Loads one JSON document. A key repeated in an object is reported in
/// [`Loaded::duplicates`] and its last value kept, as CloudFormation reads
/// such a template.
pub fn load(text: &str, limits: &Limits) -> Result<Loaded, DocError> {
    check_nul(text)?;
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
                Node::new(NodeValue::Str(s.value.into_owned()), span)
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
                        key: key.into_owned(),
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

    fn at(text: &str, span: Span) -> (usize, usize) {
        let p = SourceFile::new("t.json", text).position(span.start as usize);
        (p.line, p.column)
    }

    #[test]
    fn builds_the_tree_with_spans() {
        let text = "{\n  \"A\": {\"B\": [1, \"two\", true, null]},\n  \"C\": 1.5\n}\n";
        let doc = load(text);
        assert_eq!(slice(text, doc.span), text.trim_end());
        let a = doc.entry("A").unwrap();
        assert_eq!(slice(text, a.key_span), "\"A\"");
        assert_eq!(at(text, a.key_span), (2, 3));
        assert_eq!(
            slice(text, a.value.span),
            "{\"B\": [1, \"two\", true, null]}"
        );
        let b = doc.get_path(&["A", "B"]).unwrap();
        assert_eq!(slice(text, b.span), "[1, \"two\", true, null]");
        let items: Vec<&NodeValue> = b.items().iter().map(|n| &n.value).collect();
        assert_eq!(
            items,
            [
                &NodeValue::Int(1),
                &NodeValue::Str("two".into()),
                &NodeValue::Bool(true),
                &NodeValue::Null
            ]
        );
        assert_eq!(slice(text, b.items()[1].span), "\"two\"");
        assert_eq!(doc.get("C").unwrap().value, NodeValue::Float(1.5));
        assert_eq!(doc.tag, None);
    }

    #[test]
    fn numbers() {
        let cases: &[(&str, NodeValue)] = &[
            ("0", NodeValue::Int(0)),
            ("-7", NodeValue::Int(-7)),
            ("9223372036854775807", NodeValue::Int(i64::MAX)),
            ("-9223372036854775808", NodeValue::Int(i64::MIN)),
            (
                "9223372036854775808",
                NodeValue::Float(9_223_372_036_854_775_808.0),
            ),
            (
                "123456789012345678901234567890",
                NodeValue::Float(1.234_567_890_123_456_8e29),
            ),
            ("1.0", NodeValue::Float(1.0)),
            ("1e3", NodeValue::Float(1000.0)),
            ("-2.5E-3", NodeValue::Float(-0.0025)),
            ("1e999", NodeValue::Float(f64::INFINITY)),
        ];
        for (number, want) in cases {
            let doc = load(&format!("{{\"n\": {number}}}"));
            assert_eq!(&doc.get("n").unwrap().value, want, "{number}");
        }
    }

    #[test]
    fn the_node_limit_is_checked_before_the_tree_is_built() {
        let limits = Limits {
            max_nodes: 7,
            ..Limits::default()
        };
        // root + 6 values: at the limit
        assert!(parse("[1, 2, [], {}, {\"a\": 3}]", &limits).is_ok());
        let e = parse("[1, 2, [], {}, {\"a\": [3]}]", &limits).unwrap_err();
        assert_eq!(e.message, "more than 7 nodes");
        assert_eq!(e.span.start, 21, "at the bracket that holds the eighth");
        // commas in strings are not elements
        assert!(parse("[\",,,,,,,,,\", 2]", &limits).is_ok());
    }

    #[test]
    fn strings_decode_escapes() {
        let text = r#"{"s": "a\"b\\c\/d\n\u00e9\ud83d\ude00", "k\u0041": 1}"#;
        let doc = load(text);
        assert_eq!(doc.get("s").unwrap().as_str(), Some("a\"b\\c/d\né😀"));
        assert!(doc.get("kA").is_some());
    }

    #[test]
    fn strict_json_only() {
        for text in [
            "{\"a\": 1 // comment\n}",
            "{\"a\": 1 /* comment */}",
            "{\"a\": 1,}",
            "[1, 2,]",
            "{a: 1}",
            "{'a': 1}",
            "[0x10]",
            "[+1]",
            "[.5]",
            "[5.]",
            "[NaN]",
            "[Infinity]",
            "[\"\\x41\"]",
            "[1 2]",
            "{} {}",
            "[1",
            "{\"a\" 1}",
            "[\"tab\tinside\"]",
            "[\"line\nbreak\"]",
        ] {
            let e = error(text);
            assert_eq!(e.kind, DocErrorKind::Syntax, "{text:?}: {e:?}");
        }
    }

    #[test]
    fn syntax_errors_carry_their_range() {
        let text = "{\n  \"a\": 1,\n}";
        let e = error(text);
        assert_eq!(e.kind, DocErrorKind::Syntax);
        assert_eq!(slice(text, e.span), ",");
        assert_eq!(at(text, e.span), (2, 9));
        assert!(!e.message.contains("line"), "{}", e.message);

        let text = "[1, \"a\tb\"]";
        let e = error(text);
        assert_eq!(e.span, Span::new(6, 7));
        assert!(e.message.contains("U+0009"), "{}", e.message);
    }

    #[test]
    fn duplicate_keys_report_both_spans() {
        let text = "{\n  \"A\": 1,\n  \"B\": {\"A\": 2},\n  \"A\": 3\n}";
        let e = error(text);
        assert_eq!(e.kind, DocErrorKind::DuplicateKey);
        assert_eq!(e.message, "duplicate key `A`");
        assert_eq!(at(text, e.span), (4, 3));
        assert_eq!(slice(text, e.span), "\"A\"");
        assert_eq!(at(text, e.related[0].0), (2, 3));
        assert_eq!(e.related[0].1, "first defined here");
        // Escapes are decoded before keys are compared.
        assert_eq!(
            error(r#"{"a": 1, "\u0061": 2}"#).kind,
            DocErrorKind::DuplicateKey
        );

        let mut text = String::from("{");
        for i in 0..1000 {
            text.push_str(&format!("\"k{i}\": {i},"));
        }
        text.push_str("\"k999\": 0}");
        assert_eq!(error(&text).kind, DocErrorKind::DuplicateKey);
    }

    #[test]
    fn repeated_keys_keep_the_last_value() {
        let text = "{\n  \"A\": 1,\n  \"B\": {\"A\": 2, \"A\": 5},\n  \"A\": 3,\n  \"A\": 4\n}";
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
        assert_eq!(at(text, loaded.root.entries()[0].key_span), (5, 3));
        assert_eq!(
            loaded.root.get_path(&["B", "A"]).map(|n| &n.value),
            Some(&NodeValue::Int(5))
        );
        // one report per repeat, each at the repeat, related to the one before
        let places: Vec<((usize, usize), (usize, usize))> = loaded
            .duplicates
            .iter()
            .map(|d| (at(text, d.span), at(text, d.related[0].0)))
            .collect();
        assert_eq!(
            places,
            [((3, 17), (3, 9)), ((4, 3), (2, 3)), ((5, 3), (4, 3))]
        );
        // many keys: the hash index finds the entry to replace
        let mut text = String::from("{");
        for i in 0..1000 {
            text.push_str(&format!("\"k{i}\": {i},"));
        }
        text.push_str("\"k999\": 0, \"k3\": 7}");
        let loaded = super::load(&text, &Limits::default()).unwrap();
        assert_eq!(loaded.root.entries().len(), 1000);
        assert_eq!(
            loaded.root.get("k3").map(|n| &n.value),
            Some(&NodeValue::Int(7))
        );
        assert_eq!(
            loaded.root.get("k999").map(|n| &n.value),
            Some(&NodeValue::Int(0))
        );
        assert_eq!(loaded.duplicates.len(), 2);
    }

    #[test]
    fn empty_text_is_null() {
        for text in ["", "  \n", "\u{feff}"] {
            assert_eq!(load(text), Node::new(NodeValue::Null, Span::default()));
        }
    }

    #[test]
    fn byte_order_mark_is_skipped_and_offsets_kept() {
        let text = "\u{feff}{\"a\": \"é\", \"b\": 2}";
        let doc = load(text);
        assert_eq!(slice(text, doc.entries()[1].key_span), "\"b\"");
        assert_eq!(slice(text, doc.get("a").unwrap().span), "\"é\"");
        let text = "\u{feff}{\"a\": 1,}";
        assert_eq!(slice(text, error(text).span), ",");
    }

    #[test]
    fn non_ascii_spans_and_columns() {
        let text = "{\"é\": \"ü\", \"x\": 1}";
        let doc = load(text);
        let x = doc.entry("x").unwrap();
        assert_eq!(slice(text, x.key_span), "\"x\"");
        assert_eq!(at(text, x.key_span), (1, 12));
        assert_eq!(slice(text, x.value.span), "1");
    }

    #[test]
    fn nul_bytes_are_an_encoding_error() {
        let e = error("{\"a\": 1}\0");
        assert_eq!(e.kind, DocErrorKind::Encoding);
        assert_eq!(e.span, Span::new(8, 9));
        assert_eq!(error("[\"a\0\"]").kind, DocErrorKind::Encoding);
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
    fn very_deep_arrays_hit_the_limit_quickly() {
        let text = "[".repeat(200_000) + &"]".repeat(200_000);
        let started = std::time::Instant::now();
        let e = error(&text);
        assert_eq!(e.kind, DocErrorKind::Limit);
        assert_eq!(e.message, "nesting deeper than 200 levels");
        assert_eq!(e.span, Span::new(200, 201));
        assert!(started.elapsed().as_secs() < 2);
        let text = "{\"a\":".repeat(200_000);
        assert_eq!(error(&text).kind, DocErrorKind::Limit);
    }

    #[test]
    fn depth_limit_is_exact_and_ignores_brackets_in_strings() {
        let text = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(load(&text).is_seq());
        let text = format!("{}{}", "[".repeat(201), "]".repeat(201));
        assert_eq!(error(&text).kind, DocErrorKind::Limit);
        let text = format!("[\"{}\\\"{}\"]", "[".repeat(500), "{".repeat(500));
        assert!(load(&text).is_seq());
        // A comment full of brackets is reported as a comment.
        let text = format!("[1] // {}", "[".repeat(500));
        assert_eq!(error(&text).kind, DocErrorKind::Syntax);
    }

    #[test]
    fn parser_nesting_cap_is_a_limit_error() {
        // With a configured depth above jsonc-parser's own cap, its error is
        // still reported as a limit.
        let text = "[".repeat(600) + &"]".repeat(600);
        let e = parse(&text, &limits(10_000, 100_000, 100)).unwrap_err();
        assert_eq!(e.kind, DocErrorKind::Limit);
    }

    #[test]
    fn node_and_string_limits() {
        let text = r#"{"a": [1, 2, 3], "b": [4, 5, 6]}"#;
        assert!(parse(text, &limits(10, 9, 100)).is_ok());
        let e = parse(text, &limits(10, 8, 100)).unwrap_err();
        assert_eq!(e.kind, DocErrorKind::Limit);
        assert_eq!(e.message, "more than 8 nodes");

        let text = r#"{"a": "abcdef", "b": "abcdefg"}"#;
        let e = parse(text, &limits(10, 100, 6)).unwrap_err();
        assert_eq!(e.kind, DocErrorKind::Limit);
        assert_eq!(slice(text, e.span), "\"abcdefg\"");
        let e = parse(r#"{"abcdefg": 1}"#, &limits(10, 100, 6)).unwrap_err();
        assert_eq!(e.kind, DocErrorKind::Limit);
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        for text in [
            "[",
            "{",
            "\"",
            "\"\\",
            "\"\\u",
            "\"\\ud800\"",
            "[\"\\udc00\"]",
            "/*",
            "/",
            "-",
            "1e",
            "{\"a\":}",
            "]]]]",
            "}{",
            "\u{feff}\u{feff}{}",
            "[\"é\", \"\u{301}\"]",
            "\r\n[\r\n]\r\n",
        ] {
            let _ = parse(text, &Limits::default());
        }
    }

    /// Random strings over the syntax characters: nothing may panic, and
    /// every span slices the text.
    #[test]
    fn random_input_does_not_panic() {
        let alphabet: Vec<char> = "{}[]:,\"\\/*tfnul0123456789.eE+- \n\txé日"
            .chars()
            .collect();
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
