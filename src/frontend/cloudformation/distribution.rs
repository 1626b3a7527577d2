//! `AWS::CloudFront::Distribution`: origins, origin groups, behaviors and
//! their function associations, viewer certificate, custom error responses.

use crate::frontend::api_shape::{ApiMap, child_key};
use crate::model::schema::DISTRIBUTION;
use crate::model::{Model, ObjId, Scalar, Slot, Value, defaults};

use super::props::Props;

pub fn read(model: &mut Model, id: &str, props: Props<'_>) {
    let dist = model.add_resource(&DISTRIBUTION, props.loc(), id);
    let Some(config) = props.map("DistributionConfig") else {
        return;
    };
    config.set(model, dist, "enabled", "Enabled");
    config.set_list(model, dist, "aliases", "Aliases");
    config.set(model, dist, "ipv6_enabled", "IPV6Enabled");
    config.set(model, dist, "http_version", "HttpVersion");
    config.set(model, dist, "web_acl_id", "WebACLId");

    if let Some(cert) = config.map("ViewerCertificate")
        && let Some(obj) =
            model.add_child(dist, "viewer_certificate", cert.loc(), "viewer_certificate")
    {
        cert.set(model, obj, "acm_certificate_arn", "AcmCertificateArn");
        cert.set(model, obj, "iam_certificate_id", "IamCertificateId");
        cert.set(
            model,
            obj,
            "cloudfront_default_certificate",
            "CloudFrontDefaultCertificate",
        );
        cert.set(model, obj, "ssl_support_method", "SslSupportMethod");
        cert.set(
            model,
            obj,
            "minimum_protocol_version",
            "MinimumProtocolVersion",
        );
    }

    for (i, origin) in config.maps("Origins").into_iter().enumerate() {
        read_origin(model, dist, origin, i);
    }

    // CloudFormation keeps the API's {Quantity, Items} wrapper here.
    if let Some(groups) = config.map("OriginGroups") {
        for (i, group) in groups.maps("Items").into_iter().enumerate() {
            let key = child_key(group.value("Id").as_ref(), i);
            let Some(obj) = model.add_child(dist, "origin_groups", group.loc(), &key) else {
                continue;
            };
            group.set(model, obj, "id", "Id");
            if let Some(codes) = group.path(&["FailoverCriteria", "StatusCodes"]) {
                codes.set_list(model, obj, "status_codes", "Items");
            }
            if let Some(members) = group.map("Members") {
                let ids: Vec<Value> = members
                    .maps("Items")
                    .iter()
                    .filter_map(|m| m.value("OriginId"))
                    .collect();
                model.set(obj, "member_ids", Slot::Values(ids));
            }
        }
    }

    if let Some(default) = config.map("DefaultCacheBehavior") {
        read_behavior(model, dist, default, "default".to_string(), true);
    }
    for (i, behavior) in config.maps("CacheBehaviors").into_iter().enumerate() {
        let key = child_key(behavior.value("PathPattern").as_ref(), i);
        read_behavior(model, dist, behavior, key, false);
    }

    for (i, response) in config.maps("CustomErrorResponses").into_iter().enumerate() {
        let key = child_key(response.value("ErrorCode").as_ref(), i);
        let Some(obj) = model.add_child(dist, "custom_error_responses", response.loc(), &key)
        else {
            continue;
        };
        response.set(model, obj, "error_code", "ErrorCode");
        response.set(model, obj, "error_caching_min_ttl", "ErrorCachingMinTTL");
        response.set(model, obj, "response_code", "ResponseCode");
        response.set(model, obj, "response_page_path", "ResponsePagePath");
    }
}

