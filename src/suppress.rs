//! Suppressions: a filter stage between findings and reports.
//!
//! - a comment on the offending line, or alone on the line above:
//!   `# edgelint: ignore[CF104] reason` (YAML, HCL), `// edgelint: …` (HCL);
//! - a comment before the first line that is not a comment:
//!   `# edgelint: ignore-file[CF3] reason`;
//! - CloudFormation resource metadata,
//!   `Metadata: {edgelint: {ignore: [CF104, {code: CF202, reason: "…"}]}}`,
//!   for findings on that resource;
//! - `[per-path-ignores]` in the configuration.
//!
//! A rule is named by its code, a code prefix or its name. An inline or
//! Metadata suppression that hides nothing is itself a finding,
//! `unused-suppression`, so stale ones do not pile up.

use std::sync::Arc;

use crate::config::Config;
use crate::document::{self, Node, NodeValue};
use crate::finding::{self, Applicability, Edit, Finding, Fix, Label, Severity};
use crate::fix::{self, lines};
use crate::lint::{self, Report};
use crate::rule::Registry;
use crate::source::{SourceFile, Span};

/// The code of the finding an unused suppression gives.
pub const UNUSED: &str = "unused-suppression";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The lines a comment covers (1-based).
    Lines(usize, usize),
    File,
    /// A CloudFormation resource, by logical id.
    Resource(String),
}

/// One suppression found in a file.
#[derive(Clone, Debug)]
pub struct Suppression {
    pub file: Arc<SourceFile>,
    /// The comment or Metadata entry.
    pub span: Span,
    pub scope: Scope,
    pub rules: Vec<String>,
    pub reason: Option<String>,
}

impl Suppression {
    /// How the suppression reads, for messages.
    pub fn describe(&self) -> String {
        let place = self.file.position(self.span.start as usize);
        let what = match &self.scope {
            Scope::Lines(..) => "comment".to_string(),
            Scope::File => "file comment".to_string(),
            Scope::Resource(id) => format!("Metadata of `{id}`"),
        };
        format!("{what} at {}:{}", self.file.name(), place.line)
    }
}

/// A finding that was hidden, and why.
#[derive(Clone, Debug)]
pub struct Suppressed {
    pub finding: Finding,
    pub by: String,
    pub reason: Option<String>,
}

/// Whether a selector from a suppression names a finding's rule.
pub fn selects(selector: &str, code: &str, name: &str) -> bool {
    let s = selector.trim();
    s.eq_ignore_ascii_case("all")
        || code.eq_ignore_ascii_case(s)
        || name.eq_ignore_ascii_case(s)
        || (s.len() >= 2
            && code.len() >= s.len()
            && code
                .get(..s.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(s)))
}

/// A directive read from a comment: `ignore` or `ignore-file`, its rules
/// and reason.
struct Directive {
    file_level: bool,
    rules: Vec<String>,
    reason: Option<String>,
}

/// Reads `edgelint: ignore[…] reason` after a comment marker.
fn directive(comment: &str) -> Option<Directive> {
    let rest = comment.trim_start().strip_prefix("edgelint:")?.trim_start();
    let (file_level, rest) = if let Some(r) = rest.strip_prefix("ignore-file[") {
        (true, r)
    } else if let Some(r) = rest.strip_prefix("ignore[") {
        (false, r)
    } else {
        return None;
    };
    let (list, reason) = rest.split_once(']')?;
    let rules: Vec<String> = list
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if rules.is_empty() {
        return None;
    }
    let reason = reason
        .trim()
        .trim_start_matches([':', '-'])
        .trim()
        .to_string();
    Some(Directive {
        file_level,
        rules,
        reason: (!reason.is_empty()).then_some(reason),
    })
}

/// The comment on a line: its byte offset in the line and its text after
/// the marker. A `#` or `//` starts a comment at the line start or after
/// whitespace.
fn comment_in(line: &str) -> Option<(usize, &str)> {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts = i == 0 || bytes.get(i - 1).is_some_and(|b| b.is_ascii_whitespace());
        if starts {
            if bytes.get(i) == Some(&b'#') {
                return line.get(i + 1..).map(|t| (i, t));
            }
            if bytes.get(i) == Some(&b'/') && bytes.get(i + 1) == Some(&b'/') {
                return line.get(i + 2..).map(|t| (i, t));
            }
        }
        i += 1;
    }
    None
}

