//! The booklet writer's options: what a publisher chooses about the e-book.

use crate::model::Asset;

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

/// Everything the booklet writer needs besides the documents.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BookletOptions {
    /// The booklet's title, as reading systems list it (default "Patient education booklet").
    pub title: Option<String>,
    /// Who made the booklet (default: the documents' `source` values).
    pub creator: Option<String>,
    /// A paragraph printed on the title page, for a publisher's own words to the reader.
    pub cover_text: Option<String>,
    /// How chapters are grouped into parts, so a long booklet has a table of contents a reader
    /// can scan.
    pub group_by: GroupBy,
    /// `SOURCE_DATE_EPOCH`: the booklet's modification date and file times, so builds are
    /// reproducible.
    pub source_date_epoch: Option<i64>,
    /// Who checked the booklet's accessibility (`a11y:certifiedBy`): stores and libraries show
    /// it, and only the publisher can say it. Left out when not given.
    pub certified_by: Option<String>,
    /// The certifier's credential (`a11y:certifierCredential`), given with `certified_by`.
    pub certifier_credential: Option<String>,
    /// The publisher's own cover image (`--cover`), read and checked by the pipeline (a PNG,
    /// JPEG or SVG that decodes); without it the booklet draws one from its title, creator and
    /// date, as stores and e-readers show a cover in their library view.
    pub cover: Option<Asset>,
    /// One booklet per language (`booklet.epub` for the most common, `booklet.<tag>.epub` for
    /// each other) instead of one whose chapters mix languages: a clinic hands each reader the
    /// book in the language they read.
    pub per_language: bool,
}
