//! Tests of the CloudFormation front-end, on templates written inline.

use std::path::Path;

use serde_json::json;

use super::{MAX_CONDITION_SCENARIOS, is_template, load};
use crate::document::{Limits, Node, json, yaml};
use crate::frontend::{Options, Scenario};
use crate::model::{Attribute, Model, ObjId, Part, Reference, State, UnknownReason, Value};
use crate::source::FileId;

fn parse(text: &str) -> Node {
    if text.trim_start().starts_with('{') {
        json::parse(text, &Limits::default()).unwrap()
    } else {
        yaml::parse(text, &Limits::default()).unwrap()
    }
}

fn scenarios_with(text: &str, options: &Options) -> Vec<Scenario> {
    let mut notes = Vec::new();
    let all = load(FileId(0), Path::new(""), &parse(text), options, &mut notes).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    all
}

fn scenarios(text: &str) -> Vec<Scenario> {
    scenarios_with(text, &Options::default())
}

fn model_with(text: &str, options: &Options) -> Model {
    let mut all = scenarios_with(text, options);
    assert_eq!(all.len(), 1, "expected one scenario");
    assert!(all[0].conditions.is_empty());
    all.remove(0).model
}

fn model(text: &str) -> Model {
    model_with(text, &Options::default())
}

fn options(params: &[(&str, &str)], region: Option<&str>) -> Options {
    Options {
        params: params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        region: region.map(str::to_string),
        ..Options::default()
    }
}

/// The text a value's span covers.
fn written<'t>(text: &'t str, value: &Value) -> &'t str {
    &text[value.loc.span.range()]
}

fn first(model: &Model, collection: &str) -> ObjId {
    model.all(collection)[0]
}

fn origin(model: &Model, index: usize) -> ObjId {
    model.children(first(model, "distributions"), "origins")[index]
}

fn behavior(model: &Model, index: usize) -> ObjId {
    model.children(first(model, "distributions"), "behaviors")[index]
}

fn reference(resource: &str, attribute: Attribute) -> Part {
    Part::Ref(Reference {
        resource: resource.into(),
        attribute,
    })
}

fn lit(s: &str) -> Part {
    Part::Text(s.into())
}

/// A distribution whose first origin's domain name is `domain` (YAML).
fn with_domain(domain: &str) -> String {
    format!(
        "Resources:
  Site:
    Type: AWS::S3::Bucket
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins:
          - Id: o
            DomainName: {domain}
"
    )
}

fn domain_of(text: &str) -> Value {
    let m = model(text);
    m.value(origin(&m, 0), "domain_name").unwrap().clone()
}

// ---------------------------------------------------------------- detection

