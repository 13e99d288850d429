//! The intermediate model: every document parsed once into typed metadata and a block tree.
//!
//! Writers only ever see this model (after the resolve stage), never Markdown or YAML.

use chrono::NaiveDate;
use serde::Serialize;

/// One Markdown document of INPUT, parsed into the model.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Document {
    /// Path relative to INPUT, `/`-separated (for example `pdq/some-page.md`).
    pub path: String,
    /// Lower-case hex SHA-256 of the source file's bytes.
    pub sha256: String,
    /// The typed front matter.
    pub metadata: Metadata,
    /// The title shown to readers, never empty once resolved (see `resolve::title`); empty
    /// straight after parsing.
    pub title: String,
    /// The body as a tree of blocks.
    pub blocks: Vec<Block>,
    /// Footnote definitions, in order of first reference.
    pub footnotes: Vec<Footnote>,
    /// Facts derived by the resolve stage (word counts, readability inputs, counts of things).
    pub facts: Facts,
    /// The language the document is written in: its front matter's, else the build's default
    /// (see `resolve::language`); English straight after parsing.
    pub language: Language,
    /// The same page in other languages, found by the resolve stage, sorted by language tag;
    /// empty straight after parsing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub translations: Vec<Translation>,
}

/// Another document of the build that is the same page in another language.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Translation {
    /// Its path relative to INPUT.
    pub path: String,
    /// Its language.
    pub language: Language,
    /// Its display title.
    pub title: String,
    /// Its web address, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A language, as every writer needs it: the tag for `lang` attributes and its parts for
/// typesetting (hyphenation, quotes, line breaking and direction follow them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Language {
    /// The BCP 47 tag in canonical case (`en`, `es-US`, `zh-Hans`).
    pub tag: String,
    /// The ISO 639 language code, two or three lower-case letters (`en`, `zh`).
    pub code: String,
    /// The ISO 3166 region, two upper-case letters (`US`), when the tag names one.
    pub region: Option<String>,
    /// Which way its script runs: pages in Arabic, Hebrew, Persian or Urdu are laid out from the
    /// right.
    pub direction: Direction,
}

/// The direction a language's script runs in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right (`ltr`): Latin, Greek, Cyrillic, CJK, Hangul, Devanagari, Thai.
    #[default]
    Ltr,
    /// Right to left (`rtl`): Arabic, Hebrew, Syriac, Thaana.
    Rtl,
}

impl Direction {
    /// The value of an HTML `dir` attribute and of Typst's `text(dir:)`: `ltr` or `rtl`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

impl Default for Language {
    fn default() -> Self {
        Language {
            tag: "en".to_string(),
            code: "en".to_string(),
            region: None,
            direction: Direction::Ltr,
        }
    }
}

impl Document {
    /// Calls `f` on every inline of the document, body then footnotes, depth first (see
    /// [`walk_inlines`]).
    pub fn for_each_inline<'a>(&'a self, f: &mut dyn FnMut(&'a Inline)) {
        let mut runs = |block: &'a Block| block_inlines(block, &mut |run| walk_inlines(run, f));
        walk_blocks(&self.blocks, &mut runs);
        for note in &self.footnotes {
            walk_blocks(&note.blocks, &mut runs);
        }
    }

    /// A rough measure of the work a document takes: its blocks, footnotes' included.
    pub fn weight(&self) -> u64 {
        let mut blocks = 0u64;
        walk_blocks(&self.blocks, &mut |_| blocks += 1);
        for note in &self.footnotes {
            walk_blocks(&note.blocks, &mut |_| blocks += 1);
        }
        blocks
    }
}

/// Typed front matter. Unknown keys are kept, in order, in `extra`.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// Page title.
    pub title: Option<String>,
    /// Canonical URL of the page.
    pub url: Option<String>,
    /// Publisher or source (for example `NCI`).
    pub source: Option<String>,
    /// Category of the source.
    pub source_type: Option<String>,
    /// How to cite the page.
    pub citation: Option<String>,
    /// Intended audience (for example `patient`).
    pub audience_level: Option<String>,
    /// BCP 47 language tag (for example `en`).
    pub language: Option<String>,
    /// Licence of the content.
    pub license: Option<String>,
    /// Editorial status (for example `active`).
    pub status: Option<String>,
    /// Version label.
    pub version: Option<String>,
    /// Date of the last editorial review.
    pub last_reviewed: Option<NaiveDate>,
    /// How often the page must be reviewed (`monthly`, `quarterly`, ...).
    pub review_frequency: Option<String>,
    /// Cancer types the page is about.
    pub cancer_types: Vec<String>,
    /// Free tags.
    pub tags: Vec<String>,
    /// The same page in other languages, as written: language tag → path relative to this
    /// document (`translations: {es: ../es/page.md}`).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub translations: std::collections::BTreeMap<String, String>,
    /// Every other front-matter key, in source order.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A block with the 1-based line of the source file where it starts.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Block {
    /// 1-based line in the source file (front matter included).
    pub line: u32,
    /// What the block is.
    #[serde(flatten)]
    pub kind: BlockKind,
}

