//! `mdexport completions SHELL`: a completion script for the shell, made from the command
//! line's own definition, so it always knows every subcommand and option.

use clap::{Args, CommandFactory};
use std::io::Write;

/// The options of `completions`.
#[derive(Args, Clone, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Writes the completion script to `out`.
pub fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let mut command = super::Cli::command();
    clap_complete::generate(args.shell, &mut command, "mdexport", out);
    out.flush()?;
    Ok(0)
}
