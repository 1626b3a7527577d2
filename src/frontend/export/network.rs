//! EC2 and Elastic Load Balancing exports: `describe-security-groups`,
//! `describe-managed-prefix-lists`, `elbv2 describe-load-balancers`,
//! `describe-listeners` and `describe-load-balancer-attributes`.

use std::path::Path;

use crate::frontend::api_shape::ApiMap;
use crate::frontend::fields::Fields;
use crate::model::schema::{LISTENER, LOAD_BALANCER, PREFIX_LIST, SECURITY_GROUP};
use crate::model::{Model, ObjId, Scalar, Slot, State, UnknownReason, Value};

use super::api::Obj;

/// One `SecurityGroups[]` item: each source of each permission is one
/// ingress rule, as the model counts them.
pub fn read_security_group(model: &mut Model, group: Obj<'_>) {
    let Some(id) = group.str("GroupId").filter(|s| !s.is_empty()) else {
        return;
    };
    if model.resource(id).is_some() {
        return;
    }
    let obj = model.add_resource(&SECURITY_GROUP, group.loc(), id);
    group.set(model, obj, "group_id", "GroupId");
    for (i, permission) in group.maps("IpPermissions").into_iter().enumerate() {
        let sources: [(&str, &str, &str); 4] = [
            ("IpRanges", "CidrIp", "cidr_ipv4"),
            ("Ipv6Ranges", "CidrIpv6", "cidr_ipv6"),
            ("PrefixListIds", "PrefixListId", "prefix_list_id"),
            ("UserIdGroupPairs", "GroupId", "source_security_group"),
        ];
        for (list, key, field) in sources {
            for (j, source) in permission.maps(list).into_iter().enumerate() {
                let Some(value) = source.value(key) else {
                    continue;
                };
                let rule_key = format!("{i}.{list}[{j}]");
                let Some(rule) = model.add_child(obj, "ingress", source.loc(), &rule_key) else {
                    continue;
                };
                read_permission(model, rule, permission);
                model.set_value(rule, field, value);
            }
        }
    }
}

fn read_permission(model: &mut Model, rule: ObjId, permission: Obj<'_>) {
    if let Some(mut protocol) = permission.value("IpProtocol") {
        // Protocol numbers are compared as text, like `tcp` and `-1`.
        if let State::Known(Scalar::Int(n)) = protocol.state {
            protocol.state = State::Known(Scalar::str(&n.to_string()));
        }
        model.set_value(rule, "protocol", protocol);
    }
    permission.set(model, rule, "from_port", "FromPort");
    permission.set(model, rule, "to_port", "ToPort");
}

/// One `PrefixLists[]` item.
pub fn read_prefix_list(model: &mut Model, list: Obj<'_>) {
    let Some(id) = list.str("PrefixListId").filter(|s| !s.is_empty()) else {
        return;
    };
    if model.resource(id).is_some() {
        return;
    }
    let obj = model.add_resource(&PREFIX_LIST, list.loc(), id);
    list.set(model, obj, "prefix_list_id", "PrefixListId");
    list.set(model, obj, "name", "PrefixListName");
    list.set(model, obj, "max_entries", "MaxEntries");
    list.set(model, obj, "address_family", "AddressFamily");
}

