//! Build configuration as data: the settings a user gives (on the command line or in
//! `mdexport.toml`, one struct for both), merged once, then turned into one typed [`Config`]
//! that holds each stage's and each writer's own options.
//!
//! Only the pipeline reads the whole configuration; it hands every stage and every writer just
//! its own options.

use crate::model::Language;
use crate::resolve::ResolveOptions;
use crate::resolve::budget::Budget;
use crate::resolve::readability::GradeFormula;
use crate::writers::csv::CatalogOptions;
use crate::writers::epub::{BookletOptions, GroupBy};
use crate::writers::pdf::{HandoutOptions, LinkNotes, PageSize, QrPlacement};
use crate::writers::xlsx::WorkbookOptions;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// An output format there is a writer for.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// A printable, tagged PDF handout per document (`handouts/`).
    Pdf,
    /// One EPUB 3 booklet of all documents (`booklet.epub`).
    Epub,
    /// A catalog of the documents' metadata (`catalog.csv`).
    Csv,
    /// The catalog as an Excel workbook with typed cells and a review sheet (`catalog.xlsx`).
    Xlsx,
}

impl Format {
    /// Every format, in the order they are listed.
    pub const ALL: [Format; 4] = [Format::Pdf, Format::Epub, Format::Csv, Format::Xlsx];

    /// The format's name on the command line and in `mdexport.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Epub => "epub",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// Everything a build needs to know, with no I/O left to do: the clock and the environment are
/// read by the caller and passed in.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder of Markdown documents.
    pub input: PathBuf,
    /// The folder outputs are written to.
    pub output: PathBuf,
    /// The formats to write, in [`Format::ALL`] order, each once.
    pub formats: Vec<Format>,
    /// Worker threads; `None` uses every core.
    pub jobs: Option<usize>,
    /// Treat warnings as failures.
    pub strict: bool,
    /// Source files larger than this are refused (bytes).
    pub max_file_bytes: u64,
    /// Which documents of INPUT are exported.
    pub selection: Selection,
    /// The booklet's cover image file, which the pipeline reads and checks (`--cover`); none
    /// draws one.
    pub cover: Option<PathBuf>,
    /// The resolve stage's options.
    pub resolve: ResolveOptions,
    /// The handout writer's options.
    pub handout: HandoutOptions,
    /// The booklet writer's options.
    pub booklet: BookletOptions,
    /// The catalog writer's options.
    pub catalog: CatalogOptions,
    /// The workbook writer's options.
    pub workbook: WorkbookOptions,
}

/// Which documents of INPUT take part in a build.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    /// Glob patterns (relative to INPUT) a document must match; empty means every document.
    pub include: Vec<String>,
    /// Glob patterns (relative to INPUT) that leave a document out.
    pub exclude: Vec<String>,
    /// Front-matter conditions: a document is exported only when, for every key, its value (or
    /// one of its list values) is one of the given values. Keys are front-matter names (`status`).
    pub filter: BTreeMap<String, Vec<String>>,
}

/// What stands in for the clock and the environment, read by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildDates {
    /// `SOURCE_DATE_EPOCH`, when set: the time stamp of every output.
    pub source_date_epoch: Option<i64>,
    /// Today, for review deadlines when neither `as-of` nor `SOURCE_DATE_EPOCH` is given.
    pub today: NaiveDate,
}

