//! Every `{Quantity, Items}` list of a distribution configuration, so a
//! rule can check that each count matches its items: `update-distribution`
//! refuses a configuration where one does not (`InconsistentQuantities`).

use crate::document::{Node, NodeValue};
use crate::model::{Model, ObjId, Scalar, Value};
use crate::source::Loc;

use super::api::Obj;

/// Deeper than any CloudFront configuration nests; the JSON loader has its
/// own depth limit, this one keeps the walk bounded on its own.
const MAX_DEPTH: usize = 32;

/// Records the lists of `config` under `dist.quantity_lists`.
pub fn read(model: &mut Model, dist: ObjId, config: Obj<'_>) {
    let mut stack: Vec<(&Node, String, usize)> = vec![(config.node, String::new(), 0)];
    while let Some((node, path, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            continue;
        }
        match &node.value {
            NodeValue::Map(entries) => {
                if let Some(quantity) = node.get("Quantity") {
                    record(model, dist, config, node, quantity, &path);
                }
                // Pushed in reverse so lists are recorded in document order.
                for entry in entries.iter().rev() {
                    let child = if path.is_empty() {
                        entry.key.to_string()
                    } else {
                        format!("{path}.{}", entry.key)
                    };
                    stack.push((&entry.value, child, depth + 1));
                }
            }
            NodeValue::Seq(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((item, format!("{path}[{i}]"), depth + 1));
                }
            }
            _ => {}
        }
    }
}

fn record(
    model: &mut Model,
    dist: ObjId,
    config: Obj<'_>,
    list: &Node,
    quantity: &Node,
    path: &str,
) {
    let NodeValue::Int(count) = quantity.value else {
        return;
    };
    let items = match list.get("Items") {
        None => 0,
        Some(items) => match &items.value {
            NodeValue::Seq(items) => items.len(),
            _ => return,
        },
    };
    let Some(obj) = model.add_child(dist, "quantity_lists", config.at(list), path) else {
        return;
    };
    let at = |node: &Node| Loc::new(config.file, node.span);
    model.set_value(
        obj,
        "quantity",
        Value::known(Scalar::Int(count), at(quantity)),
    );
    let item_count = i64::try_from(items).unwrap_or(i64::MAX);
    let item_loc = list.get("Items").map_or_else(|| at(list), at);
    model.set_value(
        obj,
        "item_count",
        Value::known(Scalar::Int(item_count), item_loc),
    );
    model.set_value(obj, "path", Value::known(Scalar::str(path), at(list)));
}
