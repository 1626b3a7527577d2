//! One line per finding or file error, `path:line:col: severity[CODE]
//! message`, the shape editors' error parsers and grep expect, then the
//! summary line (what a pre-commit or CI log ends with). `--quiet` prints
//! nothing for a clean run.

use std::io::{self, Write};

use super::{Style, paint, paint_kind};
use crate::finding::FileError;
use crate::lint::Report;

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    // a run that linted nothing and found nothing says why on stderr; a
    // summary line here ("no problems found in 0 files") would read as a pass
    if super::is_clean(report) && (style.quiet || report.files == 0) {
        return Ok(());
    }
    let bold = anstyle::Style::new().bold();
    for finding in &report.findings {
        let place = finding.primary.place();
        let construct = finding
            .construct_path
            .as_ref()
            .map_or_else(String::new, |path| format!(" [{path}]"));
        writeln!(
            out,
            "{}: {} {}{construct}",
            paint(style, bold, &place),
            paint_kind(style, finding.severity, &finding.code),
            one_line(&finding.message)
        )?;
    }
    for error in &report.errors {
        writeln!(out, "{}", error_line(error))?;
    }
    writeln!(
        out,
        "{}",
        paint(style, bold, &super::human::summary(report))
    )
}

/// A file error; without a known place the position is left out rather
/// than invented.
fn error_line(error: &FileError) -> String {
    let message = one_line(&error.message);
    format!("{}: error[{}] {message}", error.place(), error.code)
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
    fn clean_report_is_the_summary_line_unless_quiet() {
        assert_eq!(render(&fixtures::clean()), "no problems found in 3 files\n");
        let quiet = Style {
            quiet: true,
            ..Style::default()
        };
        let text = fixtures::rendered(|out| write(&fixtures::clean(), &quiet, out));
        assert_eq!(text, "");
    }

    #[test]
    fn colour_only_when_asked() {
        let coloured = Style {
            color: true,
            ..Style::default()
        };
        let text = fixtures::rendered(|out| write(&fixtures::with_findings(), &coloured, out));
        assert!(text.contains("\u{1b}[1m\u{1b}[31merror[CF104]"), "{text}");
        assert!(!render(&fixtures::with_findings()).contains('\u{1b}'));
    }

    #[test]
    fn parse_error() {
        insta::assert_snapshot!(render(&fixtures::with_parse_error()));
    }
}
