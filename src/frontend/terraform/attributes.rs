//! What a reference to a resource or data source attribute evaluates to:
//! the attributes rules care about become references with a normalized
//! [`Attribute`]; arguments written in the configuration are their value;
//! everything else is computed at apply time.

use std::sync::Arc;

use super::config::ResourceBlock;
use super::eval::eval;
use super::functions::to_json;
use super::value::{Names, Scope, V, Val};
use crate::model::{Attribute, Part, Reference, UnknownReason};
use crate::source::Loc;

fn reference(address: &str, attribute: Attribute, loc: Loc) -> V {
    shaped(
        vec![Part::Ref(Reference {
            resource: Arc::from(address),
            attribute,
        })],
        loc,
    )
}

fn shaped(parts: Vec<Part>, loc: Loc) -> V {
    V::new(Val::Unknown(UnknownReason::Computed, parts), loc)
}

fn text(s: &str) -> Part {
    Part::Text(Arc::from(s))
}

/// The certificate ARN a validation passes on: a reference to the
/// certificate's ARN becomes one to its issued ARN, so the model keeps that
/// the deploy waits for the certificate.
pub fn issued(mut v: V) -> V {
    if let Val::Unknown(_, parts) = &mut v.val {
        for part in parts {
            if let Part::Ref(Reference { attribute, .. }) = part
                && *attribute == Attribute::Arn
            {
                *attribute = Attribute::IssuedArn;
            }
        }
    }
    v
}

/// The value of `<address>.<attr>`.
pub fn read(
    instance: &dyn Names,
    block: &ResourceBlock<'_>,
    address: &str,
    scope: &Scope,
    attr: &str,
    loc: Loc,
) -> V {
    let r = |a: Attribute| reference(address, a, loc);
    let configured = |name: &str| {
        block.body.attr(name).map(|e| {
            instance
                .budget()
                .nested(|| eval(instance, e, scope))
                .unwrap_or_else(|| V::unsupported(loc))
        })
    };
    let ty = block.ty.as_str();
    if block.data {
        return match (ty, attr) {
            (
                "aws_ec2_managed_prefix_list"
                | "aws_prefix_list"
                | "aws_cloudfront_origin_request_policy"
                | "aws_cloudfront_cache_policy",
                "id",
            ) => r(Attribute::Id),
            ("aws_iam_policy_document", "json" | "minified_json") => {
                policy_document(instance, block, scope, loc)
            }
            _ => configured(attr).unwrap_or_else(|| V::unknown(UnknownReason::External, loc)),
        };
    }
    match (ty, attr) {
        ("aws_lb" | "aws_alb", "dns_name") => r(Attribute::DnsName),
        ("aws_lb" | "aws_alb" | "aws_lb_listener" | "aws_alb_listener", "arn" | "id") => {
            r(Attribute::Arn)
        }
        ("aws_lambda_function", "arn") => r(Attribute::Arn),
        ("aws_lambda_function", "qualified_arn") => {
            // the version ARN only when each change publishes a version
            let publish = configured("publish");
            match publish.as_ref().map(V::as_bool) {
                Some(Some(true)) => r(Attribute::VersionArn),
                None | Some(Some(false)) => r(Attribute::LatestArn),
                Some(None) => r(Attribute::Other(Arc::from("qualified_arn"))),
            }
        }
        ("aws_lambda_function", "version") => r(Attribute::Other(Arc::from("version"))),
        ("aws_lambda_function", "id" | "function_name") => {
            configured("function_name").unwrap_or_else(|| r(Attribute::Id))
        }
        ("aws_lambda_alias", "arn") => r(Attribute::Arn),
        ("aws_acm_certificate", "arn" | "id") => r(Attribute::Arn),
        ("aws_acm_certificate_validation", "certificate_arn" | "id") => {
            configured("certificate_arn").map_or_else(|| r(Attribute::Arn), issued)
        }
        ("aws_security_group", "id") => r(Attribute::Id),
        ("aws_security_group" | "aws_iam_role" | "aws_cloudfront_function", "arn") => {
            r(Attribute::Arn)
        }
        ("aws_s3_bucket_website_configuration", "website_endpoint") => {
            r(Attribute::WebsiteEndpoint)
        }
        ("aws_s3_bucket", "website_endpoint") => r(Attribute::WebsiteEndpoint),
        ("aws_s3_bucket", "bucket_domain_name") => shaped(
            vec![
                Part::Ref(Reference {
                    resource: Arc::from(address),
                    attribute: Attribute::DnsName,
                }),
                text(".s3.amazonaws.com"),
            ],
            loc,
        ),
        ("aws_s3_bucket", "bucket_regional_domain_name") => shaped(
            vec![
                Part::Ref(Reference {
                    resource: Arc::from(address),
                    attribute: Attribute::DnsName,
                }),
                text(".s3."),
                Part::Opaque,
                text(".amazonaws.com"),
            ],
            loc,
        ),
        ("aws_cloudfront_distribution", "domain_name") => r(Attribute::DnsName),
        // endpoints the provider gives as URLs: their shape shows the scheme
        // and path an origin domain must not carry
        ("aws_lambda_function_url", "function_url") => shaped(
            vec![
                text("https://"),
                Part::Ref(Reference {
                    resource: Arc::from(address),
                    attribute: Attribute::Other(Arc::from("function_url")),
                }),
                text(".lambda-url."),
                Part::Opaque,
                text(".on.aws/"),
            ],
            loc,
        ),
        ("aws_apigatewayv2_api", "api_endpoint") => shaped(
            vec![
                text("https://"),
                Part::Ref(Reference {
                    resource: Arc::from(address),
                    attribute: Attribute::Other(Arc::from("api_endpoint")),
                }),
                text(".execute-api."),
                Part::Opaque,
                text(".amazonaws.com"),
            ],
            loc,
        ),
        ("aws_api_gateway_stage" | "aws_api_gateway_deployment", "invoke_url") => shaped(
            vec![
                text("https://"),
                Part::Ref(Reference {
                    resource: Arc::from(address),
                    attribute: Attribute::Other(Arc::from("invoke_url")),
                }),
                text(".execute-api."),
                Part::Opaque,
                text(".amazonaws.com/"),
                Part::Opaque,
            ],
            loc,
        ),
        ("aws_instance", "private_dns") => shaped(
            vec![
                Part::Ref(Reference {
                    resource: Arc::from(address),
                    attribute: Attribute::Other(Arc::from("private_dns")),
                }),
                text(".compute.internal"),
            ],
            loc,
        ),
        (_, "id") => r(Attribute::Id),
        (_, "arn") => r(Attribute::Arn),
        _ => configured(attr).unwrap_or_else(|| r(Attribute::Other(Arc::from(attr)))),
    }
}

