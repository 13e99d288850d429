//! Reference lists: gives the items of "References" lists anchor ids that citations can point at.
//!
//! Sections are counted by the document's level-2 headings as written (before any cleanup or
//! level normalisation). Item M of the references list closing section N gets the id
//! `cit-section-N-M`, and the fragments `cit/section_N.M` (and `rM`/`refM` for the last
//! references list of the page) are aliases of it.

use crate::model::{Block, BlockKind, plain_text};
use std::collections::{BTreeMap, BTreeSet};

/// The anchor targets of one document's reference lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReferenceTargets {
    /// Every id given to a reference item.
    pub ids: BTreeSet<String>,
    /// Fragment as written in links (`cit/section_1.2`, `r3`) -> id of the item.
    pub aliases: BTreeMap<String, String>,
}

/// Whether a heading's text announces a list of references.
pub fn is_references_heading(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| word == "references" || word == "bibliography")
}

/// The id of item `item` of the references list closing section `section`.
pub fn citation_id(section: u32, item: u64) -> String {
    format!("cit-section-{section}-{item}")
}

/// Gives ids to the items of the references lists among the top-level blocks.
pub fn assign_reference_ids(blocks: &mut [Block]) -> ReferenceTargets {
    let mut targets = ReferenceTargets::default();
    let mut section = 0u32;
    let mut in_references = false;
    let mut bullet_number = 0u64;
    let mut last_list: Vec<(u64, String)> = Vec::new();
    let mut current_list: Vec<(u64, String)> = Vec::new();
    for block in blocks.iter_mut() {
        match &mut block.kind {
            BlockKind::Heading { level, content, .. } => {
                if *level == 2 {
                    section = section.saturating_add(1);
                }
                if in_references && !current_list.is_empty() {
                    last_list = std::mem::take(&mut current_list);
                }
                in_references = is_references_heading(&plain_text(content));
                bullet_number = 0;
                current_list.clear();
            }
            BlockKind::List { start, items } if in_references => {
                for (index, item) in items.iter_mut().enumerate() {
                    let number = match start {
                        Some(start) => start.saturating_add(index as u64),
                        None => {
                            bullet_number += 1;
                            bullet_number
                        }
                    };
                    let id = citation_id(section, number);
                    if item.id.is_some() || targets.ids.contains(&id) {
                        continue;
                    }
                    item.id = Some(id.clone());
                    targets.ids.insert(id.clone());
                    targets
                        .aliases
                        .insert(format!("cit/section_{section}.{number}"), id.clone());
                    current_list.push((number, id));
                }
            }
            _ => {}
        }
    }
    if !current_list.is_empty() {
        last_list = current_list;
    }
    for (number, id) in last_list {
        targets
            .aliases
            .entry(format!("r{number}"))
            .or_insert_with(|| id.clone());
        targets.aliases.entry(format!("ref{number}")).or_insert(id);
    }
    targets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Inline, ListItem};
    use crate::resolve::test_blocks::heading;

    fn list(start: Option<u64>, n: usize) -> Block {
        let items = (0..n)
            .map(|i| ListItem {
                id: None,
                task: None,
                blocks: vec![Block {
                    line: 1,
                    kind: BlockKind::Paragraph {
                        content: vec![Inline::text(format!("ref {i}"))],
                    },
                }],
            })
            .collect();
        Block {
            line: 1,
            kind: BlockKind::List { start, items },
        }
    }

    fn ids(block: &Block) -> Vec<Option<String>> {
        match &block.kind {
            BlockKind::List { items, .. } => items.iter().map(|i| i.id.clone()).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn references_closing_each_section_are_numbered_by_section() {
        let mut blocks = vec![
            heading(2, "Introduction"),
            heading(6, "References"),
            list(Some(1), 2),
            heading(2, ""),
            heading(2, "Genetics"),
            heading(3, "Details"),
            list(Some(1), 1),
            heading(6, "References"),
            list(Some(1), 3),
        ];
        let targets = assign_reference_ids(&mut blocks);
        assert_eq!(
            ids(&blocks[2]),
            vec![
                Some("cit-section-1-1".into()),
                Some("cit-section-1-2".into())
            ]
        );
        assert_eq!(
            ids(&blocks[6]),
            vec![None],
            "a list outside a references section keeps no id"
        );
        assert_eq!(ids(&blocks[8])[2], Some("cit-section-3-3".into()));
        assert_eq!(
            targets.aliases.get("cit/section_3.2").map(String::as_str),
            Some("cit-section-3-2")
        );
        assert_eq!(
            targets.aliases.get("r1").map(String::as_str),
            Some("cit-section-3-1"),
            "rN points into the last list"
        );
        assert_eq!(targets.ids.len(), 5);
    }

    #[test]
    fn numbering_follows_the_list_start() {
        let mut blocks = vec![
            heading(2, "Selected References"),
            list(Some(1), 2),
            list(Some(3), 1),
        ];
        let targets = assign_reference_ids(&mut blocks);
        assert_eq!(ids(&blocks[2]), vec![Some("cit-section-1-3".into())]);
        assert!(targets.aliases.contains_key("cit/section_1.3"));
    }

    #[test]
    fn references_heading_words() {
        assert!(is_references_heading("Selected References"));
        assert!(!is_references_heading("Cross-referenced terms"));
    }
}
