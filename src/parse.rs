//! Markdown to model: decode a source file, split its front matter, and build the block tree with pulldown-cmark.

use crate::diagnostics::Diagnostic;
use crate::frontmatter;
use crate::model::{
    Alignment, Block, BlockKind, Document, Facts, Footnote, ImageSource, Inline, LinkTarget,
    ListItem, Metadata,
};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Containers nested deeper than this are flattened into their parent, so that no writer
/// recurses without bound on hostile input.
pub const MAX_NESTING: usize = 100;

/// The result of parsing one source file: the document (unless it failed) and what was found.
pub type Parsed = (Option<Document>, Vec<Diagnostic>);

/// Parses one source file (`path` relative to INPUT, `/`-separated) into the model.
///
/// Never panics and never fails outright: problems become diagnostics; a document with an
/// error diagnostic is `None`.
pub fn parse_document(path: &str, bytes: &[u8]) -> Parsed {
    parse_hashed(path, bytes, hex(&Sha256::digest(bytes)))
}

/// [`parse_document`] of bytes whose SHA-256 (lowercase hex) the caller already has.
pub fn parse_hashed(path: &str, bytes: &[u8], sha256: String) -> Parsed {
    let mut diagnostics = Vec::new();
    let text = match decode(path, bytes, &mut diagnostics) {
        Some(text) => text,
        None => return (None, diagnostics),
    };
    let split = match frontmatter::split(&text) {
        Ok(split) => split,
        Err(frontmatter::UnterminatedFrontMatter) => {
            diagnostics.push(
                Diagnostic::error(
                    path,
                    "front-matter-unterminated",
                    "front matter starts with `---` on line 1 but has no closing `---` line",
                )
                .at(1, 1)
                .with_hint("add a line `---` after the last `key: value` line"),
            );
            return (None, diagnostics);
        }
    };
    let metadata = match split.yaml {
        Some(yaml) => match frontmatter::parse_metadata(path, yaml) {
            Ok(meta) => meta,
            Err(diag) => {
                diagnostics.push(diag);
                return (None, diagnostics);
            }
        },
        None => Metadata::default(),
    };
    let (blocks, footnotes) = parse_markdown(split.body, split.body_line);
    let document = Document {
        path: path.to_string(),
        sha256,
        metadata,
        title: String::new(),
        blocks,
        footnotes,
        facts: Facts::default(),
        language: Default::default(),
        translations: Vec::new(),
    };
    (Some(document), diagnostics)
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Decodes UTF-8 (a leading byte-order mark is dropped), normalises CRLF and lone CR to LF and
/// removes control characters other than tab and newline, with a warning.
fn decode(path: &str, bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let good = &bytes[..err.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            let column = good
                .rsplit(|&b| b == b'\n')
                .next()
                .map_or(0, |l| String::from_utf8_lossy(l).chars().count())
                as u32
                + 1;
            let binary = bytes.iter().take(8192).any(|&b| b == 0);
            let message = if binary {
                "this is a binary file, not Markdown text".to_string()
            } else {
                format!(
                    "the file is not valid UTF-8 (bad byte 0x{:02X})",
                    bytes[err.valid_up_to()]
                )
            };
            diagnostics.push(
                Diagnostic::error(path, "encoding", message)
                    .at(line, column)
                    .with_hint("save the file as UTF-8"),
            );
            return None;
        }
    };
    if !needs_cleaning(text) {
        return Some(text.to_string());
    }
    let mut out = String::with_capacity(text.len());
    let mut removed: Option<(u32, u32, char)> = None;
    let mut removed_count = 0usize;
    let (mut line, mut column) = (1u32, 0u32);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                    line += 1;
                    column = 0;
                }
            }
            '\n' => {
                out.push('\n');
                line += 1;
                column = 0;
            }
            '\t' => out.push(c),
            c if c.is_control() => {
                removed_count += 1;
                removed.get_or_insert((line, column, c));
            }
            c => out.push(c),
        }
    }
    if let Some((line, column, c)) = removed {
        diagnostics.push(
            Diagnostic::warning(
                path,
                "control-characters",
                format!(
                    "removed {removed_count} control character(s), the first U+{:04X}",
                    c as u32
                ),
            )
            .at(line, column),
        );
    }
    Some(out)
}

