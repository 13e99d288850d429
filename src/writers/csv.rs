//! The CSV catalog: one spreadsheet-safe row per exported document.

use super::{BuildContext, OutputSink, Writer, WriterReport};

/// Writes `catalog.csv`.
pub struct CsvWriter;

impl Writer for CsvWriter {
    fn name(&self) -> &'static str {
        "csv"
    }

    fn write(&self, ctx: &BuildContext<'_>, sink: &dyn OutputSink) -> WriterReport {
        let mut report = WriterReport::default();
        let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
        let _ = out.write_record(["path", "title", "url", "words"]);
        for doc in ctx.documents {
            let _ = out.write_record([
                doc.path.as_str(),
                doc.title.as_str(),
                doc.metadata.url.as_deref().unwrap_or(""),
                &doc.facts.words.to_string(),
            ]);
        }
        let bytes = out.into_inner().unwrap_or_default();
        report.put(sink, "catalog.csv", &bytes, None);
        report
    }
}
