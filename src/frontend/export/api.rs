//! Reading AWS API JSON into model values: scalars with their spans, lists
//! written `{Quantity, Items}` or as plain arrays, and the empty strings the
//! API uses for "not set".

use crate::document::{Node, NodeValue};
use crate::model::{Model, ObjId, Scalar, Slot, Value};
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

    pub fn loc(&self) -> Loc {
        Loc::new(self.file, self.node.span)
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

    /// A nested object.
    pub fn map(&self, key: &str) -> Option<Obj<'a>> {
        Obj::of(self.file, self.get(key)?)
    }

    /// A nested object reached through several keys.
    pub fn path(&self, keys: &[&str]) -> Option<Obj<'a>> {
        keys.iter().try_fold(*self, |obj, key| obj.map(key))
    }

    /// The text of a string field.
    pub fn str(&self, key: &str) -> Option<&'a str> {
        self.get(key)?.as_str()
    }

    /// A scalar field; absent, `null` and `""` are "not set".
    pub fn value(&self, key: &str) -> Option<Value> {
        scalar(self.file, self.get(key)?)
    }

    /// The nodes of a list field: `{Quantity, Items}` (without `Items`
    /// when empty) or a plain array.
    pub fn items(&self, key: &str) -> Option<&'a [Node]> {
        items(self.get(key)?)
    }

    /// The objects of a list field; items that are not objects are skipped.
    pub fn maps(&self, key: &str) -> Vec<Obj<'a>> {
        self.items(key)
            .unwrap_or(&[])
            .iter()
            .filter_map(|n| Obj::of(self.file, n))
            .collect()
    }

    /// The scalar values of a list field.
    pub fn values(&self, key: &str) -> Option<Vec<Value>> {
        let items = self.items(key)?;
        Some(items.iter().filter_map(|n| scalar(self.file, n)).collect())
    }

    /// Sets `field` from `key` when it is set.
    pub fn set(&self, model: &mut Model, obj: ObjId, field: &str, key: &str) {
        if let Some(v) = self.value(key) {
            model.set_value(obj, field, v);
        }
    }

    /// Sets `field` from `key`, or to the API's documented default located
    /// at this object.
    pub fn set_or(&self, model: &mut Model, obj: ObjId, field: &str, key: &str, default: Scalar) {
        let v = self
            .value(key)
            .unwrap_or_else(|| Value::default_value(default, self.loc()));
        model.set_value(obj, field, v);
    }

    /// Sets a list field from `key` when the list is there.
    pub fn set_list(&self, model: &mut Model, obj: ObjId, field: &str, key: &str) {
        if let Some(values) = self.values(key) {
            model.set(obj, field, Slot::Values(values));
        }
    }

    pub fn set_list_or(
        &self,
        model: &mut Model,
        obj: ObjId,
        field: &str,
        key: &str,
        default: &[&str],
    ) {
        let values = self.values(key).unwrap_or_else(|| {
            default
                .iter()
                .map(|s| Value::default_value(Scalar::str(s), self.loc()))
                .collect()
        });
        model.set(obj, field, Slot::Values(values));
    }
}

/// A scalar node as a Known value; `null`, `""` and containers are none.
pub fn scalar(file: FileId, node: &Node) -> Option<Value> {
    let s = match &node.value {
        NodeValue::Str(s) if s.is_empty() => return None,
        NodeValue::Str(s) => Scalar::str(s),
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

/// The key of a child object: the text of a value, else the index.
pub fn child_key(value: Option<&Value>, index: usize) -> String {
    value
        .and_then(Value::scalar)
        .map(ToString::to_string)
        .unwrap_or_else(|| index.to_string())
}
