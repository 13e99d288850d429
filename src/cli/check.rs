//! `mdexport check`: parse, resolve and lint INPUT, print the diagnostics, write nothing.

use super::args::{CommonArgs, thread_pool};
use clap::{Args, ValueEnum};
use mdexport::pipeline;
use mdexport::progress::NoProgress;
use std::time::Instant;

/// The options of `check`.
#[derive(Args, Clone, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    pub format: DiagnosticFormat,
}

/// How `check` prints diagnostics.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DiagnosticFormat {
    /// `file:line:column: severity[code]: message`
    Human,
    /// One JSON object per line: file, line, column, severity, code, message.
    Json,
}

/// Runs `check`; the exit code as a build's.
pub fn check(args: CheckArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let config = args.common.config()?;
    let pool = thread_pool(config.jobs)?;
    let mut project = match pool.install(|| pipeline::load(&config, &NoProgress)) {
        Ok(project) => project,
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(2);
        }
    };
    let sources = project.sources;
    let failed = project.failed.len();
    let mut diagnostics = std::mem::take(&mut project.diagnostics);
    drop(project);
    mdexport::diagnostics::sort(&mut diagnostics);
    for d in &diagnostics {
        match args.format {
            DiagnosticFormat::Human => println!("{d}"),
            DiagnosticFormat::Json => println!("{}", serde_json::to_string(d)?),
        }
    }
    let warnings = diagnostics.iter().filter(|d| !d.is_error()).count();
    if !args.common.quiet {
        eprintln!(
            "checked {}, failed {}, warnings {}, {:.2} s",
            sources,
            failed,
            warnings,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(pipeline::exit_code(failed, warnings, config.strict) as u8)
}
