//! The pipeline: read and parse every document in parallel, resolve, then run the selected writers.

use crate::cache::{CACHE_FILE, CacheEntry, RenderCache, WholeEntry};
use crate::config::{Config, Format, Selection};
use crate::diagnostics::{self, Diagnostic};
use crate::inputs::{self, ImageLookup, SourceText};
use crate::model::{Asset, Document};
use crate::parse;
use crate::progress::Progress;
use crate::rebuild::{kept_whole, last_build, read_cache, remove_outdated, unchanged};
pub use crate::report::{BuildReport, StageTiming, exit_code};
use crate::resolve;
use crate::schedule;
use crate::shard::{self, Manifest, Shard};
use crate::source::{self, SourceFile};
use crate::writers::{self, Assets, Corpus, Output, OutputSink, Writer, WriterReport};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Why nothing could be done at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum FatalError {
    /// INPUT could not be read.
    #[error("cannot read INPUT {path}: {source}")]
    Input {
        /// The folder.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// INPUT holds no Markdown document, or none the selection keeps: most likely a wrong path
    /// or pattern, which a nightly job must not report as success.
    #[error("INPUT {path} holds no Markdown documents{selected}")]
    NoDocuments {
        /// The folder.
        path: String,
        /// What left every document out, when INPUT does hold some.
        selected: String,
    },
    /// OUTPUT could not be created.
    #[error("cannot write OUTPUT {path}: {source}")]
    Output {
        /// The folder.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// An option has a value that cannot work.
    #[error("{0}")]
    Options(String),
}

/// Every document of INPUT parsed and resolved, with what was found on the way.
#[derive(Debug, Default)]
pub struct Project {
    /// Markdown files found.
    pub sources: usize,
    /// The documents that parsed, sorted by path, resolved.
    pub documents: Vec<Document>,
    /// Local images the documents embed, read from INPUT.
    pub assets: Assets,
    /// Every diagnostic so far.
    pub diagnostics: Vec<Diagnostic>,
    /// Paths of documents that could not be parsed.
    pub failed: BTreeSet<String>,
    /// Documents left out by the front-matter filter.
    pub filtered_out: usize,
    /// Wall-clock time of each stage so far, in order.
    pub timings: Vec<StageTiming>,
    /// The booklet's cover image (`--cover`), read and checked.
    pub cover: Option<Asset>,
    /// What looking for each image the documents asked for found
    /// ([`ImageLookup::state`]), by path relative to INPUT: part of what a rebuild compares.
    pub images: BTreeMap<String, String>,
}

/// What a build read from INPUT before parsing anything.
#[derive(Debug)]
pub struct ReadInput {
    /// The booklet's cover image (`--cover`), read and checked.
    cover: Option<Asset>,
    /// What walking INPUT reported (skipped links and paths).
    walked: Vec<Diagnostic>,
    /// Every selected Markdown file and its bytes.
    sources: Vec<SourceText>,
    /// How long reading took.
    elapsed: std::time::Duration,
}

/// Reads, parses and resolves every document of `config.input`.
pub fn load(config: &Config, progress: &dyn Progress) -> Result<Project, FatalError> {
    let input = read_input(config)?;
    Ok(parse_input(config, input, progress))
}

/// Reads the cover and every selected Markdown file of `config.input`.
pub fn read_input(config: &Config) -> Result<ReadInput, FatalError> {
    let started = std::time::Instant::now();
    let cover = read_cover(config.cover.as_deref())?;
    let (files, walk_diagnostics) =
        source::walk(&config.input).map_err(|source| FatalError::Input {
            path: config.input.display().to_string(),
            source,
        })?;
    let found = files.len();
    let files = select_paths(files, &config.selection)?;
    if files.is_empty() {
        return Err(FatalError::NoDocuments {
            path: config.input.display().to_string(),
            selected: if found > 0 {
                format!(" that match `include` and `exclude` (it holds {found})")
            } else {
                " (files ending in .md or .markdown)".to_string()
            },
        });
    }
    Ok(ReadInput {
        cover,
        walked: walk_diagnostics,
        sources: inputs::read_all(files, config.max_file_bytes),
        elapsed: started.elapsed(),
    })
}

/// Parses and resolves what [`read_input`] read.
pub fn parse_input(config: &Config, input: ReadInput, progress: &dyn Progress) -> Project {
    let ReadInput {
        cover,
        walked,
        sources,
        elapsed: reading,
    } = input;
    let mut project = Project {
        cover,
        sources: sources.len(),
        diagnostics: walked,
        ..Project::default()
    };
    let started = std::time::Instant::now();
    progress.start("parsing", sources.len() as u64);
    // A document that will be exported goes through the part of resolving that needs no other
    // document right after it is parsed, while it is still in the processor's caches.
    type Parsed = (Option<Document>, Option<resolve::Prepared>, Vec<Diagnostic>);
    let mut parsed: Vec<Parsed> = schedule::map(
        &sources,
        |source| source.file.size,
        |source| {
            let file = &source.file;
            let (document, mut diagnostics) = parse_source(source);
            let wanted = !diagnostics.iter().any(Diagnostic::is_error)
                && document
                    .as_ref()
                    .is_some_and(|document| passes_filter(document, &config.selection));
            let parsed = match document {
                Some(mut document) if wanted => {
                    match diagnostics::isolate_panic(
                        &file.relative,
                        "internal-error",
                        "resolving failed unexpectedly",
                        || resolve::prepare(&mut document, &config.resolve),
                    ) {
                        Ok(mut preparation) => {
                            diagnostics.append(&mut preparation.diagnostics);
                            if diagnostics.iter().any(Diagnostic::is_error) {
                                // Over its budget: refused before any more work is spent on it.
                                (None, None, diagnostics)
                            } else {
                                (Some(document), Some(preparation), diagnostics)
                            }
                        }
                        Err(error) => {
                            diagnostics.push(error);
                            (None, None, diagnostics)
                        }
                    }
                }
                document => (document, None, diagnostics),
            };
            progress.advance("parsing", &file.relative);
            parsed
        },
    );
    progress.finish("parsing");
    let mut documents = Vec::with_capacity(parsed.len());
    let mut prepared = Vec::with_capacity(parsed.len());
    let files = sources.iter().map(|source| &source.file);
    for (file, (document, preparation, diags)) in files.zip(parsed.drain(..)) {
        if diags.iter().any(Diagnostic::is_error) || document.is_none() {
            project.failed.insert(file.relative.clone());
        }
        project.diagnostics.extend(diags);
        let Some(document) = document else {
            continue;
        };
        if project.failed.contains(&file.relative) {
            continue;
        }
        // A document without errors was prepared exactly when the filter keeps it.
        match preparation {
            Some(preparation) => {
                documents.push(document);
                prepared.push(preparation);
            }
            None => project.filtered_out += 1,
        }
    }
    project.sources -= project.filtered_out;
    project.timings.push(StageTiming {
        stage: "read and parse",
        elapsed: reading + started.elapsed(),
    });
    let started = std::time::Instant::now();
    let resolved = resolve::resolve_prepared(&mut documents, prepared, &config.resolve);
    project.diagnostics.extend(resolved.diagnostics);
    (project.assets, project.images) = read_assets(
        &config.input,
        &resolved.assets,
        config.max_file_bytes,
        &mut project.diagnostics,
    );
    project.documents = documents;
    project.timings.push(StageTiming {
        stage: "resolve",
        elapsed: started.elapsed(),
    });
    project
}

/// Keeps the files that match the include globs and none of the exclude globs.
fn select_paths(
    files: Vec<SourceFile>,
    selection: &Selection,
) -> Result<Vec<SourceFile>, FatalError> {
    let build = |patterns: &[String]| -> Result<Option<globset::GlobSet>, FatalError> {
        if patterns.is_empty() {
            return Ok(None);
        }
        let mut set = globset::GlobSetBuilder::new();
        for pattern in patterns {
            set.add(
                globset::Glob::new(pattern)
                    .map_err(|e| FatalError::Options(format!("bad glob `{pattern}`: {e}")))?,
            );
        }
        set.build()
            .map(Some)
            .map_err(|e| FatalError::Options(e.to_string()))
    };
    let include = build(&selection.include)?;
    let exclude = build(&selection.exclude)?;
    Ok(files
        .into_iter()
        .filter(|f| include.as_ref().is_none_or(|set| set.is_match(&f.relative)))
        .filter(|f| {
            exclude
                .as_ref()
                .is_none_or(|set| !set.is_match(&f.relative))
        })
        .collect())
}

/// Whether a document's front matter satisfies every condition of the filter.
pub fn passes_filter(document: &Document, selection: &Selection) -> bool {
    selection.filter.iter().all(|(key, allowed)| {
        let values = front_matter_values(document, key);
        values
            .iter()
            .any(|v| allowed.iter().any(|a| a.eq_ignore_ascii_case(v)))
    })
}

/// The values of one front-matter key as text (a list gives each item).
fn front_matter_values(document: &Document, key: &str) -> Vec<String> {
    let m = &document.metadata;
    let one = |v: &Option<String>| v.iter().cloned().collect::<Vec<_>>();
    match key {
        "title" => one(&m.title),
        "url" => one(&m.url),
        "source" => one(&m.source),
        "sourceType" => one(&m.source_type),
        "citation" => one(&m.citation),
        "audienceLevel" => one(&m.audience_level),
        "language" => one(&m.language),
        "license" => one(&m.license),
        "status" => one(&m.status),
        "version" => one(&m.version),
        "reviewFrequency" => one(&m.review_frequency),
        "lastReviewed" => m.last_reviewed.iter().map(|d| d.to_string()).collect(),
        "cancerTypes" => m.cancer_types.clone(),
        "tags" => m.tags.clone(),
        other => match m.extra.get(other) {
            Some(serde_json::Value::Array(items)) => items.iter().map(json_text).collect(),
            Some(value) => vec![json_text(value)],
            None => Vec::new(),
        },
    }
}

fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Parses one file that was read; a panic in that work becomes an error about the file.
fn parse_source(source: &SourceText) -> parse::Parsed {
    match &source.bytes {
        Ok((bytes, sha256)) => diagnostics::isolate_panic(
            &source.file.relative,
            "internal-error",
            "parsing failed unexpectedly",
            || parse::parse_hashed(&source.file.relative, bytes, sha256.clone()),
        )
        .unwrap_or_else(|error| (None, vec![error])),
        Err(error) => (None, vec![error.clone()]),
    }
}

/// Reads and checks the booklet's cover image: an option problem (exit 2) when it cannot be read
/// or is not a PNG, JPEG or SVG that decodes within the size limit.
fn read_cover(path: Option<&Path>) -> Result<Option<Asset>, FatalError> {
    let Some(path) = path else { return Ok(None) };
    let problem = |why: String| {
        FatalError::Options(format!(
            "cannot use the cover image {}: {why}",
            path.display()
        ))
    };
    let bytes = inputs::read_limited(path, resolve::images::MAX_COVER_BYTES)
        .map_err(|error| problem(error.to_string()))?;
    resolve::images::cover(bytes).map(Some).map_err(problem)
}

/// Reads the local images the documents embed, only when they really are inside INPUT, and has
/// the resolve stage identify them; with what looking for each one found.
fn read_assets(
    input: &Path,
    wanted: &BTreeSet<(String, String)>,
    max_bytes: u64,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Assets, BTreeMap<String, String>) {
    let Ok(root) = input.canonicalize() else {
        return (Assets::new(), BTreeMap::new());
    };
    let mut read = Vec::new();
    let mut states = BTreeMap::new();
    for (asset, document) in wanted {
        let lookup = ImageLookup::find(&root, asset, max_bytes);
        states.insert(asset.clone(), lookup.state());
        match lookup {
            ImageLookup::Found(bytes) => read.push((asset.clone(), document.clone(), bytes)),
            ImageLookup::Unreadable(err) => diagnostics.push(Diagnostic::warning(
                document,
                "image-unreadable",
                format!("cannot read image {asset}: {err}"),
            )),
            ImageLookup::Outside => diagnostics.push(Diagnostic::warning(
                document,
                "image-refused",
                format!("image {asset} leads outside INPUT; not embedded"),
            )),
            ImageLookup::Missing => diagnostics.push(Diagnostic::warning(
                document,
                "image-missing",
                format!("image {asset} does not exist"),
            )),
        }
    }
    let (assets, identified) = resolve::images::identify_assets(read);
    diagnostics.extend(identified);
    (assets, states)
}

/// Loads the project and runs every selected writer, putting files into `sink`.
///
/// When INPUT holds exactly what the last build read (every Markdown file, image, the cover,
/// the extra fonts and the options) and OUTPUT still holds every file that build wrote, at its
/// size, nothing is parsed or written: the last build's report is given again, every file
/// marked as reused.
pub fn build(
    config: &Config,
    sink: &dyn OutputSink,
    progress: &dyn Progress,
) -> Result<BuildReport, FatalError> {
    let input = read_input(config)?;
    let cache = read_cache(sink);
    let inputs = fingerprint_read(config, &input);
    if let Some(report) = cache
        .last_build
        .as_ref()
        .and_then(|last| unchanged(config, last, &inputs, sink, input.elapsed))
    {
        return Ok(report);
    }
    let project = parse_input(config, input, progress);
    Ok(write_part(
        config,
        project,
        sink,
        progress,
        Part::Whole(Some(inputs)),
        cache,
    ))
}

/// The fingerprint of what [`read_input`] read (see [`inputs::fingerprint`]).
fn fingerprint_read(config: &Config, input: &ReadInput) -> String {
    inputs::fingerprint(
        config,
        &input.walked,
        &input.sources,
        input.cover.as_ref().map(|cover| cover.bytes.as_slice()),
    )
}

/// The writer of each format, holding its own options from the configuration. Adding a format
/// is one line here.
fn registry(config: &Config, format: Format) -> Box<dyn Writer> {
    match format {
        Format::Pdf => Box::new(writers::pdf::PdfWriter {
            options: config.handout.clone(),
        }),
        Format::Epub => Box::new(writers::epub::EpubWriter {
            options: config.booklet.clone(),
        }),
        Format::Csv => Box::new(writers::csv::CsvWriter {
            options: config.catalog.clone(),
        }),
        Format::Xlsx => Box::new(writers::xlsx::XlsxWriter {
            options: config.workbook.clone(),
        }),
    }
}

/// Runs the selected writers over a loaded project: the handouts first, as the other outputs
/// list the handouts that were written, then every other writer side by side.
pub fn write(
    config: &Config,
    project: Project,
    sink: &dyn OutputSink,
    progress: &dyn Progress,
) -> BuildReport {
    let cache = read_cache(sink);
    write_part(config, project, sink, progress, Part::Whole(None), cache)
}

/// Which part of a build a run does.
enum Part<'a> {
    /// All of it, and the fingerprint of what it read when the next build may compare with it.
    Whole(Option<String>),
    /// Only the handouts of these documents (one shard's): no other output, and no render
    /// cache, which the merge writes for all the shards at once.
    Handouts(&'a BTreeSet<String>),
    /// All but typesetting the handouts, which the shards did: their report, the time the
    /// slowest of them took, and the fingerprint of what the merge read.
    AfterHandouts(WriterReport, std::time::Duration, String),
}

/// Renders the handouts of one shard of a build split across machines (every document is read
/// and resolved, so that links and titles are the same in every shard), then writes the
/// shard's manifest to [`shard::MANIFEST_DIR`] in `sink`, last and atomically.
pub fn build_shard(
    config: &Config,
    shard: Shard,
    sink: &dyn OutputSink,
    progress: &dyn Progress,
) -> Result<BuildReport, FatalError> {
    let project = load(config, progress)?;
    let input = input_fingerprint(config, &project);
    let share = shard::share(&project.documents, shard);
    let started = std::time::Instant::now();
    let cache = read_cache(sink);
    let report = write_part(
        config,
        project,
        sink,
        progress,
        Part::Handouts(&share),
        cache,
    );
    let render_seconds = started.elapsed().as_secs_f64();
    let output_error = |source: std::io::Error| FatalError::Output {
        path: config.output.display().to_string(),
        source,
    };
    let manifest = Manifest::new(
        shard,
        input,
        &share,
        report.reports.get(Format::Pdf.name()),
        sink,
        render_seconds,
    )
    .map_err(output_error)?;
    sink.put(&shard.manifest_path(), &manifest.to_bytes())
        .map_err(output_error)?;
    Ok(report)
}

/// Why a merge wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// Nothing could be done at all, as for a build (exit code 2).
    #[error(transparent)]
    Fatal(#[from] FatalError),
    /// Shards are missing or stale (exit code 1).
    #[error("{0}")]
    NotReady(shard::NotReady),
}

/// The final step of a build split across machines: checks that every shard's manifest (file
/// name and bytes, as found in [`shard::MANIFEST_DIR`]) is there and was made from the same
/// input and options, then writes every output but the handouts, as [`build`] would have, and
/// reports all the shards' diagnostics with its own. Nothing is written when a shard is missing
/// or stale.
pub fn merge(
    config: &Config,
    manifests: &[(String, Vec<u8>)],
    sink: &dyn OutputSink,
    progress: &dyn Progress,
) -> Result<(BuildReport, shard::Ready), MergeError> {
    let input = read_input(config)?;
    let read = fingerprint_read(config, &input);
    let project = parse_input(config, input, progress);
    let input = input_fingerprint(config, &project);
    let ready =
        shard::check(manifests, &input, &project.documents, sink).map_err(MergeError::NotReady)?;
    let slowest = ready.render_seconds().into_iter().fold(0.0, f64::max);
    let part = Part::AfterHandouts(
        ready.handouts(),
        std::time::Duration::from_secs_f64(slowest),
        read,
    );
    let cache = read_cache(sink);
    Ok((
        write_part(config, project, sink, progress, part, cache),
        ready,
    ))
}

/// A fingerprint of everything the handouts of a build are made from: the program, every
/// resolved document, the images, what reading and resolving found, and the handout options.
/// Shards and the merge compare theirs; the options of the other outputs are the merge's own.
fn input_fingerprint(config: &Config, project: &Project) -> String {
    let mut parts: Vec<Vec<u8>> = Vec::new();
    // The time limit changes no handout's bytes.
    let handout = writers::pdf::HandoutOptions {
        time_limit: std::time::Duration::ZERO,
        ..config.handout.clone()
    };
    let handouts_made = config.formats.contains(&Format::Pdf);
    parts.push(format!("{handout:?}|{handouts_made}").into_bytes());
    parts.push(format!("{} {}", project.sources, project.filtered_out).into_bytes());
    for document in &project.documents {
        parts.push(serde_json::to_vec(document).unwrap_or_default());
    }
    for (path, asset) in &project.assets {
        parts.push(path.as_bytes().to_vec());
        parts.push(shard::sha256(&asset.bytes).into_bytes());
    }
    let mut diagnostics = project.diagnostics.clone();
    diagnostics::sort(&mut diagnostics);
    parts.push(serde_json::to_vec(&diagnostics).unwrap_or_default());
    parts.push(serde_json::to_vec(&project.failed).unwrap_or_default());
    crate::cache::fingerprint(parts.iter().map(Vec::as_slice))
}

/// Runs the writers of `part` of a build over a loaded project.
fn write_part(
    config: &Config,
    project: Project,
    sink: &dyn OutputSink,
    progress: &dyn Progress,
    part: Part<'_>,
    cache: RenderCache,
) -> BuildReport {
    let Project {
        sources,
        documents,
        assets,
        mut diagnostics,
        mut failed,
        filtered_out,
        mut timings,
        cover,
        images,
    } = project;
    // The cover checked while loading goes to the booklet writer with its other options.
    let config = &Config {
        booklet: writers::epub::BookletOptions {
            cover,
            ..config.booklet.clone()
        },
        ..config.clone()
    };
    let mut warnings: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for d in &diagnostics {
        warnings.entry(d.file.clone()).or_default().push(d.clone());
    }
    let share = match &part {
        Part::Handouts(share) => Some(*share),
        Part::Whole(_) | Part::AfterHandouts(..) => None,
    };
    let inputs = match &part {
        Part::Whole(inputs) => inputs.clone(),
        Part::AfterHandouts(_, _, inputs) => Some(inputs.clone()),
        Part::Handouts(_) => None,
    };
    let output = Output {
        sink,
        cache: &cache,
        progress,
        share,
    };
    let run = |format: Format, handouts: &BTreeMap<String, String>| {
        let writer = registry(config, format);
        let corpus = Corpus {
            documents: &documents,
            assets: &assets,
            warnings: &warnings,
            handouts,
        };
        let started = std::time::Instant::now();
        // An output made of every document is kept when nothing it is made of changed.
        let whole = (format != Format::Pdf)
            .then(|| corpus.whole_fingerprint(&format!("{writer:?}\u{0}{:?}", config.resolve)));
        if let Some(report) = whole
            .as_deref()
            .and_then(|fingerprint| kept_whole(&cache, sink, format, fingerprint))
        {
            return (format, report, started.elapsed(), whole);
        }
        let count = share.map_or(documents.len(), BTreeSet::len);
        progress.start(writer.stage(), count as u64);
        let report = diagnostics::isolate_panic(
            format.name(),
            "internal-error",
            &format!("the {} writer failed unexpectedly", format.name()),
            || writer.write(&corpus, &output),
        )
        .unwrap_or_else(|error| WriterReport {
            diagnostics: vec![error],
            ..WriterReport::default()
        });
        progress.finish(writer.stage());
        (format, report, started.elapsed(), whole)
    };
    let mut done = Vec::new();
    let mut handouts = BTreeMap::new();
    if config.formats.contains(&Format::Pdf) {
        let (format, report, elapsed, fingerprint) = match part {
            Part::Whole(_) | Part::Handouts(_) => run(Format::Pdf, &handouts),
            Part::AfterHandouts(report, slowest, _) => (Format::Pdf, report, slowest, None),
        };
        handouts = report
            .files
            .iter()
            .filter_map(|f| Some((f.document.clone()?, f.path.clone())))
            .collect();
        done.push((format, report, elapsed, fingerprint));
    }
    let others: Vec<Format> = match share {
        Some(_) => Vec::new(),
        None => config
            .formats
            .iter()
            .copied()
            .filter(|f| *f != Format::Pdf)
            .collect(),
    };
    done.extend(
        others
            .par_iter()
            .map(|format| run(*format, &handouts))
            .collect::<Vec<_>>(),
    );
    let mut reports: BTreeMap<&'static str, WriterReport> = BTreeMap::new();
    let mut whole: BTreeMap<String, WholeEntry> = BTreeMap::new();
    for (format, report, elapsed, fingerprint) in done {
        // Only an output written whole, without an error, is kept for the next build.
        if let Some(fingerprint) = fingerprint
            && !report.diagnostics.iter().any(Diagnostic::is_error)
            && !report.files.is_empty()
        {
            whole.insert(
                format.name().to_string(),
                WholeEntry {
                    fingerprint,
                    files: report
                        .files
                        .iter()
                        .map(|f| (f.path.clone(), f.bytes))
                        .collect(),
                    diagnostics: report.diagnostics.clone(),
                    summary: report.summary.clone(),
                },
            );
        }
        reports.insert(format.name(), report);
        timings.push(StageTiming {
            stage: format.name(),
            elapsed,
        });
    }
    let fingerprints: BTreeMap<String, CacheEntry> = reports
        .values()
        .flat_map(|r| r.files.iter())
        .filter_map(|f| {
            let entry = CacheEntry {
                fingerprint: f.fingerprint.clone()?,
                diagnostics: f.diagnostics.clone(),
            };
            Some((f.path.clone(), entry))
        })
        .collect();
    for report in reports.values() {
        for d in &report.diagnostics {
            if d.is_error() {
                failed.insert(d.file.clone());
            }
        }
        diagnostics.extend(report.diagnostics.iter().cloned());
    }
    diagnostics::sort(&mut diagnostics);
    diagnostics.dedup();
    let mut report = BuildReport {
        sources,
        failed,
        diagnostics,
        reports,
        filtered_out,
        timings,
    };
    if share.is_none() {
        remove_outdated(config, &cache, &mut report, sink);
    }
    let last_build = inputs.and_then(|inputs| last_build(&report, inputs, images));
    if share.is_none()
        && (!fingerprints.is_empty() || !whole.is_empty() || sink.size(CACHE_FILE).is_some())
        && let Err(err) = sink.put(
            CACHE_FILE,
            &RenderCache {
                whole,
                last_build,
                ..RenderCache::new(fingerprints)
            }
            .to_bytes(),
        )
    {
        report.diagnostics.push(Diagnostic::warning(
            CACHE_FILE,
            "cache-not-written",
            format!("cannot write the render cache: {err}"),
        ));
        diagnostics::sort(&mut report.diagnostics);
    }
    report
}
