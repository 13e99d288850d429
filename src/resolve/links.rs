//! Link resolution: every `LinkTarget::Unresolved` becomes a document, an anchor, an external
//! URL, or plain text (with a warning when it was unsafe or unusable).

use crate::diagnostics::Diagnostic;
use crate::model::{self, Block, BlockKind, Footnote, Inline, LinkTarget};
use std::collections::{BTreeMap, BTreeSet};
use url::Url;

/// Counts of links and images by class, for reports and tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkStats {
    /// Links to another document of INPUT (or to the page itself by its URL).
    pub documents: u64,
    /// Links that pointed at a page of INPUT through a site-relative or absolute URL.
    pub documents_by_url: u64,
    /// Links to another document by a relative path to its file.
    pub documents_by_path: u64,
    /// In-page anchors resolved to a citation (reference list item).
    pub citations: u64,
    /// Other in-page anchors resolved.
    pub anchors: u64,
    /// In-page anchors without a target (made text).
    pub anchors_dropped: u64,
    /// Glossary pop-up links.
    pub glossary: u64,
    /// Other external links.
    pub external: u64,
    /// Links made text because they were unsafe, empty or unusable.
    pub refused: u64,
    /// Images inside INPUT.
    pub local_images: u64,
    /// Remote images.
    pub remote_images: u64,
    /// Refused images.
    pub refused_images: u64,
}

impl LinkStats {
    /// Adds `other`'s counts to these.
    pub fn add(&mut self, other: &LinkStats) {
        self.documents += other.documents;
        self.documents_by_url += other.documents_by_url;
        self.documents_by_path += other.documents_by_path;
        self.citations += other.citations;
        self.anchors += other.anchors;
        self.anchors_dropped += other.anchors_dropped;
        self.glossary += other.glossary;
        self.external += other.external;
        self.refused += other.refused;
        self.local_images += other.local_images;
        self.remote_images += other.remote_images;
        self.refused_images += other.refused_images;
    }
}

/// Why a link or image became plain text (or was refused): one warning code each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    /// An in-page anchor naming no id of the document.
    UnresolvedAnchor,
    /// `javascript:`, `vbscript:`, `data:` or `file:`.
    UnsafeLink,
    /// An empty destination.
    EmptyLink,
    /// A site-relative or relative destination in a document without a `url`.
    NoBaseUrl,
    /// A scheme other than http(s) and mailto, or a URL that does not parse.
    UnsupportedLink,
    /// An image outside INPUT, of an unsupported type, or with an unusable source.
    ImageRefused,
}

impl Problem {
    /// The stable diagnostic code.
    pub fn code(self) -> &'static str {
        match self {
            Problem::UnresolvedAnchor => "unresolved-anchor",
            Problem::UnsafeLink => "unsafe-link",
            Problem::EmptyLink => "empty-link",
            Problem::NoBaseUrl => "relative-link-without-url",
            Problem::UnsupportedLink => "unsupported-link",
            Problem::ImageRefused => "image-refused",
        }
    }

    fn summary(self, count: usize) -> String {
        let what = match self {
            Problem::UnresolvedAnchor => {
                "in-page link(s) have no target in the document; kept as text"
            }
            Problem::UnsafeLink => {
                "link(s) with an unsafe scheme (javascript:, vbscript:, data:, file:); kept as text"
            }
            Problem::EmptyLink => "link(s) have an empty destination; kept as text",
            Problem::NoBaseUrl => {
                "relative link(s) or image(s) cannot be made absolute: the document has no `url`; kept as text"
            }
            Problem::UnsupportedLink => {
                "link(s) with an unsupported scheme or malformed URL; kept as text"
            }
            Problem::ImageRefused => {
                "image(s) refused (outside INPUT, unsupported type or scheme); shown as alt text"
            }
        };
        format!("{count} {what}")
    }

    fn hint(self) -> Option<&'static str> {
        match self {
            Problem::NoBaseUrl => Some("add the page's `url` to the front matter"),
            Problem::ImageRefused => {
                Some("keep images inside INPUT as png, jpeg, gif, svg or webp files")
            }
            _ => None,
        }
    }
}

