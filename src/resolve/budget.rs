//! The budget of one document: what it may hold before any writer spends time on it.
//!
//! Typesetting grows with a document's size and nesting; a page built to hurt (a paragraph of
//! millions of inlines, a table of tens of thousands of rows) would stall a build or exhaust its
//! memory. Each document is measured on the model once it is cleaned; over a limit it is either
//! refused with an error that names the limit, the measured value and the option that raises it,
//! or, for a table too large to typeset as one, degraded to one paragraph per row with a warning.
//! The limits sit far above any real page (see [`Budget::default`]).

use crate::diagnostics::Diagnostic;
use crate::model::{self, Block, BlockKind, Cell, Document, Inline};

/// Limits on what one document may hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Budget {
    /// Deepest nesting of containers (lists, quotes) and inline styles (emphasis, links) in one
    /// path of the tree: layout recurses once per level.
    pub max_depth: usize,
    /// Most inlines (text runs, styles, links, code spans) in one paragraph, heading or cell:
    /// a paragraph is laid out as a whole.
    pub max_paragraph_inlines: usize,
    /// Most characters in one paragraph, heading or cell, for the same reason.
    pub max_paragraph_chars: usize,
    /// Most cells in one table: a larger table is printed as one paragraph per row, since a
    /// table is laid out as a whole on every page it spans.
    pub max_table_cells: usize,
    /// Most pages a handout of the document is estimated to take: the time to typeset a
    /// document is close to proportional to its pages.
    pub max_pages: u64,
}

impl Default for Budget {
    /// Limits at least three times the largest of the 321 real pages of the shared corpus (the
    /// measured maxima are in the comments; a test keeps them so), and below what takes more
    /// than a few seconds or about a gigabyte to typeset.
    fn default() -> Self {
        Budget {
            // Real maximum: 5. The parser nests containers at most 100 deep.
            max_depth: 100,
            // Real maximum: 155.
            max_paragraph_inlines: 5_000,
            // Real maximum: 4,029. A paragraph of 215,000 characters of plain words takes
            // 1.5 s.
            max_paragraph_chars: 250_000,
            // Real maximum: 342.
            max_table_cells: 10_000,
            // Real maximum: 313 (the handout has 272 pages). A handout of 940 pages takes about
            // 8 s and 950 MB to typeset.
            max_pages: 1_000,
        }
    }
}

/// Characters of text a handout page holds, for the page estimate: the real pages average
/// about 2,800 bytes of Markdown per printed page.
const CHARS_PER_PAGE: u64 = 2_500;
/// Blocks a handout page holds at most, for the page estimate (headings, list items and table
/// rows take a line each, whatever their text).
const BLOCKS_PER_PAGE: u64 = 40;

/// What one document holds, measured against a [`Budget`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Measure {
    /// Deepest nesting of containers and inline styles, and its line.
    pub depth: (usize, u32),
    /// Most inlines in one run, and its line.
    pub paragraph_inlines: (usize, u32),
    /// Most characters in one run, and its line.
    pub paragraph_chars: (usize, u32),
    /// Most cells in one table, and its line.
    pub table_cells: (usize, u32),
    /// Estimated handout pages.
    pub pages: u64,
}

/// Measures a document: body and footnotes.
pub fn measure(document: &Document) -> Measure {
    let mut measure = Measure::default();
    let mut chars = 0u64;
    let mut blocks = 0u64;
    let mut visit = |block: &Block, depth: usize| {
        blocks += 1;
        let line = block.line;
        let mut runs = 0usize;
        model::block_inlines(block, &mut |run| {
            runs += 1;
            let (inlines, run_chars, inline_depth) = measure_run(run);
            chars += run_chars as u64;
            raise(&mut measure.paragraph_inlines, inlines, line);
            raise(&mut measure.paragraph_chars, run_chars, line);
            raise(&mut measure.depth, depth + inline_depth, line);
        });
        match &block.kind {
            BlockKind::Table { rows, .. } => {
                blocks += rows.len() as u64;
                raise(&mut measure.table_cells, runs, line);
            }
            BlockKind::CodeBlock { code, .. } => {
                chars += code.chars().count() as u64;
                blocks += code.lines().count() as u64 / 2;
            }
            _ => {}
        }
        raise(&mut measure.depth, depth, line);
    };
    walk_with_depth(&document.blocks, 0, &mut visit);
    for note in &document.footnotes {
        walk_with_depth(&note.blocks, 1, &mut visit);
    }
    measure.pages = 1 + chars / CHARS_PER_PAGE + blocks / BLOCKS_PER_PAGE;
    measure
}

