//! Compiles every `rules/*.rule` file into the binary: each is parsed here,
//! with the parser of `src/dsl`, checked against the model's schema with
//! its checker (which also resolves bare names to fields), and its syntax
//! tree emitted as Rust code, so a run starts without parsing or checking
//! rules (or reading their documentation, which is nine tenths of the
//! text). A syntax or schema error in a built-in rule fails the build with
//! its location. The text is embedded too, for the
//! documentation. Also records the commit the binary is built from, for
//! `edgelint --version`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

// The rule language's syntax tree and parser, shared with the crate.
#[allow(dead_code)]
#[path = "src/dsl/ast.rs"]
mod ast;
#[allow(dead_code)]
#[path = "src/dsl/doc_comment.rs"]
mod doc_comment;
#[allow(dead_code)]
#[path = "src/dsl/error.rs"]
mod error;
#[allow(dead_code)]
#[path = "src/dsl/parser.rs"]
mod parser;
#[allow(dead_code)]
#[path = "src/source/span.rs"]
mod span;
mod source {
    pub use crate::span::Span;
}
// The checker, with the schema, the settings and the typo suggestions it
// reads; `Severity::parse` is all it asks of findings.
#[allow(dead_code)]
#[path = "src/dsl/check.rs"]
mod check;
#[allow(dead_code)]
#[path = "src/model/schema.rs"]
pub mod schema;
#[allow(dead_code)]
#[path = "src/rule/settings.rs"]
mod settings;
#[allow(dead_code)]
#[path = "src/model/typo.rs"]
mod typo;
use typo::did_you_mean;
mod model {
    pub use crate::schema;
}
mod finding {
    /// The severities a rule's `meta` may name, as the crate's `Severity`
    /// parses them.
    pub struct Severity;
    impl Severity {
        pub fn parse(s: &str) -> Option<Severity> {
            matches!(s, "info" | "warning" | "error").then_some(Severity)
        }
    }
}
use ast::*;
use error::DslError;
use span::Span;

fn main() {
    embed_rules();
    let version = env!("CARGO_PKG_VERSION");
    let provenance = match commit() {
        Some(commit) => commit,
        None => "commit unknown: not built from a git checkout".to_string(),
    };
    println!("cargo:rustc-env=EDGELINT_VERSION={version} ({provenance})");
}