/// Whether the text holds a carriage return or a control character other than tab and
/// newline: most files hold none, and are taken as they are.
fn needs_cleaning(text: &str) -> bool {
    text.chars()
        .any(|c| c != '\t' && c != '\n' && c.is_control())
}

/// Byte offset to 1-based line, offset by the line where the body starts.
struct LineIndex {
    starts: Vec<usize>,
    first_line: u32,
}

impl LineIndex {
    fn new(text: &str, first_line: u32) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts, first_line }
    }

    fn line(&self, offset: usize) -> u32 {
        let idx = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        idx as u32 + self.first_line
    }
}

/// A container being built while walking the events.
enum Frame {
    /// Holds blocks: the root, a block quote, a list item or a footnote definition.
    Blocks {
        kind: BlocksKind,
        blocks: Vec<Block>,
        line: u32,
    },
    /// A list collecting items.
    List {
        start: Option<u64>,
        items: Vec<ListItem>,
        line: u32,
    },
    /// Holds inlines: paragraphs, headings, cells, emphasis, links, images.
    Inlines {
        kind: InlinesKind,
        inlines: Vec<Inline>,
        line: u32,
    },
    /// A table being filled row by row.
    Table {
        alignments: Vec<Alignment>,
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        row: Vec<Vec<Inline>>,
        line: u32,
    },
    /// A code block collecting its text.
    Code {
        language: Option<String>,
        code: String,
        line: u32,
    },
    /// A raw HTML block collecting its source, to keep only its text.
    Html { html: String, line: u32 },
    /// A container past [`MAX_NESTING`]: its children go to the nearest real container.
    Flattened,
}

enum BlocksKind {
    Root,
    Quote,
    Item { task: Option<bool> },
    Footnote { label: String },
}

enum InlinesKind {
    Paragraph,
    /// A paragraph opened implicitly for text directly inside a tight list item.
    ImplicitParagraph,
    Heading(u8),
    Cell,
    Emphasis,
    Strong,
    Strikethrough,
    Link {
        href: String,
        title: String,
    },
    Image {
        src: String,
        title: String,
    },
}

struct Builder {
    stack: Vec<Frame>,
    footnote_defs: Vec<(String, Vec<Block>)>,
    /// Text of inline raw HTML elements whose content is never shown (`script`, `style`).
    hidden_inline_html: Option<String>,
}

/// Parses a Markdown body into blocks and footnotes (the body starts at `first_line` of its file).
pub fn parse_markdown(body: &str, first_line: u32) -> (Vec<Block>, Vec<Footnote>) {
    let lines = LineIndex::new(body, first_line);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut builder = Builder {
        stack: vec![Frame::Blocks {
            kind: BlocksKind::Root,
            blocks: Vec::new(),
            line: first_line,
        }],
        footnote_defs: Vec::new(),
        hidden_inline_html: None,
    };
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        builder.event(event, lines.line(range.start));
    }
    while builder.stack.len() > 1 {
        builder.close_top();
    }
    let blocks = match builder.stack.pop() {
        Some(Frame::Blocks { blocks, .. }) => blocks,
        _ => Vec::new(),
    };
    let mut blocks = blocks;
    let footnotes = number_footnotes(&mut blocks, builder.footnote_defs);
    (blocks, footnotes)
}

impl Builder {
    fn depth(&self) -> usize {
        self.stack.len()
    }

