//! Links to a place inside the same handout: where they go, what they are read as, and which
//! ones print as plain text.

use crate::common;
use crate::pdf::{build, config, pdftotext};
use mdexport::model::{Inline, LinkTarget};
use serde_json::Value;
use std::path::Path;

/// The scheme the handout lays such links out with before pointing them at their target.
const PRIVATE_SCHEME: &str = "mdexport-anchor:";

/// The links of `pdf` that go to a place in it, in page order: each one's alternative text and
/// the page it goes to (counted from one), read from `qpdf --json`.
fn internal_links(pdf: &Path) -> Vec<(String, usize)> {
    let json: Value = serde_json::from_str(&common::run(
        "qpdf",
        &["--json=2", pdf.to_str().expect("path")],
    ))
    .expect("qpdf writes JSON");
    let objects = &json["qpdf"][1];
    // A reference ("12 0 R") stands for the object it names.
    let object = |value: &'_ Value| -> Value {
        match value.as_str() {
            Some(reference) if reference.ends_with(" R") => {
                objects[format!("obj:{reference}")]["value"].clone()
            }
            _ => value.clone(),
        }
    };
    let pages: Vec<Value> = json["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .map(|page| page["object"].clone())
        .collect();
    let catalog = object(&objects["trailer"]["value"]["/Root"]);
    let names = object(&catalog["/Names"]["/Dests"])["/Names"].clone();
    let named = |name: &str| -> Value {
        let names = names.as_array().expect("named destinations");
        let index = names
            .iter()
            .step_by(2)
            .position(|key| key.as_str() == Some(name))
            .unwrap_or_else(|| panic!("no destination named {name}"));
        object(&names[2 * index + 1])
    };
    let mut links = Vec::new();
    for page in &pages {
        let annotations = object(&object(page)["/Annots"]);
        for annotation in annotations.as_array().into_iter().flatten() {
            let annotation = object(annotation);
            let destination = &annotation["/Dest"];
            if annotation["/Subtype"] != "/Link" || destination.is_null() {
                continue;
            }
            // A named destination is a string ("u:name"), an explicit one an array.
            let destination = match destination.as_str() {
                Some(name) if name.starts_with("u:") => named(name),
                _ => object(destination),
            };
            let target = pages
                .iter()
                .position(|page| *page == destination[0])
                .expect("the destination is a page of the handout");
            let alt = annotation["/Contents"].as_str().unwrap_or("");
            links.push((alt.trim_start_matches("u:").to_string(), target + 1));
        }
    }
    links
}

/// The page (counted from one) whose text holds `text`, the first one if several do.
fn page_with(pdf: &Path, pages: usize, text: &str) -> usize {
    (1..=pages)
        .find(|page| {
            let page = page.to_string();
            common::run(
                "pdftotext",
                &["-f", &page, "-l", &page, pdf.to_str().expect("path"), "-"],
            )
            .contains(text)
        })
        .unwrap_or_else(|| panic!("no page holds {text:?}"))
}

/// A page of filler paragraphs.
fn filler(words: &str) -> String {
    format!("{}\n\n", [words; 12].join(" ")).repeat(6)
}

#[test]
fn a_link_inside_a_handout_jumps_to_its_targets_page_and_no_private_address_is_left() {
    if !["qpdf", "pdftotext"]
        .iter()
        .all(|t| common::require_tool(t))
    {
        return;
    }
    // A citation and a link to a section further on, a link back, and a link to a footnote
    // (which has no place of its own to go to), with pages of text between them.
    let markdown = format!(
        "---\ntitle: Links inside one handout\n---\n\n## Overview\n\nA finding.[[1](#cit/section_1.1)] Read [the far section](#far-section) first, and [the note](#fn-1).[^1]\n\n{}### References\n\n1. The first reference of the overview.\n\n{}## Far section\n\nGo [back to the overview](#overview).\n\n[^1]: A footnote.\n",
        filler("Words that fill the first pages of this handout."),
        filler("More words that fill the pages before the far section."),
    );
    let input = common::fixture_dir(&[("a.md", markdown.as_bytes())]);
    let out = tempfile::tempdir().expect("temporary folder");
    let pdf = build(&config(input.path(), out.path()))["a.md"].clone();

    let info = common::run("pdfinfo", &[pdf.to_str().expect("path")]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    let overview = page_with(&pdf, pages, "Overview");
    let reference = page_with(&pdf, pages, "The first reference of the overview");
    let far = page_with(&pdf, pages, "Far section");
    assert!(
        overview < reference && reference < far,
        "the targets are on pages of their own: {overview}, {reference}, {far}"
    );
    // Typst's own words for a link to a place: the page, after the section for a heading. The
    // footnote's mark and its number below link to each other on the first page.
    assert_eq!(
        internal_links(&pdf),
        [
            (format!("page {reference}"), reference),
            (format!("Section, page {far}"), far),
            ("Footnote 1".to_string(), 1),
            ("1".to_string(), 1),
            (format!("Section, page {overview}"), overview),
        ],
    );

    let text = pdftotext(&pdf);
    assert!(
        text.contains("Read the far section first, and the note."),
        "{text}"
    );
    let qdf = out.path().join("a.qdf.pdf");
    common::run(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            pdf.to_str().expect("path"),
            qdf.to_str().expect("path"),
        ],
    );
    let bytes = std::fs::read(&qdf).expect("qdf");
    for (what, content) in [
        ("the PDF", String::from_utf8_lossy(&bytes).into_owned()),
        ("its text", text),
    ] {
        assert!(
            !content.contains(PRIVATE_SCHEME),
            "{what} holds a private address"
        );
    }
}

#[test]
fn links_to_places_the_handout_does_not_label_print_as_their_text() {
    // A footnote has no label of its own to go to, nor has a heading inside one.
    let markdown = "---\ntitle: T\n---\n\n## Start\n\nSee [the note](#fn-1), [its heading](#inner) and [the end](#end).[^1]\n\n## End\n\nBack to [the start](#start).\n\n[^1]: A note.\n\n    ## Inner\n";
    let documents = common::resolved(&[("a.md", markdown)]);
    let mut anchors = Vec::new();
    mdexport::model::walk_blocks(&documents[0].blocks, &mut |block| {
        mdexport::model::block_inlines(block, &mut |inlines| {
            anchors.extend(inlines.iter().filter_map(|inline| match inline {
                Inline::Link { target, .. } => match &**target {
                    LinkTarget::Anchor { id, .. } => Some(id.clone()),
                    _ => None,
                },
                _ => None,
            }))
        })
    });
    assert_eq!(anchors, ["fn-1", "inner", "end", "start"], "as resolved");
    let source = common::handout_source(&documents);
    let private = |id: &str| format!("#link(\"{PRIVATE_SCHEME}{id}\")[");
    for id in ["end", "start"] {
        assert!(source.contains(&private(id)), "a link to {id}:\n{source}");
    }
    assert_eq!(source.matches(PRIVATE_SCHEME).count(), 2, "{source}");
    for text in ["the note", "its heading"] {
        assert!(
            source.contains(&format!("#\"{text}\"")),
            "{text}:\n{source}"
        );
    }
}
