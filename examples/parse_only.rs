//! The floor a lint is measured against: reads and parses every file under
//! the given paths, in parallel, and makes no model and no findings.
//! `cargo build --release --example parse_only`, used by `benches/compare`.

use std::path::{Path, PathBuf};

use edgelint::document::Limits;
use edgelint::lint;
use rayon::prelude::*;

// the allocator of the binary (src/main.rs), so that the floor is measured
// as a lint runs
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn files(path: &Path, out: &mut Vec<PathBuf>) {
    match std::fs::read_dir(path) {
        Ok(entries) => {
            let mut children: Vec<PathBuf> =
                entries.filter_map(Result::ok).map(|e| e.path()).collect();
            children.sort();
            for child in children {
                files(&child, out);
            }
        }
        Err(_) => out.push(path.to_path_buf()),
    }
}

fn main() {
    let mut paths = Vec::new();
    for arg in std::env::args_os().skip(1) {
        files(Path::new(&arg), &mut paths);
    }
    let limits = Limits::default();
    let parsed: usize = paths
        .par_iter()
        .filter(|p| {
            lint::read_file(p, &limits)
                .ok()
                .is_some_and(|file| lint::parse_document(&file, &limits).is_ok())
        })
        .count();
    println!("{parsed} of {} files parsed", paths.len());
}
