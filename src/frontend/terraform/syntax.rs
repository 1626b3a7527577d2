//! One view over both syntaxes of the Terraform language: native HCL
//! (read by `hcl-edit`) and JSON (`.tf.json`), so that evaluation and the
//! resource readers never ask which one a file was written in.

use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::{Body as HclBody, Structure};

use crate::document::{Node, NodeValue};
use crate::source::{FileId, Loc, Span};

/// Where an `hcl-edit` tree's offsets point: its file, and the byte offset
/// of the parsed text in that file (non-zero for a template inside a JSON
/// string).
#[derive(Clone, Copy, Debug)]
pub struct Src {
    pub file: FileId,
    pub base: usize,
}

impl Src {
    pub fn loc(self, range: Option<std::ops::Range<usize>>) -> Loc {
        let range = range.unwrap_or(0..0);
        Loc::new(
            self.file,
            Span::new(self.base + range.start, self.base + range.end),
        )
    }
}

/// An expression in either syntax.
#[derive(Clone, Copy)]
pub enum Expr<'a> {
    Hcl(&'a Expression, Src),
    /// A JSON value: strings are templates, arrays and objects hold
    /// expressions.
    Json(&'a Node, FileId),
    /// A value of a plan: JSON taken literally.
    Literal(&'a Node, FileId),
    /// A plan value unknown until apply; `references` is the configuration's
    /// list of what it was computed from (`["aws_lb.app.dns_name", …]`),
    /// relative to `module` (`module.cdn`, or empty).
    Computed {
        references: Option<&'a Node>,
        module: &'a str,
        loc: Loc,
    },
}

impl Expr<'_> {
    pub fn loc(&self) -> Loc {
        match self {
            Expr::Hcl(e, src) => src.loc(e.span()),
            Expr::Json(node, file) | Expr::Literal(node, file) => Loc::new(*file, node.span),
            Expr::Computed { loc, .. } => *loc,
        }
    }
}

/// One resource's object in a plan: its planned values, which of them are
/// unknown until apply, and its configuration expressions.
#[derive(Clone, Copy)]
pub struct PlanBody<'a> {
    pub values: &'a Node,
    pub unknown: Option<&'a Node>,
    pub config: Option<&'a Node>,
    pub module: &'a str,
    pub file: FileId,
}

impl<'a> PlanBody<'a> {
    fn attr(&self, name: &str) -> Option<Expr<'a>> {
        if name == "provider" {
            let key = self.config?.get("provider_config_key")?;
            return Some(Expr::Literal(key, self.file));
        }
        let value = self.values.get(name);
        if let Some(v) = value
            && !matches!(v.value, NodeValue::Null)
        {
            return Some(Expr::Literal(v, self.file));
        }
        let unknown = self
            .unknown
            .and_then(|u| u.entries().iter().find(|e| e.key == name));
        if let Some(entry) = unknown.filter(|e| matches!(e.value.value, NodeValue::Bool(true))) {
            let expressions = self.config.and_then(|c| c.get("expressions").or(Some(c)));
            let references = expressions
                .and_then(|e| e.get(name))
                .and_then(|e| e.get("references"));
            // A value computed at apply time is absent from `after` (or
            // null there): point at its key there, else at its entry in
            // `after_unknown` — never at the enclosing block.
            let at = self
                .values
                .entries()
                .iter()
                .find(|e| e.key == name)
                .map_or(entry.key_span, |e| e.key_span);
            let loc = Loc::new(self.file, at);
            return Some(Expr::Computed {
                references,
                module: self.module,
                loc,
            });
        }
        None
    }

    fn blocks(&self, name: &str) -> Vec<PlanBody<'a>> {
        let Some(list) = self.values.get(name) else {
            return Vec::new();
        };
        let nth = |node: Option<&'a Node>, i: usize| -> Option<&'a Node> {
            let n = node?;
            match &n.value {
                NodeValue::Seq(items) => items.get(i),
                NodeValue::Map(_) => Some(n),
                _ => None,
            }
        };
        let unknown = self.unknown.and_then(|u| u.get(name));
        let config = self
            .config
            .and_then(|c| c.get("expressions").or(Some(c)))
            .and_then(|e| e.get(name));
        json_blocks(list)
            .into_iter()
            .enumerate()
            .map(|(i, values)| PlanBody {
                values,
                unknown: nth(unknown, i),
                config: nth(config, i),
                module: self.module,
                file: self.file,
            })
            .collect()
    }
}

