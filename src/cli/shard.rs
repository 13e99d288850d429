//! `mdexport build --shard I/N`: one shard of a build split across the machines of a batch
//! scheduler, its index given or read from the scheduler's environment.

use super::progress::print_timings;
use super::progress::{Bars, ProgressMode};
use anyhow::Context;
use mdexport::config::Config;
use mdexport::output::DirSink;
use mdexport::pipeline;
use mdexport::shard::{MANIFEST_DIR, Shard};
use mdexport::writers::OutputSink;
use std::time::Instant;

/// The environment variables a job array sets to the task's index, in the order they are
/// looked at: Slurm's, Kubernetes' (an Indexed Job) and AWS Batch's.
pub const INDEX_VARIABLES: [&str; 3] = [
    "SLURM_ARRAY_TASK_ID",
    "JOB_COMPLETION_INDEX",
    "AWS_BATCH_JOB_ARRAY_INDEX",
];

/// What `--shard` says: a shard, or the number of shards with the index left to the scheduler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardChoice {
    /// `I/N`.
    Given(Shard),
    /// `auto/N`: the index comes from one of [`INDEX_VARIABLES`].
    Auto {
        /// N.
        count: usize,
    },
}

/// Reads `--shard`: `I/N` or `auto/N`.
pub fn parse_choice(text: &str) -> Result<ShardChoice, String> {
    match text.split_once('/') {
        Some((index, count)) if index.trim() == "auto" => {
            let shard = Shard::parse(&format!("0/{count}"))?;
            Ok(ShardChoice::Auto { count: shard.count })
        }
        _ => Shard::parse(text).map(ShardChoice::Given),
    }
}

impl ShardChoice {
    /// The shard this process renders; `auto` reads the first of [`INDEX_VARIABLES`] that
    /// `variable` finds set.
    pub fn shard(self, variable: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<Shard> {
        let count = match self {
            ShardChoice::Given(shard) => return Ok(shard),
            ShardChoice::Auto { count } => count,
        };
        let Some((name, value)) = INDEX_VARIABLES
            .iter()
            .find_map(|name| Some((*name, variable(name).filter(|v| !v.trim().is_empty())?)))
        else {
            anyhow::bail!(
                "--shard auto/{count}: none of {} is set; run it as a task of a job array of \
                 {count} tasks, or give the index (--shard 0/{count} to --shard {}/{count})",
                INDEX_VARIABLES.join(", "),
                count - 1
            );
        };
        let index: usize = value.trim().parse().map_err(|_| {
            anyhow::anyhow!("--shard auto/{count}: {name} is `{value}`, not a task index")
        })?;
        Shard::new(index, count).map_err(|_| {
            anyhow::anyhow!(
                "--shard auto/{count}: {name} is {index}, out of range for {count} shards: the \
                 array's indexes must run from 0 to {} (for Slurm, --array=0-{})",
                count - 1,
                count - 1
            )
        })
    }
}

/// Renders one shard's handouts into OUTPUT and leaves its manifest. The exit code is 0 once
/// the manifest is written, even when a document failed: its error is in the manifest, and the
/// merge reports it with the usual exit code, so that a scheduler's dependency on the success of
/// every shard (Slurm's `afterok`) still runs the merge. 2 when the shard could not finish.
pub fn build_shard(
    config: &Config,
    shard: Shard,
    sink: &DirSink,
    pool: &rayon::ThreadPool,
    mode: ProgressMode,
    quiet: bool,
) -> anyhow::Result<u8> {
    let started = Instant::now();
    // A manifest is only ever the record of a finished shard: this shard's old one goes first,
    // and those of a split into another number of shards are out of date.
    let old = sink
        .read_folder(MANIFEST_DIR)
        .with_context(|| format!("cannot read {MANIFEST_DIR} in OUTPUT"))?;
    for (name, _) in old {
        if Shard::from_manifest_name(&name).is_some_and(|s| s == shard || s.count != shard.count) {
            sink.remove(&format!("{MANIFEST_DIR}/{name}"))
                .with_context(|| format!("cannot remove the old manifest {name}"))?;
        }
    }
    // Unlike a whole build, a shard leaves the temporary files in OUTPUT alone: they may be
    // other shards' files being written. The merge removes those a killed shard left.
    let bars = Bars::new(mode);
    let result = pool.install(|| pipeline::build_shard(config, shard, sink, &bars));
    drop(bars);
    match result {
        Ok(report) => {
            // What reading and resolving found about every document is the merge's to report,
            // once; a shard reports its own handouts.
            let handouts = report.reports.get("pdf").cloned().unwrap_or_default();
            for d in &handouts.diagnostics {
                if !quiet || d.is_error() {
                    eprintln!("{d}");
                }
            }
            let reused = handouts.files.iter().filter(|f| f.reused).count();
            let failed = handouts.diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "shard {shard}: read {}, handouts {} ({reused} reused from the last build), \
                 failed {failed}, {:.2} s; manifest {}",
                report.sources,
                handouts.files.len(),
                started.elapsed().as_secs_f64(),
                config.output.join(shard.manifest_path()).display()
            );
            if mode.list_documents {
                print_timings(&report.timings);
            }
            Ok(0)
        }
        Err(err) => {
            eprintln!("error: {err}");
            Ok(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn environment(set: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let set: Vec<(String, String)> = set
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| set.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn shard_is_index_of_count_or_auto() {
        assert_eq!(
            parse_choice("1/4"),
            Ok(ShardChoice::Given(Shard { index: 1, count: 4 }))
        );
        assert_eq!(parse_choice("auto/7"), Ok(ShardChoice::Auto { count: 7 }));
        for bad in ["auto/0", "auto", "4/4", "a/b"] {
            assert!(parse_choice(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn auto_reads_the_first_index_variable_that_is_set() {
        let auto = ShardChoice::Auto { count: 4 };
        // The variables set, and the index or what the error says.
        type Case<'a> = (&'a [(&'a str, &'a str)], Result<usize, &'a str>);
        let cases: &[Case] = &[
            (&[("SLURM_ARRAY_TASK_ID", "2")], Ok(2)),
            (&[("JOB_COMPLETION_INDEX", "3")], Ok(3)),
            (&[("AWS_BATCH_JOB_ARRAY_INDEX", "0")], Ok(0)),
            (
                &[("SLURM_ARRAY_TASK_ID", "1"), ("JOB_COMPLETION_INDEX", "3")],
                Ok(1),
            ),
            (
                &[("JOB_COMPLETION_INDEX", "")],
                Err("none of SLURM_ARRAY_TASK_ID"),
            ),
            (&[], Err("none of SLURM_ARRAY_TASK_ID")),
            (
                &[("SLURM_ARRAY_TASK_ID", "4")],
                Err("out of range for 4 shards"),
            ),
            (&[("JOB_COMPLETION_INDEX", "x")], Err("not a task index")),
        ];
        for (set, expected) in cases {
            let got = auto.shard(&environment(set));
            match expected {
                Ok(index) => assert_eq!(
                    got.unwrap(),
                    Shard {
                        index: *index,
                        count: 4
                    }
                ),
                Err(message) => {
                    let err = got.unwrap_err().to_string();
                    assert!(err.contains(message), "{set:?}: {err}");
                }
            }
        }
        let given = ShardChoice::Given(Shard { index: 1, count: 2 });
        assert_eq!(given.shard(&environment(&[])).unwrap().index, 1);
    }
}
