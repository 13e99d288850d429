//! Writers: one trait, one module per output format, one registry from format name to writer.
//!
//! To add a format: write a module with a type implementing [`Writer`] and add one line to
//! [`registry`].

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::Document;
use std::collections::BTreeMap;

pub mod csv;
pub mod pdf;

/// Files inside INPUT that documents embed (images), by path relative to INPUT.
pub type Assets = BTreeMap<String, Vec<u8>>;

/// Everything a writer sees: the resolved documents and the options. No Markdown, no YAML.
pub struct BuildContext<'a> {
    /// The resolved documents, sorted by path.
    pub documents: &'a [Document],
    /// Embeddable local files (images) read from INPUT.
    pub assets: &'a Assets,
    /// The build options.
    pub config: &'a Config,
    /// Warnings found so far, by document path (the catalog lists them).
    pub diagnostics: &'a BTreeMap<String, Vec<Diagnostic>>,
    /// Reports of the writers this writer depends on, by name.
    pub reports: &'a BTreeMap<&'static str, WriterReport>,
}

/// Where writers put their files: a folder on disk (atomically) or memory (tests).
pub trait OutputSink: Sync {
    /// Stores `bytes` at `relative` (a `/`-separated path under OUTPUT).
    fn put(&self, relative: &str, bytes: &[u8]) -> std::io::Result<()>;
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
}

/// What a writer did.
#[derive(Debug, Clone, Default)]
pub struct WriterReport {
    /// Files written.
    pub files: Vec<WrittenFile>,
    /// Problems met; an error names the document whose output failed.
    pub diagnostics: Vec<Diagnostic>,
}

impl WriterReport {
    /// Writes `bytes` through `sink` and records the file, or records the failure as an error.
    pub fn put(&mut self, sink: &dyn OutputSink, path: &str, bytes: &[u8], document: Option<&str>) {
        match sink.put(path, bytes) {
            Ok(()) => self.files.push(WrittenFile { path: path.to_string(), bytes: bytes.len() as u64, document: document.map(str::to_string) }),
            Err(err) => self.diagnostics.push(Diagnostic::error(document.unwrap_or(path), "write-failed", format!("could not write {path}: {err}"))),
        }
    }
}

/// An output format.
pub trait Writer: Send + Sync {
    /// The format's name on the command line (`pdf`, `epub`, `csv`).
    fn name(&self) -> &'static str;
    /// Writers whose reports this one needs (they run first).
    fn depends_on(&self) -> &'static [&'static str] {
        &[]
    }
    /// Renders the documents and puts the files into `sink`.
    fn write(&self, ctx: &BuildContext<'_>, sink: &dyn OutputSink) -> WriterReport;
}

/// Every writer, in the order formats are listed.
pub fn registry() -> Vec<Box<dyn Writer>> {
    vec![Box::new(pdf::PdfWriter), Box::new(csv::CsvWriter)]
}

/// The handout path of a document: `handouts/<path>` with its extension replaced by `.pdf`.
pub fn handout_path(document_path: &str) -> String {
    let stem = match document_path.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') && !ext.contains('/') => stem,
        _ => document_path,
    };
    format!("handouts/{stem}.pdf")
}
