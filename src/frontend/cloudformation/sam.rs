//! The SAM transform's share: `Globals.Function` merged into each
//! `AWS::Serverless::Function`, and the resources SAM generates for it
//! (the published version and alias of `AutoPublishAlias`, the default
//! execution role) so that references to them resolve.

use std::collections::HashMap;

use crate::document::{Node, NodeValue};
use crate::source::Span;

use super::intrinsics::{call, scalar_text};
use super::template::Template;

/// Deepest nesting merged; deeper, the function's own value wins.
const MAX_MERGE_DEPTH: usize = 32;
/// Nodes of `Globals.Function` copied into functions, over all of a
/// template's SAM functions (the globals' size times the functions):
/// beyond, the template's check ends with `limit-exceeded`.
pub const MAX_GLOBALS_COPIES: usize = 2_000_000;

/// How many nodes a tree holds.
pub fn node_count(node: &Node) -> usize {
    let mut count = 0;
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        count += 1;
        stack.extend(node.items());
        stack.extend(node.entries().iter().map(|e| &e.value));
    }
    count
}

/// The function's properties with the globals merged in, the way SAM does:
/// the function's scalars win, maps merge, lists are additive.
pub fn merge_globals(globals: &Node, properties: Option<&Node>, entry_span: Span) -> Node {
    match properties {
        Some(properties) => merge(globals, properties, 0),
        None => Node {
            value: globals.value.clone(),
            span: entry_span,
            tag: None,
        },
    }
}

fn merge(global: &Node, local: &Node, depth: usize) -> Node {
    if depth > MAX_MERGE_DEPTH || call(global).is_some() || call(local).is_some() {
        return local.clone();
    }
    match (&global.value, &local.value) {
        (NodeValue::Map(globals), NodeValue::Map(locals)) => {
            let mut entries = locals.clone();
            // the first entry of each key, found without scanning
            let mut at: HashMap<&str, usize> = HashMap::new();
            for (i, e) in locals.iter().enumerate() {
                at.entry(e.key.as_str()).or_insert(i);
            }
            for g in globals {
                match at.get(g.key.as_str()).and_then(|i| entries.get_mut(*i)) {
                    Some(e) => e.value = merge(&g.value, &e.value, depth + 1),
                    None => {
                        at.insert(g.key.as_str(), entries.len());
                        entries.push(g.clone());
                    }
                }
            }
            Node {
                value: NodeValue::Map(entries),
                span: local.span,
                tag: None,
            }
        }
        (NodeValue::Seq(globals), NodeValue::Seq(locals)) => Node {
            value: NodeValue::Seq(globals.iter().chain(locals).cloned().collect()),
            span: local.span,
            tag: None,
        },
        _ => local.clone(),
    }
}

/// Registers the logical ids SAM generates, so `!Ref Fn.Version`,
/// `!GetAtt Fn.Version.FunctionArn`, `!Ref FnAliaslive`, `FnRole` and
/// `FnUrl` are references to resources of the right type.
pub fn add_generated(t: &mut Template<'_>) {
    let mut generated = Vec::new();
    let mut aliases = Vec::new();
    for r in t
        .resources
        .iter()
        .filter(|r| r.ty == "AWS::Serverless::Function")
    {
        let props = r.props();
        if let Some(name) = props.and_then(|p| alias_name(t, p)) {
            generated.push((version_id(r.id), "AWS::Lambda::Version"));
            let alias = alias_id(r.id, &name);
            generated.push((alias.clone(), "AWS::Lambda::Alias"));
            aliases.push((r.id.to_string(), alias));
        }
        if props.and_then(|p| p.get("FunctionUrlConfig")).is_some() {
            generated.push((format!("{}Url", r.id), "AWS::Lambda::Url"));
        }
        if props.and_then(|p| p.get("Role")).is_none() {
            generated.push((role_id(r.id), "AWS::IAM::Role"));
        }
    }
    for (id, ty) in generated {
        t.types.entry(id).or_insert_with(|| ty.to_string());
    }
    t.sam_aliases.extend(aliases);
}

/// `AutoPublishAlias` as text: a literal, or a parameter SAM resolves.
pub fn alias_name(t: &Template<'_>, props: &Node) -> Option<String> {
    let node = props.get("AutoPublishAlias")?;
    if let Some(c) = call(node) {
        let param = t.params.get(c.arg.as_str().filter(|_| c.name == "Ref")?)?;
        return match param.given {
            Some(given) => Some(given.to_string()),
            None => param.default.and_then(scalar_text),
        };
    }
    scalar_text(node)
}

pub fn version_id(function: &str) -> String {
    format!("{function}.Version")
}

/// SAM names the alias `<Function>Alias<Name>`; logical ids hold only
/// letters and digits.
pub fn alias_id(function: &str, alias: &str) -> String {
    let clean: String = alias.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("{function}Alias{clean}")
}

pub fn role_id(function: &str) -> String {
    format!("{function}Role")
}
