//! JUnit XML, for CI systems that show test results: one `<testsuite>`
//! named `edgelint`, one `<testcase>` per file linted. A file with findings
//! is a failed case; its `<failure>` counts them in its message and lists
//! each, one a line, as `file:line:col: severity[CODE] rule-name message
//! (construct PATH) (docs URL)`, the construct only for CDK resources. A file that could not be read or parsed is a case in error.
//! Without any file to name, a clean run is one passing case, so a CI test
//! tab shows that it ran.

use std::collections::BTreeMap;
use std::io::{self, Write};

use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};

use crate::finding::{FileError, Finding};
use crate::lint::Report;
use crate::rule::Registry;

/// What one file's test case holds.
#[derive(Default)]
struct FileCase<'a> {
    findings: Vec<&'a Finding>,
    errors: Vec<&'a FileError>,
}

fn finding_line(f: &Finding, registry: &Registry) -> String {
    format!(
        "{}: {}[{}] {} {}{} (docs: {})",
        f.primary.place(),
        f.severity.as_str(),
        f.code,
        f.name,
        f.message,
        super::construct_note(f),
        super::docs_url(registry, &f.code)
    )
}

fn error_line(e: &FileError) -> String {
    format!("{}: error[{}] {}", e.place(), e.code, e.message)
}

fn case(file: &str, case: &FileCase<'_>, registry: &Registry) -> TestCase {
    let status = if let Some(first) = case.errors.first() {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        status.set_type(first.code.as_str());
        status.set_message(first.message.as_str());
        let lines: Vec<String> = case.errors.iter().map(|e| error_line(e)).collect();
        status.set_description(lines.join("\n"));
        status
    } else if !case.findings.is_empty() {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        let worst = case.findings.iter().map(|f| f.severity).max();
        status.set_type(worst.map_or("error", |s| s.as_str()));
        status.set_message(super::plural(case.findings.len(), "problem"));
        let lines: Vec<String> = case
            .findings
            .iter()
            .map(|f| finding_line(f, registry))
            .collect();
        status.set_description(lines.join("\n"));
        status
    } else {
        TestCaseStatus::success()
    };
    let mut test = TestCase::new(file, status);
    test.set_classname("edgelint");
    test
}

/// The JUnit report.
fn junit(report: &Report, registry: &Registry) -> quick_junit::Report {
    // Every file linted has a case, clean or not, in path order.
    let mut files: BTreeMap<String, FileCase<'_>> = BTreeMap::new();
    for source in &report.sources {
        files.entry(source.name()).or_default();
    }
    for finding in &report.findings {
        files
            .entry(finding.primary.file.name())
            .or_default()
            .findings
            .push(finding);
    }
    for error in &report.errors {
        files
            .entry(error.file.clone())
            .or_default()
            .errors
            .push(error);
    }
    let mut suite = TestSuite::new("edgelint");
    if files.is_empty() {
        let name = format!(
            "{} checked, no problems found",
            super::plural(report.files, "file")
        );
        let mut test = TestCase::new(name, TestCaseStatus::success());
        test.set_classname("edgelint");
        suite.add_test_case(test);
    }
    for (file, cases) in &files {
        suite.add_test_case(case(file, cases, registry));
    }
    let mut junit = quick_junit::Report::new("edgelint");
    junit.add_test_suite(suite);
    junit
}

pub fn write(report: &Report, registry: &Registry, out: &mut dyn Write) -> io::Result<()> {
    junit(report, registry)
        .serialize(out)
        .map_err(io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    fn render(report: &Report) -> String {
        let registry = fixtures::registry();
        fixtures::rendered(|out| write(report, &registry, out))
    }

    #[test]
    fn findings_with_related_labels() {
        insta::assert_snapshot!(render(&fixtures::with_findings()));
    }

    #[test]
    fn clean_report() {
        insta::assert_snapshot!(render(&fixtures::clean()));
    }

    #[test]
    fn parse_error() {
        insta::assert_snapshot!(render(&fixtures::with_parse_error()));
    }

    #[test]
    fn one_case_per_file_and_one_failure_per_file_with_findings() {
        let mut report = fixtures::with_findings();
        // a clean file linted alongside
        report
            .sources
            .push(std::sync::Arc::new(crate::source::SourceFile::new(
                "stacks/clean.yaml",
                "Resources: {}\n",
            )));
        let text = render(&report);
        let parsed = quick_junit::Report::deserialize_from_str(&text).unwrap();
        let cases = &parsed.test_suites[0].test_cases;
        let names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["stacks/clean.yaml", "stacks/site.yaml"]);
        assert_eq!(parsed.tests, 2);
        assert_eq!(parsed.failures, 1);
        assert!(text.contains("3 problems"), "{text}");
    }

    #[test]
    fn escapes_markup() {
        let mut report = fixtures::with_findings();
        report.findings[0].message = "a<b & \"c\"".into();
        let text = render(&report);
        assert!(
            text.contains("a&lt;b &amp; &quot;c&quot;") || text.contains("a&lt;b &amp; \"c\""),
            "{text}"
        );
        assert!(quick_junit::Report::deserialize_from_str(&text).is_ok());
    }
}
