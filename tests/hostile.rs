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
    // a template (a file of another tool with anchors is skipped, not read)
    let mut text =
        String::from("AWSTemplateFormatVersion: '2010-09-09'\na: &a [x, x, x, x, x, x, x, x, x]\n");
    for i in 0..8u8 {
        let (prev, next) = ((b'a' + i) as char, (b'b' + i) as char);
        let refs = vec![format!("*{prev}"); 9].join(", ");
        text.push_str(&format!("{next}: &{next} [{refs}]\n"));
    }
    let (dir, path) = case("bomb.yaml", text.as_bytes());
    let report = lint_beside_good(dir.path(), &path);
    assert_eq!(
        error_code(&report, &path),
        Some(("yaml-alias".into(), Some(2)))
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
    // 135,000 origins: refused before the models are built (they took a
    // gigabyte and minutes), at `Resources`; the good file is linted
    assert!(i * 20 > 100_000);
    assert_eq!(
        error_code(&report, &path),
        Some(("limit-exceeded".into(), Some(1)))
    );
    let error = report
        .errors
        .iter()
        .find(|e| Path::new(&e.file) == path)
        .unwrap();
    assert!(
        error.message.contains("more than 100000"),
        "{}",
        error.message
    );
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.primary.file.path() != path)
    );
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
/// backtracks for tens of seconds.
const BACKTRACKING: &str = "d=------1----ef----------U4/{-1--------6/------6-6/-vU4/{-1-6/-vU4/{-S---%ef----------U4/{-1--------66-6/-vU4/{-1-6/-vU4/{-1----ef----------U4/{-1--------6/------6-6/-vU4/{-1-6/-vU--6-6/-vU4/{-1-6/-vU4/{-1----ef----------U4/{-1--------6/------6-6/-vU4/{-1-6/-vU4/{-S---%ef----------U4/{-1--------6/-vU44/{-S----ef----------U4/{-1--------6/-vU4/{-0---------------U4/{-1-------v6/--U4/{-1/-vU4/{-1-vu4/{-0---------------U4/{-1-------v6/--U4/{-1/-vU4/{-1-------------\"{{%";

/// Eight files the HCL parser backtracks on, as modules of their own and
/// as files of one module, beside a good template: the first parse is
/// abandoned at `HCL_PARSE_DEADLINE` (or, on a machine fast enough, fails
/// on its own), the others are refused at once while it runs, each a
/// located error, and the run goes on. Run as a process: the parser
/// thread it leaves behind would refuse other tests' risky text.
#[test]
fn hcl_the_parser_backtracks_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("one")).unwrap();
    for i in 0..8 {
        std::fs::write(dir.path().join(format!("one/f{i}.tf")), BACKTRACKING).unwrap();
        std::fs::create_dir(dir.path().join(format!("m{i}"))).unwrap();
        std::fs::write(dir.path().join(format!("m{i}/main.tf")), BACKTRACKING).unwrap();
    }
    std::fs::write(dir.path().join("good.yaml"), GOOD).unwrap();
    let output = assert_cmd::Command::cargo_bin("edgelint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "."])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{out}");
    assert!(out.contains("error[CF104]"), "{out}");
    for i in 0..8 {
        for file in [format!("one/f{i}.tf"), format!("m{i}/main.tf")] {
            let line = out
                .lines()
                .find(|l| l.contains(&file))
                .unwrap_or_else(|| panic!("{file} is reported: {out}"));
            assert!(
                line.contains(":1:1: error[limit-exceeded]") || line.contains("error[parse-error]"),
                "{line}"
            );
        }
    }
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

/// Lints a Terraform module written from `files` (with a `main.tf`);
/// returns the code, line and message of each error of `main.tf`.
fn terraform_errors(files: &[(&str, String)]) -> Vec<(String, Option<usize>, String)> {
    terraform_errors_of(files, "main.tf")
}

fn terraform_errors_of(files: &[(&str, String)], of: &str) -> Vec<(String, Option<usize>, String)> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let main = dir.path().join("main.tf");
    let report = lint_beside_good(dir.path(), &main);
    report
        .errors
        .iter()
        .filter(|e| Path::new(&e.file) == dir.path().join(of))
        .map(|e| (e.code.clone(), e.start().map(|p| p.line), e.message.clone()))
        .collect()
}

/// A distribution whose `web_acl_id` (which the model reads) is `expr`,
/// after `locals`.
fn distribution_reading(locals: &str, expr: &str) -> String {
    format!(
        "locals {{\n{locals}}}\nresource \"aws_cloudfront_distribution\" \"d\" {{\n  enabled = true\n  web_acl_id = jsonencode({expr})\n}}\n"
    )
}

