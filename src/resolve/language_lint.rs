//! Lint about languages: a tag no locale data knows, a language whose message catalogue is
//! missing or lacks messages, and a page whose letters are plainly not in its stated language.

use super::facts::text_units;
use crate::diagnostics::Diagnostic;
use crate::locale::Messages;
use crate::model::{Document, Language};
use icu_locale::LocaleExpander;
use icu_locale::TransformResult;
use icu_locale_core::LanguageIdentifier;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use unicode_script::{Script, UnicodeScript};

/// Pages with fewer letters than this are not checked for their script: a title and a line
/// of text say too little.
pub const MIN_LETTERS: usize = 40;

/// A page is taken to be in another language when less than this share of its letters is in
/// the scripts of its stated language: Latin drug names in a Chinese page, or a Spanish quote
/// in an English one, stay well above it.
pub const MIN_SCRIPT_SHARE: f64 = 1.0 / 3.0;

/// The extended likely-subtags data: every language CLDR knows a script for.
fn expander() -> &'static LocaleExpander {
    static EXPANDER: OnceLock<LocaleExpander> = OnceLock::new();
    EXPANDER.get_or_init(LocaleExpander::new_extended)
}

/// The warnings about one document's language: an unknown language subtag, or text in other
/// scripts than the language's.
pub fn lint(document: &Document) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    if document.metadata.language.is_some() && !is_known(&document.language) {
        diagnostics.push(
            Diagnostic::warning(
                &document.path,
                "language-unknown",
                format!(
                    "the language `{}` is well formed, but no locale data knows the language `{}`; its words and dates are English",
                    document.language.tag, document.language.code
                ),
            )
            .at_line(1)
            .with_hint("check the tag against the IANA language subtag registry (`es`, `zh-Hans`, `tl`)"),
        );
    }
    if let Some(found) = script_mismatch(document) {
        diagnostics.push(found);
    }
    diagnostics
}

/// Whether CLDR's likely-subtags data (ICU4X, extended set) has the tag's language subtag: the
/// languages it knows have a likely script and region; an unassigned subtag (`qq`) or a
/// private-use one (`qaa`) has none.
pub fn is_known(language: &Language) -> bool {
    let Ok(id) = LanguageIdentifier::try_from_str(&language.tag) else {
        return false;
    };
    let mut bare = LanguageIdentifier {
        language: id.language,
        ..LanguageIdentifier::UNKNOWN
    };
    !id.language.is_unknown() && expander().maximize(&mut bare) == TransformResult::Modified
}

/// The Unicode scripts the language is written in: its tag's script, else its likely one
/// (`zh` → Han, `ko` → Hangul and Han, `ja` → Hiragana, Katakana and Han); `None` when no data
/// says.
pub fn expected_scripts(language: &Language) -> Option<Vec<Script>> {
    let id = LanguageIdentifier::try_from_str(&language.tag).ok()?;
    let script = expander().get_likely_script(&id)?;
    Some(match script.as_str() {
        "Hans" | "Hant" | "Hani" => vec![Script::Han],
        "Kore" => vec![Script::Hangul, Script::Han],
        "Jpan" => vec![Script::Hiragana, Script::Katakana, Script::Han],
        other => vec![Script::from_short_name(other)?],
    })
}

