//! `check --fix`, `--unsafe-fixes` and `--diff` as users run them: what is
//! written, what is printed, and what is refused.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use assert_cmd::Command;

fn edgelint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("edgelint").unwrap_or_else(|e| panic!("{e}"));
    cmd.current_dir(dir).arg("check").arg("--no-config");
    for var in ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "CLICOLOR"] {
        cmd.env_remove(var);
    }
    cmd
}

/// A template with one CF104 finding and the given suppressions. The
/// protocol policy comes from a parameter's default, which may be used
/// elsewhere too, so CF104's own fix is not offered and the finding stays.
fn template(before_origin: &str, metadata: &str) -> String {
    format!(
        "\
Parameters:
  Policy:
    Type: String
    Default: https-only
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
{metadata}    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior:
          TargetOriginId: web
          ViewerProtocolPolicy: redirect-to-https
        Origins:
{before_origin}          - Id: web
            DomainName: docs.s3-website-us-east-1.amazonaws.com
            CustomOriginConfig:
              OriginProtocolPolicy: !Ref Policy
"
    )
}

const STALE: &str = "          # edgelint: ignore[CF202] no longer needed\n";

#[test]
fn fix_removes_an_unused_suppression_and_reports_what_remains() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.yaml");
    std::fs::write(&path, template(STALE, "")).unwrap();
    let out = edgelint(dir.path())
        .args(["--fix", "site.yaml"])
        .output()
        .unwrap();
    // CF104 has no fix here: it remains, and fails the run
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), template("", ""));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("site.yaml:18:37: error[CF104]"),
        "{stdout}"
    );
    assert!(!stdout.contains("unused-suppression"), "{stdout}");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "fixed 1 finding in 1 file; 1 finding remains\n"
    );

    // nothing left to fix: the file is not touched again
    let out = edgelint(dir.path())
        .args(["--fix", "site.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "fixed 0 findings in 0 files; 1 finding remains\n"
    );
}

#[test]
fn all_fixed_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let text = template(STALE, "").replace("https-only", "http-only");
    std::fs::write(dir.path().join("site.yaml"), &text).unwrap();
    edgelint(dir.path())
        .args(["--fix", "--quiet", "site.yaml"])
        .assert()
        .code(0)
        .stdout("")
        .stderr("fixed 1 finding in 1 file; 0 findings remain\n");
}

#[test]
fn diff_prints_the_change_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.yaml");
    let text = template(STALE, "").replace("https-only", "http-only");
    std::fs::write(&path, &text).unwrap();
    let out = edgelint(dir.path())
        .args(["--diff", "site.yaml"])
        .output()
        .unwrap();
    // something would change: the run fails, as a check should
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout), @r"
    --- site.yaml
    +++ site.yaml
    @@ -12,7 +12,6 @@
               TargetOriginId: web
               ViewerProtocolPolicy: redirect-to-https
             Origins:
    -          # edgelint: ignore[CF202] no longer needed
               - Id: web
                 DomainName: docs.s3-website-us-east-1.amazonaws.com
                 CustomOriginConfig:
    ");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "would fix 1 finding in 1 file; 0 findings would remain\n"
    );
}

#[test]
fn overlapping_fixes_are_applied_in_rounds() {
    // removing CF202 and removing CF511 from one flow list both touch the
    // comma between them: the second goes in a round of its own
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.yaml");
    let metadata =
        |list: &str| format!("    Metadata:\n      edgelint:\n        ignore: [{list}]\n");
    std::fs::write(&path, template("", &metadata("CF104, CF202, CF511"))).unwrap();
    let out = edgelint(dir.path())
        .args(["--fix", "site.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        template("", &metadata("CF104"))
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "fixed 2 findings in 1 file; 0 findings remain\n"
    );
}

#[test]
fn line_endings_and_permissions_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.yaml");
    let text = template(STALE, "").replace('\n', "\r\n");
    std::fs::write(&path, &text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    edgelint(dir.path())
        .args(["--fix", "site.yaml"])
        .assert()
        .code(1);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        template("", "").replace('\n', "\r\n")
    );
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    // nothing but the file itself in the directory: no temporary left
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn only_reported_findings_are_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.yaml");
    let text = template(STALE, "");
    std::fs::write(&path, &text).unwrap();
    // the stale suppression is in the baseline: not reported, not fixed
    edgelint(dir.path())
        .args(["--write-baseline", "baseline.json", "site.yaml"])
        .assert()
        .code(0);
    edgelint(dir.path())
        .args(["--fix", "--baseline", "baseline.json", "site.yaml"])
        .assert()
        .code(0)
        .stderr(predicates::str::contains("fixed 0 findings"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    // nor when unused suppressions are ignored
    edgelint(dir.path())
        .args(["--fix", "--ignore", "unused-suppression", "site.yaml"])
        .assert()
        .code(1);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.yaml"), template("", "")).unwrap();
    edgelint(dir.path())
        .args(["--unsafe-fixes", "site.yaml"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "`--unsafe-fixes` goes with `--fix` or `--diff`",
        ));
    edgelint(dir.path())
        .args(["--fix", "-"])
        .write_stdin(template("", ""))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("stdin cannot be fixed"));
    edgelint(dir.path())
        .args(["--fix", "--diff", "site.yaml"])
        .assert()
        .code(2);
}

#[test]
fn a_rule_fix_is_written_where_the_value_is() {
    // written in the origin itself, the policy is CF104's to fix
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.yaml");
    let text = template("", "").replace("!Ref Policy", "'https-only'");
    std::fs::write(&path, &text).unwrap();
    edgelint(dir.path())
        .args(["--fix", "site.yaml"])
        .assert()
        .code(0)
        .stderr("fixed 1 finding in 1 file; 0 findings remain\n");
    // the quoting style is kept, and nothing else changes
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text.replace("'https-only'", "'http-only'")
    );
}

#[test]
fn opentofu_files_are_fixed_like_terraform_files() {
    // a distribution whose S3 website origin is reached over HTTPS (CF104)
    let terraform = std::fs::read_to_string("testdata/repository/faulty.tf").unwrap();
    for name in ["main.tf", "main.tofu"] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, &terraform).unwrap();
        edgelint(dir.path())
            .args(["--fix", name])
            .assert()
            .code(0)
            .stderr("fixed 1 finding in 1 file; 0 findings remain\n");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            terraform.replace("\"https-only\"", "\"http-only\""),
            "{name}"
        );
    }
}
