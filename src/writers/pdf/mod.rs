//! The PDF handout writer: one printable, tagged PDF per document, laid out by Typst.
//!
//! Each document becomes a generated Typst file that calls the functions of the template
//! (`handout.typ`). Every piece of document text enters that file as an escaped string literal,
//! so no text is ever evaluated as Typst markup or code.

pub mod fonts;
pub mod options;
pub mod world;

pub use options::{HandoutOptions, LinkNotes, PageSize};

use super::{Corpus, Output, Writer, WriterReport};
use crate::diagnostics::Diagnostic;
use crate::model::{
    Alignment, Block, BlockKind, Document, Footnote, ImageSource, Inline, LinkTarget, ListItem,
    plain_text,
};
use fonts::FontSet;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use typst::foundations::{Bytes, Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};
use world::{ASSETS_DIR, HandoutWorld};

/// Containers (lists, quotes) nested deeper than this are drawn at this depth.
const MAX_BLOCK_DEPTH: usize = 8;
/// Inline styles nested deeper than this are set as plain text.
const MAX_INLINE_DEPTH: usize = 12;
/// Tokens longer than this get break opportunities.
const LONG_TOKEN: usize = 20;
/// Characters between forced break opportunities in a long token.
const BREAK_EVERY: usize = 12;
/// Typst's cached results unused for this many documents are dropped.
const EVICT_AFTER_DOCUMENTS: usize = 1;
/// Stack size of the threads that run Typst.
const RENDER_STACK_BYTES: usize = 64 * 1024 * 1024;
/// Zero-width space: an invisible break opportunity.
const ZWSP: char = '\u{200B}';

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
            .chain(corpus.assets.keys().map(|p| asset_path(p)))
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

/// Renders one document: the PDF bytes (or `None` on failure) and what went wrong.
pub fn render(
    doc: &Document,
    corpus: &Corpus<'_>,
    options: &HandoutOptions,
    fonts: &Arc<FontSet>,
) -> (Option<Vec<u8>>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let generated = generate(doc, options, corpus.assets, corpus.documents);
    let Some(world) = HandoutWorld::new(fonts.clone(), generated.source, generated.files) else {
        diagnostics.push(Diagnostic::error(
            &doc.path,
            "pdf-failed",
            "could not set up the Typst world",
        ));
        return (None, diagnostics);
    };
    let compiled = typst::compile::<PagedDocument>(&world);
    let paged = match compiled.output {
        Ok(paged) => paged,
        Err(errors) => {
            let message = errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; ");
            diagnostics.push(Diagnostic::error(
                &doc.path,
                "pdf-failed",
                format!("Typst could not lay out the handout: {message}"),
            ));
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
                &doc.path,
                "pdf-missing-glyph",
                format!(
                    "no font has these characters, they print as boxes: {}",
                    shown.trim_end()
                ),
            )
            .with_hint("add a font that covers them with --fonts"),
        );
    }
    let base = PdfOptions {
        ident: Smart::Custom(format!("mdexport:{}:{}", doc.path, doc.sha256)),
        creator: Smart::Custom(Some("mdexport".to_string())),
        timestamp: timestamp(doc, options.source_date_epoch),
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
                        &doc.path,
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
                &doc.path,
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

/// A generated Typst main file and the virtual files it reads.
pub struct Generated {
    /// The Typst source.
    pub source: String,
    /// Images: absolute virtual path and bytes.
    pub files: Vec<(String, Bytes)>,
}

/// Turns a document into Typst source that calls the template.
pub fn generate(
    doc: &Document,
    options: &HandoutOptions,
    assets: &super::Assets,
    documents: &[Document],
) -> Generated {
    let mut g = Generator {
        doc,
        assets,
        documents,
        out: String::with_capacity(4096),
        files: BTreeMap::new(),
        notes: Vec::new(),
        note_numbers: BTreeMap::new(),
        footnotes: doc.footnotes.iter().map(|f| (f.id.as_str(), f)).collect(),
        labels: BTreeSet::new(),
        used_footnotes: BTreeSet::new(),
        heading_level: 1,
        in_footnote: false,
        in_repeated_header: false,
        link_notes: options.link_notes,
        body_size: options.body_size(),
    };
    g.preamble(options);
    let title_key = normalise(&doc.title);
    let mut leading = true;
    for block in &doc.blocks {
        if leading {
            // The title block already shows the title: a leading heading repeating it (or, for a
            // top-level heading, a part of it such as the title without its site suffix) is dropped.
            if let BlockKind::Heading { content, level, .. } = &block.kind {
                let text = normalise(&plain_text(content));
                if text.is_empty()
                    || text == title_key
                    || (*level == 1 && text.chars().count() >= 3 && title_key.contains(&text))
                {
                    continue;
                }
            }
            leading = false;
        }
        g.block(block, 0);
    }
    g.link_notes();
    Generated {
        source: g.out,
        files: g.files.into_iter().collect(),
    }
}

fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A note in the list of links at the end.
struct LinkNote {
    url: Option<String>,
    title: Option<String>,
}

struct Generator<'a> {
    doc: &'a Document,
    assets: &'a super::Assets,
    /// Every document of the build, sorted by path (for links to them).
    documents: &'a [Document],
    out: String,
    files: BTreeMap<String, Bytes>,
    notes: Vec<LinkNote>,
    note_numbers: BTreeMap<String, usize>,
    footnotes: BTreeMap<&'a str, &'a Footnote>,
    labels: BTreeSet<String>,
    used_footnotes: BTreeSet<String>,
    heading_level: u8,
    in_footnote: bool,
    /// Inside a table header that repeats on every page: the repeats are artifacts, which may
    /// hold no links or footnotes, so links become text with their note mark.
    in_repeated_header: bool,
    /// Which links get a numbered note.
    link_notes: LinkNotes,
    body_size: f64,
}

