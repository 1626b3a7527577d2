//! `edgelint logs`: CloudFront access logs read back into causes.
//!
//! Files are found ([`discover`]), read in parallel, one streaming pass
//! each ([`read`]), and tallied into groups of failures by cause and place
//! ([`tally`]); with a deployment, each request is routed as CloudFront
//! routes it ([`route`]) and each group carries the findings `check`
//! reports on its origin or function. The result, an [`Analysis`], is what
//! every output shows: the terminal summary, JSON, the HTML report.

pub mod athena;
pub mod cause;
pub mod clock;
pub mod fields;
pub mod html;
pub mod read;
pub mod realtime_config;
pub mod route;
pub mod tally;
pub mod terminal;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use cause::Kind;
use fields::Layout;
use read::{LogFormat, Problem};
use route::{Deployment, Place, Timeouts};
use tally::Tally;

/// The files to read: those named, and every file under a named directory
/// (hidden ones aside). Log files carry no telling extension (CloudFront
/// names them `E2EXAMPLE.2019-12-04-21.abcdef12.gz`, Firehose objects
/// have none), so the content decides, and a file that is no log is
/// reported.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let walk = ignore::WalkBuilder::new(path)
                    .standard_filters(false)
                    .hidden(true)
                    .follow_links(false)
                    .build();
                for entry in walk.flatten() {
                    if entry.file_type().is_some_and(|t| t.is_file()) {
                        files.push(entry.into_path());
                    }
                }
            }
            Ok(_) => files.push(path.clone()),
            Err(err) => problems.push(Problem {
                file: path.clone(),
                line: 0,
                code: "unreadable",
                message: format!("cannot read: {err}"),
            }),
        }
    }
    files.sort();
    files.dedup();
    (files, problems)
}

/// What shapes an analysis.
#[derive(Default)]
pub struct Options {
    /// The field list of real-time logs.
    pub realtime: Option<Layout>,
    /// Counts files as they finish (for a progress bar).
    pub progress: Option<Arc<AtomicUsize>>,
}

/// Reads every file and tallies it.
pub fn tally(files: &[PathBuf], deployment: Option<&Deployment>, options: &Options) -> Tally {
    files
        .par_iter()
        .map(|file| {
            let mut tally = Tally::default();
            let report = read::read_log(file, options.realtime.as_ref(), &mut |request| {
                tally.add(request, deployment)
            });
            tally.files = 1;
            tally.failed_files = usize::from(report.failed);
            if let Some(format) = report.format {
                tally.formats.insert(format, 1);
            }
            tally.bad_lines = report.bad_lines;
            tally.add_problems(report.problems);
            if let Some(done) = &options.progress {
                done.fetch_add(1, Ordering::Relaxed);
            }
            tally
        })
        .reduce(Tally::default, |mut a, b| {
            a.merge(b);
            a
        })
}

/// A finding of `check` tied to a cause.
#[derive(Clone, Debug, serde::Serialize)]
pub struct LinkedFinding {
    pub code: String,
    pub name: String,
    pub severity: &'static str,
    pub message: String,
    /// `path:line:col`.
    pub place: String,
    /// Whether the rule is one that explains this kind of failure (not
    /// only a finding on the same origin or function).
    pub explains: bool,
    /// What made it: `check` (the configuration) or `probe` (a connection
    /// to the origin, with `--probe`).
    pub by: &'static str,
}

/// Time-taken quantiles in milliseconds.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Quantiles {
    pub p50: u64,
    pub p90: u64,
    pub p99: u64,
    pub max: u64,
}

impl Quantiles {
    fn of(h: &hdrhistogram::Histogram<u64>) -> Option<Quantiles> {
        (!h.is_empty()).then(|| Quantiles {
            p50: h.value_at_quantile(0.5),
            p90: h.value_at_quantile(0.9),
            p99: h.value_at_quantile(0.99),
            max: h.max(),
        })
    }
}

/// One cause at one place, ranked.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Cause {
    pub rank: usize,
    pub kind: Kind,
    pub title: &'static str,
    pub place: Place,
    pub count: u64,
    /// Of all 5xx.
    pub share_of_errors: f64,
    /// Of the requests the same behavior (or host) served.
    pub share_of_traffic: f64,
    pub first: String,
    pub last: String,
    pub statuses: BTreeMap<u16, u64>,
    pub result_types: BTreeMap<String, u64>,
    pub time_taken_ms: Option<Quantiles>,
    pub timeouts: Timeouts,
    /// Requests that ended at the origin read timeout.
    pub at_read_timeout: u64,
    /// Requests that ended when the connection attempts ran out.
    pub at_connection_budget: u64,
    /// Requests that ended at the Lambda@Edge function's timeout.
    pub at_function_timeout: u64,
    pub likely_causes: &'static str,
    pub rules: &'static [&'static str],
    pub findings: Vec<LinkedFinding>,
    pub top_paths: Vec<(String, u64)>,
    /// Time-taken histogram: (upper bound in ms, count), for charts.
    #[serde(skip)]
    pub distribution: Vec<(u64, u64)>,
}

/// One minute of the timeline.
#[derive(Clone, Debug, serde::Serialize)]
pub struct MinuteCounts {
    pub minute: String,
    pub unix: i64,
    pub requests: u64,
    pub errors: BTreeMap<Kind, u64>,
}

