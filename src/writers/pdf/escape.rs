//! Text on its way into Typst source: every piece of document text becomes a string literal
//! (never markup or code), with break opportunities in long tokens.

/// Tokens longer than this get break opportunities.
const LONG_TOKEN: usize = 20;
/// Characters between forced break opportunities in a long token.
const BREAK_EVERY: usize = 12;
/// Zero-width space: an invisible break opportunity.
const ZWSP: char = '\u{200B}';

/// Text on one line with no space at either end.
pub(super) fn clean(text: &str) -> String {
    flatten_whitespace(text).trim().to_string()
}

/// Text with every run of whitespace (line ends, tabs) made one space.
pub(super) fn flatten_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{00A0}' {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            if !c.is_control() {
                out.push(c);
            }
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// `text` as Typst markup made only of string literals, with invisible break opportunities
/// (`#wbr`) inside long tokens so they wrap instead of running off the page. URLs are left
/// whole: Typst's line breaker already breaks them after `/`, `?`, `&`, `=` and the like. So
/// are tokens in scripts other than Latin, Greek and Cyrillic: Chinese, Japanese and Thai are
/// written without spaces and Typst breaks their lines itself, and a break inside an Arabic or
/// Devanagari word would part letters that join; no break ever parts a mark from its letter.
pub fn markup(text: &str) -> String {
    let mut pieces: Vec<String> = Vec::new();
    let mut current = String::new();
    for (index, token) in text.split(' ').enumerate() {
        if index > 0 {
            current.push(' ');
        }
        let is_url = token.contains("://") || token.starts_with("www.");
        if is_url || token.chars().count() <= LONG_TOKEN || !token.chars().all(is_breakable) {
            current.push_str(token);
            continue;
        }
        let mut run = 0;
        let mut chars = token.chars().peekable();
        while let Some(c) = chars.next() {
            current.push(c);
            run += 1;
            let more = chars.peek().is_some_and(|next| !is_mark(*next));
            if more && (matches!(c, '/' | '?' | '&' | '=' | '_' | '.' | '-') || run >= BREAK_EVERY)
            {
                pieces.push(std::mem::take(&mut current));
                run = 0;
            }
        }
    }
    pieces.push(current);
    pieces
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| format!("#{}", lit(p)))
        .collect::<Vec<_>>()
        .join("#wbr")
}

/// Whether a forced break may go next to `c`: a character of the Latin, Greek or Cyrillic
/// alphabets (with their marks), a digit, punctuation or a symbol.
fn is_breakable(c: char) -> bool {
    matches!(c, '\0'..='\u{058F}' | '\u{1D00}'..='\u{1FFF}' | '\u{2000}'..='\u{2BFF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Whether `c` is a combining mark (or a joiner, or a variation selector) of those alphabets,
/// which belongs with the character before it.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{200C}' | '\u{200D}' | '\u{20D0}'..='\u{20FF}' | '\u{FE00}'..='\u{FE0F}' | '\u{FE20}'..='\u{FE2F}')
}

pub(super) fn break_every(token: &str) -> String {
    let mut out = String::with_capacity(token.len() + token.len() / 4);
    for (index, c) in token.chars().enumerate() {
        if index > 0 && index % BREAK_EVERY == 0 {
            out.push(ZWSP);
        }
        out.push(c);
    }
    out
}

/// A code line whose very long tokens can break.
pub(super) fn breakable_code(line: &str) -> String {
    if line.chars().count() <= 60 {
        return line.to_string();
    }
    line.split(' ')
        .map(|t| {
            if t.chars().count() > 40 {
                break_every(t)
            } else {
                t.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` as a Typst string literal: quotes, backslashes and control characters escaped.
pub fn lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Other control characters show nothing and have no glyph, which would keep the
            // handout from being PDF/UA: they are left out, as the booklet leaves them out.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_quotes_backslashes_and_controls() {
        assert_eq!(lit("a \"b\" \\c\n#d"), "\"a \\\"b\\\" \\\\c\\n#d\"");
        assert_eq!(lit("a\u{1}b\u{7f}"), "\"ab\"");
    }

    #[test]
    fn long_tokens_get_break_points() {
        let word = "a".repeat(30);
        assert_eq!(
            markup(&word),
            format!(
                "#\"{}\"#wbr#\"{}\"#wbr#\"{}\"",
                "a".repeat(12),
                "a".repeat(12),
                "a".repeat(6)
            )
        );
        assert_eq!(markup("short words stay"), "#\"short words stay\"");
        assert_eq!(
            markup("see https://example.org/a/b?c=d&e=f"),
            "#\"see https://example.org/a/b?c=d&e=f\""
        );
        assert_eq!(markup(""), "");
    }

    #[test]
    fn no_break_parts_a_mark_from_its_letter_or_goes_into_other_scripts() {
        // Thai, Chinese and Arabic runs without spaces stay whole.
        for text in [
            "ความเหนื่อยล้าเป็นผลข้างเคียงที่พบบ่อยที่สุดของการรักษามะเร็ง",
            "疲劳是癌症治疗最常见的副作用它是一种休息后也不会消失的疲倦感",
            "والمستشفيات_والعيادات_والمراكز_الصحية",
        ] {
            assert_eq!(markup(text), format!("#{}", lit(text)), "{text}");
        }
        // A Latin word written with combining marks breaks between letters only.
        let word = "e\u{302}\u{300}".repeat(8);
        let pieces: Vec<String> = markup(&word)
            .split("#wbr")
            .map(|p| p.trim_start_matches('#').trim_matches('"').to_string())
            .collect();
        assert!(pieces.len() > 1, "{pieces:?}");
        assert!(pieces.iter().all(|p| p.starts_with('e')), "{pieces:?}");
    }
}