fn assert_limit(errors: &[(String, Option<usize>, String)], line: usize, what: &str) {
    assert!(
        errors
            .iter()
            .any(|(code, l, message)| code == "limit-exceeded"
                && *l == Some(line)
                && message.contains(what)),
        "expected limit-exceeded at line {line} ({what}): {errors:?}"
    );
}

#[test]
fn terraform_replace_that_would_build_gigabytes() {
    let locals = format!(
        "  a = \"{}\"\n  b = replace(local.a, \"a\", local.a)\n",
        "a".repeat(50_000)
    );
    let errors = terraform_errors(&[("main.tf", distribution_reading(&locals, "local.b"))]);
    assert_limit(&errors, 3, "MiB");
}

#[test]
fn terraform_text_and_lists_doubled_through_locals() {
    let mut text = format!("  a0 = \"{}\"\n", "x".repeat(1000));
    let mut list = "  b0 = range(1000)\n".to_string();
    for i in 1..=22 {
        text.push_str(&format!(
            "  a{i} = \"${{local.a{0}}}${{local.a{0}}}\"\n",
            i - 1
        ));
        list.push_str(&format!("  b{i} = concat(local.b{0}, local.b{0})\n", i - 1));
    }
    for (locals, expr) in [(text, "local.a22"), (list, "local.b22")] {
        let errors = terraform_errors(&[("main.tf", distribution_reading(&locals, expr))]);
        // the budget is spent on one of the later locals, not the first
        assert!(
            errors
                .iter()
                .any(|(code, line, message)| code == "limit-exceeded"
                    && line.is_some_and(|l| l > 10 && l <= 24)
                    && message.contains("MiB")),
            "{errors:?}"
        );
    }
}

#[test]
fn terraform_flatten_of_nested_ranges() {
    let locals = "  a = flatten([for i in range(10000) : range(10000)])\n";
    let errors = terraform_errors(&[("main.tf", distribution_reading(locals, "local.a"))]);
    assert_limit(&errors, 2, "MiB");
}

#[test]
fn terraform_big_file_read_in_a_for_expression() {
    // just under the 8 MiB file() limit
    let data = format!("[{}]", vec!["\"abcdefgh\""; 680_000].join(","));
    for expr in [
        "length(file(\"data.json\"))",
        "length(jsondecode(file(\"data.json\")))",
        "length(split(\",\", file(\"data.json\")))",
        "length(join(\",\", [file(\"data.json\")]))",
    ] {
        let locals = format!("  a = [for i in range(1000) : {expr}]\n");
        let errors = terraform_errors(&[
            ("main.tf", distribution_reading(&locals, "local.a")),
            ("data.json", data.clone()),
        ]);
        assert_limit(&errors, 2, "MiB");
    }
}

#[test]
fn terraform_quadratic_functions_count_their_comparisons() {
    for expr in [
        "distinct(range(10000))",
        "toset([for i in range(10000) : tostring(i)])",
    ] {
        let locals = format!("  a = {expr}\n");
        let errors = terraform_errors(&[("main.tf", distribution_reading(&locals, "local.a"))]);
        assert_limit(&errors, 2, "steps");
    }
    // merge is linear: ten thousand keys are evaluated, no limit
    let locals = "  a = merge([for i in range(10000) : {\"k${i}\" = i}]...)\n";
    let errors = terraform_errors(&[("main.tf", distribution_reading(locals, "length(local.a)"))]);
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn terraform_module_that_calls_itself() {
    for count in [10, 10_000] {
        let errors = terraform_errors_of(
            &[
                (
                    "main.tf",
                    "module \"m\" {\n  source = \"./m\"\n}\n".to_string(),
                ),
                (
                    "m/main.tf",
                    format!(
                        "module \"again\" {{\n  source = \"../m\"\n  count = {count}\n}}\nresource \"aws_cloudfront_distribution\" \"d\" {{\n  enabled = true\n}}\n"
                    ),
                ),
            ],
            "m/main.tf",
        );
        // at the `count` of the call that multiplied the instances
        assert_limit(&errors, 3, "instances");
    }
}

/// Lints a template next to a good one; the code, line and message of
/// each of its errors.
fn template_errors(name: &str, text: &str) -> Vec<(String, Option<usize>, String)> {
    let (dir, path) = case(name, text.as_bytes());
    let report = lint_beside_good(dir.path(), &path);
    report
        .errors
        .iter()
        .filter(|e| Path::new(&e.file) == path)
        .map(|e| (e.code.clone(), e.start().map(|p| p.line), e.message.clone()))
        .collect()
}

/// A distribution whose origin domain is the YAML flow value `domain`,
/// after `head` (parameters, conditions …); the domain is on line
/// `head`'s lines + 9.
fn template_with_domain(head: &str, domain: &str) -> String {
    format!(
        "{head}Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        Origins:\n          - Id: o\n            DomainName: {domain}\n            CustomOriginConfig: {{ OriginProtocolPolicy: https-only }}\n        DefaultCacheBehavior: {{ TargetOriginId: o, ViewerProtocolPolicy: allow-all }}\n"
    )
}

#[test]
fn cloudformation_sub_that_would_build_more_than_its_budget() {
    let head = format!(
        "Parameters:\n  P:\n    Type: String\n    Default: {}\n",
        "x".repeat(64 * 1024)
    );
    let domain = format!("!Sub \"{}\"", "${P}".repeat(2000));
    let errors = template_errors("sub.yaml", &template_with_domain(&head, &domain));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "limit-exceeded");
    assert_eq!(errors[0].1, Some(13), "at the Fn::Sub: {errors:?}");
    // the same text in a few thousand pieces is built, linearly
    let domain = format!("!Join [\"\", [{}]]", vec!["!Ref P"; 500].join(", "));
    let errors = template_errors("join.yaml", &template_with_domain(&head, &domain));
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn cloudformation_split_and_list_parameters_into_millions_of_pieces() {
    let commas = ",".repeat(3_000_000);
    let domain = format!("!Select [0, !Split [\",\", \"{commas}\"]]");
    let errors = template_errors("split.yaml", &template_with_domain("", &domain));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0].0.as_str(), errors[0].1),
        ("limit-exceeded", Some(9)),
        "at the expression, not 1:1"
    );
    let head =
        format!("Parameters:\n  L:\n    Type: CommaDelimitedList\n    Default: \"{commas}\"\n");
    let errors = template_errors(
        "list.yaml",
        &template_with_domain(&head, "!Select [0, !Ref L]"),
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0].0.as_str(), errors[0].1),
        ("limit-exceeded", Some(13))
    );
}

