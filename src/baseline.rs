//! Baselines: the findings a project has accepted for now, by fingerprint.
//! `--write-baseline FILE` records the current findings; `--baseline FILE`
//! hides the ones recorded there, so only new findings are reported.
//!
//! ```text
//! { "version": 1,
//!   "findings": [ { "fingerprint": "…", "code": "CF104",
//!                   "file": "stack.yaml", "message": "…" } ] }
//! ```
//!
//! Fingerprints are built from the rule code, the file, the resource and
//! the model path of the failing value, never from line numbers, so
//! unrelated edits (lines moving) keep them; renaming the resource or a
//! finding moving to another field changes them.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::lint::Report;

pub const VERSION: u32 = 1;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    pub fingerprint: String,
    pub code: String,
    pub file: String,
    pub message: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

impl Baseline {
    /// The findings of a report.
    pub fn from_report(report: &Report) -> Baseline {
        Baseline {
            version: VERSION,
            findings: report
                .findings
                .iter()
                .map(|f| Entry {
                    fingerprint: f.fingerprint.clone(),
                    code: f.code.clone(),
                    file: f.primary.file.name(),
                    message: f.message.clone(),
                })
                .collect(),
        }
    }

    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text = crate::source::read::read_text(path, crate::document::limits::MAX_FILE_BYTES)
            .map_err(|e| format!("cannot read baseline: {e}"))?;
        let baseline: Baseline = serde_json::from_str(&text)
            .map_err(|e| format!("`{}` is not an edgelint baseline: {e}", path.display()))?;
        if baseline.version != VERSION {
            return Err(format!(
                "`{}` is a version {} baseline; this edgelint reads version {VERSION}",
                path.display(),
                baseline.version
            ));
        }
        Ok(baseline)
    }

    pub fn write(&self, path: &Path) -> Result<(), String> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        text.push('\n');
        std::fs::write(path, text)
            .map_err(|e| format!("cannot write baseline `{}`: {e}", path.display()))
    }

    /// Removes the findings the baseline records (each entry hides one
    /// finding) and returns how many were hidden.
    pub fn apply(&self, report: &mut Report) -> usize {
        let mut left: HashMap<&str, usize> = HashMap::new();
        for entry in &self.findings {
            *left.entry(entry.fingerprint.as_str()).or_default() += 1;
        }
        let before = report.findings.len();
        report
            .findings
            .retain(|f| match left.get_mut(f.fingerprint.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            });
        before - report.findings.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{LintOptions, lint_text};
    use crate::rule::Registry;

    const SITE: &str = "\
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
              OriginProtocolPolicy: https-only
        DefaultCacheBehavior:
          TargetOriginId: web
          ViewerProtocolPolicy: redirect-to-https
";

    fn fingerprints(text: &str) -> Vec<(String, String)> {
        let registry = Registry::builtin().unwrap();
        let report = lint_text("site.yaml", text, &registry, &LintOptions::default());
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        report
            .findings
            .iter()
            .map(|f| (f.code.clone(), f.fingerprint.clone()))
            .collect()
    }

    #[test]
    fn fingerprints_survive_lines_moving() {
        let before = fingerprints(SITE);
        assert_eq!(before.len(), 1);
        // lines added above, a comment, another resource before it
        let moved = format!(
            "AWSTemplateFormatVersion: '2010-09-09'\n# a comment\n\n{}",
            SITE.replace(
                "Resources:\n",
                "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n\n",
            )
        );
        assert_eq!(fingerprints(&moved), before);
        // keys reordered inside the origin
        let reordered = SITE.replace(
            "          - Id: web\n            DomainName: docs.s3-website-us-east-1.amazonaws.com\n",
            "          - DomainName: docs.s3-website-us-east-1.amazonaws.com\n            Id: web\n",
        );
        assert_eq!(fingerprints(&reordered), before);
    }

    #[test]
    fn fingerprints_change_with_resource_or_field() {
        let before = fingerprints(SITE);
        let renamed = SITE.replace("  Site:\n", "  Cdn:\n");
        assert_ne!(fingerprints(&renamed), before);
        // the same rule failing on the port instead of the protocol
        let port = SITE.replace(
            "OriginProtocolPolicy: https-only",
            "OriginProtocolPolicy: http-only\n              HTTPPort: 8080",
        );
        let after = fingerprints(&port);
        assert_eq!(after.len(), 1, "{after:?}");
        assert_eq!(after[0].0, before[0].0);
        assert_ne!(after, before);
    }

    #[test]
    fn apply_hides_recorded_findings_once_each() {
        let registry = Registry::builtin().unwrap();
        let mut report = lint_text("site.yaml", SITE, &registry, &LintOptions::default());
        let baseline = Baseline::from_report(&report);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("baseline.json");
        baseline.write(&path).unwrap();
        let read = Baseline::read(&path).unwrap();
        assert_eq!(read, baseline);
        let mut twice = report.clone();
        twice.findings.extend(report.findings.clone());
        assert_eq!(read.apply(&mut report), 1);
        assert!(report.findings.is_empty());
        assert_eq!(read.apply(&mut twice), 1);
        assert_eq!(twice.findings.len(), 1);
    }
}
