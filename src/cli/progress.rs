//! A progress bar on stderr for long runs: it appears after a second, only
//! when stdout and stderr are terminals and `CI` is not set.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress {
    done: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// Whether a progress bar may be shown.
pub fn wanted() -> bool {
    std::io::stderr().is_terminal()
        && std::io::stdout().is_terminal()
        && std::env::var_os("CI").is_none_or(|v| v.is_empty())
}

impl Progress {
    /// Starts watching `counter` (files finished) out of `total`.
    pub fn start(total: usize, counter: Arc<AtomicUsize>) -> Progress {
        Progress::start_counting(total, counter, "linting {pos}/{len} files")
    }

    /// Starts watching `counter` out of `total`, saying what is counted
    /// (`probing {pos}/{len} origins`).
    pub fn start_counting(total: usize, counter: Arc<AtomicUsize>, what: &'static str) -> Progress {
        let done = Arc::new(AtomicBool::new(false));
        let finished = done.clone();
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(1) {
                if finished.load(Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template(&format!("{{spinner}} {what} {{wide_bar}} {{eta}}"))
            {
                bar.set_style(style);
            }
            while !finished.load(Ordering::Relaxed) {
                bar.set_position(counter.load(Ordering::Relaxed).min(total) as u64);
                std::thread::sleep(Duration::from_millis(100));
            }
            bar.finish_and_clear();
        });
        Progress {
            done,
            thread: Some(thread),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
