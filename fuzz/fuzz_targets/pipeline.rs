//! Feeds arbitrary bytes as a document through parse, resolve and every writer, in memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mdexport::config::Config;
use mdexport::output::MemorySink;
use mdexport::pipeline::{Project, write};
use mdexport::progress::NoProgress;

fuzz_target!(|data: &[u8]| {
    let (document, diagnostics) = mdexport::parse::parse_document("fuzz/page.md", data);
    let Some(document) = document else {
        assert!(diagnostics.iter().any(|d| d.is_error()), "a refused document says why");
        return;
    };
    let mut documents = vec![document];
    let resolved = mdexport::resolve::resolve(&mut documents, &mdexport::resolve::ResolveOptions::default());
    let mut config = Config::new("fuzz-input", "fuzz-output", chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    config.set_source_date_epoch(Some(1_767_225_600));
    let project = Project { sources: 1, documents, diagnostics: resolved.diagnostics, ..Project::default() };
    let sink = MemorySink::default();
    let report = write(&config, project, &sink, &NoProgress);
    let internal: Vec<_> = report.diagnostics.iter().filter(|d| d.code == "internal-error").collect();
    assert!(internal.is_empty(), "{internal:?}");
});
