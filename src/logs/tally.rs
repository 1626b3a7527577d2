//! Counting: each file is tallied on its own (in parallel) and the tallies
//! are merged. Memory grows with the number of groups (cause × place),
//! minutes and distinct result types, never with the number of lines:
//! time-taken quantiles come from HDR histograms, and failing paths are
//! kept up to a cap per group.

use std::collections::{BTreeMap, HashMap};

use hdrhistogram::Histogram;

use super::cause::{self, Blame, Kind};
use super::read::{LogFormat, Problem, Request};
use super::route::{Deployment, Place, Timeouts};

/// Distinct paths kept per group; the rest are counted together.
pub const MAX_PATHS: usize = 100;
/// Distinct failing paths kept over all groups.
pub const MAX_FAILING_PATHS: usize = 1000;
/// The longest time-taken recorded exactly (one hour, in ms).
const MAX_MS: u64 = 3_600_000;

pub fn histogram() -> Histogram<u64> {
    // two significant digits: 1 % error, a few KB per histogram. The
    // bounds are constants hdrhistogram accepts (low ≥ 1, high ≥ 2 × low,
    // sigfig ≤ 5), so this cannot fail.
    #[allow(clippy::expect_used)]
    Histogram::new_with_bounds(1, MAX_MS, 2).expect("constant histogram bounds are valid")
}

fn record(h: &mut Histogram<u64>, ms: u64) {
    h.saturating_record(ms.clamp(1, MAX_MS));
}

/// Counts per key with a cap on distinct keys; the overflow is counted.
#[derive(Clone, Debug, Default)]
pub struct Capped {
    pub counts: HashMap<String, u64>,
    pub other: u64,
    cap: usize,
}

impl Capped {
    fn new(cap: usize) -> Capped {
        Capped {
            cap,
            ..Capped::default()
        }
    }

    fn add(&mut self, key: &str, n: u64) {
        if let Some(c) = self.counts.get_mut(key) {
            *c += n;
        } else if self.counts.len() < self.cap {
            self.counts.insert(key.to_string(), n);
        } else {
            self.other += n;
        }
    }

    fn merge(&mut self, other: Capped) {
        self.other += other.other;
        for (k, n) in other.counts {
            self.add(&k, n);
        }
    }

    /// The largest counts first.
    pub fn top(&self, n: usize) -> Vec<(String, u64)> {
        let mut all: Vec<(String, u64)> =
            self.counts.iter().map(|(k, v)| (k.clone(), *v)).collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        all.truncate(n);
        all
    }
}

/// The failures of one cause at one place.
#[derive(Clone, Debug)]
pub struct Group {
    pub count: u64,
    pub first: i64,
    pub last: i64,
    pub statuses: BTreeMap<u16, u64>,
    pub types: BTreeMap<String, u64>,
    pub time_taken: Histogram<u64>,
    pub at_read_timeout: u64,
    pub at_connection_budget: u64,
    pub at_function_timeout: u64,
    pub timeouts: Timeouts,
    /// Traffic of the route the place serves (for the share).
    pub route: Option<(usize, usize)>,
    pub paths: Capped,
}

impl Group {
    fn new(timeouts: Timeouts, route: Option<(usize, usize)>) -> Group {
        Group {
            count: 0,
            first: i64::MAX,
            last: i64::MIN,
            statuses: BTreeMap::new(),
            types: BTreeMap::new(),
            time_taken: histogram(),
            at_read_timeout: 0,
            at_connection_budget: 0,
            at_function_timeout: 0,
            timeouts,
            route,
            paths: Capped::new(MAX_PATHS),
        }
    }

