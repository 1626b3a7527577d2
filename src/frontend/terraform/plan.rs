//! `terraform show -json` plans: each resource's planned values
//! (`resource_changes[].change.after`, or `planned_values` when a plan has
//! no changes list), with `after_unknown` values Unknown and linked to what
//! the configuration computes them from (`expressions.*.references`), read
//! by the same resource readers as HCL. Spans point into the plan file.

use std::collections::HashMap;
use std::path::Path;

use super::computed::configuration_resource;
use super::config::Config;
use super::instance::{Instance, Shared};
use super::reader::Reader;
use super::resources;
use super::syntax::{Body, PlanBody};
use super::value::{Budget, Scope, V};
use super::{FrontendError, Options, Scenario};
use crate::document::Node;
use crate::model::Model;
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
        out.insert(entry.key.to_string(), region);
    }
    out
}
