//! The `mdexport` command: parses arguments, runs the library's pipeline and reports.

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use mdexport::config::{CONFIG_FILE_NAME, Config, ConfigFile, GroupBy, LinkNotes, PageSize};
use mdexport::output::DirSink;
use mdexport::pipeline::{self, BuildReport};
use mdexport::progress::{NoProgress, Progress};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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
    #[command(after_help = "Examples:
  mdexport build                                  # seeds/ into output/
  mdexport build pages -o site-output -j 2
  mdexport build pages --formats pdf --page-size a4 --large-print
  mdexport build pages --watch                    # rebuild when a file changes
Options can also be set in INPUT/mdexport.toml (same names); the command line wins.")]
    Build(BuildArgs),
    /// Parse, resolve and lint INPUT without writing anything.
    #[command(after_help = "Examples:
  mdexport check pages
  mdexport check pages --strict --format json      # one JSON object per line, for CI")]
    Check(CheckArgs),
    /// Print one document's model as JSON.
    #[command(after_help = "Examples:
  mdexport dump seeds/coping/page.md
  mdexport dump seeds/coping/page.md --resolved")]
    Dump {
        /// The Markdown file.
        file: PathBuf,
        /// Print the model after the resolve stage (links resolved, cleanup applied).
        #[arg(long)]
        resolved: bool,
    },
}

#[derive(Args, Clone, Default)]
struct CommonArgs {
    /// The folder of Markdown documents.
    #[arg(default_value = "seeds")]
    input: PathBuf,
    /// A configuration file (default: INPUT/mdexport.toml when it exists).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Worker threads (default: every core).
    #[arg(short = 'j', long)]
    jobs: Option<usize>,
    /// Treat warnings as failures (exit code 1).
    #[arg(long)]
    strict: bool,
    /// Date review deadlines are checked against (YYYY-MM-DD; default SOURCE_DATE_EPOCH's date, else today).
    #[arg(long, value_name = "DATE")]
    as_of: Option<chrono::NaiveDate>,
    /// Readability target: documents above this Flesch-Kincaid grade get a warning (default 8).
    #[arg(long, value_name = "GRADE")]
    grade_target: Option<f64>,
    /// Only documents matching this glob (relative to INPUT); repeatable.
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// Leave out documents matching this glob; repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Only documents whose front-matter KEY has VALUE (e.g. status=active); repeatable.
    #[arg(long, value_name = "KEY=VALUE")]
    filter: Vec<String>,
    /// No progress bars and no per-format lines.
    #[arg(short, long)]
    quiet: bool,
    /// List each document as it is done.
    #[arg(short, long)]
    verbose: bool,
}

#[derive(Args, Clone, Default)]
struct BuildArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// The output folder (default: output).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Formats to write, comma-separated (pdf, epub, csv).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    formats: Option<Vec<String>>,
    /// Handout page size.
    #[arg(long, value_enum)]
    page_size: Option<PageSize>,
    /// Large-print handouts: 14 pt body and larger headings.
    #[arg(long)]
    large_print: bool,
    /// Handout margins in inches (default 0.75).
    #[arg(long, value_name = "INCHES")]
    margins: Option<f64>,
    /// Handout body text size in points (default 12; 14 with --large-print).
    #[arg(long, value_name = "PT")]
    body_size: Option<f64>,
    /// A folder of TrueType/OpenType fonts that add to or replace the shipped ones.
    #[arg(long, value_name = "DIR")]
    fonts: Option<PathBuf>,
    /// Which links a handout lists as numbered notes with their address.
    #[arg(long, value_enum)]
    link_notes: Option<LinkNotes>,
    /// Booklet title (default "Patient education booklet").
    #[arg(long, value_name = "TEXT")]
    booklet_title: Option<String>,
    /// Booklet creator (default: the documents' sources).
    #[arg(long, value_name = "TEXT")]
    booklet_creator: Option<String>,
    /// A paragraph for the booklet's title page.
    #[arg(long, value_name = "TEXT")]
    cover_text: Option<String>,
    /// How the booklet groups its chapters into parts.
    #[arg(long, value_enum)]
    group_by: Option<GroupBy>,
    /// Leave the UTF-8 byte-order mark out of the catalog.
    #[arg(long)]
    csv_no_bom: bool,
    /// Keep running and rebuild when a file in INPUT changes.
    #[arg(long)]
    watch: bool,
}

#[derive(Args, Clone)]
struct CheckArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    format: DiagnosticFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiagnosticFormat {
    /// `file:line:column: severity[code]: message`
    Human,
    /// One JSON object per line: file, line, column, severity, code, message.
    Json,
}

