//! Headings: levels normalised so that none skips a level, and stable unique ids.

use crate::model::{self, Block, BlockKind};
use std::collections::BTreeSet;

/// Makes heading levels consistent: the first heading is level 1 or 2 (writers print the title
/// as level 1 above the body), and each heading is at most one level below its parent, where
/// the parent is the closest earlier heading written with a smaller level.
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
                None => written.clamp(1, 2),
            };
            open.push((written, normalised));
            *level = normalised;
        }
    });
}

/// Gives every heading a stable slug id, unique within the document and distinct from `reserved`
/// (ids already given to list items and footnotes).
pub fn assign_ids(blocks: &mut [Block], reserved: &BTreeSet<String>) {
    model::assign_heading_ids(blocks);
    let mut used: BTreeSet<String> = BTreeSet::new();
    model::walk_blocks(blocks, &mut |block| {
        if let BlockKind::Heading { id, .. } = &block.kind {
            used.insert(id.clone());
        }
    });
    model::walk_blocks_mut(blocks, &mut |block| {
        if let BlockKind::Heading { id, .. } = &mut block.kind
            && reserved.contains(id.as_str())
        {
            let mut n = 2u32;
            let mut candidate = format!("{id}-h");
            while reserved.contains(&candidate) || used.contains(&candidate) {
                n += 1;
                candidate = format!("{id}-h{n}");
            }
            used.insert(candidate.clone());
            *id = candidate;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Inline;

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
            (&[1, 2, 3], &[1, 2, 3]),
            (&[3, 5, 4, 2], &[2, 3, 3, 2]),
            (&[6, 6, 1], &[2, 2, 1]),
            (&[2, 4, 5, 3], &[2, 3, 4, 3]),
        ];
        for (input, expected) in cases {
            let mut blocks: Vec<Block> = input.iter().map(|&l| heading(l, "x")).collect();
            normalise_levels(&mut blocks);
            assert_eq!(levels(&blocks), *expected, "levels {input:?}");
        }
    }

    #[test]
    fn heading_ids_avoid_reserved_ids() {
        let mut blocks = vec![
            heading(2, "Cit section 1 1"),
            heading(2, "Overview"),
            heading(2, "Overview"),
        ];
        let reserved: BTreeSet<String> = ["cit-section-1-1".to_string()].into();
        assign_ids(&mut blocks, &reserved);
        let ids: Vec<String> = blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Heading { id, .. } => Some(id.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(ids, vec!["cit-section-1-1-h", "overview", "overview-2"]);
    }
}
