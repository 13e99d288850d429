//! The PDF handout writer: one printable, tagged PDF per document, laid out by Typst.
//!
//! Each document becomes a generated Typst file that calls the functions of the template
//! (`handout.typ`). Every piece of document text enters that file as an escaped string literal,
//! so no text is ever evaluated as Typst markup or code.

pub mod anchors;
pub mod clusters;
pub mod escape;
pub mod export;
pub mod fonts;
pub mod options;
pub mod qr;
pub mod typst_source;
pub mod world;

pub use export::{Typesetting, render, typeset};
pub use options::{HandoutOptions, LinkNotes, PageSize, QrPlacement};
pub use typst_source::{Generated, generate};

use super::{Corpus, Output, Writer, WriterReport};
use crate::diagnostics::Diagnostic;
use crate::model::Document;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Typst's cached results unused for this many documents are dropped.
const EVICT_AFTER_DOCUMENTS: usize = 1;
/// Stack size of the threads that run Typst.
const RENDER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Writes `handouts/<path>.pdf` for every document.
#[derive(Debug)]
pub struct PdfWriter {
    /// What the team chose about its printed pages.
    pub options: HandoutOptions,
}

impl Writer for PdfWriter {
    fn stage(&self) -> &'static str {
        "handouts"
    }

    fn write(&self, corpus: &Corpus<'_>, out: &Output<'_>) -> WriterReport {
        let options = &self.options;
        let mut report = WriterReport::default();
        let fonts = match &options.fonts_dir {
            Some(dir) => {
                let (set, problems) = fonts::with_folder(dir);
                for problem in problems {
                    report.diagnostics.push(Diagnostic::warning(
                        dir.display().to_string(),
                        "font-unreadable",
                        problem,
                    ));
                }
                set
            }
            None => fonts::shipped(),
        };
        // Typst numbers files in the order they are first named: name them all now, in a fixed
        // order, so that the numbering never depends on which thread gets which document.
        for path in [world::MAIN_PATH, world::TEMPLATE_PATH]
            .into_iter()
            .map(str::to_string)
            .chain(corpus.assets.keys().map(|p| typst_source::asset_path(p)))
        {
            let _ = world::file_id(&path);
        }
        // Everything besides the document that shapes a handout: a change here re-renders all.
        let fonts_key = match &options.fonts_dir {
            Some(_) => crate::cache::fingerprint(fonts.fonts.iter().map(|f| f.data().as_slice())),
            None => "shipped".to_string(),
        };
        // The time limit changes no handout's bytes.
        let shaping = HandoutOptions {
            time_limit: std::time::Duration::ZERO,
            ..options.clone()
        };
        let options_key = format!(
            "{shaping:?}|{fonts_key}|{}",
            crate::cache::fingerprint([include_str!("handout.typ").as_bytes()])
        );

        // Biggest documents first, so that a large one starts early instead of finishing last.
        let mut order: Vec<&Document> = corpus
            .documents
            .iter()
            .filter(|doc| out.makes(&doc.path))
            .collect();
        order.sort_by(|a, b| {
            document_weight(b)
                .cmp(&document_weight(a))
                .then_with(|| a.path.cmp(&b.path))
        });

        // Typst workers get roomy stacks: Typst recurses deeply on long documents. A handout
        // that passes the time limit is given up: its job keeps the worker it runs on until it
        // ends (or the process does), and the documents after it go to a fresh pool, so that
        // stuck handouts can never take every worker.
        let threads = rayon::current_num_threads().max(1);
        let new_pool = || {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .stack_size(RENDER_STACK_BYTES)
                .build()
                .map(Arc::new)
        };
        let pool = match new_pool() {
            Ok(pool) => Mutex::new(pool),
            Err(error) => {
                report.diagnostics.push(Diagnostic::error(
                    "handouts",
                    "pdf-failed",
                    format!("cannot start the typesetting threads: {error}"),
                ));
                return report;
            }
        };
        let render_one = |doc: &Document| -> WriterReport {
            let mut part = WriterReport::default();
            let path = super::handout_path(&doc.path);
            let fingerprint = corpus.document_fingerprint(doc, &options_key);
            if let Some(diagnostics) = out.reuse(&path, &fingerprint) {
                part.diagnostics = diagnostics.clone();
                part.files.push(super::WrittenFile {
                    bytes: out.sink.size(&path).unwrap_or(0),
                    path,
                    document: Some(doc.path.clone()),
                    fingerprint: Some(fingerprint),
                    diagnostics,
                    reused: true,
                });
                out.progress.advance("handouts", &doc.path);
                return part;
            }
            let (bytes, diagnostics) = crate::diagnostics::isolate_panic(
                &doc.path,
                "pdf-failed",
                "Typst stopped on this document",
                || Typesetting::new(doc, corpus, options, &fonts),
            )
            .map(|job| typeset_within(job, &pool, &new_pool, options.time_limit))
            .unwrap_or_else(|error| (None, vec![error]));
            // Forget layout results no recent document used, so memory stays flat.
            typst::comemo::evict(EVICT_AFTER_DOCUMENTS);
            part.diagnostics = diagnostics;
            if let Some(bytes) = bytes {
                part.put(out.sink, &path, &bytes, Some(&doc.path));
                if let Some(file) = part.files.last_mut() {
                    file.fingerprint = Some(fingerprint);
                    file.diagnostics = part.diagnostics.clone();
                }
            }
            out.progress.advance("handouts", &doc.path);
            part
        };
        // Documents are handed out one at a time by a counter, from as many feeder threads as
        // the pool has: documents differ a hundredfold in size, so a long run of them given to
        // one thread would leave the other idle, and documents queued in rayon itself would be
        // picked up inside Typst's own parallel work, putting many documents in memory at once.
        let next = AtomicUsize::new(0);
        let parts: Mutex<Vec<(usize, WriterReport)>> = Mutex::new(Vec::with_capacity(order.len()));
        let feed = || loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(doc) = order.get(index) else { break };
            let part = render_one(doc);
            parts
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((index, part));
        };
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(feed);
            }
        });
        let mut parts = parts.into_inner().unwrap_or_else(|e| e.into_inner());
        parts.sort_by_key(|(index, _)| *index);
        let parts = parts.into_iter().map(|(_, part)| part);
        for part in parts {
            report.files.extend(part.files);
            report.diagnostics.extend(part.diagnostics);
        }
        report.files.sort_by(|a, b| a.path.cmp(&b.path));
        crate::diagnostics::sort(&mut report.diagnostics);
        typst::comemo::evict(0);
        report
    }
}

