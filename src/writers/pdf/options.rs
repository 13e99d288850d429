//! The handout writer's options: what a team chooses about its printed pages.

use std::path::PathBuf;

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
    /// US Letter, 8.5 × 11 in: what US clinics print on.
    #[default]
    Letter,
    /// ISO A4, 210 × 297 mm: what everyone else prints on.
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

/// Everything the handout writer needs besides the documents.
#[derive(Debug, Clone, PartialEq)]
pub struct HandoutOptions {
    /// Paper the handouts are printed on.
    pub page_size: PageSize,
    /// Large print for readers with low vision: 14 pt body and larger headings.
    pub large_print: bool,
    /// Page margins in inches; printers need at least a quarter inch.
    pub margin_inches: f64,
    /// Body text size in points, overriding the 12 pt (14 pt large-print) default.
    pub body_size_pt: Option<f64>,
    /// A folder of `.ttf`/`.otf` fonts used instead of the shipped ones, for house faces or
    /// scripts the shipped faces lack.
    pub fonts_dir: Option<PathBuf>,
    /// Which links print as numbered notes, since a printed link cannot be clicked.
    pub link_notes: LinkNotes,
    /// `SOURCE_DATE_EPOCH`: the creation date of every handout, so builds are reproducible.
    pub source_date_epoch: Option<i64>,
    /// How long one handout may take to typeset before it is given up as an error, so that no
    /// document can stall a build (the budget keeps real pages far below it).
    pub time_limit: std::time::Duration,
}

impl Default for HandoutOptions {
    fn default() -> Self {
        HandoutOptions {
            page_size: PageSize::Letter,
            large_print: false,
            margin_inches: 0.75,
            body_size_pt: None,
            fonts_dir: None,
            link_notes: LinkNotes::External,
            source_date_epoch: None,
            time_limit: std::time::Duration::from_secs(60),
        }
    }
}

impl HandoutOptions {
    /// The body text size in points: the override, else 12 (14 with large print), kept within
    /// what Typst can set.
    pub fn body_size(&self) -> f64 {
        let size = self
            .body_size_pt
            .unwrap_or(if self.large_print { 14.0 } else { 12.0 });
        if size.is_finite() {
            size.clamp(6.0, 72.0)
        } else {
            12.0
        }
    }
}
