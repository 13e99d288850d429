//! XML text for the booklet: escaped element text and attributes, without the characters
//! XML 1.0 forbids.

/// Removes the characters XML 1.0 forbids (and the control and non-characters HTML rejects).
pub fn clean_text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().all(is_allowed_char) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.chars().filter(|c| is_allowed_char(*c)).collect())
    }
}

/// Whether XML 1.0 allows `c` in text (and HTML takes it: no controls, no non-characters).
pub fn is_allowed_char(c: char) -> bool {
    let code = c as u32;
    match code {
        0x09 | 0x0A | 0x0D => true,
        0x00..=0x1F | 0x7F..=0x9F => false,
        0xFDD0..=0xFDEF => false,
        _ => (code & 0xFFFE) != 0xFFFE,
    }
}

/// Escaped element text.
pub fn text(s: &str) -> String {
    html_escape::encode_text(&clean_text(s)).into_owned()
}

/// Appends `s` to `out` as escaped element text.
pub fn push_text(out: &mut String, s: &str) {
    html_escape::encode_text_to_string(clean_text(s), out);
}

/// Escaped double-quoted attribute value.
pub fn attr(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(&clean_text(s)).into_owned()
}

/// Appends `s` to `out` as an escaped double-quoted attribute value.
pub fn push_attr(out: &mut String, s: &str) {
    html_escape::encode_double_quoted_attribute_to_string(clean_text(s), out);
}

/// Text with whitespace runs collapsed to single spaces and trimmed.
pub fn normalize_space(s: &str) -> String {
    clean_text(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_are_removed() {
        assert_eq!(text("a\u{0}b\u{FFFE}c\u{1}<"), "abc&lt;");
        for (raw, kept) in [
            (
                "plain text, tab\t and lines\r\n",
                "plain text, tab\t and lines\r\n",
            ),
            ("it’s “quoted” — café ✓", "it’s “quoted” — café ✓"),
            ("no-break\u{a0}space © 2024", "no-break\u{a0}space © 2024"),
            ("emoji 🎗 and \u{1FFFE}plane", "emoji 🎗 and plane"),
            ("c1\u{85}\u{9F} del\u{7F}", "c1 del"),
            ("nonchar\u{FDD0}\u{FDEF}\u{FFFF}\u{FEFF}", "nonchar\u{FEFF}"),
            (&format!("{}\u{8}", "x".repeat(40)), &"x".repeat(40)),
        ] {
            assert_eq!(clean_text(raw), kept, "{raw:?}");
        }
    }
}
