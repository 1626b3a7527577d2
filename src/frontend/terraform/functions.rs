//! The Terraform functions edgelint evaluates. Every other function, and
//! any call whose arguments are not all known, gives an Unknown value.
//!
//! A call's cost counts against the unit's budget by what it does, not as
//! one step: comparisons as steps, and every value it builds in bytes —
//! checked before building when the result can be far larger than the
//! arguments (`replace`, `split`, `jsondecode`).

use std::collections::HashMap;
use std::sync::Arc;

use super::value::{MAX_COLLECTION, Names, V, Val, elements};
use crate::model::{Part, UnknownReason};
use crate::source::Loc;

/// Applies the function `name` to its evaluated arguments.
pub fn call(names: &dyn Names, name: &str, values: Vec<V>, loc: Loc) -> V {
    // Functions that accept unknown arguments in places.
    match name {
        "format" => {
            if let Some(v) = format_with_unknowns(&values, loc) {
                return v;
            }
        }
        "coalesce" => {
            for v in &values {
                match &v.val {
                    Val::Unknown(..) => return V::unknown(reason(v), loc),
                    Val::Null => {}
                    Val::Str(s) if s.is_empty() => {}
                    _ => return v.clone(),
                }
            }
            return V::unsupported(loc);
        }
        "length" => {
            return match values.first().map(|v| &v.val) {
                Some(Val::List(items)) => num(items.len() as f64, loc),
                Some(Val::Map(entries)) => num(entries.len() as f64, loc),
                Some(Val::Str(s)) => num(s.chars().count() as f64, loc),
                Some(Val::Unknown(r, _)) => V::unknown(r.clone(), loc),
                _ => V::unsupported(loc),
            };
        }
        "tolist" | "toset" | "tomap" | "sensitive" | "nonsensitive" => {
            return match values.into_iter().next() {
                Some(mut v) => {
                    if name == "toset"
                        && let Val::List(items) = &mut v.val
                        && !dedupe(names, items, loc)
                    {
                        return V::unsupported(loc);
                    }
                    v.loc = loc;
                    v
                }
                None => V::unsupported(loc),
            };
        }
        "concat" => {
            let mut out = Vec::new();
            for v in values {
                match v.val {
                    Val::List(items) => out.extend(items),
                    Val::Unknown(r, _) => return V::unknown(r, loc),
                    _ => return V::unsupported(loc),
                }
            }
            return V::new(Val::List(out), loc);
        }
        "merge" => {
            let mut all: Vec<(String, V)> = Vec::new();
            for v in values {
                match v.val {
                    Val::Map(entries) => all.extend(entries),
                    Val::Null => {}
                    Val::Unknown(r, _) => return V::unknown(r, loc),
                    _ => return V::unsupported(loc),
                }
            }
            // a later key replaces an earlier one and takes its place
            let last: HashMap<&str, usize> = all
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (k.as_str(), i))
                .collect();
            let keep: Vec<bool> = all
                .iter()
                .enumerate()
                .map(|(i, (k, _))| last.get(k.as_str()) == Some(&i))
                .collect();
            let out = all
                .into_iter()
                .zip(keep)
                .filter_map(|(entry, keep)| keep.then_some(entry))
                .collect();
            return V::new(Val::Map(out), loc);
        }
        "lookup" => {
            let (Some(map), Some(key)) = (values.first(), values.get(1)) else {
                return V::unsupported(loc);
            };
            if let Some(r) = [map, key].iter().find(|v| v.is_unknown()) {
                return V::unknown(reason(r), loc);
            }
            return match key.to_text().and_then(|k| map.get(&k)) {
                Some(v) => v.clone(),
                None => values
                    .get(2)
                    .cloned()
                    .unwrap_or_else(|| V::unsupported(loc)),
            };
        }
        "element" => {
            let (Some(list), Some(index)) = (values.first(), values.get(1)) else {
                return V::unsupported(loc);
            };
            if let Some(r) = [list, index].iter().find(|v| v.is_unknown()) {
                return V::unknown(reason(r), loc);
            }
            return match (&list.val, index.as_num()) {
                (Val::List(items), Some(i)) if !items.is_empty() && i >= 0.0 => items
                    .get((i as usize) % items.len())
                    .cloned()
                    .unwrap_or_else(|| V::unsupported(loc)),
                _ => V::unsupported(loc),
            };
        }
        "one" => {
            return match values.first().map(|v| &v.val) {
                Some(Val::List(items)) if items.len() <= 1 => items
                    .first()
                    .cloned()
                    .unwrap_or_else(|| V::new(Val::Null, loc)),
                Some(Val::Unknown(r, _)) => V::unknown(r.clone(), loc),
                _ => V::unsupported(loc),
            };
        }
        _ => {}
    }
    if let Some(u) = values.iter().find(|v| v.has_unknown()) {
        return V::unknown(reason(u), loc);
    }
    match known_call(names, name, &values, loc) {
        Some(v) if names.budget().build(v.size(), loc) => v,
        _ => V::unsupported(loc),
    }
}

