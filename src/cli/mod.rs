//! The command line: one file per subcommand, the shared options in [`args`].
//!
//! Only this layer does I/O a user sees (the clock, the environment, the terminal); the library
//! gets everything passed in.

mod args;
mod build;
mod check;
mod dump;
mod progress;
mod watch;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Turn a folder of Markdown documents with YAML front matter into PDF handouts, one EPUB 3
/// booklet and a CSV catalog.
#[derive(Parser)]
#[command(name = "mdexport", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Export INPUT to handouts, a booklet and a catalog in OUTPUT.
    #[command(after_help = "Examples:
  mdexport build                                  # seeds/ into output/
  mdexport build pages -o site-output -j 2
  mdexport build pages --formats pdf --page-size a4 --large-print
  mdexport build pages --watch                    # rebuild when a file changes
Options can also be set in INPUT/mdexport.toml (same names); the command line wins.")]
    Build(build::BuildArgs),
    /// Parse, resolve and lint INPUT without writing anything.
    #[command(after_help = "Examples:
  mdexport check pages
  mdexport check pages --strict --format json      # one JSON object per line, for CI")]
    Check(check::CheckArgs),
    /// Print one document's model as JSON.
    #[command(after_help = "Examples:
  mdexport dump seeds/coping/page.md
  mdexport dump seeds/coping/page.md --resolved")]
    Dump {
        /// The Markdown file.
        file: PathBuf,
        /// Print the model after the resolve stage (links resolved, cleanup applied).
        #[arg(long)]
        resolved: bool,
    },
}

/// Runs the subcommand the command line names (`build` of `seeds/` when it names none); the
/// exit code: 0 done, 1 a document failed (or, with `--strict`, was warned about), 2 nothing
/// could be done.
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        None => build::build(build::BuildArgs::default()),
        Some(Command::Build(args)) => build::build(args),
        Some(Command::Check(args)) => check::check(args),
        Some(Command::Dump { file, resolved }) => dump::dump(&file, resolved),
    }
}
