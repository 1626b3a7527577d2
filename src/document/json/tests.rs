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

/// Where the direct reader reads `text`, jsonc-parser's reader builds the
/// same tree; returns whether the direct reader read it.
fn same_tree(text: &str) -> bool {
    crate::document::readers_agree(text, direct::load, jsonc::load)
}

#[test]
fn the_direct_reader_reads_json_as_jsonc_parser_does() {
    for text in [
        "{\"a\": 1}",
        " [1, -2, 3.5, 1e3, -0.5E-2, 0, 12345678901234567890, true, false, null] ",
        "{\"s\": \"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u4e2d\", \"é\": \"ü\"}",
        "\n{\r\n\t\"a\" : [ ] , \"b\":{}}\n",
        "\"just a string\"",
        "{\"a\": {\"b\": [{\"c\": [[]]}]}}",
    ] {
        assert!(same_tree(text), "{text:?}");
    }
    // Not strict JSON, or not for this reader: jsonc-parser explains.
    for text in [
        "",
        "  ",
        "{\"a\": 1,}",
        "[1 2]",
        "{'a': 1}",
        "{a: 1}",
        "[01]",
        "[1.]",
        "[.5]",
        "[+1]",
        "[-]",
        "[1e]",
        "[NaN]",
        "[\"\\ud800\"]",
        "[\"\\x41\"]",
        "[\"a\tb\"]",
        "{\"a\": 1, \"a\": 2}",
        "\u{feff}{}",
        "[1] x",
        "// c\n[1]",
        "[tru]",
    ] {
        assert!(!same_tree(text), "{text:?}");
    }
}

/// Every JSON file of the repository's test data, and of the shared corpus
/// of real templates, plans and exports when it lies beside the repository.
#[test]
fn the_direct_reader_reads_real_files_as_jsonc_parser_does() {
    let texts = crate::document::sample_files(&["json"]);
    let read = texts.iter().filter(|text| same_tree(text)).count();
    assert!(
        texts.len() >= 20 && read * 2 > texts.len(),
        "{read} of {}",
        texts.len()
    );
}

/// Random JSON-like text, well-formed or not: where the direct reader
/// reads it, the trees agree, and enough of it is read for that to mean
/// something.
#[test]
fn the_direct_reader_agrees_on_random_json() {
    const PARTS: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"a\"",
        "\"b\"",
        "1",
        "-0.5e+3",
        "true",
        "null",
        " ",
        "\n",
        "\"\\u00e9\\n\"",
        "01",
        "\"x",
        "'y'",
        "\t",
        "1.",
        "{\"k\": ",
        "[1, 2]",
        "\"\\q\"",
    ];
    let mut next = crate::document::random_below(0x853c_49e6_748f_ea9b);
    let mut read = 0;
    for _ in 0..100_000 {
        let text: String = (0..1 + next(12))
            .map(|_| PARTS[next(PARTS.len())])
            .collect();
        if same_tree(&text) {
            read += 1;
        }
    }
    assert!(read > 2_000, "only {read} read");
}
