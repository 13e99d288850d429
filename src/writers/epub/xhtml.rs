//! Well-formed XHTML chapters from the model: escaped text, safe ids and links, EPUB 3 footnotes.

use crate::model::{
    self, Alignment, Block, BlockKind, Document, Footnote, ImageSource, Inline, LinkTarget,
    ListItem,
};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Deepest block nesting rendered; deeper content is dropped rather than recursed into.
const MAX_DEPTH: usize = 100;

/// Removes the characters XML 1.0 forbids (and the control and non-characters HTML rejects).
pub fn clean_text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().all(is_allowed_char) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.chars().filter(|c| is_allowed_char(*c)).collect())
    }
}

fn is_allowed_char(c: char) -> bool {
    let code = c as u32;
    match code {
        0x09 | 0x0A | 0x0D => true,
        0x00..=0x1F | 0x7F..=0x9F => false,
        0xFDD0..=0xFDEF => false,
        _ => (code & 0xFFFE) != 0xFFFE,
    }
}

/// Escaped element text.
pub fn text(s: &str) -> String {
    html_escape::encode_text(&clean_text(s)).into_owned()
}

/// Appends `s` to `out` as escaped element text.
fn push_text(out: &mut String, s: &str) {
    html_escape::encode_text_to_string(clean_text(s), out);
}

/// Escaped double-quoted attribute value.
pub fn attr(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(&clean_text(s)).into_owned()
}

/// Appends `s` to `out` as an escaped double-quoted attribute value.
fn push_attr(out: &mut String, s: &str) {
    html_escape::encode_double_quoted_attribute_to_string(clean_text(s), out);
}

/// Text with whitespace runs collapsed to single spaces and trimmed.
pub fn normalize_space(s: &str) -> String {
    clean_text(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A valid, ASCII element id from any string: letters, digits, `-`, `_`, `.`, starting with a letter.
pub fn safe_id(raw: &str) -> String {
    let mut id: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    id.truncate(80);
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id.insert_str(0, "id-");
    }
    id
}

/// A valid EPUB link to an external resource: `http(s):` or `mailto:` only, with stray `%` escaped.
pub fn safe_external_url(raw: &str) -> Option<String> {
    let trimmed = clean_text(raw.trim()).into_owned();
    let bytes = trimmed.as_bytes();
    let mut fixed = String::with_capacity(trimmed.len());
    for (i, c) in trimmed.char_indices() {
        let escape_ok = c == '%'
            && bytes.len() > i + 2
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit();
        if c == '%' && !escape_ok {
            fixed.push_str("%25");
        } else {
            fixed.push(c);
        }
    }
    let url = url::Url::parse(&fixed).ok()?;
    match url.scheme() {
        "http" | "https" => url
            .host_str()
            .filter(|h| !h.is_empty())
            .map(|_| url.to_string()),
        "mailto" if url.path().contains('@') => Some(url.to_string()),
        _ => None,
    }
}

/// Whether the plain text of `inlines` ([`model::plain_text`]) is only white space and
/// characters XML leaves out.
fn has_no_text(inlines: &[Inline]) -> bool {
    let mut blank = true;
    model::for_each_plain_text(inlines, &mut |piece| {
        blank = blank
            && piece
                .chars()
                .all(|c| c.is_whitespace() || !is_allowed_char(c))
    });
    blank
}

/// Gives out ids unique within one chapter.
#[derive(Debug, Clone, Default)]
pub struct IdAllocator {
    used: HashSet<String>,
}

impl IdAllocator {
    /// A fresh id derived from `raw`, never given out before by this allocator.
    pub fn allocate(&mut self, raw: &str) -> String {
        let base = safe_id(raw);
        let mut candidate = base.clone();
        let mut n = 1;
        while self.used.contains(&candidate) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        self.used.insert(candidate.clone());
        candidate
    }
}

/// How one heading of the body is rendered.
#[derive(Debug, Clone)]
struct HeadingPlan {
    id: String,
    level: u8,
}

/// Where a chapter's anchors are: what every other chapter needs to link into it.
#[derive(Debug, Clone, Default)]
pub struct ChapterIndex {
    /// The chapter's file name inside the booklet.
    pub file: String,
    /// The chapter's title.
    pub title: String,
    /// Model id (heading, list item, footnote) -> the element id emitted for its first occurrence.
    pub ids: HashMap<String, String>,
    headings: HashMap<usize, HeadingPlan>,
    items: HashMap<usize, String>,
    footnotes: Vec<String>,
    allocator: IdAllocator,
}

/// The whole booklet's chapters, by document path, for cross-chapter links.
pub type BookIndex = BTreeMap<String, ChapterIndex>;

/// An embedded image: its path inside the booklet and media type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageResource {
    /// Path relative to the chapter files (`images/img-....png`).
    pub href: String,
    /// Media type (`image/png`, ...).
    pub media_type: &'static str,
}

