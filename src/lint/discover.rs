//! The files a run reads: named files, and directories walked honouring
//! `.gitignore`. Hidden directories are walked (`.infra/`, `.serverless/`
//! with Serverless Framework's generated templates), except those of
//! version control and the caches of tools.

use std::fmt;
use std::path::{Path, PathBuf};

use std::sync::{Arc, Mutex};

use super::order::{order_key, reorder};
use crate::finding::FileError;
use crate::source::path_name;
use crate::source::read::{self, ReadError};

/// A file to lint, and whether the user named it (a named file that is not
/// a template is an error; one found by walking a directory is skipped).
#[derive(Clone, Debug)]
pub struct Input {
    pub path: PathBuf,
    pub explicit: bool,
}

/// Extensions of files a directory walk considers (`.tofu.json` and
/// `.tf.json` are `json`).
pub(super) const CANDIDATE_EXTENSIONS: &[&str] =
    &["yaml", "yml", "json", "template", "tf", "tfvars", "tofu"];

/// Directories of version control systems.
const VCS_DIRS: &[&str] = &[".git", ".hg", ".svn", ".bzr", ".jj", "_darcs", ".pijul"];

/// Directories where tools keep what they download or build: copies of
/// modules and templates that are linted where they come from, if at all
/// (`.terraform/modules` is read through the root module that calls it).
const TOOL_CACHES: &[&str] = &[
    ".terraform",
    ".terragrunt-cache",
    ".aws-sam",
    "node_modules",
    ".venv",
    ".tox",
    ".cache",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "__pycache__",
    ".direnv",
];

/// A file or directory a run leaves out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

/// Why a file or directory is not linted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    VersionControl,
    ToolCache,
    /// Excluded by this `exclude` pattern of the configuration.
    Excluded(String),
    /// Not matched by the configuration's `include` patterns.
    NotIncluded,
    /// Read, and not a template, Terraform file or export.
    NotDeployment,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::VersionControl => f.write_str("version control directory"),
            SkipReason::ToolCache => f.write_str("tool cache (downloaded or generated files)"),
            SkipReason::Excluded(pattern) => {
                write!(f, "excluded by `{pattern}` in the configuration")
            }
            SkipReason::NotIncluded => f.write_str("not matched by `include` in the configuration"),
            SkipReason::NotDeployment => f.write_str(super::read::NOT_RECOGNIZED),
        }
    }
}

/// Why a directory met in a walk is not entered, if it is not.
fn pruned(name: &str) -> Option<SkipReason> {
    if VCS_DIRS.contains(&name) {
        Some(SkipReason::VersionControl)
    } else if TOOL_CACHES.contains(&name) {
        Some(SkipReason::ToolCache)
    } else {
        None
    }
}

/// Finds the files to lint: named files as they are, directories walked
/// honouring `.gitignore`.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<FileError>) {
    let (inputs, errors, _) = discover_with_skips(paths);
    (inputs, errors)
}

/// [`discover`], also naming the directories the walk did not enter.
pub fn discover_with_skips(paths: &[PathBuf]) -> (Vec<Input>, Vec<FileError>, Vec<Skipped>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let skipped = Arc::new(Mutex::new(Vec::new()));
    // a CDK app's directory is checked as its synthesized assembly, which
    // the app's `.gitignore` leaves out of the walk
    let assemblies: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.is_dir() && p.join("cdk.out").join("manifest.json").is_file())
        .map(|p| p.join("cdk.out"))
        .collect();
    for path in paths.iter().chain(&assemblies) {
        if path.is_dir() {
            let refused = Arc::new(Mutex::new(Vec::new()));
            let walker = guarded_walk(path, &refused, &skipped);
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                        if is_candidate(e.path()) {
                            inputs.push(Input {
                                path: e.into_path(),
                                explicit: false,
                            });
                        }
                    }
                    Ok(_) => {}
                    Err(err) => errors.push(FileError {
                        code: "unreadable".into(),
                        message: err.to_string(),
                        file: path_name(path),
                        location: None,
                        related: Vec::new(),
                    }),
                }
            }
            errors.extend(
                refused
                    .lock()
                    .map(|mut r| r.split_off(0))
                    .unwrap_or_default(),
            );
        } else {
            inputs.push(Input {
                path: path.clone(),
                explicit: true,
            });
        }
    }
    sort_by_path(&mut inputs);
    let mut skipped = skipped.lock().map(|s| s.clone()).unwrap_or_default();
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    (inputs, errors, skipped)
}

