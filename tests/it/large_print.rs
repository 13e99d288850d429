//! Large print measured on real pages: body text at 18 pt, no text under 14 pt, every word
//! inside the page, the words of the page all there, and PDF/UA-1 kept. Over a sample of
//! `../shared/corpus/nci` (every page with `MDEXPORT_LARGE_PRINT_ALL=1`, which
//! `benches/large-print.sh` sets).

use crate::common;
use crate::pdf::{build, config, document_words, pdftotext, verapdf_failures, words};
use mdexport::writers::pdf::options::{LARGE_PRINT_BODY_PT, LARGE_PRINT_MIN_PT};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The body size in tenths of a point, as [`text_sizes`] counts.
const BODY: u32 = (LARGE_PRINT_BODY_PT * 10.0) as u32;

/// One page in this many of the corpus goes into the sample the test suite checks.
const SAMPLE_EVERY: usize = 8;

/// How many characters of `pdf` are set at each size, in tenths of a point, read from the text
/// operators of its content streams (uncompressed by `qpdf --qdf`): each text object sets its
/// font and size (`/f1 18 Tf`) with a unit text matrix, then shows its glyphs, two bytes each.
/// (`pdftohtml -xml` gives sizes in whole, zoomed points only.)
fn text_sizes(pdf: &Path) -> BTreeMap<u32, usize> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let plain = dir.path().join("plain.pdf");
    common::run(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            pdf.to_str().expect("path"),
            plain.to_str().expect("path"),
        ],
    );
    let bytes = std::fs::read(&plain).expect("uncompressed PDF");
    let mut sizes = BTreeMap::new();
    for line in bytes.split(|b| *b == b'\n') {
        let Some(operators) = line.strip_prefix(b"BT ") else {
            continue;
        };
        let line = String::from_utf8_lossy(operators);
        let (before, after) = line
            .split_once(" Tf ")
            .unwrap_or_else(|| panic!("a text object that sets no font: {line}"));
        let size: f64 = before
            .rsplit(' ')
            .next()
            .and_then(|token| token.parse().ok())
            .unwrap_or_else(|| panic!("no font size: {line}"));
        assert!(
            after.starts_with("1 0 0 -1 0 0 Tm"),
            "text scaled by its matrix: {line}"
        );
        let mut glyphs = 0;
        let mut in_string = false;
        for c in after.chars() {
            match c {
                '<' => in_string = true,
                '>' => in_string = false,
                c if in_string && c.is_ascii_hexdigit() => glyphs += 1,
                _ => {}
            }
        }
        *sizes.entry((size * 10.0).round() as u32).or_default() += glyphs / 4;
    }
    sizes
}

/// Words whose box (`pdftotext -bbox-layout`) is not wholly inside their page.
fn words_outside_the_page(pdf: &Path) -> Vec<String> {
    let layout = common::run(
        "pdftotext",
        &["-bbox-layout", pdf.to_str().expect("path"), "-"],
    );
    let number = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        let end = start + tag[start..].find('"').expect("closing quote");
        tag[start..end].parse().expect("a number")
    };
    let (mut width, mut height) = (0.0, 0.0);
    let mut outside = Vec::new();
    for line in layout.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            width = number(line, "width");
            height = number(line, "height");
        } else if line.starts_with("<word ") {
            let inside = number(line, "xMin") >= 0.0
                && number(line, "yMin") >= 0.0
                && number(line, "xMax") <= width
                && number(line, "yMax") <= height;
            if !inside {
                outside.push(line.to_string());
            }
        }
    }
    outside
}

#[test]
fn large_print_over_the_corpus_is_18_pt_never_under_14_and_complete() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/nci");
    if !corpus.is_dir() {
        println!("SKIPPED: {} not present", corpus.display());
        return;
    }
    if !["pdftotext", "qpdf"]
        .iter()
        .all(|t| common::require_tool(t))
    {
        return;
    }
    let out = tempfile::tempdir().expect("temporary folder");
    let mut config = config(&corpus, out.path());
    config.handout.large_print = true;
    if std::env::var_os("MDEXPORT_LARGE_PRINT_ALL").is_none() {
        let project = mdexport::load(&config, &mdexport::progress::NoProgress).expect("load");
        config.selection.include = project
            .documents
            .iter()
            .step_by(SAMPLE_EVERY)
            .map(|d| d.path.clone())
            .collect();
    }
    let handouts = build(&config);
    let project = mdexport::load(&config, &mdexport::progress::NoProgress).expect("load");
    assert_eq!(handouts.len(), project.documents.len());
    let (mut wanted, mut found) = (0usize, 0usize);
    let mut sizes_over_all: BTreeMap<u32, usize> = BTreeMap::new();
    for doc in &project.documents {
        let pdf = &handouts[&doc.path];
        let sizes = text_sizes(pdf);
        // A page of a few lines is mostly its title block: each page has body text at 18 pt,
        // and over all of them most text is (below).
        assert!(
            sizes.contains_key(&BODY),
            "{}: no text at 18 pt: {sizes:?}",
            doc.path
        );
        let smallest = f64::from(*sizes.keys().next().expect("text")) / 10.0;
        assert!(
            smallest >= LARGE_PRINT_MIN_PT,
            "{}: text at {smallest} pt: {sizes:?}",
            doc.path
        );
        for (size, chars) in sizes {
            *sizes_over_all.entry(size).or_default() += chars;
        }
        let outside = words_outside_the_page(pdf);
        assert!(outside.is_empty(), "{}: {outside:?}", doc.path);
        let source = document_words(doc);
        let printed = words(&pdftotext(pdf));
        wanted += source.values().sum::<usize>();
        found += source
            .iter()
            .map(|(w, n)| (*n).min(printed.get(w).copied().unwrap_or(0)))
            .sum::<usize>();
    }
    let recall = found as f64 / wanted as f64;
    let shown: Vec<String> = sizes_over_all
        .iter()
        .map(|(size, chars)| format!("{:.1} pt: {chars}", f64::from(*size) / 10.0))
        .collect();
    println!(
        "large print, {} handouts: word recall {:.2}%, characters by size: {}",
        handouts.len(),
        recall * 100.0,
        shown.join(", ")
    );
    assert!(recall >= 0.98, "word recall {recall}");
    let body = sizes_over_all
        .iter()
        .max_by_key(|(_, chars)| **chars)
        .map(|(size, _)| *size);
    assert_eq!(body, Some(BODY), "most text is not 18 pt");
    let pdfs: Vec<PathBuf> = handouts.into_values().collect();
    if let Some(failures) = verapdf_failures(&pdfs) {
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
