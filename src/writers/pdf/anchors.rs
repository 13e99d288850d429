//! Links to a place in the same handout, pointed at their target after layout.
//!
//! A Typst link to a label asks, while the page is laid out, where the label is and on which
//! page (for the link's alternative text). Before the first layout nothing is known, so every
//! paragraph holding such a link comes out different the second time and Typst lays the whole
//! body out again. Citation marks make dozens of such links a page.
//!
//! So the handout lays such a link out as a link to a private address that names the target's
//! id ([`url`]), which needs no knowledge of the layout, and [`resolve`] then turns each one
//! into what Typst would have made of a link to the label: a link to the labelled element's
//! place, read as "page 3" (or "Section, page 3" for a heading), in the document's language.
//! No private address is left. The source only links to ids it labels.

use std::num::NonZeroUsize;
use typst::foundations::{Content, Label, Packed};
use typst::introspection::{Introspector, Location, Tag};
use typst::layout::{Frame, FrameItem, PageElem};
use typst::model::{Destination, Document as _, LinkMarker, Refable};
use typst::text::LocalName;
use typst::utils::PicoStr;
use typst_layout::{Page, PagedDocument};

/// The scheme of the private address of a link inside the handout.
const SCHEME: &str = "mdexport-anchor:";

/// The private address a link to the element labelled `id` is laid out with.
pub fn url(id: &str) -> String {
    format!("{SCHEME}{id}")
}

/// Where one link inside the handout goes, and what it is read as.
struct Target {
    location: Location,
    alt: String,
}

/// `document` with every link to a private address pointing at the element labelled with its
/// id, and read as Typst reads a link to that element, in the document's language. A link
/// whose label the layout does not hold exactly once stops being one: its text stays.
pub fn resolve(document: &PagedDocument) -> PagedDocument {
    let introspector = document.introspector();
    let locale = document.info().locale.unwrap_or_default();
    let page_name = PageElem::local_name(locale.lang, locale.region);
    let target = |address: &str| -> Option<Target> {
        let id = address.strip_prefix(SCHEME)?;
        let label = Label::new(PicoStr::intern(id))?;
        let element = introspector.query_label(label).ok()?;
        let location = element.location()?;
        let page = introspector.page(location)?;
        let number = logical_page_number(document.pages(), page);
        // Typst's words for a link to a place: the page's name and number, after the element's
        // name for an element it can refer to (a heading: the handout numbers none).
        let alt = match element.with::<dyn Refable>() {
            Some(refable) => format!(
                "{}, {page_name} {number}",
                refable.supplement().plain_text()
            ),
            None => format!("{page_name} {number}"),
        };
        Some(Target { location, alt })
    };
    let pages = document
        .pages()
        .iter()
        .map(|page| {
            let mut frame = page.frame.clone();
            resolve_frame(&mut frame, &target);
            Page {
                frame,
                ..page.clone()
            }
        })
        .collect();
    PagedDocument::new(pages, document.info().clone())
}

/// The number the page `page` (counted from one) prints in its footer.
fn logical_page_number(pages: &[Page], page: NonZeroUsize) -> u64 {
    pages
        .get(page.get() - 1)
        .map_or(page.get() as u64, |page| page.number)
}

/// Rewrites, in `frame` and the frames it holds, the links to a private address and the start
/// tags of their link elements.
fn resolve_frame(frame: &mut Frame, target: &dyn Fn(&str) -> Option<Target>) {
    frame.retain(|item| {
        match item {
            FrameItem::Group(group) => resolve_frame(&mut group.frame, target),
            FrameItem::Link(destination, _) => {
                if let Destination::Url(address) = destination
                    && address.starts_with(SCHEME)
                {
                    match target(address) {
                        Some(found) => *destination = Destination::Location(found.location),
                        None => return false,
                    }
                }
            }
            FrameItem::Tag(Tag::Start(content, _)) => {
                if let Some(marker) = private_marker(content) {
                    let mut marker = marker.clone();
                    marker.alt = marker
                        .alt
                        .as_deref()
                        .and_then(target)
                        .map(|found| found.alt.into());
                    *content = marker.pack();
                }
            }
            _ => {}
        }
        true
    });
}

/// The link element that starts at `content`, when its alternative text is a private address.
fn private_marker(content: &Content) -> Option<&Packed<LinkMarker>> {
    content.to_packed::<LinkMarker>().filter(|marker| {
        marker
            .alt
            .as_deref()
            .is_some_and(|alt| alt.starts_with(SCHEME))
    })
}
