//! Derived facts about the edge-function associations of one cache
//! behavior taken together: CloudFront allows one function per event type,
//! and CloudFront Functions never share viewer events with Lambda@Edge
//! ("Combining CloudFront Functions with Lambda@Edge", edge-function
//! restrictions page).

use super::{Model, ObjId, Scalar, Slot, UnknownReason, Value};

/// What an association's event type is, as far as it is known.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Event<'m> {
    Known(&'m str),
    Unknown,
}

fn event(model: &Model, assoc: ObjId) -> Option<(Event<'_>, Value)> {
    let value = model.value(assoc, "event_type")?;
    let event = match value.as_str() {
        Some(e) => Event::Known(e),
        None => Event::Unknown,
    };
    Some((event, value.clone()))
}

/// Sets `event_type_repeated`/`repeats` on each association of `list`
/// (earlier ones win), and on CloudFront Function associations
/// `beside_viewer_lambda`/`viewer_lambda`.
pub fn derive_behavior(model: &mut Model, behavior: ObjId) {
    let lambdas = model.children(behavior, "lambda_associations");
    let functions = model.children(behavior, "function_associations");
    mark_repeats(model, &lambdas);
    mark_repeats(model, &functions);

    // the first Lambda@Edge association on a viewer event, and whether
    // some association's event type is not known
    let mut viewer_lambda = None;
    let mut lambda_unknown = false;
    for &assoc in &lambdas {
        match event(model, assoc).map(|(e, _)| e) {
            Some(Event::Known(e)) if e.starts_with("viewer-") && viewer_lambda.is_none() => {
                viewer_lambda = Some(assoc);
            }
            Some(Event::Unknown) => lambda_unknown = true,
            _ => {}
        }
    }
    for &assoc in &functions {
        let Some((event, value)) = event(model, assoc) else {
            continue;
        };
        // a CloudFront Function on an origin event is refused on its own
        // (CF350); the combination question does not arise
        if matches!(event, Event::Known(e) if !e.starts_with("viewer-")) {
            continue;
        }
        let beside = match (event, viewer_lambda) {
            (Event::Known(_), Some(lambda)) => {
                model.set(assoc, "viewer_lambda", Slot::Object(lambda));
                Some(true)
            }
            (Event::Known(_), None) if !lambda_unknown => Some(false),
            (Event::Unknown, None) if lambdas.is_empty() => Some(false),
            _ => None,
        };
        set_bool(model, assoc, "beside_viewer_lambda", beside, &value);
    }
}

/// Marks each association whose event type an earlier one in `list`
/// already has.
fn mark_repeats(model: &mut Model, list: &[ObjId]) {
    for (i, &assoc) in list.iter().enumerate() {
        let Some((event, value)) = event(model, assoc) else {
            continue;
        };
        let earlier = list.get(..i).unwrap_or(&[]);
        let mut unknown = event == Event::Unknown;
        let mut first = None;
        for &other in earlier {
            match event_of(model, other) {
                Some(Event::Known(e)) if event == Event::Known(e) => {
                    first = Some(other);
                    break;
                }
                Some(Event::Unknown) => unknown = true,
                _ => {}
            }
        }
        let repeated = match first {
            Some(other) => {
                model.set(assoc, "repeats", Slot::Object(other));
                Some(true)
            }
            None if unknown && !earlier.is_empty() => None,
            None => Some(false),
        };
        set_bool(model, assoc, "event_type_repeated", repeated, &value);
    }
}

fn event_of(model: &Model, assoc: ObjId) -> Option<Event<'_>> {
    event(model, assoc).map(|(e, _)| e)
}

/// A derived boolean located at the association's event type.
fn set_bool(model: &mut Model, assoc: ObjId, field: &str, value: Option<bool>, at: &Value) {
    let value = match value {
        Some(b) => Value::known(Scalar::Bool(b), at.loc),
        None => Value::unknown(UnknownReason::Unsupported, at.loc),
    };
    model.set_value(assoc, field, value);
}
