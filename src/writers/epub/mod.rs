//! The EPUB 3 booklet: every document as one chapter, grouped in parts, in `booklet.epub`.
//!
//! epub-builder writes the booklet: the pages, the style sheet and the images go in through its
//! API, and it writes the package document, the navigation document, the NCX and the archive.
//! Where its public API cannot give what the booklet needs, two small passes follow: [`patch`]
//! puts in the attributes its templates have no place for, and [`restamp`] gives every entry of
//! its archive a fixed time, so that the same input gives the same bytes.

pub mod chapter;
pub mod cover;
pub mod options;
pub mod patch;
pub mod restamp;
pub mod xml;

pub use options::{BookletOptions, GroupBy};

use super::{Corpus, Output, Writer, WriterReport};
use crate::diagnostics::Diagnostic;
use crate::locale::Messages;
use crate::model::{Document, ImageSource, Inline, Language};
use crate::schedule;
use chapter::{BookIndex, ChapterContext, ImageResource, RenderedChapter};
use epub_builder::{
    EpubBuilder, EpubContent, EpubVersion, MetadataOpfV3, ReferenceType, TocElement,
};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use xml::{attr, text};

/// Path of the booklet under OUTPUT.
pub const BOOKLET_PATH: &str = "booklet.epub";

/// The booklet's style sheet: relative sizes, no fixed widths, tables that scroll or wrap.
pub const STYLESHEET: &str = include_str!("booklet.css");

/// Writes `booklet.epub`.
#[derive(Debug)]
pub struct EpubWriter {
    /// What the publisher chose about the e-book.
    pub options: BookletOptions,
}

impl Writer for EpubWriter {
    fn stage(&self) -> &'static str {
        "booklet"
    }

    fn write(&self, corpus: &Corpus<'_>, out: &Output<'_>) -> WriterReport {
        let mut report = WriterReport::default();
        let mut put = |path: &str, built: Result<Vec<u8>, String>| match built {
            Ok(bytes) => report.put(out.sink, path, &bytes, None),
            Err(message) => {
                report
                    .diagnostics
                    .push(Diagnostic::error(path, "epub-failed", message))
            }
        };
        if !self.options.per_language {
            put(
                BOOKLET_PATH,
                build_edition(
                    corpus.documents,
                    corpus.assets,
                    &self.options,
                    None,
                    out.previous(BOOKLET_PATH).as_deref(),
                ),
            );
            return report;
        }
        for edition in editions(corpus.documents) {
            let documents: Vec<Document> = corpus
                .documents
                .iter()
                .filter(|document| document.language.tag == edition.language.tag)
                .cloned()
                .collect();
            put(
                &edition.path,
                build_edition(
                    &documents,
                    corpus.assets,
                    &self.options,
                    Some(&edition.language),
                    out.previous(&edition.path).as_deref(),
                ),
            );
        }
        report
    }
}

/// One booklet of `--booklet-per-language`: the documents in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Edition {
    /// Its language.
    pub language: Language,
    /// Its path under OUTPUT: `booklet.epub` for the main language, `booklet.<tag>.epub` for
    /// the others.
    pub path: String,
}

/// The booklets of `--booklet-per-language`, the main language's first, then by tag.
pub fn editions(documents: &[Document]) -> Vec<Edition> {
    let main = main_language(documents);
    let mut languages: BTreeMap<&str, &Language> = BTreeMap::new();
    for document in documents {
        languages
            .entry(document.language.tag.as_str())
            .or_insert(&document.language);
    }
    let mut editions: Vec<Edition> = languages
        .into_values()
        .map(|language| Edition {
            path: if language.tag == main.tag {
                BOOKLET_PATH.to_string()
            } else {
                format!("booklet.{}.epub", language.tag)
            },
            language: language.clone(),
        })
        .collect();
    editions.sort_by_key(|edition| edition.language.tag != main.tag);
    editions
}

