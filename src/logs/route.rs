//! A deployment seen as CloudFront routes a request: the distribution by
//! the Host header (an alias, or the `*.cloudfront.net` domain when the
//! deployment has one distribution), the cache behavior by path pattern
//! in the distribution's order with the default behavior last, and the
//! origin, origin group and edge functions the behavior names.
//!
//! Path patterns follow CloudFront's rules (Developer Guide, "Cache
//! behavior settings — Path pattern"): case-sensitive, `*` for any run of
//! characters, `?` for one, the first matching behavior wins, and the
//! default behavior (`*`) takes what no other matches.

use std::collections::HashMap;
use std::sync::Arc;

use crate::finding::{Finding, Label};
use crate::lint::{Report, UnitModels};
use crate::model::names::{name_covers, path_pattern_matches};
use crate::model::{Model, ObjId};
use crate::source::{SourceFile, SourceMap, Span};

/// Documented defaults (CloudFront API `CustomOriginConfig`,
/// `OriginReadTimeout` 30 s; `ConnectionTimeout` 10 s, `ConnectionAttempts` 3)
/// and Lambda's default function timeout (3 s).
const DEFAULT_READ_TIMEOUT: i64 = 30;
const DEFAULT_CONNECTION_TIMEOUT: i64 = 10;
const DEFAULT_CONNECTION_ATTEMPTS: i64 = 3;
const DEFAULT_LAMBDA_TIMEOUT: i64 = 3;

/// Where a request goes: an origin, an origin group, or an edge function.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Place {
    /// `origin`, `origin-group`, `lambda@edge`, `cloudfront-function`,
    /// or `host` without a deployment.
    pub kind: &'static str,
    /// The origin or group id, the function ARN, or the host.
    pub id: String,
    /// The distribution (logical id, address or id); empty without one.
    pub distribution: String,
    /// The behavior's path pattern (`*` for the default behavior).
    pub behavior: String,
    /// For edge functions, the event (`viewer-request`, …).
    pub event: String,
}

/// The timeouts that bound how long a failing request to a place takes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Timeouts {
    pub read_timeout_s: Option<i64>,
    pub connection_timeout_s: Option<i64>,
    pub connection_attempts: Option<i64>,
    /// For a Lambda@Edge function, its timeout.
    pub function_timeout_s: Option<i64>,
}

/// A place with what is known of it.
#[derive(Clone, Debug)]
pub struct Target {
    pub place: Place,
    pub timeouts: Timeouts,
    /// Indices into [`Deployment::findings`] of the findings located on
    /// the place or on what it stands on (load balancer, security groups,
    /// listeners, the function's code and role).
    pub findings: Vec<usize>,
    /// The text of those objects.
    spans: Vec<(Arc<SourceFile>, Span)>,
}

impl Target {
    /// Whether a finding is located on the place or what it stands on.
    fn covers(&self, finding: &Finding) -> bool {
        std::iter::once(&finding.primary)
            .chain(&finding.related)
            .any(|label| self.holds(label))
    }

    /// Whether a label points into the place or what it stands on.
    fn holds(&self, label: &Label) -> bool {
        self.spans.iter().any(|(file, span)| {
            (Arc::ptr_eq(file, &label.file) || file.path() == label.file.path())
                && span.start <= label.span.start
                && label.span.end <= span.end
        })
    }
}

#[derive(Clone, Debug)]
pub struct Behavior {
    pub pattern: String,
    pub origin: Option<usize>,
    /// Lambda@Edge and CloudFront Function associations, by event.
    pub lambdas: Vec<usize>,
    pub functions: Vec<usize>,
}

#[derive(Clone, Debug)]
pub struct Distribution {
    pub id: String,
    pub aliases: Vec<String>,
    /// In CloudFront's order of precedence: ordered behaviors, then the
    /// default one.
    pub behaviors: Vec<Behavior>,
}

/// The routing view of a deployment, with the findings `check` reports.
#[derive(Clone, Debug, Default)]
pub struct Deployment {
    pub distributions: Vec<Distribution>,
    pub targets: Vec<Target>,
    /// `check`'s findings, then `probe`'s (from [`Deployment::checked`] on).
    pub findings: Vec<Finding>,
    /// How many of the findings are `check`'s.
    pub checked: usize,
    /// Files of the deployment that could not be read (`check`'s errors).
    pub report: Report,
    /// The field lists of the real-time log configurations, by name.
    pub realtime_fields: Vec<(String, Vec<String>)>,
    by_alias: HashMap<String, usize>,
}

