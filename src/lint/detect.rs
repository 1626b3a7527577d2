//! Whether a file that does not parse is a deployment at all.
//!
//! A repository holds many YAML and JSON files that are not deployments:
//! `tsconfig.json` with comments, multi-document Kubernetes manifests, Helm
//! templates, compose files with anchors, JSON Lines. None of them parses
//! the way CloudFormation requires, and none of them is edgelint's
//! business. So before a parse failure is reported, the text is looked at
//! tolerantly, line by line, for the keys that make a deployment: a broken
//! file that has them is a located error, one that has none is skipped.

/// Whether text that did not parse still shows the keys of a
/// CloudFormation template, a Terraform plan or a CloudFront export.
pub fn looks_like_deployment(text: &str) -> bool {
    is_template(text) || is_plan(text) || is_export(text)
}

/// `AWSTemplateFormatVersion`, a SAM `Transform`, `Resources` as a
/// top-level YAML key (unindented), or `Resources` with a resource
/// `Type: AWS::…`.
fn is_template(text: &str) -> bool {
    has_key(text, "AWSTemplateFormatVersion")
        || key_values(text, "Transform").any(|v| v.starts_with("AWS::"))
        || text
            .lines()
            .any(|line| line.starts_with("Resources:") || line.starts_with("\"Resources\":"))
        || (has_key(text, "Resources") && key_values(text, "Type").any(|v| v.starts_with("AWS::")))
}

/// `terraform show -json`: a format version and planned values.
fn is_plan(text: &str) -> bool {
    has_key(text, "format_version")
        && (has_key(text, "planned_values") || has_key(text, "resource_changes"))
}

/// The AWS CLI outputs the export front-end reads, by the keys that name
/// them (a list key together with the key of its items where the list key
/// alone is too common).
fn is_export(text: &str) -> bool {
    const ALONE: &[&str] = &[
        "DistributionConfig",
        "DistributionList",
        "CertificateArn",
        "FunctionArn",
        "FunctionSummary",
        "FunctionList",
        "CachePolicyList",
        "OriginRequestPolicyList",
    ];
    const PAIRS: &[(&str, &str)] = &[
        ("CallerReference", "DefaultCacheBehavior"),
        ("SecurityGroups", "GroupId"),
        ("PrefixLists", "PrefixListId"),
        ("LoadBalancers", "LoadBalancerArn"),
        ("Listeners", "ListenerArn"),
        ("CachePolicy", "CachePolicyConfig"),
        ("OriginRequestPolicy", "OriginRequestPolicyConfig"),
    ];
    ALONE.iter().any(|k| has_key(text, k))
        || PAIRS
            .iter()
            .any(|(a, b)| has_key(text, a) && has_key(text, b))
}

fn has_key(text: &str, key: &str) -> bool {
    key_values(text, key).next().is_some()
}

/// The text after each use of `key` as a mapping key (`Key:`, `"Key":`,
/// `'Key':`, `- Key:`, `{"Key":`), with spaces and an opening quote
/// skipped. Key and value are looked for on one line, whatever the
/// indentation, which YAML and JSON (pretty or minified) share.
fn key_values<'a>(text: &'a str, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    text.match_indices(key).filter_map(move |(at, _)| {
        let before = text.get(..at)?;
        let after = text.get(at + key.len()..)?;
        // before the key: an optional quote, then spaces, then the start of
        // a line or a JSON/YAML structural character
        let before = before.strip_suffix(['"', '\'']).unwrap_or(before);
        let before = before.trim_end_matches([' ', '\t']);
        let opens = before.is_empty() || before.ends_with(['\n', '\r', '{', ',', '-', '[']);
        if !opens {
            return None;
        }
        let after = after.strip_prefix(['"', '\'']).unwrap_or(after);
        let after = after.trim_start_matches([' ', '\t']).strip_prefix(':')?;
        let value = after.trim_start_matches([' ', '\t']);
        Some(value.strip_prefix(['"', '\'']).unwrap_or(value))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_deployments_are_recognised() {
        // YAML templates with a syntax error further down
        assert!(looks_like_deployment(
            "AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n"
        ));
        assert!(looks_like_deployment(
            "Resources:\n  Cdn:\n    Type: AWS::CloudFront::Distribution\n    Properties: {\n"
        ));
        assert!(looks_like_deployment(
            "Transform: AWS::Serverless-2016-10-31\nResources:\n  F: &a\n"
        ));
        // a template being written in an editor
        assert!(looks_like_deployment("Resources: [\n"));
        // JSON, pretty and minified, with a trailing comma
        assert!(looks_like_deployment(
            "{\n  \"Resources\": {\n    \"Cdn\": {\"Type\": \"AWS::CloudFront::Distribution\",}\n"
        ));
        assert!(looks_like_deployment(
            "{\"AWSTemplateFormatVersion\":\"2010-09-09\",}"
        ));
        assert!(looks_like_deployment(
            "{\"format_version\":\"1.2\",\"planned_values\":{},}"
        ));
        assert!(looks_like_deployment(
            "{\n  \"Distribution\": {\n    \"DistributionConfig\": {\n"
        ));
        assert!(looks_like_deployment(
            "{\"SecurityGroups\": [{\"GroupId\": \"sg-1\",}]}"
        ));
    }

    #[test]
    fn files_of_other_tools_are_not() {
        let others = [
            // tsconfig.json, .vscode/settings.json: JSONC
            "{\n  // options\n  \"compilerOptions\": { \"strict\": true, },\n}\n",
            // a multi-document Kubernetes manifest
            "apiVersion: v1\nkind: Service\n---\napiVersion: apps/v1\nkind: Deployment\n",
            // a Helm template
            "kind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    {{- include \"l\" . }}\n",
            // compose and GitLab CI with anchors
            "x-common: &common\n  restart: always\nservices:\n  web:\n    <<: *common\n",
            ".defaults: &defaults\n  image: alpine\ntest:\n  <<: *defaults\n",
            // JSON Lines
            "{\"Type\": \"AWS::S3::Bucket\"}\n{\"a\": 2}\n",
            // the words as values or inside other words are not keys
            "description: Resources and AWSTemplateFormatVersion\nMyResources: 1\n",
            // indented: a key of something else (Serverless Framework's
            // `resources:` holds one, and is not a template)
            "service: x\nresources:\n  Resources: [\n",
        ];
        for text in others {
            assert!(!looks_like_deployment(text), "{text}");
        }
    }
}