/// What went wrong in one document, collected while resolving, reported once per problem class.
#[derive(Debug, Default)]
pub struct Report {
    /// Per problem: (count, line of the first, first destination).
    problems: BTreeMap<Problem, (usize, u32, String)>,
    /// Counts by class.
    pub stats: LinkStats,
}

impl Report {
    /// Records one problem at `line` about `what` (a destination as written).
    pub fn record(&mut self, problem: Problem, line: u32, what: &str) {
        let entry = self
            .problems
            .entry(problem)
            .or_insert_with(|| (0, line, what.to_string()));
        entry.0 += 1;
    }

    /// One summary warning per problem class, naming the first occurrence.
    pub fn diagnostics(&self, file: &str) -> Vec<Diagnostic> {
        self.problems
            .iter()
            .map(|(problem, (count, line, first))| {
                let mut first: String = first.chars().take(120).collect();
                if first.is_empty() {
                    first = "(empty)".to_string();
                }
                let diagnostic = Diagnostic::warning(
                    file,
                    problem.code(),
                    format!("{}; the first: {first}", problem.summary(*count)),
                )
                .at_line(*line);
                match problem.hint() {
                    Some(hint) => diagnostic.with_hint(hint),
                    None => diagnostic,
                }
            })
            .collect()
    }

    /// How many problems of a class were recorded.
    pub fn count(&self, problem: Problem) -> usize {
        self.problems.get(&problem).map_or(0, |p| p.0)
    }
}

/// Every document of INPUT by normalised URL and by path, with the anchor ids each one has.
#[derive(Debug, Default)]
pub struct DocumentIndex {
    by_url: BTreeMap<String, String>,
    /// Documents whose `url` an earlier document already has: (path, earlier path).
    pub duplicates: Vec<(String, String)>,
    /// The anchors of each document, in the order of the documents.
    anchors: Vec<Anchors>,
    /// Position of each document by path (the last one, should two share a path).
    positions: BTreeMap<String, usize>,
}

/// What links into a document can point at: the ids of its headings, list items and footnotes,
/// and the fragments (such as `cit/section_1.2`) that name its reference items.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Anchors {
    /// Every element id of the document.
    pub ids: BTreeSet<String>,
    /// Fragment as written in links -> id of the reference item.
    pub aliases: BTreeMap<String, String>,
}

impl Anchors {
    /// The anchors of `document`, whose reference items have the fragment `aliases`.
    pub fn of(document: &model::Document, aliases: BTreeMap<String, String>) -> Self {
        Anchors {
            ids: document_ids(&document.blocks, &document.footnotes),
            aliases,
        }
    }

    /// The id a fragment names (directly, through an alias such as `cit/section_1.2`, or as a
    /// slug of a heading text), and whether it is a citation.
    pub fn find(&self, fragment: &str) -> Option<(String, bool)> {
        let (ids, aliases) = (&self.ids, &self.aliases);
        let decoded = percent_decode(fragment);
        let decoded = decoded.trim();
        if decoded.is_empty() {
            return None;
        }
        if let Some(id) = aliases
            .get(decoded)
            .or_else(|| aliases.get(&decoded.to_ascii_lowercase()))
        {
            return Some((id.clone(), true));
        }
        if ids.contains(decoded) && !decoded.contains('/') {
            let citation = aliases.values().any(|id| id == decoded);
            return Some((decoded.to_string(), citation));
        }
        let slug = slug::slugify(decoded);
        if !slug.is_empty() && ids.contains(&slug) {
            return Some((slug, false));
        }
        None
    }
}

