//! Shapes recognised, API spellings mapped, related exports linked.

use std::path::Path;

use serde_json::json;

use super::{is_export, load};
use crate::document::{Limits, Node, json as json_doc};
use crate::frontend::Options;
use crate::model::Model;
use crate::model::derive::derive;
use crate::source::FileId;

fn parse(text: &str) -> Node {
    json_doc::parse(text, &Limits::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// The derived model of a unit of (file name, text) exports.
fn model(files: &[(&str, &str)]) -> Model {
    let docs: Vec<Node> = files.iter().map(|(_, t)| parse(t)).collect();
    let input: Vec<(FileId, &Path, &Node)> = files
        .iter()
        .zip(&docs)
        .enumerate()
        .map(|(i, ((name, _), doc))| (FileId(i as u32), Path::new(*name), doc))
        .collect();
    let mut scenarios = load(&input, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(scenarios.len(), 1);
    let mut model = scenarios.remove(0).model;
    derive(&mut model);
    model
}

const CONFIG: &str = r#"{
  "ETag": "E2QWRUHAPOMQZL",
  "DistributionConfig": {
    "CallerReference": "ref", "Comment": "", "Enabled": true,
    "Aliases": {"Quantity": 1, "Items": ["www.example.com"]},
    "Origins": {"Quantity": 1, "Items": [{
        "Id": "app", "DomainName": "web-1234.us-east-1.elb.amazonaws.com", "OriginPath": "",
        "CustomHeaders": {"Quantity": 0},
        "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only",
          "OriginSslProtocols": {"Quantity": 1, "Items": ["TLSv1.2"]},
          "OriginReadTimeout": 30, "OriginKeepaliveTimeout": 5},
        "ConnectionAttempts": 3, "ConnectionTimeout": 10,
        "OriginShield": {"Enabled": false}, "OriginAccessControlId": ""}]},
    "DefaultCacheBehavior": {"TargetOriginId": "app", "ViewerProtocolPolicy": "redirect-to-https",
      "AllowedMethods": {"Quantity": 2, "Items": ["HEAD","GET"], "CachedMethods": {"Quantity": 2, "Items": ["HEAD","GET"]}},
      "LambdaFunctionAssociations": {"Quantity": 1, "Items": [{
          "LambdaFunctionARN": "arn:aws:lambda:us-east-1:111122223333:function:edge:3",
          "EventType": "viewer-request", "IncludeBody": false}]},
      "FunctionAssociations": {"Quantity": 0},
      "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"},
    "CustomErrorResponses": {"Quantity": 1, "Items": [{"ErrorCode": 404, "ResponsePagePath": "/404.html", "ResponseCode": "404", "ErrorCachingMinTTL": 10}]},
    "ViewerCertificate": {"CloudFrontDefaultCertificate": false,
      "ACMCertificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/abcd",
      "SSLSupportMethod": "sni-only", "MinimumProtocolVersion": "TLSv1.2_2021"},
    "IsIPV6Enabled": true, "HttpVersion": "http2" } }"#;

#[test]
fn reads_get_distribution_config_with_api_spellings() {
    let m = model(&[("dist.json", CONFIG)]);
    let j = m.to_json();
    let d = &j["distributions"][0];
    assert_eq!(d["id"], json!("dist.json"));
    assert_eq!(d["aliases"], json!(["www.example.com"]));
    assert_eq!(d["ipv6_enabled"], json!(true));
    assert_eq!(
        d["viewer_certificate"]["acm_certificate_arn"],
        json!("arn:aws:acm:us-east-1:111122223333:certificate/abcd")
    );
    assert_eq!(
        d["viewer_certificate"]["ssl_support_method"],
        json!("sni-only")
    );
    let o = &d["origins"][0];
    assert_eq!(o["ssl_protocols"], json!(["TLSv1.2"]));
    assert_eq!(o["protocol_policy"], json!("https-only"));
    assert!(o.get("origin_path").is_none(), "empty strings are not set");
    assert!(o.get("origin_access_control_id").is_none());
    assert_eq!(o["custom_headers"], serde_json::Value::Null);
    let b = &d["behaviors"][0];
    assert_eq!(b["allowed_methods"], json!(["HEAD", "GET"]));
    assert_eq!(b["lambda_associations"][0]["qualifier"], json!("version"));
    assert_eq!(d["custom_error_responses"][0]["response_code"], json!(404));
    // Origins, CustomHeaders, OriginSslProtocols, AllowedMethods,
    // CachedMethods, LambdaFunctionAssociations, FunctionAssociations,
    // CustomErrorResponses, Aliases
    assert_eq!(d["quantity_lists"].as_array().map(Vec::len), Some(9));
}

#[test]
fn recognises_every_distribution_shape() {
    let config = parse(CONFIG);
    let inner = config.get("DistributionConfig").cloned();
    assert!(is_export(&config));
    let bare =
        r#"{"CallerReference": "x", "Origins": {"Quantity": 0}, "DefaultCacheBehavior": {}}"#;
    let wrapped = r#"{"ETag": "E1", "Location": "https://x", "Distribution": {"Id": "E123", "DistributionConfig": {"Origins": {"Quantity": 0}}}}"#;
    let tagged = r#"{"Tags": {"Items": []}, "DistributionConfig": {"Origins": {"Quantity": 0}}}"#;
    let listed = r#"{"DistributionList": {"Quantity": 2, "Items": [{"Id": "E1", "Origins": {"Quantity": 0}}, {"Id": "E2"}]}}"#;
    for text in [bare, wrapped, tagged, listed] {
        assert!(is_export(&parse(text)), "{text}");
    }
    assert!(inner.is_some_and(|c| is_export(&c)));
    assert!(!is_export(&parse(
        r#"{"name": "package", "version": "1.0.0"}"#
    )));
    assert!(!is_export(&parse(r#"[1, 2]"#)));

    let m = model(&[("w.json", wrapped), ("l.json", listed)]);
    let ids: Vec<_> = m
        .all("distributions")
        .into_iter()
        .filter_map(|d| m.str(d, "id").map(str::to_string))
        .collect();
    assert_eq!(ids, ["E123", "E1", "E2"]);
}

#[test]
fn the_same_distribution_exported_twice_is_read_once() {
    // get-distribution of the version get-distribution-config printed
    let config = parse(CONFIG);
    let inner = config
        .get("DistributionConfig")
        .map(|c| c.count())
        .unwrap_or_default();
    assert!(inner > 10);
    let full = CONFIG
        .replacen(
            "\"DistributionConfig\"",
            "\"Distribution\": {\"Id\": \"E123\", \"Status\": \"Deployed\", \"DistributionConfig\"",
            1,
        )
        .replace(
            "\"HttpVersion\": \"http2\" } }",
            "\"HttpVersion\": \"http2\" } } }",
        );
    let listed = r#"{"DistributionList": {"Items": [{"Id": "E123", "Origins": {"Quantity": 0}}]}}"#;
    // another distribution sharing nothing but a placeholder ETag is read
    let other = r#"{"ETag": "E2QWRUHAPOMQZL", "DistributionConfig": {"Origins": {"Quantity": 0}}}"#;
    let m = model(&[
        ("a.json", CONFIG),
        ("b.json", &full),
        ("c.json", listed),
        ("d.json", other),
    ]);
    let ids: Vec<_> = m
        .all("distributions")
        .into_iter()
        .filter_map(|d| m.str(d, "id").map(str::to_string))
        .collect();
    assert_eq!(ids, ["E123", "d.json"]);
}

const GROUPS: &str = r#"{"SecurityGroups": [{"GroupId": "sg-0123", "GroupName": "alb",
  "IpPermissions": [
    {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
     "Ipv6Ranges": [{"CidrIpv6": "::/0"}], "PrefixListIds": [], "UserIdGroupPairs": []},
    {"IpProtocol": "-1", "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": [{"PrefixListId": "pl-3b927c52"}], "UserIdGroupPairs": [{"GroupId": "sg-9"}]}]}]}"#;

const BALANCERS: &str = r#"{"LoadBalancers": [{"LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188",
  "DNSName": "web-1234.us-east-1.elb.amazonaws.com", "LoadBalancerName": "web", "Scheme": "internet-facing",
  "Type": "application", "SecurityGroups": ["sg-0123"]}]}"#;