/// Typesets `job` on the current pool and waits at most `limit` for it. Past the limit the
/// handout is an error, and the pool is replaced by a fresh one from `new_pool`: the job goes on
/// on its worker, which the build no longer waits for.
fn typeset_within(
    job: Typesetting,
    pool: &Mutex<Arc<rayon::ThreadPool>>,
    new_pool: &dyn Fn() -> Result<Arc<rayon::ThreadPool>, rayon::ThreadPoolBuildError>,
    limit: std::time::Duration,
) -> (Option<Vec<u8>>, Vec<Diagnostic>) {
    let path = job.path.clone();
    let (sender, receiver) = std::sync::mpsc::channel();
    let current = pool.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let job_path = path.clone();
    current.spawn(move || {
        let result = crate::diagnostics::isolate_panic(
            &job_path,
            "pdf-failed",
            "Typst stopped on this document",
            || typeset(job),
        )
        .unwrap_or_else(|error| (None, vec![error]));
        // The build may have given up on this handout: then nobody listens.
        let _ = sender.send(result);
    });
    match receiver.recv_timeout(limit) {
        Ok(result) => result,
        Err(_) => {
            let mut pool = pool.lock().unwrap_or_else(|e| e.into_inner());
            if Arc::ptr_eq(&pool, &current)
                && let Ok(fresh) = new_pool()
            {
                *pool = fresh;
            }
            let error = Diagnostic::error(
                &path,
                "pdf-timeout",
                format!(
                    "the handout took more than {} s to typeset and was given up",
                    limit.as_secs()
                ),
            )
            .with_hint("split the document, or raise `handout-time-limit`");
            (None, vec![error])
        }
    }
}

/// A rough measure of how long a document takes to lay out.
fn document_weight(doc: &Document) -> u64 {
    let mut blocks = 0u64;
    crate::model::walk_blocks(&doc.blocks, &mut |_| blocks += 1);
    doc.facts.words + 20 * blocks
}
