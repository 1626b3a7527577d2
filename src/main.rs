// Under glibc's allocator, allocation was a fifth of a lint's time (many
// small, short-lived values on every worker thread). mimalloc's version 2
// was the faster of its two here; transparent huge pages stay off, since
// they added resident memory to every run without making it faster.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    edgelint::cli::run()
}
