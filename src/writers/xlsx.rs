//! The workbook: the catalog's rows as typed cells of an Excel workbook (`catalog.xlsx`), with
//! a second sheet listing the reviews that are overdue or due soon.

use super::catalog::{self, Catalog, REVIEW_COLUMNS, ReviewStatus, Value};
use super::{Corpus, Output, Writer, WriterReport};
use crate::diagnostics::Diagnostic;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DocProperties, ExcelDateTime, Format, Url, Workbook,
    Worksheet, XlsxError,
};

/// Path of the workbook under OUTPUT.
pub const WORKBOOK_PATH: &str = "catalog.xlsx";

/// The workbook's title, as its properties give it.
pub const TITLE: &str = "Document catalog";

/// The widest a column is made, in characters: wider text is cut off at the cell's edge (or
/// runs on into an empty neighbour) rather than pushing the other columns off the screen.
pub const MAX_COLUMN_WIDTH: usize = 60;

/// Excel's limits: characters in a cell, in a link's address, and links on one sheet.
const MAX_CELL_CHARS: usize = 32_767;
const MAX_URL_CHARS: usize = 2_079;
const MAX_LINKS_PER_SHEET: usize = 65_530;

/// Everything the workbook writer needs besides the documents.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkbookOptions {
    /// The date reviews are checked against (`reviewOverdue` and the Review sheet), passed in
    /// so that the workbook does not depend on the clock.
    pub as_of: NaiveDate,
    /// `SOURCE_DATE_EPOCH`: the workbook's creation time, so that builds are reproducible.
    pub source_date_epoch: Option<i64>,
}

/// Writes `catalog.xlsx`.
#[derive(Debug)]
pub struct XlsxWriter {
    /// How the workbook is written.
    pub options: WorkbookOptions,
}

impl Writer for XlsxWriter {
    fn stage(&self) -> &'static str {
        "workbook"
    }

    fn write(&self, corpus: &Corpus<'_>, out: &Output<'_>) -> WriterReport {
        let mut report = WriterReport::default();
        let table = Catalog::new(corpus, self.options.as_of);
        match workbook(corpus, &table, &self.options) {
            Ok((bytes, mut warnings)) => {
                report.put(out.sink, WORKBOOK_PATH, &bytes, None);
                report.diagnostics.append(&mut warnings);
                report.summary = Some(summary(&table));
            }
            Err(err) => report.diagnostics.push(Diagnostic::error(
                WORKBOOK_PATH,
                "write-failed",
                format!("could not write the workbook: {err}"),
            )),
        }
        report
    }
}

/// The workbook's bytes and the warnings about cells Excel could not hold whole.
pub fn workbook(
    corpus: &Corpus<'_>,
    table: &Catalog,
    options: &WorkbookOptions,
) -> Result<(Vec<u8>, Vec<Diagnostic>), XlsxError> {
    let formats = Formats::new();
    let mut warnings = Vec::new();
    let mut book = Workbook::new();
    book.set_properties(&properties(corpus, options));

    let sheet = book.add_worksheet();
    sheet.set_name("Catalog")?;
    let rows: Vec<(&str, &[Value])> = table
        .rows
        .iter()
        .map(|row| (row.path.as_str(), row.cells.as_slice()))
        .collect();
    write_table(sheet, &table.columns, &rows, &formats, &mut warnings)?;

    let sheet = book.add_worksheet();
    sheet.set_name("Review")?;
    let reviews = table.reviews();
    let columns: Vec<String> = REVIEW_COLUMNS.iter().map(|c| c.to_string()).collect();
    let path = REVIEW_COLUMNS.iter().position(|c| *c == "path");
    let rows: Vec<(&str, &[Value])> = reviews
        .iter()
        .map(|(_, cells)| {
            let document = match path.and_then(|i| cells.get(i)) {
                Some(Value::Text(path)) => path.as_str(),
                _ => "",
            };
            (document, cells.as_slice())
        })
        .collect();
    write_table(sheet, &columns, &rows, &formats, &mut warnings)?;
    if !reviews.is_empty() {
        let last_row = reviews.len() as u32;
        let last_col = (columns.len() - 1) as u16;
        let status = column_letter(
            REVIEW_COLUMNS
                .iter()
                .position(|c| *c == "review")
                .unwrap_or(1),
        );
        for (label, format) in [
            (ReviewStatus::Overdue.label(), &formats.overdue),
            (ReviewStatus::DueSoon.label(), &formats.due_soon),
        ] {
            let rule = ConditionalFormatFormula::new()
                .set_rule(format!("=${status}2=\"{label}\"").as_str())
                .set_format(format);
            sheet.add_conditional_format(1, 0, last_row, last_col, &rule)?;
        }
    }
    Ok((book.save_to_buffer()?, warnings))
}

