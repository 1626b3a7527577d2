//! The derived facts of the model, computed once in Rust for every format.

use std::io::Write;

use edgelint::lint::{LintOptions, models};
use edgelint::model::{Model, ObjId};

fn model(yaml: &str) -> Model {
    let mut file = tempfile::Builder::new().suffix(".yaml").tempfile().unwrap();
    file.write_all(yaml.as_bytes()).unwrap();
    let (mut units, report) = models(&[file.path().to_path_buf()], &LintOptions::default());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    units.remove(0).scenarios.remove(0).model
}

fn origin(m: &Model, id: &str) -> ObjId {
    let dist = m.all("distributions")[0];
    m.children(dist, "origins")
        .into_iter()
        .find(|&o| m.str(o, "id") == Some(id))
        .unwrap()
}

fn ints(m: &Model, id: ObjId, field: &str) -> Vec<Option<i64>> {
    m.values(id, field).iter().map(|v| v.as_int()).collect()
}

const TEMPLATE: &str = r#"
Resources:
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: g
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0 }
        - { IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 10.0.0.0/8 }
        - { IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 203.0.113.0/24 }
        - { IpProtocol: udp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0 }
        - { IpProtocol: "-1", SourceSecurityGroupId: sg-123 }
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      SecurityGroups: [!Ref Group]
  Record:
    Type: AWS::Route53::RecordSet
    Properties:
      Name: api.example.com
      Type: A
      HostedZoneId: Z1
      AliasTarget: { DNSName: !GetAtt Alb.DNSName, HostedZoneId: Z2 }
  Cert:
    Type: AWS::CertificateManager::Certificate
    Properties:
      DomainName: example.com
      SubjectAlternativeNames: ["*.example.com"]
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs20.x, Handler: i.h, Role: r, Code: { ZipFile: x } }
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        ViewerCertificate:
          AcmCertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/abc
        Origins:
          - Id: alb
            DomainName: !GetAtt Alb.DNSName
            CustomOriginConfig: { OriginProtocolPolicy: match-viewer, HTTPSPort: 8443 }
          - Id: alias
            DomainName: api.example.com
            CustomOriginConfig: { OriginProtocolPolicy: http-only }
          - Id: site
            DomainName: b.s3-website.eu-west-1.amazonaws.com
            CustomOriginConfig: { OriginProtocolPolicy: http-only }
          - Id: rest
            DomainName: b.s3.amazonaws.com
            S3OriginConfig: {}
          - Id: api
            DomainName: x.execute-api.us-east-1.amazonaws.com
            CustomOriginConfig: { OriginProtocolPolicy: https-only }
          - Id: other
            DomainName: www.example.org
            CustomOriginConfig: { OriginProtocolPolicy: https-only }
        DefaultCacheBehavior:
          TargetOriginId: alb
          ViewerProtocolPolicy: allow-all
          LambdaFunctionAssociations:
            - EventType: viewer-request
              LambdaFunctionARN: arn:aws:lambda:us-west-2:123456789012:function:f:1
            - EventType: origin-request
              LambdaFunctionARN: !GetAtt Fn.Arn
"#;

#[test]
fn origin_kinds_targets_and_ports() {
    let m = model(TEMPLATE);
    let kind = |id: &str| m.str(origin(&m, id), "kind").map(str::to_string);
    assert_eq!(kind("alb").as_deref(), Some("load-balancer"));
    assert_eq!(
        kind("alias").as_deref(),
        Some("load-balancer"),
        "through the Route 53 alias"
    );
    assert_eq!(kind("site").as_deref(), Some("s3-website"));
    assert_eq!(kind("rest").as_deref(), Some("s3-rest"));
    assert_eq!(kind("api").as_deref(), Some("api-gateway"));
    assert_eq!(kind("other").as_deref(), Some("custom"));
    let alb = m.all("load_balancers")[0];
    assert_eq!(m.link(origin(&m, "alb"), "target"), Some(alb));
    assert_eq!(m.link(origin(&m, "alias"), "target"), Some(alb));
    // match-viewer with an allow-all behavior: HTTPS port and the default HTTP port
    assert_eq!(
        ints(&m, origin(&m, "alb"), "connect_ports"),
        vec![Some(8443), Some(80)]
    );
    assert!(m.values(origin(&m, "alb"), "connect_ports")[1].is_default());
    assert_eq!(
        ints(&m, origin(&m, "alias"), "connect_ports"),
        vec![Some(80)]
    );
}

#[test]
fn ingress_admission_of_cloudfront() {
    let m = model(TEMPLATE);
    let group = m.all("security_groups")[0];
    let admits: Vec<Option<bool>> = m
        .children(group, "ingress")
        .into_iter()
        .map(|r| m.bool(r, "admits_cloudfront"))
        .collect();
    // internet-wide; private; public range (unknown); UDP; a security group
    assert_eq!(
        admits,
        vec![Some(true), Some(false), None, Some(false), Some(false)]
    );
}