fn reason(v: &V) -> UnknownReason {
    match &v.val {
        Val::Unknown(r, _) => r.clone(),
        Val::List(items) => items
            .iter()
            .find(|i| i.has_unknown())
            .map_or(UnknownReason::Unsupported, reason),
        Val::Map(entries) => entries
            .iter()
            .find(|(_, i)| i.has_unknown())
            .map_or(UnknownReason::Unsupported, |(_, i)| reason(i)),
        _ => UnknownReason::Unsupported,
    }
}

fn num(n: f64, loc: Loc) -> V {
    V::new(Val::Num(n), loc)
}

fn text(s: &str, loc: Loc) -> V {
    V::str(s, loc)
}

/// Removes repeated items, as `distinct` and `toset` do; false when the
/// comparisons (each item against those kept) exceed the step budget.
fn dedupe(names: &dyn Names, items: &mut Vec<V>, loc: Loc) -> bool {
    let mut out: Vec<V> = Vec::new();
    for item in items.drain(..) {
        if !names.budget().spend(out.len() as u64, loc) {
            return false;
        }
        if !out.iter().any(|o| o.equals(&item) == Some(true)) {
            out.push(item);
        }
    }
    *items = out;
    true
}

fn list_of(v: &V) -> Option<&[V]> {
    match &v.val {
        Val::List(items) => Some(items),
        _ => None,
    }
}

