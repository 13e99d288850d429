//! The catalog as a typed table: its columns and one row of values per document, with the
//! review status of each, built once for every writer that renders it (CSV, workbook).

use super::Corpus;
use crate::model::Document;
use chrono::{Months, NaiveDate};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

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
    "smogGrade",
    "fleschReadingEase",
    "fernandezHuertaEase",
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

/// A review falls due soon when its date is at most this many days after the as-of date: a
/// month's notice to plan it.
pub const DUE_SOON_DAYS: i64 = 30;

/// Separator of list values inside one cell.
const LIST_SEPARATOR: &str = "; ";

/// One cell of the catalog, typed so that each writer can render it in its own way (a CSV
/// field, a workbook cell of the right kind) without deriving it again.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// No value.
    Empty,
    /// Text as written (front matter, lists joined with `; `, lint messages).
    Text(String),
    /// A count (words, minutes, headings, ...).
    Count(u64),
    /// A reading grade, rounded once, here, to one decimal place.
    Grade(f64),
    /// A number written in the front matter, as written.
    Number(serde_json::Number),
    /// A calendar date.
    Date(NaiveDate),
    /// A yes-or-no answer (`reviewOverdue`), written `yes` or `no`.
    Flag(bool),
    /// A web address (the page's `url`), valid as the resolve stage left it.
    Url(String),
    /// A file under OUTPUT (the handout), by `/`-separated relative path.
    File(String),
}

impl Value {
    /// Text, or [`Value::Empty`] when there is none.
    pub fn text(value: impl Into<String>) -> Self {
        let value = value.into();
        if value.is_empty() {
            Value::Empty
        } else {
            Value::Text(value)
        }
    }

    /// Text when there is some, else [`Value::Empty`].
    pub fn optional(value: Option<&str>) -> Self {
        value.map_or(Value::Empty, Value::text)
    }

    /// A reading grade rounded to one decimal place, as `{:.1}` rounds it (to nearest, on the
    /// exact binary value); no grade when it is not finite. Minus zero becomes zero.
    pub fn grade(value: Option<f64>) -> Self {
        match value {
            Some(v) if v.is_finite() => {
                let rounded: f64 = format!("{v:.1}").parse().unwrap_or(v);
                Value::Grade(if rounded == 0.0 { 0.0 } else { rounded })
            }
            _ => Value::Empty,
        }
    }

    /// The value as the text a reader sees: dates `YYYY-MM-DD`, grades with one decimal,
    /// flags `yes`/`no`, links as their address or path.
    pub fn display(&self) -> Cow<'_, str> {
        match self {
            Value::Empty => Cow::Borrowed(""),
            Value::Text(text) | Value::Url(text) | Value::File(text) => Cow::Borrowed(text),
            Value::Count(n) => Cow::Owned(n.to_string()),
            Value::Grade(grade) => Cow::Owned(format!("{grade:.1}")),
            Value::Number(number) => Cow::Owned(number.to_string()),
            Value::Date(date) => Cow::Owned(iso_date(*date)),
            Value::Flag(flag) => Cow::Borrowed(if *flag { "yes" } else { "no" }),
        }
    }

    /// Whether the value is text a spreadsheet could take for a formula, which a CSV must guard
    /// (numbers and dates are never guarded).
    pub fn is_text(&self) -> bool {
        matches!(
            self,
            Value::Text(_) | Value::Url(_) | Value::File(_) | Value::Flag(_)
        )
    }
}

/// Where a document's review stands on the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReviewStatus {
    /// The review was due before the as-of date.
    Overdue,
    /// Due within [`DUE_SOON_DAYS`] days of the as-of date (or on it).
    DueSoon,
    /// Due later.
    Later,
}

impl ReviewStatus {
    /// The status of a review due on `due`, on `as_of`.
    pub fn of(due: NaiveDate, as_of: NaiveDate) -> Self {
        let days = (due - as_of).num_days();
        if days < 0 {
            ReviewStatus::Overdue
        } else if days <= DUE_SOON_DAYS {
            ReviewStatus::DueSoon
        } else {
            ReviewStatus::Later
        }
    }

    /// How the status reads in a list of reviews.
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Overdue => "overdue",
            ReviewStatus::DueSoon => "due soon",
            ReviewStatus::Later => "later",
        }
    }
}

