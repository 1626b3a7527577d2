//! Local files a deployment names beside its template or module: a Lambda
//! function's deployment package. Only metadata is read, never content,
//! and only of regular files: a FIFO or a device named by mistake is
//! neither opened nor waited on. An I/O error of any kind reads as "not
//! measured"; it never fails the unit.

use std::path::Path;

/// The size in bytes of a regular file (a symlink is followed to one),
/// from its metadata.
pub fn regular_file_size(path: &Path) -> Option<u64> {
    let meta = std::fs::metadata(path).ok()?;
    meta.is_file().then_some(meta.len())
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
}