/// A warning when fewer than [`MIN_SCRIPT_SHARE`] of the page's letters (at least
/// [`MIN_LETTERS`]) are in its language's scripts, naming the script most of them are in.
fn script_mismatch(document: &Document) -> Option<Diagnostic> {
    let expected = expected_scripts(&document.language)?;
    let mut letters = 0usize;
    let mut in_expected = 0usize;
    let mut by_script: BTreeMap<&'static str, usize> = BTreeMap::new();
    for unit in text_units(document) {
        for c in unit.chars().filter(|c| c.is_alphabetic()) {
            // An ASCII letter is Latin: most pages are, and looking each one up in the script
            // table took a fifth of the time of reading and resolving the corpus.
            let script = if c.is_ascii() {
                Script::Latin
            } else {
                c.script()
            };
            if matches!(script, Script::Common | Script::Inherited | Script::Unknown) {
                continue;
            }
            letters += 1;
            if expected.contains(&script) {
                in_expected += 1;
            } else {
                *by_script.entry(script.full_name()).or_default() += 1;
            }
        }
    }
    if letters < MIN_LETTERS || in_expected as f64 >= MIN_SCRIPT_SHARE * letters as f64 {
        return None;
    }
    let (found, _) = by_script
        .iter()
        .max_by_key(|(name, n)| (**n, std::cmp::Reverse(**name)))?;
    let share = (100 * in_expected) / letters;
    Some(
        Diagnostic::warning(
            &document.path,
            "language-mismatch",
            format!(
                "the page is marked `{}`, but only {share}% of its letters are in {} script; most are {found}",
                document.language.tag,
                expected
                    .iter()
                    .map(|s| s.full_name())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        )
        .at_line(1)
        .with_hint("set the front-matter `language` to the language the page is written in"),
    )
}

/// One warning per language whose pages get English words: a language with no catalogue
/// (attached to its first document), and one whose catalogue lacks messages (naming them).
pub fn lint_catalogues(documents: &[Document]) -> Vec<Diagnostic> {
    catalogue_warnings(documents, |language| {
        let messages = Messages::for_language(language);
        (messages.catalogue(), messages.missing())
    })
}

/// [`lint_catalogues`] with the catalogue lookup given: `(catalogue tag, missing ids)`.
fn catalogue_warnings(
    documents: &[Document],
    catalogue_of: impl Fn(&Language) -> (Option<&'static str>, Vec<&'static str>),
) -> Vec<Diagnostic> {
    let mut first: BTreeMap<&str, &Document> = BTreeMap::new();
    for document in documents {
        first
            .entry(document.language.tag.as_str())
            .or_insert(document);
    }
    let mut warnings: Vec<Diagnostic> = first
        .into_iter()
        .filter_map(|(tag, document)| {
            let (catalogue, missing) = catalogue_of(&document.language);
            let warning = match catalogue {
                None => Diagnostic::warning(
                    &document.path,
                    "language-no-catalogue",
                    format!(
                        "no message catalogue is shipped for `{tag}`: the words mdexport adds to its pages (page numbers, \"Last reviewed\", link notes) are English"
                    ),
                )
                .with_hint("add src/locale/messages/<tag>.ftl, a copy of en.ftl translated"),
                Some(_) if missing.is_empty() => return None,
                Some(catalogue) => Diagnostic::warning(
                    &document.path,
                    "language-messages-missing",
                    format!(
                        "the `{catalogue}` catalogue, used for `{tag}`, lacks {}: English is used for them",
                        missing.join(", ")
                    ),
                )
                .with_hint(format!(
                    "add the messages to src/locale/messages/{catalogue}.ftl"
                )),
            };
            Some(warning.at_line(1))
        })
        .collect();
    warnings.sort_by(|a, b| a.file.cmp(&b.file));
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::language;

    fn document(path: &str, tag: &str, body: &str) -> Document {
        let mut document = crate::parse::parse_document(
            path,
            format!("---\nlanguage: {tag}\n---\n\n{body}\n").as_bytes(),
        )
        .0
        .expect("parses");
        let english = language::parse("en").expect("a tag");
        assert!(language::settle(&mut document, &english).is_none());
        document
    }

    fn codes(document: &Document) -> Vec<&'static str> {
        lint(document).iter().map(|d| d.code).collect()
    }

    const ENGLISH: &str = "Chemotherapy uses drugs to stop the growth of cancer cells, either by killing the cells or by stopping them from dividing.";
    const ARABIC: &str = "العلاج الكيميائي يستخدم الأدوية لوقف نمو الخلايا السرطانية، إما بقتل الخلايا أو بمنعها من الانقسام.";
    const CHINESE: &str = "化疗使用药物来阻止癌细胞的生长，方法是杀死细胞或阻止细胞分裂。化疗可以单独使用，也可以与其他治疗一起使用，例如手术或放射治疗。";

    #[test]
    fn languages_cldr_does_not_know_are_flagged() {
        for known in ["en", "es-MX", "zh-Hans", "tl", "fil", "haw", "chr", "ar"] {
            assert!(is_known(&language::parse(known).unwrap()), "{known}");
        }
        for unknown in ["qq", "qaa", "xz-Latn"] {
            assert!(!is_known(&language::parse(unknown).unwrap()), "{unknown}");
        }
        assert_eq!(
            codes(&document("a.md", "qq", ENGLISH)),
            ["language-unknown"]
        );
    }

    #[test]
    fn text_in_other_scripts_than_the_languages_is_flagged() {
        assert!(codes(&document("a.md", "en", ENGLISH)).is_empty());
        assert!(codes(&document("a.md", "ar", ARABIC)).is_empty());
        assert!(codes(&document("a.md", "zh-Hans", CHINESE)).is_empty());
        let arabic_marked_english = lint(&document("a.md", "en", ARABIC));
        assert_eq!(arabic_marked_english.len(), 1);
        assert_eq!(arabic_marked_english[0].code, "language-mismatch");
        assert!(arabic_marked_english[0].message.contains("Arabic"));
        assert_eq!(
            codes(&document("a.md", "zh-Hans", ENGLISH)),
            ["language-mismatch"]
        );
        // Latin drug names in a Chinese page are no mismatch; too little text says nothing.
        let mixed = format!("{CHINESE} 常用药物包括 cisplatin 和 paclitaxel。");
        assert!(codes(&document("a.md", "zh-Hans", &mixed)).is_empty());
        assert!(codes(&document("a.md", "ko", "Short English words.")).is_empty());
        assert_eq!(
            expected_scripts(&language::parse("ko").unwrap()),
            Some(vec![Script::Hangul, Script::Han])
        );
    }

    #[test]
    fn one_catalogue_warning_per_language_on_its_first_document() {
        let documents = [
            document("b.md", "fr", ENGLISH),
            document("a.md", "fr", ENGLISH),
            document("c.md", "es", ENGLISH),
            document("d.md", "en", ENGLISH),
        ];
        let warnings = lint_catalogues(&documents);
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            (warnings[0].code, warnings[0].file.as_str()),
            ("language-no-catalogue", "b.md")
        );
        let partial = catalogue_warnings(&documents, |language| match language.code.as_str() {
            "es" => (Some("es"), vec!["also-in", "notes"]),
            _ => (Some("en"), vec![]),
        });
        assert_eq!(partial.len(), 1);
        assert_eq!(partial[0].code, "language-messages-missing");
        assert!(partial[0].message.contains("also-in, notes"));
        assert!(partial[0].message.contains("`es`"));
    }
}
