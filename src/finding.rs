//! Findings: what a rule reports, resolved to files and positions.

use std::sync::Arc;

use crate::source::{Position, SourceFile, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// A place in a file, with a label.
#[derive(Clone, Debug)]
pub struct Label {
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub message: String,
}

impl Label {
    pub fn start(&self) -> Position {
        self.file.position(self.span.start as usize)
    }

    pub fn end(&self) -> Position {
        self.file.position(self.span.end as usize)
    }

    /// `path:line:col`, as editors and terminals link it.
    pub fn place(&self) -> String {
        let start = self.start();
        format!("{}:{}:{}", self.file.name(), start.line, start.column)
    }
}

/// How far a fix can be trusted, in ruff's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps the author's intent and changes nothing but the fault.
    Safe,
    /// Removes the fault but changes behaviour the author may rely on.
    Unsafe,
}

/// One replacement of a byte range of one file. An insertion is an empty
/// span; a removal an empty replacement.
#[derive(Clone, Debug)]
pub struct Edit {
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub replacement: String,
}

/// A change to the sources that removes a finding: its edits are applied
/// together or not at all, and never overlap each other.
#[derive(Clone, Debug)]
pub struct Fix {
    /// What the fix does, in the imperative ("set `Quantity` to 3").
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// One finding of one rule.
#[derive(Clone, Debug)]
pub struct Finding {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub primary: Label,
    pub related: Vec<Label>,
    /// How to fix it; shared by the findings of one rule.
    pub help: Option<Arc<str>>,
    /// The resource the finding belongs to (logical id, Terraform address).
    pub resource: Option<String>,
    /// Stable under unrelated edits: code, resource and field path.
    pub fingerprint: String,
    /// Conditions under which the finding holds (`Fn::If` branches).
    pub conditions: Vec<String>,
    /// What was observed, as key and value (`edgelint probe`: certificate
    /// subject, negotiated version, timings); empty for rules.
    pub facts: Vec<(String, String)>,
    /// The change that removes the finding, when there is a mechanical one.
    pub fix: Option<Fix>,
    /// The CDK construct that made the resource (`aws:cdk:path` metadata),
    /// as `Stack/Construct/Resource`.
    pub construct_path: Option<String>,
}

/// A file that could not be read or parsed, or failed inside edgelint.
#[derive(Clone, Debug)]
pub struct FileError {
    pub code: String,
    pub message: String,
    pub file: String,
    /// Where in the file, when known.
    pub location: Option<Label>,
    pub related: Vec<Label>,
}

impl FileError {
    pub fn start(&self) -> Option<Position> {
        self.location.as_ref().map(Label::start)
    }

    /// `path:line:col`, or the path alone when the place is not known
    /// (rather than an invented position).
    pub fn place(&self) -> String {
        match self.start() {
            Some(pos) => format!("{}:{}:{}", self.file, pos.line, pos.column),
            None => self.file.clone(),
        }
    }
}

/// Stable 64-bit FNV-1a, so fingerprints do not change between releases
/// the way `std`'s hasher may.
pub fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// Windows' path separators as `/`. Elsewhere a backslash belongs to the
/// file name (and starts the `\xHH` escapes of names that are not UTF-8),
/// so it is kept.
pub fn forward_slashes(path: &str) -> String {
    if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_string()
    }
}

/// A path as fingerprints see it: the same file gives the same text
/// whether it was named `./a.yaml`, `a.yaml` or by its absolute path under
/// the working directory.
pub fn stable_path(name: &str) -> String {
    let mut path = forward_slashes(name);
    if path.starts_with('/')
        && let Ok(cwd) = std::env::current_dir()
    {
        let cwd = forward_slashes(&cwd.display().to_string());
        if let Some(rest) = path.strip_prefix(&format!("{}/", cwd.trim_end_matches('/'))) {
            path = rest.to_string();
        }
    }
    while let Some(rest) = path.strip_prefix("./") {
        path = rest.to_string();
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_paths() {
        assert_eq!(stable_path("./a/b.yaml"), "a/b.yaml");
        if cfg!(windows) {
            assert_eq!(stable_path("a\\b.yaml"), "a/b.yaml");
        } else {
            assert_eq!(stable_path("bad\\xFF.yaml"), "bad\\xFF.yaml");
        }
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            stable_path(&cwd.join("x.yaml").display().to_string()),
            "x.yaml"
        );
    }
}
