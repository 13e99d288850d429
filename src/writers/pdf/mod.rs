//! The PDF handout writer: one printable, tagged PDF per document, laid out by Typst.
//!
//! Each document becomes a generated Typst file that calls the functions of the template
//! (`handout.typ`). Every piece of document text enters that file as an escaped string literal,
//! so no text is ever evaluated as Typst markup or code.

pub mod escape;
pub mod export;
pub mod fonts;
pub mod options;
pub mod typst_source;
pub mod world;

pub use export::render;
pub use options::{HandoutOptions, LinkNotes, PageSize};
pub use typst_source::{Generated, generate};

use super::{Corpus, Output, Writer, WriterReport};
use crate::diagnostics::Diagnostic;
use crate::model::Document;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Typst's cached results unused for this many documents are dropped.
const EVICT_AFTER_DOCUMENTS: usize = 1;
/// Stack size of the threads that run Typst.
const RENDER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Writes `handouts/<path>.pdf` for every document.
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
        let options_key = format!(
            "{options:?}|{fonts_key}|{}",
            crate::cache::fingerprint([include_str!("handout.typ").as_bytes()])
        );

        // Biggest documents first, so that a large one starts early instead of finishing last.
        let mut order: Vec<&Document> = corpus.documents.iter().collect();
        order.sort_by(|a, b| {
            document_weight(b)
                .cmp(&document_weight(a))
                .then_with(|| a.path.cmp(&b.path))
        });

        let render_one = |doc: &Document| -> WriterReport {
            let mut part = WriterReport::default();
            let path = super::handout_path(&doc.path);
            let fingerprint = corpus.document_fingerprint(doc, &options_key);
            if out.is_fresh(&path, &fingerprint) {
                part.files.push(super::WrittenFile {
                    bytes: out.sink.size(&path).unwrap_or(0),
                    path,
                    document: Some(doc.path.clone()),
                    fingerprint: Some(fingerprint),
                    reused: true,
                });
                out.progress.advance("handouts", &doc.path);
                return part;
            }
            let (bytes, diagnostics) = crate::diagnostics::isolate_panic(
                &doc.path,
                "pdf-failed",
                "Typst stopped on this document",
                || render(doc, corpus, options, &fonts),
            )
            .unwrap_or_else(|error| (None, vec![error]));
            // Forget layout results no recent document used, so memory stays flat.
            typst::comemo::evict(EVICT_AFTER_DOCUMENTS);
            part.diagnostics = diagnostics;
            if let Some(bytes) = bytes {
                part.put(out.sink, &path, &bytes, Some(&doc.path));
                if let Some(file) = part.files.last_mut() {
                    file.fingerprint = Some(fingerprint);
                }
            }
            out.progress.advance("handouts", &doc.path);
            part
        };
        // Typst recurses deeply on long documents: its workers get roomy stacks, as many as the
        // pool this writer was called in. Documents are handed out one at a time by a counter,
        // from as many feeder threads as the pool has: documents differ a hundredfold in size,
        // so a long run of them given to one thread would leave the other idle, and documents
        // queued in rayon itself would be picked up inside Typst's own parallel work, putting
        // many documents in memory at once.
        let threads = rayon::current_num_threads().max(1);
        let next = AtomicUsize::new(0);
        let parts: Mutex<Vec<(usize, WriterReport)>> = Mutex::new(Vec::with_capacity(order.len()));
        let feed = |pool: Option<&rayon::ThreadPool>| loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(doc) = order.get(index) else { break };
            let part = match pool {
                Some(pool) => pool.install(|| render_one(doc)),
                None => render_one(doc),
            };
            parts
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((index, part));
        };
        match rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .stack_size(RENDER_STACK_BYTES)
            .build()
        {
            Ok(pool) => std::thread::scope(|scope| {
                for _ in 0..threads {
                    scope.spawn(|| feed(Some(&pool)));
                }
            }),
            Err(_) => feed(None),
        }
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

/// A rough measure of how long a document takes to lay out.
fn document_weight(doc: &Document) -> u64 {
    let mut blocks = 0u64;
    crate::model::walk_blocks(&doc.blocks, &mut |_| blocks += 1);
    doc.facts.words + 20 * blocks
}