const LISTENERS: &str = r#"{"Listeners": [{"ListenerArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2",
  "LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188",
  "Port": 443, "Protocol": "HTTPS", "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "Certificates": [{"CertificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/abcd"}]}]}"#;

const ATTRIBUTES: &str = r#"{"Attributes": [{"Key": "idle_timeout.timeout_seconds", "Value": "120"}, {"Key": "deletion_protection.enabled", "Value": "false"}]}"#;

const PREFIX_LISTS: &str = r#"{"PrefixLists": [{"PrefixListId": "pl-3b927c52", "AddressFamily": "IPv4", "State": "create-complete",
  "PrefixListName": "com.amazonaws.global.cloudfront.origin-facing", "MaxEntries": 55}]}"#;

const CERTIFICATE: &str = r#"{"Certificate": {"CertificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/abcd",
  "DomainName": "www.example.com", "SubjectAlternativeNames": ["www.example.com", "example.com"],
  "DomainValidationOptions": [{"DomainName": "www.example.com", "ValidationMethod": "DNS"}],
  "KeyAlgorithm": "RSA-2048", "Type": "AMAZON_ISSUED"}}"#;

#[test]
fn related_exports_link_by_arn_id_and_dns_name() {
    let m = model(&[
        ("dist.json", CONFIG),
        ("security-groups.json", GROUPS),
        ("load-balancers.json", BALANCERS),
        ("listeners.json", LISTENERS),
        ("attributes-web.json", ATTRIBUTES),
        ("prefix-lists.json", PREFIX_LISTS),
        ("certificate.json", CERTIFICATE),
    ]);
    let j = m.to_json();
    let origin = &j["distributions"][0]["origins"][0];
    assert_eq!(origin["kind"], json!("load-balancer"));
    assert_eq!(origin["target"], json!("load_balancer:web"));
    assert_eq!(origin["connect_ports"], json!([443]));
    let lb = &j["load_balancers"][0];
    assert_eq!(lb["idle_timeout"], json!(120));
    assert_eq!(lb["security_groups"], json!(["security_group:sg-0123"]));
    assert_eq!(lb["listeners"].as_array().map(Vec::len), Some(1));
    let listener = &j["listeners"][0];
    assert_eq!(listener["certificates"].as_array().map(Vec::len), Some(1));
    let ingress = &j["security_groups"][0]["ingress"];
    assert_eq!(ingress.as_array().map(Vec::len), Some(4));
    assert_eq!(ingress[0]["admits_cloudfront"], json!(true));
    assert_eq!(ingress[2]["prefix_list_id"], json!("pl-3b927c52"));
    assert_eq!(ingress[2]["admits_cloudfront"], json!(true));
    assert_eq!(ingress[2]["covers_all_ports"], json!(true));
    assert_eq!(ingress[3]["admits_cloudfront"], json!(false));
    let cert = &j["certificates"][0];
    assert_eq!(cert["key_algorithm"], json!("RSA_2048"));
    assert_eq!(cert["validation_method"], json!("DNS"));
    assert_eq!(
        j["distributions"][0]["viewer_certificate"]["certificate"],
        json!("certificate:arn:aws:acm:us-east-1:111122223333:certificate/abcd")
    );
}

