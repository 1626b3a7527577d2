//! A rule's documentation: its markdown sections and the fenced examples
//! that double as tests.

use crate::finding::Severity;
use crate::frontend::Format;

/// A fenced example from a rule's docs: ```` ```cloudformation fail ````.
/// A `fail` example's finding has the rule's severity in that format
/// unless the fence names another (```` ```terraform fail warning ````),
/// as it must when a check sets its own.
/// An example is one unit; when that unit has several files (a
/// distribution export and the exports of its load balancer), a line
/// `--- NAME` starts each file after the first, and a line
/// `--- NAME (N bytes)` stands for a file known by its size alone, such as
/// a Lambda package (see [`crate::lint::example_files`]).
/// A `fix` example (```` ```cloudformation fix ````) is a `fail` example
/// followed by a line `# after the fix` and the text the rule's fix makes
/// of it, which the tests compare exactly.
#[derive(Clone, Debug)]
pub struct Example {
    pub format: Format,
    pub expect_fail: bool,
    /// The severity the fence names for the finding of a `fail` example.
    pub severity: Option<Severity>,
    pub code: String,
    /// For a `fix` example: the text after the fix.
    pub fixed: Option<String>,
    /// 1-based line of the fence in the rule file's docs.
    pub line: usize,
}

/// The line of a `fix` example between the text before and after.
pub const FIX_MARKER: &str = "# after the fix";

/// Reads the fenced examples from a rule's markdown.
pub fn examples(docs: &str) -> Result<Vec<Example>, String> {
    let mut out = Vec::new();
    let mut lines = docs.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        let Some(info) = line.trim_start().strip_prefix("```") else {
            continue;
        };
        let mut words = info.split_whitespace();
        let format = words.next();
        let outcome = words.next();
        let severity = words.next();
        let mut code = String::new();
        for (_, body) in lines.by_ref() {
            if body.trim_start().starts_with("```") {
                break;
            }
            code.push_str(body);
            code.push('\n');
        }
        let (Some(format), Some(outcome)) = (format, outcome) else {
            continue;
        };
        let format = match format {
            "cloudformation" => Format::CloudFormation,
            "terraform" => Format::Terraform,
            "export" => Format::Export,
            other => {
                return Err(format!(
                    "example at docs line {}: unknown format `{other}`",
                    n + 1
                ));
            }
        };
        let mut fixed = None;
        let expect_fail = match outcome {
            "fail" => true,
            "fix" => {
                let Some((before, after)) = code.split_once(&format!("\n{FIX_MARKER}\n")) else {
                    return Err(format!(
                        "example at docs line {}: a `fix` example needs a line `{FIX_MARKER}` between the text before and after the fix",
                        n + 1
                    ));
                };
                fixed = Some(after.to_string());
                code = format!("{before}\n");
                true
            }
            "pass" => false,
            other => {
                return Err(format!(
                    "example at docs line {}: outcome must be `fail`, `pass` or `fix`, not `{other}`",
                    n + 1
                ));
            }
        };
        let severity = match severity {
            None => None,
            Some(text) => match Severity::parse(text) {
                Some(severity) if expect_fail => Some(severity),
                _ => {
                    return Err(format!(
                        "example at docs line {}: only a `fail` example names a severity (`error`, `warning` or `info`), not `{text}`",
                        n + 1
                    ));
                }
            },
        };
        out.push(Example {
            format,
            expect_fail,
            severity,
            code,
            fixed,
            line: n + 1,
        });
    }
    Ok(out)
}

/// The text of a `## Heading` section, without the heading.
pub fn section<'a>(docs: &'a str, heading: &str) -> Option<&'a str> {
    let marker = format!("## {heading}");
    let start = docs.find(&marker)? + marker.len();
    let rest = docs.get(start..)?;
    let end = rest.find("\n## ").unwrap_or(rest.len());
    rest.get(..end).map(str::trim)
}

/// The first paragraph of a section, on one line.
pub fn first_paragraph(text: &str) -> String {
    text.split("\n\n")
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub const REQUIRED_SECTIONS: &[&str] =
    &["What it does", "Why is this bad?", "Example", "How to fix"];
