//! Writing a fixed file: atomically (a temporary file in the same
//! directory, renamed over the original), with the original's permissions
//! and byte order mark, and never over a file that changed on disk since
//! it was read.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::document::limits::MAX_FILE_BYTES;
use crate::source::path_name;
use crate::source::read::{decode, read_bytes};

const BOM: &str = "\u{feff}";

/// Why a fixed file was not written; the file is as it was.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: changed on disk since it was read; not overwritten (run again)", path_name(.0))]
    Changed(PathBuf),
    #[error("{}: cannot write the fixed file: {source}", path_name(.path))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Replaces the file at `path`, whose text was `original` when it was read
/// (a byte order mark dropped), with `fixed`. A symbolic link is followed:
/// the file it points to is replaced, the link stays.
pub fn write_fixed(path: &Path, original: &str, fixed: &str) -> Result<(), WriteError> {
    let io = |source: std::io::Error| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let target = std::fs::canonicalize(path).map_err(io)?;
    let bytes = read_bytes(&target, MAX_FILE_BYTES).map_err(|e| io(std::io::Error::other(e)))?;
    let bom = bytes.starts_with(BOM.as_bytes());
    match decode(bytes) {
        Ok(now) if now == original => {}
        _ => return Err(WriteError::Changed(path.to_path_buf())),
    }
    let permissions = std::fs::metadata(&target).map_err(io)?.permissions();
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".edgelint-fix-")
        .tempfile_in(dir)
        .map_err(io)?;
    if bom {
        temp.write_all(BOM.as_bytes()).map_err(io)?;
    }
    temp.write_all(fixed.as_bytes()).map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    std::fs::set_permissions(temp.path(), permissions).map_err(io)?;
    temp.persist(&target).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn keeps_permissions_and_the_byte_order_mark() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.yaml");
        std::fs::write(&path, "\u{feff}a: 1\r\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_fixed(&path, "a: 1\r\n", "a: 2\r\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), "\u{feff}a: 2\r\n".as_bytes());
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        // no temporary file is left behind
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.yaml");
        std::fs::write(&path, "a: 3\n").unwrap();
        let err = write_fixed(&path, "a: 1\n", "a: 2\n").unwrap_err();
        assert!(matches!(err, WriteError::Changed(_)), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a: 3\n");
    }

    #[test]
    fn a_link_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.yaml");
        let link = dir.path().join("link.yaml");
        std::fs::write(&real, "a: 1\n").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_fixed(&link, "a: 1\n", "a: 2\n").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "a: 2\n");
    }
}
