//! Probing targets: each one step after the other (resolve, connect,
//! handshake, request), many at once on a bounded number of threads, none
//! started after the total deadline.

use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::catalog::Check;
use super::connect::{self, Mapping};
use super::http;
use super::outcome::Outcome;
use super::target::{Scheme, Target};
use super::tls::{self, Trust};

/// What shapes a probe run besides the targets.
#[derive(Clone, Debug)]
pub struct Settings {
    pub trust: Trust,
    pub mappings: Vec<Mapping>,
    /// Certificates expiring sooner are warned about.
    pub expiry_horizon: Duration,
    /// Targets probed at once.
    pub concurrency: usize,
    /// Nothing is started, and no step waits, past this.
    pub deadline: Instant,
    /// How long a name may take to resolve.
    pub dns_timeout: Duration,
}

/// Probes one target the way CloudFront connects to it.
pub fn probe(target: &Target, settings: &Settings) -> Outcome {
    let mut outcome = Outcome::default();
    if target.scheme == Scheme::Https && target.protocols.offered.is_empty() {
        outcome.untested = Some(format!(
            "its SSL protocols ({}) hold no version the probe can offer (TLS 1.2 and 1.3 only)",
            target.protocols.unavailable.join(", ")
        ));
        return outcome;
    }
    let left = || settings.deadline.saturating_duration_since(Instant::now());
    if left().is_zero() {
        outcome.untested = Some("the total deadline passed before it was probed".to_string());
        return outcome;
    }
    let addrs = match connect::resolve(
        &target.host,
        target.port,
        &settings.mappings,
        settings.dns_timeout.min(left()),
    ) {
        Ok((addrs, mapped)) => {
            let list: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
            outcome.fact(
                if mapped { "mapped_to" } else { "resolved_to" },
                list.join(" "),
            );
            addrs
        }
        Err(problem) => {
            outcome.problems.push(problem);
            return outcome;
        }
    };
    let started = Instant::now();
    let tcp = match connect::connect(
        &addrs,
        target.connect_timeout,
        target.attempts,
        settings.deadline,
    ) {
        Ok((tcp, addr)) => {
            outcome.fact("address", addr.to_string());
            outcome.fact("connect_ms", started.elapsed().as_millis().to_string());
            tcp
        }
        Err(problem) => {
            outcome.problems.push(problem);
            return outcome;
        }
    };
    let result = match target.scheme {
        Scheme::Http => {
            let mut tcp = tcp;
            let set = |s: &mut TcpStream, t: Duration| {
                let _ = s.set_read_timeout(Some(t));
                let _ = s.set_write_timeout(Some(t));
            };
            http::exchange(&mut tcp, &set, target, settings.deadline, &mut outcome)
        }
        Scheme::Https => {
            match tls::handshake(
                tcp,
                target,
                &settings.trust,
                settings.expiry_horizon,
                settings.deadline,
                &mut outcome,
            ) {
                Ok(mut stream) => {
                    let set = |s: &mut tls::TlsStream, t: Duration| {
                        let _ = s.sock.set_read_timeout(Some(t));
                        let _ = s.sock.set_write_timeout(Some(t));
                    };
                    http::exchange(&mut stream, &set, target, settings.deadline, &mut outcome)
                }
                // CloudFront could still agree on a version the probe
                // cannot offer: not a finding
                Err(problem) if problem.uncertain => {
                    outcome.untested = Some(format!(
                        "{}; CloudFront also offers CBC suites, which the probe cannot",
                        problem.message
                    ));
                    Ok(())
                }
                Err(problem)
                    if problem.check == Check::HandshakeFailed
                        && !target.protocols.unavailable.is_empty() =>
                {
                    outcome.untested = Some(format!(
                        "{}; CloudFront may still agree on {}, which the probe cannot offer",
                        problem.message,
                        target.protocols.unavailable.join(", ")
                    ));
                    Ok(())
                }
                Err(problem) => Err(problem),
            }
        }
    };
    if let Err(problem) = result {
        outcome.problems.push(problem);
    }
    outcome
}

/// Probes every target, `settings.concurrency` at a time; `done` counts
/// the finished ones (for a progress bar). Outcomes are in target order.
pub fn probe_all(
    targets: &[Target],
    settings: &Settings,
    done: Option<Arc<AtomicUsize>>,
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let workers = settings.concurrency.clamp(1, targets.len().max(1));
    let mut outcomes: Vec<Outcome> = vec![Outcome::default(); targets.len()];
    let results = std::sync::Mutex::new(Vec::with_capacity(targets.len()));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(target) = targets.get(index) else {
                        break;
                    };
                    let outcome = probe(target, settings);
                    if let Ok(mut r) = results.lock() {
                        r.push((index, outcome));
                    }
                    if let Some(done) = &done {
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
    });
    for (index, outcome) in results.into_inner().unwrap_or_default() {
        if let Some(slot) = outcomes.get_mut(index) {
            *slot = outcome;
        }
    }
    outcomes
}