/// mimalloc: the many small allocations of the document model cost a third less than with the
/// system allocator (see `benches/corpus.sh`). Its version 2 (the crate's `v2` feature) keeps
/// less memory than version 3: on the corpus the booklet build peaks at 104 MB instead of 135 MB
/// and is 6 to 10 % faster, since fresh memory is costly to fault in.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command.unwrap_or_else(|| {
        Command::Build(BuildArgs {
            common: CommonArgs {
                input: "seeds".into(),
                ..Default::default()
            },
            ..Default::default()
        })
    }) {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Dump { file, resolved } => dump(&file, resolved),
    }
}

fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// Defaults, then the configuration file, then the command line.
fn make_config(common: &CommonArgs, build: Option<&BuildArgs>) -> anyhow::Result<Config> {
    let epoch = source_date_epoch();
    let as_of = epoch
        .and_then(|e| chrono::DateTime::from_timestamp(e, 0))
        .map(|t| t.date_naive())
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut config = Config::new(common.input.clone(), "output", as_of);
    config.dates.source_date_epoch = epoch;
    let file = match &common.config {
        Some(path) => Some(path.clone()),
        None => Some(common.input.join(CONFIG_FILE_NAME)).filter(|p| p.is_file()),
    };
    if let Some(path) = file {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let parsed = ConfigFile::parse(&text).map_err(|e| {
            let position = match (e.line, e.column) {
                (Some(l), Some(c)) => format!(":{l}:{c}"),
                (Some(l), None) => format!(":{l}"),
                _ => String::new(),
            };
            anyhow::anyhow!("{}{position}: {}", path.display(), e.message.trim())
        })?;
        config.apply(parsed, path.parent().unwrap_or(Path::new(".")));
    }
    if let Some(v) = common.jobs {
        config.jobs = Some(v)
    }
    if common.strict {
        config.strict = true
    }
    if let Some(v) = common.as_of {
        config.dates.as_of = v
    }
    if let Some(v) = common.grade_target {
        config.csv.grade_target = v
    }
    if !common.include.is_empty() {
        config.selection.include = common.include.clone()
    }
    if !common.exclude.is_empty() {
        config.selection.exclude = common.exclude.clone()
    }
    for condition in &common.filter {
        let (key, value) = condition
            .split_once('=')
            .with_context(|| format!("--filter `{condition}` is not KEY=VALUE"))?;
        config
            .selection
            .filter
            .entry(key.trim().to_string())
            .or_default()
            .push(value.trim().to_string());
    }
    if let Some(args) = build {
        if let Some(v) = &args.output {
            config.output = v.clone()
        }
        if let Some(v) = &args.formats {
            config.formats = v.clone()
        }
        if let Some(v) = args.page_size {
            config.pdf.page_size = v
        }
        if args.large_print {
            config.pdf.large_print = true
        }
        if let Some(v) = args.margins {
            config.pdf.margin_inches = v
        }
        if let Some(v) = args.body_size {
            config.pdf.body_size_pt = Some(v)
        }
        if let Some(v) = &args.fonts {
            config.pdf.fonts_dir = Some(v.clone())
        }
        if let Some(v) = args.link_notes {
            config.pdf.link_notes = v
        }
        if let Some(v) = &args.booklet_title {
            config.epub.title = Some(v.clone())
        }
        if let Some(v) = &args.booklet_creator {
            config.epub.creator = Some(v.clone())
        }
        if let Some(v) = &args.cover_text {
            config.epub.cover_text = Some(v.clone())
        }
        if let Some(v) = args.group_by {
            config.epub.group_by = v
        }
        if args.csv_no_bom {
            config.csv.bom = false
        }
    }
    config.validate().map_err(anyhow::Error::msg)?;
    Ok(config)
}

fn thread_pool(jobs: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(jobs) = jobs {
        builder = builder.num_threads(jobs);
    }
    builder.build().context("cannot start worker threads")
}

/// How progress is shown: bars only on a terminal and not with `-q`; `-v` lists documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ProgressMode {
    bars: bool,
    list_documents: bool,
}

fn progress_mode(quiet: bool, verbose: bool, stderr_is_terminal: bool) -> ProgressMode {
    ProgressMode {
        bars: stderr_is_terminal && !quiet,
        list_documents: verbose && !quiet,
    }
}

/// Progress bars on standard error, one per stage.
struct Bars {
    multi: MultiProgress,
    bars: Mutex<BTreeMap<&'static str, ProgressBar>>,
    mode: ProgressMode,
}