impl DocumentIndex {
    /// Indexes `documents`; `anchors[i]` holds the anchors of `documents[i]`.
    ///
    /// # Panics
    /// When there are not as many anchors as documents.
    pub fn new(documents: &[model::Document], anchors: Vec<Anchors>) -> Self {
        assert_eq!(
            documents.len(),
            anchors.len(),
            "one set of anchors per document"
        );
        let mut index = DocumentIndex {
            anchors,
            ..DocumentIndex::default()
        };
        for (position, document) in documents.iter().enumerate() {
            if let Some(key) = document
                .metadata
                .url
                .as_deref()
                .and_then(|u| Url::parse(u.trim()).ok())
                .and_then(|u| url_key(&u))
            {
                match index.by_url.get(&key) {
                    Some(first) => index
                        .duplicates
                        .push((document.path.clone(), first.clone())),
                    None => {
                        index.by_url.insert(key, document.path.clone());
                    }
                }
            }
            index.positions.insert(document.path.clone(), position);
        }
        index
    }

    /// The document whose `url` is `url` (ignoring scheme, `www.`, query, fragment, trailing `/`).
    pub fn find_url(&self, url: &Url) -> Option<&str> {
        url_key(url)
            .and_then(|key| self.by_url.get(&key))
            .map(String::as_str)
    }

    /// Whether `path` (relative to INPUT) is a document.
    pub fn has_path(&self, path: &str) -> bool {
        self.positions.contains_key(path)
    }

    /// The id in document `path` that `fragment` names, if any.
    pub fn fragment_id(&self, path: &str, fragment: &str) -> Option<(String, bool)> {
        self.anchors.get(*self.positions.get(path)?)?.find(fragment)
    }

    /// The anchors of the document at `position` in the indexed documents.
    ///
    /// # Panics
    /// When `position` is not the position of an indexed document.
    pub fn anchors_at(&self, position: usize) -> &Anchors {
        &self.anchors[position]
    }
}

/// The key documents are matched by: lower-case host without `www.`, then the path without
/// trailing `/`, lower case (the sites these pages come from ignore case in paths).
pub fn url_key(url: &Url) -> Option<String> {
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let path = percent_decode(url.path());
    Some(format!(
        "{host}{}",
        path.trim_end_matches('/').to_lowercase()
    ))
}

/// Every anchor id a document has: headings, list items, footnotes.
pub fn document_ids(blocks: &[Block], footnotes: &[Footnote]) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut visit = |block: &Block| match &block.kind {
        BlockKind::Heading { id, .. } => {
            ids.insert(id.clone());
        }
        BlockKind::List { items, .. } => {
            ids.extend(items.iter().filter_map(|item| item.id.clone()))
        }
        _ => {}
    };
    model::walk_blocks(blocks, &mut visit);
    for note in footnotes {
        model::walk_blocks(&note.blocks, &mut visit);
    }
    ids.extend(footnotes.iter().map(|note| note.id.clone()));
    ids
}

/// The page URL a document's relative links are resolved against (http(s) only).
pub fn page_base(url: Option<&str>) -> Option<Url> {
    Url::parse(url?.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
}

/// Decodes `%XX` escapes (invalid escapes and non-UTF-8 results are kept as written).
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex_value(bytes[i + 1]), hex_value(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

fn hex_value(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

/// What one link becomes, with the problem if it became text.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A resolved target.
    Target(LinkTarget),
    /// Plain text, for this reason.
    Text(Problem),
}

/// What a link needs to know about its document and the others.
pub struct LinkContext<'a> {
    /// The document's path relative to INPUT.
    pub document_path: &'a str,
    /// The document's page URL, if it has a usable one.
    pub base: Option<&'a Url>,
    /// Every document.
    pub index: &'a DocumentIndex,
    /// What links inside this document can point at.
    pub own: &'a Anchors,
}

/// The scheme of a destination, lower case, if it has one (letters before the first `:` that
/// comes before any `/`, `?` or `#`). Whitespace inside is ignored, as browsers do.
pub fn scheme_of(href: &str) -> Option<String> {
    let mut scheme = String::new();
    for c in href.chars().filter(|c| !c.is_whitespace()) {
        if c == ':' {
            return scheme
                .starts_with(|c: char| c.is_ascii_alphabetic())
                .then(|| scheme.to_ascii_lowercase());
        }
        // Not a scheme character: `/`, `?` and `#` among them, which end a scheme-less path.
        if !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
            return None;
        }
        scheme.push(c);
    }
    None
}

