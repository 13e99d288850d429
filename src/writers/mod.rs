//! Writers: one trait, one module per output format.
//!
//! A writer is a pure function of the resolved documents ([`Corpus`]) and its own options,
//! which it holds: it renders what the resolve stage decided and decides nothing again. It
//! never sees Markdown, YAML or the build's configuration; the pipeline builds each writer's
//! options from the configuration and picks the writers to run. To add a format: write a module
//! with a type implementing [`Writer`], and add one line to the pipeline's registry.

use crate::cache::RenderCache;
use crate::diagnostics::Diagnostic;
use crate::model::{Document, ImageSource, Inline, LinkTarget};
use crate::progress::Progress;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::collections::BTreeMap;

pub mod catalog;
pub mod csv;
pub mod epub;
pub mod pdf;
pub mod xlsx;

pub use crate::model::Assets;

/// What every writer renders: the resolved documents and what the build knows about them.
pub struct Corpus<'a> {
    /// The resolved documents, sorted by path.
    pub documents: &'a [Document],
    /// Embeddable local files (images) read from INPUT.
    pub assets: &'a Assets,
    /// Warnings about each document found before the writers ran, by document path (the
    /// catalog lists them).
    pub warnings: &'a BTreeMap<String, Vec<Diagnostic>>,
    /// The handout written for each document, by document path: empty when no handouts are
    /// made (the catalog links them).
    pub handouts: &'a BTreeMap<String, String>,
}

impl Corpus<'_> {
    /// The document at `path`, if it is part of this build.
    pub fn document(&self, path: &str) -> Option<&Document> {
        find_document(self.documents, path)
    }

    /// A fingerprint of everything one document's output is made from: the resolved document,
    /// the titles and addresses of the documents it links to, the images it embeds, and
    /// `options` (the writer's settings, fonts included).
    pub fn document_fingerprint(&self, document: &Document, options: &str) -> String {
        let model = serde_json::to_vec(document).unwrap_or_default();
        let mut linked = Vec::new();
        let mut images = Vec::new();
        document.for_each_inline(&mut |inline| match inline {
            Inline::Link { target, .. } => {
                if let LinkTarget::Document { path, .. } = &**target {
                    linked.push(path.clone());
                }
            }
            Inline::Image { source, .. } => {
                if let ImageSource::Local { path } = &**source {
                    images.push(path.clone());
                }
            }
            _ => {}
        });
        linked.sort();
        linked.dedup();
        images.sort();
        images.dedup();
        let mut parts: Vec<Vec<u8>> = vec![options.as_bytes().to_vec(), model];
        for path in linked {
            let target = self.document(&path);
            parts.push(
                format!(
                    "{path}\u{0}{:?}\u{0}{:?}",
                    target.map(|d| &d.title),
                    target.map(|d| &d.metadata.url)
                )
                .into_bytes(),
            );
        }
        for path in images {
            parts.push(path.as_bytes().to_vec());
            parts.push(
                self.assets
                    .get(&path)
                    .map(|a| format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(&a.bytes)))
                    .unwrap_or_default()
                    .into_bytes(),
            );
        }
        crate::cache::fingerprint(parts.iter().map(Vec::as_slice))
    }
}

/// Where a writer's files go, and what it may know of the previous build.
pub struct Output<'a> {
    /// Where files are stored.
    pub sink: &'a dyn OutputSink,
    /// Fingerprints of the previous build's outputs, with what making each one reported.
    pub cache: &'a RenderCache,
    /// Where to report progress.
    pub progress: &'a dyn Progress,
    /// The documents whose own files (handouts) this run makes, when it makes only some: one
    /// shard of a build split across machines. `None` makes them all.
    pub share: Option<&'a std::collections::BTreeSet<String>>,
}

impl Output<'_> {
    /// The file at `path` as the last build of this program made it, when the render cache
    /// lists it among the outputs made of every document and it is still there at that size.
    pub fn previous(&self, path: &str) -> Option<Vec<u8>> {
        let size = self.sink.size(path)?;
        let listed = (self.cache.whole.values()).any(|entry| {
            entry
                .files
                .iter()
                .any(|(p, bytes)| p == path && *bytes == size)
        });
        listed.then(|| self.sink.get(path)).flatten()
    }

    /// Whether this run makes the own files of the document at `path` (see [`Output::share`]).
    pub fn makes(&self, path: &str) -> bool {
        self.share.is_none_or(|share| share.contains(path))
    }

    /// When the output at `path` can be kept from the previous build, the diagnostics making it
    /// reported then: a kept output reports what it did when it was made.
    pub fn reuse(&self, path: &str, fingerprint: &str) -> Option<Vec<Diagnostic>> {
        let diagnostics = self.cache.reuse(path, fingerprint)?;
        self.sink.size(path).map(|_| diagnostics.to_vec())
    }
}