impl Bars {
    fn new(mode: ProgressMode) -> Self {
        let target = if mode.bars {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        Bars {
            multi: MultiProgress::with_draw_target(target),
            bars: Mutex::new(BTreeMap::new()),
            mode,
        }
    }
}

impl Progress for Bars {
    fn start(&self, stage: &'static str, total: u64) {
        let bar = self.multi.add(ProgressBar::new(total));
        let style =
            ProgressStyle::with_template("{prefix:>9} [{bar:30}] {pos}/{len} {per_sec:>10} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(stage);
        self.bars
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(stage, bar);
    }

    fn advance(&self, stage: &'static str, item: &str) {
        if let Some(bar) = self
            .bars
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(stage)
        {
            bar.inc(1);
        }
        if self.mode.list_documents {
            let _ = self.multi.println(format!("{stage:>9}: {item}"));
            if !self.mode.bars {
                eprintln!("{stage:>9}: {item}");
            }
        }
    }

    fn finish(&self, stage: &'static str) {
        if let Some(bar) = self
            .bars
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(stage)
        {
            bar.set_position(bar.length().unwrap_or(0));
            bar.finish();
        }
    }
}

fn build(args: BuildArgs) -> anyhow::Result<u8> {
    let config = make_config(&args.common, Some(&args))?;
    let mode = progress_mode(
        args.common.quiet,
        args.common.verbose,
        std::io::stderr().is_terminal(),
    );
    let pool = thread_pool(config.jobs)?;
    let sink = DirSink::new(&config.output)
        .with_context(|| format!("cannot create OUTPUT {}", config.output.display()))?;
    sink.remove_stale_temporaries();
    let code = build_once(&config, &sink, &pool, mode, args.common.quiet);
    if !args.watch {
        return Ok(code);
    }
    watch(&config, &sink, &pool, mode, args.common.quiet)
}

fn build_once(
    config: &Config,
    sink: &DirSink,
    pool: &rayon::ThreadPool,
    mode: ProgressMode,
    quiet: bool,
) -> u8 {
    let started = Instant::now();
    let bars = Bars::new(mode);
    let result = pool.install(|| pipeline::build(config, sink, &bars));
    drop(bars);
    match result {
        Ok(report) => {
            print_report(config, &report, started.elapsed(), quiet);
            if mode.list_documents {
                print_timings(&report.timings);
            }
            report.exit_code(config.strict) as u8
        }
        Err(err) => {
            eprintln!("error: {err}");
            2
        }
    }
}

fn print_report(config: &Config, report: &BuildReport, elapsed: Duration, quiet: bool) {
    for d in &report.diagnostics {
        if !quiet || d.is_error() {
            eprintln!("{d}");
        }
    }
    if !quiet {
        for (format, writer) in &report.reports {
            let bytes: u64 = writer.files.iter().map(|f| f.bytes).sum();
            let reused = writer.files.iter().filter(|f| f.reused).count();
            let reused = if reused > 0 {
                format!(" ({reused} reused from the last build)")
            } else {
                String::new()
            };
            eprintln!(
                "{format:>5}: {} file(s), {}{reused}",
                writer.files.len(),
                human_size(bytes)
            );
        }
        for summary in report.reports.values().filter_map(|r| r.summary.as_deref()) {
            eprintln!("{}", summary.trim_end());
        }
    }
    let filtered = if report.filtered_out > 0 {
        format!(", filtered out {}", report.filtered_out)
    } else {
        String::new()
    };
    eprintln!(
        "read {}, exported {}, failed {}, warnings {}{filtered}, {:.2} s; outputs in {}",
        report.sources,
        report.exported(),
        report.failed.len(),
        report.warnings(),
        elapsed.as_secs_f64(),
        config.output.display()
    );
}

/// One line with the time of each stage, for `-v`.
fn print_timings(timings: &[mdexport::pipeline::StageTiming]) {
    let stages: Vec<String> = timings
        .iter()
        .map(|t| format!("{} {:.3} s", t.stage, t.elapsed.as_secs_f64()))
        .collect();
    eprintln!("time: {}", stages.join(" · "));
}

fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// Rebuilds whenever something in INPUT changes, until interrupted.
fn watch(
    config: &Config,
    sink: &DirSink,
    pool: &rayon::ThreadPool,
    mode: ProgressMode,
    quiet: bool,
) -> anyhow::Result<u8> {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx).context("cannot watch INPUT")?;
    watcher
        .watch(&config.input, RecursiveMode::Recursive)
        .with_context(|| format!("cannot watch {}", config.input.display()))?;
    let output = config
        .output
        .canonicalize()
        .unwrap_or_else(|_| config.output.clone());
    eprintln!(
        "watching {} for changes (Ctrl-C to stop)",
        config.input.display()
    );
    loop {
        let Ok(first) = rx.recv() else { return Ok(0) };
        let mut relevant = is_relevant(&first, &output);
        // Let a burst of events (an editor saving) settle into one rebuild.
        while let Ok(event) = rx.recv_timeout(Duration::from_millis(300)) {
            relevant |= is_relevant(&event, &output);
        }
        if relevant {
            eprintln!("change detected, rebuilding");
            build_once(config, sink, pool, mode, quiet);
        }
    }
}

fn is_relevant(event: &notify::Result<notify::Event>, output: &Path) -> bool {
    let Ok(event) = event else { return false };
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return false;
    }
    event.paths.iter().any(|p| {
        let inside_output = p
            .canonicalize()
            .map(|c| c.starts_with(output))
            .unwrap_or(false)
            || p.starts_with(output);
        let hidden = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        !inside_output && !hidden
    })
}