/// The booklet's language: the most common language of its documents, the smallest tag among
/// equally common ones; English for no documents.
pub fn main_language(documents: &[Document]) -> Language {
    let mut languages: BTreeMap<&str, (usize, &Language)> = BTreeMap::new();
    for document in documents {
        languages
            .entry(document.language.tag.as_str())
            .or_insert((0, &document.language))
            .0 += 1;
    }
    languages
        .into_values()
        .fold(
            None::<(usize, &Language)>,
            |best, (n, language)| match best {
                Some((m, _)) if m >= n => best,
                _ => Some((n, language)),
            },
        )
        .map_or_else(Language::default, |(_, language)| language.clone())
}

/// A part of the booklet: a heading page followed by its chapters (indexes into the documents).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The readable name.
    pub name: String,
    /// The part page's file name.
    pub file: String,
    /// Positions of the part's documents, in document order.
    pub documents: Vec<usize>,
}

/// Booklet-wide metadata derived from the documents and options.
#[derive(Debug, Clone, PartialEq)]
pub struct BookletMetadata {
    /// Title.
    pub title: String,
    /// Creator, if any is known.
    pub creator: Option<String>,
    /// The language of its title page, navigation and package: the words the booklet adds
    /// outside the chapters.
    pub language: Language,
    /// Last modification time.
    pub modified: chrono::NaiveDateTime,
    /// Stable identifier.
    pub identifier: uuid::Uuid,
}

/// Builds the whole booklet in memory, in the documents' most common language.
pub fn build_booklet(
    documents: &[Document],
    assets: &super::Assets,
    config: &BookletOptions,
) -> Result<Vec<u8>, String> {
    build_edition(documents, assets, config, None, None)
}

