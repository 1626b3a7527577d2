//! The sections of a template, indexed once: parameters, mappings,
//! conditions, resources (SAM functions with their globals merged in).

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use crate::document::{Node, NodeValue};
use crate::frontend::{FrontendError, Options};
use crate::source::{FileId, Loc, Span};

use super::globals;

/// How a parameter's value is shaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// `String`, `Number` and the AWS-specific single-value types.
    Single,
    /// `CommaDelimitedList`, `List<…>`: the value is split on commas.
    List,
    /// `AWS::SSM::Parameter::Value<…>`: the value is read from SSM at
    /// deploy; the default is a parameter name, not the value.
    Ssm,
}

#[derive(Debug)]
pub struct Param<'a> {
    pub kind: ParamKind,
    /// The `Default` node.
    pub default: Option<&'a Node>,
    /// The value given with `--param`, which overrides the default.
    pub given: Option<&'a str>,
    /// A list of AWS-specific values (`List<AWS::EC2::Subnet::Id>`):
    /// CloudFormation checks each id exists and refuses an empty value, so
    /// without a value the list is unknown but not empty.
    pub never_empty: bool,
    /// The parameter's name where it is declared.
    pub name_span: Span,
}

#[derive(Debug)]
pub struct Resource<'a> {
    pub id: &'a str,
    pub ty: &'a str,
    /// The resource's entry value (the map holding `Type`).
    pub node: &'a Node,
    /// `Properties`, before conditions are applied.
    pub properties: Option<&'a Node>,
    /// `Condition:` of the resource.
    pub condition: Option<&'a str>,
    /// For SAM functions: the properties with `Globals.Function` merged in.
    pub merged: Option<Node>,
}

impl<'a> Resource<'a> {
    /// The properties to read: the merged ones for SAM functions.
    pub fn props(&self) -> Option<&Node> {
        self.merged.as_ref().or(self.properties)
    }
}

#[derive(Debug)]
pub struct Template<'a> {
    pub file: FileId,
    /// The directory the template is in: local artifact paths (SAM
    /// `CodeUri`) are relative to it.
    pub dir: &'a Path,
    pub region: Option<&'a str>,
    pub params: HashMap<&'a str, Param<'a>>,
    /// `Mappings`, by map name, top-level key and second-level key (the
    /// first of repeated keys, as `Node::get` reads them).
    pub mappings: HashMap<(&'a str, &'a str, &'a str), &'a Node>,
    /// The `Conditions` map, in template order.
    pub conditions: Option<&'a Node>,
    pub resources: Vec<Resource<'a>>,
    /// Logical id to type, including resources SAM generates
    /// (`Fn.Version`, `FnAliasLive`, `FnRole`); the ids the template
    /// declares are borrowed from it.
    pub types: HashMap<Cow<'a, str>, &'a str>,
    /// SAM function id to the logical id of its generated alias.
    pub sam_aliases: HashMap<String, String>,
    /// Whether the template uses the SAM transform.
    pub sam: bool,
    /// The longest logical id in `types`: a `GetAtt` name is split only at
    /// dots within this length.
    pub longest_id: usize,
    /// What other stacks of a cloud assembly give this one (empty for a
    /// template read alone).
    pub links: Links,
}

/// Values that reach a template from the other stacks it deploys with.
#[derive(Debug, Default)]
pub struct Links {
    /// `GetAtt Reader.Attribute` of a cross-region reader, by the reader's
    /// logical id and the attribute (`*`: any attribute).
    pub attributes: HashMap<(String, String), crate::model::Value>,
    /// `Fn::ImportValue` by export name.
    pub exports: HashMap<String, crate::model::Value>,
    /// The parameters the parent stack passes to this nested stack, which
    /// replace their defaults.
    pub parameters: HashMap<String, crate::model::Value>,
}

impl<'a> Template<'a> {
    pub fn read(
        file: FileId,
        dir: &'a Path,
        doc: &'a Node,
        options: &'a Options,
    ) -> Result<Template<'a>, FrontendError> {
        if !doc.is_map() {
            return Err(invalid(file, doc, "a template must be a mapping"));
        }
        let resources_node = doc.get("Resources");
        if let Some(node) = resources_node
            && !node.is_map()
        {
            return Err(invalid(file, node, "`Resources` must be a mapping"));
        }

