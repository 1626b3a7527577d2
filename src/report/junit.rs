//! JUnit XML, for CI systems that show test results: one `<testsuite>` per
//! file, one `<testcase>` per file × rule. A rule with findings in a file
//! is a failed test case carrying `file:line:col` and the message of each;
//! a file that could not be read or parsed is a test case in error. A
//! clean run is one passing suite, so a CI test tab shows that it ran.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::finding::{FileError, Finding};
use crate::lint::Report;
use crate::rule::Registry;

/// Escapes text for XML attributes and content.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[derive(Default)]
struct FileCases<'a> {
    /// rule code → (name, findings)
    rules: BTreeMap<&'a str, (&'a str, Vec<&'a Finding>)>,
    errors: Vec<&'a FileError>,
}

fn location(f: &Finding) -> String {
    let start = f.primary.start();
    format!("{}:{}:{}", f.primary.file.name(), start.line, start.column)
}

pub fn write(report: &Report, registry: &Registry, out: &mut dyn Write) -> io::Result<()> {
    let mut files: BTreeMap<String, FileCases<'_>> = BTreeMap::new();
    for finding in &report.findings {
        let cases = files.entry(finding.primary.file.name()).or_default();
        cases
            .rules
            .entry(&finding.code)
            .or_insert((&finding.name, Vec::new()))
            .1
            .push(finding);
    }
    for error in &report.errors {
        files
            .entry(error.file.clone())
            .or_default()
            .errors
            .push(error);
    }
    // Every rule that ran is a test case of every file reported on.
    for cases in files.values_mut() {
        for rule in registry.rules() {
            cases
                .rules
                .entry(&rule.code)
                .or_insert((&rule.name, Vec::new()));
        }
    }

    let total_tests: usize = files
        .values()
        .map(|c| c.rules.len() + c.errors.len())
        .sum::<usize>()
        .max(1);
    let failures = files
        .values()
        .flat_map(|c| c.rules.values())
        .filter(|(_, f)| !f.is_empty())
        .count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="edgelint" tests="{total_tests}" failures="{failures}" errors="{}">"#,
        report.errors.len()
    )?;
    if files.is_empty() {
        writeln!(
            out,
            r#"  <testsuite name="edgelint" tests="1" failures="0" errors="0">"#
        )?;
        writeln!(
            out,
            r#"    <testcase name="{} checked, no problems found" classname="edgelint"/>"#,
            super::plural(report.files, "file")
        )?;
        writeln!(out, "  </testsuite>")?;
    }
    for (file, cases) in &files {
        let failed = cases.rules.values().filter(|(_, f)| !f.is_empty()).count();
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{failed}" errors="{}">"#,
            xml(file),
            cases.rules.len() + cases.errors.len(),
            cases.errors.len()
        )?;
        for error in &cases.errors {
            let at = match error.start() {
                Some(p) => format!("{}:{}:{}", error.file, p.line, p.column),
                None => error.file.clone(),
            };
            writeln!(
                out,
                r#"    <testcase name="{}" classname="{}">"#,
                xml(&error.code),
                xml(file)
            )?;
            writeln!(
                out,
                r#"      <error type="{}" message="{}">{}: {}</error>"#,
                xml(&error.code),
                xml(&error.message),
                xml(&at),
                xml(&error.message)
            )?;
            writeln!(out, "    </testcase>")?;
        }
        for (code, (name, findings)) in &cases.rules {
            let test = format!("{code} {name}");
            if findings.is_empty() {
                writeln!(
                    out,
                    r#"    <testcase name="{}" classname="{}"/>"#,
                    xml(&test),
                    xml(file)
                )?;
                continue;
            }
            writeln!(
                out,
                r#"    <testcase name="{}" classname="{}">"#,
                xml(&test),
                xml(file)
            )?;
            for finding in findings {
                writeln!(
                    out,
                    r#"      <failure type="{}" message="{}">{}: {}[{}] {}</failure>"#,
                    finding.severity.as_str(),
                    xml(&finding.message),
                    xml(&location(finding)),
                    finding.severity.as_str(),
                    xml(&finding.code),
                    xml(&finding.message)
                )?;
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
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
    fn escapes_markup() {
        assert_eq!(xml("a<b & \"c\"\n"), "a&lt;b &amp; &quot;c&quot;&#10;");
    }
}
