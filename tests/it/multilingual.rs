//! Documents in many languages: the booklet's chapters marked and worded in each one's language,
//! one booklet per language, translations linked, Spanish graded by Fernández-Huerta, and the
//! language lint.

use crate::common;
use crate::epub::{assert_clean, daisy_ace, entry, epubcheck};

use chrono::NaiveDate;
use mdexport::config::Format;
use mdexport::output::MemorySink;
use mdexport::resolve::facts;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The fixture pages, one per language: the same page on fatigue.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures/languages")
}

/// The fixture pages in a new folder, the English one naming its Spanish and Arabic
/// translations, with a second English page so that English is the most common language.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(fixtures()).expect("fixtures") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        let mut text = std::fs::read_to_string(&path).expect("fixture");
        if name == "en.md" {
            text = text.replacen(
                "language: en\n",
                "language: en\ntranslations:\n  es: es.md\n  ar: ar.md\n",
                1,
            );
            let second = text
                .replace("translations:\n  es: es.md\n  ar: ar.md\n", "")
                .replace("/fatigue", "/fatigue-at-home");
            common::write_fixture(dir.path(), "en-2.md", second);
        }
        common::write_fixture(dir.path(), &name, text);
    }
    dir
}

fn config(input: &Path, per_language: bool) -> mdexport::Config {
    let mut config = mdexport::Config::new(
        input,
        "unused",
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    );
    config.formats = vec![Format::Epub, Format::Csv];
    config.booklet.per_language = per_language;
    config
}

/// Every file the build writes, and its diagnostics.
fn build(config: &mdexport::Config) -> (BTreeMap<String, Vec<u8>>, Vec<mdexport::Diagnostic>) {
    let sink = MemorySink::default();
    let report = mdexport::build(config, &sink, &mdexport::progress::NoProgress).expect("build");
    assert!(report.failed.is_empty(), "{:?}", report.diagnostics);
    (sink.into_files(), report.diagnostics)
}

/// The start tag of the first `<name` element of `xml`.
fn start_tag<'a>(xml: &'a str, name: &str) -> &'a str {
    let at = xml.find(&format!("<{name}")).expect(name);
    &xml[at..at + xml[at..].find('>').expect("tag end") + 1]
}

const TAGS: [&str; 9] = ["ar", "en", "es", "hi", "ko", "th", "tl", "vi", "zh-Hans"];

#[test]
fn a_mixed_booklet_marks_and_words_each_chapter_in_its_language() {
    let dir = project();
    let (files, _) = build(&config(dir.path(), false));
    assert!(
        !files
            .keys()
            .any(|name| name.starts_with("booklet.") && name != "booklet.epub"),
        "{:?}",
        files.keys()
    );
    let epub = &files["booklet.epub"];
    for tag in TAGS {
        let chapter = entry(epub, &format!("OEBPS/c-{}.xhtml", tag.to_lowercase()));
        let dir = if tag == "ar" { "rtl" } else { "ltr" };
        assert!(
            start_tag(&chapter, "html")
                .contains(&format!("lang=\"{tag}\" xml:lang=\"{tag}\" dir=\"{dir}\"")),
            "{tag}: {}",
            start_tag(&chapter, "html")
        );
    }
    let spanish = entry(epub, "OEBPS/c-es.xhtml");
    for words in [
        "Fuente: Instituto Nacional del Cáncer",
        "Última revisión: <time datetime=\"2025-12-30\">30 de diciembre de 2025</time>",
        "En línea: <a href=\"https://www.cancer.gov/espanol/",
        "También en: <a href=\"c-ar.xhtml\" hreflang=\"ar\" lang=\"ar\" xml:lang=\"ar\" dir=\"rtl\">العربية</a>, <a href=\"c-en.xhtml\" hreflang=\"en\" lang=\"en\" xml:lang=\"en\" dir=\"ltr\">English</a>",
    ] {
        assert!(spanish.contains(words), "{words}\n{spanish}");
    }
    let chinese = entry(epub, "OEBPS/c-zh-hans.xhtml");
    assert!(chinese.contains("最后审核：<time datetime=\"2025-12-30\">2025年12月30日</time>"));
    let arabic = entry(epub, "OEBPS/c-ar.xhtml");
    let line = arabic
        .split("<p class=\"translations\">")
        .nth(1)
        .expect("the Arabic chapter lists its translations");
    assert!(
        line.contains("href=\"c-en.xhtml\"") && line.contains("href=\"c-es.xhtml\""),
        "{line}"
    );
    let english = entry(epub, "OEBPS/c-en.xhtml");
    assert!(
        english.contains("Last reviewed: <time datetime=\"2025-12-30\">December 30, 2025</time>")
    );
    assert!(
        english.contains("Also in: <a href=\"c-ar.xhtml\""),
        "{english}"
    );
    assert!(!entry(epub, "OEBPS/c-en-2.xhtml").contains("Also in"));
    // The booklet is in its most common language, English: navigation, title page, package.
    let nav = entry(epub, "OEBPS/nav.xhtml");
    assert!(start_tag(&nav, "html").contains("lang=\"en\" xml:lang=\"en\" dir=\"ltr\""));
    assert!(nav.contains("<title>Contents</title>"));
    let opf = entry(epub, "OEBPS/content.opf");
    assert!(opf.contains(">en</dc:language>"), "{opf}");
    let part = entry(epub, "OEBPS/part-general.xhtml");
    assert!(
        part.contains("lang=\"ar\" xml:lang=\"ar\" dir=\"rtl\">الإرهاق"),
        "{part}"
    );
    assert_clean(epubcheck(epub));
    if let Some(found) = daisy_ace(epub) {
        assert!(found.is_empty(), "{found:#?}");
    }
}

