//! The checks of `edgelint probe` (the CF6xx codes). Each check's code,
//! severity and documentation live in its own file under `checks/`, the
//! way a rule's live in its `.rule` file, so `explain`, the reporters and
//! SARIF's rule descriptors treat them like rules.

use std::sync::Arc;

use crate::finding::Severity;
use crate::frontend::Format;
use crate::rule::Rule;
use crate::source::SourceFile;

/// What a probe can find wrong with an origin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Check {
    DnsNotPublic,
    ConnectionFailed,
    HandshakeFailed,
    CertificateUntrusted,
    CertificateWrongName,
    CertificateNotValidNow,
    CertificateExpiresSoon,
    CertificateKeyUnsupported,
    ConnectionClosed,
    FirstByteTooSlow,
    ServerError,
    ResponseHeadersTooLarge,
}

/// Where the checks' documentation files are, relative to the repository.
pub const DIR: &str = "src/probe/checks";

/// Every check with its documentation file.
const CHECKS: &[(Check, &str, &str)] = &[
    (
        Check::DnsNotPublic,
        "probe-origin-dns-not-public",
        include_str!("checks/probe-origin-dns-not-public.md"),
    ),
    (
        Check::ConnectionFailed,
        "probe-origin-connection-failed",
        include_str!("checks/probe-origin-connection-failed.md"),
    ),
    (
        Check::HandshakeFailed,
        "probe-origin-tls-handshake-failed",
        include_str!("checks/probe-origin-tls-handshake-failed.md"),
    ),
    (
        Check::CertificateUntrusted,
        "probe-origin-certificate-untrusted",
        include_str!("checks/probe-origin-certificate-untrusted.md"),
    ),
    (
        Check::CertificateWrongName,
        "probe-origin-certificate-wrong-name",
        include_str!("checks/probe-origin-certificate-wrong-name.md"),
    ),
    (
        Check::CertificateNotValidNow,
        "probe-origin-certificate-not-valid-now",
        include_str!("checks/probe-origin-certificate-not-valid-now.md"),
    ),
    (
        Check::CertificateExpiresSoon,
        "probe-origin-certificate-expires-soon",
        include_str!("checks/probe-origin-certificate-expires-soon.md"),
    ),
    (
        Check::CertificateKeyUnsupported,
        "probe-origin-certificate-key-unsupported",
        include_str!("checks/probe-origin-certificate-key-unsupported.md"),
    ),
    (
        Check::ConnectionClosed,
        "probe-origin-connection-closed",
        include_str!("checks/probe-origin-connection-closed.md"),
    ),
    (
        Check::FirstByteTooSlow,
        "probe-origin-first-byte-too-slow",
        include_str!("checks/probe-origin-first-byte-too-slow.md"),
    ),
    (
        Check::ServerError,
        "probe-origin-server-error",
        include_str!("checks/probe-origin-server-error.md"),
    ),
    (
        Check::ResponseHeadersTooLarge,
        "probe-origin-response-headers-too-large",
        include_str!("checks/probe-origin-response-headers-too-large.md"),
    ),
];

/// The category every check is listed under.
pub const CATEGORY: &str = "origin-probe";

/// A check's file read: its header (`code = "…"`, `severity = "…"`) and
/// its Markdown documentation after the `---` line.
struct Parsed<'a> {
    code: &'a str,
    severity: Severity,
    docs: &'a str,
}

fn parse(text: &str) -> Option<Parsed<'_>> {
    let (header, docs) = text.split_once("\n---\n")?;
    let field = |key: &str| {
        header.lines().find_map(|line| {
            let (k, v) = line.split_once('=')?;
            (k.trim() == key).then(|| v.trim().trim_matches('"'))
        })
    };
    Some(Parsed {
        code: field("code")?,
        severity: Severity::parse(field("severity")?)?,
        docs: docs.trim_start(),
    })
}

/// The checks as rules, for `explain`, the reporters and SARIF. A check
/// file without its header is skipped; a test reads every one.
pub fn rules() -> Vec<Rule> {
    CHECKS
        .iter()
        .filter_map(|(_, name, text)| {
            let parsed = parse(text)?;
            Some(Rule::documented(
                parsed.code.to_string(),
                (*name).to_string(),
                parsed.severity,
                CATEGORY.to_string(),
                vec![Format::CloudFormation, Format::Terraform, Format::Export],
                parsed.docs.to_string(),
                Arc::new(SourceFile::new(format!("{DIR}/{name}.md"), *text)),
            ))
        })
        .collect()
}

/// Whether a rule's source is one of the check files shipped here (its
/// documentation is then online, next to the code).
pub fn is_check_file(name: &str) -> bool {
    CHECKS
        .iter()
        .any(|(_, check, _)| name == format!("{DIR}/{check}.md"))
}

impl Check {
    fn entry(self) -> (&'static str, &'static str) {
        CHECKS
            .iter()
            .find(|(c, _, _)| *c == self)
            .map_or(("", ""), |(_, name, text)| (*name, *text))
    }

    pub fn name(self) -> &'static str {
        self.entry().0
    }

    pub fn code(self) -> &'static str {
        parse(self.entry().1).map_or("", |p| p.code)
    }

    pub fn severity(self) -> Severity {
        parse(self.entry().1).map_or(Severity::Error, |p| p.severity)
    }

    /// The fix, from "How to fix".
    pub fn help(self) -> Option<String> {
        let docs = parse(self.entry().1)?.docs;
        crate::rule::docs::section(docs, "How to fix").map(crate::rule::docs::first_paragraph)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_has_a_cf6_code_a_severity_and_the_required_sections() {
        let rules = rules();
        assert_eq!(rules.len(), CHECKS.len(), "a check file has no header");
        let mut codes: Vec<&str> = rules.iter().map(|r| r.code.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), rules.len(), "two checks share a code");
        for rule in &rules {
            assert!(rule.code.starts_with("CF6"), "{}", rule.code);
            for heading in crate::rule::docs::REQUIRED_SECTIONS
                .iter()
                .chain(&["Sources"])
            {
                assert!(
                    crate::rule::docs::section(rule.docs(), heading).is_some(),
                    "{} has no `## {heading}`",
                    rule.name
                );
            }
            assert!(rule.docs().contains("https://docs.aws.amazon.com/"));
        }
        assert_eq!(Check::CertificateExpiresSoon.severity(), Severity::Warning);
        assert_eq!(Check::DnsNotPublic.code(), "CF601");
        assert!(Check::ServerError.help().is_some());
    }

    #[test]
    fn check_codes_are_not_taken_by_rules() {
        let registry = crate::rule::Registry::builtin().unwrap_or_else(|e| panic!("{e}"));
        for rule in rules() {
            assert!(registry.find(&rule.code).is_none(), "{}", rule.code);
            assert!(registry.find(&rule.name).is_none(), "{}", rule.name);
        }
    }
}