fn raise(slot: &mut (usize, u32), value: usize, line: u32) {
    if value > slot.0 {
        *slot = (value, line);
    }
}

/// Inlines, characters and nesting depth of one run of inlines.
fn measure_run(run: &[Inline]) -> (usize, usize, usize) {
    let mut inlines = 0;
    let mut chars = 0;
    let mut deepest = 0;
    let mut stack: Vec<(&[Inline], usize)> = vec![(run, 1)];
    while let Some((run, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        for inline in run {
            inlines += 1;
            match inline {
                Inline::Text { text } => chars += text.chars().count(),
                Inline::Code { code } => chars += code.chars().count(),
                Inline::Image { alt, .. } => chars += alt.chars().count(),
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Strikethrough { content }
                | Inline::Link { content, .. } => stack.push((content, depth + 1)),
                Inline::LineBreak | Inline::FootnoteRef { .. } => {}
            }
        }
    }
    (inlines, chars, deepest)
}

/// Calls `f` on every block with its container depth (0 at the top).
fn walk_with_depth<'a>(blocks: &'a [Block], depth: usize, f: &mut dyn FnMut(&'a Block, usize)) {
    for block in blocks {
        f(block, depth);
        match &block.kind {
            BlockKind::List { items, .. } => {
                for item in items {
                    walk_with_depth(&item.blocks, depth + 1, f);
                }
            }
            BlockKind::BlockQuote { blocks } => walk_with_depth(blocks, depth + 1, f),
            _ => {}
        }
    }
}

/// Keeps `document` within `budget`: tables over the cell limit become one paragraph per row
/// (with a warning each), then any other limit passed is an error that refuses the document.
pub fn enforce(document: &mut Document, budget: &Budget) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let path = document.path.clone();
    let mut degrade = |blocks: &mut Vec<Block>| {
        degrade_tables(blocks, budget.max_table_cells, &mut |line, cells| {
            diagnostics.push(
                Diagnostic::warning(
                    &path,
                    "table-too-large",
                    format!(
                        "the table has {cells} cells, more than the limit of {}: it is printed as one paragraph per row",
                        budget.max_table_cells
                    ),
                )
                .at_line(line)
                .with_hint("split the table, or raise `max-table-cells`"),
            )
        })
    };
    degrade(&mut document.blocks);
    for note in &mut document.footnotes {
        degrade(&mut note.blocks);
    }
    let measure = measure(document);
    let limits = [
        (
            "max-depth",
            "nesting of lists, quotes and styles",
            measure.depth,
            budget.max_depth,
        ),
        (
            "max-paragraph-inlines",
            "inlines in one paragraph",
            measure.paragraph_inlines,
            budget.max_paragraph_inlines,
        ),
        (
            "max-paragraph-chars",
            "characters in one paragraph",
            measure.paragraph_chars,
            budget.max_paragraph_chars,
        ),
    ];
    for (option, what, (value, line), limit) in limits {
        if value > limit {
            diagnostics
                .push(over_budget(&path, what, value as u64, limit as u64, option).at_line(line));
        }
    }
    if measure.pages > budget.max_pages {
        diagnostics.push(over_budget(
            &path,
            "estimated handout pages",
            measure.pages,
            budget.max_pages,
            "max-pages",
        ));
    }
    diagnostics
}

fn over_budget(path: &str, what: &str, value: u64, limit: u64, option: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        "over-budget",
        format!("the document is refused: {what} {value}, more than the limit of {limit}"),
    )
    .with_hint(format!("split the document, or raise `{option}`"))
}

