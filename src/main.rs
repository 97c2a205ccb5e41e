//! The `frontline` binary: parses the command line and hands over to the library.
#![deny(unsafe_code)]

mod allocator;
mod cli;

fn main() -> std::process::ExitCode {
    allocator::loaded();
    cli::main()
}
