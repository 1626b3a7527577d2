//! Embeds every `rules/*.rule` file into the binary, so the built-in rules
//! ship with it and load without touching the file system; and records the
//! commit the binary is built from, for `edgelint --version`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    embed_rules();
    let version = env!("CARGO_PKG_VERSION");
    let provenance = match commit() {
        Some(commit) => commit,
        None => "commit unknown: not built from a git checkout".to_string(),
    };
    println!("cargo:rustc-env=EDGELINT_VERSION={version} ({provenance})");
}

fn embed_rules() {
    println!("cargo:rerun-if-changed=rules");
    let dir = manifest_dir().join("rules");
    // A build that cannot read the rules must fail: a binary with an empty
    // rule table would pass every deployment.
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the rules in {}: {e}", dir.display()));
    let mut names: Vec<String> = entries
        .map(|e| e.unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display())))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rule"))
        .collect();
    assert!(!names.is_empty(), "no .rule file in {}", dir.display());
    names.sort();
    let mut out = String::from("pub static BUILTIN_RULES: &[(&str, &str)] = &[\n");
    for name in names {
        let path = dir.join(&name);
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let target = Path::new(&out_dir).join("builtin_rules.rs");
    std::fs::write(&target, out)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
}

/// `<short hash> <commit date>` of HEAD, when the crate is the top of a git
/// work tree. A package unpacked inside some other repository (an sdist
/// built in a checkout, `cargo package`'s verification under `target/`)
/// is not built from that repository's HEAD, so it has no commit.
fn commit() -> Option<String> {
    let dir = manifest_dir();
    let dir = dir.as_path();
    let top = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"])?);
    if top.canonicalize().ok()? != dir.canonicalize().ok()? {
        return None;
    }
    let commit = git(dir, &["log", "-1", "--abbrev=10", "--format=%h %cs"])?;
    // Build again when HEAD moves: a checkout rewrites HEAD, a commit the
    // branch it names (a loose ref, or packed-refs once `git gc` ran).
    let mut watched = vec!["HEAD".to_string()];
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        watched.push(branch);
        watched.push("packed-refs".to_string());
    }
    for name in watched {
        if let Some(path) = git(
            dir,
            &["rev-parse", "--path-format=absolute", "--git-path", &name],
        )
        .filter(|path| Path::new(path).is_file())
        {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    Some(commit)
}

/// The crate's directory, as cargo tells this run of the script: a compiled
/// build script can be reused for the same crate at another path (a shared
/// target directory), where `env!` would name the first one.
fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| PathBuf::from("."), PathBuf::from)
}

/// The trimmed output of a successful `git` run in `dir`; `None` when git
/// is missing, fails, or prints nothing.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let text = text.trim();
    (output.status.success() && !text.is_empty()).then(|| text.to_string())
}
