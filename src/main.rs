// A lint allocates and frees many small blocks (document nodes, model
// objects, evaluator items) on two threads; mimalloc serves them in a
// fraction of glibc's instructions. Transparent huge pages are off for it
// (`no_thp`): with them, its arena's first pages came as 2 MiB pages the
// kernel zeroes, which cost every run, even `--version`, most of a
// millisecond.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    edgelint::cli::run()
}
