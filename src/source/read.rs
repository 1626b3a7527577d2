//! The one way edgelint reads a file from disk: inputs, the configuration,
//! rule files, baselines, variable files, ignore files, local module files
//! and `file()` targets all come through here.
//!
//! Only regular files are opened (a FIFO would block forever, a device
//! like `/dev/zero` never ends), and the bytes actually read are capped:
//! files under `/proc` report a size of 0 whatever they hold, so the size
//! in the metadata is only a first check.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{SourceFile, Span};

/// Why a file was not read. The message names the path.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{}: not a regular file ({kind}); edgelint reads only regular files", super::path_name(.path))]
    NotAFile { path: PathBuf, kind: &'static str },
    #[error("{}: over the {limit} byte limit", super::path_name(.path))]
    TooLarge { path: PathBuf, limit: u64 },
    #[error("{}: cannot read: {source}", super::path_name(.path))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {message} (at byte offset {offset})", super::path_name(.path))]
    NotText {
        path: PathBuf,
        message: String,
        /// The offset of the first byte that is not text.
        offset: usize,
    },
}

impl ReadError {
    /// The diagnostic code of the refusal.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::NotAFile { .. } | ReadError::Io { .. } => "unreadable",
            ReadError::TooLarge { .. } => "limit-exceeded",
            ReadError::NotText { .. } => "not-text",
        }
    }

    /// The file refused.
    pub fn path(&self) -> &Path {
        match self {
            ReadError::NotAFile { path, .. }
            | ReadError::TooLarge { path, .. }
            | ReadError::Io { path, .. }
            | ReadError::NotText { path, .. } => path,
        }
    }

    /// The message without the path (for diagnostics that show the path
    /// apart).
    pub fn detail(&self) -> String {
        let full = self.to_string();
        let path = super::path_name(self.path());
        full.strip_prefix(&path)
            .and_then(|rest| rest.strip_prefix(": "))
            .map_or(full.clone(), str::to_string)
    }
}

/// What a path is, when it is not a regular file.
pub fn kind_of(t: std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if t.is_file() {
        None
    } else if t.is_dir() {
        Some("a directory")
    } else if t.is_fifo() {
        Some("a FIFO")
    } else if t.is_socket() {
        Some("a socket")
    } else if t.is_char_device() {
        Some("a character device")
    } else if t.is_block_device() {
        Some("a block device")
    } else {
        Some("not a file")
    }
}

/// Checks that `path` (a symlink is followed) is a regular file no larger
/// than `limit` by its metadata, without opening it.
pub fn check_regular(path: &Path, limit: u64) -> Result<(), ReadError> {
    let meta = std::fs::metadata(path).map_err(|source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if let Some(kind) = kind_of(meta.file_type()) {
        return Err(ReadError::NotAFile {
            path: path.to_path_buf(),
            kind,
        });
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            limit,
        });
    }
    Ok(())
}

/// The bytes of a regular file of at most `limit` bytes.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    check_regular(path, limit)?;
    read_checked(path, limit)
}

/// The bytes of a file that [`check_regular`] (or the caller, with the
/// same metadata) found to be a regular file of at most `limit` bytes. The
/// open file is checked again, and read with room for its size.
pub fn read_checked(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let io = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    // the path may have been replaced between the check and the open
    if let Some(kind) = kind_of(meta.file_type()) {
        return Err(ReadError::NotAFile {
            path: path.to_path_buf(),
            kind,
        });
    }
    // One byte more than the size: reading to the end then needs no
    // second buffer (a file whose size says 0, under /proc, still grows).
    let room = usize::try_from(meta.len().min(limit)).unwrap_or(0) + 1;
    read_into(path, file, limit, Vec::with_capacity(room))
}

/// At most `limit` bytes from any reader (stdin, an open file); one byte
/// more is an error.
pub fn read_capped(path: &Path, reader: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    read_into(path, reader, limit, Vec::new())
}

fn read_into(
    path: &Path,
    reader: impl Read,
    limit: u64,
    mut bytes: Vec<u8>,
) -> Result<Vec<u8>, ReadError> {
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            limit,
        });
    }
    Ok(bytes)
}

/// The text of a regular file of at most `limit` bytes: UTF-8 without NUL
/// bytes, a BOM dropped.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    let bytes = read_bytes(path, limit)?;
    decode(bytes).map_err(|refused| ReadError::NotText {
        path: path.to_path_buf(),
        message: refused.message,
        offset: refused.offset,
    })
}

/// Bytes that are not text: why, where, and the bytes themselves.
#[derive(Debug)]
pub struct NotText {
    pub message: String,
    pub offset: usize,
    pub bytes: Vec<u8>,
}

