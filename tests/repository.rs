//! edgelint in a repository as people have them: files of other tools
//! beside the deployments, hidden directories, tool caches, runs that find
//! nothing, and a hook that names only the files a commit changed.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use project::project;
use serde_json::Value;

mod project;

const CLEAN: &str = include_str!("../testdata/cli/clean.yaml");
const FAULTY: &str = include_str!("../testdata/cli/website-https.yaml");

/// Files of other tools that do not parse as CloudFormation would.
const OTHERS: &[(&str, &str)] = &[
    (
        "tsconfig.json",
        "{\n  // compiler options\n  \"compilerOptions\": { \"strict\": true, },\n}\n",
    ),
    (
        ".vscode/settings.json",
        "{ \"editor.tabSize\": 2, // two\n}\n",
    ),
    (
        "k8s/web.yaml",
        "apiVersion: v1\nkind: Service\n---\napiVersion: apps/v1\nkind: Deployment\n",
    ),
    (
        "chart/templates/deployment.yaml",
        "kind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    {{- include \"web.labels\" . | nindent 4 }}\n",
    ),
    (
        ".gitlab-ci.yml",
        ".defaults: &defaults\n  image: alpine\ntest:\n  <<: *defaults\n  script: [make]\n",
    ),
    (
        "compose.yaml",
        "x-common: &common\n  restart: always\nservices:\n  web:\n    <<: *common\n",
    ),
    ("events.json", "{\"a\": 1}\n{\"a\": 2}\n"),
];

fn edgelint_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("edgelint").unwrap_or_else(|e| panic!("{e}"));
    cmd.current_dir(dir).env_remove("NO_COLOR").env_remove("CI");
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", text(&output.stdout)))
}

