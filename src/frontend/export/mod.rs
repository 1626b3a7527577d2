//! AWS CLI exports (`get-distribution-config`, `describe-security-groups`,
//! …) into the model. The files of one directory form one unit: a
//! distribution and the related resources exported next to it are linked
//! by ARN, id and DNS name, exactly as written. What was not exported
//! stays unknown.
//!
//! Every file is recognised by its shape, whatever its name.

mod api;
mod certificate;
mod distribution;
mod function;
mod network;
mod policy;
mod quantity;

use std::collections::BTreeSet;
use std::path::Path;

use super::{FrontendError, Options, Scenario};
use crate::document::Node;
use crate::model::Model;
use crate::source::{FileId, Loc};

use api::Obj;

/// Distributions one unit of exports may hold: as many as a
/// CloudFormation template may declare resources edgelint reads
/// (`cloudformation::MAX_TEMPLATE_RESOURCES`). Counted before any is read
/// into the model: 50,000 summaries of `list-distributions` took 430 MiB
/// and 6 s. A unit with more is not checked.
pub const MAX_EXPORT_DISTRIBUTIONS: usize = 10_000;

/// What one export document holds.
enum Shape<'a> {
    /// A `DistributionConfig`: from `get-distribution-config`
    /// (`{ETag, DistributionConfig}`), `get-distribution` and the create and
    /// update outputs (`{ETag, Distribution: {Id, …, DistributionConfig}}`),
    /// a `{Tags, DistributionConfig}` input, or bare (the input file of
    /// `update-distribution`).
    Distribution {
        id: Option<&'a str>,
        config: &'a Node,
    },
    /// `list-distributions`: summaries, one distribution each.
    DistributionList(&'a [Node]),
    SecurityGroups(&'a [Node]),
    PrefixLists(&'a [Node]),
    LoadBalancers(&'a [Node]),
    Listeners(&'a [Node]),
    /// `describe-load-balancer-attributes` (the document itself).
    LoadBalancerAttributes(&'a Node),
    /// `acm describe-certificate`, or the items of `list-certificates`.
    Certificates(Vec<&'a Node>),
    /// Lambda function configurations: `get-function` (`Configuration`),
    /// `get-function-configuration` (the document itself),
    /// `list-versions-by-function` (`Versions`), `list-functions`.
    LambdaConfigurations(Vec<&'a Node>),
    /// CloudFront `describe-function` (`FunctionSummary`) or
    /// `list-functions` (`FunctionList.Items`).
    CloudFrontFunctions(Vec<&'a Node>),
    /// `get-origin-request-policy`, `get-cache-policy` and their `list-`
    /// forms: (collection, the `OriginRequestPolicy`/`CachePolicy` object).
    HeaderPolicies(Vec<(&'static str, &'a Node)>),
}

/// A list whose items are all objects having `key`.
fn list_of<'a>(doc: &'a Node, list: &str, key: &str) -> Option<&'a [Node]> {
    let items = doc.get(list)?;
    (items.is_seq() && items.items().iter().all(|i| i.get(key).is_some())).then(|| items.items())
}

fn shape(doc: &Node) -> Option<Shape<'_>> {
    // `list-distributions --query DistributionList.Items`: the summaries alone
    if doc.is_seq() {
        let summaries = doc.items();
        let all = !summaries.is_empty()
            && summaries
                .iter()
                .all(|s| s.get("Id").is_some() && s.get("Origins").is_some());
        return all.then_some(Shape::DistributionList(summaries));
    }
    if !doc.is_map() {
        return None;
    }
    if let Some(config) = doc.get("DistributionConfig").filter(|c| c.is_map()) {
        // `get-distribution --query Distribution` keeps the id beside it
        return Some(Shape::Distribution {
            id: doc.get("Id").and_then(Node::as_str),
            config,
        });
    }
    if let Some(dist) = doc.get("Distribution")
        && let Some(config) = dist.get("DistributionConfig").filter(|c| c.is_map())
    {
        return Some(Shape::Distribution {
            id: dist.get("Id").and_then(Node::as_str),
            config,
        });
    }
    if ["CallerReference", "Origins", "DefaultCacheBehavior"]
        .iter()
        .all(|k| doc.get(k).is_some())
    {
        return Some(Shape::Distribution {
            id: None,
            config: doc,
        });
    }
    if let Some(list) = doc.get("DistributionList").filter(|l| l.is_map()) {
        return Some(Shape::DistributionList(api::items(list).unwrap_or(&[])));
    }
    if let Some(items) = list_of(doc, "SecurityGroups", "GroupId") {
        return Some(Shape::SecurityGroups(items));
    }
    if let Some(items) = list_of(doc, "PrefixLists", "PrefixListId") {
        return Some(Shape::PrefixLists(items));
    }
    if let Some(items) = list_of(doc, "LoadBalancers", "LoadBalancerArn") {
        return Some(Shape::LoadBalancers(items));
    }
    if let Some(items) = list_of(doc, "Listeners", "ListenerArn") {
        return Some(Shape::Listeners(items));
    }
    if list_of(doc, "Attributes", "Key").is_some() {
        return Some(Shape::LoadBalancerAttributes(doc));
    }
    if let Some(cert) = doc
        .get("Certificate")
        .filter(|c| c.get("CertificateArn").is_some())
    {
        return Some(Shape::Certificates(vec![cert]));
    }
    if let Some(policies) = policy::shape(doc) {
        return Some(Shape::HeaderPolicies(policies));
    }
    if let Some(items) = list_of(doc, "CertificateSummaryList", "CertificateArn") {
        return Some(Shape::Certificates(items.iter().collect()));
    }
    if let Some(config) = doc
        .get("Configuration")
        .filter(|c| c.get("FunctionArn").is_some())
    {
        return Some(Shape::LambdaConfigurations(vec![config]));
    }
    if doc.get("FunctionArn").is_some() && doc.get("FunctionName").is_some() {
        return Some(Shape::LambdaConfigurations(vec![doc]));
    }
    for list in ["Versions", "Functions"] {
        if let Some(items) = list_of(doc, list, "FunctionArn") {
            return Some(Shape::LambdaConfigurations(items.iter().collect()));
        }
    }
    if let Some(summary) = doc
        .get("FunctionSummary")
        .filter(|s| s.get("Name").is_some())
    {
        return Some(Shape::CloudFrontFunctions(vec![summary]));
    }
    if let Some(list) = doc.get("FunctionList").filter(|l| l.is_map()) {
        let items = api::items(list).unwrap_or(&[]);
        return Some(Shape::CloudFrontFunctions(items.iter().collect()));
    }
    None
}

/// Whether a JSON document is an export edgelint reads.
pub fn is_export(doc: &Node) -> bool {
    shape(doc).is_some()
}

/// Reads the export documents of one unit (one directory, or one file),
/// each with the path it was read from.
pub fn load<'a>(
    docs: &[(FileId, &'a Path, &'a Node)],
    options: &Options,
) -> Result<Vec<Scenario>, FrontendError> {
    let _ = options;
    let mut model = Model::new();
    let shapes: Vec<(FileId, &Path, Shape<'a>)> = docs
        .iter()
        .filter_map(|(file, path, doc)| shape(doc).map(|s| (*file, *path, s)))
        .collect();

    // Resources the distributions link to first, so every later step can
    // find them; each resource is read once, the first export naming it wins.
    for (file, _, shape) in &shapes {
        let file = *file;
        let objs = |nodes: &[&'a Node]| objects(file, nodes.iter().copied());
        let seq = |nodes: &'a [Node]| objects(file, nodes.iter());
        match shape {
            Shape::SecurityGroups(items) => {
                for g in seq(items) {
                    network::read_security_group(&mut model, g);
                }
            }
            Shape::PrefixLists(items) => {
                for l in seq(items) {
                    network::read_prefix_list(&mut model, l);
                }
            }
            Shape::LoadBalancers(items) => {
                for lb in seq(items) {
                    network::read_load_balancer(&mut model, lb);
                }
            }
            Shape::Listeners(items) => {
                for l in seq(items) {
                    network::read_listener(&mut model, l);
                }
            }
            Shape::Certificates(items) => {
                for c in objs(items) {
                    certificate::read(&mut model, c);
                }
            }
            Shape::LambdaConfigurations(items) => {
                for c in objs(items) {
                    function::read_lambda(&mut model, c);
                }
            }
            Shape::CloudFrontFunctions(items) => {
                for f in objs(items) {
                    function::read_cloudfront(&mut model, f);
                }
            }
            Shape::HeaderPolicies(items) => {
                for (collection, node) in items {
                    if let Some(p) = Obj::of(file, node) {
                        policy::read(&mut model, collection, p);
                    }
                }
            }
            Shape::Distribution { .. }
            | Shape::DistributionList(_)
            | Shape::LoadBalancerAttributes(_) => {}
        }
    }
    for (file, path, shape) in &shapes {
        if let Shape::LoadBalancerAttributes(doc) = shape
            && let Some(doc) = Obj::of(*file, doc)
        {
            network::read_attributes(&mut model, doc, path);
        }
    }

    if let Some(err) = too_many_distributions(&shapes) {
        return Err(err);
    }
    read_distributions(&mut model, &shapes);
    Ok(vec![Scenario {
        model,
        conditions: Vec::new(),
    }])
}

/// The error for a unit with more than `MAX_EXPORT_DISTRIBUTIONS`
/// distributions, at the first one over it.
fn too_many_distributions(shapes: &[(FileId, &Path, Shape<'_>)]) -> Option<FrontendError> {
    let mut count = 0usize;
    for (file, _, shape) in shapes {
        let nodes: Vec<&Node> = match shape {
            Shape::Distribution { config, .. } => vec![*config],
            Shape::DistributionList(items) => items.iter().collect(),
            _ => continue,
        };
        if let Some(over) = nodes.get(MAX_EXPORT_DISTRIBUTIONS.saturating_sub(count)) {
            let total: usize = shapes
                .iter()
                .map(|(_, _, s)| match s {
                    Shape::Distribution { .. } => 1,
                    Shape::DistributionList(items) => items.len(),
                    _ => 0,
                })
                .sum();
            return Some(FrontendError {
                code: "limit-exceeded",
                message: format!(
                    "the exports hold {total} distributions, more than {MAX_EXPORT_DISTRIBUTIONS}; they are not checked"
                ),
                loc: Some(Loc::new(*file, over.span)),
            });
        }
        count += nodes.len();
    }
    None
}

/// Distributions, each once: those exported with their id first; a
/// configuration equal to one already read (`get-distribution` and
/// `get-distribution-config` of the same version) is skipped; a summary of
/// `list-distributions` only stands in for a distribution not exported in
/// full.
fn read_distributions(model: &mut Model, shapes: &[(FileId, &Path, Shape<'_>)]) {
    let mut read: Vec<&Node> = Vec::new();
    let mut ids: BTreeSet<String> = BTreeSet::new();
    let mut names: BTreeSet<String> = BTreeSet::new();
    let full = shapes.iter().filter_map(|(file, path, s)| match s {
        Shape::Distribution { id, config, .. } => Some((*file, *path, *id, *config)),
        _ => None,
    });
    // Those with an id first.
    let (with_id, without_id): (Vec<_>, Vec<_>) = full.partition(|d| d.2.is_some());
    for (file, path, id, config) in with_id.into_iter().chain(without_id) {
        if read.iter().any(|seen| same_content(seen, config, 0)) {
            continue;
        }
        read.push(config);
        let Some(config) = Obj::of(file, config) else {
            continue;
        };
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("distribution")
            .to_string();
        let name = unique(
            &mut names,
            id.map_or(file_name.clone(), str::to_string),
            &file_name,
        );
        if let Some(id) = id {
            ids.insert(id.to_string());
        }
        distribution::read(model, &name, config);
    }
    for (file, path, shape) in shapes {
        let Shape::DistributionList(items) = shape else {
            continue;
        };
        for (i, item) in items.iter().enumerate() {
            let Some(summary) = Obj::of(*file, item) else {
                continue;
            };
            let id = summary.str("Id").map(str::to_string);
            if id.as_ref().is_some_and(|id| ids.contains(id)) {
                continue;
            }
            let file_name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("distributions");
            let fallback = format!("{file_name}[{i}]");
            let name = unique(
                &mut names,
                id.unwrap_or_else(|| fallback.clone()),
                &fallback,
            );
            distribution::read(model, &name, summary);
        }
    }
}

fn objects<'a>(file: FileId, nodes: impl Iterator<Item = &'a Node>) -> Vec<Obj<'a>> {
    nodes.filter_map(|n| Obj::of(file, n)).collect()
}

/// Deeper than a distribution configuration nests; past it two trees are
/// taken to differ.
const MAX_COMPARE_DEPTH: usize = 32;

/// Whether two documents hold the same values, wherever they are written.
fn same_content(a: &Node, b: &Node, depth: usize) -> bool {
    use crate::document::NodeValue as V;
    if depth > MAX_COMPARE_DEPTH {
        return false;
    }
    match (&a.value, &b.value) {
        (V::Seq(x), V::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_content(p, q, depth + 1))
        }
        (V::Map(x), V::Map(y)) => {
            x.len() == y.len()
                && x.iter().all(|e| {
                    b.get(&e.key)
                        .is_some_and(|other| same_content(&e.value, other, depth + 1))
                })
        }
        (x, y) => x == y,
    }
}

/// A resource name not used yet: `name`, else `name (where)`.
fn unique(used: &mut BTreeSet<String>, name: String, place: &str) -> String {
    let name = if used.contains(&name) {
        format!("{name} ({place})")
    } else {
        name
    };
    used.insert(name.clone());
    name
}

#[cfg(test)]
mod tests;
