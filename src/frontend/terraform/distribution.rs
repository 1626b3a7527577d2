//! `aws_cloudfront_distribution`: origins, origin groups, behaviors and
//! their function associations, viewer certificate, custom error
//! responses. Field names per CATALOG §0; defaults as the provider
//! documents them.

use crate::frontend::fields::{
    AssociationKeys, Fields, child_key, read_function_associations, read_lambda_associations,
};
use crate::model::schema::DISTRIBUTION;
use crate::model::{Attribute, Model, ObjId, Part, Scalar, Slot, UnknownReason, Value, defaults};

use super::reader::{Reader, known_str};

pub fn read(model: &mut Model, address: &str, r: &Reader<'_, '_>) {
    let dist = model.add_resource(&DISTRIBUTION, r.loc(), address);
    r.set(model, dist, "enabled", "enabled");
    r.set_list(model, dist, "aliases", "aliases");
    r.set(model, dist, "ipv6_enabled", "is_ipv6_enabled");
    r.set(model, dist, "http_version", "http_version");
    r.set(model, dist, "web_acl_id", "web_acl_id");

    if let Some(cert) = r.block("viewer_certificate")
        && let Some(obj) =
            model.add_child(dist, "viewer_certificate", cert.loc(), "viewer_certificate")
    {
        if let Some(arn) = cert.value("acm_certificate_arn") {
            if let Some(waits) = waits_for_issue(r, &arn) {
                model.set_value(obj, "waits_for_issue", waits);
            }
            model.set_value(obj, "acm_certificate_arn", arn);
        }
        cert.set(model, obj, "iam_certificate_id", "iam_certificate_id");
        cert.set(
            model,
            obj,
            "cloudfront_default_certificate",
            "cloudfront_default_certificate",
        );
        cert.set(model, obj, "ssl_support_method", "ssl_support_method");
        let minimum = cert.value("minimum_protocol_version").unwrap_or_else(|| {
            Value::default_value(
                Scalar::str(defaults::TERRAFORM_MINIMUM_PROTOCOL_VERSION),
                cert.loc(),
            )
        });
        model.set_value(obj, "minimum_protocol_version", minimum);
    }

    for (i, origin) in r.blocks("origin").into_iter().enumerate() {
        read_origin(model, dist, &origin, i);
    }

    for (i, group) in r.blocks("origin_group").into_iter().enumerate() {
        let key = child_key(group.value("origin_id").as_ref(), i);
        let Some(obj) = model.add_child(dist, "origin_groups", group.loc(), &key) else {
            continue;
        };
        group.set(model, obj, "id", "origin_id");
        if let Some(criteria) = group.block("failover_criteria") {
            criteria.set_list(model, obj, "status_codes", "status_codes");
        }
        let ids: Vec<Value> = group
            .blocks("member")
            .iter()
            .filter_map(|m| m.value("origin_id"))
            .collect();
        model.set(obj, "member_ids", Slot::Values(ids));
    }

    if let Some(default) = r.block("default_cache_behavior") {
        read_behavior(model, dist, &default, "default".to_string(), true);
    }
    for (i, behavior) in r.blocks("ordered_cache_behavior").into_iter().enumerate() {
        let key = child_key(behavior.value("path_pattern").as_ref(), i);
        read_behavior(model, dist, &behavior, key, false);
    }

    for (i, response) in r.blocks("custom_error_response").into_iter().enumerate() {
        let key = child_key(response.value("error_code").as_ref(), i);
        let Some(obj) = model.add_child(dist, "custom_error_responses", response.loc(), &key)
        else {
            continue;
        };
        response.set(model, obj, "error_code", "error_code");
        response.set(model, obj, "error_caching_min_ttl", "error_caching_min_ttl");
        // A plan writes the unset response code and page as 0 and "".
        if let Some(v) = response.value("response_code")
            && v.as_int() != Some(0)
        {
            model.set_value(obj, "response_code", v);
        }
        if let Some(v) = response.value("response_page_path")
            && v.as_str() != Some("")
        {
            model.set_value(obj, "response_page_path", v);
        }
    }
}

