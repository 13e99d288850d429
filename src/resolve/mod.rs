//! The resolve stage: turns parsed documents into what every writer needs, once.
//!
//! Per document, in parallel: reference lists get anchor ids, scraping leftovers are cleaned up,
//! heading levels and ids are normalised. Then, against an index of every document, links and
//! images are resolved, facts derived and lint run. Nothing here reads files: the pipeline reads
//! the assets this stage asks for.

pub mod budget;
pub mod cleanup;
pub mod headings;
pub mod images;
pub mod language;
pub mod language_lint;
pub mod links;
pub mod lint;
pub mod references;
#[cfg(test)]
mod test_blocks;
pub mod title;
pub mod translations;

use crate::diagnostics::Diagnostic;
use crate::model::{self, Block, Document, Inline};
use crate::schedule;
use std::collections::BTreeSet;

pub mod facts;
pub mod readability;

/// Options of the resolve stage.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolveOptions {
    /// Documents above this reading grade get a warning: health-literacy guidance asks for
    /// patient material at grade 8 or below.
    pub grade_target: f64,
    /// Which grade [`ResolveOptions::grade_target`] applies to: SMOG by default, as that
    /// guidance measures it.
    pub grade_formula: readability::GradeFormula,
    /// What one document may hold before it is degraded or refused: no page can stall a build.
    pub budget: budget::Budget,
    /// The language of documents whose front matter names none: a team that writes in Spanish
    /// need not tag every page.
    pub default_language: model::Language,
}

impl Default for ResolveOptions {
    fn default() -> Self {
        ResolveOptions {
            grade_target: 8.0,
            grade_formula: readability::GradeFormula::default(),
            budget: budget::Budget::default(),
            default_language: model::Language::default(),
        }
    }
}

/// What resolving found besides the changed documents.
#[derive(Debug, Default)]
pub struct Resolved {
    /// Local images to read from INPUT: (path relative to INPUT, document that embeds it).
    pub assets: BTreeSet<(String, String)>,
    /// Warnings about the documents.
    pub diagnostics: Vec<Diagnostic>,
    /// How many links and images of each class were found, over all documents.
    pub stats: links::LinkStats,
}

/// Resolves every document in place.
///
/// Documents over the budget are resolved too (their errors are among the diagnostics): the
/// pipeline leaves such documents out before resolving the rest.
pub fn resolve(documents: &mut [Document], options: &ResolveOptions) -> Resolved {
    let prepared: Vec<Prepared> = schedule::map_mut(documents, Document::weight, |document| {
        prepare(document, options)
    });
    let found_first: Vec<Diagnostic> = prepared
        .iter()
        .flat_map(|p| p.diagnostics.iter().cloned())
        .collect();
    let mut resolved = resolve_prepared(documents, prepared, options);
    resolved.diagnostics.splice(0..0, found_first);
    resolved
}

/// Resolves documents that [`prepare`] has already been through: `prepared[i]` is what it
/// returned for `documents[i]`.
pub fn resolve_prepared(
    documents: &mut [Document],
    prepared: Vec<Prepared>,
    options: &ResolveOptions,
) -> Resolved {
    let (anchors, first_headings): (Vec<_>, Vec<_>) = prepared
        .into_iter()
        .map(|p| (p.anchors, p.first_heading))
        .unzip();
    let index = links::DocumentIndex::new(documents, anchors);
    let mut work: Vec<_> = documents
        .iter_mut()
        .zip(first_headings.iter())
        .enumerate()
        .map(|(position, (document, first_heading))| (position, document, first_heading))
        .collect();
    let per_document: Vec<TargetsResolved> = schedule::map_mut(
        &mut work,
        |(_, document, _)| document.weight(),
        |(position, document, first_heading)| {
            let anchors = index.anchors_at(*position);
            let (assets, mut diagnostics, stats) = resolve_targets(document, anchors, &index);
            diagnostics.extend(facts::apply(document, options));
            diagnostics.extend(lint::lint(document, first_heading.as_ref()));
            diagnostics.extend(language_lint::lint(document));
            // The page's address as every writer prints it: a valid URI, or none (lint has
            // warned about an unusable one).
            document.metadata.url = links::page_base(document.metadata.url.as_deref())
                .and_then(|url| links::uri_text(&url));
            (assets, diagnostics, stats)
        },
    );
    let mut resolved = Resolved::default();
    resolved
        .diagnostics
        .extend(index.duplicates.iter().map(|(path, first)| {
            Diagnostic::warning(
                path,
                "duplicate-url",
                format!(
                    "the front-matter `url` is also the `url` of {first}; links to it go to {first}"
                ),
            )
            .at_line(1)
        }));
    for (assets, diagnostics, stats) in per_document {
        resolved.assets.extend(assets);
        resolved.diagnostics.extend(diagnostics);
        resolved.stats.add(&stats);
    }
    resolved
        .diagnostics
        .extend(language_lint::lint_catalogues(documents));
    resolved.diagnostics.extend(translations::link(documents));
    resolved
}

