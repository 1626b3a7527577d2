//! Which of a distribution's aliases its viewer certificate covers.

use super::names;
use super::{Model, ObjId, Slot, UnknownReason, Value};

/// The certificate's names, when they can be known: `Some(vec![])` for the
/// CloudFront default certificate (`*.cloudfront.net` covers no alias).
fn certificate_names(model: &Model, dist: ObjId) -> Option<Vec<String>> {
    let Some(viewer) = model.link(dist, "viewer_certificate") else {
        // no viewer certificate settings: the default certificate
        return Some(Vec::new());
    };
    let custom = ["acm_certificate_arn", "iam_certificate_id"]
        .iter()
        .any(|f| model.value(viewer, f).is_some());
    if !custom {
        return match model.value(viewer, "cloudfront_default_certificate") {
            Some(v) if v.as_bool() == Some(false) => None,
            Some(v) if v.is_unknown() => None,
            _ => Some(Vec::new()),
        };
    }
    // an IAM certificate or an ACM certificate outside the unit: its names
    // are not in the files
    let cert = model.link(viewer, "certificate")?;
    match model.slot(cert, "names") {
        Slot::Values(list) => list
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => None,
    }
}

/// Sets the distribution's `uncovered_aliases`: each alias no name of the
/// viewer certificate covers, located at the alias.
pub fn derive_uncovered_aliases(model: &mut Model, dist: ObjId) {
    let aliases: Vec<Value> = match model.slot(dist, "aliases") {
        Slot::Values(list) => list.clone(),
        Slot::Value(v) if v.is_unknown() => {
            let loc = v.loc;
            model.set_value(
                dist,
                "uncovered_aliases",
                Value::unknown(UnknownReason::Unsupported, loc),
            );
            return;
        }
        _ => return,
    };
    if aliases.is_empty() {
        return;
    }
    let slot = match certificate_names(model, dist) {
        Some(cert_names) => Slot::Values(
            aliases
                .into_iter()
                .filter(|alias| match alias.as_str() {
                    Some(host) => !cert_names.iter().any(|name| names::name_covers(name, host)),
                    // an alias not known before deploy is uncovered whatever
                    // it turns out to be only when the certificate has no
                    // name at all: CloudFront's default certificate
                    None => cert_names.is_empty(),
                })
                .collect(),
        ),
        None => {
            let loc = aliases.first().map_or(model.object(dist).loc, |a| a.loc);
            Slot::Value(Value::unknown(UnknownReason::Unsupported, loc))
        }
    };
    model.set(dist, "uncovered_aliases", slot);
}
