//! Writes the benchmark's generated templates to a directory, for
//! profiling: `cargo run --release --example write_bench_corpus DIR N`.
#[path = "../benches/template.rs"]
mod template;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "bench-corpus".into()));
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    std::fs::create_dir_all(&dir).expect("create dir");
    for i in 0..n {
        std::fs::write(dir.join(format!("stack{i:05}.yaml")), template::template(i))
            .expect("write");
    }
}
