//! The `mdexport` command: parses arguments, runs the library's pipeline and reports.

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use mdexport::config::{Config, GroupBy, PageSize};
use mdexport::output::DirSink;
use mdexport::pipeline;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Turn a folder of Markdown documents with YAML front matter into PDF handouts, one EPUB 3
/// booklet and a CSV catalog.
#[derive(Parser)]
#[command(name = "mdexport", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Export INPUT to handouts, a booklet and a catalog in OUTPUT.
    #[command(after_help = "Examples:\n  mdexport build\n  mdexport build pages -o site-output --formats pdf,csv -j 2\n  mdexport build pages --page-size a4 --large-print")]
    Build(BuildArgs),
    /// Parse, resolve and lint INPUT without writing anything.
    #[command(after_help = "Examples:\n  mdexport check pages\n  mdexport check pages --strict")]
    Check(CheckArgs),
    /// Print one document's model as JSON.
    #[command(after_help = "Example:\n  mdexport dump seeds/coping/page.md")]
    Dump {
        /// The Markdown file.
        file: PathBuf,
        /// Print the model after the resolve stage (links resolved, cleanup applied).
        #[arg(long)]
        resolved: bool,
    },
}

#[derive(Args, Clone)]
struct CommonArgs {
    /// The folder of Markdown documents.
    #[arg(default_value = "seeds")]
    input: PathBuf,
    /// Worker threads (default: every core).
    #[arg(short = 'j', long)]
    jobs: Option<usize>,
    /// Treat warnings as failures (exit code 1).
    #[arg(long)]
    strict: bool,
    /// Date that review deadlines are checked against (YYYY-MM-DD; default SOURCE_DATE_EPOCH's date, else today).
    #[arg(long, value_name = "DATE")]
    as_of: Option<chrono::NaiveDate>,
}

#[derive(Args, Clone)]
struct BuildArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// The output folder.
    #[arg(short, long, default_value = "output")]
    output: PathBuf,
    /// Formats to write, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    formats: Option<Vec<String>>,
    /// Handout page size.
    #[arg(long, value_enum)]
    page_size: Option<PageSize>,
    /// Large-print handouts: 14 pt body and larger headings.
    #[arg(long)]
    large_print: bool,
    /// A folder of TrueType/OpenType fonts to use instead of the shipped ones.
    #[arg(long, value_name = "DIR")]
    fonts: Option<PathBuf>,
    /// How the booklet groups its chapters into parts.
    #[arg(long, value_enum)]
    group_by: Option<GroupBy>,
    /// Leave the UTF-8 byte-order mark out of the catalog.
    #[arg(long)]
    csv_no_bom: bool,
}

#[derive(Args, Clone)]
struct CheckArgs {
    #[command(flatten)]
    common: CommonArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

fn base_config(common: &CommonArgs, output: PathBuf) -> Config {
    let epoch = source_date_epoch();
    let today = chrono::Local::now().date_naive();
    let as_of = common
        .as_of
        .or_else(|| epoch.and_then(|e| chrono::DateTime::from_timestamp(e, 0)).map(|t| t.date_naive()))
        .unwrap_or(today);
    let mut config = Config::new(common.input.clone(), output, as_of);
    config.dates.source_date_epoch = epoch;
    config.jobs = common.jobs;
    config.strict = common.strict;
    config
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    let command = match cli.command {
        Some(command) => command,
        None => Cli::parse_from(["mdexport", "build"]).command.context("no command")?,
    };
    match command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Dump { file, resolved } => dump(&file, resolved),
    }
}

fn thread_pool(jobs: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(jobs) = jobs {
        anyhow::ensure!(jobs > 0, "-j must be at least 1");
        builder = builder.num_threads(jobs);
    }
    builder.build().context("cannot start worker threads")
}

fn build(args: BuildArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let mut config = base_config(&args.common, args.output.clone());
    if let Some(formats) = &args.formats {
        let known = mdexport::config::all_formats();
        for format in formats {
            anyhow::ensure!(known.contains(format), "unknown format `{format}` (known: {})", known.join(", "));
        }
        config.formats = formats.clone();
    }
    if let Some(size) = args.page_size {
        config.pdf.page_size = size;
    }
    config.pdf.large_print = args.large_print;
    config.pdf.fonts_dir = args.fonts.clone();
    if let Some(group_by) = args.group_by {
        config.epub.group_by = group_by;
    }
    config.csv.bom = !args.csv_no_bom;
    let pool = thread_pool(config.jobs)?;
    let sink = DirSink::new(&config.output).with_context(|| format!("cannot create OUTPUT {}", config.output.display()))?;
    sink.remove_stale_temporaries();
    let report = match pool.install(|| pipeline::build(&config, &sink)) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(2);
        }
    };
    for d in &report.diagnostics {
        eprintln!("{d}");
    }
    for (format, writer) in &report.reports {
        let bytes: u64 = writer.files.iter().map(|f| f.bytes).sum();
        eprintln!("{format}: {} file(s), {} KB", writer.files.len(), bytes.div_ceil(1024));
    }
    eprintln!(
        "read {}, exported {}, failed {}, warnings {}, {:.2} s; outputs in {}",
        report.sources,
        report.exported(),
        report.failed.len(),
        report.warnings(),
        started.elapsed().as_secs_f64(),
        config.output.display()
    );
    Ok(report.exit_code(config.strict) as u8)
}

fn check(args: CheckArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let config = base_config(&args.common, PathBuf::from("output"));
    let pool = thread_pool(config.jobs)?;
    let project = match pool.install(|| pipeline::load(&config)) {
        Ok(project) => project,
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(2);
        }
    };
    let mut diagnostics = project.diagnostics.clone();
    mdexport::diagnostics::sort(&mut diagnostics);
    for d in &diagnostics {
        println!("{d}");
    }
    let warnings = diagnostics.iter().filter(|d| !d.is_error()).count();
    eprintln!(
        "checked {}, failed {}, warnings {}, {:.2} s",
        project.sources,
        project.failed.len(),
        warnings,
        started.elapsed().as_secs_f64()
    );
    let code = if !project.failed.is_empty() || (config.strict && warnings > 0) { 1 } else { 0 };
    Ok(code)
}

fn dump(file: &std::path::Path, resolved: bool) -> anyhow::Result<u8> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (document, diagnostics) = mdexport::parse::parse_document(&name, &bytes);
    for d in &diagnostics {
        eprintln!("{d}");
    }
    let Some(mut document) = document else { return Ok(1) };
    if resolved {
        let options = mdexport::resolve::ResolveOptions { grade_target: 8.0 };
        let result = mdexport::resolve::resolve(std::slice::from_mut(&mut document), &options);
        for d in &result.diagnostics {
            eprintln!("{d}");
        }
    }
    println!("{}", serde_json::to_string_pretty(&document)?);
    Ok(0)
}
