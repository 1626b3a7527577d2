//! The stacks of a CDK cloud assembly read as one deployment: each in its
//! own region, and the values that pass between them followed to the
//! object they carry — `Fn::ImportValue` of another stack's export, the
//! SSM parameter an `EdgeFunction` writes in us-east-1 and its
//! `Custom::CrossRegionStringParameterReader` reads, and the
//! `crossRegionReferences` writers and readers — and between a stack and
//! its nested stacks, the parameters it passes down and the outputs it
//! reads back (`Fn::GetAtt Nested.Outputs.Name`).

use std::collections::HashMap;
use std::path::Path;

use super::intrinsics::{Ev, Eval};
use super::template::{Links, Template};
use super::{FrontendError, Options, Scenario, build_into, prepare};
use crate::document::Node;
use crate::model::{Model, Origin, SetBy, UnknownReason, Value};
use crate::source::FileId;

/// One stack of an assembly: its template, and the region its environment
/// names (`None` for `unknown-region`).
pub struct Stack<'a> {
    pub file: FileId,
    pub dir: &'a Path,
    pub doc: &'a Node,
    pub region: Option<String>,
    /// The stack that deploys this one as a nested stack: its index among
    /// the stacks (lower than this one's) and the logical id of its
    /// `AWS::CloudFormation::Stack` resource.
    pub parent: Option<(usize, &'a str)>,
}

/// What the stacks give each other, by the region it is read in (`""`
/// when the region is unknown).
#[derive(Default)]
struct Shared {
    /// SSM parameters by region and name.
    parameters: HashMap<(String, String), Value>,
    /// `Custom::CrossRegionExportWriter` exports by their parameter name
    /// (which names the reading stack, so it is unique in an assembly).
    written: HashMap<String, Value>,
    /// `Outputs` exports by region and export name.
    exports: HashMap<(String, String), Value>,
}