#[test]
fn attributes_link_by_the_arn_id_in_the_file_name_and_stay_unknown_otherwise() {
    let by_id = model(&[
        ("lb.json", BALANCERS),
        ("attrs-50dc6c495c0c9188.json", ATTRIBUTES),
    ]);
    assert_eq!(
        by_id.to_json()["load_balancers"][0]["idle_timeout"],
        json!(120)
    );
    let by_name = model(&[("lb.json", BALANCERS), ("web_attributes.json", ATTRIBUTES)]);
    assert_eq!(
        by_name.to_json()["load_balancers"][0]["idle_timeout"],
        json!(120)
    );
    // `web` inside a longer word names nothing
    let unnamed = model(&[("lb.json", BALANCERS), ("webshop-attrs.json", ATTRIBUTES)]);
    assert_eq!(
        unnamed.to_json()["load_balancers"][0]["idle_timeout"],
        json!({"unknown": []})
    );
}

const LATEST: &str = r#"{"FunctionName": "edge", "FunctionArn": "arn:aws:lambda:us-east-1:111122223333:function:edge",
  "Runtime": "nodejs20.x", "Role": "arn:aws:iam::111122223333:role/edge", "Timeout": 3, "MemorySize": 128,
  "Version": "$LATEST", "PackageType": "Zip", "Architectures": ["x86_64"], "EphemeralStorage": {"Size": 512},
  "TracingConfig": {"Mode": "PassThrough"}}"#;

const VERSIONS: &str = r#"{"Versions": [
  {"FunctionName": "edge", "FunctionArn": "arn:aws:lambda:us-east-1:111122223333:function:edge:$LATEST", "Version": "$LATEST", "Timeout": 3, "MemorySize": 128},
  {"FunctionName": "edge", "FunctionArn": "arn:aws:lambda:us-east-1:111122223333:function:edge:3", "Version": "3", "Timeout": 10, "MemorySize": 512,
   "Environment": {"Variables": {"STAGE": "prod"}}}]}"#;

