//! Partly-known values: what can be decided about a value of which only
//! some of it is known before deploy.
//!
//! Between Known and Unknown lies most real infrastructure. The model keeps
//! what is known of a value, and every comparison a rule makes asks the
//! question for every value the unknown part could take:
//!
//! - **text with holes.** `!Sub "www.${Domain}"`, `Fn::Join`, HCL templates
//!   and `format()` keep their literal pieces ([`Part::Text`]); each
//!   reference or input is a hole that may stand for any text. A value with
//!   holes equals a literal only if the literal fits the pattern; a literal
//!   that cannot fit (`"api"` against `"www.${Domain}"`) is different from
//!   the value whatever the holes hold.
//! - **identity.** Two values built the same way from the same references
//!   or inputs (`aws_lb.web.id` written twice, `!GetAtt Alb.DNSName` in two
//!   places, `!Ref OriginId` of a parameter without default as an origin's
//!   id and as a behavior's target, `var.origin_id` of one module instance)
//!   are the same value, whatever it turns out to be. Opaque pieces
//!   (`Fn::ImportValue`, an expression not evaluated) have no identity.
//! - **lists of known length.** `[aws_security_group.x.id]` is a list of one
//!   whose element is unknown: it is not empty, its length is known. A list
//!   whose length is not known but that cannot be empty (a CloudFormation
//!   `List<AWS::EC2::Subnet::Id>` parameter without default) is
//!   [`Slot::NonEmpty`](super::Slot::NonEmpty).
//!
//! The answer is three-valued: `Some(true)` holds for every completion,
//! `Some(false)` fails for every completion, `None` depends on what the
//! unknown part turns out to be. A rule's comparison fails only on
//! `Some(false)`, passes on `Some(true)`, and skips on `None`.

use super::{Part, Scalar, State, Value};

