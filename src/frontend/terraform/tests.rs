//! The evaluator and the module reader on small configurations: functions,
//! templates, conditionals, `for` expressions, splats, variable precedence,
//! locals, unknown propagation, `count`/`for_each`/`dynamic` expansion,
//! local modules, providers and the evaluation limits.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;
use std::sync::Arc;

use super::instance::{Instance, Shared};
use super::value::{Budget, Names, V, Val};
use super::{Options, cli_vars, load_module, parse};
use crate::model::{Part, UnknownReason};
use crate::source::{Loc, SourceFile, SourceMap};

/// Writes `files` (paths relative to a fresh directory; those without a
/// `/` are the root module's) and runs `f` on the root module's instance.
fn with_module<T>(
    files: &[(&str, &str)],
    options: &Options,
    f: impl FnOnce(&Instance<'_>, &Path) -> T,
) -> T {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    }
    let mut sources = SourceMap::default();
    let mut root = Vec::new();
    for (name, text) in files.iter().filter(|(n, _)| is_unit_file(n)) {
        let file = Arc::new(SourceFile::new(dir.path().join(name), *text));
        root.push((sources.add(file.clone()), file));
    }
    let mut errors = Vec::new();
    let dirs = parse::read_unit(&root, options, &mut sources, &mut errors).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    let configs = parse::configs(&dirs);
    let shared = Shared {
        configs: &configs,
        budget: Budget::default(),
        region: options.region.clone(),
    };
    let vars = cli_vars(&configs[0], options);
    let inst = Instance::new(
        &shared,
        &configs[0],
        String::new(),
        0,
        Default::default(),
        &vars,
        Default::default(),
    );
    f(&inst, dir.path())
}

/// Whether a file is one the unit is given (the root module's own
/// configuration and variable files).
fn is_unit_file(name: &str) -> bool {
    !name.contains('/')
        && [".tf", ".tf.json", ".tfvars", ".tfvars.json"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// A value as compact text: JSON for known values, `?` for unknown ones.
fn show(v: &V) -> String {
    match &v.val {
        Val::Null => "null".into(),
        Val::Str(s) => format!("{s:?}"),
        Val::Num(n) => super::value::number_text(*n),
        Val::Bool(b) => b.to_string(),
        Val::List(items) => format!("[{}]", items.iter().map(show).collect::<Vec<_>>().join(",")),
        Val::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!("{k:?}:{}", show(v)))
                .collect::<Vec<_>>()
                .join(",")
        ),
        Val::Unknown(..) => "?".into(),
    }
}

fn local(inst: &Instance<'_>, name: &str) -> V {
    inst.local(name, Loc::default())
        .unwrap_or_else(|| panic!("no local {name}"))
}

/// Every local of one `main.tf`, shown.
fn locals_of(text: &str, names: &[&str]) -> Vec<String> {
    with_module(&[("main.tf", text)], &Options::default(), |inst, _| {
        names.iter().map(|n| show(&local(inst, n))).collect()
    })
}

fn one(text: &str) -> String {
    locals_of(&format!("locals {{\n  x = {text}\n}}\n"), &["x"]).remove(0)
}

