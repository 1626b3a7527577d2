//! Running the rules over a unit's scenarios, and turning failures into
//! findings.

use super::LintOptions;
use std::collections::BTreeMap;

use crate::dsl::eval::{self, Failure};
use crate::finding::{self, Finding, Label};
use crate::frontend::{Format, Scenario};
use crate::model::Model;
use crate::model::derive::derive;
use crate::model::reads::{Differences, Layout, ReadSet};
use crate::rule::{Registry, Rule};
use crate::source::{FileId, Loc, SourceMap, Span};

/// Runs every rule on every scenario and merges the findings: one finding
/// per rule, place and message, naming the conditions it depends on.
pub fn run_rules(
    scenarios: Vec<Scenario>,
    format: Format,
    sources: &SourceMap,
    registry: &Registry,
    options: &LintOptions,
) -> Vec<Finding> {
    let settings = |name: &str| options.settings.get(name);
    let total = scenarios.len();
    // key → (finding, the scenarios it appears in)
    let mut merged: BTreeMap<(String, Loc, String), (Finding, Vec<usize>)> = BTreeMap::new();
    let assignments: Vec<Vec<(String, bool)>> =
        scenarios.iter().map(|s| s.conditions.clone()).collect();
    // the first scenario's model and, per rule, its failures there and what
    // it read: a later scenario that differs in none of that fails the same
    let mut first: Option<(Model, Layout, Vec<Option<Noted>>)> = None;
    // with no rule for this format there is nothing to note or reuse
    let applies = registry.rules().iter().any(|r| r.formats.contains(&format));
    for (index, mut scenario) in scenarios.into_iter().enumerate() {
        derive(&mut scenario.model);
        let differences = first
            .as_ref()
            .map(|(model, layout, _)| Differences::between(layout, model, &scenario.model));
        let layout = (index == 0 && total > 1 && applies).then(|| Layout::of(&scenario.model));
        let mut noted = Vec::new();
        let mut scratch = eval::Scratch::default();
        for (position, rule) in registry.rules().iter().enumerate() {
            if !rule.formats.contains(&format) {
                noted.push(None);
                continue;
            }
            let mut evaluate = |reads: Option<&ReadSet>| {
                dedupe(eval::evaluate_resolved(
                    &rule.def,
                    rule.resolved(),
                    &scenario.model,
                    &settings,
                    Some(sources),
                    reads,
                    &mut scratch,
                ))
            };
            let earlier = first
                .as_ref()
                .and_then(|(_, _, rules)| rules.get(position))
                .and_then(Option::as_ref);
            // failures are made into findings by reference: those of the
            // first scenario are kept as they are, a later one's reused
            let mut evaluated = Vec::new();
            let mut reads = None;
            let failures: &[Failure] = match (earlier, &differences, &layout) {
                (Some(earlier), Some(differences), _) if !differences.touch(&earlier.reads) => {
                    debug_assert_eq!(
                        earlier.failures,
                        evaluate(None),
                        "{} read nothing that differs, but fails differently",
                        rule.code
                    );
                    &earlier.failures
                }
                // the first of several scenarios: note what is read
                (_, _, Some(layout)) => {
                    let noting = ReadSet::new(layout);
                    evaluated = evaluate(Some(&noting));
                    reads = Some(noting.into_bits());
                    &evaluated
                }
                _ => {
                    evaluated = evaluate(None);
                    &evaluated
                }
            };
            for failure in failures {
                let Some(finding) = to_finding(rule, format, failure, sources) else {
                    continue;
                };
                let key = (rule.code.clone(), failure.loc, finding.message.clone());
                merged
                    .entry(key)
                    .and_modify(|(_, seen)| seen.push(index))
                    .or_insert((finding, vec![index]));
            }
            if let Some(reads) = reads {
                noted.push(Some(Noted {
                    failures: evaluated,
                    reads,
                }));
            }
        }
        // its lists borrow the model, which is kept below
        drop(scratch);
        if let Some(layout) = layout {
            first = Some((scenario.model, layout, noted));
        }
    }
    merged
        .into_values()
        .map(|(mut finding, seen)| {
            if seen.len() < total {
                finding.conditions = common_conditions(&seen, &assignments);
                if !finding.conditions.is_empty() {
                    finding.message = format!(
                        "{} (when {})",
                        finding.message,
                        finding.conditions.join(" and ")
                    );
                }
            }
            finding
        })
        .collect()
}

