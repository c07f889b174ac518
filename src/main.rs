//! The `standpoint` binary: a thin shell over the library (see `cli`).

mod cli;

fn main() -> std::process::ExitCode {
    standpoint::encode::tune_allocator();
    cli::run()
}