/// The comment suppressions of a file, and misplaced `ignore-file`
/// comments (as suppressions that can never be used).
pub fn comments(file: &Arc<SourceFile>) -> Vec<Suppression> {
    let text = file.text();
    if !text.contains("edgelint:") {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut in_header = true;
    let mut offset = 0usize;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let line_no = index + 1;
        let line = raw.trim_end_matches(['\n', '\r']);
        let start = offset;
        offset += raw.len();
        let trimmed = line.trim_start();
        let own_line = trimmed.starts_with('#') || trimmed.starts_with("//");
        if !trimmed.is_empty() && !own_line {
            in_header = false;
        }
        let Some((at, comment)) = comment_in(line) else {
            continue;
        };
        let Some(d) = directive(comment) else {
            continue;
        };
        let span = Span::new(start + at, start + line.len());
        let scope = if d.file_level {
            if !in_header {
                // too late in the file: it cannot hide anything
                Scope::Lines(0, 0)
            } else {
                Scope::File
            }
        } else if own_line {
            Scope::Lines(line_no, line_no + 1)
        } else {
            Scope::Lines(line_no, line_no)
        };
        out.push(Suppression {
            file: file.clone(),
            span,
            scope,
            rules: d.rules,
            reason: d.reason,
        });
    }
    out
}

/// The Metadata suppressions of a CloudFormation template.
pub fn metadata(file: &Arc<SourceFile>) -> Vec<Suppression> {
    if !lint::may_hold_suppression(file.text()) {
        return Vec::new();
    }
    let Ok(doc) = lint::parse_document(file, &crate::document::Limits::default()) else {
        return Vec::new();
    };
    let Some(resources) = doc.get("Resources") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for resource in resources.entries() {
        let Some(ignore) = resource.value.get_path(&["Metadata", "edgelint", "ignore"]) else {
            continue;
        };
        let items: Vec<&Node> = match &ignore.value {
            NodeValue::Seq(items) => items.iter().collect(),
            _ => vec![ignore],
        };
        for item in items {
            let (code, reason) = match &item.value {
                NodeValue::Str(code) => (code.to_string(), None),
                NodeValue::Map(_) => match item.get("code").and_then(Node::as_str) {
                    Some(code) => (
                        code.to_string(),
                        item.get("reason")
                            .and_then(Node::as_str)
                            .map(str::to_string),
                    ),
                    None => continue,
                },
                _ => continue,
            };
            out.push(Suppression {
                file: file.clone(),
                span: item.span,
                scope: Scope::Resource(resource.key.to_string()),
                rules: vec![code],
                reason,
            });
        }
    }
    out
}

/// What the filter does.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Honour comments and Metadata (`--no-inline-ignores` turns it off).
    pub inline: bool,
    /// Report suppressions that hide nothing.
    pub report_unused: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            inline: true,
            report_unused: true,
        }
    }
}

fn covers(s: &Suppression, f: &Finding) -> bool {
    if !Arc::ptr_eq(&s.file, &f.primary.file) && s.file.name() != f.primary.file.name() {
        return false;
    }
    match &s.scope {
        Scope::File => true,
        Scope::Lines(from, to) => {
            let line = f.primary.start().line;
            *from <= line && line <= *to
        }
        Scope::Resource(id) => f.resource.as_deref() == Some(id.as_str()),
    }
}

