//! The files a run reads: named files, and directories walked honouring
//! `.gitignore`. Hidden directories are walked (`.infra/`, `.serverless/`
//! with Serverless Framework's generated templates), except those of
//! version control and the caches of tools.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::finding::FileError;

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
    let skipped = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    for path in paths {
        if path.is_dir() {
            let pruned_dirs = skipped.clone();
            let walker = ignore::WalkBuilder::new(path)
                .follow_links(false)
                .hidden(false)
                .filter_entry(move |e| {
                    let is_dir = e.file_type().is_some_and(|t| t.is_dir());
                    let reason = (is_dir && e.depth() > 0)
                        .then(|| e.file_name().to_str().and_then(pruned))
                        .flatten();
                    match reason {
                        Some(reason) => {
                            if let Ok(mut skipped) = pruned_dirs.lock() {
                                skipped.push(Skipped {
                                    path: e.path().to_path_buf(),
                                    reason,
                                });
                            }
                            false
                        }
                        None => true,
                    }
                })
                .build();
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                        let candidate =
                            e.path()
                                .extension()
                                .and_then(|x| x.to_str())
                                .is_some_and(|x| {
                                    CANDIDATE_EXTENSIONS.contains(&x.to_ascii_lowercase().as_str())
                                });
                        if candidate {
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
                        file: path.display().to_string(),
                        location: None,
                        related: Vec::new(),
                    }),
                }
            }
        } else {
            inputs.push(Input {
                path: path.clone(),
                explicit: true,
            });
        }
    }
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    inputs.dedup_by(|a, b| a.path == b.path);
    let mut skipped = skipped.lock().map(|s| s.clone()).unwrap_or_default();
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    (inputs, errors, skipped)
}

/// Terraform configuration and variable files, which form a unit with the
/// other such files of their directory.
pub fn is_terraform_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    name.ends_with(".tf")
        || name.ends_with(".tf.json")
        || name.ends_with(".tofu")
        || name.ends_with(".tofu.json")
        || name.ends_with(".tfvars")
        || name.ends_with(".tfvars.json")
}