    fn merge(&mut self, other: Group) {
        self.count += other.count;
        self.first = self.first.min(other.first);
        self.last = self.last.max(other.last);
        for (k, v) in other.statuses {
            *self.statuses.entry(k).or_default() += v;
        }
        for (k, v) in other.types {
            *self.types.entry(k).or_default() += v;
        }
        let _ = self.time_taken.add(&other.time_taken);
        self.at_read_timeout += other.at_read_timeout;
        self.at_connection_budget += other.at_connection_budget;
        self.at_function_timeout += other.at_function_timeout;
        self.paths.merge(other.paths);
    }
}

/// Requests and failures in one minute.
#[derive(Clone, Debug, Default)]
pub struct Minute {
    pub requests: u64,
    pub errors: BTreeMap<Kind, u64>,
}

/// Everything counted so far.
#[derive(Clone, Debug)]
pub struct Tally {
    pub files: usize,
    pub failed_files: usize,
    pub formats: BTreeMap<LogFormat, usize>,
    pub requests: u64,
    pub errors: u64,
    pub bad_lines: u64,
    pub problems: Vec<Problem>,
    pub groups: HashMap<(Kind, Place), Group>,
    /// Requests per (distribution, behavior) of the deployment.
    pub route_traffic: HashMap<(usize, usize), u64>,
    /// Requests per host, without a deployment or when unattributed.
    pub host_traffic: Capped,
    pub result_types: HashMap<String, u64>,
    pub minutes: BTreeMap<i64, Minute>,
    pub time_taken: Histogram<u64>,
    pub failing_paths: Capped,
}

impl Default for Tally {
    fn default() -> Tally {
        Tally {
            files: 0,
            failed_files: 0,
            formats: BTreeMap::new(),
            requests: 0,
            errors: 0,
            bad_lines: 0,
            problems: Vec::new(),
            groups: HashMap::new(),
            route_traffic: HashMap::new(),
            host_traffic: Capped::new(10_000),
            result_types: HashMap::new(),
            minutes: BTreeMap::new(),
            time_taken: histogram(),
            failing_paths: Capped::new(MAX_FAILING_PATHS),
        }
    }
}

/// Problems kept over all files; the rest are counted.
pub const KEPT_PROBLEMS: usize = 200;

