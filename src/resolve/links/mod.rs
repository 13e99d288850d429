//! Link resolution: every `LinkTarget::Unresolved` becomes a document, an anchor, an external
//! URL, or plain text (with a warning when it was unsafe or unusable).

pub mod href;
pub mod index;
pub mod report;

pub use href::{
    LinkContext, Outcome, is_glossary, join_inside, page_base, resolve_href, scheme_of, uri_text,
};
pub use index::{Anchors, DocumentIndex, document_ids, percent_decode, url_key};
pub use report::{LinkStats, Problem, Report};

use crate::model::{Inline, LinkTarget};

/// Resolves the links of a run of inlines (recursively); links that become text leave their
/// content in place.
pub fn resolve_inlines(
    content: &mut Vec<Inline>,
    line: u32,
    context: &LinkContext,
    report: &mut Report,
) {
    let mut out = Vec::with_capacity(content.len());
    for mut inline in content.drain(..) {
        match &mut inline {
            Inline::Link {
                target,
                content: inner,
                ..
            } => {
                resolve_inlines(inner, line, context, report);
                if let LinkTarget::Unresolved { href } = &**target {
                    let written = href.clone();
                    match resolve_href(&written, context) {
                        Outcome::Target(resolved) => {
                            count(&resolved, &written, &mut report.stats);
                            **target = resolved;
                        }
                        Outcome::Text(problem) => {
                            if problem == Problem::UnresolvedAnchor {
                                report.stats.anchors_dropped += 1;
                            } else {
                                report.stats.refused += 1;
                            }
                            report.record(problem, line, &written);
                            out.append(inner);
                            continue;
                        }
                    }
                }
            }
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content } => resolve_inlines(content, line, context, report),
            _ => {}
        }
        out.push(inline);
    }
    *content = out;
}

