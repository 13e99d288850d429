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
    /// Which documents of INPUT are exported.
    pub selection: Selection,
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
    pub filter: std::collections::BTreeMap<String, Vec<String>>,
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
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum PageSize {
    /// US Letter, 8.5 × 11 in.
    #[default]
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
}

/// Which links of a handout are listed as numbered notes with their full address.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum LinkNotes {
    /// Links to web pages and to other documents (not glossary pop-ups or in-page anchors).
    #[default]
    External,
    /// Every link with an address, glossary pop-ups included.
    All,
    /// No notes: link text only (links stay clickable).
    None,
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
    /// Which links print as numbered notes.
    pub link_notes: LinkNotes,
}

impl Default for PdfConfig {
    fn default() -> Self {
        PdfConfig {
            page_size: PageSize::Letter,
            large_print: false,
            margin_inches: 0.75,
            body_size_pt: None,
            fonts_dir: None,
            link_notes: LinkNotes::External,
        }
    }
}

/// How the booklet's chapters are grouped into parts.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
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
        CsvConfig {
            bom: true,
            grade_target: 8.0,
        }
    }
}

/// Every format there is a writer for, in the order they are listed.
pub fn all_formats() -> Vec<String> {
    crate::writers::registry()
        .iter()
        .map(|w| w.name().to_string())
        .collect()
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
            dates: BuildDates {
                source_date_epoch: None,
                as_of,
            },
            pdf: PdfConfig::default(),
            epub: EpubConfig::default(),
            csv: CsvConfig::default(),
            selection: Selection::default(),
        }
    }

    /// Applies the settings of a configuration file (a folder named in it is relative to `base`).
    pub fn apply(&mut self, file: ConfigFile, base: &std::path::Path) {
        let path = |p: PathBuf| if p.is_absolute() { p } else { base.join(p) };
        if let Some(v) = file.output {
            self.output = path(v)
        }
        if let Some(v) = file.formats {
            self.formats = v
        }
        if let Some(v) = file.jobs {
            self.jobs = Some(v)
        }
        if let Some(v) = file.strict {
            self.strict = v
        }
        if let Some(v) = file.max_file_bytes {
            self.max_file_bytes = v
        }
        if let Some(v) = file.as_of {
            self.dates.as_of = v
        }
        if let Some(v) = file.page_size {
            self.pdf.page_size = v
        }
        if let Some(v) = file.large_print {
            self.pdf.large_print = v
        }
        if let Some(v) = file.margins {
            self.pdf.margin_inches = v
        }
        if let Some(v) = file.body_size {
            self.pdf.body_size_pt = Some(v)
        }
        if let Some(v) = file.fonts {
            self.pdf.fonts_dir = Some(path(v))
        }
        if let Some(v) = file.link_notes {
            self.pdf.link_notes = v
        }
        if let Some(v) = file.booklet_title {
            self.epub.title = Some(v)
        }
        if let Some(v) = file.booklet_creator {
            self.epub.creator = Some(v)
        }
        if let Some(v) = file.cover_text {
            self.epub.cover_text = Some(v)
        }
        if let Some(v) = file.group_by {
            self.epub.group_by = v
        }
        if let Some(v) = file.csv_bom {
            self.csv.bom = v
        }
        if let Some(v) = file.grade_target {
            self.csv.grade_target = v
        }
        if let Some(v) = file.include {
            self.selection.include = v
        }
        if let Some(v) = file.exclude {
            self.selection.exclude = v
        }
        if let Some(v) = file.filter {
            self.selection.filter = v.into_iter().map(|(k, v)| (k, v.into_vec())).collect();
        }
    }

    /// Checks values that cannot work; the message names the option.
    pub fn validate(&self) -> Result<(), String> {
        let known = all_formats();
        for format in &self.formats {
            if !known.contains(format) {
                return Err(format!(
                    "unknown format `{format}` (known: {})",
                    known.join(", ")
                ));
            }
        }
        if self.jobs == Some(0) {
            return Err("`jobs` must be at least 1".into());
        }
        if !(0.25..=3.0).contains(&self.pdf.margin_inches) {
            return Err(format!(
                "`margins` is {} in; use 0.25 to 3",
                self.pdf.margin_inches
            ));
        }
        if let Some(size) = self.pdf.body_size_pt
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

/// The contents of `mdexport.toml`: every command-line option under its kebab-case name.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ConfigFile {
    /// Output folder.
    pub output: Option<PathBuf>,
    /// Formats to write.
    pub formats: Option<Vec<String>>,
    /// Worker threads.
    pub jobs: Option<usize>,
    /// Treat warnings as failures.
    pub strict: Option<bool>,
    /// Size limit of a source file in bytes.
    pub max_file_bytes: Option<u64>,
    /// Date review deadlines are checked against (`2026-01-15`, quoted or not).
    #[serde(default, deserialize_with = "date_or_text")]
    pub as_of: Option<NaiveDate>,
    /// Handout page size.
    pub page_size: Option<PageSize>,
    /// Large-print handouts.
    pub large_print: Option<bool>,
    /// Handout margins in inches.
    pub margins: Option<f64>,
    /// Handout body size in points.
    pub body_size: Option<f64>,
    /// Fonts folder.
    pub fonts: Option<PathBuf>,
    /// Which links print as notes.
    pub link_notes: Option<LinkNotes>,
    /// Booklet title.
    pub booklet_title: Option<String>,
    /// Booklet creator.
    pub booklet_creator: Option<String>,
    /// Booklet title-page text.
    pub cover_text: Option<String>,
    /// Booklet grouping.
    pub group_by: Option<GroupBy>,
    /// UTF-8 byte-order mark in the catalog.
    pub csv_bom: Option<bool>,
    /// Readability grade target.
    pub grade_target: Option<f64>,
    /// Glob patterns of documents to include.
    pub include: Option<Vec<String>>,
    /// Glob patterns of documents to leave out.
    pub exclude: Option<Vec<String>>,
    /// Front-matter filter, for example `filter = { status = "active" }`.
    pub filter: Option<std::collections::BTreeMap<String, OneOrMany>>,
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

impl ConfigFile {
    /// Parses the text of a configuration file.
    pub fn parse(text: &str) -> Result<ConfigFile, ConfigFileError> {
        toml::from_str(text).map_err(|err| {
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
        })
    }
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
booklet-title = "Our booklet"
booklet-creator = "Our team"
cover-text = "For patients"
group-by = "tag"
csv-bom = false
grade-target = 6.5
include = ["pdq/**"]
exclude = ["pdq/drafts/**"]
filter = { status = "active", audienceLevel = ["patient", "caregiver"] }
"#;
        let file = ConfigFile::parse(text).unwrap();
        let mut config = Config::new("in", "output", NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        config.apply(file, std::path::Path::new("base"));
        assert_eq!(config.output, PathBuf::from("base/out"));
        assert_eq!(config.formats, vec!["csv"]);
        assert_eq!(config.jobs, Some(2));
        assert!(config.strict);
        assert_eq!(
            config.dates.as_of,
            NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()
        );
        assert_eq!(config.pdf.page_size, PageSize::A4);
        assert!(config.pdf.large_print);
        assert_eq!(config.pdf.body_size_pt, Some(13.0));
        assert_eq!(config.pdf.fonts_dir, Some(PathBuf::from("base/my-fonts")));
        assert_eq!(config.pdf.link_notes, LinkNotes::All);
        assert_eq!(config.epub.title.as_deref(), Some("Our booklet"));
        assert_eq!(config.epub.group_by, GroupBy::Tag);
        assert!(!config.csv.bom);
        assert_eq!(config.csv.grade_target, 6.5);
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
        let file = ConfigFile::parse(&readme[start..end]).expect("the README's config parses");
        assert!(file.filter.is_some() && file.link_notes.is_some() && file.grade_target.is_some());
    }

    #[test]
    fn unknown_key_is_an_error_with_its_line() {
        let err = ConfigFile::parse("page-size = \"a4\"\npage-colour = \"blue\"\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("page-colour"), "{}", err.message);
    }

    #[test]
    fn wrong_value_is_an_error_with_its_line() {
        let err = ConfigFile::parse("\n\npage-size = \"tabloid\"\n").unwrap_err();
        assert_eq!(err.line, Some(3));
    }
}