impl Tally {
    /// Counts one request.
    pub fn add(&mut self, request: &Request, deployment: Option<&Deployment>) {
        self.requests += 1;
        let minute = request.time.unwrap_or(0).div_euclid(60) * 60;
        let bucket = self.minutes.entry(minute).or_default();
        bucket.requests += 1;
        if let Some(ms) = request.time_taken_ms {
            record(&mut self.time_taken, ms);
        }
        let result_type = request.result_type();
        match self.result_types.get_mut(result_type) {
            Some(n) => *n += 1,
            None => {
                self.result_types.insert(result_type.to_string(), 1);
            }
        }
        let route = deployment.and_then(|d| {
            d.route(
                request.viewer_host(),
                request.distribution_host,
                request.path,
            )
        });
        match route {
            Some(r) => {
                *self
                    .route_traffic
                    .entry((r.distribution, r.behavior))
                    .or_default() += 1
            }
            None => self.host_traffic.add(request.viewer_host(), 1),
        }
        if request.status < 500 {
            return;
        }
        self.errors += 1;
        // the place and timeouts the failure is judged against
        let behavior = route.and_then(|r| deployment.and_then(|d| d.behavior(r)));
        let origin = behavior
            .and_then(|b| b.origin)
            .and_then(|i| deployment.and_then(|d| d.targets.get(i)));
        let timeouts = origin.map(|t| t.timeouts).unwrap_or_default();
        let kind = cause::classify(
            request.status,
            result_type,
            request.time_taken_ms,
            &timeouts,
        );
        let blamed = match (kind.explain().blame, behavior, deployment) {
            (Blame::Lambda, Some(b), Some(d)) => b.lambdas.first().and_then(|&i| d.targets.get(i)),
            (Blame::Function, Some(b), Some(d)) => {
                b.functions.first().and_then(|&i| d.targets.get(i))
            }
            (_, Some(_), Some(_)) => origin,
            _ => None,
        };
        let place = match (blamed, route, deployment) {
            (Some(t), _, _) => t.place.clone(),
            (None, Some(r), Some(d)) => Place {
                kind: "behavior",
                id: String::new(),
                distribution: d
                    .distributions
                    .get(r.distribution)
                    .map(|x| x.id.clone())
                    .unwrap_or_default(),
                behavior: behavior.map(|b| b.pattern.clone()).unwrap_or_default(),
                event: String::new(),
            },
            _ => Place {
                kind: if deployment.is_some() {
                    "unattributed-host"
                } else {
                    "host"
                },
                id: request.viewer_host().to_string(),
                distribution: String::new(),
                behavior: String::new(),
                event: String::new(),
            },
        };
        let timeouts = blamed.map(|t| t.timeouts).unwrap_or(timeouts);
        let group = self
            .groups
            .entry((kind, place))
            .or_insert_with(|| Group::new(timeouts, route.map(|r| (r.distribution, r.behavior))));
        group.count += 1;
        if let Some(t) = request.time {
            group.first = group.first.min(t);
            group.last = group.last.max(t);
        }
        *group.statuses.entry(request.status).or_default() += 1;
        match group.types.get_mut(result_type) {
            Some(n) => *n += 1,
            None => {
                group.types.insert(result_type.to_string(), 1);
            }
        }
        if let Some(ms) = request.time_taken_ms {
            record(&mut group.time_taken, ms);
            let t = &group.timeouts;
            // a connection that never opened cannot have waited for a
            // response, and the other way round
            if kind != Kind::OriginUnreachable && cause::at_timeout(Some(ms), t.read_timeout_s) {
                group.at_read_timeout += 1;
            }
            let budget = t
                .connection_timeout_s
                .zip(t.connection_attempts)
                .map(|(c, n)| c * n);
            if matches!(kind, Kind::OriginUnreachable | Kind::OriginComm)
                && cause::at_timeout(Some(ms), budget)
            {
                group.at_connection_budget += 1;
            }
            if cause::at_timeout(Some(ms), t.function_timeout_s) {
                group.at_function_timeout += 1;
            }
        }
        group.paths.add(request.path, 1);
        self.failing_paths.add(request.path, 1);
        *bucket_errors(&mut self.minutes, minute)
            .entry(kind)
            .or_default() += 1;
    }

    pub fn add_problems(&mut self, problems: Vec<Problem>) {
        let room = KEPT_PROBLEMS.saturating_sub(self.problems.len());
        self.problems.extend(problems.into_iter().take(room));
    }

    pub fn merge(&mut self, other: Tally) {
        self.files += other.files;
        self.failed_files += other.failed_files;
        for (k, v) in other.formats {
            *self.formats.entry(k).or_default() += v;
        }
        self.requests += other.requests;
        self.errors += other.errors;
        self.bad_lines += other.bad_lines;
        self.add_problems(other.problems);
        for (key, group) in other.groups {
            match self.groups.get_mut(&key) {
                Some(g) => g.merge(group),
                None => {
                    self.groups.insert(key, group);
                }
            }
        }
        for (k, v) in other.route_traffic {
            *self.route_traffic.entry(k).or_default() += v;
        }
        self.host_traffic.merge(other.host_traffic);
        for (k, v) in other.result_types {
            *self.result_types.entry(k).or_default() += v;
        }
        for (minute, m) in other.minutes {
            let mine = self.minutes.entry(minute).or_default();
            mine.requests += m.requests;
            for (k, v) in m.errors {
                *mine.errors.entry(k).or_default() += v;
            }
        }
        let _ = self.time_taken.add(&other.time_taken);
        self.failing_paths.merge(other.failing_paths);
    }
}

fn bucket_errors(minutes: &mut BTreeMap<i64, Minute>, minute: i64) -> &mut BTreeMap<Kind, u64> {
    &mut minutes.entry(minute).or_default().errors
}