/// A document's next review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Review {
    /// The date it is due.
    pub due: NaiveDate,
    /// Days from the as-of date to `due` (negative when overdue).
    pub days_left: i64,
    /// Where it stands.
    pub status: ReviewStatus,
}

/// One document's row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The document's path relative to INPUT.
    pub path: String,
    /// Its next review, when it has a review date and a known frequency.
    pub review: Option<Review>,
    /// Its Flesch-Kincaid grade, when it has one.
    pub grade: Option<f64>,
    /// The cells, one per column of [`Catalog::columns`].
    pub cells: Vec<Value>,
}

/// The columns of the review list: reviews first, then the document they belong to.
pub const REVIEW_COLUMNS: &[&str] = &[
    "nextReviewDue",
    "review",
    "daysLeft",
    "path",
    "title",
    "lastReviewed",
    "reviewFrequency",
    "handout",
];

/// The catalog of a build.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    /// Column names: [`COLUMNS`], then every other front-matter key found, sorted.
    pub columns: Vec<String>,
    /// One row per document, sorted by path.
    pub rows: Vec<Row>,
    /// The date reviews are checked against.
    pub as_of: NaiveDate,
}

impl Catalog {
    /// The catalog of the documents of `corpus`, reviews checked against `as_of`.
    pub fn new(corpus: &Corpus<'_>, as_of: NaiveDate) -> Self {
        let extra_keys: BTreeSet<&str> = corpus
            .documents
            .iter()
            .flat_map(|d| d.metadata.extra.keys().map(String::as_str))
            .collect();
        let mut documents: Vec<&Document> = corpus.documents.iter().collect();
        documents.sort_by(|a, b| a.path.cmp(&b.path));
        let columns = COLUMNS
            .iter()
            .copied()
            .chain(extra_keys.iter().copied())
            .map(str::to_string)
            .collect();
        let rows = documents
            .into_iter()
            .map(|document| {
                let warnings: Vec<&str> = corpus
                    .warnings
                    .get(&document.path)
                    .map(|list| list.iter().map(|d| d.message.as_str()).collect())
                    .unwrap_or_default();
                let handout = corpus.handouts.get(&document.path).map(String::as_str);
                let mut row = document_row(document, as_of, handout, &warnings);
                row.cells.extend(
                    extra_keys
                        .iter()
                        .map(|key| extra_value(document.metadata.extra.get(*key))),
                );
                row
            })
            .collect();
        Catalog {
            columns,
            rows,
            as_of,
        }
    }

    /// The index of the fixed column `name` in every row.
    pub fn column(name: &str) -> Option<usize> {
        COLUMNS.iter().position(|c| *c == name)
    }

    /// The reviews that are overdue or due soon, by due date (then path), each as its row of
    /// [`REVIEW_COLUMNS`] with its status.
    pub fn reviews(&self) -> Vec<(ReviewStatus, Vec<Value>)> {
        let mut due: Vec<(&Row, Review)> = self
            .rows
            .iter()
            .filter_map(|row| Some((row, row.review?)))
            .filter(|(_, review)| review.status != ReviewStatus::Later)
            .collect();
        due.sort_by(|(a, ra), (b, rb)| ra.due.cmp(&rb.due).then_with(|| a.path.cmp(&b.path)));
        due.into_iter()
            .map(|(row, review)| {
                let cell = |name: &str| {
                    Catalog::column(name)
                        .and_then(|i| row.cells.get(i))
                        .cloned()
                        .unwrap_or(Value::Empty)
                };
                let cells = vec![
                    Value::Date(review.due),
                    Value::Text(review.status.label().to_string()),
                    Value::Number(review.days_left.into()),
                    cell("path"),
                    cell("title"),
                    cell("lastReviewed"),
                    cell("reviewFrequency"),
                    cell("handout"),
                ];
                (review.status, cells)
            })
            .collect()
    }
}

