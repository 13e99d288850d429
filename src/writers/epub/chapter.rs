//! One XHTML chapter per document: the model rendered as it is, with EPUB 3 footnotes and
//! links to the other chapters.

use super::xml::{attr, is_allowed_char, normalize_space, push_attr, push_text, text};
use crate::locale::{MessagePart, Messages};
use crate::model::{
    self, Alignment, Block, BlockKind, Document, Footnote, ImageSource, Inline, Language,
    LinkTarget, ListItem,
};
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Deepest block nesting rendered; deeper content is dropped rather than recursed into.
const MAX_DEPTH: usize = 100;

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

/// What other chapters need to link to a chapter. Its element ids are the model's own: resolve
/// made them unique and valid.
#[derive(Debug, Clone, Default)]
pub struct ChapterIndex {
    /// The chapter's file name inside the booklet.
    pub file: String,
    /// The chapter's title.
    pub title: String,
}

/// The whole booklet's chapters, by document path, for cross-chapter links.
pub type BookIndex = BTreeMap<String, ChapterIndex>;

/// Where a document's chapter is and what it is called.
pub fn index_chapter(document: &Document, file: &str) -> ChapterIndex {
    ChapterIndex {
        file: file.to_string(),
        title: document.title.clone(),
    }
}

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

/// The start of every XHTML page of the booklet, up to and including `<head>`'s end: the page
/// is marked with its language (`lang`, `xml:lang`) and the direction of its script (`dir`).
pub fn page_head(language: &Language, title: &str) -> String {
    let lang = attr(&language.tag);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\" dir=\"{}\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n",
        language.direction.as_str(),
        text(title)
    )
}

/// A message whose arguments are markup: its text parts escaped, each argument `names[i]`
/// replaced by `markup[i]` as it is.
pub fn message_markup(messages: &Messages, id: &str, names: &[&str], markup: &[&str]) -> String {
    let mut out = String::new();
    for part in messages.parts(id, names) {
        match part {
            MessagePart::Text(words) => push_text(&mut out, &words),
            MessagePart::Argument(i) => out.push_str(markup.get(i).copied().unwrap_or_default()),
        }
    }
    out
}

struct Renderer<'a> {
    document: &'a Document,
    /// The words the chapter adds, in the document's language.
    messages: Messages,
    own: &'a ChapterIndex,
    ctx: &'a ChapterContext<'a>,
    out: String,
    sections: Vec<(String, String)>,
    /// Element ids of the references to each footnote, by footnote position.
    noterefs: HashMap<usize, Vec<String>>,
    images_with_alt: usize,
    images_without_alt: usize,
}

