//! CloudFormation templates (YAML or JSON, SAM included) into the model:
//! one model per scenario of the template's undecided conditions.

mod assembly;
mod call;
mod certificate;
mod conditions;
mod distribution;
mod globals;
mod iam;
mod intrinsics;
mod lambda;
mod network;
mod policy;
mod props;
mod quantity;
mod route53;
mod sam;
mod template;

use std::collections::HashMap;
use std::path::Path;

use super::{FrontendError, Options, Scenario};
use crate::document::Node;
use crate::model::Model;
use crate::source::{FileId, Loc};

pub use assembly::{Stack, construct_paths, load_assembly};
pub use conditions::MAX_CONDITION_SCENARIOS;
pub use globals::MAX_GLOBALS_COPIES;
pub use intrinsics::{MAX_EVAL_BYTES, MAX_EVAL_DEPTH, MAX_EVAL_STEPS};

/// Resources of the types edgelint reads that one template may declare:
/// twenty times CloudFormation's own quota of 500 per stack. A template
/// with more cannot be deployed; its check ends with `limit-exceeded`.
pub const MAX_TEMPLATE_RESOURCES: usize = 10_000;
/// Document nodes of the resources edgelint reads, times the scenarios of
/// undecided conditions they are read in: what building the models and
/// running the rules over them take time and memory for. Counted before
/// any model is built. A template whose resources hold more in one
/// scenario is not checked; otherwise its scenarios are cut to as many
/// as fit (at least one), with an error saying so, so time and memory
/// grow with the template, not with its conditions times its resources.
/// A template CloudFormation deploys is at most 1 MB, which holds about
/// this many nodes in all.
pub const MAX_SCENARIO_NODES: usize = 100_000;

use intrinsics::Eval;
use props::Props;
use template::{Resource, Template};

/// Resource types read into the model; every other type is ignored.
const READ_TYPES: &[&str] = &[
    "AWS::CloudFront::Distribution",
    "AWS::CloudFront::Function",
    "AWS::CloudFront::OriginRequestPolicy",
    "AWS::CloudFront::CachePolicy",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::ElasticLoadBalancingV2::ListenerCertificate",
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::SecurityGroupIngress",
    "AWS::EC2::PrefixList",
    "AWS::CertificateManager::Certificate",
    "AWS::Lambda::Function",
    "AWS::Lambda::Version",
    "AWS::Lambda::Alias",
    "AWS::Serverless::Function",
    "AWS::IAM::Role",
    "AWS::Route53::HostedZone",
    "AWS::Route53::RecordSet",
    "AWS::Route53::RecordSetGroup",
];

/// Resources that attach to others; read once those exist.
const ATTACHMENT_TYPES: &[&str] = &[
    "AWS::ElasticLoadBalancingV2::ListenerCertificate",
    "AWS::EC2::SecurityGroupIngress",
];

/// Whether a document is a CloudFormation template: it says so with
/// `AWSTemplateFormatVersion`, or it declares at least one `AWS::` resource.
pub fn is_template(doc: &Node) -> bool {
    if !doc.is_map() {
        return false;
    }
    if doc.get("AWSTemplateFormatVersion").is_some() {
        return true;
    }
    doc.get("Resources").is_some_and(|resources| {
        resources.entries().iter().any(|e| {
            e.value
                .get("Type")
                .and_then(Node::as_str)
                .is_some_and(|t| t.starts_with("AWS::"))
        })
    })
}

/// Reads a template into one model per deploy scenario. `dir` is the
/// template's directory, which local artifact paths are relative to.
/// `notes` gets the errors that do not end the check (scenarios left out
/// at a limit).
pub fn load(
    file: FileId,
    dir: &Path,
    doc: &Node,
    options: &Options,
    notes: &mut Vec<FrontendError>,
) -> Result<Vec<Scenario>, FrontendError> {
    let (template, plan) = prepare(file, dir, doc, options, notes)?;
    let mut scenarios = Vec::with_capacity(plan.len());
    for assignment in plan {
        let mut model = Model::new();
        build_into(&mut model, &template, &assignment, doc)?;
        scenarios.push(Scenario {
            model,
            conditions: assignment,
        });
    }
    Ok(scenarios)
}

/// A template read and checked against the limits, with the assignments of
/// its undecided conditions to evaluate it under.
type Prepared<'a> = (Template<'a>, Vec<Vec<(String, bool)>>);

