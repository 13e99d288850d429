//! The EPUB booklet end to end: epubcheck, reproducible bytes, navigation grouping, metadata.

use crate::common;

use chrono::NaiveDate;
use mdexport::config::Format;
use mdexport::model::{
    Block, BlockKind, Document, Facts, Footnote, ImageSource, Inline, LinkTarget, ListItem,
    Metadata,
};
use mdexport::output::MemorySink;
use mdexport::writers::Assets;
use mdexport::writers::epub::GroupBy;
use mdexport::writers::epub::build_booklet;
use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

const EPUBCHECK_JAR: &str = "/usr/share/java/epubcheck.jar";

/// A 1×1 PNG.
const PIXEL_PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0,
    0, 0, 144, 119, 83, 222, 0, 0, 0, 12, 73, 68, 65, 84, 120, 156, 99, 248, 207, 192, 0, 0, 3, 1,
    1, 0, 201, 254, 146, 239, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

pub(crate) fn config(input: &Path) -> mdexport::Config {
    let mut config = mdexport::Config::new(
        input,
        "unused",
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    );
    config.formats = vec![Format::Epub];
    config
}

pub(crate) fn booklet(config: &mdexport::Config) -> Vec<u8> {
    let sink = MemorySink::default();
    let report = mdexport::build(config, &sink, &mdexport::progress::NoProgress).expect("build");
    assert!(
        report.failed.is_empty(),
        "failed: {:?} {:?}",
        report.failed,
        report.diagnostics
    );
    sink.into_files()
        .remove("booklet.epub")
        .expect("booklet.epub written")
}

pub(crate) fn entry(epub: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).expect("zip");
    let mut text = String::new();
    archive
        .by_name(name)
        .expect(name)
        .read_to_string(&mut text)
        .expect("utf-8");
    text
}

/// Runs epubcheck on the bytes; None when it is not installed (and CI is unset).
pub(crate) fn epubcheck(epub: &[u8]) -> Option<String> {
    let jar = std::env::var("EPUBCHECK_JAR").unwrap_or_else(|_| EPUBCHECK_JAR.to_string());
    if !common::require_tool("java") {
        return None;
    }
    if !Path::new(&jar).is_file() {
        common::missing("epubcheck");
        return None;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("booklet.epub");
    std::fs::write(&path, epub).expect("write booklet");
    let output = Command::new("java")
        .arg("-Xss512m")
        .arg("-jar")
        .arg(&jar)
        .arg(&path)
        .output()
        .expect("run epubcheck");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "epubcheck failed:\n{text}");
    Some(text)
}

pub(crate) fn assert_clean(report: Option<String>) {
    if let Some(text) = report {
        assert!(
            text.contains("0 fatals / 0 errors / 0 warnings"),
            "epubcheck:\n{text}"
        );
    }
}

#[test]
fn seeds_booklet_passes_epubcheck_and_repeats_byte_for_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = config(&common::seeds());
    config.output = dir.path().to_path_buf();
    let sink = mdexport::output::DirSink::new(dir.path()).expect("sink");
    let report = mdexport::build(&config, &sink, &mdexport::progress::NoProgress).expect("build");
    assert!(report.failed.is_empty());
    let first = std::fs::read(dir.path().join("booklet.epub")).expect("booklet on disk");
    assert_eq!(first, booklet(&config), "two builds differ");
    let single = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool")
        .install(|| booklet(&config));
    assert_eq!(first, single, "thread count changes the bytes");
    assert_clean(epubcheck(&first));
}

/// An entry of the navigation document's table of contents.
#[derive(Debug)]
struct TocEntry {
    href: String,
    label: String,
    children: Vec<TocEntry>,
}