/// Which behavior of which distribution a request reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    pub distribution: usize,
    pub behavior: usize,
}

impl Deployment {
    /// The routing view of linted units ([`crate::lint::lint_with_models`]),
    /// with the findings of `report`.
    pub fn new(report: Report, units: &[UnitModels]) -> Deployment {
        let mut deployment = Deployment {
            findings: report.findings.clone(),
            checked: report.findings.len(),
            realtime_fields: super::realtime_config::field_lists(&report.sources),
            report,
            ..Deployment::default()
        };
        for unit in units {
            if let Some(scenario) = unit.scenarios.first() {
                deployment.add_model(&scenario.model, &unit.sources);
            }
        }
        deployment
    }

    fn add_model(&mut self, model: &Model, sources: &SourceMap) {
        for dist in model.all("distributions") {
            let id = model
                .str(dist, "id")
                .map(str::to_string)
                .or_else(|| model.object(dist).resource.as_deref().map(str::to_string))
                .unwrap_or_default();
            let aliases: Vec<String> = model
                .values(dist, "aliases")
                .iter()
                .filter_map(|v| v.as_str().map(|s| s.to_ascii_lowercase()))
                .collect();
            let index = self.distributions.len();
            for alias in &aliases {
                self.by_alias.entry(alias.clone()).or_insert(index);
            }
            let all = model.children(dist, "behaviors");
            // the default behavior comes first in the model, last in
            // CloudFront's order
            let (defaults, ordered): (Vec<ObjId>, Vec<ObjId>) = all
                .into_iter()
                .partition(|&b| model.bool(b, "is_default") == Some(true));
            let mut behaviors = Vec::new();
            for behavior in ordered.into_iter().chain(defaults) {
                let pattern = match model.str(behavior, "path_pattern") {
                    Some(p) => p.to_string(),
                    None if model.bool(behavior, "is_default") == Some(true) => "*".into(),
                    // a pattern that is not known cannot be matched
                    None => continue,
                };
                let origin = self.origin_target(model, sources, &id, &pattern, behavior);
                let lambdas = model
                    .children(behavior, "lambda_associations")
                    .into_iter()
                    .map(|a| self.function_target(model, sources, &id, &pattern, a, true))
                    .collect();
                let functions = model
                    .children(behavior, "function_associations")
                    .into_iter()
                    .map(|a| self.function_target(model, sources, &id, &pattern, a, false))
                    .collect();
                behaviors.push(Behavior {
                    pattern,
                    origin,
                    lambdas,
                    functions,
                });
            }
            self.distributions.push(Distribution {
                id,
                aliases,
                behaviors,
            });
        }
    }

    fn origin_target(
        &mut self,
        model: &Model,
        sources: &SourceMap,
        dist: &str,
        pattern: &str,
        behavior: ObjId,
    ) -> Option<usize> {
        let id = model.str(behavior, "target_origin_id")?.to_string();
        let (kind, origins, mut objects) = if let Some(origin) = model.link(behavior, "origin") {
            ("origin", vec![origin], vec![origin])
        } else if let Some(group) = model.link(behavior, "origin_group") {
            let members = model.children(group, "members");
            let mut objects = vec![group];
            objects.extend(members.iter().copied());
            ("origin-group", members, objects)
        } else {
            ("origin", Vec::new(), Vec::new())
        };
        for &origin in &origins {
            for field in [
                "https_listener",
                "private_ca_certificates",
                "private_zone_records",
            ] {
                objects.extend(model.children(origin, field));
            }
            if let Some(lb) = model.link(origin, "target") {
                objects.push(lb);
                objects.extend(model.children(lb, "security_groups"));
                objects.extend(model.children(lb, "listeners"));
            }
        }
        // the primary (first member) decides the timeouts of a group
        let timeouts = origins
            .first()
            .map_or_else(Timeouts::default, |&o| Timeouts {
                read_timeout_s: Some(model.int(o, "read_timeout").unwrap_or(DEFAULT_READ_TIMEOUT)),
                connection_timeout_s: Some(
                    model
                        .int(o, "connection_timeout")
                        .unwrap_or(DEFAULT_CONNECTION_TIMEOUT),
                ),
                connection_attempts: Some(
                    model
                        .int(o, "connection_attempts")
                        .unwrap_or(DEFAULT_CONNECTION_ATTEMPTS),
                ),
                function_timeout_s: None,
            });
        let place = Place {
            kind,
            id,
            distribution: dist.to_string(),
            behavior: pattern.to_string(),
            event: String::new(),
        };
        Some(self.add_target(place, timeouts, model, sources, &objects))
    }