/// Builds a booklet in memory: of one language's documents when `edition` names it (its own
/// language and identifier), else of all of them in their most common language.
///
/// `previous` is the booklet this program made last at the same path, if there is one: a
/// chapter whose XHTML is the same as there is not compressed again, its compressed entry is
/// copied (the same bytes compressing it would give).
pub fn build_edition(
    documents: &[Document],
    assets: &super::Assets,
    config: &BookletOptions,
    edition: Option<&Language>,
    previous: Option<&[u8]>,
) -> Result<Vec<u8>, String> {
    let meta = booklet_metadata(documents, config, edition);
    let messages = Messages::for_language(&meta.language);
    let files = chapter_files(documents);
    let parts = group_parts(documents, config.group_by, &messages);
    let images = image_resources(documents, assets);

    let indexes: Vec<chapter::ChapterIndex> = documents
        .par_iter()
        .zip(files.par_iter())
        .map(|(doc, file)| chapter::index_chapter(doc, file))
        .collect();
    let book_index: BookIndex = documents
        .iter()
        .map(|d| d.path.clone())
        .zip(indexes)
        .collect();
    let image_hrefs: BTreeMap<String, ImageResource> = images
        .iter()
        .map(|(k, (res, _))| (k.clone(), res.clone()))
        .collect();
    let chapter_ctx = ChapterContext {
        index: &book_index,
        images: &image_hrefs,
    };
    // Rendered in parallel, heaviest first; epub-builder then takes the chapters one by one.
    let pairs: Vec<(&Document, &String)> = documents.iter().zip(&files).collect();
    let mut chapters: Vec<RenderedChapter> = schedule::map(
        &pairs,
        |(doc, _)| doc.weight(),
        |&(doc, _)| match book_index.get(&doc.path) {
            Some(index) => chapter::render_chapter(doc, index, &chapter_ctx),
            None => RenderedChapter::default(),
        },
    );

    let mut previous = previous.and_then(restamp::Previous::open);
    let unchanged: BTreeSet<String> = match previous.as_mut() {
        Some(previous) => (chapters.iter().zip(&files))
            .map(|(chapter, file)| (content_entry(file), chapter))
            .filter(|(entry, chapter)| previous.holds(entry, chapter.xhtml.as_bytes()))
            .map(|(entry, _)| entry)
            .collect(),
        None => BTreeSet::new(),
    };

    let with_alt: usize = chapters.iter().map(|c| c.images_with_alt).sum();
    let without_alt: usize = chapters.iter().map(|c| c.images_without_alt).sum();

    let fail = |e: epub_builder::Error| format!("could not build the booklet: {e}");
    let mut builder =
        EpubBuilder::new(epub_builder::ZipLibrary::new().map_err(fail)?).map_err(fail)?;
    builder.epub_version(EpubVersion::V30);
    builder.set_title(xml::clean_text(&meta.title));
    builder.add_language(meta.language.tag.clone());
    // The spine's page-progression-direction. Set through `metadata`: epub-builder 0.8.3's
    // `epub_direction` stores a value its template never reads (its src/epub.rs:378 and :902).
    builder
        .metadata("direction", meta.language.direction.as_str())
        .map_err(fail)?;
    builder.set_generator("mdexport");
    builder.set_toc_name(messages.text("contents"));
    // Without these two, epub-builder takes a random id and the clock time (its
    // src/epub.rs:813 and :807).
    builder.set_uuid(meta.identifier);
    builder.set_modified_date(meta.modified.and_utc());
    if let Some(creator) = &meta.creator {
        builder.add_metadata_opf(Box::new(MetadataOpfV3::new(
            "dcterms:creator".into(),
            text(creator),
        )));
    }
    for (property, value) in accessibility_metadata(with_alt, without_alt) {
        // epub-builder writes a metadata value as it is given: escaped here.
        builder.add_metadata_opf(Box::new(MetadataOpfV3::new(property.into(), text(&value))));
    }
    let given = |value: &Option<String>| {
        value
            .as_deref()
            .map(xml::normalize_space)
            .filter(|v| !v.is_empty())
    };
    if let Some(certifier) = given(&config.certified_by) {
        let mut meta = MetadataOpfV3::new("a11y:certifiedBy".into(), text(&certifier));
        meta.id = Some("certifier".into());
        builder.add_metadata_opf(Box::new(meta));
        if let Some(credential) = given(&config.certifier_credential) {
            // Set directly: epub-builder's `add_refines` sets the id instead (its
            // src/epub.rs:111).
            let mut meta = MetadataOpfV3::new("a11y:certifierCredential".into(), text(&credential));
            meta.refines = Some("#certifier".into());
            builder.add_metadata_opf(Box::new(meta));
        }
    }
    builder.stylesheet(STYLESHEET.as_bytes()).map_err(fail)?;
    for (resource, bytes) in images.values() {
        builder
            .add_resource(&resource.href, *bytes, resource.media_type)
            .map_err(fail)?;
    }
    let cover = config
        .cover
        .clone()
        .unwrap_or_else(|| cover::generated(&meta));
    let cover_file = cover::file_name(cover.format);
    builder
        .add_cover_image(
            &cover_file,
            cover.bytes.as_slice(),
            cover.format.media_type(),
        )
        .map_err(fail)?;
    let title_page = title_page(documents, &meta, config, &parts, &cover_file, &messages);
    builder
        .add_content(
            EpubContent::new("title.xhtml", title_page.as_bytes())
                .title(messages.text("title-page"))
                .reftype(ReferenceType::TitlePage),
        )
        .map_err(fail)?;
    // epub-builder builds the table of contents from the pages' titles and levels: a part page
    // at level 1 takes the chapters after it (level 2) as its entries; without parts the
    // chapters are at level 1. A chapter's sections are its entries one level down.
    let grouped = !(parts.len() == 1 && config.group_by == GroupBy::None);
    let chapter_level = if grouped { 2 } else { 1 };
    let mut body_start = true;
    for part in &parts {
        if grouped {
            let page = part_page(part, &chapters, &files, documents, &meta.language);
            builder
                .add_content(
                    EpubContent::new(part.file.as_str(), page.as_bytes())
                        .title(toc_label(&part.name, &messages.text("part")))
                        .level(1),
                )
                .map_err(fail)?;
        }
        for &position in &part.documents {
            let (Some(chapter), Some(file)) = (chapters.get_mut(position), files.get(position))
            else {
                continue;
            };
            // The chapter's XHTML is let go as soon as epub-builder has compressed it. A chapter
            // the previous booklet holds as it is goes in empty, and its entry is copied below.
            let mut xhtml = std::mem::take(&mut chapter.xhtml);
            if unchanged.contains(&content_entry(file)) {
                xhtml.clear();
            }
            let mut content = EpubContent::new(file.as_str(), xhtml.as_bytes())
                .title(toc_label(
                    &chapter.title,
                    &messages.text("untitled-document"),
                ))
                .level(chapter_level);
            for (id, title) in &chapter.sections {
                let label = toc_label(title, "");
                if !label.is_empty() {
                    content = content.child(TocElement::new(format!("{file}#{id}"), label));
                }
            }
            if std::mem::take(&mut body_start) {
                // The guide's "text" reference and the landmark "bodymatter".
                content = content.reftype(ReferenceType::Text);
            }
            builder.add_content(content).map_err(fail)?;
        }
    }
    drop(chapters);
    let mut generated = Vec::new();
    builder.generate(&mut generated).map_err(fail)?;
    let copied = previous.map(|previous| (previous, unchanged));
    restamp::restamp(
        &generated,
        meta.modified,
        copied,
        &["OEBPS/content.opf", "OEBPS/nav.xhtml"],
        &|name, text| {
            if name.ends_with(".opf") {
                patch::package_language(&text, &meta.language.tag)
            } else {
                patch::nav_language_and_role(&text, &meta.language)
            }
        },
    )
}