#[test]
fn cloudformation_getatt_with_a_huge_dotted_name() {
    let name = vec!["a"; 300_000].join(".");
    let errors = template_errors(
        "getatt.yaml",
        &template_with_domain("", &format!("!GetAtt {name}")),
    );
    // not a resource: Unknown, and no finding or error about it
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn cloudformation_thousands_of_undecided_conditions() {
    let mut head = String::from("Parameters:\n  Env:\n    Type: String\nConditions:\n");
    let mut domain = String::from("b.s3.amazonaws.com");
    for i in 0..2000 {
        head.push_str(&format!("  C{i}: !Equals [!Ref Env, v{i}]\n"));
        domain = format!("!If [C{i}, a{i}.s3.amazonaws.com, {domain}]");
    }
    let errors = template_errors("conditions.yaml", &template_with_domain(&head, &domain));
    assert!(
        errors.iter().all(|(code, _, _)| code == "limit-exceeded"),
        "{errors:?}"
    );
}

#[test]
fn cloudformation_more_resources_than_a_stack_can_hold() {
    let distribution = r#"{"Type":"AWS::CloudFront::Distribution","Properties":{"DistributionConfig":{"Enabled":true}}}"#;
    let resources: Vec<String> = (0..=edgelint::frontend::cloudformation::MAX_TEMPLATE_RESOURCES)
        .map(|i| format!("\"D{i}\":{distribution}"))
        .collect();
    let text = format!("{{\n\"Resources\": {{{}}}}}\n", resources.join(",\n"));
    let errors = template_errors("many.json", &text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0].0.as_str(), errors[0].1),
        ("limit-exceeded", Some(2))
    );
}

#[test]
fn sam_globals_copied_into_every_function() {
    let variables: String = (0..5000).map(|i| format!("        V{i}: x\n")).collect();
    let functions: String = (0..500)
        .map(|i| format!("  F{i}:\n    Type: AWS::Serverless::Function\n    Properties: {{ Handler: h, Runtime: nodejs20.x }}\n"))
        .collect();
    let text = format!(
        "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Environment:\n      Variables:\n{variables}Resources:\n{functions}"
    );
    let errors = template_errors("sam.yaml", &text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0].0.as_str(), errors[0].1),
        ("limit-exceeded", Some(4))
    );
}

/// Found by fuzzing: each local nests the next one in 60 brackets, so the
/// value read at the end is thousands of levels deep, and evaluating it
/// recurses through every definition (the stack overflowed).
#[test]
fn terraform_definitions_that_nest_each_other() {
    for wrap in ["", "length"] {
        let locals: String = (0..47)
            .map(|i| {
                let inner = if i < 46 {
                    format!("local.l{}", i + 1)
                } else {
                    "1".to_string()
                };
                format!(
                    "  l{i} = {wrap}({}{inner}{})\n",
                    "[".repeat(60),
                    "]".repeat(60)
                )
            })
            .collect();
        let errors = terraform_errors(&[("main.tf", distribution_reading(&locals, "local.l0"))]);
        // Unknown where too deep, without an error
        assert!(errors.is_empty(), "{errors:?}");
    }
}
