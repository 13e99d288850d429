//! The command line: one file per subcommand, the shared options in [`args`].
//!
//! Only this layer does I/O a user sees (the clock, the environment, the terminal); the library
//! gets everything passed in.

mod args;
mod build;
mod check;
mod completions;
mod dump;
mod man;
mod merge;
mod progress;
mod shard;
mod watch;

use clap::{ColorChoice, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;

/// The version `--version` prints: the package's, and the commit it was built from (`unknown`
/// when it was built outside a git checkout).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("MDEXPORT_COMMIT"),
    ")"
);

/// Turn a folder of Markdown documents with YAML front matter into PDF handouts, one EPUB 3
/// booklet and a catalog (CSV and an Excel workbook).
#[derive(Parser)]
#[command(name = "mdexport", version = VERSION, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Export INPUT to handouts, a booklet, a catalog and a workbook in OUTPUT.
    #[command(after_help = "Examples:
  mdexport build                                  # seeds/ into output/
  mdexport build pages -o site-output -j 2
  mdexport build pages --formats pdf --page-size a4 --large-print
  mdexport build pages --watch                    # rebuild when a file changes
  mdexport build pages -o /shared/out --shard auto/4   # one task of a job array of 4
Options can also be set in INPUT/mdexport.toml (same names); the command line wins.")]
    Build(build::BuildArgs),
    /// Finish a build split into shards: check every shard's manifest, then write the booklet
    /// and the catalog.
    #[command(after_help = "Examples:
  mdexport build pages -o /shared/out --shard 0/4  # ... and 1/4, 2/4, 3/4, anywhere
  mdexport merge pages -o /shared/out              # then once, when all four have finished
The result is the same, byte for byte, as `mdexport build pages -o /shared/out`. Give merge the
same INPUT and options as the shards; it exits 1 and writes nothing when a shard is missing or
was made from other input or options.")]
    Merge(merge::MergeArgs),
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
    /// Print a completion script for a shell.
    #[command(after_help = "Examples:
  mdexport completions bash > ~/.local/share/bash-completion/completions/mdexport
  mdexport completions zsh > ~/.zfunc/_mdexport
  mdexport completions fish > ~/.config/fish/completions/mdexport.fish
  mdexport completions powershell >> $PROFILE")]
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff).
    #[command(after_help = "Examples:
  mdexport man > mdexport.1 && man ./mdexport.1
  mdexport man build > mdexport-build.1")]
    Man(man::ManArgs),
}

/// Whether to colour what clap prints (help, errors): never when `NO_COLOR` is set to
/// anything but the empty string (no-color.org), else when the terminal takes it.
pub fn color_choice(no_color: Option<&std::ffi::OsStr>) -> ColorChoice {
    match no_color {
        Some(value) if !value.is_empty() => ColorChoice::Never,
        _ => ColorChoice::Auto,
    }
}

/// The command line of this process, colours as [`color_choice`] decides for the environment.
pub fn parse() -> Cli {
    let command = Cli::command().color(color_choice(std::env::var_os("NO_COLOR").as_deref()));
    let matches = command.get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit())
}

/// Runs the subcommand the command line names (`build` of `seeds/` when it names none); the
/// exit code: 0 done, 1 a document failed (or, with `--strict`, was warned about), 2 nothing
/// could be done.
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        None => build::build(build::BuildArgs::default()),
        Some(Command::Build(args)) => build::build(args),
        Some(Command::Check(args)) => check::check(args),
        Some(Command::Merge(args)) => merge::merge(args),
        Some(Command::Dump { file, resolved }) => dump::dump(&file, resolved),
        Some(Command::Completions(args)) => {
            completions::completions(&args, &mut std::io::stdout().lock())
        }
        Some(Command::Man(args)) => man::man(&args, &mut std::io::stdout().lock()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_set_to_anything_turns_colour_off() {
        use std::ffi::OsStr;
        assert_eq!(color_choice(None), ColorChoice::Auto);
        assert_eq!(color_choice(Some(OsStr::new(""))), ColorChoice::Auto);
        assert_eq!(color_choice(Some(OsStr::new("1"))), ColorChoice::Never);
        assert_eq!(color_choice(Some(OsStr::new("false"))), ColorChoice::Never);
    }

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
        assert!(VERSION.starts_with(env!("CARGO_PKG_VERSION")));
    }
}