/// The name of the archive entry epub-builder gives the content file `file`.
fn content_entry(file: &str) -> String {
    format!("OEBPS/{file}")
}

/// A label for the table of contents: `title` as XML allows it, trimmed, else `fallback`.
/// epub-builder leaves a page with an empty title out of the table of contents.
fn toc_label(title: &str, fallback: &str) -> String {
    let label = xml::normalize_space(title);
    if label.is_empty() {
        fallback.to_string()
    } else {
        label
    }
}

/// The booklet's title, creator, language, date and identifier: `edition`'s language when it
/// is one language's booklet, else its documents' most common.
pub fn booklet_metadata(
    documents: &[Document],
    config: &BookletOptions,
    edition: Option<&Language>,
) -> BookletMetadata {
    let language = edition.cloned().unwrap_or_else(|| main_language(documents));
    let title = config
        .title
        .as_deref()
        .map(xml::normalize_space)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| Messages::for_language(&language).text("default-booklet-title"));
    let creator = match config
        .creator
        .as_deref()
        .map(xml::normalize_space)
        .filter(|c| !c.is_empty())
    {
        Some(creator) => Some(creator),
        None => {
            let sources: BTreeSet<String> = documents
                .iter()
                .filter_map(|d| d.metadata.source.as_deref())
                .map(xml::normalize_space)
                .filter(|s| !s.is_empty())
                .collect();
            (!sources.is_empty()).then(|| sources.into_iter().collect::<Vec<_>>().join(", "))
        }
    };
    let modified = super::release_time(documents, config.source_date_epoch);
    let mut hasher_input = String::new();
    if let Some(edition) = edition {
        // One language's booklet is another book than the booklet of all documents, even when
        // every document is in that language.
        hasher_input.push_str("edition\0");
        hasher_input.push_str(&edition.tag);
        hasher_input.push('\n');
    }
    for document in documents {
        hasher_input.push_str(&document.path);
        hasher_input.push('\0');
        hasher_input.push_str(&document.sha256);
        hasher_input.push('\n');
    }
    let namespace = uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        b"https://mdexport.invalid/booklet",
    );
    BookletMetadata {
        title,
        creator,
        language,
        modified,
        identifier: uuid::Uuid::new_v5(&namespace, hasher_input.as_bytes()),
    }
}