/// Source files larger than this are refused before they are parsed: the largest real page of
/// the shared corpus is 0.9 MB, and parsing takes about 130 bytes of memory per byte of a page
/// made of nothing but inline code.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Every option a user can set, on the command line (`--page-size a4`) or in `mdexport.toml`
/// (`page-size = "a4"`), under the same kebab-case name. Unset is `None` (or empty), so that
/// the command line can be laid over the file with [`Settings::over`].
#[derive(Debug, Clone, Default, PartialEq, clap::Args, serde::Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Settings {
    /// The output folder (default: output).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Formats to write, comma-separated (pdf, epub, csv, xlsx; default: all).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "LIST")]
    pub formats: Option<Vec<Format>>,
    /// Worker threads (default: every core).
    #[arg(short = 'j', long)]
    pub jobs: Option<usize>,
    /// Treat warnings as failures (exit code 1).
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub strict: Option<bool>,
    /// Source files larger than this many bytes are refused (default 4 MiB).
    #[arg(long, value_name = "BYTES")]
    pub max_file_bytes: Option<u64>,
    /// Date review deadlines are checked against (YYYY-MM-DD; default SOURCE_DATE_EPOCH's date,
    /// else today).
    #[arg(long, value_name = "DATE")]
    #[serde(default, deserialize_with = "date_or_text")]
    pub as_of: Option<NaiveDate>,
    /// The language of documents whose front matter names none, as a BCP 47 tag (default en).
    #[arg(long, value_name = "TAG", value_parser = parse_language)]
    #[serde(default, deserialize_with = "language")]
    pub default_language: Option<Language>,
    /// Readability target: documents above this grade get a warning (default 8).
    #[arg(long, value_name = "GRADE")]
    pub grade_target: Option<f64>,
    /// Which reading grade the target applies to (default smog).
    #[arg(long, value_enum)]
    pub grade_formula: Option<GradeFormula>,
    /// Deepest nesting of lists, quotes and styles a document may hold (default 100).
    #[arg(long, value_name = "N")]
    pub max_depth: Option<usize>,
    /// Most inlines one paragraph may hold (default 5000).
    #[arg(long, value_name = "N")]
    pub max_paragraph_inlines: Option<usize>,
    /// Most characters one paragraph may hold (default 250000).
    #[arg(long, value_name = "N")]
    pub max_paragraph_chars: Option<usize>,
    /// Tables with more cells are printed as one paragraph per row (default 10000).
    #[arg(long, value_name = "N")]
    pub max_table_cells: Option<usize>,
    /// Most pages a document's handout is estimated to take (default 2000).
    #[arg(long, value_name = "N")]
    pub max_pages: Option<u64>,
    /// Seconds one handout may take to typeset before it is given up as an error (default 60).
    #[arg(long, value_name = "SECONDS")]
    pub handout_time_limit: Option<u64>,
    /// Only documents matching this glob (relative to INPUT); repeatable.
    #[arg(long, value_name = "GLOB")]
    #[serde(default)]
    pub include: Vec<String>,
    /// Leave out documents matching this glob; repeatable.
    #[arg(long, value_name = "GLOB")]
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Only documents whose front-matter KEY has VALUE (e.g. status=active); repeatable. In
    /// `mdexport.toml`: `filter = { status = "active", audienceLevel = ["patient", "caregiver"] }`.
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_condition)]
    #[serde(default, deserialize_with = "conditions")]
    pub filter: Vec<(String, String)>,
    /// Handout page size (default letter).
    #[arg(long, value_enum)]
    pub page_size: Option<PageSize>,
    /// Large-print handouts: 14 pt body and larger headings.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub large_print: Option<bool>,
    /// Handout margins in inches (default 0.75).
    #[arg(long, value_name = "INCHES")]
    pub margins: Option<f64>,
    /// Handout body text size in points (default 12; 14 with --large-print).
    #[arg(long, value_name = "PT")]
    pub body_size: Option<f64>,
    /// A folder of TrueType/OpenType fonts that add to or replace the shipped ones.
    #[arg(long, value_name = "DIR")]
    pub fonts: Option<PathBuf>,
    /// Which links a handout lists as numbered notes with their address (default external).
    #[arg(long, value_enum)]
    pub link_notes: Option<LinkNotes>,
    /// Where a handout prints the QR code of its web page (default first-page).
    #[arg(long, value_enum)]
    pub qr: Option<QrPlacement>,
    /// Booklet title (default "Patient education booklet").
    #[arg(long, value_name = "TEXT")]
    pub booklet_title: Option<String>,
    /// Booklet creator (default: the documents' sources).
    #[arg(long, value_name = "TEXT")]
    pub booklet_creator: Option<String>,
    /// Who checked the booklet's accessibility, for its package metadata (a11y:certifiedBy).
    #[arg(long, value_name = "TEXT")]
    pub booklet_certified_by: Option<String>,
    /// The accessibility certifier's credential (a11y:certifierCredential).
    #[arg(long, value_name = "TEXT")]
    pub booklet_certifier_credential: Option<String>,
    /// A paragraph for the booklet's title page.
    #[arg(long, value_name = "TEXT")]
    pub cover_text: Option<String>,
    /// The booklet's cover image, a PNG, JPEG or SVG (default: one drawn from the title,
    /// creator and date).
    #[arg(long, value_name = "FILE")]
    pub cover: Option<PathBuf>,
    /// How the booklet groups its chapters into parts (default folder).
    #[arg(long, value_enum)]
    pub group_by: Option<GroupBy>,
    /// One booklet per language: booklet.epub for the most common, booklet.<tag>.epub for each
    /// other (default false: one booklet, each chapter in its own language).
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub booklet_per_language: Option<bool>,
    /// Start the catalog with a UTF-8 byte-order mark, for Excel (default true;
    /// `--csv-bom=false` leaves it out).
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub csv_bom: Option<bool>,
    /// The catalog's field separator: `,` (default) or `;`, which spreadsheets in locales with
    /// a decimal comma split on (also tab or `|`).
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    #[serde(default, deserialize_with = "delimiter")]
    pub csv_delimiter: Option<char>,
}

