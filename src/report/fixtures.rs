//! Hand-built reports for the reporters' snapshot tests, so they do not
//! depend on loaders, front-ends or rules. Paths are relative and stable.

use std::sync::Arc;

use crate::finding::{FileError, Finding, Label, Severity, fingerprint};
use crate::lint::Report;
use crate::rule::{Registry, load_file};
use crate::source::{SourceFile, Span};

const STACK: &str = "\
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins:
          - Id: web
            DomainName: docs.s3-website-us-east-1.amazonaws.com
            CustomOriginConfig:
              OriginProtocolPolicy: https-only
          - Id: api
            DomainName: !GetAtt Alb.DNSName
            CustomOriginConfig:
              OriginReadTimeout: 180
";

const NETWORK: &str = "\
Resources:
  AlbGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      SecurityGroupIngress:
        - CidrIp: 10.0.0.0/8
          FromPort: 443
          ToPort: 443
";

/// A label on the first occurrence of `needle` in `file`.
fn label(file: &Arc<SourceFile>, needle: &str, message: &str) -> Label {
    let start = file.text().find(needle).expect("needle in fixture");
    Label {
        file: file.clone(),
        span: Span::new(start, start + needle.len()),
        message: message.to_string(),
    }
}

#[allow(clippy::too_many_arguments)]
fn finding(
    code: &str,
    name: &str,
    severity: Severity,
    message: &str,
    primary: Label,
    related: Vec<Label>,
    help: Option<&str>,
    conditions: &[&str],
) -> Finding {
    Finding {
        code: code.into(),
        name: name.into(),
        severity,
        message: message.into(),
        fingerprint: fingerprint(&[code, &primary.file.name(), "Site", name]),
        primary,
        related,
        help: help.map(Arc::from),
        resource: Some("Site".into()),
        conditions: conditions.iter().map(|c| c.to_string()).collect(),
        facts: Vec::new(),
        fix: None,
        construct_path: None,
    }
}

/// Three findings: one plain, one with a related label in the same file
/// and one in another file, one under a condition.
pub fn with_findings() -> Report {
    let stack = Arc::new(SourceFile::new("stacks/site.yaml", STACK));
    let network = Arc::new(SourceFile::new("stacks/network.yaml", NETWORK));
    Report {
        findings: vec![
            finding(
                "CF104",
                "https-to-s3-website-endpoint",
                Severity::Error,
                "origin `web` uses `https-only` to S3 website endpoint `docs.s3-website-us-east-1.amazonaws.com`, which serves HTTP only; requests fail with 502",
                label(&stack, "https-only", ""),
                vec![label(
                    &stack,
                    "docs.s3-website-us-east-1.amazonaws.com",
                    "S3 website endpoint",
                )],
                Some(
                    "Set the origin protocol policy to `http-only`, or serve the bucket through its REST endpoint with origin access control.",
                ),
                &[],
            ),
            finding(
                "CF202",
                "origin-security-group-blocks-cloudfront",
                Severity::Warning,
                "origin `api`: no security group of `Alb` admits CloudFront on port 443; requests time out with 504 (when condition `Public` is true)",
                label(&stack, "!GetAtt Alb.DNSName", ""),
                vec![label(
                    &network,
                    "CidrIp: 10.0.0.0/8",
                    "admits 10.0.0.0/8 only",
                )],
                None,
                &["condition `Public` is true"],
            ),
            finding(
                "CF310",
                "origin-read-timeout-over-quota",
                Severity::Info,
                "origin `api` read timeout 180 is over the default quota of 120 seconds",
                label(&stack, "180", "read timeout"),
                Vec::new(),
                Some("Request a quota increase, or lower the timeout."),
                &[],
            ),
        ],
        errors: Vec::new(),
        files: 2,
        sources: Vec::new(),
        skipped: Vec::new(),
    }
}

pub fn clean() -> Report {
    Report {
        findings: Vec::new(),
        errors: Vec::new(),
        files: 3,
        sources: Vec::new(),
        skipped: Vec::new(),
    }
}

/// A parse error with a place, and an unreadable file without one.
pub fn with_parse_error() -> Report {
    let broken = Arc::new(SourceFile::new(
        "stacks/broken.yaml",
        "Resources:\n  Site:\n    Type: [AWS::CloudFront::Distribution\n",
    ));
    let at = label(&broken, "[AWS", "");
    Report {
        findings: Vec::new(),
        errors: vec![
            FileError {
                code: "parse-error".into(),
                message: "unclosed flow sequence".into(),
                file: broken.name(),
                location: Some(Label {
                    message: "unclosed flow sequence".into(),
                    ..at
                }),
                related: Vec::new(),
            },
            FileError {
                code: "unreadable".into(),
                message: "cannot read: permission denied".into(),
                file: "stacks/secret.yaml".into(),
                location: None,
                related: Vec::new(),
            },
        ],
        files: 1,
        sources: Vec::new(),
        skipped: Vec::new(),
    }
}

/// A registry holding one fixed rule with the code the fixtures use, so
/// the snapshots of formats that embed rule metadata change only when the
/// format does.
pub fn registry() -> Registry {
    const RULE: &str = r#"/// ## What it does
/// Flags an origin that reaches an S3 website endpoint over HTTPS.
///
/// ## Why is this bad?
/// Website endpoints serve HTTP only.
///
/// ## Example
/// An origin with `OriginProtocolPolicy: https-only`.
///
/// ## How to fix
/// Use `http-only`.
rule https-to-s3-website-endpoint {
    meta { code = "CF104" severity = "error" category = "origin-tls" formats = ["cloudformation"] }
    distributions.origins.protocol_policy == "http-only" << origin `{id}` uses HTTPS >>
}
"#;
    let file = Arc::new(SourceFile::new(
        "rules/https-to-s3-website-endpoint.rule",
        RULE,
    ));
    Registry::from_rules(load_file(file).expect("the fixture rule loads"))
}

/// What a reporter writes, as text.
pub fn rendered(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    write(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}