/// EPUB Accessibility 1.1 properties, given how many embedded images have alt text.
pub fn accessibility_metadata(
    images_with_alt: usize,
    images_without_alt: usize,
) -> Vec<(&'static str, String)> {
    let mut meta = vec![
        ("schema:accessMode", "textual".to_string()),
        ("schema:accessModeSufficient", "textual".to_string()),
        (
            "schema:accessibilityFeature",
            "structuralNavigation".to_string(),
        ),
        ("schema:accessibilityFeature", "tableOfContents".to_string()),
        ("schema:accessibilityFeature", "readingOrder".to_string()),
    ];
    if images_with_alt > 0 && images_without_alt == 0 {
        meta.push(("schema:accessibilityFeature", "alternativeText".to_string()));
    }
    if images_with_alt + images_without_alt > 0 {
        meta.insert(1, ("schema:accessMode", "visual".to_string()));
    }
    meta.push(("schema:accessibilityHazard", "none".to_string()));
    meta.push((
        "schema:accessibilitySummary",
        "One chapter per document with a heading structure, a table of contents grouped in parts with the sections of every \
         chapter, tables with header cells, and images described in text."
            .to_string(),
    ));
    if images_without_alt == 0 {
        meta.push((
            "dcterms:conformsTo",
            "EPUB Accessibility 1.1 - WCAG 2.1 Level AA".to_string(),
        ));
    }
    meta
}

/// Stable, safe chapter file names derived from the document paths (`c-pdq-some-page.xhtml`).
pub fn chapter_files(documents: &[Document]) -> Vec<String> {
    let mut used = BTreeSet::new();
    documents
        .iter()
        .map(|doc| {
            let stem = doc
                .path
                .rsplit_once('.')
                .filter(|(s, e)| !s.is_empty() && !e.contains('/'))
                .map_or(doc.path.as_str(), |(s, _)| s);
            let base = format!("c-{}", ascii_slug(stem, 100));
            unique_name(&mut used, &base, "xhtml")
        })
        .collect()
}

fn unique_name(used: &mut BTreeSet<String>, base: &str, extension: &str) -> String {
    let mut candidate = format!("{base}.{extension}");
    let mut n = 1;
    while used.contains(&candidate) {
        n += 1;
        candidate = format!("{base}-{n}.{extension}");
    }
    used.insert(candidate.clone());
    candidate
}

/// Lower-case ASCII letters, digits and single dashes.
fn ascii_slug(raw: &str, max: usize) -> String {
    let slug = slug::slugify(raw);
    let mut slug: String = slug
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(max)
        .collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        "document".to_string()
    } else {
        slug
    }
}

/// The readable name of a folder (`cancer-types` -> "Cancer types", `pdq` -> "PDQ").
pub fn readable_name(raw: &str) -> String {
    const ACRONYMS: &[&str] = &["nci", "pdq", "faq", "hpv", "hiv", "cam", "nih", "fda"];
    let words: Vec<String> = raw
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .enumerate()
        .map(|(i, word)| {
            let lower = word.to_lowercase();
            let no_vowel = word.len() > 1
                && word.chars().all(|c| c.is_ascii_alphabetic())
                && !lower.contains(['a', 'e', 'i', 'o', 'u', 'y']);
            if ACRONYMS.contains(&lower.as_str()) || no_vowel {
                word.to_uppercase()
            } else if i == 0 {
                let mut chars = word.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            } else {
                word.to_string()
            }
        })
        .collect();
    xml::normalize_space(&words.join(" "))
}

/// Groups the documents into parts, named in the booklet's language (`messages`) when no
/// folder, cancer type or tag names them.
pub fn group_parts(documents: &[Document], group_by: GroupBy, messages: &Messages) -> Vec<Part> {
    let other = messages.text("other-documents");
    let key = |doc: &Document| -> String {
        let name = match group_by {
            GroupBy::Folder => doc
                .path
                .split_once('/')
                .map(|(folder, _)| readable_name(folder))
                .unwrap_or_else(|| messages.text("general")),
            GroupBy::CancerType => doc
                .metadata
                .cancer_types
                .iter()
                .map(|c| readable_name(c))
                .find(|c| !c.is_empty())
                .unwrap_or_default(),
            GroupBy::Tag => doc
                .metadata
                .tags
                .iter()
                .map(|c| readable_name(c))
                .find(|c| !c.is_empty())
                .unwrap_or_default(),
            GroupBy::None => messages.text("documents"),
        };
        if name.is_empty() { other.clone() } else { name }
    };
    let mut order: Vec<String> = Vec::new();
    let mut members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (position, doc) in documents.iter().enumerate() {
        let name = key(doc);
        if !members.contains_key(&name) {
            order.push(name.clone());
        }
        members.entry(name).or_default().push(position);
    }
    if matches!(group_by, GroupBy::CancerType | GroupBy::Tag) {
        order.sort_by_key(|name| (*name == other, name.to_lowercase(), name.clone()));
    }
    let mut used = BTreeSet::new();
    order
        .into_iter()
        .map(|name| {
            let file = unique_name(
                &mut used,
                &format!("part-{}", ascii_slug(&name, 60)),
                "xhtml",
            );
            let documents = members.remove(&name).unwrap_or_default();
            Part {
                name,
                file,
                documents,
            }
        })
        .collect()
}

