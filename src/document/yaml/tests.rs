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
    let mut next = crate::document::random_below(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let len = next(40);
        let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
        match parse(&text, &Limits::default()) {
            Ok(node) => crate::document::assert_spans_slice(&text, &node),
            Err(e) => assert!(text.get(e.span.range()).is_some(), "{text:?} {e:?}"),
        }
    }
}

/// Where the subset reader reads `text`, the general reader builds the same
/// tree; returns whether the subset reader read it.
fn same_tree(text: &str) -> bool {
    crate::document::readers_agree(text, subset::load, events::load)
}

#[test]
fn the_subset_reader_reads_templates_as_the_general_one_does() {
    let text = "\
AWSTemplateFormatVersion: \"2010-09-09\"
Description: 'a ''quoted'' one' # comment
Conditions:
  HasCert: !Not [!Equals [!Ref CertificateArn, \"\"]]
Resources:
  # a comment line
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Code:
        ZipFile: |
          exports.handler = async (event) => {
            return event; # not a comment
          };

      Tags:
      - Key: a
        Value: -1
      Empty:
      Sub: !Sub |-
        line ${A}
      Folded: >
        one
        two

        three
      Flow: {Ref: X, 'q': [a, \"b\\n\", !GetAtt A.B]}
      Nested:
        - - x
          - y
        -
        - !If
          - C
          - a: 1
            b: [1.5, 0x1F, ~, true]
          - !Ref AWS::NoValue
      Url: http://example.com/a#b
      Arn: arn:aws:s3:::bucket/*
Outputs: {}
";
    assert!(same_tree(text));
    for text in [
        "a: 1\n",
        "a:\n",
        "a:\nb:\n",
        "a:\n  b:\nc: 1\n",
        "- \n- x\n-\n",
        "a:\n- x\n- y\nb: 1",
        "a: !Ref\nb: !Ref\n  x\n",
        "a: !Transform\n  Name: x\n",
        "a: !If\n- x\n",
        "a: |\n  x\n\n\nb: 1\n",
        "a: >-\n  x\n  y\n\n  z\n",
        "- |\n  x\n",
        "a: {\"k\":\"v\"}\n",
        "a: ['x', \"y\", [z]]\n",
        "é: ü\nb: [ça, \"ñ\"]\nc: 日本語 # comment\n",
    ] {
        assert!(same_tree(text), "{text:?}");
    }
    // `-` is an ordinary character inside a plain scalar ...
    for text in [
        "a: [x-]\n",
        "a: [x -y]\n",
        "a: [x - y]\n",
        "a: x -]\n",
        "a: [-x -y-]\n",
    ] {
        assert!(same_tree(text), "{text:?}");
    }
    // ... but left to saphyr: shapes it places its own way (and reads), and
    // in a flow collection a `-` after a space and before a flow indicator,
    // which it refuses (and explains)
    for (text, saphyr_reads) in [
        ("a: |\n  x\n  ", true),
        ("a: |\n  x\n\n  ", true),
        ("a:\n- # c", true),
        ("a:\n- # c\n- x\n", true),
        ("a: [x -]\n", false),
        ("a: [x -, y]\n", false),
        ("a: {k: x -}\n", false),
        ("a: [x  -]\n", false),
        ("- [ $ ',  $  ,-/-- www--- -]\n", false),
    ] {
        assert!(!same_tree(text), "{text:?}");
        let read = events::load(text, &Limits::default()).is_ok();
        assert_eq!(read, saphyr_reads, "{text:?}");
    }
}

/// A character with rules of its own anywhere in a file, whatever its
/// place in the blocks the subset reader checks at a time, leaves the file
/// to the general reader; plain non-ASCII text does not.
#[test]
fn unusual_characters_anywhere_leave_the_file_to_saphyr() {
    let line = |i: usize| format!("K{i:02}: value # comment\n");
    let text: String = (0..12).map(line).collect();
    let width = line(0).len();
    assert!(same_tree(&text));
    for unusual in [
        "\t", "\r", "\u{7f}", "\u{1}", "\u{85}", "\u{2028}", "\u{feff}",
    ] {
        for at in 0..=text.len() {
            let mut odd = text.clone();
            odd.insert_str(at, unusual);
            assert!(
                subset::load(&odd, &Limits::default()).is_none(),
                "{unusual:?} at {at}"
            );
        }
    }
    // in each line's comment: offsets on both sides of the blocks' edges
    for i in 0..12 {
        let mut fine = text.clone();
        fine.insert(i * width + 14, 'é');
        assert!(same_tree(&fine), "é in line {i}");
    }
}

/// Every YAML file of the repository's test data, and of the shared corpus
/// of real templates when it lies beside the repository.
#[test]
fn the_subset_reader_reads_real_files_as_the_general_one_does() {
    let texts = crate::document::sample_files(&["yaml", "yml", "template"]);
    let read = texts.iter().filter(|text| same_tree(text)).count();
    assert!(
        texts.len() >= 30 && read * 2 > texts.len(),
        "{read} of {}",
        texts.len()
    );
}

/// Random documents made of template-like lines, valid or not: where the
/// subset reader reads one, the trees agree. Enough of them are read for
/// the comparison to mean something.
#[test]
fn the_subset_reader_agrees_on_random_template_lines() {
    const KEYS: &[&str] = &[
        "a", "B1", "'q'", "\"k\"", "a b", "x-y", "80", "<<", "a ", "b  ",
    ];
    // Values templates hold, then odd and wrong ones.
    const VALUES: &[&str] = &[
        "",
        " x",
        " 1",
        " -1",
        " true",
        " ~",
        " 'it''s'",
        " \"e\\\"s\\n\\u00e9\"",
        " [a, b]",
        " [!Ref X, 'y', {k: v}]",
        " {Ref: X}",
        " {}",
        " []",
        " !Ref X",
        " !Sub |",
        " |",
        " |-",
        " >",
        " >-",
        " !GetAtt A.B",
        " x # c",
        " x#y",
        " arn:aws:s3:::b",
        " http://x",
        " é",
        " 1.5",
        " .inf",
        " [a, [b, [c]]]",
        " {a: [b], c: {d: e}}",
        " !If [C, !Ref A, B]",
        " !Ref",
        " \"\"",
        " ''",
        " !Transform",
        " !If",
        " -",
        " --x",
        " 'a' # c",
        " !Rain::Module x",
        " !Fn.x-y_z [a]",
        " [",
        " {",
        " [a, # c",
        " [\"x\",",
        " ]",
        " }",
        " {a: [b,",
        " b]}",
        " a, b]",
        " [a,\n  b]",
        " {a: 1,\n b: 2}",
        " [\n]",
        " >\n   x\n     y\n   z",
    ];
    const ODD: &[&str] = &[
        " a: b",
        " - a",
        " [a,]",
        " [a: b]",
        " 'x' y",
        " &a x",
        " *a",
        " !!str 1",
        " ? x",
        " {a: 1, a: 2}",
        " \"x\"#c",
        " [a b, c:d]",
        " !Ref\tx",
        " |2",
        " |+",
        " \\",
        " {\"a\":b}",
        " 'open",
        " :x",
        " -x",
        " [a, {b: c}]x",
        " !",
        " !<x> y",
        " %x",
        " \"\\q\"",
        " {a: }",
        " [a, , b]",
        " \"\\ud800\"",
        " \"\\x4\"",
        " @x",
    ];
    const LINES: &[&str] = &[
        "--- # c",
        "--- x",
        "]",
        "}",
        "a, b]",
        "  # c",
        "x: y}",
        "- - x",
        "-",
        "# comment",
        "",
        "text line",
        "  ",
        "---",
        "...",
        "echo ${X}",
        "#!/bin/sh",
    ];
    let mut next = crate::document::random_below(0x2545_f491_4f6c_dd1d);
    let mut read = 0;
    let value = |next: &mut dyn FnMut(usize) -> usize| {
        if next(5) == 0 {
            ODD[next(ODD.len())]
        } else {
            VALUES[next(VALUES.len())]
        }
    };
    for _ in 0..100_000 {
        let mut text = String::new();
        // Mostly the indentation of a line before, or two more.
        let mut levels = vec![0];
        for _ in 0..1 + next(10) {
            let indent = match next(8) {
                _ if text.is_empty() => 0,
                0 => next(9),
                1 | 2 => levels.last().map_or(0, |l| l + 2),
                _ => levels[next(levels.len())],
            };
            levels.retain(|&l| l < indent);
            levels.push(indent);
            text.push_str(&" ".repeat(indent));
            match next(8) {
                0 => text.push_str(LINES[next(LINES.len())]),
                1 | 2 => {
                    text.push('-');
                    text.push_str(value(&mut next));
                }
                3 => {
                    text.push_str("- ");
                    text.push_str(KEYS[next(KEYS.len())]);
                    text.push(':');
                    text.push_str(value(&mut next));
                }
                _ => {
                    text.push_str(KEYS[next(KEYS.len())]);
                    text.push(':');
                    text.push_str(value(&mut next));
                }
            }
            if next(20) != 0 {
                text.push('\n');
            }
        }
        if same_tree(&text) {
            read += 1;
        }
    }
    assert!(read > 5_000, "only {read} documents read");
}

#[test]
fn a_block_scalar_starting_with_a_quote_spans_its_whole_text() {
    let text = "a: |\n  'use strict';\n  x = 1;\nb: 1\n";
    let general = events::load(text, &Limits::default()).unwrap().root;
    let a = general.get("a").unwrap();
    assert_eq!(slice(text, a.span), "'use strict';\n  x = 1;");
    assert!(same_tree(text));
}