/// Sorts inputs as their paths sort (component by component), stably,
/// and keeps the first of inputs with the same path. `Path::cmp` and `==`
/// split both paths into components at every comparison, which made this
/// sort the largest part of a walk; each path is made into a key once here
/// ([`order_key`]), and keys compare as bytes.
fn sort_by_path(inputs: &mut Vec<Input>) {
    let order = {
        let keys: Vec<Vec<u8>> = inputs.iter().map(|input| order_key(&input.path)).collect();
        let mut order: Vec<usize> = (0..inputs.len()).collect();
        order.sort_by(|&a, &b| keys.get(a).cmp(&keys.get(b)));
        order.dedup_by(|later, kept| keys.get(*later) == keys.get(*kept));
        order
    };
    reorder(inputs, order);
}

fn is_candidate(path: &Path) -> bool {
    path.extension().and_then(|x| x.to_str()).is_some_and(|x| {
        CANDIDATE_EXTENSIONS
            .iter()
            .any(|c| c.eq_ignore_ascii_case(x))
    })
}

/// The ignore files the walker reads in each directory it enters.
const IGNORE_FILES: &[&str] = &[".gitignore", ".ignore", ".git/info/exclude"];

/// The largest ignore file a walk honours.
pub const MAX_IGNORE_FILE_BYTES: u64 = 1024 * 1024;

/// The ignore files of `dir` that the walker must not read: not regular
/// files (a FIFO would block the walk forever), or over the size limit.
fn unreadable_ignore_files(dir: &Path) -> Vec<ReadError> {
    IGNORE_FILES
        .iter()
        .map(|name| dir.join(name))
        .filter(|p| p.symlink_metadata().is_ok())
        .filter_map(|p| read::check_regular(&p, MAX_IGNORE_FILE_BYTES).err())
        .collect()
}

fn refusal(err: &ReadError) -> FileError {
    FileError {
        code: err.code().into(),
        message: err.detail(),
        file: path_name(err.path()),
        location: None,
        related: Vec::new(),
    }
}

/// A walker that reads no ignore file that is not a regular file within
/// the size limit. The walker itself reads them, so they are checked
/// before it gets to them: in the directory walked and the ones above it
/// (whose files it also honours), that kind of ignore file is not read at
/// all; below it, the directory holding one is not walked. Each refusal
/// is an error naming the file. Hidden directories are walked; those of
/// version control and tool caches are not, and are recorded in `skipped`.
fn guarded_walk(
    root: &Path,
    refused: &Arc<Mutex<Vec<FileError>>>,
    skipped: &Arc<Mutex<Vec<Skipped>>>,
) -> ignore::Walk {
    let mut builder = ignore::WalkBuilder::new(root);
    builder.follow_links(false).hidden(false);
    // the walked directory as the user named it, then the ones above it
    let absolute = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let mut at_top = unreadable_ignore_files(root);
    for dir in absolute.ancestors().skip(1) {
        at_top.extend(unreadable_ignore_files(dir));
    }
    // Git's global excludes apply only inside a repository (the walker's
    // `require_git`); finding them means reading git's configuration, which
    // costs more than the rest of start-up, so a walk outside any
    // repository does not look
    if !absolute.ancestors().any(|dir| dir.join(".git").exists()) {
        builder.git_global(false);
    }
    for err in &at_top {
        let name = err.path().to_string_lossy();
        if name.ends_with(".gitignore") {
            builder.git_ignore(false);
        } else if name.ends_with(".ignore") {
            builder.ignore(false);
        } else {
            builder.git_exclude(false);
        }
    }
    if let Ok(mut list) = refused.lock() {
        list.extend(at_top.iter().map(refusal));
    }
    let sink = refused.clone();
    let pruned_dirs = skipped.clone();
    builder.filter_entry(move |entry| {
        if !entry.file_type().is_some_and(|t| t.is_dir()) || entry.depth() == 0 {
            return true;
        }
        if let Some(reason) = entry.file_name().to_str().and_then(pruned) {
            if let Ok(mut list) = pruned_dirs.lock() {
                list.push(Skipped {
                    path: entry.path().to_path_buf(),
                    reason,
                });
            }
            return false;
        }
        let bad = unreadable_ignore_files(entry.path());
        if bad.is_empty() {
            return true;
        }
        if let Ok(mut list) = sink.lock() {
            list.extend(bad.iter().map(|e| {
                let mut error = refusal(e);
                error.message = format!(
                    "{}; directory {} is not linted",
                    error.message,
                    path_name(entry.path())
                );
                error
            }));
        }
        false
    });
    builder.build()
}