/// One `LoadBalancers[]` item. Its idle timeout comes from a separate
/// attributes export, read by [`read_attributes`].
pub fn read_load_balancer(model: &mut Model, lb: Obj<'_>) {
    let Some(name) = lb
        .str("LoadBalancerName")
        .or_else(|| lb.str("LoadBalancerArn"))
        .filter(|s| !s.is_empty())
    else {
        return;
    };
    if model.resource(name).is_some() {
        return;
    }
    let obj = model.add_resource(&LOAD_BALANCER, lb.loc(), name);
    lb.set(model, obj, "arn", "LoadBalancerArn");
    lb.set(model, obj, "dns_name", "DNSName");
    lb.set(model, obj, "type", "Type");
    lb.set(model, obj, "scheme", "Scheme");
    match lb.values("SecurityGroups") {
        Some(ids) => model.set(obj, "security_group_ids", Slot::Values(ids)),
        // Application load balancers always have security groups; the
        // export omitting them leaves them unknown rather than none.
        None if lb.str("Type") == Some("application") => model.set_value(
            obj,
            "security_group_ids",
            Value::unknown(UnknownReason::External, lb.loc()),
        ),
        None => {}
    }
    if lb.str("Type") == Some("application") {
        // Replaced when the attributes of this load balancer are exported.
        model.set_value(
            obj,
            "idle_timeout",
            Value::unknown(UnknownReason::External, lb.loc()),
        );
    }
}

/// A `describe-load-balancer-attributes` output. The output does not name
/// its load balancer: the file names it, by the load balancer's name or
/// the id at the end of its ARN, unless the file carries a
/// `LoadBalancerArn` next to `Attributes`.
pub fn read_attributes(model: &mut Model, doc: Obj<'_>, path: &Path) {
    let lb = match doc.str("LoadBalancerArn") {
        Some(arn) => model
            .all("load_balancers")
            .into_iter()
            .find(|&lb| model.str(lb, "arn") == Some(arn)),
        None => {
            let file = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            let named = |lb: ObjId| {
                let name = model.object(lb).resource.as_deref().unwrap_or("");
                let arn_id = model
                    .str(lb, "arn")
                    .and_then(|a| a.rsplit('/').next())
                    .unwrap_or("");
                [name, arn_id]
                    .iter()
                    .any(|n| names_in(&file, &n.to_ascii_lowercase()))
            };
            // The longest name wins, so `web` does not take `web-2`'s file.
            model
                .all("load_balancers")
                .into_iter()
                .filter(|&lb| named(lb))
                .max_by_key(|&lb| model.object(lb).resource.as_deref().map_or(0, str::len))
        }
    };
    let Some(lb) = lb else {
        return;
    };
    for attr in doc.maps("Attributes") {
        if attr.str("Key") == Some("idle_timeout.timeout_seconds")
            && let Some(mut value) = attr.value("Value")
        {
            // Attribute values are strings ("60").
            if let State::Known(Scalar::Str(s)) = &value.state
                && let Ok(n) = s.trim().parse::<i64>()
            {
                value.state = State::Known(Scalar::Int(n));
            }
            model.set_value(lb, "idle_timeout", value);
        }
    }
}

/// Whether `name` is in `file` as a whole word: not inside a longer run of
/// letters and digits, so `a` is not found in `load-balancer-attributes`.
fn names_in(file: &str, name: &str) -> bool {
    if name.is_empty() {
        return false;
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    file.match_indices(name).any(|(at, _)| {
        let before = file.get(..at).and_then(|s| s.chars().next_back());
        let after = file.get(at + name.len()..).and_then(|s| s.chars().next());
        !word(before) && !word(after)
    })
}

/// One `Listeners[]` item.
pub fn read_listener(model: &mut Model, listener: Obj<'_>) {
    let Some(arn) = listener.str("ListenerArn").filter(|s| !s.is_empty()) else {
        return;
    };
    if model.resource(arn).is_some() {
        return;
    }
    let obj = model.add_resource(&LISTENER, listener.loc(), arn);
    listener.set(model, obj, "load_balancer_arn", "LoadBalancerArn");
    listener.set(model, obj, "port", "Port");
    listener.set(model, obj, "protocol", "Protocol");
    listener.set(model, obj, "ssl_policy", "SslPolicy");
    if listener.has("Certificates") {
        let arns: Vec<Value> = listener
            .maps("Certificates")
            .iter()
            .filter_map(|c| c.value("CertificateArn"))
            .collect();
        model.set(obj, "certificate_arns", Slot::Values(arns));
    }
}