/// The cell formats the workbook uses.
struct Formats {
    header: Format,
    date: Format,
    grade: Format,
    overdue: Format,
    due_soon: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            header: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            grade: Format::new().set_num_format("0.0"),
            // Excel's own "light red fill with dark red text" and its yellow counterpart.
            overdue: Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
            due_soon: Format::new()
                .set_background_color(Color::RGB(0xFFEB9C))
                .set_font_color(Color::RGB(0x9C5700)),
        }
    }
}

/// Writes a header and rows (each with the document it is about) as a table: bold header
/// frozen above the rows, an autofilter over it all, columns as wide as their text up to
/// [`MAX_COLUMN_WIDTH`].
fn write_table(
    sheet: &mut Worksheet,
    columns: &[String],
    rows: &[(&str, &[Value])],
    formats: &Formats,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(), XlsxError> {
    let mut widths: Vec<usize> = Vec::with_capacity(columns.len());
    let mut links = 0usize;
    for (col, name) in columns.iter().enumerate() {
        let col = col as u16;
        let text = fit(name, "", name, warnings);
        sheet.write_string_with_format(0, col, text, &formats.header)?;
        // Room for the filter's drop-down button.
        widths.push(name.chars().count() + 3);
    }
    for (index, (document, cells)) in rows.iter().enumerate() {
        let row = index as u32 + 1;
        for (col, value) in cells.iter().enumerate() {
            let Some(shown) = write_value(sheet, row, col as u16, value, formats, &mut links)?
            else {
                continue;
            };
            let name = columns.get(col).map_or("", String::as_str);
            let width = longest_line(fit(&shown, document, name, warnings));
            if let Some(widest) = widths.get_mut(col) {
                *widest = (*widest).max(width + 1);
            }
        }
    }
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, (*width).min(MAX_COLUMN_WIDTH) as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let last_col = columns.len().saturating_sub(1) as u16;
    sheet.autofilter(0, 0, rows.len() as u32, last_col)?;
    Ok(())
}

/// Writes one value as a cell of its kind; the text it shows, for the column's width.
/// Text is always a text cell, so that nothing in it is ever taken for a formula or a number.
fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &Value,
    formats: &Formats,
    links: &mut usize,
) -> Result<Option<String>, XlsxError> {
    let shown = value.display().into_owned();
    match value {
        Value::Empty => return Ok(None),
        Value::Count(n) => {
            sheet.write_number(row, col, *n as f64)?;
        }
        Value::Grade(grade) => {
            sheet.write_number_with_format(row, col, *grade, &formats.grade)?;
        }
        Value::Number(number) => match exact_number(number) {
            Some(number) => {
                sheet.write_number(row, col, number)?;
            }
            None => {
                sheet.write_string(row, col, truncate(&shown))?;
            }
        },
        Value::Date(date) => match excel_date(*date) {
            Some(date) => {
                sheet.write_datetime_with_format(row, col, &date, &formats.date)?;
            }
            None => {
                sheet.write_string(row, col, &shown)?;
            }
        },
        Value::Url(url) if *links < MAX_LINKS_PER_SHEET && web_link(url) => {
            sheet.write_url_with_text(row, col, Url::new(url.as_str()), truncate(url))?;
            *links += 1;
        }
        Value::File(path) if *links < MAX_LINKS_PER_SHEET && file_link(path) => {
            // A relative link: it opens the handout beside the workbook, wherever the folder
            // is copied.
            let link = Url::new(format!("file:///{path}"));
            sheet.write_url_with_text(row, col, link, truncate(path))?;
            *links += 1;
        }
        Value::Text(_) | Value::Flag(_) | Value::Url(_) | Value::File(_) => {
            sheet.write_string(row, col, truncate(&shown))?;
        }
    }
    Ok(Some(shown))
}

