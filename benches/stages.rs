//! Benchmarks of the pipeline's stages on fixed inputs: `cargo bench --bench stages`.
//!
//! Parse + resolve of the seed page and of a large PDQ page, rendering one handout, and the
//! booklet and the catalog of `seeds/`.

use mdexport::config::{Config, Format};
use mdexport::output::MemorySink;
use mdexport::pipeline::{self, Project};
use mdexport::progress::NoProgress;
use std::path::{Path, PathBuf};

const SEED_PAGE: &str =
    "seeds/cancer-types/about-cancer-treatment-types-immunotherapy-immune-system-modulators.md";
const LARGE_PAGE: &str = "seeds/pdq/types-head-and-neck-hp-adult-nasopharyngeal-treatment-pdq.md";

/// The allocator the `mdexport` binary uses, so that the figures are the tool's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn config(input: &Path, formats: &[Format]) -> Config {
    let mut config = Config::new(
        input,
        "unused",
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    );
    config.formats = formats.to_vec();
    config.set_source_date_epoch(Some(1_767_225_600));
    config
}

/// A folder holding one page, so that `load` sees just that document.
fn single_page_input(page: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join(Path::new(page).file_name().unwrap());
    std::fs::copy(page, &target).unwrap();
    let root = dir.path().to_path_buf();
    (dir, root)
}

fn parse_and_resolve(bencher: divan::Bencher, page: &str) {
    let bytes = std::fs::read(page).unwrap();
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| {
            let (document, _) =
                mdexport::parse::parse_document("page.md", divan::black_box(&bytes));
            let mut documents = vec![document.unwrap()];
            mdexport::resolve::resolve(
                &mut documents,
                &mdexport::resolve::ResolveOptions::default(),
            );
            documents
        });
}

#[divan::bench]
fn parse_resolve_seed_page(bencher: divan::Bencher) {
    parse_and_resolve(bencher, SEED_PAGE);
}

#[divan::bench]
fn parse_resolve_large_pdq_page(bencher: divan::Bencher) {
    parse_and_resolve(bencher, LARGE_PAGE);
}

fn write_formats(bencher: divan::Bencher, input: &Path, formats: &[Format]) {
    let config = config(input, formats);
    bencher
        .with_inputs(|| pipeline::load(&config, &NoProgress).unwrap())
        .bench_values(|project: Project| {
            let sink = MemorySink::default();
            let report = pipeline::write(&config, project, &sink, &NoProgress);
            assert!(report.failed.is_empty());
            sink.into_files()
        });
}

#[divan::bench(sample_count = 20)]
fn handout_of_seed_page(bencher: divan::Bencher) {
    let (_dir, input) = single_page_input(SEED_PAGE);
    write_formats(bencher, &input, &[Format::Pdf]);
}

#[divan::bench(sample_count = 10)]
fn booklet_of_seeds(bencher: divan::Bencher) {
    write_formats(bencher, Path::new("seeds"), &[Format::Epub]);
}

#[divan::bench(sample_count = 20)]
fn catalog_of_seeds(bencher: divan::Bencher) {
    write_formats(bencher, Path::new("seeds"), &[Format::Csv]);
}