/// A rule's failures on the first scenario, and what it read there.
struct Noted {
    failures: Vec<Failure>,
    /// A [`ReadSet`]'s bits.
    reads: Vec<u64>,
}

/// One failure per place: when two checks of a rule fail on the same
/// value, the more severe one stands.
pub(super) fn dedupe(mut failures: Vec<Failure>) -> Vec<Failure> {
    let mut out: Vec<Failure> = Vec::with_capacity(failures.len());
    for failure in failures.drain(..) {
        match out.iter_mut().find(|f| f.loc == failure.loc) {
            Some(existing) => {
                if failure.severity > existing.severity {
                    *existing = failure;
                }
            }
            None => out.push(failure),
        }
    }
    out
}

/// The condition values shared by every scenario a finding appears in.
pub(super) fn common_conditions(
    seen: &[usize],
    assignments: &[Vec<(String, bool)>],
) -> Vec<String> {
    let Some(first) = seen.first().and_then(|&i| assignments.get(i)) else {
        return Vec::new();
    };
    first
        .iter()
        .filter(|(name, value)| {
            seen.iter().all(|&i| {
                assignments
                    .get(i)
                    .is_some_and(|a| a.iter().any(|(n, v)| n == name && v == value))
            })
        })
        .map(|(name, value)| format!("condition `{name}` is {value}"))
        .collect()
}

pub(super) fn to_finding(
    rule: &Rule,
    format: Format,
    failure: &Failure,
    sources: &SourceMap,
) -> Option<Finding> {
    let label = |loc: Loc, message: String| {
        sources.get(loc.file).map(|file| Label {
            file: file.clone(),
            span: loc.span,
            message,
        })
    };
    let primary = label(failure.loc, String::new())?;
    let severity = failure.severity.unwrap_or_else(|| rule.severity_in(format));
    let resource = failure.resource.as_deref().map(str::to_string);
    let fingerprint = finding::fingerprint(&[
        &rule.code,
        &finding::stable_path(&primary.file.name()),
        resource.as_deref().unwrap_or(""),
        &failure.path,
    ]);
    Some(Finding {
        code: rule.code.clone(),
        name: rule.name.clone(),
        severity,
        message: failure.message.clone(),
        primary,
        related: failure
            .related
            .iter()
            .filter_map(|(loc, text)| label(*loc, text.clone()))
            .collect(),
        help: rule.help(),
        resource,
        fingerprint,
        conditions: Vec::new(),
        facts: Vec::new(),
        fix: failure
            .fix
            .as_ref()
            .and_then(|plan| crate::fix::fix_of(plan, format, sources)),
        construct_path: None,
    })
}

/// A span covering a whole file, for errors without a better place.
pub fn whole(file: FileId, text: &str) -> Loc {
    Loc::new(file, Span::new(0, text.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::models;
    use std::path::PathBuf;

    /// Rules evaluated one after another with one [`eval::Scratch`] fail as
    /// each does evaluated alone: nothing an evaluation leaves in its lists
    /// and scopes reaches the next.
    #[test]
    fn rules_sharing_scratch_fail_as_alone() {
        let registry = Registry::builtin().unwrap();
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata");
        let (units, _) = models(
            &[root.join("cfn"), root.join("terraform")],
            &LintOptions::default(),
        );
        let settings = |_: &str| None;
        let mut failing = 0;
        for unit in units.iter() {
            for scenario in &unit.scenarios {
                let mut scratch = eval::Scratch::default();
                // twice round, so that each rule also follows every other
                for rule in registry.rules().iter().chain(registry.rules()) {
                    let alone =
                        eval::evaluate(&rule.def, &scenario.model, &settings, Some(&unit.sources));
                    failing += usize::from(!alone.is_empty());
                    let shared = eval::evaluate_resolved(
                        &rule.def,
                        rule.resolved(),
                        &scenario.model,
                        &settings,
                        Some(&unit.sources),
                        None,
                        &mut scratch,
                    );
                    assert_eq!(shared, alone, "{} on {}", rule.code, unit.name);
                }
            }
        }
        assert!(failing > 100, "only {failing} failing evaluations");
    }
}
