//! What a build did: the files each writer made, every diagnostic, the time of each stage, and
//! the exit code that follows.

use crate::diagnostics::{Diagnostic, Severity};
use crate::writers::WriterReport;
use std::collections::{BTreeMap, BTreeSet};

/// The wall-clock time one stage of a build took.
#[derive(Debug, Clone, PartialEq)]
pub struct StageTiming {
    /// The stage: `read and parse` (which includes [`resolve::prepare`] of each document),
    /// `resolve`, or a writer's format name.
    pub stage: &'static str,
    /// How long it took.
    pub elapsed: std::time::Duration,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Markdown files found.
    pub sources: usize,
    /// Paths of documents that failed (not parsed, or an output of theirs failed).
    pub failed: BTreeSet<String>,
    /// Every diagnostic, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Each writer's report, by format name.
    pub reports: BTreeMap<&'static str, WriterReport>,
    /// Documents left out by the front-matter filter.
    pub filtered_out: usize,
    /// Wall-clock time of each stage, in order; writers that ran side by side each count their own.
    pub timings: Vec<StageTiming>,
}

impl BuildReport {
    /// Documents exported (found minus failed).
    pub fn exported(&self) -> usize {
        self.sources.saturating_sub(self.failed.len())
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// 0 when every document was exported (and, with `strict`, nothing was warned about), else 1.
    pub fn exit_code(&self, strict: bool) -> i32 {
        exit_code(self.failed.len(), self.warnings(), strict)
    }
}

/// 0 when nothing failed (and, with `strict`, nothing was warned about), else 1.
pub fn exit_code(failed: usize, warnings: usize, strict: bool) -> i32 {
    if failed > 0 || (strict && warnings > 0) {
        1
    } else {
        0
    }
}
