//! Intrinsic function calls as they are written: the short form (`!Ref`,
//! `!Sub`) and the long form (`{"Fn::Sub": …}`), recognized without
//! evaluating them, and the text of scalar nodes.

use crate::document::{Node, NodeValue};

/// An intrinsic function call, in either notation.
#[derive(Clone, Copy, Debug)]
pub struct Call<'a> {
    /// The long-form name: `Ref`, `Condition` or `Fn::…`.
    pub name: &'a str,
    /// The argument. For a tagged node this is the node itself, whose tag
    /// must then be ignored.
    pub arg: &'a Node,
    pub tagged: bool,
}

impl<'a> Call<'a> {
    pub fn items(&self) -> &'a [Node] {
        self.arg.items()
    }
}

/// The call a node is, if any.
pub fn call(node: &Node) -> Option<Call<'_>> {
    if let Some(tag) = &node.tag {
        return Some(Call {
            name: tag_name(&tag.name),
            arg: node,
            tagged: true,
        });
    }
    long_form(node)
}

/// The long-form call a node is (`{"Fn::Sub": …}`), ignoring any tag.
pub fn long_form(node: &Node) -> Option<Call<'_>> {
    match &node.value {
        NodeValue::Map(entries) => match entries.as_slice() {
            [e] if e.key == "Ref" || e.key == "Condition" || e.key.starts_with("Fn::") => {
                Some(Call {
                    name: e.key.as_str(),
                    arg: &e.value,
                    tagged: false,
                })
            }
            _ => None,
        },
        _ => None,
    }
}

fn tag_name(tag: &str) -> &'static str {
    match tag {
        "Ref" => "Ref",
        "Condition" => "Condition",
        "GetAtt" => "Fn::GetAtt",
        "Sub" => "Fn::Sub",
        "Join" => "Fn::Join",
        "Select" => "Fn::Select",
        "Split" => "Fn::Split",
        "FindInMap" => "Fn::FindInMap",
        "Base64" => "Fn::Base64",
        "If" => "Fn::If",
        "Equals" => "Fn::Equals",
        "And" => "Fn::And",
        "Or" => "Fn::Or",
        "Not" => "Fn::Not",
        "ImportValue" => "Fn::ImportValue",
        "GetAZs" => "Fn::GetAZs",
        "Cidr" => "Fn::Cidr",
        "Length" => "Fn::Length",
        "ToJsonString" => "Fn::ToJsonString",
        "Transform" => "Fn::Transform",
        _ => "unknown-tag",
    }
}

/// The text of a scalar node (`443` and `true` as CloudFormation sees them).
pub fn scalar_text(node: &Node) -> Option<String> {
    match &node.value {
        NodeValue::Str(s) => Some(s.to_string()),
        NodeValue::Int(i) => Some(i.to_string()),
        NodeValue::Float(f) => Some(f.to_string()),
        NodeValue::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