fn prepare<'a>(
    file: FileId,
    dir: &'a Path,
    doc: &'a Node,
    options: &'a Options,
    notes: &mut Vec<FrontendError>,
) -> Result<Prepared<'a>, FrontendError> {
    let mut template = Template::read(file, dir, doc, options)?;
    sam::add_generated(&mut template);
    let read = template
        .resources
        .iter()
        .filter(|r| READ_TYPES.contains(&r.ty))
        .count();
    if read > MAX_TEMPLATE_RESOURCES {
        let at = doc.entry("Resources").map_or(doc.span, |e| e.key_span);
        return Err(FrontendError {
            code: "limit-exceeded",
            message: format!(
                "the template declares {read} resources edgelint reads, more than {MAX_TEMPLATE_RESOURCES} (CloudFormation deploys at most 500 per stack); it is not checked"
            ),
            loc: Some(Loc::new(file, at)),
        });
    }
    let nodes: usize = template
        .resources
        .iter()
        .filter(|r| READ_TYPES.contains(&r.ty))
        .map(|r| r.props().map_or(1, Node::count))
        .sum();
    let resources_at = || {
        Loc::new(
            file,
            doc.entry("Resources").map_or(doc.span, |e| e.key_span),
        )
    };
    if nodes > MAX_SCENARIO_NODES {
        return Err(FrontendError {
            code: "limit-exceeded",
            message: format!(
                "the properties of the resources edgelint reads hold {nodes} nodes, more than {MAX_SCENARIO_NODES} (a template CloudFormation deploys is at most 1 MB); it is not checked"
            ),
            loc: Some(resources_at()),
        });
    }
    let mut plan = conditions::plan(&template, |ty| READ_TYPES.contains(&ty));
    let fit = (MAX_SCENARIO_NODES / nodes.max(1)).max(1);
    if plan.len() > fit {
        notes.push(FrontendError {
            code: "limit-exceeded",
            message: format!(
                "the undecided conditions give {} scenarios of {nodes} nodes of resources edgelint reads, more than {MAX_SCENARIO_NODES} nodes in all; only {fit} of the scenarios are checked",
                plan.len()
            ),
            loc: Some(doc.entry("Conditions").map_or_else(resources_at, |e| Loc::new(file, e.key_span))),
        });
        plan.truncate(fit);
    }
    Ok((template, plan))
}

/// Reads the resources of one scenario of a template into `model`.
fn build_into(
    model: &mut Model,
    template: &Template<'_>,
    assignment: &[(String, bool)],
    doc: &Node,
) -> Result<(), FrontendError> {
    let eval = Eval::new(
        template,
        assignment.iter().cloned().collect::<HashMap<_, _>>(),
    );
    build(model, &eval);
    if eval.spent() {
        // a template no real deployment writes: half-evaluated values
        // would give findings no one can trust
        return Err(FrontendError {
            code: "limit-exceeded",
            message: format!(
                "evaluating the template's intrinsic functions took more than {} steps or built more than {} MiB of text, here",
                intrinsics::MAX_EVAL_STEPS,
                intrinsics::MAX_EVAL_BYTES / (1024 * 1024)
            ),
            loc: Some(eval.spent_at().unwrap_or(Loc::new(template.file, doc.span))),
        });
    }
    Ok(())
}

/// Reads the resources of one scenario into `model`.
fn build(model: &mut Model, eval: &Eval<'_>) {
    for attachments in [false, true] {
        for resource in &eval.t.resources {
            if ATTACHMENT_TYPES.contains(&resource.ty) != attachments || !exists(eval, resource) {
                continue;
            }
            if let Some(props) = properties(eval, resource) {
                read_resource(model, resource, props);
            }
        }
    }
}

fn read_resource(model: &mut Model, resource: &Resource<'_>, props: Props<'_>) {
    let id = resource.id;
    match resource.ty {
        "AWS::CloudFront::Distribution" => distribution::read(model, id, props),
        "AWS::CloudFront::Function" => lambda::read_cloudfront_function(model, id, props),
        "AWS::CloudFront::OriginRequestPolicy" => {
            policy::read_origin_request_policy(model, id, props)
        }
        "AWS::CloudFront::CachePolicy" => policy::read_cache_policy(model, id, props),
        "AWS::ElasticLoadBalancingV2::LoadBalancer" => {
            network::read_load_balancer(model, id, props);
        }
        "AWS::ElasticLoadBalancingV2::Listener" => network::read_listener(model, id, props),
        "AWS::ElasticLoadBalancingV2::ListenerCertificate" => {
            network::attach_listener_certificates(model, props);
        }
        "AWS::EC2::SecurityGroup" => network::read_security_group(model, id, props),
        "AWS::EC2::SecurityGroupIngress" => network::attach_ingress(model, id, props),
        "AWS::EC2::PrefixList" => network::read_prefix_list(model, id, props),
        "AWS::CertificateManager::Certificate" => certificate::read(model, id, props),
        "AWS::Lambda::Function" => {
            lambda::read_function(model, id, props, lambda::Dialect::Lambda);
        }
        "AWS::Serverless::Function" => {
            lambda::read_function(model, id, props, lambda::Dialect::Sam);
        }
        "AWS::Lambda::Version" => lambda::read_version(model, id, props),
        "AWS::Lambda::Alias" => lambda::read_alias(model, id, props),
        "AWS::IAM::Role" => iam::read_role(model, id, props),
        "AWS::Route53::HostedZone" => route53::read_hosted_zone(model, id, props),
        "AWS::Route53::RecordSet" => route53::read_record_set(model, id, props),
        "AWS::Route53::RecordSetGroup" => route53::read_record_set_group(model, id, props),
        _ => {}
    }
}

/// Whether a resource exists in this scenario (its `Condition` holds).
fn exists(eval: &Eval<'_>, resource: &Resource<'_>) -> bool {
    resource
        .condition
        .is_none_or(|name| eval.condition(name) != Some(false))
}

/// The resource's properties map; a resource without one reads as empty,
/// located at the resource entry.
fn properties<'a>(eval: &'a Eval<'a>, resource: &'a Resource<'a>) -> Option<Props<'a>> {
    match resource.props() {
        Some(node) => Props::of(eval, node),
        None => Some(Props::empty(eval, resource.node.span)),
    }
}

#[cfg(test)]
mod tests;
