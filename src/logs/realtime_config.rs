//! The field lists of a deployment's real-time log configurations
//! (`AWS::CloudFront::RealtimeLogConfig` `Fields`,
//! `aws_cloudfront_realtime_log_config` `fields`): real-time log records
//! carry no header, and their fields come in the configuration's order
//! (CloudFront API `RealtimeLogConfig.Fields`: "provided in the same order
//! in which they are sent to the Amazon Kinesis data stream").

use std::sync::Arc;

use hcl_edit::expr::Expression;
use hcl_edit::structure::Body;

use crate::document::{Limits, Node};
use crate::source::SourceFile;

/// `(configuration name, fields)` for each configuration found.
pub fn field_lists(sources: &[Arc<SourceFile>]) -> Vec<(String, Vec<String>)> {
    let mut lists = Vec::new();
    for file in sources {
        if file.text().contains("AWS::CloudFront::RealtimeLogConfig") {
            if let Ok(doc) = crate::lint::parse_document(file, &Limits::default()) {
                cloudformation(&doc, &mut lists);
            }
        } else if file.text().contains("aws_cloudfront_realtime_log_config") {
            let text = file.text();
            // the deployment was already parsed by the Terraform front-end;
            // a deep stack keeps this second parse as safe as the first
            if let Ok(body) = stacker::grow(64 << 20, || hcl_edit::parser::parse_body(text)) {
                terraform(&body, &mut lists);
            }
        }
    }
    lists
}

fn cloudformation(doc: &Node, lists: &mut Vec<(String, Vec<String>)>) {
    let Some(resources) = doc.get("Resources") else {
        return;
    };
    for entry in resources.entries() {
        let resource = &entry.value;
        if resource.get("Type").and_then(Node::as_str) != Some("AWS::CloudFront::RealtimeLogConfig")
        {
            continue;
        }
        let Some(fields) = resource.get_path(&["Properties", "Fields"]) else {
            continue;
        };
        let names: Option<Vec<String>> = fields
            .items()
            .iter()
            .map(|n| n.as_str().map(str::to_string))
            .collect();
        if let Some(names) = names.filter(|n| !n.is_empty()) {
            let name = resource
                .get_path(&["Properties", "Name"])
                .and_then(Node::as_str)
                .unwrap_or(&entry.key);
            lists.push((name.to_string(), names));
        }
    }
}

fn terraform(body: &Body, lists: &mut Vec<(String, Vec<String>)>) {
    for block in body.get_blocks("resource") {
        let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
        if labels.first() != Some(&"aws_cloudfront_realtime_log_config") {
            continue;
        }
        let Some(Expression::Array(array)) = block.body.get_attribute("fields").map(|a| &a.value)
        else {
            continue;
        };
        let names: Option<Vec<String>> = array
            .iter()
            .map(|e| match e {
                Expression::String(s) => Some(s.as_str().to_string()),
                _ => None,
            })
            .collect();
        if let Some(names) = names.filter(|n| !n.is_empty()) {
            let name = match block.body.get_attribute("name").map(|a| &a.value) {
                Some(Expression::String(s)) => s.as_str().to_string(),
                _ => labels.get(1).copied().unwrap_or("").to_string(),
            };
            lists.push((name, names));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_formats_give_their_fields_in_order() {
        let cfn = Arc::new(SourceFile::new(
            "t.yaml",
            "Resources:\n  Rt:\n    Type: AWS::CloudFront::RealtimeLogConfig\n    Properties:\n      Name: live\n      SamplingRate: 100\n      Fields: [timestamp, sc-status, cs-host]\n",
        ));
        let tf = Arc::new(SourceFile::new(
            "main.tf",
            "resource \"aws_cloudfront_realtime_log_config\" \"rt\" {\n  name = \"edge\"\n  sampling_rate = 50\n  fields = [\"timestamp\", \"cs-uri-stem\"]\n}\n",
        ));
        assert_eq!(
            field_lists(&[cfn, tf]),
            [
                (
                    "live".to_string(),
                    vec![
                        "timestamp".to_string(),
                        "sc-status".into(),
                        "cs-host".into()
                    ]
                ),
                (
                    "edge".to_string(),
                    vec!["timestamp".to_string(), "cs-uri-stem".into()]
                ),
            ]
        );
    }
}