    fn event(&mut self, event: Event<'_>, line: u32) {
        match event {
            Event::Start(tag) => self.start(tag, line),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text, line),
            Event::Code(code) => self.push_inline(
                Inline::Code {
                    code: code.into_string(),
                },
                line,
            ),
            Event::InlineMath(math) | Event::DisplayMath(math) => self.push_inline(
                Inline::Code {
                    code: math.into_string(),
                },
                line,
            ),
            Event::Html(html) => self.html_block_text(&html, line),
            Event::InlineHtml(html) => self.inline_html(&html, line),
            Event::FootnoteReference(label) => self.push_inline(
                Inline::FootnoteRef {
                    label: label.into_string(),
                    id: String::new(),
                    number: 0,
                },
                line,
            ),
            Event::SoftBreak => self.push_inline(Inline::text(" "), line),
            Event::HardBreak => self.push_inline(Inline::LineBreak, line),
            Event::Rule => self.push_block(Block {
                line,
                kind: BlockKind::ThematicBreak,
            }),
            Event::TaskListMarker(checked) => {
                if let Some(Frame::Blocks {
                    kind: BlocksKind::Item { task },
                    ..
                }) = self.stack.iter_mut().rev().find(|f| {
                    matches!(
                        f,
                        Frame::Blocks {
                            kind: BlocksKind::Item { .. },
                            ..
                        }
                    )
                }) {
                    *task = Some(checked);
                }
            }
        }
    }

    fn close_implicit_paragraph(&mut self) {
        if matches!(
            self.stack.last(),
            Some(Frame::Inlines {
                kind: InlinesKind::ImplicitParagraph,
                ..
            })
        ) {
            self.close_top();
        }
    }

    fn start(&mut self, tag: Tag<'_>, line: u32) {
        let is_block = matches!(
            tag,
            Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::List(_)
                | Tag::FootnoteDefinition(_)
                | Tag::Table(_)
        );
        if is_block {
            self.close_implicit_paragraph();
        }
        let too_deep = self.depth() >= MAX_NESTING;
        let frame = match tag {
            Tag::Paragraph => Frame::Inlines {
                kind: InlinesKind::Paragraph,
                inlines: Vec::new(),
                line,
            },
            Tag::Heading { level, .. } => Frame::Inlines {
                kind: InlinesKind::Heading(level as u8),
                inlines: Vec::new(),
                line,
            },
            Tag::BlockQuote(_) if too_deep => Frame::Flattened,
            Tag::BlockQuote(_) => Frame::Blocks {
                kind: BlocksKind::Quote,
                blocks: Vec::new(),
                line,
            },
            Tag::CodeBlock(kind) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_string)
                    }
                    CodeBlockKind::Indented => None,
                };
                Frame::Code {
                    language,
                    code: String::new(),
                    line,
                }
            }
            Tag::HtmlBlock => Frame::Html {
                html: String::new(),
                line,
            },
            Tag::List(_) if too_deep => Frame::Flattened,
            Tag::List(start) => Frame::List {
                start,
                items: Vec::new(),
                line,
            },
            Tag::Item if too_deep || matches!(self.stack.last(), Some(Frame::Flattened)) => {
                Frame::Flattened
            }
            Tag::Item => Frame::Blocks {
                kind: BlocksKind::Item { task: None },
                blocks: Vec::new(),
                line,
            },
            Tag::FootnoteDefinition(label) => Frame::Blocks {
                kind: BlocksKind::Footnote {
                    label: label.into_string(),
                },
                blocks: Vec::new(),
                line,
            },
            Tag::Table(alignments) => Frame::Table {
                alignments: alignments.into_iter().map(alignment).collect(),
                header: Vec::new(),
                rows: Vec::new(),
                row: Vec::new(),
                line,
            },
            Tag::TableHead | Tag::TableRow => return,
            Tag::TableCell => Frame::Inlines {
                kind: InlinesKind::Cell,
                inlines: Vec::new(),
                line,
            },
            Tag::Emphasis if too_deep => Frame::Flattened,
            Tag::Emphasis => Frame::Inlines {
                kind: InlinesKind::Emphasis,
                inlines: Vec::new(),
                line,
            },
            Tag::Strong if too_deep => Frame::Flattened,
            Tag::Strong => Frame::Inlines {
                kind: InlinesKind::Strong,
                inlines: Vec::new(),
                line,
            },
            Tag::Strikethrough if too_deep => Frame::Flattened,
            Tag::Strikethrough => Frame::Inlines {
                kind: InlinesKind::Strikethrough,
                inlines: Vec::new(),
                line,
            },
            Tag::Link {
                dest_url, title, ..
            } if too_deep => {
                let _ = (dest_url, title);
                Frame::Flattened
            }
            Tag::Link {
                dest_url, title, ..
            } => Frame::Inlines {
                kind: InlinesKind::Link {
                    href: dest_url.into_string(),
                    title: title.into_string(),
                },
                inlines: Vec::new(),
                line,
            },
            Tag::Image {
                dest_url, title, ..
            } => Frame::Inlines {
                kind: InlinesKind::Image {
                    src: dest_url.into_string(),
                    title: title.into_string(),
                },
                inlines: Vec::new(),
                line,
            },
            // Extensions not enabled; keep their content by treating them as transparent.
            _ => Frame::Flattened,
        };
        self.stack.push(frame);
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::TableHead => {
                if let Some(Frame::Table { header, row, .. }) = self.stack.last_mut() {
                    *header = std::mem::take(row);
                }
            }
            TagEnd::TableRow => {
                if let Some(Frame::Table { rows, row, .. }) = self.stack.last_mut() {
                    rows.push(std::mem::take(row));
                }
            }
            TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition => {
                self.close_implicit_paragraph();
                self.close_top();
            }
            _ => self.close_top(),
        }
    }

    /// Pops the top frame and attaches what it built to its parent.
    fn close_top(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        let Some(frame) = self.stack.pop() else {
            return;
        };
        match frame {
            Frame::Flattened => {}
            Frame::Blocks {
                kind: BlocksKind::Root,
                ..
            } => {}
            Frame::Blocks {
                kind: BlocksKind::Quote,
                blocks,
                line,
            } => self.push_block(Block {
                line,
                kind: BlockKind::BlockQuote { blocks },
            }),
            Frame::Blocks {
                kind: BlocksKind::Item { task },
                blocks,
                ..
            } => {
                let item = ListItem {
                    id: None,
                    task,
                    blocks,
                };
                match self.stack.last_mut() {
                    Some(Frame::List { items, .. }) => items.push(item),
                    _ => {
                        for block in item.blocks {
                            self.push_block(block);
                        }
                    }
                }
            }
            Frame::Blocks {
                kind: BlocksKind::Footnote { label },
                blocks,
                ..
            } => self.footnote_defs.push((label, blocks)),
            Frame::List { start, items, line } => self.push_block(Block {
                line,
                kind: BlockKind::List { start, items },
            }),
            Frame::Table {
                alignments,
                header,
                rows,
                line,
                ..
            } => self.push_block(Block {
                line,
                kind: BlockKind::Table {
                    alignments,
                    header,
                    rows,
                },
            }),
            Frame::Code {
                language,
                code,
                line,
            } => self.push_block(Block {
                line,
                kind: BlockKind::CodeBlock { language, code },
            }),
            Frame::Html { html, line } => {
                let text = html_text(&html);
                if !text.trim().is_empty() {
                    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
                        let para = para.split_whitespace().collect::<Vec<_>>().join(" ");
                        self.push_block(Block {
                            line,
                            kind: BlockKind::Paragraph {
                                content: vec![Inline::text(para)],
                            },
                        });
                    }
                }
            }
            Frame::Inlines {
                kind,
                inlines,
                line,
            } => match kind {
                InlinesKind::Paragraph | InlinesKind::ImplicitParagraph => self.push_block(Block {
                    line,
                    kind: BlockKind::Paragraph {
                        content: merge_text(inlines),
                    },
                }),
                InlinesKind::Heading(level) => self.push_block(Block {
                    line,
                    kind: BlockKind::Heading {
                        level,
                        id: String::new(),
                        content: merge_text(inlines),
                    },
                }),
                InlinesKind::Cell => {
                    if let Some(Frame::Table { row, .. }) = self.stack.last_mut() {
                        row.push(merge_text(inlines));
                    }
                }
                InlinesKind::Emphasis => self.push_inline(
                    Inline::Emphasis {
                        content: merge_text(inlines),
                    },
                    line,
                ),
                InlinesKind::Strong => self.push_inline(
                    Inline::Strong {
                        content: merge_text(inlines),
                    },
                    line,
                ),
                InlinesKind::Strikethrough => self.push_inline(
                    Inline::Strikethrough {
                        content: merge_text(inlines),
                    },
                    line,
                ),
                InlinesKind::Link { href, title } => self.push_inline(
                    Inline::Link {
                        target: Box::new(LinkTarget::Unresolved { href }),
                        title,
                        content: merge_text(inlines),
                    },
                    line,
                ),
                InlinesKind::Image { src, title } => {
                    let alt = crate::model::plain_text(&inlines);
                    self.push_inline(
                        Inline::Image {
                            source: Box::new(ImageSource::Unresolved { src }),
                            alt,
                            title,
                        },
                        line,
                    )
                }
            },
        }
    }

    /// Adds a block to the nearest frame that holds blocks.
    fn push_block(&mut self, block: Block) {
        self.close_implicit_paragraph();
        for frame in self.stack.iter_mut().rev() {
            match frame {
                Frame::Blocks { blocks, .. } => {
                    blocks.push(block);
                    return;
                }
                Frame::List { items, .. } => {
                    // Content outside an item (a flattened item) becomes an item of its own.
                    items.push(ListItem {
                        id: None,
                        task: None,
                        blocks: vec![block],
                    });
                    return;
                }
                _ => continue,
            }
        }
    }

    /// Adds an inline to the nearest frame that holds inlines, opening a paragraph if needed.
    fn push_inline(&mut self, inline: Inline, line: u32) {
        for frame in self.stack.iter_mut().rev() {
            match frame {
                Frame::Inlines { inlines, .. } => {
                    inlines.push(inline);
                    return;
                }
                Frame::Code { code, .. } => {
                    if let Inline::Text { text } = &inline {
                        code.push_str(text);
                    }
                    return;
                }
                Frame::Html { .. } => return,
                Frame::Flattened => continue,
                Frame::Table { .. } => return,
                Frame::Blocks { .. } | Frame::List { .. } => break,
            }
        }
        self.stack.push(Frame::Inlines {
            kind: InlinesKind::ImplicitParagraph,
            inlines: vec![inline],
            line,
        });
    }

    fn text(&mut self, text: &str, line: u32) {
        if self.hidden_inline_html.is_some() {
            return;
        }
        if let Some(Frame::Code { code, .. }) = self.stack.last_mut() {
            code.push_str(text);
            return;
        }
        self.push_inline(Inline::text(text), line);
    }

    fn html_block_text(&mut self, html: &str, line: u32) {
        match self.stack.last_mut() {
            Some(Frame::Html { html: buffer, .. }) => buffer.push_str(html),
            _ => self.inline_html(html, line),
        }
    }

    /// Inline raw HTML: the tag is dropped; the text of `script` and `style` elements is hidden.
    fn inline_html(&mut self, html: &str, line: u32) {
        let lower = html.trim().to_ascii_lowercase();
        if let Some(hidden) = &self.hidden_inline_html {
            if lower.starts_with(&format!("</{hidden}")) {
                self.hidden_inline_html = None;
            }
            return;
        }
        for element in [
            "script", "style", "template", "noscript", "iframe", "object",
        ] {
            if lower.starts_with(&format!("<{element}"))
                && !lower.contains(&format!("</{element}"))
                && !lower.ends_with("/>")
            {
                self.hidden_inline_html = Some(element.to_string());
                return;
            }
        }
        if lower.starts_with("<br") {
            self.push_inline(Inline::LineBreak, line);
            return;
        }
        if !lower.starts_with('<') {
            return;
        }
        // A tag with its content in one event (for example `<b>x</b>` is not; but `<!-- -->` is).
        let text = html_text(html);
        if !text.trim().is_empty() {
            self.push_inline(Inline::text(text), line);
        }
    }
}