/// Local images to embed: asset path -> (resource, bytes), for images of a known raster type.
fn image_resources<'a>(
    documents: &[Document],
    assets: &'a super::Assets,
) -> BTreeMap<String, (ImageResource, &'a [u8])> {
    // Each document is looked through on its own, in parallel: this pass reads the whole model.
    let wanted = documents
        .par_iter()
        .map(|doc| {
            let mut wanted = BTreeSet::new();
            local_images_of(doc, &mut wanted);
            wanted
        })
        .reduce(BTreeSet::new, |mut all, some| {
            all.extend(some);
            all
        });
    let mut resources = BTreeMap::new();
    for path in wanted {
        // The booklet embeds the raster formats only: an SVG file may carry scripts, styles
        // and references that EPUB's rules for SVG refuse, so a picture in SVG prints in the
        // handouts and shows its alt text here.
        let Some(asset) = assets.get(&path).filter(|asset| asset.format.is_raster()) else {
            continue;
        };
        let (media_type, extension) = (asset.format.media_type(), asset.format.extension());
        let digest = Sha256::digest(&asset.bytes);
        let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        resources.insert(
            path,
            (
                ImageResource {
                    href: format!("images/img-{hex}.{extension}"),
                    media_type,
                },
                asset.bytes.as_slice(),
            ),
        );
    }
    resources
}

/// Adds the asset paths of the local images of `doc` to `wanted`.
fn local_images_of(doc: &Document, wanted: &mut BTreeSet<String>) {
    doc.for_each_inline(&mut |inline| {
        if let Inline::Image { source, .. } = inline
            && let ImageSource::Local { path } = &**source
        {
            wanted.insert(path.clone());
        }
    });
}

fn title_page(
    documents: &[Document],
    meta: &BookletMetadata,
    config: &BookletOptions,
    parts: &[Part],
    cover_file: &str,
    messages: &Messages,
) -> String {
    let mut page = chapter::page_head(&meta.language, &meta.title);
    page.push_str("<body>\n<section class=\"title-page\" epub:type=\"titlepage\">\n");
    // The cover repeats what the page says in text below it: to a screen reader it is decoration.
    page.push_str(&format!(
        "<p class=\"cover\"><img src=\"{}\" alt=\"\"/></p>\n",
        attr(cover_file)
    ));
    page.push_str(&format!(
        "<h1 class=\"book-title\">{}</h1>\n",
        text(&meta.title)
    ));
    if let Some(creator) = &meta.creator {
        page.push_str(&format!("<p class=\"creator\">{}</p>\n", text(creator)));
    }
    if let Some(cover) = config
        .cover_text
        .as_deref()
        .map(xml::normalize_space)
        .filter(|c| !c.is_empty())
    {
        page.push_str(&format!("<p class=\"cover-text\">{}</p>\n", text(&cover)));
    }
    let date = meta.modified.date();
    let count = |id: &str, n: usize| text(&messages.format(id, &[("count", &n.to_string())]));
    let mut facts = count("document-count", documents.len());
    if config.group_by != GroupBy::None && parts.len() > 1 {
        facts.push_str(" · ");
        facts.push_str(&count("part-count", parts.len()));
    }
    page.push_str(&format!(
        "<p class=\"book-facts\">{facts} · <time datetime=\"{date}\">{}</time></p>\n",
        text(&messages.date(date))
    ));
    page.push_str("</section>\n</body>\n</html>\n");
    page
}