fn count(target: &LinkTarget, written: &str, stats: &mut LinkStats) {
    match target {
        LinkTarget::Document { .. } => {
            stats.documents += 1;
            if scheme_of(written).is_some() || written.starts_with('/') {
                stats.documents_by_url += 1;
            } else {
                stats.documents_by_path += 1;
            }
        }
        LinkTarget::Anchor { citation: true, .. } => stats.citations += 1,
        LinkTarget::Anchor {
            citation: false, ..
        } => stats.anchors += 1,
        LinkTarget::External { glossary: true, .. } => stats.glossary += 1,
        LinkTarget::External {
            glossary: false, ..
        } => stats.external += 1,
        LinkTarget::Unresolved { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{self, Block, BlockKind, Document, Metadata};
    use std::collections::{BTreeMap, BTreeSet};
    use url::Url;

    fn doc(path: &str, url: Option<&str>, heading_id: &str) -> Document {
        Document {
            path: path.into(),
            sha256: String::new(),
            metadata: Metadata {
                url: url.map(String::from),
                ..Metadata::default()
            },
            title: "T".into(),
            blocks: vec![Block {
                line: 1,
                kind: BlockKind::Heading {
                    level: 2,
                    id: heading_id.into(),
                    content: vec![Inline::text(heading_id)],
                },
            }],
            footnotes: Vec::new(),
            facts: Default::default(),
            language: Default::default(),
            translations: Vec::new(),
        }
    }

    struct Fixture {
        index: DocumentIndex,
        own: Anchors,
        base: Url,
    }

    fn fixture() -> Fixture {
        let documents = vec![
            doc(
                "pdq/a.md",
                Some("https://www.cancer.gov/types/a-pdq"),
                "overview",
            ),
            doc(
                "coping/b.md",
                Some("https://www.cancer.gov/about-cancer/coping/b"),
                "coping-with-stress",
            ),
            doc("misc/no-url.md", None, "intro"),
        ];
        let index = DocumentIndex::new(&documents, no_aliases(&documents));
        let own_ids: BTreeSet<String> =
            ["overview".to_string(), "cit-section-1-20".to_string()].into();
        let aliases: BTreeMap<String, String> = [
            (
                "cit/section_1.20".to_string(),
                "cit-section-1-20".to_string(),
            ),
            ("r3".to_string(), "cit-section-1-20".to_string()),
        ]
        .into();
        Fixture {
            index,
            own: Anchors {
                ids: own_ids,
                aliases,
            },
            base: Url::parse("https://www.cancer.gov/types/a-pdq").unwrap(),
        }
    }

    /// The anchors of each document, none of them with reference aliases.
    fn no_aliases(documents: &[crate::model::Document]) -> Vec<Anchors> {
        documents
            .iter()
            .map(|d| Anchors::of(d, BTreeMap::new()))
            .collect()
    }

    fn resolve_in(f: &Fixture, path: &str, base: bool, href: &str) -> Outcome {
        let context = LinkContext {
            document_path: path,
            base: if base { Some(&f.base) } else { None },
            index: &f.index,
            own: &f.own,
        };
        resolve_href(href, &context)
    }

    fn document(path: &str, fragment: Option<&str>) -> Outcome {
        Outcome::Target(LinkTarget::Document {
            path: path.into(),
            fragment: fragment.map(String::from),
        })
    }

    fn external(url: &str, glossary: bool) -> Outcome {
        Outcome::Target(LinkTarget::External {
            url: url.into(),
            glossary,
        })
    }

    fn anchor(id: &str, citation: bool) -> Outcome {
        Outcome::Target(LinkTarget::Anchor {
            id: id.into(),
            citation,
        })
    }

    #[test]
    fn every_link_class_resolves_as_expected() {
        let f = fixture();
        let cases: Vec<(&str, Outcome)> = vec![
            ("/about-cancer/coping/b", document("coping/b.md", None)),
            (
                "/about-cancer/coping/b/?x=1#coping-with-stress",
                document("coping/b.md", Some("coping-with-stress")),
            ),
            ("/about-cancer/coping/b#_12", document("coping/b.md", None)),
            (
                "http://cancer.gov/About-Cancer/coping/b/",
                document("coping/b.md", None),
            ),
            (
                "https://www.cancer.gov/about-cancer/coping/b#Coping%20with%20stress",
                document("coping/b.md", Some("coping-with-stress")),
            ),
            (
                "../coping/b.md#coping-with-stress",
                document("coping/b.md", Some("coping-with-stress")),
            ),
            ("../misc/no-url.md", document("misc/no-url.md", None)),
            (
                "https://www.cancer.gov/types/a-pdq#overview",
                anchor("overview", false),
            ),
            (
                "/Common/PopUps/popDefinition.aspx?id=1&version=patient",
                external(
                    "https://www.cancer.gov/Common/PopUps/popDefinition.aspx?id=1&version=patient",
                    true,
                ),
            ),
            ("#cit/section_1.20", anchor("cit-section-1-20", true)),
            ("#r3", anchor("cit-section-1-20", true)),
            ("#overview", anchor("overview", false)),
            ("#cit-section-1-20", anchor("cit-section-1-20", true)),
            ("#cit/section_9.1", Outcome::Text(Problem::UnresolvedAnchor)),
            ("#", Outcome::Text(Problem::UnresolvedAnchor)),
            ("javascript:alert(1)", Outcome::Text(Problem::UnsafeLink)),
            (" JavaScript :alert(1)", Outcome::Text(Problem::UnsafeLink)),
            (
                "data:text/html;base64,xx",
                Outcome::Text(Problem::UnsafeLink),
            ),
            ("file:///etc/passwd", Outcome::Text(Problem::UnsafeLink)),
            ("vbscript:x", Outcome::Text(Problem::UnsafeLink)),
            ("", Outcome::Text(Problem::EmptyLink)),
            (
                "mailto:nci@example.org",
                external("mailto:nci@example.org", false),
            ),
            (
                "https://example.org/x?y=1",
                external("https://example.org/x?y=1", false),
            ),
            ("//example.org/x", external("https://example.org/x", false)),
            (
                "/research/participate",
                external("https://www.cancer.gov/research/participate", false),
            ),
            (
                "other-page",
                external("https://www.cancer.gov/types/other-page", false),
            ),
            (
                "ftp://example.org/x",
                Outcome::Text(Problem::UnsupportedLink),
            ),
            ("tel:+1800", Outcome::Text(Problem::UnsupportedLink)),
        ];
        for (href, expected) in cases {
            assert_eq!(
                resolve_in(&f, "pdq/a.md", true, href),
                expected,
                "href {href:?}"
            );
        }
    }

    #[test]
    fn relative_links_without_a_page_url_become_text() {
        let f = fixture();
        assert_eq!(
            resolve_in(&f, "misc/no-url.md", false, "/about-cancer/x"),
            Outcome::Text(Problem::NoBaseUrl)
        );
        assert_eq!(
            resolve_in(&f, "misc/no-url.md", false, "other.html"),
            Outcome::Text(Problem::NoBaseUrl)
        );
        assert_eq!(
            resolve_in(&f, "misc/no-url.md", false, "../pdq/a.md"),
            document("pdq/a.md", None)
        );
        assert_eq!(
            resolve_in(&f, "misc/no-url.md", false, "../../escape.md"),
            Outcome::Text(Problem::NoBaseUrl)
        );
    }

    #[test]
    fn links_that_become_text_keep_their_content_and_are_summarised() {
        let f = fixture();
        let context = LinkContext {
            document_path: "pdq/a.md",
            base: Some(&f.base),
            index: &f.index,
            own: &f.own,
        };
        let link = |href: &str| Inline::Link {
            target: Box::new(LinkTarget::Unresolved { href: href.into() }),
            title: String::new(),
            content: vec![Inline::text("text")],
        };
        let mut content = vec![
            link("#nowhere"),
            link("#missing"),
            Inline::Strong {
                content: vec![link("javascript:x")],
            },
        ];
        let mut report = Report::default();
        resolve_inlines(&mut content, 7, &context, &mut report);
        assert_eq!(model::plain_text(&content), "texttexttext");
        assert!(matches!(content[0], Inline::Text { .. }));
        let diagnostics = report.diagnostics("pdq/a.md");
        assert_eq!(diagnostics.len(), 2);
        assert_eq!(diagnostics[0].code, "unresolved-anchor");
        assert!(
            diagnostics[0].message.starts_with("2 in-page"),
            "{}",
            diagnostics[0].message
        );
        assert_eq!(diagnostics[0].line, Some(7));
        assert_eq!(report.stats.anchors_dropped, 2);
    }

    #[test]
    fn a_url_shared_by_two_documents_goes_to_the_first() {
        let documents = vec![
            doc("a.md", Some("https://x.org/p"), "a"),
            doc("b.md", Some("http://www.x.org/p/"), "b"),
        ];
        let index = DocumentIndex::new(&documents, no_aliases(&documents));
        assert_eq!(
            index.find_url(&Url::parse("https://x.org/p?q").unwrap()),
            Some("a.md")
        );
        assert_eq!(
            index.duplicates,
            vec![("b.md".to_string(), "a.md".to_string())]
        );
    }

    #[test]
    fn helpers() {
        assert_eq!(percent_decode("a%20b%zz%"), "a b%zz%");
        assert_eq!(
            join_inside("a/b.md", "../c/d.png").as_deref(),
            Some("c/d.png")
        );
        assert_eq!(join_inside("a/b.md", "../../d.png"), None);
        assert_eq!(join_inside("b.md", "/etc/hostname"), None);
        assert_eq!(scheme_of("C:\\x"), Some("c".into()));
        assert_eq!(scheme_of("a/b:c"), None);
        for (href, scheme) in [
            ("https://www.cancer.gov/", Some("https")),
            (" Java\nScript :alert(1)", Some("javascript")),
            ("MAILTO:x@y.org", Some("mailto")),
            ("svn+ssh://host", Some("svn+ssh")),
            (":nothing", None),
            ("1http://x", None),
            ("/about-cancer", None),
            ("page.md#a:b", None),
            ("?q=a:b", None),
            ("a%3Ab:c", None),
            ("no-colon-at-all", None),
        ] {
            assert_eq!(scheme_of(href).as_deref(), scheme, "{href:?}");
        }
        assert!(is_glossary("/Common/PopUps/popDefinition.aspx?id=1"));
    }
}
