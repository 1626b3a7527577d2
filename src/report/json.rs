//! The JSON report: a stable, documented contract for tools.
//!
//! ```text
//! {
//!   "version": 1,
//!   "findings": [
//!     {
//!       "code": "CF104",                      // rule code
//!       "name": "https-to-s3-website-endpoint", // rule name
//!       "url": "https://github.com/…/rules/https-to-s3-website-endpoint.rule", // the rule's docs
//!       "severity": "error",                  // "error" | "warning" | "info"
//!       "message": "origin `web` uses …",     // one line, no trailing period
//!       "file": "stack.yaml",                 // path as given on the command line
//!       "line": 12, "column": 15,             // 1-based start; columns count characters
//!       "end_line": 12, "end_column": 25,     // 1-based, exclusive end
//!       "resource": "Site",                   // logical id / address, or null
//!       "construct_path": "Site/Cdn/Resource", // CDK construct (`aws:cdk:path`); absent when none
//!       "fingerprint": "9c0f…",               // stable under unrelated edits (baselines)
//!       "conditions": ["condition `Prod` is true"], // when the finding holds only under them
//!       "related": [
//!         { "file": "stack.yaml", "line": 30, "column": 7,
//!           "end_line": 30, "end_column": 19, "message": "listener on port 443" }
//!       ],
//!       "help": "set the origin protocol policy to …", // or null
//!       "facts": { "subject": "CN=…", "tls_version": "TLSv1.2" } // `edgelint probe` only: what it observed
//!     }
//!   ],
//!   "errors": [
//!     { "code": "parse-error", "message": "…", "file": "broken.yaml",
//!       "line": 3, "column": 1 }              // line/column null when unknown
//!   ],
//!   "summary": {
//!     "files": 4,                             // files read as templates/configurations/exports
//!     "findings": 1,
//!     "errors": 1,
//!     "by_severity": { "error": 1, "warning": 0, "info": 0 }
//!   }
//! }
//! ```
//!
//! Compatibility: `version` changes only when a field is removed or changes
//! meaning; new fields may be added within a version. Findings are ordered
//! by file, then position, then code. The output is always written, even
//! with `--quiet`, so a consumer always gets a document to parse.

use std::io::{self, Write};

use serde::Serialize;

use super::{count_by_severity, docs_url};
use crate::finding::{FileError, Finding, Label, Severity};
use crate::lint::Report;
use crate::rule::Registry;

/// The version of the format described above.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
    errors: Vec<JsonError<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'a str,
    name: &'a str,
    url: String,
    severity: Severity,
    message: &'a str,
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    resource: Option<&'a str>,
    /// The CDK construct path; absent for templates CDK did not make.
    #[serde(skip_serializing_if = "Option::is_none")]
    construct_path: Option<&'a str>,
    fingerprint: &'a str,
    conditions: &'a [String],
    related: Vec<JsonRelated<'a>>,
    help: Option<&'a str>,
    /// What `edgelint probe` observed; absent for rules.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    facts: serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonError<'a> {
    code: &'a str,
    message: &'a str,
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    findings: usize,
    errors: usize,
    by_severity: BySeverity,
}

#[derive(Serialize)]
struct BySeverity {
    error: usize,
    warning: usize,
    info: usize,
}

fn finding<'a>(f: &'a Finding, registry: &Registry) -> JsonFinding<'a> {
    let (start, end) = (f.primary.start(), f.primary.end());
    JsonFinding {
        code: &f.code,
        name: &f.name,
        url: docs_url(registry, &f.code),
        severity: f.severity,
        message: &f.message,
        file: f.primary.file.name(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        resource: f.resource.as_deref(),
        construct_path: f.construct_path.as_deref(),
        fingerprint: &f.fingerprint,
        conditions: &f.conditions,
        related: f.related.iter().map(related).collect(),
        help: f.help.as_deref(),
        facts: f
            .facts
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect(),
    }
}

fn related(label: &Label) -> JsonRelated<'_> {
    let (start, end) = (label.start(), label.end());
    JsonRelated {
        file: label.file.name(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        message: &label.message,
    }
}

fn file_error(e: &FileError) -> JsonError<'_> {
    let start = e.start();
    JsonError {
        code: &e.code,
        message: &e.message,
        file: &e.file,
        line: start.map(|p| p.line),
        column: start.map(|p| p.column),
    }
}

/// The report as a JSON value (the same document [`write()`] prints).
pub fn to_value(report: &Report, registry: &Registry) -> serde_json::Value {
    serde_json::to_value(document(report, registry)).unwrap_or(serde_json::Value::Null)
}

fn document<'a>(report: &'a Report, registry: &Registry) -> JsonReport<'a> {
    let [(_, error), (_, warning), (_, info)] = count_by_severity(report);
    JsonReport {
        version: VERSION,
        findings: report
            .findings
            .iter()
            .map(|f| finding(f, registry))
            .collect(),
        errors: report.errors.iter().map(file_error).collect(),
        summary: JsonSummary {
            files: report.files,
            findings: report.findings.len(),
            errors: report.errors.len(),
            by_severity: BySeverity {
                error,
                warning,
                info,
            },
        },
    }
}

pub fn write(report: &Report, registry: &Registry, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(report, registry))?;
    writeln!(out)
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
    fn clean_report() {
        insta::assert_snapshot!(render(&fixtures::clean()));
    }

    #[test]
    fn parse_error() {
        insta::assert_snapshot!(render(&fixtures::with_parse_error()));
    }

    #[test]
    fn output_parses_and_matches_to_value() {
        let report = fixtures::with_findings();
        let parsed: serde_json::Value = serde_json::from_str(&render(&report)).unwrap();
        assert_eq!(parsed, to_value(&report, &fixtures::registry()));
        assert_eq!(parsed["version"], 1);
    }
}
