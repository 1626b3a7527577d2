//! `Globals.Function` of the SAM transform, merged into each
//! `AWS::Serverless::Function` as SAM does.

use std::collections::HashMap;

use crate::document::{Node, NodeValue};
use crate::source::Span;

use super::call::call;

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