fn embed_rules() {
    println!("cargo:rerun-if-changed=rules");
    let dir = manifest_dir().join("rules");
    // A build that cannot read the rules must fail: a binary with an empty
    // rule table would pass every deployment.
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the rules in {}: {e}", dir.display()));
    let mut names: Vec<String> = entries
        .map(|e| e.unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display())))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rule"))
        .collect();
    assert!(!names.is_empty(), "no .rule file in {}", dir.display());
    names.sort();
    let mut table = String::from("pub static BUILTIN_RULES: &[(&str, &str)] = &[\n");
    let mut compiled = String::from(
        "/// The rules of each file of `BUILTIN_RULES`, in its order: the span of\n\
         /// each rule's `///` documentation and its syntax tree.\n\
         pub fn compiled_rules() -> Vec<Vec<(Span, RuleDef)>> {\n    vec![\n",
    );
    let mut functions = String::new();
    let setting_names = settings::names();
    for (index, name) in names.iter().enumerate() {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let fail = |e: DslError| -> ! {
            let (line, column) = line_column(&text, e.span.start as usize);
            panic!("{}:{line}:{column}: {}", path.display(), e.message)
        };
        let mut defs = parser::parse(&text).unwrap_or_else(|e| fail(e));
        for def in &mut defs {
            check::check_rule(def, &settings::exists, &setting_names).unwrap_or_else(|e| fail(e));
        }
        assert!(!defs.is_empty(), "{} holds no rule", path.display());
        compiled.push_str("        vec![\n");
        for (n, def) in defs.iter().enumerate() {
            let docs = docs_span(&text, def);
            // the docs are read without the parser at run time: both must
            // read the same text
            assert_eq!(
                doc_comment::docs_of(&text[docs.start as usize..docs.end as usize]),
                def.docs,
                "the documentation of `{}` in {} reads differently without the parser",
                def.name,
                path.display()
            );
            let function = format!("rule_{index}_{n}");
            let _ = writeln!(compiled, "            ({}, {function}()),", span_code(docs));
            let _ = writeln!(
                functions,
                "\n#[rustfmt::skip]\nfn {function}() -> RuleDef {{\n    {}\n}}",
                rule_code(def)
            );
        }
        compiled.push_str("        ],\n");
        let _ = writeln!(
            table,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    table.push_str("];\n\n");
    compiled.push_str("    ]\n}\n");
    let out = table + &compiled + &functions;
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let target = Path::new(&out_dir).join("builtin_rules.rs");
    std::fs::write(&target, out)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The span of a rule's `///` lines: from the start of the rule to its
/// `rule` keyword.
fn docs_span(text: &str, def: &RuleDef) -> Span {
    let start = def.span.start as usize;
    let head = &text[start..def.name_span.start as usize];
    let keyword = head
        .rfind("rule")
        .unwrap_or_else(|| panic!("no `rule` keyword before `{}`", def.name));
    Span::new(start, start + keyword)
}

// Rust code that builds a syntax tree: one expression per node.

fn span_code(span: Span) -> String {
    format!("Span {{ start: {}, end: {} }}", span.start, span.end)
}

fn string_code(text: &str) -> String {
    format!("String::from({text:?})")
}

fn list_code<T>(items: &[T], item: impl Fn(&T) -> String) -> String {
    let items: Vec<String> = items.iter().map(item).collect();
    format!("vec![{}]", items.join(", "))
}

fn option_code<T>(value: &Option<T>, item: impl Fn(&T) -> String) -> String {
    match value {
        Some(v) => format!("Some({})", item(v)),
        None => "None".to_string(),
    }
}

fn rule_code(def: &RuleDef) -> String {
    format!(
        "RuleDef {{ docs: String::new(), name: {}, name_span: {}, meta: {}, body: {}, span: {} }}",
        string_code(&def.name),
        span_code(def.name_span),
        list_code(&def.meta, meta_code),
        list_code(&def.body, stmt_code),
        span_code(def.span)
    )
}

fn meta_code(entry: &MetaEntry) -> String {
    let value = match &entry.value {
        MetaValue::Str(s) => format!("MetaValue::Str({})", string_code(s)),
        MetaValue::Int(i) => format!("MetaValue::Int({i})"),
        MetaValue::Bool(b) => format!("MetaValue::Bool({b})"),
        MetaValue::List(items) => format!(
            "MetaValue::List({})",
            list_code(items, |s: &String| string_code(s))
        ),
    };
    format!(
        "MetaEntry {{ key: {}, key_span: {}, value: {value}, value_span: {} }}",
        string_code(&entry.key),
        span_code(entry.key_span),
        span_code(entry.value_span)
    )
}

fn stmt_code(stmt: &Stmt) -> String {
    match stmt {
        Stmt::Let { name, expr, span } => format!(
            "Stmt::Let {{ name: {}, expr: {}, span: {} }}",
            string_code(name),
            expr_code(expr),
            span_code(*span)
        ),
        Stmt::When { cond, body, span } => format!(
            "Stmt::When {{ cond: {}, body: {}, span: {} }}",
            cond_code(cond),
            list_code(body, stmt_code),
            span_code(*span)
        ),
        Stmt::Clause(clause) => format!(
            "Stmt::Clause(Clause {{ cond: {}, message: {}, severity: {}, related: {}, fix: {}, span: {} }})",
            cond_code(&clause.cond),
            option_code(&clause.message, text_span_code),
            option_code(&clause.severity, text_span_code),
            list_code(&clause.related, |r: &Related| format!(
                "Related {{ query: {}, label: {}, span: {} }}",
                query_code(&r.query),
                string_code(&r.label),
                span_code(r.span)
            )),
            option_code(&clause.fix, fix_code),
            span_code(clause.span)
        ),
    }
}

fn fix_code(fix: &FixDecl) -> String {
    let actions = list_code(&fix.actions, |action: &FixAction| match action {
        FixAction::Set {
            target,
            value,
            span,
        } => format!(
            "FixAction::Set {{ target: {}, value: {}, span: {} }}",
            query_code(target),
            expr_code(value),
            span_code(*span)
        ),
        FixAction::Remove { target, span } => format!(
            "FixAction::Remove {{ target: {}, span: {} }}",
            query_code(target),
            span_code(*span)
        ),
    });
    format!(
        "FixDecl {{ safe: {}, title: {}, actions: {actions}, span: {} }}",
        fix.safe,
        string_code(&fix.title),
        span_code(fix.span)
    )
}

fn text_span_code((text, span): &(String, Span)) -> String {
    format!("({}, {})", string_code(text), span_code(*span))
}

fn cond_code(cond: &Cond) -> String {
    match cond {
        Cond::Or(parts, span) => format!(
            "Cond::Or({}, {})",
            list_code(parts, cond_code),
            span_code(*span)
        ),
        Cond::And(parts, span) => format!(
            "Cond::And({}, {})",
            list_code(parts, cond_code),
            span_code(*span)
        ),
        Cond::Not(inner, span) => format!(
            "Cond::Not(Box::new({}), {})",
            cond_code(inner),
            span_code(*span)
        ),
        Cond::Some { query, body, span } => {
            let body = match body {
                SomeBody::Block(stmts) => {
                    format!("SomeBody::Block({})", list_code(stmts, stmt_code))
                }
                SomeBody::Compare(op, rhs) => {
                    format!("SomeBody::Compare(CmpOp::{op:?}, {})", expr_code(rhs))
                }
            };
            format!(
                "Cond::Some {{ query: {}, body: {body}, span: {} }}",
                query_code(query),
                span_code(*span)
            )
        }
        Cond::Block { query, body, span } => format!(
            "Cond::Block {{ query: {}, body: {}, span: {} }}",
            query_code(query),
            list_code(body, stmt_code),
            span_code(*span)
        ),
        Cond::Compare { lhs, op, rhs, span } => format!(
            "Cond::Compare {{ lhs: {}, op: CmpOp::{op:?}, rhs: {}, span: {} }}",
            expr_code(lhs),
            expr_code(rhs),
            span_code(*span)
        ),
        Cond::Unary { expr, op, span } => format!(
            "Cond::Unary {{ expr: {}, op: UnaryOp::{op:?}, span: {} }}",
            expr_code(expr),
            span_code(*span)
        ),
    }
}

fn literal_code(literal: &Literal) -> String {
    match literal {
        Literal::Str(s) => format!("Literal::Str({})", string_code(s)),
        Literal::Int(i) => format!("Literal::Int({i})"),
        Literal::Bool(b) => format!("Literal::Bool({b})"),
    }
}

fn expr_code(expr: &Expr) -> String {
    match expr {
        Expr::Literal(literal, span) => format!(
            "Expr::Literal({}, {})",
            literal_code(literal),
            span_code(*span)
        ),
        Expr::List(items, span) => format!(
            "Expr::List({}, {})",
            list_code(items, expr_code),
            span_code(*span)
        ),
        Expr::Call { name, args, span } => format!(
            "Expr::Call {{ name: {}, args: {}, span: {} }}",
            string_code(name),
            list_code(args, expr_code),
            span_code(*span)
        ),
        Expr::Query(query) => format!("Expr::Query({})", query_code(query)),
    }
}

fn query_code(query: &Query) -> String {
    let root = match &query.root {
        Root::Var(name) => format!("Root::Var({})", string_code(name)),
        Root::Setting(name) => format!("Root::Setting({})", string_code(name)),
        Root::This => "Root::This".to_string(),
        Root::Name(name) => format!("Root::Name({})", string_code(name)),
        Root::Field(name) => format!("Root::Field({})", string_code(name)),
        Root::Global(name) => format!("Root::Global({})", string_code(name)),
    };
    let steps = list_code(&query.steps, |step: &Step| match step {
        Step::Field(name, span) => {
            format!("Step::Field({}, {})", string_code(name), span_code(*span))
        }
        Step::All => "Step::All".to_string(),
        Step::Filter(cond) => format!("Step::Filter(Box::new({}))", cond_code(cond)),
    });
    format!(
        "Query {{ root: {root}, root_span: {}, steps: {steps}, span: {} }}",
        span_code(query.root_span),
        span_code(query.span)
    )
}

/// `<short hash> <commit date>` of HEAD, when the crate is the top of a git
/// work tree. A package unpacked inside some other repository (an sdist
/// built in a checkout, `cargo package`'s verification under `target/`)
/// is not built from that repository's HEAD, so it has no commit.
fn commit() -> Option<String> {
    let dir = manifest_dir();
    let dir = dir.as_path();
    let top = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"])?);
    if top.canonicalize().ok()? != dir.canonicalize().ok()? {
        return None;
    }
    let commit = git(dir, &["log", "-1", "--abbrev=10", "--format=%h %cs"])?;
    // Build again when HEAD moves: a checkout rewrites HEAD, a commit the
    // branch it names (a loose ref, or packed-refs once `git gc` ran).
    let mut watched = vec!["HEAD".to_string()];
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        watched.push(branch);
        watched.push("packed-refs".to_string());
    }
    for name in watched {
        if let Some(path) = git(
            dir,
            &["rev-parse", "--path-format=absolute", "--git-path", &name],
        )
        .filter(|path| Path::new(path).is_file())
        {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    Some(commit)
}

/// The crate's directory, as cargo tells this run of the script: a compiled
/// build script can be reused for the same crate at another path (a shared
/// target directory), where `env!` would name the first one.
fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| PathBuf::from("."), PathBuf::from)
}

/// The trimmed output of a successful `git` run in `dir`; `None` when git
/// is missing, fails, or prints nothing.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let text = text.trim();
    (output.status.success() && !text.is_empty()).then(|| text.to_string())
}
