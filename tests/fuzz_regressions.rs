//! Inputs the fuzz targets once crashed on, kept under
//! `testdata/fuzz/<target>/` and run through the same checks the targets
//! make (`fuzz/src/checks.rs`): no panic, no internal error, every span
//! slices its text.

#[path = "../fuzz/src/checks.rs"]
#[allow(dead_code)]
mod checks;

use std::path::Path;

/// Every file of `testdata/fuzz/<target>/`, as text (the targets take
/// UTF-8: invalid bytes are cut off, as the fuzzer's input conversion does).
fn inputs(target: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/fuzz")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            let text = match std::str::from_utf8(&bytes) {
                Ok(t) => t.to_string(),
                Err(e) => String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned(),
            };
            (p.display().to_string(), text)
        })
        .collect();
    out.sort();
    out
}

fn run(target: &str, check: impl Fn(&str)) {
    for (name, text) in inputs(target) {
        eprintln!("{name}");
        check(&text);
    }
}

#[test]
fn yaml_loader() {
    run("yaml_loader", checks::yaml_loader);
}

#[test]
fn json_loader() {
    run("json_loader", checks::json_loader);
}

#[test]
fn hcl_terraform() {
    run("hcl_terraform", checks::hcl_terraform);
}

/// Saved as the rendered template text the tree was built with.
#[test]
fn cloudformation_frontend() {
    run("cloudformation_frontend", |text| {
        checks::cloudformation_text("template.yaml", text)
    });
}

#[test]
fn rule_parser() {
    run("rule_parser", checks::rule_parser);
}

#[test]
fn config_loader() {
    run("config_loader", checks::config_loader);
}

/// Saved as the target's bytes: documents separated by NUL, each led by
/// the byte that picks the export shape it is put in.
#[test]
fn export_reader() {
    run("export_reader", |text| {
        checks::export_reader(text.as_bytes())
    });
}

/// Saved as the module tree the target rendered and wrote to disk: one
/// directory per input, linted from its root `main.tf` and as a whole.
#[test]
fn terraform_modules() {
    use edgelint::lint::{self, LintOptions};

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fuzz/terraform_modules");
    let mut trees: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    trees.sort();
    assert!(!trees.is_empty(), "no inputs under {}", dir.display());
    for tree in trees.iter().filter(|p| p.is_dir()) {
        eprintln!("{}", tree.display());
        for path in [tree.join("main.tf"), tree.clone()] {
            let report = lint::lint_paths(&[path], checks::registry(), &LintOptions::default());
            checks::check_report(&report);
        }
    }
}
