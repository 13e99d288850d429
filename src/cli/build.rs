//! `mdexport build`: export INPUT to OUTPUT, once or on every change.

use super::args::{CommonArgs, thread_pool};
use super::progress::{Bars, ProgressMode, print_timings, progress_mode};
use anyhow::Context;
use clap::Args;
use mdexport::config::Config;
use mdexport::output::DirSink;
use mdexport::pipeline::{self, BuildReport};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// The options of `build`.
#[derive(Args, Clone, Debug, Default)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Keep running and rebuild when a file in INPUT changes.
    #[arg(long, conflicts_with = "shard")]
    pub watch: bool,
    /// Render only shard I of N of the handouts (I from 0) and leave a manifest for `mdexport
    /// merge`; `auto/N` takes I from SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or
    /// AWS_BATCH_JOB_ARRAY_INDEX. Exits 0 once its manifest is written: the merge reports
    /// failed documents.
    #[arg(long, value_name = "I/N", value_parser = super::shard::parse_choice)]
    pub shard: Option<super::shard::ShardChoice>,
}

/// Runs `build`; the exit code as [`BuildReport::exit_code`] gives it.
pub fn build(args: BuildArgs) -> anyhow::Result<u8> {
    let config = args.common.config()?;
    let mode = progress_mode(
        args.common.quiet,
        args.common.verbose,
        std::io::stderr().is_terminal(),
    );
    let pool = thread_pool(config.jobs)?;
    let sink = DirSink::new(&config.output)
        .with_context(|| format!("cannot create OUTPUT {}", config.output.display()))?;
    if let Some(choice) = args.shard {
        let shard = choice.shard(&|name| std::env::var(name).ok())?;
        return super::shard::build_shard(&config, shard, &sink, &pool, mode, args.common.quiet);
    }
    sink.remove_stale_temporaries();
    let code = build_once(&config, &sink, &pool, mode, args.common.quiet);
    if !args.watch {
        return Ok(code);
    }
    super::watch::watch(&config, &|| {
        build_once(&config, &sink, &pool, mode, args.common.quiet);
    })
}

/// One build, its report printed; the exit code.
pub fn build_once(
    config: &Config,
    sink: &DirSink,
    pool: &rayon::ThreadPool,
    mode: ProgressMode,
    quiet: bool,
) -> u8 {
    let started = Instant::now();
    let bars = Bars::new(mode);
    let result = pool.install(|| pipeline::build(config, sink, &bars));
    drop(bars);
    match result {
        Ok(report) => {
            print_report(config, &report, started.elapsed(), quiet);
            if mode.list_documents {
                print_timings(&report.timings);
            }
            report.exit_code(config.strict) as u8
        }
        Err(err) => {
            eprintln!("error: {err}");
            2
        }
    }
}

/// Prints the diagnostics (only errors with `quiet`), what each writer wrote, and one line of
/// totals.
pub fn print_report(config: &Config, report: &BuildReport, elapsed: Duration, quiet: bool) {
    for d in &report.diagnostics {
        if !quiet || d.is_error() {
            eprintln!("{d}");
        }
    }
    if !quiet {
        for (format, writer) in &report.reports {
            let bytes: u64 = writer.files.iter().map(|f| f.bytes).sum();
            let reused = writer.files.iter().filter(|f| f.reused).count();
            let reused = if reused > 0 {
                format!(" ({reused} reused from the last build)")
            } else {
                String::new()
            };
            eprintln!(
                "{format:>5}: {} file(s), {}{reused}",
                writer.files.len(),
                human_size(bytes)
            );
        }
        for summary in report.reports.values().filter_map(|r| r.summary.as_deref()) {
            eprintln!("{}", summary.trim_end());
        }
    }
    let filtered = if report.filtered_out > 0 {
        format!(", filtered out {}", report.filtered_out)
    } else {
        String::new()
    };
    eprintln!(
        "read {}, exported {}, failed {}, warnings {}{filtered}, {:.2} s; outputs in {}",
        report.sources,
        report.exported(),
        report.failed.len(),
        report.warnings(),
        elapsed.as_secs_f64(),
        config.output.display()
    );
}

fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