/// Renders one document as a chapter. `index` must come from [`index_chapter`] for the same document.
pub fn render_chapter(
    document: &Document,
    index: &ChapterIndex,
    ctx: &ChapterContext<'_>,
) -> RenderedChapter {
    let title = normalize_space(&document.title);
    let mut r = Renderer {
        document,
        messages: Messages::for_language(&document.language),
        own: index,
        ctx,
        out: String::with_capacity(4096),
        sections: Vec::new(),
        noterefs: HashMap::default(),
        images_with_alt: 0,
        images_without_alt: 0,
    };
    r.out.push_str(&page_head(&document.language, &title));
    r.out.push_str(
        "<body>\n<section class=\"chapter\" epub:type=\"chapter\" role=\"doc-chapter\">\n",
    );
    let _ = writeln!(r.out, "<h1>{}</h1>", text(&title));
    r.source_line();
    r.translations_line();
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
            parts.push(text(
                &self.messages.format("source", &[("source", &source)]),
            ));
        }
        if let Some(date) = meta.last_reviewed {
            let time = format!(
                "<time datetime=\"{date}\">{}</time>",
                text(&self.messages.date(date))
            );
            parts.push(message_markup(
                &self.messages,
                "last-reviewed",
                &["date"],
                &[&time],
            ));
        }
        if let Some(url) = meta.url.as_deref() {
            let link = format!("<a href=\"{}\">{}</a>", attr(url), text(url));
            parts.push(message_markup(&self.messages, "online", &["url"], &[&link]));
        }
        if !parts.is_empty() {
            let _ = writeln!(self.out, "<p class=\"doc-meta\">{}</p>", parts.join(" · "));
        }
    }

    /// "Also in: Español, 中文": a link to each translation, to its chapter when the booklet
    /// holds it, else to its web address; each name in its own language.
    fn translations_line(&mut self) {
        let links: Vec<String> = self
            .document
            .translations
            .iter()
            .map(|translation| {
                let name = Messages::for_language(&translation.language).text("language-name");
                let lang = attr(&translation.language.tag);
                let marked = format!(
                    "lang=\"{lang}\" xml:lang=\"{lang}\" dir=\"{}\"",
                    translation.language.direction.as_str()
                );
                let href = match self.ctx.index.get(&translation.path) {
                    Some(chapter) => Some(chapter.file.clone()),
                    None => translation.url.clone(),
                };
                match href {
                    Some(href) => format!(
                        "<a href=\"{}\" hreflang=\"{lang}\" {marked}>{}</a>",
                        attr(&href),
                        text(&name)
                    ),
                    None => format!("<span {marked}>{}</span>", text(&name)),
                }
            })
            .collect();
        if links.is_empty() {
            return;
        }
        let list = links.join(&text(&self.messages.text("list-separator")));
        let line = message_markup(&self.messages, "also-in", &["languages"], &[&list]);
        let _ = writeln!(self.out, "<p class=\"translations\">{line}</p>");
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
            BlockKind::Heading { level, id, content } => {
                let html = self.inline_html(content);
                if in_footnote {
                    let _ = writeln!(
                        self.out,
                        "<p id=\"{}\" class=\"note-heading\"><strong>{html}</strong></p>",
                        attr(id)
                    );
                    return;
                }
                if *level == 2 && depth == 0 {
                    self.sections
                        .push((id.clone(), normalize_space(&model::plain_text(content))));
                }
                let _ = writeln!(self.out, "<h{level} id=\"{}\">{html}</h{level}>", attr(id));
            }
            BlockKind::Paragraph { content } => {
                if let Some((source, alt, title)) = lone_image(content) {
                    self.figure(source, alt, title, None);
                } else if let Some((target, (source, alt, title))) = lone_linked_image(content) {
                    let href = self.href(target);
                    self.figure(source, alt, title, href);
                } else {
                    // Written straight into the chapter: paragraphs are most of its text.
                    let mut out = std::mem::take(&mut self.out);
                    out.push_str("<p>");
                    self.inlines(content, &mut out, false, 0);
                    out.push_str("</p>\n");
                    self.out = out;
                }
            }
            BlockKind::List { start, items } => {
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
        let mut open = String::from("<li");
        if let Some(id) = &item.id {
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
        let has_header = !header.is_empty();
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
                if header.get(i).is_none_or(|c| model::is_blank(c)) {
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
                let caption = linked(text(&placeholder(&self.messages, &caption)));
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
                                text(&placeholder(&self.messages, &caption))
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
            LinkTarget::External { url, .. } => Some(url.clone()),
            LinkTarget::Document { path, fragment } => {
                let chapter = self.ctx.index.get(path)?;
                Some(match fragment {
                    Some(id) if chapter.file == self.own.file => format!("#{id}"),
                    Some(id) => format!("{}#{id}", chapter.file),
                    None => chapter.file.clone(),
                })
            }
            LinkTarget::Anchor { id, .. } => Some(format!("#{id}")),
            LinkTarget::Unresolved { .. } => None,
        }
    }

    fn noteref(&mut self, id: &str, number: u32, out: &mut String, in_link: bool) {
        let position = self.document.footnotes.iter().position(|n| n.id == id);
        let (Some(position), false) = (position, in_link) else {
            let _ = write!(out, "<sup>{number}</sup>");
            return;
        };
        // Resolve keeps the `fnref-` prefix free for these ids.
        let references = self.noterefs.entry(position).or_default();
        let own_id = match references.len() {
            0 => format!("fnref-{id}"),
            n => format!("fnref-{id}-{}", n + 1),
        };
        references.push(own_id.clone());
        let _ = write!(
            out,
            "<a class=\"noteref\" epub:type=\"noteref\" role=\"doc-noteref\" id=\"{}\" href=\"#{}\">{}</a>",
            attr(&own_id),
            attr(id),
            self.document.footnotes[position].number
        );
    }

    fn footnotes(&mut self) {
        let notes: &[Footnote] = &self.document.footnotes;
        if notes.is_empty() {
            return;
        }
        let _ = writeln!(
            self.out,
            "<section class=\"footnotes\" epub:type=\"footnotes\">\n<h2>{}</h2>",
            text(&self.messages.text("notes"))
        );
        for (position, note) in notes.iter().enumerate() {
            let id = &note.id;
            let _ = writeln!(
                self.out,
                "<aside class=\"footnote\" epub:type=\"footnote\" role=\"doc-footnote\" id=\"{}\">",
                attr(id)
            );
            let back = match self.noterefs.get(&position).and_then(|ids| ids.first()) {
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

/// The words standing in for an image the booklet does not embed.
fn placeholder(messages: &Messages, caption: &str) -> String {
    if caption.is_empty() {
        messages.text("figure-not-included")
    } else {
        messages.format("figure", &[("description", caption)])
    }
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
