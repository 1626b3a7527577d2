//! Rules: metadata, documentation and compiled logic, loaded from `.rule`
//! files (the built-in ones are embedded at build time).

pub mod docs;
pub mod settings;

use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::dsl::ast::{Cond, MetaValue, RuleDef, SomeBody, Stmt};
use crate::dsl::resolve::Resolved;
use crate::dsl::{self, DslError};
use crate::finding::{Applicability, Severity};
use crate::frontend::Format;
use crate::source::read;
use crate::source::{SourceFile, Span};

pub use docs::Example;
pub use settings::SettingValues;

/// The built-in rules, parsed when edgelint is built (see `build.rs`).
mod compiled {
    use crate::dsl::ast::*;
    use crate::source::Span;

    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

pub use compiled::BUILTIN_RULES;

/// Where the documentation of edgelint lives online.
pub const DOCS_BASE: &str = "https://github.com/edgelint/edgelint/blob/main";

/// The largest rule file read: the biggest shipped one, examples and all,
/// is under 40 KiB.
pub const MAX_RULE_FILE_BYTES: u64 = 1024 * 1024;

/// A loaded, checked rule.
#[derive(Clone, Debug)]
pub struct Rule {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    /// Formats where the rule's severity differs from `severity`
    /// (`severity_terraform = "warning"` in the meta): the same fault can be
    /// refused by one deploy path and only ignored by another.
    pub severity_by_format: Vec<(Format, Severity)>,
    pub category: String,
    pub formats: Vec<Format>,
    pub def: RuleDef,
    /// The file the rule came from.
    pub source: Arc<SourceFile>,
    /// Where the `///` documentation is in `source`: a built-in rule reads
    /// it only when asked for (`explain`, hover, SARIF rule metadata).
    docs_span: Span,
    docs: OnceLock<String>,
    help: OnceLock<Option<Arc<str>>>,
    /// The body's names and literals, resolved on first evaluation.
    resolved: OnceLock<Resolved>,
    /// A check made in code whose documentation file ships in the
    /// repository (`Rule::documented`): its page is that file online.
    documented_in_repository: bool,
}

impl Rule {
    /// The severity of the rule's findings in units of `format`; a check's
    /// own `severity` trailer still takes precedence.
    pub fn severity_in(&self, format: Format) -> Severity {
        self.severity_by_format
            .iter()
            .find(|(f, _)| *f == format)
            .map_or(self.severity, |(_, s)| *s)
    }

    /// `error`, or `error; warning in terraform` when a format differs.
    pub fn severity_text(&self) -> String {
        let mut text = self.severity.as_str().to_string();
        for (format, severity) in &self.severity_by_format {
            text.push_str(&format!("; {} in {}", severity.as_str(), format.name()));
        }
        text
    }

    /// A rule without checks of its own, known by its documentation: a
    /// check made in code (`probe`'s) that reports as rules do.
    pub fn documented(
        code: String,
        name: String,
        severity: Severity,
        category: String,
        formats: Vec<Format>,
        docs: String,
        source: Arc<SourceFile>,
    ) -> Rule {
        Rule {
            def: RuleDef {
                docs: docs.clone(),
                name: name.clone(),
                name_span: Span::default(),
                meta: Vec::new(),
                body: Vec::new(),
                span: Span::default(),
            },
            code,
            name,
            severity,
            severity_by_format: Vec::new(),
            category,
            formats,
            source,
            docs_span: Span::default(),
            docs: OnceLock::from(docs),
            help: OnceLock::new(),
            resolved: OnceLock::new(),
            documented_in_repository: true,
        }
    }

    /// The body's field names and literals, resolved once for every
    /// evaluation.
    pub fn resolved(&self) -> &Resolved {
        self.resolved.get_or_init(|| Resolved::new(&self.def))
    }

    /// The documentation, markdown.
    pub fn docs(&self) -> &str {
        self.docs
            .get_or_init(|| dsl::doc_comment::docs_of(self.source.slice(self.docs_span)))
    }

    /// The fenced examples of the docs (checked when the rule loads, for a
    /// built-in rule by the test suite).
    pub fn examples(&self) -> Vec<Example> {
        docs::examples(self.docs()).unwrap_or_default()
    }

