//! Limits every loader enforces, so that no input can exhaust the stack,
//! memory or time. Crossing one is a diagnostic for that file.

/// Default maximum file size: 50 MiB.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// Default maximum nesting of sequences and mappings. Real templates stay
/// below 40; the cap keeps recursive passes far from the stack's end.
pub const MAX_DEPTH: usize = 200;
/// Default maximum number of nodes in one document.
pub const MAX_NODES: usize = 5_000_000;
/// Default maximum length of one scalar, in bytes.
pub const MAX_STRING_BYTES: usize = 16 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_depth: usize,
    pub max_nodes: usize,
    pub max_string_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: MAX_FILE_BYTES,
            max_depth: MAX_DEPTH,
            max_nodes: MAX_NODES,
            max_string_bytes: MAX_STRING_BYTES,
        }
    }
}
