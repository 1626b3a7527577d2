//! SARIF 2.1.0, the shape GitHub code scanning uploads: one run, the rules
//! of the run with their documentation, one result per finding, and file
//! errors as tool execution notifications.
//!
//! Paths are URIs relative to the working directory under the base id
//! `%SRCROOT%`; regions are 1-based with an exclusive end column, and
//! columns count characters (`columnKind: unicodeCodePoints`).

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::Path;

use serde::{Serialize, Serializer};
use serde_json::{Value, json};

use crate::finding::{FileError, Finding, Label, Severity};
use crate::lint::Report;
use crate::rule::{Registry, Rule, docs};

pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
pub const INFORMATION_URI: &str = "https://github.com/edgelint/edgelint";
pub const SRCROOT: &str = "%SRCROOT%";

/// SARIF's name for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A rule descriptor: a rule of the registry, or a bare one for a code
/// the registry does not know (a user rule dropped by selection).
fn descriptor(code: &str, rule: Option<&Rule>, name: &str, severity: Severity) -> Value {
    let Some(rule) = rule else {
        return json!({
            "id": code,
            "name": name,
            "shortDescription": { "text": name },
            "defaultConfiguration": { "level": level(severity) },
        });
    };
    let summary = rule.summary();
    let why = docs::section(rule.docs(), "Why is this bad?")
        .map(docs::first_paragraph)
        .unwrap_or_default();
    let full = if why.is_empty() {
        summary.clone()
    } else {
        format!("{summary} {why}")
    };
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": summary },
        "fullDescription": { "text": full },
        "help": { "text": plain_help(rule.docs()), "markdown": rule.docs().trim() },
        "helpUri": rule.help_uri(),
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": { "category": rule.category, "tags": [rule.category] },
    })
}

/// The docs without markdown headings' hashes, for viewers that show text.
fn plain_help(markdown: &str) -> String {
    markdown
        .trim()
        .lines()
        .map(|line| {
            if line.starts_with('#') {
                line.trim_start_matches('#').trim_start()
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A path as a URI reference relative to the working directory: forward
/// slashes, no `./`, characters outside the URI grammar percent-encoded.
pub fn relative_uri(path: &str) -> String {
    relative_uri_of_bytes(path.as_bytes())
}

/// [`relative_uri`] of a path's bytes: a file name that is not UTF-8 is
/// percent-encoded byte for byte (`bad%FF.yaml`), the file itself rather
/// than the `\xFF` text the other formats show.
fn relative_uri_of_bytes(path: &[u8]) -> String {
    // Windows' separators as `/`; elsewhere a backslash is part of a name
    let slashes = |bytes: &[u8]| -> Vec<u8> {
        bytes
            .iter()
            .map(|&b| if cfg!(windows) && b == b'\\' { b'/' } else { b })
            .collect()
    };
    let mut path = slashes(path);
    if path.starts_with(b"/")
        && let Ok(cwd) = std::env::current_dir()
    {
        let mut prefix = slashes(&path_bytes(&cwd));
        while prefix.last() == Some(&b'/') {
            prefix.pop();
        }
        prefix.push(b'/');
        if let Some(rest) = path.strip_prefix(prefix.as_slice()) {
            path = rest.to_vec();
        }
    }
    let mut rest = path.as_slice();
    while let Some(after) = rest.strip_prefix(b"./") {
        rest = after;
    }
    let mut out = String::with_capacity(rest.len());
    for &byte in rest {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A path's bytes as the operating system holds them (on Unix; elsewhere
/// its text).
fn path_bytes(path: &Path) -> Cow<'_, [u8]> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        Cow::Borrowed(path.as_os_str().as_bytes())
    }
    #[cfg(not(unix))]
    {
        Cow::Owned(path.display().to_string().into_bytes())
    }
}

fn artifact(path: &str) -> Value {
    artifact_of_bytes(path.as_bytes())
}

fn artifact_of_bytes(path: &[u8]) -> Value {
    if path.starts_with(b"/") {
        // Outside the working directory: an absolute file URI.
        json!({ "uri": format!("file://{}", relative_uri_of_bytes(path)) })
    } else {
        json!({ "uri": relative_uri_of_bytes(path), "uriBaseId": SRCROOT })
    }
}

fn physical(label: &Label) -> Value {
    let (start, end) = (label.start(), label.end());
    let mut region = json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    });
    let snippet = label.file.slice(label.span);
    if !snippet.is_empty()
        && let Some(map) = region.as_object_mut()
    {
        map.insert("snippet".into(), json!({ "text": snippet }));
    }
    json!({
        "artifactLocation": artifact_of_bytes(&path_bytes(label.file.path())),
        "region": region,
    })
}

fn result(finding: &Finding, rule_index: usize) -> Value {
    let related: Vec<Value> = finding
        .related
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let text = if label.message.is_empty() {
                "related location"
            } else {
                label.message.as_str()
            };
            json!({
                "id": i + 1,
                "physicalLocation": physical(label),
                "message": { "text": text },
            })
        })
        .collect();
    let mut location = json!({ "physicalLocation": physical(&finding.primary) });
    if let (Some(path), Some(map)) = (&finding.construct_path, location.as_object_mut()) {
        // the CDK construct, as code scanning shows a logical place
        map.insert(
            "logicalLocations".into(),
            json!([{ "fullyQualifiedName": path, "kind": "resource" }]),
        );
    }
    let mut value = json!({
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": level(finding.severity),
        "message": { "text": finding.message },
        "locations": [location],
        "partialFingerprints": { "edgelintFingerprint/v1": finding.fingerprint },
    });
    if let Some(map) = value.as_object_mut() {
        if !related.is_empty() {
            map.insert("relatedLocations".into(), Value::Array(related));
        }
        let mut properties = serde_json::Map::new();
        if let Some(resource) = &finding.resource {
            properties.insert("resource".into(), json!(resource));
        }
        if !finding.conditions.is_empty() {
            properties.insert("conditions".into(), json!(finding.conditions));
        }
        if let Some(help) = &finding.help {
            properties.insert("help".into(), json!(&**help));
        }
        if !properties.is_empty() {
            map.insert("properties".into(), Value::Object(properties));
        }
    }
    value
}

