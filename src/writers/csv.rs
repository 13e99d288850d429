//! The CSV catalog: the catalog's rows as spreadsheet-safe RFC 4180 fields.

use super::catalog::{Catalog, Value, summary};
use super::{Corpus, Output, Writer, WriterReport};
use chrono::NaiveDate;

/// Path of the catalog under OUTPUT.
pub const CATALOG_PATH: &str = "catalog.csv";

/// Everything the catalog writer needs besides the documents.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogOptions {
    /// Start the file with a UTF-8 byte-order mark: Excel reads a CSV as UTF-8 only with one.
    pub bom: bool,
    /// The field separator: `,`, or `;` for spreadsheets in locales where the comma is the
    /// decimal mark and `;` is what they split on.
    pub delimiter: u8,
    /// The date review deadlines are checked against, passed in so that the catalog does not
    /// depend on the clock.
    pub as_of: NaiveDate,
}

impl CatalogOptions {
    /// The defaults (a byte-order mark, commas), with reviews checked against `as_of`.
    pub fn new(as_of: NaiveDate) -> Self {
        CatalogOptions {
            bom: true,
            delimiter: b',',
            as_of,
        }
    }
}

/// Writes `catalog.csv`.
#[derive(Debug)]
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
        let table = Catalog::new(corpus, self.options.as_of);
        match render(&table, &self.options) {
            Ok(bytes) => {
                report.put(out.sink, CATALOG_PATH, &bytes, None);
                report.summary = Some(summary(&table));
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

/// The catalog's bytes: header and one row per document sorted by path, RFC 4180 with CRLF row
/// ends, with a UTF-8 byte-order mark when `options.bom` is set.
pub fn catalog(corpus: &Corpus<'_>, options: &CatalogOptions) -> Result<Vec<u8>, csv::Error> {
    render(&Catalog::new(corpus, options.as_of), options)
}

/// The bytes of `table` as `options` say.
fn render(table: &Catalog, options: &CatalogOptions) -> Result<Vec<u8>, csv::Error> {
    let mut buffer = Vec::new();
    if options.bom {
        buffer.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut out = csv::WriterBuilder::new()
        .delimiter(options.delimiter)
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(buffer);
    out.write_record(table.columns.iter().map(|c| spreadsheet_safe(c)))?;
    for row in &table.rows {
        out.write_record(row.cells.iter().map(field))?;
    }
    out.flush()?;
    out.into_inner()
        .map_err(|err| csv::Error::from(err.into_error()))
}

/// One value as a CSV field: text is guarded against formula injection, numbers and dates are
/// left alone.
fn field(value: &Value) -> String {
    if value.is_text() {
        spreadsheet_safe(&value.display())
    } else {
        value.display().into_owned()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised() {
        for hostile in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_safe(hostile), format!("'{hostile}"));
        }
        assert_eq!(
            spreadsheet_safe("Café, \"quoted\"\nline"),
            "Café, \"quoted\"\nline"
        );
        assert_eq!(field(&Value::Grade(-12.5)), "-12.5");
        assert_eq!(field(&Value::Number((-3).into())), "-3");
        assert_eq!(field(&Value::text("-12.5")), "'-12.5");
        assert_eq!(field(&Value::Flag(true)), "yes");
    }
}
