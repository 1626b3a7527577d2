//! The `{Quantity, Items}` lists CloudFormation keeps from the CloudFront
//! API (`OriginGroups`, each group's `Members` and failover `StatusCodes`),
//! recorded under `dist.quantity_lists` as exports' lists are: the API
//! refuses a `Quantity` that is not the number of `Items`.

use crate::frontend::api_shape::ApiMap;
use crate::frontend::fields::Fields;
use crate::model::{Model, ObjId, Scalar, Value};
use crate::source::Loc;

use super::call::call;
use super::intrinsics::Ev;
use super::props::Props;

pub fn read(model: &mut Model, dist: ObjId, config: Props<'_>) {
    let Some(groups) = config.map("OriginGroups") else {
        return;
    };
    record(model, dist, groups, "OriginGroups".into());
    for (i, group) in groups.maps("Items").into_iter().enumerate() {
        if let Some(members) = group.map("Members") {
            record(
                model,
                dist,
                members,
                format!("OriginGroups.Items[{i}].Members"),
            );
        }
        if let Some(codes) = group.path(&["FailoverCriteria", "StatusCodes"]) {
            let path = format!("OriginGroups.Items[{i}].FailoverCriteria.StatusCodes");
            record(model, dist, codes, path);
        }
    }
}

fn record(model: &mut Model, dist: ObjId, list: Props<'_>, path: String) {
    let Some(quantity) = list.value("Quantity") else {
        return;
    };
    let (item_count, item_loc) = match list.node("Items") {
        None => (0, list.loc()),
        Some(items) => {
            if call(items).is_some() || !items.is_seq() {
                // a list from a parameter or function: its length is not
                // written here
                return;
            }
            let mut count: i64 = 0;
            for item in items.items() {
                let Some(item) = list.ev.resolve(item) else {
                    continue;
                };
                match list.ev.eval(item) {
                    // an item that is itself a list (a list parameter)
                    Ev::List(_) => return,
                    Ev::Absent => {}
                    Ev::Value(_) | Ev::Other => count += 1,
                }
            }
            (count, Loc::new(list.ev.t.file, items.span))
        }
    };
    let Some(obj) = model.add_child(dist, "quantity_lists", list.loc(), &path) else {
        return;
    };
    model.set_value(obj, "quantity", quantity);
    model.set_value(
        obj,
        "item_count",
        Value::known(Scalar::Int(item_count), item_loc),
    );
    model.set_value(obj, "path", Value::known(Scalar::str(&path), list.loc()));
}