/// What a rendered chapter needs from the rest of the booklet.
pub struct ChapterContext<'a> {
    /// Language of the booklet, used when the document has none.
    pub language: &'a str,
    /// Every chapter's anchors.
    pub index: &'a BookIndex,
    /// Embedded images by asset path.
    pub images: &'a BTreeMap<String, ImageResource>,
}

/// A rendered chapter.
#[derive(Debug, Clone, Default)]
pub struct RenderedChapter {
    /// The chapter title as shown.
    pub title: String,
    /// The XHTML document.
    pub xhtml: String,
    /// Second-level navigation: (element id, title) of each H2 section.
    pub sections: Vec<(String, String)>,
    /// Embedded images with alt text.
    pub images_with_alt: usize,
    /// Embedded images without alt text.
    pub images_without_alt: usize,
}

/// The title a chapter shows: the document title, else its file name.
pub fn chapter_title(document: &Document) -> String {
    let title = normalize_space(&document.title);
    if !title.is_empty() {
        return title;
    }
    let stem = document.path.rsplit('/').next().unwrap_or(&document.path);
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    let stem = normalize_space(&stem.replace(['-', '_'], " "));
    if stem.is_empty() {
        "Untitled document".to_string()
    } else {
        stem
    }
}

/// A usable language tag, if `raw` looks like one.
pub fn valid_language(raw: &str) -> Option<String> {
    let tag = raw.trim();
    let ok = !tag.is_empty()
        && tag.len() <= 35
        && tag.split('-').all(|part| {
            !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
        && tag
            .split('-')
            .next()
            .is_some_and(|p| p.chars().all(|c| c.is_ascii_alphabetic()));
    ok.then(|| tag.to_string())
}

/// Whether a heading repeats the title, also when the title carries a site suffix (`Title - NCI`).
fn heading_is_title(content: &[Inline], title: &str) -> bool {
    let heading = normalize_space(&model::plain_text(content)).to_lowercase();
    let title = title.to_lowercase();
    if heading == title {
        return true;
    }
    [" - ", " | ", " — ", " – "].iter().any(|separator| {
        title
            .rsplit_once(separator)
            .is_some_and(|(core, suffix)| core.trim() == heading && suffix.chars().count() <= 40)
    })
}

/// Works out the ids and heading levels of a chapter before anything is rendered.
pub fn index_chapter(document: &Document, file: &str) -> ChapterIndex {
    let title = chapter_title(document);
    let mut index = ChapterIndex {
        file: file.to_string(),
        title: title.clone(),
        ..ChapterIndex::default()
    };
    let mut previous_level = 1u8;
    let mut visit = |block: &Block, index: &mut ChapterIndex, in_footnote: bool| match &block.kind {
        BlockKind::Heading { level, id, content } => {
            if !keep_heading(content, *level, &title) {
                return;
            }
            let level = if in_footnote {
                0
            } else {
                (*level).clamp(2, 6).min(previous_level + 1)
            };
            if !in_footnote {
                previous_level = level;
            }
            let emitted =
                index
                    .allocator
                    .allocate(if id.trim().is_empty() { "section" } else { id });
            if !id.is_empty() {
                index
                    .ids
                    .entry(id.clone())
                    .or_insert_with(|| emitted.clone());
            }
            index.headings.insert(
                block as *const Block as usize,
                HeadingPlan { id: emitted, level },
            );
        }
        BlockKind::List { items, .. } => {
            for item in items {
                if let Some(id) = item.id.as_deref().filter(|id| !id.trim().is_empty()) {
                    let emitted = index.allocator.allocate(id);
                    index
                        .ids
                        .entry(id.to_string())
                        .or_insert_with(|| emitted.clone());
                    index
                        .items
                        .insert(item as *const ListItem as usize, emitted);
                }
            }
        }
        _ => {}
    };
    walk_limited(&document.blocks, 0, &mut |b| visit(b, &mut index, false));
    for note in &document.footnotes {
        let emitted = index.allocator.allocate(if note.id.trim().is_empty() {
            "fn"
        } else {
            &note.id
        });
        if !note.id.is_empty() {
            index
                .ids
                .entry(note.id.clone())
                .or_insert_with(|| emitted.clone());
        }
        index.footnotes.push(emitted);
        walk_limited(&note.blocks, 0, &mut |b| visit(b, &mut index, true));
    }
    index
}

fn keep_heading(content: &[Inline], level: u8, title: &str) -> bool {
    let empty = normalize_space(&model::plain_text(content)).is_empty();
    !(empty || (level <= 1 && heading_is_title(content, title)))
}

fn walk_limited<'a>(blocks: &'a [Block], depth: usize, f: &mut dyn FnMut(&'a Block)) {
    if depth > MAX_DEPTH {
        return;
    }
    for block in blocks {
        f(block);
        match &block.kind {
            BlockKind::List { items, .. } => items
                .iter()
                .for_each(|item| walk_limited(&item.blocks, depth + 1, f)),
            BlockKind::BlockQuote { blocks } => walk_limited(blocks, depth + 1, f),
            _ => {}
        }
    }
}

/// The start of every XHTML page of the booklet, up to and including `<body>`.
pub fn page_head(language: &str, title: &str) -> String {
    let lang = attr(language);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n",
        text(title)
    )
}

struct Renderer<'a> {
    document: &'a Document,
    own: &'a ChapterIndex,
    ctx: &'a ChapterContext<'a>,
    allocator: IdAllocator,
    out: String,
    sections: Vec<(String, String)>,
    /// Element id of the first reference to each footnote, by footnote position.
    noterefs: HashMap<usize, String>,
    images_with_alt: usize,
    images_without_alt: usize,
}

