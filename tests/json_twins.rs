//! Every YAML fixture, rewritten as JSON (short-form tags become their
//! long forms), gives the same findings: the same rules, severities and
//! resources, and the same conditions.

use std::path::Path;

use edgelint::document::{Limits, Node, NodeValue, yaml};
use edgelint::lint::{LintOptions, lint_text};
use edgelint::rule::Registry;
use serde_json::{Map, Value, json};

/// The JSON form of a YAML node, as `aws cloudformation` would convert it.
fn to_json(node: &Node) -> Value {
    let plain = match &node.value {
        NodeValue::Null => Value::Null,
        NodeValue::Bool(b) => json!(b),
        NodeValue::Int(i) => json!(i),
        NodeValue::Float(f) => json!(f),
        NodeValue::Str(s) => json!(&**s),
        NodeValue::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeValue::Map(entries) => {
            let mut map = Map::new();
            for e in entries {
                map.insert(e.key.to_string(), to_json(&e.value));
            }
            Value::Object(map)
        }
    };
    match node.tag.as_ref().map(|t| t.name.as_str()) {
        None => plain,
        Some("Ref") => json!({ "Ref": plain }),
        Some("Condition") => json!({ "Condition": plain }),
        Some("GetAtt") => match plain {
            Value::String(s) => {
                let (res, attr) = s.split_once('.').unwrap();
                json!({ "Fn::GetAtt": [res, attr] })
            }
            other => json!({ "Fn::GetAtt": other }),
        },
        Some(name) => json!({ format!("Fn::{name}"): plain }),
    }
}

fn findings(name: &str, text: &str) -> Vec<(String, String, String, Vec<String>)> {
    let registry = Registry::builtin().unwrap();
    let report = lint_text(name, text, &registry, &LintOptions::default());
    // A twin cannot repeat a key; the YAML's repeats are checked as
    // fixtures, and both are linted with the last value.
    assert!(
        report.errors.iter().all(|e| e.code == "duplicate-key"),
        "{name}: {:?}",
        report.errors
    );
    let mut out: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            (
                f.code.clone(),
                f.severity.as_str().to_string(),
                f.resource.clone().unwrap_or_default(),
                f.conditions.clone(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn json_twins_of_yaml_fixtures_agree() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/cfn");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let path = entry.path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".yaml") || name.contains(".error.") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = yaml::load(&text, &Limits::default()).unwrap().root;
        let json_text = serde_json::to_string_pretty(&to_json(&doc)).unwrap();
        let from_yaml = findings(&name, &text);
        let from_json = findings(&name.replace(".yaml", ".json"), &json_text);
        assert!(!from_yaml.is_empty(), "{name}: fixture has findings");
        assert_eq!(from_yaml, from_json, "{name}");
        checked += 1;
    }
    assert!(checked >= 5);
}
