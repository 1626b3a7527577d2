//! Nested stacks outside CDK: a template whose `AWS::CloudFormation::Stack`
//! names a local `TemplateURL` (as `aws cloudformation package` reads it)
//! is linted with that template as one deployment — parameters passed
//! down, outputs read back up — and the nested template is not reported
//! again on its own, where its defaults stand in for what the parent
//! passes.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// `edgelint check ARGS --format json` in `dir`: exit code and report.
fn check(dir: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let output = Command::cargo_bin("edgelint")
        .unwrap_or_else(|e| panic!("{e}"))
        .current_dir(dir)
        .arg("check")
        .args(args)
        .args(["--format", "json", "--no-config"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code(), report)
}

fn findings(report: &Value) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// The `Site` resource: a distribution with one origin, its domain and
/// protocol written as given (a value or an intrinsic function).
fn site(domain: &str, protocol: &str) -> String {
    format!(
        r#"  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: website
            DomainName: {domain}
            CustomOriginConfig:
              OriginProtocolPolicy: {protocol}
        DefaultCacheBehavior:
          TargetOriginId: website
          ViewerProtocolPolicy: redirect-to-https
"#
    )
}

/// A template of `site` whose domain and protocol are parameters
/// (`PROTOCOL_PARAM` is the protocol's declaration).
fn cdn(protocol_param: &str) -> String {
    format!(
        "Parameters:\n  Domain:\n    Type: String\n    Default: docs.s3-website-us-east-1.amazonaws.com\n{protocol_param}\nResources:\n{}",
        site("!Ref Domain", "!Ref Protocol")
    )
}

fn parent(parameters: &str) -> String {
    format!(
        r#"Resources:
  Cdn:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: nested/cdn.yaml
      Parameters:
{parameters}
"#
    )
}

#[test]
fn a_fault_that_only_exists_through_a_passed_parameter_is_found() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("parent.yaml", &parent("        Protocol: https-only")),
            ("nested/cdn.yaml", &cdn("  Protocol:\n    Type: String")),
        ],
    );
    let (status, report) = check(dir.path(), &["."]);
    assert_eq!(
        findings(&report),
        [("CF104".to_string(), "./nested/cdn.yaml".to_string())],
        "{report:#}"
    );
    assert_eq!(status, Some(1));
    assert_eq!(report["summary"]["files"], 2, "{report:#}");
    // the value to change is the one the parent passes
    let related = &report["findings"][0]["related"];
    assert!(
        related
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["file"] == "./parent.yaml"
                && r["message"].as_str().unwrap().contains("comes from here")),
        "{related:#}"
    );
    // alone, the nested template's protocol is unknown
    let (status, alone) = check(dir.path(), &["nested/cdn.yaml"]);
    assert_eq!(findings(&alone), [], "{alone:#}");
    assert_eq!(status, Some(0));
}

#[test]
fn a_passed_parameter_replaces_a_faulty_default() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("parent.yaml", &parent("        Protocol: http-only")),
            (
                "nested/cdn.yaml",
                &cdn("  Protocol:\n    Type: String\n    Default: https-only"),
            ),
        ],
    );
    // the directory holds both: the nested template is only read through
    // its parent
    let (status, report) = check(dir.path(), &["."]);
    assert_eq!(findings(&report), [], "{report:#}");
    assert_eq!(status, Some(0));
    assert_eq!(report["summary"]["files"], 2, "{report:#}");
    // named alone, its default is what it deploys with
    let (_, alone) = check(dir.path(), &["nested/cdn.yaml"]);
    assert_eq!(
        findings(&alone),
        [("CF104".to_string(), "nested/cdn.yaml".to_string())]
    );
}