impl Generator<'_> {
    fn preamble(&mut self, options: &HandoutOptions) {
        let doc = self.doc;
        let meta = &doc.metadata;
        let title = if doc.title.trim().is_empty() {
            doc.path.rsplit('/').next().unwrap_or(&doc.path).to_string()
        } else {
            doc.title.clone()
        };
        let (lang, region) = language(meta.language.as_deref());
        let paper = match options.page_size {
            PageSize::Letter => "us-letter",
            PageSize::A4 => "a4",
        };
        let margin = if options.margin_inches.is_finite() {
            options.margin_inches.clamp(0.0, 3.0)
        } else {
            0.75
        };
        let optional = |value: Option<&str>| match value.map(str::trim) {
            Some(v) if !v.is_empty() => format!("[{}]", markup(&clean(v))),
            _ => "none".to_string(),
        };
        let url = match meta.url.as_deref().map(str::trim) {
            Some(u) if !u.is_empty() => format!("({}, {})", lit(u), lit(u)),
            _ => "none".to_string(),
        };
        let reviewed = meta
            .last_reviewed
            .map(|d| d.format("%B %-d, %Y").to_string());
        let _ = write!(
            self.out,
            "#import \"/handout.typ\": *\n#show: handout.with(\n  title: {},\n  display-title: [{}],\n  short-title: [{}],\n  source: {},\n  citation: {},\n  reviewed: {},\n  url: {},\n  lang: {},\n  region: {},\n  paper: \"{paper}\",\n  margin: {margin}in,\n  body-size: {}pt,\n)\n\n",
            lit(&clean(&title)),
            markup(&clean(&title)),
            markup(&short_title(&title)),
            optional(meta.source.as_deref()),
            optional(meta.citation.as_deref()),
            optional(reviewed.as_deref()),
            url,
            lit(&lang),
            region
                .map(|r| lit(&r))
                .unwrap_or_else(|| "none".to_string()),
            self.body_size,
        );
    }

    fn blocks(&mut self, blocks: &[Block], depth: usize) {
        for block in blocks {
            self.block(block, depth);
        }
    }

    fn block(&mut self, block: &Block, depth: usize) {
        match &block.kind {
            BlockKind::Heading { level, id, content } => self.heading(*level, id, content),
            BlockKind::Paragraph { content } => {
                if content.is_empty() {
                    return;
                }
                self.inlines(content, 0);
                self.out.push_str("\n\n");
            }
            BlockKind::List { start, items } => self.list(*start, items, depth),
            BlockKind::BlockQuote { blocks } => {
                if depth >= MAX_BLOCK_DEPTH {
                    self.blocks(blocks, depth);
                } else {
                    self.out.push_str("#quote-block[\n");
                    self.blocks(blocks, depth + 1);
                    self.out.push_str("]\n\n");
                }
            }
            BlockKind::CodeBlock { code, .. } => {
                let code = code.replace("\r\n", "\n").replace('\t', "    ");
                let code: String = code
                    .lines()
                    .map(breakable_code)
                    .collect::<Vec<_>>()
                    .join("\n");
                let _ = write!(
                    self.out,
                    "#code-block({})\n\n",
                    lit(code.trim_end_matches('\n'))
                );
            }
            BlockKind::ThematicBreak => self.out.push_str("#section-rule()\n\n"),
            BlockKind::Table {
                alignments,
                header,
                rows,
            } => self.table(alignments, header, rows),
        }
    }

    fn heading(&mut self, level: u8, id: &str, content: &[Inline]) {
        if plain_text(content).trim().is_empty()
            && !content.iter().any(|i| matches!(i, Inline::Image { .. }))
        {
            return;
        }
        if self.in_footnote {
            self.out.push_str("#strong[");
            self.inlines(content, 1);
            self.out.push_str("]\n\n");
            return;
        }
        let level = level.clamp(1, 6).min(self.heading_level + 1);
        self.heading_level = level;
        let _ = write!(self.out, "#heading(level: {level})[");
        self.inlines(content, 1);
        self.out.push(']');
        self.label(id);
        self.out.push_str("\n\n");
    }

    /// Attaches `id` as a label to the element just written, once per id.
    fn label(&mut self, id: &str) {
        if !id.is_empty() && self.labels.insert(id.to_string()) {
            let _ = write!(self.out, "#label({})", lit(id));
        }
    }

    fn list(&mut self, start: Option<u64>, items: &[ListItem], depth: usize) {
        if depth >= MAX_BLOCK_DEPTH {
            // Too deep to indent further: the items follow one another at this depth.
            for (index, item) in items.iter().enumerate() {
                let marker = match start {
                    Some(n) => format!("{}. ", n.saturating_add(index as u64)),
                    None => "– ".to_string(),
                };
                let _ = write!(self.out, "#{}", lit(&marker));
                self.item_body(item, depth);
            }
            return;
        }
        match start {
            Some(n) => {
                let _ = writeln!(
                    self.out,
                    "#enum(start: {}, tight: {},",
                    n.min(u32::MAX as u64),
                    is_tight(items)
                );
            }
            None => {
                let _ = writeln!(self.out, "#list(tight: {},", is_tight(items));
            }
        }
        for item in items {
            self.out.push('[');
            self.item_body(item, depth + 1);
            self.out.push_str("],\n");
        }
        self.out.push_str(")\n\n");
    }

    fn item_body(&mut self, item: &ListItem, depth: usize) {
        if let Some(id) = &item.id
            && !id.is_empty()
            && !self.labels.contains(id.as_str())
        {
            self.out.push_str("#metadata(none)");
            self.label(id);
        }
        if let Some(checked) = item.task {
            let _ = write!(self.out, "#task-box({checked})");
        }
        // A single paragraph stays inline with the marker; anything else is a flow of blocks.
        match item.blocks.as_slice() {
            [
                Block {
                    kind: BlockKind::Paragraph { content },
                    ..
                },
            ] => {
                self.inlines(content, 0);
                self.out.push_str("\n\n");
            }
            blocks => {
                self.out.push('\n');
                self.blocks(blocks, depth);
            }
        }
    }

    fn table(
        &mut self,
        alignments: &[Alignment],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
    ) {
        let cell_is_empty = |c: &Vec<Inline>| {
            plain_text(c)
                .trim()
                .chars()
                .all(|ch| matches!(ch, '-' | '–' | '—' | ':' | '|') || ch.is_whitespace())
                && !c.iter().any(|i| matches!(i, Inline::Image { .. }))
        };
        let is_empty = |cells: &[Vec<Inline>]| cells.iter().all(cell_is_empty);
        let rows: Vec<&Vec<Vec<Inline>>> = rows.iter().filter(|r| !is_empty(r)).collect();
        let columns = alignments
            .len()
            .max(header.len())
            .max(rows.iter().map(|r| r.len()).max().unwrap_or(0));
        if columns == 0 || (rows.is_empty() && is_empty(header)) {
            return;
        }
        // Wide tables are set smaller, never under 9 pt.
        let scale = match columns {
            0..=3 => 1.0,
            4 => 0.9,
            5 => 0.85,
            6 => 0.8,
            _ => 0.75,
        };
        let size = (self.body_size * scale).max(9.0_f64.min(self.body_size));
        let align: Vec<&str> = (0..columns)
            .map(|i| match alignments.get(i) {
                Some(Alignment::Center) => "center",
                Some(Alignment::Right) => "right",
                _ => "left",
            })
            .collect();
        let _ = writeln!(
            self.out,
            "#data-table({size}pt, table(\n  columns: ({}),\n  align: ({},),",
            vec!["auto"; columns].join(", ") + if columns == 1 { "," } else { "" },
            align.join(", ")
        );
        if !is_empty(header) {
            self.out.push_str("  table.header(repeat: true, ");
            self.in_repeated_header = true;
            for i in 0..columns {
                self.out.push_str("header-cell[");
                if let Some(cell) = header.get(i) {
                    self.inlines(cell, 1);
                }
                self.out.push_str("], ");
            }
            self.in_repeated_header = false;
            self.out.push_str("),\n");
        }
        for row in rows {
            self.out.push_str("  ");
            // A note row (only its first cell filled) spans the whole table.
            if columns > 1 && row.iter().skip(1).all(cell_is_empty) {
                let _ = write!(self.out, "table.cell(colspan: {columns})[");
                if let Some(cell) = row.first() {
                    self.inlines(cell, 1);
                }
                self.out.push_str("],\n");
                continue;
            }
            for i in 0..columns {
                self.out.push('[');
                if let Some(cell) = row.get(i) {
                    self.inlines(cell, 1);
                }
                self.out.push_str("], ");
            }
            self.out.push('\n');
        }
        self.out.push_str("))\n\n");
    }

    fn inlines(&mut self, inlines: &[Inline], depth: usize) {
        for inline in inlines {
            self.inline(inline, depth);
        }
    }

    fn styled(&mut self, function: &str, content: &[Inline], depth: usize) {
        if depth >= MAX_INLINE_DEPTH {
            self.text(&plain_text(content));
            return;
        }
        let _ = write!(self.out, "#{function}[");
        self.inlines(content, depth + 1);
        self.out.push(']');
    }

    fn text(&mut self, text: &str) {
        self.out.push_str(&markup(&flatten_whitespace(text)));
    }

    fn inline(&mut self, inline: &Inline, depth: usize) {
        match inline {
            Inline::Text { text } => self.text(text),
            Inline::Emphasis { content } => self.styled("emph", content, depth),
            Inline::Strong { content } => self.styled("strong", content, depth),
            Inline::Strikethrough { content } => self.styled("strike", content, depth),
            Inline::Code { code } => {
                let _ = write!(
                    self.out,
                    "#raw({})",
                    lit(&breakable_code(&flatten_whitespace(code)))
                );
            }
            Inline::LineBreak => self.out.push_str("#linebreak()"),
            Inline::Link {
                target,
                title,
                content,
            } => self.link(target, title, content, depth),
            Inline::Image { source, alt, title } => self.image(source, alt, title),
            Inline::FootnoteRef { id, number, .. } => self.footnote(id, *number),
        }
    }

    fn link_text(&mut self, content: &[Inline], fallback: &str, depth: usize) {
        if plain_text(content).trim().is_empty()
            && !content.iter().any(|i| matches!(i, Inline::Image { .. }))
        {
            self.text(fallback);
        } else if depth >= MAX_INLINE_DEPTH {
            self.text(&plain_text(content));
        } else {
            self.inlines(content, depth + 1);
        }
    }

    fn link(&mut self, target: &LinkTarget, _title: &str, content: &[Inline], depth: usize) {
        match target {
            LinkTarget::External { url, .. } | LinkTarget::Unresolved { href: url }
                if url.trim().is_empty() =>
            {
                self.link_text(content, "", depth)
            }
            LinkTarget::Anchor { id, .. } if id.is_empty() => self.link_text(content, "", depth),
            LinkTarget::External { url, glossary } if self.in_repeated_header => {
                self.link_text(content, url, depth);
                self.external_note(url, *glossary);
            }
            LinkTarget::Anchor { .. } | LinkTarget::Document { .. } if self.in_repeated_header => {
                self.link_text(content, "", depth)
            }
            LinkTarget::External { url, glossary } => {
                let _ = write!(self.out, "#link({})[", lit(url));
                self.link_text(content, url, depth);
                self.out.push(']');
                self.external_note(url, *glossary);
            }
            LinkTarget::Document { path, fragment } => {
                let Some(target) = super::find_document(self.documents, path) else {
                    self.link_text(content, path, depth);
                    return;
                };
                let url = target
                    .metadata
                    .url
                    .as_deref()
                    .map(str::trim)
                    .filter(|u| !u.is_empty())
                    .map(|u| match fragment {
                        Some(f) if !f.is_empty() && !u.contains('#') => format!("{u}#{f}"),
                        _ => u.to_string(),
                    });
                match &url {
                    Some(url) => {
                        let _ = write!(self.out, "#link({})[", lit(url));
                        self.link_text(content, &target.title, depth);
                        self.out.push(']');
                    }
                    None => self.link_text(content, &target.title, depth),
                }
                if !self.wants_note(false) {
                    return;
                }
                let key = format!("document:{path}#{}", fragment.as_deref().unwrap_or(""));
                let number = self.note(
                    key,
                    LinkNote {
                        url,
                        title: Some(target.title.clone()),
                    },
                );
                let _ = write!(self.out, "#note-mark({number})");
            }
            LinkTarget::Anchor { id, .. } => {
                let _ = write!(self.out, "#anchor-link({}, [", lit(id));
                self.link_text(content, id, depth);
                self.out.push_str("])");
            }
            LinkTarget::Unresolved { href } => self.link_text(content, href, depth),
        }
    }

    /// The numbered note mark of an external link, when its kind of link gets one.
    fn external_note(&mut self, url: &str, glossary: bool) {
        if self.wants_note(glossary) {
            let number = self.note(
                url.to_string(),
                LinkNote {
                    url: Some(url.to_string()),
                    title: None,
                },
            );
            let _ = write!(self.out, "#note-mark({number})");
        }
    }

    /// Whether a link gets a numbered note (glossary pop-ups only with `link-notes = "all"`).
    fn wants_note(&self, glossary: bool) -> bool {
        match self.link_notes {
            LinkNotes::All => true,
            LinkNotes::External => !glossary,
            LinkNotes::None => false,
        }
    }

    fn note(&mut self, key: String, note: LinkNote) -> usize {
        if let Some(number) = self.note_numbers.get(&key) {
            return *number;
        }
        self.notes.push(note);
        let number = self.notes.len();
        self.note_numbers.insert(key, number);
        number
    }

    fn image(&mut self, source: &ImageSource, alt: &str, title: &str) {
        let description = [alt, title].into_iter().map(clean).find(|s| !s.is_empty());
        if let ImageSource::Local { path } = source
            && let Some(format) = self.assets.get(path).and_then(|bytes| image_format(bytes))
        {
            let virtual_path = asset_path(path);
            if world::file_id(&virtual_path).is_some() {
                if let Some(bytes) = self.assets.get(path) {
                    self.files
                        .entry(virtual_path.clone())
                        .or_insert_with(|| Bytes::new(bytes.clone()));
                }
                let alt = description.clone().unwrap_or_else(|| "Image".to_string());
                let _ = write!(
                    self.out,
                    "#local-image({}, {}, {})",
                    lit(&virtual_path),
                    lit(format),
                    lit(&alt)
                );
                return;
            }
        }
        let description = description.unwrap_or_else(|| "image".to_string());
        let _ = write!(self.out, "#figure-box[{}]", markup(&description));
    }

    fn footnote(&mut self, id: &str, number: u32) {
        let label = format!("footnote:{id}");
        let note = self.footnotes.get(id).copied();
        match note {
            Some(note) if !self.in_footnote && !self.in_repeated_header => {
                if self.used_footnotes.contains(id) {
                    let _ = write!(self.out, "#footnote(label({}))", lit(&label));
                } else {
                    self.used_footnotes.insert(id.to_string());
                    self.in_footnote = true;
                    self.out.push_str("#footnote[");
                    match note.blocks.as_slice() {
                        [
                            Block {
                                kind: BlockKind::Paragraph { content },
                                ..
                            },
                        ] => self.inlines(content, 1),
                        blocks => self.blocks(blocks, MAX_BLOCK_DEPTH.saturating_sub(2)),
                    }
                    self.out.push(']');
                    self.in_footnote = false;
                    self.label(&label);
                }
            }
            _ => {
                let _ = write!(self.out, "#super({})", lit(&number.to_string()));
            }
        }
    }

    fn link_notes(&mut self) {
        if self.notes.is_empty() {
            return;
        }
        self.out.push_str("#link-notes((\n");
        for note in &self.notes {
            let (url, shown) = match &note.url {
                Some(url) => (lit(url), lit(url)),
                None => ("none".to_string(), "none".to_string()),
            };
            let title = note
                .title
                .as_deref()
                .map(|t| format!("[{}]", markup(&clean(t))))
                .unwrap_or_else(|| "none".to_string());
            let _ = writeln!(self.out, "  (url: {url}, shown: {shown}, title: {title}),");
        }
        self.out.push_str("))\n");
    }
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