/// The visible text of a piece of HTML: tags, comments, scripts and styles removed, entities decoded.
pub fn html_text(html: &str) -> String {
    let cleaned = ammonia::Builder::empty().clean(html).to_string();
    html_escape::decode_html_entities(&cleaned).into_owned()
}

fn alignment(a: pulldown_cmark::Alignment) -> Alignment {
    match a {
        pulldown_cmark::Alignment::None => Alignment::None,
        pulldown_cmark::Alignment::Left => Alignment::Left,
        pulldown_cmark::Alignment::Center => Alignment::Center,
        pulldown_cmark::Alignment::Right => Alignment::Right,
    }
}

/// Joins adjacent text runs into one.
fn merge_text(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        if let (Some(Inline::Text { text: last }), Inline::Text { text }) =
            (out.last_mut(), &inline)
        {
            last.push_str(text);
            continue;
        }
        out.push(inline);
    }
    out
}

/// Numbers footnotes in order of first reference, gives them ids, and fills in the references.
fn number_footnotes(blocks: &mut [Block], defs: Vec<(String, Vec<Block>)>) -> Vec<Footnote> {
    let mut numbers: HashMap<String, u32> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let defined: HashMap<&str, usize> = defs
        .iter()
        .enumerate()
        .map(|(i, (label, _))| (label.as_str(), i))
        .collect();
    let mut assign = |label: &str| -> u32 {
        if let Some(&n) = numbers.get(label) {
            return n;
        }
        let n = order.len() as u32 + 1;
        numbers.insert(label.to_string(), n);
        order.push(label.to_string());
        n
    };
    let mut defs_blocks: Vec<Vec<Block>> = defs.iter().map(|(_, b)| b.clone()).collect();
    let mut visit = |content: &mut Vec<Inline>| fill_refs(content, &mut assign);
    crate::model::walk_blocks_mut(blocks, &mut |b| {
        crate::model::block_inlines_mut(b, &mut visit)
    });
    for def in defs_blocks.iter_mut() {
        crate::model::walk_blocks_mut(def, &mut |b| crate::model::block_inlines_mut(b, &mut visit));
    }
    for (label, _) in &defs {
        assign(label);
    }
    let mut footnotes: Vec<Footnote> = Vec::new();
    for label in &order {
        let number = numbers[label];
        let blocks = defined
            .get(label.as_str())
            .map(|&i| std::mem::take(&mut defs_blocks[i]))
            .unwrap_or_default();
        footnotes.push(Footnote {
            label: label.clone(),
            id: format!("fn-{number}"),
            number,
            blocks,
        });
    }
    footnotes
}