/// Functions over known arguments.
fn known_call(names: &dyn Names, name: &str, a: &[V], loc: Loc) -> Option<V> {
    let s = |i: usize| a.get(i).and_then(V::to_text);
    Some(match name {
        "format" => text(&format(&s(0)?, a.get(1..)?)?, loc),
        "formatlist" => return None,
        "join" => {
            let sep = s(0)?;
            let mut parts = Vec::new();
            for list in a.get(1..)? {
                for item in list_of(list)? {
                    parts.push(item.to_text()?);
                }
            }
            text(&parts.join(&sep), loc)
        }
        "split" => {
            let (sep, whole) = (s(0)?, s(1)?);
            // one element per piece: counted before they are made
            let pieces = if sep.is_empty() {
                whole.chars().count() + 2
            } else {
                whole.matches(sep.as_str()).count() + 1
            };
            if !names.budget().build(elements(pieces), loc) {
                return None;
            }
            let items = if whole.is_empty() {
                vec![text("", loc)]
            } else {
                whole.split(sep.as_str()).map(|p| text(p, loc)).collect()
            };
            V::new(Val::List(items), loc)
        }
        "replace" => {
            let (subject, search, with) = (s(0)?, s(1)?, s(2)?);
            if search.len() > 1 && search.starts_with('/') && search.ends_with('/') {
                return None; // regular expressions are not evaluated
            }
            // the result's length, before it is built
            let matches = if search.is_empty() {
                subject.chars().count() + 1
            } else {
                subject.matches(search.as_str()).count()
            };
            let len = (subject.len() as u64)
                .saturating_add((matches as u64).saturating_mul(with.len() as u64));
            if !names.budget().build(len, loc) {
                return None;
            }
            text(&subject.replace(&search, &with), loc)
        }
        "lower" => text(&s(0)?.to_lowercase(), loc),
        "upper" => text(&s(0)?.to_uppercase(), loc),
        "trimspace" => text(s(0)?.trim(), loc),
        "trimprefix" => {
            let (x, p) = (s(0)?, s(1)?);
            text(x.strip_prefix(p.as_str()).unwrap_or(&x), loc)
        }
        "trimsuffix" => {
            let (x, p) = (s(0)?, s(1)?);
            text(x.strip_suffix(p.as_str()).unwrap_or(&x), loc)
        }
        "trim" => {
            let (x, chars) = (s(0)?, s(1)?);
            text(x.trim_matches(|c| chars.contains(c)), loc)
        }
        "startswith" => V::new(Val::Bool(s(0)?.starts_with(&s(1)?)), loc),
        "endswith" => V::new(Val::Bool(s(0)?.ends_with(&s(1)?)), loc),
        "substr" => {
            let x = s(0)?;
            let offset = a.get(1)?.as_num()? as i64;
            let length = a.get(2)?.as_num()? as i64;
            let chars: Vec<char> = x.chars().collect();
            let start = usize::try_from(offset).ok()?.min(chars.len());
            let end = if length < 0 {
                chars.len()
            } else {
                (start + usize::try_from(length).ok()?).min(chars.len())
            };
            text(&chars.get(start..end)?.iter().collect::<String>(), loc)
        }
        "tostring" => match &a.first()?.val {
            Val::Null => V::new(Val::Null, loc),
            _ => text(&s(0)?, loc),
        },
        "tonumber" => match &a.first()?.val {
            Val::Null => V::new(Val::Null, loc),
            _ => num(a.first()?.as_num()?, loc),
        },
        "tobool" => V::new(Val::Bool(a.first()?.as_bool()?), loc),
        "abs" => num(a.first()?.as_num()?.abs(), loc),
        "ceil" => num(a.first()?.as_num()?.ceil(), loc),
        "floor" => num(a.first()?.as_num()?.floor(), loc),
        "max" | "min" => {
            let nums: Option<Vec<f64>> = a.iter().map(V::as_num).collect();
            let nums = nums?;
            let first = *nums.first()?;
            let pick = nums.iter().copied().fold(first, |acc, n| {
                if name == "max" {
                    acc.max(n)
                } else {
                    acc.min(n)
                }
            });
            num(pick, loc)
        }
        "contains" => {
            let item = a.get(1)?;
            let list = list_of(a.first()?)?;
            if !names.budget().spend(list.len() as u64, loc) {
                return None;
            }
            let found = list.iter().any(|x| x.equals(item) == Some(true));
            V::new(Val::Bool(found), loc)
        }
        "keys" | "values" => match &a.first()?.val {
            Val::Map(entries) => V::new(
                Val::List(
                    entries
                        .iter()
                        .map(|(k, v)| {
                            if name == "keys" {
                                text(k, v.loc)
                            } else {
                                v.clone()
                            }
                        })
                        .collect(),
                ),
                loc,
            ),
            _ => return None,
        },
        "flatten" => {
            fn flat(v: &V, out: &mut Vec<V>) {
                match &v.val {
                    Val::List(items) => items.iter().for_each(|i| flat(i, out)),
                    _ => out.push(v.clone()),
                }
            }
            let mut out = Vec::new();
            flat(a.first()?, &mut out);
            V::new(Val::List(out), loc)
        }
        "distinct" => {
            let mut items = list_of(a.first()?)?.to_vec();
            if !dedupe(names, &mut items, loc) {
                return None;
            }
            V::new(Val::List(items), loc)
        }
        "compact" => V::new(
            Val::List(
                list_of(a.first()?)?
                    .iter()
                    .filter(|v| !matches!(&v.val, Val::Null) && v.as_str() != Some(""))
                    .cloned()
                    .collect(),
            ),
            loc,
        ),
        "reverse" => {
            let mut items = list_of(a.first()?)?.to_vec();
            items.reverse();
            V::new(Val::List(items), loc)
        }
        "sort" => {
            let mut items: Vec<String> = list_of(a.first()?)?
                .iter()
                .map(V::to_text)
                .collect::<Option<_>>()?;
            items.sort();
            V::new(Val::List(items.iter().map(|t| text(t, loc)).collect()), loc)
        }
        "range" => {
            let nums: Option<Vec<f64>> = a.iter().map(V::as_num).collect();
            let nums = nums?;
            let (start, end, step) = match nums.as_slice() {
                [end] => (0.0, *end, 1.0),
                [start, end] => (*start, *end, if end >= start { 1.0 } else { -1.0 }),
                [start, end, step] => (*start, *end, *step),
                _ => return None,
            };
            if step == 0.0 {
                return None;
            }
            let mut out = Vec::new();
            let mut x = start;
            while (step > 0.0 && x < end) || (step < 0.0 && x > end) {
                if out.len() >= MAX_COLLECTION {
                    return None;
                }
                out.push(num(x, loc));
                x += step;
            }
            V::new(Val::List(out), loc)
        }
        "zipmap" => {
            let keys = list_of(a.first()?)?;
            let vals = list_of(a.get(1)?)?;
            let entries: Option<Vec<(String, V)>> = keys
                .iter()
                .zip(vals)
                .map(|(k, v)| Some((k.to_text()?, v.clone())))
                .collect();
            V::new(Val::Map(entries?), loc)
        }
        "index" => {
            let item = a.get(1)?;
            let list = list_of(a.first()?)?;
            if !names.budget().spend(list.len() as u64, loc) {
                return None;
            }
            let i = list.iter().position(|x| x.equals(item) == Some(true))?;
            num(i as f64, loc)
        }
        "jsonencode" => text(&to_json(a.first()?)?.to_string(), loc),
        "jsondecode" => {
            let source = s(0)?;
            // at most one value per `,` `:` `[` `{` and one more: counted
            // (twice, the parsed JSON and the value) before parsing
            let values = source
                .bytes()
                .filter(|b| matches!(b, b',' | b':' | b'[' | b'{'))
                .count()
                + 1;
            let bytes = elements(values)
                .saturating_add(source.len() as u64)
                .saturating_mul(2);
            if !names.budget().build(bytes, loc) {
                return None;
            }
            let json: serde_json::Value = serde_json::from_str(&source).ok()?;
            from_json(&json, loc)
        }
        "file" => {
            let content = names.read_file(&s(0)?)?;
            if !names.budget().build(content.len() as u64, loc) {
                return None;
            }
            text(&content, loc)
        }
        "filebase64" => {
            // Only the size matters to rules: the encoding's length.
            let content = names.read_file(&s(0)?)?;
            let len = content.len().div_ceil(3) * 4;
            text(&"A".repeat(len.min(MAX_COLLECTION * 100)), loc)
        }
        "base64encode" => {
            let len = s(0)?.len().div_ceil(3) * 4;
            text(&"A".repeat(len.min(MAX_COLLECTION * 100)), loc)
        }
        _ => return None,
    })
}