#[test]
fn string_functions() {
    assert_eq!(one(r#"format("%s-%d", "web", 3)"#), r#""web-3""#);
    assert_eq!(one(r#"format("%s|%%|%t", "a", true)"#), r#""a|%|true""#);
    // a verb not evaluated is Unknown, never a wrong text
    assert_eq!(one(r#"format("%05d", 42)"#), "?");
    assert_eq!(one(r#"join(",", ["a", "b", "c"])"#), r#""a,b,c""#);
    assert_eq!(one(r#"split(".", "a.b.c")"#), r#"["a","b","c"]"#);
    assert_eq!(
        one(r#"replace("docs.example.com", ".", "-")"#),
        r#""docs-example-com""#
    );
    assert_eq!(one(r#"replace("v1.2.3", "/[0-9]/", "x")"#), "?");
    assert_eq!(one(r#"lower("HTTP-Only")"#), r#""http-only""#);
    assert_eq!(one(r#"upper("get")"#), r#""GET""#);
    assert_eq!(one(r#"tostring(443)"#), r#""443""#);
    assert_eq!(one(r#"tonumber("443")"#), "443");
    assert_eq!(one(r#"tonumber("x")"#), "?");
}

#[test]
fn collection_functions() {
    assert_eq!(one(r#"concat(["a"], ["b", "c"])"#), r#"["a","b","c"]"#);
    assert_eq!(
        one(r#"merge({ a = 1, b = 2 }, { b = 3 })"#),
        r#"{"a":1,"b":3}"#
    );
    assert_eq!(one(r#"lookup({ a = "x" }, "a", "d")"#), r#""x""#);
    assert_eq!(one(r#"lookup({ a = "x" }, "b", "d")"#), r#""d""#);
    assert_eq!(one(r#"element(["a", "b"], 3)"#), r#""b""#);
    assert_eq!(one(r#"length(["a", "b"])"#), "2");
    assert_eq!(one(r#"length({ a = 1 })"#), "1");
    assert_eq!(one(r#"length("héllo")"#), "5");
    assert_eq!(one(r#"coalesce("", null, "b", "c")"#), r#""b""#);
    assert_eq!(one(r#"tolist(["a", "b"])"#), r#"["a","b"]"#);
    assert_eq!(one(r#"toset(["a", "b", "a"])"#), r#"["a","b"]"#);
}

#[test]
fn json_functions() {
    assert_eq!(
        one(r#"jsonencode({ Effect = "Allow", Port = 443 })"#),
        r#""{\"Effect\":\"Allow\",\"Port\":443}""#
    );
    assert_eq!(
        one(r#"jsondecode("{\"a\": [1, true]}")"#),
        r#"{"a":[1,true]}"#
    );
    assert_eq!(one(r#"jsondecode("{")"#), "?");
}

#[test]
fn file_reads_relative_to_the_module() {
    let files = [
        (
            "main.tf",
            "locals {\n  code = file(\"${path.module}/fn.js\")\n  size = length(file(\"fn.js\"))\n  missing = file(\"nope.js\")\n}\n",
        ),
        ("fn.js", "function handler(event) { return event.request; }"),
    ];
    with_module(&files, &Options::default(), |inst, _| {
        assert_eq!(
            show(&local(inst, "code")),
            r#""function handler(event) { return event.request; }""#
        );
        assert_eq!(show(&local(inst, "size")), "49");
        assert!(local(inst, "missing").is_unknown());
    });
}

#[test]
fn a_module_reads_relative_paths_from_the_root_directory() {
    // Terraform runs in the root module's directory: a plain relative path
    // in a child module is read from there, `${path.module}/x` beside the
    // child's own files
    let files = [
        (
            "main.tf",
            "module \"edge\" {\n  source = \"./modules/edge\"\n}\nlocals {\n  both = module.edge.both\n}\n",
        ),
        ("fn.js", "root"),
        (
            "modules/edge/main.tf",
            "output \"both\" {\n  value = \"${file(\"fn.js\")}+${file(\"${path.module}/fn.js\")}\"\n}\n",
        ),
        ("modules/edge/fn.js", "child"),
    ];
    with_module(&files, &Options::default(), |inst, _| {
        assert_eq!(show(&local(inst, "both")), r#""root+child""#);
    });
}

#[cfg(unix)]
#[test]
fn file_does_not_open_a_fifo() {
    with_module(
        &[("main.tf", "locals {\n  code = file(\"pipe.js\")\n}\n")],
        &Options::default(),
        |inst, dir| {
            let made = std::process::Command::new("mkfifo")
                .arg(dir.join("pipe.js"))
                .status()
                .is_ok_and(|s| s.success());
            if made {
                // reading would wait for a writer forever
                assert!(local(inst, "code").is_unknown());
            }
        },
    );
}

#[test]
fn a_root_module_in_the_working_directory_has_path_module_dot() {
    let text = "locals {\n  m = path.module\n}\n";
    let file = Arc::new(SourceFile::new("main.tf", text));
    let mut sources = SourceMap::default();
    let root = vec![(sources.add(file.clone()), file)];
    let mut errors = Vec::new();
    let dirs = parse::read_unit(&root, &Options::default(), &mut sources, &mut errors).unwrap();
    let configs = parse::configs(&dirs);
    let shared = Shared {
        configs: &configs,
        budget: Budget::default(),
        region: None,
    };
    let inst = Instance::new(
        &shared,
        &configs[0],
        String::new(),
        0,
        Default::default(),
        &[],
        Default::default(),
    );
    // not "", which would turn `${path.module}/x` into `/x`
    assert_eq!(show(&local(&inst, "m")), r#"".""#);
}

#[test]
fn try_takes_the_first_argument_that_evaluates() {
    let got = locals_of(
        r#"
locals {
  m = { a = "x" }
  first   = try(local.m.b, local.m.a, "z")
  literal = try(local.m.b, "fallback")
  nothing = try(local.m.b, local.m.c)
  applied = try(aws_lb.web.dns_name, "fallback")
}
resource "aws_lb" "web" {}
"#,
        &["first", "literal", "nothing", "applied"],
    );
    // a value computed at apply time is a value: try keeps it
    assert_eq!(got, [r#""x""#, r#""fallback""#, "?", "?"]);
}

#[test]
fn templates_with_interpolations_and_directives() {
    let got = locals_of(
        r#"
locals {
  name   = "web"
  ports  = [80, 443]
  plain  = "${local.name}-origin"
  single = "${local.ports}"
  iffy   = "%{ if local.name == "web" }public%{ else }private%{ endif }"
  loop   = "%{ for p in local.ports }${p};%{ endfor }"
  keyed  = "%{ for i, p in local.ports }${i}=${p} %{ endfor }"
  heredoc = <<-EOT
    ${local.name}
    EOT
}
"#,
        &["plain", "single", "iffy", "loop", "keyed", "heredoc"],
    );
    assert_eq!(
        got,
        [
            r#""web-origin""#,
            "[80,443]",
            r#""public""#,
            r#""80;443;""#,
            r#""0=80 1=443 ""#,
            r#""web\n""#
        ]
    );
}

#[test]
fn conditionals_and_operators() {
    let got = locals_of(
        r#"
variable "prod" { default = true }
variable "unset" {}
locals {
  policy  = var.prod ? "https-only" : "http-only"
  math    = (2 + 3) * 4 - 10 / 5 % 3
  compare = 3 >= 2 && !(1 == 2) || false
  same    = var.unset ? "a" : "a"
  either  = var.unset ? "a" : "b"
  short   = false && var.unset
}
"#,
        &["policy", "math", "compare", "same", "either", "short"],
    );
    assert_eq!(
        got,
        [r#""https-only""#, "18", "true", r#""a""#, "?", "false"]
    );
}

#[test]
fn a_number_beyond_f64_parses_and_is_unknown() {
    // valid HCL (Terraform's numbers have arbitrary precision); edgelint
    // cannot hold its value, so it is unknown, and so is what uses it
    let got = locals_of(
        &format!(
            "locals {{\n  big = 1e400\n  huge = {}\n  neg = -1e400\n  sum = 1e400 + 1\n  less = 1e400 > 5\n  max = 1.7976931348623157e308\n  small = 1e-400\n}}\n",
            "9".repeat(400)
        ),
        &["big", "huge", "neg", "sum", "less", "max", "small"],
    );
    assert_eq!(got, ["?", "?", "?", "?", "?", "?", "0"]);
}

#[test]
fn for_expressions() {
    let got = locals_of(
        r#"
locals {
  names   = ["a", "b", "c"]
  upper   = [for n in local.names : upper(n)]
  indexed = { for i, n in local.names : n => i }
  kept    = [for n in local.names : n if n != "b"]
  grouped = { for n in ["x1", "x2", "y1"] : substr(n, 0, 1) => n... }
  over_map = [for k, v in { a = 1, b = 2 } : "${k}${v}"]
}
"#,
        &["upper", "indexed", "kept", "grouped", "over_map"],
    );
    assert_eq!(
        got,
        [
            r#"["A","B","C"]"#,
            r#"{"a":0,"b":1,"c":2}"#,
            r#"["a","c"]"#,
            r#"{"x":["x1","x2"],"y":["y1"]}"#,
            r#"["a1","b2"]"#
        ]
    );
}

#[test]
fn splats() {
    let got = locals_of(
        r#"
locals {
  origins = [{ id = "a", port = 80 }, { id = "b", port = 443 }]
  ids     = local.origins[*].id
  legacy  = local.origins.*.port
  single  = { id = "c" }[*].id
}
resource "aws_lb" "web" {
  count = 2
  name  = "web-${count.index}"
}
locals {
  names = aws_lb.web[*].name
  dns   = aws_lb.web[*].dns_name
}
"#,
        &["ids", "legacy", "single", "names", "dns"],
    );
    assert_eq!(
        got,
        [
            r#"["a","b"]"#,
            "[80,443]",
            r#"["c"]"#,
            r#"["web-0","web-1"]"#,
            "[?,?]"
        ]
    );
}

const PRECEDENCE: &str = r#"
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
locals {
  all = [var.a, var.b, var.c, var.d, var.e]
}
"#;

#[test]
fn variable_precedence() {
    let dir = tempfile::tempdir().unwrap();
    let var_file = dir.path().join("prod.tfvars");
    std::fs::write(&var_file, "d = \"var-file\"\ne = \"var-file\"\n").unwrap();
    let files = [
        ("main.tf", PRECEDENCE),
        (
            "terraform.tfvars",
            "b = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\ne = \"tfvars\"\n",
        ),
        (
            "x.auto.tfvars.json",
            r#"{"c": "auto", "d": "auto", "e": "auto"}"#,
        ),
    ];
    let mut options = Options {
        var_files: vec![var_file],
        ..Options::default()
    };
    options.vars.insert("e".into(), "cli".into());
    let (got, set_by) = with_module(&files, &options, |inst, _| {
        let all = local(inst, "all");
        let set_by: Vec<String> = match &all.val {
            Val::List(items) => items
                .iter()
                .map(|v| format!("{:?}", v.origin.as_ref().map(|o| &o.set_by)))
                .collect(),
            _ => Vec::new(),
        };
        (show(&all), set_by)
    });
    assert_eq!(got, r#"["default","tfvars","auto","var-file","cli"]"#);
    // what a finding's label at the value's origin says
    assert_eq!(
        set_by,
        [
            "Some(Default)",
            "Some(VarFile)",
            "Some(VarFile)",
            "Some(VarFile)",
            r#"Some(Given { flag: "--var", name: "e" })"#
        ]
    );
}

#[test]
fn command_line_values_of_collection_types_are_hcl() {
    let text = r#"
variable "aliases" {
  type = list(string)
}
variable "origins" {
  type = map(object({ port = number }))
}
variable "name" {
  type = string
}
variable "untyped" {}
variable "deep" {
  type = list(any)
}
variable "broken" {
  type = list(string)
}
locals {
  all      = [var.aliases, var.origins, var.name, var.untyped]
  unparsed = [var.deep, var.broken]
}
"#;
    let json =
        r#"{"variable": {"ports": {"type": "list(number)"}}, "locals": {"p": "${var.ports}"}}"#;
    let mut options = Options::default();
    for (name, value) in [
        ("aliases", r#"["a.example.com", "b.example.com"]"#),
        (
            "origins",
            r#"{ app = { port = 8443 }, "web" = { port = 443 } }"#,
        ),
        ("name", r#"["kept", "as", "text"]"#),
        ("untyped", "[1]"),
        ("deep", &format!("{}{}", "[".repeat(5000), "]".repeat(5000))),
        ("broken", "[\"a\","),
        ("ports", "[80, 443]"),
    ] {
        options.vars.insert(name.into(), value.into());
    }
    let files = [("main.tf", text), ("ports.tf.json", json)];
    with_module(&files, &options, |inst, _| {
        assert_eq!(
            show(&local(inst, "all")),
            r#"[["a.example.com","b.example.com"],{"app":{"port":8443},"web":{"port":443}},"[\"kept\", \"as\", \"text\"]","[1]"]"#
        );
        assert_eq!(show(&local(inst, "p")), "[80,443]");
        assert_eq!(show(&local(inst, "unparsed")), "[?,?]");
    });
}

#[test]
fn a_variable_without_a_value_is_unknown_and_propagates() {
    let got = locals_of(
        r#"
variable "domain" {}
variable "nothing" { default = null }
locals {
  domain   = var.domain
  template = "https://${var.domain}/"
  upper    = upper(var.domain)
  list     = [var.domain, "b"]
  joined   = join(",", local.list)
  length   = length(local.list)
  nothing  = var.nothing
  attr     = var.domain.x
}
"#,
        &[
            "domain", "template", "upper", "list", "joined", "length", "nothing", "attr",
        ],
    );
    assert_eq!(got, ["?", "?", "?", r#"[?,"b"]"#, "?", "2", "?", "?"]);
    // the reason names the variable
    with_module(
        &[(
            "main.tf",
            "variable \"domain\" {}\nlocals { d = var.domain }\n",
        )],
        &Options::default(),
        |inst, _| {
            assert_eq!(
                local(inst, "d").val,
                Val::Unknown(
                    UnknownReason::Input(Arc::from("domain")),
                    vec![Part::Input(Arc::from("var.domain"))]
                )
            );
        },
    );
}

#[test]
fn locals_chain_in_any_order_and_keep_their_origin() {
    let text = r#"
locals {
  c = "${local.b}!"
  b = upper(local.a)
  a = "x"
  self_ref = local.self_ref
}
"#;
    with_module(&[("main.tf", text)], &Options::default(), |inst, _| {
        assert_eq!(show(&local(inst, "c")), r#""X!""#);
        // a cycle ends Unknown, not in a loop
        assert!(local(inst, "self_ref").is_unknown());
    });
}

#[test]
fn a_reference_to_a_resource_attribute_is_unknown_with_the_reference() {
    let text = r#"
resource "aws_lb" "web" {}
resource "aws_lambda_function" "edge" {
  function_name = "edge"
  publish       = true
}
resource "aws_acm_certificate" "cert" {}
resource "aws_acm_certificate_validation" "cert" {
  certificate_arn = aws_acm_certificate.cert.arn
}
locals {
  dns       = aws_lb.web.dns_name
  url       = "https://${aws_lb.web.dns_name}/"
  version   = aws_lambda_function.edge.qualified_arn
  name      = aws_lambda_function.edge.function_name
  validated = aws_acm_certificate_validation.cert.certificate_arn
}
"#;
    with_module(&[("main.tf", text)], &Options::default(), |inst, _| {
        let parts = |name: &str| match local(inst, name).val {
            Val::Unknown(UnknownReason::Computed, parts) => format!("{parts:?}"),
            other => panic!("{name}: {other:?}"),
        };
        assert!(parts("dns").contains("aws_lb.web") && parts("dns").contains("DnsName"));
        assert!(parts("url").contains("Text(\"https://\")"));
        assert!(parts("version").contains("VersionArn"));
        assert!(parts("validated").contains("aws_acm_certificate.cert"));
        assert_eq!(show(&local(inst, "name")), r#""edge""#);
    });
}

/// The model of one module directory, as JSON.
fn model_of(files: &[(&str, &str)], options: &Options) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let mut sources = SourceMap::default();
    let mut root = Vec::new();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        if is_unit_file(name) {
            let file = Arc::new(SourceFile::new(path, *text));
            root.push((sources.add(file.clone()), file));
        }
    }
    let mut errors = Vec::new();
    let scenarios = load_module(&root, options, &mut sources, &mut errors).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    scenarios[0].model.to_json()
}

/// The `id` of each object of one kind in a model.
fn ids(model: &serde_json::Value, kind: &str) -> Vec<String> {
    model[kind]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| i["id"].as_str().unwrap_or("?").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn count_and_for_each_expand_when_known() {
    let text = r#"
variable "names" { default = ["a", "b"] }
variable "unset" {}
resource "aws_lb" "counted" {
  count = 2
  name  = "lb-${count.index}"
}
resource "aws_lb" "keyed" {
  for_each = toset(var.names)
  name     = each.key
}
resource "aws_lb" "mapped" {
  for_each = { x = "internal", y = "public" }
  name     = each.value
}
resource "aws_lb" "none" {
  count = 0
}
resource "aws_lb" "unknown" {
  count = var.unset
  name  = "lb-${count.index}"
}
"#;
    let model = model_of(&[("main.tf", text)], &Options::default());
    let mut got = ids(&model, "load_balancers");
    got.sort();
    assert_eq!(
        got,
        [
            "aws_lb.counted[0]",
            "aws_lb.counted[1]",
            "aws_lb.keyed[\"a\"]",
            "aws_lb.keyed[\"b\"]",
            "aws_lb.mapped[\"x\"]",
            "aws_lb.mapped[\"y\"]",
            // unknown count: one instance standing for all, no key
            "aws_lb.unknown",
        ]
    );
}

const DYNAMIC: &str = r#"
variable "origins" {
  default = { a = "a.example.com", b = "b.example.com" }
}
variable "unset" {}
resource "aws_lb" "web" {
  count = 2
}
resource "aws_cloudfront_distribution" "web" {
  dynamic "origin" {
    for_each = var.origins
    content {
      origin_id   = origin.key
      domain_name = origin.value
    }
  }
  dynamic "origin" {
    for_each = var.unset
    iterator = o
    content {
      origin_id   = o.key
      domain_name = "fixed.example.com"
    }
  }
  dynamic "origin" {
    for_each = aws_lb.web
    content {
      origin_id   = "lb"
      domain_name = origin.value.dns_name
    }
  }
}
"#;

#[test]
fn dynamic_blocks_expand_when_known_and_stay_unknown_otherwise() {
    let model = model_of(&[("main.tf", DYNAMIC)], &Options::default());
    let origins = model["distributions"][0]["origins"].as_array().unwrap();
    let shown: Vec<String> = origins
        .iter()
        .map(|o| format!("{} {}", o["id"], o["domain_name"]))
        .collect();
    assert_eq!(shown.len(), 4, "{shown:#?}");
    assert_eq!(shown[0], r#""a" "a.example.com""#);
    assert_eq!(shown[1], r#""b" "b.example.com""#);
    // over an unknown collection: once, what does not depend on the
    // iterator known, the rest unknown
    assert!(origins[2]["id"].get("unknown").is_some(), "{}", origins[2]);
    assert_eq!(origins[2]["domain_name"], "fixed.example.com");
    // over a whole counted resource: its instances' attributes are not
    // known, and nothing is invented
    assert_eq!(origins[3]["id"], "lb");
    assert!(
        origins[3]["domain_name"].get("unknown").is_some(),
        "{}",
        origins[3]
    );
}

#[test]
fn local_modules_get_their_inputs_and_give_their_outputs() {
    let files = [
        (
            "main.tf",
            r#"
module "cdn" {
  source = "./modules/cdn"
  domain = "docs.s3-website-us-east-1.amazonaws.com"
}
module "remote" {
  source = "terraform-aws-modules/cloudfront/aws"
}
locals {
  id     = module.cdn.origin_id
  remote = module.remote.cloudfront_distribution_id
}
"#,
        ),
        (
            "modules/cdn/main.tf",
            r#"
variable "domain" {}
variable "origin" { default = "site" }
output "origin_id" { value = "${var.origin}-origin" }
resource "aws_cloudfront_distribution" "this" {
  origin {
    origin_id   = var.origin
    domain_name = var.domain
  }
}
"#,
        ),
    ];
    with_module(&files, &Options::default(), |inst, _| {
        assert_eq!(show(&local(inst, "id")), r#""site-origin""#);
        assert_eq!(
            local(inst, "remote").val,
            Val::Unknown(UnknownReason::External, Vec::new())
        );
    });
    let model = model_of(&files, &Options::default());
    assert_eq!(
        ids(&model, "distributions"),
        ["module.cdn.aws_cloudfront_distribution.this"]
    );
    assert_eq!(
        model["distributions"][0]["origins"][0]["domain_name"],
        "docs.s3-website-us-east-1.amazonaws.com"
    );
}

#[test]
fn a_module_call_whose_for_each_reads_its_own_outputs_is_one_unknown_instance() {
    let files = [
        (
            "main.tf",
            r#"
module "loop" {
  source   = "./modules/cdn"
  for_each = module.loop.names
}
module "pair" {
  source   = "./modules/cdn"
  for_each = module.loop.names == null ? toset(["a", "b"]) : toset(["a", "b"])
}
"#,
        ),
        (
            "modules/cdn/main.tf",
            r#"
output "names" { value = toset(["x"]) }
resource "aws_cloudfront_distribution" "this" {}
"#,
        ),
    ];
    let model = model_of(&files, &Options::default());
    let mut got = ids(&model, "distributions");
    got.sort();
    // the cycle is not followed: no key is made up from it, and the call
    // that only reads it still expands
    assert_eq!(
        got,
        [
            "module.loop.aws_cloudfront_distribution.this",
            "module.pair[\"a\"].aws_cloudfront_distribution.this",
            "module.pair[\"b\"].aws_cloudfront_distribution.this",
        ]
    );
}

#[test]
fn provider_regions_and_aliases() {
    let text = r#"
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}
resource "aws_acm_certificate" "default" {}
resource "aws_acm_certificate" "aliased" {
  provider = aws.us
}
resource "aws_acm_certificate" "argument" {
  region = "ap-southeast-2"
}
"#;
    with_module(&[("main.tf", text)], &Options::default(), |inst, _| {
        let region = |i: usize| {
            let block = &inst.config.resources[i];
            inst.region(&block.body, &Default::default())
                .map(|v| show(&v))
        };
        assert_eq!(region(0).as_deref(), Some(r#""eu-west-1""#));
        assert_eq!(region(1).as_deref(), Some(r#""us-east-1""#));
        assert_eq!(region(2).as_deref(), Some(r#""ap-southeast-2""#));
    });
    // no provider region: none, whatever --region says is for the caller
    with_module(
        &[("main.tf", "resource \"aws_lb\" \"a\" {}\n")],
        &Options::default(),
        |inst, _| {
            let block = &inst.config.resources[0];
            assert!(inst.region(&block.body, &Default::default()).is_none());
        },
    );
}

#[test]
fn evaluation_steps_end_in_unknown() {
    // 10,000 × 1,000 string conversions: beyond the step budget
    let got = one(
        r#"join(",", [for i in range(10000) : join(",", [for j in range(1000) : tostring(j)])])"#,
    );
    assert_eq!(got, "?");
    const { assert!(super::MAX_EVAL_STEPS < 10_000 * 1_000) };
}

#[test]
fn nesting_deeper_than_the_limit_ends_in_unknown() {
    let depth = super::MAX_EVAL_DEPTH as usize + 8;
    let mut text = String::from("locals {\n  l0 = \"x\"\n");
    for i in 1..=depth {
        text.push_str(&format!("  l{i} = local.l{}\n", i - 1));
    }
    text.push_str("}\n");
    let last = format!("l{depth}");
    let got = locals_of(&text, &["l5", &last]);
    assert_eq!(got, [r#""x""#, "?"]);
}

#[test]
fn a_distribution_waits_for_its_certificate_in_json_syntax() {
    let cert = r#"{
  "resource": {
    "aws_acm_certificate": { "site": { "domain_name": "example.com", "validation_method": "DNS" } },
    "aws_acm_certificate_validation": { "site": { "certificate_arn": "${aws_acm_certificate.site.arn}" } },
    "aws_cloudfront_distribution": {
      "direct": { "viewer_certificate": { "acm_certificate_arn": "${aws_acm_certificate.site.arn}" } },
      "validated": { "viewer_certificate": { "acm_certificate_arn": "${aws_acm_certificate_validation.site.certificate_arn}" } },
      "depends": {
        "depends_on": ["aws_acm_certificate_validation.site"],
        "viewer_certificate": { "acm_certificate_arn": "${aws_acm_certificate.site.arn}" }
      },
      "literal": { "viewer_certificate": { "acm_certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/abc" } }
    }
  }
}"#;
    let model = model_of(&[("main.tf.json", cert)], &Options::default());
    let waits: Vec<(String, serde_json::Value)> = model["distributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["viewer_certificate"]["waits_for_issue"].clone(),
            )
        })
        .collect();
    assert_eq!(
        waits,
        [
            (
                "aws_cloudfront_distribution.direct".into(),
                serde_json::json!(false)
            ),
            (
                "aws_cloudfront_distribution.validated".into(),
                serde_json::json!(true)
            ),
            (
                "aws_cloudfront_distribution.depends".into(),
                serde_json::json!(true)
            ),
            (
                "aws_cloudfront_distribution.literal".into(),
                serde_json::json!(null)
            ),
        ]
    );
}

#[test]
fn package_size_of_the_file_terraform_uploads() {
    let zip = "z".repeat(321);
    let files = [
        (
            "main.tf",
            r#"
resource "aws_lambda_function" "plain" {
  filename = "edge.zip"
}
resource "aws_lambda_function" "module_path" {
  filename = "${path.module}/edge.zip"
}
data "archive_file" "built" {
  type        = "zip"
  source_file = "index.js"
  output_path = "${path.module}/build/edge.zip"
}
resource "aws_lambda_function" "archive" {
  filename = data.archive_file.built.output_path
}
data "archive_file" "not_yet" {
  type        = "zip"
  source_file = "index.js"
  output_path = "${path.module}/dist/edge.zip"
}
resource "aws_lambda_function" "archive_not_built" {
  filename = data.archive_file.not_yet.output_path
}
resource "aws_lambda_function" "folder" {
  filename = "build"
}
resource "aws_lambda_function" "in_s3" {
  s3_bucket = "artifacts"
  s3_key    = "edge.zip"
}
resource "aws_lambda_function" "image" {
  package_type = "Image"
  image_uri    = "111122223333.dkr.ecr.us-east-1.amazonaws.com/edge:1"
}
variable "artifact" {}
resource "aws_lambda_function" "input" {
  filename = var.artifact
}
module "edge" {
  source = "./modules/edge"
}
"#,
        ),
        ("edge.zip", &zip),
        ("build/edge.zip", "zz"),
        (
            "modules/edge/main.tf",
            "resource \"aws_lambda_function\" \"child\" {\n  filename = \"${path.module}/child.zip\"\n}\n",
        ),
        ("modules/edge/child.zip", "zzz"),
    ];
    let model = model_of(&files, &Options::default());
    let sizes: Vec<String> = model["lambda_functions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {}", f["id"], f["package_size"]))
        .collect();
    assert_eq!(
        sizes,
        [
            r#""aws_lambda_function.plain" 321"#,
            r#""aws_lambda_function.module_path" 321"#,
            r#""aws_lambda_function.archive" 2"#,
            // built at plan time: not on disk, not measured
            r#""aws_lambda_function.archive_not_built" {"unknown":[]}"#,
            r#""aws_lambda_function.folder" {"unknown":[]}"#,
            r#""aws_lambda_function.in_s3" null"#,
            r#""aws_lambda_function.image" null"#,
            r#""aws_lambda_function.input" {"unknown":[]}"#,
            r#""module.edge.aws_lambda_function.child" 3"#,
        ]
    );
}

#[test]
fn package_size_in_a_plan_is_read_beside_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("edge.zip"), "z".repeat(321)).unwrap();
    let change = |name: &str, filename: &str| {
        format!(
            r#"{{"address": "aws_lambda_function.{name}", "mode": "managed", "type": "aws_lambda_function", "name": "{name}",
               "change": {{"actions": ["create"], "after": {{"filename": "{filename}"}}, "after_unknown": {{}}}}}}"#
        )
    };
    let text = format!(
        r#"{{"format_version": "1.2", "resource_changes": [{}, {}]}}"#,
        change("here", "./edge.zip"),
        change("gone", "./missing.zip"),
    );
    let doc = crate::document::json::parse(&text, &crate::document::Limits::default()).unwrap();
    let scenarios = super::plan::load(
        crate::source::FileId(0),
        dir.path(),
        &doc,
        &Options::default(),
    )
    .unwrap();
    let model = scenarios[0].model.to_json();
    assert_eq!(model["lambda_functions"][0]["package_size"], 321);
    assert!(
        model["lambda_functions"][1]["package_size"]
            .get("unknown")
            .is_some()
    );
}

/// Heredocs end only on a line that holds their marker alone (spaces and
/// tabs aside, as Terraform's scanner trims the line): hcl-edit 0.10 ended
/// them at a line that merely starts with it. The parser is patched in
/// `vendor/hcl-edit`; these shapes come from provisioner scripts and
/// function code.
#[test]
fn heredocs_end_on_a_line_of_their_own() {
    let body = |text: &str| hcl_edit::parser::parse_body(text);
    let text = "command = <<EOF\nsh -c \"cat > /tmp/conf <<EOF\nlisten 80;\nEOF\"\nEOF\nnext = 1\n";
    let parsed = body(text).unwrap();
    let attribute = parsed.get_attribute("command").unwrap();
    let hcl_edit::expr::Expression::HeredocTemplate(heredoc) = &attribute.value else {
        panic!("not a heredoc: {:?}", attribute.value);
    };
    assert_eq!(
        heredoc.template.to_string(),
        "sh -c \"cat > /tmp/conf <<EOF\nlisten 80;\nEOF\"\n"
    );
    assert!(parsed.get_attribute("next").is_some());
    for text in [
        "a = <<EOT\nEOT.\nEOT;x\n  EOT)\nEOT\n",
        "a = <<-JS\n    JS;\n    return request;\n    JS\n",
        "a = <<EOT\ntext\n  EOT \t\nb = 1\n",
        "a = <<-EOT\n  text\n\tEOT\n",
        "a = <<EOT\ntext\nEOT",
        "a = <<EOT\r\nEOT\"\r\nEOT\r\n",
        "a = <<EOF\nEOF\nb = <<EOFTF\ncontent\nEOFTF\n",
    ] {
        assert!(body(text).is_ok(), "{text:?}: {:?}", body(text).err());
    }
    // a heredoc whose marker never stands alone is unterminated
    for text in ["a = <<EOT\ntext\nEOT\"\n", "a = <<EOT\ntext\nEOTX\n"] {
        assert!(body(text).is_err(), "{text:?} parsed");
    }
}
