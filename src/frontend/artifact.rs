//! Local files a deployment names beside its template or module: a Lambda
//! function's deployment package. Only metadata is read, never content,
//! and only of regular files: a FIFO or a device named by mistake is
//! neither opened nor waited on. An I/O error of any kind reads as "not
//! measured"; it never fails the unit.

use std::path::Path;

use crate::model::{Scalar, State, UnknownReason, Value};

/// The size in bytes of a regular file (a symlink is followed to one),
/// from its metadata.
pub fn regular_file_size(path: &Path) -> Option<u64> {
    let meta = std::fs::metadata(path).ok()?;
    meta.is_file().then_some(meta.len())
}

/// Whether a path names a `.zip` or `.jar` archive, which deploy tools
/// upload as it is (a folder or any other file they zip first, so its
/// compressed size is not on disk).
pub fn is_archive_name(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".zip") || lower.ends_with(".jar")
}

/// The size of the package at `path`, located where the path is written.
/// `measure` finds the file and gives its size, or `None` when it is not
/// a regular file on this machine. A path not known before deploy, or a
/// file not there, gives an Unknown: the package comes from outside the
/// files, and no rule may fail on it.
pub fn package_size(path: &Value, measure: impl FnOnce(&str) -> Option<u64>) -> Value {
    let state = match &path.state {
        State::Known(Scalar::Str(p)) | State::Default(Scalar::Str(p)) => match measure(p) {
            Some(size) => State::Known(Scalar::Int(i64::try_from(size).unwrap_or(i64::MAX))),
            None => State::Unknown(UnknownReason::External),
        },
        State::Unknown(reason) => State::Unknown(reason.clone()),
        State::Known(_) | State::Default(_) => State::Unknown(UnknownReason::Unsupported),
    };
    Value {
        state,
        loc: path.loc,
        origin: path.origin.clone(),
        parts: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_regular_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("edge.zip");
        std::fs::write(&file, [0u8; 321]).unwrap();
        assert_eq!(regular_file_size(&file), Some(321));
        assert_eq!(regular_file_size(dir.path()), None, "a directory");
        assert_eq!(regular_file_size(&dir.path().join("missing.zip")), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("edge.zip");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        if !made {
            return;
        }
        // opening a FIFO for reading would block until a writer comes
        assert_eq!(regular_file_size(&fifo), None);
        let link = dir.path().join("link.zip");
        std::os::unix::fs::symlink(&fifo, &link).unwrap();
        assert_eq!(regular_file_size(&link), None, "a symlink to a FIFO");
    }

    #[test]
    fn archive_names() {
        assert!(is_archive_name("build/edge.zip"));
        assert!(is_archive_name("target/Edge.JAR"));
        assert!(!is_archive_name("src/"));
        assert!(!is_archive_name("index.js"));
    }

    #[test]
    fn a_path_not_measured_is_unknown_where_it_is_written() {
        let loc = crate::source::Loc::default();
        let known = Value::known(Scalar::str("edge.zip"), loc);
        assert_eq!(package_size(&known, |_| Some(7)).as_int(), Some(7));
        let missing = package_size(&known, |_| None);
        assert_eq!(
            missing.state,
            State::Unknown(UnknownReason::External),
            "a file not on disk"
        );
        let input = Value::unknown(UnknownReason::Input("Artifact".into()), loc);
        assert_eq!(
            package_size(&input, |_| Some(7)).state,
            State::Unknown(UnknownReason::Input("Artifact".into()))
        );
    }
}
