//! Which object of the model a value names: the resource a reference
//! points at, or the object a literal ARN, DNS name or id equals.

use super::{Attribute, Model, ObjId, Value};

/// The object in `collection` a value names: through a reference to the
/// resource (with one of `attributes`), or a literal equal to the object's
/// `arn`, `dns_name`, `group_id` or `prefix_list_id`.
pub(super) fn resolve(
    model: &Model,
    value: &Value,
    collection: &str,
    attributes: &[Attribute],
) -> Option<ObjId> {
    if let Some(reference) = value.as_reference() {
        if attributes.contains(&reference.attribute) || attributes.is_empty() {
            return model
                .all(collection)
                .into_iter()
                .find(|&id| model.object(id).resource.as_deref() == Some(&*reference.resource));
        }
        return None;
    }
    let literal = value.as_str()?;
    model.all(collection).into_iter().find(|&id| {
        [
            "arn",
            "dns_name",
            "group_id",
            "prefix_list_id",
            "name",
            "function_name",
            "policy_id",
        ]
        .iter()
        .any(|field| {
            model
                .str(id, field)
                .is_some_and(|known| known.eq_ignore_ascii_case(literal.trim_end_matches('.')))
        })
    })
}
