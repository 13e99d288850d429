//! The navigation document (`nav.xhtml`) and the NCX (`toc.ncx`) of the booklet.

use super::chapter::page_head;
use super::xml::{attr, text};

/// One entry of the table of contents, with the entries below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavEntry {
    /// Link target relative to the package (`c-x.xhtml`, `c-x.xhtml#id`).
    pub href: String,
    /// Label shown to readers (plain text, never empty).
    pub title: String,
    /// Entries one level down.
    pub children: Vec<NavEntry>,
}

/// Files the landmarks point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Landmarks {
    /// The title page.
    pub title_page: String,
    /// The first chapter, if any.
    pub body_start: Option<String>,
}

/// The EPUB 3 navigation document: the table of contents and the landmarks.
pub fn nav_document(
    language: &str,
    toc_title: &str,
    entries: &[NavEntry],
    landmarks: &Landmarks,
) -> String {
    let mut out = page_head(language, toc_title);
    out.push_str("<body>\n<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\">\n");
    out.push_str(&format!("<h1>{}</h1>\n", text(toc_title)));
    nav_list(entries, &mut out, 0);
    out.push_str("</nav>\n<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<h2>Landmarks</h2>\n<ol>\n");
    out.push_str(&format!(
        "<li><a epub:type=\"titlepage\" href=\"{}\">Title page</a></li>\n",
        attr(&landmarks.title_page)
    ));
    if let Some(start) = &landmarks.body_start {
        out.push_str(&format!(
            "<li><a epub:type=\"bodymatter\" href=\"{}\">Start of content</a></li>\n",
            attr(start)
        ));
    }
    out.push_str("</ol>\n</nav>\n</body>\n</html>\n");
    out
}

fn nav_list(entries: &[NavEntry], out: &mut String, depth: usize) {
    if entries.is_empty() || depth > 8 {
        return;
    }
    out.push_str("<ol>\n");
    for entry in entries {
        out.push_str(&format!(
            "<li><a href=\"{}\">{}</a>",
            attr(&entry.href),
            text(&entry.title)
        ));
        if !entry.children.is_empty() && depth < 8 {
            out.push('\n');
            nav_list(&entry.children, out, depth + 1);
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
}

/// The NCX for EPUB 2 reading systems, with the same entries as the navigation document.
pub fn ncx(language: &str, identifier: &str, title: &str, entries: &[NavEntry]) -> String {
    let depth = max_depth(entries, 0).max(1);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"{}\">\n<head>\n<meta name=\"dtb:uid\" content=\"{}\"/>\n<meta name=\"dtb:depth\" content=\"{depth}\"/>\n<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n<docTitle><text>{}</text></docTitle>\n<navMap>\n",
        attr(language),
        attr(identifier),
        text(title)
    );
    let mut order = 0;
    nav_points(entries, &mut out, &mut order, 0);
    out.push_str("</navMap>\n</ncx>\n");
    out
}

fn nav_points(entries: &[NavEntry], out: &mut String, order: &mut usize, depth: usize) {
    if depth > 8 {
        return;
    }
    for entry in entries {
        *order += 1;
        out.push_str(&format!(
            "<navPoint id=\"navPoint-{order}\" playOrder=\"{order}\"><navLabel><text>{}</text></navLabel><content src=\"{}\"/>\n",
            text(&entry.title),
            attr(&entry.href),
            order = *order
        ));
        nav_points(&entry.children, out, order, depth + 1);
        out.push_str("</navPoint>\n");
    }
}

fn max_depth(entries: &[NavEntry], depth: usize) -> usize {
    if depth > 8 {
        return depth;
    }
    entries
        .iter()
        .map(|e| max_depth(&e.children, depth + 1))
        .max()
        .unwrap_or(depth)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nav_and_ncx_agree() {
        let entries = vec![NavEntry {
            href: "part-a.xhtml".into(),
            title: "A & B".into(),
            children: vec![NavEntry {
                href: "c-a.xhtml".into(),
                title: "Chapter".into(),
                children: vec![],
            }],
        }];
        let landmarks = Landmarks {
            title_page: "title.xhtml".into(),
            body_start: Some("c-a.xhtml".into()),
        };
        let nav = nav_document("en", "Contents", &entries, &landmarks);
        insta::assert_snapshot!(nav);
        let ncx = ncx("en", "urn:uuid:x", "Book", &entries);
        assert_eq!(ncx.matches("<navPoint").count(), 2);
        assert!(ncx.contains("dtb:depth\" content=\"2\""));
        assert!(ncx.contains("<text>A &amp; B</text>"));
    }
}
