//! AWS CLI exports: the export bundles of the parity deployments read into
//! the same model as their CloudFormation templates, and the fixtures under
//! `testdata/export/` give exactly the findings listed here (JSON holds no
//! comments, so the expectations live in this file).

use std::path::{Path, PathBuf};

use edgelint::lint::{LintOptions, lint_paths, models};
use edgelint::rule::Registry;
use serde_json::Value;

mod common;
use common::compare;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn model_json(path: &Path) -> Value {
    let (units, report) = models(&[path.to_path_buf()], &LintOptions::default());
    assert!(
        report.errors.is_empty(),
        "{}: {:?}",
        path.display(),
        report.errors
    );
    assert_eq!(units.len(), 1, "{}: one unit", path.display());
    assert_eq!(units[0].scenarios.len(), 1);
    units[0].scenarios[0].model.to_json()
}

#[test]
fn export_bundles_read_into_the_model_of_their_template() {
    let parity = root().join("testdata/parity");
    let mut checked = 0;
    for name in ["s3-website", "alb-origin", "lambda-edge"] {
        let dir = parity.join(name);
        let reference = model_json(&dir.join("cloudformation.yaml"));
        let export = model_json(&dir.join("export"));
        let mut diffs = Vec::new();
        compare(name, &reference, &export, &mut diffs);
        assert!(diffs.is_empty(), "{name}:\n{}", diffs.join("\n"));
        // the comparison saw the parts that matter
        assert!(
            export.get("distributions").is_some(),
            "{name}: no distribution"
        );
        checked += 1;
    }
    assert_eq!(checked, 3);
    // the links the rules follow are there in the export too
    let alb = model_json(&parity.join("alb-origin/export"));
    assert_eq!(
        alb["distributions"][0]["origins"][0]["target"],
        "load_balancer:web"
    );
    assert_eq!(
        alb["load_balancers"][0]["security_groups"][0],
        "security_group:sg-0a1b2c3d4e5f67890"
    );
    let edge = model_json(&parity.join("lambda-edge/export"));
    assert_eq!(
        edge["distributions"][0]["behaviors"][0]["lambda_associations"][0]["function"],
        "lambda_function:edge:1"
    );
}

/// (file relative to `testdata/export`, line, code) of every finding.
fn findings(dir: &str) -> Vec<(String, usize, String)> {
    let registry = Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
    let base = root().join("testdata/export");
    let report = lint_paths(&[base.join(dir)], &registry, &LintOptions::default());
    assert!(report.errors.is_empty(), "{dir}: {:?}", report.errors);
    let mut out: Vec<(String, usize, String)> = report
        .findings
        .iter()
        .map(|f| {
            let file = f.primary.file.path();
            let file = file
                .strip_prefix(&base)
                .unwrap_or(file)
                .display()
                .to_string();
            (file, f.primary.start().line, f.code.clone())
        })
        .collect();
    out.sort();
    out
}

fn expect(list: &[(&str, usize, &str)]) -> Vec<(String, usize, String)> {
    let mut out: Vec<_> = list
        .iter()
        .map(|(f, l, c)| (f.to_string(), *l, c.to_string()))
        .collect();
    out.sort();
    out
}

#[test]
fn hand_edited_update_input_is_checked_alone() {
    assert_eq!(
        findings("update-input"),
        expect(&[
            // OriginSslProtocols: Quantity 1, two items
            ("update-input/distribution-config.json", 19, "CF514"),
            ("update-input/distribution-config.json", 17, "CF104"),
            // behavior targets an origin renamed above
            ("update-input/distribution-config.json", 52, "CF511"),
        ])
    );
}

#[test]
fn list_distributions_gives_one_distribution_per_summary() {
    assert_eq!(
        findings("list"),
        expect(&[("list/distributions.json", 64, "CF104")])
    );
}

#[test]
fn an_account_directory_links_distribution_balancer_groups_and_functions() {
    assert_eq!(
        findings("account"),
        expect(&[
            // match-viewer with allow-all: CloudFront uses 80 and 443; the
            // group admits CloudFront's prefix list on 443 only
            ("account/distribution.json", 28, "CF202"),
            // HTTPS to the load balancer's own DNS name, Host not forwarded
            ("account/distribution.json", 19, "CF101"),
            // match-viewer behind an allow-all behavior
            ("account/distribution.json", 48, "CF109"),
            // viewer-request association to an unqualified ARN
            ("account/distribution.json", 61, "CF301"),
            // a CloudFront Function on viewer-response beside Lambda@Edge on
            // viewer-request: refused
            ("account/distribution.json", 72, "CF315"),
            // the 503 page comes through the default behavior from the
            // load balancer that returns the 503
            ("account/distribution.json", 106, "CF451"),
            // origin-request on version 7, exported with a 45 s timeout
            ("account/versions.json", 21, "CF304"),
        ])
    );
}

#[test]
fn a_named_json_file_that_is_no_export_is_an_error_and_the_rest_is_linted() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let update = root().join("testdata/export/update-input/distribution-config.json");
    std::fs::copy(&update, dir.path().join("distribution-config.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.path().join("package.json"),
        r#"{"name": "site", "version": "1.0.0"}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let run = |args: &[&str]| {
        let output = assert_cmd::Command::cargo_bin("edgelint")
            .unwrap_or_else(|e| panic!("{e}"))
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let (code, out) = run(&[
        "check",
        "--format",
        "concise",
        "package.json",
        "distribution-config.json",
    ]);
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains(
            "package.json: error[not-recognized] not a CloudFormation template, Terraform file or CloudFront export"
        ),
        "{out}"
    );
    assert!(
        out.contains("distribution-config.json:19:37: error[CF514]"),
        "{out}"
    );
    // found by walking the directory, it is skipped
    let (code, out) = run(&["check", "--format", "concise", "."]);
    assert_eq!(code, Some(1), "{out}");
    assert!(!out.contains("package.json"), "{out}");
}