/// The table of contents of a navigation document as a tree, whatever its layout: the `<li>`
/// elements inside `<nav epub:type="toc">`, each with its link and the entries below it.
fn toc_tree(nav: &str) -> Vec<TocEntry> {
    let start = nav.find("<nav ").expect("a nav element");
    let toc = &nav[start..];
    assert!(
        toc[..toc.find('>').expect("tag end")].contains("\"toc\""),
        "the table of contents comes first"
    );
    let toc = &toc[..toc.find("</nav>").expect("nav end")];
    let mut stack: Vec<Vec<TocEntry>> = vec![Vec::new()];
    let mut rest = toc;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        if rest.starts_with("<li>") || rest.starts_with("<li ") {
            stack.push(Vec::new());
            let entry = TocEntry {
                href: String::new(),
                label: String::new(),
                children: Vec::new(),
            };
            stack.last_mut().expect("open li").push(entry);
        } else if rest.starts_with("</li>") {
            let mut done = stack.pop().expect("li was open");
            let mut entry = done.remove(0);
            entry.children = done;
            stack.last_mut().expect("parent list").push(entry);
        } else if let Some(link) = rest.strip_prefix("<a href=\"") {
            let (href, after) = link.split_once("\">").expect("link");
            let label = &after[..after.find("</a>").expect("link end")];
            let entry = &mut stack.last_mut().expect("a in li")[0];
            entry.href = href.to_string();
            entry.label = label.to_string();
        }
        rest = &rest[1..];
    }
    assert_eq!(stack.len(), 1, "unbalanced list items");
    stack.pop().unwrap_or_default()
}

fn count_entries(entries: &[TocEntry]) -> usize {
    entries.iter().map(|e| 1 + count_entries(&e.children)).sum()
}

/// The start tag of the first element `name` in `xml`.
fn start_tag<'a>(xml: &'a str, name: &str) -> &'a str {
    let tag = &xml[xml.find(&format!("<{name} ")).expect(name)..];
    &tag[..tag.find('>').expect("tag end")]
}

#[test]
fn navigation_lists_every_document_under_its_folder_part() {
    let config = config(&common::seeds());
    let epub = booklet(&config);
    let nav = entry(&epub, "OEBPS/nav.xhtml");
    let html = start_tag(&nav, "html");
    assert!(
        html.contains(" lang=\"en\"") && html.contains(" xml:lang=\"en\""),
        "{html}"
    );
    assert!(start_tag(&nav, "nav").contains("role=\"doc-toc\""));
    let project = mdexport::load(&config, &mdexport::progress::NoProgress).expect("load");
    let files = mdexport::writers::epub::chapter_files(&project.documents);
    let tree = toc_tree(&nav);
    let top: Vec<(&str, &str)> = tree
        .iter()
        .map(|e| (e.href.as_str(), e.label.as_str()))
        .collect();
    assert_eq!(
        top,
        [
            ("title.xhtml", "Title page"),
            ("part-cancer-types.xhtml", "Cancer types"),
            ("part-coping.xhtml", "Coping"),
            ("part-dictionaries.xhtml", "Dictionaries"),
            ("part-pdq.xhtml", "PDQ"),
            ("part-treatment.xhtml", "Treatment"),
        ],
        "the title page, then the parts in order"
    );
    let mut listed = 0;
    for (document, file) in project.documents.iter().zip(&files) {
        let folder = document.path.split('/').next().unwrap_or_default();
        let part = tree
            .iter()
            .find(|p| p.href == format!("part-{folder}.xhtml"))
            .unwrap_or_else(|| panic!("no part for {}", document.path));
        let chapter = part
            .children
            .iter()
            .find(|c| &c.href == file)
            .unwrap_or_else(|| panic!("{} not listed under its part", document.path));
        assert!(!chapter.label.is_empty());
        assert!(
            chapter
                .children
                .iter()
                .all(|s| s.href.starts_with(&format!("{file}#")) && s.children.is_empty()),
            "{}: sections link into the chapter",
            document.path
        );
        listed += 1;
    }
    let in_parts: usize = tree.iter().map(|p| p.children.len()).sum();
    assert_eq!((listed, in_parts), (project.documents.len(), listed));
    let landmarks = &nav[nav.find("\"landmarks\"").expect("landmarks")..];
    assert!(
        landmarks.contains("epub:type=\"titlepage\" href=\"title.xhtml\"")
            && landmarks.contains(&format!("epub:type=\"bodymatter\" href=\"{}\"", files[0]))
    );
    let ncx = entry(&epub, "OEBPS/toc.ncx");
    assert_eq!(
        ncx.matches("<navPoint ").count(),
        count_entries(&tree),
        "NCX and navigation disagree"
    );
}

