//! Cleanup of scraping leftovers on the model: each rule is one small function.
//!
//! Rules: empty headings take the one-line paragraph that follows them (or go); table rows made
//! of `---` or empty cells go, and a header of empty cells; "Enlarge" links beside figures go; a link that scraping
//! split over several paragraphs (`[Title` ... `Text.](/url)`) is joined again.

use crate::model::{
    self, Block, BlockKind, Cell, Document, Inline, contains_image, is_blank, plain_text,
};

/// Longest paragraph (in characters) that an empty heading may take as its text.
const MAX_LIFTED_HEADING_CHARS: usize = 200;

/// Applies every cleanup rule to `document`, in order.
pub fn clean(document: &mut Document) {
    join_split_links(&mut document.blocks);
    lift_empty_headings(&mut document.blocks);
    model::for_each_inlines_mut(
        &mut document.blocks,
        &mut document.footnotes,
        &mut drop_enlarge_links,
    );
    let footnotes = document.footnotes.iter_mut().map(|note| &mut note.blocks);
    for blocks in std::iter::once(&mut document.blocks).chain(footnotes) {
        model::walk_blocks_mut(blocks, &mut |block| {
            if let BlockKind::Table { header, rows, .. } = &mut block.kind {
                drop_separator_rows(rows);
                drop_blank_header(header);
            }
        });
        drop_empty_paragraphs(blocks);
        drop_empty_containers(blocks);
    }
}

/// A header row whose cells all show nothing heads nothing: it goes.
pub fn drop_blank_header(header: &mut Vec<Cell>) {
    if header.iter().all(|cell| is_blank(cell)) {
        header.clear();
    }
}

/// Removes tables with neither header nor rows, lists without items and quotes without
/// blocks, once what they held has gone.
pub fn drop_empty_containers(blocks: &mut Vec<Block>) {
    for block in blocks.iter_mut() {
        match &mut block.kind {
            BlockKind::List { items, .. } => items
                .iter_mut()
                .for_each(|item| drop_empty_containers(&mut item.blocks)),
            BlockKind::BlockQuote { blocks } => drop_empty_containers(blocks),
            _ => {}
        }
    }
    blocks.retain(|block| match &block.kind {
        BlockKind::Table { header, rows, .. } => !(header.is_empty() && rows.is_empty()),
        BlockKind::List { items, .. } => !items.is_empty(),
        BlockKind::BlockQuote { blocks } => !blocks.is_empty(),
        _ => true,
    });
}

/// Whether a paragraph is short, single-line text that reads as a heading.
fn is_one_line_text(content: &[Inline]) -> bool {
    let text = plain_text(content);
    let text = text.trim();
    !text.is_empty()
        && text.chars().count() <= MAX_LIFTED_HEADING_CHARS
        && !text.contains('\n')
        && !contains_image(content)
        && !content
            .iter()
            .any(|inline| matches!(inline, Inline::LineBreak))
}

/// An empty heading followed by a one-line paragraph becomes a heading with that text; any other
/// empty heading is removed. Applies inside lists and block quotes too.
pub fn lift_empty_headings(blocks: &mut Vec<Block>) {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut pending = std::mem::take(blocks).into_iter().peekable();
    while let Some(mut block) = pending.next() {
        match &mut block.kind {
            BlockKind::Heading { content, .. } if is_blank(content) => {
                let next_is_title = matches!(pending.peek(), Some(Block { kind: BlockKind::Paragraph { content }, .. }) if is_one_line_text(content));
                if next_is_title
                    && let Some(Block {
                        kind: BlockKind::Paragraph { content: text },
                        ..
                    }) = pending.next()
                {
                    *content = text;
                    out.push(block);
                }
            }
            BlockKind::List { items, .. } => {
                for item in items.iter_mut() {
                    lift_empty_headings(&mut item.blocks);
                }
                out.push(block);
            }
            BlockKind::BlockQuote { blocks: inner } => {
                lift_empty_headings(inner);
                out.push(block);
            }
            _ => out.push(block),
        }
    }
    *blocks = out;
}

fn is_separator_or_empty_cell(cell: &Cell) -> bool {
    let text = plain_text(cell);
    let text = text.trim();
    if text.is_empty() {
        return !contains_image(cell);
    }
    let dashes = text.trim_start_matches(':').trim_end_matches(':');
    text.len() >= 2 && !dashes.is_empty() && dashes.chars().all(|c| c == '-')
}

/// Drops table body rows whose cells are all empty or all `---`/`:--:` separators.
pub fn drop_separator_rows(rows: &mut Vec<Vec<Cell>>) {
    rows.retain(|row| !row.iter().all(is_separator_or_empty_cell));
}

fn is_enlarge_text(content: &[Inline]) -> bool {
    let text = plain_text(content).trim().to_lowercase();
    text == "enlarge" || text == "enlarge image" || text == "enlarge figure"
}