fn notification(error: &FileError) -> Value {
    let location = match &error.location {
        Some(label) => physical(label),
        None => json!({ "artifactLocation": artifact(&error.file) }),
    };
    json!({
        "level": "error",
        "message": { "text": format!("{}: {}", error.file, error.message) },
        "descriptor": { "id": error.code },
        "locations": [{ "physicalLocation": location }],
    })
}

/// The whole SARIF log as a JSON value.
pub fn to_value(report: &Report, registry: &Registry) -> Value {
    serde_json::to_value(log(report, registry)).unwrap_or(Value::Null)
}

pub fn write(report: &Report, registry: &Registry, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(report, registry))?;
    writeln!(out)
}

/// The log, with its results made as they are written: a report's
/// results are most of its size, and as JSON values they take several
/// times the text they write.
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Value,
    invocations: [Value; 1],
    column_kind: &'static str,
    results: Results<'a>,
}

struct Results<'a> {
    findings: &'a [Finding],
    /// The rules' codes in the order of the run's rule descriptors.
    codes: Vec<String>,
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.findings
                .iter()
                .map(|f| result(f, self.codes.iter().position(|c| c == &f.code).unwrap_or(0))),
        )
    }
}

fn log<'a>(report: &'a Report, registry: &Registry) -> Log<'a> {
    // The run's rules: every rule of the registry, then any code a finding
    // carries that the registry does not know.
    let mut rules: Vec<Value> = Vec::new();
    let mut codes: Vec<String> = Vec::new();
    for rule in registry.rules() {
        rules.push(descriptor(
            &rule.code,
            Some(rule),
            &rule.name,
            rule.severity,
        ));
        codes.push(rule.code.clone());
    }
    for finding in &report.findings {
        if !codes.contains(&finding.code) {
            rules.push(descriptor(
                &finding.code,
                None,
                &finding.name,
                finding.severity,
            ));
            codes.push(finding.code.clone());
        }
    }
    let notifications: Vec<Value> = report.errors.iter().map(notification).collect();
    let mut invocation = json!({ "executionSuccessful": report.errors.is_empty() });
    if !notifications.is_empty()
        && let Some(map) = invocation.as_object_mut()
    {
        map.insert(
            "toolExecutionNotifications".into(),
            Value::Array(notifications),
        );
    }
    Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: json!({
                "driver": {
                    "name": "edgelint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": rules,
                }
            }),
            invocations: [invocation],
            column_kind: "unicodeCodePoints",
            results: Results {
                findings: &report.findings,
                codes,
            },
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    fn render(report: &Report) -> String {
        // A fixed rule keeps the snapshots about the format, not about
        // the catalog's docs.
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
    fn output_parses_and_matches_to_value() {
        for report in [
            fixtures::with_findings(),
            fixtures::clean(),
            fixtures::with_parse_error(),
        ] {
            let parsed: Value = serde_json::from_str(&render(&report)).unwrap();
            assert_eq!(parsed, to_value(&report, &fixtures::registry()));
            let results = parsed["runs"][0]["results"].as_array().unwrap();
            assert_eq!(results.len(), report.findings.len());
        }
    }

    #[test]
    fn results_point_at_their_rule() {
        let value: Value = serde_json::from_str(&render(&fixtures::with_findings())).unwrap();
        let run = &value["runs"][0];
        for result in run["results"].as_array().unwrap() {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(
                run["tool"]["driver"]["rules"][index]["id"],
                result["ruleId"]
            );
        }
    }

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(relative_uri("./stacks/a b.yaml"), "stacks/a%20b.yaml");
        if cfg!(windows) {
            assert_eq!(relative_uri("stacks\\x.yaml"), "stacks/x.yaml");
        } else {
            assert_eq!(relative_uri("stacks\\x.yaml"), "stacks%5Cx.yaml");
        }
        // a name that is not UTF-8: its bytes, percent-encoded
        assert_eq!(relative_uri_of_bytes(b"./a/bad\xff.yaml"), "a/bad%FF.yaml");
        let cwd = std::env::current_dir().unwrap();
        let inside = cwd.join("t/site.yaml").display().to_string();
        assert_eq!(relative_uri(&inside), "t/site.yaml");
    }
}
