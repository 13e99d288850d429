//! The `mdexport` command: parses the command line and runs one subcommand (see [`cli`]).

mod cli;

/// mimalloc: the many small allocations of the document model cost a third less than with the
/// system allocator (see `benches/corpus.sh`). Its version 2 (the crate's `v2` feature) keeps
/// less memory than version 3: on the corpus the booklet build peaks at 104 MB instead of 135 MB
/// and is 6 to 10 % faster, since fresh memory is costly to fault in.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    match cli::run(cli::parse()) {
        Ok(code) => std::process::ExitCode::from(code),
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::from(2)
        }
    }
}
