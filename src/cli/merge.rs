//! `mdexport merge`: the final step of a build split into shards: check every shard's manifest,
//! then write the booklet and the catalog, and report what all the shards found.

use super::args::{CommonArgs, thread_pool};
use super::build::print_report;
use super::progress::print_timings;
use super::progress::{Bars, progress_mode};
use anyhow::Context;
use clap::Args;
use mdexport::output::DirSink;
use mdexport::pipeline::{self, MergeError};
use mdexport::shard::MANIFEST_DIR;
use std::io::IsTerminal;
use std::time::Instant;

/// The options of `merge`: the same INPUT and options as the shards'.
#[derive(Args, Clone, Debug)]
pub struct MergeArgs {
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Runs `merge`; the exit code as a build's, and 1 (with nothing written) when a shard is
/// missing or stale.
pub fn merge(args: MergeArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let config = args.common.config()?;
    let quiet = args.common.quiet;
    let mode = progress_mode(quiet, args.common.verbose, std::io::stderr().is_terminal());
    let pool = thread_pool(config.jobs)?;
    // Opened, not created: a merge that finds no shard writes nothing, not even OUTPUT.
    let sink = DirSink::open(&config.output);
    let manifests = sink.read_folder(MANIFEST_DIR).with_context(|| {
        format!(
            "cannot read the shards' manifests in {}",
            config.output.join(MANIFEST_DIR).display()
        )
    })?;
    let bars = Bars::new(mode);
    let result = pool.install(|| pipeline::merge(&config, &manifests, &sink, &bars));
    drop(bars);
    match result {
        Ok((report, ready)) => {
            // Every shard has finished: temporary files left now are those of a killed one.
            sink.remove_stale_temporaries();
            if !quiet {
                let seconds = ready.render_seconds();
                let slowest = seconds.iter().copied().fold(0.0, f64::max);
                let mean = seconds.iter().sum::<f64>() / seconds.len().max(1) as f64;
                eprintln!(
                    "merged {} shard(s): typesetting took {slowest:.2} s in the slowest, \
                     {mean:.2} s on average",
                    seconds.len()
                );
            }
            print_report(&config, &report, started.elapsed(), quiet);
            if mode.list_documents {
                print_timings(&report.timings);
            }
            Ok(report.exit_code(config.strict) as u8)
        }
        Err(MergeError::NotReady(not_ready)) => {
            for problem in &not_ready.problems {
                eprintln!("{problem}");
            }
            eprintln!("error: {not_ready}");
            Ok(1)
        }
        Err(MergeError::Fatal(err)) => {
            eprintln!("error: {err}");
            Ok(2)
        }
    }
}