    fn function_target(
        &mut self,
        model: &Model,
        sources: &SourceMap,
        dist: &str,
        pattern: &str,
        association: ObjId,
        lambda: bool,
    ) -> usize {
        let mut objects = vec![association];
        let function = model.link(association, "function");
        objects.extend(function);
        if let Some(f) = function {
            objects.extend(model.link(f, "role_resource"));
        }
        let timeouts = Timeouts {
            function_timeout_s: lambda.then(|| {
                function
                    .and_then(|f| model.int(f, "timeout"))
                    .unwrap_or(DEFAULT_LAMBDA_TIMEOUT)
            }),
            ..Timeouts::default()
        };
        let place = Place {
            kind: if lambda {
                "lambda@edge"
            } else {
                "cloudfront-function"
            },
            id: model
                .str(association, "arn")
                .map(str::to_string)
                .or_else(|| {
                    function.and_then(|f| model.object(f).resource.as_deref().map(str::to_string))
                })
                .unwrap_or_else(|| "(function)".into()),
            distribution: dist.to_string(),
            behavior: pattern.to_string(),
            event: model
                .str(association, "event_type")
                .unwrap_or("")
                .to_string(),
        };
        self.add_target(place, timeouts, model, sources, &objects)
    }

    fn add_target(
        &mut self,
        place: Place,
        timeouts: Timeouts,
        model: &Model,
        sources: &SourceMap,
        objects: &[ObjId],
    ) -> usize {
        let spans = objects
            .iter()
            .map(|&o| model.object(o).loc)
            .filter(|loc| !loc.span.is_empty())
            .filter_map(|loc| Some((sources.get(loc.file)?.clone(), loc.span)))
            .collect();
        let mut target = Target {
            place,
            timeouts,
            findings: Vec::new(),
            spans,
        };
        target.findings = (0..self.findings.len())
            .filter(|&i| self.findings.get(i).is_some_and(|f| target.covers(f)))
            .collect();
        self.targets.push(target);
        self.targets.len() - 1
    }

    /// Adds findings made after the deployment was read (`probe`'s), tied
    /// to the places they are located on.
    pub fn add_findings(&mut self, findings: Vec<Finding>) {
        for finding in findings {
            let index = self.findings.len();
            for target in &mut self.targets {
                if target.covers(&finding) {
                    target.findings.push(index);
                }
            }
            self.findings.push(finding);
        }
    }

    /// Whether a label points into one of these places.
    pub fn on_places(&self, label: &Label, places: &[&Place]) -> bool {
        self.targets
            .iter()
            .any(|t| places.contains(&&t.place) && t.holds(label))
    }

    /// The distribution a Host header names.
    pub fn distribution_for(&self, host: &str, distribution_host: &str) -> Option<usize> {
        let host = host.trim_end_matches('.');
        let lower;
        let host = if host.bytes().any(|b| b.is_ascii_uppercase()) {
            lower = host.to_ascii_lowercase();
            lower.as_str()
        } else {
            host
        };
        if let Some(&d) = self.by_alias.get(host) {
            return Some(d);
        }
        // a wildcard alias covers one label (`*.example.com`)
        if let Some(d) = self.distributions.iter().position(|d| {
            d.aliases
                .iter()
                .any(|a| a.starts_with("*.") && name_covers(a, host))
        }) {
            return Some(d);
        }
        // the distribution's own domain is not in the configuration; with
        // one distribution it can only be that one
        let own = |h: &str| h.ends_with(".cloudfront.net");
        (self.distributions.len() == 1
            && (own(host) || own(distribution_host) || host.is_empty() || host == "-"))
            .then_some(0)
    }

    /// The behavior a path reaches in a distribution.
    pub fn route(&self, host: &str, distribution_host: &str, path: &str) -> Option<Route> {
        let distribution = self.distribution_for(host, distribution_host)?;
        let behavior = self
            .distributions
            .get(distribution)?
            .behaviors
            .iter()
            .position(|b| b.pattern == "*" || path_pattern_matches(&b.pattern, path))?;
        Some(Route {
            distribution,
            behavior,
        })
    }

    pub fn behavior(&self, route: Route) -> Option<&Behavior> {
        self.distributions
            .get(route.distribution)?
            .behaviors
            .get(route.behavior)
    }
}
