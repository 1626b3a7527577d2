//! The thread risky HCL text is parsed on. `hcl-edit` backtracks on some
//! malformed input and cannot be interrupted, so text the pre-scan calls
//! risky ([`super::nesting::risky`]) is parsed here with a deadline, and
//! everything else on the caller's thread.
//!
//! One worker serves the whole process. When a parse overruns its
//! deadline the worker is left to finish on its own and is replaced only
//! once it has: at most one parser thread ever runs past a deadline, and
//! while it does, risky files are refused at once with its file's name
//! instead of each waiting out a deadline of its own.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hcl_edit::parser::Error;
use hcl_edit::structure::Body;

type Reply = Result<Body, Error>;
type Job = (String, Sender<Reply>);

/// Why a risky text was not parsed.
pub enum Refused {
    /// The parse ran past the deadline.
    Overran,
    /// An earlier file's parse is still running past its deadline.
    Busy(String),
}

struct Worker {
    jobs: Sender<Job>,
    /// Whether the thread has returned (its last parse finished).
    done: Arc<AtomicBool>,
}

#[derive(Default)]
struct State {
    worker: Option<Worker>,
    /// The file whose parse overran, while that thread still runs.
    overrun: Option<(String, Arc<AtomicBool>)>,
}

static STATE: Mutex<State> = Mutex::new(State {
    worker: None,
    overrun: None,
});

fn spawn() -> Option<Worker> {
    let (jobs, queue): (Sender<Job>, Receiver<Job>) = channel();
    let done = Arc::new(AtomicBool::new(false));
    let flag = done.clone();
    std::thread::Builder::new()
        .name("hcl-parse".into())
        .spawn(move || {
            // ends when the worker is dropped (replaced or abandoned)
            for (text, reply) in queue {
                let _ = reply.send(hcl_edit::parser::parse_body(&text));
            }
            flag.store(true, Ordering::SeqCst);
        })
        .ok()?;
    Some(Worker { jobs, done })
}

/// Parses `text` (of the file `name`) on the worker, waiting at most
/// `deadline`.
pub fn parse_within(name: &str, text: &str, deadline: Duration) -> Result<Reply, Refused> {
    let mut state = STATE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((file, done)) = &state.overrun {
        if !done.load(Ordering::SeqCst) {
            return Err(Refused::Busy(file.clone()));
        }
        state.overrun = None;
    }
    if state.worker.is_none() {
        state.worker = spawn();
    }
    let Some(worker) = &state.worker else {
        // no thread to be had: parse here, without the deadline
        return Ok(hcl_edit::parser::parse_body(text));
    };
    let (reply, answer) = channel();
    if worker.jobs.send((text.to_string(), reply)).is_err() {
        state.worker = None;
        return Ok(hcl_edit::parser::parse_body(text));
    }
    match answer.recv_timeout(deadline) {
        Ok(parsed) => Ok(parsed),
        Err(_) => {
            // dropping the worker's sender ends its thread after this parse
            if let Some(worker) = state.worker.take() {
                state.overrun = Some((name.to_string(), worker.done));
            }
            Err(Refused::Overran)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_on_the_worker_and_reuses_it() {
        let first = parse_within("a.tf", "x = 1\n", Duration::from_secs(5));
        assert!(matches!(first, Ok(Ok(_))));
        let second = parse_within("b.tf", "x = \n", Duration::from_secs(5));
        assert!(matches!(second, Ok(Err(_))));
    }
}
