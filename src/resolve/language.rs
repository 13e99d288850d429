//! The document's language: its front matter's BCP 47 tag when it is one, else the build's
//! default, parsed once into what every writer needs.

use crate::diagnostics::Diagnostic;
use crate::model::{Direction, Document, Language};
use icu_locale::LocaleDirectionality;
use icu_locale_core::Locale;

/// Reads a BCP 47 tag (`es`, `zh-Hans`, `pt-BR`, `en-US-u-ca-gregory`) into a [`Language`], in
/// canonical case; `None` when it is not a well-formed tag, names no language (`und`) or has a
/// language subtag no ISO 639 code fits (two or three letters).
pub fn parse(tag: &str) -> Option<Language> {
    let locale = Locale::try_from_str(tag.trim()).ok()?;
    let id = &locale.id;
    let code = id.language.as_str();
    if id.language.is_unknown() || !(2..=3).contains(&code.len()) {
        return None;
    }
    let region = id
        .region
        .map(|region| region.as_str().to_string())
        .filter(|region| region.chars().all(|c| c.is_ascii_alphabetic()));
    // The script's direction, the likely script filled in when the tag names none (`ar` is
    // written in Arabic script, `az` in Latin).
    let direction = if LocaleDirectionality::new_common().is_right_to_left(id) {
        Direction::Rtl
    } else {
        Direction::Ltr
    };
    Some(Language {
        tag: locale.to_string(),
        code: code.to_string(),
        region,
        direction,
    })
}

/// Sets the document's [`Language`]: its front-matter `language` when [`parse`] reads it (the
/// front matter then holds the canonical tag), else `default`. A `language` that is written but
/// unusable is dropped with a warning, so no writer puts a malformed tag in a `lang` attribute.
pub fn settle(document: &mut Document, default: &Language) -> Option<Diagnostic> {
    document.language = default.clone();
    let written = document.metadata.language.take()?;
    if written.trim().is_empty() {
        return None;
    }
    if let Some(language) = parse(&written) {
        document.metadata.language = Some(language.tag.clone());
        document.language = language;
        return None;
    }
    Some(
        Diagnostic::warning(
            &document.path,
            "language-invalid",
            format!(
                "the front-matter `language` {written:?} is not a language tag; the document is taken to be in `{}`",
                default.tag
            ),
        )
        .at_line(1)
        .with_hint("write a BCP 47 tag such as `en`, `es`, `zh-Hans` or `pt-BR`"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settled(language: &str) -> (Option<String>, String, Option<&'static str>) {
        let mut document: Document = crate::parse::parse_document(
            "a.md",
            format!("---\nlanguage: \"{language}\"\n---\n\nText.\n").as_bytes(),
        )
        .0
        .expect("parses");
        let spanish = parse("es").expect("a tag");
        let warning = settle(&mut document, &spanish).map(|d| d.code);
        (document.metadata.language, document.language.tag, warning)
    }

    #[test]
    fn well_formed_tags_are_kept_in_canonical_case_and_others_dropped_with_a_warning() {
        let kept = |tag: &str| (Some(tag.to_string()), tag.to_string(), None);
        assert_eq!(settled(" en "), kept("en"));
        assert_eq!(settled("zh-hans"), kept("zh-Hans"));
        assert_eq!(settled("EN-us"), kept("en-US"));
        assert_eq!(settled(""), (None, "es".into(), None));
        assert_eq!(
            settled("und"),
            (None, "es".into(), Some("language-invalid"))
        );
        for bad in ["en US", "1en", "en-\u{e9}", "english", "x-private"] {
            assert_eq!(
                settled(bad),
                (None, "es".into(), Some("language-invalid")),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_language_has_its_code_and_region() {
        let language = parse("es-US").expect("a tag");
        assert_eq!(
            (language.code.as_str(), language.region.as_deref()),
            ("es", Some("US"))
        );
        let latin_america = parse("es-419").expect("a tag");
        assert_eq!(
            latin_america.region, None,
            "a numeric region is no ISO 3166 code"
        );
        assert_eq!(parse("zh-Hant-TW").expect("a tag").code, "zh");
    }

    #[test]
    fn a_language_has_the_direction_of_its_script() {
        for (tag, direction) in [
            ("ar", Direction::Rtl),
            ("ar-EG", Direction::Rtl),
            ("he", Direction::Rtl),
            ("fa", Direction::Rtl),
            ("ur", Direction::Rtl),
            ("en", Direction::Ltr),
            ("zh-Hans", Direction::Ltr),
            ("ko", Direction::Ltr),
            ("az-Arab", Direction::Rtl),
            ("az", Direction::Ltr),
        ] {
            assert_eq!(parse(tag).expect("a tag").direction, direction, "{tag}");
        }
    }
}