/// `text` cut to what one cell holds.
fn truncate(text: &str) -> &str {
    let mut units = 0usize;
    for (at, c) in text.char_indices() {
        units += c.len_utf16();
        if units > MAX_CELL_CHARS {
            return &text[..at];
        }
    }
    text
}

/// `text` as a cell holds it, with a warning about `document` when it had to be cut.
fn fit<'a>(text: &'a str, document: &str, column: &str, warnings: &mut Vec<Diagnostic>) -> &'a str {
    let kept = truncate(text);
    if kept.len() < text.len() {
        warnings.push(Diagnostic::warning(
            if document.is_empty() {
                WORKBOOK_PATH
            } else {
                document
            },
            "cell-truncated",
            format!(
                "the workbook's `{column}` cell holds the first {} characters of {}: an Excel cell holds at most {MAX_CELL_CHARS}",
                kept.chars().count(),
                text.chars().count()
            ),
        ));
    }
    kept
}

/// The characters of the longest line of `text`.
fn longest_line(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// A front-matter number as a number cell, when a spreadsheet's number holds it exactly.
fn exact_number(number: &serde_json::Number) -> Option<f64> {
    const EXACT: i64 = 1 << 53;
    if let Some(int) = number.as_i64() {
        return (-EXACT..=EXACT).contains(&int).then_some(int as f64);
    }
    if number.is_u64() {
        return None;
    }
    number.as_f64().filter(|f| f.is_finite())
}

/// A date as Excel counts days: from 1900-03-01 on (Excel takes 1900 for a leap year, so
/// earlier serial numbers mean other days elsewhere) up to 9999-12-31; else none, and the date
/// is written as text.
fn excel_date(date: NaiveDate) -> Option<ExcelDateTime> {
    if date < NaiveDate::from_ymd_opt(1900, 3, 1)? || date.year() > 9999 {
        return None;
    }
    ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8).ok()
}

