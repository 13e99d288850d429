//! The title: which one a document shows, and the headings that only repeat it.
//!
//! Writers print the title themselves (as the handout's title block, as the chapter's `<h1>`),
//! so after this stage the title is never empty and no heading at the top of the body repeats
//! it.

use crate::model::{Block, BlockKind, Document, plain_text};

/// Longest site suffix (after " - ", " | ", " – " or " — ") a heading may leave out of the title
/// and still repeat it (`Stress and Cancer` under the title `Stress and Cancer - Cancer.gov`).
const MAX_SITE_SUFFIX_CHARS: usize = 40;

/// Settles the title of `document`: picks the display title, then removes the headings at the
/// top of the body that repeat it.
pub fn settle(document: &mut Document) {
    document.title = display_title(document);
    reduce_repeated_title_headings(document);
    drop_leading_title_headings(document);
}

/// The title shown to readers: the front-matter title without its " - <source>" suffix, else
/// the first H1, else the file name without its extension, else "Untitled document"; white
/// space collapsed.
pub fn display_title(document: &Document) -> String {
    let source = document.metadata.source.as_deref();
    let front_matter = document
        .metadata
        .title
        .as_deref()
        .map(|title| strip_source_suffix(title, source));
    let first_h1 = || {
        document.blocks.iter().find_map(|block| match &block.kind {
            BlockKind::Heading {
                level: 1, content, ..
            } => Some(plain_text(content)),
            _ => None,
        })
    };
    let file_stem = || {
        let name = document.path.rsplit('/').next().unwrap_or(&document.path);
        name.rsplit_once('.')
            .map_or(name, |(stem, _)| stem)
            .to_string()
    };
    [
        front_matter.map(str::to_string),
        first_h1(),
        Some(file_stem()),
    ]
    .into_iter()
    .flatten()
    .map(|title| collapse_space(&title))
    .find(|title| !title.is_empty())
    .unwrap_or_else(|| "Untitled document".to_string())
}

/// `text` with white space runs collapsed to one space and the characters no reader shows
/// (controls, non-characters) left out.
fn collapse_space(text: &str) -> String {
    let shown: String = text
        .chars()
        .filter(|&c| !c.is_control() || c.is_whitespace())
        .filter(|&c| !matches!(c as u32, 0xFDD0..=0xFDEF) && (c as u32 & 0xFFFE) != 0xFFFE)
        .collect();
    shown.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a heading written at `level` only repeats the display `title`: the same words
/// (ignoring case and spacing), the title without a short site suffix, or, for an H1, a part
/// of the title of at least three characters.
pub fn repeats_title(heading: &str, level: u8, title: &str) -> bool {
    let heading = collapse_space(heading).to_lowercase();
    let title = collapse_space(title).to_lowercase();
    if heading.is_empty() {
        return false;
    }
    heading == title
        || [" - ", " | ", " — ", " – "].iter().any(|separator| {
            title.rsplit_once(separator).is_some_and(|(core, suffix)| {
                core.trim() == heading && suffix.chars().count() <= MAX_SITE_SUFFIX_CHARS
            })
        })
        || (level == 1 && heading.chars().count() >= 3 && title.contains(&heading))
}

/// Removes the headings that open the body (before any other block) and repeat the title.
pub fn drop_leading_title_headings(document: &mut Document) {
    let repeats = |block: &Block| match &block.kind {
        BlockKind::Heading { level, content, .. } => {
            repeats_title(&plain_text(content), *level, &document.title)
        }
        _ => false,
    };
    let leading = document
        .blocks
        .iter()
        .take_while(|block| matches!(block.kind, BlockKind::Heading { .. }))
        .count();
    let keep: Vec<bool> = document.blocks[..leading]
        .iter()
        .map(|b| !repeats(b))
        .collect();
    let mut position = 0;
    document.blocks.retain(|_| {
        position += 1;
        keep.get(position - 1).copied().unwrap_or(true)
    });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Metadata;
    use crate::resolve::test_blocks::{heading, paragraph, texts};

    fn document(title: &str, blocks: Vec<Block>) -> Document {
        Document {
            path: "a.md".into(),
            sha256: String::new(),
            metadata: Metadata {
                title: Some(title.into()),
                source: Some("NCI".into()),
                ..Metadata::default()
            },
            title: String::new(),
            blocks,
            footnotes: Vec::new(),
            facts: Default::default(),
            language: Default::default(),
            translations: Vec::new(),
        }
    }

    #[test]
    fn the_title_falls_back_to_the_first_h1_then_the_file_name() {
        let mut doc = document("  ", vec![heading(2, "Two"), heading(1, "One  h1")]);
        assert_eq!(display_title(&doc), "One h1");
        doc.blocks.clear();
        doc.path = "dir/some-page.md".into();
        assert_eq!(display_title(&doc), "some-page");
        doc.path = ".md".into();
        assert_eq!(display_title(&doc), "Untitled document");
        doc.metadata.title = Some("\u{1}\u{7}\u{FFFF}".into());
        assert_eq!(
            display_title(&doc),
            "Untitled document",
            "nothing a reader sees"
        );
    }

    #[test]
    fn leading_headings_repeating_the_title_go_and_the_rest_stay() {
        let mut doc = document(
            "Caring for You - NCI",
            vec![
                heading(2, "caring  for you"),
                heading(1, "Caring"),
                heading(2, "Overview"),
                paragraph("Body."),
                heading(1, "Caring for You"),
            ],
        );
        settle(&mut doc);
        assert_eq!(doc.title, "Caring for You");
        assert_eq!(
            texts(&doc.blocks),
            vec!["h2:Overview", "p:Body.", "h1:Caring for You"]
        );
    }

    #[test]
    fn a_heading_repeats_a_title_with_a_site_suffix() {
        assert!(repeats_title("Stress", 2, "Stress | Cancer.gov"));
        assert!(!repeats_title("Stress", 2, "Stress and Cancer"));
        assert!(repeats_title("Stress", 1, "Stress and Cancer"));
        assert!(!repeats_title("St", 1, "Stress and Cancer"));
        assert!(!repeats_title("", 1, "Stress"));
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
        doc.title = display_title(&doc);
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
        doc.title = display_title(&doc);
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
        doc.title = display_title(&doc);
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
        doc.title = display_title(&doc);
        reduce_repeated_title_headings(&mut doc);
        assert_eq!(texts(&doc.blocks), vec!["h1:Stress", "p:Body."]);
    }
}
