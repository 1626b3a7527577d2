//! `--statistics`: one line per rule with findings (and per file error
//! code), most frequent first, then the summary line, as ruff prints them.
//!
//! ```text
//!   2  error    CF104  https-to-s3-website-endpoint
//!   1  warning  CF202  origin-security-group-blocks-cloudfront
//! found 3 problems (2 errors, 1 warning) in 2 files
//! ```

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::Style;
use crate::finding::Severity;
use crate::lint::Report;

/// One row: how many, at which severity, of which code and rule.
#[derive(Debug, PartialEq, Eq)]
pub struct Row {
    pub count: usize,
    pub severity: Severity,
    pub code: String,
    pub name: String,
}

/// The rows, most frequent first, then by code. A rule whose findings
/// have different severities (a `[severity]` override, a per-format
/// severity) has a row per severity.
pub fn rows(report: &Report) -> Vec<Row> {
    let mut counts: BTreeMap<(&str, Severity), (&str, usize)> = BTreeMap::new();
    for f in &report.findings {
        counts
            .entry((&f.code, f.severity))
            .or_insert((&f.name, 0))
            .1 += 1;
    }
    for e in &report.errors {
        counts
            .entry((&e.code, Severity::Error))
            .or_insert(("", 0))
            .1 += 1;
    }
    let mut rows: Vec<Row> = counts
        .into_iter()
        .map(|((code, severity), (name, count))| Row {
            count,
            severity,
            code: code.to_string(),
            name: name.to_string(),
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    rows
}

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    if style.quiet && super::is_clean(report) {
        return Ok(());
    }
    let rows = rows(report);
    let count_width = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    let code_width = rows.iter().map(|r| r.code.len()).max().unwrap_or(0);
    for row in &rows {
        let line = format!(
            "{:>count_width$}  {:<7}  {:<code_width$}  {}",
            row.count,
            row.severity.as_str(),
            row.code,
            row.name
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(out, "{}", super::human::summary(report))
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
        let mut report = fixtures::with_findings();
        // a second CF104 puts it first
        let again = report.findings[0].clone();
        report.findings.push(again);
        insta::assert_snapshot!(render(&report));
    }

    #[test]
    fn parse_error() {
        insta::assert_snapshot!(render(&fixtures::with_parse_error()));
    }

    #[test]
    fn clean_report_is_the_summary_line() {
        assert_eq!(render(&fixtures::clean()), "no problems found in 3 files\n");
    }

    #[test]
    fn most_frequent_first_then_by_code() {
        let mut report = fixtures::with_findings();
        let again = report.findings[2].clone();
        report.findings.push(again);
        let codes: Vec<(usize, String)> = rows(&report)
            .into_iter()
            .map(|r| (r.count, r.code))
            .collect();
        assert_eq!(
            codes,
            [
                (2, "CF310".into()),
                (1, "CF104".into()),
                (1, "CF202".into())
            ]
        );
    }
}
