//! `AWS::CloudFront::OriginRequestPolicy` and `AWS::CloudFront::CachePolicy`:
//! the headers they send to the origin.

use crate::frontend::api_shape::ApiMap;
use crate::frontend::fields::Fields;
use crate::model::schema::HEADER_POLICY;
use crate::model::{Model, Scalar, defaults};

use super::props::Props;

pub fn read_origin_request_policy(model: &mut Model, id: &str, props: Props<'_>) {
    let Some(config) = props.map("OriginRequestPolicyConfig") else {
        return;
    };
    read(
        model,
        id,
        "origin_request_policies",
        config,
        config.map("HeadersConfig"),
    );
}

pub fn read_cache_policy(model: &mut Model, id: &str, props: Props<'_>) {
    let Some(config) = props.map("CachePolicyConfig") else {
        return;
    };
    let headers = config
        .map("ParametersInCacheKeyAndForwardedToOrigin")
        .and_then(|p| p.map("HeadersConfig"));
    read(model, id, "cache_policies", config, headers);
}

fn read(
    model: &mut Model,
    id: &str,
    collection: &str,
    config: Props<'_>,
    headers: Option<Props<'_>>,
) {
    let policy = model.add_resource_to(collection, &HEADER_POLICY, config.loc(), id);
    config.set(model, policy, "name", "Name");
    match headers {
        Some(h) => {
            h.set_or(
                model,
                policy,
                "header_behavior",
                "HeaderBehavior",
                Scalar::str(defaults::POLICY_HEADER_BEHAVIOR),
            );
            h.set_list(model, policy, "headers", "Headers");
        }
        None => model.set_value(
            policy,
            "header_behavior",
            crate::model::Value::default_value(
                Scalar::str(defaults::POLICY_HEADER_BEHAVIOR),
                config.loc(),
            ),
        ),
    }
}
