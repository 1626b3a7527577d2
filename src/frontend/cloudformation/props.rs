//! Reading a resource's property maps into model fields: every access
//! applies the scenario's conditions (`Fn::If`, `AWS::NoValue`), and a
//! shape that does not fit is skipped, never an error.

use crate::document::{Node, NodeValue};
use crate::frontend::api_shape::ApiMap;
use crate::frontend::fields::Fields;
use crate::model::{Slot, Value};
use crate::source::{Loc, Span};

use super::call::call;
use super::intrinsics::{Ev, Eval};

/// A property map of one resource, under one scenario.
#[derive(Clone, Copy)]
pub struct Props<'a> {
    pub ev: &'a Eval<'a>,
    pub node: &'a Node,
    /// Where the map is; the node's own span except for a resource written
    /// without `Properties`, located at its entry.
    pub span: Span,
}

/// The properties of a resource written without any.
static EMPTY: Node = Node {
    value: NodeValue::Map(Vec::new()),
    span: Span { start: 0, end: 0 },
    tag: None,
};

impl<'a> Props<'a> {
    /// The map `node` resolves to, if it is a plain map.
    pub fn of(ev: &'a Eval<'a>, node: &'a Node) -> Option<Props<'a>> {
        let node = ev.resolve(node)?;
        (node.is_map() && call(node).is_none()).then_some(Props {
            ev,
            node,
            span: node.span,
        })
    }

    /// An empty map located at `span`.
    pub fn empty(ev: &'a Eval<'a>, span: Span) -> Props<'a> {
        Props {
            ev,
            node: &EMPTY,
            span,
        }
    }

    /// The node of a property, with `Fn::If` applied; `None` when absent.
    pub fn node(&self, key: &str) -> Option<&'a Node> {
        self.ev.resolve(self.node.get(key)?)
    }
}

impl<'a> Fields for Props<'a> {
    fn loc(&self) -> Loc {
        Loc::new(self.ev.t.file, self.span)
    }

    /// A scalar property.
    fn value(&self, key: &str) -> Option<Value> {
        match self.ev.eval(self.node(key)?) {
            Ev::Value(v) => Some(v),
            _ => None,
        }
    }

    /// A list property: its values, or one Unknown standing for the list.
    fn list(&self, key: &str) -> Option<Slot> {
        list_slot(self.ev, self.node(key)?)
    }
}

impl<'a> ApiMap for Props<'a> {
    fn key_loc(&self, key: &str) -> Option<Loc> {
        let entry = self.node.entry(key)?;
        Some(Loc::new(self.ev.t.file, entry.key_span))
    }

    fn map(&self, key: &str) -> Option<Self> {
        Props::of(self.ev, self.node.get(key)?)
    }

    /// A list of maps; items that are absent or not maps are skipped.
    fn maps(&self, key: &str) -> Vec<Self> {
        let Some(list) = self.node(key) else {
            return Vec::new();
        };
        if call(list).is_some() {
            return Vec::new();
        }
        list.items()
            .iter()
            .filter_map(|item| Props::of(self.ev, item))
            .collect()
    }

    /// `{Quantity, Items}`, kept from the API in a few properties.
    fn wrapped_maps(&self, key: &str) -> Option<Vec<Self>> {
        self.map(key).map(|list| list.maps("Items"))
    }

    fn wrapped_list(&self, key: &str) -> Option<Slot> {
        self.map(key)?.list("Items")
    }
}

/// A list node as a slot: literal items (each with conditions applied), a
/// list-valued expression, or one Unknown standing for the whole list.
pub fn list_slot(ev: &Eval<'_>, node: &Node) -> Option<Slot> {
    if call(node).is_none()
        && let NodeValue::Seq(items) = &node.value
    {
        let mut values = Vec::new();
        for item in items {
            let Some(item) = ev.resolve(item) else {
                continue;
            };
            match ev.eval(item) {
                Ev::Value(v) => values.push(v),
                // A list-valued item (a list parameter inside a literal list)
                // contributes its items.
                Ev::List(vs) => values.extend(vs),
                Ev::Absent | Ev::Other => {}
            }
        }
        return Some(Slot::Values(values));
    }
    match ev.eval(node) {
        Ev::List(values) => Some(Slot::Values(values)),
        Ev::Value(v) if v.is_unknown() && names_never_empty_list(ev, node) => {
            Some(Slot::NonEmpty(v))
        }
        Ev::Value(v) if v.is_unknown() => Some(Slot::Value(v)),
        // A single scalar where a list belongs: read it as a list of one.
        Ev::Value(v) => Some(Slot::Values(vec![v])),
        Ev::Absent | Ev::Other => None,
    }
}

/// Whether `node` is `!Ref` of a list parameter CloudFormation refuses
/// empty (`List<AWS::EC2::Subnet::Id>` and the other AWS-specific lists).
fn names_never_empty_list(ev: &Eval<'_>, node: &Node) -> bool {
    call(node)
        .filter(|c| c.name == "Ref")
        .and_then(|c| c.arg.as_str())
        .and_then(|name| ev.t.params.get(name))
        .is_some_and(|p| p.never_empty)
}
