//! The command line as a CI gate and a pre-commit hook: report formats and
//! output files, the configuration file, suppressions and baselines.
//! Fixtures live in `testdata/cli/` and `testdata/gate/`.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use project::project;
use serde_json::Value;

mod project;

fn testdata(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(dir)
}

/// `edgelint` run from a fixture directory.
fn edgelint_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("edgelint").unwrap_or_else(|e| panic!("{e}"));
    cmd.current_dir(dir).env_remove("NO_COLOR").env_remove("CI");
    cmd
}

fn edgelint() -> Command {
    edgelint_in(&testdata("cli"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

mod formats {
    use super::*;

    #[test]
    fn sarif_on_stdout() {
        let output = edgelint()
            .args(["check", "website-https.yaml", "--format", "sarif"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let sarif = json(&stdout(&output));
        let result = &sarif["runs"][0]["results"][0];
        assert_eq!(result["ruleId"], "CF104");
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "website-https.yaml");
        assert_eq!(location["region"]["startLine"], 15);
        assert!(result["partialFingerprints"]["edgelintFingerprint/v1"].is_string());
    }

    #[test]
    fn several_formats_to_files_and_the_summary_to_the_terminal() {
        let dir = tempfile::tempdir().unwrap();
        let sarif = dir.path().join("out.sarif");
        let junit = dir.path().join("out.xml");
        let output = edgelint()
            .args([
                "check",
                "website-https.yaml",
                "--format",
                "sarif",
                "--output",
            ])
            .arg(&sarif)
            .args(["--format", "github", "--format", "junit", "-o"])
            .arg(&junit)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let text = stdout(&output);
        // github had no output of its own: it went to stdout
        assert!(
            text.starts_with("::error file=website-https.yaml,line=15,"),
            "{text}"
        );
        let written = std::fs::read_to_string(&sarif).unwrap();
        assert_eq!(json(&written)["version"], "2.1.0");
        let xml = std::fs::read_to_string(&junit).unwrap();
        assert!(
            xml.contains(r#"<failure message="1 problem" type="error">"#),
            "{xml}"
        );
    }

    #[test]
    fn only_files_prints_the_summary() {
        let dir = tempfile::tempdir().unwrap();
        let gitlab = dir.path().join("codequality.json");
        let output = edgelint()
            .args([
                "check",
                "website-https.yaml",
                "--format",
                "gitlab",
                "--output",
            ])
            .arg(&gitlab)
            .output()
            .unwrap();
        let text = stdout(&output);
        assert!(
            text.starts_with("found 1 problem (1 error) in 1 file\nreport written to "),
            "{text}"
        );
        let issues = json(&std::fs::read_to_string(&gitlab).unwrap());
        assert_eq!(issues[0]["check_name"], "CF104");
        assert_eq!(issues[0]["severity"], "critical");
        assert_eq!(issues[0]["location"]["lines"]["begin"], 15);
    }
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(testdata("cli").join(name)).unwrap()
}

mod config {
    use super::*;

    #[test]
    fn found_upward_and_applied() {
        let dir = project(&[
            ("edgelint.toml", "[severity]\nCF104 = \"warning\"\n"),
            ("stacks/site.yaml", &fixture("website-https.yaml")),
        ]);
        let output = edgelint_in(&dir.path().join("stacks"))
            .args(["check", "site.yaml"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
        assert!(stdout(&output).contains("warning[CF104]"));
    }

    #[test]
    fn flags_override_the_file() {
        let dir = project(&[
            (
                "edgelint.toml",
                "fail-on = \"never\"\nignore = [\"CF104\"]\n",
            ),
            ("site.yaml", &fixture("website-https.yaml")),
        ]);
        edgelint_in(dir.path())
            .args(["check", "site.yaml"])
            .assert()
            .code(0)
            .stdout("no problems found in 1 file\n");
        // --select replaces the file's select, ignores still add up
        edgelint_in(dir.path())
            .args(["check", "site.yaml", "--select", "CF1"])
            .assert()
            .code(0)
            .stdout("no problems found in 1 file\n");
        edgelint_in(dir.path())
            .args(["check", "site.yaml", "--no-config", "--fail-on", "error"])
            .assert()
            .code(1);
    }

    #[test]
    fn unknown_key_is_an_error_with_its_place() {
        let dir = project(&[
            ("edgelint.toml", "select = [\"CF1\"]\nexclud = [\"x\"]\n"),
            ("site.yaml", &fixture("website-https.yaml")),
        ]);
        let output = edgelint_in(dir.path())
            .args(["check", "site.yaml"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(err.contains("unknown key `exclud`"), "{err}");
        assert!(err.contains("edgelint.toml:2:1"), "{err}");
        assert!(err.contains("did you mean `exclude`?"), "{err}");
    }

    #[test]
    fn a_config_found_above_is_named_relative_to_the_working_directory() {
        let dir = project(&[
            ("edgelint.toml", "exclud = [\"x\"]\n"),
            ("infra/cdn/site.yaml", &fixture("website-https.yaml")),
        ]);
        let output = edgelint_in(&dir.path().join("infra/cdn"))
            .args(["check", "--format", "concise", "site.yaml"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(err.contains("../../edgelint.toml:1:1"), "{err}");
        assert!(!err.contains(&*dir.path().to_string_lossy()), "{err}");
    }

    #[test]
    fn explicit_config_exclude_and_settings() {
        let dir = project(&[
            (
                "conf/lint.toml",
                "exclude = [\"generated/**\"]\n[settings]\norigin_timeout_ceiling = 180\n",
            ),
            ("generated/site.yaml", &fixture("website-https.yaml")),
        ]);
        edgelint_in(dir.path())
            .args(["check", ".", "--config", "conf/lint.toml"])
            .assert()
            .code(1);
        // globs are relative to the file's directory: conf/generated/** does not exist
        // (a clean template beside it, as a run that lints nothing fails)
        let dir = project(&[
            ("lint.toml", "exclude = [\"generated/**\"]\n"),
            ("generated/site.yaml", &fixture("website-https.yaml")),
            ("clean.yaml", &fixture("clean.yaml")),
        ]);
        edgelint_in(dir.path())
            .args(["check", ".", "--config", "lint.toml"])
            .assert()
            .code(0);
        // without it, the excluded template leaves nothing linted: not a
        // clean pass
        std::fs::remove_file(dir.path().join("clean.yaml")).unwrap();
        edgelint_in(dir.path())
            .args(["check", ".", "--config", "lint.toml"])
            .assert()
            .code(2)
            .stdout(predicates::str::contains("error[nothing-linted]"));
    }

    #[test]
    fn init_writes_a_starter_once() {
        let dir = project(&[]);
        edgelint_in(dir.path()).arg("init").assert().code(0);
        let text = std::fs::read_to_string(dir.path().join("edgelint.toml")).unwrap();
        assert!(text.contains("# [settings]"));
        edgelint_in(dir.path()).arg("init").assert().code(2);
        // the starter is a valid configuration
        std::fs::write(dir.path().join("site.yaml"), fixture("clean.yaml")).unwrap();
        edgelint_in(dir.path())
            .args(["check", "site.yaml"])
            .assert()
            .code(0);
    }
}

mod suppressions {
    use super::*;

    fn suppressed_site() -> String {
        fixture("website-https.yaml").replace(
            "OriginProtocolPolicy: https-only",
            "OriginProtocolPolicy: https-only  # edgelint: ignore[CF104] proxied bucket",
        )
    }

    #[test]
    fn comment_hides_and_show_suppressed_says_why() {
        let dir = project(&[("site.yaml", &suppressed_site())]);
        let output = edgelint_in(dir.path())
            .args(["check", "site.yaml", "--show-suppressed"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(
            err.contains("suppressed site.yaml:15:37: error[CF104]")
                && err.contains("(by comment at site.yaml:15: proxied bucket)"),
            "{err}"
        );
        assert!(err.contains("1 finding suppressed"), "{err}");
    }

    #[test]
    fn no_inline_ignores_for_audits() {
        let dir = project(&[("site.yaml", &suppressed_site())]);
        edgelint_in(dir.path())
            .args(["check", "site.yaml", "--no-inline-ignores"])
            .assert()
            .code(1);
    }

    #[test]
    fn unused_suppression_is_a_warning() {
        let text = fixture("clean.yaml");
        let first = text.lines().next().unwrap().to_string();
        let text = text.replacen(&first, &format!("{first}  # edgelint: ignore[CF104]"), 1);
        let dir = project(&[("site.yaml", &text)]);
        let output = edgelint_in(dir.path())
            .args(["check", "site.yaml", "--fail-on", "warning"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        assert!(
            stdout(&output).contains(
                "warning[unused-suppression] unused suppression: no `CF104` finding on this line"
            ),
            "{}",
            stdout(&output)
        );
        edgelint_in(dir.path())
            .args([
                "check",
                "site.yaml",
                "--fail-on",
                "warning",
                "--ignore",
                "unused-suppression",
            ])
            .assert()
            .code(0);
    }

    #[test]
    fn per_path_ignores_from_the_config() {
        let dir = project(&[
            (
                "edgelint.toml",
                "[per-path-ignores]\n\"legacy/**\" = [\"CF1\"]\n",
            ),
            ("legacy/site.yaml", &fixture("website-https.yaml")),
            ("new/site.yaml", &fixture("website-https.yaml")),
        ]);
        let output = edgelint_in(dir.path())
            .args(["check", "."])
            .output()
            .unwrap();
        let text = stdout(&output);
        assert!(text.contains("new/site.yaml:15:37: error[CF104]"), "{text}");
        assert!(!text.contains("legacy/"), "{text}");
    }
}

mod baseline {
    use super::*;

    #[test]
    fn write_then_only_new_findings() {
        let dir = project(&[("site.yaml", &fixture("website-https.yaml"))]);
        let output = edgelint_in(dir.path())
            .args(["check", "site.yaml", "--write-baseline", "baseline.json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        assert!(
            String::from_utf8_lossy(&output.stderr)
                .contains("wrote baseline baseline.json with 1 finding")
        );
        let recorded = json(&std::fs::read_to_string(dir.path().join("baseline.json")).unwrap());
        assert_eq!(recorded["version"], 1);
        assert_eq!(recorded["findings"][0]["code"], "CF104");
        assert_eq!(recorded["findings"][0]["file"], "site.yaml");

        // lines move: still hidden
        let moved = format!("# moved down\n\n{}", fixture("website-https.yaml"));
        std::fs::write(dir.path().join("site.yaml"), moved).unwrap();
        let output = edgelint_in(dir.path())
            .args(["check", "site.yaml", "--baseline", "baseline.json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
        assert!(
            String::from_utf8_lossy(&output.stderr)
                .contains("1 finding hidden by baseline baseline.json")
        );

        // a new file with the same problem is new
        std::fs::write(dir.path().join("other.yaml"), fixture("website-https.yaml")).unwrap();
        let output = edgelint_in(dir.path())
            .args(["check", ".", "--baseline", "baseline.json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let text = stdout(&output);
        assert!(text.contains("other.yaml:15:37: error[CF104]"), "{text}");
        assert!(!text.contains("site.yaml"), "{text}");

        // the baseline from the config file
        std::fs::write(
            dir.path().join("edgelint.toml"),
            "baseline = \"baseline.json\"\n",
        )
        .unwrap();
        edgelint_in(dir.path())
            .args(["check", "site.yaml"])
            .assert()
            .code(0);
    }

    #[test]
    fn unreadable_baseline_is_a_usage_error() {
        let dir = project(&[
            ("site.yaml", &fixture("website-https.yaml")),
            ("b.json", "[]"),
        ]);
        edgelint_in(dir.path())
            .args(["check", "site.yaml", "--baseline", "b.json"])
            .assert()
            .code(2);
    }
}

mod hook {
    use super::*;

    #[test]
    fn skip_unrecognized_lets_unrelated_yaml_through() {
        let dir = project(&[
            (".github/workflows/ci.yaml", "on: push\njobs: {}\n"),
            ("site.yaml", &fixture("clean.yaml")),
        ]);
        edgelint_in(dir.path())
            .args(["check", ".github/workflows/ci.yaml", "site.yaml"])
            .assert()
            .code(2);
        edgelint_in(dir.path())
            .args([
                "check",
                "--quiet",
                "--skip-unrecognized",
                ".github/workflows/ci.yaml",
                "site.yaml",
            ])
            .assert()
            .code(0)
            .stdout("");
    }

    #[test]
    fn hook_definition_matches_the_command_line() {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
        )
        .unwrap();
        assert!(text.contains("entry: edgelint check --quiet --skip-unrecognized"));
        assert!(text.contains(r"files: (?i)\.(ya?ml|json|template|tf|tfvars|tofu)$"));
        assert!(text.contains("require_serial: true"));
    }
}