/// Where writers put their files: a folder on disk (atomically) or memory (tests).
pub trait OutputSink: Sync {
    /// Stores `bytes` at `relative` (a `/`-separated path under OUTPUT).
    fn put(&self, relative: &str, bytes: &[u8]) -> std::io::Result<()>;
    /// Reads back a file stored by an earlier build, if there is one.
    fn get(&self, relative: &str) -> Option<Vec<u8>>;
    /// The size of the file at `relative`, if there is one.
    fn size(&self, relative: &str) -> Option<u64>;
    /// Removes the file at `relative`, if there is one.
    fn remove(&self, relative: &str) -> std::io::Result<()>;
}

/// One file a writer produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    /// Path relative to OUTPUT, `/`-separated.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// The document it was made from, for per-document outputs.
    pub document: Option<String>,
    /// Fingerprint of what it was made from, for outputs that can be reused by the next build.
    pub fingerprint: Option<String>,
    /// What making it reported (warnings), kept with the fingerprint for the build that reuses
    /// it.
    pub diagnostics: Vec<Diagnostic>,
    /// Kept from the previous build instead of being rendered again.
    pub reused: bool,
}

/// What a writer did.
#[derive(Debug, Clone, Default)]
pub struct WriterReport {
    /// Files written.
    pub files: Vec<WrittenFile>,
    /// Problems met; an error names the document whose output failed.
    pub diagnostics: Vec<Diagnostic>,
    /// A few lines worth showing in the build summary.
    pub summary: Option<String>,
}

impl WriterReport {
    /// Writes `bytes` through `sink` and records the file, or records the failure as an error.
    pub fn put(&mut self, sink: &dyn OutputSink, path: &str, bytes: &[u8], document: Option<&str>) {
        match sink.put(path, bytes) {
            Ok(()) => self.files.push(WrittenFile {
                path: path.to_string(),
                bytes: bytes.len() as u64,
                document: document.map(str::to_string),
                fingerprint: None,
                diagnostics: Vec::new(),
                reused: false,
            }),
            Err(err) => self.diagnostics.push(Diagnostic::error(
                document.unwrap_or(path),
                "write-failed",
                format!("could not write {path}: {err}"),
            )),
        }
    }
}

/// An output format. Its `Debug` shows the options it holds, which are part of the fingerprint
/// of an output it makes of every document, so that a rebuild keeps that output only when they
/// are the same.
pub trait Writer: Send + Sync + std::fmt::Debug {
    /// The name of its progress stage (`handouts`, `booklet`, `catalog`).
    fn stage(&self) -> &'static str;
    /// Renders the documents and puts the files into `out`.
    fn write(&self, corpus: &Corpus<'_>, out: &Output<'_>) -> WriterReport;
}

impl Corpus<'_> {
    /// A fingerprint of everything an output made of every document can depend on: each
    /// document's path and source, the images, what was found about the documents and which
    /// handouts were written, with `options` (the writer's and the resolve stage's). The resolved
    /// documents are a function of their sources and the resolve options, so hashing those is
    /// hashing them, at a fraction of the cost.
    pub fn whole_fingerprint(&self, options: &str) -> String {
        let mut parts: Vec<Vec<u8>> = vec![options.as_bytes().to_vec()];
        for document in self.documents {
            parts.push(document.path.as_bytes().to_vec());
            parts.push(document.sha256.as_bytes().to_vec());
        }
        for (path, asset) in self.assets {
            parts.push(path.as_bytes().to_vec());
            parts.push(<sha2::Sha256 as sha2::Digest>::digest(&asset.bytes).to_vec());
        }
        parts.push(serde_json::to_vec(self.warnings).unwrap_or_default());
        parts.push(serde_json::to_vec(self.handouts).unwrap_or_default());
        crate::cache::fingerprint(parts.iter().map(Vec::as_slice))
    }
}

/// The document at `path` among `documents` (sorted by path, as the pipeline hands them over).
pub fn find_document<'a>(documents: &'a [Document], path: &str) -> Option<&'a Document> {
    documents
        .binary_search_by(|d| d.path.as_str().cmp(path))
        .ok()
        .map(|i| &documents[i])
}

/// The time stamp of an output made of every document (the booklet, the workbook):
/// `SOURCE_DATE_EPOCH` when it is set, else the newest `lastReviewed` at midnight, else
/// 2000-01-01, so that the same documents give the same bytes.
pub fn release_time(documents: &[Document], source_date_epoch: Option<i64>) -> NaiveDateTime {
    let fallback = NaiveDate::from_ymd_opt(2000, 1, 1)
        .unwrap_or_default()
        .and_time(NaiveTime::MIN);
    source_date_epoch
        .and_then(|epoch| chrono::DateTime::from_timestamp(epoch, 0))
        .map(|t| t.naive_utc())
        .or_else(|| {
            documents
                .iter()
                .filter_map(|d| d.metadata.last_reviewed)
                .max()
                .map(|d| d.and_time(NaiveTime::MIN))
        })
        .unwrap_or(fallback)
}

/// The handout path of a document: `handouts/<path>` with its extension replaced by `.pdf`.
pub fn handout_path(document_path: &str) -> String {
    let stem = match document_path.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') && !ext.contains('/') => stem,
        _ => document_path,
    };
    format!("handouts/{stem}.pdf")
}