/// The fixed cells of one document's row, in [`COLUMNS`] order.
fn document_row(
    document: &Document,
    as_of: NaiveDate,
    handout: Option<&str>,
    warnings: &[&str],
) -> Row {
    let meta = &document.metadata;
    let facts_of = &document.facts;
    let review =
        next_review_due(meta.last_reviewed, meta.review_frequency.as_deref()).map(|due| Review {
            due,
            days_left: (due - as_of).num_days(),
            status: ReviewStatus::of(due, as_of),
        });
    let grades = facts_of.readability;
    let cells = vec![
        Value::text(&document.path),
        Value::text(meta.title.clone().unwrap_or_else(|| document.title.clone())),
        meta.url.as_deref().map_or(Value::Empty, |url| {
            if url.is_empty() {
                Value::Empty
            } else {
                Value::Url(url.to_string())
            }
        }),
        Value::optional(meta.source.as_deref()),
        Value::optional(meta.source_type.as_deref()),
        Value::optional(meta.citation.as_deref()),
        Value::optional(meta.audience_level.as_deref()),
        Value::optional(meta.language.as_deref()),
        Value::optional(meta.license.as_deref()),
        Value::optional(meta.status.as_deref()),
        Value::optional(meta.version.as_deref()),
        meta.last_reviewed.map_or(Value::Empty, Value::Date),
        Value::optional(meta.review_frequency.as_deref()),
        review.map_or(Value::Empty, |r| Value::Date(r.due)),
        review.map_or(Value::Empty, |r| {
            Value::Flag(r.status == ReviewStatus::Overdue)
        }),
        Value::text(meta.cancer_types.join(LIST_SEPARATOR)),
        Value::text(meta.tags.join(LIST_SEPARATOR)),
        Value::Count(facts_of.words),
        Value::Count(reading_minutes(facts_of.words)),
        Value::grade(grades.map(|g| g.flesch_kincaid_grade)),
        Value::grade(grades.and_then(|g| g.smog_grade)),
        Value::grade(grades.map(|g| g.flesch_reading_ease)),
        Value::grade(facts_of.fernandez_huerta_ease),
        Value::Count(facts_of.headings),
        Value::Count(facts_of.links),
        Value::Count(facts_of.images),
        Value::Count(facts_of.tables),
        handout.map_or(Value::Empty, |path| Value::File(path.to_string())),
        Value::text(&document.sha256),
        Value::text(warnings.join(LIST_SEPARATOR)),
    ];
    Row {
        path: document.path.clone(),
        review,
        grade: grades.map(|g| g.flesch_kincaid_grade),
        cells,
    }
}

/// The value of an unknown front-matter key: strings as they are, numbers as numbers, other
/// values as compact JSON text.
fn extra_value(value: Option<&serde_json::Value>) -> Value {
    match value {
        None | Some(serde_json::Value::Null) => Value::Empty,
        Some(serde_json::Value::String(text)) => Value::text(text),
        Some(serde_json::Value::Number(number)) => Value::Number(number.clone()),
        Some(serde_json::Value::Bool(flag)) => Value::text(flag.to_string()),
        Some(other) => Value::text(other.to_string()),
    }
}

