//! CF305 on packages measured from disk: zips above 1 MB and 50 MB made
//! (sparse) in a temporary directory beside a module, a template or a plan,
//! and the findings' exact positions. The fixtures under `testdata/` hold
//! only small or unmeasurable packages; with a lowered setting their small
//! zips are reported too.

use std::path::Path;

use edgelint::lint::{LintOptions, Report, lint_paths};
use edgelint::rule::Registry;

const MB: u64 = 1024 * 1024;

/// A file of `size` zero bytes, without writing them.
fn sized(dir: &Path, name: &str, size: u64) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::File::create(path).unwrap().set_len(size).unwrap();
}

fn lint(path: &Path, options: &LintOptions) -> Report {
    let registry = Registry::builtin().unwrap();
    let report = lint_paths(&[path.to_path_buf()], &registry, options);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    report
}

/// CF305 findings as `file:line:col severity function (related line)`.
fn cf305(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.code == "CF305")
        .map(|f| {
            let start = f.primary.start();
            let name = f.primary.file.path().file_name().unwrap().to_string_lossy();
            let function = f.message.split('`').nth(1).unwrap_or("");
            let related: Vec<String> = f
                .related
                .iter()
                .map(|r| format!("{} at {}", r.message, r.start().line))
                .collect();
            format!(
                "{name}:{}:{} {} {function} ({})",
                start.line,
                start.column,
                f.severity.as_str(),
                related.join(", ")
            )
        })
        .collect()
}

const MODULE: &str = r#"resource "aws_lambda_function" "viewer" {
  function_name = "viewer"
  filename      = "viewer.zip"
  publish       = true
}

resource "aws_lambda_function" "origin" {
  function_name = "origin"
  filename      = "${path.module}/origin.zip"
  publish       = true
}

resource "aws_lambda_function" "big_viewer" {
  function_name = "big-viewer"
  filename      = "origin.zip"
  publish       = true
}

resource "aws_lambda_function" "medium_origin" {
  function_name = "medium-origin"
  filename      = "viewer.zip"
  publish       = true
}

resource "aws_lambda_function" "exact" {
  function_name = "exact"
  filename      = "exact.zip"
  publish       = true
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true
  origin {
    origin_id   = "app"
    domain_name = "app.example.com"
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    lambda_function_association {
      event_type = "viewer-request"
      lambda_arn = aws_lambda_function.viewer.qualified_arn
    }
    lambda_function_association {
      event_type = "origin-request"
      lambda_arn = aws_lambda_function.origin.qualified_arn
    }
  }
  ordered_cache_behavior {
    path_pattern           = "/big/*"
    target_origin_id       = "app"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    lambda_function_association {
      event_type = "viewer-response"
      lambda_arn = aws_lambda_function.big_viewer.qualified_arn
    }
    lambda_function_association {
      event_type = "origin-response"
      lambda_arn = aws_lambda_function.medium_origin.qualified_arn
    }
  }
  ordered_cache_behavior {
    path_pattern           = "/exact/*"
    target_origin_id       = "app"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    lambda_function_association {
      event_type = "viewer-request"
      lambda_arn = aws_lambda_function.exact.qualified_arn
    }
  }
}
"#;

