//! What each fuzz target checks, shared with `tests/fuzz_regressions.rs`,
//! which runs the saved crash inputs under `testdata/fuzz/` through the
//! same functions. Every check panics on failure.

use std::sync::{Arc, OnceLock};

use edgelint::document::{self, DocError, Limits, Loaded, Node};
use edgelint::lint::{self, LintOptions, Report};
use edgelint::rule::Registry;
use edgelint::source::{SourceFile, Span};

pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| match Registry::builtin() {
        Ok(r) => r,
        Err(e) => panic!("built-in rules do not load: {e}"),
    })
}

fn assert_slices(text: &str, span: Span, what: &dyn std::fmt::Debug) {
    assert!(
        text.get(span.range()).is_some(),
        "span {span:?} does not slice the text ({} bytes): {what:?}",
        text.len()
    );
}

/// Every span of a tree (node, key, tag) slices `text`.
pub fn assert_tree_spans(text: &str, node: &Node) {
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        assert_slices(text, node.span, &node.value);
        if let Some(tag) = &node.tag {
            assert_slices(text, tag.span, tag);
        }
        stack.extend(node.items());
        for entry in node.entries() {
            assert_slices(text, entry.key_span, &entry.key);
            stack.push(&entry.value);
        }
    }
}

/// A loader's result: a tree whose spans slice the text, or an error
/// whose spans do.
fn check_loaded(text: &str, result: Result<Node, document::DocError>) {
    match result {
        Ok(node) => assert_tree_spans(text, &node),
        Err(err) => {
            assert_slices(text, err.span, &err);
            for (span, label) in &err.related {
                assert_slices(text, *span, label);
            }
        }
    }
}

/// A report from linting: no internal error, and every label slices its
/// file.
pub fn check_report(report: &Report) {
    for error in &report.errors {
        assert_ne!(error.code, "internal-error", "{error:?}");
        for label in error.location.iter().chain(&error.related) {
            assert_slices(label.file.text(), label.span, &error.message);
        }
    }
    for finding in &report.findings {
        for label in std::iter::once(&finding.primary).chain(&finding.related) {
            assert_slices(label.file.text(), label.span, &finding.message);
        }
    }
}

/// Where a fast reader read a text (`Some`), the general reader builds the
/// same tree (compared as debug text, where NaN equals itself).
fn readers_agree(fast: Option<Loaded>, general: impl FnOnce() -> Result<Loaded, DocError>) {
    if let Some(fast) = fast {
        match general() {
            Ok(general) => assert_eq!(format!("{fast:?}"), format!("{general:?}")),
            Err(e) => panic!("the fast reader read a text the general one refuses: {e:?}"),
        }
    }
}

/// The YAML loader's tree or error slices the text, and its two readers
/// agree.
pub fn yaml_loader(text: &str) {
    let limits = Limits::default();
    check_loaded(text, document::yaml::parse(text, &limits));
    readers_agree(document::yaml::subset::load(text, &limits), || {
        document::yaml::events::load(text, &limits)
    });
}

/// The JSON loader's tree or error slices the text, and its two readers
/// agree.
pub fn json_loader(text: &str) {
    let limits = Limits::default();
    check_loaded(text, document::json::parse(text, &limits));
    readers_agree(document::json::direct::load(text, &limits), || {
        document::json::jsonc::load(text, &limits)
    });
}

/// HCL loading and Terraform evaluation of one module file, and the rules.
pub fn hcl_terraform(text: &str) {
    let report = lint::lint_text("main.tf", text, registry(), &LintOptions::default());
    check_report(&report);
}

/// A CloudFormation template read from text (the rendered form of the
/// `cloudformation_frontend` target's trees), through every built-in rule.
pub fn cloudformation_text(name: &str, text: &str) {
    let report = lint::lint_text(name, text, registry(), &LintOptions::default());
    check_report(&report);
}