#[test]
fn an_output_read_back_by_the_parent_and_passed_to_a_sibling() {
    let dir = tempfile::tempdir().unwrap();
    let origin = |domain: &str| {
        format!(
            "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\nOutputs:\n  Domain:\n    Value: {domain}\n"
        )
    };
    let parent = r#"Resources:
  Origin:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ./origin.yaml
  Cdn:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: nested/cdn.yaml
      Parameters:
        Domain: !GetAtt Origin.Outputs.Domain
        Protocol: https-only
"#;
    write(
        dir.path(),
        &[
            ("parent.yaml", parent),
            (
                "origin.yaml",
                &origin("docs.s3-website-us-east-1.amazonaws.com"),
            ),
            (
                "nested/cdn.yaml",
                &cdn("  Protocol:\n    Type: String").replace(
                    "Default: docs.s3-website-us-east-1.amazonaws.com",
                    "Default: docs.s3.amazonaws.com",
                ),
            ),
        ],
    );
    let (_, report) = check(dir.path(), &["."]);
    assert_eq!(
        findings(&report),
        [("CF104".to_string(), "./nested/cdn.yaml".to_string())],
        "{report:#}"
    );
    assert_eq!(report["summary"]["files"], 3, "{report:#}");
    // the same sibling with an S3 REST endpoint: nothing to report
    write(
        dir.path(),
        &[("origin.yaml", &origin("docs.s3.amazonaws.com"))],
    );
    let (status, report) = check(dir.path(), &["."]);
    assert_eq!(findings(&report), [], "{report:#}");
    assert_eq!(status, Some(0));
}

#[test]
fn a_parents_own_resource_reads_a_nested_output() {
    let dir = tempfile::tempdir().unwrap();
    let parent = format!(
        "Resources:\n  Origin:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: origin.json\n{}",
        site("!GetAtt Origin.Outputs.Domain", "https-only")
    );
    let origin = r#"{"Resources": {"B": {"Type": "AWS::S3::Bucket"}},
      "Outputs": {"Domain": {"Value": "docs.s3-website-eu-west-1.amazonaws.com"}}}"#;
    write(
        dir.path(),
        &[("parent.yaml", &parent), ("origin.json", origin)],
    );
    let (_, report) = check(dir.path(), &["parent.yaml"]);
    assert_eq!(
        findings(&report),
        [("CF104".to_string(), "parent.yaml".to_string())],
        "{report:#}"
    );
}

#[test]
fn unreadable_missing_and_cyclic_nested_templates() {
    let dir = tempfile::tempdir().unwrap();
    let nests = |url: &str| {
        format!(
            "Resources:\n  N:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: {url}\n"
        )
    };
    // a nested template that does not parse: one located error, exit 2
    write(
        dir.path(),
        &[
            ("broken/parent.yaml", &nests("child.yaml")),
            ("broken/child.yaml", "Resources: [unclosed\n"),
        ],
    );
    let (status, report) = check(dir.path(), &["broken"]);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{report:#}");
    assert_eq!(errors[0]["file"], "broken/child.yaml");
    assert_eq!(errors[0]["code"], "parse-error");
    assert!(errors[0]["line"].is_number(), "{report:#}");
    assert_eq!(status, Some(2));
    // a template not there yet (a build step makes it): nothing to say
    write(dir.path(), &[("missing/parent.yaml", &nests("gone.yaml"))]);
    let (status, report) = check(dir.path(), &["missing"]);
    assert_eq!(report["errors"], serde_json::json!([]), "{report:#}");
    assert_eq!(status, Some(0));
    // a cycle CloudFormation would refuse ends, each template linted
    write(
        dir.path(),
        &[
            ("cycle/a.yaml", &nests("b.yaml")),
            ("cycle/b.yaml", &nests("a.yaml")),
        ],
    );
    let (status, report) = check(dir.path(), &["cycle"]);
    assert_eq!(status, Some(0), "{report:#}");
    // an S3 URL is not followed
    write(
        dir.path(),
        &[(
            "remote/parent.yaml",
            &nests("https://s3.amazonaws.com/b/child.yaml"),
        )],
    );
    let (status, _) = check(dir.path(), &["remote"]);
    assert_eq!(status, Some(0));
}

#[test]
fn show_files_lists_the_nested_template_with_its_parent() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("parent.yaml", &parent("        Protocol: http-only")),
            ("nested/cdn.yaml", &cdn("  Protocol:\n    Type: String")),
        ],
    );
    let output = Command::cargo_bin("edgelint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", ".", "--show-files", "--no-config"])
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = listing.lines().collect();
    assert_eq!(
        lines,
        [
            "linted   ./nested/cdn.yaml: CloudFormation template with nested stacks",
            "linted   ./parent.yaml: CloudFormation template with nested stacks",
        ],
        "{listing}"
    );
}