/// Reads the stacks of an assembly into one model per scenario. A stack
/// without an environment region deploys where `--region` says.
pub fn load_assembly(
    stacks: &[Stack<'_>],
    options: &Options,
    notes: &mut Vec<FrontendError>,
) -> Result<Vec<Scenario>, FrontendError> {
    let stack_options: Vec<Options> = stacks
        .iter()
        .map(|s| Options {
            region: s.region.clone().or_else(|| options.region.clone()),
            ..options.clone()
        })
        .collect();
    let mut prepared = Vec::with_capacity(stacks.len());
    for (stack, options) in stacks.iter().zip(&stack_options) {
        prepared.push((
            stack.doc,
            prepare(stack.file, stack.dir, stack.doc, options, notes)?,
        ));
    }
    let mut shared = Shared::default();
    for (doc, (template, plan)) in &prepared {
        shared.gather(template, first_of(plan), doc);
    }
    let links: Vec<Links> = prepared
        .iter()
        .map(|(_, (template, _))| shared.links_of(template))
        .collect();
    for ((_, (template, _)), links) in prepared.iter_mut().zip(links) {
        template.links = links;
    }
    // parameters down to nested stacks, outputs back up; twice, so that
    // an output one nested stack gives its parent reaches a sibling it is
    // passed on to
    let parents: Vec<Option<(usize, &str)>> = stacks
        .iter()
        .enumerate()
        .map(|(i, s)| s.parent.filter(|(p, _)| *p < i))
        .collect();
    for _ in 0..2 {
        for (i, parent) in parents.iter().enumerate() {
            let passed = parent.and_then(|(p, id)| {
                let (_, (template, plan)) = prepared.get(p)?;
                Some(passed_parameters(template, first_of(plan), id))
            });
            if let (Some(passed), Some((_, (template, _)))) = (passed, prepared.get_mut(i)) {
                template.links.parameters = passed;
            }
        }
        for (i, parent) in parents.iter().enumerate().rev() {
            let (Some((p, id)), Some((doc, (template, plan)))) = (parent, prepared.get(i)) else {
                continue;
            };
            let outputs = outputs(template, first_of(plan), doc);
            if let Some((_, (template, _))) = prepared.get_mut(*p) {
                for (name, value) in outputs {
                    let key = (id.to_string(), format!("Outputs.{name}"));
                    template.links.attributes.insert(key, value);
                }
            }
        }
    }
    let count = prepared
        .iter()
        .map(|(_, (_, plan))| plan.len())
        .max()
        .unwrap_or(1);
    let mut scenarios = Vec::with_capacity(count);
    for i in 0..count {
        let mut model = Model::new();
        let mut conditions = Vec::new();
        for (doc, (template, plan)) in &prepared {
            // a stack with fewer scenarios repeats its last one
            let assignment = plan
                .get(i)
                .or_else(|| plan.last())
                .map(Vec::as_slice)
                .unwrap_or_default();
            build_into(&mut model, template, assignment, doc)?;
            conditions.extend(assignment.iter().cloned());
        }
        scenarios.push(Scenario { model, conditions });
    }
    Ok(scenarios)
}

/// The assignment of conditions values that pass between stacks are
/// read under: the first scenario's.
fn first_of(plan: &[Vec<(String, bool)>]) -> &[(String, bool)] {
    plan.first().map(Vec::as_slice).unwrap_or_default()
}

/// A value read in another stack than the one that writes it: where it is
/// written is where it is set, and where a fix would change it.
fn defined_there(value: Value) -> Value {
    match value.origin {
        Some(_) => value,
        None => Value {
            origin: Some(Origin::new(value.loc, SetBy::Written)),
            ..value
        },
    }
}

/// The parameters a template's nested stack resource `id` passes, by
/// name; a value that is not a single one (a list, a map) is unknown. A
/// parameter it does not pass keeps its default.
fn passed_parameters(
    template: &Template<'_>,
    assignment: &[(String, bool)],
    id: &str,
) -> HashMap<String, Value> {
    let Some(resource) = template.resources.iter().find(|r| r.id == id) else {
        return HashMap::new();
    };
    let eval = Eval::new(template, assignment.iter().cloned().collect());
    let given = resource.props().and_then(|p| p.get("Parameters"));
    given
        .map(Node::entries)
        .unwrap_or_default()
        .iter()
        .filter_map(|entry| {
            let value = match eval.eval(&entry.value) {
                Ev::Absent => return None,
                Ev::Value(v) => defined_there(v),
                Ev::List(_) | Ev::Other => {
                    Value::unknown(UnknownReason::Unsupported, template.loc(&entry.value))
                }
            };
            Some((entry.key.to_string(), value))
        })
        .collect()
}

/// A template's outputs by name, as its parent reads them.
fn outputs(
    template: &Template<'_>,
    assignment: &[(String, bool)],
    doc: &Node,
) -> Vec<(String, Value)> {
    let eval = Eval::new(template, assignment.iter().cloned().collect());
    doc.get("Outputs")
        .map(Node::entries)
        .unwrap_or_default()
        .iter()
        .filter_map(|output| match eval.eval(output.value.get("Value")?) {
            Ev::Value(v) => Some((output.key.to_string(), defined_there(v))),
            _ => None,
        })
        .collect()
}

impl Shared {
    /// Notes what a template writes for the other stacks.
    fn gather(&mut self, template: &Template<'_>, assignment: &[(String, bool)], doc: &Node) {
        let eval = Eval::new(template, assignment.iter().cloned().collect());
        let region = template.region.unwrap_or_default().to_string();
        let value = |node: Option<&Node>| match node.map(|n| eval.eval(n)) {
            Some(Ev::Value(v)) => Some(v),
            _ => None,
        };
        let text = |node: Option<&Node>| value(node).and_then(|v| v.as_str().map(str::to_string));
        for resource in &template.resources {
            let props = resource.props();
            let prop = |name: &str| props.and_then(|p| p.get(name));
            match resource.ty {
                "AWS::SSM::Parameter" => {
                    if let (Some(name), Some(v)) = (text(prop("Name")), value(prop("Value"))) {
                        self.parameters
                            .insert((region.clone(), name), defined_there(v));
                    }
                }
                "Custom::CrossRegionExportWriter" => {
                    let exports = props.and_then(|p| p.get_path(&["WriterProps", "exports"]));
                    for entry in exports.map(Node::entries).unwrap_or_default() {
                        if let Some(v) = value(Some(&entry.value)) {
                            self.written.insert(entry.key.to_string(), defined_there(v));
                        }
                    }
                }
                _ => {}
            }
        }
        for output in doc.get("Outputs").map(Node::entries).unwrap_or_default() {
            let name = text(output.value.get_path(&["Export", "Name"]));
            if let (Some(name), Some(v)) = (name, value(output.value.get("Value"))) {
                self.exports
                    .insert((region.clone(), name), defined_there(v));
            }
        }
    }

    /// What a template reads of the other stacks.
    fn links_of(&self, template: &Template<'_>) -> Links {
        let mut links = Links::default();
        let region = template.region.unwrap_or_default();
        for resource in &template.resources {
            let prop = |name: &str| {
                resource
                    .props()
                    .and_then(|p| p.get(name))
                    .and_then(Node::as_str)
            };
            match resource.ty {
                "Custom::CrossRegionStringParameterReader" => {
                    if let (Some(at), Some(name)) = (prop("Region"), prop("ParameterName"))
                        && let Some(v) = self.parameters.get(&(at.to_string(), name.to_string()))
                    {
                        links
                            .attributes
                            .insert((resource.id.to_string(), "*".to_string()), v.clone());
                    }
                }
                "Custom::CrossRegionExportReader" => {
                    let imports = resource
                        .props()
                        .and_then(|p| p.get_path(&["ReaderProps", "imports"]));
                    for entry in imports.map(Node::entries).unwrap_or_default() {
                        if let Some(v) = self.written.get(entry.key.as_str()) {
                            links.attributes.insert(
                                (resource.id.to_string(), entry.key.to_string()),
                                v.clone(),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        for ((at, name), v) in &self.exports {
            if at == region {
                links.exports.insert(name.clone(), v.clone());
            }
        }
        links
    }
}

/// The construct path (`aws:cdk:path` metadata) of each resource of a
/// template that CDK synthesized, by logical id.
pub fn construct_paths(doc: &Node) -> Vec<(String, String)> {
    doc.get("Resources")
        .map(Node::entries)
        .unwrap_or_default()
        .iter()
        .filter_map(|entry| {
            let path = entry
                .value
                .get_path(&["Metadata", "aws:cdk:path"])?
                .as_str()?;
            Some((entry.key.to_string(), path.to_string()))
        })
        .collect()
}
