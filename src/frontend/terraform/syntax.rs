//! One view over both syntaxes of the Terraform language: native HCL
//! (read by `hcl-edit`) and JSON (`.tf.json`), so that evaluation and the
//! resource readers never ask which one a file was written in.

use hcl_edit::Span as _;
use hcl_edit::expr::Expression;
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
}

impl Expr<'_> {
    pub fn loc(&self) -> Loc {
        match self {
            Expr::Hcl(e, src) => src.loc(e.span()),
            Expr::Json(node, file) => Loc::new(*file, node.span),
        }
    }
}

/// A block body in either syntax, with the location of the block.
#[derive(Clone, Copy)]
pub enum Body<'a> {
    Hcl(&'a HclBody, Src, Loc),
    /// A JSON object; `Json(None)` is a block written as `{}` or `null`.
    Json(&'a Node, FileId),
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
        }
    }

    pub fn attr(&self, name: &str) -> Option<Expr<'a>> {
        match self {
            Body::Hcl(body, src, _) => body.get_attribute(name).map(|a| Expr::Hcl(&a.value, *src)),
            Body::Json(node, file) => node.get(name).map(|n| Expr::Json(n, *file)),
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
                        e.key.clone(),
                        Expr::Json(&e.value, *file),
                        Loc::new(*file, e.key_span),
                    )
                })
                .collect(),
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
        }
    }
}

fn dynamic_of<'a>(inner: Body<'a>, name: &str) -> Dynamic<'a> {
    let iterator = inner
        .attr("iterator")
        .and_then(|e| match e {
            Expr::Hcl(Expression::Variable(v), _) => Some(v.as_str().to_string()),
            Expr::Json(n, _) => n.as_str().map(str::to_string),
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
                        l.push(e.key.clone());
                        next.push((l, &e.value));
                    }
                }
            }
            frontier = next;
        }
        for (labels, node) in frontier {
            for body in json_blocks(node) {
                out.push(LabeledBlock {
                    kind: entry.key.clone(),
                    labels: labels.clone(),
                    body: Body::Json(body, file),
                });
            }
        }
    }
    out
}
