//! The files a run reads: named files, and directories walked honouring
//! `.gitignore`.

use std::path::{Path, PathBuf};

use std::sync::{Arc, Mutex};

use crate::finding::FileError;
use crate::source::read::{self, ReadError};

/// A file to lint, and whether the user named it (a named file that is not
/// a template is an error; one found by walking a directory is skipped).
#[derive(Clone, Debug)]
pub struct Input {
    pub path: PathBuf,
    pub explicit: bool,
}

/// Extensions of files a directory walk considers.
pub(super) const CANDIDATE_EXTENSIONS: &[&str] =
    &["yaml", "yml", "json", "template", "tf", "tfvars"];

/// Finds the files to lint: named files as they are, directories walked
/// honouring `.gitignore`.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<FileError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            let refused = Arc::new(Mutex::new(Vec::new()));
            let walker = guarded_walk(path, &refused);
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
                        file: path.display().to_string(),
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
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    inputs.dedup_by(|a, b| a.path == b.path);
    (inputs, errors)
}

fn is_candidate(path: &Path) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| CANDIDATE_EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
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
        file: err.path().display().to_string(),
        location: None,
        related: Vec::new(),
    }
}

/// A walker that reads no ignore file that is not a regular file within
/// the size limit. The walker itself reads them, so they are checked
/// before it gets to them: in the directory walked and the ones above it
/// (whose files it also honours), that kind of ignore file is not read at
/// all; below it, the directory holding one is not walked. Each refusal
/// is an error naming the file.
fn guarded_walk(root: &Path, refused: &Arc<Mutex<Vec<FileError>>>) -> ignore::Walk {
    let mut builder = ignore::WalkBuilder::new(root);
    builder.follow_links(false);
    // the walked directory as the user named it, then the ones above it
    let absolute = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let mut at_top = unreadable_ignore_files(root);
    for dir in absolute.ancestors().skip(1) {
        at_top.extend(unreadable_ignore_files(dir));
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
    builder.filter_entry(move |entry| {
        if !entry.file_type().is_some_and(|t| t.is_dir()) || entry.depth() == 0 {
            return true;
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
                    entry.path().display()
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
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    name.ends_with(".tf")
        || name.ends_with(".tf.json")
        || name.ends_with(".tfvars")
        || name.ends_with(".tfvars.json")
}