/// Removes suppressed findings from the report, adds `unused-suppression`
/// findings, and returns what was hidden.
pub fn apply(
    report: &mut Report,
    registry: &Registry,
    config: &Config,
    options: Options,
) -> Vec<Suppressed> {
    let mut suppressions: Vec<Suppression> = Vec::new();
    if options.inline {
        for file in &report.sources {
            suppressions.extend(comments(file));
            suppressions.extend(metadata(file));
        }
    }
    // used[i][j]: rule j of suppression i hid something
    let mut used: Vec<Vec<bool>> = suppressions
        .iter()
        .map(|s| vec![false; s.rules.len()])
        .collect();
    let mut hidden = Vec::new();
    let mut kept = Vec::with_capacity(report.findings.len());
    for finding in std::mem::take(&mut report.findings) {
        let mut by: Option<(String, Option<String>)> = None;
        for (i, s) in suppressions.iter().enumerate() {
            if !covers(s, &finding) {
                continue;
            }
            for (j, rule) in s.rules.iter().enumerate() {
                if selects(rule, &finding.code, &finding.name) {
                    if let Some(slot) = used.get_mut(i).and_then(|u| u.get_mut(j)) {
                        *slot = true;
                    }
                    if by.is_none() {
                        by = Some((s.describe(), s.reason.clone()));
                    }
                }
            }
        }
        if by.is_none()
            && let Some((ignore, _)) = config
                .ignored_for(finding.primary.file.path())
                .into_iter()
                .find(|(_, rule)| selects(rule, &finding.code, &finding.name))
        {
            by = Some((format!("per-path-ignores `{}`", ignore.glob.pattern), None));
        }
        match by {
            Some((by, reason)) => hidden.push(Suppressed {
                finding,
                by,
                reason,
            }),
            None => kept.push(finding),
        }
    }
    if options.report_unused {
        // only rules that ran can be judged unused
        let unused_of: Vec<Vec<&str>> = suppressions
            .iter()
            .zip(&used)
            .map(|(s, used)| {
                s.rules
                    .iter()
                    .zip(used)
                    .filter(|(rule, used)| {
                        !**used
                            && registry
                                .rules()
                                .iter()
                                .any(|r| selects(rule, &r.code, &r.name))
                    })
                    .map(|(rule, _)| rule.as_str())
                    .collect()
            })
            .collect();
        for (s, unused) in suppressions.iter().zip(&unused_of) {
            let misplaced = s.scope == Scope::Lines(0, 0);
            if unused.is_empty() && !misplaced {
                continue;
            }
            // everything the comment, or the resource's Metadata list,
            // names hides nothing: it goes as a whole
            let whole = match &s.scope {
                Scope::Resource(_) => suppressions.iter().zip(&unused_of).all(|(other, u)| {
                    other.scope != s.scope
                        || other.file.name() != s.file.name()
                        || u.len() == other.rules.len()
                }),
                _ => misplaced || unused.len() == s.rules.len(),
            };
            let mut finding = unused_finding(s, unused, misplaced);
            finding.fix = removal(s, unused, whole);
            kept.push(finding);
        }
    }
    report.findings = kept;
    report.sort();
    hidden
}

/// What an editor writes where the author must say why a finding is
/// accepted.
pub const REASON_PLACEHOLDER: &str = "<reason>";

/// A comment on the line above the finding that suppresses it, indented
/// like that line; `None` in JSON, which has no comments.
pub fn line_suppression(finding: &Finding) -> Option<Edit> {
    let file = &finding.primary.file;
    if document::is_json(file.path(), file.text()) {
        return None;
    }
    let text = file.text();
    let line_start = lines::line_start(text, finding.primary.span.start as usize);
    let indent = lines::indentation(text, line_start);
    Some(Edit {
        file: file.clone(),
        span: Span::new(line_start, line_start),
        replacement: format!(
            "{indent}# edgelint: ignore[{}] {REASON_PLACEHOLDER}\n",
            finding.code
        ),
    })
}