#[test]
fn package_metadata_is_complete() {
    let mut config = config(&common::seeds());
    config.set_source_date_epoch(Some(1_700_000_000));
    let epub = booklet(&config);
    let opf = entry(&epub, "OEBPS/content.opf");
    for expected in [
        "<dc:title>Patient education booklet</dc:title>",
        ">en</dc:language>",
        "<meta property=\"dcterms:creator\">NCI</meta>",
        "<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>",
        "urn:uuid:",
        "<meta property=\"schema:accessMode\">textual</meta>",
        "<meta property=\"schema:accessModeSufficient\">textual</meta>",
        "<meta property=\"schema:accessibilityFeature\">structuralNavigation</meta>",
        "<meta property=\"schema:accessibilityFeature\">tableOfContents</meta>",
        "<meta property=\"schema:accessibilityFeature\">readingOrder</meta>",
        "<meta property=\"schema:accessibilityHazard\">none</meta>",
        "<meta property=\"schema:accessibilitySummary\">",
        "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>",
        "<package version=\"3.0\"",
    ] {
        assert!(opf.contains(expected), "missing {expected} in\n{opf}");
    }
    let id = |opf: &str| {
        opf.split("urn:uuid:")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .unwrap_or_default()
            .to_string()
    };
    config.booklet.title = Some("Other <title> & co".to_string());
    config.booklet.creator = Some("Team & Co".to_string());
    let other = entry(&booklet(&config), "OEBPS/content.opf");
    assert_eq!(
        id(&opf),
        id(&other),
        "identifier must depend on the documents only"
    );
    assert!(other.contains("<dc:title>Other &lt;title&gt; &amp; co</dc:title>"));
    assert!(other.contains("<meta property=\"dcterms:creator\">Team &amp; Co</meta>"));
    assert!(!other.contains("a11y:"), "no certifier unless one is given");

    config.booklet.certified_by = Some("Access & Co".to_string());
    config.booklet.certifier_credential = Some("DAISY Ace 1.4.6 <checked>".to_string());
    let epub = booklet(&config);
    let certified = entry(&epub, "OEBPS/content.opf");
    assert!(
        certified.contains(
            "<meta id=\"certifier\" property=\"a11y:certifiedBy\">Access &amp; Co</meta>"
        ),
        "{certified}"
    );
    assert!(
        certified.contains("<meta refines=\"#certifier\" property=\"a11y:certifierCredential\">DAISY Ace 1.4.6 &lt;checked&gt;</meta>"),
        "{certified}"
    );
    assert_clean(epubcheck(&epub));
}