fn read_origin(model: &mut Model, dist: ObjId, origin: &Reader<'_, '_>, index: usize) {
    let key = child_key(origin.value("origin_id").as_ref(), index);
    let Some(obj) = model.add_child(dist, "origins", origin.loc(), &key) else {
        return;
    };
    origin.set(model, obj, "id", "origin_id");
    origin.set(model, obj, "domain_name", "domain_name");
    origin.set(model, obj, "origin_path", "origin_path");
    origin.set_or(
        model,
        obj,
        "connection_attempts",
        "connection_attempts",
        Scalar::Int(defaults::ORIGIN_CONNECTION_ATTEMPTS),
    );
    origin.set_or(
        model,
        obj,
        "connection_timeout",
        "connection_timeout",
        Scalar::Int(defaults::ORIGIN_CONNECTION_TIMEOUT),
    );
    // 0, the provider's default, means none
    if let Some(v) = origin.value("response_completion_timeout")
        && v.as_int() != Some(0)
    {
        model.set_value(obj, "response_completion_timeout", v);
    }
    origin.set(
        model,
        obj,
        "origin_access_control_id",
        "origin_access_control_id",
    );

    let custom = origin.block("custom_origin_config");
    let s3 = origin.block("s3_origin_config");
    let vpc = origin.block("vpc_origin_config");
    // An origin with neither a custom nor a VPC origin config is an S3
    // origin to the provider.
    let config = match (&custom, &s3, &vpc) {
        (Some(c), _, _) => known_str("custom", c.loc()),
        (None, _, Some(v)) => known_str("vpc", v.loc()),
        (None, Some(s), None) => known_str("s3", s.loc()),
        (None, None, None) => {
            Value::default_value(Scalar::str(defaults::TERRAFORM_ORIGIN_CONFIG), origin.loc())
        }
    };
    model.set_value(obj, "config", config);

    if let Some(c) = custom {
        // http_port, https_port and origin_ssl_protocols are required by
        // the provider: no defaults.
        c.set(model, obj, "protocol_policy", "origin_protocol_policy");
        c.set(model, obj, "http_port", "http_port");
        c.set(model, obj, "https_port", "https_port");
        c.set_list(model, obj, "ssl_protocols", "origin_ssl_protocols");
        c.set_or(
            model,
            obj,
            "read_timeout",
            "origin_read_timeout",
            Scalar::Int(defaults::ORIGIN_READ_TIMEOUT),
        );
        c.set_or(
            model,
            obj,
            "keepalive_timeout",
            "origin_keepalive_timeout",
            Scalar::Int(defaults::ORIGIN_KEEPALIVE_TIMEOUT),
        );
        c.set(model, obj, "ip_address_type", "ip_address_type");
    } else if let Some(v) = vpc {
        v.set(model, obj, "vpc_origin_id", "vpc_origin_id");
        v.set_or(
            model,
            obj,
            "read_timeout",
            "origin_read_timeout",
            Scalar::Int(defaults::ORIGIN_READ_TIMEOUT),
        );
        v.set_or(
            model,
            obj,
            "keepalive_timeout",
            "origin_keepalive_timeout",
            Scalar::Int(defaults::ORIGIN_KEEPALIVE_TIMEOUT),
        );
    } else {
        if let Some(s) = &s3 {
            s.set(
                model,
                obj,
                "origin_access_identity",
                "origin_access_identity",
            );
        }
        model.set_value(
            obj,
            "read_timeout",
            Value::default_value(
                Scalar::Int(defaults::ORIGIN_READ_TIMEOUT),
                s3.as_ref().map_or_else(|| origin.loc(), Reader::loc),
            ),
        );
    }

    for (i, header) in origin.blocks("custom_header").into_iter().enumerate() {
        let key = child_key(header.value("name").as_ref(), i);
        let Some(h) = model.add_child(obj, "custom_headers", header.loc(), &key) else {
            continue;
        };
        header.set(model, h, "name", "name");
        header.set(model, h, "value", "value");
    }

    if let Some(shield) = origin.block("origin_shield") {
        shield.set(model, obj, "origin_shield_enabled", "enabled");
        shield.set(model, obj, "origin_shield_region", "origin_shield_region");
    }
}

fn read_behavior(
    model: &mut Model,
    dist: ObjId,
    b: &Reader<'_, '_>,
    key: String,
    is_default: bool,
) {
    let Some(obj) = model.add_child(dist, "behaviors", b.loc(), &key) else {
        return;
    };
    model.set_value(
        obj,
        "is_default",
        Value::known(Scalar::Bool(is_default), b.loc()),
    );
    if !is_default {
        b.set(model, obj, "path_pattern", "path_pattern");
    }
    b.set(model, obj, "target_origin_id", "target_origin_id");
    b.set(
        model,
        obj,
        "viewer_protocol_policy",
        "viewer_protocol_policy",
    );
    b.set_list_or(
        model,
        obj,
        "allowed_methods",
        "allowed_methods",
        defaults::BEHAVIOR_ALLOWED_METHODS,
    );
    b.set(model, obj, "cache_policy_id", "cache_policy_id");
    b.set(
        model,
        obj,
        "origin_request_policy_id",
        "origin_request_policy_id",
    );
    if let Some(fv) = b.block("forwarded_values") {
        let present = match b.block_certain("forwarded_values") {
            Some(_) => Value::known(Scalar::Bool(true), fv.loc()),
            None => Value::unknown(UnknownReason::Unsupported, fv.loc()),
        };
        model.set_value(obj, "has_forwarded_values", present);
        fv.set_list(model, obj, "forwarded_headers", "headers");
    }

    read_lambda_associations(
        model,
        obj,
        b.blocks("lambda_function_association"),
        &ASSOCIATION_KEYS,
    );
    read_function_associations(
        model,
        obj,
        b.blocks("function_association"),
        &ASSOCIATION_KEYS,
    );
}

const ASSOCIATION_KEYS: AssociationKeys = AssociationKeys {
    event_type: "event_type",
    lambda_arn: "lambda_arn",
    function_arn: "function_arn",
    include_body: "include_body",
};

/// Whether creating the distribution waits for its certificate to be
/// issued, located at the ARN; `None` unless the ARN references a
/// certificate resource. A `depends_on` on a validation, a module or
/// anything unreadable counts as waiting: a false alarm costs more than a
/// miss.
fn waits_for_issue(dist: &Reader<'_, '_>, arn: &Value) -> Option<Value> {
    let [Part::Ref(reference)] = arn.parts.as_slice() else {
        return None;
    };
    let waits = match reference.attribute {
        Attribute::IssuedArn => true,
        Attribute::Arn => dist.body.depends_on().iter().any(|d| {
            d.as_deref().is_none_or(|a| {
                a.starts_with("module.") || a.contains("aws_acm_certificate_validation.")
            })
        }),
        _ => return None,
    };
    Some(Value::known(Scalar::Bool(waits), arn.loc))
}