#[test]
fn a_sam_application_with_a_local_location_is_a_nested_stack() {
    let dir = tempfile::tempdir().unwrap();
    let parent = r#"Transform: AWS::Serverless-2016-10-31
Resources:
  Cdn:
    Type: AWS::Serverless::Application
    Properties:
      Location: nested/cdn.yaml
      Parameters:
        Protocol: https-only
"#;
    write(
        dir.path(),
        &[
            ("template.yaml", parent),
            ("nested/cdn.yaml", &cdn("  Protocol:\n    Type: String")),
        ],
    );
    let (_, report) = check(dir.path(), &["template.yaml", "--whole-unit"]);
    assert_eq!(
        findings(&report),
        [("CF104".to_string(), "nested/cdn.yaml".to_string())],
        "{report:#}"
    );
    // named alone, the parent reports what is located in it
    let (_, report) = check(dir.path(), &["template.yaml"]);
    assert_eq!(findings(&report), [], "{report:#}");
    let (_, report) = check(dir.path(), &["template.yaml", "nested/cdn.yaml"]);
    assert_eq!(
        findings(&report),
        [("CF104".to_string(), "nested/cdn.yaml".to_string())],
        "{report:#}"
    );
}

#[test]
fn a_cdk_nested_stack_takes_the_parameters_its_parent_passes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cdk.out");
    let parent = r#"{"Resources": {"Cdn": {
      "Type": "AWS::CloudFormation::Stack",
      "Properties": {
        "TemplateURL": "https://s3.eu-west-1.amazonaws.com/assets/cdn.json",
        "Parameters": {"Protocol": "https-only"}},
      "Metadata": {"aws:asset:path": "SiteCdn.nested.template.yaml"}}}}"#;
    let nested = cdn("  Protocol:\n    Type: String\n    Default: http-only");
    let manifest = r#"{"version": "55.0.0", "artifacts": {"Site": {
      "type": "aws:cloudformation:stack",
      "environment": "aws://111111111111/eu-west-1",
      "properties": {"templateFile": "Site.template.json"}}}}"#;
    write(
        &out,
        &[
            ("manifest.json", manifest),
            ("Site.template.json", parent),
            ("SiteCdn.nested.template.yaml", &nested),
        ],
    );
    let (_, report) = check(dir.path(), &["cdk.out"]);
    assert_eq!(
        findings(&report),
        [(
            "CF104".to_string(),
            "cdk.out/SiteCdn.nested.template.yaml".to_string()
        )],
        "{report:#}"
    );
}

#[test]
fn each_stack_references_its_own_resources_when_logical_ids_repeat() {
    let dir = tempfile::tempdir().unwrap();
    let stack = |scheme: &str| {
        format!(
            "Resources:\n  Alb:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n    Properties:\n      Scheme: {scheme}\n      Subnets: [subnet-1, subnet-2]\n{}",
            site("!GetAtt Alb.DNSName", "http-only")
        )
    };
    let parent = r#"Resources:
  Internal:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: internal.yaml
  Public:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: public.yaml
"#;
    write(
        dir.path(),
        &[
            ("parent.yaml", parent),
            ("internal.yaml", &stack("internal")),
            ("public.yaml", &stack("internet-facing")),
        ],
    );
    let (_, report) = check(dir.path(), &["parent.yaml", "--whole-unit"]);
    assert_eq!(
        findings(&report),
        [("CF201".to_string(), "internal.yaml".to_string())],
        "{report:#}"
    );
    // the other order of the stacks, the same answer
    let parent = parent
        .replace("internal.yaml", "SWAP")
        .replace("public.yaml", "internal.yaml")
        .replace("SWAP", "public.yaml");
    write(dir.path(), &[("parent.yaml", &parent)]);
    let (_, report) = check(dir.path(), &["parent.yaml", "--whole-unit"]);
    assert_eq!(
        findings(&report),
        [("CF201".to_string(), "internal.yaml".to_string())],
        "{report:#}"
    );
}
