//! Hostile and broken input: every shape ends with a clear diagnostic for
//! its file (or a clean pass), never a panic or a hang, and the other files
//! of the run are still linted. How long each takes and how much memory it
//! needs is measured by `tests/hostile/suite.py`, not here.

use std::path::{Path, PathBuf};

use edgelint::lint::{LintOptions, Report, lint_paths};
use edgelint::rule::Registry;

const GOOD: &str = "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        Origins:\n          - Id: w\n            DomainName: d.s3-website-us-east-1.amazonaws.com\n            CustomOriginConfig: { OriginProtocolPolicy: https-only }\n        DefaultCacheBehavior: { TargetOriginId: w, ViewerProtocolPolicy: allow-all }\n";

/// Lints `bad` next to a good template with one finding; returns the
/// report and checks the good file was still linted.
fn lint_beside_good(dir: &Path, bad: &Path) -> Report {
    let good = dir.join("good.yaml");
    std::fs::write(&good, GOOD).unwrap();
    let registry = Registry::builtin().unwrap();
    let report = lint_paths(
        &[bad.to_path_buf(), good],
        &registry,
        &LintOptions::default(),
    );
    assert!(
        report.findings.iter().any(|f| f.code == "CF104"),
        "the good file is still linted: {:?}",
        report.errors
    );
    assert!(
        report.errors.iter().all(|e| e.code != "internal-error"),
        "{:?}",
        report.errors
    );
    report
}

fn error_code(report: &Report, file: &Path) -> Option<(String, Option<usize>)> {
    report
        .errors
        .iter()
        .find(|e| Path::new(&e.file) == file)
        .map(|e| (e.code.clone(), e.start().map(|p| p.line)))
}

fn case(name: &str, contents: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, contents).unwrap();
    (dir, path)
}

#[test]
fn deep_json_array() {
    let text = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let (dir, path) = case("deep.json", text.as_bytes());
    let report = lint_beside_good(dir.path(), &path);
    assert_eq!(
        error_code(&report, &path),
        Some(("limit-exceeded".into(), Some(1)))
    );
}

#[test]
fn deep_yaml_flow_sequence() {
    let text = format!("a: {}{}", "[".repeat(200_000), "]".repeat(200_000));
    let (dir, path) = case("deep.yaml", text.as_bytes());
    let report = lint_beside_good(dir.path(), &path);
    assert_eq!(
        error_code(&report, &path),
        Some(("limit-exceeded".into(), Some(1)))
    );
}

#[test]
fn deep_yaml_block_mapping() {
    let text: String = (0..3000)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect();
    let (dir, path) = case("deep-block.yaml", text.as_bytes());
    let report = lint_beside_good(dir.path(), &path);
    let (code, line) = error_code(&report, &path).unwrap();
    assert_eq!(code, "limit-exceeded");
    assert!(
        line.unwrap() > 100,
        "points at the level that crossed the limit"
    );
}

#[test]
fn alias_bomb() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for i in 0..8u8 {
        let (prev, next) = ((b'a' + i) as char, (b'b' + i) as char);
        let refs = vec![format!("*{prev}"); 9].join(", ");
        text.push_str(&format!("{next}: &{next} [{refs}]\n"));
    }
    let (dir, path) = case("bomb.yaml", text.as_bytes());
    let report = lint_beside_good(dir.path(), &path);
    assert_eq!(
        error_code(&report, &path),
        Some(("yaml-alias".into(), Some(1)))
    );
}

#[test]
fn thirty_megabyte_json_template() {
    let origin = r#"{"Id":"o","DomainName":"b.s3-website-us-east-1.amazonaws.com","CustomOriginConfig":{"OriginProtocolPolicy":"https-only"}}"#;
    let origins = vec![origin; 20].join(",");
    let resource = |i: usize| {
        format!(
            r#""D{i}":{{"Type":"AWS::CloudFront::Distribution","Properties":{{"DistributionConfig":{{"Enabled":true,"Origins":[{origins}],"DefaultCacheBehavior":{{"TargetOriginId":"o","ViewerProtocolPolicy":"allow-all"}},"Comment":"{}"}}}}}}"#,
            "x".repeat(2000)
        )
    };
    let mut text = String::from("{\"Resources\":{");
    let mut i = 0;
    while text.len() < 30 * 1024 * 1024 {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&resource(i));
        i += 1;
    }
    text.push_str("}}");
    let (dir, path) = case("big.json", text.as_bytes());
    let report = lint_beside_good(dir.path(), &path);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let big = report
        .findings
        .iter()
        .filter(|f| f.primary.file.path() == path)
        .count();
    assert_eq!(big, i * 20, "every origin of every distribution is checked");
}