/// The kinds of block in a document body.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BlockKind {
    /// A section heading. Once resolved its level is 2 to 6 (the title is level 1), it has text
    /// or an image, and its id is unique within the document.
    Heading {
        /// Heading level: as written after parsing, 2 to 6 once resolved, never skipping one.
        level: u8,
        /// Empty after parsing; once resolved a stable slug, unique within the document among
        /// headings, list items and footnotes, and a valid XML id.
        id: String,
        /// The heading text.
        content: Vec<Inline>,
    },
    /// A paragraph of inline content.
    Paragraph {
        /// The paragraph's inlines.
        content: Vec<Inline>,
    },
    /// An ordered or unordered list.
    List {
        /// First number of an ordered list; `None` for a bullet list.
        start: Option<u64>,
        /// The items.
        items: Vec<ListItem>,
    },
    /// A table.
    Table {
        /// Column alignments, one per column.
        alignments: Vec<Alignment>,
        /// Header cells.
        header: Vec<Cell>,
        /// Body rows.
        rows: Vec<Vec<Cell>>,
    },
    /// A block quote.
    BlockQuote {
        /// The quoted blocks.
        blocks: Vec<Block>,
    },
    /// A fenced or indented code block.
    CodeBlock {
        /// Info-string language, if any.
        language: Option<String>,
        /// The code, verbatim.
        code: String,
    },
    /// A thematic break (`---`).
    ThematicBreak,
}

/// One list item.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ListItem {
    /// Anchor id given to the item by the resolve stage (for example citation targets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Some(checked)` for a task-list item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<bool>,
    /// The item's content.
    pub blocks: Vec<Block>,
}

/// A table cell: inline content.
pub type Cell = Vec<Inline>;

/// Column alignment of a table.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Alignment {
    /// No alignment given.
    None,
    /// Left-aligned.
    Left,
    /// Centred.
    Center,
    /// Right-aligned.
    Right,
}

/// A footnote definition.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Footnote {
    /// The label as written (`[^label]`).
    pub label: String,
    /// Safe id for anchors (`fn-1`, ...).
    pub id: String,
    /// 1-based number in order of first reference.
    pub number: u32,
    /// The footnote's content.
    pub blocks: Vec<Block>,
}

/// Inline content.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text.
    Text {
        /// The text.
        text: String,
    },
    /// Emphasis (italic).
    Emphasis {
        /// Emphasised content.
        content: Vec<Inline>,
    },
    /// Strong emphasis (bold).
    Strong {
        /// Strong content.
        content: Vec<Inline>,
    },
    /// Struck-through text.
    Strikethrough {
        /// Struck content.
        content: Vec<Inline>,
    },
    /// Inline code.
    Code {
        /// The code.
        code: String,
    },
    /// A hard line break.
    LineBreak,
    /// A link.
    Link {
        /// Where it points (boxed: most inlines are text, and an inline is as large as its
        /// largest kind).
        target: Box<LinkTarget>,
        /// Link title attribute, may be empty.
        title: String,
        /// The link text.
        content: Vec<Inline>,
    },
    /// An image.
    Image {
        /// Where the image comes from (boxed, as a link's target is).
        source: Box<ImageSource>,
        /// Alternative text.
        alt: String,
        /// Title attribute, may be empty.
        title: String,
    },
    /// A reference to a footnote.
    FootnoteRef {
        /// The label as written.
        label: String,
        /// The footnote's id (see [`Footnote::id`]).
        id: String,
        /// The footnote's number.
        number: u32,
    },
}

