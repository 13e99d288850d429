//! The CSV catalog: one spreadsheet-safe row per exported document, with its metadata, facts,
//! review dates, handout and warnings.

use super::{Corpus, Output, Writer, WriterReport};
use crate::model::Document;
use chrono::{Months, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// Path of the catalog under OUTPUT.
pub const CATALOG_PATH: &str = "catalog.csv";

/// The fixed columns of the catalog, in order; unknown front-matter keys follow, sorted.
pub const COLUMNS: &[&str] = &[
    "path",
    "title",
    "url",
    "source",
    "sourceType",
    "citation",
    "audienceLevel",
    "language",
    "license",
    "status",
    "version",
    "lastReviewed",
    "reviewFrequency",
    "nextReviewDue",
    "reviewOverdue",
    "cancerTypes",
    "tags",
    "words",
    "readingMinutes",
    "fleschKincaidGrade",
    "fleschReadingEase",
    "headings",
    "links",
    "images",
    "tables",
    "handout",
    "sha256",
    "warnings",
];

/// Words read in a minute, for `readingMinutes`.
pub const WORDS_PER_MINUTE: u64 = 200;

/// Separator of list values inside one cell.
const LIST_SEPARATOR: &str = "; ";

/// Everything the catalog writer needs besides the documents.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogOptions {
    /// Start the file with a UTF-8 byte-order mark: Excel reads a CSV as UTF-8 only with one.
    pub bom: bool,
    /// The date review deadlines are checked against, passed in so that the catalog does not
    /// depend on the clock.
    pub as_of: NaiveDate,
}

impl CatalogOptions {
    /// The defaults (a byte-order mark), with reviews checked against `as_of`.
    pub fn new(as_of: NaiveDate) -> Self {
        CatalogOptions { bom: true, as_of }
    }
}

/// Writes `catalog.csv`.
pub struct CsvWriter {
    /// How the catalog is written.
    pub options: CatalogOptions,
}

impl Writer for CsvWriter {
    fn stage(&self) -> &'static str {
        "catalog"
    }

    fn write(&self, corpus: &Corpus<'_>, out: &Output<'_>) -> WriterReport {
        let mut report = WriterReport::default();
        match catalog(corpus, &self.options) {
            Ok(bytes) => {
                report.put(out.sink, CATALOG_PATH, &bytes, None);
                report.summary = Some(summary(corpus.documents, self.options.as_of));
            }
            Err(err) => report
                .diagnostics
                .push(crate::diagnostics::Diagnostic::error(
                    CATALOG_PATH,
                    "write-failed",
                    format!("could not write the catalog: {err}"),
                )),
        }
        report
    }
}

/// One catalog cell: text is guarded against formula injection, numbers are left alone.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    Number(String),
}

impl Cell {
    fn text(value: impl Into<String>) -> Self {
        Cell::Text(value.into())
    }

    fn optional(value: Option<&str>) -> Self {
        Cell::Text(value.unwrap_or("").to_string())
    }

    fn number(value: impl ToString) -> Self {
        Cell::Number(value.to_string())
    }

    fn into_field(self) -> String {
        match self {
            Cell::Text(text) => spreadsheet_safe(&text),
            Cell::Number(number) => number,
        }
    }
}

