//! The CloudFront API's shape, shared by the two front-ends that read it:
//! CloudFormation, whose `AWS::CloudFront::Distribution` mirrors the API,
//! and exports, which are the API's own JSON.
//!
//! [`ApiMap`] is one object of either format: its [`Fields`] (scalars with spans),
//! nested objects, lists. The two formats differ in how they wrap lists
//! (exports always as `{Quantity, Items}`, CloudFormation only in a few
//! places) and in how they spell a handful of keys; [`DistributionDialect`]
//! names those keys and the few details only one format has, and
//! [`read_distribution`] reads the rest once for both.

use super::fields::{
    AssociationKeys, Fields, child_key, read_function_associations, read_lambda_associations,
};
use crate::model::{Model, ObjId, Scalar, Slot, Value, defaults};
use crate::source::Loc;

/// One object of a document in the API's shape: [`Fields`], and the
/// nested objects and lists the API's shape has.
pub trait ApiMap: Fields + Copy {
    /// A nested object.
    fn map(&self, key: &str) -> Option<Self>;

    /// The objects of a list field, as the format writes its lists; items
    /// that are not objects are skipped.
    fn maps(&self, key: &str) -> Vec<Self>;

    /// The objects of a list the API wraps as `{Quantity, Items}` and
    /// CloudFormation keeps wrapped (`OriginGroups`, `Members`); `None`
    /// when the list is absent.
    fn wrapped_maps(&self, key: &str) -> Option<Vec<Self>>;

    /// The scalars of a list the API wraps as `{Quantity, Items}` and
    /// CloudFormation keeps wrapped (`StatusCodes`).
    fn wrapped_list(&self, key: &str) -> Option<Slot>;

    /// Where `key` itself is written, when it is: a finding about a
    /// setting's presence points there rather than inside its value.
    fn key_loc(&self, key: &str) -> Option<Loc>;

    /// A nested object reached through several keys.
    fn path(&self, keys: &[&str]) -> Option<Self> {
        keys.iter().try_fold(*self, |obj, key| obj.map(key))
    }
}

/// The keys of a distribution configuration that the formats spell
/// differently (each documented as CloudFormation's, then the API's as
/// exports write it), and the default only one of them documents.
pub struct Spellings {
    /// `IPV6Enabled`, `IsIPV6Enabled`.
    pub ipv6_enabled: &'static str,
    /// `AcmCertificateArn`, `ACMCertificateArn`.
    pub acm_certificate_arn: &'static str,
    /// `IamCertificateId`, `IAMCertificateId`.
    pub iam_certificate_id: &'static str,
    /// `SslSupportMethod`, `SSLSupportMethod`.
    pub ssl_support_method: &'static str,
    /// `OriginSSLProtocols`, `OriginSslProtocols`.
    pub origin_ssl_protocols: &'static str,
    /// What an absent `origin_ssl_protocols` list defaults to, if the
    /// format documents a default.
    pub origin_ssl_protocols_default: Option<&'static [&'static str]>,
    /// `OriginCustomHeaders`, `CustomHeaders`.
    pub origin_custom_headers: &'static str,
}

/// How one format writes a distribution configuration in the API's shape.
pub trait DistributionDialect: ApiMap {
    const SPELLINGS: Spellings;

    /// Reads what this format adds to a viewer certificate, after the
    /// fields both formats have.
    fn read_viewer_certificate_extras(&self, _model: &mut Model, _obj: ObjId) {}

    /// A custom error response's `ResponseCode`, as a model value.
    fn response_code(&self) -> Option<Value> {
        self.value("ResponseCode")
    }
}

/// Reads a distribution configuration into `dist`: its settings, viewer
/// certificate, origins, origin groups, behaviors and custom error
/// responses.
pub fn read_distribution<M: DistributionDialect>(model: &mut Model, dist: ObjId, config: M) {
    let keys = &M::SPELLINGS;
    config.set(model, dist, "enabled", "Enabled");
    config.set_list(model, dist, "aliases", "Aliases");
    config.set(model, dist, "ipv6_enabled", keys.ipv6_enabled);
    config.set(model, dist, "http_version", "HttpVersion");
    config.set(model, dist, "web_acl_id", "WebACLId");

    if let Some(cert) = config.map("ViewerCertificate") {
        read_viewer_certificate(model, dist, cert);
    }
    for (i, origin) in config.maps("Origins").into_iter().enumerate() {
        read_origin(model, dist, origin, i);
    }
    for (i, group) in config
        .wrapped_maps("OriginGroups")
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        read_origin_group(model, dist, group, i);
    }
    if let Some(default) = config.map("DefaultCacheBehavior") {
        read_behavior(model, dist, default, "default".to_string(), true);
    }
    for (i, behavior) in config.maps("CacheBehaviors").into_iter().enumerate() {
        let key = child_key(behavior.value("PathPattern").as_ref(), i);
        read_behavior(model, dist, behavior, key, false);
    }
    for (i, response) in config.maps("CustomErrorResponses").into_iter().enumerate() {
        read_custom_error_response(model, dist, response, i);
    }
}