/// `data.aws_iam_policy_document.x.json`: the policy as JSON, with the
/// statements' effects and service principals (what trust checks read).
fn policy_document(instance: &dyn Names, block: &ResourceBlock<'_>, scope: &Scope, loc: Loc) -> V {
    let mut statements = Vec::new();
    for statement in block.body.blocks("statement") {
        let effect = match statement.attr("effect") {
            Some(e) => eval(instance, e, scope),
            None => V::str("Allow", loc),
        };
        let mut services = Vec::new();
        for principals in statement.blocks("principals") {
            let ty = principals.attr("type").map(|e| eval(instance, e, scope));
            let ids = principals
                .attr("identifiers")
                .map(|e| eval(instance, e, scope));
            let (Some(ty), Some(ids)) = (ty, ids) else {
                continue;
            };
            if ty.is_unknown() || ids.has_unknown() {
                return V::unknown(UnknownReason::Unsupported, loc);
            }
            if ty.as_str() != Some("Service") {
                continue;
            }
            match &ids.val {
                Val::List(items) => services.extend(items.iter().filter_map(to_json)),
                _ => services.extend(to_json(&ids)),
            }
        }
        if effect.is_unknown() {
            return V::unknown(UnknownReason::Unsupported, loc);
        }
        statements.push(serde_json::json!({
            "Effect": effect.as_str().unwrap_or("Allow"),
            "Principal": { "Service": services },
        }));
    }
    let doc = serde_json::json!({ "Version": "2012-10-17", "Statement": statements });
    V::str(&doc.to_string(), loc)
}
