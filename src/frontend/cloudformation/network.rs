//! Load balancers, listeners and security groups, with the standalone
//! resources that attach to them (`ListenerCertificate`,
//! `SecurityGroupIngress`).

use std::sync::Arc;

use crate::frontend::api_shape::ApiMap;
use crate::frontend::fields::Fields;
use crate::model::schema::{INGRESS_RULE, LISTENER, LOAD_BALANCER, PREFIX_LIST, SECURITY_GROUP};
use crate::model::{Model, ObjId, Scalar, Slot, State, Value, defaults};

use super::props::Props;

pub fn read_load_balancer(model: &mut Model, id: &str, props: Props<'_>) {
    let lb = model.add_resource(&LOAD_BALANCER, props.loc(), id);
    props.set_or(
        model,
        lb,
        "type",
        "Type",
        Scalar::str(defaults::LOAD_BALANCER_TYPE),
    );
    props.set_or(
        model,
        lb,
        "scheme",
        "Scheme",
        Scalar::str(defaults::LOAD_BALANCER_SCHEME),
    );
    props.set_list(model, lb, "security_group_ids", "SecurityGroups");

    let idle = props
        .maps("LoadBalancerAttributes")
        .into_iter()
        .find(|attr| {
            attr.value("Key")
                .is_some_and(|k| k.as_str() == Some("idle_timeout.timeout_seconds"))
        });
    match idle.and_then(|attr| attr.value("Value")) {
        Some(v) => model.set_value(lb, "idle_timeout", v),
        // Only application load balancers have an idle timeout.
        None if model.str(lb, "type") == Some("application") => model.set_value(
            lb,
            "idle_timeout",
            Value::default_value(
                Scalar::Int(defaults::LOAD_BALANCER_IDLE_TIMEOUT),
                props.loc(),
            ),
        ),
        None => {}
    }
}

pub fn read_listener(model: &mut Model, id: &str, props: Props<'_>) {
    let listener = model.add_resource(&LISTENER, props.loc(), id);
    props.set(model, listener, "load_balancer_arn", "LoadBalancerArn");
    props.set(model, listener, "port", "Port");
    props.set(model, listener, "protocol", "Protocol");
    props.set(model, listener, "ssl_policy", "SslPolicy");
    if props.node("Certificates").is_some() {
        let arns = certificate_arns(props);
        model.set(listener, "certificate_arns", Slot::Values(arns));
    }
}

fn certificate_arns(props: Props<'_>) -> Vec<Value> {
    props
        .maps("Certificates")
        .iter()
        .filter_map(|c| c.value("CertificateArn"))
        .collect()
}

/// `AWS::ElasticLoadBalancingV2::ListenerCertificate`: its certificates
/// join those of the listener it names, when that is in the template.
pub fn attach_listener_certificates(model: &mut Model, props: Props<'_>) {
    let Some(listener) = target(model, props.value("ListenerArn").as_ref(), &LISTENER) else {
        return;
    };
    let arns = certificate_arns(props);
    let slot = match model.slot(listener, "certificate_arns") {
        Slot::Values(existing) => Slot::Values(existing.iter().cloned().chain(arns).collect()),
        // A whole-list Unknown stays Unknown.
        Slot::Value(v) => Slot::Value(v.clone()),
        _ => Slot::Values(arns),
    };
    model.set(listener, "certificate_arns", slot);
}

pub fn read_security_group(model: &mut Model, id: &str, props: Props<'_>) {
    let group = model.add_resource(&SECURITY_GROUP, props.loc(), id);
    for (i, rule) in props.maps("SecurityGroupIngress").into_iter().enumerate() {
        if let Some(obj) = model.add_child(group, "ingress", rule.loc(), &i.to_string()) {
            read_ingress(model, obj, rule);
        }
    }
}

/// `AWS::EC2::SecurityGroupIngress`: appended to the ingress of the group
/// it names, when that group is in the template; the rule keeps its own
/// logical id as its resource.
pub fn attach_ingress(model: &mut Model, id: &str, props: Props<'_>) {
    let group_ref = props.value("GroupId").or_else(|| props.value("GroupName"));
    let Some(group) = target(model, group_ref.as_ref(), &SECURITY_GROUP) else {
        return;
    };
    let rule = model.create(&INGRESS_RULE, props.loc(), Some(Arc::from(id)), "");
    model.push(group, "ingress", rule);
    read_ingress(model, rule, props);
}

fn read_ingress(model: &mut Model, rule: ObjId, props: Props<'_>) {
    // `IpProtocol: 6` and `-1` are the numbers' text, like `tcp`.
    if let Some(mut protocol) = props.value("IpProtocol") {
        if let State::Known(Scalar::Int(n)) = protocol.state {
            protocol.state = State::Known(Scalar::str(&n.to_string()));
        }
        model.set_value(rule, "protocol", protocol);
    }
    props.set(model, rule, "from_port", "FromPort");
    props.set(model, rule, "to_port", "ToPort");
    props.set(model, rule, "cidr_ipv4", "CidrIp");
    props.set(model, rule, "cidr_ipv6", "CidrIpv6");
    props.set(model, rule, "prefix_list_id", "SourcePrefixListId");
    match props.value("SourceSecurityGroupId") {
        Some(v) => model.set_value(rule, "source_security_group", v),
        None => props.set(
            model,
            rule,
            "source_security_group",
            "SourceSecurityGroupName",
        ),
    }
}

/// `AWS::EC2::PrefixList`: a customer-managed prefix list; a rule that
/// references it counts as its `MaxEntries` rules.
pub fn read_prefix_list(model: &mut Model, id: &str, props: Props<'_>) {
    let list = model.add_resource(&PREFIX_LIST, props.loc(), id);
    props.set(model, list, "name", "PrefixListName");
    props.set(model, list, "max_entries", "MaxEntries");
    props.set(model, list, "address_family", "AddressFamily");
}

/// The object of entity `def` a value refers to (`!Ref Listener`,
/// `!GetAtt Group.GroupId`), when it is in this model.
fn target(
    model: &Model,
    value: Option<&Value>,
    def: &'static crate::model::EntityDef,
) -> Option<ObjId> {
    let reference = value?.as_reference()?;
    model
        .resource(&reference.resource)
        .filter(|&obj| model.object(obj).def == def)
}
