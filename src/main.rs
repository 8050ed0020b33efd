//! The `brief` command: everything it does is in the library's [`brief::cli`].

fn main() -> std::process::ExitCode {
    brief::cli::main()
}
