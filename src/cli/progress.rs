//! Progress on standard error: bars on a terminal, a line per document with `-v`.

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use mdexport::progress::Progress;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// How progress is shown: bars only on a terminal and not with `-q`; `-v` lists documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgressMode {
    /// Draw progress bars.
    pub bars: bool,
    /// Print a line for each document done.
    pub list_documents: bool,
}

/// The progress shown for `-q`, `-v` and whether standard error is a terminal.
pub fn progress_mode(quiet: bool, verbose: bool, stderr_is_terminal: bool) -> ProgressMode {
    ProgressMode {
        bars: stderr_is_terminal && !quiet,
        list_documents: verbose && !quiet,
    }
}

/// Progress bars on standard error, one per stage.
pub struct Bars {
    multi: MultiProgress,
    bars: Mutex<BTreeMap<&'static str, ProgressBar>>,
    mode: ProgressMode,
}

impl Bars {
    /// Bars drawn as `mode` says.
    pub fn new(mode: ProgressMode) -> Self {
        let target = if mode.bars {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        Bars {
            multi: MultiProgress::with_draw_target(target),
            bars: Mutex::new(BTreeMap::new()),
            mode,
        }
    }
}

impl Progress for Bars {
    fn start(&self, stage: &'static str, total: u64) {
        let bar = self.multi.add(ProgressBar::new(total));
        let style =
            ProgressStyle::with_template("{prefix:>9} [{bar:30}] {pos}/{len} {per_sec:>10} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(stage);
        self.bars
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(stage, bar);
    }

    fn advance(&self, stage: &'static str, item: &str) {
        if let Some(bar) = self
            .bars
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(stage)
        {
            bar.inc(1);
        }
        if self.mode.list_documents {
            let _ = self.multi.println(format!("{stage:>9}: {item}"));
            if !self.mode.bars {
                eprintln!("{stage:>9}: {item}");
            }
        }
    }

    fn finish(&self, stage: &'static str) {
        if let Some(bar) = self
            .bars
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(stage)
        {
            bar.set_position(bar.length().unwrap_or(0));
            bar.finish();
        }
    }
}

/// One line with the time of each stage, for `-v`.
pub fn print_timings(timings: &[mdexport::pipeline::StageTiming]) {
    let stages: Vec<String> = timings
        .iter()
        .map(|t| format!("{} {:.3} s", t.stage, t.elapsed.as_secs_f64()))
        .collect();
    eprintln!("time: {}", stages.join(" · "));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_bars_only_on_a_terminal_and_never_when_quiet() {
        assert_eq!(
            progress_mode(false, false, true),
            ProgressMode {
                bars: true,
                list_documents: false
            }
        );
        assert_eq!(
            progress_mode(false, false, false),
            ProgressMode {
                bars: false,
                list_documents: false
            }
        );
        assert_eq!(
            progress_mode(true, false, true),
            ProgressMode {
                bars: false,
                list_documents: false
            }
        );
        assert_eq!(
            progress_mode(false, true, false),
            ProgressMode {
                bars: false,
                list_documents: true
            }
        );
        assert_eq!(
            progress_mode(true, true, true),
            ProgressMode {
                bars: false,
                list_documents: false
            }
        );
    }
}
