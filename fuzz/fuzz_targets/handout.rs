//! Feeds arbitrary bytes as a document through parse and resolve, and, when the budget lets it
//! through, through the handout writer: Typst must lay out whatever the budget admits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mdexport::config::{Config, Format};
use mdexport::output::MemorySink;
use mdexport::pipeline::{Project, write};
use mdexport::progress::NoProgress;
use mdexport::resolve::ResolveOptions;

fuzz_target!(|data: &[u8]| {
    let (document, _) = mdexport::parse::parse_document("fuzz/page.md", data);
    let Some(document) = document else { return };
    let mut documents = vec![document];
    let resolved = mdexport::resolve::resolve(&mut documents, &ResolveOptions::default());
    if resolved.diagnostics.iter().any(|d| d.is_error()) {
        // Refused by the budget: the error names the limit.
        assert!(resolved.diagnostics.iter().any(|d| d.code == "over-budget"));
        return;
    }
    let mut config = Config::new("fuzz-input", "fuzz-output", chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    config.set_source_date_epoch(Some(1_767_225_600));
    config.formats = vec![Format::Pdf];
    let project = Project { sources: 1, documents, diagnostics: resolved.diagnostics, ..Project::default() };
    let sink = MemorySink::default();
    let report = write(&config, project, &sink, &NoProgress);
    let failed: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| matches!(d.code, "internal-error" | "pdf-failed" | "pdf-timeout"))
        .collect();
    assert!(failed.is_empty(), "{failed:?}");
});
