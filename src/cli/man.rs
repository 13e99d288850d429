//! `mdexport man [COMMAND]`: the manual page in roff, made from the command line's own
//! definition (the same text as `--help`), for `mdexport man > mdexport.1`.

use anyhow::Context;
use clap::{Args, CommandFactory};
use std::io::Write;

/// The options of `man`.
#[derive(Args, Clone, Debug)]
pub struct ManArgs {
    /// The subcommand whose page to print (`mdexport-build(1)` for `build`); without one, the
    /// page of mdexport itself, which lists them.
    pub command: Option<String>,
}

/// Writes the manual page to `out`; 2 when there is no such subcommand.
pub fn man(args: &ManArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let mut command = super::Cli::command().disable_help_subcommand(true);
    command.build();
    let page = match &args.command {
        None => command,
        Some(name) => match command.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
                eprintln!("error: no subcommand `{name}`; pages: {}", names.join(", "));
                return Ok(2);
            }
        },
    };
    clap_mangen::Man::new(page)
        .render(out)
        .context("cannot write the manual page")?;
    out.flush()?;
    Ok(0)
}