impl NotText {
    /// The file at `path` as a diagnostic shows it, bad bytes replaced,
    /// and the span of the byte refused. The text before `offset` is
    /// valid, so the offset holds in it.
    pub fn shown(&self, path: &Path) -> (Arc<SourceFile>, Span) {
        let text = String::from_utf8_lossy(&self.bytes).into_owned();
        (
            Arc::new(SourceFile::new(path, text)),
            Span::new(self.offset, self.offset + 1),
        )
    }
}

/// UTF-8 text without NUL bytes; a BOM is dropped. The text keeps the
/// bytes' buffer. The refusal names the problem and the byte offset where
/// it is. Text in UTF-16 or UTF-32 is named as such (by its byte order
/// mark, or the NUL bytes ASCII text has in those encodings).
pub fn decode(bytes: Vec<u8>) -> Result<String, NotText> {
    if let Some(encoding) = wide_encoding(&bytes) {
        return Err(NotText {
            message: format!(
                "file is {encoding} text; edgelint reads UTF-8 (convert it, e.g. with iconv)"
            ),
            offset: 0,
            bytes,
        });
    }
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let byte = bytes.get(at).copied().unwrap_or(0);
        NotText {
            message: format!(
                "file is not valid UTF-8 (byte 0x{byte:02x}); edgelint reads UTF-8 text"
            ),
            offset: at,
            bytes,
        }
    })?;
    if let Some(i) = memchr::memchr(0, text.as_bytes()) {
        return Err(NotText {
            message: "file contains a NUL byte; not a text file".into(),
            offset: i,
            bytes: text.into_bytes(),
        });
    }
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// UTF-16 or UTF-32, by byte order mark, or by the zero bytes around the
/// first ASCII character (text with no mark).
fn wide_encoding(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xff, 0xfe, 0, 0, ..] => Some("UTF-32LE"),
        [0, 0, 0xfe, 0xff, ..] => Some("UTF-32BE"),
        [0xff, 0xfe, ..] => Some("UTF-16LE"),
        [0xfe, 0xff, ..] => Some("UTF-16BE"),
        [a, 0, 0, 0, ..] if a.is_ascii() && *a != 0 => Some("UTF-32LE"),
        [0, 0, 0, a, ..] if a.is_ascii() && *a != 0 => Some("UTF-32BE"),
        [a, 0, b, 0, ..] if a.is_ascii() && b.is_ascii() && *a != 0 && *b != 0 => Some("UTF-16LE"),
        [0, a, 0, b, ..] if a.is_ascii() && b.is_ascii() && *a != 0 && *b != 0 => Some("UTF-16BE"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_opening_it() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let err = read_bytes(&fifo, 10).unwrap_err();
        assert!(matches!(err, ReadError::NotAFile { kind: "a FIFO", .. }));
        assert!(err.to_string().starts_with(&fifo.display().to_string()));
        assert_eq!(err.code(), "unreadable");
    }

    #[test]
    fn a_character_device_is_refused() {
        let err = read_bytes(Path::new("/dev/zero"), 10).unwrap_err();
        assert!(matches!(
            err,
            ReadError::NotAFile {
                kind: "a character device",
                ..
            }
        ));
    }

    #[test]
    fn bytes_read_are_capped_when_the_size_says_zero() {
        // /proc reports size 0; what is read is still capped
        let path = Path::new("/proc/self/maps");
        assert_eq!(std::fs::metadata(path).unwrap().len(), 0);
        let err = read_bytes(path, 4).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { limit: 4, .. }));
        assert_eq!(err.code(), "limit-exceeded");
        assert!(read_bytes(path, 1 << 20).is_ok_and(|b| b.len() > 4));
    }

    #[test]
    fn a_regular_file_at_the_limit_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"abcd").unwrap();
        assert_eq!(read_bytes(&path, 4).unwrap(), b"abcd");
        assert!(matches!(
            read_bytes(&path, 3),
            Err(ReadError::TooLarge { .. })
        ));
    }

    #[test]
    fn wide_encodings_are_named() {
        let utf16: Vec<u8> = "\u{feff}a: b"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(decode(utf16).unwrap_err().message.contains("UTF-16LE"));
        let utf32: Vec<u8> = "\u{feff}a: b"
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        assert!(decode(utf32).unwrap_err().message.contains("UTF-32LE"));
        let no_mark: Vec<u8> = "ab".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(decode(no_mark).unwrap_err().message.contains("UTF-16BE"));
        assert_eq!(decode(b"\xef\xbb\xbfa".to_vec()).unwrap(), "a");
    }

    #[test]
    fn invalid_utf8_names_the_byte_and_offset() {
        let NotText {
            message,
            offset: at,
            ..
        } = decode(b"ab\xffc".to_vec()).unwrap_err();
        assert_eq!(at, 2);
        assert!(message.contains("0xff"), "{message}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.rule");
        std::fs::write(&path, b"ab\xffc").unwrap();
        let shown = read_text(&path, 100).unwrap_err().to_string();
        assert!(shown.contains("bad.rule") && shown.contains("0xff") && shown.contains("offset 2"));
    }
}