#[test]
fn an_association_links_to_the_configuration_of_the_version_it_names() {
    let m = model(&[("dist.json", CONFIG), ("versions.json", VERSIONS)]);
    let j = m.to_json();
    let assoc = &j["distributions"][0]["behaviors"][0]["lambda_associations"][0];
    assert_eq!(assoc["function"], json!("lambda_function:edge:3"));
    let v3 = &j["lambda_functions"][1];
    assert_eq!(v3["memory_size"], json!(512));
    assert_eq!(v3["region"], json!("us-east-1"));
    assert_eq!(v3["environment_variables"], json!(["STAGE"]));

    // Only $LATEST exported: version 3's settings are not known.
    let m = model(&[("dist.json", CONFIG), ("edge.json", LATEST)]);
    let j = m.to_json();
    let assoc = &j["distributions"][0]["behaviors"][0]["lambda_associations"][0];
    assert!(assoc.get("function").is_none(), "{assoc}");
    assert_eq!(j["lambda_functions"][0]["id"], json!("edge:$LATEST"));
}

#[test]
fn get_function_and_cloudfront_functions_are_read() {
    let get_function = r#"{"Configuration": {"FunctionName": "edge", "FunctionArn": "arn:aws:lambda:us-east-1:111122223333:function:edge:3", "Version": "3", "MemorySize": 128, "Timeout": 5}, "Code": {"RepositoryType": "S3"}}"#;
    let cff = r#"{"ETag": "E1", "FunctionSummary": {"Name": "rewrite", "Status": "DEPLOYED",
      "FunctionConfig": {"Comment": "", "Runtime": "cloudfront-js-2.0", "KeyValueStoreAssociations": {"Quantity": 0}},
      "FunctionMetadata": {"FunctionARN": "arn:aws:cloudfront::111122223333:function/rewrite", "Stage": "LIVE"}}}"#;
    let m = model(&[("f.json", get_function), ("cff.json", cff)]);
    let j = m.to_json();
    assert_eq!(j["lambda_functions"][0]["timeout"], json!(5));
    let f = &j["cloudfront_functions"][0];
    assert_eq!(f["runtime"], json!("cloudfront-js-2.0"));
    assert_eq!(f["publish"], json!(true));
    assert_eq!(f["key_value_store_count"], json!(0));
    assert_eq!(
        f["arn"],
        json!("arn:aws:cloudfront::111122223333:function/rewrite")
    );
}

#[test]
fn quantity_lists_record_counts_at_the_quantity() {
    let text = r#"{"DistributionConfig": {"Origins": {"Quantity": 2, "Items": [{"Id": "a"}]},
      "Aliases": {"Quantity": 0}, "CacheBehaviors": {"Quantity": 1}}}"#;
    let m = model(&[("d.json", text)]);
    let j = m.to_json();
    let lists = &j["distributions"][0]["quantity_lists"];
    assert_eq!(
        lists,
        &json!([
            {"quantity": 2, "item_count": 1, "path": "Origins"},
            {"quantity": 0, "item_count": 0, "path": "Aliases"},
            {"quantity": 1, "item_count": 0, "path": "CacheBehaviors"},
        ])
    );
}

#[test]
fn queried_outputs_keep_their_shape() {
    let queried = r#"{"Id": "E9", "ARN": "arn:aws:cloudfront::1:distribution/E9", "DistributionConfig": {"Origins": {"Quantity": 0}}}"#;
    let items =
        r#"[{"Id": "E7", "Origins": {"Quantity": 0}}, {"Id": "E8", "Origins": {"Quantity": 0}}]"#;
    let m = model(&[("q.json", queried), ("items.json", items)]);
    let ids: Vec<_> = m
        .all("distributions")
        .into_iter()
        .filter_map(|d| m.str(d, "id").map(str::to_string))
        .collect();
    assert_eq!(ids, ["E9", "E7", "E8"]);
    assert!(!is_export(&parse("[]")));
}

