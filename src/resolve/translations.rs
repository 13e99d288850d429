//! Translations: documents of the build that are the same page in another language, found from
//! the front matter's `translations` map and from NCI's addresses, linked both ways.
//!
//! A document names its translations as `translations: {es: ../es/page.md}`, a path relative to
//! itself for each language tag. A page at `https://www.cancer.gov/espanol/X` is the Spanish of
//! `https://www.cancer.gov/X` (NCI publishes its Spanish pages under `/espanol/`, on any host),
//! when both are in the build and their languages differ. The relation is symmetric and
//! transitive: every document of a group of translations lists every other, one per language,
//! sorted by tag.

use super::language;
use super::links::{join_inside, url_key};
use crate::diagnostics::Diagnostic;
use crate::model::{Document, Translation};
use std::collections::{BTreeMap, BTreeSet};
use url::Url;

/// The first path segment of NCI's Spanish pages.
const SPANISH_SEGMENT: &str = "/espanol/";

/// Fills every document's [`Document::translations`] and warns about a named translation that
/// is not a document of the build, names itself, or is in another language than its key.
pub fn link(documents: &mut [Document]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let by_path: BTreeMap<&str, usize> = documents
        .iter()
        .enumerate()
        .map(|(position, document)| (document.path.as_str(), position))
        .collect();
    let mut by_url: BTreeMap<String, usize> = BTreeMap::new();
    for (position, document) in documents.iter().enumerate() {
        if let Some(key) = page_key(document) {
            by_url.entry(key).or_insert(position);
        }
    }
    let mut groups = Groups::new(documents.len());
    for (position, document) in documents.iter().enumerate() {
        for (key, written) in &document.metadata.translations {
            let warn = |code: &'static str, message: String, hint: &str| {
                Diagnostic::warning(&document.path, code, message)
                    .at_line(1)
                    .with_hint(hint)
            };
            let Some(target) = join_inside(&document.path, written)
                .and_then(|path| by_path.get(path.as_str()).copied())
            else {
                diagnostics.push(warn(
                    "translation-missing",
                    format!(
                        "the translation `{key}: {written}` is not a document of this build; no link to it is made"
                    ),
                    "write the path of the translated page relative to this document, and build both",
                ));
                continue;
            };
            if target == position {
                diagnostics.push(warn(
                    "translation-missing",
                    format!("the translation `{key}: {written}` is this document itself"),
                    "name the page in the other language",
                ));
                continue;
            }
            let other = &documents[target];
            if !names_language(key, &other.language.tag) {
                diagnostics.push(warn(
                    "translation-language",
                    format!(
                        "the translation `{key}: {written}` is in `{}`, not `{key}`",
                        other.language.tag
                    ),
                    "give the translation's key its language tag, or its front matter the right `language`",
                ));
            }
            groups.join(position, target);
        }
        if let Some(english) = page_key(document).and_then(|key| spanish_original(&key))
            && let Some(&original) = by_url.get(&english)
            && documents[original].language.tag != document.language.tag
        {
            groups.join(position, original);
        }
    }
    let members = groups.members();
    let found: Vec<Vec<Translation>> = (0..documents.len())
        .map(|position| {
            let own = &documents[position].language.tag;
            let mut by_language: BTreeMap<&str, Translation> = BTreeMap::new();
            for &other in &members[groups.root(position)] {
                let document = &documents[other];
                if other == position || document.language.tag == *own {
                    continue;
                }
                // One per language: the first by path when two pages claim the same.
                by_language
                    .entry(document.language.tag.as_str())
                    .or_insert_with(|| Translation {
                        path: document.path.clone(),
                        language: document.language.clone(),
                        title: document.title.clone(),
                        url: document.metadata.url.clone(),
                    });
            }
            by_language.into_values().collect()
        })
        .collect();
    for (document, translations) in documents.iter_mut().zip(found) {
        document.translations = translations;
    }
    diagnostics
}

/// Whether the key `key` of a `translations` map names the language `tag`: the same tag, or a
/// prefix of it at a subtag boundary (`es` names `es-US`), in any case.
fn names_language(key: &str, tag: &str) -> bool {
    let canonical = language::parse(key).map_or_else(|| key.to_string(), |l| l.tag);
    let (key, tag) = (canonical.to_ascii_lowercase(), tag.to_ascii_lowercase());
    tag == key || tag.starts_with(&format!("{key}-"))
}

