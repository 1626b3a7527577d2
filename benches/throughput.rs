//! Throughput benchmark: generates a corpus of realistic CloudFormation
//! templates and compares a full lint against a parse-only pass over the
//! same files (the floor: reading and parsing). Reports medians.
//!
//!     cargo bench --bench throughput [-- FILES RUNS]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use edgelint::document::Limits;
use edgelint::lint::{self, LintOptions};
use edgelint::rule::Registry;
use rayon::prelude::*;

/// One template of realistic size: a distribution with several origins and
/// behaviors, a load balancer with listener and security groups, and
/// Lambda@Edge functions with versions. `i` varies names and values so no
/// two files are identical.
fn template(i: usize) -> String {
    let mut origins = String::new();
    let mut behaviors = String::new();
    for o in 0..6 {
        let (domain, config) = match o % 3 {
            0 => (
                format!("site{i}-{o}.s3-website-us-east-1.amazonaws.com"),
                "CustomOriginConfig:\n              OriginProtocolPolicy: http-only".to_string(),
            ),
            1 => (
                "!GetAtt Alb.DNSName".to_string(),
                format!(
                    "CustomOriginConfig:\n              OriginProtocolPolicy: https-only\n              OriginReadTimeout: {}\n              OriginSSLProtocols: [TLSv1.2]",
                    30 + o
                ),
            ),
            _ => (
                format!("bucket{i}-{o}.s3.us-east-1.amazonaws.com"),
                "S3OriginConfig: {}".to_string(),
            ),
        };
        origins.push_str(&format!(
            "          - Id: origin{o}\n            DomainName: {domain}\n            {config}\n"
        ));
        behaviors.push_str(&format!(
            "          - PathPattern: /p{o}/*\n            TargetOriginId: origin{o}\n            ViewerProtocolPolicy: redirect-to-https\n            AllowedMethods: [GET, HEAD, OPTIONS]\n            CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n            LambdaFunctionAssociations:\n              - EventType: origin-request\n                LambdaFunctionARN: !Ref EdgeVersion\n"
        ));
    }
    format!(
        r#"AWSTemplateFormatVersion: "2010-09-09"
Description: generated template {i}
Parameters:
  DomainName:
    Type: String
    Default: www{i}.example.com
  CertificateArn:
    Type: String
Conditions:
  HasCert: !Not [!Equals [!Ref CertificateArn, ""]]
Resources:
  AlbSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: alb {i}
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          CidrIp: 0.0.0.0/0
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Scheme: internet-facing
      SecurityGroups: [!Ref AlbSecurityGroup]
      Subnets: [subnet-a, subnet-b]
      LoadBalancerAttributes:
        - Key: idle_timeout.timeout_seconds
          Value: "60"
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 443
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
      Certificates:
        - CertificateArn: !Ref CertificateArn
      DefaultActions:
        - Type: fixed-response
          FixedResponseConfig: {{ StatusCode: "200" }}
  EdgeRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {{ Service: [lambda.amazonaws.com, edgelambda.amazonaws.com] }}
            Action: sts:AssumeRole
  EdgeFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      MemorySize: 128
      Timeout: 5
      Role: !GetAtt EdgeRole.Arn
      Code:
        ZipFile: |
          exports.handler = async (event) => event.Records[0].cf.request;
  EdgeVersion:
    Type: AWS::Lambda::Version
    Properties:
      FunctionName: !Ref EdgeFunction
  Distribution:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Aliases: [!Ref DomainName]
        HttpVersion: http2and3
        ViewerCertificate: !If
          - HasCert
          - AcmCertificateArn: !Ref CertificateArn
            SslSupportMethod: sni-only
            MinimumProtocolVersion: TLSv1.2_2021
          - CloudFrontDefaultCertificate: true
        Origins:
{origins}        DefaultCacheBehavior:
          TargetOriginId: origin0
          ViewerProtocolPolicy: redirect-to-https
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
        CacheBehaviors:
{behaviors}        CustomErrorResponses:
          - ErrorCode: 502
            ErrorCachingMinTTL: 10
Outputs:
  DistributionDomain:
    Value: !GetAtt Distribution.DomainName
"#
    )
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| !a.starts_with('-'));
    let files: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(3000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(7);

    let dir = std::env::temp_dir().join(format!("edgelint-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let paths: Vec<PathBuf> = (0..files)
        .map(|i| {
            let path = dir.join(format!("stack{i:05}.yaml"));
            std::fs::write(&path, template(i)).expect("write template");
            path
        })
        .collect();
    let bytes: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();

    let registry = Registry::builtin().expect("rules load");
    let options = LintOptions::default();
    let limits = Limits::default();

    // warm the page cache and check the corpus lints cleanly
    let report = lint::lint_paths(std::slice::from_ref(&dir), &registry, &options);
    assert!(report.errors.is_empty(), "{:?}", report.errors.first());
    assert_eq!(report.files, files);

    let parse_only = || {
        paths.par_iter().for_each(|p| {
            let file = lint::read_file(p, &limits).expect("read");
            lint::parse_document(&file, &limits).expect("parse");
        });
    };
    let full = || {
        let report = lint::lint_paths(std::slice::from_ref(&dir), &registry, &options);
        std::hint::black_box(report.findings.len());
    };
    let time = |f: &dyn Fn()| {
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect::<Vec<_>>()
    };
    let parse = median(time(&parse_only));
    let lint = median(time(&full));
    let per_sec = |d: Duration| files as f64 / d.as_secs_f64();
    println!(
        "corpus: {files} templates, {:.1} MiB, {} rules, {} findings per run, {} threads",
        bytes as f64 / (1024.0 * 1024.0),
        registry.rules().len(),
        report.findings.len(),
        rayon::current_num_threads()
    );
    println!(
        "parse only: median {:>8.1} ms  {:>9.0} files/s",
        parse.as_secs_f64() * 1000.0,
        per_sec(parse)
    );
    println!(
        "full lint:  median {:>8.1} ms  {:>9.0} files/s",
        lint.as_secs_f64() * 1000.0,
        per_sec(lint)
    );
    println!(
        "ratio full/parse: {:.2} (medians of {runs} runs)",
        lint.as_secs_f64() / parse.as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