/// Where a file of INPUT is mounted in the Typst world.
fn asset_path(path: &str) -> String {
    format!("{ASSETS_DIR}{}", path.trim_start_matches('/'))
}

fn is_tight(items: &[ListItem]) -> bool {
    items.iter().all(|item| item.blocks.len() <= 1)
}

/// The Typst format name of an image Typst can decode, `None` otherwise.
fn image_format(bytes: &[u8]) -> Option<&'static str> {
    use typst::visualize::{ExchangeFormat, RasterImage, SvgImage};
    if let Some(format) = ExchangeFormat::detect(bytes) {
        RasterImage::plain(Bytes::new(bytes.to_vec()), format).ok()?;
        return Some(match format {
            ExchangeFormat::Png => "png",
            ExchangeFormat::Jpg => "jpg",
            ExchangeFormat::Gif => "gif",
            ExchangeFormat::Webp => "webp",
        });
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_lowercase();
    if head.contains("<svg") {
        SvgImage::new(Bytes::new(bytes.to_vec())).ok()?;
        return Some("svg");
    }
    None
}

/// Typst's language and region for a BCP 47 tag (`en`, `es-US`), English when unusable.
fn language(tag: Option<&str>) -> (String, Option<String>) {
    let mut parts = tag.unwrap_or("").trim().split(['-', '_']);
    let lang = parts.next().unwrap_or("").to_ascii_lowercase();
    if !(2..=3).contains(&lang.len()) || !lang.chars().all(|c| c.is_ascii_alphabetic()) {
        return ("en".to_string(), None);
    }
    let region = parts
        .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
        .map(|r| r.to_ascii_lowercase());
    (lang, region)
}

