//! Comparing models of one deployment read from different formats.

use serde_json::Value;

/// Whether a string is a link (`load_balancer:Alb`), whose target is named
/// differently in each format (a logical id, a load balancer's name, a
/// Terraform address).
fn link_entity(s: &str) -> Option<&str> {
    let (entity, _) = s.split_once(':')?;
    (!entity.is_empty() && entity.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        .then_some(entity)
}

fn link_or_text(v: &Value) -> String {
    match v {
        Value::String(s) => link_entity(s).map_or_else(|| s.clone(), |e| format!("-> {e}")),
        other => other.to_string(),
    }
}

/// Compares what both models hold: fields present on both sides, values
/// Known in both (a default counts as its value), links by the entity they
/// reach, lists of scalars as sets. Resource names differ by format and
/// are left out. Returns the differences in `out`.
pub fn compare(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    let plain = |v: &Value| -> Option<Value> {
        match v {
            Value::Object(m) if m.contains_key("unknown") => None,
            Value::Object(m) if m.len() == 1 && m.contains_key("default") => {
                m.get("default").cloned()
            }
            other => Some(other.clone()),
        }
    };
    let (Some(a), Some(b)) = (plain(a), plain(b)) else {
        return;
    };
    match (&a, &b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, va) in x {
                // a resource's name in its unit differs by format
                if key == "id" && path.matches('.').count() == 1 {
                    continue;
                }
                if let Some(vb) = y.get(key) {
                    compare(&format!("{path}.{key}"), va, vb, out);
                }
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                out.push(format!("{path}: {} vs {} items", x.len(), y.len()));
                return;
            }
            if x.iter().all(|v| !v.is_object()) && y.iter().all(|v| !v.is_object()) {
                let mut xs: Vec<String> = x.iter().map(link_or_text).collect();
                let mut ys: Vec<String> = y.iter().map(link_or_text).collect();
                xs.sort();
                ys.sort();
                if xs != ys {
                    out.push(format!("{path}: {xs:?} vs {ys:?}"));
                }
                return;
            }
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                compare(&format!("{path}[{i}]"), va, vb, out);
            }
        }
        _ => {
            if link_or_text(&a) != link_or_text(&b) {
                out.push(format!("{path}: {a} vs {b}"));
            }
        }
    }
}
