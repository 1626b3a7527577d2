//! What a `terraform show -json` plan says of a value computed at apply
//! time: the resource attribute it is computed from (followed through
//! certificate validations), found through the configuration's
//! `references`, and the configuration block of a planned resource.

use std::sync::Arc;

use super::attributes;
use super::value::{V, Val};
use crate::document::{Node, NodeValue};
use crate::model::{Attribute, Part, Reference, UnknownReason};
use crate::source::Loc;

/// The configuration block of a resource: found by walking
/// `configuration.root_module.module_calls` along its module address.
pub fn configuration_resource<'a>(doc: &'a Node, module: &str, address: &str) -> Option<&'a Node> {
    let mut at = doc.get_path(&["configuration", "root_module"])?;
    let mut rest = address;
    if !module.is_empty() {
        rest = address.strip_prefix(module)?.strip_prefix('.')?;
        for call in module_names(module) {
            at = at.get("module_calls")?.get(&call)?.get("module")?;
        }
    }
    // the configuration's address has no instance key
    let key_less = strip_index(rest);
    at.get("resources")?
        .items()
        .iter()
        .find(|r| r.get("address").and_then(Node::as_str) == Some(key_less.as_str()))
}

/// Module inputs followed back to the caller's argument at most this many
/// times for one value (once per level of module nesting).
const MAX_MODULE_HOPS: usize = 16;

/// A child module's `var.<name>`, computed at apply time: what the caller's
/// argument (`module_calls.<call>.expressions.<name>`) is computed from, in
/// the caller's module. `None` in the root module, or when the caller sets
/// no such argument.
fn module_input(doc: &Node, module: &str, name: &str, loc: Loc, depth: usize) -> Option<V> {
    let (parent, call) = match module.rfind(".module.") {
        Some(i) => (module.get(..i)?, module.get(i + 1..)?),
        None => ("", module),
    };
    let call = module_names(call).into_iter().next()?;
    let mut at = doc.get_path(&["configuration", "root_module"])?;
    for name in module_names(parent) {
        at = at.get("module_calls")?.get(&name)?.get("module")?;
    }
    let expression = at
        .get("module_calls")?
        .get(&call)?
        .get("expressions")?
        .get(name)?;
    expression_value(doc, expression, parent, loc, depth, |v| v)
}

/// What a configuration expression holds: its constant, or what it is
/// computed from in `module` (passed through `computed`, which says what
/// the referenced value yields here).
fn expression_value(
    doc: &Node,
    expression: &Node,
    module: &str,
    loc: Loc,
    depth: usize,
    computed: impl FnOnce(V) -> V,
) -> Option<V> {
    if let Some(text) = expression.get("constant_value").and_then(Node::as_str) {
        return Some(V::str(text, loc));
    }
    let references: Vec<&str> = expression
        .get("references")?
        .items()
        .iter()
        .filter_map(Node::as_str)
        .collect();
    Some(computed(computed_within(
        doc,
        &references,
        module,
        loc,
        depth + 1,
    )))
}

/// `module.a["x"].module.b` → `["a", "b"]`.
fn module_names(module: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = module;
    while let Some(after) = rest.strip_prefix("module.") {
        let end = after.find(['.', '[']).unwrap_or(after.len());
        out.push(after.get(..end).unwrap_or("").to_string());
        let tail = after.get(end..).unwrap_or("");
        // skip an instance key
        let tail = match tail.strip_prefix('[') {
            Some(t) => t.find(']').and_then(|i| t.get(i + 1..)).unwrap_or(""),
            None => tail,
        };
        rest = tail.strip_prefix('.').unwrap_or(tail);
    }
    out
}

fn strip_index(address: &str) -> String {
    match address.rfind('[') {
        Some(i) if address.ends_with(']') => address.get(..i).unwrap_or(address).to_string(),
        _ => address.to_string(),
    }
}

/// Certificate validations followed back to their certificate at most this
/// many times for one value (a chain of them is not real, but a plan is
/// input).
const MAX_PASS_THROUGH: usize = 4;

/// A value unknown until apply, linked to the first resource attribute it
/// is computed from.
pub fn computed(doc: &Node, references: &[&str], module: &str, loc: Loc) -> V {
    computed_within(doc, references, module, loc, 0)
}