#[test]
fn shapes_that_do_not_fit_are_skipped_without_findings_or_panics() {
    let odd = r#"{"DistributionConfig": {
      "Origins": {"Quantity": "2", "Items": {"Id": "a"}},
      "Aliases": {"Quantity": 1.5, "Items": [1, null, {"x": 1}]},
      "DefaultCacheBehavior": [],
      "CacheBehaviors": {"Quantity": 1, "Items": [null, 3, {"PathPattern": {"a": 1}, "TargetOriginId": null}]},
      "CustomErrorResponses": {"Items": [{"ErrorCode": "x", "ResponseCode": "abc"}]},
      "ViewerCertificate": "none"}}"#;
    let groups = r#"{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": 6, "IpRanges": [{"CidrIp": ""}, {"CidrIp": "10.0.0.0/8"}], "PrefixListIds": "pl-1"}]}, {"GroupId": ""}]}"#;
    let lbs = r#"{"LoadBalancers": [{"LoadBalancerArn": "", "Type": "application"}, {"LoadBalancerArn": "arn:x", "SecurityGroups": "sg-1"}]}"#;
    let attrs = r#"{"Attributes": [{"Key": "idle_timeout.timeout_seconds", "Value": {"n": 1}}], "LoadBalancerArn": "arn:x"}"#;
    let versions = r#"{"Versions": [{"FunctionArn": "x"}, {"FunctionName": "f", "FunctionArn": 3, "Environment": {"Variables": []}}]}"#;
    let m = model(&[
        ("odd.json", odd),
        ("g.json", groups),
        ("lb.json", lbs),
        ("a.json", attrs),
        ("v.json", versions),
    ]);
    let j = m.to_json();
    let d = &j["distributions"][0];
    assert!(d.get("origins").is_none(), "{d}");
    // only the cache behaviors list has an integer quantity and a list of items
    assert_eq!(
        d["quantity_lists"],
        json!([{"quantity": 1, "item_count": 3, "path": "CacheBehaviors"}])
    );
    assert_eq!(j["security_groups"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        j["security_groups"][0]["ingress"][0]["protocol"],
        json!("6")
    );
    assert_eq!(j["load_balancers"].as_array().map(Vec::len), Some(1));
    assert_eq!(j["lambda_functions"][0]["id"], json!("f"));
}

#[test]
fn unset_error_page_and_code_are_absent() {
    let text = CONFIG.replace(
        r#"{"ErrorCode": 404, "ResponsePagePath": "/404.html", "ResponseCode": "404", "ErrorCachingMinTTL": 10}"#,
        r#"{"ErrorCode": 503, "ResponsePagePath": "", "ResponseCode": "", "ErrorCachingMinTTL": 5}"#,
    );
    let m = model(&[("distribution.json", &text)]);
    let dist = m.all("distributions")[0];
    let response = m.children(dist, "custom_error_responses")[0];
    assert_eq!(
        m.value(response, "error_code").and_then(|v| v.as_int()),
        Some(503)
    );
    assert!(m.value(response, "response_code").is_none());
    assert!(m.value(response, "response_page_path").is_none());
}

#[test]
fn more_distributions_than_the_limit_are_refused_at_the_first_one_over() {
    use super::MAX_EXPORT_DISTRIBUTIONS;
    let item = r#"{"Id":"E","DomainName":"d.cloudfront.net","Enabled":true,"Origins":{"Quantity":0,"Items":[]}}"#;
    let list = |n: usize| {
        format!(
            r#"{{"DistributionList":{{"Quantity":{n},"Items":[{}]}}}}"#,
            vec![item; n].join(",")
        )
    };
    let config = parse(CONFIG);
    let at_limit = parse(&list(MAX_EXPORT_DISTRIBUTIONS - 1));
    let input = [
        (FileId(0), Path::new("list.json"), &at_limit),
        (FileId(1), Path::new("one.json"), &config),
    ];
    assert!(load(&input, &Options::default()).is_ok());

    // one more, in the list read first: the error points at that item
    let over = list(MAX_EXPORT_DISTRIBUTIONS);
    let over_doc = parse(&over);
    let input = [
        (FileId(1), Path::new("one.json"), &config),
        (FileId(0), Path::new("list.json"), &over_doc),
    ];
    let err = load(&input, &Options::default()).unwrap_err();
    assert_eq!(err.code, "limit-exceeded");
    assert!(
        err.message.contains("10001 distributions"),
        "{}",
        err.message
    );
    let loc = err.loc.unwrap();
    assert_eq!(loc.file, FileId(0));
    let at = loc.span.start as usize;
    let last = over.rfind(item).unwrap();
    assert_eq!((at, &over[at..at + item.len()]), (last, item));
}