/// The whole result.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Analysis {
    pub files: usize,
    pub failed_files: usize,
    pub formats: BTreeMap<LogFormat, usize>,
    pub requests: u64,
    pub errors: u64,
    pub bad_lines: u64,
    pub problems: Vec<Problem>,
    /// Whether a deployment attributed the requests.
    pub deployment: bool,
    pub causes: Vec<Cause>,
    /// Every result type seen, known or not, with its count.
    pub result_types: BTreeMap<String, u64>,
    /// Result types of 5xx that edgelint does not know.
    pub unrecognized_result_types: BTreeMap<String, u64>,
    pub timeline: Vec<MinuteCounts>,
    pub time_taken_ms: Option<Quantiles>,
    pub failing_paths: Vec<(String, u64)>,
}

/// Ranks the tally's groups into causes.
pub fn analyze(tally: Tally, deployment: Option<&Deployment>) -> Analysis {
    let errors = tally.errors.max(1) as f64;
    let mut causes: Vec<Cause> = tally
        .groups
        .iter()
        .map(|((kind, place), group)| {
            let explanation = kind.explain();
            let traffic = match group.route {
                Some(route) => tally.route_traffic.get(&route).copied().unwrap_or(0),
                None => tally
                    .host_traffic
                    .counts
                    .get(&place.id)
                    .copied()
                    .unwrap_or(0),
            }
            .max(group.count) as f64;
            let findings = deployment
                .map(|d| linked_findings(d, place, explanation.rules))
                .unwrap_or_default();
            Cause {
                rank: 0,
                kind: *kind,
                title: explanation.title,
                place: place.clone(),
                count: group.count,
                share_of_errors: group.count as f64 / errors,
                share_of_traffic: group.count as f64 / traffic,
                first: iso_or_empty(group.first),
                last: iso_or_empty(group.last),
                statuses: group.statuses.clone(),
                result_types: group.types.clone(),
                time_taken_ms: Quantiles::of(&group.time_taken),
                timeouts: group.timeouts,
                at_read_timeout: group.at_read_timeout,
                at_connection_budget: group.at_connection_budget,
                at_function_timeout: group.at_function_timeout,
                likely_causes: explanation.facts,
                rules: explanation.rules,
                findings,
                top_paths: group.paths.top(10),
                distribution: buckets(&group.time_taken),
            }
        })
        .collect();
    // most failures first; a cause with a finding that explains it before
    // an equal one without
    causes.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| {
                let explained = |c: &Cause| c.findings.iter().any(|f| f.explains);
                explained(b).cmp(&explained(a))
            })
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.place.cmp(&b.place))
    });
    for (i, cause) in causes.iter_mut().enumerate() {
        cause.rank = i + 1;
    }
    let unrecognized_result_types = causes
        .iter()
        .filter(|c| c.kind == Kind::Unrecognized)
        .flat_map(|c| c.result_types.iter().map(|(k, v)| (k.clone(), *v)))
        .fold(BTreeMap::new(), |mut m, (k, v)| {
            *m.entry(k).or_insert(0) += v;
            m
        });
    Analysis {
        files: tally.files,
        failed_files: tally.failed_files,
        formats: tally.formats,
        requests: tally.requests,
        errors: tally.errors,
        bad_lines: tally.bad_lines,
        problems: tally.problems,
        deployment: deployment.is_some(),
        causes,
        result_types: tally.result_types.into_iter().collect(),
        unrecognized_result_types,
        timeline: tally
            .minutes
            .into_iter()
            .map(|(unix, m)| MinuteCounts {
                minute: crate::utc::format_minute(unix),
                unix,
                requests: m.requests,
                errors: m.errors,
            })
            .collect(),
        time_taken_ms: Quantiles::of(&tally.time_taken),
        failing_paths: tally.failing_paths.top(20),
    }
}

fn iso_or_empty(t: i64) -> String {
    if t == i64::MAX || t == i64::MIN {
        String::new()
    } else {
        crate::utc::format_iso(t)
    }
}

/// A histogram's non-empty buckets (log-spaced), for charts.
fn buckets(h: &hdrhistogram::Histogram<u64>) -> Vec<(u64, u64)> {
    if h.is_empty() {
        return Vec::new();
    }
    h.iter_log(1, 1.25)
        .map(|v| (v.value_iterated_to(), v.count_since_last_iteration()))
        .collect()
}

/// The findings on the place of a cause, those of the cause's rules first.
fn linked_findings(deployment: &Deployment, place: &Place, rules: &[&str]) -> Vec<LinkedFinding> {
    let Some(target) = deployment.targets.iter().find(|t| &t.place == place) else {
        return Vec::new();
    };
    let mut linked: Vec<LinkedFinding> = target
        .findings
        .iter()
        .filter_map(|&i| Some((i, deployment.findings.get(i)?)))
        .map(|(i, f)| LinkedFinding {
            code: f.code.clone(),
            name: f.name.clone(),
            severity: f.severity.as_str(),
            message: f.message.clone(),
            place: f.primary.place(),
            explains: rules.contains(&f.code.as_str()),
            by: if i < deployment.checked {
                "check"
            } else {
                "probe"
            },
        })
        .collect();
    linked.sort_by(|a, b| {
        b.explains
            .cmp(&a.explains)
            .then_with(|| a.code.cmp(&b.code))
    });
    linked.dedup_by(|a, b| a.code == b.code && a.place == b.place);
    linked
}