fn read_viewer_certificate<M: DistributionDialect>(model: &mut Model, dist: ObjId, cert: M) {
    let Some(obj) = model.add_child(dist, "viewer_certificate", cert.loc(), "viewer_certificate")
    else {
        return;
    };
    let keys = &M::SPELLINGS;
    cert.set(model, obj, "acm_certificate_arn", keys.acm_certificate_arn);
    cert.set(model, obj, "iam_certificate_id", keys.iam_certificate_id);
    cert.set(
        model,
        obj,
        "cloudfront_default_certificate",
        "CloudFrontDefaultCertificate",
    );
    cert.set(model, obj, "ssl_support_method", keys.ssl_support_method);
    cert.set(
        model,
        obj,
        "minimum_protocol_version",
        "MinimumProtocolVersion",
    );
    cert.read_viewer_certificate_extras(model, obj);
}

fn read_origin<M: DistributionDialect>(model: &mut Model, dist: ObjId, origin: M, index: usize) {
    let key = child_key(origin.value("Id").as_ref(), index);
    let Some(obj) = model.add_child(dist, "origins", origin.loc(), &key) else {
        return;
    };
    let keys = &M::SPELLINGS;
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
        match keys.origin_ssl_protocols_default {
            Some(default) => c.set_list_or(
                model,
                obj,
                "ssl_protocols",
                keys.origin_ssl_protocols,
                default,
            ),
            None => c.set_list(model, obj, "ssl_protocols", keys.origin_ssl_protocols),
        }
        read_timeouts(model, obj, c, true);
        c.set(model, obj, "ip_address_type", "IpAddressType");
    } else if let Some(s) = s3 {
        s.set(model, obj, "origin_access_identity", "OriginAccessIdentity");
        read_timeouts(model, obj, s, false);
    } else if let Some(v) = vpc {
        v.set(model, obj, "vpc_origin_id", "VpcOriginId");
        read_timeouts(model, obj, v, true);
    }

    for (i, header) in origin
        .maps(keys.origin_custom_headers)
        .into_iter()
        .enumerate()
    {
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

/// The read timeout of an origin configuration, and its keep-alive
/// timeout where it has one (custom and VPC origins, not S3).
fn read_timeouts(model: &mut Model, obj: ObjId, config: impl ApiMap, keepalive: bool) {
    config.set_or(
        model,
        obj,
        "read_timeout",
        "OriginReadTimeout",
        Scalar::Int(defaults::ORIGIN_READ_TIMEOUT),
    );
    if keepalive {
        config.set_or(
            model,
            obj,
            "keepalive_timeout",
            "OriginKeepaliveTimeout",
            Scalar::Int(defaults::ORIGIN_KEEPALIVE_TIMEOUT),
        );
    }
}

fn read_origin_group(model: &mut Model, dist: ObjId, group: impl ApiMap, index: usize) {
    let key = child_key(group.value("Id").as_ref(), index);
    let Some(obj) = model.add_child(dist, "origin_groups", group.loc(), &key) else {
        return;
    };
    group.set(model, obj, "id", "Id");
    if let Some(criteria) = group.map("FailoverCriteria")
        && let Some(codes) = criteria.wrapped_list("StatusCodes")
    {
        model.set(obj, "status_codes", codes);
    }
    if let Some(members) = group.wrapped_maps("Members") {
        let ids: Vec<Value> = members.iter().filter_map(|m| m.value("OriginId")).collect();
        model.set(obj, "member_ids", Slot::Values(ids));
    }
}

fn read_behavior(model: &mut Model, dist: ObjId, b: impl ApiMap, key: String, is_default: bool) {
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
        let at = b.key_loc("ForwardedValues").unwrap_or_else(|| fv.loc());
        model.set_value(
            obj,
            "has_forwarded_values",
            Value::known(Scalar::Bool(true), at),
        );
        fv.set_list(model, obj, "forwarded_headers", "Headers");
    }

    read_lambda_associations(model, obj, b.maps("LambdaFunctionAssociations"), &API_KEYS);
    read_function_associations(model, obj, b.maps("FunctionAssociations"), &API_KEYS);
}

/// The API's (and CloudFormation's) association keys.
const API_KEYS: AssociationKeys = AssociationKeys {
    event_type: "EventType",
    lambda_arn: "LambdaFunctionARN",
    function_arn: "FunctionARN",
    include_body: "IncludeBody",
};

fn read_custom_error_response<M: DistributionDialect>(
    model: &mut Model,
    dist: ObjId,
    response: M,
    index: usize,
) {
    let key = child_key(response.value("ErrorCode").as_ref(), index);
    let Some(obj) = model.add_child(dist, "custom_error_responses", response.loc(), &key) else {
        return;
    };
    response.set(model, obj, "error_code", "ErrorCode");
    response.set(model, obj, "error_caching_min_ttl", "ErrorCachingMinTTL");
    if let Some(code) = response.response_code() {
        model.set_value(obj, "response_code", code);
    }
    response.set(model, obj, "response_page_path", "ResponsePagePath");
}
