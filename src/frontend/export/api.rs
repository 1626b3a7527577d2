//! Reading AWS API JSON into model values: scalars with their spans, lists
//! written `{Quantity, Items}` or as plain arrays, and the empty strings the
//! API uses for "not set".

use crate::document::{Node, NodeValue};
use crate::frontend::api_shape::ApiMap;
use crate::frontend::fields::Fields;
use crate::model::{Scalar, Slot, Value};
use crate::source::{FileId, Loc};

/// A JSON object of one export file.
#[derive(Clone, Copy)]
pub struct Obj<'a> {
    pub file: FileId,
    pub node: &'a Node,
}

impl<'a> Obj<'a> {
    /// The object `node` is, if it is one.
    pub fn of(file: FileId, node: &'a Node) -> Option<Obj<'a>> {
        node.is_map().then_some(Obj { file, node })
    }

    pub fn at(&self, node: &Node) -> Loc {
        Loc::new(self.file, node.span)
    }

    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.node.get(key)
    }

    pub fn has(&self, key: &str) -> bool {
        self.node.get(key).is_some()
    }

    /// The text of a string field.
    pub fn str(&self, key: &str) -> Option<&'a str> {
        self.get(key)?.as_str()
    }

    /// The nodes of a list field: `{Quantity, Items}` (without `Items`
    /// when empty) or a plain array.
    pub fn items(&self, key: &str) -> Option<&'a [Node]> {
        items(self.get(key)?)
    }

    /// The scalar values of a list field.
    pub fn values(&self, key: &str) -> Option<Vec<Value>> {
        let items = self.items(key)?;
        Some(items.iter().filter_map(|n| scalar(self.file, n)).collect())
    }
}

impl<'a> Fields for Obj<'a> {
    fn loc(&self) -> Loc {
        Loc::new(self.file, self.node.span)
    }

    /// A scalar field; absent, `null` and `""` are "not set".
    fn value(&self, key: &str) -> Option<Value> {
        scalar(self.file, self.get(key)?)
    }

    fn list(&self, key: &str) -> Option<Slot> {
        self.values(key).map(Slot::Values)
    }
}

impl<'a> ApiMap for Obj<'a> {
    fn key_loc(&self, key: &str) -> Option<Loc> {
        let entry = self.node.entry(key)?;
        Some(Loc::new(self.file, entry.key_span))
    }

    fn map(&self, key: &str) -> Option<Self> {
        Obj::of(self.file, self.get(key)?)
    }

    /// The objects of a list field; items that are not objects are skipped.
    fn maps(&self, key: &str) -> Vec<Self> {
        self.items(key)
            .unwrap_or(&[])
            .iter()
            .filter_map(|n| Obj::of(self.file, n))
            .collect()
    }

    /// Every list of an export is in the API's shape already.
    fn wrapped_maps(&self, key: &str) -> Option<Vec<Self>> {
        self.has(key).then(|| self.maps(key))
    }

    fn wrapped_list(&self, key: &str) -> Option<Slot> {
        self.list(key)
    }
}

/// A scalar node as a Known value; `null`, `""` and containers are none.
pub fn scalar(file: FileId, node: &Node) -> Option<Value> {
    let s = match &node.value {
        NodeValue::Str(s) if s.is_empty() => return None,
        NodeValue::Str(s) => Scalar::Str(s.clone()),
        NodeValue::Int(i) => Scalar::Int(*i),
        NodeValue::Float(f) => Scalar::Float(*f),
        NodeValue::Bool(b) => Scalar::Bool(*b),
        NodeValue::Null | NodeValue::Seq(_) | NodeValue::Map(_) => return None,
    };
    Some(Value::known(s, Loc::new(file, node.span)))
}

/// The items of a list node in either API shape.
pub fn items(node: &Node) -> Option<&[Node]> {
    match &node.value {
        NodeValue::Seq(items) => Some(items),
        NodeValue::Map(_) => match node.get("Items") {
            Some(list) => list.is_seq().then(|| list.items()),
            None if node.get("Quantity").is_some() => Some(&[]),
            None => None,
        },
        _ => None,
    }
}
