//! Cleanup of scraping leftovers on the model: each rule is one small function.
//!
//! Rules: empty headings take the one-line paragraph that follows them (or go); the title
//! repeated as leading H1s is reduced; the display title loses its " - <source>" suffix; table
//! rows made of `---` or empty cells go; "Enlarge" links beside figures go; a link that scraping
//! split over several paragraphs (`[Title` ... `Text.](/url)`) is joined again.

use crate::model::{self, Block, BlockKind, Cell, Document, Inline, plain_text};

/// Longest paragraph (in characters) that an empty heading may take as its text.
const MAX_LIFTED_HEADING_CHARS: usize = 200;

/// Applies every cleanup rule to `document`, in order.
pub fn clean(document: &mut Document) {
    join_split_links(&mut document.blocks);
    lift_empty_headings(&mut document.blocks);
    set_display_title(document);
    reduce_repeated_title_headings(document);
    model::walk_blocks_mut(&mut document.blocks, &mut |block| {
        if let BlockKind::Table { rows, .. } = &mut block.kind {
            drop_separator_rows(rows);
        }
    });
    model::for_each_inlines_mut(
        &mut document.blocks,
        &mut document.footnotes,
        &mut drop_enlarge_links,
    );
    drop_empty_paragraphs(&mut document.blocks);
}

/// Whether a run of inlines shows nothing (no text, no image).
pub fn is_blank(content: &[Inline]) -> bool {
    plain_text(content).trim().is_empty() && !contains_image(content)
}

fn contains_image(content: &[Inline]) -> bool {
    content.iter().any(|inline| match inline {
        Inline::Image { .. } => true,
        Inline::Emphasis { content }
        | Inline::Strong { content }
        | Inline::Strikethrough { content }
        | Inline::Link { content, .. } => contains_image(content),
        _ => false,
    })
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

/// `title` without a trailing " - <source>" (also " | ", " – ", " — "), compared ignoring case.
pub fn strip_source_suffix<'a>(title: &'a str, source: Option<&str>) -> &'a str {
    let title = title.trim();
    let Some(source) = source.map(str::trim).filter(|s| !s.is_empty()) else {
        return title;
    };
    for separator in [" - ", " | ", " – ", " — "] {
        let suffix_len = separator.len() + source.len();
        if title.len() > suffix_len && title.is_char_boundary(title.len() - suffix_len) {
            let (head, tail) = title.split_at(title.len() - suffix_len);
            if tail.starts_with(separator)
                && tail[separator.len()..].eq_ignore_ascii_case(source)
                && !head.trim().is_empty()
            {
                return head.trim_end();
            }
        }
    }
    title
}

/// The display title: the front-matter title without its " - <source>" suffix.
pub fn set_display_title(document: &mut Document) {
    if let Some(title) = document
        .metadata
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        document.title =
            strip_source_suffix(title, document.metadata.source.as_deref()).to_string();
    }
}

