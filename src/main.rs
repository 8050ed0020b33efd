//! The `brief` binary: the command line ([`brief::cli`]) and nothing else, so that tests,
//! benches and examples use the same library.

fn main() -> std::process::ExitCode {
    brief::cli::main()
}
