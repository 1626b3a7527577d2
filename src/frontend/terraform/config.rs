//! A module directory's configuration, gathered from its files in either
//! syntax: variables, locals, resources and data sources, module calls,
//! outputs and providers, and the variable values its `.tfvars` files set.

use std::path::{Path, PathBuf};

use super::syntax::{Body, Expr, LabeledBlock};

/// A `resource` or `data` block.
pub struct ResourceBlock<'a> {
    pub data: bool,
    pub ty: String,
    pub name: String,
    pub body: Body<'a>,
    /// The address without instance keys (`aws_lb.web`,
    /// `data.aws_iam_policy_document.trust`); a duplicate in one module —
    /// which `terraform validate` refuses, and which a directory of
    /// unrelated examples holds — gets a `#2` suffix so both are read.
    pub address: String,
}

pub struct ModuleCall<'a> {
    pub name: String,
    pub body: Body<'a>,
    /// The configuration of a local module, when its directory was read.
    pub child: Option<usize>,
}

#[derive(Default)]
pub struct Config<'a> {
    pub dir: PathBuf,
    pub variables: Vec<(String, Body<'a>)>,
    pub locals: Vec<(String, Expr<'a>)>,
    pub resources: Vec<ResourceBlock<'a>>,
    pub modules: Vec<ModuleCall<'a>>,
    pub outputs: Vec<(String, Body<'a>)>,
    /// `provider "aws"` blocks.
    pub providers: Vec<Body<'a>>,
    /// Values from `terraform.tfvars`, `*.auto.tfvars` (+ `.json`), in
    /// increasing precedence.
    pub tfvars: Vec<(String, Expr<'a>)>,
}

impl<'a> Config<'a> {
    pub fn new(dir: &Path) -> Config<'a> {
        Config {
            dir: dir.to_path_buf(),
            ..Config::default()
        }
    }

    /// Adds the top-level blocks of one configuration file.
    pub fn add_blocks(&mut self, blocks: Vec<LabeledBlock<'a>>) {
        for block in blocks {
            let label = |i: usize| block.labels.get(i).cloned().unwrap_or_default();
            match block.kind.as_str() {
                "variable" => self.variables.push((label(0), block.body)),
                "locals" => {
                    for (name, expr, _) in block.body.attrs() {
                        self.locals.push((name, expr));
                    }
                }
                "resource" | "data" => {
                    let data = block.kind == "data";
                    let (ty, name) = (label(0), label(1));
                    let base = if data {
                        format!("data.{ty}.{name}")
                    } else {
                        format!("{ty}.{name}")
                    };
                    let seen = self
                        .resources
                        .iter()
                        .filter(|r| r.data == data && r.ty == ty && r.name == name)
                        .count();
                    let address = if seen == 0 {
                        base
                    } else {
                        format!("{base}#{}", seen + 1)
                    };
                    self.resources.push(ResourceBlock {
                        data,
                        ty,
                        name,
                        body: block.body,
                        address,
                    });
                }
                "module" => self.modules.push(ModuleCall {
                    name: label(0),
                    body: block.body,
                    child: None,
                }),
                "output" => self.outputs.push((label(0), block.body)),
                "provider" if label(0) == "aws" => self.providers.push(block.body),
                _ => {}
            }
        }
    }
}

/// A module call's `source` when it names a local directory.
pub fn local_source(body: &Body<'_>) -> Option<String> {
    let source = match body.attr("source")? {
        Expr::Hcl(e, _) => e.as_str().map(str::to_string),
        Expr::Json(n, _) | Expr::Literal(n, _) => n.as_str().map(str::to_string),
        Expr::Computed { .. } => None,
    }?;
    (source.starts_with("./") || source.starts_with("../")).then_some(source)
}
