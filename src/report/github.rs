//! GitHub Actions workflow commands: one annotation per finding,
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CF104
//! https-to-s3-website-endpoint::message (docs: URL)`. Warnings are
//! `::warning`, info `::notice`; a file error is an `::error` titled with
//! its code. Annotations show plain text, so the rule's documentation URL
//! ends the message, after the CDK construct path when there is one.

use std::io::{self, Write};

use crate::finding::Severity;
use crate::lint::Report;
use crate::rule::Registry;

/// Escapes a command's message (`%`, CR, LF).
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as data, plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

pub fn write(report: &Report, registry: &Registry, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.findings {
        let (start, end) = (f.primary.start(), f.primary.end());
        writeln!(
            out,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            command(f.severity),
            escape_property(&f.primary.file.name()),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&format!("{} {}", f.code, f.name)),
            escape_data(&format!(
                "{}{} (docs: {})",
                f.message,
                super::construct_note(f),
                super::docs_url(registry, &f.code)
            ))
        )?;
    }
    for e in &report.errors {
        let place = match e.start() {
            Some(p) => format!(",line={},col={}", p.line, p.column),
            None => String::new(),
        };
        writeln!(
            out,
            "::error file={}{place},title={}::{}",
            escape_property(&e.file),
            escape_property(&e.code),
            escape_data(&e.message)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    fn render(report: &Report) -> String {
        fixtures::rendered(|out| write(report, &fixtures::registry(), out))
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

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