/// A block body in either syntax, with the location of the block.
#[derive(Clone, Copy)]
pub enum Body<'a> {
    Hcl(&'a HclBody, Src, Loc),
    /// A JSON object.
    Json(&'a Node, FileId),
    Plan(PlanBody<'a>),
}

/// A `dynamic "<name>"` block.
pub struct Dynamic<'a> {
    pub for_each: Option<Expr<'a>>,
    /// The iterator's name: the `iterator` argument, else the block name.
    pub iterator: String,
    pub content: Option<Body<'a>>,
    pub loc: Loc,
}

impl<'a> Body<'a> {
    pub fn loc(&self) -> Loc {
        match self {
            Body::Hcl(_, _, loc) => *loc,
            Body::Json(node, file) => Loc::new(*file, node.span),
            Body::Plan(p) => Loc::new(p.file, p.values.span),
        }
    }

    pub fn attr(&self, name: &str) -> Option<Expr<'a>> {
        match self {
            Body::Hcl(body, src, _) => body.get_attribute(name).map(|a| Expr::Hcl(&a.value, *src)),
            Body::Json(node, file) => node.get(name).map(|n| Expr::Json(n, *file)),
            Body::Plan(p) => p.attr(name),
        }
    }

    /// What `depends_on` names, as addresses (`aws_acm_certificate_validation.cert`,
    /// `module.acm`); `None` for an entry that is not a plain reference.
    /// A plan keeps it in the resource's configuration.
    pub fn depends_on(&self) -> Vec<Option<String>> {
        let address = |text: &str| {
            let parts: Vec<&str> = text.split('.').collect();
            let ok = parts.len() >= 2 && parts.iter().all(|p| !p.is_empty());
            ok.then(|| text.to_string())
        };
        let strings = |list: Option<&Node>| -> Vec<Option<String>> {
            list.map(|l| {
                l.items()
                    .iter()
                    .map(|n| n.as_str().and_then(address))
                    .collect()
            })
            .unwrap_or_default()
        };
        match self {
            Body::Hcl(body, _, _) => {
                let Some(Expression::Array(items)) =
                    body.get_attribute("depends_on").map(|a| &a.value)
                else {
                    return Vec::new();
                };
                items.iter().map(hcl_address).collect()
            }
            Body::Json(node, _) => strings(node.get("depends_on")),
            Body::Plan(p) => strings(p.config.and_then(|c| c.get("depends_on"))),
        }
    }

    /// Every attribute, in order (for `locals` and object-like bodies).
    pub fn attrs(&self) -> Vec<(String, Expr<'a>, Loc)> {
        match self {
            Body::Hcl(body, src, _) => body
                .attributes()
                .map(|a| {
                    (
                        a.key.as_str().to_string(),
                        Expr::Hcl(&a.value, *src),
                        src.loc(a.key.span()),
                    )
                })
                .collect(),
            Body::Json(node, file) => node
                .entries()
                .iter()
                .filter(|e| e.key != "//")
                .map(|e| {
                    (
                        e.key.to_string(),
                        Expr::Json(&e.value, *file),
                        Loc::new(*file, e.key_span),
                    )
                })
                .collect(),
            Body::Plan(_) => Vec::new(),
        }
    }

    /// Nested blocks of one type (without labels). In JSON a block is an
    /// object or an array of objects.
    pub fn blocks(&self, name: &str) -> Vec<Body<'a>> {
        match self {
            Body::Hcl(body, src, _) => body
                .blocks()
                .filter(|b| b.ident.as_str() == name && b.labels.is_empty())
                .map(|b| Body::Hcl(&b.body, *src, src.loc(b.span())))
                .collect(),
            Body::Json(node, file) => match node.get(name) {
                Some(n) => json_blocks(n)
                    .into_iter()
                    .map(|b| Body::Json(b, *file))
                    .collect(),
                None => Vec::new(),
            },
            Body::Plan(p) => p.blocks(name).into_iter().map(Body::Plan).collect(),
        }
    }

    /// The `dynamic "<name>"` blocks of this body.
    pub fn dynamics(&self, name: &str) -> Vec<Dynamic<'a>> {
        let mut out = Vec::new();
        match self {
            Body::Hcl(body, src, _) => {
                for block in body.blocks().filter(|b| b.ident.as_str() == "dynamic") {
                    if block.labels.first().map(|l| l.as_str()) != Some(name) {
                        continue;
                    }
                    let inner = Body::Hcl(&block.body, *src, src.loc(block.span()));
                    out.push(dynamic_of(inner, name));
                }
            }
            Body::Json(node, file) => {
                for dynamic in node.get("dynamic").map(json_blocks).unwrap_or_default() {
                    if let Some(n) = dynamic.get(name) {
                        for b in json_blocks(n) {
                            out.push(dynamic_of(Body::Json(b, *file), name));
                        }
                    }
                }
            }
            // a plan holds dynamic blocks expanded
            Body::Plan(_) => {}
        }
        out
    }

    /// Every nested block with its type and labels, in order.
    pub fn labeled_blocks(&self) -> Vec<LabeledBlock<'a>> {
        match self {
            Body::Hcl(body, src, _) => body
                .iter()
                .filter_map(|s| match s {
                    Structure::Block(b) => Some(LabeledBlock {
                        kind: b.ident.as_str().to_string(),
                        labels: b.labels.iter().map(|l| l.as_str().to_string()).collect(),
                        body: Body::Hcl(&b.body, *src, src.loc(b.span())),
                    }),
                    Structure::Attribute(_) => None,
                })
                .collect(),
            Body::Json(node, file) => json_labeled_blocks(node, *file),
            Body::Plan(_) => Vec::new(),
        }
    }
}

