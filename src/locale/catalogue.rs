//! The message catalogues: which one serves a language, and a message formatted from it.

use super::dates;
use crate::model::Language;
use chrono::NaiveDate;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use icu_locale::LocaleExpander;
use icu_locale_core::LanguageIdentifier;
use std::sync::OnceLock;

/// The shipped catalogues, `(tag, Fluent source)`, sorted by tag: every `.ftl` file of
/// `src/locale/messages/`, gathered by the build script.
const SOURCES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/message_catalogues.rs"));

/// The language every other falls back to.
const FALLBACK: &str = "en";

/// One language's parsed catalogue.
struct Catalogue {
    /// Its tag, the file's name (`zh-Hans`).
    tag: &'static str,
    /// Its language and script, with the likely ones filled in (`zh-Hans` → `zh-Hans-CN`), which
    /// documents are matched against.
    likely: LanguageIdentifier,
    /// The parsed messages.
    bundle: FluentBundle<FluentResource>,
    /// The ids of its messages, sorted.
    ids: Vec<String>,
}

/// Every shipped catalogue, parsed once per process.
fn catalogues() -> &'static [Catalogue] {
    static CATALOGUES: OnceLock<Vec<Catalogue>> = OnceLock::new();
    CATALOGUES.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(tag, source)| parse(tag, source))
            .collect()
    })
}

/// Parses one catalogue. The shipped files are checked by a unit test, so an error here is a
/// bug of the build, not of a user's input.
fn parse(tag: &'static str, source: &str) -> Catalogue {
    let resource = FluentResource::try_new(source.to_string())
        .unwrap_or_else(|(_, errors)| panic!("src/locale/messages/{tag}.ftl: {errors:?}"));
    let mut ids: Vec<String> = resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(message) => Some(message.id.name.to_string()),
            _ => None,
        })
        .collect();
    ids.sort();
    let langid: unic_langid::LanguageIdentifier = tag.parse().expect("a catalogue's name is a tag");
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // Isolation marks around arguments would reach the PDF's text and the XHTML as invisible
    // characters; the writers set the direction of the text themselves.
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .unwrap_or_else(|errors| panic!("src/locale/messages/{tag}.ftl: {errors:?}"));
    Catalogue {
        tag,
        likely: likely(tag).expect("a catalogue's name is a tag"),
        bundle,
        ids,
    }
}

/// The language and script of `tag` with the likely ones filled in, without region or variants:
/// `es-MX` → `es-Latn`, `zh-TW` → `zh-Hant`, `zh` → `zh-Hans`.
fn likely(tag: &str) -> Option<LanguageIdentifier> {
    let mut id = LanguageIdentifier::try_from_str(tag).ok()?;
    LocaleExpander::new_common().maximize(&mut id);
    Some(LanguageIdentifier {
        language: id.language,
        script: id.script,
        region: None,
        variants: Default::default(),
    })
}

/// The tags of the shipped catalogues, sorted (`ar`, `en`, `es`, …).
pub fn shipped_languages() -> impl Iterator<Item = &'static str> {
    SOURCES.iter().map(|(tag, _)| *tag)
}

/// A piece of a message split at its arguments, for writers that fill some arguments in at
/// layout time (a page number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessagePart {
    /// Text to print as it is.
    Text(String),
    /// The argument at this index of the names passed to [`Messages::parts`].
    Argument(usize),
}

/// The messages and the date style of one language: what a writer asks for the words it adds.
#[derive(Clone, Copy)]
pub struct Messages {
    /// The language's catalogue, when one is shipped.
    own: Option<&'static Catalogue>,
    /// English, for what the language's catalogue lacks.
    fallback: &'static Catalogue,
    /// The language dates are written in.
    dates: dates::DateLanguage,
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Messages")
            .field("catalogue", &self.own.map(|c| c.tag))
            .finish()
    }
}

impl Messages {
    /// The messages for `language`: the shipped catalogue of the same language and script
    /// (`es-MX` takes `es`; `zh-TW`, written in Traditional characters, does not take
    /// `zh-Hans`), else English.
    pub fn for_language(language: &Language) -> Messages {
        let wanted = likely(&language.tag);
        let all = catalogues();
        let fallback = all
            .iter()
            .find(|c| c.tag == FALLBACK)
            .expect("English is shipped");
        let own = wanted.and_then(|wanted| all.iter().find(|c| c.likely == wanted));
        Messages {
            own,
            fallback,
            dates: dates::DateLanguage::new(&language.tag),
        }
    }

