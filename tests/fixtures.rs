//! Fixtures under `testdata/` state what they expect inline: a comment
//! `# expect: CF104` (several codes separated by commas) on the line a
//! finding must start on. The test checks both directions: every
//! expectation is met and no finding is unexpected. A fixture without
//! expectations must be clean. Files named `*.error.yaml` must fail to load
//! with the error code given in `# expect-error: CODE`. A diagnostic that
//! does not stop the file from being linted (`duplicate-key`) is expected
//! like a finding, on its line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use edgelint::lint::{LintOptions, lint_paths, lint_text};
use edgelint::rule::Registry;

fn fixtures(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(fixtures(&path));
        } else if path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "tf")
        {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// line → codes expected there
fn expectations(text: &str) -> BTreeMap<usize, Vec<String>> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if let Some((_, codes)) = line.split_once("# expect:") {
            let codes: Vec<String> = codes
                .split(',')
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect();
            out.insert(i + 1, codes);
        }
    }
    out
}

#[test]
fn fixtures_state_their_findings() {
    let registry = Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/cfn");
    let files = fixtures(&root);
    assert!(
        files.len() >= 5,
        "fixtures missing under {}",
        root.display()
    );
    let mut problems = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let report = lint_paths(
            std::slice::from_ref(&file),
            &registry,
            &LintOptions::default(),
        );
        let name = file.strip_prefix(&root).unwrap().display().to_string();
        if let Some((_, code)) = text.split_once("# expect-error:") {
            let code = code.lines().next().unwrap_or("").trim();
            if !report.errors.iter().any(|e| e.code == code) {
                problems.push(format!(
                    "{name}: expected error {code}, got {:?}",
                    report.errors
                ));
            }
            continue;
        }
        let mut expected = expectations(&text);
        let errors = report.errors.iter().map(|e| {
            let line = e.location.as_ref().map_or(0, |l| l.start().line);
            (line, &e.code, format!("error [{}] {}", e.code, e.message))
        });
        let findings = report.findings.iter().map(|f| {
            let line = f.primary.start().line;
            (line, &f.code, format!("{} {}", f.code, f.message))
        });
        for (line, code, text) in errors.chain(findings) {
            let codes = expected.entry(line).or_default();
            match codes.iter().position(|c| c == code) {
                Some(i) => {
                    codes.remove(i);
                }
                None => problems.push(format!("{name}:{line}: unexpected {text}")),
            }
        }
        for (line, codes) in expected {
            for code in codes {
                problems.push(format!("{name}:{line}: expected {code}, not reported"));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Every `.tf` file under a directory, modules included.
fn terraform_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(terraform_files(&path));
        } else if path.extension().is_some_and(|e| e == "tf") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Each directory under `testdata/terraform` is one module directory, linted
/// as a unit (its local modules with it); expectations are the `# expect:`
/// comments of every `.tf` file in it, modules included.
#[test]
fn terraform_fixtures_state_their_findings() {
    let registry = Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/terraform");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 4,
        "fixtures missing under {}",
        root.display()
    );
    let mut problems = Vec::new();
    for case in cases {
        let files = terraform_files(&case);
        let own: Vec<PathBuf> = files
            .iter()
            .filter(|f| f.parent() == Some(case.as_path()))
            .cloned()
            .collect();
        if own.is_empty() {
            continue;
        }
        let report = lint_paths(&own, &registry, &LintOptions::default());
        for error in &report.errors {
            problems.push(format!(
                "{}: unexpected error [{}] {}",
                case.display(),
                error.code,
                error.message
            ));
        }
        // expectations per canonical file path
        let mut expected: BTreeMap<(PathBuf, usize), Vec<String>> = BTreeMap::new();
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            for (line, codes) in expectations(&text) {
                expected.insert((file.canonicalize().unwrap(), line), codes);
            }
        }
        for finding in &report.findings {
            let line = finding.primary.start().line;
            let path = finding.primary.file.path().canonicalize().unwrap();
            let name = path
                .strip_prefix(root.canonicalize().unwrap())
                .unwrap_or(&path)
                .display()
                .to_string();
            let codes = expected.entry((path, line)).or_default();
            match codes.iter().position(|c| *c == finding.code) {
                Some(i) => {
                    codes.remove(i);
                }
                None => problems.push(format!(
                    "{name}:{line}: unexpected {} {}",
                    finding.code, finding.message
                )),
            }
        }
        for ((path, line), codes) in expected {
            for code in codes {
                problems.push(format!(
                    "{}:{line}: expected {code}, not reported",
                    path.display()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// A module directory linted in the same run as its caller is reported
/// once, through the caller: not again on its own, where its empty
/// placeholder default would be an empty origin domain.
#[test]
fn a_called_module_is_reported_through_its_caller_only() {
    let registry = Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
    let caller = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/terraform/module-caller");
    let module = caller.join("modules/site");
    let lint = |paths: &[PathBuf]| {
        let report = lint_paths(paths, &registry, &LintOptions::default());
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let mut found: Vec<(String, String, usize)> = report
            .findings
            .iter()
            .map(|f| {
                let path = f.primary.file.path().display().to_string();
                (f.code.clone(), path, f.primary.start().line)
            })
            .collect();
        found.sort();
        found
    };
    let through_caller = lint(std::slice::from_ref(&caller));
    assert_eq!(lint(&[caller.clone(), module.clone()]), through_caller);
    assert_eq!(lint(&[module.clone(), caller.clone()]), through_caller);
    // no `./` in the module's paths
    assert!(
        through_caller
            .iter()
            .all(|(_, path, _)| !path.contains("/./")),
        "{through_caller:?}"
    );
    // on its own, the module is still linted
    assert!(!lint(std::slice::from_ref(&module)).is_empty());
}

/// JSON holds no comments: the `.tf.json` fixture's findings are listed here.
#[test]
fn terraform_json_fixture() {
    let registry = Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/terraform/json-syntax/main.tf.json");
    let report = lint_paths(
        std::slice::from_ref(&file),
        &registry,
        &LintOptions::default(),
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let got: Vec<(String, usize)> = report
        .findings
        .iter()
        .map(|f| (f.code.clone(), f.primary.start().line))
        .collect();
    let want: Vec<(String, usize)> = [("CF304", 11), ("CF104", 22), ("CF301", 36)]
        .iter()
        .map(|(c, l)| (c.to_string(), *l))
        .collect();
    assert_eq!(got, want);
}

/// A hand-written plan in the real shape: values computed at apply time
/// (`dns_name`, `qualified_arn`, the load balancer's security groups) are
/// linked through the configuration's references.
#[test]
fn terraform_plan_fixture() {
    let registry = Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/terraform-plan/alb-origin.json");
    let report = lint_paths(
        std::slice::from_ref(&file),
        &registry,
        &LintOptions::default(),
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let got: Vec<(String, usize)> = report
        .findings
        .iter()
        .map(|f| (f.code.clone(), f.primary.start().line))
        .collect();
    // the qualified ARN is computed: the finding points at its key in
    // `after_unknown` and names what it is computed from
    let want: Vec<(String, usize)> = [("CF202", 56), ("CF101", 67), ("CF301", 68)]
        .iter()
        .map(|(c, l)| (c.to_string(), *l))
        .collect();
    assert_eq!(got, want);
    let cf301 = report.findings.iter().find(|f| f.code == "CF301").unwrap();
    assert_eq!(
        cf301.primary.file.slice(cf301.primary.span),
        "\"lambda_arn\""
    );
    assert!(
        cf301.message.contains("`${aws_lambda_function.edge}`"),
        "{}",
        cf301.message
    );
}

/// A plan whose certificate is created with the distributions: only the
/// distribution that neither takes the validation's `certificate_arn` nor
/// `depends_on` the validation races the issue.
#[test]
fn terraform_plan_waits_for_certificate_issue() {
    let registry = Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/terraform-plan/certificate-validation.json");
    let report = lint_paths(
        std::slice::from_ref(&file),
        &registry,
        &LintOptions::default(),
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let got: Vec<(String, Option<String>, usize)> = report
        .findings
        .iter()
        .map(|f| (f.code.clone(), f.resource.clone(), f.primary.start().line))
        .collect();
    assert_eq!(
        got,
        [(
            "CF503".to_string(),
            Some("aws_cloudfront_distribution.direct".to_string()),
            336
        )]
    );
}

/// A plan whose distribution is in a child module: the origin's id and the
/// default behavior's target are unknown in `after_unknown`, and both come
/// from the module's `var.origin_id`, which the caller computes from
/// `aws_s3_bucket.site.id` — the same value, so the behavior reaches the
/// origin (CF109). The other behavior's target comes from another bucket:
/// not known to reach any origin, and no CF511.
#[test]
fn terraform_plan_follows_module_inputs_to_the_caller() {
    let registry = Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/terraform-plan/child-module.json");
    let codes = |report: &edgelint::lint::Report| {
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let mut got: Vec<(String, Option<String>)> = report
            .findings
            .iter()
            .map(|f| (f.code.clone(), f.resource.clone()))
            .collect();
        got.sort();
        got
    };
    let distribution = Some("module.cdn.aws_cloudfront_distribution.this".to_string());
    let report = lint_paths(
        std::slice::from_ref(&file),
        &registry,
        &LintOptions::default(),
    );
    assert_eq!(
        codes(&report),
        [
            ("CF109".to_string(), distribution.clone()),
            ("CF502".to_string(), distribution.clone()),
        ]
    );
    // without `resource_changes`, the child module's planned values are read
    let mut plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    plan.as_object_mut().unwrap().remove("resource_changes");
    let report = lint_text(
        "planned-values.json",
        &plan.to_string(),
        &registry,
        &LintOptions::default(),
    );
    assert_eq!(codes(&report), [("CF502".to_string(), distribution)]);
}