/// Equality with the coercions CloudFormation and Terraform apply: `"80"`
/// equals `80`, `"true"` equals `true`.
pub fn scalar_eq(a: &Scalar, b: &Scalar) -> bool {
    match (a, b) {
        (Scalar::Str(x), Scalar::Str(y)) => x == y,
        (Scalar::Bool(_), _) | (_, Scalar::Bool(_)) => {
            a.as_bool().is_some() && a.as_bool() == b.as_bool()
        }
        _ => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

/// Whether two values are equal for every completion of their unknown
/// parts (`Some(true)`), for none (`Some(false)`), or it depends (`None`).
pub fn equal(a: &Value, b: &Value) -> Option<bool> {
    match (a.scalar(), b.scalar()) {
        (Some(x), Some(y)) => Some(scalar_eq(x, y)),
        (Some(Scalar::Str(text)), None) => literal_against(text, b),
        (None, Some(Scalar::Str(text))) => literal_against(text, a),
        (Some(_), None) | (None, Some(_)) => None,
        (None, None) => patterns(a, b),
    }
}

/// A literal against a value with holes: different when it cannot fit.
fn literal_against(text: &str, value: &Value) -> Option<bool> {
    if !matches!(value.state, State::Unknown(_)) || value.parts.is_empty() {
        return None;
    }
    (!fits(&value.parts, text)).then_some(false)
}

/// Two values with holes: the same when built the same way from the same
/// references; different when their literal beginnings or endings differ.
fn patterns(a: &Value, b: &Value) -> Option<bool> {
    if a.parts.is_empty() || b.parts.is_empty() {
        return None;
    }
    let identified = |v: &Value| {
        v.parts.iter().all(|p| !matches!(p, Part::Opaque))
            && v.parts
                .iter()
                .any(|p| matches!(p, Part::Ref(_) | Part::Input(_)))
    };
    if identified(a) && a.parts == b.parts {
        return Some(true);
    }
    let head = |v: &Value| match v.parts.first() {
        Some(Part::Text(t)) => t.to_string(),
        _ => String::new(),
    };
    let tail = |v: &Value| match v.parts.last() {
        Some(Part::Text(t)) => t.to_string(),
        _ => String::new(),
    };
    let (ha, hb) = (head(a), head(b));
    let (ta, tb) = (tail(a), tail(b));
    let heads_clash = !(ha.starts_with(&hb) || hb.starts_with(&ha));
    let tails_clash = !(ta.ends_with(&tb) || tb.ends_with(&ta));
    (heads_clash || tails_clash).then_some(false)
}

/// Whether `text` is one of the strings `parts` can spell, each hole (a
/// reference or an opaque piece) standing for any text, empty included.
pub fn fits(parts: &[Part], text: &str) -> bool {
    #[derive(PartialEq)]
    enum Tok {
        Char(char),
        Hole,
    }
    let pattern: Vec<Tok> = parts
        .iter()
        .flat_map(|p| match p {
            Part::Text(t) => t.chars().map(Tok::Char).collect::<Vec<_>>(),
            Part::Ref(_) | Part::Input(_) | Part::Opaque => vec![Tok::Hole],
        })
        .collect();
    let text: Vec<char> = text.chars().collect();
    // glob matching with holes as `*`: one backtrack point to the last hole
    // suffices, so this is at most quadratic and never exponential
    let (mut p, mut i) = (0, 0);
    let mut resume: Option<(usize, usize)> = None;
    while i < text.len() {
        match pattern.get(p) {
            Some(Tok::Char(c)) if Some(c) == text.get(i) => {
                p += 1;
                i += 1;
            }
            Some(Tok::Hole) => {
                resume = Some((p, i));
                p += 1;
            }
            _ => match resume {
                Some((hole, start)) => {
                    p = hole + 1;
                    i = start + 1;
                    resume = Some((hole, start + 1));
                }
                None => return false,
            },
        }
    }
    pattern
        .get(p..)
        .unwrap_or(&[])
        .iter()
        .all(|t| *t == Tok::Hole)
}

/// Whether every completion of `value` contains `needle`: some literal
/// piece does. `None` when a completion might not.
pub fn surely_contains(value: &Value, needle: &str) -> Option<bool> {
    if let Some(s) = value.as_str() {
        return Some(s.contains(needle));
    }
    value
        .parts
        .iter()
        .any(|p| matches!(p, Part::Text(t) if t.contains(needle)))
        .then_some(true)
}

/// The text of a value with unknown pieces replaced by a placeholder label,
/// so name patterns with a literal suffix still classify.
pub fn shape(value: &Value) -> Option<String> {
    if let Some(s) = value.as_str() {
        return Some(s.to_string());
    }
    if value.parts.is_empty() {
        return None;
    }
    let mut out = String::new();
    for part in &value.parts {
        match part {
            Part::Text(t) => out.push_str(t),
            Part::Ref(_) | Part::Input(_) | Part::Opaque => out.push_str("unknown0"),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::model::{Attribute, Reference, UnknownReason};
    use crate::source::Loc;

    fn text(s: &str) -> Part {
        Part::Text(Arc::from(s))
    }

    fn hole(name: &str) -> Part {
        Part::Ref(Reference {
            resource: Arc::from(name),
            attribute: Attribute::Id,
        })
    }

    fn shaped(parts: Vec<Part>) -> Value {
        Value::unknown(UnknownReason::Computed, Loc::default()).with_parts(parts)
    }

    fn lit(s: &str) -> Value {
        Value::known(Scalar::str(s), Loc::default())
    }

    #[test]
    fn a_literal_that_cannot_fit_the_pattern_is_different() {
        let www = shaped(vec![text("www."), hole("Domain")]);
        assert_eq!(equal(&www, &lit("api")), Some(false));
        assert_eq!(equal(&lit("www.example.com"), &www), None);
        assert_eq!(equal(&lit("www."), &www), None, "a hole may be empty");
        let site = shaped(vec![hole("B"), text(".s3-website-"), hole("R")]);
        assert!(fits(&site.parts, "x.s3-website-eu-west-1"));
        assert!(!fits(&site.parts, "x.s3.amazonaws.com"));
    }

    #[test]
    fn the_same_input_is_the_same_value() {
        let input = |name: &str| Part::Input(Arc::from(name));
        let id = shaped(vec![input("OriginId")]);
        assert_eq!(equal(&id, &id.clone()), Some(true));
        assert_eq!(equal(&id, &shaped(vec![input("OtherId")])), None);
        let suffixed = shaped(vec![input("OriginId"), text("-static")]);
        assert_eq!(equal(&suffixed, &suffixed.clone()), Some(true));
        assert_eq!(equal(&suffixed, &id), None, "the input may end in -static");
        assert_eq!(equal(&suffixed, &lit("api")), Some(false));
        // another module instance's variable of the same name
        let other = shaped(vec![input("module.b.var.origin_id")]);
        assert_eq!(
            equal(&shaped(vec![input("module.a.var.origin_id")]), &other),
            None
        );
    }

    #[test]
    fn the_same_references_are_the_same_value() {
        let a = shaped(vec![hole("aws_lb.x")]);
        assert_eq!(equal(&a, &a.clone()), Some(true));
        assert_eq!(equal(&a, &shaped(vec![hole("aws_lb.y")])), None);
        let opaque = shaped(vec![Part::Opaque]);
        assert_eq!(
            equal(&opaque, &opaque.clone()),
            None,
            "opaque has no identity"
        );
        let web = shaped(vec![text("web-"), hole("X")]);
        let api = shaped(vec![text("api-"), hole("X")]);
        assert_eq!(equal(&web, &api), Some(false));
        let unshaped = Value::unknown(UnknownReason::Computed, Loc::default());
        assert_eq!(equal(&unshaped, &lit("web")), None);
    }

    #[test]
    fn a_literal_piece_is_in_every_completion() {
        let port = shaped(vec![hole("H"), text(":8080")]);
        assert_eq!(surely_contains(&port, ":"), Some(true));
        assert_eq!(surely_contains(&shaped(vec![hole("H")]), ":"), None);
    }
}
