//! Lint: warnings about pages worth a look (placeholder bodies, little text, a title that does
//! not fit the page, missing metadata). Pages with warnings are still exported.

use super::title::{comparable_title, strip_source_suffix};
use crate::diagnostics::Diagnostic;
use crate::model::{self, BlockKind, Document, plain_text};

/// Pages with fewer words than this get a `little-text` warning.
pub const MIN_WORDS: u64 = 30;

/// Pages with more words than this are never taken for a placeholder.
const MAX_PLACEHOLDER_WORDS: u64 = 80;

/// Phrases of bodies that a scraper saved instead of the page (lower case).
const PLACEHOLDER_PHRASES: [&str; 7] = [
    "enable javascript",
    "javascript is disabled",
    "javascript is required",
    "javascript must be enabled",
    "page not found",
    "access denied",
    "please turn on javascript",
];

/// Words too common to tell whether a title fits a heading.
const STOP_WORDS: [&str; 16] = [
    "a", "an", "and", "the", "of", "for", "to", "in", "on", "with", "or", "by", "at", "is",
    "about", "your",
];

/// The first heading the page itself gives (text, line), skipping a leading copy of the
/// front-matter title with its source suffix. Taken before cleanup.
pub fn first_page_heading(document: &Document) -> Option<(String, u32)> {
    let source = document.metadata.source.as_deref();
    let raw_title = document.metadata.title.as_deref().unwrap_or("").trim();
    let mut headings = Vec::new();
    model::walk_blocks(&document.blocks, &mut |block| {
        if let BlockKind::Heading { content, .. } = &block.kind {
            let text = plain_text(content).trim().to_string();
            if !text.is_empty() {
                headings.push((text, block.line));
            }
        }
    });
    let is_title_copy = |text: &str| {
        strip_source_suffix(text, source).len() < text.len()
            && comparable_title(text, source) == comparable_title(raw_title, source)
    };
    let skip = usize::from(
        headings
            .first()
            .is_some_and(|(text, _)| is_title_copy(text))
            && headings.len() > 1,
    );
    headings.into_iter().nth(skip)
}

/// Lower-case words of `text` that say something (no stop words).
fn content_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

/// Whether the body is a placeholder a scraper saved instead of the page.
pub fn is_placeholder(body_text: &str, words: u64) -> bool {
    words <= MAX_PLACEHOLDER_WORDS && {
        let lower = body_text.to_lowercase();
        PLACEHOLDER_PHRASES
            .iter()
            .any(|phrase| lower.contains(phrase))
    }
}

fn body_text(document: &Document) -> String {
    let mut text = String::new();
    model::walk_blocks(&document.blocks, &mut |block| match &block.kind {
        BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => {
            text.push_str(&plain_text(content));
            text.push('\n');
        }
        _ => {}
    });
    text
}