/// Terraform's `format` verbs that matter in practice: `%s`, `%d`, `%v`,
/// `%%`.
/// `format()` with a known spec and unknown scalar arguments: the spec's
/// text stays known around each unknown piece (partly-known values,
/// `model::partial`). `None` when nothing is unknown or the spec is not
/// simple.
fn format_with_unknowns(values: &[V], loc: Loc) -> Option<V> {
    let (spec, args) = values.split_first()?;
    let spec = spec.to_text()?;
    if !args.iter().any(|a| matches!(a.val, Val::Unknown(..))) {
        return None;
    }
    let mut parts: Vec<Part> = Vec::new();
    let mut text = String::new();
    let mut why = None;
    let mut next = args.iter();
    let mut chars = spec.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            text.push(c);
            continue;
        }
        match chars.next()? {
            '%' => text.push('%'),
            's' | 'v' | 'd' => match next.next()? {
                V {
                    val: Val::Unknown(reason, pieces),
                    ..
                } => {
                    why.get_or_insert_with(|| reason.clone());
                    if !text.is_empty() {
                        parts.push(Part::Text(Arc::from(std::mem::take(&mut text).as_str())));
                    }
                    if pieces.is_empty() {
                        parts.push(Part::Opaque);
                    } else {
                        parts.extend(pieces.iter().cloned());
                    }
                }
                known => text.push_str(&known.to_text()?),
            },
            _ => return None,
        }
    }
    if !text.is_empty() {
        parts.push(Part::Text(Arc::from(text.as_str())));
    }
    Some(V::new(Val::Unknown(why?, parts), loc))
}

fn format(spec: &str, args: &[V]) -> Option<String> {
    let mut out = String::new();
    let mut chars = spec.chars().peekable();
    let mut next = args.iter();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '%' => out.push('%'),
            's' | 'v' | 'd' | 't' => {
                let arg = next.next()?;
                out.push_str(&arg.to_text()?);
            }
            _ => return None,
        }
    }
    Some(out)
}

pub fn to_json(v: &V) -> Option<serde_json::Value> {
    Some(match &v.val {
        Val::Null => serde_json::Value::Null,
        Val::Str(s) => serde_json::Value::String(s.to_string()),
        Val::Num(n) if n.fract() == 0.0 && n.abs() < 9e15 => serde_json::Value::from(*n as i64),
        Val::Num(n) => serde_json::Value::from(*n),
        Val::Bool(b) => serde_json::Value::Bool(*b),
        Val::List(items) => {
            serde_json::Value::Array(items.iter().map(to_json).collect::<Option<_>>()?)
        }
        Val::Map(entries) => serde_json::Value::Object(
            entries
                .iter()
                .map(|(k, v)| Some((k.clone(), to_json(v)?)))
                .collect::<Option<_>>()?,
        ),
        Val::Unknown(..) => return None,
    })
}

pub fn from_json(json: &serde_json::Value, loc: Loc) -> V {
    let val = match json {
        serde_json::Value::Null => Val::Null,
        serde_json::Value::Bool(b) => Val::Bool(*b),
        serde_json::Value::Number(n) => Val::Num(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => Val::Str(Arc::from(s.as_str())),
        serde_json::Value::Array(items) => {
            Val::List(items.iter().map(|i| from_json(i, loc)).collect())
        }
        serde_json::Value::Object(map) => Val::Map(
            map.iter()
                .map(|(k, v)| (k.clone(), from_json(v, loc)))
                .collect(),
        ),
    };
    V::new(val, loc)
}