fn part_page(
    part: &Part,
    chapters: &[RenderedChapter],
    files: &[String],
    documents: &[Document],
    language: &Language,
) -> String {
    let mut page = chapter::page_head(language, &part.name);
    page.push_str("<body>\n<section class=\"part\" epub:type=\"part\" role=\"doc-part\">\n");
    page.push_str(&format!(
        "<h1>{}</h1>\n<ul class=\"part-contents\">\n",
        text(&part.name)
    ));
    for &position in &part.documents {
        let (Some(chapter), Some(file)) = (chapters.get(position), files.get(position)) else {
            continue;
        };
        // A title in another language than the part page's is marked with its own.
        let marked = match documents.get(position).map(|d| &d.language) {
            Some(own) if own.tag != language.tag => format!(
                " lang=\"{0}\" xml:lang=\"{0}\" dir=\"{1}\"",
                attr(&own.tag),
                own.direction.as_str()
            ),
            _ => String::new(),
        };
        page.push_str(&format!(
            "<li><a href=\"{}\"{marked}>{}</a></li>\n",
            attr(file),
            text(&chapter.title)
        ));
    }
    page.push_str("</ul>\n</section>\n</body>\n</html>\n");
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_read_well() {
        assert_eq!(readable_name("cancer-types"), "Cancer types");
        assert_eq!(readable_name("pdq"), "PDQ");
        assert_eq!(readable_name("coping"), "Coping");
    }

    #[test]
    fn parts_follow_the_grouping() {
        let doc = |path: &str, cancer: &[&str]| Document {
            path: path.into(),
            sha256: String::new(),
            metadata: crate::model::Metadata {
                cancer_types: cancer.iter().map(|c| c.to_string()).collect(),
                ..Default::default()
            },
            title: path.into(),
            blocks: vec![],
            footnotes: vec![],
            facts: Default::default(),
            language: Default::default(),
            translations: Vec::new(),
        };
        let english = Messages::for_language(&Language::default());
        let docs = [
            doc("pdq/a.md", &["lung"]),
            doc("cancer-types/b.md", &[]),
            doc("root.md", &["breast"]),
            doc("pdq/c.md", &["lung"]),
        ];
        let names = |parts: Vec<Part>| {
            parts
                .into_iter()
                .map(|p| (p.name, p.documents))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(group_parts(&docs, GroupBy::Folder, &english)),
            [
                ("PDQ".to_string(), vec![0, 3]),
                ("Cancer types".to_string(), vec![1]),
                ("General".to_string(), vec![2])
            ]
        );
        assert_eq!(
            names(group_parts(&docs, GroupBy::CancerType, &english)),
            [
                ("Breast".to_string(), vec![2]),
                ("Lung".to_string(), vec![0, 3]),
                ("Other documents".to_string(), vec![1])
            ]
        );
        assert_eq!(
            names(group_parts(&docs, GroupBy::None, &english)),
            [("Documents".to_string(), vec![0, 1, 2, 3])]
        );
        let files = chapter_files(&[
            doc("a/b c.md", &[]),
            doc("a/b-c.md", &[]),
            doc("a/b/ü.md", &[]),
        ]);
        assert_eq!(files, ["c-a-b-c.xhtml", "c-a-b-c-2.xhtml", "c-a-b-u.xhtml"]);
    }

    #[test]
    fn table_of_contents_labels_are_never_empty() {
        assert_eq!(toc_label(" A \u{1} b ", "x"), "A b");
        assert_eq!(
            toc_label("\u{1}\u{FFFE}", "Untitled document"),
            "Untitled document"
        );
    }

    #[test]
    fn accessibility_claims_follow_alt_text() {
        let with = accessibility_metadata(2, 0);
        assert!(
            with.iter()
                .any(|(k, v)| *k == "schema:accessibilityFeature" && v == "alternativeText")
        );
        assert!(with.iter().any(|(k, _)| *k == "dcterms:conformsTo"));
        let without = accessibility_metadata(1, 1);
        assert!(!without.iter().any(|(k, _)| *k == "dcterms:conformsTo"));
    }
}
