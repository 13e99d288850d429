//! What a build into the OUTPUT of an earlier one keeps, compares and removes: the render cache,
//! the last build's report given again when nothing it read changed, the outputs made of every
//! document kept whole, and the files the last build made that this one does not.

use crate::cache::{CACHE_FILE, LastBuild, RenderCache, WrittenOutputs};
use crate::config::{Config, Format};
use crate::diagnostics::{self, Diagnostic};
use crate::inputs::ImageLookup;
use crate::report::{BuildReport, StageTiming};
use crate::writers::{self, OutputSink, WriterReport};
use std::collections::{BTreeMap, BTreeSet};

/// The render cache the last build left in OUTPUT; an empty one when there is none.
pub fn read_cache(sink: &dyn OutputSink) -> RenderCache {
    sink.get(CACHE_FILE)
        .map(|bytes| RenderCache::from_bytes(&bytes))
        .unwrap_or_default()
}

/// The report of `last` again when it read exactly what this build read (`inputs`, and the same
/// state of every image it looked for) and every file it wrote is still in OUTPUT at its size.
pub fn unchanged(
    config: &Config,
    last: &LastBuild,
    inputs: &str,
    sink: &dyn OutputSink,
    reading: std::time::Duration,
) -> Option<BuildReport> {
    let started = std::time::Instant::now();
    if last.inputs != inputs {
        return None;
    }
    let root = config.input.canonicalize().ok()?;
    if last.images.iter().any(|(path, state)| {
        ImageLookup::find(&root, path, config.max_file_bytes).state() != *state
    }) {
        return None;
    }
    let mut reports = BTreeMap::new();
    for format in &config.formats {
        let outputs = last.outputs.get(format.name())?;
        let mut files = Vec::with_capacity(outputs.files.len());
        for (path, bytes, document) in &outputs.files {
            if sink.size(path) != Some(*bytes) {
                return None;
            }
            files.push(writers::WrittenFile {
                path: path.clone(),
                bytes: *bytes,
                document: document.clone(),
                fingerprint: None,
                diagnostics: Vec::new(),
                reused: true,
            });
        }
        let report = WriterReport {
            files,
            diagnostics: outputs.diagnostics.clone(),
            summary: outputs.summary.clone(),
        };
        reports.insert(format.name(), report);
    }
    Some(BuildReport {
        sources: last.sources,
        failed: last.failed.clone(),
        diagnostics: last.diagnostics.clone(),
        reports,
        filtered_out: last.filtered_out,
        timings: vec![StageTiming {
            stage: "read and compare",
            elapsed: reading + started.elapsed(),
        }],
    })
}

/// What the next build compares with, for a build of `report` from `inputs` and `images`; none
/// when a writer reported an error, which may not come from the inputs (a time limit passed on
/// a busy machine, a full disk) and is tried again.
pub fn last_build(
    report: &BuildReport,
    inputs: String,
    images: BTreeMap<String, String>,
) -> Option<LastBuild> {
    let failed_writing = report
        .reports
        .values()
        .any(|writer| writer.diagnostics.iter().any(Diagnostic::is_error));
    (!failed_writing).then(|| LastBuild {
        inputs,
        images,
        sources: report.sources,
        failed: report.failed.clone(),
        filtered_out: report.filtered_out,
        diagnostics: report.diagnostics.clone(),
        outputs: report
            .reports
            .iter()
            .map(|(format, writer)| {
                let outputs = WrittenOutputs {
                    files: (writer.files.iter())
                        .map(|f| (f.path.clone(), f.bytes, f.document.clone()))
                        .collect(),
                    diagnostics: writer.diagnostics.clone(),
                    summary: writer.summary.clone(),
                };
                (format.to_string(), outputs)
            })
            .collect(),
    })
}

/// Removes the files the last build made (as `cache` lists them) of the formats this build made
/// that this build did not make again: those of documents removed or renamed since, and outputs
/// no longer asked for (a language's own booklet). The handout of a document that failed this
/// time stays until the document is fixed. Files the builds did not make are never touched.
pub fn remove_outdated(
    config: &Config,
    cache: &RenderCache,
    report: &mut BuildReport,
    sink: &dyn OutputSink,
) {
    let made: BTreeSet<&str> = (report.reports.values())
        .flat_map(|r| r.files.iter().map(|f| f.path.as_str()))
        .collect();
    let of_failed: BTreeSet<String> = report
        .failed
        .iter()
        .map(|d| writers::handout_path(d))
        .collect();
    let handouts = (config.formats.contains(&Format::Pdf))
        .then_some(cache.entries.keys())
        .into_iter()
        .flatten();
    let whole = (cache.whole.iter())
        .filter(|(format, _)| config.formats.iter().any(|f| f.name() == format.as_str()))
        .flat_map(|(_, entry)| entry.files.iter().map(|(path, _)| path));
    let outdated: Vec<&String> = handouts
        .chain(whole)
        .filter(|path| !made.contains(path.as_str()) && !of_failed.contains(*path))
        .collect();
    for path in outdated {
        if let Err(err) = sink.remove(path) {
            report.diagnostics.push(Diagnostic::warning(
                path.as_str(),
                "output-not-removed",
                format!(
                    "cannot remove {path}, which the last build made and this one did not: {err}"
                ),
            ));
            diagnostics::sort(&mut report.diagnostics);
        }
    }
}

/// The report of `format`'s outputs as the previous build made them, when they were made of
/// exactly `fingerprint` and every file is still there at its size; `None` when they must be
/// written again.
pub fn kept_whole(
    cache: &RenderCache,
    sink: &dyn OutputSink,
    format: Format,
    fingerprint: &str,
) -> Option<WriterReport> {
    let entry = cache.whole.get(format.name())?;
    if entry.fingerprint != fingerprint
        || entry
            .files
            .iter()
            .any(|(path, bytes)| sink.size(path) != Some(*bytes))
    {
        return None;
    }
    Some(WriterReport {
        files: entry
            .files
            .iter()
            .map(|(path, bytes)| writers::WrittenFile {
                path: path.clone(),
                bytes: *bytes,
                document: None,
                fingerprint: None,
                diagnostics: Vec::new(),
                reused: true,
            })
            .collect(),
        diagnostics: entry.diagnostics.clone(),
        summary: entry.summary.clone(),
    })
}