#[test]
fn random_binary_named_yaml() {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let bytes: Vec<u8> = (0..100_000)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect();
    let (dir, path) = case("random.yaml", &bytes);
    let report = lint_beside_good(dir.path(), &path);
    assert_eq!(error_code(&report, &path).unwrap().0, "not-text");
}

#[test]
fn latin1_bytes() {
    let (dir, path) = case(
        "latin1.yaml",
        b"Resources:\n  Caf\xe9:\n    Type: AWS::S3::Bucket\n",
    );
    let report = lint_beside_good(dir.path(), &path);
    assert_eq!(
        error_code(&report, &path),
        Some(("not-text".into(), Some(2)))
    );
}

#[test]
fn nul_byte() {
    let (dir, path) = case("nul.yaml", b"Resources:\n  A: \x00\n");
    let report = lint_beside_good(dir.path(), &path);
    assert_eq!(
        error_code(&report, &path),
        Some(("not-text".into(), Some(2)))
    );
}

#[test]
fn empty_file() {
    let (dir, path) = case("empty.yaml", b"");
    let report = lint_beside_good(dir.path(), &path);
    let error = report
        .errors
        .iter()
        .find(|e| Path::new(&e.file) == path)
        .unwrap();
    assert_eq!(error.code, "not-recognized");
    assert!(error.message.contains("empty"), "{}", error.message);
}

#[test]
fn directory_symlink_loop() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(tree.join("a")).unwrap();
    std::os::unix::fs::symlink(&tree, tree.join("a/back")).unwrap();
    std::fs::write(tree.join("a/site.yaml"), GOOD).unwrap();
    let registry = Registry::builtin().unwrap();
    let report = lint_paths(&[tree], &registry, &LintOptions::default());
    assert_eq!(report.findings.len(), 1, "the file is linted once");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
}

#[test]
fn unreadable_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gone.yaml");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &path).unwrap();
    let report = lint_beside_good(dir.path(), &path);
    assert_eq!(error_code(&report, &path).unwrap().0, "unreadable");
}

#[test]
fn fifo_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pipe.yaml");
    let status = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success());
    // named: reported, never opened (opening a FIFO would block)
    let report = lint_beside_good(dir.path(), &path);
    assert_eq!(error_code(&report, &path).unwrap().0, "unreadable");
    // walked: skipped
    let registry = Registry::builtin().unwrap();
    let walked = lint_paths(
        &[dir.path().to_path_buf()],
        &registry,
        &LintOptions::default(),
    );
    assert!(walked.errors.is_empty(), "{:?}", walked.errors);
}

#[test]
fn file_over_the_size_limit() {
    let (dir, path) = case("huge.yaml", &vec![b'#'; 2048]);
    let registry = Registry::builtin().unwrap();
    let mut options = LintOptions::default();
    options.limits.max_file_bytes = 1024;
    let report = lint_paths(std::slice::from_ref(&path), &registry, &options);
    assert_eq!(error_code(&report, &path).unwrap().0, "limit-exceeded");
    drop(dir);
}

/// Found by fuzzing: unclosed operator chains on which the HCL parser
/// backtracks for tens of seconds. The parse is abandoned at
/// `HCL_PARSE_DEADLINE` (or, on a machine fast enough, fails on its own);
/// either way the file is a located error and the run goes on.
#[test]
fn hcl_the_parser_backtracks_on() {
    const TEXT: &str = "d=------1----ef----------U4/{-1--------6/------6-6/-vU4/{-1-6/-vU4/{-S---%ef----------U4/{-1--------66-6/-vU4/{-1-6/-vU4/{-1----ef----------U4/{-1--------6/------6-6/-vU4/{-1-6/-vU--6-6/-vU4/{-1-6/-vU4/{-1----ef----------U4/{-1--------6/------6-6/-vU4/{-1-6/-vU4/{-S---%ef----------U4/{-1--------6/-vU44/{-S----ef----------U4/{-1--------6/-vU4/{-0---------------U4/{-1-------v6/--U4/{-1/-vU4/{-1-vu4/{-0---------------U4/{-1-------v6/--U4/{-1/-vU4/{-1-------------\"{{%";
    let (dir, path) = case("main.tf", TEXT.as_bytes());
    let report = lint_beside_good(dir.path(), &path);
    let code = error_code(&report, &path).map(|(code, _)| code);
    assert!(
        matches!(code.as_deref(), Some("limit-exceeded" | "parse-error")),
        "{:?}",
        report.errors
    );
}