/// A tree built directly, with spans into `text`, through the
/// CloudFormation front-end and every built-in rule.
pub fn cloudformation_tree(name: &str, text: &str, doc: &Node) {
    assert_tree_spans(text, doc);
    let mut sources = edgelint::source::SourceMap::default();
    let id = sources.add(Arc::new(SourceFile::new(name, text)));
    let options = LintOptions::default();
    if let Ok(scenarios) = edgelint::frontend::cloudformation::load(
        id,
        std::path::Path::new(""),
        doc,
        &options.frontend,
        &mut Vec::new(),
    ) {
        let findings = lint::run_rules(
            scenarios,
            edgelint::frontend::Format::CloudFormation,
            &sources,
            registry(),
            &options,
        );
        check_report(&Report {
            findings,
            ..Report::default()
        });
    }
}

/// The rule language: parsing, checking and building rules.
pub fn rule_parser(text: &str) {
    match edgelint::dsl::parser::parse(text) {
        Ok(_) => {}
        Err(err) => assert_slices(text, err.span, &err.message),
    }
    let file = Arc::new(SourceFile::new("fuzz.rule", text));
    if let Err(err) = edgelint::rule::load_file(file) {
        assert_slices(text, err.error.span, &err.error.message);
    }
}

/// A scratch directory of this process for targets that need files.
pub fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("edgelint-fuzz-{}-{name}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// The documents an export unit is read from, named by the shapes the
/// export reader knows; `wrap` picks the shape the text is put inside
/// when it is JSON but not an export of its own.
const EXPORT_SHAPES: &[(&str, &str)] = &[
    ("{\"DistributionConfig\": ", "}"),
    (
        "{\"Distribution\": {\"Id\": \"E1\", \"DistributionConfig\": ",
        "}}",
    ),
    ("{\"DistributionList\": {\"Items\": [", "]}}"),
    ("{\"SecurityGroups\": [", "]}"),
    ("{\"PrefixLists\": [", "]}"),
    ("{\"LoadBalancers\": [", "]}"),
    ("{\"Listeners\": [", "]}"),
    ("{\"Certificate\": ", "}"),
    ("{\"Functions\": [", "]}"),
    ("{\"FunctionList\": {\"Items\": [", "]}}"),
];

/// The export reader: up to four documents of one unit (separated by NUL
/// in the input), each as given or inside one of the export shapes.
pub fn export_reader(data: &[u8]) {
    let mut files = Vec::new();
    for (i, part) in data.split(|b| *b == 0).take(4).enumerate() {
        let Some((&first, body)) = part.split_first() else {
            continue;
        };
        let Ok(body) = std::str::from_utf8(body) else {
            continue;
        };
        let text = match EXPORT_SHAPES.get(first as usize) {
            Some((open, close)) => format!("{open}{body}{close}"),
            None => body.to_string(),
        };
        files.push((format!("export{i}.json"), text));
    }
    if files.is_empty() {
        return;
    }
    let report = lint::lint_texts(&files, registry(), &LintOptions::default());
    check_report(&report);
}

/// A template with findings, linted under each fuzzed configuration.
const CONFIG_TEMPLATE: &str = "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        Origins:\n          - Id: w\n            DomainName: d.s3-website-us-east-1.amazonaws.com\n            CustomOriginConfig: { OriginProtocolPolicy: !Ref P }\n        DefaultCacheBehavior: { TargetOriginId: w, ViewerProtocolPolicy: allow-all }\n";

/// `edgelint.toml`: an error's place slices the text; a configuration
/// that loads is applied to a lint (selection, settings, parameters,
/// per-path ignores and severities).
pub fn config_loader(text: &str) {
    let path = std::path::Path::new("edgelint.toml");
    match edgelint::config::parse(text, path, std::path::Path::new(".")) {
        Err(err) => {
            if let Some(span) = err.span {
                assert_slices(text, span, &err.message);
            }
            let _ = err.one_line();
        }
        Ok(config) => {
            let mut rules = registry().clone();
            rules.select(&config.select, &config.ignore);
            let mut options = LintOptions::default();
            options.frontend.params = config.parameters.clone();
            options.frontend.region = config.region.clone();
            options.settings = config.settings.clone();
            let mut report = lint::lint_text("site.yaml", CONFIG_TEMPLATE, &rules, &options);
            edgelint::suppress::apply(
                &mut report,
                &rules,
                &config,
                edgelint::suppress::Options::default(),
            );
            check_report(&report);
            let _ = config.admits(std::path::Path::new("site.yaml"), false);
            let _ = config.ignored_for(std::path::Path::new("site.yaml"));
        }
    }
}
