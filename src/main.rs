fn main() -> std::process::ExitCode {
    edgelint::cli::run()
}