#[test]
fn hostile_fixture_groups_by_tag_and_passes_epubcheck() {
    let dir = tempfile::tempdir().expect("tempdir");
    let doc = |title: &str, tag: &str, body: &str| {
        format!(
            "---\ntitle: \"{title}\"\nlanguage: en\nsource: Clinic\nlastReviewed: '2024-02-03'\ntags:\n- {tag}\nurl: https://example.org/a%b\n---\n\n{body}\n"
        )
    };
    common::write_fixture(
        dir.path(),
        "a/one.md",
        doc(
            "One <script>",
            "nutrition",
            "# One <script>\n\n##\n\n## Intro & more\n\nText <b>raw</b> & [link](https://x.org/100%) [bad](javascript:alert(1)) [site](/about) [cit](#cit/section_1.2) \u{1}.\n\n| A | B |\n|---|---|\n| | |\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n3. three\n4. four\n\nNote[^n].\n\n[^n]: The note.\n\n![Remote](https://example.org/i.png)\n",
        ),
    );
    common::write_fixture(dir.path(), "b/two.md", doc("", "", "Body only.\n"));
    common::write_fixture(
        dir.path(),
        "root.md",
        doc("Three", "nutrition", "## Section\n\n### Sub\n"),
    );
    let mut config = config(dir.path());
    config.booklet.group_by = GroupBy::Tag;
    let epub = booklet(&config);
    let nav = entry(&epub, "OEBPS/nav.xhtml");
    let tree = toc_tree(&nav);
    let outline = |entries: &[TocEntry]| -> Vec<(String, Vec<String>)> {
        entries
            .iter()
            .map(|e| {
                let children = e.children.iter().map(|c| c.label.clone()).collect();
                (format!("{} {}", e.href, e.label), children)
            })
            .collect()
    };
    assert_eq!(
        outline(&tree),
        [
            ("title.xhtml Title page".to_string(), vec![]),
            (
                "part-nutrition.xhtml Nutrition".to_string(),
                vec!["One &lt;script&gt;".to_string(), "Three".to_string()]
            ),
            (
                "part-other-documents.xhtml Other documents".to_string(),
                vec!["two".to_string()]
            ),
        ]
    );
    // A chapter's H2 sections are its entries; an H3 is not.
    let three = &tree[1].children[1];
    let sections: Vec<(&str, &str)> = three
        .children
        .iter()
        .map(|s| (s.href.as_str(), s.label.as_str()))
        .collect();
    assert_eq!(sections, [("c-root.xhtml#section", "Section")]);
    assert_clean(epubcheck(&epub));

    config.booklet.group_by = GroupBy::None;
    let flat = toc_tree(&entry(&booklet(&config), "OEBPS/nav.xhtml"));
    let labels: Vec<&str> = flat.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Title page", "One &lt;script&gt;", "two", "Three"],
        "no part pages when not grouping: the chapters at the top, in document order"
    );
}