/// The catalog's bytes: header and one row per document sorted by path, RFC 4180 with CRLF row
/// ends, with a UTF-8 byte-order mark when `options.bom` is set.
pub fn catalog(corpus: &Corpus<'_>, options: &CatalogOptions) -> Result<Vec<u8>, csv::Error> {
    let extra_keys: BTreeSet<&str> = corpus
        .documents
        .iter()
        .flat_map(|d| d.metadata.extra.keys().map(String::as_str))
        .collect();
    let mut documents: Vec<&Document> = corpus.documents.iter().collect();
    documents.sort_by(|a, b| a.path.cmp(&b.path));

    let mut buffer = Vec::new();
    if options.bom {
        buffer.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(buffer);
    let header: Vec<String> = COLUMNS
        .iter()
        .map(|c| c.to_string())
        .chain(extra_keys.iter().map(|k| spreadsheet_safe(k)))
        .collect();
    out.write_record(&header)?;
    for document in documents {
        let warnings: Vec<&str> = corpus
            .warnings
            .get(&document.path)
            .map(|list| list.iter().map(|d| d.message.as_str()).collect())
            .unwrap_or_default();
        let handout = corpus.handouts.get(&document.path).map(String::as_str);
        let mut row = document_row(document, options.as_of, handout, &warnings);
        row.extend(
            extra_keys
                .iter()
                .map(|key| extra_cell(document.metadata.extra.get(*key))),
        );
        out.write_record(row.into_iter().map(Cell::into_field))?;
    }
    out.flush()?;
    out.into_inner()
        .map_err(|err| csv::Error::from(err.into_error()))
}

/// The fixed cells of one document's row, in [`COLUMNS`] order.
fn document_row(
    document: &Document,
    as_of: NaiveDate,
    handout: Option<&str>,
    warnings: &[&str],
) -> Vec<Cell> {
    let meta = &document.metadata;
    let facts_of = &document.facts;
    let due = next_review_due(meta.last_reviewed, meta.review_frequency.as_deref());
    let grades = facts_of.readability;
    let readability = |value: Option<f64>| match value {
        Some(v) if v.is_finite() => Cell::number(format!("{v:.1}")),
        _ => Cell::text(""),
    };
    vec![
        Cell::text(&document.path),
        Cell::text(meta.title.clone().unwrap_or_else(|| document.title.clone())),
        Cell::optional(meta.url.as_deref()),
        Cell::optional(meta.source.as_deref()),
        Cell::optional(meta.source_type.as_deref()),
        Cell::optional(meta.citation.as_deref()),
        Cell::optional(meta.audience_level.as_deref()),
        Cell::optional(meta.language.as_deref()),
        Cell::optional(meta.license.as_deref()),
        Cell::optional(meta.status.as_deref()),
        Cell::optional(meta.version.as_deref()),
        Cell::text(meta.last_reviewed.map(iso_date).unwrap_or_default()),
        Cell::optional(meta.review_frequency.as_deref()),
        Cell::text(due.map(iso_date).unwrap_or_default()),
        Cell::text(match due {
            Some(due) if due < as_of => "yes",
            Some(_) => "no",
            None => "",
        }),
        Cell::text(meta.cancer_types.join(LIST_SEPARATOR)),
        Cell::text(meta.tags.join(LIST_SEPARATOR)),
        Cell::number(facts_of.words),
        Cell::number(reading_minutes(facts_of.words)),
        readability(grades.map(|g| g.flesch_kincaid_grade)),
        readability(grades.map(|g| g.flesch_reading_ease)),
        Cell::number(facts_of.headings),
        Cell::number(facts_of.links),
        Cell::number(facts_of.images),
        Cell::number(facts_of.tables),
        Cell::optional(handout),
        Cell::text(&document.sha256),
        Cell::text(warnings.join(LIST_SEPARATOR)),
    ]
}

/// A cell for an unknown front-matter value: strings as they are, other values as compact JSON.
fn extra_cell(value: Option<&serde_json::Value>) -> Cell {
    match value {
        None | Some(serde_json::Value::Null) => Cell::text(""),
        Some(serde_json::Value::String(text)) => Cell::text(text),
        Some(serde_json::Value::Number(number)) => Cell::number(number),
        Some(serde_json::Value::Bool(flag)) => Cell::text(flag.to_string()),
        Some(other) => Cell::text(other.to_string()),
    }
}

/// `YYYY-MM-DD`.
fn iso_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Minutes to read `words` at [`WORDS_PER_MINUTE`], rounded up.
pub fn reading_minutes(words: u64) -> u64 {
    words.div_ceil(WORDS_PER_MINUTE)
}

/// Months between reviews for a `reviewFrequency` value (case-insensitive); `None` when unknown.
pub fn frequency_months(frequency: &str) -> Option<u32> {
    match frequency.trim().to_lowercase().as_str() {
        "monthly" => Some(1),
        "quarterly" => Some(3),
        "semiannually" | "biannually" | "semi-annually" => Some(6),
        "annually" | "yearly" => Some(12),
        _ => None,
    }
}

/// The date the next review is due: `last_reviewed` plus the frequency, clamped to the end of
/// the month (2025-11-30 plus 3 months is 2026-02-28).
pub fn next_review_due(
    last_reviewed: Option<NaiveDate>,
    frequency: Option<&str>,
) -> Option<NaiveDate> {
    last_reviewed?.checked_add_months(Months::new(frequency_months(frequency?)?))
}

/// Makes a text cell safe to open in a spreadsheet: a cell starting with `=`, `+`, `-`, `@`, a
/// tab or a carriage return is prefixed with `'` so that it is never read as a formula.
pub fn spreadsheet_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// A short summary of the catalog for the build report: documents by folder, overdue reviews
/// and the spread of reading grades (English documents with words).
pub fn summary(documents: &[Document], as_of: NaiveDate) -> String {
    let mut by_folder: BTreeMap<&str, usize> = BTreeMap::new();
    let mut overdue = 0usize;
    let mut no_due_date = 0usize;
    const BANDS: [(&str, f64); 5] = [
        ("up to 6", 6.0),
        ("6-8", 8.0),
        ("8-10", 10.0),
        ("10-12", 12.0),
        ("above 12", f64::INFINITY),
    ];
    let mut grades = [0usize; BANDS.len()];
    let mut ungraded = 0usize;
    for document in documents {
        let folder = document
            .path
            .split_once('/')
            .map_or("(top level)", |(folder, _)| folder);
        *by_folder.entry(folder).or_default() += 1;
        match next_review_due(
            document.metadata.last_reviewed,
            document.metadata.review_frequency.as_deref(),
        ) {
            Some(due) if due < as_of => overdue += 1,
            Some(_) => {}
            None => no_due_date += 1,
        }
        match document.facts.readability.map(|r| r.flesch_kincaid_grade) {
            Some(grade) => {
                let band = BANDS
                    .iter()
                    .position(|(_, upper)| grade <= *upper)
                    .unwrap_or(BANDS.len() - 1);
                grades[band] += 1;
            }
            None => ungraded += 1,
        }
    }
    let folders: Vec<String> = by_folder
        .iter()
        .map(|(folder, n)| format!("{folder} {n}"))
        .collect();
    let bands: Vec<String> = BANDS
        .iter()
        .zip(grades)
        .map(|((label, _), n)| format!("{label}: {n}"))
        .collect();
    format!(
        "catalog: {} documents ({})\nreviews: {overdue} overdue as of {}, {no_due_date} without a due date\nreading grade: {}, not graded: {ungraded}\n",
        documents.len(),
        folders.join(", "),
        iso_date(as_of),
        bands.join(", "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn review_due_dates_clamp_to_month_end() {
        let cases = [
            (date(2025, 11, 30), "quarterly", date(2026, 2, 28)),
            (date(2024, 11, 30), "quarterly", date(2025, 2, 28)),
            (date(2023, 11, 30), "Quarterly", date(2024, 2, 29)),
            (date(2025, 1, 31), "monthly", date(2025, 2, 28)),
            (date(2024, 2, 29), "annually", date(2025, 2, 28)),
            (date(2024, 2, 29), "YEARLY", date(2025, 2, 28)),
            (date(2024, 8, 31), "semi-annually", date(2025, 2, 28)),
            (date(2024, 8, 31), "biannually", date(2025, 2, 28)),
            (date(2024, 3, 15), " semiannually ", date(2024, 9, 15)),
        ];
        for (last, frequency, due) in cases {
            assert_eq!(
                next_review_due(Some(last), Some(frequency)),
                Some(due),
                "{last} {frequency}"
            );
        }
        assert_eq!(
            next_review_due(Some(date(2024, 1, 1)), Some("sometimes")),
            None
        );
        assert_eq!(next_review_due(None, Some("monthly")), None);
        assert_eq!(next_review_due(Some(date(2024, 1, 1)), None), None);
        assert_eq!(next_review_due(Some(NaiveDate::MAX), Some("monthly")), None);
    }

    #[test]
    fn reading_minutes_round_up() {
        assert_eq!(reading_minutes(0), 0);
        assert_eq!(reading_minutes(1), 1);
        assert_eq!(reading_minutes(200), 1);
        assert_eq!(reading_minutes(201), 2);
    }

    #[test]
    fn formula_starts_are_neutralised() {
        for hostile in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_safe(hostile), format!("'{hostile}"));
        }
        assert_eq!(
            spreadsheet_safe("Café, \"quoted\"\nline"),
            "Café, \"quoted\"\nline"
        );
        assert_eq!(Cell::number("-12.5").into_field(), "-12.5");
        assert_eq!(Cell::text("-12.5").into_field(), "'-12.5");
    }

    #[test]
    fn extra_values() {
        assert_eq!(
            extra_cell(Some(&serde_json::json!("=cmd"))),
            Cell::text("=cmd")
        );
        assert_eq!(
            extra_cell(Some(&serde_json::json!({"a": [1, "b"]}))),
            Cell::text(r#"{"a":[1,"b"]}"#)
        );
        assert_eq!(extra_cell(Some(&serde_json::json!(3))), Cell::number("3"));
        assert_eq!(extra_cell(None), Cell::text(""));
    }

    #[test]
    fn summary_counts_folders_overdue_reviews_and_grades() {
        let parse = |path: &str, text: &str| {
            crate::parse::parse_document(path, text.as_bytes())
                .0
                .expect("parses")
        };
        let mut graded = parse(
            "a/one.md",
            "---\nlastReviewed: 2025-01-31\nreviewFrequency: monthly\n---\nThe cat sat. It was fun.\n",
        );
        graded.facts.readability = Some(crate::model::Readability {
            flesch_kincaid_grade: 0.5,
            flesch_reading_ease: 100.0,
        });
        let documents = vec![
            graded,
            parse(
                "a/two.md",
                "---\nlastReviewed: 2025-12-01\nreviewFrequency: annually\nlanguage: es\n---\nEl gato.\n",
            ),
            parse("top.md", "---\nreviewFrequency: sometimes\n---\n"),
        ];
        let text = summary(&documents, date(2025, 6, 1));
        assert_eq!(
            text,
            "catalog: 3 documents ((top level) 1, a 2)\nreviews: 1 overdue as of 2025-06-01, 1 without a due date\n\
             reading grade: up to 6: 1, 6-8: 0, 8-10: 0, 10-12: 0, above 12: 0, not graded: 2\n"
        );
    }
}