#[test]
fn associations_certificates_and_regions() {
    let m = model(TEMPLATE);
    let dist = m.all("distributions")[0];
    let behavior = m.children(dist, "behaviors")[0];
    let assocs = m.children(behavior, "lambda_associations");
    assert_eq!(m.str(assocs[0], "qualifier"), Some("version"));
    assert_eq!(m.str(assocs[0], "arn_region"), Some("us-west-2"));
    assert_eq!(m.bool(assocs[0], "viewer_event"), Some(true));
    assert_eq!(m.str(assocs[1], "qualifier"), Some("unqualified"));
    assert_eq!(
        m.link(assocs[1], "function"),
        Some(m.all("lambda_functions")[0])
    );
    assert!(
        m.value(assocs[1], "arn_region").is_none(),
        "no region in a reference"
    );
    let viewer = m.link(dist, "viewer_certificate").unwrap();
    assert_eq!(m.str(viewer, "certificate_region"), Some("eu-west-1"));
    let cert = m.all("certificates")[0];
    let names: Vec<&str> = m
        .values(cert, "names")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(names, vec!["example.com", "*.example.com"]);
}

const LISTENER_TEMPLATE: &str = r#"
Resources:
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Subnets: [a, b] }
  Cert:
    Type: AWS::CertificateManager::Certificate
    Properties:
      DomainName: "*.example.com"
      SubjectAlternativeNames: [example.org]
  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 443
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-FS-1-2-Res-2020-10
      Certificates: [{ CertificateArn: !Ref Cert }]
  Record:
    Type: AWS::Route53::RecordSet
    Properties:
      Name: api.example.com
      Type: A
      HostedZoneId: Z1
      AliasTarget: { DNSName: !GetAtt Alb.DNSName, HostedZoneId: Z2 }
  Policy:
    Type: AWS::CloudFront::OriginRequestPolicy
    Properties:
      OriginRequestPolicyConfig:
        Name: p
        HeadersConfig: { HeaderBehavior: allExcept, Headers: [Authorization] }
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Aliases: [www.example.com, a.b.example.com]
        Origins:
          - Id: raw
            DomainName: !GetAtt Alb.DNSName
            CustomOriginConfig: { OriginProtocolPolicy: https-only }
          - Id: alias
            DomainName: api.example.com
            CustomOriginConfig: { OriginProtocolPolicy: https-only, OriginSSLProtocols: [TLSv1.1, TLSv1.2] }
        DefaultCacheBehavior:
          TargetOriginId: raw
          ViewerProtocolPolicy: redirect-to-https
          OriginRequestPolicyId: !Ref Policy
        CacheBehaviors:
          - PathPattern: /a
            TargetOriginId: alias
            ViewerProtocolPolicy: redirect-to-https
            OriginRequestPolicyId: b689b0a8-53d0-40ab-baf2-68738e2966ac
          - PathPattern: /b
            TargetOriginId: alias
            ViewerProtocolPolicy: redirect-to-https
            ForwardedValues: { QueryString: false, Headers: ["*"] }
          - PathPattern: /c
            TargetOriginId: alias
            ViewerProtocolPolicy: redirect-to-https
            OriginRequestPolicyId: 00000000-0000-0000-0000-000000000000
"#;

#[test]
fn listener_tls_certificates_and_host_forwarding() {
    let m = model(LISTENER_TEMPLATE);
    let listener = m.all("listeners")[0];
    assert_eq!(m.str(listener, "min_tls_version"), Some("1.2"));
    let (raw, alias) = (origin(&m, "raw"), origin(&m, "alias"));
    assert_eq!(m.bool(raw, "load_balancer_dns_name"), Some(true));
    assert_eq!(m.bool(alias, "load_balancer_dns_name"), Some(false));
    assert_eq!(m.link(alias, "https_listener"), Some(listener));
    // CloudFormation's default protocols stop at TLS 1.0
    assert_eq!(m.str(raw, "max_tls_version"), Some("1.0"));
    assert_eq!(m.bool(raw, "tls_reaches_listener_minimum"), Some(false));
    assert_eq!(m.bool(alias, "tls_reaches_listener_minimum"), Some(true));
    assert_eq!(m.bool(alias, "certificate_covers_domain"), Some(true));
    let off: Vec<&str> = m
        .values(alias, "aliases_off_certificate")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(off, vec!["a.b.example.com"], "a wildcard covers one label");
    let dist = m.all("distributions")[0];
    let host: Vec<Option<bool>> = m
        .children(dist, "behaviors")
        .into_iter()
        .map(|b| m.bool(b, "forwards_host"))
        .collect();
    // allExcept without Host; AllViewerExceptHostHeader; `*`; an unknown policy
    assert_eq!(host, vec![Some(true), Some(false), Some(true), None]);
}

