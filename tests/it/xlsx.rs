//! The workbook: read back with calamine, openpyxl and LibreOffice, it holds the catalog's rows
//! as typed cells, a frozen and filtered header, links that work from a copied folder, a review
//! sheet that marks overdue rows, and the same bytes on every run.

use crate::common;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use mdexport::config::{Config, Format};
use mdexport::output::MemorySink;
use mdexport::writers::catalog::{COLUMNS, Catalog, REVIEW_COLUMNS};
use mdexport::writers::csv::spreadsheet_safe;
use mdexport::writers::xlsx::{WorkbookOptions, workbook};
use mdexport::writers::{Assets, Corpus};
use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::Path;
use std::process::Command;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 15).expect("valid date")
}

/// Documents with hostile text, every kind of review, numbers of the front matter, a date Excel
/// cannot count, a title longer than a cell holds and an address with escapes.
fn project() -> tempfile::TempDir {
    let long_title = "Long ".repeat(7_000);
    common::write_files(&[
        (
            "hostile.md",
            "---\ntitle: \"=1+1\"\nsource: 'He said \"hi\", then left'\ncitation: \"line one\\nline two\"\n\
             audienceLevel: \"@SUM(A1:A9)\"\nversion: \"-2+3\"\nlanguage: en\nlastReviewed: 2025-11-30\n\
             reviewFrequency: Quarterly\ncancerTypes: [\"+cmd|' /C calc'!A0\", \"plain, with comma\"]\n\
             tags: [\"Café\", \"=HYPERLINK(\\\"http://x\\\")\"]\nzebra: \"=evil()\"\nnested:\n  a: [1, \"two\"]\n\
             count: 3\nratio: 2.5\nflagged: true\nurl: https://www.cancer.gov/about-cancer#top\n---\n\n\
             # Heading\n\nSome body text here. And more.\n",
        ),
        (
            "reviews/overdue.md",
            "---\ntitle: Overdue\nlastReviewed: 2025-06-01\nreviewFrequency: quarterly\nurl: https://example.org/caf%C3%A9\n---\nText.\n",
        ),
        (
            "reviews/soon.md",
            "---\ntitle: Soon\nlastReviewed: 2025-12-20\nreviewFrequency: monthly\n---\nText.\n",
        ),
        (
            "reviews/older.md",
            "---\ntitle: Older\nlastReviewed: 2025-05-01\nreviewFrequency: quarterly\n---\nText.\n",
        ),
        (
            "old.md",
            "---\ntitle: From 1899\nlastReviewed: 1899-06-01\n---\nText.\n",
        ),
        (
            "long.md",
            &format!("---\ntitle: \"{long_title}\"\n---\nText.\n"),
        ),
    ])
}

fn config(input: &Path) -> Config {
    let mut config = Config::new(input, "unused-output", as_of());
    config.formats = vec![Format::Csv, Format::Xlsx];
    config.set_source_date_epoch(Some(1_767_225_600));
    config
}

/// The catalog and the workbook of `input`, built in memory, with the build's report.
fn build(config: &Config) -> (Vec<u8>, Vec<u8>, mdexport::BuildReport) {
    let sink = MemorySink::default();
    let report =
        mdexport::build(config, &sink, &mdexport::progress::NoProgress).expect("build runs");
    let files = sink.into_files();
    (
        files.get("catalog.csv").cloned().expect("catalog written"),
        files
            .get("catalog.xlsx")
            .cloned()
            .expect("workbook written"),
        report,
    )
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| r.expect("record").iter().map(str::to_string).collect())
        .collect()
}

/// A sheet of the workbook as calamine reads it, padded to `width` cells a row.
fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec()))
        .expect("calamine opens the workbook");
    let range = book.worksheet_range(name).expect("sheet exists");
    let width = range.width();
    range
        .rows()
        .map(|row| {
            let mut cells = row.to_vec();
            cells.resize(width, Data::Empty);
            cells
        })
        .collect()
}

/// One member of the workbook's archive, as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut text = String::new();
    archive
        .by_name(name)
        .expect("the part exists")
        .read_to_string(&mut text)
        .expect("UTF-8");
    text
}

/// A cell as the CSV writes it: text guarded against formulas, grades with one decimal.
fn as_csv(cell: &Data, column: &str) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => spreadsheet_safe(text),
        Data::Float(number) if column.starts_with("flesch") => format!("{number:.1}"),
        Data::Float(number) => number.to_string(),
        Data::Int(number) => number.to_string(),
        Data::DateTime(date) => date
            .as_datetime()
            .expect("a date")
            .format("%Y-%m-%d")
            .to_string(),
        other => panic!("{column}: unexpected cell {other:?}"),
    }
}