fn points_at_image(target: &model::LinkTarget) -> bool {
    let href = match target {
        model::LinkTarget::Unresolved { href } => href.as_str(),
        model::LinkTarget::External { url, .. } => url.as_str(),
        _ => return false,
    };
    let path = href
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

fn is_whitespace_text(inline: &Inline) -> bool {
    matches!(inline, Inline::Text { text } if text.trim().is_empty())
}

/// Drops links whose text is only "Enlarge" when they stand beside an image or point at one
/// (the figure itself is kept).
pub fn drop_enlarge_links(content: &mut Vec<Inline>) {
    let neighbour_is_image = |content: &[Inline], index: usize| {
        let before = content[..index]
            .iter()
            .rev()
            .find(|i| !is_whitespace_text(i));
        let after = content[index + 1..].iter().find(|i| !is_whitespace_text(i));
        matches!(before, Some(Inline::Image { .. })) || matches!(after, Some(Inline::Image { .. }))
    };
    let drop: Vec<bool> = (0..content.len())
        .map(|index| match &content[index] {
            Inline::Link {
                content: text,
                target,
                ..
            } => {
                is_enlarge_text(text)
                    && (neighbour_is_image(content, index) || points_at_image(target))
            }
            _ => false,
        })
        .collect();
    let mut flags = drop.into_iter();
    content.retain(|_| !flags.next().unwrap_or(false));
    for inline in content.iter_mut() {
        if let Inline::Emphasis { content }
        | Inline::Strong { content }
        | Inline::Strikethrough { content } = inline
        {
            drop_enlarge_links(content);
        }
    }
}

/// Most paragraphs a split link may span.
const MAX_SPLIT_LINK_PARAGRAPHS: usize = 4;

/// Whether a paragraph opens a link that its own text never closes: `[` first, no `]` after.
fn opens_split_link(content: &[Inline]) -> bool {
    matches!(content.first(), Some(Inline::Text { text }) if text.starts_with('['))
        && !plain_text(content).contains(']')
}

/// The target of a paragraph that closes a split link: its last text ends with `](target)`.
fn closes_split_link(content: &[Inline]) -> Option<(usize, String)> {
    let Some(Inline::Text { text }) = content.last() else {
        return None;
    };
    let trimmed = text.trim_end();
    let inner = trimmed.strip_suffix(')')?;
    let start = inner.rfind("](")?;
    let target = &inner[start + 2..];
    if target.is_empty()
        || target.contains(char::is_whitespace)
        || target.contains(['(', ')', '[', ']'])
    {
        return None;
    }
    Some((start, target.to_string()))
}

/// Scraped "cards" put a link around an image, a title and a summary separated by blank lines,
/// which Markdown cannot parse: `[![alt](img)` / `Title` / `Summary.](/url)`. The brackets are
/// removed and the first paragraph with text becomes a link to the target.
pub fn join_split_links(blocks: &mut [Block]) {
    let mut i = 0;
    while i < blocks.len() {
        let opens = matches!(&blocks[i].kind, BlockKind::Paragraph { content } if opens_split_link(content));
        if opens {
            let last =
                (i + 1..blocks.len().min(i + MAX_SPLIT_LINK_PARAGRAPHS)).find_map(
                    |j| match &blocks[j].kind {
                        BlockKind::Paragraph { content } => {
                            closes_split_link(content).map(|c| Some((j, c)))
                        }
                        _ => Some(None),
                    },
                );
            if let Some(Some((j, (cut, target)))) = last {
                if let BlockKind::Paragraph { content } = &mut blocks[j].kind
                    && let Some(Inline::Text { text }) = content.last_mut()
                {
                    text.truncate(cut);
                }
                if let BlockKind::Paragraph { content } = &mut blocks[i].kind
                    && let Some(Inline::Text { text }) = content.first_mut()
                {
                    text.remove(0);
                }
                let title = (i..=j).find(|&k| matches!(&blocks[k].kind, BlockKind::Paragraph { content } if !plain_text(content).trim().is_empty() && !contains_image(content)));
                if let Some(k) = title
                    && let BlockKind::Paragraph { content } = &mut blocks[k].kind
                {
                    let inner = std::mem::take(content);
                    *content = vec![Inline::Link {
                        target: Box::new(model::LinkTarget::Unresolved { href: target }),
                        title: String::new(),
                        content: inner,
                    }];
                }
                i = j + 1;
                continue;
            }
        }
        match &mut blocks[i].kind {
            BlockKind::List { items, .. } => items
                .iter_mut()
                .for_each(|item| join_split_links(&mut item.blocks)),
            BlockKind::BlockQuote { blocks } => join_split_links(blocks),
            _ => {}
        }
        i += 1;
    }
}

/// Removes paragraphs left with nothing to show (for example after dropping an "Enlarge" link).
pub fn drop_empty_paragraphs(blocks: &mut Vec<Block>) {
    blocks.retain(
        |block| !matches!(&block.kind, BlockKind::Paragraph { content } if is_blank(content)),
    );
    for block in blocks.iter_mut() {
        match &mut block.kind {
            BlockKind::List { items, .. } => items
                .iter_mut()
                .for_each(|item| drop_empty_paragraphs(&mut item.blocks)),
            BlockKind::BlockQuote { blocks } => drop_empty_paragraphs(blocks),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ImageSource, LinkTarget};
    use crate::resolve::test_blocks::{heading, paragraph, texts};

    #[test]
    fn split_card_link_is_joined() {
        let (mut blocks, _) = crate::parse::parse_markdown(
            "[![A picture](/img.jpg)\n\nCard title\n\nThe summary of the card.](/news/story)\n\nAfter.\n",
            1,
        );
        join_split_links(&mut blocks);
        let plain: Vec<String> = blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Paragraph { content } => plain_text(content),
                _ => String::new(),
            })
            .collect();
        assert_eq!(
            plain,
            vec![
                "A picture",
                "Card title",
                "The summary of the card.",
                "After."
            ]
        );
        let BlockKind::Paragraph { content } = &blocks[1].kind else {
            panic!("paragraph")
        };
        assert!(
            matches!(&content[0], Inline::Link { target, .. } if matches!(&**target, LinkTarget::Unresolved { href } if href == "/news/story"))
        );
    }

    #[test]
    fn ordinary_brackets_are_left_alone() {
        let (mut blocks, _) =
            crate::parse::parse_markdown("[not a link\n\nplain text (with parens)\n", 1);
        let before = blocks.clone();
        join_split_links(&mut blocks);
        assert_eq!(blocks, before);
    }

    fn image() -> Inline {
        Inline::Image {
            source: Box::new(ImageSource::Unresolved {
                src: "a.png".into(),
            }),
            alt: "A".into(),
            title: String::new(),
        }
    }

    fn link(text: &str, href: &str) -> Inline {
        Inline::Link {
            target: Box::new(LinkTarget::Unresolved { href: href.into() }),
            title: String::new(),
            content: vec![Inline::text(text)],
        }
    }

    #[test]
    fn empty_heading_takes_the_next_one_line_paragraph() {
        let mut blocks = vec![
            heading(2, ""),
            paragraph("What is it?"),
            paragraph("Body."),
            heading(2, " "),
            paragraph(&"long ".repeat(60)),
        ];
        lift_empty_headings(&mut blocks);
        assert_eq!(
            texts(&blocks),
            vec![
                "h2:What is it?".to_string(),
                "p:Body.".into(),
                format!("p:{}", "long ".repeat(60))
            ]
        );
    }

    #[test]
    fn empty_heading_at_the_end_is_removed() {
        let mut blocks = vec![paragraph("Body."), heading(3, "")];
        lift_empty_headings(&mut blocks);
        assert_eq!(texts(&blocks), vec!["p:Body."]);
    }

    #[test]
    fn separator_and_empty_rows_are_dropped() {
        let cell = |t: &str| vec![Inline::text(t)];
        let mut rows = vec![
            vec![cell("a"), cell("1")],
            vec![cell(""), cell(" ")],
            vec![cell("---"), cell(":--:")],
            vec![cell("-"), cell("")],
            vec![cell("b"), cell("---")],
        ];
        drop_separator_rows(&mut rows);
        assert_eq!(rows.len(), 3);
        assert_eq!(plain_text(&rows[1][0]), "-");
    }

    #[test]
    fn enlarge_links_beside_images_are_dropped() {
        let mut content = vec![
            link("Enlarge", "https://x.org/big"),
            image(),
            Inline::text(" caption"),
        ];
        drop_enlarge_links(&mut content);
        assert!(matches!(
            content.as_slice(),
            [Inline::Image { .. }, Inline::Text { .. }]
        ));

        let mut alone = vec![link("Enlarge Image", "/files/big.jpg?itok=1")];
        drop_enlarge_links(&mut alone);
        assert!(alone.is_empty());

        let mut kept = vec![
            link("Enlarge", "https://x.org/page"),
            Inline::text(" your view"),
        ];
        drop_enlarge_links(&mut kept);
        assert_eq!(
            kept.len(),
            2,
            "an Enlarge link with no image around is a real link"
        );
    }

    #[test]
    fn empty_paragraphs_are_dropped() {
        let mut blocks = vec![paragraph(" "), paragraph("x")];
        drop_empty_paragraphs(&mut blocks);
        assert_eq!(texts(&blocks), vec!["p:x"]);
    }
}
