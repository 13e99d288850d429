//! Handouts in every shipped language (`fixtures/languages/<tag>.md`, the same short page in
//! each): the words mdexport adds in the page's language, long dates written its way, the
//! PDF's `/Lang`, right-to-left layout and reading order, a face for every script, and veraPDF.

use crate::common;
use crate::pdf::{build, config, pdftotext, render, verapdf_failures};
use mdexport::model::Translation;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The fixture folder.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures/languages")
}

/// Text without whitespace or the direction marks `pdftotext` puts around right-to-left
/// lines, so that phrases compare whatever its line breaks and spacing.
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}')
        })
        .collect()
}

/// The handouts of the fixtures, built once per test, by document path, with the build's
/// output folder (kept alive by the caller).
fn handouts() -> (tempfile::TempDir, BTreeMap<String, PathBuf>) {
    let out = tempfile::tempdir().expect("temporary folder");
    let handouts = build(&config(&fixtures(), out.path()));
    (out, handouts)
}

/// What each handout must print: its page footer, title block and link notes in its own
/// language, the review date written the language's way. Hindi and Thai have no catalogue, so
/// their words are English, and their dates still theirs.
const EXPECTED: &[(&str, &[&str])] = &[
    (
        "en.md",
        &[
            "Page 1 of 1",
            "Last reviewed: December 30, 2025",
            "Source: National Cancer Institute",
            "Web page: https://www.cancer.gov/about-cancer/treatment/side-effects/fatigue",
        ],
    ),
    (
        "es.md",
        &[
            "Página 1 de 1",
            "Última revisión: 30 de diciembre de 2025",
            "Fuente: Instituto Nacional del Cáncer",
            "Página web: https://www.cancer.gov/espanol/cancer/tratamiento/efectos-secundarios/fatiga",
            "Enlaces en este folleto",
            "véase: La fatiga y el tratamiento del cáncer",
        ],
    ),
    (
        "zh-Hans.md",
        &[
            "第 1 页，共 1 页",
            "最后审核：2025年12月30日",
            "来源：美国国家癌症研究所",
            "网页：https://www.example.org/handouts/zh-hans/fatigue",
            "本资料中的链接",
            "参见：Fatigue and Cancer Treatment",
        ],
    ),
    (
        "vi.md",
        &[
            "Trang 1 / 1",
            "Xem xét lần cuối: 30 tháng 12 2025",
            "Nguồn: Viện Ung thư Quốc gia Hoa Kỳ",
            "Các liên kết trong tài liệu này",
        ],
    ),
    (
        "ko.md",
        &[
            "1 / 1쪽",
            "최종 검토일: 2025년 12월 30일",
            "출처: 미국 국립암연구소",
            "이 자료에 나오는 링크",
        ],
    ),
    (
        "tl.md",
        &[
            "Pahina 1 ng 1",
            "Huling sinuri: ",
            "Pinagmulan: National Cancer Institute",
            "Mga link sa babasahing ito",
            "tingnan: Fatigue and Cancer Treatment",
        ],
    ),
    (
        "ar.md",
        &[
            "المصدر: المعهد الوطني للسرطان",
            "ديسمبر",
            // pdftotext puts the colon between an Arabic word and an address after the address.
            "صفحة الويب",
            "https://www.example.org/handouts/ar/fatigue",
            "الصفحة 1 من 1",
            "انظر",
        ],
    ),
    ("hi.md", &["Page 1 of 1", "Last reviewed: 30 दिसंबर, 2025"]),
    (
        "th.md",
        &["Page 1 of 1", "Last reviewed: 30 ธันวาคม ค.ศ. 2025"],
    ),
];

#[test]
fn handouts_print_the_words_they_add_in_the_documents_language() {
    if !common::require_tool("pdftotext") {
        return;
    }
    let (_out, handouts) = handouts();
    assert_eq!(handouts.len(), EXPECTED.len());
    for (path, phrases) in EXPECTED {
        let text = squeeze(&pdftotext(&handouts[*path]));
        for phrase in *phrases {
            assert!(
                text.contains(&squeeze(phrase)),
                "{path}: {phrase:?} is not printed in\n{text}"
            );
        }
        if *path != "en.md" && !path.starts_with("hi") && !path.starts_with("th") {
            for english in [
                "Page 1",
                "Lastreviewed",
                "Source:",
                "Linksinthishandout",
                "see:",
            ] {
                assert!(!text.contains(english), "{path}: {english:?} is printed");
            }
        }
    }
}

