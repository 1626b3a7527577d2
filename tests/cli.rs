//! The command line as users run it: exit codes, flags, formats, and the
//! explain / rules / schema commands. Fixtures live in `testdata/cli/`;
//! commands run from there so paths in the output are short and stable.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/cli")
}

/// `edgelint` run from the fixture directory, with colour off the way a
/// pipe gets it.
fn edgelint() -> Command {
    let mut cmd = Command::cargo_bin("edgelint").unwrap_or_else(|e| panic!("{e}"));
    cmd.current_dir(fixtures());
    for var in ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "CLICOLOR"] {
        cmd.env_remove(var);
    }
    cmd
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", stdout(output)))
}

mod exit_codes {
    use super::*;

    #[test]
    fn clean_file_exits_0_and_prints_the_summary_unless_quiet() {
        edgelint()
            .args(["check", "clean.yaml"])
            .assert()
            .code(0)
            .stdout("no problems found in 1 file\n");
        edgelint()
            .args(["check", "--quiet", "clean.yaml"])
            .assert()
            .code(0)
            .stdout("");
    }

    #[test]
    fn finding_exits_1() {
        edgelint()
            .args(["check", "website-https.yaml"])
            .assert()
            .code(1)
            .stdout(predicate::str::starts_with(
                "website-https.yaml:15:37: error[CF104] origin `web` uses `https-only`",
            ));
    }

    #[test]
    fn malformed_file_exits_2_and_the_rest_is_still_linted() {
        let output = edgelint()
            .args([
                "check",
                "--format",
                "json",
                "malformed.yaml",
                "website-https.yaml",
            ])
            .assert()
            .code(2)
            .get_output()
            .clone();
        let report = json(&output);
        assert_eq!(report["errors"][0]["code"], "parse-error");
        assert_eq!(report["errors"][0]["file"], "malformed.yaml");
        assert!(report["errors"][0]["line"].is_u64());
        assert_eq!(report["findings"][0]["code"], "CF104");
        assert_eq!(report["summary"]["files"], 1);
    }

    #[test]
    fn repeated_key_is_reported_and_the_last_value_linted() {
        let output = edgelint()
            .args(["check", "--format", "json", "duplicate-key.json"])
            .assert()
            .code(2)
            .get_output()
            .clone();
        let report = json(&output);
        let error = &report["errors"][0];
        assert_eq!(error["code"], "duplicate-key");
        assert_eq!(error["message"], "duplicate key `CustomOriginConfig`");
        assert_eq!(error["line"], 12);
        assert_eq!(report["errors"].as_array().map(Vec::len), Some(1));
        // `https-only` is the value CloudFormation deploys
        assert_eq!(report["findings"][0]["code"], "CF104");
        assert_eq!(report["findings"][0]["line"], 12);
        assert_eq!(report["findings"].as_array().map(Vec::len), Some(1));
    }