#[test]
fn terraform_packages_above_the_limits() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), MODULE).unwrap();
    sized(dir.path(), "viewer.zip", 2 * MB);
    sized(dir.path(), "origin.zip", 60 * MB);
    sized(dir.path(), "exact.zip", MB);
    let report = lint(&dir.path().join("main.tf"), &LintOptions::default());
    let got = cf305(&report);
    assert_eq!(
        got,
        [
            // 2 MB: a warning on a viewer event, nothing on an origin
            // event; exactly 1 MB is within the limit
            "main.tf:3:19 warning aws_lambda_function.viewer (associated on `viewer-request` here at 50)",
            // 60 MB: an error on every event, and on a viewer event only
            // the error
            "main.tf:9:19 error aws_lambda_function.origin (associated on `origin-request` here at 54)",
            "main.tf:15:19 error aws_lambda_function.big_viewer (associated on `viewer-response` here at 65)",
        ],
        "{got:#?}"
    );
    let error = report
        .findings
        .iter()
        .find(|f| f.code == "CF305" && f.severity.as_str() == "error")
        .unwrap();
    assert!(
        error.message.contains("62914560-byte package"),
        "{}",
        error.message
    );
    let warning = report
        .findings
        .iter()
        .find(|f| f.code == "CF305" && f.severity.as_str() == "warning")
        .unwrap();
    assert!(
        warning.message.contains("2097152-byte package"),
        "{}",
        warning.message
    );
    assert!(
        warning.message.contains("1048576 bytes"),
        "{}",
        warning.message
    );

    // the files gone (a fresh checkout before the build): nothing
    for name in ["viewer.zip", "origin.zip", "exact.zip"] {
        std::fs::remove_file(dir.path().join(name)).unwrap();
    }
    let report = lint(&dir.path().join("main.tf"), &LintOptions::default());
    assert!(cf305(&report).is_empty());
}

#[test]
fn sam_code_uri_above_the_viewer_limit() {
    let dir = tempfile::tempdir().unwrap();
    let template = "Transform: AWS::Serverless-2016-10-31
Resources:
  EdgeFn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/edge
      CodeUri: build/edge.zip
      AutoPublishAlias: live
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: app
            DomainName: app.example.com
            CustomOriginConfig: { OriginProtocolPolicy: https-only }
        DefaultCacheBehavior:
          TargetOriginId: app
          ViewerProtocolPolicy: redirect-to-https
          LambdaFunctionAssociations:
            - EventType: viewer-response
              LambdaFunctionARN: !Ref EdgeFn.Version
";
    let path = dir.path().join("template.yaml");
    std::fs::write(&path, template).unwrap();
    sized(dir.path(), "build/edge.zip", 3 * MB);
    assert_eq!(
        cf305(&lint(&path, &LintOptions::default())),
        ["template.yaml:9:16 warning EdgeFn (associated on `viewer-response` here at 25)"]
    );
    sized(dir.path(), "build/edge.zip", 51 * MB);
    assert_eq!(
        cf305(&lint(&path, &LintOptions::default())),
        ["template.yaml:9:16 error EdgeFn (associated on `viewer-response` here at 25)"]
    );
}

#[test]
fn plan_filename_read_beside_the_plan() {
    let parity = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/parity/lambda-edge");
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::copy(parity.join("plan.json"), &plan).unwrap();
    assert!(cf305(&lint(&plan, &LintOptions::default())).is_empty());
    // the plan's `"filename": "./edge.zip"`, beside it
    sized(dir.path(), "edge.zip", 2 * MB);
    let got = cf305(&lint(&plan, &LintOptions::default()));
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(
        got[0].starts_with("plan.json:432:23 warning aws_lambda_function.edge"),
        "{got:#?}"
    );
}

#[test]
fn fixtures_report_their_small_zips_under_a_lowered_setting() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut options = LintOptions::default();
    assert!(options.settings.set("viewer_package_size_limit", 100));
    let lines = |report: &Report| -> Vec<String> {
        cf305(report)
            .iter()
            .map(|f| f.split(' ').take(3).collect::<Vec<_>>().join(" "))
            .collect()
    };
    // the 275-byte zip, by both spellings of its path; nothing else there
    // can be measured
    let terraform = lint(&root.join("terraform/edge-function-package"), &options);
    assert_eq!(
        lines(&terraform),
        [
            "main.tf:16:19 warning aws_lambda_function.module_path",
            "main.tf:25:19 warning aws_lambda_function.plain_path",
        ]
    );
    // the zip, and the 55-byte inline code once the limit is below it
    let cfn = root.join("cfn/edge-function-package/template.yaml");
    assert_eq!(
        lines(&lint(&cfn, &options)),
        ["template.yaml:21:16 warning SamZip"]
    );
    options.settings.set("viewer_package_size_limit", 50);
    assert_eq!(
        lines(&lint(&cfn, &options)),
        [
            "template.yaml:21:16 warning SamZip",
            "template.yaml:25:19 warning SamInline",
            "template.yaml:32:24 warning Inline",
        ]
    );
}