#[test]
fn one_booklet_per_language_each_with_its_own_language_and_identifier() {
    let dir = project();
    let (files, _) = build(&config(dir.path(), true));
    let booklets: Vec<&String> = files.keys().filter(|n| n.ends_with(".epub")).collect();
    let mut expected: Vec<String> = TAGS
        .iter()
        .filter(|tag| **tag != "en")
        .map(|tag| format!("booklet.{tag}.epub"))
        .collect();
    expected.insert(0, "booklet.epub".into());
    expected.sort();
    assert_eq!(booklets, expected.iter().collect::<Vec<_>>());
    let mut identifiers = BTreeSet::new();
    for name in &booklets {
        let epub = &files[*name];
        let tag = name
            .strip_prefix("booklet.")
            .and_then(|n| n.strip_suffix(".epub"))
            .filter(|n| !n.is_empty() && *n != "epub")
            .unwrap_or("en");
        let opf = entry(epub, "OEBPS/content.opf");
        assert!(
            opf.contains(&format!(">{tag}</dc:language>")),
            "{name}: {opf}"
        );
        assert!(opf.contains(&format!("xml:lang=\"{tag}\"")), "{name}");
        let id = opf
            .split("<dc:identifier")
            .nth(1)
            .and_then(|s| s.split('>').nth(1))
            .and_then(|s| s.split('<').next())
            .expect("an identifier")
            .to_string();
        assert!(identifiers.insert(id), "{name} shares its identifier");
        let direction = if tag == "ar" { "rtl" } else { "ltr" };
        assert!(
            opf.contains(&format!("page-progression-direction=\"{direction}\"")),
            "{name}"
        );
        assert_clean(epubcheck(epub));
    }
    let spanish = &files["booklet.es.epub"];
    let nav = entry(spanish, "OEBPS/nav.xhtml");
    assert!(nav.contains("<title>Contenido</title>"), "{nav}");
    let title = entry(spanish, "OEBPS/title.xhtml");
    assert!(
        title.contains("Folleto de educación para pacientes"),
        "{title}"
    );
    assert!(title.contains("Documentos: 1"), "{title}");
    // English is not in the Spanish booklet: the link goes to its web page.
    let chapter = entry(spanish, "OEBPS/c-es.xhtml");
    assert!(
        chapter.contains("<a href=\"https://www.cancer.gov/about-cancer/treatment/side-effects/fatigue\" hreflang=\"en\""),
        "{chapter}"
    );
    let arabic = &files["booklet.ar.epub"];
    let nav = entry(arabic, "OEBPS/nav.xhtml");
    assert!(start_tag(&nav, "html").contains("dir=\"rtl\""));
    assert!(nav.contains("المحتويات"));
    if let Some(found) = daisy_ace(arabic) {
        assert!(found.is_empty(), "{found:#?}");
    }
}