/// `YYYY-MM-DD`.
pub fn iso_date(date: NaiveDate) -> String {
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

/// A short summary of the catalog for the build report: documents by folder, overdue reviews
/// and the spread of reading grades (English documents with words).
pub fn summary(catalog: &Catalog) -> String {
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
    for row in &catalog.rows {
        let folder = row
            .path
            .split_once('/')
            .map_or("(top level)", |(folder, _)| folder);
        *by_folder.entry(folder).or_default() += 1;
        match row.review {
            Some(review) if review.status == ReviewStatus::Overdue => overdue += 1,
            Some(_) => {}
            None => no_due_date += 1,
        }
        match row.grade {
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
        catalog.rows.len(),
        folders.join(", "),
        iso_date(catalog.as_of),
        bands.join(", "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::writers::Assets;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn catalog_of(documents: &[Document], as_of: NaiveDate) -> Catalog {
        let (assets, warnings, handouts) = (Assets::new(), BTreeMap::new(), BTreeMap::new());
        let corpus = Corpus {
            documents,
            assets: &assets,
            warnings: &warnings,
            handouts: &handouts,
        };
        Catalog::new(&corpus, as_of)
    }

    fn parse(path: &str, text: &str) -> Document {
        crate::parse::parse_document(path, text.as_bytes())
            .0
            .expect("parses")
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
    fn grades_are_rounded_once_to_one_decimal() {
        assert_eq!(Value::grade(Some(8.25)), Value::Grade(8.2));
        assert_eq!(Value::grade(Some(12.0)).display(), "12.0");
        assert_eq!(Value::grade(Some(-0.04)).display(), "0.0");
        assert_eq!(Value::grade(Some(-3.46)).display(), "-3.5");
        assert_eq!(Value::grade(Some(f64::NAN)), Value::Empty);
        assert_eq!(Value::grade(None), Value::Empty);
    }

    #[test]
    fn extra_values() {
        assert_eq!(
            extra_value(Some(&serde_json::json!("=cmd"))),
            Value::text("=cmd")
        );
        assert_eq!(
            extra_value(Some(&serde_json::json!({"a": [1, "b"]}))),
            Value::text(r#"{"a":[1,"b"]}"#)
        );
        assert_eq!(
            extra_value(Some(&serde_json::json!(3))),
            Value::Number(3.into())
        );
        assert_eq!(
            extra_value(Some(&serde_json::json!(true))),
            Value::text("true")
        );
        assert_eq!(extra_value(None), Value::Empty);
    }

    #[test]
    fn review_status_and_the_list_of_reviews_due() {
        let as_of = date(2026, 1, 15);
        assert_eq!(
            ReviewStatus::of(date(2026, 1, 14), as_of),
            ReviewStatus::Overdue
        );
        assert_eq!(
            ReviewStatus::of(date(2026, 1, 15), as_of),
            ReviewStatus::DueSoon
        );
        assert_eq!(
            ReviewStatus::of(date(2026, 2, 14), as_of),
            ReviewStatus::DueSoon
        );
        assert_eq!(
            ReviewStatus::of(date(2026, 2, 15), as_of),
            ReviewStatus::Later
        );
        let documents = vec![
            parse(
                "a.md",
                "---\nlastReviewed: 2025-12-20\nreviewFrequency: monthly\n---\nText.\n",
            ),
            parse(
                "b.md",
                "---\nlastReviewed: 2025-06-01\nreviewFrequency: quarterly\n---\nText.\n",
            ),
            parse(
                "c.md",
                "---\nlastReviewed: 2026-01-10\nreviewFrequency: yearly\n---\nText.\n",
            ),
            parse("d.md", "---\ntitle: No review\n---\nText.\n"),
        ];
        let catalog = catalog_of(&documents, as_of);
        let overdue = Catalog::column("reviewOverdue").unwrap();
        let flags: Vec<String> = catalog
            .rows
            .iter()
            .map(|r| r.cells[overdue].display().into_owned())
            .collect();
        assert_eq!(flags, ["no", "yes", "no", ""]);
        let reviews = catalog.reviews();
        let listed: Vec<(ReviewStatus, String, String)> = reviews
            .iter()
            .map(|(status, cells)| {
                (
                    *status,
                    cells[0].display().into_owned(),
                    cells[3].display().into_owned(),
                )
            })
            .collect();
        assert_eq!(
            listed,
            [
                (ReviewStatus::Overdue, "2025-09-01".into(), "b.md".into()),
                (ReviewStatus::DueSoon, "2026-01-20".into(), "a.md".into()),
            ]
        );
        assert_eq!(reviews[0].1[2], Value::Number((-136).into()));
        assert_eq!(reviews[0].1.len(), REVIEW_COLUMNS.len());
    }

    #[test]
    fn summary_counts_folders_overdue_reviews_and_grades() {
        let mut graded = parse(
            "a/one.md",
            "---\nlastReviewed: 2025-01-31\nreviewFrequency: monthly\n---\nThe cat sat. It was fun.\n",
        );
        graded.facts.readability = Some(crate::model::Readability {
            flesch_kincaid_grade: 0.5,
            flesch_reading_ease: 100.0,
            smog_grade: None,
        });
        let documents = vec![
            graded,
            parse(
                "a/two.md",
                "---\nlastReviewed: 2025-12-01\nreviewFrequency: annually\nlanguage: es\n---\nEl gato.\n",
            ),
            parse("top.md", "---\nreviewFrequency: sometimes\n---\n"),
        ];
        let text = summary(&catalog_of(&documents, date(2025, 6, 1)));
        assert_eq!(
            text,
            "catalog: 3 documents ((top level) 1, a 2)\nreviews: 1 overdue as of 2025-06-01, 1 without a due date\n\
             reading grade: up to 6: 1, 6-8: 0, 8-10: 0, 10-12: 0, above 12: 0, not graded: 2\n"
        );
    }
}
