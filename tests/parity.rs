//! Parity: the same deployment written in different formats gives the same
//! model (spans aside) and the same findings. Each directory under
//! `testdata/parity/` is one deployment; `cloudformation.yaml` is the
//! reference and every other form of it beside it must agree: a file
//! (`cloudformation.json`, a Terraform `plan.json`) or a directory read as
//! one unit (`export/`, a Terraform module in `terraform/` and its JSON
//! syntax in `terraform-json/`).

use std::path::{Path, PathBuf};

use edgelint::lint::{LintOptions, lint_paths, models};
use edgelint::rule::Registry;

mod common;

fn deployments() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/parity");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// The other forms of a deployment: files and directories beside the
/// reference template.
fn variants(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n != "cloudformation.yaml"))
        .collect();
    out.sort();
    out
}

fn model_json(path: &Path) -> serde_json::Value {
    let (units, report) = models(&[path.to_path_buf()], &LintOptions::default());
    assert!(
        report.errors.is_empty(),
        "{}: {:?}",
        path.display(),
        report.errors
    );
    assert_eq!(units.len(), 1, "{}: one unit", path.display());
    let unit = &units[0];
    assert_eq!(unit.scenarios.len(), 1, "{}: one scenario", path.display());
    unit.scenarios[0].model.to_json()
}

/// Findings without positions: code, severity, resource kind of the
/// message's subject, and the message with the value as written removed.
fn findings(path: &Path) -> Vec<(String, String)> {
    let registry = Registry::builtin().unwrap();
    let report = lint_paths(&[path.to_path_buf()], &registry, &LintOptions::default());
    assert!(
        report.errors.is_empty(),
        "{}: {:?}",
        path.display(),
        report.errors
    );
    let mut out: Vec<(String, String)> = report
        .findings
        .iter()
        .map(|f| (f.code.clone(), f.severity.as_str().to_string()))
        .collect();
    out.sort();
    out
}

#[test]
fn every_form_of_a_deployment_agrees() {
    let dirs = deployments();
    assert!(dirs.len() >= 3);
    for dir in dirs {
        let reference = dir.join("cloudformation.yaml");
        let model = model_json(&reference);
        let expected = findings(&reference);
        assert!(
            !expected.is_empty(),
            "{}: parity cases carry a finding",
            dir.display()
        );
        let others = variants(&dir);
        assert!(!others.is_empty(), "{}: no other form", dir.display());
        for other in others {
            if other
                .file_name()
                .is_some_and(|n| n == "cloudformation.json")
            {
                // generated from the YAML: the very same model
                assert_eq!(
                    model_json(&other),
                    model,
                    "{}: model differs",
                    other.display()
                );
            } else {
                // another format: the same model where both say something
                let mut diffs = Vec::new();
                let name = dir.file_name().unwrap_or_default().to_string_lossy();
                common::compare(&name, &model, &model_json(&other), &mut diffs);
                assert!(
                    diffs.is_empty(),
                    "{}: model differs\n{}",
                    other.display(),
                    diffs.join("\n")
                );
            }
            assert_eq!(
                findings(&other),
                expected,
                "{}: findings differ",
                other.display()
            );
        }
    }
}

#[test]
fn yaml_and_json_findings_point_at_the_same_values() {
    // the JSON twin is generated from the YAML, so the text at each
    // finding's span must be the same value
    let registry = Registry::builtin().unwrap();
    for dir in deployments() {
        let text_at = |path: PathBuf| -> Vec<String> {
            let report = lint_paths(&[path], &registry, &LintOptions::default());
            let mut v: Vec<String> = report
                .findings
                .iter()
                .map(|f| {
                    let t = f
                        .primary
                        .file
                        .slice(f.primary.span)
                        .trim_matches('"')
                        .to_string();
                    format!("{} {t}", f.code)
                })
                .collect();
            v.sort();
            v
        };
        let yaml = text_at(dir.join("cloudformation.yaml"));
        let json = text_at(dir.join("cloudformation.json"));
        // a Default points at the enclosing object, whose text differs
        // between the formats; compare the values written in both
        let written = |v: &[String]| -> Vec<String> {
            v.iter()
                .filter(|s| !s.contains('\n') && !s.contains('{'))
                .cloned()
                .collect()
        };
        assert_eq!(written(&yaml), written(&json), "{}", dir.display());
    }
}

#[test]
fn terraform_forms_are_units_and_link_what_the_rules_follow() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/parity");
    for dir in deployments() {
        let names: Vec<String> = variants(&dir)
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        for form in ["terraform", "terraform-json", "plan.json"] {
            assert!(
                names.iter().any(|n| n == form),
                "{}: no {form}",
                dir.display()
            );
        }
    }
    for form in ["terraform", "terraform-json", "plan.json"] {
        let alb = model_json(&root.join("alb-origin").join(form));
        let origin = &alb["distributions"][0]["origins"][0];
        assert_eq!(origin["target"], "load_balancer:aws_lb.alb", "{form}");
        assert_eq!(
            alb["load_balancers"][0]["security_groups"][0], "security_group:aws_security_group.alb",
            "{form}"
        );
        let edge = model_json(&root.join("lambda-edge").join(form));
        let association = &edge["distributions"][0]["behaviors"][0]["lambda_associations"][0];
        assert_eq!(
            association["function"], "lambda_function:aws_lambda_function.edge",
            "{form}: {association}"
        );
        assert_eq!(association["qualifier"], "version", "{form}: {association}");
    }
}
