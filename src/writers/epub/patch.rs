//! The attributes epub-builder 0.8.3's package and navigation templates have no place for, put
//! into the documents it wrote.
//!
//! epub-builder renders `content.opf` and `nav.xhtml` from fixed templates inside `generate`
//! (its src/epub.rs:759-766) and writes them into the archive itself; the booklet cannot give
//! its own (a second `nav.xhtml` is zip's "Duplicate filename" error, zip 6.0.0
//! src/write.rs:1061, and the manifest item would be listed twice). DAISY Ace reports what those
//! templates lack (a language on `<package>` and on `<html>`, a role on the table of contents),
//! so each attribute is inserted into the template's own text, found exactly. If epub-builder's
//! text changes, the insertion is an error, not a booklet that quietly lost its accessibility.

use super::xml::attr;
use crate::model::Language;

/// The start tag of the package document, epub-builder 0.8.3 templates/v3/content.opf:2.
const PACKAGE_TAG: &str =
    r#"<package version="3.0" xmlns="http://www.idpf.org/2007/opf" unique-identifier="epub-id-1">"#;

/// The start tag of the navigation document, epub-builder 0.8.3 templates/v3/nav.xhtml:3.
const NAV_HTML_TAG: &str =
    r#"<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">"#;

/// The start tag of the table of contents, epub-builder 0.8.3 templates/v3/nav.xhtml:11.
const NAV_TOC_TAG: &str = r#"<nav epub:type = "toc" id="toc">"#;

/// The package document with `xml:lang` on `<package>`: DAISY Ace's `epub-lang` rule (serious)
/// asks for the language of the package's own text there, and the template's start tag has no
/// attribute to set it.
pub fn package_language(opf: &str, language: &str) -> Result<String, String> {
    let tag = format!(
        "{} xml:lang=\"{}\">",
        PACKAGE_TAG.trim_end_matches('>'),
        attr(language)
    );
    replace_once(opf, "content.opf", PACKAGE_TAG, &tag)
}

/// The navigation document with `lang`, `xml:lang` and `dir` on `<html>` (axe's `html-has-lang`,
/// serious, which DAISY Ace runs on the navigation document too) and `role="doc-toc"` on the
/// table of contents (`epub-type-has-matching-role`: `epub:type="toc"` wants that DPUB-ARIA role;
/// and `landmark-unique`: without it the two `<nav>` elements are alike unnamed landmarks).
pub fn nav_language_and_role(nav: &str, language: &Language) -> Result<String, String> {
    let html = format!(
        "{} lang=\"{tag}\" xml:lang=\"{tag}\" dir=\"{dir}\">",
        NAV_HTML_TAG.trim_end_matches('>'),
        tag = attr(&language.tag),
        dir = language.direction.as_str()
    );
    let nav = replace_once(nav, "nav.xhtml", NAV_HTML_TAG, &html)?;
    let toc = format!("{} role=\"doc-toc\">", NAV_TOC_TAG.trim_end_matches('>'));
    replace_once(&nav, "nav.xhtml", NAV_TOC_TAG, &toc)
}

/// `text` with its one `anchor` replaced by `with`; an error unless `anchor` is there once.
fn replace_once(text: &str, file: &str, anchor: &str, with: &str) -> Result<String, String> {
    match text.matches(anchor).count() {
        1 => Ok(text.replacen(anchor, with, 1)),
        n => Err(format!(
            "epub-builder's {file} has {n} times, not once, the text the booklet amends ({anchor}): \
             its template changed, so the booklet's amendment must be looked at again"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_tags_gain_their_attributes() {
        let opf = format!("<?xml version=\"1.0\"?>\n{PACKAGE_TAG}\n</package>");
        let opf = package_language(&opf, "es").unwrap();
        assert!(opf.contains(" unique-identifier=\"epub-id-1\" xml:lang=\"es\">\n"));
        let nav =
            format!("{NAV_HTML_TAG}\n<body>\n  {NAV_TOC_TAG}\n  <nav epub:type = \"landmarks\">");
        let english = crate::resolve::language::parse("en-US").unwrap();
        let nav = nav_language_and_role(&nav, &english).unwrap();
        assert!(
            nav.contains("/ops\" lang=\"en-US\" xml:lang=\"en-US\" dir=\"ltr\">\n"),
            "{nav}"
        );
        assert!(
            nav.contains("<nav epub:type = \"toc\" id=\"toc\" role=\"doc-toc\">"),
            "{nav}"
        );
        assert!(nav.contains("<nav epub:type = \"landmarks\">"), "{nav}");
    }

    #[test]
    fn a_changed_template_is_an_error() {
        assert!(package_language("<package version=\"3.0\">", "en").is_err());
        let en = Language::default();
        assert!(nav_language_and_role(NAV_HTML_TAG, &en).is_err(), "no toc");
        assert!(nav_language_and_role(NAV_TOC_TAG, &en).is_err(), "no html");
        let twice = format!("{NAV_HTML_TAG}{NAV_TOC_TAG}{NAV_TOC_TAG}");
        assert!(nav_language_and_role(&twice, &en).is_err(), "two tocs");
    }
}
