//! Outcomes as findings: one per problem and place, at the origin's
//! domain value, the observed facts in the message and beside it.

use crate::finding::{self, Finding};

use super::outcome::Outcome;
use super::target::{Place, Target};

/// The findings of every probed target at every place that configures it.
pub fn findings(targets: &[(Target, Vec<Place>)], outcomes: &[Outcome]) -> Vec<Finding> {
    let mut out = Vec::new();
    for ((target, places), outcome) in targets.iter().zip(outcomes) {
        let facts = outcome.facts_text();
        for problem in &outcome.problems {
            for place in places {
                let Some(primary) = place.label.clone() else {
                    continue;
                };
                let check = problem.check;
                let message = if facts.is_empty() {
                    format!("origin `{}`: {}", place.origin, problem.message)
                } else {
                    format!("origin `{}`: {} [{facts}]", place.origin, problem.message)
                };
                let fingerprint = finding::fingerprint(&[
                    check.code(),
                    &finding::stable_path(&primary.file.name()),
                    place.resource.as_deref().unwrap_or(""),
                    &place.origin,
                    target.scheme.as_str(),
                    &target.server_name,
                ]);
                out.push(Finding {
                    code: check.code().to_string(),
                    name: check.name().to_string(),
                    severity: check.severity(),
                    message,
                    primary,
                    related: Vec::new(),
                    help: check.help().map(std::sync::Arc::from),
                    resource: place.resource.clone(),
                    fingerprint,
                    conditions: Vec::new(),
                    facts: outcome.facts.clone(),
                    fix: None,
                    construct_path: None,
                });
            }
        }
    }
    out
}