/// Lints one resolved document whose facts are derived. `first_heading` is
/// [`first_page_heading`] taken before cleanup.
pub fn lint(document: &Document, first_heading: Option<&(String, u32)>) -> Vec<Diagnostic> {
    let file = document.path.as_str();
    let mut out = Vec::new();
    let first_line = document.blocks.first().map_or(1, |b| b.line);
    let words = document.facts.words;
    // Only short bodies can be placeholders: longer ones are not gathered into text at all.
    let placeholder = (words <= MAX_PLACEHOLDER_WORDS)
        .then(|| body_text(document))
        .filter(|text| is_placeholder(text, words));
    if let Some(text) = placeholder {
        let first: String = text
            .trim()
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(80)
            .collect();
        out.push(
            Diagnostic::warning(
                file,
                "placeholder-body",
                format!("the body is a placeholder, not the page: \"{first}\""),
            )
            .at_line(first_line)
            .with_hint("fetch the page again, or leave it out of INPUT"),
        );
    } else if words < MIN_WORDS {
        out.push(
            Diagnostic::warning(
                file,
                "little-text",
                format!("the body has only {words} word(s)"),
            )
            .at_line(first_line),
        );
    }
    if let (Some(title), Some((heading, line))) =
        (document.metadata.title.as_deref(), first_heading)
    {
        let title_words = content_words(strip_source_suffix(
            title,
            document.metadata.source.as_deref(),
        ));
        let heading_words = content_words(heading);
        if !title_words.is_empty()
            && !heading_words.is_empty()
            && !title_words.iter().any(|w| heading_words.contains(w))
        {
            out.push(
                Diagnostic::warning(
                    file,
                    "title-heading-mismatch",
                    format!(
                        "the title \"{}\" shares no word with the first heading \"{heading}\"",
                        title.trim()
                    ),
                )
                .at_line(*line),
            );
        }
    }
    match document.metadata.url.as_deref().map(str::trim) {
        None | Some("") => out.push(
            Diagnostic::warning(file, "missing-url", "the front matter has no `url`").at_line(1),
        ),
        Some(url) if super::links::page_base(Some(url)).is_none() => out.push(
            Diagnostic::warning(
                file,
                "invalid-url",
                format!("the front-matter `url` is not an absolute http(s) URL: {url}"),
            )
            .at_line(1),
        ),
        Some(_) => {}
    }
    if document.metadata.last_reviewed.is_none() {
        out.push(
            Diagnostic::warning(
                file,
                "missing-last-reviewed",
                "the front matter has no `lastReviewed` date",
            )
            .at_line(1),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Inline, Metadata};

    fn document(title: &str, body: &[(u8, &str)]) -> Document {
        let blocks = body
            .iter()
            .enumerate()
            .map(|(i, (level, text))| Block {
                line: 10 + i as u32,
                kind: if *level == 0 {
                    BlockKind::Paragraph {
                        content: vec![Inline::text(*text)],
                    }
                } else {
                    BlockKind::Heading {
                        level: *level,
                        id: String::new(),
                        content: vec![Inline::text(*text)],
                    }
                },
            })
            .collect();
        let mut document = Document {
            path: "p.md".into(),
            sha256: String::new(),
            metadata: Metadata {
                title: Some(title.into()),
                source: Some("NCI".into()),
                url: Some("https://www.cancer.gov/p".into()),
                last_reviewed: chrono::NaiveDate::from_ymd_opt(2025, 1, 1),
                ..Metadata::default()
            },
            title: title.into(),
            blocks,
            footnotes: Vec::new(),
            facts: Default::default(),
            language: Default::default(),
            translations: Vec::new(),
        };
        document.facts = crate::resolve::facts::derive(&document);
        document
    }

    fn codes(document: &Document) -> Vec<&'static str> {
        let heading = first_page_heading(document);
        lint(document, heading.as_ref())
            .into_iter()
            .map(|d| d.code)
            .collect()
    }

    const BODY: &str = "Stress is how the body and mind react to pressure. People with cancer may feel stress from the diagnosis, \
        from treatment, from costs and from changes in daily life. Talking with others helps.";

    #[test]
    fn a_good_page_has_no_warnings() {
        assert!(
            codes(&document(
                "Stress and Cancer - NCI",
                &[(1, "Stress and Cancer - NCI"), (1, "Stress"), (0, BODY)]
            ))
            .is_empty()
        );
    }

    #[test]
    fn placeholder_body() {
        let doc = document(
            "Facebook",
            &[
                (1, "Facebook"),
                (0, "You need to enable JavaScript to run this app."),
            ],
        );
        assert_eq!(codes(&doc), vec!["placeholder-body"]);
    }

    #[test]
    fn little_text() {
        assert_eq!(
            codes(&document("Stress", &[(0, "Stress is real.")])),
            vec!["little-text"]
        );
    }

    #[test]
    fn title_sharing_no_word_with_the_first_heading() {
        let doc = document(
            "Facebook - NCI",
            &[(1, "Facebook - NCI"), (1, "Coping skills"), (0, BODY)],
        );
        let diagnostics = lint(&doc, first_page_heading(&doc).as_ref());
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, "title-heading-mismatch");
        assert_eq!(diagnostics[0].line, Some(11));
    }

    #[test]
    fn missing_metadata() {
        let mut doc = document("Stress", &[(0, BODY)]);
        doc.metadata.url = None;
        doc.metadata.last_reviewed = None;
        assert_eq!(codes(&doc), vec!["missing-url", "missing-last-reviewed"]);
        doc.metadata.url = Some("/relative".into());
        assert_eq!(codes(&doc), vec!["invalid-url", "missing-last-reviewed"]);
    }
}