/// Replaces every table of more than `max_cells` cells by one paragraph per row (`Header:
/// value; Header: value`), calling `report` with the table's line and cell count.
fn degrade_tables(blocks: &mut Vec<Block>, max_cells: usize, report: &mut dyn FnMut(u32, usize)) {
    let mut out = Vec::with_capacity(blocks.len());
    for mut block in std::mem::take(blocks) {
        match &mut block.kind {
            BlockKind::Table { header, rows, .. }
                if header.len() + rows.iter().map(Vec::len).sum::<usize>() > max_cells =>
            {
                report(
                    block.line,
                    header.len() + rows.iter().map(Vec::len).sum::<usize>(),
                );
                for row in rows.drain(..) {
                    out.push(Block {
                        line: block.line,
                        kind: BlockKind::Paragraph {
                            content: row_as_text(header, row),
                        },
                    });
                }
                continue;
            }
            BlockKind::List { items, .. } => {
                for item in items.iter_mut() {
                    degrade_tables(&mut item.blocks, max_cells, report);
                }
            }
            BlockKind::BlockQuote { blocks } => degrade_tables(blocks, max_cells, report),
            _ => {}
        }
        out.push(block);
    }
    *blocks = out;
}

/// One table row as the inlines of a paragraph: each non-blank cell after its column's header.
fn row_as_text(header: &[Cell], row: Vec<Cell>) -> Vec<Inline> {
    let mut content = Vec::new();
    for (column, cell) in row.into_iter().enumerate() {
        if model::is_blank(&cell) {
            continue;
        }
        if !content.is_empty() {
            content.push(Inline::text("; "));
        }
        if let Some(name) = header.get(column).filter(|name| !model::is_blank(name)) {
            content.push(Inline::Strong {
                content: name.clone(),
            });
            content.push(Inline::text(": "));
        }
        content.extend(cell);
    }
    content
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(markdown: &str) -> Document {
        crate::parse::parse_document("a.md", markdown.as_bytes())
            .0
            .expect("parses")
    }

    fn codes(diagnostics: &[Diagnostic]) -> Vec<&str> {
        diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn a_small_page_is_within_budget() {
        let mut doc = document("# T\n\nSome *text* and [a link](https://x.org).\n\n- a\n  - b\n");
        let measure = measure(&doc);
        assert_eq!(measure.depth.0, 3, "{measure:?}");
        assert_eq!(measure.pages, 1);
        assert!(enforce(&mut doc, &Budget::default()).is_empty());
    }

    #[test]
    fn each_limit_names_itself_its_value_and_its_option() {
        let budget = Budget {
            max_depth: 3,
            max_paragraph_inlines: 10,
            max_paragraph_chars: 20,
            max_table_cells: 100,
            max_pages: 1,
        };
        let mut deep = document("> > > > deep\n");
        let found = enforce(&mut deep, &budget);
        assert_eq!(codes(&found), ["over-budget"]);
        assert!(
            found[0]
                .message
                .contains("nesting of lists, quotes and styles 5"),
            "{}",
            found[0].message
        );
        assert!(
            found[0]
                .hint
                .as_deref()
                .unwrap_or("")
                .contains("`max-depth`")
        );

        let mut many = document(&"`x` ".repeat(8));
        let found = enforce(&mut many, &budget);
        assert_eq!(codes(&found), ["over-budget"], "{found:?}");
        assert!(
            found
                .iter()
                .any(|d| d.message.contains("inlines in one paragraph 15")),
            "{found:?}"
        );

        let mut long = document(&"word ".repeat(2000));
        let found = enforce(&mut long, &budget);
        assert!(
            found
                .iter()
                .any(|d| d.message.contains("estimated handout pages 4")),
            "{found:?}"
        );
    }

    #[test]
    fn a_table_too_large_becomes_one_paragraph_per_row() {
        let budget = Budget {
            max_table_cells: 5,
            ..Budget::default()
        };
        let mut doc = document("| Drug | Dose |\n|---|---|\n| A | 1 mg |\n| B |  |\n");
        let found = enforce(&mut doc, &budget);
        assert_eq!(codes(&found), ["table-too-large"]);
        let texts: Vec<String> = doc
            .blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Paragraph { content } => model::plain_text(content),
                _ => "other".into(),
            })
            .collect();
        assert_eq!(texts, ["Drug: A; Dose: 1 mg", "Drug: B"]);
    }
}