/// Where a link points. The parser records [`LinkTarget::Unresolved`]; the resolve stage
/// turns every link into one of the other variants.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LinkTarget {
    /// The destination as written in the source, before resolution.
    Unresolved {
        /// The raw destination.
        href: String,
    },
    /// An absolute `http(s):` or `mailto:` URL.
    External {
        /// The absolute URL.
        url: String,
        /// A glossary pop-up link (its text is the point, not the URL).
        glossary: bool,
    },
    /// Another document of the same INPUT.
    Document {
        /// The target document's path relative to INPUT.
        path: String,
        /// An anchor inside that document, if any.
        fragment: Option<String>,
    },
    /// An anchor in the same document.
    Anchor {
        /// The target id (safe: no `/`).
        id: String,
        /// A citation of a numbered reference (not worth a printed note).
        citation: bool,
    },
}

/// What an image file is, read from its bytes (never from its name) by the resolve stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageFormat {
    /// Portable Network Graphics.
    Png,
    /// JPEG.
    Jpeg,
    /// GIF (the first frame is what prints).
    Gif,
    /// WebP.
    Webp,
    /// Scalable Vector Graphics.
    Svg,
}

impl ImageFormat {
    /// The file's media type, as a package manifest names it.
    pub fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Gif => "image/gif",
            ImageFormat::Webp => "image/webp",
            ImageFormat::Svg => "image/svg+xml",
        }
    }

    /// The usual file extension for the format, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Gif => "gif",
            ImageFormat::Webp => "webp",
            ImageFormat::Svg => "svg",
        }
    }

    /// Whether the image is made of pixels (every format but SVG).
    pub fn is_raster(self) -> bool {
        self != ImageFormat::Svg
    }
}

/// A local file a document embeds: its bytes, and what they were found to be.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    /// The file's bytes, as read from INPUT.
    pub bytes: Vec<u8>,
    /// The image format its bytes decode as.
    pub format: ImageFormat,
}

/// The local images documents embed, by path relative to INPUT (`/`-separated). Only files
/// that decode as an image are here: a document's image whose path is missing prints its alt
/// text.
pub type Assets = std::collections::BTreeMap<String, Asset>;

/// Where an image comes from.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ImageSource {
    /// The source as written, before resolution.
    Unresolved {
        /// The raw source.
        src: String,
    },
    /// A file inside INPUT, embedded by the writers that can (path relative to INPUT).
    Local {
        /// Path relative to INPUT, `/`-separated.
        path: String,
    },
    /// A remote image: never fetched, shown as a placeholder with its alt text.
    Remote {
        /// The absolute URL.
        url: String,
    },
    /// A source that was refused (outside INPUT, unsupported scheme, missing file).
    Refused,
}

/// Facts about a document derived once by the resolve stage for every writer.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Facts {
    /// Words a reader sees (no URLs, no markup).
    pub words: u64,
    /// Sentences in the body text.
    pub sentences: u64,
    /// Syllables in the body text (estimate).
    pub syllables: u64,
    /// Words of three syllables or more in the body text (SMOG's polysyllables).
    pub polysyllables: u64,
    /// Sentences of three words or more in the body text (SMOG's sentences: headings and
    /// labels of one or two words are not counted).
    pub full_sentences: u64,
    /// Number of headings.
    pub headings: u64,
    /// Number of links.
    pub links: u64,
    /// Number of images.
    pub images: u64,
    /// Number of tables.
    pub tables: u64,
    /// Reading grades, for English text with words (the formulas are made for English).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readability: Option<Readability>,
    /// Fernández-Huerta reading ease (0 to 100, higher is easier), for Spanish text with
    /// words, its syllables counted by Spanish spelling.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fernandez_huerta_ease: Option<f64>,
}

/// How hard a document's text is to read, by the formulas readability practice uses.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Readability {
    /// Flesch-Kincaid grade level (US school grade).
    pub flesch_kincaid_grade: f64,
    /// Flesch reading ease (0 to 100, higher is easier).
    pub flesch_reading_ease: f64,
    /// SMOG grade (McLaughlin 1969), the grade health-literacy guidance recommends for patient
    /// material; none for a text too short for it (see `resolve::readability::smog_grade`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smog_grade: Option<f64>,
}

