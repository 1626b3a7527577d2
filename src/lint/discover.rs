//! The files a run reads: named files, and directories walked honouring
//! `.gitignore`.

use std::path::{Path, PathBuf};

use crate::finding::FileError;

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
            let walker = ignore::WalkBuilder::new(path).follow_links(false).build();
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
    (inputs, errors)
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