/// An entry in the Metadata of the finding's CloudFormation resource that
/// suppresses it, added where the Metadata has room for it in the style
/// around it; `None` where there is no such place (a flow-style mapping, a
/// suppression list that is one code).
pub fn resource_suppression(finding: &Finding) -> Option<Edit> {
    let id = finding.resource.as_deref()?;
    let file = &finding.primary.file;
    let text = file.text();
    let doc = lint::parse_document(file, &crate::document::Limits::default()).ok()?;
    if !crate::frontend::cloudformation::is_template(&doc) {
        return None;
    }
    let resource = doc.get("Resources")?.get(id)?;
    let json = document::is_json(file.path(), file.text());
    let code = &finding.code;
    // the deepest of Metadata → edgelint → ignore that exists, and what
    // is missing below it
    let mut node = resource;
    let mut missing: &[&str] = &["Metadata", "edgelint", "ignore"];
    while let Some((first, rest)) = missing.split_first() {
        match node.get(first) {
            Some(child) => {
                node = child;
                missing = rest;
            }
            None => break,
        }
    }
    let entry_json = format!("{{\"code\": \"{code}\", \"reason\": \"{REASON_PLACEHOLDER}\"}}");
    let flow_open = |node: &Node| {
        let at = node.span.start as usize;
        matches!(text.get(at..at + 1), Some("{" | "["))
    };
    if missing.is_empty() {
        // the list exists: the new entry goes first
        let NodeValue::Seq(items) = &node.value else {
            return None;
        };
        if flow_open(node) {
            let comma = if items.is_empty() { "" } else { ", " };
            let entry = if json {
                entry_json.clone()
            } else {
                format!("{{code: {code}, reason: \"{REASON_PLACEHOLDER}\"}}")
            };
            let at = node.span.start as usize + 1;
            return Some(Edit {
                file: file.clone(),
                span: Span::new(at, at),
                replacement: format!("{entry}{comma}"),
            });
        }
        let first = items.first()?;
        let (line_start, indent) = line_of(text, first.span.start as usize, true)?;
        return Some(Edit {
            file: file.clone(),
            span: Span::new(line_start, line_start),
            replacement: format!(
                "{indent}- code: {code}\n{indent}  reason: \"{REASON_PLACEHOLDER}\"\n"
            ),
        });
    }
    // keys to add inside `node`, a mapping
    if !node.is_map() {
        return None;
    }
    if flow_open(node) {
        if !json {
            return None;
        }
        let mut value = format!("[{entry_json}]");
        for key in missing.iter().skip(1).rev() {
            value = format!("{{\"{key}\": {value}}}");
        }
        let comma = if node.entries().is_empty() { "" } else { "," };
        let at = node.span.start as usize + 1;
        let indent = node
            .entries()
            .first()
            .and_then(|e| line_of(text, e.key_span.start as usize, false))
            .map_or_else(String::new, |(_, indent)| indent);
        return Some(Edit {
            file: file.clone(),
            span: Span::new(at, at),
            replacement: format!("\n{indent}\"{}\": {value}{comma}", missing.first()?),
        });
    }
    let first = node.entries().first()?;
    let (line_start, indent) = line_of(text, first.key_span.start as usize, false)?;
    let mut lines = String::new();
    for (depth, key) in missing.iter().enumerate() {
        lines.push_str(&format!("{indent}{}{key}:\n", "  ".repeat(depth)));
    }
    let inner = format!("{indent}{}", "  ".repeat(missing.len()));
    lines.push_str(&format!(
        "{inner}- code: {code}\n{inner}  reason: \"{REASON_PLACEHOLDER}\"\n"
    ));
    Some(Edit {
        file: file.clone(),
        span: Span::new(line_start, line_start),
        replacement: lines,
    })
}

/// The start of the line holding `at` and its indentation, when only
/// blanks (and a sequence item's dash, with `dash`) come before `at`.
fn line_of(text: &str, at: usize, dash: bool) -> Option<(usize, String)> {
    let line_start = lines::line_start(text, at);
    let before = text.get(line_start..at)?;
    let indent = lines::indentation(before, 0);
    let rest = before[indent.len()..].trim_end();
    if (dash && rest == "-") || (!dash && rest.is_empty()) {
        Some((line_start, indent.to_string()))
    } else {
        None
    }
}