    /// One line: the first paragraph of "What it does".
    pub fn summary(&self) -> String {
        docs::section(self.docs(), "What it does")
            .map(docs::first_paragraph)
            .unwrap_or_default()
    }

    /// The fix, from "How to fix"; read once, and every finding shares it.
    pub fn help(&self) -> Option<Arc<str>> {
        self.help
            .get_or_init(|| {
                docs::section(self.docs(), "How to fix")
                    .map(|text| docs::first_paragraph(text).into())
            })
            .clone()
    }

    /// How far the rule's fixes can be trusted: empty for a rule without
    /// one, else `Safe`, `Unsafe` or both, in that order.
    pub fn fixes(&self) -> Vec<Applicability> {
        let mut out = fix_kinds(&self.def.body);
        out.sort();
        out.dedup();
        out
    }

    /// `safe`, `unsafe`, `safe/unsafe`, or empty without a fix.
    pub fn fix_text(&self) -> String {
        self.fixes()
            .iter()
            .map(|a| match a {
                Applicability::Safe => "safe",
                Applicability::Unsafe => "unsafe",
            })
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Where the rule's documentation lives: online for a built-in rule,
    /// the rule file itself (a `file://` URI) for a rule of a `rules`
    /// directory, which has no page online.
    pub fn help_uri(&self) -> String {
        let file = format!("{}.rule", self.name);
        let builtin = BUILTIN_RULES.iter().any(|(name, _)| *name == file)
            && self.source.name() == format!("rules/{file}");
        if builtin {
            return format!("{DOCS_BASE}/rules/{file}");
        }
        if self.documented_in_repository {
            return format!("{DOCS_BASE}/{}", self.source.name());
        }
        let path = self.source.path();
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        format!("file://{}", path.display())
    }
}

/// A rule file that could not be loaded, with its source for rendering.
#[derive(Debug, thiserror::Error)]
#[error("{}: {}", file.name(), error.message)]
pub struct RuleError {
    pub file: Arc<SourceFile>,
    pub error: DslError,
}

impl miette::Diagnostic for RuleError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("rule-error"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.error
            .help
            .as_ref()
            .map(|h| Box::new(h.clone()) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&*self.file)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.error.span;
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_primary_with_span(
                Some(self.error.message.clone()),
                (span.start as usize, span.len()),
            ),
        )))
    }
}

/// Parses and checks every rule in one file.
pub fn load_file(file: Arc<SourceFile>) -> Result<Vec<Rule>, RuleError> {
    let fail = |error: DslError| RuleError {
        file: file.clone(),
        error,
    };
    let defs = dsl::parser::parse(file.text()).map_err(fail)?;
    let names = settings::names();
    let mut rules = Vec::with_capacity(defs.len());
    for mut def in defs {
        dsl::check::check_rule(&mut def, &settings::exists, &names).map_err(fail)?;
        check_docs(&def).map_err(fail)?;
        let docs = OnceLock::from(std::mem::take(&mut def.docs));
        rules.push(build(def, file.clone(), Span::default(), docs).map_err(fail)?);
    }
    Ok(rules)
}

/// The documentation has the sections `explain` shows and examples that
/// can run.
fn check_docs(def: &RuleDef) -> Result<(), DslError> {
    for heading in docs::REQUIRED_SECTIONS {
        if docs::section(&def.docs, heading).is_none() {
            return Err(DslError::new(
                format!("the docs of `{}` have no `## {heading}` section", def.name),
                def.name_span,
            ));
        }
    }
    let examples = docs::examples(&def.docs).map_err(|m| DslError::new(m, def.name_span))?;
    if !fix_kinds(&def.body).is_empty() {
        if docs::section(&def.docs, "Fix").is_none() {
            return Err(DslError::new(
                format!("`{}` has a fix, and its docs no `## Fix` section", def.name),
                def.name_span,
            )
            .with_help("say what the fix changes, and why it is safe or unsafe"));
        }
        if !examples.iter().any(|e| e.fixed.is_some()) {
            return Err(DslError::new(
                format!("`{}` has a fix, and its docs no `fix` example", def.name),
                def.name_span,
            )
            .with_help(format!(
                "add a fenced `cloudformation fix` example: the text before, a line `{}`, the text after",
                docs::FIX_MARKER
            )));
        }
    }
    Ok(())
}

