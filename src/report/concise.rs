//! One line per finding or file error, `path:line:col: severity[CODE]
//! message`, the shape editors' error parsers and grep expect. Nothing else
//! is printed: a clean run prints nothing.

use std::io::{self, Write};

use super::Style;
use crate::finding::FileError;
use crate::lint::Report;

pub fn write(report: &Report, _style: &Style, out: &mut dyn Write) -> io::Result<()> {
    for finding in &report.findings {
        let start = finding.primary.start();
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            finding.primary.file.name(),
            start.line,
            start.column,
            finding.severity.as_str(),
            finding.code,
            one_line(&finding.message)
        )?;
    }
    for error in &report.errors {
        writeln!(out, "{}", error_line(error))?;
    }
    Ok(())
}

/// A file error; without a known place the position is left out rather
/// than invented.
fn error_line(error: &FileError) -> String {
    let message = one_line(&error.message);
    match error.start() {
        Some(pos) => format!(
            "{}:{}:{}: error[{}] {message}",
            error.file, pos.line, pos.column, error.code
        ),
        None => format!("{}: error[{}] {message}", error.file, error.code),
    }
}

/// Keeps the one-line promise even if a message carries a line break.
fn one_line(message: &str) -> String {
    if message.contains('\n') {
        message.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        message.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    fn render(report: &Report) -> String {
        fixtures::rendered(|out| write(report, &Style::default(), out))
    }

    #[test]
    fn findings_with_related_labels() {
        insta::assert_snapshot!(render(&fixtures::with_findings()));
    }

    #[test]
    fn clean_report_prints_nothing() {
        assert_eq!(render(&fixtures::clean()), "");
    }

    #[test]
    fn parse_error() {
        insta::assert_snapshot!(render(&fixtures::with_parse_error()));
    }
}