fn computed_within(doc: &Node, references: &[&str], module: &str, loc: Loc, depth: usize) -> V {
    for reference in references {
        let (data, rest) = match reference.strip_prefix("data.") {
            Some(rest) => (true, rest),
            None => (false, *reference),
        };
        if let Some(name) = rest.strip_prefix("var.").filter(|_| !data)
            && depth < MAX_MODULE_HOPS
            && let Some(v) = module_input(doc, module, name, loc, depth)
        {
            return v;
        }
        if rest.starts_with("var.") || rest.starts_with("local.") || rest.starts_with("module.") {
            continue;
        }
        let mut segments = rest.splitn(3, '.');
        let (Some(ty), Some(name), Some(attr)) =
            (segments.next(), segments.next(), segments.next())
        else {
            continue;
        };
        let prefix = if module.is_empty() {
            String::new()
        } else {
            format!("{module}.")
        };
        let address = format!("{prefix}{}{ty}.{name}", if data { "data." } else { "" });
        if (ty, attr) == ("aws_acm_certificate_validation", "certificate_arn")
            && depth < MAX_PASS_THROUGH
            && let Some(v) = validated_certificate(doc, module, &address, loc, depth)
        {
            return v;
        }
        let attribute = normalize(doc, data, ty, &address, attr);
        let parts = match (ty, attr) {
            ("aws_s3_bucket", "bucket_regional_domain_name") => vec![
                Part::Ref(Reference {
                    resource: Arc::from(address.as_str()),
                    attribute: Attribute::DnsName,
                }),
                Part::Text(Arc::from(".s3.")),
                Part::Opaque,
                Part::Text(Arc::from(".amazonaws.com")),
            ],
            _ => vec![Part::Ref(Reference {
                resource: Arc::from(address.as_str()),
                attribute,
            })],
        };
        return V::new(Val::Unknown(UnknownReason::Computed, parts), loc);
    }
    V::unknown(UnknownReason::Computed, loc)
}

/// A certificate validation's `certificate_arn` is the ARN of the
/// certificate it validates: planned when known, else what the
/// configuration computes it from (`aws_acm_certificate.x.arn`).
fn validated_certificate(
    doc: &Node,
    module: &str,
    address: &str,
    loc: Loc,
    depth: usize,
) -> Option<V> {
    if let Some(arn) = planned_value(doc, address, "certificate_arn")
        && let Some(text) = arn.as_str()
    {
        return Some(V::str(text, loc));
    }
    let expression = configuration_resource(doc, module, address)?
        .get("expressions")?
        .get("certificate_arn")?;
    expression_value(doc, expression, module, loc, depth, attributes::issued)
}

/// The attributes rules care about, as the HCL front-end names them.
fn normalize(doc: &Node, data: bool, ty: &str, address: &str, attr: &str) -> Attribute {
    if data {
        return match attr {
            "id" => Attribute::Id,
            other => Attribute::Other(Arc::from(other)),
        };
    }
    match (ty, attr) {
        ("aws_lb" | "aws_alb" | "aws_cloudfront_distribution", "dns_name" | "domain_name") => {
            Attribute::DnsName
        }
        ("aws_lambda_function", "qualified_arn") => {
            match planned_value(doc, address, "publish").map(|p| &p.value) {
                Some(NodeValue::Bool(true)) => Attribute::VersionArn,
                Some(NodeValue::Bool(false)) | None => Attribute::LatestArn,
                Some(_) => Attribute::Other(Arc::from("qualified_arn")),
            }
        }
        ("aws_s3_bucket_website_configuration" | "aws_s3_bucket", "website_endpoint") => {
            Attribute::WebsiteEndpoint
        }
        ("aws_lambda_function" | "aws_lambda_alias" | "aws_acm_certificate", "arn") => {
            Attribute::Arn
        }
        (
            "aws_lb" | "aws_alb" | "aws_lb_listener" | "aws_alb_listener" | "aws_acm_certificate",
            "arn" | "id",
        ) => Attribute::Arn,
        ("aws_acm_certificate_validation", "certificate_arn") => Attribute::Arn,
        (_, "id") => Attribute::Id,
        (_, "arn") => Attribute::Arn,
        (_, other) => Attribute::Other(Arc::from(other)),
    }
}

/// A planned value of a resource, by address.
fn planned_value<'a>(doc: &'a Node, address: &str, field: &str) -> Option<&'a Node> {
    doc.get("resource_changes")?
        .items()
        .iter()
        .find(|rc| rc.get("address").and_then(Node::as_str) == Some(address))?
        .get_path(&["change", "after", field])
}