/// The title in the running header, shortened to fit one line.
fn short_title(title: &str) -> String {
    let title = clean(title);
    const MAX: usize = 80;
    if title.chars().count() <= MAX {
        return title;
    }
    let cut: String = title.chars().take(MAX).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > MAX / 2 => cut[..space].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

/// Text on one line with no space at either end.
fn clean(text: &str) -> String {
    flatten_whitespace(text).trim().to_string()
}

/// Text with every run of whitespace (line ends, tabs) made one space.
fn flatten_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{00A0}' {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            if !c.is_control() {
                out.push(c);
            }
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// `text` as Typst markup made only of string literals, with invisible break opportunities
/// (`#wbr`) inside long tokens so they wrap instead of running off the page. URLs are left
/// whole: Typst's line breaker already breaks them after `/`, `?`, `&`, `=` and the like.
pub fn markup(text: &str) -> String {
    let mut pieces: Vec<String> = Vec::new();
    let mut current = String::new();
    for (index, token) in text.split(' ').enumerate() {
        if index > 0 {
            current.push(' ');
        }
        let is_url = token.contains("://") || token.starts_with("www.");
        if is_url || token.chars().count() <= LONG_TOKEN {
            current.push_str(token);
            continue;
        }
        let mut run = 0;
        let mut chars = token.chars().peekable();
        while let Some(c) = chars.next() {
            current.push(c);
            run += 1;
            let more = chars.peek().is_some();
            if more && (matches!(c, '/' | '?' | '&' | '=' | '_' | '.' | '-') || run >= BREAK_EVERY)
            {
                pieces.push(std::mem::take(&mut current));
                run = 0;
            }
        }
    }
    pieces.push(current);
    pieces
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| format!("#{}", lit(p)))
        .collect::<Vec<_>>()
        .join("#wbr")
}