#[test]
fn only_english_and_spanish_are_graded_and_spanish_matches_textstat() {
    let dir = project();
    let project =
        mdexport::load(&config(dir.path(), false), &mdexport::progress::NoProgress).expect("loads");
    for document in &project.documents {
        let graded = (
            document.facts.readability.is_some(),
            document.facts.fernandez_huerta_ease.is_some(),
        );
        let expected = match document.language.code.as_str() {
            "en" => (true, false),
            "es" => (false, true),
            _ => (false, false),
        };
        assert_eq!(graded, expected, "{}", document.path);
    }
    assert!(
        !project
            .diagnostics
            .iter()
            .any(|d| d.code == "reading-grade" && d.file != "en.md" && d.file != "en-2.md"),
        "{:?}",
        project.diagnostics
    );
    let (files, _) = build(&config(dir.path(), false));
    let mut reader = csv::Reader::from_reader(&files["catalog.csv"][3..]);
    let header = reader.headers().expect("header").clone();
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    for row in reader.records() {
        let row = row.expect("row");
        let (language, kincaid, huerta) = (
            &row[column("language")],
            &row[column("fleschKincaidGrade")],
            &row[column("fernandezHuertaEase")],
        );
        assert_eq!(kincaid.is_empty(), language != "en", "{language}");
        assert_eq!(huerta.is_empty(), language != "es", "{language}");
    }

    if !common::python_module("textstat") {
        return;
    }
    // The Spanish fixture page and a second Spanish page, measured by textstat on the text
    // mdexport measures.
    let own = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures/spanish");
    let more =
        mdexport::load(&config(&own, false), &mdexport::progress::NoProgress).expect("loads");
    let spanish: Vec<&mdexport::Document> = project
        .documents
        .iter()
        .chain(&more.documents)
        .filter(|d| d.language.code == "es")
        .collect();
    assert_eq!(spanish.len(), 2);
    let texts: Vec<String> = spanish.iter().map(|d| facts::reading_text(d)).collect();
    let mut child = Command::new("python3")
        .args([
            "-c",
            "import json, sys, textstat\ntextstat.set_lang('es')\nprint(json.dumps([textstat.fernandez_huerta(t) for t in json.load(sys.stdin)]))",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&serde_json::to_vec(&texts).expect("JSON"))
        .expect("write");
    let out = child.wait_with_output().expect("textstat finishes");
    assert!(out.status.success());
    let reference: Vec<f64> = serde_json::from_slice(&out.stdout).expect("numbers");
    for (document, reference) in spanish.iter().zip(reference) {
        let ours = document.facts.fernandez_huerta_ease.expect("graded");
        eprintln!(
            "Fernández-Huerta ease of {}: ours {ours:.2}, textstat {reference:.2}",
            document.path
        );
        assert!(
            (ours - reference).abs() <= 5.0,
            "{}: ours {ours}, textstat {reference}",
            document.path
        );
    }
}

#[test]
fn check_warns_about_unknown_languages_missing_catalogues_wrong_scripts_and_translations() {
    let arabic = std::fs::read_to_string(fixtures().join("ar.md")).expect("fixture");
    let english = std::fs::read_to_string(fixtures().join("en.md")).expect("fixture");
    let dir = common::write_files(&[
        (
            "arabic-marked-english.md",
            &arabic.replacen("language: ar", "language: en", 1),
        ),
        (
            "unknown.md",
            &english.replacen("language: en", "language: qq", 1),
        ),
        (
            "french.md",
            &english.replacen("language: en", "language: fr", 1),
        ),
        (
            "named.md",
            &english.replacen(
                "language: en",
                "language: en\ntranslations: {es: missing.md, ar: unknown.md}",
                1,
            ),
        ),
    ]);
    let project =
        mdexport::load(&config(dir.path(), false), &mdexport::progress::NoProgress).expect("loads");
    let found: BTreeSet<(&str, &str)> = project
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("language-") || d.code.starts_with("translation-"))
        .map(|d| (d.file.as_str(), d.code))
        .collect();
    assert_eq!(
        found,
        BTreeSet::from([
            ("arabic-marked-english.md", "language-mismatch"),
            ("french.md", "language-no-catalogue"),
            ("named.md", "translation-language"),
            ("named.md", "translation-missing"),
            ("unknown.md", "language-unknown"),
            ("unknown.md", "language-no-catalogue"),
        ])
    );
    assert!(project.diagnostics.iter().all(|d| d.hint.is_some()
        || !(d.code.starts_with("language-") || d.code.starts_with("translation-"))));
}
