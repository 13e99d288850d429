//! Laying out one handout with Typst and exporting it as a tagged PDF: PDF/UA-1 where the
//! document allows, else tagged PDF with a warning that says why.

use super::fonts::FontSet;
use super::options::HandoutOptions;
use super::typst_source::generate;
use super::world::HandoutWorld;
use crate::diagnostics::Diagnostic;
use crate::model::Document;
use crate::writers::Corpus;
use std::collections::BTreeSet;
use std::sync::Arc;
use typst::foundations::{Bytes, Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

/// One handout ready to typeset, holding all it needs, so that it can run on a thread the
/// build does not have to wait for (see the writer's time limit).
pub struct Typesetting {
    /// The document's path, for diagnostics.
    pub path: String,
    /// The PDF's identifier: the document's path and the hash of its source.
    pub ident: String,
    /// The creation date (see [`timestamp`]).
    pub timestamp: Option<Timestamp>,
    /// The generated Typst source.
    pub source: String,
    /// The images it reads, by virtual path.
    pub files: Vec<(String, Bytes)>,
    /// The faces it is set in.
    pub fonts: Arc<FontSet>,
    /// What generating the source already had to say.
    pub warnings: Vec<Diagnostic>,
}

impl Typesetting {
    /// The typesetting of `doc`: its Typst source, images and settings.
    pub fn new(
        doc: &Document,
        corpus: &Corpus<'_>,
        options: &HandoutOptions,
        fonts: &Arc<FontSet>,
    ) -> Self {
        let generated = generate(doc, options, corpus.assets, corpus.documents);
        Typesetting {
            path: doc.path.clone(),
            ident: format!("mdexport:{}:{}", doc.path, doc.sha256),
            timestamp: timestamp(doc, options.source_date_epoch),
            source: generated.source,
            files: generated.files,
            fonts: fonts.clone(),
            warnings: generated.warnings,
        }
    }
}

/// What a character no face has prints as: U+FFFD, the replacement character.
const REPLACEMENT: char = '\u{FFFD}';

/// Lays out a generated source: the pages, or why Typst could not.
fn lay_out(
    fonts: &Arc<FontSet>,
    source: String,
    files: Vec<(String, Bytes)>,
) -> Result<PagedDocument, String> {
    let world = HandoutWorld::new(fonts.clone(), source, files)
        .ok_or_else(|| "could not set up the Typst world".to_string())?;
    typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| {
            let message = errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; ");
            format!("Typst could not lay out the handout: {message}")
        })
}

/// Renders one document: the PDF bytes (or `None` on failure) and what went wrong.
pub fn render(
    doc: &Document,
    corpus: &Corpus<'_>,
    options: &HandoutOptions,
    fonts: &Arc<FontSet>,
) -> (Option<Vec<u8>>, Vec<Diagnostic>) {
    typeset(Typesetting::new(doc, corpus, options, fonts))
}