impl Settings {
    /// These settings laid over `lower`: every option set here wins, the rest comes from
    /// `lower` (the command line over the configuration file).
    pub fn over(self, lower: Settings) -> Settings {
        let list = |upper: Vec<String>, lower: Vec<String>| {
            if upper.is_empty() { lower } else { upper }
        };
        Settings {
            output: self.output.or(lower.output),
            formats: self.formats.or(lower.formats),
            jobs: self.jobs.or(lower.jobs),
            strict: self.strict.or(lower.strict),
            max_file_bytes: self.max_file_bytes.or(lower.max_file_bytes),
            as_of: self.as_of.or(lower.as_of),
            default_language: self.default_language.or(lower.default_language),
            grade_target: self.grade_target.or(lower.grade_target),
            grade_formula: self.grade_formula.or(lower.grade_formula),
            max_depth: self.max_depth.or(lower.max_depth),
            max_paragraph_inlines: self.max_paragraph_inlines.or(lower.max_paragraph_inlines),
            max_paragraph_chars: self.max_paragraph_chars.or(lower.max_paragraph_chars),
            max_table_cells: self.max_table_cells.or(lower.max_table_cells),
            max_pages: self.max_pages.or(lower.max_pages),
            handout_time_limit: self.handout_time_limit.or(lower.handout_time_limit),
            include: list(self.include, lower.include),
            exclude: list(self.exclude, lower.exclude),
            filter: if self.filter.is_empty() {
                lower.filter
            } else {
                self.filter
            },
            page_size: self.page_size.or(lower.page_size),
            large_print: self.large_print.or(lower.large_print),
            margins: self.margins.or(lower.margins),
            body_size: self.body_size.or(lower.body_size),
            fonts: self.fonts.or(lower.fonts),
            link_notes: self.link_notes.or(lower.link_notes),
            qr: self.qr.or(lower.qr),
            booklet_title: self.booklet_title.or(lower.booklet_title),
            booklet_creator: self.booklet_creator.or(lower.booklet_creator),
            cover_text: self.cover_text.or(lower.cover_text),
            cover: self.cover.or(lower.cover),
            booklet_certified_by: self.booklet_certified_by.or(lower.booklet_certified_by),
            booklet_certifier_credential: self
                .booklet_certifier_credential
                .or(lower.booklet_certifier_credential),
            group_by: self.group_by.or(lower.group_by),
            booklet_per_language: self.booklet_per_language.or(lower.booklet_per_language),
            csv_bom: self.csv_bom.or(lower.csv_bom),
            csv_delimiter: self.csv_delimiter.or(lower.csv_delimiter),
        }
    }

    /// Parses the text of a configuration file; the folders it names are taken relative to
    /// `base` (the file's folder).
    pub fn parse(text: &str, base: &Path) -> Result<Settings, ConfigFileError> {
        let mut settings: Settings = toml::from_str(text).map_err(|err| {
            let (line, column) = match err.span() {
                Some(span) => {
                    let before = &text[..span.start.min(text.len())];
                    let line = before.matches('\n').count() as u32 + 1;
                    let column =
                        before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
                    (Some(line), Some(column))
                }
                None => (None, None),
            };
            ConfigFileError {
                line,
                column,
                message: err.message().to_string(),
            }
        })?;
        let rebase = |path: PathBuf| {
            if path.is_absolute() {
                path
            } else {
                base.join(path)
            }
        };
        settings.output = settings.output.map(rebase);
        settings.fonts = settings.fonts.map(rebase);
        settings.cover = settings.cover.map(rebase);
        Ok(settings)
    }
}

/// Reads `--default-language`: a BCP 47 tag.
fn parse_language(text: &str) -> Result<Language, String> {
    crate::resolve::language::parse(text)
        .ok_or_else(|| format!("`{text}` is not a language tag such as en, es or zh-Hans"))
}