/// How far each fix declared in the statements can be trusted.
fn fix_kinds(stmts: &[Stmt]) -> Vec<Applicability> {
    let mut out = Vec::new();
    collect_fix_kinds(stmts, &mut out);
    out
}

/// Adds the safety of each fix of the statements, nested ones included.
fn collect_fix_kinds(stmts: &[Stmt], out: &mut Vec<Applicability>) {
    for stmt in stmts {
        match stmt {
            Stmt::Let { .. } => {}
            Stmt::When { body, .. } => collect_fix_kinds(body, out),
            Stmt::Clause(clause) => {
                if let Some(fix) = &clause.fix {
                    out.push(if fix.safe {
                        Applicability::Safe
                    } else {
                        Applicability::Unsafe
                    });
                }
                collect_fix_kinds_in(&clause.cond, out);
            }
        }
    }
}

/// Adds the safety of each fix of the blocks inside a condition.
fn collect_fix_kinds_in(cond: &Cond, out: &mut Vec<Applicability>) {
    match cond {
        Cond::Block { body, .. }
        | Cond::Some {
            body: SomeBody::Block(body),
            ..
        } => collect_fix_kinds(body, out),
        Cond::Or(parts, _) | Cond::And(parts, _) => {
            parts.iter().for_each(|p| collect_fix_kinds_in(p, out));
        }
        Cond::Not(inner, _) => collect_fix_kinds_in(inner, out),
        _ => {}
    }
}

fn build(
    def: RuleDef,
    source: Arc<SourceFile>,
    docs_span: Span,
    docs: OnceLock<String>,
) -> Result<Rule, DslError> {
    let meta_str = |key: &str| -> Result<(String, Span), DslError> {
        match def.meta.iter().find(|m| m.key == key) {
            Some(m) => match &m.value {
                MetaValue::Str(s) => Ok((s.clone(), m.value_span)),
                _ => Err(DslError::new(
                    format!("`{key}` must be a string"),
                    m.value_span,
                )),
            },
            None => Err(DslError::new(
                format!("rule `{}` has no `{key}` in its meta", def.name),
                def.name_span,
            )),
        }
    };
    const KEYS: [&str; 7] = [
        "code",
        "severity",
        "severity_cloudformation",
        "severity_terraform",
        "severity_export",
        "category",
        "formats",
    ];
    for entry in &def.meta {
        if !KEYS.contains(&entry.key.as_str()) {
            let mut err =
                DslError::new(format!("unknown meta key `{}`", entry.key), entry.key_span);
            if let Some(s) = dsl::did_you_mean(&entry.key, KEYS) {
                err = err.with_help(format!("did you mean `{s}`?"));
            }
            return Err(err);
        }
    }
    let parse_severity = |(text, span): (String, Span)| {
        Severity::parse(&text).ok_or_else(|| {
            DslError::new(format!("unknown severity `{text}`"), span)
                .with_help("use `error`, `warning` or `info`")
        })
    };
    let (code, _) = meta_str("code")?;
    let severity = parse_severity(meta_str("severity")?)?;
    let (category, _) = meta_str("category")?;
    let formats = match def.meta.iter().find(|m| m.key == "formats") {
        Some(m) => match &m.value {
            MetaValue::List(items) => items
                .iter()
                .map(|f| match f.as_str() {
                    "cloudformation" => Ok(Format::CloudFormation),
                    "terraform" => Ok(Format::Terraform),
                    "export" => Ok(Format::Export),
                    other => Err(
                        DslError::new(format!("unknown format `{other}`"), m.value_span)
                            .with_help("formats are `cloudformation`, `terraform` and `export`"),
                    ),
                })
                .collect::<Result<Vec<_>, _>>()?,
            _ => return Err(DslError::new("`formats` must be a list", m.value_span)),
        },
        None => {
            return Err(DslError::new(
                format!("rule `{}` has no `formats` in its meta", def.name),
                def.name_span,
            ));
        }
    };
    let mut severity_by_format = Vec::new();
    for format in [Format::CloudFormation, Format::Terraform, Format::Export] {
        let key = format!("severity_{}", format.name());
        let Some(entry) = def.meta.iter().find(|m| m.key == key) else {
            continue;
        };
        if !formats.contains(&format) {
            return Err(DslError::new(
                format!("`{key}` is set but `{}` is not in `formats`", format.name()),
                entry.key_span,
            ));
        }
        severity_by_format.push((format, parse_severity(meta_str(&key)?)?));
    }
    Ok(Rule {
        code,
        name: def.name.clone(),
        severity,
        severity_by_format,
        category,
        formats,
        def,
        source,
        docs_span,
        docs,
        help: OnceLock::new(),
        resolved: OnceLock::new(),
        documented_in_repository: false,
    })
}