fn check(args: CheckArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let config = make_config(&args.common, None)?;
    let pool = thread_pool(config.jobs)?;
    let mut project = match pool.install(|| pipeline::load(&config, &NoProgress)) {
        Ok(project) => project,
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(2);
        }
    };
    let sources = project.sources;
    let failed = project.failed.len();
    let mut diagnostics = std::mem::take(&mut project.diagnostics);
    pipeline::drop_in_background(project);
    mdexport::diagnostics::sort(&mut diagnostics);
    for d in &diagnostics {
        match args.format {
            DiagnosticFormat::Human => println!("{d}"),
            DiagnosticFormat::Json => println!("{}", serde_json::to_string(d)?),
        }
    }
    let warnings = diagnostics.iter().filter(|d| !d.is_error()).count();
    if !args.common.quiet {
        eprintln!(
            "checked {}, failed {}, warnings {}, {:.2} s",
            sources,
            failed,
            warnings,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(pipeline::exit_code(failed, warnings, config.strict) as u8)
}

fn dump(file: &Path, resolved: bool) -> anyhow::Result<u8> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (document, diagnostics) = mdexport::parse::parse_document(&name, &bytes);
    for d in &diagnostics {
        eprintln!("{d}");
    }
    let Some(mut document) = document else {
        return Ok(1);
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_bars_only_on_a_terminal_and_never_when_quiet() {
        assert_eq!(
            progress_mode(false, false, true),
            ProgressMode {
                bars: true,
                list_documents: false
            }
        );
        assert_eq!(
            progress_mode(false, false, false),
            ProgressMode {
                bars: false,
                list_documents: false
            }
        );
        assert_eq!(
            progress_mode(true, false, true),
            ProgressMode {
                bars: false,
                list_documents: false
            }
        );
        assert_eq!(
            progress_mode(false, true, false),
            ProgressMode {
                bars: false,
                list_documents: true
            }
        );
        assert_eq!(
            progress_mode(true, true, true),
            ProgressMode {
                bars: false,
                list_documents: false
            }
        );
    }

    #[test]
    fn command_line_wins_over_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE_NAME),
            "page-size = \"a4\"\njobs = 3\ngrade-target = 6\n",
        )
        .unwrap();
        let cli = Cli::parse_from([
            "mdexport",
            "build",
            dir.path().to_str().unwrap(),
            "--page-size",
            "letter",
            "-j",
            "1",
        ]);
        let Some(Command::Build(args)) = cli.command else {
            panic!("build")
        };
        let config = make_config(&args.common, Some(&args)).unwrap();
        assert_eq!(config.pdf.page_size, PageSize::Letter, "command line wins");
        assert_eq!(config.jobs, Some(1), "command line wins");
        assert_eq!(
            config.csv.grade_target, 6.0,
            "config file beats the default"
        );
    }

    #[test]
    fn config_file_errors_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE_NAME),
            "jobs = 2\npage-colour = \"blue\"\n",
        )
        .unwrap();
        let cli = Cli::parse_from(["mdexport", "check", dir.path().to_str().unwrap()]);
        let Some(Command::Check(args)) = cli.command else {
            panic!("check")
        };
        let err = make_config(&args.common, None).unwrap_err().to_string();
        assert!(err.contains("mdexport.toml:2"), "{err}");
        assert!(err.contains("page-colour"), "{err}");
    }
}
