//! The resolve stage: turns parsed documents into what every writer needs, once.
//!
//! Links and images are resolved, scraping leftovers cleaned up, facts derived and lint run.

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{self, Document, ImageSource, Inline, LinkTarget};
use std::collections::{BTreeSet, HashSet};

pub mod facts;

/// Options of the resolve stage.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolveOptions {
    /// Documents above this Flesch-Kincaid grade get a warning.
    pub grade_target: f64,
}

impl ResolveOptions {
    /// The resolve options of a build configuration.
    pub fn from_config(config: &Config) -> Self {
        ResolveOptions { grade_target: config.csv.grade_target }
    }
}

/// What resolving found besides the changed documents.
#[derive(Debug, Default)]
pub struct Resolved {
    /// Local images to read from INPUT: (path relative to INPUT, document that embeds it).
    pub assets: BTreeSet<(String, String)>,
    /// Warnings about the documents.
    pub diagnostics: Vec<Diagnostic>,
}

/// Resolves every document in place.
pub fn resolve(documents: &mut [Document], _options: &ResolveOptions) -> Resolved {
    let mut resolved = Resolved::default();
    for document in documents.iter_mut() {
        let mut ids: HashSet<String> = HashSet::new();
        model::walk_blocks(&document.blocks, &mut |b| {
            if let model::BlockKind::Heading { id, .. } = &b.kind {
                ids.insert(id.clone());
            }
        });
        model::for_each_inlines_mut(&mut document.blocks, &mut document.footnotes, &mut |content| resolve_inlines(content, &ids));
        resolved.diagnostics.extend(facts::apply(document, _options));
    }
    let _ = &mut resolved.assets;
    resolved
}

fn resolve_inlines(content: &mut Vec<Inline>, ids: &HashSet<String>) {
    let mut out = Vec::with_capacity(content.len());
    for mut inline in content.drain(..) {
        match &mut inline {
            Inline::Link { target, content, .. } => {
                resolve_inlines(content, ids);
                if let LinkTarget::Unresolved { href } = target {
                    let href = href.trim().to_string();
                    let lower = href.to_ascii_lowercase();
                    *target = if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:") {
                        LinkTarget::External { url: href, glossary: false }
                    } else if let Some(id) = href.strip_prefix('#').filter(|id| ids.contains(*id)) {
                        LinkTarget::Anchor { id: id.to_string(), citation: false }
                    } else {
                        out.append(content);
                        continue;
                    };
                }
            }
            Inline::Image { source, .. } => {
                if let ImageSource::Unresolved { src } = source {
                    let lower = src.to_ascii_lowercase();
                    *source = if lower.starts_with("http://") || lower.starts_with("https://") {
                        ImageSource::Remote { url: src.clone() }
                    } else {
                        ImageSource::Refused
                    };
                }
            }
            Inline::Emphasis { content } | Inline::Strong { content } | Inline::Strikethrough { content } => resolve_inlines(content, ids),
            _ => {}
        }
        out.push(inline);
    }
    *content = out;
}