/// Whether `url` is written as a link: a web or mail address Excel can hold, that the library
/// stores as it is. It escapes `%` unless the address already holds one of the escapes it
/// knows, so other percent-escaped addresses would be escaped twice and are left as text.
fn web_link(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let scheme = ["http://", "https://", "ftp://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s));
    let escapes = [
        "%20", "%25", "%22", "%60", "%3c", "%3e", "%5b", "%5d", "%5e", "%7b", "%7d",
    ];
    scheme
        && url.encode_utf16().count() <= MAX_URL_CHARS
        && (!url.contains('%') || escapes.iter().any(|e| lower.contains(e)))
}

/// Whether the handout at `path` (relative to OUTPUT) is written as a relative link: Excel
/// takes `#` for the start of a place in the file, and the library escapes `%` unless it finds
/// an escape already, so paths with either stay text.
fn file_link(path: &str) -> bool {
    !path.contains(['#', '%']) && path.encode_utf16().count() <= MAX_URL_CHARS
}

/// The workbook's properties: title, author (the documents' sources), subject, and a creation
/// time from `SOURCE_DATE_EPOCH` or the newest review.
fn properties(corpus: &Corpus<'_>, options: &WorkbookOptions) -> DocProperties {
    let mut sources: Vec<String> = corpus
        .documents
        .iter()
        .filter_map(|d| d.metadata.source.as_deref())
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect();
    sources.sort();
    sources.dedup();
    let created = super::release_time(corpus.documents, options.source_date_epoch);
    let mut properties = DocProperties::new()
        .set_title(TITLE)
        .set_subject(format!(
            "{} documents, reviews as of {}",
            corpus.documents.len(),
            catalog::iso_date(options.as_of)
        ))
        .set_creation_datetime(&excel_time(created));
    if !sources.is_empty() {
        properties = properties.set_author(sources.join(", "));
    }
    properties
}

/// A time for the workbook's properties; one Excel cannot show becomes 2000-01-01.
fn excel_time(time: NaiveDateTime) -> ExcelDateTime {
    let exact = excel_date(time.date()).and_then(|date| {
        date.and_hms(
            time.hour() as u16,
            time.minute() as u8,
            f64::from(time.second()),
        )
        .ok()
    });
    exact
        .or_else(|| ExcelDateTime::from_ymd(2000, 1, 1).ok())
        .unwrap_or_default()
}

/// The letter of one of the first 26 columns (0 is `A`), for the review sheet's rule.
fn column_letter(col: usize) -> char {
    char::from(b'A' + (col % 26) as u8)
}

/// One line for the build summary: what the Review sheet lists.
fn summary(table: &Catalog) -> String {
    let reviews = table.reviews();
    let overdue = reviews
        .iter()
        .filter(|(status, _)| *status == ReviewStatus::Overdue)
        .count();
    format!(
        "workbook: {} documents; Review sheet: {overdue} overdue, {} due within {} days\n",
        table.rows.len(),
        reviews.len() - overdue,
        catalog::DUE_SOON_DAYS,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_what_a_cell_holds() {
        let long = "é".repeat(MAX_CELL_CHARS + 5);
        assert_eq!(truncate(&long).chars().count(), MAX_CELL_CHARS);
        let astral = "😀".repeat(MAX_CELL_CHARS);
        assert_eq!(truncate(&astral).encode_utf16().count(), MAX_CELL_CHARS - 1);
        assert_eq!(truncate("short"), "short");
        let mut warnings = Vec::new();
        assert_eq!(
            fit(&long, "a.md", "title", &mut warnings).chars().count(),
            MAX_CELL_CHARS
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].file, "a.md");
    }

    #[test]
    fn numbers_dates_and_links_only_where_they_hold_exactly() {
        assert_eq!(exact_number(&3.into()), Some(3.0));
        assert_eq!(exact_number(&(1i64 << 60).into()), None);
        assert_eq!(exact_number(&u64::MAX.into()), None);
        let float = serde_json::Number::from_f64(2.5).unwrap();
        assert_eq!(exact_number(&float), Some(2.5));
        assert!(excel_date(NaiveDate::from_ymd_opt(1900, 2, 28).unwrap()).is_none());
        assert!(excel_date(NaiveDate::from_ymd_opt(1900, 3, 1).unwrap()).is_some());
        assert!(excel_date(NaiveDate::from_ymd_opt(10000, 1, 1).unwrap()).is_none());
        assert!(web_link("https://www.cancer.gov/about-cancer#top"));
        assert!(web_link("mailto:team@example.org"));
        assert!(!web_link("https://example.org/caf%C3%A9"));
        assert!(web_link("https://example.org/a%20b/caf%C3%A9"));
        assert!(!web_link("tel:+1-800-422-6237"));
        assert!(!web_link(&format!(
            "https://example.org/{}",
            "a".repeat(2100)
        )));
        assert!(file_link("handouts/a b/café.pdf"));
        assert!(!file_link("handouts/a#b.pdf"));
        assert_eq!(column_letter(1), 'B');
    }
}