/// The key the document's `url` is matched by (see [`url_key`]).
fn page_key(document: &Document) -> Option<String> {
    let url = Url::parse(document.metadata.url.as_deref()?.trim()).ok()?;
    url_key(&url)
}

/// The key of the English original of a page under `/espanol/`: `cancer.gov/espanol/x` →
/// `cancer.gov/x`.
fn spanish_original(key: &str) -> Option<String> {
    let at = key.find('/')?;
    let (host, path) = key.split_at(at);
    let rest = path.strip_prefix(SPANISH_SEGMENT)?;
    Some(format!("{host}/{rest}"))
}

/// Groups of documents joined by being translations of each other (union-find by position).
struct Groups {
    parent: Vec<usize>,
}

impl Groups {
    fn new(len: usize) -> Groups {
        Groups {
            parent: (0..len).collect(),
        }
    }

    fn root(&self, mut position: usize) -> usize {
        while self.parent[position] != position {
            position = self.parent[position];
        }
        position
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        // The smaller position is the root, so the result does not depend on the order of joins.
        let (low, high) = (a.min(b), a.max(b));
        self.parent[high] = low;
    }

    /// Each root's members, by root position.
    fn members(&self) -> Vec<BTreeSet<usize>> {
        let mut members = vec![BTreeSet::new(); self.parent.len()];
        for position in 0..self.parent.len() {
            members[self.root(position)].insert(position);
        }
        members
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(path: &str, front_matter: &str) -> Document {
        let mut document = crate::parse::parse_document(
            path,
            format!("---\n{front_matter}\n---\n\nText.\n").as_bytes(),
        )
        .0
        .expect("parses");
        let english = language::parse("en").expect("a tag");
        assert!(language::settle(&mut document, &english).is_none());
        document
    }

    fn linked(documents: &[Document]) -> Vec<Vec<(String, String)>> {
        documents
            .iter()
            .map(|d| {
                d.translations
                    .iter()
                    .map(|t| (t.language.tag.clone(), t.path.clone()))
                    .collect()
            })
            .collect()
    }

    fn pair(tag: &str, path: &str) -> (String, String) {
        (tag.to_string(), path.to_string())
    }

    #[test]
    fn named_translations_link_both_ways_and_to_each_other() {
        let mut documents = vec![
            document(
                "en/page.md",
                "language: en\ntranslations:\n  es: ../es/page.md\n  zh-Hans: ../zh/page.md",
            ),
            document("es/page.md", "language: es"),
            document("zh/page.md", "language: zh-Hans"),
        ];
        assert!(link(&mut documents).is_empty());
        assert_eq!(
            linked(&documents),
            [
                vec![pair("es", "es/page.md"), pair("zh-Hans", "zh/page.md")],
                vec![pair("en", "en/page.md"), pair("zh-Hans", "zh/page.md")],
                vec![pair("en", "en/page.md"), pair("es", "es/page.md")],
            ]
        );
    }

    #[test]
    fn nci_spanish_addresses_pair_with_the_english_page() {
        let mut documents = vec![
            document(
                "a.md",
                "language: en\nurl: https://www.cancer.gov/types/lung",
            ),
            document(
                "b.md",
                "language: es\nurl: https://www.cancer.gov/espanol/tipos/pulmon",
            ),
            document(
                "c.md",
                "language: es\nurl: https://www.cancer.gov/espanol/types/lung/",
            ),
        ];
        assert!(link(&mut documents).is_empty());
        assert_eq!(
            linked(&documents),
            [vec![pair("es", "c.md")], vec![], vec![pair("en", "a.md")]]
        );
        assert_eq!(
            documents[0].translations[0].url.as_deref(),
            Some("https://www.cancer.gov/espanol/types/lung/")
        );
    }

    #[test]
    fn a_missing_or_mislabelled_translation_is_a_warning() {
        let mut documents = vec![
            document(
                "a.md",
                "language: en\ntranslations: {es: gone.md, vi: b.md, ko: a.md}",
            ),
            document("b.md", "language: ko"),
        ];
        let codes: Vec<&str> = link(&mut documents).iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                "translation-missing",
                "translation-missing",
                "translation-language"
            ]
        );
        assert_eq!(
            linked(&documents),
            [vec![pair("ko", "b.md")], vec![pair("en", "a.md")]]
        );
        assert!(names_language("es", "es-US"));
        assert!(names_language("ZH-hans", "zh-Hans"));
        assert!(!names_language("zh-Hans", "zh-Hant"));
        assert!(!names_language("e", "es"));
    }
}