/// The safe fix of an unused suppression: the comment or Metadata entry
/// goes, or only the rules it names that hide nothing.
fn removal(s: &Suppression, unused: &[&str], whole: bool) -> Option<Fix> {
    let text = s.file.text();
    let start = s.span.start as usize;
    let line_start = lines::line_start(text, start);
    let (span, replacement, title) = match &s.scope {
        Scope::Resource(id) => {
            let doc = lint::parse_document(&s.file, &crate::document::Limits::default()).ok()?;
            let resource = doc.get("Resources")?.get(id)?;
            let metadata_at = resource
                .entries()
                .iter()
                .position(|e| e.key == "Metadata")?;
            let metadata = &resource.entries().get(metadata_at)?.value;
            let edgelint_at = metadata
                .entries()
                .iter()
                .position(|e| e.key == "edgelint")?;
            if whole {
                let span = if metadata.entries().len() == 1 {
                    fix::remove::entry(text, resource, metadata_at)?
                } else {
                    fix::remove::entry(text, metadata, edgelint_at)?
                };
                (
                    span,
                    String::new(),
                    format!("remove the unused suppressions of `{id}`"),
                )
            } else {
                let ignore = metadata.get_path(&["edgelint", "ignore"])?;
                let index = ignore.items().iter().position(|item| item.span == s.span)?;
                let span = fix::remove::item(text, ignore, index)?;
                let list = unused.join("`, `");
                (
                    span,
                    String::new(),
                    format!("remove the unused suppression of `{list}`"),
                )
            }
        }
        _ if whole => {
            let before = text.get(line_start..start)?;
            let span = if before.trim().is_empty() {
                // a comment on its own line: the line goes
                Span::new(line_start, lines::line_end(text, start))
            } else {
                // after a value: the comment and the blanks before it
                Span::new(line_start + before.trim_end().len(), s.span.end as usize)
            };
            (
                span,
                String::new(),
                "remove the unused suppression".to_string(),
            )
        }
        _ => {
            let comment = s.file.slice(s.span);
            let open = comment.find('[')?;
            let close = open + comment.get(open..)?.find(']')?;
            let kept: Vec<&str> = s
                .rules
                .iter()
                .map(String::as_str)
                .filter(|r| !unused.contains(r))
                .collect();
            let list = unused.join("`, `");
            (
                Span::new(start + open + 1, start + close),
                kept.join(", "),
                format!("remove `{list}` from the suppression"),
            )
        }
    };
    Some(Fix {
        title,
        applicability: Applicability::Safe,
        edits: vec![Edit {
            file: s.file.clone(),
            span,
            replacement,
        }],
    })
}

