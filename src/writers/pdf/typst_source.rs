//! The Typst source of one handout: the document's model turned into calls of the template's
//! functions (`handout.typ`), with its images as virtual files.

use super::anchors;
use super::escape::{breakable_code, clean, flatten_whitespace, lit, markup};
use super::options::{HandoutOptions, LinkNotes, PageSize, QrPlacement};
use super::qr::{self, QrProblem};
use super::world::{self, ASSETS_DIR};
use crate::diagnostics::Diagnostic;
use crate::locale::{MessagePart, Messages};
use crate::model::{
    self, Alignment, Block, BlockKind, Document, Footnote, ImageSource, Inline, LinkTarget,
    ListItem, plain_text,
};
use crate::writers::Assets;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;
use typst::foundations::Bytes;

/// Containers (lists, quotes) nested deeper than this are drawn at this depth.
const MAX_BLOCK_DEPTH: usize = 8;
/// Inline styles nested deeper than this are set as plain text.
const MAX_INLINE_DEPTH: usize = 12;
/// In large print, a table of more columns than this prints as stacked rows: three columns of
/// 18 pt text are what 6.5 in hold with the words of each column intact.
const LARGE_PRINT_TABLE_COLUMNS: usize = 3;

/// A generated Typst main file and the virtual files it reads.
pub struct Generated {
    /// The Typst source.
    pub source: String,
    /// Images: absolute virtual path and bytes.
    pub files: Vec<(String, Bytes)>,
    /// What the handout leaves out and why (a URL too long for its QR code).
    pub warnings: Vec<Diagnostic>,
}

/// Turns a document into Typst source that calls the template.
pub fn generate(
    doc: &Document,
    options: &HandoutOptions,
    assets: &Assets,
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
        used_footnotes: BTreeSet::new(),
        in_footnote: false,
        in_repeated_header: false,
        link_notes: options.link_notes,
        body_size: options.body_size(),
        small_size: options.small_size(),
        warnings: Vec::new(),
        messages: Messages::for_language(&doc.language),
        labelled: BTreeSet::new(),
        forward_links: Vec::new(),
    };
    g.preamble(options);
    g.blocks(&doc.blocks, 0);
    g.link_notes();
    g.unlink_missing_targets();
    Generated {
        source: g.out,
        files: g.files.into_iter().collect(),
        warnings: g.warnings,
    }
}

/// A note in the list of links at the end.
struct LinkNote {
    url: Option<String>,
    title: Option<String>,
}

struct Generator<'a> {
    doc: &'a Document,
    assets: &'a Assets,
    /// Every document of the build, sorted by path (for links to them).
    documents: &'a [Document],
    out: String,
    files: BTreeMap<String, Bytes>,
    notes: Vec<LinkNote>,
    note_numbers: BTreeMap<String, usize>,
    footnotes: BTreeMap<&'a str, &'a Footnote>,
    used_footnotes: BTreeSet<String>,
    in_footnote: bool,
    /// Inside a table header that repeats on every page: the repeats are artifacts, which may
    /// hold no links or footnotes, so links become text with their note mark.
    in_repeated_header: bool,
    /// Which links get a numbered note.
    link_notes: LinkNotes,
    body_size: f64,
    /// Large print's smallest text size in points; none in the regular layout.
    small_size: Option<f64>,
    warnings: Vec<Diagnostic>,
    /// The words the handout adds, in the document's language.
    messages: Messages,
    /// The labels written so far.
    labelled: BTreeSet<String>,
    /// The links written to an id not labelled yet.
    forward_links: Vec<ForwardLink>,
}

/// A link inside the handout written before its target: where its opening (`#link(…)[`) and
/// its closing `]` are in the source, and the id it goes to.
struct ForwardLink {
    id: String,
    opening: Range<usize>,
    closing: usize,
}

