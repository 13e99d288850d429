//! Rebuilds into the OUTPUT of an earlier build: answered without parsing when nothing the build
//! reads changed, built again as a clean build would be when anything did.

use crate::common;
use chrono::NaiveDate;
use mdexport::config::Format;
use mdexport::output::DirSink;
use mdexport::pipeline::BuildReport;
use std::collections::BTreeMap;
use std::path::Path;

const DIAGRAM: &str = "tests/it/fixtures/hostile/odd/images/diagram.png";

/// Two pages, one with a local image, and one page that does not parse.
fn input() -> tempfile::TempDir {
    let dir = common::write_files(&[
        (
            "a.md",
            "---\ntitle: Fatigue\nlastReviewed: 2025-12-30\n---\n\nRest when you need to.\n\n![A diagram](images/diagram.png)\n",
        ),
        ("b.md", "# Sleep\n\nSleep well.\n"),
        ("broken.md", "---\ntitle: [unclosed\n---\n\nText.\n"),
    ]);
    let png = std::fs::read(DIAGRAM).expect("fixture image");
    common::write_bytes(dir.path(), "images/diagram.png", &png);
    dir
}

fn config(input: &Path, output: &Path) -> mdexport::Config {
    let mut config = mdexport::Config::new(
        input,
        output,
        NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
    );
    config.formats = vec![Format::Pdf, Format::Epub, Format::Csv, Format::Xlsx];
    config
}

fn build(config: &mdexport::Config) -> BuildReport {
    let sink = DirSink::new(&config.output).expect("output folder");
    mdexport::build(config, &sink, &mdexport::progress::NoProgress).expect("build")
}

/// Every file in `root` but the render cache, by path.
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != ".mdexport-cache.json")
        .map(|e| {
            let path = e.path().strip_prefix(root).expect("inside").display();
            (path.to_string(), std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

fn stages(report: &BuildReport) -> Vec<&'static str> {
    report.timings.iter().map(|t| t.stage).collect()
}

/// Whether the build was answered from the last one, without parsing.
fn answered_unchanged(report: &BuildReport) -> bool {
    stages(report) == ["read and compare"]
}

#[test]
fn a_build_of_what_the_last_build_read_parses_nothing_and_reports_the_same() {
    let input = input();
    let output = tempfile::tempdir().expect("output");
    let config = config(input.path(), output.path());
    let first = build(&config);
    assert!(!answered_unchanged(&first), "{:?}", stages(&first));
    assert_eq!(first.failed.iter().collect::<Vec<_>>(), ["broken.md"]);
    let written = files(output.path());
    assert!(
        written.contains_key("handouts/a.pdf"),
        "{:?}",
        written.keys()
    );

    let again = build(&config);
    assert!(answered_unchanged(&again), "{:?}", stages(&again));
    assert_eq!(again.sources, first.sources);
    assert_eq!(again.failed, first.failed);
    assert_eq!(again.diagnostics, first.diagnostics);
    assert_eq!(again.exit_code(false), 1, "a failed document still fails");
    assert_eq!(
        again.reports.keys().collect::<Vec<_>>(),
        first.reports.keys().collect::<Vec<_>>()
    );
    for (format, report) in &again.reports {
        let before = &first.reports[format];
        assert!(report.files.iter().all(|f| f.reused), "{format}");
        let listed = |r: &mdexport::writers::WriterReport| -> Vec<(String, u64, Option<String>)> {
            (r.files.iter())
                .map(|f| (f.path.clone(), f.bytes, f.document.clone()))
                .collect()
        };
        assert_eq!(listed(report), listed(before), "{format}");
        assert_eq!(report.diagnostics, before.diagnostics, "{format}");
        assert_eq!(report.summary, before.summary, "{format}");
    }
    assert_eq!(files(output.path()), written, "nothing was written");
}

#[test]
fn anything_a_build_reads_changing_makes_it_build_as_a_clean_build_would() {
    type Change = fn(&Path, &Path, &mut mdexport::Config);
    let changes: [(&str, Change); 7] = [
        ("a page edited", |input, _, _| {
            common::write_bytes(input, "b.md", b"# Sleep\n\nSleep well at night.\n")
        }),
        ("a page added", |input, _, _| {
            common::write_bytes(input, "c.md", b"# Walks\n\nWalk a little.\n")
        }),
        ("a page renamed", |input, _, _| {
            std::fs::rename(input.join("b.md"), input.join("sleep.md")).expect("rename")
        }),
        ("the image changed", |input, _, _| {
            let mut png = std::fs::read(DIAGRAM).expect("fixture image");
            png.extend_from_slice(b"trailing bytes");
            common::write_bytes(input, "images/diagram.png", &png)
        }),
        ("the image removed", |input, _, _| {
            std::fs::remove_file(input.join("images/diagram.png")).expect("remove")
        }),
        ("an option changed", |_, _, config| {
            config.handout.page_size = mdexport::writers::pdf::PageSize::A4
        }),
        ("an output removed", |_, output, _| {
            std::fs::remove_file(output.join("handouts/b.pdf")).expect("remove")
        }),
    ];
    for (change, apply) in changes {
        let input = input();
        let output = tempfile::tempdir().expect("output");
        let mut config = config(input.path(), output.path());
        build(&config);
        apply(input.path(), output.path(), &mut config);
        let rebuilt = build(&config);
        assert!(!answered_unchanged(&rebuilt), "{change}");
        let clean_output = tempfile::tempdir().expect("output");
        let clean = build(&mdexport::Config {
            output: clean_output.path().to_path_buf(),
            ..config.clone()
        });
        assert_eq!(rebuilt.diagnostics, clean.diagnostics, "{change}");
        assert_eq!(
            files(output.path()),
            files(clean_output.path()),
            "{change}: the outputs are those of a clean build"
        );
        // And the build after it has nothing left to do.
        assert!(answered_unchanged(&build(&config)), "{change}");
    }
}

#[test]
fn a_build_in_which_a_writer_failed_is_tried_again() {
    let input = input();
    let output = tempfile::tempdir().expect("output");
    let mut config = config(input.path(), output.path());
    config.handout.time_limit = std::time::Duration::ZERO;
    let first = build(&config);
    assert!(
        first.diagnostics.iter().any(|d| d.code == "pdf-timeout"),
        "{:?}",
        first.diagnostics
    );
    let again = build(&config);
    assert!(!answered_unchanged(&again), "{:?}", stages(&again));
}
