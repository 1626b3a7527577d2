//! Arbitrary Terraform module trees: a root module and up to three local
//! child modules (which may call each other, themselves included, with
//! `count` and `for_each`), each file made of the blocks and expressions
//! the Terraform front-end evaluates — locals, variables, outputs,
//! functions, `for` expressions, templates and CloudFront distributions.
//! Rendered as HCL text into a directory, so module sources, `file()` and
//! relative paths are read as they would be from a repository.

use std::fmt::Write as _;
use std::path::Path;

use arbitrary::Arbitrary;
use edgelint::lint::{self, LintOptions};

use crate::checks;

const FUNCTIONS: &[&str] = &[
    "format",
    "join",
    "split",
    "replace",
    "lower",
    "upper",
    "trimspace",
    "substr",
    "tostring",
    "tonumber",
    "max",
    "min",
    "contains",
    "keys",
    "values",
    "flatten",
    "distinct",
    "compact",
    "reverse",
    "sort",
    "range",
    "zipmap",
    "index",
    "jsonencode",
    "jsondecode",
    "file",
    "filebase64",
    "base64encode",
    "concat",
    "merge",
    "lookup",
    "element",
    "one",
    "length",
    "toset",
    "tolist",
    "tomap",
    "coalesce",
    "try",
    "can",
    "startswith",
    "endswith",
];

const STRINGS: &[&str] = &[
    "",
    "a",
    "/",
    ",",
    "https-only",
    "allow-all",
    "redirect-to-https",
    "origin.example.com",
    "b.s3.amazonaws.com",
    "TLSv1.2_2021",
    "arn:aws:acm:us-east-1:123456789012:certificate/x",
    "policy.json",
    "%s-%d",
    "${",
    "[1,2,{\"a\":\"b\"}]",
];

const PROPERTIES: &[&str] = &[
    "enabled",
    "comment",
    "aliases",
    "price_class",
    "http_version",
    "is_ipv6_enabled",
    "web_acl_id",
    "default_root_object",
];

#[derive(Arbitrary, Debug)]
pub enum Expr {
    Num(i16),
    Str(u8),
    Bool(bool),
    Null,
    Var(u8),
    Local(u8),
    ModuleOutput(u8, u8),
    Each,
    CountIndex,
    PathModule,
    List(Vec<Expr>),
    Object(Vec<(u8, Expr)>),
    Call(u8, Vec<Expr>),
    Template(Vec<Expr>),
    For(Box<Expr>, Box<Expr>, Option<Box<Expr>>),
    ForMap(Box<Expr>, Box<Expr>, bool),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    Index(Box<Expr>, Box<Expr>),
    Attr(Box<Expr>, u8),
    Splat(Box<Expr>),
    Binary(Box<Expr>, u8, Box<Expr>),
    Not(Box<Expr>),
    Iter,
}

#[derive(Arbitrary, Debug)]
pub enum Repeat {
    None,
    Count(Expr),
    ForEach(Expr),
}

#[derive(Arbitrary, Debug)]
pub struct ModuleCall {
    /// Which child module (0–2) it calls.
    pub target: u8,
    pub repeat: Repeat,
    pub inputs: Vec<(u8, Expr)>,
}

#[derive(Arbitrary, Debug)]
pub struct Distribution {
    pub repeat: Repeat,
    pub properties: Vec<(u8, Expr)>,
    pub protocol: Expr,
    pub domain: Expr,
    pub dynamic_origins: Option<Expr>,
}

#[derive(Arbitrary, Debug)]
pub struct Module {
    pub variables: Vec<Option<Expr>>,
    pub locals: Vec<Expr>,
    pub outputs: Vec<Expr>,
    pub calls: Vec<ModuleCall>,
    pub distributions: Vec<Distribution>,
}

#[derive(Arbitrary, Debug)]
pub struct Tree {
    pub root: Module,
    pub children: Vec<Module>,
    /// Contents of `policy.json`, read by `file()`.
    pub data: String,
}

struct Out {
    text: String,
    depth: u32,
}

