//! Blocks for the resolve stage's unit tests, made in one line each.

use crate::model::{Block, BlockKind, Inline, plain_text};

/// A heading of `level` holding `text`, with no id yet.
pub fn heading(level: u8, text: &str) -> Block {
    Block {
        line: 1,
        kind: BlockKind::Heading {
            level,
            id: String::new(),
            content: vec![Inline::text(text)],
        },
    }
}

/// A paragraph holding `text`.
pub fn paragraph(text: &str) -> Block {
    Block {
        line: 2,
        kind: BlockKind::Paragraph {
            content: vec![Inline::text(text)],
        },
    }
}

/// Each block as `h<level>:<text>`, `p:<text>` or `other`, for comparing outlines.
pub fn texts(blocks: &[Block]) -> Vec<String> {
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