impl Generator<'_> {
    fn preamble(&mut self, options: &HandoutOptions) {
        let doc = self.doc;
        let title = &doc.title;
        // Typst takes the ISO codes in lower case.
        let lang = doc.language.code.clone();
        let region = doc.language.region.as_deref().map(str::to_ascii_lowercase);
        let paper = match options.page_size {
            PageSize::Letter => "us-letter",
            PageSize::A4 => "a4",
        };
        let meta = &doc.metadata;
        let margin = options.margin();
        let small_size = options
            .small_size()
            .map_or_else(|| "none".to_string(), |size| format!("{size}pt"));
        let qr = match (options.qr, meta.url.as_deref().map(str::trim)) {
            (QrPlacement::FirstPage, Some(u)) if !u.is_empty() => self.qr_code(u),
            _ => "none".to_string(),
        };
        let page_number: Vec<String> = self
            .messages
            .parts("page-number", &["page", "total"])
            .into_iter()
            .map(|part| match part {
                MessagePart::Text(text) => lit(&text),
                MessagePart::Argument(index) => index.to_string(),
            })
            .collect();
        let details = self.details();
        let _ = write!(
            self.out,
            "#import \"/handout.typ\": *\n#show: handout.with(\n  title: {},\n  display-title: [{}],\n  short-title: [{}],\n  details: ({}),\n  qr: {},\n  page-number: ({},),\n  lang: {},\n  region: {},\n  dir: {},\n  paper: \"{paper}\",\n  margin: {margin}in,\n  body-size: {}pt,\n  small-size: {small_size},\n)\n\n",
            lit(&clean(title)),
            markup(&clean(title)),
            markup(&short_title(title, options.large_print)),
            details
                .iter()
                .map(|line| format!("[{line}],"))
                .collect::<String>(),
            qr,
            page_number.join(", "),
            lit(&lang),
            region
                .map(|r| lit(&r))
                .unwrap_or_else(|| "none".to_string()),
            doc.language.direction.as_str(),
            self.body_size,
        );
    }

    /// The template call that draws the QR code of `url`, or `none` with a warning when the
    /// URL is too long for a code that scans.
    fn qr_code(&mut self, url: &str) -> String {
        match qr::encode(url) {
            Ok(symbol) => symbol.typst(),
            Err(problem) => {
                let why = match problem {
                    QrProblem::TooLong { modules } => format!(
                        "its code would be {modules} modules wide, more than the {:.0} mm the title block holds at {} mm a module",
                        qr::MAX_SYMBOL_MM,
                        qr::MIN_MODULE_MM
                    ),
                    QrProblem::Unencodable => "it is longer than a QR code holds".to_string(),
                };
                self.warnings.push(
                    Diagnostic::warning(
                        &self.doc.path,
                        "qr-too-long",
                        format!(
                            "the handout prints no QR code: the url has {} characters and {why}",
                            url.chars().count()
                        ),
                    )
                    .with_hint(
                        "shorten the page's `url` (a redirect does), or set `qr = \"none\"`",
                    ),
                );
                "none".to_string()
            }
        }
    }

    /// The lines of the title block under the title, as Typst markup: source, citation, date of
    /// the last review, web page and the same page in other languages, each a message of the
    /// document's language around its value.
    fn details(&self) -> Vec<String> {
        let meta = &self.doc.metadata;
        let nonblank = |value: Option<&str>| value.map(clean).filter(|v| !v.is_empty());
        let mut lines = Vec::new();
        if let Some(source) = nonblank(meta.source.as_deref()) {
            lines.push(self.message("source", "source", &markup(&source)));
        }
        if let Some(citation) = nonblank(meta.citation.as_deref()) {
            lines.push(self.message("citation", "citation", &markup(&citation)));
        }
        if let Some(date) = meta.last_reviewed {
            let date = self.messages.date(date);
            lines.push(self.message("last-reviewed", "date", &format!("#{}", lit(&date))));
        }
        if let Some(url) = nonblank(meta.url.as_deref()) {
            lines.push(self.message("web-page", "url", &link_markup(&url)));
        }
        let translations: Vec<String> = self
            .doc
            .translations
            .iter()
            .map(|translation| {
                let language = &translation.language;
                let theirs = Messages::for_language(language);
                // A language without a catalogue is named by its tag.
                let name = match theirs.catalogue() {
                    Some(_) => theirs.text("language-name"),
                    None => language.tag.clone(),
                };
                let name = format!(
                    "#text(lang: {}, {})",
                    lit(&language.code),
                    lit(&clean(&name))
                );
                match nonblank(translation.url.as_deref()) {
                    Some(url) => format!("{name}#\" \"{}", link_markup(&url)),
                    None => name,
                }
            })
            .collect();
        if !translations.is_empty() {
            lines.push(self.message("also-in", "languages", &translations.join("#\" · \"")));
        }
        lines
    }

    /// The message `id` as Typst markup: its words as string literals around its one argument
    /// `name`, given as Typst markup (`value`).
    fn message(&self, id: &str, name: &str, value: &str) -> String {
        self.messages
            .parts(id, &[name])
            .into_iter()
            .map(|part| match part {
                MessagePart::Text(text) => format!("#{}", lit(&text)),
                MessagePart::Argument(_) => value.to_string(),
            })
            .collect()
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
        if self.in_footnote {
            self.out.push_str("#strong[");
            self.inlines(content, 1);
            self.out.push_str("]\n\n");
            return;
        }
        let _ = write!(self.out, "#heading(level: {level})[");
        self.inlines(content, 1);
        self.out.push(']');
        self.label(id);
        self.out.push_str("\n\n");
    }

    /// Attaches `id` (unique in the document, as resolve made it) as a label to the element just
    /// written.
    fn label(&mut self, id: &str) {
        let _ = write!(self.out, "#label({})", lit(id));
        self.labelled.insert(id.to_string());
    }

    /// Turns the links to an id that was never labelled (a footnote, or a heading inside one,
    /// which prints as bold text) into their plain text: the source without their opening and
    /// closing. Links to an id labelled before them need no check.
    fn unlink_missing_targets(&mut self) {
        let mut cuts: Vec<Range<usize>> = Vec::new();
        for link in &self.forward_links {
            if !self.labelled.contains(&link.id) {
                cuts.push(link.opening.clone());
                cuts.push(link.closing..link.closing + 1);
            }
        }
        if cuts.is_empty() {
            return;
        }
        // A link's text may hold a footnote that holds a link: the cuts nest, never overlap.
        cuts.sort_by_key(|cut| cut.start);
        let mut kept = String::with_capacity(self.out.len());
        let mut from = 0;
        for cut in cuts {
            kept.push_str(&self.out[from..cut.start]);
            from = cut.end;
        }
        kept.push_str(&self.out[from..]);
        self.out = kept;
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
        if let Some(id) = &item.id {
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
        let columns = alignments
            .len()
            .max(header.len())
            .max(rows.iter().map(|r| r.len()).max().unwrap_or(0));
        // Wide tables are set smaller, never under 9 pt.
        let scale = match columns {
            0..=3 => 1.0,
            4 => 0.9,
            5 => 0.85,
            6 => 0.8,
            _ => 0.75,
        };
        if self.small_size.is_some() && columns > LARGE_PRINT_TABLE_COLUMNS {
            self.stacked_table(columns, header, rows);
            return;
        }
        let floor = self.small_size.unwrap_or(9.0_f64.min(self.body_size));
        let size = (self.body_size * scale).max(floor);
        let align: Vec<&str> = (0..columns)
            // Where lines start and end, so that a right-to-left table mirrors.
            .map(|i| match alignments.get(i) {
                Some(Alignment::Center) => "center",
                Some(Alignment::Right) => "end",
                _ => "start",
            })
            .collect();
        let _ = writeln!(
            self.out,
            "#data-table({size}pt, table(\n  columns: ({}),\n  align: ({},),",
            vec!["auto"; columns].join(", ") + if columns == 1 { "," } else { "" },
            align.join(", ")
        );
        if !header.is_empty() {
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
            if columns > 1 && row.iter().skip(1).all(|cell| model::is_blank(cell)) {
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

    /// A table too wide for large print, as one block per row: each cell on a line of its own
    /// after its column's header, so that nothing is set smaller or squeezed.
    fn stacked_table(&mut self, columns: usize, header: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) {
        let names: Vec<String> = (0..columns)
            .map(|i| {
                header
                    .get(i)
                    .map(|cell| clean(&plain_text(cell)))
                    .unwrap_or_default()
            })
            .collect();
        for row in rows {
            self.out.push_str("#stacked-row[\n");
            // A note row (only its first cell filled) belongs to no column: it prints alone.
            let note = row.iter().skip(1).all(|cell| model::is_blank(cell));
            for (i, cell) in row.iter().enumerate().take(columns) {
                if model::is_blank(cell) {
                    continue;
                }
                if let Some(name) = names.get(i).filter(|name| !name.is_empty() && !note) {
                    let _ = write!(self.out, "#strong[{}:] ", markup(name));
                }
                self.inlines(cell, 1);
                self.out.push_str("\n\n");
            }
            self.out.push_str("]\n\n");
        }
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
                let Some(target) = crate::writers::find_document(self.documents, path) else {
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
                self.note_mark(number);
            }
            LinkTarget::Anchor { id, .. } => {
                let start = self.out.len();
                let _ = write!(self.out, "#link({})[", lit(&anchors::url(id)));
                let opening = start..self.out.len();
                self.link_text(content, id, depth);
                if !self.labelled.contains(id) {
                    self.forward_links.push(ForwardLink {
                        id: id.clone(),
                        opening,
                        closing: self.out.len(),
                    });
                }
                self.out.push(']');
            }
            LinkTarget::Unresolved { href } => self.link_text(content, href, depth),
        }
    }

    /// The mark after a link that points to its numbered note (at the smallest size in large
    /// print, where the regular mark would be smaller than that).
    fn note_mark(&mut self, number: usize) {
        match self.small_size {
            Some(size) => {
                let _ = write!(self.out, "#note-mark({number}, size: {size}pt)");
            }
            None => {
                let _ = write!(self.out, "#note-mark({number})");
            }
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
            self.note_mark(number);
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
            && let Some(asset) = self.assets.get(path)
        {
            let virtual_path = asset_path(path);
            if world::file_id(&virtual_path).is_some() {
                self.files
                    .entry(virtual_path.clone())
                    .or_insert_with(|| Bytes::new(asset.bytes.clone()));
                // Typst names image formats by their usual extension.
                let format = asset.format.extension();
                let alt = description
                    .clone()
                    .unwrap_or_else(|| self.messages.text("image"));
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
        let description = description.unwrap_or_else(|| self.messages.text("image"));
        let caption = self.message("figure", "description", &markup(&description));
        let _ = write!(self.out, "#figure-box[{caption}]");
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
        let heading = lit(&self.messages.text("links-heading"));
        let _ = writeln!(self.out, "#link-notes({heading}, (");
        for note in &self.notes {
            let (url, shown) = match &note.url {
                Some(url) => (lit(url), lit(url)),
                None => ("none".to_string(), "none".to_string()),
            };
            let title = note
                .title
                .as_deref()
                .map(|t| {
                    format!(
                        "[{}]",
                        self.message("link-note-document", "title", &markup(&clean(t)))
                    )
                })
                .unwrap_or_else(|| "none".to_string());
            let _ = writeln!(self.out, "  (url: {url}, shown: {shown}, title: {title}),");
        }
        self.out.push_str("))\n");
    }
}

/// A link to `url` showing the address itself, as Typst markup.
fn link_markup(url: &str) -> String {
    format!("#link({}, {})", lit(url), lit(url))
}

/// Where a file of INPUT is mounted in the Typst world.
pub(super) fn asset_path(path: &str) -> String {
    format!("{ASSETS_DIR}{}", path.trim_start_matches('/'))
}

fn is_tight(items: &[ListItem]) -> bool {
    items.iter().all(|item| item.blocks.len() <= 1)
}

/// The title in the running header, shortened to fit one line (fewer characters in large print).
fn short_title(title: &str, large_print: bool) -> String {
    let title = clean(title);
    let max: usize = if large_print { 50 } else { 80 };
    if title.chars().count() <= max {
        return title;
    }
    let cut: String = title.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > max / 2 => cut[..space].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(markdown: &str) -> Document {
        crate::parse::parse_document("a.md", markdown.as_bytes())
            .0
            .expect("document")
    }

    #[test]
    fn body_size_follows_large_print_and_override() {
        let doc = document("---\ntitle: T\n---\n\nText.\n");
        let documents: Vec<Document> = Vec::new();
        let assets = super::Assets::new();
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
                .contains("body-size: 18pt")
        );
        let large = generate(&doc, &options, &assets, &documents).source;
        assert!(large.contains("small-size: 14pt"), "{large}");
        assert!(large.contains("margin: 1in"), "{large}");
        let table = document(
            "---\ntitle: T\n---\n\n| A | B | C | D |\n|---|---|---|---|\n| 1 | 2 | 3 | 4 |\n| note | | | |\n\n| A | B |\n|---|---|\n| 1 | 2 |\n",
        );
        let stacked = generate(&table, &options, &assets, &documents).source;
        assert_eq!(stacked.matches("#stacked-row[").count(), 2, "{stacked}");
        assert_eq!(stacked.matches("#data-table(").count(), 1, "{stacked}");
        assert_eq!(stacked.matches("#strong[").count(), 4, "{stacked}");
        options.body_size_pt = Some(13.0);
        assert!(
            generate(&doc, &options, &assets, &documents)
                .source
                .contains("body-size: 13pt")
        );
    }
}