/// A CSV field as a workbook cell holds it: at most 32,767 characters.
fn in_a_cell(text: &str) -> String {
    text.chars().take(32_767).collect()
}

const DATES: [&str; 2] = ["lastReviewed", "nextReviewDue"];
const NUMBERS: [&str; 10] = [
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
];

#[test]
fn the_workbook_has_the_rows_of_the_csv_as_typed_cells() {
    let dir = project();
    let (csv_bytes, xlsx_bytes, report) = build(&config(dir.path()));
    assert_eq!(report.exported(), 6);
    let csv = csv_rows(&csv_bytes);
    let cells = sheet(&xlsx_bytes, "Catalog");
    assert_eq!(cells.len(), csv.len(), "a row per document and the header");
    let header: Vec<String> = cells[0].iter().map(|c| as_csv(c, "")).collect();
    assert_eq!(header, csv[0]);
    assert_eq!(&header[..COLUMNS.len()], COLUMNS);
    for (row, expected) in cells.iter().zip(&csv).skip(1) {
        for ((cell, text), column) in row.iter().zip(expected).zip(&header) {
            assert_eq!(
                as_csv(cell, column),
                in_a_cell(text),
                "{} / {column}",
                expected[0]
            );
            if *cell == Data::Empty {
                continue;
            }
            let column = column.as_str();
            if DATES.contains(&column) && text.as_str() >= "1900-03-01" {
                assert!(matches!(cell, Data::DateTime(_)), "{column} is a date");
            } else if NUMBERS.contains(&column) || ["count", "ratio"].contains(&column) {
                assert!(matches!(cell, Data::Float(_)), "{column} is a number");
            } else {
                assert!(
                    matches!(cell, Data::String(_)),
                    "{column} = {cell:?} is text"
                );
            }
        }
    }
    let column = |name: &str| header.iter().position(|c| c == name).expect(name);
    let hostile = &cells[1];
    assert_eq!(hostile[column("title")], Data::String("=1+1".into()));
    assert_eq!(hostile[column("reviewOverdue")], Data::String("no".into()));
    assert_eq!(hostile[column("count")], Data::Float(3.0));
    assert_eq!(hostile[column("ratio")], Data::Float(2.5));
    assert_eq!(hostile[column("flagged")], Data::String("true".into()));
    let old = &cells[csv.iter().position(|r| r[0] == "old.md").unwrap()];
    assert_eq!(
        old[column("lastReviewed")],
        Data::String("1899-06-01".into()),
        "a date Excel cannot count stays text"
    );
    let sheet_xml = part(&xlsx_bytes, "xl/worksheets/sheet1.xml");
    assert!(!sheet_xml.contains("<f>"), "no formula anywhere");
    let long = csv.iter().position(|r| r[0] == "long.md").unwrap();
    let Data::String(title) = &cells[long][column("title")] else {
        panic!("the long title is text")
    };
    assert_eq!(title.chars().count(), 32_767, "cut to what a cell holds");
    assert!(csv[long][column("title")].starts_with(title.as_str()));
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.file == "long.md" && d.code == "cell-truncated"),
        "{:?}",
        report.diagnostics
    );
}