    /// The tag of the catalogue that serves this language, `None` when none is shipped and
    /// every message is English.
    pub fn catalogue(&self) -> Option<&'static str> {
        self.own.map(|c| c.tag)
    }

    /// The messages English has and this language's catalogue lacks (all of them when the
    /// language has no catalogue), sorted.
    pub fn missing(&self) -> Vec<&'static str> {
        let own = self.own.map(|c| c.ids.as_slice()).unwrap_or_default();
        self.fallback
            .ids
            .iter()
            .filter(|id| own.binary_search(id).is_err())
            .map(String::as_str)
            .collect()
    }

    /// The message `id` with no arguments.
    pub fn text(&self, id: &str) -> String {
        self.format(id, &[])
    }

    /// The message `id` with its arguments, `(name, value)`; the id itself when no catalogue
    /// has it (a bug the unit tests catch).
    pub fn format(&self, id: &str, arguments: &[(&str, &str)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in arguments {
            args.set(*name, FluentValue::from(*value));
        }
        for catalogue in self.own.into_iter().chain([self.fallback]) {
            let Some(pattern) = catalogue.bundle.get_message(id).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = catalogue
                .bundle
                .format_pattern(pattern, Some(&args), &mut errors);
            return text.into_owned();
        }
        id.to_string()
    }

    /// The message `id` split at its arguments `names`, in the order the language puts them:
    /// "Page { $page } of { $total }" gives `Text("Page ")`, `Argument(0)`, `Text(" of ")`,
    /// `Argument(1)`, and Chinese puts its own words around them.
    pub fn parts(&self, id: &str, names: &[&str]) -> Vec<MessagePart> {
        // Each argument stands in as a private-use character no message contains.
        let markers: Vec<String> = (0..names.len())
            .map(|i| char::from_u32(0xF0000 + i as u32).map_or_else(String::new, String::from))
            .collect();
        let arguments: Vec<(&str, &str)> = names
            .iter()
            .zip(&markers)
            .map(|(name, marker)| (*name, marker.as_str()))
            .collect();
        let text = self.format(id, &arguments);
        let mut parts = Vec::new();
        let mut run = String::new();
        for c in text.chars() {
            match (c as u32).checked_sub(0xF0000) {
                Some(index) if (index as usize) < names.len() => {
                    if !run.is_empty() {
                        parts.push(MessagePart::Text(std::mem::take(&mut run)));
                    }
                    parts.push(MessagePart::Argument(index as usize));
                }
                _ => run.push(c),
            }
        }
        if !run.is_empty() {
            parts.push(MessagePart::Text(run));
        }
        parts
    }

    /// `date` written out the language's way: "December 30, 2025", "30 de diciembre de 2025",
    /// "2025年12月30日".
    pub fn date(&self, date: NaiveDate) -> String {
        self.dates.long(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::language::parse as language;

    fn messages(tag: &str) -> Messages {
        Messages::for_language(&language(tag).expect("a tag"))
    }

    #[test]
    fn every_shipped_catalogue_parses_and_has_every_message() {
        let english = messages("en");
        assert!(english.missing().is_empty());
        for tag in shipped_languages() {
            let own = messages(tag);
            assert_eq!(own.catalogue(), Some(tag));
            assert_eq!(own.missing(), Vec::<&str>::new(), "{tag} lacks messages");
        }
    }

    #[test]
    fn a_language_takes_the_catalogue_of_its_language_and_script() {
        for (tag, catalogue) in [
            ("es-MX", Some("es")),
            ("es-419", Some("es")),
            ("zh", Some("zh-Hans")),
            ("zh-CN", Some("zh-Hans")),
            ("zh-TW", None),
            ("zh-Hant", None),
            ("ar-EG", Some("ar")),
            ("en-US", Some("en")),
            ("fr", None),
        ] {
            assert_eq!(messages(tag).catalogue(), catalogue, "{tag}");
        }
        assert_eq!(messages("fr").text("contents"), "Contents");
        assert!(messages("fr").missing().contains(&"contents"));
    }

    #[test]
    fn messages_take_their_arguments() {
        let es = messages("es");
        assert_eq!(
            es.format("page-number", &[("page", "1"), ("total", "3")]),
            "Página 1 de 3"
        );
        assert_eq!(
            es.parts("page-number", &["page", "total"]),
            [
                MessagePart::Text("Página ".into()),
                MessagePart::Argument(0),
                MessagePart::Text(" de ".into()),
                MessagePart::Argument(1),
            ]
        );
        assert_eq!(
            messages("zh-Hans").parts("page-number", &["page", "total"]),
            [
                MessagePart::Text("第 ".into()),
                MessagePart::Argument(0),
                MessagePart::Text(" 页，共 ".into()),
                MessagePart::Argument(1),
                MessagePart::Text(" 页".into()),
            ]
        );
    }

    #[test]
    fn dates_are_written_the_languages_way() {
        let date = NaiveDate::from_ymd_opt(2025, 12, 30).expect("a date");
        let last = |tag: &str| {
            let m = messages(tag);
            m.format("last-reviewed", &[("date", &m.date(date))])
        };
        assert_eq!(last("en"), "Last reviewed: December 30, 2025");
        assert_eq!(last("es"), "Última revisión: 30 de diciembre de 2025");
        assert_eq!(last("zh-Hans"), "最后审核：2025年12月30日");
        assert_eq!(last("ko"), "최종 검토일: 2025년 12월 30일");
        for tag in ["vi", "tl", "ar", "fr", "de-CH", "ar-SA", "fa"] {
            let written = messages(tag).date(date);
            assert!(
                written.contains("2025") && written.contains("30"),
                "{tag}: {written}"
            );
        }
    }
}