#[test]
fn the_pdf_language_is_the_documents() {
    if !common::require_tool("qpdf") {
        return;
    }
    let (out, handouts) = handouts();
    // Typst writes the language and region of the tag: `zh-Hans` is `zh` in the PDF.
    for (path, lang) in [
        ("en.md", "en"),
        ("es.md", "es"),
        ("zh-Hans.md", "zh"),
        ("vi.md", "vi"),
        ("ko.md", "ko"),
        ("tl.md", "tl"),
        ("ar.md", "ar"),
        ("hi.md", "hi"),
        ("th.md", "th"),
    ] {
        let qdf = out.path().join("lang.qdf.pdf");
        common::run(
            "qpdf",
            &[
                "--qdf",
                "--object-streams=disable",
                handouts[path].to_str().expect("path"),
                qdf.to_str().expect("path"),
            ],
        );
        let bytes = std::fs::read(&qdf).expect("qdf");
        let text = String::from_utf8_lossy(&bytes);
        let catalog = text
            .split("endobj")
            .find(|object| object.contains("/Type /Catalog"))
            .expect("a catalog");
        assert!(
            catalog.contains(&format!("/Lang ({lang})")),
            "{path}: no /Lang ({lang}) in\n{catalog}"
        );
    }
}

#[test]
fn every_script_has_a_face_and_every_handout_is_pdf_ua() {
    let out = tempfile::tempdir().expect("temporary folder");
    let config = config(&fixtures(), out.path());
    let sink = mdexport::output::DirSink::new(&config.output).expect("output folder");
    let report = mdexport::build(&config, &sink, &mdexport::progress::NoProgress).expect("build");
    let pdf = &report.reports["pdf"];
    assert_eq!(pdf.files.len(), EXPECTED.len());
    let trouble: Vec<_> = pdf
        .diagnostics
        .iter()
        .filter(|d| matches!(d.code, "pdf-missing-glyph" | "pdf-not-ua" | "pdf-failed"))
        .collect();
    assert!(trouble.is_empty(), "{trouble:?}");
    if common::require_tool("pdffonts") {
        for (path, face) in [
            ("ar.md", "NotoSansArabic"),
            ("hi.md", "NotoSansDevanagari"),
            ("th.md", "NotoSansThai"),
            ("es.md", "AtkinsonHyperlegible"),
        ] {
            let handout = out.path().join(mdexport::writers::handout_path(path));
            let fonts = common::run("pdffonts", &[handout.to_str().expect("path")]);
            assert!(fonts.contains(face), "{path}: not set in {face}\n{fonts}");
        }
    }
    let handouts: Vec<PathBuf> = pdf.files.iter().map(|f| out.path().join(&f.path)).collect();
    if let Some(failures) = verapdf_failures(&handouts) {
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

#[test]
fn text_reads_in_logical_order_with_each_letter_once() {
    if !common::require_tool("pdftotext") {
        return;
    }
    let (_out, handouts) = handouts();
    for (path, phrase) in [
        // Arabic, right to left, comes out in the order it is written.
        ("ar.md", "حياتك اليومية ومزاجك وعملك"),
        ("ar.md", "فقر الدم (انخفاض عدد"),
        // Marks the faces raise or lower are one letter with their base, not two.
        (
            "vi.md",
            "Mệt mỏi là tác dụng phụ phổ biến nhất của việc điều trị ung thư",
        ),
        ("th.md", "อาจส่งผลต่อชีวิตประจำวัน"),
        ("hi.md", "थकान कैंसर के कारण या उसके इलाज के कारण हो सकती है"),
    ] {
        let text = squeeze(&pdftotext(&handouts[path]));
        assert!(
            text.contains(&squeeze(phrase)),
            "{path}: {phrase:?} is not in\n{text}"
        );
    }
}

#[test]
fn a_right_to_left_page_is_mirrored() {
    if !common::require_tool("pdftotext") {
        return;
    }
    let (_out, handouts) = handouts();
    // Word boxes: (xMin, xMax, yMin, word).
    let words = |path: &str| -> Vec<(f64, f64, f64, String)> {
        let xml = common::run(
            "pdftotext",
            &["-bbox", handouts[path].to_str().expect("path"), "-"],
        );
        xml.lines()
            .filter_map(|line| {
                let line = line.trim().strip_prefix("<word ")?;
                let attribute = |name: &str| -> Option<f64> {
                    let start = line.find(&format!("{name}=\""))? + name.len() + 2;
                    line[start..].split('"').next()?.parse().ok()
                };
                let word = line.split('>').nth(1)?.split('<').next()?.to_string();
                Some((
                    attribute("xMin")?,
                    attribute("xMax")?,
                    attribute("yMin")?,
                    word,
                ))
            })
            .collect()
    };
    // Letter paper, 0.75 in margins: text runs from 54 pt to 558 pt.
    let (left, right) = (54.0, 558.0);
    let near = |a: f64, b: f64| (a - b).abs() < 1.0;
    let ar = words("ar.md");
    let es = words("es.md");
    // The first line, the title's, starts at the right margin in Arabic and ends short of the
    // left one; in Spanish the other way round.
    let first_line = |words: &[(f64, f64, f64, String)]| {
        let top = words[0].2;
        let line: Vec<_> = words.iter().filter(|w| near(w.2, top)).collect();
        let start = line.iter().map(|w| w.0).fold(f64::MAX, f64::min);
        let end = line.iter().map(|w| w.1).fold(f64::MIN, f64::max);
        (start, end)
    };
    let (ar_start, ar_end) = first_line(&ar);
    assert!(
        near(ar_end, right) && ar_start > left + 100.0,
        "{ar_start}..{ar_end}"
    );
    let (es_start, es_end) = first_line(&es);
    assert!(
        near(es_start, left) && es_end < right - 50.0,
        "{es_start}..{es_end}"
    );
    // A list's bullets stand at the right margin in Arabic, at the left one in Spanish.
    let bullets = |words: &[(f64, f64, f64, String)]| -> Vec<(f64, f64)> {
        words
            .iter()
            .filter(|w| w.3 == "•")
            .map(|w| (w.0, w.1))
            .collect()
    };
    let (ar_bullets, es_bullets) = (bullets(&ar), bullets(&es));
    assert_eq!((ar_bullets.len(), es_bullets.len()), (3, 3));
    assert!(
        ar_bullets.iter().all(|b| b.0 > right - 30.0),
        "{ar_bullets:?}"
    );
    assert!(
        es_bullets.iter().all(|b| b.1 < left + 30.0),
        "{es_bullets:?}"
    );
}

#[test]
fn a_page_in_other_languages_names_them_in_their_own() {
    if !common::require_tool("pdftotext") {
        return;
    }
    let out = tempfile::tempdir().expect("temporary folder");
    let config = config(&fixtures(), out.path());
    let mut project = mdexport::load(&config, &mdexport::progress::NoProgress).expect("load");
    let translation = |path: &str, project: &mdexport::Project| {
        let doc = project
            .documents
            .iter()
            .find(|d| d.path == path)
            .expect("a fixture");
        Translation {
            path: doc.path.clone(),
            language: doc.language.clone(),
            title: doc.title.clone(),
            url: if path == "ar.md" {
                None
            } else {
                doc.metadata.url.clone()
            },
        }
    };
    let others = vec![
        translation("ar.md", &project),
        translation("es.md", &project),
    ];
    let english = project
        .documents
        .iter_mut()
        .find(|d| d.path == "en.md")
        .expect("the English page");
    english.translations = others;
    let assets = mdexport::writers::Assets::new();
    let (files, diagnostics) = render(&config, &project, &assets);
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    let pdf = out.path().join("en.pdf");
    std::fs::write(&pdf, &files[&mdexport::writers::handout_path("en.md")]).expect("write");
    // pdftotext joins a word broken at a hyphen and drops the hyphen, and the address breaks
    // where the QR code beside it leaves it room: hyphens are compared away on both sides.
    let flat = |text: &str| squeeze(text).replace('-', "");
    let text = flat(&pdftotext(&pdf));
    for phrase in [
        "Also in:",
        "Español https://www.cancer.gov/espanol/cancer/tratamiento/efectos-secundarios/fatiga",
        "العربية",
    ] {
        assert!(text.contains(&flat(phrase)), "{phrase:?} not in\n{text}");
    }
}
