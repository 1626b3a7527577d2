//! Terraform: module directories (`.tf`, `.tf.json`, variable files) and
//! `terraform show -json` plans into the model.
//!
//! A module directory is evaluated as `terraform plan` would before any
//! apply: variables (defaults, `.tfvars`, `--var-file`, `--var`), locals,
//! templates, conditionals, `for` expressions, common functions,
//! `count`/`for_each`/`dynamic` expansion and local modules. References to
//! resource attributes become Unknown values carrying the reference, which
//! the model turns into edges.
//!
//! Two resource blocks with the same type and name in one directory —
//! which `terraform validate` refuses, but which a directory of unrelated
//! examples holds — are both read; the later one's address gets a `#2`
//! suffix, and references reach the first.

mod attributes;
mod computed;
mod config;
mod distribution;
mod eval;
mod functions;
mod instance;
mod nesting;
mod parse;
mod plan;
mod reader;
mod resources;
mod syntax;
mod value;
mod worker;

use std::path::Path;
use std::sync::Arc;

use super::{FrontendError, Options, Scenario};
use crate::document::Node;
use crate::model::Model;
use crate::source::{FileId, SourceFile, SourceMap};

pub use instance::MAX_MODULE_DEPTH;
pub use nesting::MAX_HCL_NESTING;
pub use parse::{
    HCL_PARSE_DEADLINE, MAX_MODULE_DIRS, MAX_MODULE_FILE_BYTES, configuration_json,
    without_overridden,
};
pub use value::{
    MAX_COLLECTION, MAX_EVAL_BYTES, MAX_EVAL_DEPTH, MAX_EVAL_STEPS, MAX_FOR_ITERATIONS,
    MAX_INSTANCES,
};

use instance::{Instance, Shared};
use reader::Reader;
use value::Scope;

/// Whether a JSON document is a `terraform show -json` plan.
pub fn is_plan(doc: &Node) -> bool {
    doc.get("format_version").is_some()
        && (doc.get("planned_values").is_some() || doc.get("resource_changes").is_some())
}

/// Reads one module directory: every `.tf`, `.tf.json`, `terraform.tfvars`
/// and `*.auto.tfvars(.json)` file of it, already read. Files of local
/// modules and `--var-file` files are read here and added to `sources`.
/// A file that does not parse is reported in `errors` and left out; the
/// rest of the module is still read.
pub fn load_module(
    files: &[(FileId, Arc<SourceFile>)],
    options: &Options,
    sources: &mut SourceMap,
    errors: &mut Vec<FrontendError>,
) -> Result<Vec<Scenario>, FrontendError> {
    let dirs = parse::read_unit(files, options, sources, errors)?;
    let configs = parse::configs(&dirs);
    let Some(root) = configs.first() else {
        return Ok(Vec::new());
    };
    let shared = Shared {
        configs: &configs,
        budget: value::Budget::default(),
        region: options.region.clone(),
    };
    let cli_vars = cli_vars(root, options);
    let root_instance = Instance::new(
        &shared,
        root,
        String::new(),
        0,
        Default::default(),
        &cli_vars,
        Default::default(),
    );
    let mut model = Model::new();
    let mut instances = vec![std::rc::Rc::new(root_instance)];
    let mut all = Vec::new();
    while let Some(inst) = instances.pop() {
        instances.extend(inst.children());
        all.push(inst);
    }
    for attachments in [false, true] {
        for inst in &all {
            read_instance(&mut model, inst, attachments);
        }
    }
    if let Some((loc, limit)) = shared.budget.spent_at() {
        // the model is still linted, but what was evaluated after this
        // point is Unknown: the user is told the check is incomplete
        errors.push(FrontendError {
            code: "limit-exceeded",
            message: format!(
                "{}; values computed later are not checked",
                limit.describe()
            ),
            loc: Some(loc),
        });
    }
    Ok(vec![Scenario {
        model,
        conditions: Vec::new(),
    }])
}

/// `--var NAME=VALUE` values, located at their variable's block (the
/// command line has no place in a file). As in Terraform, the value is the
/// text itself unless the variable's type is a collection or structure,
/// whose values are written as HCL (`--var 'aliases=["a.example.com"]'`).
fn cli_vars(root: &config::Config<'_>, options: &Options) -> Vec<(String, value::V)> {
    options
        .vars
        .iter()
        .map(|(name, value)| {
            let variable = root.variables.iter().find(|(n, _)| n == name);
            let loc = variable.map(|(_, b)| b.loc()).unwrap_or_default();
            let structured = variable
                .and_then(|(_, b)| b.attr("type"))
                .is_some_and(|t| is_structured_type(&t));
            // nesting is checked first (the parser recurses), and text it
            // could backtrack on is not parsed
            let parsable = || {
                let scan = nesting::code(value);
                scan.deep.is_none() && !scan.risky
            };
            let v = if structured && parsable() {
                value.parse::<hcl_edit::expr::Expression>().map_or_else(
                    |_| value::V::unsupported(loc),
                    |e| eval::constant(&e, loc, 0),
                )
            } else if structured {
                value::V::unsupported(loc)
            } else {
                value::V::str(value, loc)
            };
            (name.clone(), v)
        })
        .collect()
}

/// Whether a variable's `type` is a collection or structural type
/// (`list(string)`, `map(any)`, `object({…})`), in either syntax.
fn is_structured_type(ty: &syntax::Expr<'_>) -> bool {
    const STRUCTURED: [&str; 5] = ["list", "set", "map", "object", "tuple"];
    let head = match ty {
        syntax::Expr::Hcl(hcl_edit::expr::Expression::FuncCall(call), _) => {
            call.name.name.as_str().to_string()
        }
        syntax::Expr::Hcl(hcl_edit::expr::Expression::Variable(v), _) => v.as_str().to_string(),
        syntax::Expr::Json(node, _) => node
            .as_str()
            .map(|s| s.split('(').next().unwrap_or("").trim().to_string())
            .unwrap_or_default(),
        _ => String::new(),
    };
    STRUCTURED.contains(&head.as_str())
}

/// Reads the resources of one module instance (or only the attachments:
/// rules and certificates that join objects read before).
fn read_instance(model: &mut Model, inst: &Instance<'_>, attachments: bool) {
    for (index, block) in inst.config.resources.iter().enumerate() {
        let kind = resources::kind(block.data, &block.ty);
        if kind == resources::Kind::Ignored || kind.is_attachment() != attachments {
            continue;
        }
        for (key, vars) in inst.expansion(index).instances() {
            let address = format!("{}{}{key}", inst.prefix, block.address);
            let reader = Reader::new(inst, block.body, Scope::default().with(vars));
            resources::read(model, kind, &address, &reader);
        }
    }
}

/// Reads a plan; `dir` is the plan file's directory.
pub fn load_plan(
    file: FileId,
    dir: &Path,
    doc: &Node,
    options: &Options,
) -> Result<Vec<Scenario>, FrontendError> {
    plan::load(file, dir, doc, options)
}

#[cfg(test)]
mod tests;