fn fill_refs(content: &mut [Inline], assign: &mut dyn FnMut(&str) -> u32) {
    for inline in content {
        match inline {
            Inline::FootnoteRef { label, id, number } => {
                *number = assign(label);
                *id = format!("fn-{number}");
            }
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Link { content, .. } => fill_refs(content, assign),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_taken_as_it_is_and_mess_is_cleaned() {
        let mut diagnostics = Vec::new();
        assert_eq!(
            decode("a.md", "plain\ttext\nwith é\n".as_bytes(), &mut diagnostics).as_deref(),
            Some("plain\ttext\nwith é\n")
        );
        assert!(diagnostics.is_empty());
        let messy = "\u{feff}crlf\r\nbell\u{7}\u{85}end\r".as_bytes();
        assert_eq!(
            decode("a.md", messy, &mut diagnostics).as_deref(),
            Some("crlf\nbellend\n")
        );
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(
            needs_cleaning("x\u{85}")
                && needs_cleaning("x\r")
                && !needs_cleaning("é ü")
                && !needs_cleaning(&"© no-break\u{a0}space ·".repeat(20))
                && needs_cleaning(&format!("{}\u{85}", "a".repeat(63)))
                && needs_cleaning(&format!("{}\u{7}", "©".repeat(70)))
        );
    }
}