/// A title or heading for comparison: suffix removed, lower case, no whitespace.
pub fn comparable_title(text: &str, source: Option<&str>) -> String {
    strip_source_suffix(text, source)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn leading_h1(blocks: &[Block], index: usize) -> Option<String> {
    match blocks.get(index).map(|b| &b.kind) {
        Some(BlockKind::Heading {
            level: 1, content, ..
        }) => Some(plain_text(content)),
        _ => None,
    }
}

/// When the body opens with two H1s, the first being the title with a suffix, keeps the more
/// specific one (more words; the page's own heading on a tie). Then a leading H1 equal to the
/// display title is removed, since writers print the title themselves.
pub fn reduce_repeated_title_headings(document: &mut Document) {
    let source = document.metadata.source.as_deref();
    let raw_title = document
        .metadata
        .title
        .as_deref()
        .unwrap_or(&document.title)
        .trim()
        .to_string();
    if let (Some(first), Some(second)) = (
        leading_h1(&document.blocks, 0),
        leading_h1(&document.blocks, 1),
    ) {
        let first_is_title = comparable_title(&first, source)
            == comparable_title(&raw_title, source)
            && strip_source_suffix(&first, source).len() < first.trim().len();
        if first_is_title {
            let words = |text: &str| strip_source_suffix(text, source).split_whitespace().count();
            let drop = if words(&first) > words(&second) { 1 } else { 0 };
            document.blocks.remove(drop);
        }
    }
    if let Some(first) = leading_h1(&document.blocks, 0)
        && comparable_title(&first, source) == comparable_title(&document.title, source)
    {
        document.blocks.remove(0);
    }
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
    use crate::model::{ImageSource, LinkTarget, Metadata};

    fn heading(level: u8, text: &str) -> Block {
        Block {
            line: 1,
            kind: BlockKind::Heading {
                level,
                id: String::new(),
                content: vec![Inline::text(text)],
            },
        }
    }

    fn paragraph(text: &str) -> Block {
        Block {
            line: 2,
            kind: BlockKind::Paragraph {
                content: vec![Inline::text(text)],
            },
        }
    }

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

    fn texts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Heading { level, content, .. } => {
                    format!("h{level}:{}", plain_text(content))
                }
                BlockKind::Paragraph { content } => format!("p:{}", plain_text(content)),
                _ => "other".to_string(),
            })
            .collect()
    }

    fn document(title: &str, blocks: Vec<Block>) -> Document {
        Document {
            path: "a.md".into(),
            sha256: String::new(),
            metadata: Metadata {
                title: Some(title.into()),
                source: Some("NCI".into()),
                ..Metadata::default()
            },
            title: title.into(),
            blocks,
            footnotes: Vec::new(),
            facts: Default::default(),
        }
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
    fn source_suffix_is_stripped() {
        assert_eq!(
            strip_source_suffix("Stress and Cancer - NCI", Some("NCI")),
            "Stress and Cancer"
        );
        assert_eq!(
            strip_source_suffix("Stress and Cancer | nci", Some("NCI")),
            "Stress and Cancer"
        );
        assert_eq!(
            strip_source_suffix("Stress - Cancer", Some("NCI")),
            "Stress - Cancer"
        );
        assert_eq!(strip_source_suffix("- NCI", Some("NCI")), "- NCI");
        assert_eq!(
            strip_source_suffix("Stress and Cancer - NCI", None),
            "Stress and Cancer - NCI"
        );
    }

    #[test]
    fn title_repeated_as_two_h1s_is_removed() {
        let mut doc = document(
            "Stress and Cancer - NCI",
            vec![
                heading(1, "Stress and Cancer - NCI"),
                heading(1, "Stress and  cancer"),
                paragraph("Body."),
            ],
        );
        set_display_title(&mut doc);
        reduce_repeated_title_headings(&mut doc);
        assert_eq!(doc.title, "Stress and Cancer");
        assert_eq!(texts(&doc.blocks), vec!["p:Body."]);
    }

    #[test]
    fn the_more_specific_of_two_h1s_is_kept() {
        let mut doc = document(
            "Renal Carcinoma - NCI",
            vec![
                heading(1, "Renal Carcinoma - NCI"),
                heading(1, "Renal Carcinoma–Health Professional Version"),
            ],
        );
        set_display_title(&mut doc);
        reduce_repeated_title_headings(&mut doc);
        assert_eq!(
            texts(&doc.blocks),
            vec!["h1:Renal Carcinoma–Health Professional Version"]
        );

        let mut doc = document(
            "Childhood brain tumor (DIPG) - NCI",
            vec![
                heading(1, "Childhood brain tumor (DIPG) - NCI"),
                heading(1, "DIPG"),
            ],
        );
        set_display_title(&mut doc);
        reduce_repeated_title_headings(&mut doc);
        assert!(
            doc.blocks.is_empty(),
            "the title is kept, as the document title: {:?}",
            texts(&doc.blocks)
        );
    }

    #[test]
    fn a_different_leading_h1_is_kept() {
        let mut doc = document("Facebook", vec![heading(1, "Stress"), paragraph("Body.")]);
        set_display_title(&mut doc);
        reduce_repeated_title_headings(&mut doc);
        assert_eq!(texts(&doc.blocks), vec!["h1:Stress", "p:Body."]);
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
