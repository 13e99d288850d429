//! The index of every document of the build: by path, by page URL, and the anchors each has.

use crate::model::{self, Block, BlockKind, Footnote};
use std::collections::{BTreeMap, BTreeSet};
use url::Url;

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
