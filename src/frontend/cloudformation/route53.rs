//! Route 53 hosted zones and records (`RecordSet`, `RecordSetGroup`).

use crate::frontend::api_shape::ApiMap;
use crate::frontend::fields::Fields;
use crate::model::schema::{DNS_RECORD, HOSTED_ZONE};
use crate::model::{Model, Scalar, Value, defaults};

use super::props::Props;

pub fn read_hosted_zone(model: &mut Model, id: &str, props: Props<'_>) {
    let zone = model.add_resource(&HOSTED_ZONE, props.loc(), id);
    props.set(model, zone, "name", "Name");
    // A zone associated with VPCs is private.
    let vpcs = props
        .node("VPCs")
        .filter(|n| !n.is_seq() || !n.items().is_empty());
    let private = match vpcs {
        Some(node) => Value::known(Scalar::Bool(true), props.ev.loc(node)),
        None => Value::default_value(Scalar::Bool(defaults::HOSTED_ZONE_PRIVATE), props.loc()),
    };
    model.set_value(zone, "private", private);
}

pub fn read_record_set(model: &mut Model, id: &str, props: Props<'_>) {
    read_record(model, id, props, props);
}

/// Each record of a group is a record of its own, named
/// `<Group>.RecordSets[<index>]`; the zone may be given on the group.
pub fn read_record_set_group(model: &mut Model, id: &str, props: Props<'_>) {
    for (i, record) in props.maps("RecordSets").into_iter().enumerate() {
        read_record(model, &format!("{id}.RecordSets[{i}]"), record, props);
    }
}

fn read_record(model: &mut Model, id: &str, record: Props<'_>, zone_from: Props<'_>) {
    let obj = model.add_resource(&DNS_RECORD, record.loc(), id);
    record.set(model, obj, "name", "Name");
    record.set(model, obj, "type", "Type");
    let zone = ["HostedZoneId", "HostedZoneName"]
        .iter()
        .find_map(|key| record.value(key).or_else(|| zone_from.value(key)));
    if let Some(zone) = zone {
        model.set_value(obj, "zone_id", zone);
    }
    if let Some(alias) = record.map("AliasTarget") {
        alias.set(model, obj, "alias_target", "DNSName");
    }
}