/// Reads `default-language` in a configuration file, as [`parse_language`] does.
fn language<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Language>, D::Error> {
    use serde::Deserialize;
    let text = String::deserialize(deserializer)?;
    parse_language(&text)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

/// Reads `KEY=VALUE` for `--filter`.
fn parse_condition(text: &str) -> Result<(String, String), String> {
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not KEY=VALUE"))?;
    Ok((key.trim().to_string(), value.trim().to_string()))
}

/// Reads `--csv-delimiter`: one of [`CSV_DELIMITERS`].
fn parse_delimiter(text: &str) -> Result<char, String> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if u8::try_from(c).is_ok_and(|b| CSV_DELIMITERS.contains(&b)) => Ok(c),
        _ => Err(format!(
            "`{}` is not a field separator; use , ; | or a tab",
            text.escape_debug()
        )),
    }
}

/// Reads `csv-delimiter` in a configuration file, as [`parse_delimiter`] does.
fn delimiter<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<char>, D::Error> {
    use serde::Deserialize;
    let text = String::deserialize(deserializer)?;
    parse_delimiter(&text)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

/// Reads the `filter` table of a configuration file (a value or a list of values per key) as
/// `(key, value)` conditions.
fn conditions<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<(String, String)>, D::Error> {
    use serde::Deserialize;
    let table = BTreeMap::<String, OneOrMany>::deserialize(deserializer)?;
    Ok(table
        .into_iter()
        .flat_map(|(key, values)| {
            values
                .into_vec()
                .into_iter()
                .map(move |value| (key.clone(), value))
        })
        .collect())
}

impl Config {
    /// A configuration with every default for `input` and `output`, every format, and `as_of`
    /// as the review date.
    pub fn new(input: impl Into<PathBuf>, output: impl Into<PathBuf>, as_of: NaiveDate) -> Self {
        let dates = BuildDates {
            source_date_epoch: None,
            today: as_of,
        };
        let settings = Settings {
            output: Some(output.into()),
            ..Settings::default()
        };
        Config::from_settings(input.into(), settings, dates)
    }

    /// The configuration of `settings` (already merged) for `input`, defaults filled in.
    pub fn from_settings(input: PathBuf, settings: Settings, dates: BuildDates) -> Self {
        let defaults = HandoutOptions::default();
        let as_of = settings.as_of.unwrap_or_else(|| {
            dates
                .source_date_epoch
                .and_then(|epoch| chrono::DateTime::from_timestamp(epoch, 0))
                .map_or(dates.today, |time| time.date_naive())
        });
        let formats = settings.formats.unwrap_or_else(|| Format::ALL.to_vec());
        let budget = Budget::default();
        let mut filter: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (key, value) in settings.filter {
            filter.entry(key).or_default().push(value);
        }
        Config {
            input,
            output: settings.output.unwrap_or_else(|| PathBuf::from("output")),
            formats: Format::ALL
                .into_iter()
                .filter(|f| formats.contains(f))
                .collect(),
            jobs: settings.jobs,
            strict: settings.strict.unwrap_or(false),
            max_file_bytes: settings.max_file_bytes.unwrap_or(DEFAULT_MAX_FILE_BYTES),
            cover: settings.cover,
            selection: Selection {
                include: settings.include,
                exclude: settings.exclude,
                filter,
            },
            resolve: ResolveOptions {
                grade_target: settings.grade_target.unwrap_or(8.0),
                grade_formula: settings.grade_formula.unwrap_or_default(),
                default_language: settings.default_language.unwrap_or_default(),
                budget: Budget {
                    max_depth: settings.max_depth.unwrap_or(budget.max_depth),
                    max_paragraph_inlines: settings
                        .max_paragraph_inlines
                        .unwrap_or(budget.max_paragraph_inlines),
                    max_paragraph_chars: settings
                        .max_paragraph_chars
                        .unwrap_or(budget.max_paragraph_chars),
                    max_table_cells: settings.max_table_cells.unwrap_or(budget.max_table_cells),
                    max_pages: settings.max_pages.unwrap_or(budget.max_pages),
                },
            },
            handout: HandoutOptions {
                page_size: settings.page_size.unwrap_or(defaults.page_size),
                large_print: settings.large_print.unwrap_or(defaults.large_print),
                margin_inches: settings.margins.unwrap_or(defaults.margin_inches),
                body_size_pt: settings.body_size,
                fonts_dir: settings.fonts,
                link_notes: settings.link_notes.unwrap_or(defaults.link_notes),
                qr: settings.qr.unwrap_or(defaults.qr),
                source_date_epoch: dates.source_date_epoch,
                time_limit: settings
                    .handout_time_limit
                    .map_or(defaults.time_limit, std::time::Duration::from_secs),
            },
            booklet: BookletOptions {
                title: settings.booklet_title,
                creator: settings.booklet_creator,
                cover_text: settings.cover_text,
                certified_by: settings.booklet_certified_by,
                certifier_credential: settings.booklet_certifier_credential,
                cover: None,
                group_by: settings.group_by.unwrap_or_default(),
                source_date_epoch: dates.source_date_epoch,
                per_language: settings.booklet_per_language.unwrap_or(false),
            },
            catalog: CatalogOptions {
                bom: settings.csv_bom.unwrap_or(true),
                delimiter: settings
                    .csv_delimiter
                    .and_then(|c| u8::try_from(c).ok())
                    .filter(|b| CSV_DELIMITERS.contains(b))
                    .unwrap_or(b','),
                as_of,
            },
            workbook: WorkbookOptions {
                as_of,
                source_date_epoch: dates.source_date_epoch,
            },
        }
    }

    /// Sets `SOURCE_DATE_EPOCH` for every output that carries a time stamp.
    pub fn set_source_date_epoch(&mut self, epoch: Option<i64>) {
        self.handout.source_date_epoch = epoch;
        self.booklet.source_date_epoch = epoch;
        self.workbook.source_date_epoch = epoch;
    }

    /// Checks values that cannot work; the message names the option.
    pub fn validate(&self) -> Result<(), String> {
        if self.jobs == Some(0) {
            return Err("`jobs` must be at least 1".into());
        }
        if !(0.25..=3.0).contains(&self.handout.margin_inches) {
            return Err(format!(
                "`margins` is {} in; use 0.25 to 3",
                self.handout.margin_inches
            ));
        }
        if let Some(size) = self.handout.body_size_pt
            && !(8.0..=32.0).contains(&size)
        {
            return Err(format!("`body-size` is {size} pt; use 8 to 32"));
        }
        for pattern in self.selection.include.iter().chain(&self.selection.exclude) {
            globset::Glob::new(pattern).map_err(|e| format!("bad glob `{pattern}`: {e}"))?;
        }
        Ok(())
    }
}

/// The catalog's possible field separators: the ones spreadsheets offer when they open a CSV.
pub const CSV_DELIMITERS: &[u8] = b",;|\t";

/// The name of the configuration file looked for in INPUT.
pub const CONFIG_FILE_NAME: &str = "mdexport.toml";

/// One value or a list of values.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single value.
    One(String),
    /// Several values.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The values as a list.
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(v) => vec![v],
            OneOrMany::Many(v) => v,
        }
    }
}

