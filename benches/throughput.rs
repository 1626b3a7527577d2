//! Throughput benchmark: generates a corpus of realistic CloudFormation
//! templates and compares a full lint against a parse-only pass over the
//! same files (the floor: reading and parsing) and against a lint with no
//! rules (reading, parsing and building the model: what no rule evaluator
//! can go below). Reports medians.
//!
//!     cargo bench --bench throughput [-- FILES RUNS]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use edgelint::document::Limits;
use edgelint::lint::{self, LintOptions};
use edgelint::rule::Registry;
use rayon::prelude::*;

mod template;
use template::template;

// the allocator of the binary (src/main.rs), so that both passes measure
// what a user runs
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| !a.starts_with('-'));
    let files: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(3000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(7);

    let dir = std::env::temp_dir().join(format!("edgelint-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let paths: Vec<PathBuf> = (0..files)
        .map(|i| {
            let path = dir.join(format!("stack{i:05}.yaml"));
            std::fs::write(&path, template(i)).expect("write template");
            path
        })
        .collect();
    let bytes: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();

    let registry = Registry::builtin().expect("rules load");
    let options = LintOptions::default();
    let limits = Limits::default();

    // warm the page cache and check the corpus lints cleanly
    let report = lint::lint_paths(std::slice::from_ref(&dir), &registry, &options);
    assert!(report.errors.is_empty(), "{:?}", report.errors.first());
    assert_eq!(report.files, files);

    let parse_only = || {
        paths.par_iter().for_each(|p| {
            let file = lint::read_file(p, &limits).expect("read");
            lint::parse_document(&file, &limits).expect("parse");
        });
    };
    let full = || {
        let report = lint::lint_paths(std::slice::from_ref(&dir), &registry, &options);
        std::hint::black_box(report.findings.len());
    };
    // everything a full lint does but evaluate rules: the floor of any
    // rule evaluator
    let no_rules = Registry::from_rules(Vec::new());
    let model_only = || {
        let report = lint::lint_paths(std::slice::from_ref(&dir), &no_rules, &options);
        std::hint::black_box(report.files);
    };
    // interleaved: each run times the three passes once, in rotating
    // order, so that a change in the machine's load falls on all of them
    let timed = |f: &dyn Fn()| {
        let start = Instant::now();
        f();
        start.elapsed()
    };
    let passes: [&dyn Fn(); 3] = [&parse_only, &model_only, &full];
    let mut times: [Vec<Duration>; 3] = Default::default();
    for run in 0..runs {
        for step in 0..passes.len() {
            let pass = (run + step) % passes.len();
            times[pass].push(timed(passes[pass]));
        }
    }
    let [parse_times, model_times, lint_times] = times;
    let parse = median(parse_times);
    let model = median(model_times);
    let lint = median(lint_times);
    let per_sec = |d: Duration| files as f64 / d.as_secs_f64();
    println!(
        "corpus: {files} templates, {:.1} MiB, {} rules, {} findings per run, {} threads",
        bytes as f64 / (1024.0 * 1024.0),
        registry.rules().len(),
        report.findings.len(),
        rayon::current_num_threads()
    );
    println!(
        "parse only: median {:>8.1} ms  {:>9.0} files/s",
        parse.as_secs_f64() * 1000.0,
        per_sec(parse)
    );
    println!(
        "no rules:   median {:>8.1} ms  {:>9.0} files/s  (read, parse, build the model)",
        model.as_secs_f64() * 1000.0,
        per_sec(model)
    );
    println!(
        "full lint:  median {:>8.1} ms  {:>9.0} files/s",
        lint.as_secs_f64() * 1000.0,
        per_sec(lint)
    );
    println!(
        "ratio full/parse: {:.2}, no rules/parse: {:.2} (medians of {runs} runs)",
        lint.as_secs_f64() / parse.as_secs_f64(),
        model.as_secs_f64() / parse.as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