/// What the per-document part of resolving ([`prepare`]) leaves for the rest.
#[derive(Debug)]
pub struct Prepared {
    /// What links into the document can point at.
    anchors: links::Anchors,
    /// The first heading the page itself gave (text, line), before cleanup.
    first_heading: Option<(String, u32)>,
    /// What preparing found: a warning for a malformed language and for each table printed as
    /// paragraphs, an error for each limit of the budget that refuses the document.
    pub diagnostics: Vec<Diagnostic>,
}

/// The part of resolving that needs no other document: reference ids, cleanup, the title,
/// heading levels and ids. The pipeline runs it on each document as soon as it is parsed, while the document is
/// still in the processor's caches. A document over its budget is refused: see
/// [`Prepared::diagnostics`].
pub fn prepare(document: &mut Document, options: &ResolveOptions) -> Prepared {
    let references = references::assign_reference_ids(&mut document.blocks);
    let first_heading = lint::first_page_heading(document);
    cleanup::clean(document);
    title::settle(document);
    let mut reserved = references.ids;
    reserved.extend(document.footnotes.iter().map(|note| note.id.clone()));
    headings::settle(document, &reserved);
    let mut diagnostics: Vec<Diagnostic> = language::settle(document, &options.default_language)
        .into_iter()
        .collect();
    diagnostics.extend(budget::enforce(document, &options.budget));
    Prepared {
        anchors: links::Anchors::of(document, references.aliases),
        first_heading,
        diagnostics,
    }
}

/// What resolving one document's links and images yields: the assets it needs (source, name in
/// the booklet), its warnings and its link counts.
type TargetsResolved = (
    BTreeSet<(String, String)>,
    Vec<Diagnostic>,
    links::LinkStats,
);

/// Resolves the links and images of one document, whose own anchors are `anchors`.
fn resolve_targets(
    document: &mut Document,
    anchors: &links::Anchors,
    index: &links::DocumentIndex,
) -> TargetsResolved {
    let base = links::page_base(document.metadata.url.as_deref());
    let context = links::LinkContext {
        document_path: &document.path,
        base: base.as_ref(),
        index,
        own: anchors,
    };
    let mut report = links::Report::default();
    let mut assets = BTreeSet::new();
    let mut visit = |line: u32, content: &mut Vec<Inline>| {
        links::resolve_inlines(content, line, &context, &mut report);
        images::resolve_images(
            content,
            line,
            &document.path,
            base.as_ref(),
            &mut assets,
            &mut report,
        );
    };
    for_each_inlines_with_line(&mut document.blocks, &mut visit);
    for note in &mut document.footnotes {
        for_each_inlines_with_line(&mut note.blocks, &mut visit);
    }
    let diagnostics = report.diagnostics(&document.path);
    let assets = assets
        .into_iter()
        .map(|asset| (asset, document.path.clone()))
        .collect();
    (assets, diagnostics, report.stats)
}

/// Calls `f` with the block's line on every run of inlines of the tree, in document order.
fn for_each_inlines_with_line(blocks: &mut [Block], f: &mut dyn FnMut(u32, &mut Vec<Inline>)) {
    model::walk_blocks_mut(blocks, &mut |block| {
        let line = block.line;
        model::block_inlines_mut(block, &mut |content| f(line, content));
    });
}