    /// `--region` is the default provider's region: a resource on an alias
    /// whose provider block the files do not hold (a module's
    /// `configuration_aliases`) has an unknown region, whatever the alias
    /// is called.
    #[test]
    fn region_flag_is_the_default_providers_only() {
        let output = edgelint()
            .args([
                "check",
                "--format",
                "json",
                "--region",
                "eu-west-1",
                "provider-alias",
            ])
            .assert()
            .code(1)
            .get_output()
            .clone();
        let report = json(&output);
        // the region rules: CF302 (edge function) and CF501 (certificate)
        let found: Vec<(String, u64)> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["code"].as_str().unwrap().to_string(),
                    f["line"].as_u64().unwrap(),
                )
            })
            .filter(|(code, _)| code == "CF302" || code == "CF501")
            .collect();
        assert_eq!(found, [("CF501".to_string(), 19)], "{report}");
    }

    #[test]
    fn malformed_file_in_concise_format() {
        edgelint()
            .args(["check", "malformed.yaml"])
            .assert()
            .code(2)
            .stdout(
                predicate::str::starts_with("malformed.yaml:")
                    .and(predicate::str::contains(": error[parse-error] ")),
            );
    }

    #[test]
    fn missing_file_exits_2() {
        edgelint()
            .args(["check", "no-such-file.yaml"])
            .assert()
            .code(2)
            .stdout(predicate::str::starts_with(
                "no-such-file.yaml: error[unreadable] ",
            ));
    }

    #[test]
    fn unknown_flag_is_a_usage_error() {
        edgelint()
            .args(["check", "--no-such-flag"])
            .assert()
            .code(2);
        edgelint()
            .args(["check", "--format", "xml", "clean.yaml"])
            .assert()
            .code(2);
        edgelint().assert().code(2);
    }

    #[test]
    fn bad_param_is_a_usage_error() {
        edgelint()
            .args(["check", "--param", "NoEquals", "clean.yaml"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("KEY=VALUE"));
    }

    #[test]
    fn unknown_selector_is_a_usage_error_with_a_suggestion() {
        edgelint()
            .args(["check", "--select", "CF14", "clean.yaml"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(
                predicate::str::contains("no rule matches `CF14`")
                    .and(predicate::str::contains("`CF104`")),
            );
        edgelint()
            .args([
                "check",
                "--ignore",
                "https-to-s3-website-endpiont",
                "clean.yaml",
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "did you mean `https-to-s3-website-endpoint`?",
            ));
    }

    #[test]
    fn fail_on_never_exits_0_with_findings() {
        edgelint()
            .args(["check", "--fail-on", "never", "website-https.yaml"])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("error[CF104]"));
    }

    #[test]
    fn fail_on_never_still_exits_2_on_file_errors() {
        edgelint()
            .args(["check", "--fail-on", "never", "malformed.yaml"])
            .assert()
            .code(2);
    }

    /// Only the test rule TST002 (a warning) runs.
    #[test]
    fn fail_on_decides_whether_a_warning_fails() {
        let warning_only = [
            "check",
            "--rules",
            "rules",
            "--select",
            "TST002",
            "website-https.yaml",
        ];
        edgelint()
            .args(warning_only)
            .assert()
            .code(0)
            .stdout(predicate::str::contains("warning[TST002]"));
        edgelint()
            .args(warning_only)
            .args(["--fail-on", "warning"])
            .assert()
            .code(1);
        edgelint()
            .args(warning_only)
            .args(["--fail-on", "info"])
            .assert()
            .code(1);
    }
}

mod check_flags {
    use super::*;

    #[test]
    fn stdin_is_reported_under_stdin_filename() {
        let text =
            std::fs::read_to_string(fixtures().join("website-https.yaml")).unwrap_or_default();
        edgelint()
            .args(["check", "-", "--stdin-filename", "stacks/site.yaml"])
            .write_stdin(text)
            .assert()
            .code(1)
            .stdout(predicate::str::starts_with(
                "stacks/site.yaml:15:37: error[CF104] ",
            ));
    }

    #[test]
    fn stdin_defaults_to_a_stdin_name() {
        let text = std::fs::read_to_string(fixtures().join("clean.yaml")).unwrap_or_default();
        let output = edgelint()
            .args(["check", "-", "--format", "json"])
            .write_stdin(text)
            .assert()
            .code(0)
            .get_output()
            .clone();
        assert_eq!(json(&output)["summary"]["files"], 1);
        edgelint()
            .args(["check", "-"])
            .write_stdin("Resources: [")
            .assert()
            .code(2)
            .stdout(predicate::str::starts_with("<stdin>:"));
    }

    #[test]
    fn stdin_that_is_not_text_is_a_file_error() {
        edgelint()
            .args(["check", "-"])
            .write_stdin(vec![b'a', 0, b'b'])
            .assert()
            .code(2)
            .stdout(predicate::str::contains("error[not-text]"));
    }

    #[test]
    fn ignore_by_code_silences_a_rule() {
        edgelint()
            .args(["check", "--ignore", "CF104", "website-https.yaml"])
            .assert()
            .code(0)
            .stdout("no problems found in 1 file\n");
    }

    #[test]
    fn select_by_prefix_category_and_name() {
        edgelint()
            .args(["check", "--select", "CF2", "website-https.yaml"])
            .assert()
            .code(0);
        edgelint()
            .args(["check", "--select", "origin-tls", "website-https.yaml"])
            .assert()
            .code(1);
        edgelint()
            .args([
                "check",
                "--select",
                "CF5,https-to-s3-website-endpoint",
                "website-https.yaml",
            ])
            .assert()
            .code(1);
        edgelint()
            .args([
                "check",
                "--select",
                "CF104",
                "--ignore",
                "origin-tls",
                "website-https.yaml",
            ])
            .assert()
            .code(0);
    }

    #[test]
    fn param_overrides_a_parameter_default() {
        edgelint().args(["check", "param.yaml"]).assert().code(0);
        edgelint()
            .args(["check", "param.yaml", "--param", "OriginPolicy=https-only"])
            .assert()
            .code(1)
            .stdout(predicate::str::contains("error[CF104]"));
    }

    #[test]
    fn terraform_var_changes_a_finding() {
        edgelint()
            .args(["check", "--format", "concise", "terraform"])
            .assert()
            .code(0);
        edgelint()
            .args([
                "check",
                "--format",
                "concise",
                "terraform",
                "--var",
                "origin_policy=https-only",
            ])
            .assert()
            .code(1)
            .stdout(predicate::str::starts_with(
                "terraform/main.tf:15:32: error[CF104] ",
            ));
    }

    #[test]
    fn terraform_var_file_changes_a_finding_and_var_overrides_it() {
        edgelint()
            .args(["check", "terraform", "--var-file", "https.tfvars"])
            .assert()
            .code(1)
            .stdout(predicate::str::contains("error[CF104]"));
        // files apply in order; --var comes after them
        edgelint()
            .args([
                "check",
                "terraform",
                "--var-file",
                "https.tfvars",
                "--var-file",
                "http.tfvars",
            ])
            .assert()
            .code(0);
        edgelint()
            .args([
                "check",
                "terraform",
                "--var-file",
                "https.tfvars",
                "--var",
                "origin_policy=http-only",
            ])
            .assert()
            .code(0);
        edgelint()
            .args(["check", "terraform", "--var-file", "missing.tfvars"])
            .assert()
            .code(2);
    }

    /// The label at a value's origin says how it was set: the command
    /// line, a variable file, or the default.
    #[test]
    fn the_origin_label_names_how_the_value_was_set() {
        let label = |args: &[&str]| {
            let output = edgelint()
                .args(["check", "--format", "json"])
                .args(args)
                .output()
                .unwrap_or_else(|e| panic!("{e}"));
            let json: serde_json::Value =
                serde_json::from_str(&stdout(&output)).unwrap_or_else(|e| panic!("{e}"));
            let related = &json["findings"][0]["related"][0];
            format!(
                "{}:{} {}",
                related["file"].as_str().unwrap_or(""),
                related["line"],
                related["message"].as_str().unwrap_or("")
            )
        };
        assert_eq!(
            label(&["param.yaml", "--param", "OriginPolicy=https-only"]),
            "param.yaml:3 the value of `OriginPolicy` is given outside the files (`--param OriginPolicy=…`)"
        );
        assert_eq!(
            label(&["terraform", "--var", "origin_policy=https-only"]),
            "terraform/main.tf:3 the value of `origin_policy` is given outside the files (`--var origin_policy=…`)"
        );
        assert_eq!(
            label(&["terraform", "--var-file", "https.tfvars"]),
            "https.tfvars:1 the value is set in this variable file"
        );
    }

    #[test]
    fn user_rules_run_next_to_the_builtin_ones() {
        edgelint()
            .args(["check", "--rules", "rules", "website-https.yaml"])
            .assert()
            .code(1)
            .stdout(
                predicate::str::contains("error[CF104]")
                    .and(predicate::str::contains("error[TST001]"))
                    .and(predicate::str::contains("warning[TST002]")),
            );
    }

    #[test]
    fn broken_rule_file_is_rendered_and_exits_2() {
        edgelint()
            .args(["check", "--rules", "broken-rules", "clean.yaml"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(
                predicate::str::contains("typo.rule")
                    .and(predicate::str::contains("protocol_polcy"))
                    .and(predicate::str::contains("did you mean `protocol_policy`?")),
            );
    }

    #[test]
    fn missing_rules_dir_exits_2() {
        edgelint()
            .args(["check", "--rules", "no-such-dir", "clean.yaml"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("no-such-dir"));
    }

    #[test]
    fn no_path_lints_the_current_directory() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::copy(
            fixtures().join("website-https.yaml"),
            dir.path().join("site.yaml"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        // Not a template: skipped when found by walking, an error only when named.
        std::fs::write(dir.path().join("notes.json"), "{\"a\": 1}")
            .unwrap_or_else(|e| panic!("{e}"));
        edgelint()
            .current_dir(dir.path())
            .args(["check"])
            .assert()
            .code(1)
            .stdout(predicate::str::contains("site.yaml:15:37: error[CF104]"))
            .stdout(predicate::str::contains("notes.json").not());
        edgelint()
            .current_dir(dir.path())
            .args(["check", "notes.json"])
            .assert()
            .code(2)
            .stdout(predicate::str::contains("error[not-recognized]"));
    }
}

mod formats {
    use super::*;

    #[test]
    fn json_report_has_the_documented_shape() {
        let output = edgelint()
            .args([
                "check",
                "--format",
                "json",
                "website-https.yaml",
                "clean.yaml",
            ])
            .assert()
            .code(1)
            .get_output()
            .clone();
        let report = json(&output);
        assert_eq!(report["version"], 1);
        let finding = &report["findings"][0];
        assert_eq!(finding["code"], "CF104");
        assert_eq!(finding["name"], "https-to-s3-website-endpoint");
        assert_eq!(finding["severity"], "error");
        assert_eq!(finding["file"], "website-https.yaml");
        assert_eq!(
            (finding["line"].as_u64(), finding["column"].as_u64()),
            (Some(15), Some(37))
        );
        assert_eq!(
            (finding["end_line"].as_u64(), finding["end_column"].as_u64()),
            (Some(15), Some(47))
        );
        assert_eq!(finding["resource"], "Site");
        assert!(
            finding["fingerprint"]
                .as_str()
                .is_some_and(|f| !f.is_empty())
        );
        assert!(finding["conditions"].is_array());
        assert!(finding["related"].is_array());
        assert!(finding["help"].is_string());
        assert_eq!(report["errors"], Value::Array(Vec::new()));
        assert_eq!(report["summary"]["files"], 2);
        assert_eq!(report["summary"]["findings"], 1);
        assert_eq!(report["summary"]["errors"], 0);
        assert_eq!(report["summary"]["by_severity"]["error"], 1);
        assert_eq!(report["summary"]["by_severity"]["warning"], 0);
    }

    #[test]
    fn json_is_printed_even_when_quiet_and_clean() {
        let output = edgelint()
            .args(["check", "--format", "json", "-q", "clean.yaml"])
            .assert()
            .code(0)
            .get_output()
            .clone();
        assert_eq!(json(&output)["summary"]["findings"], 0);
    }

    #[test]
    fn human_report_shows_the_snippet_and_a_summary_without_colour_in_a_pipe() {
        let output = edgelint()
            .args([
                "check",
                "--format",
                "human",
                "website-https.yaml",
                "malformed.yaml",
            ])
            .assert()
            .code(2)
            .get_output()
            .clone();
        let text = stdout(&output);
        assert!(
            text.starts_with(
                "website-https.yaml:15:37: error[CF104] https-to-s3-website-endpoint\n"
            ),
            "{text}"
        );
        assert!(text.contains("[website-https.yaml:15:37]"), "{text}");
        assert!(text.contains("  docs: edgelint explain CF104\n"), "{text}");
        assert!(text.contains("OriginProtocolPolicy: https-only"), "{text}");
        assert!(
            text.contains("help: Set the origin protocol policy"),
            "{text}"
        );
        assert!(text.contains("error[parse-error]"), "{text}");
        assert!(
            text.trim_end()
                .ends_with("found 1 problem (1 error) in 1 file; 1 input error"),
            "{text}"
        );
        assert!(!text.contains('\u{1b}'), "colour in a pipe:\n{text}");
    }

    #[test]
    fn statistics_count_findings_per_rule() {
        edgelint()
            .args([
                "check",
                "--statistics",
                "website-https.yaml",
                "malformed.yaml",
            ])
            .assert()
            .code(2)
            .stdout(
                "1  error    CF104        https-to-s3-website-endpoint\n\
                 1  error    parse-error\n\
                 found 1 problem (1 error) in 1 file; 1 input error\n",
            );
        edgelint()
            .args(["check", "--statistics", "--format", "json", "clean.yaml"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(
                "`--statistics` replaces the human and concise reports only",
            ));
    }

    #[test]
    fn concise_ends_with_the_summary_line() {
        let output = edgelint()
            .args(["check", "website-https.yaml", "clean.yaml"])
            .assert()
            .code(1)
            .get_output()
            .clone();
        let text = stdout(&output);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].starts_with("website-https.yaml:15:37: error[CF104] "));
        assert_eq!(lines[1], "found 1 problem (1 error) in 2 files");
    }

    /// Whether a human report of a faulty file, run with these arguments
    /// and variables, is coloured.
    fn coloured(args: &[&str], vars: &[(&str, &str)]) -> bool {
        let mut cmd = edgelint();
        cmd.args(["check", "--format", "human", "website-https.yaml"])
            .args(args);
        for (key, value) in vars {
            cmd.env(key, value);
        }
        let output = cmd.assert().code(1).get_output().clone();
        stdout(&output).contains('\u{1b}')
    }

    #[test]
    fn colour_follows_the_flag_and_the_environment() {
        assert!(!coloured(&[], &[]), "auto in a pipe");
        assert!(coloured(&["--color", "always"], &[]));
        assert!(coloured(&["--color=always"], &[("NO_COLOR", "1")]));
        assert!(!coloured(&["--color", "never"], &[("FORCE_COLOR", "1")]));
        assert!(coloured(&[], &[("FORCE_COLOR", "1")]));
        assert!(!coloured(&[], &[("FORCE_COLOR", "0")]));
        assert!(coloured(&[], &[("CLICOLOR_FORCE", "1")]));
        assert!(!coloured(&[], &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]));
        assert!(!coloured(
            &[],
            &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
        ));
    }

    #[test]
    fn human_clean_run_prints_a_summary_unless_quiet() {
        edgelint()
            .args(["check", "--format", "human", "clean.yaml"])
            .assert()
            .code(0)
            .stdout("no problems found in 1 file\n");
        edgelint()
            .args(["check", "--format", "human", "--quiet", "clean.yaml"])
            .assert()
            .code(0)
            .stdout("");
    }

    #[test]
    fn quiet_does_not_hide_findings() {
        edgelint()
            .args(["check", "--format", "human", "-q", "website-https.yaml"])
            .assert()
            .code(1)
            .stdout(predicate::str::contains("error[CF104]"));
    }

    /// A file name that is not UTF-8 is still linted, and every format
    /// shows it with its bytes escaped (`\xFF`), never as U+FFFD, which
    /// would make two names alike; SARIF's URIs percent-encode the bytes.
    #[cfg(unix)]
    #[test]
    fn file_names_that_are_not_utf8_are_shown_with_their_bytes() {
        use std::os::unix::ffi::OsStrExt as _;
        let dir = tempfile::tempdir().unwrap();
        let finding = std::ffi::OsStr::from_bytes(b"bad\xff.yaml");
        let broken = std::ffi::OsStr::from_bytes(b"broken\xfe.yaml");
        std::fs::copy(
            fixtures().join("website-https.yaml"),
            dir.path().join(finding),
        )
        .unwrap();
        std::fs::write(dir.path().join(broken), "Resources: [\n").unwrap();
        for format in [
            "human", "concise", "json", "sarif", "junit", "github", "gitlab",
        ] {
            let output = edgelint()
                .current_dir(dir.path())
                .arg("check")
                .arg(finding)
                .arg(broken)
                .args(["--format", format])
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(2), "{format}");
            let text = String::from_utf8([output.stdout, output.stderr].concat())
                .unwrap_or_else(|e| panic!("{format}: output is not UTF-8: {e}"));
            assert!(!text.contains('\u{FFFD}'), "{format}:\n{text}");
            let shown = |name: &str| {
                // JSON-based formats escape the backslash once more
                text.contains(name) || text.contains(&name.replace('\\', "\\\\"))
            };
            if format == "sarif" {
                assert!(text.contains("\"bad%FF.yaml\""), "{format}:\n{text}");
                assert!(text.contains("\"broken%FE.yaml\""), "{format}:\n{text}");
            } else {
                assert!(shown("bad\\xFF.yaml"), "{format}:\n{text}");
                assert!(shown("broken\\xFE.yaml"), "{format}:\n{text}");
            }
            assert!(text.contains("CF104"), "{format}: not linted:\n{text}");
        }
    }
}

mod commands {
    use super::*;

    #[test]
    fn explain_prints_the_header_and_docs() {
        edgelint()
            .args(["explain", "CF104"])
            .assert()
            .code(0)
            .stdout(
                predicate::str::starts_with(
                    "CF104 https-to-s3-website-endpoint (error, origin-tls; formats: cloudformation, terraform, export)\n\n## What it does\n",
                )
                .and(predicate::str::contains("## How to fix")),
            );
    }

    #[test]
    fn explain_accepts_names_and_any_case() {
        for key in ["https-to-s3-website-endpoint", "cf104"] {
            edgelint()
                .args(["explain", key])
                .assert()
                .code(0)
                .stdout(predicate::str::starts_with("CF104 "));
        }
    }

    #[test]
    fn explain_unknown_rule_suggests_the_closest() {
        edgelint()
            .args(["explain", "cf14"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(
                predicate::str::contains("no rule named `cf14`")
                    .and(predicate::str::contains("did you mean `CF104`?")),
            );
    }

    #[test]
    fn explain_knows_user_rules() {
        edgelint()
            .args(["explain", "TST002", "--rules", "rules"])
            .assert()
            .code(0)
            .stdout(predicate::str::starts_with(
                "TST002 test-long-read-timeout (warning, test-timeouts; formats: cloudformation)",
            ));
    }

    #[test]
    fn rules_table_lists_every_rule() {
        let output = edgelint()
            .args(["rules"])
            .assert()
            .code(0)
            .get_output()
            .clone();
        let text = stdout(&output);
        let mut lines = text.lines();
        let header = lines.next().unwrap_or_default();
        assert!(header.starts_with("CODE"), "{text}");
        for column in ["NAME", "SEVERITY", "CATEGORY", "SUMMARY"] {
            assert!(header.contains(column), "{header}");
        }
        assert!(
            text.lines()
                .any(|l| l.starts_with("CF104") && l.contains("https-to-s3-website-endpoint")),
            "{text}"
        );
    }

    #[test]
    fn rules_takes_filters_as_select_does() {
        let codes = |args: &[&str]| -> Vec<String> {
            let output = edgelint()
                .arg("rules")
                .args(args)
                .assert()
                .code(0)
                .get_output()
                .clone();
            stdout(&output)
                .lines()
                .skip(1)
                .map(|l| l.split_whitespace().next().unwrap_or_default().to_string())
                .collect()
        };
        let prefix = codes(&["CF3"]);
        assert!(
            !prefix.is_empty() && prefix.iter().all(|c| c.starts_with("CF3")),
            "{prefix:?}"
        );
        let category = codes(&["timeouts", "CF104"]);
        assert!(category.contains(&"CF104".to_string()), "{category:?}");
        assert!(
            category
                .iter()
                .all(|c| c == "CF104" || c.starts_with("CF40")),
            "{category:?}"
        );
        edgelint()
            .args(["rules", "edge-function"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("no rule matches `edge-function`"));
    }

    #[test]
    fn rules_and_explain_know_the_configuration_s_rule_directories() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("team-rules")).unwrap();
        for entry in std::fs::read_dir(fixtures().join("rules")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(
                &path,
                dir.path()
                    .join("team-rules")
                    .join(path.file_name().unwrap()),
            )
            .unwrap();
        }
        std::fs::write(
            dir.path().join("edgelint.toml"),
            "rules = [\"team-rules\"]\n",
        )
        .unwrap();
        edgelint()
            .current_dir(dir.path())
            .args(["explain", "TST002"])
            .assert()
            .code(0)
            .stdout(predicate::str::starts_with("TST002 test-long-read-timeout"));
        edgelint()
            .current_dir(dir.path())
            .args(["rules", "TST"])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("TST002"));
    }

    #[test]
    fn completions_for_each_shell_and_a_man_page() {
        for (shell, marker) in [
            ("bash", "complete -F _edgelint"),
            ("zsh", "#compdef edgelint"),
            ("fish", "complete -c edgelint"),
        ] {
            edgelint()
                .args(["completions", shell])
                .assert()
                .code(0)
                .stdout(predicate::str::contains(marker).and(predicate::str::contains("explain")));
        }
        edgelint().args(["man"]).assert().code(0).stdout(
            predicate::str::contains(".TH edgelint 1")
                .and(predicate::str::contains("completions"))
                .and(predicate::str::contains("\\-\\-color")),
        );
    }

    #[test]
    fn rules_json_has_metadata_for_each_rule() {
        let output = edgelint()
            .args(["rules", "--format", "json", "--rules", "rules"])
            .assert()
            .code(0)
            .get_output()
            .clone();
        let rules = json(&output);
        let list = rules.as_array().cloned().unwrap_or_default();
        let cf104 = list
            .iter()
            .find(|r| r["code"] == "CF104")
            .cloned()
            .unwrap_or_default();
        assert_eq!(cf104["name"], "https-to-s3-website-endpoint");
        assert_eq!(cf104["severity"], "error");
        assert_eq!(cf104["category"], "origin-tls");
        assert_eq!(cf104["formats"][0], "cloudformation");
        assert!(
            cf104["summary"]
                .as_str()
                .is_some_and(|s| s.starts_with("Flags"))
        );
        assert!(
            cf104["help_uri"]
                .as_str()
                .is_some_and(|s| s.starts_with("https://"))
        );
        assert!(list.iter().any(|r| r["code"] == "TST001"));
    }

    #[test]
    fn schema_prints_text_and_json() {
        edgelint().args(["schema"]).assert().code(0).stdout(
            predicate::str::contains("distribution\n")
                .and(predicate::str::contains(".protocol_policy")),
        );
        let output = edgelint()
            .args(["schema", "--format", "json"])
            .assert()
            .code(0)
            .get_output()
            .clone();
        let schema = json(&output);
        assert!(
            schema
                .as_array()
                .is_some_and(|entities| entities.iter().any(|e| e["entity"] == "origin")),
            "{schema}"
        );
    }

    #[test]
    fn help_and_version_exit_0() {
        edgelint().arg("--help").assert().code(0);
        edgelint()
            .arg("--version")
            .assert()
            .code(0)
            .stdout(predicate::str::starts_with("edgelint "));
        edgelint()
            .args(["check", "--help"])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("--fail-on"));
    }
}
