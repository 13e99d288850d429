//! The resolve stage over real pages: links to other pages of the set become document links,
//! nothing unsafe or site-relative is left, headings are clean, and the result is deterministic.

use mdexport::model::{self, BlockKind, Document, ImageSource, Inline, LinkTarget};
use mdexport::resolve::{self, ResolveOptions};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn parse_folder(root: &Path) -> Vec<Document> {
    let (files, _) = mdexport::source::walk(root).expect("walk INPUT");
    let mut documents: Vec<Document> = files
        .iter()
        .filter_map(|file| {
            let bytes = std::fs::read(&file.absolute).ok()?;
            mdexport::parse::parse_document(&file.relative, &bytes).0
        })
        .collect();
    documents.sort_by(|a, b| a.path.cmp(&b.path));
    documents
}

/// Every inline of the document (body and footnotes), depth first.
fn all_inlines(document: &Document) -> Vec<&Inline> {
    let mut out = Vec::new();
    document.for_each_inline(&mut |inline| out.push(inline));
    out
}

/// A simple, independent key for page URLs: host without `www.`, path without query, fragment
/// or trailing `/`, lower case.
fn simple_key(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    Some(rest.trim_end_matches('/').to_lowercase())
}

/// How many links, as written, point at another page of the set (by its `url`).
fn links_to_pages_of_the_set(documents: &[Document]) -> (u64, u64) {
    let keys: BTreeSet<String> = documents
        .iter()
        .filter_map(|d| d.metadata.url.as_deref().and_then(simple_key))
        .collect();
    let (mut to_pages, mut citations) = (0, 0);
    for document in documents {
        let origin = document.metadata.url.as_deref().and_then(|u| {
            let scheme_end = u.find("://")? + 3;
            let host_end = u[scheme_end..]
                .find('/')
                .map_or(u.len(), |i| scheme_end + i);
            Some(u[..host_end].to_string())
        });
        for inline in all_inlines(document) {
            let Inline::Link { target, .. } = inline else {
                continue;
            };
            let LinkTarget::Unresolved { href } = &**target else {
                continue;
            };
            let href = href.trim();
            if href.starts_with("#cit/section_") {
                citations += 1;
            }
            let absolute = match (&origin, href.starts_with('/') && !href.starts_with("//")) {
                (Some(origin), true) => format!("{origin}{href}"),
                _ => href.to_string(),
            };
            if simple_key(&absolute).is_some_and(|key| keys.contains(&key))
                && !href.to_lowercase().contains("popdefinition")
            {
                to_pages += 1;
            }
        }
    }
    (to_pages, citations)
}

fn title_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Checks every promise of the resolve stage over the pages of `root`.
fn check_folder(root: &Path) {
    let documents = parse_folder(root);
    assert!(!documents.is_empty(), "no documents in {}", root.display());
    let (expected_page_links, written_citations) = links_to_pages_of_the_set(&documents);

    let options = ResolveOptions::default();
    let mut resolved_documents = documents.clone();
    let resolved = resolve::resolve(&mut resolved_documents, &options);

    let stats = &resolved.stats;
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &resolved.diagnostics {
        *by_code.entry(d.code).or_default() += 1;
    }
    println!(
        "{}: {} documents, {stats:?}",
        root.display(),
        documents.len()
    );
    println!(
        "links to pages of the set as written: {expected_page_links}; citations as written: {written_citations}"
    );
    println!("warnings by code: {by_code:?}");

    if expected_page_links > 0 {
        let share = stats.documents_by_url as f64 / expected_page_links as f64;
        println!(
            "internal links resolved to documents: {:.1}%",
            share * 100.0
        );
        assert!(
            share >= 0.9,
            "only {} of {expected_page_links} links to pages of the set became document links",
            stats.documents_by_url
        );
    }
    if written_citations > 0 {
        assert!(
            stats.citations as f64 >= 0.9 * written_citations as f64,
            "{} of {written_citations} citations resolved",
            stats.citations
        );
    }

    for document in &resolved_documents {
        let path = &document.path;
        for inline in all_inlines(document) {
            match inline {
                Inline::Link { target, .. } => match &**target {
                    LinkTarget::Unresolved { href } => panic!("{path}: unresolved link {href}"),
                    LinkTarget::External { url, .. } => {
                        let lower = url.to_ascii_lowercase();
                        assert!(
                            lower.starts_with("https://")
                                || lower.starts_with("http://")
                                || lower.starts_with("mailto:"),
                            "{path}: external link not absolute: {url}"
                        );
                    }
                    LinkTarget::Anchor { id, .. } => {
                        assert!(!id.contains('/'), "{path}: anchor id {id}")
                    }
                    LinkTarget::Document { path: target, .. } => {
                        assert!(
                            resolved_documents.iter().any(|d| &d.path == target),
                            "{path}: link to unknown document {target}"
                        )
                    }
                },
                Inline::Image { source, .. } => {
                    if let ImageSource::Unresolved { src } = &**source {
                        panic!("{path}: unresolved image {src}")
                    }
                }
                _ => {}
            }
        }
        let ids: BTreeSet<String> =
            mdexport::resolve::links::document_ids(&document.blocks, &document.footnotes);
        for inline in all_inlines(document) {
            if let Inline::Link { target, .. } = inline
                && let LinkTarget::Anchor { id, .. } = &**target
            {
                assert!(ids.contains(id), "{path}: dangling anchor {id}");
            }
        }
        check_outline(document);
    }

    let mut again = documents.clone();
    let second = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool")
        .install(|| resolve::resolve(&mut again, &options));
    assert_eq!(
        again, resolved_documents,
        "resolution is deterministic across thread counts"
    );
    assert_eq!(second.diagnostics, resolved.diagnostics);
    assert_eq!(second.assets, resolved.assets);
}

