//! One destination as written, resolved: a document, an anchor, an external URL that is a
//! valid URI, or text with the reason why.

use super::index::{Anchors, DocumentIndex, percent_decode};
use super::report::Problem;
use crate::model::LinkTarget;
use url::Url;

/// What one link becomes, with the problem if it became text.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A resolved target.
    Target(LinkTarget),
    /// Plain text, for this reason.
    Text(Problem),
}

/// What a link needs to know about its document and the others.
pub struct LinkContext<'a> {
    /// The document's path relative to INPUT.
    pub document_path: &'a str,
    /// The document's page URL, if it has a usable one.
    pub base: Option<&'a Url>,
    /// Every document.
    pub index: &'a DocumentIndex,
    /// What links inside this document can point at.
    pub own: &'a Anchors,
}

/// The page URL a document's relative links are resolved against (http(s) only).
pub fn page_base(url: Option<&str>) -> Option<Url> {
    Url::parse(url?.trim()).ok().filter(|u| {
        matches!(u.scheme(), "http" | "https") && u.host_str().is_some() && uri_text(u).is_some()
    })
}

/// The scheme of a destination, lower case, if it has one (letters before the first `:` that
/// comes before any `/`, `?` or `#`). Whitespace inside is ignored, as browsers do.
pub fn scheme_of(href: &str) -> Option<String> {
    let mut scheme = String::new();
    for c in href.chars().filter(|c| !c.is_whitespace()) {
        if c == ':' {
            return scheme
                .starts_with(|c: char| c.is_ascii_alphabetic())
                .then(|| scheme.to_ascii_lowercase());
        }
        // Not a scheme character: `/`, `?` and `#` among them, which end a scheme-less path.
        if !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
            return None;
        }
        scheme.push(c);
    }
    None
}

/// Whether a destination is a glossary pop-up.
pub fn is_glossary(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    lower.contains("popdefinition") || lower.contains("/popups/")
}

/// Joins `relative` (a `/`-separated path) to the folder of `document_path`, within INPUT.
/// `None` when it leaves INPUT or is absolute.
pub fn join_inside(document_path: &str, relative: &str) -> Option<String> {
    if relative.starts_with('/') || relative.starts_with('\\') || relative.contains('\\') {
        return None;
    }
    let mut parts: Vec<&str> = document_path.split('/').collect();
    parts.pop();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Resolves one destination as written.
pub fn resolve_href(href: &str, context: &LinkContext) -> Outcome {
    let href = href.trim();
    if href.is_empty() {
        return Outcome::Text(Problem::EmptyLink);
    }
    if let Some(fragment) = href.strip_prefix('#') {
        return match context.own.find(fragment) {
            Some((id, citation)) => Outcome::Target(LinkTarget::Anchor { id, citation }),
            None => Outcome::Text(Problem::UnresolvedAnchor),
        };
    }
    match scheme_of(href).as_deref() {
        Some("javascript" | "vbscript" | "data" | "file") => {
            return Outcome::Text(Problem::UnsafeLink);
        }
        Some("http" | "https") => {
            return match Url::parse(href) {
                Ok(url) => absolute(url, context),
                Err(_) => Outcome::Text(Problem::UnsupportedLink),
            };
        }
        Some("mailto") => {
            return match Url::parse(href)
                .ok()
                .filter(|url| url.path().contains('@'))
                .and_then(|url| uri_text(&url))
            {
                Some(url) => Outcome::Target(LinkTarget::External {
                    url,
                    glossary: false,
                }),
                None => Outcome::Text(Problem::UnsupportedLink),
            };
        }
        Some(_) => return Outcome::Text(Problem::UnsupportedLink),
        None => {}
    }
    if !href.starts_with('/') {
        let (path, fragment) = split_fragment(href);
        let path = path.split('?').next().unwrap_or("");
        if let Some(target) = join_inside(context.document_path, &percent_decode(path))
            .filter(|p| context.index.has_path(p))
        {
            let fragment = fragment
                .and_then(|f| context.index.fragment_id(&target, f))
                .map(|(id, _)| id);
            return Outcome::Target(LinkTarget::Document {
                path: target,
                fragment,
            });
        }
    }
    let Some(base) = context.base else {
        return Outcome::Text(Problem::NoBaseUrl);
    };
    match base.join(href) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => absolute(url, context),
        _ => Outcome::Text(Problem::UnsupportedLink),
    }
}

fn split_fragment(href: &str) -> (&str, Option<&str>) {
    match href.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (href, None),
    }
}

