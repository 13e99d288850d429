//! Text split into tokens, told apart as words, URLs and the ends of sentences.

const CLOSERS: &[char] = &['"', '\'', ')', ']', '}', '’', '”', '»', '*', '_'];

/// Abbreviations that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "dr", "mr", "mrs", "ms", "vs", "st", "no", "fig", "approx", "jr", "sr", "al",
    "ca", "cf", "mt", "prof", "inc", "ltd",
];

/// Splits text into tokens at white space and dashes.
pub(crate) fn split_tokens(text: &str) -> impl Iterator<Item = &str> {
    Tokens { text, at: 0 }
}

/// Whether a token is a URL or an e-mail address (not words a reader reads).
pub(crate) fn is_url(token: &str) -> bool {
    // Every form below has one of these bytes; most words have none.
    if !token.bytes().any(|b| matches!(b, b':' | b'.' | b'@')) {
        return false;
    }
    let token = token.trim_start_matches(['(', '[', '<', '"', '\'']);
    let starts_with = |prefix: &str| {
        token
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    token.as_bytes().windows(3).any(|w| w == b"://")
        || starts_with("www.")
        || starts_with("mailto:")
        || (token.contains('@') && token.contains('.'))
}

/// Whether a token is a word: it has a letter or a digit.
pub(crate) fn is_word(token: &str) -> bool {
    token.bytes().any(|b| b.is_ascii_alphanumeric()) || token.chars().any(char::is_alphanumeric)
}

/// Whether text ends with sentence-ending punctuation.
pub(crate) fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(CLOSERS)
        .ends_with(['.', '!', '?', '…', ':', ';'])
}

/// Whether `token` ends a sentence given the token after it.
pub(crate) fn token_ends_sentence(token: &str, next: &str) -> bool {
    if token
        .as_bytes()
        .last()
        .is_some_and(u8::is_ascii_alphanumeric)
    {
        return false;
    }
    let core = token.trim_end_matches(CLOSERS);
    if core.ends_with(['!', '?', '…']) {
        return true;
    }
    let Some(stem) = core.strip_suffix('.') else {
        return false;
    };
    let next_starts_sentence = next
        .trim_start_matches(['"', '\'', '(', '[', '“', '‘', '¿', '¡', '*', '_'])
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric());
    if !next_starts_sentence {
        return false;
    }
    let stem = stem.trim_start_matches(['(', '[', '"', '\'', '“', '‘']);
    let lower = stem.to_lowercase();
    let initial = stem.chars().count() == 1 && stem.chars().all(char::is_uppercase);
    !(initial || ABBREVIATIONS.contains(&lower.as_str()))
}

/// The tokens of a text: runs of characters between separators (white space, em and en dashes).
struct Tokens<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Tokens<'a> {
    /// Whether a separator starts at byte `at`, and the width of the character there. ASCII,
    /// nearly all of the text, is decided from its byte.
    fn separator_at(&self, at: usize) -> (bool, usize) {
        let byte = self.text.as_bytes()[at];
        if byte.is_ascii() {
            return (
                matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C),
                1,
            );
        }
        match self.text[at..].chars().next() {
            Some(c) => (c.is_whitespace() || c == '—' || c == '–', c.len_utf8()),
            None => (false, 1),
        }
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let len = self.text.len();
        while self.at < len {
            let (separator, width) = self.separator_at(self.at);
            if !separator {
                break;
            }
            self.at += width;
        }
        let start = self.at;
        while self.at < len {
            let (separator, width) = self.separator_at(self.at);
            if separator {
                break;
            }
            self.at += width;
        }
        (self.at > start).then(|| &self.text[start..self.at])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_addresses_are_told_from_words() {
        for (token, url) in [
            ("https://www.cancer.gov/", true),
            ("(http://x.org)", true),
            ("ftp://x", true),
            ("www.cancer.gov.", true),
            ("\"WWW.X.ORG\"", true),
            ("mailto:someone", true),
            ("nci@cancer.gov,", true),
            ("cancer.", false),
            ("e.g.", false),
            ("x@y", false),
            ("3.5", false),
            ("ratio:", false),
            ("://", true),
        ] {
            assert_eq!(is_url(token), url, "{token}");
        }
    }

    #[test]
    fn tokens_split_at_white_space_and_dashes_only() {
        for text in [
            "",
            "   ",
            "one two\tthree\nfour\r\nfive",
            "a\u{a0}b\u{2003}c\u{3000}d\u{85}e\u{b}f\u{c}g",
            "2010–2015 and yes—no - hyphen-ated",
            "café über ñandú 癌症 🎗️ end.",
            "\u{1c}\u{1f}not separators\u{200b}either",
        ] {
            let reference: Vec<&str> = text
                .split(|c: char| c.is_whitespace() || c == '—' || c == '–')
                .filter(|t| !t.is_empty())
                .collect();
            assert_eq!(
                split_tokens(text).collect::<Vec<_>>(),
                reference,
                "{text:?}"
            );
        }
    }
}
