//! Headings: the outline every writer prints as it is. Headings without text go, levels run
//! from 2 (the title is level 1) without skipping one, and ids are stable, unique and XML-safe.

use crate::model::{self, Block, BlockKind, Document, Inline};
use std::collections::BTreeSet;

/// Longest heading id made from a heading's text, in characters.
const MAX_ID_CHARS: usize = 60;

/// Prefix of the ids writers give to footnote references; no heading id starts with it.
pub const NOTE_REFERENCE_PREFIX: &str = "fnref-";

/// Settles the headings of `document`, body and footnotes: see the module documentation.
/// `reserved` holds the ids already given to list items and footnotes.
pub fn settle(document: &mut Document, reserved: &BTreeSet<String>) {
    drop_textless(&mut document.blocks);
    for note in &mut document.footnotes {
        drop_textless(&mut note.blocks);
    }
    normalise_levels(&mut document.blocks);
    let mut used = reserved.clone();
    assign_ids(&mut document.blocks, &mut used);
    for note in &mut document.footnotes {
        assign_ids(&mut note.blocks, &mut used);
    }
}

/// A heading with no text heads nothing: it becomes a paragraph of what it holds (an image
/// without alternative text), or goes when it holds nothing. Inside lists and quotes too.
pub fn drop_textless(blocks: &mut Vec<Block>) {
    blocks.retain_mut(|block| match &mut block.kind {
        BlockKind::Heading { content, .. } if !has_text(content) => {
            if !model::contains_image(content) {
                return false;
            }
            let content = std::mem::take(content);
            block.kind = BlockKind::Paragraph { content };
            true
        }
        BlockKind::List { items, .. } => {
            items
                .iter_mut()
                .for_each(|item| drop_textless(&mut item.blocks));
            true
        }
        BlockKind::BlockQuote { blocks } => {
            drop_textless(blocks);
            true
        }
        _ => true,
    });
}

fn has_text(content: &[Inline]) -> bool {
    !model::plain_text(content).trim().is_empty()
}

/// Makes heading levels consistent: the first heading is level 2 (writers print the title as
/// level 1 above the body), and each heading is at most one level below its parent, where the
/// parent is the closest earlier heading written with a smaller level; no level passes 6.
pub fn normalise_levels(blocks: &mut [Block]) {
    let mut open: Vec<(u8, u8)> = Vec::new();
    model::walk_blocks_mut(blocks, &mut |block| {
        if let BlockKind::Heading { level, .. } = &mut block.kind {
            let written = *level;
            while open.last().is_some_and(|&(parent, _)| parent >= written) {
                open.pop();
            }
            let normalised = match open.last() {
                Some(&(_, parent)) => parent.saturating_add(1).min(6),
                None => 2,
            };
            open.push((written, normalised));
            *level = normalised;
        }
    });
}

/// Gives every heading of `blocks` an id made from its text (`overview`, `overview-2`, ...):
/// ASCII letters, digits and `-`, starting with a letter, and not in `used`, to which it is
/// added. An id that another id already has takes a number; one that a list item or footnote
/// has takes `-h`.
pub fn assign_ids(blocks: &mut [Block], used: &mut BTreeSet<String>) {
    let mut from_text: BTreeSet<String> = BTreeSet::new();
    model::walk_blocks_mut(blocks, &mut |block| {
        if let BlockKind::Heading { id, content, .. } = &mut block.kind {
            let base = text_id(&model::plain_text(content));
            let mut candidate = base.clone();
            let mut n = 1;
            while from_text.contains(&candidate) {
                n += 1;
                candidate = format!("{base}-{n}");
            }
            from_text.insert(candidate.clone());
            *id = candidate;
        }
    });
    let mut taken_by_others = used.clone();
    taken_by_others.extend(from_text.iter().cloned());
    model::walk_blocks_mut(blocks, &mut |block| {
        if let BlockKind::Heading { id, .. } = &mut block.kind
            && used.contains(id.as_str())
        {
            let mut n = 2u32;
            let mut candidate = format!("{id}-h");
            while taken_by_others.contains(&candidate) {
                n += 1;
                candidate = format!("{id}-h{n}");
            }
            taken_by_others.insert(candidate.clone());
            *id = candidate;
        }
    });
    model::walk_blocks(blocks, &mut |block| {
        if let BlockKind::Heading { id, .. } = &block.kind {
            used.insert(id.clone());
        }
    });
}

/// The id made from a heading's text, before it is made unique.
fn text_id(text: &str) -> String {
    let mut id = slug::slugify(text);
    id.truncate(MAX_ID_CHARS);
    let id = id.trim_end_matches('-');
    if id.is_empty() {
        "section".to_string()
    } else if !id.starts_with(|c: char| c.is_ascii_alphabetic())
        || id.starts_with(NOTE_REFERENCE_PREFIX)
    {
        format!("id-{id}")
    } else {
        id.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Inline;
    use crate::resolve::test_blocks::heading;

    fn levels(blocks: &[Block]) -> Vec<u8> {
        blocks
            .iter()
            .filter_map(|b| match b.kind {
                BlockKind::Heading { level, .. } => Some(level),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn no_heading_skips_a_level() {
        let cases: &[(&[u8], &[u8])] = &[
            (&[2, 6], &[2, 3]),
            (&[1, 2, 3], &[2, 3, 4]),
            (&[3, 5, 4, 2], &[2, 3, 3, 2]),
            (&[6, 6, 1], &[2, 2, 2]),
            (&[2, 4, 5, 3], &[2, 3, 4, 3]),
            (&[1, 2, 3, 4, 5, 6], &[2, 3, 4, 5, 6, 6]),
        ];
        for (input, expected) in cases {
            let mut blocks: Vec<Block> = input.iter().map(|&l| heading(l, "x")).collect();
            normalise_levels(&mut blocks);
            assert_eq!(levels(&blocks), *expected, "levels {input:?}");
        }
    }

    fn ids(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Heading { id, .. } => Some(id.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn heading_ids_avoid_reserved_ids() {
        let mut blocks = vec![
            heading(2, "Cit section 1 1"),
            heading(2, "Overview"),
            heading(2, "Overview"),
        ];
        let mut used: BTreeSet<String> = ["cit-section-1-1".to_string()].into();
        assign_ids(&mut blocks, &mut used);
        assert_eq!(
            ids(&blocks),
            ["cit-section-1-1-h", "overview", "overview-2"]
        );
    }

    #[test]
    fn heading_ids_are_xml_names_and_never_look_like_note_references() {
        let mut blocks = vec![
            heading(2, "2024 update"),
            heading(2, "fnref 1"),
            heading(2, "¿?"),
        ];
        assign_ids(&mut blocks, &mut BTreeSet::new());
        assert_eq!(ids(&blocks), ["id-2024-update", "id-fnref-1", "section"]);
    }

    #[test]
    fn a_heading_without_text_becomes_its_image_or_goes() {
        let image = Inline::Image {
            source: Box::new(crate::model::ImageSource::Unresolved {
                src: "a.png".into(),
            }),
            alt: String::new(),
            title: String::new(),
        };
        let mut blocks = vec![heading(2, " "), heading(2, "Kept"), heading(3, "")];
        if let BlockKind::Heading { content, .. } = &mut blocks[2].kind {
            *content = vec![image];
        }
        drop_textless(&mut blocks);
        assert!(matches!(blocks[0].kind, BlockKind::Heading { .. }));
        assert!(matches!(blocks[1].kind, BlockKind::Paragraph { .. }));
        assert_eq!(blocks.len(), 2);
    }
}