/// An absolute http(s) URL: a glossary pop-up, a document of INPUT, or external.
fn absolute(url: Url, context: &LinkContext) -> Outcome {
    let Some(text) = uri_text(&url) else {
        return Outcome::Text(Problem::UnsupportedLink);
    };
    if is_glossary(url.as_str()) {
        return Outcome::Target(LinkTarget::External {
            url: text,
            glossary: true,
        });
    }
    if let Some(path) = context.index.find_url(&url) {
        let fragment = url
            .fragment()
            .and_then(|f| context.index.fragment_id(path, f));
        if path == context.document_path
            && let Some((id, citation)) = &fragment
        {
            return Outcome::Target(LinkTarget::Anchor {
                id: id.clone(),
                citation: *citation,
            });
        }
        return Outcome::Target(LinkTarget::Document {
            path: path.to_string(),
            fragment: fragment.map(|(id, _)| id),
        });
    }
    Outcome::Target(LinkTarget::External {
        url: text,
        glossary: false,
    })
}

/// An absolute URL written as a valid URI (RFC 3986), or `None` when its host is not a valid
/// one (`http://../`, a host holding a backquote).
///
/// The URL parser follows the WHATWG standard, which leaves some characters in place that
/// RFC 3986 forbids (`\` in a query, `[` in a path, a second `#`); EPUB reading systems and
/// epubcheck hold links to RFC 3986, so those characters are percent-encoded here.
pub fn uri_text(url: &Url) -> Option<String> {
    if let Some(url::Host::Domain(domain)) = url.host() {
        let labels: Vec<&str> = domain
            .strip_suffix('.')
            .unwrap_or(domain)
            .split('.')
            .collect();
        let valid = labels.iter().all(|label| {
            !label.is_empty()
                && label
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_~!$&'()*+,;=%".contains(c))
        });
        if !valid {
            return None;
        }
    }
    let serialised = url.as_str();
    let split = url[..url::Position::AfterPort].len();
    let (authority, rest) = serialised.split_at(split);
    let mut out = String::with_capacity(serialised.len());
    out.push_str(authority);
    let mut in_fragment = false;
    let bytes = rest.as_bytes();
    for (i, &byte) in bytes.iter().enumerate() {
        let escape = byte == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        let allowed = byte.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=:@/?".contains(&byte)
            || escape
            || (byte == b'#' && !in_fragment);
        if byte == b'#' {
            in_fragment = true;
        }
        if allowed {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `text` is a URI by RFC 3986's grammar, checked loosely but independently of
    /// [`uri_text`]: a scheme, then only characters the grammar allows, `%` only before two hex
    /// digits, brackets only around an IPv6 host, and at most one `#`.
    fn is_rfc3986_uri(text: &str) -> bool {
        let Some((scheme, rest)) = text.split_once(':') else {
            return false;
        };
        let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
        let bytes = rest.as_bytes();
        let host_end = rest.strip_prefix("//").map_or(0, |after| {
            2 + after.find(['/', '?', '#']).unwrap_or(after.len())
        });
        let chars_ok = bytes.iter().enumerate().all(|(i, &b)| match b {
            b'%' => {
                bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
            }
            b'[' | b']' => i < host_end,
            _ => b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?#".contains(&b),
        });
        scheme_ok && chars_ok && rest.matches('#').count() <= 1
    }

    fn written(raw: &str) -> Option<String> {
        Url::parse(raw).ok().and_then(|url| uri_text(&url))
    }

    #[test]
    fn external_urls_come_out_as_valid_uris_or_not_at_all() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "http://example.com/?find=\\*",
                Some("http://example.com/?find=%5C*"),
            ),
            ("http://example.com//[/", Some("http://example.com//%5B/")),
            ("https://a.org/a b", Some("https://a.org/a%20b")),
            (
                "https://a.org/café?q=ü",
                Some("https://a.org/caf%C3%A9?q=%C3%BC"),
            ),
            ("https://bücher.de/", Some("https://xn--bcher-kva.de/")),
            ("http://[::1]:8080/x", Some("http://[::1]:8080/x")),
            ("https://a.org/p#a#b", Some("https://a.org/p#a%23b")),
            (
                "https://a.org/`x`{y}|",
                Some("https://a.org/%60x%60%7By%7D%7C"),
            ),
            ("https://a.org/100%", Some("https://a.org/100%25")),
            ("https://a.org/%41", Some("https://a.org/%41")),
            ("mailto:a@b.org", Some("mailto:a@b.org")),
            ("http://foo.bar.`baz`", None),
            ("http://../", None),
            ("http://a..b/", None),
        ];
        for (raw, expected) in cases {
            let got = written(raw);
            assert_eq!(got.as_deref(), *expected, "{raw}");
            if let Some(uri) = got {
                assert!(is_rfc3986_uri(&uri), "{raw} -> {uri}");
            }
        }
        assert!(
            Url::parse("https://").is_err(),
            "an empty host does not parse at all"
        );
    }
}
