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

/// Where a handout prints the QR code of its web page.
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
pub enum QrPlacement {
    /// In the first page's title block, beside the printed address.
    #[default]
    FirstPage,
    /// Nowhere: the address is printed as text only.
    None,
}

/// Everything the handout writer needs besides the documents.
#[derive(Debug, Clone, PartialEq)]
pub struct HandoutOptions {
    /// Paper the handouts are printed on.
    pub page_size: PageSize,
    /// Large print for readers with low vision, as the American Printing House for the Blind
    /// defines it: 18 pt body, headings in proportion, no text under 14 pt, wider margins, and
    /// tables too wide for the page printed as stacked rows.
    pub large_print: bool,
    /// Page margins in inches; printers need at least a quarter inch.
    pub margin_inches: f64,
    /// Body text size in points, overriding the 12 pt (18 pt large-print) default.
    pub body_size_pt: Option<f64>,
    /// A folder of `.ttf`/`.otf` fonts used instead of the shipped ones, for house faces or
    /// scripts the shipped faces lack.
    pub fonts_dir: Option<PathBuf>,
    /// Which links print as numbered notes, since a printed link cannot be clicked.
    pub link_notes: LinkNotes,
    /// Where the QR code of the document's web page goes: a printed page goes stale, and a
    /// reader who scans the code reaches the page as it is kept now.
    pub qr: QrPlacement,
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
            qr: QrPlacement::FirstPage,
            source_date_epoch: None,
            time_limit: std::time::Duration::from_secs(60),
        }
    }
}

/// Large print's body size: 18 pt is where the American Printing House for the Blind starts
/// calling print large (14 to 16 pt is "enlarged").
pub const LARGE_PRINT_BODY_PT: f64 = 18.0;
/// The smallest text large print sets (link notes, footnotes, tables, running header and footer).
pub const LARGE_PRINT_MIN_PT: f64 = 14.0;
/// Large print widens the margins by this factor (0.75 in becomes 1 in): room for the larger
/// running header, and lines of about 50 characters at 18 pt.
pub const LARGE_PRINT_MARGIN_SCALE: f64 = 4.0 / 3.0;

impl HandoutOptions {
    /// The smallest size any text may take, in points: [`LARGE_PRINT_MIN_PT`] in large print
    /// (or the body size, if that is set smaller), none otherwise.
    pub fn small_size(&self) -> Option<f64> {
        self.large_print
            .then(|| LARGE_PRINT_MIN_PT.min(self.body_size()))
    }

    /// The page margins in inches: as set, widened by [`LARGE_PRINT_MARGIN_SCALE`] in large
    /// print, and kept within what a page can hold.
    pub fn margin(&self) -> f64 {
        let margin = if self.margin_inches.is_finite() {
            self.margin_inches
        } else {
            0.75
        };
        let scale = if self.large_print {
            LARGE_PRINT_MARGIN_SCALE
        } else {
            1.0
        };
        // To a thousandth of an inch, so that 0.75 × 4/3 prints as 1.
        ((margin * scale * 1000.0).round() / 1000.0).clamp(0.0, 3.0)
    }

    /// The body text size in points: the override, else 12 (18 with large print), kept within
    /// what Typst can set.
    pub fn body_size(&self) -> f64 {
        let size = self.body_size_pt.unwrap_or(if self.large_print {
            LARGE_PRINT_BODY_PT
        } else {
            12.0
        });
        if size.is_finite() {
            size.clamp(6.0, 72.0)
        } else {
            12.0
        }
    }
}