/// `(file, code)` of each finding and error of a JSON report.
fn reported(report: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = ["findings", "errors"]
        .iter()
        .flat_map(|k| report[k].as_array().cloned().unwrap_or_default())
        .map(|f| {
            (
                f["file"].as_str().unwrap_or("").to_string(),
                f["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

mod not_deployments {
    use super::*;

    #[test]
    fn files_of_other_tools_never_fail_a_walk() {
        let mut files = OTHERS.to_vec();
        files.push(("site.yaml", CLEAN));
        let dir = project(&files);
        let output = edgelint_in(dir.path())
            .args(["check", "--format", "json"])
            .output()
            .unwrap();
        let report = json(&output);
        assert_eq!(reported(&report), Vec::<(String, String)>::new());
        assert_eq!(report["summary"]["files"], 1);
        assert_eq!(output.status.code(), Some(0));
    }

    #[test]
    fn a_broken_deployment_is_still_a_located_error() {
        let dir = project(&[
            (
                "broken.yaml",
                "Resources:\n  Cdn:\n    Type: AWS::CloudFront::Distribution\n---\nmore: 1\n",
            ),
            (
                "broken.json",
                "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  // note\n  \"Resources\": {}\n}\n",
            ),
            ("tsconfig.json", OTHERS[0].1),
        ]);
        let output = edgelint_in(dir.path())
            .args(["check", "--format", "json"])
            .output()
            .unwrap();
        let report = json(&output);
        assert_eq!(
            reported(&report),
            pairs(&[
                ("./broken.json", "parse-error"),
                ("./broken.yaml", "parse-error")
            ])
        );
        let lines: Vec<u64> = report["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["line"].as_u64().unwrap())
            .collect();
        assert_eq!(lines, [3, 4]);
        assert_eq!(output.status.code(), Some(2));
    }

    #[test]
    fn named_they_are_not_recognized_unless_skipped() {
        let dir = project(OTHERS);
        let names: Vec<&str> = OTHERS.iter().map(|(n, _)| *n).collect();
        let output = edgelint_in(dir.path())
            .arg("check")
            .args(&names)
            .args(["--format", "json"])
            .output()
            .unwrap();
        let report = json(&output);
        let codes: Vec<&str> = report["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, vec!["not-recognized"; OTHERS.len()]);
        assert_eq!(output.status.code(), Some(2));

        // the hook's way: every changed file is passed, none is a deployment
        let output = edgelint_in(dir.path())
            .args(["check", "--skip-unrecognized"])
            .args(&names)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(text(&output.stdout), "");
        assert_eq!(
            text(&output.stderr),
            "edgelint: none of the files named is a deployment; nothing linted; 7 paths skipped (`--show-files` says why)\n"
        );
        edgelint_in(dir.path())
            .args(["check", "--quiet", "--skip-unrecognized"])
            .args(&names)
            .assert()
            .code(0)
            .stdout("")
            .stderr("");
    }
}

mod walk {
    use super::*;

    #[test]
    fn hidden_directories_are_walked_but_not_vcs_or_caches() {
        let dir = project(&[
            (".infra/site.yaml", FAULTY),
            (
                ".serverless/cloudformation-template-update-stack.json",
                "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {}}",
            ),
            (".git/hooks/x.yaml", FAULTY),
            (".terraform/modules/cdn/main.tf", "resource \"x\" {"),
            ("node_modules/pkg/site.yaml", FAULTY),
            ("stack.template", FAULTY),
        ]);
        let output = edgelint_in(dir.path())
            .args(["check", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(
            reported(&json(&output)),
            pairs(&[
                ("./.infra/site.yaml", "CF104"),
                ("./stack.template", "CF104")
            ])
        );
        assert_eq!(json(&output)["summary"]["files"], 3);

        let output = edgelint_in(dir.path())
            .args(["check", "--show-files"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        insta::assert_snapshot!("show_files", text(&output.stdout));
    }

    #[test]
    fn show_files_names_excluded_files_and_errors() {
        let dir = project(&[
            ("edgelint.toml", "exclude = [\"legacy\"]\n"),
            ("legacy/site.yaml", FAULTY),
            ("site.yaml", CLEAN),
            (
                "bad.yaml",
                "AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n",
            ),
            ("tsconfig.json", OTHERS[0].1),
        ]);
        let output = edgelint_in(dir.path())
            .args(["check", "--show-files", "."])
            .output()
            .unwrap();
        insta::assert_snapshot!("show_files_config", text(&output.stdout));
    }

    #[test]
    fn opentofu_files_form_a_module_and_override_terraform_files() {
        let faulty = include_str!("../testdata/repository/faulty.tf");
        let dir = project(&[
            ("infra/cdn.tofu", faulty),
            // OpenTofu reads cdn.tofu in place of cdn.tf
            ("infra/cdn.tf", "this is not HCL {"),
            (
                "infra/vars.tofu.json",
                "{\"variable\": {\"x\": {\"default\": 1}}}",
            ),
        ]);
        let output = edgelint_in(dir.path())
            .args(["check", "--format", "json"])
            .output()
            .unwrap();
        let report = json(&output);
        assert_eq!(reported(&report), pairs(&[("./infra/cdn.tofu", "CF104")]));
        assert_eq!(report["summary"]["files"], 2);
    }
}

mod nothing_linted {
    use super::*;

    #[test]
    fn an_empty_walk_fails_and_says_so_everywhere() {
        let dir = project(&[("tsconfig.json", OTHERS[0].1), (".git/x.yaml", CLEAN)]);
        let output = edgelint_in(dir.path())
            .args(["check", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(
            text(&output.stderr),
            "edgelint: .: nothing linted: no CloudFormation template, Terraform file or CloudFront export found; 2 paths skipped (`--show-files` says why)\n"
        );
        let report = json(&output);
        assert_eq!(reported(&report), pairs(&[(".", "nothing-linted")]));
        assert_eq!(report["summary"]["files"], 0);

        let output = edgelint_in(dir.path())
            .args(["check", "--format", "sarif", "--quiet"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let invocation = &json(&output)["runs"][0]["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], false);
        assert_eq!(
            invocation["toolExecutionNotifications"][0]["descriptor"]["id"],
            "nothing-linted"
        );
    }

    #[test]
    fn a_directory_without_deployments_fails_even_for_the_hook() {
        let dir = project(&[("docs/readme.yaml", "title: x\n"), ("site.yaml", CLEAN)]);
        edgelint_in(dir.path())
            .args(["check", "--skip-unrecognized", "docs"])
            .assert()
            .code(2);
        edgelint_in(dir.path())
            .args(["check", "--skip-unrecognized", "docs", "site.yaml"])
            .assert()
            .code(0);
    }
}

mod named_files {
    use super::*;

    /// A module whose findings are in `cdn.tf`, with a variable file beside.
    fn module() -> tempfile::TempDir {
        project(&[
            (
                "infra/cdn.tf",
                include_str!("../testdata/repository/faulty.tf"),
            ),
            (
                "infra/variables.tf",
                "variable \"region\" {\n  default = \"us-east-1\"\n}\n",
            ),
        ])
    }

    #[test]
    fn only_findings_in_the_named_files_are_reported() {
        let dir = module();
        let output = edgelint_in(dir.path())
            .args(["check", "--format", "json", "infra/variables.tf"])
            .output()
            .unwrap();
        let report = json(&output);
        assert_eq!(reported(&report), Vec::<(String, String)>::new());
        // the module was still read whole
        assert_eq!(report["summary"]["files"], 2);
        assert_eq!(output.status.code(), Some(0));

        let output = edgelint_in(dir.path())
            .args(["check", "--format", "json", "./infra/cdn.tf"])
            .output()
            .unwrap();
        assert_eq!(
            reported(&json(&output)),
            pairs(&[("./infra/cdn.tf", "CF104")])
        );
    }

    #[test]
    fn whole_unit_reports_every_file_of_the_module() {
        let dir = module();
        let output = edgelint_in(dir.path())
            .args([
                "check",
                "--format",
                "json",
                "--whole-unit",
                "infra/variables.tf",
            ])
            .output()
            .unwrap();
        assert_eq!(
            reported(&json(&output)),
            pairs(&[("infra/cdn.tf", "CF104")])
        );
        assert_eq!(output.status.code(), Some(1));
    }

    #[test]
    fn a_named_directory_reports_everything_under_it() {
        let dir = module();
        let output = edgelint_in(dir.path())
            .args(["check", "--format", "json", "infra", "infra/variables.tf"])
            .output()
            .unwrap();
        assert_eq!(
            reported(&json(&output)),
            pairs(&[("infra/cdn.tf", "CF104")])
        );
    }
}
