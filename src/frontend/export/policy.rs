//! CloudFront cache and origin request policy exports:
//! `get-origin-request-policy`, `get-cache-policy`,
//! `list-origin-request-policies`, `list-cache-policies`.

use crate::document::Node;
use crate::frontend::api_shape::ApiMap;
use crate::frontend::fields::Fields;
use crate::model::Model;
use crate::model::schema::HEADER_POLICY;

use super::api::{self, Obj};

/// The policies a document holds, with the collection each belongs to.
pub fn shape(doc: &Node) -> Option<Vec<(&'static str, &Node)>> {
    const KINDS: &[(&str, &str, &str)] = &[
        (
            "OriginRequestPolicy",
            "OriginRequestPolicyList",
            "origin_request_policies",
        ),
        ("CachePolicy", "CachePolicyList", "cache_policies"),
    ];
    for (single, list, collection) in KINDS {
        if let Some(policy) = doc.get(single).filter(|p| p.get("Id").is_some()) {
            return Some(vec![(*collection, policy)]);
        }
        if let Some(items) = doc.get(list).filter(|l| l.is_map()).and_then(api::items) {
            let policies = items
                .iter()
                .filter_map(|item| item.get(single))
                .filter(|p| p.get("Id").is_some())
                .map(|p| (*collection, p))
                .collect();
            return Some(policies);
        }
    }
    None
}

/// One policy object (`{Id, …, OriginRequestPolicyConfig | CachePolicyConfig}`).
pub fn read(model: &mut Model, collection: &str, policy: Obj<'_>) {
    let Some(id) = policy.str("Id").filter(|s| !s.is_empty()) else {
        return;
    };
    if model.resource(id).is_some() {
        return;
    }
    let (config, headers) = match policy.map("OriginRequestPolicyConfig") {
        Some(c) => (Some(c), c.map("HeadersConfig")),
        None => {
            let c = policy.map("CachePolicyConfig");
            let h = c
                .and_then(|c| c.map("ParametersInCacheKeyAndForwardedToOrigin"))
                .and_then(|p| p.map("HeadersConfig"));
            (c, h)
        }
    };
    let obj = model.add_resource_to(collection, &HEADER_POLICY, policy.loc(), id);
    policy.set(model, obj, "policy_id", "Id");
    if let Some(c) = config {
        c.set(model, obj, "name", "Name");
    }
    if let Some(h) = headers {
        h.set(model, obj, "header_behavior", "HeaderBehavior");
        h.set_list(model, obj, "headers", "Headers");
    }
}
