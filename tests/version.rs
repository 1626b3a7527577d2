//! `edgelint --version`: the package version and the commit the binary was
//! built from (build.rs), so a bug report names the exact build.

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;

/// `git` run in the crate's directory, when it succeeds.
fn git(args: &[&str]) -> Option<String> {
    let output = Process::new("git")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

#[test]
fn version_names_the_commit_built_from() {
    let output = Command::cargo_bin("edgelint")
        .unwrap_or_else(|e| panic!("{e}"))
        .arg("--version")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(output.status.success());
    let line = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let prefix = format!("edgelint {} (", env!("CARGO_PKG_VERSION"));
    let inner = line
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("unexpected --version output: {line}"));

    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let in_checkout = git(&["rev-parse", "--show-toplevel"])
        .and_then(|top| Path::new(&top).canonicalize().ok())
        .is_some_and(|top| manifest.canonicalize().is_ok_and(|m| m == top));
    if in_checkout {
        let head = git(&["rev-parse", "HEAD"]).unwrap_or_default();
        let date = git(&["log", "-1", "--format=%cs"]).unwrap_or_default();
        let (hash, built_date) = inner
            .split_once(' ')
            .unwrap_or_else(|| panic!("no `hash date` in: {line}"));
        assert!(
            hash.len() >= 7 && head.starts_with(hash),
            "{line}: `{hash}` is not HEAD ({head})"
        );
        assert_eq!(built_date, date, "{line}");
    } else {
        assert_eq!(inner, "commit unknown: not built from a git checkout");
    }
}
