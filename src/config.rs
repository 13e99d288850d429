//! Build configuration: one typed struct per concern, filled from the command line.

use chrono::NaiveDate;
use std::path::PathBuf;

/// Everything a build needs to know, with no I/O left to do: the clock and the environment are
/// read by the caller and passed in.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder of Markdown documents.
    pub input: PathBuf,
    /// The folder outputs are written to.
    pub output: PathBuf,
    /// The formats to write, by writer name (`pdf`, `epub`, `csv`), in registry order.
    pub formats: Vec<String>,
    /// Worker threads; `None` uses every core.
    pub jobs: Option<usize>,
    /// Treat warnings as failures.
    pub strict: bool,
    /// Source files larger than this are refused (bytes).
    pub max_file_bytes: u64,
    /// Dates that stand in for the clock, so that outputs are reproducible.
    pub dates: BuildDates,
    /// Handout options.
    pub pdf: PdfConfig,
    /// Booklet options.
    pub epub: EpubConfig,
    /// Catalog options.
    pub csv: CsvConfig,
}

/// The dates a build uses instead of reading the clock.
#[derive(Debug, Clone, Default)]
pub struct BuildDates {
    /// `SOURCE_DATE_EPOCH`, when set: the time stamp of every output.
    pub source_date_epoch: Option<i64>,
    /// The date review deadlines are checked against (`--as-of`, else `SOURCE_DATE_EPOCH`'s date, else today).
    pub as_of: NaiveDate,
}

/// Page size of the handouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum PageSize {
    /// US Letter, 8.5 × 11 in.
    #[default]
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
}

/// Handout options.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfConfig {
    /// Page size.
    pub page_size: PageSize,
    /// Large print: 14 pt body and larger headings.
    pub large_print: bool,
    /// Page margins in inches.
    pub margin_inches: f64,
    /// Body text size in points (12 by default, 14 with large print).
    pub body_size_pt: Option<f64>,
    /// A folder of `.ttf`/`.otf` fonts used instead of the shipped ones.
    pub fonts_dir: Option<PathBuf>,
}

impl Default for PdfConfig {
    fn default() -> Self {
        PdfConfig { page_size: PageSize::Letter, large_print: false, margin_inches: 0.75, body_size_pt: None, fonts_dir: None }
    }
}

/// How the booklet's chapters are grouped into parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum GroupBy {
    /// By the first folder under INPUT.
    #[default]
    Folder,
    /// By the first of the document's `cancerTypes`.
    CancerType,
    /// By the first of the document's `tags`.
    Tag,
    /// One flat list.
    None,
}

/// Booklet options.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EpubConfig {
    /// Booklet title (default "Patient education booklet").
    pub title: Option<String>,
    /// Booklet creator (default: the documents' `source` values).
    pub creator: Option<String>,
    /// A paragraph printed on the title page.
    pub cover_text: Option<String>,
    /// Grouping of chapters into parts.
    pub group_by: GroupBy,
}

/// Catalog options.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvConfig {
    /// Start the file with a UTF-8 byte-order mark (for Excel).
    pub bom: bool,
    /// Documents above this Flesch-Kincaid grade get a warning.
    pub grade_target: f64,
}

impl Default for CsvConfig {
    fn default() -> Self {
        CsvConfig { bom: true, grade_target: 8.0 }
    }
}

/// Every format there is a writer for, in the order they are listed.
pub fn all_formats() -> Vec<String> {
    crate::writers::registry().iter().map(|w| w.name().to_string()).collect()
}

impl Config {
    /// A configuration with defaults for `input` and `output`, every format, and `as_of` as the review date.
    pub fn new(input: impl Into<PathBuf>, output: impl Into<PathBuf>, as_of: NaiveDate) -> Self {
        Config {
            input: input.into(),
            output: output.into(),
            formats: all_formats(),
            jobs: None,
            strict: false,
            max_file_bytes: 16 * 1024 * 1024,
            dates: BuildDates { source_date_epoch: None, as_of },
            pdf: PdfConfig::default(),
            epub: EpubConfig::default(),
            csv: CsvConfig::default(),
        }
    }
}
