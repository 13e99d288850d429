//! The document's language: a BCP 47 tag every writer can put in its output as it is, or none.

use crate::diagnostics::Diagnostic;
use crate::model::Document;

/// Keeps the front matter's `language` when it is a well-formed tag (letters for the primary
/// subtag, then subtags of one to eight letters or digits, joined by `-`), trimmed; otherwise
/// drops it with a warning, so that no writer puts a malformed tag in a `lang` attribute.
pub fn settle(document: &mut Document) -> Option<Diagnostic> {
    let written = document.metadata.language.take()?;
    let tag = written.trim();
    if tag.is_empty() {
        return None;
    }
    if is_well_formed(tag) {
        document.metadata.language = Some(tag.to_string());
        return None;
    }
    Some(
        Diagnostic::warning(
            &document.path,
            "language-invalid",
            format!(
                "the front-matter `language` {written:?} is not a language tag; it is left out"
            ),
        )
        .at_line(1)
        .with_hint("write a BCP 47 tag such as `en`, `es`, `zh-Hans` or `pt-BR`"),
    )
}

/// Whether `tag` is shaped as a BCP 47 tag.
pub fn is_well_formed(tag: &str) -> bool {
    tag.len() <= 35
        && tag.split('-').all(|part| {
            !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
        && tag
            .split('-')
            .next()
            .is_some_and(|primary| primary.chars().all(|c| c.is_ascii_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settled(language: &str) -> (Option<String>, Option<&'static str>) {
        let mut document: Document = crate::parse::parse_document(
            "a.md",
            format!("---\nlanguage: \"{language}\"\n---\n\nText.\n").as_bytes(),
        )
        .0
        .expect("parses");
        let warning = settle(&mut document).map(|d| d.code);
        (document.metadata.language, warning)
    }

    #[test]
    fn well_formed_tags_are_kept_and_others_dropped_with_a_warning() {
        assert_eq!(settled(" es "), (Some("es".into()), None));
        assert_eq!(settled("zh-Hans"), (Some("zh-Hans".into()), None));
        assert_eq!(settled("en-US"), (Some("en-US".into()), None));
        assert_eq!(settled(""), (None, None));
        assert_eq!(settled("en US"), (None, Some("language-invalid")));
        assert_eq!(settled("1en"), (None, Some("language-invalid")));
        assert_eq!(settled("en-\u{e9}"), (None, Some("language-invalid")));
    }
}
