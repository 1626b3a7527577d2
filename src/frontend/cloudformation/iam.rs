//! `AWS::IAM::Role`: the service principals its trust policy allows.

use crate::document::Node;
use crate::frontend::api_shape::ApiMap;
use crate::frontend::fields::Fields;
use crate::model::schema::IAM_ROLE;
use crate::model::{Model, ObjId, Scalar, Slot, UnknownReason, Value};
use crate::source::Loc;

use super::call::call;
use super::intrinsics::{Ev, Eval};
use super::props::{Props, list_slot};

pub fn read_role(model: &mut Model, id: &str, props: Props<'_>) {
    let role = model.add_resource(&IAM_ROLE, props.loc(), id);
    if let Some(doc) = props.node("AssumeRolePolicyDocument") {
        read_trust(model, role, props.ev, doc);
    }
}

/// Sets `trusted_services` from a trust policy, written as a map or as a
/// JSON string. Any Unknown part makes the whole list Unknown: a service
/// missing from it could be the one that is there.
pub fn read_trust(model: &mut Model, role: ObjId, ev: &Eval<'_>, doc: &Node) {
    let slot = match Props::of(ev, doc) {
        Some(doc) => trust_from_map(doc),
        None => match ev.eval(doc) {
            Ev::Value(v) => match v.as_str().and_then(|s| serde_json::from_str(s).ok()) {
                Some(json) => trust_from_json(&json, v.loc),
                None => Err(Value::unknown(UnknownReason::Unsupported, v.loc)),
            },
            _ => Err(Value::unknown(UnknownReason::Unsupported, ev.loc(doc))),
        },
    };
    model.set(
        role,
        "trusted_services",
        match slot {
            Ok(values) => Slot::Values(values),
            Err(unknown) => Slot::Value(unknown),
        },
    );
}

fn trust_from_map(doc: Props<'_>) -> Result<Vec<Value>, Value> {
    let ev = doc.ev;
    let statements: Vec<Props<'_>> = match doc.node("Statement") {
        Some(node) if node.is_seq() && call(node).is_none() => doc.maps("Statement"),
        Some(node) => match Props::of(ev, node) {
            Some(single) => vec![single],
            None => return Err(Value::unknown(UnknownReason::Unsupported, ev.loc(node))),
        },
        None => Vec::new(),
    };
    let mut services = Vec::new();
    for statement in statements {
        let Some(effect) = statement.value("Effect") else {
            continue;
        };
        if effect.is_unknown() {
            return Err(effect);
        }
        if effect.as_str() != Some("Allow") {
            continue;
        }
        let Some(principal) = statement.map("Principal") else {
            continue;
        };
        let Some(node) = principal.node("Service") else {
            continue;
        };
        match list_slot(ev, node) {
            Some(Slot::Values(values)) => {
                if let Some(unknown) = values.iter().find(|v| v.is_unknown()) {
                    return Err(unknown.clone());
                }
                services.extend(values);
            }
            Some(Slot::Value(unknown)) => return Err(unknown),
            _ => {}
        }
    }
    Ok(services)
}

fn trust_from_json(doc: &serde_json::Value, loc: Loc) -> Result<Vec<Value>, Value> {
    let statements = match doc.get("Statement") {
        Some(serde_json::Value::Array(items)) => items.iter().collect(),
        Some(single) => vec![single],
        None => Vec::new(),
    };
    let mut services = Vec::new();
    for statement in statements {
        if statement.get("Effect").and_then(serde_json::Value::as_str) != Some("Allow") {
            continue;
        }
        match statement.get("Principal").and_then(|p| p.get("Service")) {
            Some(serde_json::Value::String(s)) => services.push(s.as_str()),
            Some(serde_json::Value::Array(items)) => {
                services.extend(items.iter().filter_map(serde_json::Value::as_str));
            }
            _ => {}
        }
    }
    Ok(services
        .into_iter()
        .map(|s| Value::known(Scalar::str(s), loc))
        .collect())
}