/// What every writer relies on after resolve: a title, headings with text at levels 2 to 6 that
/// never skip one, ids unique across headings, list items and footnotes and valid as XML ids,
/// no leading heading repeating the title, and no blank paragraph, table row or header.
fn check_outline(document: &Document) {
    let path = &document.path;
    assert!(!document.title.trim().is_empty(), "{path}: no title");
    let mut ids = Vec::new();
    let mut previous_level = None;
    let xml_id = |id: &str| {
        id.starts_with(|c: char| c.is_ascii_alphabetic())
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    };
    let mut visit = |block: &model::Block, in_body: bool| match &block.kind {
        BlockKind::Heading { level, id, content } => {
            let line = block.line;
            assert!(
                !model::plain_text(content).trim().is_empty(),
                "{path}:{line}: empty heading"
            );
            if in_body {
                let highest = previous_level.map_or(2, |p: u8| p + 1);
                assert!(
                    (2..=highest.min(6)).contains(level),
                    "{path}:{line}: heading level {level} after {previous_level:?}"
                );
                previous_level = Some(*level);
            }
            assert!(xml_id(id), "{path}:{line}: id {id:?}");
            ids.push(id.clone());
        }
        BlockKind::Paragraph { content } => {
            assert!(
                !model::is_blank(content),
                "{path}:{}: blank paragraph",
                block.line
            )
        }
        BlockKind::Table { header, rows, .. } => {
            assert!(
                header.is_empty() || !header.iter().all(|c| model::is_blank(c)),
                "{path}:{}: blank header",
                block.line
            );
            for row in rows {
                assert!(
                    !row.iter().all(|c| model::is_blank(c)),
                    "{path}:{}: blank row",
                    block.line
                );
            }
        }
        BlockKind::List { items, .. } => {
            for item in items {
                if let Some(id) = &item.id {
                    assert!(xml_id(id), "{path}:{}: item id {id:?}", block.line);
                    ids.push(id.clone());
                }
            }
        }
        _ => {}
    };
    model::walk_blocks(&document.blocks, &mut |block| visit(block, true));
    for note in &document.footnotes {
        model::walk_blocks(&note.blocks, &mut |block| visit(block, false));
    }
    for note in &document.footnotes {
        assert!(xml_id(&note.id), "{path}: footnote id {:?}", note.id);
        ids.push(note.id.clone());
    }
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{path}: duplicate ids");
    if let Some(BlockKind::Heading { content, .. }) = document.blocks.first().map(|b| &b.kind) {
        assert_ne!(
            title_key(&model::plain_text(content)),
            title_key(&document.title),
            "{path}: leading heading repeats the title"
        );
    }
}

#[test]
fn seeds_resolve_cleanly() {
    check_folder(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds"));
}

#[test]
fn shared_corpus_resolves_cleanly() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/nci");
    if !root.is_dir() {
        println!("SKIPPED: corpus not present at {}", root.display());
        return;
    }
    check_folder(&root);
}

/// The budget's limits sit far above every real page: each is at least three times the largest
/// value measured on the shared corpus (run with `--nocapture` to see the maxima).
#[test]
fn real_pages_are_far_within_the_budget() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/nci");
    if !corpus.is_dir() {
        println!("SKIPPED: corpus not present at {}", corpus.display());
        return;
    }
    let mut documents = parse_folder(&corpus);
    let options = ResolveOptions::default();
    for document in &mut documents {
        resolve::prepare(document, &options);
    }
    let measures: Vec<_> = documents.iter().map(resolve::budget::measure).collect();
    let most = |value: &dyn Fn(&resolve::budget::Measure) -> u64| {
        measures.iter().map(value).max().unwrap_or(0)
    };
    let budget = &options.budget;
    let checks = [
        (
            "depth",
            most(&|m| m.depth.0 as u64),
            budget.max_depth as u64,
        ),
        (
            "paragraph inlines",
            most(&|m| m.paragraph_inlines.0 as u64),
            budget.max_paragraph_inlines as u64,
        ),
        (
            "paragraph chars",
            most(&|m| m.paragraph_chars.0 as u64),
            budget.max_paragraph_chars as u64,
        ),
        (
            "table cells",
            most(&|m| m.table_cells.0 as u64),
            budget.max_table_cells as u64,
        ),
        ("pages", most(&|m| m.pages), budget.max_pages),
    ];
    for (what, real, limit) in checks {
        eprintln!("{what}: real maximum {real}, limit {limit}");
        assert!(real > 0, "{what}: nothing measured");
        assert!(
            3 * real <= limit,
            "{what}: real maximum {real} is too close to {limit}"
        );
    }
}
