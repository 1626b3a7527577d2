//! Snapshots of what users read: the human and JSON reports of a real
//! example, a parse error, and rule-language errors.

use std::path::PathBuf;
use std::sync::Arc;

use edgelint::lint::{LintOptions, Report, lint_paths};
use edgelint::report::{self, Format, Style};
use edgelint::rule::{Registry, load_file};
use edgelint::source::SourceFile;

fn lint(path: &str) -> Report {
    let registry = Registry::builtin().unwrap();
    lint_paths(&[PathBuf::from(path)], &registry, &LintOptions::default())
}

fn render(format: Format, report: &Report) -> String {
    let mut out = Vec::new();
    let registry = Registry::builtin().unwrap();
    report::write(format, report, &registry, &Style::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn example_human() {
    insta::assert_snapshot!(render(
        Format::Human,
        &lint("testdata/examples/web-app.yaml")
    ));
}

#[test]
fn example_json() {
    insta::assert_snapshot!(render(
        Format::Json,
        &lint("testdata/examples/web-app.yaml")
    ));
}

#[test]
fn parse_error_human_and_json() {
    let report = lint("testdata/cfn/malformed.error.yaml");
    insta::assert_snapshot!(render(Format::Human, &report));
    insta::assert_snapshot!(render(Format::Json, &report));
}

#[test]
fn duplicate_key_human() {
    let report = edgelint::lint::lint_text(
        "dup.yaml",
        "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n  Site:\n    Type: AWS::S3::Bucket\n",
        &Registry::builtin().unwrap(),
        &LintOptions::default(),
    );
    insta::assert_snapshot!(render(Format::Human, &report));
}

fn rule_error(text: &str) -> String {
    let file = Arc::new(SourceFile::new("rules/broken.rule", text));
    let err = load_file(file).expect_err("the rule is broken");
    let mut out = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .render_report(&mut out, &err)
        .unwrap();
    out
}

const DOCS: &str = "/// ## What it does\n/// x\n/// ## Why is this bad?\n/// x\n/// ## Example\n/// x\n/// ## How to fix\n/// x\n";

#[test]
fn rule_language_errors() {
    let meta =
        r#"meta { code = "X1" severity = "error" category = "c" formats = ["cloudformation"] }"#;
    let cases = [
        (
            "typo",
            format!(
                "{DOCS}rule r {{\n    {meta}\n    distributions.origins.protocol_polcy == \"x\" << m >>\n}}\n"
            ),
        ),
        (
            "types",
            format!(
                "{DOCS}rule r {{\n    {meta}\n    distributions.origins.http_port == \"80\" << m >>\n}}\n"
            ),
        ),
        (
            "syntax",
            format!(
                "{DOCS}rule r {{\n    {meta}\n    distributions.origins.http_port == << m >>\n}}\n"
            ),
        ),
        (
            "placeholder",
            format!(
                "{DOCS}rule r {{\n    {meta}\n    distributions.origins.http_port == 80 << origin `{{idd}}` >>\n}}\n"
            ),
        ),
        (
            "no-message",
            format!("{DOCS}rule r {{\n    {meta}\n    distributions.origins.http_port == 80\n}}\n"),
        ),
        (
            "severity",
            format!(
                "{DOCS}rule r {{\n    meta {{ code = \"X1\" severity = \"fatal\" category = \"c\" formats = [\"cloudformation\"] }}\n}}\n"
            ),
        ),
    ];
    for (name, text) in cases {
        insta::assert_snapshot!(format!("rule_error_{name}"), rule_error(&text));
    }
}

/// What a `check` run keeps of a file with findings is the lines its
/// reports show: every format reads the same from those excerpts as from
/// the whole files, on every fixture (snippets, related places in other
/// files, fixes, positions past a non-ASCII character).
#[test]
fn reports_read_the_same_from_excerpts_as_from_whole_files() {
    let registry = Registry::builtin().unwrap();
    let whole = LintOptions::default();
    let excerpts = LintOptions {
        excerpts: true,
        ..LintOptions::default()
    };
    let mut shortened = 0;
    for dir in ["testdata", "testdata/cdk/faulty.out"] {
        let full = lint_paths(&[PathBuf::from(dir)], &registry, &whole);
        let kept = lint_paths(&[PathBuf::from(dir)], &registry, &excerpts);
        assert!(!full.findings.is_empty(), "{dir}");
        for (a, b) in full.findings.iter().zip(&kept.findings) {
            if b.primary.file.is_excerpt() {
                assert!(b.primary.file.text().len() < a.primary.file.text().len());
                shortened += 1;
            } else {
                assert_eq!(b.primary.file.text(), a.primary.file.text());
            }
        }
        for format in [
            Format::Human,
            Format::Concise,
            Format::Json,
            Format::Sarif,
            Format::Junit,
            Format::Github,
            Format::Gitlab,
        ] {
            assert_eq!(
                render(format, &kept),
                render(format, &full),
                "{dir} as {format:?}"
            );
        }
    }
    // the fixtures have findings in long files: most keep a part of them
    assert!(shortened > 100, "{shortened} findings hold excerpts");
}