#[test]
fn rule_weights_per_ip_family() {
    let m = model(TEMPLATE);
    let group = m.all("security_groups")[0];
    let weights = |field: &str| -> Vec<Option<i64>> {
        m.children(group, "ingress")
            .into_iter()
            .map(|r| m.value(r, field).and_then(|v| v.as_int()))
            .collect()
    };
    // four IPv4 CIDRs and a group reference, which counts in both families
    assert_eq!(
        weights("ipv4_weight"),
        vec![Some(1), Some(1), Some(1), Some(1), Some(1)]
    );
    assert_eq!(
        weights("ipv6_weight"),
        vec![Some(0), Some(0), Some(0), Some(0), Some(1)]
    );
    let sum = |field: &str| m.value(group, field).and_then(|v| v.as_int());
    assert_eq!(sum("ipv4_rule_weight"), Some(5));
    assert_eq!(sum("ipv6_rule_weight"), Some(1));
}

#[test]
fn prefix_list_weights_and_ipv6_admission() {
    let m = model(
        r#"
Parameters:
  Pl: { Type: String }
Resources:
  Partners:
    Type: AWS::EC2::PrefixList
    Properties: { PrefixListName: p, AddressFamily: IPv4, MaxEntries: 20 }
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: g
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: 80, ToPort: 80, SourcePrefixListId: !Ref Partners }
        - { IpProtocol: tcp, FromPort: 80, ToPort: 80, SourcePrefixListId: !Ref Pl }
        - { IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIpv6: "::/0" }
        - { IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIpv6: "fd00::/8" }
"#,
    );
    let group = m.all("security_groups")[0];
    let rules = m.children(group, "ingress");
    let int = |id, field: &str| m.value(id, field).and_then(|v| v.as_int());
    assert_eq!(int(rules[0], "ipv4_weight"), Some(20));
    assert_eq!(int(rules[1], "ipv4_weight"), None, "unknown list");
    // the sum leaves the unknown list out: a lower bound
    assert_eq!(int(group, "ipv4_rule_weight"), Some(20));
    assert_eq!(int(group, "ipv6_rule_weight"), Some(2));
    let admits: Vec<Option<bool>> = rules
        .iter()
        .map(|&r| m.bool(r, "admits_cloudfront_ipv6"))
        .collect();
    assert_eq!(admits, vec![Some(false), None, Some(true), Some(false)]);
}

#[test]
fn failover_delay_internal_load_balancers_and_error_pages() {
    let m = model(
        r#"
Resources:
  Internal:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Scheme: internal }
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: app
            DomainName: !GetAtt Internal.DNSName
            ConnectionAttempts: 2
            CustomOriginConfig: { OriginProtocolPolicy: http-only }
          - Id: named
            DomainName: internal-x-1.eu-west-1.elb.amazonaws.com
            CustomOriginConfig: { OriginProtocolPolicy: http-only }
          - Id: pages
            DomainName: pages.s3.amazonaws.com
            S3OriginConfig: {}
        DefaultCacheBehavior: { TargetOriginId: app, ViewerProtocolPolicy: allow-all }
        CacheBehaviors:
          - { PathPattern: /errors/*, TargetOriginId: pages, ViewerProtocolPolicy: allow-all }
        CustomErrorResponses:
          - { ErrorCode: 503, ResponseCode: 503, ResponsePagePath: /errors/503.html }
          - { ErrorCode: 502, ResponseCode: 502, ResponsePagePath: /502.html }
"#,
    );
    let delay = |id: &str| m.value(origin(&m, id), "failover_delay").cloned();
    let app = delay("app").unwrap();
    assert_eq!(app.as_int(), Some(20));
    assert!(!app.is_default());
    assert!(delay("named").unwrap().is_default(), "3 × 10 s by default");
    assert_eq!(
        m.bool(origin(&m, "app"), "internal_load_balancer"),
        Some(true)
    );
    assert_eq!(
        m.bool(origin(&m, "named"), "internal_load_balancer"),
        Some(true)
    );
    assert_eq!(m.bool(origin(&m, "pages"), "internal_load_balancer"), None);
    let dist = m.all("distributions")[0];
    let responses = m.children(dist, "custom_error_responses");
    assert_eq!(
        m.link(responses[0], "page_origin"),
        Some(origin(&m, "pages"))
    );
    assert_eq!(m.bool(responses[0], "page_shares_origin"), Some(false));
    assert_eq!(m.link(responses[1], "page_origin"), Some(origin(&m, "app")));
    assert_eq!(m.bool(responses[1], "page_shares_origin"), Some(true));
}