/// Takes a TOML date (`2026-01-15`) or a string holding one.
fn date_or_text<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    use serde::Deserialize;
    let text = match toml::Value::deserialize(deserializer)? {
        toml::Value::String(s) => s,
        toml::Value::Datetime(d) => d.to_string(),
        other => {
            return Err(serde::de::Error::custom(format!(
                "expected a date, found {}",
                other.type_str()
            )));
        }
    };
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map(Some)
        .map_err(|_| serde::de::Error::custom(format!("`{text}` is not a date (YYYY-MM-DD)")))
}

/// A configuration file that could not be read, with the line of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigFileError {
    /// 1-based line, where known.
    pub line: Option<u32>,
    /// 1-based column, where known.
    pub column: Option<u32>,
    /// What is wrong.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_parses_and_applies() {
        let text = r#"
output = "out"
formats = ["csv"]
jobs = 2
strict = true
max-file-bytes = 1000
as-of = 2026-01-15
page-size = "a4"
large-print = true
margins = 1.0
body-size = 13
fonts = "my-fonts"
link-notes = "all"
qr = "none"
booklet-title = "Our booklet"
booklet-creator = "Our team"
cover-text = "For patients"
cover = "cover.png"
group-by = "tag"
booklet-per-language = true
csv-bom = false
csv-delimiter = ";"
grade-target = 6.5
grade-formula = "flesch-kincaid"
default-language = "es-us"
include = ["pdq/**"]
exclude = ["pdq/drafts/**"]
filter = { status = "active", audienceLevel = ["patient", "caregiver"] }
"#;
        let settings = Settings::parse(text, Path::new("base")).unwrap();
        let dates = BuildDates {
            source_date_epoch: None,
            today: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        };
        let config = Config::from_settings("in".into(), settings, dates);
        assert_eq!(config.output, PathBuf::from("base/out"));
        assert_eq!(config.formats, vec![Format::Csv]);
        assert_eq!(config.jobs, Some(2));
        assert!(config.strict);
        assert_eq!(
            config.catalog.as_of,
            NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()
        );
        assert_eq!(config.max_file_bytes, 1000);
        assert_eq!(config.handout.page_size, PageSize::A4);
        assert!(config.handout.large_print);
        assert_eq!(config.handout.margin_inches, 1.0);
        assert_eq!(config.handout.body_size_pt, Some(13.0));
        assert_eq!(
            config.handout.fonts_dir,
            Some(PathBuf::from("base/my-fonts"))
        );
        assert_eq!(config.handout.link_notes, LinkNotes::All);
        assert_eq!(config.handout.qr, QrPlacement::None);
        assert_eq!(config.booklet.title.as_deref(), Some("Our booklet"));
        assert_eq!(config.booklet.creator.as_deref(), Some("Our team"));
        assert_eq!(config.booklet.cover_text.as_deref(), Some("For patients"));
        assert_eq!(config.cover, Some(PathBuf::from("base/cover.png")));
        assert_eq!(config.booklet.group_by, GroupBy::Tag);
        assert!(config.booklet.per_language);
        assert!(!config.catalog.bom);
        assert_eq!(config.catalog.delimiter, b';');
        assert_eq!(config.resolve.grade_target, 6.5);
        assert_eq!(config.resolve.grade_formula, GradeFormula::FleschKincaid);
        assert_eq!(config.resolve.default_language.tag, "es-US");
        assert_eq!(config.selection.include, vec!["pdq/**"]);
        assert_eq!(config.selection.exclude, vec!["pdq/drafts/**"]);
        assert_eq!(config.selection.filter["status"], vec!["active"]);
        assert_eq!(
            config.selection.filter["audienceLevel"],
            vec!["patient", "caregiver"]
        );
        assert_eq!(config.validate(), Ok(()));
    }

    #[test]
    fn the_readme_example_is_a_valid_config_file() {
        let readme = include_str!("../README.md");
        let start = readme
            .find("```toml\n")
            .expect("a toml block in the README")
            + "```toml\n".len();
        let end = start + readme[start..].find("```").expect("closed");
        let file = Settings::parse(&readme[start..end], Path::new("."))
            .expect("the README's config parses");
        assert!(
            !file.filter.is_empty() && file.link_notes.is_some() && file.grade_target.is_some()
        );
    }

    #[test]
    fn a_default_language_that_is_no_tag_is_an_error_with_its_line() {
        let err =
            Settings::parse("\ndefault-language = \"spanish!\"\n", Path::new(".")).unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(
            err.message.contains("not a language tag"),
            "{}",
            err.message
        );
    }

    #[test]
    fn unknown_key_is_an_error_with_its_line() {
        let err = Settings::parse(
            "page-size = \"a4\"\npage-colour = \"blue\"\n",
            Path::new("."),
        )
        .unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("page-colour"), "{}", err.message);
    }

    #[test]
    fn the_command_line_wins_and_unset_options_fall_through() {
        let file = Settings::parse(
            "page-size = \"a4\"\njobs = 3\ninclude = [\"a/**\"]\n",
            Path::new("."),
        )
        .unwrap();
        let command_line = Settings {
            jobs: Some(1),
            ..Settings::default()
        };
        let merged = command_line.over(file);
        assert_eq!(merged.jobs, Some(1));
        assert_eq!(merged.page_size, Some(PageSize::A4));
        assert_eq!(merged.include, vec!["a/**"]);
    }

    #[test]
    fn a_delimiter_is_one_of_the_separators_spreadsheets_offer() {
        for (text, ok) in [(",", true), (";", true), ("\t", true), ("|", true)] {
            assert_eq!(parse_delimiter(text).is_ok(), ok, "{text:?}");
        }
        for text in ["", ";;", "\"", "€", "a", " ", "\n"] {
            assert!(parse_delimiter(text).is_err(), "{text:?}");
        }
        let err = Settings::parse("csv-delimiter = \"::\"\n", Path::new(".")).unwrap_err();
        assert_eq!(err.line, Some(1));
        assert!(err.message.contains("field separator"), "{}", err.message);
    }

    #[test]
    fn wrong_value_is_an_error_with_its_line() {
        let err = Settings::parse("\n\npage-size = \"tabloid\"\n", Path::new(".")).unwrap_err();
        assert_eq!(err.line, Some(3));
    }
}