/// The rules of a run.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    rules: Vec<Rule>,
}

impl Registry {
    /// The rules that ship with edgelint: parsed and checked against the
    /// model when edgelint was built (build.rs), so only built here.
    pub fn builtin() -> Result<Registry, RuleError> {
        let mut registry = Registry::default();
        for ((name, text), defs) in BUILTIN_RULES.iter().zip(compiled::compiled_rules()) {
            let file = Arc::new(SourceFile::built_in(format!("rules/{name}"), text));
            let fail = |error: DslError| RuleError {
                file: file.clone(),
                error,
            };
            for (docs_span, def) in defs {
                let rule = build(def, file.clone(), docs_span, OnceLock::new()).map_err(fail)?;
                registry.rules.push(rule);
            }
        }
        registry.rules.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(registry)
    }

    /// A registry of the given rules (tools and tests).
    pub fn from_rules(mut rules: Vec<Rule>) -> Registry {
        rules.sort_by(|a, b| a.code.cmp(&b.code));
        Registry { rules }
    }

    /// Adds every `.rule` file of a directory (user rules). A rule whose
    /// code is already taken (by a built-in rule or another file) is
    /// refused: selections, ignores and baselines name rules by code.
    pub fn load_dir(&mut self, dir: &Path) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let mut paths: Vec<_> = std::fs::read_dir(dir)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "rule"))
            .collect();
        paths.sort();
        for path in paths {
            let bytes = read::read_bytes(&path, MAX_RULE_FILE_BYTES)?;
            let text = read::decode(bytes).map_err(|refused| {
                let (file, span) = refused.shown(&path);
                RuleError {
                    file,
                    error: DslError::new(refused.message, span),
                }
            })?;
            let rules = load_file(Arc::new(SourceFile::new(path, text)))?;
            for rule in &rules {
                if let Some(taken) = self.rules.iter().find(|r| r.code == rule.code) {
                    let span = rule
                        .def
                        .meta
                        .iter()
                        .find(|m| m.key == "code")
                        .map_or(Span::default(), |m| m.value_span);
                    return Err(Box::new(RuleError {
                        file: rule.source.clone(),
                        error: DslError::new(
                            format!(
                                "code `{}` is taken by rule `{}` ({}); a rule needs a code of its own",
                                rule.code,
                                taken.name,
                                taken.source.name()
                            ),
                            span,
                        ),
                    }));
                }
            }
            self.rules.extend(rules);
        }
        self.rules.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(())
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// A rule by code (`CF104`) or name, ignoring case.
    pub fn find(&self, key: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(key) || r.name.eq_ignore_ascii_case(key))
    }

    /// The selectors that match no rule.
    pub fn unmatched(&self, select: &[String], ignore: &[String]) -> Vec<String> {
        select
            .iter()
            .chain(ignore)
            .filter(|selector| !self.rules.iter().any(|r| matches_selector(r, selector)))
            .cloned()
            .collect()
    }

    /// Keeps the rules matched by `select` (all when empty) and not matched
    /// by `ignore`. A selector is a code, a name, a code prefix (`CF1`) or
    /// a category. Returns the selectors that matched nothing.
    pub fn select(&mut self, select: &[String], ignore: &[String]) -> Vec<String> {
        let unmatched = self.unmatched(select, ignore);
        self.rules.retain(|r| {
            (select.is_empty() || select.iter().any(|s| matches_selector(r, s)))
                && !ignore.iter().any(|s| matches_selector(r, s))
        });
        unmatched
    }
}

