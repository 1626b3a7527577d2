//! What a scalar's text means: the YAML 1.2 core schema for plain scalars,
//! and the core tags (`!!int`, `!!bool`…) that set a type.

use std::borrow::Cow;
use std::sync::Arc;

use crate::document::{DocError, DocErrorKind, NodeValue, digit_run};
use crate::source::Span;

/// Types a plain scalar the YAML 1.2 core-schema way.
pub(super) fn resolve_plain(text: Cow<'_, str>) -> NodeValue {
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
    NodeValue::Str(Arc::from(text))
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
    let whole = digit_run(bytes, &mut at);
    let mut fraction = 0;
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        fraction = digit_run(bytes, &mut at);
    }
    if whole == 0 && fraction == 0 {
        return None;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'-' | b'+')) {
            at += 1;
        }
        if digit_run(bytes, &mut at) == 0 {
            return None;
        }
    }
    if at != bytes.len() {
        return None;
    }
    text.parse::<f64>().ok().map(NodeValue::Float)
}

/// The value of a scalar with a core-schema tag (`!!int 80`).
pub(super) fn core_value(
    suffix: &str,
    text: Cow<'_, str>,
    span: Span,
) -> Result<NodeValue, DocError> {
    let resolved = match suffix {
        "str" => return Ok(NodeValue::Str(Arc::from(text))),
        "null" | "bool" | "int" | "float" => resolve_plain(text),
        // `!!binary`, `!!timestamp`… are kept as their text.
        _ => return Ok(NodeValue::Str(Arc::from(text))),
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
