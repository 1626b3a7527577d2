//! CDK cloud assemblies: the stacks of a `cdk.out` linted as one
//! deployment, with the values that cross stacks and regions followed.
//! `testdata/cdk/` holds the assemblies `integrations/cdk/example`
//! synthesizes, faulty and clean, and the faulty one as one template.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/cdk")
}

/// `edgelint check ARGS --format FORMAT` run in `dir`: exit code and stdout.
fn check(dir: &Path, args: &[&str], format: &str) -> (Option<i32>, String) {
    let output = Command::cargo_bin("edgelint")
        .unwrap_or_else(|e| panic!("{e}"))
        .current_dir(dir)
        .arg("check")
        .args(args)
        .args(["--format", format])
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn findings(dir: &Path, args: &[&str]) -> Vec<Value> {
    let (_, out) = check(dir, args, "json");
    let report: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"));
    report["findings"].as_array().cloned().unwrap_or_default()
}

fn codes(findings: &[Value]) -> BTreeSet<String> {
    findings
        .iter()
        .map(|f| f["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_faulty_app_reports_what_its_single_template_reports() {
    let assembly = findings(&testdata(), &["faulty.out"]);
    let single = findings(
        &testdata(),
        &["faulty.template.yaml", "--region", "us-east-1"],
    );
    assert_eq!(codes(&assembly), codes(&single), "{assembly:#?}");
    // the Lambda@Edge faults only exist through the us-east-1 support
    // stack's SSM parameter, the certificate's through the cross-region
    // export of another stack
    for code in ["CF303", "CF304", "CF306", "CF501", "CF104", "CF401"] {
        assert!(codes(&assembly).contains(code), "{code} in {assembly:#?}");
    }
    assert_eq!(assembly.len(), single.len(), "{assembly:#?}");
}

#[test]
fn each_finding_of_the_app_names_its_construct() {
    let assembly = findings(&testdata(), &["faulty.out"]);
    let of = |code: &str| {
        assembly
            .iter()
            .find(|f| f["code"] == code)
            .map(|f| (f["construct_path"].clone(), f["file"].clone()))
    };
    let edge = "edge-lambda-stack-c8d924542f96583731590d45379d50f1a3f09e35e6";
    assert_eq!(
        of("CF306"),
        Some((
            json!(format!("{edge}/Rewrite/Resource")),
            json!(format!("faulty.out/{edge}.template.json"))
        ))
    );
    assert_eq!(
        of("CF104"),
        Some((
            json!("Site/Distribution/Resource"),
            json!("faulty.out/Site.template.json")
        ))
    );
    assert!(
        assembly.iter().all(|f| f["construct_path"].is_string()),
        "{assembly:#?}"
    );
    // a template CDK did not make has none
    let single = findings(
        &testdata(),
        &["faulty.template.yaml", "--region", "us-east-1"],
    );
    assert!(
        single.iter().all(|f| f.get("construct_path").is_none()),
        "{single:#?}"
    );
}

#[test]
fn sarif_gives_the_construct_as_a_logical_location() {
    let (code, out) = check(&testdata(), &["faulty.out"], "sarif");
    assert_eq!(code, Some(1));
    let sarif: Value = serde_json::from_str(&out).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let result = results.iter().find(|r| r["ruleId"] == "CF104").unwrap();
    assert_eq!(
        result["locations"][0]["logicalLocations"],
        json!([{ "fullyQualifiedName": "Site/Distribution/Resource", "kind": "resource" }])
    );
}

#[test]
fn the_clean_app_gives_no_finding() {
    let (code, out) = check(&testdata(), &["clean.out"], "json");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["findings"], json!([]), "{out}");
    assert_eq!(report["errors"], json!([]), "{out}");
    assert_eq!(code, Some(0));
}

#[test]
fn templates_of_an_assembly_are_not_linted_again_on_their_own() {
    // the directory holds both assemblies and the single template
    let all = findings(&testdata(), &["."]);
    let assembly = findings(&testdata(), &["faulty.out"]);
    let single = findings(&testdata(), &["faulty.template.yaml"]);
    assert_eq!(all.len(), assembly.len() + single.len(), "{all:#?}");
}

/// Writes an assembly of the given stacks (name, environment, template)
/// into a temporary directory.
fn assembly(stacks: &[(&str, &str, Value)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cdk.out");
    std::fs::create_dir(&out).unwrap();
    let mut artifacts = serde_json::Map::new();
    for (name, environment, template) in stacks {
        let file = format!("{name}.template.json");
        std::fs::write(out.join(&file), template.to_string()).unwrap();
        artifacts.insert(
            (*name).to_string(),
            json!({
                "type": "aws:cloudformation:stack",
                "environment": environment,
                "properties": { "templateFile": file }
            }),
        );
    }
    let manifest = json!({ "version": "55.0.0", "artifacts": artifacts });
    std::fs::write(out.join("manifest.json"), manifest.to_string()).unwrap();
    dir
}

/// A us-east-1 stack with a Lambda@Edge function, its version written to
/// an SSM parameter the way `EdgeFunction` writes it.
fn edge_stack(environment: Option<Value>) -> Value {
    let mut function = json!({
        "Handler": "index.handler",
        "Runtime": "nodejs22.x",
        "Role": "arn:aws:iam::111111111111:role/edge",
        "Code": { "ZipFile": "exports.handler = async (e) => e.Records[0].cf.request;" }
    });
    if let Some(variables) = environment {
        function["Environment"] = json!({ "Variables": variables });
    }
    json!({ "Resources": {
        "Fn": { "Type": "AWS::Lambda::Function", "Properties": function },
        "FnVersion": { "Type": "AWS::Lambda::Version", "Properties": { "FunctionName": { "Ref": "Fn" } } },
        "FnParameter": { "Type": "AWS::SSM::Parameter", "Properties": {
            "Name": "/cdk/EdgeFunctionArn/eu-west-1/Site/Fn",
            "Type": "String",
            "Value": { "Ref": "FnVersion" }
        } }
    } })
}

/// A distribution whose viewer-request function and certificate come from
/// `function_arn` and `certificate_arn`.
fn site_stack(function_arn: Value, certificate_arn: Value, extra: Value) -> Value {
    let mut resources = json!({
        "Reader": { "Type": "Custom::CrossRegionStringParameterReader", "Properties": {
            "ServiceToken": "arn:aws:lambda:eu-west-1:111111111111:function:reader",
            "Region": "us-east-1",
            "ParameterName": "/cdk/EdgeFunctionArn/eu-west-1/Site/Fn"
        } },
        "Cdn": { "Type": "AWS::CloudFront::Distribution", "Properties": { "DistributionConfig": {
            "Enabled": true,
            "Aliases": ["docs.example.com"],
            "Origins": [{ "Id": "web", "DomainName": "docs.example.com",
                "CustomOriginConfig": { "OriginProtocolPolicy": "https-only" } }],
            "DefaultCacheBehavior": {
                "TargetOriginId": "web",
                "ViewerProtocolPolicy": "redirect-to-https",
                "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
                "LambdaFunctionAssociations": [
                    { "EventType": "viewer-request", "LambdaFunctionARN": function_arn }
                ]
            },
            "ViewerCertificate": { "AcmCertificateArn": certificate_arn, "SslSupportMethod": "sni-only" }
        } } }
    });
    if let (Some(map), Some(extra)) = (resources.as_object_mut(), extra.as_object()) {
        map.extend(extra.clone());
    }
    json!({ "Resources": resources })
}

fn certificate_stack(export: &str) -> Value {
    json!({
        "Resources": { "Cert": { "Type": "AWS::CertificateManager::Certificate", "Properties": {
            "DomainName": "docs.example.com", "ValidationMethod": "DNS"
        } } },
        "Outputs": { "CertArn": { "Value": { "Ref": "Cert" }, "Export": { "Name": export } } }
    })
}

const LITERAL_CERTIFICATE: &str =
    "arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

fn reader_arn() -> Value {
    json!({ "Fn::GetAtt": ["Reader", "FunctionArn"] })
}

#[test]
fn an_edge_function_read_across_regions_is_checked_where_it_is_defined() {
    let dir = assembly(&[
        (
            "Edge",
            "aws://111111111111/us-east-1",
            edge_stack(Some(json!({ "STAGE": "prod" }))),
        ),
        (
            "Site",
            "aws://111111111111/eu-west-1",
            site_stack(reader_arn(), json!(LITERAL_CERTIFICATE), json!({})),
        ),
    ]);
    let found = findings(dir.path(), &["cdk.out"]);
    assert_eq!(
        codes(&found),
        BTreeSet::from(["CF306".to_string()]),
        "{found:#?}"
    );
    assert_eq!(found[0]["file"], "cdk.out/Edge.template.json");

    // the same reference to a function without variables: nothing
    let dir = assembly(&[
        ("Edge", "aws://111111111111/us-east-1", edge_stack(None)),
        (
            "Site",
            "aws://111111111111/eu-west-1",
            site_stack(reader_arn(), json!(LITERAL_CERTIFICATE), json!({})),
        ),
    ]);
    assert_eq!(findings(dir.path(), &["cdk.out"]), Vec::<Value>::new());
}

#[test]
fn a_reader_of_a_parameter_no_stack_writes_stays_silent() {
    // the reader names a parameter of another app: its function is unknown
    let dir = assembly(&[(
        "Site",
        "aws://111111111111/eu-west-1",
        site_stack(reader_arn(), json!(LITERAL_CERTIFICATE), json!({})),
    )]);
    assert_eq!(findings(dir.path(), &["cdk.out"]), Vec::<Value>::new());
}

#[test]
fn an_imported_certificate_is_checked_in_the_region_of_its_stack() {
    let import = json!({ "Fn::ImportValue": "Certs:CertArn" });
    let run = |environment: &str| {
        let dir = assembly(&[
            ("Edge", "aws://111111111111/us-east-1", edge_stack(None)),
            ("Certs", environment, certificate_stack("Certs:CertArn")),
            (
                "Site",
                environment,
                site_stack(reader_arn(), import.clone(), json!({})),
            ),
        ]);
        codes(&findings(dir.path(), &["cdk.out"]))
    };
    // exports are regional: an import reads a stack of its own region
    assert_eq!(
        run("aws://111111111111/eu-west-1"),
        BTreeSet::from(["CF501".to_string()])
    );
    assert_eq!(run("aws://111111111111/us-east-1"), BTreeSet::new());
    // an environment-agnostic stack deploys anywhere: nothing is known
    assert_eq!(run("aws://unknown-account/unknown-region"), BTreeSet::new());
}

#[test]
fn a_region_given_on_the_command_line_is_for_stacks_without_one() {
    let import = json!({ "Fn::ImportValue": "Certs:CertArn" });
    let agnostic = "aws://unknown-account/unknown-region";
    let dir = assembly(&[
        ("Edge", "aws://111111111111/us-east-1", edge_stack(None)),
        ("Certs", agnostic, certificate_stack("Certs:CertArn")),
        (
            "Site",
            agnostic,
            site_stack(reader_arn(), import, json!({})),
        ),
    ]);
    let found = findings(dir.path(), &["cdk.out", "--region", "eu-west-1"]);
    assert_eq!(codes(&found), BTreeSet::from(["CF501".to_string()]));
}

#[test]
fn a_certificate_passed_by_cross_region_reference_is_followed() {
    let key = "/cdk/exports/Site/CertsRefCert";
    let writer = |region: &str| {
        let mut stack = certificate_stack("unused");
        stack["Resources"]["Writer"] = json!({
            "Type": "Custom::CrossRegionExportWriter",
            "Properties": {
                "ServiceToken": format!("arn:aws:lambda:{region}:111111111111:function:writer"),
                "WriterProps": { "region": "eu-west-1", "exports": { key: { "Ref": "Cert" } } }
            }
        });
        stack
    };
    let reader = json!({ "ExportsReader": {
        "Type": "Custom::CrossRegionExportReader",
        "Properties": {
            "ServiceToken": "arn:aws:lambda:eu-west-1:111111111111:function:reader",
            "ReaderProps": { "region": "eu-west-1", "prefix": "Site",
                "imports": { key: format!("{{{{resolve:ssm:{key}}}}}") } }
        }
    } });
    let run = |region: &str| {
        let dir = assembly(&[
            ("Edge", "aws://111111111111/us-east-1", edge_stack(None)),
            (
                "Certs",
                &format!("aws://111111111111/{region}"),
                writer(region),
            ),
            (
                "Site",
                "aws://111111111111/eu-west-1",
                site_stack(
                    reader_arn(),
                    json!({ "Fn::GetAtt": ["ExportsReader", key] }),
                    reader.clone(),
                ),
            ),
        ]);
        findings(dir.path(), &["cdk.out"])
    };
    let found = run("eu-central-1");
    assert_eq!(
        codes(&found),
        BTreeSet::from(["CF501".to_string()]),
        "{found:#?}"
    );
    assert_eq!(run("us-east-1"), Vec::<Value>::new());
}

#[test]
fn a_directory_holding_cdk_out_is_read_as_its_assembly() {
    let dir = assembly(&[
        (
            "Edge",
            "aws://111111111111/us-east-1",
            edge_stack(Some(json!({ "STAGE": "prod" }))),
        ),
        (
            "Site",
            "aws://111111111111/eu-west-1",
            site_stack(reader_arn(), json!(LITERAL_CERTIFICATE), json!({})),
        ),
    ]);
    // CDK apps ignore cdk.out in git; the assembly is still what is checked
    std::fs::write(dir.path().join(".gitignore"), "cdk.out/\n").unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let found = findings(dir.path(), &["."]);
    assert_eq!(
        codes(&found),
        BTreeSet::from(["CF306".to_string()]),
        "{found:#?}"
    );
}

#[test]
fn text_formats_name_the_construct() {
    let (_, concise) = check(&testdata(), &["faulty.out"], "concise");
    let line = concise
        .lines()
        .find(|l| l.contains("CF104"))
        .unwrap_or_else(|| panic!("{concise}"));
    assert!(line.ends_with(" [Site/Distribution/Resource]"), "{line}");
    let (_, human) = check(&testdata(), &["faulty.out"], "human");
    assert!(
        human.contains("construct: Site/Distribution/Resource"),
        "{human}"
    );
    // the CI formats carry it in the text a reviewer reads
    let (_, github) = check(&testdata(), &["faulty.out"], "github");
    let line = github
        .lines()
        .find(|l| l.contains("title=CF104"))
        .unwrap_or_else(|| panic!("{github}"));
    assert!(
        line.contains(" (construct Site/Distribution/Resource) (docs: "),
        "{line}"
    );
    let (_, gitlab) = check(&testdata(), &["faulty.out"], "gitlab");
    let issues: Vec<Value> = serde_json::from_str(&gitlab).unwrap();
    let cf104 = issues
        .iter()
        .find(|i| i["check_name"] == "CF104")
        .unwrap_or_else(|| panic!("{gitlab}"));
    assert!(
        cf104["description"]
            .as_str()
            .is_some_and(|d| d.ends_with(" (construct Site/Distribution/Resource)")),
        "{cf104}"
    );
    let (_, junit) = check(&testdata(), &["faulty.out"], "junit");
    let line = junit
        .lines()
        .find(|l| l.contains("[CF104]"))
        .unwrap_or_else(|| panic!("{junit}"));
    assert!(
        line.contains(" (construct Site/Distribution/Resource) (docs: "),
        "{line}"
    );
    // a template not made by CDK names no construct
    let (_, plain) = check(
        &testdata(),
        &["faulty.template.yaml", "--region", "us-east-1"],
        "github",
    );
    assert!(
        plain.contains("title=CF104") && !plain.contains("(construct "),
        "{plain}"
    );
}

#[test]
fn a_nested_stack_is_read_with_its_parent() {
    let dir = assembly(&[
        (
            "Edge",
            "aws://111111111111/us-east-1",
            json!({ "Resources": { "Functions": {
                "Type": "AWS::CloudFormation::Stack",
                "Properties": { "TemplateURL": "https://s3.us-east-1.amazonaws.com/assets/n.json" },
                "Metadata": { "aws:asset:path": "EdgeFunctions.nested.template.json" }
            } } }),
        ),
        (
            "Site",
            "aws://111111111111/eu-west-1",
            site_stack(reader_arn(), json!(LITERAL_CERTIFICATE), json!({})),
        ),
    ]);
    let nested = edge_stack(Some(json!({ "STAGE": "prod" })));
    let path = dir
        .path()
        .join("cdk.out/EdgeFunctions.nested.template.json");
    std::fs::write(&path, nested.to_string()).unwrap();
    let found = findings(dir.path(), &["cdk.out"]);
    assert_eq!(
        codes(&found),
        BTreeSet::from(["CF306".to_string()]),
        "{found:#?}"
    );
    assert_eq!(
        found[0]["file"],
        "cdk.out/EdgeFunctions.nested.template.json"
    );
}

/// A copy of an assembly whose stack traces name the app's sources in
/// this repository, as a synth here would have written them.
fn assembly_synthesized_here(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join(name);
    std::fs::create_dir(&out).unwrap();
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("integrations/cdk/example/");
    for entry in std::fs::read_dir(testdata().join(name)).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if path.to_string_lossy().ends_with(".metadata.json") {
            // `(/where/it/was/integrations/cdk/example/lib/x.ts:1:2)`
            let marker = "integrations/cdk/example/";
            let mut rewritten = String::new();
            let mut rest = text.as_str();
            while let Some(at) = rest.find(marker) {
                let start = rest[..at].rfind('(').map_or(at, |p| p + 1);
                rewritten.push_str(&rest[..start]);
                rewritten.push_str(&app.to_string_lossy());
                rest = &rest[at + marker.len()..];
            }
            rewritten.push_str(rest);
            text = rewritten;
        }
        std::fs::write(out.join(path.file_name().unwrap()), text).unwrap();
    }
    dir
}

#[test]
fn a_finding_points_at_the_line_of_the_app_that_made_its_construct() {
    let dir = assembly_synthesized_here("faulty.out");
    let found = findings(dir.path(), &["faulty.out"]);
    let created = |f: &Value| -> Option<(String, u64, String)> {
        f["related"].as_array()?.iter().find_map(|r| {
            let message = r["message"].as_str()?;
            message.contains("is created here").then(|| {
                (
                    r["file"].as_str().unwrap_or_default().to_string(),
                    r["line"].as_u64().unwrap_or_default(),
                    message.to_string(),
                )
            })
        })
    };
    let cf104 = found.iter().find(|f| f["code"] == "CF104").unwrap();
    let (file, line, message) = created(cf104).unwrap_or_else(|| panic!("{cf104:#}"));
    assert!(
        file.ends_with("integrations/cdk/example/lib/site-stack.ts"),
        "{file}"
    );
    assert!(
        Path::new(&file).is_absolute(),
        "outside the working directory: {file}"
    );
    assert_eq!(line, 58);
    assert_eq!(
        message,
        "the construct `Site/Distribution/Resource` is created here (in `new SiteStack`)"
    );
    let source = std::fs::read_to_string(&file).unwrap();
    let text = source.lines().nth(57).unwrap();
    let column = cf104["related"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["line"] == 58)
        .unwrap()["column"]
        .as_u64()
        .unwrap() as usize;
    assert!(
        text[column - 1..].starts_with("new cloudfront.Distribution("),
        "{text}"
    );
    // the Lambda@Edge findings, in the us-east-1 support stack, lead to
    // the `EdgeFunction` of the site's stack
    let cf303 = found.iter().find(|f| f["code"] == "CF303").unwrap();
    let (file, line, _) = created(cf303).unwrap_or_else(|| panic!("{cf303:#}"));
    assert!(file.ends_with("lib/site-stack.ts"), "{file}");
    assert_eq!(line, 34);
    // every finding of the app has a construct made by the app's code
    assert!(found.iter().all(|f| created(f).is_some()), "{found:#?}");
}

#[test]
fn stack_traces_of_another_machine_add_no_location() {
    // the checked-in assembly names sources where it was synthesized
    let found = findings(&testdata(), &["faulty.out"]);
    assert!(!found.is_empty());
    for f in &found {
        let related = f["related"].as_array().unwrap();
        assert!(
            related
                .iter()
                .all(|r| !r["message"].as_str().unwrap().contains("is created here")),
            "{f:#}"
        );
    }
}