/// Renders one document as a chapter. `index` must come from [`index_chapter`] for the same document.
pub fn render_chapter(
    document: &Document,
    index: &ChapterIndex,
    ctx: &ChapterContext<'_>,
) -> RenderedChapter {
    let title = chapter_title(document);
    let language = document
        .metadata
        .language
        .as_deref()
        .and_then(valid_language)
        .unwrap_or_else(|| ctx.language.to_string());
    let mut r = Renderer {
        document,
        own: index,
        ctx,
        allocator: index.allocator.clone(),
        out: String::with_capacity(4096),
        sections: Vec::new(),
        noterefs: HashMap::default(),
        images_with_alt: 0,
        images_without_alt: 0,
    };
    r.out.push_str(&page_head(&language, &title));
    r.out.push_str(
        "<body>\n<section class=\"chapter\" epub:type=\"chapter\" role=\"doc-chapter\">\n",
    );
    let _ = writeln!(r.out, "<h1>{}</h1>", text(&title));
    r.source_line();
    r.blocks(&document.blocks, 0, false);
    r.footnotes();
    r.out.push_str("</section>\n</body>\n</html>\n");
    RenderedChapter {
        title,
        xhtml: r.out,
        sections: r.sections,
        images_with_alt: r.images_with_alt,
        images_without_alt: r.images_without_alt,
    }
}

