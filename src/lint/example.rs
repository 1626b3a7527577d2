//! The examples in a rule's docs, run as tests: their files, and the
//! check that a `fail` example gives exactly its finding.

use super::{LintOptions, lint_texts};
use std::path::{Path, PathBuf};

use crate::finding::Finding;
use crate::frontend::Format;
use crate::rule::{Registry, Rule};

/// The files of an example (see [`example_files`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExampleFiles {
    /// Files given by their text.
    pub texts: Vec<(String, String)>,
    /// Files given by their size alone, with a line `--- NAME (N bytes)`: a
    /// deployment package the unit names, of which edgelint reads only the
    /// size. Too large to write out in a doc, they are made (sparse, all
    /// zeros) beside the other files when the example runs.
    pub sized: Vec<(String, u64)>,
}

/// Largest file an example may ask for by size.
pub const MAX_EXAMPLE_FILE_BYTES: u64 = 1 << 30;

/// The files of an example: one, or several when lines `--- NAME` start
/// each file (text before the first such line is a file named `default`).
/// This is how an example holds a unit of several files, such as a
/// distribution export and the exports of its load balancer. A line
/// `--- NAME (N bytes)` stands for a file of N bytes whose content does not
/// matter, such as a Lambda function's `.zip`; no text follows it. Names
/// are relative paths inside the example's directory.
pub fn example_files(default: &str, code: &str) -> Result<ExampleFiles, String> {
    let mut texts: Vec<(String, String)> = vec![(default.to_string(), String::new())];
    let mut sized: Vec<(String, u64)> = Vec::new();
    // whether lines now belong to a file given by its size
    let mut in_sized = false;
    for line in code.lines() {
        let marker = line.strip_prefix("--- ").map(str::trim);
        if let Some((name, size)) = marker.and_then(sized_marker) {
            if size > MAX_EXAMPLE_FILE_BYTES {
                return Err(format!(
                    "`{name}`: an example file is at most {MAX_EXAMPLE_FILE_BYTES} bytes"
                ));
            }
            sized.push((name.to_string(), size));
            in_sized = true;
            continue;
        }
        match marker {
            Some(name) if !name.is_empty() && !name.contains(char::is_whitespace) => {
                texts.push((name.to_string(), String::new()));
                in_sized = false;
            }
            _ if in_sized => {
                if let (false, Some((name, _))) = (line.trim().is_empty(), sized.last()) {
                    return Err(format!(
                        "`{name}` is given by its size; text after it needs a `--- NAME` line"
                    ));
                }
            }
            _ => {
                if let Some((_, text)) = texts.last_mut() {
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
    }
    texts.retain(|(_, text)| !text.trim().is_empty());
    let names = texts
        .iter()
        .map(|(n, _)| n)
        .chain(sized.iter().map(|(n, _)| n));
    for name in names {
        let plain = Path::new(name)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !plain {
            return Err(format!(
                "`{name}`: an example file's name is a relative path inside the example"
            ));
        }
    }
    Ok(ExampleFiles { texts, sized })
}

/// `NAME (N bytes)`: a file given by its size.
pub(super) fn sized_marker(marker: &str) -> Option<(&str, u64)> {
    let (name, size) = marker.split_once(char::is_whitespace)?;
    let digits = size.trim().strip_prefix('(')?.strip_suffix(" bytes)")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((name, digits.parse().ok()?))
}

/// A fresh, empty directory under the system's temporary directory, for
/// one example's files; removed with what it holds when dropped.
pub(super) struct ScratchDir(PathBuf);

impl ScratchDir {
    fn new() -> std::io::Result<ScratchDir> {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let base = std::env::temp_dir();
        loop {
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let path = base.join(format!("edgelint-example-{}-{n}", std::process::id()));
            // fails on a name already there, so the directory is ours
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(ScratchDir(path)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Makes a file of `size` zero bytes without writing them.
    fn sized_file(&self, name: &str, size: u64) -> std::io::Result<()> {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::File::create_new(&path)?.set_len(size)
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Checks one doc example of a rule: a `fail` example must give exactly
/// one finding of the rule, of the severity it expects, a `pass` example
/// none, and neither may fail to load; a `fix` example's fix must hold
/// (see [`super::prove_fix`]) and give exactly its text after the fix.
/// Returns what went wrong.
pub fn check_example(
    rule: &Rule,
    example: &crate::rule::Example,
    registry: &Registry,
) -> Result<(), String> {
    let name = match example.format {
        Format::CloudFormation => "example.yaml",
        Format::Terraform => "main.tf",
        Format::Export => "distribution.json",
    };
    let files = example_files(name, &example.code)?;
    // Each example runs in a directory of its own, so that what it names
    // beside itself is what it declares, whatever the working directory
    // holds.
    let dir = ScratchDir::new().map_err(|e| format!("no directory for the example: {e}"))?;
    for (name, size) in &files.sized {
        dir.sized_file(name, *size)
            .map_err(|e| format!("`{name}` could not be made: {e}"))?;
    }
    let texts: Vec<(String, String)> = files
        .texts
        .into_iter()
        .map(|(name, text)| (dir.0.join(name).display().to_string(), text))
        .collect();
    let report = lint_texts(&texts, registry, &LintOptions::default());
    if let Some(error) = report.errors.first() {
        return Err(format!("[{}] {}", error.code, error.message));
    }
    if report.files == 0 {
        return Err("the example was not recognized as input".into());
    }
    let mine: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.code == rule.code)
        .collect();
    let expected = usize::from(example.expect_fail);
    if mine.len() != expected {
        let got: Vec<String> = mine
            .iter()
            .map(|f| {
                format!(
                    "{}:{}: {}",
                    f.primary.start().line,
                    f.primary.start().column,
                    f.message
                )
            })
            .collect();
        return Err(format!(
            "expected {expected} finding(s) of {}, got {}: {got:?}",
            rule.code,
            mine.len()
        ));
    }
    if let (Some(fixed), Some(finding)) = (&example.fixed, mine.first()) {
        let after = super::prove_fix(&texts, &report, finding, registry, &LintOptions::default())?;
        let expected = example_files(name, fixed)?;
        for (file, want) in &expected.texts {
            let path = dir.0.join(file).display().to_string();
            let got = after.iter().find(|(n, _)| *n == path).map(|(_, t)| t);
            if got != Some(want) {
                return Err(format!(
                    "the fix gives, for `{file}`:\n{}\nnot the example's text after the fix",
                    got.map_or("(no such file)", String::as_str)
                ));
            }
        }
    }
    if let Some(finding) = mine.first() {
        let want = example
            .severity
            .unwrap_or_else(|| rule.severity_in(example.format));
        if finding.severity != want {
            return Err(format!(
                "expected a finding of severity {}, got {}",
                want.as_str(),
                finding.severity.as_str()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_files_by_text_and_by_size() {
        let code = "resource \"aws_lambda_function\" \"edge\" {}\n--- vars.tfvars\nx = 1\n--- edge.zip (2548547 bytes)\n\n--- build/b.zip (0 bytes)\n";
        let files = example_files("main.tf", code).unwrap();
        assert_eq!(
            files.texts,
            [
                (
                    "main.tf".to_string(),
                    "resource \"aws_lambda_function\" \"edge\" {}\n".to_string()
                ),
                ("vars.tfvars".to_string(), "x = 1\n".to_string()),
            ]
        );
        assert_eq!(
            files.sized,
            [
                ("edge.zip".to_string(), 2_548_547),
                ("build/b.zip".to_string(), 0)
            ]
        );
        // a YAML document marker or a sentence is text, as before
        let files = example_files("a.yaml", "--- # doc\nA: 1\n").unwrap();
        assert_eq!(files.texts.len(), 1);
        assert!(files.sized.is_empty());
    }

    #[test]
    fn example_files_that_are_refused() {
        let refused = |code: &str| example_files("main.tf", code).unwrap_err();
        assert!(refused("--- edge.zip (10 bytes)\nPK\n").contains("given by its size"));
        assert!(refused("--- ../edge.zip (10 bytes)\n").contains("relative path"));
        assert!(refused("x\n--- /tmp/a.tf\ny\n").contains("relative path"));
        assert!(refused("--- edge.zip (2000000000 bytes)\n").contains("at most"));
    }
}