fn dynamic_of<'a>(inner: Body<'a>, name: &str) -> Dynamic<'a> {
    let iterator = inner
        .attr("iterator")
        .and_then(|e| match e {
            Expr::Hcl(Expression::Variable(v), _) => Some(v.as_str().to_string()),
            Expr::Json(n, _) | Expr::Literal(n, _) => n.as_str().map(str::to_string),
            _ => None,
        })
        .unwrap_or_else(|| name.to_string());
    Dynamic {
        for_each: inner.attr("for_each"),
        iterator,
        content: inner.blocks("content").into_iter().next(),
        loc: inner.loc(),
    }
}

/// A JSON block value: an object, or each object of an array.
/// `aws_acm_certificate_validation.cert` or `module.acm` written as a
/// reference; `None` for anything else.
fn hcl_address(expr: &Expression) -> Option<String> {
    let Expression::Traversal(t) = expr else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    let mut out = root.as_str().to_string();
    for op in t.operators.iter() {
        match op.value() {
            TraversalOperator::GetAttr(name) => {
                out.push('.');
                out.push_str(name.as_str());
            }
            _ => return None,
        }
    }
    out.contains('.').then_some(out)
}

fn json_blocks(node: &Node) -> Vec<&Node> {
    match &node.value {
        NodeValue::Map(_) => vec![node],
        NodeValue::Seq(items) => items.iter().filter(|i| i.is_map()).collect(),
        _ => Vec::new(),
    }
}

/// A top-level block of a configuration file.
pub struct LabeledBlock<'a> {
    pub kind: String,
    pub labels: Vec<String>,
    pub body: Body<'a>,
}

/// Labels per block type in the JSON syntax: `resource` and `data` nest
/// two levels of labels, `module`, `variable`, `output` and `provider`
/// one, `locals` and `terraform` none.
fn label_count(kind: &str) -> usize {
    match kind {
        "resource" | "data" => 2,
        "module" | "variable" | "output" | "provider" => 1,
        _ => 0,
    }
}

fn json_labeled_blocks<'a>(root: &'a Node, file: FileId) -> Vec<LabeledBlock<'a>> {
    let mut out = Vec::new();
    for entry in root.entries() {
        let depth = label_count(&entry.key);
        let mut frontier: Vec<(Vec<String>, &Node)> = vec![(Vec::new(), &entry.value)];
        for _ in 0..depth {
            let mut next = Vec::new();
            for (labels, node) in frontier {
                for item in json_blocks(node) {
                    for e in item.entries() {
                        let mut l = labels.clone();
                        l.push(e.key.to_string());
                        next.push((l, &e.value));
                    }
                }
            }
            frontier = next;
        }
        for (labels, node) in frontier {
            for body in json_blocks(node) {
                out.push(LabeledBlock {
                    kind: entry.key.to_string(),
                    labels: labels.clone(),
                    body: Body::Json(body, file),
                });
            }
        }
    }
    out
}
