//! CloudFormation templates (YAML or JSON, SAM included) into the model:
//! one model per scenario of the template's undecided conditions.

mod conditions;
mod distribution;
mod intrinsics;
mod props;
mod sam;
mod template;

use std::collections::HashMap;

use super::{FrontendError, Options, Scenario};
use crate::document::Node;
use crate::model::Model;
use crate::source::FileId;

pub use conditions::MAX_CONDITION_SCENARIOS;

use intrinsics::Eval;
use props::Props;
use template::{Resource, Template};

/// Resource types read into the model; every other type is ignored.
const READ_TYPES: &[&str] = &["AWS::CloudFront::Distribution"];

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

/// Reads a template into one model per deploy scenario.
pub fn load(file: FileId, doc: &Node, options: &Options) -> Result<Vec<Scenario>, FrontendError> {
    let template = Template::read(file, doc, options)?;
    let plan = conditions::plan(&template, |ty| READ_TYPES.contains(&ty));
    Ok(plan
        .into_iter()
        .map(|assignment| {
            let eval = Eval::new(
                &template,
                assignment.iter().cloned().collect::<HashMap<_, _>>(),
            );
            Scenario {
                model: build(&eval),
                conditions: assignment,
            }
        })
        .collect())
}

/// Builds the model of one scenario.
fn build(eval: &Eval<'_>) -> Model {
    let mut model = Model::new();
    for resource in &eval.t.resources {
        if !exists(eval, resource) {
            continue;
        }
        let Some(props) = properties(eval, resource) else {
            continue;
        };
        if resource.ty == "AWS::CloudFront::Distribution" {
            distribution::read(&mut model, resource.id, props);
        }
    }
    model
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