#[test]
fn hand_made_model_with_images_citations_and_links_passes_epubcheck() {
    // A model as resolve leaves it: ids unique and valid, links to anchors that exist, external
    // URLs that are valid URIs.
    let image = |alt: &str| Inline::Image {
        source: Box::new(ImageSource::Local {
            path: "img/pixel.png".into(),
        }),
        alt: alt.into(),
        title: String::new(),
    };
    let document = Document {
        path: "guide/images.md".into(),
        sha256: "ab".into(),
        metadata: Metadata {
            language: Some("en".into()),
            ..Metadata::default()
        },
        title: "Images".into(),
        blocks: vec![
            Block {
                line: 1,
                kind: BlockKind::Paragraph {
                    content: vec![image("A pixel")],
                },
            },
            Block {
                line: 2,
                kind: BlockKind::Paragraph {
                    content: vec![Inline::text("Inline "), image("dot"), Inline::text(".")],
                },
            },
        ],
        footnotes: vec![],
        facts: Facts::default(),
        language: Default::default(),
        translations: Vec::new(),
    };
    let link = |target: LinkTarget, text: &str| Inline::Link {
        target: Box::new(target),
        title: String::new(),
        content: vec![Inline::text(text)],
    };
    let citations = Document {
        path: "pdq/cited.md".into(),
        sha256: "cd".into(),
        metadata: Metadata::default(),
        title: "Cited & <odd>".into(),
        blocks: vec![
            Block {
                line: 1,
                kind: BlockKind::Heading {
                    level: 2,
                    id: "results".into(),
                    content: vec![Inline::text("Results")],
                },
            },
            Block {
                line: 2,
                kind: BlockKind::Paragraph {
                    content: vec![
                        link(
                            LinkTarget::Anchor {
                                id: "cit-section-1-20".into(),
                                citation: true,
                            },
                            "[20]",
                        ),
                        link(
                            LinkTarget::Anchor {
                                id: "cit-section-1-21".into(),
                                citation: true,
                            },
                            "[21]",
                        ),
                        link(
                            LinkTarget::Document {
                                path: "guide/images.md".into(),
                                fragment: None,
                            },
                            "images",
                        ),
                        link(
                            LinkTarget::Document {
                                path: "pdq/cited.md".into(),
                                fragment: Some("results".into()),
                            },
                            "results",
                        ),
                        link(
                            LinkTarget::External {
                                url: "https://example.org/%25zz%20100%25".into(),
                                glossary: true,
                            },
                            "odd url",
                        ),
                        Inline::FootnoteRef {
                            label: "1".into(),
                            id: "fn-1".into(),
                            number: 1,
                        },
                        Inline::FootnoteRef {
                            label: "1".into(),
                            id: "fn-1".into(),
                            number: 1,
                        },
                    ],
                },
            },
            Block {
                line: 3,
                kind: BlockKind::List {
                    start: Some(20),
                    items: vec![
                        ListItem {
                            id: Some("cit-section-1-20".into()),
                            task: None,
                            blocks: vec![],
                        },
                        ListItem {
                            id: Some("cit-section-1-21".into()),
                            task: Some(false),
                            blocks: vec![],
                        },
                    ],
                },
            },
        ],
        footnotes: vec![Footnote {
            label: "1".into(),
            id: "fn-1".into(),
            number: 1,
            blocks: vec![],
        }],
        facts: Facts::default(),
        language: Default::default(),
        translations: Vec::new(),
    };
    let mut assets = Assets::new();
    assets.insert("img/pixel.png".into(), common::png_asset(PIXEL_PNG));
    let documents = [document, citations];
    let epub = build_booklet(&documents, &assets, &Default::default()).expect("booklet");
    let cited = entry(&epub, "OEBPS/c-pdq-cited.xhtml");
    assert!(
        cited.contains("href=\"#cit-section-1-20\"")
            && cited.contains("<li id=\"cit-section-1-20\">")
    );
    assert!(cited.contains("href=\"c-guide-images.xhtml\"") && cited.contains("href=\"#results\""));
    let opf = entry(&epub, "OEBPS/content.opf");
    assert!(opf.contains("media-type=\"image/png\""), "{opf}");
    assert!(opf.contains("<meta property=\"schema:accessibilityFeature\">alternativeText</meta>"));
    let chapter = entry(&epub, "OEBPS/c-guide-images.xhtml");
    assert!(chapter.contains("<img src=\"images/img-") && chapter.contains("alt=\"A pixel\""));
    assert_clean(epubcheck(&epub));
}

#[test]
fn what_daisy_ace_checks_is_in_the_markup() {
    // The rules DAISY Ace reported on the booklet of the corpus: `epub-lang`,
    // `epub-type-has-matching-role`, `empty-table-header` and `scrollable-region-focusable`.
    let dir = tempfile::tempdir().expect("tempdir");
    common::write_fixture(
        dir.path(),
        "a/table.md",
        "---\ntitle: Table\nlanguage: en\n---\n\nText.\n\n|  | Dose |\n|---|---|\n| Day 1 | 10 mg |\n",
    );
    common::write_fixture(
        dir.path(),
        "b/other.md",
        "---\ntitle: Other\n---\n\nMore text.\n",
    );
    let epub = booklet(&config(dir.path()));
    let opf = entry(&epub, "OEBPS/content.opf");
    let package = &opf[opf.find("<package ").expect("package")..];
    let package = &package[..package.find('>').expect("tag end")];
    assert!(package.contains(" xml:lang=\"en\""), "{package}");
    let names = archive_names(&epub);
    let chapter_name = names
        .iter()
        .find(|n| n.contains("table") && n.ends_with(".xhtml"))
        .expect("the table's chapter");
    let chapter = entry(&epub, chapter_name);
    assert!(
        chapter.contains("epub:type=\"chapter\" role=\"doc-chapter\""),
        "{chapter}"
    );
    assert!(
        chapter.contains("<div class=\"table-wrap\" tabindex=\"0\">"),
        "{chapter}"
    );
    assert!(!chapter.contains("<th scope=\"col\"></th>"), "{chapter}");
    assert!(chapter.contains("<th scope=\"col\">Dose</th>"), "{chapter}");
    let part = names
        .iter()
        .find(|n| n.contains("part-") && n.ends_with(".xhtml"))
        .expect("a part page");
    assert!(entry(&epub, part).contains("epub:type=\"part\" role=\"doc-part\""));
}