fn unused_finding(s: &Suppression, unused: &[&str], misplaced: bool) -> Finding {
    let list = unused
        .iter()
        .map(|r| format!("`{r}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let message = if misplaced {
        "`ignore-file` has no effect here: it must come before the first line that is not a comment"
            .to_string()
    } else {
        match &s.scope {
            Scope::Resource(id) => {
                format!("unused suppression: no {list} finding on resource `{id}`")
            }
            Scope::File => format!("unused suppression: no {list} finding in this file"),
            Scope::Lines(..) => format!("unused suppression: no {list} finding on this line"),
        }
    };
    let text = s.file.slice(s.span).to_string();
    Finding {
        code: UNUSED.into(),
        name: UNUSED.into(),
        severity: Severity::Warning,
        fingerprint: finding::fingerprint(&[UNUSED, &s.file.name(), &text]),
        message,
        primary: Label {
            file: s.file.clone(),
            span: s.span,
            message: String::new(),
        },
        related: Vec::new(),
        help: Some(Arc::from(
            "remove the suppression, or the rules it no longer needs",
        )),
        resource: match &s.scope {
            Scope::Resource(id) => Some(id.clone()),
            _ => None,
        },
        conditions: Vec::new(),
        facts: Vec::new(),
        fix: None,
        construct_path: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{LintOptions, lint_text};

    const TEMPLATE: &str = "\
# edgelint: ignore-file[CF511] generated names
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: web
            DomainName: docs.s3-website-us-east-1.amazonaws.com
            CustomOriginConfig:
              # edgelint: ignore[CF104] the bucket is behind a proxy
              OriginProtocolPolicy: https-only
        DefaultCacheBehavior:
          TargetOriginId: web
          ViewerProtocolPolicy: redirect-to-https
";

    fn run(text: &str, options: Options) -> (Report, Vec<Suppressed>) {
        let registry = Registry::builtin().unwrap();
        let mut report = lint_text("t.yaml", text, &registry, &LintOptions::default());
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let hidden = apply(&mut report, &registry, &Config::default(), options);
        (report, hidden)
    }

    fn codes(report: &Report) -> Vec<(String, usize)> {
        report
            .findings
            .iter()
            .map(|f| (f.code.clone(), f.primary.start().line))
            .collect()
    }

    #[test]
    fn comment_on_the_line_above() {
        let (report, hidden) = run(TEMPLATE, Options::default());
        // the file-level CF511 hides nothing: reported as unused
        assert_eq!(codes(&report), [(UNUSED.to_string(), 1)]);
        assert_eq!(hidden.len(), 1);
        assert_eq!(hidden[0].finding.code, "CF104");
        assert_eq!(
            hidden[0].reason.as_deref(),
            Some("the bucket is behind a proxy")
        );
        assert_eq!(hidden[0].by, "comment at t.yaml:12");
    }

    #[test]
    fn trailing_comment_on_the_line_and_names_and_prefixes() {
        for selector in ["CF104", "cf1", "https-to-s3-website-endpoint"] {
            let text = TEMPLATE
                .replace("# edgelint: ignore-file[CF511] generated names\n", "")
                .replace(
                    "              # edgelint: ignore[CF104] the bucket is behind a proxy\n",
                    "",
                )
                .replace(
                    "OriginProtocolPolicy: https-only",
                    &format!("OriginProtocolPolicy: https-only  # edgelint: ignore[{selector}]"),
                );
            let (report, hidden) = run(&text, Options::default());
            assert!(
                report.findings.is_empty(),
                "{selector}: {:?}",
                codes(&report)
            );
            assert_eq!(hidden.len(), 1);
        }
    }

    #[test]
    fn a_comment_two_lines_above_does_not_apply_and_is_unused() {
        let text = TEMPLATE.replace(
            "            CustomOriginConfig:\n              # edgelint: ignore[CF104] the bucket is behind a proxy\n",
            "            # edgelint: ignore[CF104]\n            CustomOriginConfig:\n",
        );
        let (report, _) = run(&text, Options::default());
        let found = codes(&report);
        assert!(found.contains(&("CF104".to_string(), 13)), "{found:?}");
        assert!(found.contains(&(UNUSED.to_string(), 11)), "{found:?}");
    }

    #[test]
    fn file_level_and_metadata() {
        let text = TEMPLATE
            .replace("ignore-file[CF511]", "ignore-file[CF1]")
            .replace(
                "              # edgelint: ignore[CF104] the bucket is behind a proxy\n",
                "",
            );
        let (report, hidden) = run(&text, Options::default());
        assert!(report.findings.is_empty(), "{:?}", codes(&report));
        assert_eq!(hidden[0].by, "file comment at t.yaml:1");

        let text = TEMPLATE
            .replace("# edgelint: ignore-file[CF511] generated names\n", "")
            .replace("              # edgelint: ignore[CF104] the bucket is behind a proxy\n", "")
            .replace(
                "    Type: AWS::CloudFront::Distribution\n",
                "    Type: AWS::CloudFront::Distribution\n    Metadata:\n      edgelint:\n        ignore:\n          - code: CF104\n            reason: proxied\n          - CF202\n",
            );
        let (report, hidden) = run(&text, Options::default());
        assert_eq!(hidden.len(), 1);
        assert_eq!(hidden[0].by, "Metadata of `Site` at t.yaml:7");
        assert_eq!(hidden[0].reason.as_deref(), Some("proxied"));
        // CF202 hides nothing on Site
        assert_eq!(report.findings.len(), 1);
        assert_eq!(report.findings[0].code, UNUSED);
        assert!(report.findings[0].message.contains("resource `Site`"));
        assert_eq!(report.findings[0].primary.start().line, 9);
    }

    #[test]
    fn inline_ignores_off() {
        let (report, hidden) = run(
            TEMPLATE,
            Options {
                inline: false,
                report_unused: true,
            },
        );
        assert!(hidden.is_empty());
        assert_eq!(codes(&report), [("CF104".to_string(), 13)]);
    }

    #[test]
    fn misplaced_ignore_file_is_reported() {
        let text = TEMPLATE.replace(
            "# edgelint: ignore-file[CF511] generated names\nResources:\n",
            "Resources:\n# edgelint: ignore-file[CF104]\n",
        );
        let (report, _) = run(&text, Options::default());
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.code == UNUSED && f.message.contains("before the first line"))
        );
    }

    #[test]
    fn hcl_comments() {
        let file = Arc::new(SourceFile::new(
            "main.tf",
            "resource \"x\" \"y\" {\n  // edgelint: ignore[CF104, CF202] reason here\n  a = 1 # edgelint: ignore[CF3]\n}\n",
        ));
        let found = comments(&file);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].rules, ["CF104", "CF202"]);
        assert_eq!(found[0].scope, Scope::Lines(2, 3));
        assert_eq!(found[0].reason.as_deref(), Some("reason here"));
        assert_eq!(found[1].scope, Scope::Lines(3, 3));
        assert_eq!(file.slice(found[1].span), "# edgelint: ignore[CF3]");
    }

    /// The text with every unused-suppression fix applied, and what a
    /// lint of it reports.
    fn fixed(text: &str) -> (String, Vec<(String, usize)>) {
        let (report, _) = run(text, Options::default());
        let edits: Vec<&Edit> = report
            .findings
            .iter()
            .filter(|f| f.code == UNUSED)
            .map(|f| {
                let fix = f.fix.as_ref().expect("a fix");
                assert_eq!(fix.applicability, Applicability::Safe);
                &fix.edits[0]
            })
            .collect();
        assert!(!edits.is_empty());
        let out = crate::fix::apply_edits(text, &edits).unwrap();
        let (again, _) = run(&out, Options::default());
        (out, codes(&again))
    }

    #[test]
    fn unused_comments_are_removed_or_narrowed() {
        // the file-level comment hides nothing: its line goes
        let (out, left) = fixed(TEMPLATE);
        assert_eq!(
            out,
            TEMPLATE.replace("# edgelint: ignore-file[CF511] generated names\n", "")
        );
        assert!(left.is_empty(), "{left:?}");

        // one rule of two is unused: only it goes
        let text = TEMPLATE.replace("ignore[CF104]", "ignore[CF202, CF104]");
        let (out, left) =
            fixed(&text.replace("# edgelint: ignore-file[CF511] generated names\n", ""));
        assert!(
            out.contains("# edgelint: ignore[CF104] the bucket is behind a proxy\n"),
            "{out}"
        );
        assert!(left.is_empty(), "{left:?}");

        // a comment after a value goes with the blanks before it
        let text = "Resources:  # edgelint: ignore[CF104]\n  X:\n    Type: AWS::S3::Bucket\n";
        let (out, left) = fixed(text);
        assert_eq!(out, "Resources:\n  X:\n    Type: AWS::S3::Bucket\n");
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn unused_metadata_entries_are_removed() {
        let base = TEMPLATE
            .replace("# edgelint: ignore-file[CF511] generated names\n", "")
            .replace(
                "              # edgelint: ignore[CF104] the bucket is behind a proxy\n",
                "",
            );
        let with = |list: &str| {
            base.replace(
                "    Type: AWS::CloudFront::Distribution\n",
                &format!("    Type: AWS::CloudFront::Distribution\n    Metadata:\n      owner: web\n      edgelint:\n        ignore:\n{list}"),
            )
        };
        // CF202 hides nothing, CF104 does: the CF202 item goes
        let text =
            with("          - code: CF104\n            reason: proxied\n          - CF202\n");
        let (out, left) = fixed(&text);
        assert_eq!(
            out,
            with("          - code: CF104\n            reason: proxied\n")
        );
        assert!(left.is_empty(), "{left:?}");

        // nothing in the list hides anything: the `edgelint` entry goes
        let text = with("          - CF511\n          - CF202\n");
        let text = text.replace(
            "OriginProtocolPolicy: https-only",
            "OriginProtocolPolicy: http-only",
        );
        let (report, _) = run(&text, Options::default());
        assert_eq!(report.findings.len(), 2);
        let edit = &report.findings[0].fix.as_ref().unwrap().edits[0];
        let out = crate::fix::apply_edits(&text, &[edit]).unwrap();
        assert!(!out.contains("edgelint"), "{out}");
        assert!(
            out.contains("    Metadata:\n      owner: web\n    Properties:"),
            "{out}"
        );
        assert!(codes(&run(&out, Options::default()).0).is_empty());
    }

    #[test]
    fn not_a_directive() {
        assert!(directive(" edgelint: ignore CF104").is_none());
        assert!(directive(" edgelint: ignore[]").is_none());
        assert!(comment_in("url: http://x#y").is_none());
    }
}