fn break_every(token: &str) -> String {
    let mut out = String::with_capacity(token.len() + token.len() / 4);
    for (index, c) in token.chars().enumerate() {
        if index > 0 && index % BREAK_EVERY == 0 {
            out.push(ZWSP);
        }
        out.push(c);
    }
    out
}

/// A code line whose very long tokens can break.
fn breakable_code(line: &str) -> String {
    if line.chars().count() <= 60 {
        return line.to_string();
    }
    line.split(' ')
        .map(|t| {
            if t.chars().count() > 40 {
                break_every(t)
            } else {
                t.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` as a Typst string literal: quotes, backslashes and control characters escaped.
pub fn lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_quotes_backslashes_and_controls() {
        assert_eq!(lit("a \"b\" \\c\n#d"), "\"a \\\"b\\\" \\\\c\\n#d\"");
        assert_eq!(lit("\u{1}"), "\"\\u{1}\"");
    }

    #[test]
    fn long_tokens_get_break_points() {
        let word = "a".repeat(30);
        assert_eq!(
            markup(&word),
            format!(
                "#\"{}\"#wbr#\"{}\"#wbr#\"{}\"",
                "a".repeat(12),
                "a".repeat(12),
                "a".repeat(6)
            )
        );
        assert_eq!(markup("short words stay"), "#\"short words stay\"");
        assert_eq!(
            markup("see https://example.org/a/b?c=d&e=f"),
            "#\"see https://example.org/a/b?c=d&e=f\""
        );
        assert_eq!(markup(""), "");
    }

    fn document(markdown: &str) -> Document {
        crate::parse::parse_document("a.md", markdown.as_bytes())
            .0
            .expect("document")
    }

    #[test]
    fn body_size_follows_large_print_and_override() {
        let doc = document("---\ntitle: T\n---\n\nText.\n");
        let documents: Vec<Document> = Vec::new();
        let assets = super::super::Assets::new();
        let mut options = HandoutOptions::default();
        assert!(
            generate(&doc, &options, &assets, &documents)
                .source
                .contains("body-size: 12pt")
        );
        options.large_print = true;
        assert!(
            generate(&doc, &options, &assets, &documents)
                .source
                .contains("body-size: 14pt")
        );
        options.body_size_pt = Some(13.0);
        assert!(
            generate(&doc, &options, &assets, &documents)
                .source
                .contains("body-size: 13pt")
        );
    }

    #[test]
    fn repeated_titles_and_empty_headings_are_dropped_and_levels_never_skip() {
        let doc = document(
            "---\ntitle: Caring for You - NCI\n---\n\n# Caring for You\n\n##\n\n#### Deep\n\nText.\n",
        );
        let source = generate(
            &doc,
            &HandoutOptions::default(),
            &super::super::Assets::new(),
            &[],
        )
        .source;
        assert!(!source.contains("#heading(level: 1)"), "{source}");
        assert!(source.contains("#heading(level: 2)[#\"Deep\"]"), "{source}");
        assert_eq!(source.matches("#heading(").count(), 1, "{source}");
    }

    #[test]
    fn languages_fall_back_to_english() {
        assert_eq!(
            language(Some("es-US")),
            ("es".to_string(), Some("us".to_string()))
        );
        assert_eq!(language(Some("x")), ("en".to_string(), None));
        assert_eq!(language(None), ("en".to_string(), None));
    }
}
