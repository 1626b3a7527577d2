//! Objects in the CloudFront API's shape, read the same way by the two
//! front-ends that read it: CloudFormation, whose resources mirror the
//! API, and exports, which are the API's own JSON. [`ApiMap`] is one
//! object of either format; each format says how it reads a scalar, a
//! nested object and a list, and the setters that fill model fields from
//! them are written once.

use crate::model::{Model, ObjId, Scalar, Slot, Value};
use crate::source::Loc;

/// One object of a document in the API's shape.
pub trait ApiMap: Copy {
    /// Where the object is; a Default value of one of its fields is
    /// located here.
    fn loc(&self) -> Loc;

    /// A scalar field; `None` when it is absent or not set.
    fn value(&self, key: &str) -> Option<Value>;

    /// A nested object.
    fn map(&self, key: &str) -> Option<Self>;

    /// The objects of a list field, as the format writes its lists; items
    /// that are not objects are skipped.
    fn maps(&self, key: &str) -> Vec<Self>;

    /// A list field of scalars, as the format writes its lists.
    fn list(&self, key: &str) -> Option<Slot>;

    /// A nested object reached through several keys.
    fn path(&self, keys: &[&str]) -> Option<Self> {
        keys.iter().try_fold(*self, |obj, key| obj.map(key))
    }

    /// Sets `field` from `key` when it is set.
    fn set(&self, model: &mut Model, obj: ObjId, field: &str, key: &str) {
        if let Some(v) = self.value(key) {
            model.set_value(obj, field, v);
        }
    }

    /// Sets `field` from `key`, or to the documented default located at
    /// this object.
    fn set_or(&self, model: &mut Model, obj: ObjId, field: &str, key: &str, default: Scalar) {
        let v = self
            .value(key)
            .unwrap_or_else(|| Value::default_value(default, self.loc()));
        model.set_value(obj, field, v);
    }

    /// Sets a list field from `key` when the list is there.
    fn set_list(&self, model: &mut Model, obj: ObjId, field: &str, key: &str) {
        if let Some(slot) = self.list(key) {
            model.set(obj, field, slot);
        }
    }

    /// Sets a list field from `key`, or to the documented default located
    /// at this object.
    fn set_list_or(&self, model: &mut Model, obj: ObjId, field: &str, key: &str, default: &[&str]) {
        let slot = self.list(key).unwrap_or_else(|| {
            Slot::Values(
                default
                    .iter()
                    .map(|s| Value::default_value(Scalar::str(s), self.loc()))
                    .collect(),
            )
        });
        model.set(obj, field, slot);
    }
}

/// The key of a child object: the text of a Known value, else the index.
pub fn child_key(value: Option<&Value>, index: usize) -> String {
    value
        .and_then(Value::scalar)
        .map(ToString::to_string)
        .unwrap_or_else(|| index.to_string())
}