/// Terraform configuration and variable files, which form a unit with the
/// other such files of their directory.
pub fn is_terraform_file(path: &Path) -> bool {
    const ENDINGS: [&str; 6] = [
        ".tf",
        ".tf.json",
        ".tofu",
        ".tofu.json",
        ".tfvars",
        ".tfvars.json",
    ];
    // in any case, without a lower-case copy of every name
    let ends_in_one = |text: &[u8]| {
        ENDINGS.iter().any(|ending| {
            text.len()
                .checked_sub(ending.len())
                .and_then(|at| text.get(at..))
                .is_some_and(|end| end.eq_ignore_ascii_case(ending.as_bytes()))
        })
    };
    // A path that does not end in `.` or a separator ends with its file
    // name, so one whose last bytes are none of the endings is no
    // Terraform file; finding the name costs more than that.
    let bytes = path.as_os_str().as_encoded_bytes();
    let ends_with_name = bytes
        .last()
        .is_some_and(|&b| b != b'.' && !std::path::is_separator(char::from(b)));
    if ends_with_name && !ends_in_one(bytes) {
        return false;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    ends_in_one(name.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Terraform files are told by their name's ending in any case, and
    /// only by the name's.
    #[test]
    fn terraform_files_by_their_ending_in_any_case() {
        for yes in [
            "main.tf",
            "MAIN.TF",
            "a/b/x.Tf.Json",
            "vars.tfvars",
            "v.TFVARS.json",
            "m.tofu",
            "m.tofu.json",
            ".tf",
            "é.tf",
            "dir.yaml/main.tf",
            "main.tf/",
            "main.tf/.",
        ] {
            assert!(is_terraform_file(Path::new(yes)), "{yes}");
        }
        for no in [
            "main.tf.bak",
            "tf",
            "main.json",
            "main.yaml",
            "a.tf/b.yaml",
            "x.t",
            "",
            "main.tfx",
            "main.tf.yaml",
            "main.tf/..",
            "/",
        ] {
            assert!(!is_terraform_file(Path::new(no)), "{no}");
        }
    }

    /// The keyed sort gives the order `Path::cmp` gives, stably, and keeps
    /// the first of equal paths as `dedup_by` on `Path::eq` would.
    #[test]
    fn inputs_sort_and_dedupe_as_their_paths_do() {
        let paths = [
            "a-b/t.yaml",
            "a/x.yaml",
            "./a/x.yaml",
            "a//x.yaml",
            "a/./x.yaml",
            "/abs/t.yaml",
            "a/x.yaml",
            "a.yaml",
            "A/x.yaml",
            "a/b/c.yaml",
            "../up.yaml",
            "é/x.yaml",
        ];
        let mut inputs: Vec<Input> = paths
            .iter()
            .enumerate()
            .map(|(i, p)| Input {
                path: PathBuf::from(p),
                // marks the place in the list, to check stability
                explicit: i % 2 == 0,
            })
            .collect();
        let mut expected: Vec<(PathBuf, bool)> = inputs
            .iter()
            .map(|i| (i.path.clone(), i.explicit))
            .collect();
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        expected.dedup_by(|a, b| a.0 == b.0);
        // three spellings of `a/x.yaml` and a repeat of it become one
        assert_eq!(expected.len(), paths.len() - 3);
        sort_by_path(&mut inputs);
        let got: Vec<(PathBuf, bool)> = inputs.into_iter().map(|i| (i.path, i.explicit)).collect();
        assert_eq!(got, expected);
    }
}
