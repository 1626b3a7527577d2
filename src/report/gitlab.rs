//! GitLab Code Quality: a JSON array of issues, each with a description,
//! `check_name`, a unique fingerprint, a severity and a location. The
//! description starts with the code and the rule name and ends, for a
//! resource CDK made, with its construct path; `content.body` links the
//! rule's documentation.
//!
//! Severities: error → `critical`, warning → `major`, info → `minor`; a
//! file that could not be read or parsed → `blocker`.

use std::collections::HashSet;
use std::io::{self, Write};

use serde::{Serialize, Serializer};
use serde_json::{Value, json};

use crate::finding::{FileError, Finding, Severity, fingerprint};
use crate::lint::Report;
use crate::rule::Registry;

pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "minor",
    }
}

fn path(name: &str) -> String {
    let mut name = crate::finding::forward_slashes(name);
    while let Some(rest) = name.strip_prefix("./") {
        name = rest.to_string();
    }
    name
}

fn issue(f: &Finding, registry: &Registry) -> Value {
    let (start, end) = (f.primary.start(), f.primary.end());
    let url = super::docs_url(registry, &f.code);
    json!({
        "type": "issue",
        "description": format!("{} {}: {}{}", f.code, f.name, f.message, super::construct_note(f)),
        "check_name": f.code,
        "content": { "body": format!("[{} {}]({url})", f.code, f.name) },
        "categories": ["Bug Risk"],
        "fingerprint": f.fingerprint,
        "severity": severity(f.severity),
        "location": {
            "path": path(&f.primary.file.name()),
            "lines": { "begin": start.line, "end": end.line },
        },
    })
}

fn error_issue(e: &FileError) -> Value {
    let line = e.start().map_or(1, |p| p.line);
    json!({
        "type": "issue",
        "description": format!("{}: {}", e.code, e.message),
        "check_name": e.code,
        "categories": ["Bug Risk"],
        "fingerprint": fingerprint(&[&e.code, &e.file, &e.message]),
        "severity": "blocker",
        "location": {
            "path": path(&e.file),
            "lines": { "begin": line, "end": line },
        },
    })
}

/// The issues as a JSON value.
pub fn to_value(report: &Report, registry: &Registry) -> Value {
    serde_json::to_value(Issues { report, registry }).unwrap_or(Value::Null)
}

pub fn write(report: &Report, registry: &Registry, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Issues { report, registry })?;
    writeln!(out)
}

/// The issues, with fingerprints made unique: GitLab drops an issue whose
/// fingerprint it has already seen in the report. Each issue is made as
/// it is written: as JSON values, a report's issues would take several
/// times the text they write.
struct Issues<'a> {
    report: &'a Report,
    registry: &'a Registry,
}

impl Serialize for Issues<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seen = HashSet::new();
        let issues = self
            .report
            .findings
            .iter()
            .map(|f| issue(f, self.registry))
            .chain(self.report.errors.iter().map(error_issue))
            .map(|mut issue| {
                let mut print = issue
                    .get("fingerprint")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let mut n = 1u32;
                while !seen.insert(print.clone()) {
                    n += 1;
                    print = fingerprint(&[&print, &n.to_string()]);
                }
                if let Some(slot) = issue.get_mut("fingerprint") {
                    *slot = json!(print);
                }
                issue
            });
        serializer.collect_seq(issues)
    }
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
    fn clean_report_is_an_empty_array() {
        insta::assert_snapshot!(render(&fixtures::clean()));
    }

    #[test]
    fn parse_error() {
        insta::assert_snapshot!(render(&fixtures::with_parse_error()));
    }

    #[test]
    fn fingerprints_are_unique() {
        let mut report = fixtures::with_findings();
        let first = report.findings[0].clone();
        report.findings.push(first);
        let value = to_value(&report, &fixtures::registry());
        let prints: HashSet<&str> = value
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap())
            .collect();
        assert_eq!(prints.len(), 4);
    }
}