impl Renderer<'_> {
    fn source_line(&mut self) {
        let meta = &self.document.metadata;
        let mut parts = Vec::new();
        if let Some(source) = meta
            .source
            .as_deref()
            .map(normalize_space)
            .filter(|s| !s.is_empty())
        {
            parts.push(format!("Source: {}", text(&source)));
        }
        if let Some(date) = meta.last_reviewed {
            parts.push(format!(
                "Last reviewed: <time datetime=\"{date}\">{date}</time>"
            ));
        }
        if let Some(url) = meta.url.as_deref().and_then(safe_external_url) {
            parts.push(format!(
                "Online: <a href=\"{}\">{}</a>",
                attr(&url),
                text(&url)
            ));
        }
        if !parts.is_empty() {
            let _ = writeln!(self.out, "<p class=\"doc-meta\">{}</p>", parts.join(" · "));
        }
    }

    fn blocks(&mut self, blocks: &[Block], depth: usize, in_footnote: bool) {
        if depth > MAX_DEPTH {
            return;
        }
        for block in blocks {
            self.block(block, depth, in_footnote);
        }
    }

    fn block(&mut self, block: &Block, depth: usize, in_footnote: bool) {
        match &block.kind {
            BlockKind::Heading { content, .. } => {
                let Some(plan) = self
                    .own
                    .headings
                    .get(&(block as *const Block as usize))
                    .cloned()
                else {
                    return;
                };
                if plan.level == 0 {
                    let html = self.inline_html(content);
                    let _ = writeln!(
                        self.out,
                        "<p id=\"{}\" class=\"note-heading\"><strong>{html}</strong></p>",
                        attr(&plan.id)
                    );
                    return;
                }
                if plan.level == 2 && depth == 0 && !in_footnote {
                    self.sections.push((
                        plan.id.clone(),
                        normalize_space(&model::plain_text(content)),
                    ));
                }
                let html = self.inline_html(content);
                let _ = writeln!(
                    self.out,
                    "<h{l} id=\"{}\">{html}</h{l}>",
                    attr(&plan.id),
                    l = plan.level
                );
            }
            BlockKind::Paragraph { content } => {
                if let Some((source, alt, title)) = lone_image(content) {
                    self.figure(source, alt, title, None);
                } else if let Some((target, (source, alt, title))) = lone_linked_image(content) {
                    let href = self.href(target);
                    self.figure(source, alt, title, href);
                } else if !is_blank(content) {
                    // Written straight into the chapter: paragraphs are most of its text.
                    let mut out = std::mem::take(&mut self.out);
                    out.push_str("<p>");
                    self.inlines(content, &mut out, false, 0);
                    out.push_str("</p>\n");
                    self.out = out;
                }
            }
            BlockKind::List { start, items } => {
                if items.is_empty() {
                    return;
                }
                match start {
                    Some(1) => self.out.push_str("<ol>\n"),
                    Some(n) => {
                        let _ = writeln!(self.out, "<ol start=\"{n}\">");
                    }
                    None => self.out.push_str("<ul>\n"),
                }
                for item in items {
                    self.list_item(item, depth, in_footnote);
                }
                self.out.push_str(if start.is_some() {
                    "</ol>\n"
                } else {
                    "</ul>\n"
                });
            }
            BlockKind::Table {
                alignments,
                header,
                rows,
            } => self.table(alignments, header, rows),
            BlockKind::BlockQuote { blocks } => {
                if blocks.is_empty() {
                    return;
                }
                self.out.push_str("<blockquote>\n");
                self.blocks(blocks, depth + 1, in_footnote);
                self.out.push_str("</blockquote>\n");
            }
            BlockKind::CodeBlock { code, .. } => {
                let _ = writeln!(
                    self.out,
                    "<pre><code>{}</code></pre>",
                    text(code.trim_end_matches('\n'))
                );
            }
            BlockKind::ThematicBreak => self.out.push_str("<hr/>\n"),
        }
    }

    fn list_item(&mut self, item: &ListItem, depth: usize, in_footnote: bool) {
        let id = self.own.items.get(&(item as *const ListItem as usize));
        let mut open = String::from("<li");
        if let Some(id) = id {
            let _ = write!(open, " id=\"{}\"", attr(id));
        }
        if item.task.is_some() {
            open.push_str(" class=\"task\"");
        }
        open.push('>');
        self.out.push_str(&open);
        if let Some(checked) = item.task {
            self.out.push_str(if checked {
                "<span class=\"task-mark\">☑</span> "
            } else {
                "<span class=\"task-mark\">☐</span> "
            });
        }
        match item.blocks.as_slice() {
            [
                Block {
                    kind: BlockKind::Paragraph { content },
                    ..
                },
            ] if lone_image(content).is_none() => {
                let html = self.inline_html(content);
                self.out.push_str(&html);
            }
            blocks => {
                self.out.push('\n');
                self.blocks(blocks, depth + 1, in_footnote);
            }
        }
        self.out.push_str("</li>\n");
    }

    fn table(
        &mut self,
        alignments: &[Alignment],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
    ) {
        let rows: Vec<&Vec<Vec<Inline>>> = rows
            .iter()
            .filter(|row| !row.iter().all(|c| is_blank(c)))
            .collect();
        let has_header = !header.iter().all(|c| is_blank(c));
        if rows.is_empty() && !has_header {
            return;
        }
        let columns = rows
            .iter()
            .map(|r| r.len())
            .chain(std::iter::once(header.len()))
            .max()
            .unwrap_or(0);
        let class = |i: usize| match alignments.get(i) {
            Some(Alignment::Left) => " class=\"left\"",
            Some(Alignment::Center) => " class=\"center\"",
            Some(Alignment::Right) => " class=\"right\"",
            _ => "",
        };
        // The wrapper scrolls a wide table sideways: it takes keyboard focus, so that a reader
        // without a mouse can scroll it too.
        self.out
            .push_str("<div class=\"table-wrap\" tabindex=\"0\">\n<table>\n");
        if has_header {
            self.out.push_str("<thead>\n<tr>");
            for i in 0..columns {
                let cell = header
                    .get(i)
                    .map(|c| self.inline_html(c))
                    .unwrap_or_default();
                // A header cell with no text heads nothing: an empty data cell says so to
                // assistive technology, where an empty `<th>` would announce a blank header.
                if header.get(i).is_none_or(|c| is_blank(c)) {
                    let _ = write!(self.out, "<td{}>{cell}</td>", class(i));
                } else {
                    let _ = write!(self.out, "<th scope=\"col\"{}>{cell}</th>", class(i));
                }
            }
            self.out.push_str("</tr>\n</thead>\n");
        }
        if !rows.is_empty() {
            self.out.push_str("<tbody>\n");
            for row in rows {
                self.out.push_str("<tr>");
                for i in 0..columns {
                    let cell = row.get(i).map(|c| self.inline_html(c)).unwrap_or_default();
                    let _ = write!(self.out, "<td{}>{cell}</td>", class(i));
                }
                self.out.push_str("</tr>\n");
            }
            self.out.push_str("</tbody>\n");
        }
        self.out.push_str("</table>\n</div>\n");
    }

    fn figure(&mut self, source: &ImageSource, alt: &str, title: &str, link: Option<String>) {
        let alt = normalize_space(alt);
        let caption = if alt.is_empty() {
            normalize_space(title)
        } else {
            alt.clone()
        };
        let linked = |html: String| match &link {
            Some(href) => format!("<a href=\"{}\">{html}</a>", attr(href)),
            None => html,
        };
        match self.embedded(source) {
            Some(image) => {
                self.count_image(&alt);
                let img = linked(format!(
                    "<img src=\"{}\" alt=\"{}\"/>",
                    attr(&image.href),
                    attr(&alt)
                ));
                let _ = write!(self.out, "<figure class=\"image\">\n{img}\n");
                if !caption.is_empty() {
                    let _ = writeln!(self.out, "<figcaption>{}</figcaption>", text(&caption));
                }
                self.out.push_str("</figure>\n");
            }
            None => {
                let caption = linked(text(&placeholder(&caption)));
                let _ = writeln!(
                    self.out,
                    "<figure class=\"image-placeholder\">\n<figcaption>{caption}</figcaption>\n</figure>"
                );
            }
        }
    }

    fn count_image(&mut self, alt: &str) {
        if alt.is_empty() {
            self.images_without_alt += 1;
        } else {
            self.images_with_alt += 1;
        }
    }

    fn embedded(&self, source: &ImageSource) -> Option<ImageResource> {
        match source {
            ImageSource::Local { path } => self.ctx.images.get(path).cloned(),
            _ => None,
        }
    }

    fn inline_html(&mut self, inlines: &[Inline]) -> String {
        let mut out = String::new();
        self.inlines(inlines, &mut out, false, 0);
        out
    }

    fn inlines(&mut self, inlines: &[Inline], out: &mut String, in_link: bool, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for inline in inlines {
            match inline {
                Inline::Text { text: t } => push_text(out, t),
                Inline::Emphasis { content } => self.wrap("em", content, out, in_link, depth),
                Inline::Strong { content } => self.wrap("strong", content, out, in_link, depth),
                Inline::Strikethrough { content } => self.wrap("s", content, out, in_link, depth),
                Inline::Code { code } => {
                    out.push_str("<code>");
                    push_text(out, code);
                    out.push_str("</code>");
                }
                Inline::LineBreak => out.push_str("<br/>"),
                Inline::Link {
                    target,
                    title,
                    content,
                } => self.link(target, title, content, out, in_link, depth),
                Inline::Image { source, alt, title } => {
                    let alt = normalize_space(alt);
                    match self.embedded(source) {
                        Some(image) => {
                            self.count_image(&alt);
                            let _ = write!(
                                out,
                                "<img class=\"inline\" src=\"{}\" alt=\"{}\"/>",
                                attr(&image.href),
                                attr(&alt)
                            );
                        }
                        None => {
                            let caption = if alt.is_empty() {
                                normalize_space(title)
                            } else {
                                alt
                            };
                            let _ = write!(
                                out,
                                "<span class=\"image-placeholder\">[{}]</span>",
                                text(&placeholder(&caption))
                            );
                        }
                    }
                }
                Inline::FootnoteRef { id, number, .. } => self.noteref(id, *number, out, in_link),
            }
        }
    }

    fn wrap(
        &mut self,
        tag: &str,
        content: &[Inline],
        out: &mut String,
        in_link: bool,
        depth: usize,
    ) {
        // Rendered in place; the element is taken back out if it has nothing in it.
        let start = out.len();
        let _ = write!(out, "<{tag}>");
        let content_start = out.len();
        self.inlines(content, out, in_link, depth + 1);
        if out.len() == content_start {
            out.truncate(start);
        } else {
            let _ = write!(out, "</{tag}>");
        }
    }

    fn link(
        &mut self,
        target: &LinkTarget,
        title: &str,
        content: &[Inline],
        out: &mut String,
        in_link: bool,
        depth: usize,
    ) {
        let href = if in_link { None } else { self.href(target) };
        let Some(href) = href else {
            self.inlines(content, out, true, depth + 1);
            return;
        };
        out.push_str("<a href=\"");
        push_attr(out, &href);
        out.push('"');
        let title = normalize_space(title);
        if !title.is_empty() {
            out.push_str(" title=\"");
            push_attr(out, &title);
            out.push('"');
        }
        out.push('>');
        // A link with nothing to read shows where it goes instead.
        if has_no_text(content) && !content.iter().any(|i| matches!(i, Inline::Image { .. })) {
            // Still rendered, and thrown away: an image inside, without alt text, must be counted.
            let mut unread = String::new();
            self.inlines(content, &mut unread, true, depth + 1);
            match target {
                LinkTarget::External { url, .. } => push_text(out, url),
                LinkTarget::Document { path, .. } => {
                    if let Some(chapter) = self.ctx.index.get(path) {
                        push_text(out, &chapter.title);
                    }
                }
                _ => push_text(out, &href),
            }
        } else {
            self.inlines(content, out, true, depth + 1);
        }
        out.push_str("</a>");
    }

    fn href(&self, target: &LinkTarget) -> Option<String> {
        match target {
            LinkTarget::External { url, .. } => safe_external_url(url),
            LinkTarget::Document { path, fragment } => {
                let chapter = self.ctx.index.get(path)?;
                let anchor = fragment.as_ref().and_then(|f| chapter.ids.get(f));
                Some(match anchor {
                    Some(id) if chapter.file == self.own.file => format!("#{id}"),
                    Some(id) => format!("{}#{id}", chapter.file),
                    None => chapter.file.clone(),
                })
            }
            LinkTarget::Anchor { id, .. } => self.own.ids.get(id).map(|id| format!("#{id}")),
            LinkTarget::Unresolved { .. } => None,
        }
    }

    fn noteref(&mut self, id: &str, number: u32, out: &mut String, in_link: bool) {
        let position = self.document.footnotes.iter().position(|n| n.id == id);
        let (Some(position), false) = (position, in_link) else {
            let _ = write!(out, "<sup>{number}</sup>");
            return;
        };
        let Some(target) = self.own.footnotes.get(position) else {
            return;
        };
        let own_id = self.allocator.allocate(&format!("fnref-{}", safe_id(id)));
        self.noterefs
            .entry(position)
            .or_insert_with(|| own_id.clone());
        let _ = write!(
            out,
            "<a class=\"noteref\" epub:type=\"noteref\" role=\"doc-noteref\" id=\"{}\" href=\"#{}\">{}</a>",
            attr(&own_id),
            attr(target),
            self.document.footnotes[position].number
        );
    }

    fn footnotes(&mut self) {
        let notes: &[Footnote] = &self.document.footnotes;
        if notes.is_empty() {
            return;
        }
        self.out
            .push_str("<section class=\"footnotes\" epub:type=\"footnotes\">\n<h2>Notes</h2>\n");
        for (position, note) in notes.iter().enumerate() {
            let Some(id) = self.own.footnotes.get(position).cloned() else {
                continue;
            };
            let _ = writeln!(
                self.out,
                "<aside class=\"footnote\" epub:type=\"footnote\" role=\"doc-footnote\" id=\"{}\">",
                attr(&id)
            );
            let back = match self.noterefs.get(&position) {
                Some(reference) => format!(
                    "<a class=\"backlink\" href=\"#{}\">{}.</a> ",
                    attr(reference),
                    note.number
                ),
                None => format!("{}. ", note.number),
            };
            match note.blocks.as_slice() {
                [
                    Block {
                        kind: BlockKind::Paragraph { content },
                        ..
                    },
                ] if lone_image(content).is_none() => {
                    let html = self.inline_html(content);
                    let _ = writeln!(self.out, "<p>{back}{html}</p>");
                }
                blocks => {
                    let _ = writeln!(self.out, "<p>{back}</p>");
                    self.blocks(blocks, 1, true);
                }
            }
            self.out.push_str("</aside>\n");
        }
        self.out.push_str("</section>\n");
    }
}

