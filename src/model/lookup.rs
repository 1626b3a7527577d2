//! Which object of the model a value names: the resource a reference
//! points at, or the object a literal ARN, DNS name or id equals.

use super::{Attribute, Model, ObjId, Value};

/// The object of `collection` whose resource name is `name`, as `value`
/// names it. Stacks that deploy together (an assembly, nested stacks) may
/// each declare the same logical id: the one in the file the value was
/// written in is meant — where it is defined, for a value passed from
/// another stack — and when none of them is there, which one is meant is
/// not known.
pub(super) fn named(model: &Model, collection: &str, name: &str, value: &Value) -> Option<ObjId> {
    let mut found = model
        .top_level(collection)
        .iter()
        .copied()
        .filter(|&id| model.object(id).resource.as_deref() == Some(name));
    let first = found.next()?;
    let Some(second) = found.next() else {
        return Some(first);
    };
    let file = value.origin.as_ref().map_or(value.loc.file, |o| o.loc.file);
    [first, second]
        .into_iter()
        .chain(found)
        .find(|&id| model.object(id).loc.file == file)
}

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
            return named(model, collection, &reference.resource, value);
        }
        return None;
    }
    let literal = value.as_str()?;
    model.top_level(collection).iter().copied().find(|&id| {
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