#[test]
fn deep_hcl_brackets() {
    let text = format!(
        "locals {{\n  x = {}{}\n}}\n",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    let (dir, path) = case("main.tf", text.as_bytes());
    let report = lint_beside_good(dir.path(), &path);
    assert_eq!(
        error_code(&report, &path),
        Some(("limit-exceeded".into(), Some(2)))
    );
    let error = report.errors.iter().find(|e| Path::new(&e.file) == path);
    assert!(error.is_some_and(|e| e.start().is_some_and(|p| p.column > 5)));
}

#[test]
fn deep_hcl_in_a_json_template() {
    let text = format!(
        "{{\"locals\": {{\"x\": \"{}1{}\"}}}}",
        "${[".repeat(50_000),
        "]}".repeat(50_000)
    );
    let (dir, path) = case("main.tf.json", text.as_bytes());
    // the template is not evaluated; the file is otherwise fine
    let report = lint_beside_good(dir.path(), &path);
    assert_eq!(error_code(&report, &path), None);
}

#[test]
fn truncated_hcl() {
    let text = "resource \"aws_cloudfront_distribution\" \"web\" {\n  enabled = true\n  origin {\n    domain_name = [\"a\",";
    let (dir, path) = case("main.tf", text.as_bytes());
    let report = lint_beside_good(dir.path(), &path);
    let (code, line) = error_code(&report, &path).unwrap();
    assert_eq!(code, "parse-error");
    assert!(line.is_some());
}

#[test]
fn hcl_errors_exit_2_and_the_rest_is_linted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tf")).unwrap();
    std::fs::write(
        dir.path().join("tf/main.tf"),
        format!("locals {{\n  x = {}\n}}\n", "(".repeat(50_000)),
    )
    .unwrap();
    std::fs::write(dir.path().join("good.yaml"), GOOD).unwrap();
    let output = assert_cmd::Command::cargo_bin("edgelint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "tf", "good.yaml"])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{out}");
    assert!(out.contains("tf/main.tf:2:"), "{out}");
    assert!(out.contains("error[limit-exceeded]"), "{out}");
    assert!(out.contains("error[CF104]"), "{out}");
}

#[test]
fn deep_hcl_of_each_bracket_kind() {
    for (open, close) in [("(", ")"), ("{a = ", "}")] {
        let text = format!(
            "locals {{\n  x = {}1{}\n}}\n",
            open.repeat(50_000),
            close.repeat(50_000)
        );
        let (dir, path) = case("main.tf", text.as_bytes());
        let report = lint_beside_good(dir.path(), &path);
        assert_eq!(
            error_code(&report, &path),
            Some(("limit-exceeded".into(), Some(2))),
            "{open}"
        );
    }
}

#[test]
fn deep_hcl_template_interpolation() {
    let text = format!(
        "locals {{\n  x = {}1{}\n}}\n",
        "\"${".repeat(20_000),
        "}\"".repeat(20_000)
    );
    let (dir, path) = case("main.tf", text.as_bytes());
    let report = lint_beside_good(dir.path(), &path);
    assert_eq!(
        error_code(&report, &path),
        Some(("limit-exceeded".into(), Some(2)))
    );
}

#[test]
fn hcl_truncated_inside_a_string() {
    let text = "resource \"aws_cloudfront_distribution\" \"d\" {\n  enabled = true\n  origin {\n    domain_name = \"b.s3.amazonaws.com\"\n    origin_id = \"o";
    let (dir, path) = case("main.tf", text.as_bytes());
    let report = lint_beside_good(dir.path(), &path);
    assert_eq!(error_code(&report, &path).unwrap().0, "parse-error");
}

#[test]
fn terraform_evaluation_over_its_step_budget() {
    let text = "resource \"aws_cloudfront_distribution\" \"d\" {\n  aliases = [for a in range(10000) : length([for b in range(10000) : a * b])]\n  enabled = true\n}\n";
    let (dir, path) = case("main.tf", text.as_bytes());
    let report = lint_beside_good(dir.path(), &path);
    let (code, line) = error_code(&report, &path).unwrap();
    assert_eq!(code, "limit-exceeded");
    assert_eq!(line, Some(2), "points at the expression evaluated");
}