#[test]
fn detects_templates() {
    assert!(is_template(&parse(
        "AWSTemplateFormatVersion: '2010-09-09'\n"
    )));
    assert!(is_template(&parse(
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n"
    )));
    assert!(is_template(&parse(
        r#"{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}"#
    )));
    assert!(is_template(&parse(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n"
    )));
    assert!(!is_template(&parse(
        "Resources:\n  C:\n    Type: Custom::Thing\n"
    )));
    assert!(!is_template(&parse("resource: {}\n")));
    assert!(!is_template(&parse("- a\n- b\n")));
    assert!(!is_template(&parse(r#"{"DistributionConfig": {}}"#)));
}

#[test]
fn resources_that_are_no_map_are_an_error() {
    for text in ["Resources: [a, b]\n", "- a\n"] {
        let err = load(
            FileId(0),
            Path::new(""),
            &parse(text),
            &Options::default(),
            &mut Vec::new(),
        )
        .unwrap_err();
        assert_eq!(err.code, "invalid-template");
        assert!(err.loc.is_some());
    }
}

#[test]
fn a_template_without_resources_has_an_empty_model() {
    let all = scenarios("AWSTemplateFormatVersion: '2010-09-09'\n");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].model.to_json(), json!({}));
}

// ---------------------------------------------------------------- the distribution

const FULL_DISTRIBUTION: &str = r#"
Resources:
  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Aliases: [www.example.com, example.com]
        IPV6Enabled: false
        HttpVersion: http2and3
        WebACLId: arn:aws:wafv2:us-east-1:111122223333:global/webacl/x/1
        ViewerCertificate:
          AcmCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/abcd
          SslSupportMethod: sni-only
          MinimumProtocolVersion: TLSv1.2_2021
        Origins:
          - Id: app
            DomainName: origin.example.com
            OriginPath: /v1
            ConnectionAttempts: 2
            ConnectionTimeout: 5
            ResponseCompletionTimeout: 60
            CustomOriginConfig:
              OriginProtocolPolicy: https-only
              HTTPSPort: 8443
              OriginSSLProtocols: [TLSv1.2]
              OriginReadTimeout: 45
              IpAddressType: dualstack
            OriginCustomHeaders:
              - HeaderName: X-Secret
                HeaderValue: abc
            OriginShield:
              Enabled: true
              OriginShieldRegion: us-east-1
          - Id: bucket
            DomainName: b.s3.amazonaws.com
            OriginAccessControlId: E123
            S3OriginConfig:
              OriginAccessIdentity: ''
          - Id: vpc
            DomainName: internal.example.com
            VpcOriginConfig:
              VpcOriginId: vo_123
              OriginKeepaliveTimeout: 10
          - Id: bare
            DomainName: bare.example.com
        OriginGroups:
          Quantity: 1
          Items:
            - Id: group
              FailoverCriteria:
                StatusCodes:
                  Quantity: 2
                  Items: [500, 502]
              Members:
                Quantity: 2
                Items:
                  - OriginId: app
                  - OriginId: bucket
        DefaultCacheBehavior:
          TargetOriginId: group
          ViewerProtocolPolicy: redirect-to-https
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
          LambdaFunctionAssociations:
            - EventType: viewer-request
              LambdaFunctionARN: arn:aws:lambda:us-east-1:111122223333:function:edge:3
            - EventType: origin-request
              LambdaFunctionARN: arn:aws:lambda:us-east-1:111122223333:function:edge:3
              IncludeBody: true
          FunctionAssociations:
            - EventType: viewer-response
              FunctionARN: arn:aws:cloudfront::111122223333:function/f
        CacheBehaviors:
          - PathPattern: /api/*
            TargetOriginId: app
            ViewerProtocolPolicy: https-only
            AllowedMethods: [GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE]
            OriginRequestPolicyId: 216adef6-5c7f-47e4-b989-5492eafa07d3
            ForwardedValues:
              QueryString: true
              Headers: [Host, Authorization]
        CustomErrorResponses:
          - ErrorCode: 503
            ErrorCachingMinTTL: 300
            ResponseCode: 200
            ResponsePagePath: /error.html
"#;

#[test]
fn reads_a_full_distribution() {
    let m = model(FULL_DISTRIBUTION);
    let d = |v: serde_json::Value| json!({ "default": v });
    assert_eq!(
        m.to_json(),
        json!({
            "distributions": [{
                "id": "Dist",
                "enabled": true,
                "aliases": ["www.example.com", "example.com"],
                "ipv6_enabled": false,
                "http_version": "http2and3",
                "web_acl_id": "arn:aws:wafv2:us-east-1:111122223333:global/webacl/x/1",
                "viewer_certificate": {
                    "acm_certificate_arn": "arn:aws:acm:us-east-1:111122223333:certificate/abcd",
                    "ssl_support_method": "sni-only",
                    "minimum_protocol_version": "TLSv1.2_2021",
                },
                "origins": [
                    {
                        "id": "app",
                        "domain_name": "origin.example.com",
                        "origin_path": "/v1",
                        "config": "custom",
                        "protocol_policy": "https-only",
                        "http_port": d(json!(80)),
                        "https_port": 8443,
                        "ssl_protocols": ["TLSv1.2"],
                        "read_timeout": 45,
                        "keepalive_timeout": d(json!(5)),
                        "ip_address_type": "dualstack",
                        "connection_attempts": 2,
                        "connection_timeout": 5,
                        "response_completion_timeout": 60,
                        "custom_headers": [{"name": "X-Secret", "value": "abc"}],
                        "origin_shield_enabled": true,
                        "origin_shield_region": "us-east-1",
                    },
                    {
                        "id": "bucket",
                        "domain_name": "b.s3.amazonaws.com",
                        "config": "s3",
                        "read_timeout": d(json!(30)),
                        "connection_attempts": d(json!(3)),
                        "connection_timeout": d(json!(10)),
                        "origin_access_control_id": "E123",
                        "origin_access_identity": "",
                    },
                    {
                        "id": "vpc",
                        "domain_name": "internal.example.com",
                        "config": "vpc",
                        "read_timeout": d(json!(30)),
                        "keepalive_timeout": 10,
                        "connection_attempts": d(json!(3)),
                        "connection_timeout": d(json!(10)),
                        "vpc_origin_id": "vo_123",
                    },
                    {
                        "id": "bare",
                        "domain_name": "bare.example.com",
                        "config": d(json!("none")),
                        "connection_attempts": d(json!(3)),
                        "connection_timeout": d(json!(10)),
                    },
                ],
                "origin_groups": [{
                    "id": "group",
                    "status_codes": [500, 502],
                    "member_ids": ["app", "bucket"],
                }],
                "behaviors": [
                    {
                        "is_default": true,
                        "target_origin_id": "group",
                        "viewer_protocol_policy": "redirect-to-https",
                        "allowed_methods": [d(json!("GET")), d(json!("HEAD"))],
                        "cache_policy_id": "658327ea-f89d-4fab-a63d-7e88639e58f6",
                        "lambda_associations": [
                            {
                                "event_type": "viewer-request",
                                "arn": "arn:aws:lambda:us-east-1:111122223333:function:edge:3",
                                "include_body": d(json!(false)),
                            },
                            {
                                "event_type": "origin-request",
                                "arn": "arn:aws:lambda:us-east-1:111122223333:function:edge:3",
                                "include_body": true,
                            },
                        ],
                        "function_associations": [{
                            "event_type": "viewer-response",
                            "arn": "arn:aws:cloudfront::111122223333:function/f",
                        }],
                    },
                    {
                        "path_pattern": "/api/*",
                        "is_default": false,
                        "target_origin_id": "app",
                        "viewer_protocol_policy": "https-only",
                        "allowed_methods": ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
                        "origin_request_policy_id": "216adef6-5c7f-47e4-b989-5492eafa07d3",
                        "has_forwarded_values": true,
                        "forwarded_headers": ["Host", "Authorization"],
                    },
                ],
                "custom_error_responses": [{
                    "error_code": 503,
                    "error_caching_min_ttl": 300,
                    "response_code": 200,
                    "response_page_path": "/error.html",
                }],
                // each Quantity the template states, beside its list's length
                "quantity_lists": [
                    { "quantity": 1, "item_count": 1, "path": "OriginGroups" },
                    { "quantity": 2, "item_count": 2, "path": "OriginGroups.Items[0].Members" },
                    {
                        "quantity": 2,
                        "item_count": 2,
                        "path": "OriginGroups.Items[0].FailoverCriteria.StatusCodes"
                    },
                ],
            }]
        })
    );
}

#[test]
fn child_paths_use_ids_event_types_and_path_patterns() {
    let m = model(FULL_DISTRIBUTION);
    let path = |id: ObjId| m.object(id).path.to_string();
    assert_eq!(path(origin(&m, 0)), "origins[app]");
    assert_eq!(path(behavior(&m, 0)), "behaviors[default]");
    assert_eq!(path(behavior(&m, 1)), "behaviors[/api/*]");
    let assoc = m.children(behavior(&m, 0), "lambda_associations")[1];
    assert_eq!(
        path(assoc),
        "behaviors[default].lambda_associations[origin-request]"
    );
    assert_eq!(m.object(assoc).resource.as_deref(), Some("Dist"));
}

#[test]
fn defaults_are_located_at_the_enclosing_map() {
    let text = FULL_DISTRIBUTION;
    let m = model(text);
    let starts = |v: &Value, prefix: &str| {
        let w = written(text, v);
        assert!(v.is_default(), "{v:?} is no default");
        assert!(
            w.starts_with(prefix),
            "default located at {w:?}, expected {prefix:?}"
        );
    };
    // CustomOriginConfig defaults: at that map.
    let app = origin(&m, 0);
    starts(
        m.value(app, "http_port").unwrap(),
        "OriginProtocolPolicy: https-only",
    );
    starts(
        m.value(app, "keepalive_timeout").unwrap(),
        "OriginProtocolPolicy",
    );
    // Origin-level defaults: at the origin map.
    let bucket = origin(&m, 1);
    starts(
        m.value(bucket, "connection_attempts").unwrap(),
        "Id: bucket",
    );
    starts(
        m.value(bucket, "read_timeout").unwrap(),
        "OriginAccessIdentity",
    );
    let vpc = origin(&m, 2);
    starts(m.value(vpc, "read_timeout").unwrap(), "VpcOriginId");
    starts(m.value(origin(&m, 3), "config").unwrap(), "Id: bare");
    // Behavior defaults: at the behavior map.
    let b = behavior(&m, 0);
    for method in m.values(b, "allowed_methods") {
        starts(method, "TargetOriginId: group");
    }
    let assoc = m.children(b, "lambda_associations")[0];
    starts(
        m.value(assoc, "include_body").unwrap(),
        "EventType: viewer-request",
    );
    // is_default is Known, located at the behavior map.
    let is_default = m.value(b, "is_default").unwrap();
    assert!(!is_default.is_default());
    assert!(written(text, is_default).starts_with("TargetOriginId: group"));
}

#[test]
fn ssl_protocols_default_to_the_registry_default() {
    let text = with_domain(
        "x.example.com\n            CustomOriginConfig:\n              OriginProtocolPolicy: https-only",
    );
    let m = model(&text);
    let protocols = m.values(origin(&m, 0), "ssl_protocols");
    assert_eq!(protocols.len(), 2);
    assert_eq!(protocols[0].as_str(), Some("TLSv1"));
    assert_eq!(protocols[1].as_str(), Some("SSLv3"));
    for p in protocols {
        assert!(p.is_default());
        assert_eq!(written(&text, p), "OriginProtocolPolicy: https-only");
    }
}

#[test]
fn spans_point_at_values_as_written() {
    let text = "Parameters:
  Port:
    Type: Number
    Default: 8443
Resources:
  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins:
          - Id: \"app\"
            DomainName: !GetAtt Alb.DNSName
            CustomOriginConfig:
              HTTPSPort: !Ref Port
              OriginProtocolPolicy: https-only
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
";
    let m = model(text);
    let o = origin(&m, 0);
    assert_eq!(written(text, m.value(o, "id").unwrap()), "\"app\"");
    assert_eq!(
        written(text, m.value(o, "domain_name").unwrap()),
        "!GetAtt Alb.DNSName"
    );
    assert_eq!(
        written(text, m.value(o, "protocol_policy").unwrap()),
        "https-only"
    );
    let port = m.value(o, "https_port").unwrap();
    assert_eq!(written(text, port), "!Ref Port");
    assert_eq!(port.as_int(), Some(8443));
    assert_eq!(
        &text[port.origin.as_ref().unwrap().loc.span.range()],
        "8443"
    );
    // Objects are located at their maps; the resource at its Properties.
    let dist = first(&m, "distributions");
    assert!(written(text, m.value(dist, "id").unwrap()).starts_with("DistributionConfig:"));
}

// ---------------------------------------------------------------- intrinsics

/// The same distribution with YAML tags and in long form must read the same.
#[test]
fn tags_and_long_form_read_the_same() {
    let tags = r#"
Parameters:
  Env: {Type: String, Default: prod}
  Names: {Type: CommaDelimitedList, Default: "a.example.com,b.example.com"}
Mappings:
  Ports:
    prod: {Https: 443, Protocols: [TLSv1.2]}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Or [!Condition NotProd, !Equals [a, a]]]
Resources:
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
  Bucket:
    Type: AWS::S3::Bucket
  Fn:
    Type: AWS::Lambda::Function
  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Aliases: !Ref Names
        Enabled: !If [Both, true, false]
        HttpVersion: !Select [1, [http1.1, http2]]
        WebACLId: !Join ['-', [!Ref Env, !Select [0, !Split [',', 'x,y']]]]
        Origins:
          - Id: !Sub '${Env}-app'
            DomainName: !GetAtt Alb.DNSName
            OriginPath: !Base64 /path
            CustomOriginConfig:
              OriginProtocolPolicy: !If [NotProd, http-only, https-only]
              HTTPSPort: !FindInMap [Ports, !Ref Env, Https]
              OriginSSLProtocols: !FindInMap [Ports, prod, Protocols]
              OriginReadTimeout: !Length [a, b, c]
          - Id: !Sub ['${Prefix}-bucket', {Prefix: !Ref Env}]
            DomainName: !GetAtt [Bucket, RegionalDomainName]
            OriginAccessControlId: !ImportValue shared-oac
            S3OriginConfig:
              OriginAccessIdentity: !FindInMap [Ports, staging, Oai, {DefaultValue: none}]
        DefaultCacheBehavior:
          TargetOriginId: !Sub '${!Literal}'
          CachePolicyId: !ToJsonString {a: [1, true]}
          LambdaFunctionAssociations:
            - EventType: viewer-request
              LambdaFunctionARN: !Sub '${Fn.Arn}:3'
"#;
    let long = r#"{
  "Parameters": {
    "Env": {"Type": "String", "Default": "prod"},
    "Names": {"Type": "CommaDelimitedList", "Default": "a.example.com,b.example.com"}
  },
  "Mappings": {"Ports": {"prod": {"Https": 443, "Protocols": ["TLSv1.2"]}}},
  "Conditions": {
    "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
    "NotProd": {"Fn::Not": [{"Condition": "IsProd"}]},
    "Both": {"Fn::And": [{"Condition": "IsProd"}, {"Fn::Or": [{"Condition": "NotProd"}, {"Fn::Equals": ["a", "a"]}]}]}
  },
  "Resources": {
    "Alb": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer"},
    "Bucket": {"Type": "AWS::S3::Bucket"},
    "Fn": {"Type": "AWS::Lambda::Function"},
    "Dist": {
      "Type": "AWS::CloudFront::Distribution",
      "Properties": {"DistributionConfig": {
        "Aliases": {"Ref": "Names"},
        "Enabled": {"Fn::If": ["Both", true, false]},
        "HttpVersion": {"Fn::Select": [1, ["http1.1", "http2"]]},
        "WebACLId": {"Fn::Join": ["-", [{"Ref": "Env"}, {"Fn::Select": [0, {"Fn::Split": [",", "x,y"]}]}]]},
        "Origins": [
          {"Id": {"Fn::Sub": "${Env}-app"},
           "DomainName": {"Fn::GetAtt": ["Alb", "DNSName"]},
           "OriginPath": {"Fn::Base64": "/path"},
           "CustomOriginConfig": {
             "OriginProtocolPolicy": {"Fn::If": ["NotProd", "http-only", "https-only"]},
             "HTTPSPort": {"Fn::FindInMap": ["Ports", {"Ref": "Env"}, "Https"]},
             "OriginSSLProtocols": {"Fn::FindInMap": ["Ports", "prod", "Protocols"]},
             "OriginReadTimeout": {"Fn::Length": ["a", "b", "c"]}}},
          {"Id": {"Fn::Sub": ["${Prefix}-bucket", {"Prefix": {"Ref": "Env"}}]},
           "DomainName": {"Fn::GetAtt": "Bucket.RegionalDomainName"},
           "OriginAccessControlId": {"Fn::ImportValue": "shared-oac"},
           "S3OriginConfig": {
             "OriginAccessIdentity": {"Fn::FindInMap": ["Ports", "staging", "Oai", {"DefaultValue": "none"}]}}}
        ],
        "DefaultCacheBehavior": {
          "TargetOriginId": {"Fn::Sub": "${!Literal}"},
          "CachePolicyId": {"Fn::ToJsonString": {"a": [1, true]}},
          "LambdaFunctionAssociations": [
            {"EventType": "viewer-request", "LambdaFunctionARN": {"Fn::Sub": "${Fn.Arn}:3"}}
          ]
        }
      }}
    }
  }
}"#;
    let from_tags = model(tags);
    let from_long = model(long);
    assert_eq!(from_tags.to_json(), from_long.to_json());

    let d = |v: serde_json::Value| json!({ "default": v });
    assert_eq!(
        from_tags.to_json()["distributions"][0],
        json!({
            "id": "Dist",
            "enabled": true,
            "aliases": ["a.example.com", "b.example.com"],
            "http_version": "http2",
            "web_acl_id": "prod-x",
            "origins": [
                {
                    "id": "prod-app",
                    "domain_name": {"unknown": ["Alb.DnsName"]},
                    "origin_path": "/path",
                    "config": "custom",
                    "protocol_policy": "https-only",
                    "http_port": d(json!(80)),
                    "https_port": 443,
                    "ssl_protocols": ["TLSv1.2"],
                    "read_timeout": 3,
                    "keepalive_timeout": d(json!(5)),
                    "connection_attempts": d(json!(3)),
                    "connection_timeout": d(json!(10)),
                },
                {
                    "id": "prod-bucket",
                    "domain_name": {"unknown": ["Bucket.DnsName"]},
                    "config": "s3",
                    "read_timeout": d(json!(30)),
                    "connection_attempts": d(json!(3)),
                    "connection_timeout": d(json!(10)),
                    "origin_access_control_id": {"unknown": []},
                    "origin_access_identity": "none",
                },
            ],
            "behaviors": [{
                "is_default": true,
                "target_origin_id": "${Literal}",
                "allowed_methods": [d(json!("GET")), d(json!("HEAD"))],
                "cache_policy_id": "{\"a\":[1,true]}",
                "lambda_associations": [{
                    "event_type": "viewer-request",
                    "arn": {"unknown": ["Fn.Arn"]},
                    "include_body": d(json!(false)),
                }],
            }],
        })
    );
}

#[test]
fn sub_with_references_keeps_its_parts() {
    let text = "Parameters:
  Stage: {Type: String}
Resources:
  Fn:
    Type: AWS::Lambda::Function
  Api:
    Type: AWS::ApiGateway::RestApi
  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins:
          - Id: api
            DomainName: !Sub '${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}'
            OriginPath: !Sub '/${Stage}'
        DefaultCacheBehavior:
          LambdaFunctionAssociations:
            - EventType: viewer-request
              LambdaFunctionARN: !Sub '${Fn.Arn}:3'
";
    let m = model(text);
    let domain = m.value(origin(&m, 0), "domain_name").unwrap();
    assert_eq!(
        domain.state,
        State::Unknown(UnknownReason::Input("AWS::Region".into()))
    );
    assert_eq!(
        domain.parts,
        vec![
            reference("Api", Attribute::Id),
            lit(".execute-api."),
            Part::Opaque,
            lit(".amazonaws.com"),
        ]
    );
    let path = m.value(origin(&m, 0), "origin_path").unwrap();
    assert_eq!(
        path.state,
        State::Unknown(UnknownReason::Input("Stage".into()))
    );
    // a parameter without default is the same text wherever it is used
    assert_eq!(path.parts, vec![lit("/"), Part::Input("Stage".into())]);
    let assoc = m.children(behavior(&m, 0), "lambda_associations")[0];
    let arn = m.value(assoc, "arn").unwrap();
    assert_eq!(arn.state, State::Unknown(UnknownReason::Computed));
    assert_eq!(arn.parts, vec![reference("Fn", Attribute::Arn), lit(":3")]);

    // With the region given, the region is text.
    let m = model_with(text, &options(&[("Stage", "prod")], Some("eu-west-1")));
    let domain = m.value(origin(&m, 0), "domain_name").unwrap();
    assert_eq!(domain.state, State::Unknown(UnknownReason::Computed));
    assert_eq!(
        domain.parts,
        vec![
            reference("Api", Attribute::Id),
            lit(".execute-api.eu-west-1.amazonaws.com")
        ]
    );
    assert_eq!(m.str(origin(&m, 0), "origin_path"), Some("/prod"));
}

#[test]
fn attributes_are_normalized() {
    let text = "Resources:
  Fn: {Type: AWS::Lambda::Function}
  Ver: {Type: AWS::Lambda::Version}
  Live: {Type: AWS::Lambda::Alias}
  Cert: {Type: AWS::CertificateManager::Certificate}
  Alb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer}
  CfFn: {Type: AWS::CloudFront::Function}
  Sg: {Type: AWS::EC2::SecurityGroup}
  Elb: {Type: AWS::ElasticLoadBalancing::LoadBalancer}
  Other:
    Type: AWS::CloudFront::Distribution
  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Aliases:
          - !Ref Fn
          - !Ref Ver
          - !Ref Live
          - !Ref Cert
          - !Ref Alb
          - !GetAtt Fn.Arn
          - !GetAtt Ver.Version
          - !GetAtt Alb.DNSName
          - !GetAtt CfFn.FunctionARN
          - !GetAtt CfFn.FunctionMetadata.FunctionARN
          - !GetAtt Sg.GroupId
          - !Ref Sg
          - !GetAtt Alb.CanonicalHostedZoneID
          - !GetAtt Elb.DNSName
          - !GetAtt Other.DomainName
";
    let m = model(text);
    let dist = m.resource("Dist").unwrap();
    let got: Vec<Reference> = m
        .values(dist, "aliases")
        .iter()
        .map(|v| v.as_reference().unwrap().clone())
        .collect();
    let r = |resource: &str, attribute| Reference {
        resource: resource.into(),
        attribute,
    };
    assert_eq!(
        got,
        vec![
            r("Fn", Attribute::Id),
            r("Ver", Attribute::VersionArn),
            r("Live", Attribute::Arn),
            r("Cert", Attribute::Arn),
            r("Alb", Attribute::Arn),
            r("Fn", Attribute::Arn),
            r("Ver", Attribute::VersionNumber),
            r("Alb", Attribute::DnsName),
            r("CfFn", Attribute::Arn),
            r("CfFn", Attribute::Arn),
            r("Sg", Attribute::Id),
            r("Sg", Attribute::Id),
            r("Alb", Attribute::Other("CanonicalHostedZoneID".into())),
            r("Elb", Attribute::DnsName),
            r("Other", Attribute::DnsName),
        ]
    );
}

#[test]
fn bucket_attributes_have_endpoint_shapes() {
    let website = domain_of(&with_domain("!GetAtt Site.WebsiteURL"));
    assert_eq!(
        website.parts,
        vec![
            lit("http://"),
            reference("Site", Attribute::Other("WebsiteURL".into())),
            lit(".s3-website-"),
            Part::Opaque,
            lit(".amazonaws.com"),
        ]
    );
    let host = domain_of(&with_domain(
        "!Select [2, !Split ['/', !GetAtt Site.WebsiteURL]]",
    ));
    assert_eq!(host.state, State::Unknown(UnknownReason::Computed));
    assert_eq!(
        host.parts,
        vec![
            reference("Site", Attribute::WebsiteEndpoint),
            lit(".s3-website-"),
            Part::Opaque,
            lit(".amazonaws.com"),
        ]
    );
    // The scheme is Known text after the split.
    let scheme = domain_of(&with_domain(
        "!Select [0, !Split ['/', !GetAtt Site.WebsiteURL]]",
    ));
    assert_eq!(scheme.as_str(), Some("http:"));
    assert_eq!(
        domain_of(&with_domain("!GetAtt Site.DomainName")).parts,
        vec![
            reference("Site", Attribute::DnsName),
            lit(".s3.amazonaws.com")
        ]
    );
    assert_eq!(
        domain_of(&with_domain("!GetAtt Site.DualStackDomainName")).parts,
        vec![
            reference("Site", Attribute::DnsName),
            lit(".s3.dualstack."),
            Part::Opaque,
            lit(".amazonaws.com"),
        ]
    );
    // Splitting a plain reference says nothing about its pieces.
    let arn = domain_of(&with_domain("!Select [1, !Split [':', !Ref Alb]]"));
    assert!(arn.is_unknown());
    assert!(arn.as_reference().is_none());
}

// ---------------------------------------------------------------- parameters and unknowns

const PARAMS: &str = "Parameters:
  Domain:
    Type: String
    Default: origin.example.com
  Policy:
    Type: String
  Protocols:
    Type: CommaDelimitedList
    Default: 'TLSv1.2, TLSv1.1'
  Latest:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /edge/version
Resources:
  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins:
          - Id: app
            DomainName: !Ref Domain
            OriginPath: !Ref Latest
            CustomOriginConfig:
              OriginProtocolPolicy: !Ref Policy
              OriginSSLProtocols: !Ref Protocols
";

#[test]
fn parameters_take_their_defaults() {
    let m = model(PARAMS);
    let o = origin(&m, 0);
    let domain = m.value(o, "domain_name").unwrap();
    assert_eq!(
        domain.state,
        State::Known(crate::model::Scalar::str("origin.example.com"))
    );
    assert_eq!(written(PARAMS, domain), "!Ref Domain");
    assert_eq!(
        &PARAMS[domain.origin.as_ref().unwrap().loc.span.range()],
        "origin.example.com"
    );
    assert_eq!(
        domain.origin.as_ref().unwrap().set_by,
        crate::model::SetBy::Default
    );
    let protocols: Vec<_> = m
        .values(o, "ssl_protocols")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(protocols, ["TLSv1.2", "TLSv1.1"]);
    // No default, no --param: Unknown, naming the parameter.
    let policy = m.value(o, "protocol_policy").unwrap();
    assert_eq!(
        policy.state,
        State::Unknown(UnknownReason::Input("Policy".into()))
    );
    assert_eq!(written(PARAMS, policy), "!Ref Policy");
    // An SSM parameter's default is a parameter name, not its value.
    let path = m.value(o, "origin_path").unwrap();
    assert_eq!(path.state, State::Unknown(UnknownReason::External));
}

#[test]
fn given_parameters_override_defaults() {
    let m = model_with(
        PARAMS,
        &options(
            &[("Domain", "other.example.com"), ("Policy", "http-only")],
            None,
        ),
    );
    let o = origin(&m, 0);
    let domain = m.value(o, "domain_name").unwrap();
    assert_eq!(domain.as_str(), Some("other.example.com"));
    // located at the parameter's name, labelled with the flag that gives it
    let origin = domain.origin.as_ref().unwrap();
    assert_eq!(&PARAMS[origin.loc.span.range()], "Domain");
    assert_eq!(
        origin.label(),
        "the value of `Domain` is given outside the files (`--param Domain=…`)"
    );
    assert_eq!(m.str(o, "protocol_policy"), Some("http-only"));
}

#[test]
fn outside_values_are_unknown() {
    let text = r#"
Parameters:
  Secret:
    Type: String
    Default: '{{resolve:secretsmanager:origin-secret}}'
Resources:
  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        WebACLId: !ImportValue shared-acl
        HttpVersion: '{{resolve:ssm:/cdn/http-version}}'
        Aliases:
          - !Sub 'www.{{resolve:ssm:/cdn/domain}}'
          - !GetAZs ''
          - !Ref AWS::AccountId
          - !Ref AWS::Partition
          - !Cidr [10.0.0.0/16, 2, 8]
          - !Ref Nowhere
          - !Ref Secret
"#;
    let m = model(text);
    let dist = first(&m, "distributions");
    let reason = |v: &Value| match &v.state {
        State::Unknown(r) => r.clone(),
        other => panic!("{other:?} is not unknown"),
    };
    assert_eq!(
        reason(m.value(dist, "web_acl_id").unwrap()),
        UnknownReason::External
    );
    assert_eq!(
        reason(m.value(dist, "http_version").unwrap()),
        UnknownReason::External
    );
    let aliases = m.values(dist, "aliases");
    assert_eq!(reason(&aliases[0]), UnknownReason::External);
    assert_eq!(aliases[0].parts, vec![lit("www."), Part::Opaque]);
    assert_eq!(reason(&aliases[1]), UnknownReason::Unsupported);
    assert_eq!(
        reason(&aliases[2]),
        UnknownReason::Input("AWS::AccountId".into())
    );
    assert_eq!(aliases[3].as_str(), Some("aws"));
    assert_eq!(reason(&aliases[4]), UnknownReason::Unsupported);
    assert_eq!(reason(&aliases[5]), UnknownReason::Unsupported);
    assert_eq!(reason(&aliases[6]), UnknownReason::External);
    assert!(aliases[6].origin.is_some());
}

#[test]
fn region_comes_from_options() {
    let text = with_domain("!Sub 'x.${AWS::Region}.example.com'");
    let v = domain_of(&text);
    assert_eq!(
        v.state,
        State::Unknown(UnknownReason::Input("AWS::Region".into()))
    );
    let m = model_with(&text, &options(&[], Some("us-east-1")));
    assert_eq!(
        m.str(origin(&m, 0), "domain_name"),
        Some("x.us-east-1.example.com")
    );
}

// ---------------------------------------------------------------- conditions and scenarios

const CONDITIONAL: &str = "Parameters:
  Env: {Type: String}
  UseShield: {Type: String, Default: 'yes'}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Shield: !Equals [!Ref UseShield, 'yes']
  Unused: !Equals [!Ref Env, dev]
Resources:
  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins:
          - Id: app
            DomainName: !If [IsProd, prod.example.com, dev.example.com]
            OriginPath: !If [IsProd, !Ref AWS::NoValue, /dev]
            OriginShield: !If
              - Shield
              - {Enabled: true, OriginShieldRegion: us-east-1}
              - !Ref AWS::NoValue
            CustomOriginConfig:
              OriginProtocolPolicy: https-only
              OriginSSLProtocols:
                - TLSv1.2
                - !If [IsProd, !Ref AWS::NoValue, TLSv1.1]
          - !If
            - IsProd
            - {Id: extra, DomainName: extra.example.com}
            - !Ref AWS::NoValue
  Cert:
    Type: AWS::CertificateManager::Certificate
    Condition: IsProd
    Properties:
      DomainName: example.com
";

#[test]
fn undecided_conditions_give_one_scenario_each_way() {
    let all = scenarios(CONDITIONAL);
    assert_eq!(all.len(), 2);
    let prod = all
        .iter()
        .find(|s| s.conditions == [("IsProd".to_string(), true)])
        .unwrap();
    let dev = all
        .iter()
        .find(|s| s.conditions == [("IsProd".to_string(), false)])
        .unwrap();

    let m = &prod.model;
    assert_eq!(m.children(first(m, "distributions"), "origins").len(), 2);
    let o = origin(m, 0);
    assert_eq!(m.str(o, "domain_name"), Some("prod.example.com"));
    assert!(m.value(o, "origin_path").is_none());
    assert_eq!(m.values(o, "ssl_protocols").len(), 1);
    // Decided condition (default 'yes'): the shield is there.
    assert_eq!(m.bool(o, "origin_shield_enabled"), Some(true));
    assert_eq!(m.all("certificates").len(), 1);

    let m = &dev.model;
    assert_eq!(m.children(first(m, "distributions"), "origins").len(), 1);
    let o = origin(m, 0);
    assert_eq!(m.str(o, "domain_name"), Some("dev.example.com"));
    assert_eq!(m.str(o, "origin_path"), Some("/dev"));
    let protocols: Vec<_> = m
        .values(o, "ssl_protocols")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(protocols, ["TLSv1.2", "TLSv1.1"]);
    assert!(m.all("certificates").is_empty());
}

#[test]
fn decided_conditions_give_one_scenario() {
    let m = model_with(
        CONDITIONAL,
        &options(&[("Env", "prod"), ("UseShield", "no")], None),
    );
    let o = origin(&m, 0);
    assert_eq!(m.str(o, "domain_name"), Some("prod.example.com"));
    assert!(m.value(o, "origin_shield_enabled").is_none());
    assert_eq!(m.all("certificates").len(), 1);
}

#[test]
fn a_condition_takes_one_value_per_scenario() {
    // `NotProd` is `Not IsProd`: the two never hold together.
    let text = "Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
Resources:
  A:
    Type: AWS::CertificateManager::Certificate
    Condition: IsProd
    Properties: {DomainName: a.example.com}
  B:
    Type: AWS::CertificateManager::Certificate
    Condition: NotProd
    Properties: {DomainName: !If [IsProd, x.example.com, b.example.com]}
";
    let all = scenarios(text);
    assert_eq!(all.len(), 2);
    for s in &all {
        assert_eq!(s.model.all("certificates").len(), 1, "{:?}", s.conditions);
        let prod = s.conditions.iter().find(|(n, _)| n == "IsProd").unwrap().1;
        let cert = first(&s.model, "certificates");
        let expected = if prod {
            "a.example.com"
        } else {
            "b.example.com"
        };
        assert_eq!(s.model.str(cert, "domain_name"), Some(expected));
    }
}

#[test]
fn conditions_of_ignored_resources_do_not_multiply_scenarios() {
    let text = "Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Condition: IsProd
    Properties:
      TopicName: !If [IsProd, a, b]
";
    assert_eq!(scenarios(text).len(), 1);
}

#[test]
fn many_undecided_conditions_are_bounded() {
    let mut text = String::from("Parameters:\n  P: {Type: String}\nConditions:\n");
    for i in 0..10 {
        text.push_str(&format!("  C{i}: !Equals [!Ref P, v{i}]\n"));
    }
    text.push_str("Resources:\n");
    for i in 0..10 {
        text.push_str(&format!(
            "  Cert{i}:\n    Type: AWS::CertificateManager::Certificate\n    Condition: C{i}\n    Properties: {{DomainName: c{i}.example.com}}\n"
        ));
    }
    let all = scenarios(&text);
    // all false, all true, each one alone
    assert_eq!(all.len(), 12);
    assert!(all.len() <= MAX_CONDITION_SCENARIOS);
    let counts: Vec<usize> = all
        .iter()
        .map(|s| s.model.all("certificates").len())
        .collect();
    assert_eq!(counts[0], 0);
    assert_eq!(counts[1], 10);
    assert!(counts[2..].iter().all(|&c| c == 1));
    assert!(all.iter().all(|s| s.conditions.len() == 10));

    // Six undecided conditions: every combination.
    let six = text
        .replace("C6", "X6")
        .replace("C7", "X7")
        .replace("C8", "X8")
        .replace("C9", "X9");
    let six = six
        .lines()
        .filter(|l| !l.starts_with("  X"))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(scenarios(&six).len(), 64);
}

// ---------------------------------------------------------------- other resources

#[test]
fn reads_load_balancers_listeners_and_security_groups() {
    let text = "Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: alb
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          SourcePrefixListId: pl-3b927c52
        - IpProtocol: -1
          CidrIpv6: ::/0
  ExtraRule:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !GetAtt Sg.GroupId
      IpProtocol: 6
      FromPort: 80
      ToPort: 80
      CidrIp: 0.0.0.0/0
  ForeignRule:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: sg-0123456789
      IpProtocol: tcp
      SourceSecurityGroupId: !Ref Sg
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Scheme: internal
      SecurityGroups: [!Ref Sg]
      LoadBalancerAttributes:
        - Key: deletion_protection.enabled
          Value: 'true'
        - Key: idle_timeout.timeout_seconds
          Value: '120'
  Nlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: network
  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 443
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
      Certificates:
        - CertificateArn: !Ref Cert
  MoreCerts:
    Type: AWS::ElasticLoadBalancingV2::ListenerCertificate
    Properties:
      ListenerArn: !Ref Https
      Certificates:
        - CertificateArn: arn:aws:acm:eu-west-1:111122223333:certificate/other
  Cert:
    Type: AWS::CertificateManager::Certificate
    Properties:
      DomainName: origin.example.com
      SubjectAlternativeNames: ['*.origin.example.com']
      ValidationMethod: DNS
";
    let m = model(text);
    let d = |v: serde_json::Value| json!({ "default": v });
    let j = m.to_json();
    assert_eq!(
        j["security_groups"],
        json!([{
            "id": "Sg",
            "ingress": [
                {"protocol": "tcp", "from_port": 443, "to_port": 443, "prefix_list_id": "pl-3b927c52"},
                {"protocol": "-1", "cidr_ipv6": "::/0"},
                {"protocol": "6", "from_port": 80, "to_port": 80, "cidr_ipv4": "0.0.0.0/0"},
            ],
        }])
    );
    assert_eq!(
        j["load_balancers"],
        json!([
            {
                "id": "Alb",
                "type": d(json!("application")),
                "scheme": "internal",
                "idle_timeout": "120",
                "security_group_ids": [{"unknown": ["Sg.Id"]}],
            },
            {"id": "Nlb", "type": "network", "scheme": d(json!("internet-facing"))},
        ])
    );
    assert_eq!(
        j["listeners"],
        json!([{
            "id": "Https",
            "load_balancer_arn": {"unknown": ["Alb.Arn"]},
            "port": 443,
            "protocol": "HTTPS",
            "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "certificate_arns": [
                {"unknown": ["Cert.Arn"]},
                "arn:aws:acm:eu-west-1:111122223333:certificate/other",
            ],
        }])
    );
    assert_eq!(
        j["certificates"],
        json!([{
            "id": "Cert",
            "domain_name": "origin.example.com",
            "subject_alternative_names": ["*.origin.example.com"],
            "key_algorithm": d(json!("RSA_2048")),
            "validation_method": "DNS",
            // the stack's region, not given here
            "region": {"unknown": []},
        }])
    );
    // The standalone rule keeps its own resource name and span.
    let sg = first(&m, "security_groups");
    let standalone = m.children(sg, "ingress")[2];
    assert_eq!(m.object(standalone).resource.as_deref(), Some("ExtraRule"));
    assert!(text[m.object(standalone).loc.span.range()].starts_with("GroupId: !GetAtt Sg.GroupId"));
    let inline = m.children(sg, "ingress")[0];
    assert_eq!(m.object(inline).resource.as_deref(), Some("Sg"));
}

#[test]
fn reads_lambda_functions_versions_aliases_and_roles() {
    let text = r#"
Resources:
  EdgeRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: [lambda.amazonaws.com, edgelambda.amazonaws.com]
            Action: sts:AssumeRole
          - Effect: Deny
            Principal: {Service: ec2.amazonaws.com}
            Action: sts:AssumeRole
  JsonRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: '{"Statement": {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}}'
  Edge:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: edge
      Runtime: nodejs20.x
      Role: !GetAtt EdgeRole.Arn
      MemorySize: 256
      Architectures: [arm64]
      Environment:
        Variables:
          STAGE: prod
          TABLE: !Ref AWS::NoValue
      VpcConfig:
        SubnetIds: [subnet-1, subnet-2]
      Layers: [arn:aws:lambda:us-east-1:111122223333:layer:l:1]
      EphemeralStorage: {Size: 1024}
      DeadLetterConfig: {TargetArn: arn:aws:sqs:us-east-1:111122223333:dlq}
      TracingConfig: {Mode: Active}
  EdgeVersion:
    Type: AWS::Lambda::Version
    Properties:
      FunctionName: !Ref Edge
  EdgeAlias:
    Type: AWS::Lambda::Alias
    Properties:
      Name: live
      FunctionName: !Ref Edge
      FunctionVersion: !GetAtt EdgeVersion.Version
  Rewrite:
    Type: AWS::CloudFront::Function
    Properties:
      Name: rewrite
      AutoPublish: true
      FunctionCode: 'function handler(e) { return e.request; }'
      FunctionConfig:
        Comment: rewrite
        Runtime: cloudfront-js-2.0
        KeyValueStoreAssociations:
          - KeyValueStoreARN: arn:aws:cloudfront::111122223333:key-value-store/k
  Plain:
    Type: AWS::CloudFront::Function
    Properties:
      Name: plain
      FunctionCode: !Sub 'var x = "${AWS::Region}";'
"#;
    let m = model_with(text, &options(&[], Some("us-east-1")));
    let j = m.to_json();
    let d = |v: serde_json::Value| json!({ "default": v });
    assert_eq!(
        j["iam_roles"],
        json!([
            {"id": "EdgeRole", "trusted_services": ["lambda.amazonaws.com", "edgelambda.amazonaws.com"]},
            {"id": "JsonRole", "trusted_services": ["lambda.amazonaws.com"]},
        ])
    );
    assert_eq!(
        j["lambda_functions"],
        json!([{
            "id": "Edge",
            "function_name": "edge",
            "runtime": "nodejs20.x",
            "memory_size": 256,
            "timeout": d(json!(3)),
            "architectures": ["arm64"],
            "environment_variables": ["STAGE"],
            "vpc_subnet_ids": ["subnet-1", "subnet-2"],
            "layers": ["arn:aws:lambda:us-east-1:111122223333:layer:l:1"],
            "package_type": d(json!("Zip")),
            "ephemeral_storage": 1024,
            "dead_letter_target": "arn:aws:sqs:us-east-1:111122223333:dlq",
            "tracing_mode": "Active",
            "role": {"unknown": ["EdgeRole.Arn"]},
            "region": "us-east-1",
        }])
    );
    assert_eq!(
        j["lambda_versions"],
        json!([{"id": "EdgeVersion", "function_name": {"unknown": ["Edge.Id"]}}])
    );
    assert_eq!(
        j["lambda_aliases"],
        json!([{"id": "EdgeAlias", "name": "live", "function_name": {"unknown": ["Edge.Id"]}}])
    );
    assert_eq!(
        j["cloudfront_functions"],
        json!([
            {
                "id": "Rewrite",
                "name": "rewrite",
                "runtime": "cloudfront-js-2.0",
                "publish": true,
                "code_size": 41,
                "key_value_store_count": 1,
            },
            {
                "id": "Plain",
                "name": "plain",
                "runtime": d(json!("cloudfront-js-1.0")),
                "publish": d(json!(false)),
                "code_size": 20,
            },
        ])
    );
    // Environment variable names are located at their keys.
    let f = first(&m, "lambda_functions");
    assert_eq!(
        written(text, &m.values(f, "environment_variables")[0]),
        "STAGE"
    );
}

#[test]
fn unknown_trust_principals_make_the_list_unknown() {
    let text = "Parameters:
  Principal: {Type: String}
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Service: [lambda.amazonaws.com, !Ref Principal]
";
    let m = model(text);
    let role = first(&m, "iam_roles");
    let v = m.value(role, "trusted_services").unwrap();
    assert_eq!(
        v.state,
        State::Unknown(UnknownReason::Input("Principal".into()))
    );
}

#[test]
fn reads_route53_zones_and_records() {
    let text = "Resources:
  Zone:
    Type: AWS::Route53::HostedZone
    Properties:
      Name: internal.example.com
      VPCs:
        - VPCId: vpc-1
          VPCRegion: us-east-1
  Public:
    Type: AWS::Route53::HostedZone
    Properties:
      Name: example.com
  Record:
    Type: AWS::Route53::RecordSet
    Properties:
      HostedZoneId: !Ref Zone
      Name: origin.internal.example.com
      Type: A
      AliasTarget:
        DNSName: !GetAtt Alb.DNSName
        HostedZoneId: !GetAtt Alb.CanonicalHostedZoneID
  Group:
    Type: AWS::Route53::RecordSetGroup
    Properties:
      HostedZoneName: example.com.
      RecordSets:
        - Name: www.example.com
          Type: CNAME
          TTL: '300'
          ResourceRecords: [d111111abcdef8.cloudfront.net]
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
";
    let m = model(text);
    let j = m.to_json();
    assert_eq!(
        j["hosted_zones"],
        json!([
            {"id": "Zone", "name": "internal.example.com", "private": true},
            {"id": "Public", "name": "example.com", "private": {"default": false}},
        ])
    );
    assert_eq!(
        j["dns_records"],
        json!([
            {
                "id": "Record",
                "name": "origin.internal.example.com",
                "type": "A",
                "zone_id": {"unknown": ["Zone.Id"]},
                "alias_target": {"unknown": ["Alb.DnsName"]},
            },
            {
                "id": "Group.RecordSets[0]",
                "name": "www.example.com",
                "type": "CNAME",
                "zone_id": "example.com.",
            },
        ])
    );
}

// ---------------------------------------------------------------- SAM

const SAM: &str = "Transform: AWS::Serverless-2016-10-31
Parameters:
  AliasName: {Type: String, Default: live}
Globals:
  Function:
    Runtime: nodejs18.x
    MemorySize: 512
    Layers: [arn:aws:lambda:us-east-1:111122223333:layer:global:1]
    Environment:
      Variables:
        GLOBAL: 'yes'
Resources:
  Edge:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      MemorySize: 128
      AutoPublishAlias: !Ref AliasName
      Layers: [arn:aws:lambda:us-east-1:111122223333:layer:own:1]
      Environment:
        Variables:
          OWN: 'yes'
      DeadLetterQueue: {Type: SQS, TargetArn: arn:aws:sqs:us-east-1:111122223333:q}
      Tracing: Active
  Other:
    Type: AWS::Serverless::Function
    Properties:
      Role: arn:aws:iam::111122223333:role/r
  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        DefaultCacheBehavior:
          LambdaFunctionAssociations:
            - EventType: viewer-request
              LambdaFunctionARN: !Ref Edge.Version
            - EventType: viewer-response
              LambdaFunctionARN: !GetAtt Edge.Version.FunctionArn
            - EventType: origin-request
              LambdaFunctionARN: !Ref EdgeAliaslive
            - EventType: origin-response
              LambdaFunctionARN: !Sub '${Edge.Version}'
        Origins:
          - Id: api
            DomainName: !Sub '${ServerlessRestApi}.execute-api.us-east-1.amazonaws.com'
";

#[test]
fn sam_functions_get_globals_versions_aliases_and_roles() {
    let m = model(SAM);
    let j = m.to_json();
    assert_eq!(j["lambda_functions"][0]["runtime"], json!("nodejs18.x"));
    assert_eq!(j["lambda_functions"][0]["memory_size"], json!(128));
    assert_eq!(
        j["lambda_functions"][0]["layers"],
        json!([
            "arn:aws:lambda:us-east-1:111122223333:layer:global:1",
            "arn:aws:lambda:us-east-1:111122223333:layer:own:1",
        ])
    );
    assert_eq!(
        j["lambda_functions"][0]["environment_variables"],
        json!(["OWN", "GLOBAL"])
    );
    assert_eq!(
        j["lambda_functions"][0]["dead_letter_target"],
        json!("arn:aws:sqs:us-east-1:111122223333:q")
    );
    assert_eq!(j["lambda_functions"][0]["tracing_mode"], json!("Active"));
    assert_eq!(
        j["lambda_functions"][0]["role"],
        json!({"unknown": ["EdgeRole.Arn"]})
    );
    assert_eq!(
        j["lambda_functions"][1]["role"],
        json!("arn:aws:iam::111122223333:role/r")
    );
    assert_eq!(j["lambda_functions"][1]["memory_size"], json!(512));
    assert_eq!(
        j["lambda_versions"],
        json!([{"id": "Edge.Version", "function_name": {"unknown": ["Edge.Id"]}}])
    );
    assert_eq!(
        j["lambda_aliases"],
        json!([{"id": "EdgeAliaslive", "name": "live", "function_name": {"unknown": ["Edge.Id"]}}])
    );
    assert_eq!(
        j["iam_roles"],
        json!([{"id": "EdgeRole", "trusted_services": [{"default": "lambda.amazonaws.com"}]}])
    );
    let arns: Vec<_> = j["distributions"][0]["behaviors"][0]["lambda_associations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["arn"].clone())
        .collect();
    assert_eq!(
        arns,
        [
            json!({"unknown": ["Edge.Version.VersionArn"]}),
            json!({"unknown": ["Edge.Version.VersionArn"]}),
            json!({"unknown": ["EdgeAliaslive.Arn"]}),
            json!({"unknown": ["Edge.Version.VersionArn"]}),
        ]
    );
    let api = m.value(origin(&m, 0), "domain_name").unwrap();
    assert_eq!(api.parts[0], reference("ServerlessRestApi", Attribute::Id));
    // The generated version is located at AutoPublishAlias.
    let version = first(&m, "lambda_versions");
    assert_eq!(&SAM[m.object(version).loc.span.range()], "!Ref AliasName");
}

#[test]
fn sam_role_trust_follows_assume_role_policy_document() {
    let text = "Transform: AWS::Serverless-2016-10-31
Resources:
  Edge:
    Type: AWS::Serverless::Function
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: [lambda.amazonaws.com, edgelambda.amazonaws.com]}
            Action: sts:AssumeRole
";
    let m = model(text);
    assert_eq!(
        m.to_json()["iam_roles"],
        json!([{"id": "EdgeRole", "trusted_services": ["lambda.amazonaws.com", "edgelambda.amazonaws.com"]}])
    );
}

// ---------------------------------------------------------------- bad input

#[test]
fn malformed_shapes_are_skipped() {
    let texts = [
        "Resources:\n  D:\n    Type: AWS::CloudFront::Distribution\n    Properties: [1, 2]\n",
        "Resources:\n  D:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig: [1]\n",
        "Resources:\n  D:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Origins: {Id: a}\n        DefaultCacheBehavior: 3\n        CacheBehaviors: [1, [2], {PathPattern: [x]}]\n        Aliases: {a: b}\n",
        "Resources:\n  D:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Origins:\n          - Id: !GetAtt\n            DomainName: !Sub [1, 2, 3]\n            OriginPath: !Select [x, [a]]\n            CustomOriginConfig:\n              HTTPPort: !FindInMap [A]\n              HTTPSPort: !Join [',', !Ref Nothing]\n              OriginReadTimeout: !Select [9, !Split [',', a]]\n              OriginSSLProtocols: !Split ['', abc]\n",
        "Resources:\n  D:\n    Type: AWS::CloudFront::Distribution\n    Condition: [x]\n    Properties:\n      DistributionConfig:\n        Enabled: !If [Missing, true, false]\n        Aliases: !If [Missing]\n",
        "Conditions:\n  A: !Condition B\n  B: !Condition A\n  C: !Equals [1]\n  D: !Bogus x\nResources:\n  D:\n    Type: AWS::CloudFront::Distribution\n    Condition: A\n    Properties:\n      DistributionConfig:\n        Enabled: !If [C, true, !If [D, 1, 2]]\n",
        "Resources:\n  S:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties:\n      GroupId: !Ref Missing\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: 'not json'\n  L:\n    Type: AWS::ElasticLoadBalancingV2::ListenerCertificate\n    Properties: {ListenerArn: x}\n",
        "Resources:\n  N:\n    Type: AWS::Lambda::Function\n  M:\n    Type: 7\n  O: 8\n",
    ];
    for text in texts {
        let all = scenarios(text);
        assert!(!all.is_empty(), "{text}");
    }
}

#[test]
fn deep_expressions_are_cut_off() {
    // A long chain of nested functions: evaluation is cut off, not crashed.
    let mut value = String::from("\"x\"");
    for _ in 0..150 {
        value = format!("{{\"Fn::Base64\": {value}}}");
    }
    let text = format!(
        r#"{{"Resources": {{"D": {{"Type": "AWS::CloudFront::Distribution", "Properties": {{"DistributionConfig": {{"HttpVersion": {value}}}}}}}}}}}"#
    );
    let m = model(&text);
    let v = m.value(first(&m, "distributions"), "http_version").unwrap();
    assert_eq!(v.state, State::Unknown(UnknownReason::Unsupported));
}

#[test]
fn sam_function_urls_have_their_shape() {
    let text = "Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      FunctionUrlConfig: {AuthType: NONE}
  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins:
          - Id: url
            DomainName: !Select [2, !Split ['/', !GetAtt ApiUrl.FunctionUrl]]
";
    let m = model(text);
    assert_eq!(
        m.value(origin(&m, 0), "domain_name").unwrap().parts,
        vec![
            reference("ApiUrl", Attribute::DnsName),
            lit(".lambda-url."),
            Part::Opaque,
            lit(".on.aws"),
        ]
    );
}

#[test]
fn list_parameter_defaults_may_be_lists() {
    let text = "Parameters:
  Names:
    Type: CommaDelimitedList
    Default: [a.example.com, b.example.com]
Resources:
  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Aliases: !Ref Names
";
    let m = model(text);
    assert_eq!(
        m.to_json()["distributions"][0]["aliases"],
        json!(["a.example.com", "b.example.com"])
    );
}

#[test]
fn long_condition_chains_are_cut_off() {
    let mut text = String::from(
        "Parameters:\n  P: {Type: String, Default: x}\nConditions:\n  C0: !Equals [!Ref P, x]\n",
    );
    for i in 1..500 {
        text.push_str(&format!("  C{i}: !Not [!Condition C{}]\n", i - 1));
    }
    text.push_str("Resources:\n  Cert:\n    Type: AWS::CertificateManager::Certificate\n    Condition: C499\n    Properties: {DomainName: a.example.com}\n");
    // Decidable in principle, but deeper than evaluation goes: undecided.
    assert_eq!(scenarios(&text).len(), 2);
}

#[test]
fn resource_defaults_are_located_at_their_maps() {
    let text = "Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      EphemeralStorage: {}
  Bare:
    Type: AWS::Lambda::Function
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Name: alb
  Cert:
    Type: AWS::CertificateManager::Certificate
    Properties:
      DomainName: example.com
  CfFn:
    Type: AWS::CloudFront::Function
    Properties:
      Name: f
      FunctionConfig:
        Comment: c
  Zone:
    Type: AWS::Route53::HostedZone
    Properties:
      Name: example.com
";
    let m = model(text);
    let check = |id: &str, field: &str, prefix: &str| {
        let obj = m.resource(id).unwrap();
        let v = m
            .value(obj, field)
            .unwrap_or_else(|| &m.values(obj, field)[0]);
        assert!(v.is_default(), "{id}.{field} is {v:?}");
        let w = written(text, v);
        assert!(w.starts_with(prefix), "{id}.{field} located at {w:?}");
    };
    for field in ["memory_size", "timeout", "architectures", "package_type"] {
        check("Fn", field, "Runtime: nodejs20.x");
    }
    check("Fn", "ephemeral_storage", "{}");
    // Without Properties: the resource entry.
    check("Bare", "memory_size", "Type: AWS::Lambda::Function");
    for field in ["type", "scheme", "idle_timeout"] {
        check("Alb", field, "Name: alb");
    }
    check("Cert", "key_algorithm", "DomainName: example.com");
    check("CfFn", "runtime", "Comment: c");
    check("CfFn", "publish", "Name: f");
    check("Zone", "private", "Name: example.com");
}

#[test]
fn package_size_from_inline_code_and_local_archives() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("edge.zip"), [0u8; 321]).unwrap();
    std::fs::write(dir.path().join("Edge.JAR"), [0u8; 55]).unwrap();
    std::fs::write(dir.path().join("index.js"), "exports.handler = 1;").unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    let text = r#"Transform: AWS::Serverless-2016-10-31
Parameters:
  Artifact: {Type: String}
Resources:
  Inline:
    Type: AWS::Lambda::Function
    Properties:
      Code: {ZipFile: "exports.handler = 1;"}
  Packaged:
    Type: AWS::Lambda::Function
    Properties:
      Code: edge.zip
  InS3:
    Type: AWS::Lambda::Function
    Properties:
      Code: {S3Bucket: artifacts, S3Key: edge.zip}
  SamZip:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: edge.zip
  SamJar:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: Edge.JAR
  SamFolder:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
  SamFile:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: index.js
  SamMissing:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: build/edge.zip
  SamS3Uri:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://artifacts/edge.zip
  SamS3Map:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: {Bucket: artifacts, Key: edge.zip}
  SamInline:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: "exports.handler = 22;"
  SamParam:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: !Ref Artifact
"#;
    let scenarios = load(
        FileId(0),
        dir.path(),
        &parse(text),
        &options(&[], Some("us-east-1")),
        &mut Vec::new(),
    )
    .unwrap();
    let m = &scenarios[0].model;
    let size = |id: &str| {
        let f = m
            .all("lambda_functions")
            .into_iter()
            .find(|f| m.value(*f, "id").and_then(Value::as_str) == Some(id))
            .unwrap();
        m.value(f, "package_size").cloned()
    };
    let known = |id: &str| size(id).and_then(|v| v.as_int());
    assert_eq!(known("Inline"), Some(20));
    assert_eq!(
        written(text, &size("Inline").unwrap()),
        "\"exports.handler = 1;\""
    );
    assert_eq!(known("Packaged"), Some(321));
    assert_eq!(known("SamZip"), Some(321));
    assert_eq!(written(text, &size("SamZip").unwrap()), "edge.zip");
    assert_eq!(known("SamJar"), Some(55));
    assert_eq!(known("SamInline"), Some(21));
    // in S3: nothing local names the package
    for id in ["InS3", "SamS3Uri", "SamS3Map"] {
        assert_eq!(size(id), None, "{id}");
    }
    // a folder or a loose file is zipped at deploy, a missing archive is
    // built later: not measured
    for id in ["SamFolder", "SamFile", "SamMissing"] {
        let v = size(id).unwrap();
        assert_eq!(
            v.state,
            State::Unknown(UnknownReason::External),
            "{id}: {v:?}"
        );
    }
    assert_eq!(
        size("SamParam").unwrap().state,
        State::Unknown(UnknownReason::Input("Artifact".into()))
    );
}

/// `n` distributions, each choosing its web ACL by one of six undecided
/// conditions: 64 scenarios.
fn six_conditions(n: usize) -> String {
    let conditions: serde_json::Map<String, serde_json::Value> = (0..6)
        .map(|i| {
            (
                format!("C{i}"),
                json!({"Fn::Equals": [{"Ref": format!("P{i}")}, "a"]}),
            )
        })
        .collect();
    let parameters: serde_json::Map<String, serde_json::Value> = (0..6)
        .map(|i| (format!("P{i}"), json!({"Type": "String"})))
        .collect();
    let resources: serde_json::Map<String, serde_json::Value> = (0..n)
        .map(|i| {
            (
                format!("S{i}"),
                json!({"Type": "AWS::CloudFront::Distribution", "Properties": {"DistributionConfig": {
                    "Enabled": true,
                    "WebACLId": {"Fn::If": [format!("C{}", i % 6), "a", "b"]},
                    "DefaultCacheBehavior": {"TargetOriginId": "o", "ViewerProtocolPolicy": "allow-all"}
                }}}),
            )
        })
        .collect();
    json!({"Parameters": parameters, "Conditions": conditions, "Resources": resources}).to_string()
}

#[test]
fn scenarios_are_cut_to_the_node_budget_with_an_error_at_the_conditions() {
    use super::MAX_SCENARIO_NODES;
    let load_all = |text: &str| {
        let mut notes = Vec::new();
        let all = load(
            FileId(0),
            Path::new(""),
            &parse(text),
            &Options::default(),
            &mut notes,
        );
        (all, notes)
    };
    // small: every scenario, no error
    let (all, notes) = load_all(&six_conditions(6));
    assert_eq!(all.unwrap().len(), 64);
    assert!(notes.is_empty(), "{notes:?}");

    let text = six_conditions(600);
    let doc = parse(&text);
    let nodes: usize = doc
        .get("Resources")
        .unwrap()
        .entries()
        .iter()
        .map(|e| e.value.get("Properties").unwrap().count())
        .sum();
    assert!(nodes * 64 > MAX_SCENARIO_NODES && nodes <= MAX_SCENARIO_NODES);
    let (all, notes) = load_all(&text);
    assert_eq!(all.unwrap().len(), MAX_SCENARIO_NODES / nodes);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].code, "limit-exceeded");
    assert!(
        notes[0].message.contains("64 scenarios"),
        "{}",
        notes[0].message
    );
    let at = notes[0].loc.unwrap().span;
    assert_eq!(&text[at.start as usize..at.end as usize], "\"Conditions\"");
}

#[test]
fn resources_over_the_node_budget_in_one_scenario_are_not_checked() {
    let aliases: Vec<String> = (0..super::MAX_SCENARIO_NODES)
        .map(|i| format!("a{i}.example.com"))
        .collect();
    let text = json!({"Resources": {"S": {"Type": "AWS::CloudFront::Distribution",
        "Properties": {"DistributionConfig": {"Enabled": true, "Aliases": aliases}}}}})
    .to_string();
    let err = load(
        FileId(0),
        Path::new(""),
        &parse(&text),
        &Options::default(),
        &mut Vec::new(),
    )
    .unwrap_err();
    assert_eq!(err.code, "limit-exceeded");
    let at = err.loc.unwrap().span;
    assert_eq!(&text[at.start as usize..at.end as usize], "\"Resources\"");
}