impl Inline {
    /// Plain text shorthand.
    pub fn text(s: impl Into<String>) -> Self {
        Inline::Text { text: s.into() }
    }
}

/// The plain text of a run of inlines, as a reader would see it (images give their alt text).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for_each_plain_text(inlines, &mut |piece| out.push_str(piece));
    out
}

/// Calls `f` with each piece of the [`plain_text`] of a run of inlines, in order, without
/// putting the text together.
pub fn for_each_plain_text(inlines: &[Inline], f: &mut dyn FnMut(&str)) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => f(text),
            Inline::Code { code } => f(code),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Link { content, .. } => for_each_plain_text(content, f),
            Inline::LineBreak => f(" "),
            Inline::Image { alt, .. } => f(alt),
            Inline::FootnoteRef { .. } => {}
        }
    }
}

/// Whether a run of inlines shows nothing (no text, no image).
pub fn is_blank(content: &[Inline]) -> bool {
    plain_text(content).trim().is_empty() && !contains_image(content)
}

/// Whether a run of inlines holds an image, at any depth.
pub fn contains_image(content: &[Inline]) -> bool {
    content.iter().any(|inline| match inline {
        Inline::Image { .. } => true,
        Inline::Emphasis { content }
        | Inline::Strong { content }
        | Inline::Strikethrough { content }
        | Inline::Link { content, .. } => contains_image(content),
        _ => false,
    })
}

/// Calls `f` on every inline of the run, depth first, in document order: the content of an
/// emphasis or a link right after the inline that holds it.
pub fn walk_inlines<'a>(inlines: &'a [Inline], f: &mut dyn FnMut(&'a Inline)) {
    for inline in inlines {
        f(inline);
        match inline {
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Link { content, .. } => walk_inlines(content, f),
            _ => {}
        }
    }
}

/// Calls `f` on every block of the tree, depth first, in document order.
pub fn walk_blocks<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Block)) {
    for block in blocks {
        f(block);
        match &block.kind {
            BlockKind::List { items, .. } => {
                for item in items {
                    walk_blocks(&item.blocks, f);
                }
            }
            BlockKind::BlockQuote { blocks } => walk_blocks(blocks, f),
            _ => {}
        }
    }
}

/// Calls `f` on every block of the tree mutably, depth first, children after their parent.
pub fn walk_blocks_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Block)) {
    for block in blocks {
        f(block);
        match &mut block.kind {
            BlockKind::List { items, .. } => {
                for item in items {
                    walk_blocks_mut(&mut item.blocks, f);
                }
            }
            BlockKind::BlockQuote { blocks } => walk_blocks_mut(blocks, f),
            _ => {}
        }
    }
}

/// Calls `f` on every run of inlines directly held by `block` (paragraph, heading, table cells).
pub fn block_inlines_mut(block: &mut Block, f: &mut dyn FnMut(&mut Vec<Inline>)) {
    match &mut block.kind {
        BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => f(content),
        BlockKind::Table { header, rows, .. } => {
            for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                f(cell);
            }
        }
        _ => {}
    }
}

/// Calls `f` on every run of inlines directly held by `block` (paragraph, heading, table cells).
pub fn block_inlines<'a>(block: &'a Block, f: &mut dyn FnMut(&'a [Inline])) {
    match &block.kind {
        BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => f(content),
        BlockKind::Table { header, rows, .. } => {
            for cell in header.iter().chain(rows.iter().flatten()) {
                f(cell);
            }
        }
        _ => {}
    }
}

/// Calls `f` on every inline run in the document (body and footnotes), mutably.
pub fn for_each_inlines_mut(
    doc_blocks: &mut [Block],
    footnotes: &mut [Footnote],
    f: &mut dyn FnMut(&mut Vec<Inline>),
) {
    walk_blocks_mut(doc_blocks, &mut |b| block_inlines_mut(b, f));
    for note in footnotes {
        walk_blocks_mut(&mut note.blocks, &mut |b| block_inlines_mut(b, f));
    }
}