pub(crate) fn archive_names(epub: &[u8]) -> Vec<String> {
    let archive = zip::ZipArchive::new(Cursor::new(epub)).expect("zip");
    archive.file_names().map(str::to_string).collect()
}

/// The violations DAISY Ace reports on a booklet, as `impact: rule (file)` lines; `None` when
/// Ace is not installed (and CI is unset).
pub(crate) fn daisy_ace(epub: &[u8]) -> Option<Vec<String>> {
    if !common::require_tool("ace-puppeteer") {
        return None;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("booklet.epub");
    std::fs::write(&book, epub).expect("write booklet");
    let report = dir.path().join("report");
    let run = Command::new("ace-puppeteer")
        .args(["--silent", "--force", "--outdir"])
        .arg(&report)
        .arg(&book)
        .output()
        .expect("ace runs");
    let json = std::fs::read_to_string(report.join("report.json"))
        .unwrap_or_else(|_| panic!("no Ace report: {}", String::from_utf8_lossy(&run.stderr)));
    let report: serde_json::Value = serde_json::from_str(&json).expect("Ace's JSON");
    let mut found = Vec::new();
    for document in report["assertions"].as_array().into_iter().flatten() {
        let file = document["earl:testSubject"]["url"].as_str().unwrap_or("?");
        for assertion in document["assertions"].as_array().into_iter().flatten() {
            let test = &assertion["earl:test"];
            found.push(format!(
                "{}: {} ({file})",
                test["earl:impact"].as_str().unwrap_or("?"),
                test["dct:title"].as_str().unwrap_or("?")
            ));
        }
    }
    Some(found)
}

#[test]
fn daisy_ace_finds_no_violation_in_the_seeds_or_odd_pages() {
    let seeds = booklet(&config(&common::seeds()));
    let dir = tempfile::tempdir().expect("tempdir");
    common::write_fixture(
        dir.path(),
        "a/odd.md",
        "---\ntitle: Odd <page>\nlanguage: en\n---\n\n##\n\n| | Dose |\n|---|---|\n| | |\n| Day 1 | 10 mg |\n\n- [x] done\n\nNote[^n].\n\n[^n]: The note.\n\n![Remote](https://example.org/i.png)\n",
    );
    let wide: String = (0..30).map(|i| format!("| column {i} ")).collect();
    let rule: String = (0..30).map(|_| "|---").collect();
    common::write_fixture(
        dir.path(),
        "b/wide.md",
        format!(
            "---\ntitle: Wide\n---\n\n{wide}|\n{rule}|\n{}|\n",
            wide.replace("column", "value")
        ),
    );
    let odd = booklet(&config(dir.path()));
    for (name, epub) in [("seeds", seeds), ("odd pages", odd)] {
        if let Some(found) = daisy_ace(&epub) {
            assert!(found.is_empty(), "{name}: {found:#?}");
        }
    }
}

/// One chapter of a booklet of Markdown snippets, parsed and resolved as a build does.
fn chapter_of(
    pages: &[(&str, &str)],
    path: &str,
) -> mdexport::writers::epub::chapter::RenderedChapter {
    use mdexport::writers::epub::chapter::{self, BookIndex, ChapterContext, ImageResource};
    let documents: Vec<Document> = common::resolved(pages);
    let index: BookIndex = documents
        .iter()
        .map(|doc| {
            let file = format!("c-{}.xhtml", doc.path.replace(['/', '.'], "-"));
            (doc.path.clone(), chapter::index_chapter(doc, &file))
        })
        .collect();
    let images = [(
        "guide/img/local.png".to_string(),
        ImageResource {
            href: "images/img-0123.png".into(),
            media_type: "image/png",
        },
    )]
    .into();
    let ctx = ChapterContext {
        index: &index,
        images: &images,
    };
    let document = documents.iter().find(|d| d.path == path).expect("page");
    chapter::render_chapter(document, &index[path], &ctx)
}

const SAMPLE_PAGE: &str = r#"---
title: Sample & title - NCI
source: NCI
url: https://www.cancer.gov/sample
---

# Sample & title

##

## Overview

Text with <script>alert(1)</script> & bell *em* **strong** ~~gone~~ `a<b`\
[external](https://example.org/x?a=1&b=100%) [js](javascript:alert(1))
[site-relative](/about-cancer) [[1]](#cit-section-3-1) [[2]](#missing)
[other](../coping/other.md#work) [other top](../coping/other.md#nope)
[missing doc](missing.md) [ ](../coping/other.md)[^a]

### Overview

##### Skipped levels

3. three
4. four

- [x] done
- [ ] todo

| Drug | Dose |
|:-----|-----:|
| A & B | 10 mg |
|   |   |
| C |

![A chart](https://x.example/y.png)

![Local diagram](img/local.png)

[![Linked chart](https://x.example/z.png)](https://seer.cancer.gov/x)

Inline ![](file:///etc/passwd) image

> Quoted

```sh
echo "<hi>" &
```

---

## References

1. Reference one.
2. Reference two.

[^a]: The note <b>.
"#;

#[test]
fn chapter_xhtml_snapshot() {
    let pages = [
        ("guide/sample.md", SAMPLE_PAGE),
        ("coping/other.md", "## Work\n\nText.\n"),
    ];
    let chapter = chapter_of(&pages, "guide/sample.md");
    insta::assert_snapshot!(chapter.xhtml);
    assert_eq!(
        chapter.sections,
        vec![
            ("overview".to_string(), "Overview".to_string()),
            ("references".to_string(), "References".to_string())
        ]
    );
    assert_eq!(
        (chapter.images_with_alt, chapter.images_without_alt),
        (1, 0)
    );
    let untitled = chapter_of(&pages, "coping/other.md");
    assert_eq!(untitled.title, "other");
    insta::assert_snapshot!(untitled.xhtml);
}

#[test]
fn chapter_ids_are_unique_xml_names_and_nothing_unsafe_is_left() {
    let pages = [("guide/sample.md", SAMPLE_PAGE)];
    let xhtml = chapter_of(&pages, "guide/sample.md").xhtml;
    let mut seen = std::collections::BTreeSet::new();
    for part in xhtml.split(" id=\"").skip(1) {
        let id = part.split('"').next().unwrap_or_default();
        assert!(
            id.starts_with(|c: char| c.is_ascii_alphabetic())
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
            "{id}"
        );
        assert!(seen.insert(id.to_string()), "duplicate id {id}");
    }
    assert!(!xhtml.contains("<script"));
    assert!(!xhtml.contains("href=\"/"));
    assert!(!xhtml.contains("javascript:"));
    assert!(
        xhtml.contains("href=\"https://example.org/x?a=1&amp;b=100%25\""),
        "{xhtml}"
    );
}

/// The examples of the CommonMark specification, as the pulldown-cmark crate's own test suite
/// holds them in cargo's registry (the crate is one of ours, so its source is there after a
/// build), or `None` when that source cannot be found.
fn commonmark_spec_examples() -> Option<Vec<String>> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))?;
    let registry = std::fs::read_dir(home.join("registry/src")).ok()?;
    let spec = registry
        .filter_map(Result::ok)
        .map(|index| {
            index
                .path()
                .join("pulldown-cmark-0.13.6/tests/suite/spec.rs")
        })
        .find(|path| path.is_file())?;
    let text = std::fs::read_to_string(spec).ok()?;
    let examples: Vec<String> = text
        .split("let original = r##\"")
        .skip(1)
        .filter_map(|rest| {
            rest.split_once("\"##;")
                .map(|(example, _)| example.to_string())
        })
        .collect();
    (!examples.is_empty()).then_some(examples)
}

#[test]
fn every_commonmark_spec_example_exports_to_a_clean_booklet() {
    let Some(examples) = commonmark_spec_examples() else {
        common::missing("the CommonMark examples of pulldown-cmark 0.13.6 in cargo's registry");
        return;
    };
    assert!(examples.len() > 600, "{} examples", examples.len());
    let input = tempfile::tempdir().expect("temporary folder");
    for (number, example) in examples.iter().enumerate() {
        let page = format!(
            "---\ntitle: Example {}\nlanguage: en\nurl: https://spec.commonmark.org/example-{}\n---\n\n{example}",
            number + 1,
            number + 1
        );
        common::write_bytes(
            input.path(),
            &format!("spec/example-{:03}.md", number + 1),
            page.as_bytes(),
        );
    }
    let out = tempfile::tempdir().expect("temporary folder");
    let run = common::mdexport(&[
        "build",
        input.path().to_str().expect("path"),
        "-o",
        out.path().to_str().expect("path"),
        "--formats",
        "epub,csv",
        "-q",
    ]);
    assert_eq!(
        run.code, 0,
        "every example is valid Markdown: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("exported {}", examples.len())),
        "{}",
        run.stderr
    );
    assert_clean(epubcheck(
        &std::fs::read(out.path().join("booklet.epub")).expect("booklet"),
    ));
}

/// Each output of a build into `output`, by path, with whether it was kept from the build
/// before.
fn build_into(input: &Path, output: &Path) -> BTreeMap<String, (Vec<u8>, bool)> {
    let mut config = config(input);
    config.formats = vec![Format::Epub, Format::Csv, Format::Xlsx];
    config.output = output.to_path_buf();
    let sink = mdexport::output::DirSink::new(output).expect("sink");
    let report = mdexport::build(&config, &sink, &mdexport::progress::NoProgress).expect("build");
    report
        .reports
        .values()
        .flat_map(|r| r.files.iter())
        .map(|f| {
            let bytes = std::fs::read(output.join(&f.path)).expect("written");
            (f.path.clone(), (bytes, f.reused))
        })
        .collect()
}

#[test]
fn a_rebuild_keeps_the_booklet_and_catalog_until_a_document_changes() {
    let page = "---\ntitle: Fatigue\nlastReviewed: 2025-12-30\n---\n\nRest when you need to.\n";
    let input = common::write_files(&[("a.md", page), ("b.md", "# Sleep\n\nSleep well.\n")]);
    let output = tempfile::tempdir().expect("tempdir");
    let first = build_into(input.path(), output.path());
    assert_eq!(first.len(), 3, "{:?}", first.keys());
    assert!(first.values().all(|(_, kept)| !kept));
    // Nothing changed: every output is kept, byte for byte.
    let again = build_into(input.path(), output.path());
    assert!(again.values().all(|(_, kept)| *kept), "{again:?}");
    assert_eq!(
        again.iter().map(|(p, (b, _))| (p, b)).collect::<Vec<_>>(),
        first.iter().map(|(p, (b, _))| (p, b)).collect::<Vec<_>>()
    );
    // One document changed: every output is made again, as a clean build makes it.
    common::write_bytes(input.path(), "b.md", b"# Sleep\n\nSleep well at night.\n");
    let edited = build_into(input.path(), output.path());
    assert!(edited.values().all(|(_, kept)| !kept));
    let clean = build_into(input.path(), tempfile::tempdir().expect("tempdir").path());
    assert_eq!(
        edited.iter().map(|(p, (b, _))| (p, b)).collect::<Vec<_>>(),
        clean.iter().map(|(p, (b, _))| (p, b)).collect::<Vec<_>>()
    );
    assert_ne!(edited["booklet.epub"].0, first["booklet.epub"].0);
    // A kept output that was removed is made again.
    std::fs::remove_file(output.path().join("catalog.csv")).expect("remove");
    let restored = build_into(input.path(), output.path());
    assert!(!restored["catalog.csv"].1 && restored["booklet.epub"].1);
    assert_eq!(restored["catalog.csv"].0, clean["catalog.csv"].0);
}
