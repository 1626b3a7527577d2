//! `terraform show -json` plans: each resource's planned values
//! (`resource_changes[].change.after`, or `planned_values` when a plan has
//! no changes list), with `after_unknown` values Unknown and linked to what
//! the configuration computes them from (`expressions.*.references`), read
//! by the same resource readers as HCL. Spans point into the plan file.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::config::Config;
use super::eval::{Budget, Scope, V, Val};
use super::instance::{Instance, Shared};
use super::reader::Reader;
use super::resources;
use super::syntax::{Body, PlanBody};
use super::{FrontendError, Options, Scenario};
use crate::document::{Node, NodeValue};
use crate::model::{Attribute, Model, Part, Reference, UnknownReason};
use crate::source::{FileId, Loc};

/// Modules nested deeper than this in `planned_values` are not read.
const MAX_PLAN_MODULE_DEPTH: usize = 16;

struct PlannedResource<'a> {
    address: &'a str,
    data: bool,
    ty: &'a str,
    module: &'a str,
    values: &'a Node,
    unknown: Option<&'a Node>,
}

/// `dir` is the plan file's directory: a relative `filename` is read from
/// there, as if the plan was written where Terraform ran.
pub fn load(
    file: FileId,
    dir: &Path,
    doc: &Node,
    options: &Options,
) -> Result<Vec<Scenario>, FrontendError> {
    let configs = vec![Config::new(dir)];
    let shared = Shared {
        configs: &configs,
        budget: Budget::default(),
        region: options.region.clone(),
    };
    let Some(config) = configs.first() else {
        return Ok(Vec::new());
    };
    let mut inst = Instance::new(
        &shared,
        config,
        String::new(),
        0,
        HashMap::new(),
        &[],
        providers(doc, file),
    );
    inst.plan = Some(doc);
    let planned = planned_resources(doc);
    let mut model = Model::new();
    for attachments in [false, true] {
        for r in &planned {
            let kind = resources::kind(r.data, r.ty);
            if kind == resources::Kind::Ignored || kind.is_attachment() != attachments {
                continue;
            }
            let body = Body::Plan(PlanBody {
                values: r.values,
                unknown: r.unknown,
                config: configuration_resource(doc, r.module, r.address),
                module: r.module,
                file,
            });
            let reader = Reader::new(&inst, body, Scope::default());
            resources::read(&mut model, kind, r.address, &reader);
        }
    }
    Ok(vec![Scenario {
        model,
        conditions: Vec::new(),
    }])
}

fn planned_resources(doc: &Node) -> Vec<PlannedResource<'_>> {
    let mut out = Vec::new();
    let changes = doc.get("resource_changes").map(Node::items).unwrap_or(&[]);
    for rc in changes {
        let Some(change) = rc.get("change") else {
            continue;
        };
        let actions: Vec<&str> = change
            .get("actions")
            .map(|a| a.items().iter().filter_map(Node::as_str).collect())
            .unwrap_or_default();
        if actions == ["delete"] {
            continue;
        }
        let Some(values) = change.get("after").filter(|a| a.is_map()) else {
            continue;
        };
        let (Some(address), Some(ty)) = (
            rc.get("address").and_then(Node::as_str),
            rc.get("type").and_then(Node::as_str),
        ) else {
            continue;
        };
        out.push(PlannedResource {
            address,
            data: rc.get("mode").and_then(Node::as_str) == Some("data"),
            ty,
            module: rc
                .get("module_address")
                .and_then(Node::as_str)
                .unwrap_or(""),
            values,
            unknown: change.get("after_unknown"),
        });
    }
    // Data sources read during plan appear only in planned_values; so do
    // all resources of a plan written without resource_changes.
    if let Some(root) = doc.get_path(&["planned_values", "root_module"]) {
        let mut stack = vec![(root, 0usize)];
        while let Some((module, depth)) = stack.pop() {
            for r in module.get("resources").map(Node::items).unwrap_or(&[]) {
                let (Some(address), Some(ty), Some(values)) = (
                    r.get("address").and_then(Node::as_str),
                    r.get("type").and_then(Node::as_str),
                    r.get("values").filter(|v| v.is_map()),
                ) else {
                    continue;
                };
                if out.iter().any(|p| p.address == address) {
                    continue;
                }
                out.push(PlannedResource {
                    address,
                    data: r.get("mode").and_then(Node::as_str) == Some("data"),
                    ty,
                    module: module.get("address").and_then(Node::as_str).unwrap_or(""),
                    values,
                    unknown: None,
                });
            }
            if depth < MAX_PLAN_MODULE_DEPTH {
                for child in module.get("child_modules").map(Node::items).unwrap_or(&[]) {
                    stack.push((child, depth + 1));
                }
            }
        }
    }
    out
}

/// The configuration block of a resource: found by walking
/// `configuration.root_module.module_calls` along its module address.
fn configuration_resource<'a>(doc: &'a Node, module: &str, address: &str) -> Option<&'a Node> {
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

/// Provider regions from `configuration.provider_config` (`aws`,
/// `aws.east`; in modules `module.x:aws`).
fn providers(doc: &Node, file: FileId) -> HashMap<String, Option<V>> {
    let mut out = HashMap::new();
    let Some(config) = doc.get_path(&["configuration", "provider_config"]) else {
        return out;
    };
    for entry in config.entries() {
        let region = entry
            .value
            .get_path(&["expressions", "region", "constant_value"])
            .and_then(|r| r.as_str().map(|s| V::str(s, Loc::new(file, r.span))));
        out.insert(entry.key.clone(), region);
    }
    out
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
    if let Some(text) = expression.get("constant_value").and_then(Node::as_str) {
        return Some(V::str(text, loc));
    }
    let references: Vec<&str> = expression
        .get("references")?
        .items()
        .iter()
        .filter_map(Node::as_str)
        .collect();
    Some(super::attributes::issued(computed_within(
        doc,
        &references,
        module,
        loc,
        depth + 1,
    )))
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