impl Out {
    fn expr(&mut self, e: &Expr) {
        // generated nesting stays below the parser's own limits; deeper
        // input is covered by the text targets
        if self.depth > 12 {
            self.text.push_str("null");
            return;
        }
        self.depth += 1;
        let t = &mut self.text;
        match e {
            Expr::Num(n) => {
                let _ = write!(t, "{n}");
            }
            Expr::Str(i) => {
                let s = STRINGS[*i as usize % STRINGS.len()];
                let _ = write!(t, "{:?}", s.replace('$', "$$"));
            }
            Expr::Bool(b) => {
                let _ = write!(t, "{b}");
            }
            Expr::Null => t.push_str("null"),
            Expr::Var(i) => {
                let _ = write!(t, "var.v{}", i % 3);
            }
            Expr::Local(i) => {
                let _ = write!(t, "local.l{}", i % 4);
            }
            Expr::ModuleOutput(m, o) => {
                let _ = write!(t, "module.m{}.o{}", m % 3, o % 3);
            }
            Expr::Each => t.push_str("each.value"),
            Expr::CountIndex => t.push_str("count.index"),
            Expr::PathModule => t.push_str("\"${path.module}/policy.json\""),
            Expr::Iter => t.push_str("x"),
            Expr::List(items) => {
                self.text.push('[');
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        self.text.push_str(", ");
                    }
                    self.expr(item);
                }
                self.text.push(']');
            }
            Expr::Object(entries) => {
                self.text.push('{');
                for (n, (k, v)) in entries.iter().enumerate() {
                    if n > 0 {
                        self.text.push_str(", ");
                    }
                    let _ = write!(self.text, "k{} = ", k % 5);
                    self.expr(v);
                }
                self.text.push('}');
            }
            Expr::Call(f, args) => {
                let _ = write!(t, "{}(", FUNCTIONS[*f as usize % FUNCTIONS.len()]);
                for (n, arg) in args.iter().enumerate() {
                    if n > 0 {
                        self.text.push_str(", ");
                    }
                    self.expr(arg);
                }
                self.text.push(')');
            }
            Expr::Template(parts) => {
                self.text.push('"');
                for part in parts {
                    match part {
                        Expr::Str(i) => {
                            let s = STRINGS[*i as usize % STRINGS.len()];
                            let escaped = format!("{s:?}");
                            let inner = &escaped[1..escaped.len() - 1];
                            self.text.push_str(&inner.replace("${", "$${"));
                        }
                        other => {
                            self.text.push_str("${");
                            self.expr(other);
                            self.text.push('}');
                        }
                    }
                }
                self.text.push('"');
            }
            Expr::For(collection, value, cond) => {
                self.text.push_str("[for x in ");
                self.expr(collection);
                self.text.push_str(" : ");
                self.expr(value);
                if let Some(cond) = cond {
                    self.text.push_str(" if ");
                    self.expr(cond);
                }
                self.text.push(']');
            }
            Expr::ForMap(collection, value, grouping) => {
                self.text.push_str("{for k, x in ");
                self.expr(collection);
                self.text.push_str(" : tostring(k) => ");
                self.expr(value);
                if *grouping {
                    self.text.push_str("...");
                }
                self.text.push('}');
            }
            Expr::Cond(c, a, b) => {
                self.text.push('(');
                self.expr(c);
                self.text.push_str(" ? ");
                self.expr(a);
                self.text.push_str(" : ");
                self.expr(b);
                self.text.push(')');
            }
            Expr::Index(v, i) => {
                self.text.push('(');
                self.expr(v);
                self.text.push_str(")[");
                self.expr(i);
                self.text.push(']');
            }
            Expr::Attr(v, k) => {
                self.text.push('(');
                self.expr(v);
                let _ = write!(self.text, ").k{}", k % 5);
            }
            Expr::Splat(v) => {
                self.text.push('(');
                self.expr(v);
                self.text.push_str(")[*].k0");
            }
            Expr::Binary(a, op, b) => {
                const OPS: &[&str] = &["+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||"];
                self.text.push('(');
                self.expr(a);
                let _ = write!(self.text, " {} ", OPS[*op as usize % OPS.len()]);
                self.expr(b);
                self.text.push(')');
            }
            Expr::Not(v) => {
                self.text.push_str("!(");
                self.expr(v);
                self.text.push(')');
            }
        }
        self.depth -= 1;
    }

    fn repeat(&mut self, r: &Repeat) {
        match r {
            Repeat::None => {}
            Repeat::Count(e) => {
                self.text.push_str("  count = ");
                self.expr(e);
                self.text.push('\n');
            }
            Repeat::ForEach(e) => {
                self.text.push_str("  for_each = ");
                self.expr(e);
                self.text.push('\n');
            }
        }
    }
}