        let mut params = HashMap::new();
        for entry in doc.get("Parameters").map(Node::entries).unwrap_or(&[]) {
            let ty = entry
                .value
                .get("Type")
                .and_then(Node::as_str)
                .unwrap_or("String");
            let kind = if ty.starts_with("AWS::SSM::Parameter::Value<") {
                ParamKind::Ssm
            } else if ty == "CommaDelimitedList" || ty.starts_with("List<") {
                ParamKind::List
            } else {
                ParamKind::Single
            };
            params.insert(
                entry.key.as_str(),
                Param {
                    kind,
                    default: entry.value.get("Default"),
                    given: options.params.get(entry.key.as_str()).map(String::as_str),
                    never_empty: ty.starts_with("List<AWS::"),
                    name_span: entry.key_span,
                },
            );
        }

        let sam = is_sam(doc);
        let globals = doc
            .get_path(&["Globals", "Function"])
            .filter(|n| n.is_map());
        if let Some(globals) = globals {
            let functions = resources_node
                .map(Node::entries)
                .unwrap_or(&[])
                .iter()
                .filter(|e| {
                    e.value.get("Type").and_then(Node::as_str) == Some("AWS::Serverless::Function")
                })
                .count();
            let copies = globals::node_count(globals).saturating_mul(functions);
            if copies > globals::MAX_GLOBALS_COPIES {
                return Err(FrontendError {
                    code: "limit-exceeded",
                    message: format!(
                        "merging `Globals.Function` into {functions} functions would copy {copies} nodes, more than {}; the template is not checked",
                        globals::MAX_GLOBALS_COPIES
                    ),
                    loc: Some(Loc::new(file, globals.span)),
                });
            }
        }
        let mut resources = Vec::new();
        let mut types = HashMap::new();
        for entry in resources_node.map(Node::entries).unwrap_or(&[]) {
            let Some(ty) = entry.value.get("Type").and_then(Node::as_str) else {
                continue;
            };
            let properties = entry.value.get("Properties");
            let merged = if ty == "AWS::Serverless::Function" {
                globals.map(|g| globals::merge_globals(g, properties, entry.value.span))
            } else {
                None
            };
            types.insert(Cow::Borrowed(entry.key.as_str()), ty);
            resources.push(Resource {
                id: entry.key.as_str(),
                ty,
                node: &entry.value,
                properties,
                condition: entry.value.get("Condition").and_then(Node::as_str),
                merged,
            });
        }

        let longest_id = types.keys().map(|id| id.len()).max().unwrap_or(0);
        let template = Template {
            file,
            dir,
            region: options.region.as_deref(),
            params,
            mappings: mapping_index(doc.get("Mappings")),
            conditions: doc.get("Conditions").filter(|n| n.is_map()),
            resources,
            types,
            sam_aliases: HashMap::new(),
            sam,
            longest_id,
            links: Links::default(),
        };
        Ok(template)
    }

    /// Where a node is written; a tagged node (`!Ref Param`) includes its
    /// tag.
    pub fn loc(&self, node: &Node) -> Loc {
        let span = match &node.tag {
            Some(tag) => node.span.cover(tag.span),
            None => node.span,
        };
        Loc::new(self.file, span)
    }

    pub fn resource_type(&self, id: &str) -> Option<&str> {
        self.types.get(id).copied()
    }
}

/// Every value of `Mappings` by its three keys, so that `Fn::FindInMap`
/// does not scan the maps.
fn mapping_index(mappings: Option<&Node>) -> HashMap<(&str, &str, &str), &Node> {
    let mut index = HashMap::new();
    // a repeated key's later entries are not read, at any level
    let mut seen = std::collections::HashSet::new();
    for map in mappings.map(Node::entries).unwrap_or(&[]) {
        if !seen.insert((map.key.as_str(), None)) {
            continue;
        }
        for top in map.value.entries() {
            if !seen.insert((map.key.as_str(), Some(top.key.as_str()))) {
                continue;
            }
            for second in top.value.entries() {
                index
                    .entry((map.key.as_str(), top.key.as_str(), second.key.as_str()))
                    .or_insert(&second.value);
            }
        }
    }
    index
}

fn invalid(file: FileId, node: &Node, message: &str) -> FrontendError {
    FrontendError {
        code: "invalid-template",
        message: message.to_string(),
        loc: Some(Loc::new(file, node.span)),
    }
}

/// Whether `Transform` names the SAM transform (a string or a list).
fn is_sam(doc: &Node) -> bool {
    let Some(transform) = doc.get("Transform") else {
        return false;
    };
    let is_serverless = |n: &Node| n.as_str().is_some_and(|s| s.starts_with("AWS::Serverless"));
    match &transform.value {
        NodeValue::Seq(items) => items.iter().any(is_serverless),
        _ => is_serverless(transform),
    }
}