fn placeholder(caption: &str) -> String {
    if caption.is_empty() {
        "Figure: image not included".to_string()
    } else {
        format!("Figure: {caption}")
    }
}

fn is_blank(content: &[Inline]) -> bool {
    content.iter().all(|i| match i {
        Inline::Text { text } => text.trim().is_empty(),
        Inline::LineBreak => true,
        Inline::Emphasis { content }
        | Inline::Strong { content }
        | Inline::Strikethrough { content } => is_blank(content),
        _ => false,
    })
}

/// The link and image of a paragraph that holds only a link around an image.
fn lone_linked_image(content: &[Inline]) -> Option<(&LinkTarget, (&ImageSource, &str, &str))> {
    let mut found = None;
    for inline in content {
        match inline {
            Inline::Link {
                target, content, ..
            } if found.is_none() => found = Some((&**target, lone_image(content)?)),
            Inline::Text { text } if text.trim().is_empty() => {}
            _ => return None,
        }
    }
    found
}

/// The image of a paragraph that holds nothing else.
fn lone_image(content: &[Inline]) -> Option<(&ImageSource, &str, &str)> {
    let mut image = None;
    for inline in content {
        match inline {
            Inline::Image { source, alt, title } if image.is_none() => {
                image = Some((&**source, alt.as_str(), title.as_str()))
            }
            Inline::Text { text } if text.trim().is_empty() => {}
            Inline::LineBreak => {}
            _ => return None,
        }
    }
    image
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Facts, Metadata};

    fn b(kind: BlockKind) -> Block {
        Block { line: 1, kind }
    }
    fn t(s: &str) -> Inline {
        Inline::text(s)
    }
    fn p(content: Vec<Inline>) -> Block {
        b(BlockKind::Paragraph { content })
    }
    fn h(level: u8, id: &str, s: &str) -> Block {
        b(BlockKind::Heading {
            level,
            id: id.into(),
            content: vec![t(s)],
        })
    }
    fn item(id: Option<&str>, task: Option<bool>, s: &str) -> ListItem {
        ListItem {
            id: id.map(str::to_string),
            task,
            blocks: vec![p(vec![t(s)])],
        }
    }

    fn sample() -> Document {
        let link = |target: LinkTarget, s: &str| Inline::Link {
            target: Box::new(target),
            title: String::new(),
            content: vec![t(s)],
        };
        Document {
            path: "pdq/sample-page.md".into(),
            sha256: "00".into(),
            metadata: Metadata {
                source: Some("NCI & friends".into()),
                url: Some("https://www.cancer.gov/a%zz?q=1&r=2".into()),
                language: Some("en".into()),
                last_reviewed: chrono::NaiveDate::from_ymd_opt(2024, 3, 1),
                ..Metadata::default()
            },
            title: "Sample <page> & title".into(),
            blocks: vec![
                h(1, "sample-page-title", "Sample <page> & title"),
                h(2, "", "   "),
                h(2, "overview", "Overview"),
                p(vec![
                    t("Text with <script>alert(1)</script> & \u{0007}bell "),
                    Inline::Emphasis {
                        content: vec![t("em")],
                    },
                    t(" "),
                    Inline::Strong {
                        content: vec![t("strong")],
                    },
                    t(" "),
                    Inline::Strikethrough {
                        content: vec![t("gone")],
                    },
                    t(" "),
                    Inline::Code { code: "a<b".into() },
                    Inline::LineBreak,
                    link(
                        LinkTarget::External {
                            url: "https://example.org/x?a=1&b=100%".into(),
                            glossary: false,
                        },
                        "external",
                    ),
                    t(" "),
                    link(
                        LinkTarget::External {
                            url: "javascript:alert(1)".into(),
                            glossary: false,
                        },
                        "js",
                    ),
                    t(" "),
                    link(
                        LinkTarget::Unresolved {
                            href: "/about-cancer".into(),
                        },
                        "site-relative",
                    ),
                    t(" "),
                    link(
                        LinkTarget::Anchor {
                            id: "cit-1".into(),
                            citation: true,
                        },
                        "[1]",
                    ),
                    t(" "),
                    link(
                        LinkTarget::Anchor {
                            id: "missing".into(),
                            citation: true,
                        },
                        "[2]",
                    ),
                    t(" "),
                    link(
                        LinkTarget::Document {
                            path: "coping/other.md".into(),
                            fragment: Some("work".into()),
                        },
                        "other",
                    ),
                    t(" "),
                    link(
                        LinkTarget::Document {
                            path: "coping/other.md".into(),
                            fragment: Some("nope".into()),
                        },
                        "other top",
                    ),
                    t(" "),
                    link(
                        LinkTarget::Document {
                            path: "missing.md".into(),
                            fragment: None,
                        },
                        "missing doc",
                    ),
                    t(" "),
                    link(
                        LinkTarget::Document {
                            path: "coping/other.md".into(),
                            fragment: None,
                        },
                        " ",
                    ),
                    Inline::FootnoteRef {
                        label: "a".into(),
                        id: "fn-1".into(),
                        number: 1,
                    },
                ]),
                h(3, "overview", "Duplicate id"),
                h(5, "deep", "Skipped levels"),
                b(BlockKind::List {
                    start: Some(3),
                    items: vec![item(None, None, "three"), item(None, None, "four")],
                }),
                b(BlockKind::List {
                    start: None,
                    items: vec![
                        item(None, Some(true), "done"),
                        item(None, Some(false), "todo"),
                    ],
                }),
                b(BlockKind::List {
                    start: Some(1),
                    items: vec![
                        item(Some("cit-1"), None, "Reference one."),
                        item(Some("cit/2"), None, "Reference two."),
                    ],
                }),
                b(BlockKind::Table {
                    alignments: vec![Alignment::Left, Alignment::Right],
                    header: vec![vec![t("Drug")], vec![t("Dose")]],
                    rows: vec![
                        vec![vec![t("A & B")], vec![t("10 mg")]],
                        vec![vec![t(" ")], vec![]],
                        vec![vec![t("C")]],
                    ],
                }),
                p(vec![Inline::Image {
                    source: Box::new(ImageSource::Remote {
                        url: "https://x/y.png".into(),
                    }),
                    alt: "A chart".into(),
                    title: String::new(),
                }]),
                p(vec![Inline::Image {
                    source: Box::new(ImageSource::Local {
                        path: "img/local.png".into(),
                    }),
                    alt: "Local diagram".into(),
                    title: String::new(),
                }]),
                p(vec![Inline::Link {
                    target: Box::new(LinkTarget::External {
                        url: "https://seer.cancer.gov/x".into(),
                        glossary: false,
                    }),
                    title: String::new(),
                    content: vec![Inline::Image {
                        source: Box::new(ImageSource::Remote {
                            url: "https://x/z.png".into(),
                        }),
                        alt: "Linked chart".into(),
                        title: String::new(),
                    }],
                }]),
                p(vec![
                    t("Inline "),
                    Inline::Image {
                        source: Box::new(ImageSource::Refused),
                        alt: String::new(),
                        title: String::new(),
                    },
                    t(" image"),
                ]),
                b(BlockKind::BlockQuote {
                    blocks: vec![p(vec![t("Quoted")])],
                }),
                b(BlockKind::CodeBlock {
                    language: Some("sh".into()),
                    code: "echo \"<hi>\" &\n".into(),
                }),
                b(BlockKind::ThematicBreak),
            ],
            footnotes: vec![Footnote {
                label: "a".into(),
                id: "fn-1".into(),
                number: 1,
                blocks: vec![p(vec![t("The note <b>.")])],
            }],
            facts: Facts::default(),
        }
    }

    fn other() -> Document {
        Document {
            path: "coping/other.md".into(),
            sha256: "11".into(),
            metadata: Metadata::default(),
            title: String::new(),
            blocks: vec![h(2, "work", "Work")],
            footnotes: vec![],
            facts: Facts::default(),
        }
    }

    fn render(document: &Document) -> RenderedChapter {
        let other = other();
        let mut index = BookIndex::new();
        index.insert(
            document.path.clone(),
            index_chapter(document, "c-chapter.xhtml"),
        );
        if other.path != document.path {
            index.insert(
                other.path.clone(),
                index_chapter(&other, "c-coping-other.xhtml"),
            );
        }
        let mut images = BTreeMap::new();
        images.insert(
            "img/local.png".to_string(),
            ImageResource {
                href: "images/img-0123.png".into(),
                media_type: "image/png",
            },
        );
        let ctx = ChapterContext {
            language: "en",
            index: &index,
            images: &images,
        };
        render_chapter(document, &index[&document.path], &ctx)
    }

    #[test]
    fn chapter_xhtml_snapshot() {
        let chapter = render(&sample());
        insta::assert_snapshot!(chapter.xhtml);
        assert_eq!(
            chapter.sections,
            vec![("overview".to_string(), "Overview".to_string())]
        );
        assert_eq!(
            (chapter.images_with_alt, chapter.images_without_alt),
            (1, 0)
        );
    }

    #[test]
    fn untitled_chapter_snapshot() {
        let chapter = render(&other());
        assert_eq!(chapter.title, "other");
        insta::assert_snapshot!(chapter.xhtml);
    }

    #[test]
    fn ids_are_unique_and_safe() {
        let xhtml = render(&sample()).xhtml;
        let mut seen = HashSet::default();
        for part in xhtml.split(" id=\"").skip(1) {
            let id = part.split('"').next().unwrap_or_default();
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
                "{id}"
            );
            assert!(seen.insert(id.to_string()), "duplicate id {id}");
        }
        assert!(!xhtml.contains("<script"));
        assert!(!xhtml.contains("href=\"/"));
        assert!(!xhtml.contains("javascript:"));
        assert!(!xhtml.contains('\u{7}'));
    }

    #[test]
    fn urls_are_checked() {
        assert_eq!(
            safe_external_url("https://a.org/100%").as_deref(),
            Some("https://a.org/100%25")
        );
        assert_eq!(
            safe_external_url("https://a.org/%41").as_deref(),
            Some("https://a.org/%41")
        );
        assert_eq!(safe_external_url("data:text/html,x"), None);
        assert_eq!(safe_external_url("file:///etc/passwd"), None);
        assert_eq!(safe_external_url("/relative"), None);
        assert_eq!(
            safe_external_url("mailto:a@b.org").as_deref(),
            Some("mailto:a@b.org")
        );
    }

    #[test]
    fn forbidden_characters_are_removed() {
        assert_eq!(text("a\u{0}b\u{FFFE}c\u{1}<"), "abc&lt;");
        for (raw, kept) in [
            (
                "plain text, tab\t and lines\r\n",
                "plain text, tab\t and lines\r\n",
            ),
            ("it’s “quoted” — café ✓", "it’s “quoted” — café ✓"),
            ("no-break\u{a0}space © 2024", "no-break\u{a0}space © 2024"),
            ("emoji 🎗 and \u{1FFFE}plane", "emoji 🎗 and plane"),
            ("c1\u{85}\u{9F} del\u{7F}", "c1 del"),
            ("nonchar\u{FDD0}\u{FDEF}\u{FFFF}\u{FEFF}", "nonchar\u{FEFF}"),
            (&format!("{}\u{8}", "x".repeat(40)), &"x".repeat(40)),
        ] {
            assert_eq!(clean_text(raw), kept, "{raw:?}");
        }
        assert_eq!(safe_id("cit/section_1.20"), "cit-section_1.20");
        assert_eq!(safe_id("1abc"), "id-1abc");
    }
}