/// The HCL text of one module; `child` is how the module names its
/// siblings' directories.
pub fn render_module(m: &Module, child: &str) -> String {
    let mut out = Out {
        text: String::new(),
        depth: 0,
    };
    for (i, default) in m.variables.iter().take(3).enumerate() {
        let _ = writeln!(out.text, "variable \"v{i}\" {{");
        if let Some(d) = default {
            out.text.push_str("  default = ");
            out.expr(d);
            out.text.push('\n');
        }
        out.text.push_str("}\n");
    }
    if !m.locals.is_empty() {
        out.text.push_str("locals {\n");
        for (i, l) in m.locals.iter().take(4).enumerate() {
            let _ = write!(out.text, "  l{i} = ");
            out.expr(l);
            out.text.push('\n');
        }
        out.text.push_str("}\n");
    }
    for (i, o) in m.outputs.iter().take(3).enumerate() {
        let _ = write!(out.text, "output \"o{i}\" {{\n  value = ");
        out.expr(o);
        out.text.push_str("\n}\n");
    }
    for (i, call) in m.calls.iter().take(3).enumerate() {
        let _ = writeln!(
            out.text,
            "module \"m{i}\" {{\n  source = \"{child}{}\"",
            call.target % 3
        );
        out.repeat(&call.repeat);
        for (k, v) in call.inputs.iter().take(3) {
            let _ = write!(out.text, "  v{} = ", k % 3);
            out.expr(v);
            out.text.push('\n');
        }
        out.text.push_str("}\n");
    }
    for (i, d) in m.distributions.iter().take(3).enumerate() {
        let _ = writeln!(
            out.text,
            "resource \"aws_cloudfront_distribution\" \"d{i}\" {{"
        );
        out.repeat(&d.repeat);
        for (k, v) in &d.properties {
            let _ = write!(
                out.text,
                "  {} = ",
                PROPERTIES[*k as usize % PROPERTIES.len()]
            );
            out.expr(v);
            out.text.push('\n');
        }
        match &d.dynamic_origins {
            Some(items) => {
                out.text.push_str("  dynamic \"origin\" {\n    for_each = ");
                out.expr(items);
                out.text.push_str(
                    "\n    content {\n      origin_id = \"o\"\n      domain_name = origin.value\n    }\n  }\n",
                );
            }
            None => {
                out.text
                    .push_str("  origin {\n    origin_id = \"o\"\n    domain_name = ");
                out.expr(&d.domain);
                out.text.push_str(
                    "\n    custom_origin_config {\n      http_port = 80\n      https_port = 443\n      origin_ssl_protocols = [\"TLSv1.2\"]\n      origin_protocol_policy = ",
                );
                out.expr(&d.protocol);
                out.text.push_str("\n    }\n  }\n");
            }
        }
        out.text.push_str("  default_cache_behavior {\n    target_origin_id = \"o\"\n    viewer_protocol_policy = ");
        out.expr(&d.protocol);
        out.text.push_str("\n    allowed_methods = [\"GET\", \"HEAD\"]\n    cached_methods = [\"GET\", \"HEAD\"]\n  }\n  restrictions {\n    geo_restriction {\n      restriction_type = \"none\"\n    }\n  }\n  viewer_certificate {\n    cloudfront_default_certificate = true\n  }\n}\n");
    }
    out.text
}

/// Writes the tree under `dir` (the root module in `dir`, children in
/// `dir/modules/mN`); returns the root's `main.tf` and every file written.
pub fn write(tree: &Tree, dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let _ = std::fs::remove_dir_all(dir);
    let mut written = Vec::new();
    let mut put = |path: std::path::PathBuf, text: &str| -> std::io::Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text)?;
        written.push(path);
        Ok(())
    };
    put(
        dir.join("main.tf"),
        &render_module(&tree.root, "./modules/m"),
    )?;
    put(dir.join("policy.json"), &tree.data)?;
    for (i, child) in tree.children.iter().take(3).enumerate() {
        let sub = dir.join("modules").join(format!("m{i}"));
        put(sub.join("main.tf"), &render_module(child, "../m"))?;
        put(sub.join("policy.json"), &tree.data)?;
    }
    // modules a call names but the tree does not hold are missing, which
    // the front-end reports; that is part of what is tested
    Ok(written)
}

/// A generated Terraform module tree, written to disk and linted from its
/// root directory: module calls, `file()` and every evaluated function.
pub fn terraform_tree(tree: &crate::terraform::Tree) {
    let dir = checks::scratch("terraform");
    if write(tree, &dir).is_err() {
        return;
    }
    let report = lint::lint_paths(
        &[dir.join("main.tf")],
        checks::registry(),
        &LintOptions::default(),
    );
    checks::check_report(&report);
    let report = lint::lint_paths(&[dir.clone()], checks::registry(), &LintOptions::default());
    checks::check_report(&report);
}
