//! Limits every loader enforces, so that no input can exhaust the stack,
//! memory or time. Crossing one is a `limit-exceeded` diagnostic located
//! in the file (exit 2 for it); the other files of the run are still read.
//!
//! These are the document limits (YAML, JSON, and the JSON of Terraform
//! plans and exports). The front-ends keep their own, next to the code
//! they bound: `frontend::terraform::{MAX_HCL_NESTING, MAX_EVAL_STEPS,
//! MAX_FOR_ITERATIONS, MAX_EVAL_DEPTH, MAX_MODULE_DEPTH, MAX_MODULE_DIRS,
//! MAX_MODULE_FILE_BYTES}`, `frontend::cloudformation::{MAX_EVAL_STEPS,
//! MAX_EVAL_DEPTH, MAX_CONDITION_SCENARIOS}` and
//! `dsl::parser::MAX_RULE_NESTING`. The README's "Limits" section lists
//! them all with their defaults, and which ones only make values Unknown.
//! YAML anchors, aliases and merge keys are refused, never expanded.

/// Default maximum file size: 50 MiB.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// Default maximum nesting of sequences and mappings. Real templates stay
/// below 40; the cap keeps recursive passes far from the stack's end.
pub const MAX_DEPTH: usize = 200;
/// Default maximum number of nodes in one document. Counted before a
/// JSON document is parsed and while a YAML one is, so the refusal comes
/// before the memory is taken: a JSON document of this many small objects
/// peaks near 300 MiB (the parser's tree and the document at once), and
/// real inputs stay far below it (a CloudFormation template may not
/// exceed 1 MB, about 100,000 nodes).
pub const MAX_NODES: usize = 1_000_000;
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
