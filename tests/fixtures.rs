//! Fixtures under `testdata/` state what they expect inline: a comment
//! `# expect: CF104` (several codes separated by commas) on the line a
//! finding must start on. The test checks both directions: every
//! expectation is met and no finding is unexpected. A fixture without
//! expectations must be clean. Files named `*.error.yaml` must fail to load
//! with the error code given in `# expect-error: CODE`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use edgelint::lint::{LintOptions, lint_paths};
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
        let report = lint_paths(&[file.clone()], &registry, &LintOptions::default());
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
        for error in &report.errors {
            problems.push(format!(
                "{name}: unexpected error [{}] {}",
                error.code, error.message
            ));
        }
        let mut expected = expectations(&text);
        for finding in &report.findings {
            let line = finding.primary.start().line;
            let codes = expected.entry(line).or_default();
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
        for (line, codes) in expected {
            for code in codes {
                problems.push(format!("{name}:{line}: expected {code}, not reported"));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
