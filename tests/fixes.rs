//! Every fix is proven where its rule fires: applied to each fixture under
//! `testdata/` and to each doc example, the re-linted files lose that
//! finding, gain none, still read, and are unchanged outside the edits
//! (see `edgelint::lint::prove_fix`). Snapshots show the diffs of a
//! representative set.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use edgelint::frontend::{Format, IMPLEMENTED};
use edgelint::lint::{LintOptions, example_files, lint_texts, prove_fix};
use edgelint::rule::Registry;

const EXTENSIONS: [&str; 6] = ["yaml", "yml", "json", "tf", "tfvars", "template"];

/// Each directory under `dir` holding input files, with those files (one
/// unit or several, as `lint_texts` groups them).
fn units(dir: &Path, out: &mut Vec<Vec<(String, String)>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            units(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| EXTENSIONS.iter().any(|x| e == *x))
            && let Ok(text) = std::fs::read_to_string(&path)
        {
            files.push((path.display().to_string(), text));
        }
    }
    if !files.is_empty() {
        out.push(files);
    }
}

/// Proves every fix of every finding in `texts`; returns the number
/// proven by rule code, and each failure in `problems`.
fn prove_all(
    texts: &[(String, String)],
    registry: &Registry,
    proven: &mut BTreeMap<String, usize>,
    problems: &mut Vec<String>,
) {
    let options = LintOptions::default();
    let report = lint_texts(texts, registry, &options);
    for finding in report.findings.iter().filter(|f| f.fix.is_some()) {
        match prove_fix(texts, &report, finding, registry, &options) {
            Ok(_) => *proven.entry(finding.code.clone()).or_default() += 1,
            Err(problem) => problems.push(format!(
                "{} at {}: {problem}",
                finding.code,
                finding.primary.place()
            )),
        }
    }
}

#[test]
fn every_fix_holds_on_every_fixture() {
    let registry = Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
    let mut all = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    for dir in ["cfn", "terraform", "export", "examples", "parity"] {
        units(&root.join(dir), &mut all);
    }
    assert!(all.len() > 20, "fixtures missing under {}", root.display());
    let mut proven = BTreeMap::new();
    let mut problems = Vec::new();
    for texts in &all {
        prove_all(texts, &registry, &mut proven, &mut problems);
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    // the fixtures exercise fixes of several rules, in several formats
    assert!(proven.len() >= 5, "fixes proven: {proven:?}");
}

#[test]
fn every_fix_holds_on_every_doc_example() {
    let registry = Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
    let scratch = tempfile::tempdir().unwrap();
    let mut proven = BTreeMap::new();
    let mut problems = Vec::new();
    let mut n = 0;
    for rule in registry.rules().iter().filter(|r| !r.fixes().is_empty()) {
        for example in rule
            .examples()
            .iter()
            .filter(|e| e.expect_fail && IMPLEMENTED.contains(&e.format))
        {
            n += 1;
            let dir = scratch.path().join(n.to_string());
            let name = match example.format {
                Format::CloudFormation => "example.yaml",
                Format::Terraform => "main.tf",
                Format::Export => "distribution.json",
            };
            let files = example_files(name, &example.code).unwrap();
            for (file, size) in &files.sized {
                let path = dir.join(file);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::File::create(&path)
                    .unwrap()
                    .set_len(*size)
                    .unwrap();
            }
            let texts: Vec<(String, String)> = files
                .texts
                .into_iter()
                .map(|(file, text)| (dir.join(file).display().to_string(), text))
                .collect();
            prove_all(&texts, &registry, &mut proven, &mut problems);
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    // every rule that declares a fix has it proven on its own examples
    let missing: Vec<&str> = registry
        .rules()
        .iter()
        .filter(|r| !r.fixes().is_empty() && !proven.contains_key(&r.code))
        .map(|r| r.code.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "no example proves the fix of {missing:?}"
    );
}

/// The diff a fix makes to one text, as `diff -u` prints it.
fn diff_of(name: &str, text: &str) -> String {
    let registry = Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
    let texts = vec![(name.to_string(), text.to_string())];
    let options = LintOptions::default();
    let report = lint_texts(&texts, &registry, &options);
    let mut out = String::new();
    for finding in report.findings.iter().filter(|f| f.fix.is_some()) {
        let fix = finding.fix.as_ref().unwrap();
        let after = prove_fix(&texts, &report, finding, &registry, &options)
            .unwrap_or_else(|e| panic!("{e}"));
        out.push_str(&format!(
            "{} ({:?}): {}\n",
            finding.code, fix.applicability, fix.title
        ));
        out.push_str(&edgelint::fix::diff::unified(name, text, &after[0].1));
    }
    out
}

#[test]
fn yaml_fixes_keep_quoting_and_indentation() {
    insta::assert_snapshot!(diff_of(
        "site.yaml",
        r#"Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: "web"
            DomainName: docs.s3-website-us-east-1.amazonaws.com
            CustomOriginConfig:
              OriginProtocolPolicy: 'https-only'
              OriginReadTimeout: 0
          - Id: api
            DomainName: api.example.com
            CustomOriginConfig: { OriginProtocolPolicy: https-only, OriginKeepaliveTimeout: 200 }
        DefaultCacheBehavior:
          TargetOriginId: wbe
          ViewerProtocolPolicy: redirect-to-https
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
"#
    ));
}