/// Lays out and exports one handout: the PDF bytes (or `None` on failure) and what went wrong.
pub fn typeset(job: Typesetting) -> (Option<Vec<u8>>, Vec<Diagnostic>) {
    let mut diagnostics = job.warnings;
    let path = job.path;
    let mut paged = match lay_out(&job.fonts, job.source.clone(), job.files.clone()) {
        Ok(paged) => paged,
        Err(message) => {
            diagnostics.push(Diagnostic::error(&path, "pdf-failed", message));
            return (None, diagnostics);
        }
    };
    let missing = missing_glyphs(&paged);
    if !missing.is_empty() {
        let shown: String = missing
            .iter()
            .take(20)
            .map(|c| format!("U+{:04X} ", *c as u32))
            .collect();
        diagnostics.push(
            Diagnostic::warning(
                &path,
                "pdf-missing-glyph",
                format!(
                    "no font has these characters, they print as the replacement character U+FFFD: {}",
                    shown.trim_end()
                ),
            )
            .with_hint("add a font that covers them with --fonts"),
        );
        // A glyph-less character would print as an empty box and keep the handout from being
        // PDF/UA: it is laid out again with each such character replaced by the visible
        // replacement character, which the shipped faces have. Document text is in the
        // source only as string literals, which hold such characters as they are.
        let replaced: String = job
            .source
            .chars()
            .map(|c| if missing.contains(&c) { REPLACEMENT } else { c })
            .collect();
        if let Ok(again) = lay_out(&job.fonts, replaced, job.files) {
            paged = again;
        }
    }
    // Each step's input is let go as soon as the next one is made: the pages of a long handout,
    // with their index of elements, take tens of megabytes.
    let resolved = super::anchors::resolve(&paged);
    drop(paged);
    let paged = super::clusters::rejoin(&resolved);
    drop(resolved);
    let base = PdfOptions {
        ident: Smart::Custom(job.ident),
        creator: Smart::Custom(Some("mdexport".to_string())),
        timestamp: job.timestamp,
        ..PdfOptions::default()
    };
    let universal = PdfStandards::new(&[PdfStandard::Ua_1]).map(|standards| PdfOptions {
        standards,
        ..clone_options(&base)
    });
    if let Ok(options) = universal {
        match typst_pdf::pdf(&paged, &options) {
            Ok(bytes) => return (Some(bytes), diagnostics),
            Err(errors) => {
                let message = errors
                    .iter()
                    .map(|e| e.message.to_string())
                    .collect::<Vec<_>>()
                    .join("; ");
                diagnostics.push(
                    Diagnostic::warning(
                        &path,
                        "pdf-not-ua",
                        format!("the handout is tagged but not PDF/UA-1: {message}"),
                    )
                    .with_hint("check for characters no font covers, empty headings and images without alternative text"),
                );
            }
        }
    }
    match typst_pdf::pdf(&paged, &base) {
        Ok(bytes) => (Some(bytes), diagnostics),
        Err(errors) => {
            let message = errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; ");
            diagnostics.push(Diagnostic::error(
                &path,
                "pdf-failed",
                format!("Typst could not write the PDF: {message}"),
            ));
            (None, diagnostics)
        }
    }
}

fn clone_options(options: &PdfOptions) -> PdfOptions {
    PdfOptions {
        ident: options.ident.clone(),
        creator: options.creator.clone(),
        timestamp: options.timestamp,
        page_ranges: None,
        standards: PdfStandards::default(),
        tagged: options.tagged,
        pretty: options.pretty,
    }
}

/// The creation date: `SOURCE_DATE_EPOCH`, else the date of the last review, else none.
fn timestamp(doc: &Document, source_date_epoch: Option<i64>) -> Option<Timestamp> {
    use chrono::{Datelike, Timelike};
    if let Some(epoch) = source_date_epoch {
        let time = chrono::DateTime::from_timestamp(epoch, 0)?;
        let datetime = Datetime::from_ymd_hms(
            time.year(),
            time.month() as u8,
            time.day() as u8,
            time.hour() as u8,
            time.minute() as u8,
            time.second() as u8,
        )?;
        return Some(Timestamp::new_utc(datetime));
    }
    let date = doc.metadata.last_reviewed?;
    Datetime::from_ymd_hms(date.year(), date.month() as u8, date.day() as u8, 0, 0, 0)
        .map(Timestamp::new_utc)
}

/// Characters that were set with no glyph (the font's "missing" box), in order, once each.
fn missing_glyphs(paged: &PagedDocument) -> BTreeSet<char> {
    use typst::layout::{Frame, FrameItem};
    let mut missing = BTreeSet::new();
    // Frames nest as deep as the layout does; walk them with an explicit stack.
    let mut stack: Vec<&Frame> = paged.pages().iter().map(|page| &page.frame).collect();
    while let Some(frame) = stack.pop() {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => stack.push(&group.frame),
                FrameItem::Text(text) => {
                    for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                        let range = glyph.range();
                        if let Some(chars) = text.text.get(range) {
                            missing.extend(
                                chars
                                    .chars()
                                    .filter(|c| !c.is_whitespace() && !c.is_control()),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }
    missing
}