#[test]
fn the_header_is_bold_frozen_and_filtered_and_columns_fit_their_text() {
    let dir = project();
    let (csv_bytes, xlsx_bytes, _) = build(&config(dir.path()));
    let rows = csv_rows(&csv_bytes);
    let sheet_xml = part(&xlsx_bytes, "xl/worksheets/sheet1.xml");
    assert!(
        sheet_xml.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ),
        "{sheet_xml}"
    );
    let last = (b'A' + (rows[0].len() - 1 - 26) as u8) as char;
    assert!(
        sheet_xml.contains(&format!(r#"<autoFilter ref="A1:A{last}{}"/>"#, rows.len())),
        "{sheet_xml}"
    );
    if !common::python_module("openpyxl") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalog.xlsx");
    std::fs::write(&path, &xlsx_bytes).unwrap();
    let script = r#"
import json, sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
sheet = book["Catalog"]
widths = {}
for letter, dim in sheet.column_dimensions.items():
    for index in range(dim.min, dim.max + 1):
        widths[index] = dim.width
print(json.dumps({
    "freeze": sheet.freeze_panes,
    "filter": sheet.auto_filter.ref,
    "bold": all(cell.font.b for cell in sheet[1]),
    "widths": [widths.get(i + 1) for i in range(sheet.max_column)],
    "title": book.properties.title,
    "created": book.properties.created.isoformat(),
    "sheets": book.sheetnames,
}))
"#;
    let out = common::run("python3", &["-c", script, path.to_str().unwrap()]);
    let facts: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(facts["freeze"], "A2");
    assert_eq!(facts["filter"], format!("A1:A{last}{}", rows.len()));
    assert_eq!(facts["bold"], true);
    assert_eq!(facts["sheets"], serde_json::json!(["Catalog", "Review"]));
    assert_eq!(facts["title"], "Document catalog");
    assert_eq!(facts["created"], "2026-01-01T00:00:00");
    let widths: Vec<f64> = facts["widths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_f64().expect("every column has a width"))
        .collect();
    let column = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    assert!(widths.iter().all(|w| *w <= 61.0), "{widths:?}");
    assert!(
        widths[column("title")] > 60.0,
        "a long title reaches the maximum"
    );
    assert!(
        widths[column("words")] < 12.0,
        "a short column stays narrow"
    );
    assert!(
        widths[column("lastReviewed")] >= 13.0,
        "header and filter button fit"
    );
}

#[test]
fn urls_and_handouts_are_links_and_the_handout_link_is_relative() {
    let dir = project();
    let config = config(dir.path());
    let project = mdexport::load(&config, &mdexport::progress::NoProgress).expect("loads");
    let handouts = BTreeMap::from([
        ("hostile.md".to_string(), "handouts/hostile.pdf".to_string()),
        (
            "reviews/soon.md".to_string(),
            "handouts/reviews/soon été.pdf".to_string(),
        ),
        ("old.md".to_string(), "handouts/old#1.pdf".to_string()),
    ]);
    let (assets, warnings) = (Assets::new(), BTreeMap::new());
    let corpus = Corpus {
        documents: &project.documents,
        assets: &assets,
        warnings: &warnings,
        handouts: &handouts,
    };
    let table = Catalog::new(&corpus, as_of());
    let options = WorkbookOptions {
        as_of: as_of(),
        source_date_epoch: None,
    };
    let (bytes, _) = workbook(&corpus, &table, &options).expect("workbook");
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let links: BTreeMap<(u32, u32), String> = book
        .hyperlinks_by_sheet_name("Catalog")
        .expect("links")
        .into_iter()
        .map(|link| {
            (
                link.range.start,
                format!(
                    "{}{}",
                    link.target.unwrap_or_default(),
                    link.location.map(|l| format!("#{l}")).unwrap_or_default()
                ),
            )
        })
        .collect();
    let row = |path: &str| table.rows.iter().position(|r| r.path == path).unwrap() as u32 + 1;
    let url = Catalog::column("url").unwrap() as u32;
    let handout = Catalog::column("handout").unwrap() as u32;
    assert_eq!(
        links.get(&(row("hostile.md"), url)).map(String::as_str),
        Some("https://www.cancer.gov/about-cancer#top")
    );
    assert_eq!(
        links.get(&(row("hostile.md"), handout)).map(String::as_str),
        Some("handouts/hostile.pdf"),
        "relative to the workbook"
    );
    assert_eq!(
        links
            .get(&(row("reviews/soon.md"), handout))
            .map(String::as_str),
        Some("handouts/reviews/soon%20été.pdf")
    );
    assert!(
        !links.contains_key(&(row("reviews/overdue.md"), url)),
        "an address with escapes the library would escape again stays text"
    );
    assert!(!links.contains_key(&(row("old.md"), handout)));
    let cells = sheet(&bytes, "Catalog");
    assert_eq!(
        cells[row("old.md") as usize][handout as usize],
        Data::String("handouts/old#1.pdf".into())
    );
    assert_eq!(
        cells[row("reviews/overdue.md") as usize][url as usize],
        Data::String("https://example.org/caf%C3%A9".into())
    );
    let core = part(&bytes, "docProps/core.xml");
    assert!(
        core.contains(">2025-12-20T00:00:00Z</dcterms:created>"),
        "created on the newest review without SOURCE_DATE_EPOCH: {core}"
    );
}

#[test]
fn the_review_sheet_lists_overdue_and_due_soon_by_date_and_marks_overdue_rows() {
    let dir = project();
    let (_, xlsx_bytes, _) = build(&config(dir.path()));
    let review = sheet(&xlsx_bytes, "Review");
    let header: Vec<String> = review[0].iter().map(|c| as_csv(c, "")).collect();
    assert_eq!(header, REVIEW_COLUMNS);
    let listed: Vec<Vec<String>> = review[1..]
        .iter()
        .map(|row| row[..4].iter().map(|c| as_csv(c, "")).collect())
        .collect();
    assert_eq!(
        listed,
        [
            ["2025-08-01", "overdue", "-167", "reviews/older.md"],
            ["2025-09-01", "overdue", "-136", "reviews/overdue.md"],
            ["2026-01-20", "due soon", "5", "reviews/soon.md"],
        ]
    );
    assert!(matches!(review[1][0], Data::DateTime(_)));
    assert_eq!(review[1][2], Data::Float(-167.0));
    let sheet_xml = part(&xlsx_bytes, "xl/worksheets/sheet2.xml");
    assert!(
        sheet_xml.contains(r#"<conditionalFormatting sqref="A2:H4">"#)
            && sheet_xml.contains(r#"<formula>$B2="overdue"</formula>"#),
        "{sheet_xml}"
    );
    let styles = part(&xlsx_bytes, "xl/styles.xml");
    assert!(styles.contains(r#"<bgColor rgb="FFFFC7CE"/>"#), "{styles}");
    if common::python_module("openpyxl") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("catalog.xlsx");
        std::fs::write(&path, &xlsx_bytes).unwrap();
        let script = r#"
import sys, openpyxl
sheet = openpyxl.load_workbook(sys.argv[1])["Review"]
for rules in sheet.conditional_formatting:
    for rule in rules.rules:
        print(rules.sqref, rule.type, rule.formula[0], rule.dxf.fill.bgColor.rgb)
"#;
        let out = common::run("python3", &["-c", script, path.to_str().unwrap()]);
        assert!(
            out.contains("A2:H4 expression $B2=\"overdue\" FFFFC7CE"),
            "{out}"
        );
    }
}

#[test]
fn openpyxl_reads_the_rows_of_the_csv() {
    if !common::python_module("openpyxl") {
        return;
    }
    let dir = project();
    let (csv_bytes, xlsx_bytes, _) = build(&config(dir.path()));
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("catalog.xlsx");
    std::fs::write(&path, &xlsx_bytes).unwrap();
    let script = r#"
import datetime, json, sys, openpyxl
sheet = openpyxl.load_workbook(sys.argv[1])["Catalog"]
rows = []
for row in sheet.iter_rows():
    cells = []
    for cell in row:
        value = cell.value
        if value is None:
            cells.append(["empty", ""])
        elif isinstance(value, datetime.datetime):
            cells.append(["date", value.date().isoformat()])
        elif isinstance(value, (int, float)):
            cells.append(["number", value])
        else:
            cells.append(["text", value])
    rows.append(cells)
print(json.dumps(rows))
"#;
    let out = common::run("python3", &["-c", script, path.to_str().unwrap()]);
    let rows: Vec<Vec<(String, serde_json::Value)>> = serde_json::from_str(&out).expect("JSON");
    let csv = csv_rows(&csv_bytes);
    assert_eq!(rows.len(), csv.len());
    for (row, expected) in rows.iter().zip(&csv).skip(1) {
        for (((kind, value), text), column) in row.iter().zip(expected).zip(&csv[0]) {
            let shown = match (kind.as_str(), value) {
                ("text", serde_json::Value::String(s)) => spreadsheet_safe(s),
                ("number", n) if column.starts_with("flesch") => {
                    format!("{:.1}", n.as_f64().unwrap())
                }
                ("number", n) => n.as_f64().unwrap().to_string(),
                (_, serde_json::Value::String(s)) => s.clone(),
                other => panic!("{other:?}"),
            };
            assert_eq!(shown, in_a_cell(text), "{} / {column}", expected[0]);
            if DATES.contains(&column.as_str()) && !text.is_empty() && text.as_str() >= "1900" {
                assert_eq!(kind, "date", "{column}");
            }
            if NUMBERS.contains(&column.as_str()) && !text.is_empty() {
                assert_eq!(kind, "number", "{column}");
            }
        }
    }
}

/// The first sheet of `xlsx` as LibreOffice exports it to CSV (UTF-8, cells as shown).
fn libreoffice_csv(xlsx: &Path) -> Vec<Vec<String>> {
    let out = tempfile::tempdir().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
            "--outdir",
        ])
        .arg(out.path())
        .arg(xlsx)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{status:?}");
    let stem = xlsx.file_stem().unwrap().to_string_lossy();
    let bytes = std::fs::read(out.path().join(format!("{stem}.csv"))).expect("converted");
    csv_rows(&bytes)
}

#[test]
fn libreoffice_shows_the_cell_texts_of_the_csv() {
    if !common::require_tool("soffice") {
        return;
    }
    let fixtures = project();
    for input in [fixtures.path().to_path_buf(), common::seeds()] {
        let tmp = tempfile::tempdir().unwrap();
        let (csv_bytes, xlsx_bytes, _) = build(&config(&input));
        let path = tmp.path().join("catalog.xlsx");
        std::fs::write(&path, &xlsx_bytes).unwrap();
        let shown = libreoffice_csv(&path);
        let csv = csv_rows(&csv_bytes);
        let typed = sheet(&xlsx_bytes, "Catalog");
        assert_eq!(shown.len(), csv.len());
        for ((row, expected), types) in shown.iter().zip(&csv).zip(&typed) {
            assert_eq!(row.len(), expected.len());
            for ((cell, text), kind) in row.iter().zip(expected).zip(types) {
                // The CSV guards text against formulas; LibreOffice shows the text itself.
                let cell = match kind {
                    Data::String(_) => spreadsheet_safe(cell),
                    _ => cell.clone(),
                };
                if text.chars().count() > 32_767 {
                    // Cut to what a cell holds; how much LibreOffice shows of it is its own.
                    assert!(text.starts_with(cell.as_str()), "{}", expected[0]);
                } else {
                    assert_eq!(&cell, text, "{}", expected[0]);
                }
            }
        }
    }
}

#[test]
fn the_workbook_is_byte_identical_across_runs_and_thread_counts() {
    let mut outputs = Vec::new();
    for jobs in ["1", "2", "1", "2"] {
        let out = tempfile::tempdir().unwrap();
        let run = common::mdexport_with_env(
            &[
                "build",
                "seeds",
                "-o",
                out.path().to_str().unwrap(),
                "--formats",
                "csv,xlsx",
                "--as-of",
                "2026-01-15",
                "-q",
                "-j",
                jobs,
            ],
            &[("SOURCE_DATE_EPOCH", "1767225600")],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        outputs.push(std::fs::read(out.path().join("catalog.xlsx")).expect("workbook"));
    }
    assert!(
        outputs.windows(2).all(|w| w[0] == w[1]),
        "same bytes every time"
    );
    let core = part(&outputs[0], "docProps/core.xml");
    assert!(
        core.contains(">2026-01-01T00:00:00Z</dcterms:created>"),
        "{core}"
    );
    let mut archive = zip::ZipArchive::new(Cursor::new(&outputs[0])).unwrap();
    for i in 0..archive.len() {
        let entry = archive.by_index(i).unwrap();
        let time = entry.last_modified().expect("a time");
        assert_eq!((time.year(), time.month(), time.day()), (1980, 1, 1));
    }
}

#[test]
fn handout_links_open_the_handouts_of_a_copied_output_folder() {
    let input = common::write_files(&[
        ("a.md", "---\ntitle: First\n---\n\nSome text.\n"),
        (
            "sub folder/é b.md",
            "---\ntitle: Second\n---\n\nMore text.\n",
        ),
    ]);
    let out = tempfile::tempdir().unwrap();
    let run = common::mdexport(&[
        "build",
        input.path().to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
        "--formats",
        "pdf,xlsx",
        "-q",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let copy = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(out.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let relative = entry.path().strip_prefix(out.path()).unwrap();
        common::write_bytes(
            copy.path(),
            &relative.to_string_lossy(),
            &std::fs::read(entry.path()).unwrap(),
        );
    }
    drop(out);
    let mut book: Xlsx<_> = calamine::open_workbook(copy.path().join("catalog.xlsx")).unwrap();
    let targets: Vec<String> = book
        .hyperlinks_by_sheet_name("Catalog")
        .unwrap()
        .into_iter()
        .filter_map(|link| link.target)
        .collect();
    assert_eq!(targets.len(), 2, "{targets:?}");
    for target in targets {
        assert!(target.starts_with("handouts/"), "{target}");
        let path = copy.path().join(percent_decode(&target));
        assert!(path.is_file(), "{} opens", path.display());
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8")
}