fn read_origin(model: &mut Model, dist: ObjId, origin: Props<'_>, index: usize) {
    let key = child_key(origin.value("Id").as_ref(), index);
    let Some(obj) = model.add_child(dist, "origins", origin.loc(), &key) else {
        return;
    };
    origin.set(model, obj, "id", "Id");
    origin.set(model, obj, "domain_name", "DomainName");
    origin.set(model, obj, "origin_path", "OriginPath");
    origin.set_or(
        model,
        obj,
        "connection_attempts",
        "ConnectionAttempts",
        Scalar::Int(defaults::ORIGIN_CONNECTION_ATTEMPTS),
    );
    origin.set_or(
        model,
        obj,
        "connection_timeout",
        "ConnectionTimeout",
        Scalar::Int(defaults::ORIGIN_CONNECTION_TIMEOUT),
    );
    origin.set(
        model,
        obj,
        "response_completion_timeout",
        "ResponseCompletionTimeout",
    );
    origin.set(
        model,
        obj,
        "origin_access_control_id",
        "OriginAccessControlId",
    );

    let custom = origin.map("CustomOriginConfig");
    let s3 = origin.map("S3OriginConfig");
    let vpc = origin.map("VpcOriginConfig");
    let config = match (&custom, &s3, &vpc) {
        (Some(c), _, _) => Value::known(Scalar::str("custom"), c.loc()),
        (None, Some(s), _) => Value::known(Scalar::str("s3"), s.loc()),
        (None, None, Some(v)) => Value::known(Scalar::str("vpc"), v.loc()),
        (None, None, None) => Value::default_value(Scalar::str("none"), origin.loc()),
    };
    model.set_value(obj, "config", config);

    if let Some(c) = custom {
        c.set(model, obj, "protocol_policy", "OriginProtocolPolicy");
        c.set_or(
            model,
            obj,
            "http_port",
            "HTTPPort",
            Scalar::Int(defaults::ORIGIN_HTTP_PORT),
        );
        c.set_or(
            model,
            obj,
            "https_port",
            "HTTPSPort",
            Scalar::Int(defaults::ORIGIN_HTTPS_PORT),
        );
        // The CloudFormation registry schema's default, not the console's.
        c.set_list_or(
            model,
            obj,
            "ssl_protocols",
            "OriginSSLProtocols",
            defaults::CLOUDFORMATION_ORIGIN_SSL_PROTOCOLS,
        );
        c.set_or(
            model,
            obj,
            "read_timeout",
            "OriginReadTimeout",
            Scalar::Int(defaults::ORIGIN_READ_TIMEOUT),
        );
        c.set_or(
            model,
            obj,
            "keepalive_timeout",
            "OriginKeepaliveTimeout",
            Scalar::Int(defaults::ORIGIN_KEEPALIVE_TIMEOUT),
        );
        c.set(model, obj, "ip_address_type", "IpAddressType");
    } else if let Some(s) = s3 {
        s.set(model, obj, "origin_access_identity", "OriginAccessIdentity");
        s.set_or(
            model,
            obj,
            "read_timeout",
            "OriginReadTimeout",
            Scalar::Int(defaults::ORIGIN_READ_TIMEOUT),
        );
    } else if let Some(v) = vpc {
        v.set(model, obj, "vpc_origin_id", "VpcOriginId");
        v.set_or(
            model,
            obj,
            "read_timeout",
            "OriginReadTimeout",
            Scalar::Int(defaults::ORIGIN_READ_TIMEOUT),
        );
        v.set_or(
            model,
            obj,
            "keepalive_timeout",
            "OriginKeepaliveTimeout",
            Scalar::Int(defaults::ORIGIN_KEEPALIVE_TIMEOUT),
        );
    }

    for (i, header) in origin.maps("OriginCustomHeaders").into_iter().enumerate() {
        let key = child_key(header.value("HeaderName").as_ref(), i);
        let Some(h) = model.add_child(obj, "custom_headers", header.loc(), &key) else {
            continue;
        };
        header.set(model, h, "name", "HeaderName");
        header.set(model, h, "value", "HeaderValue");
    }

    if let Some(shield) = origin.map("OriginShield") {
        shield.set(model, obj, "origin_shield_enabled", "Enabled");
        shield.set(model, obj, "origin_shield_region", "OriginShieldRegion");
    }
}

fn read_behavior(model: &mut Model, dist: ObjId, b: Props<'_>, key: String, is_default: bool) {
    let Some(obj) = model.add_child(dist, "behaviors", b.loc(), &key) else {
        return;
    };
    model.set_value(
        obj,
        "is_default",
        Value::known(Scalar::Bool(is_default), b.loc()),
    );
    if !is_default {
        b.set(model, obj, "path_pattern", "PathPattern");
    }
    b.set(model, obj, "target_origin_id", "TargetOriginId");
    b.set(model, obj, "viewer_protocol_policy", "ViewerProtocolPolicy");
    b.set_list_or(
        model,
        obj,
        "allowed_methods",
        "AllowedMethods",
        defaults::BEHAVIOR_ALLOWED_METHODS,
    );
    b.set(model, obj, "cache_policy_id", "CachePolicyId");
    b.set(
        model,
        obj,
        "origin_request_policy_id",
        "OriginRequestPolicyId",
    );
    if let Some(fv) = b.map("ForwardedValues") {
        model.set_value(
            obj,
            "has_forwarded_values",
            Value::known(Scalar::Bool(true), fv.loc()),
        );
        fv.set_list(model, obj, "forwarded_headers", "Headers");
    }

    for (i, assoc) in b.maps("LambdaFunctionAssociations").into_iter().enumerate() {
        let key = child_key(assoc.value("EventType").as_ref(), i);
        let Some(a) = model.add_child(obj, "lambda_associations", assoc.loc(), &key) else {
            continue;
        };
        assoc.set(model, a, "event_type", "EventType");
        assoc.set(model, a, "arn", "LambdaFunctionARN");
        assoc.set_or(
            model,
            a,
            "include_body",
            "IncludeBody",
            Scalar::Bool(defaults::LAMBDA_ASSOCIATION_INCLUDE_BODY),
        );
    }
    for (i, assoc) in b.maps("FunctionAssociations").into_iter().enumerate() {
        let key = child_key(assoc.value("EventType").as_ref(), i);
        let Some(a) = model.add_child(obj, "function_associations", assoc.loc(), &key) else {
            continue;
        };
        assoc.set(model, a, "event_type", "EventType");
        assoc.set(model, a, "arn", "FunctionARN");
    }
}
