//! What link resolution found: counts by class, and one warning per kind of problem.

use crate::diagnostics::Diagnostic;
use std::collections::BTreeMap;

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
