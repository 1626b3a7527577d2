//! One object of an input in any format — a CloudFormation resource's
//! properties, an export's JSON object, a Terraform block — as the readers
//! of the model see it: scalar and list fields with their spans, and the
//! ways a field becomes a model value, written once.

use crate::model::{Model, ObjId, Scalar, Slot, Value, defaults};
use crate::source::Loc;

/// Fields of one object of an input.
pub trait Fields {
    /// Where the object is; a Default value of one of its fields is
    /// located here.
    fn loc(&self) -> Loc;

    /// A scalar field; `None` when it is absent or not set.
    fn value(&self, key: &str) -> Option<Value>;

    /// A list field of scalars, as the format writes its lists.
    fn list(&self, key: &str) -> Option<Slot>;

    /// Sets `field` from `key` when it is set.
    fn set(&self, model: &mut Model, obj: ObjId, field: &str, key: &str) {
        if let Some(v) = self.value(key) {
            model.set_value(obj, field, v);
        }
    }

    /// Sets `field` from `key`, or to the documented default located at
    /// this object.
    fn set_or(
        &self,
        model: &mut Model,
        obj: ObjId,
        field: &'static str,
        key: &'static str,
        default: Scalar,
    ) {
        let v = match self.value(key) {
            Some(v) => v,
            None => {
                model.note_absent_key(obj, field, key);
                Value::default_value(default, self.loc())
            }
        };
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

/// How a format spells the keys of a cache behavior's function
/// associations: `EventType` / `event_type`, `LambdaFunctionARN` /
/// `lambda_arn`, `FunctionARN` / `function_arn`, `IncludeBody` /
/// `include_body`.
pub struct AssociationKeys {
    pub event_type: &'static str,
    pub lambda_arn: &'static str,
    pub function_arn: &'static str,
    pub include_body: &'static str,
}

/// A behavior's Lambda@Edge associations, keyed by event type.
pub fn read_lambda_associations<F: Fields>(
    model: &mut Model,
    behavior: ObjId,
    associations: Vec<F>,
    keys: &AssociationKeys,
) {
    let add = |model: &mut Model, a: ObjId, assoc: &F| {
        assoc.set(model, a, "arn", keys.lambda_arn);
        assoc.set_or(
            model,
            a,
            "include_body",
            keys.include_body,
            Scalar::Bool(defaults::LAMBDA_ASSOCIATION_INCLUDE_BODY),
        );
    };
    read_associations(
        model,
        behavior,
        "lambda_associations",
        associations,
        keys,
        add,
    );
}

/// A behavior's CloudFront Functions associations, keyed by event type.
pub fn read_function_associations<F: Fields>(
    model: &mut Model,
    behavior: ObjId,
    associations: Vec<F>,
    keys: &AssociationKeys,
) {
    let add = |model: &mut Model, a: ObjId, assoc: &F| {
        assoc.set(model, a, "arn", keys.function_arn);
    };
    read_associations(
        model,
        behavior,
        "function_associations",
        associations,
        keys,
        add,
    );
}

/// Adds each association as a child of the behavior under `field`, with
/// its event type, then what `add` reads.
fn read_associations<F: Fields>(
    model: &mut Model,
    behavior: ObjId,
    field: &str,
    associations: Vec<F>,
    keys: &AssociationKeys,
    add: impl Fn(&mut Model, ObjId, &F),
) {
    for (i, assoc) in associations.into_iter().enumerate() {
        let key = child_key(assoc.value(keys.event_type).as_ref(), i);
        let Some(a) = model.add_child(behavior, field, assoc.loc(), &key) else {
            continue;
        };
        assoc.set(model, a, "event_type", keys.event_type);
        add(model, a, &assoc);
    }
}