/// Whether a selector names a rule: its code, a prefix of its code, its
/// name or its category.
pub fn matches_selector(rule: &Rule, selector: &str) -> bool {
    let s = selector.trim();
    rule.code.eq_ignore_ascii_case(s)
        || (s.len() >= 2
            && rule
                .code
                .to_ascii_uppercase()
                .starts_with(&s.to_ascii_uppercase()))
        || rule.name.eq_ignore_ascii_case(s)
        || rule.category.eq_ignore_ascii_case(s)
        || s.eq_ignore_ascii_case("all")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(meta: &str) -> Result<Vec<Rule>, RuleError> {
        let text = format!(
            "/// ## What it does\n/// x\n/// ## Why is this bad?\n/// x\n/// ## Example\n/// x\n/// ## How to fix\n/// x\n\
             rule r {{\n    meta {{ code = \"CF999\" severity = \"error\" category = \"c\" {meta} }}\n    distributions[*].enabled == true << m >>\n}}\n"
        );
        load_file(Arc::new(SourceFile::new("r.rule", text)))
    }

    /// The syntax trees compiled into the binary are what the rule files
    /// parse to at run time, docs and all; and every built-in rule passes
    /// the checks of its documentation that a `--rules` file gets.
    #[test]
    fn compiled_builtin_rules_are_their_files_parsed() {
        let compiled = Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
        let mut parsed = Vec::new();
        for (name, text) in BUILTIN_RULES {
            let file = Arc::new(SourceFile::built_in(format!("rules/{name}"), text));
            parsed.extend(load_file(file).unwrap_or_else(|e| panic!("{e}")));
        }
        let parsed = Registry::from_rules(parsed);
        assert_eq!(compiled.rules().len(), parsed.rules().len());
        assert_eq!(compiled.rules().len(), BUILTIN_RULES.len());
        for (c, p) in compiled.rules().iter().zip(parsed.rules()) {
            assert_eq!(c.code, p.code);
            assert_eq!(c.name, p.name);
            assert_eq!(c.severity_text(), p.severity_text());
            assert_eq!(c.category, p.category);
            assert_eq!(c.formats, p.formats);
            assert_eq!(format!("{:?}", c.def), format!("{:?}", p.def), "{}", c.code);
            assert_eq!(c.docs(), p.docs(), "{}", c.code);
            assert!(c.docs().contains("## What it does"), "{}", c.code);
            assert_eq!(c.help(), p.help());
            assert_eq!(c.examples().len(), p.examples().len());
            assert_eq!(c.source.name(), p.source.name());
        }
    }

    #[test]
    fn builtin_rules_link_online_and_user_rules_link_their_file() {
        let registry = Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            registry.find("CF104").map(Rule::help_uri).as_deref(),
            Some(
                "https://github.com/edgelint/edgelint/blob/main/rules/https-to-s3-website-endpoint.rule"
            )
        );
        let user = rule("formats = [\"cloudformation\"]").unwrap_or_else(|e| panic!("{e}"));
        let uri = user[0].help_uri();
        assert!(
            uri.starts_with("file:///") && uri.ends_with("/r.rule"),
            "{uri}"
        );
    }

    #[test]
    fn a_format_may_have_its_own_severity() {
        let rules =
            rule(r#"formats = ["cloudformation", "terraform"] severity_terraform = "warning""#)
                .unwrap_or_else(|e| panic!("{e}"));
        let r = &rules[0];
        assert_eq!(r.severity_in(Format::CloudFormation), Severity::Error);
        assert_eq!(r.severity_in(Format::Terraform), Severity::Warning);
        assert_eq!(r.severity_text(), "error; warning in terraform");
    }

    #[test]
    fn a_format_severity_needs_the_format_and_a_known_severity() {
        let err = rule(r#"formats = ["cloudformation"] severity_export = "warning""#).unwrap_err();
        assert!(
            err.error.message.contains("`export` is not in `formats`"),
            "{err}"
        );
        let err = rule(r#"formats = ["export"] severity_export = "loud""#).unwrap_err();
        assert!(
            err.error.message.contains("unknown severity `loud`"),
            "{err}"
        );
        let err = rule(r#"formats = ["export"] severity_exports = "info""#).unwrap_err();
        assert_eq!(
            err.error.help.as_deref(),
            Some("did you mean `severity_export`?")
        );
    }
}