/// Whether a destination is a glossary pop-up.
pub fn is_glossary(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    lower.contains("popdefinition") || lower.contains("/popups/")
}

/// Joins `relative` (a `/`-separated path) to the folder of `document_path`, within INPUT.
/// `None` when it leaves INPUT or is absolute.
pub fn join_inside(document_path: &str, relative: &str) -> Option<String> {
    if relative.starts_with('/') || relative.starts_with('\\') || relative.contains('\\') {
        return None;
    }
    let mut parts: Vec<&str> = document_path.split('/').collect();
    parts.pop();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Resolves one destination as written.
pub fn resolve_href(href: &str, context: &LinkContext) -> Outcome {
    let href = href.trim();
    if href.is_empty() {
        return Outcome::Text(Problem::EmptyLink);
    }
    if let Some(fragment) = href.strip_prefix('#') {
        return match context.own.find(fragment) {
            Some((id, citation)) => Outcome::Target(LinkTarget::Anchor { id, citation }),
            None => Outcome::Text(Problem::UnresolvedAnchor),
        };
    }
    match scheme_of(href).as_deref() {
        Some("javascript" | "vbscript" | "data" | "file") => {
            return Outcome::Text(Problem::UnsafeLink);
        }
        Some("http" | "https") => {
            return match Url::parse(href) {
                Ok(url) => absolute(url, context),
                Err(_) => Outcome::Text(Problem::UnsupportedLink),
            };
        }
        Some("mailto") => {
            return Outcome::Target(LinkTarget::External {
                url: href.to_string(),
                glossary: false,
            });
        }
        Some(_) => return Outcome::Text(Problem::UnsupportedLink),
        None => {}
    }
    if !href.starts_with('/') {
        let (path, fragment) = split_fragment(href);
        let path = path.split('?').next().unwrap_or("");
        if let Some(target) = join_inside(context.document_path, &percent_decode(path))
            .filter(|p| context.index.has_path(p))
        {
            let fragment = fragment
                .and_then(|f| context.index.fragment_id(&target, f))
                .map(|(id, _)| id);
            return Outcome::Target(LinkTarget::Document {
                path: target,
                fragment,
            });
        }
    }
    let Some(base) = context.base else {
        return Outcome::Text(Problem::NoBaseUrl);
    };
    match base.join(href) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => absolute(url, context),
        _ => Outcome::Text(Problem::UnsupportedLink),
    }
}

fn split_fragment(href: &str) -> (&str, Option<&str>) {
    match href.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (href, None),
    }
}

/// An absolute http(s) URL: a glossary pop-up, a document of INPUT, or external.
fn absolute(url: Url, context: &LinkContext) -> Outcome {
    if is_glossary(url.as_str()) {
        return Outcome::Target(LinkTarget::External {
            url: url.to_string(),
            glossary: true,
        });
    }
    if let Some(path) = context.index.find_url(&url) {
        let fragment = url
            .fragment()
            .and_then(|f| context.index.fragment_id(path, f));
        if path == context.document_path
            && let Some((id, citation)) = &fragment
        {
            return Outcome::Target(LinkTarget::Anchor {
                id: id.clone(),
                citation: *citation,
            });
        }
        return Outcome::Target(LinkTarget::Document {
            path: path.to_string(),
            fragment: fragment.map(|(id, _)| id),
        });
    }
    Outcome::Target(LinkTarget::External {
        url: url.to_string(),
        glossary: false,
    })
}

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
    use crate::model::{Document, Metadata};

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
