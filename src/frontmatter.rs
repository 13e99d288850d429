//! Front matter: split the leading `---` YAML block off a document and deserialise it into [`Metadata`].

use crate::diagnostics::Diagnostic;
use crate::model::Metadata;
use chrono::NaiveDate;
use indexmap::IndexMap;
use serde_json::Value;
use serde_saphyr::Spanned;

/// Front matter larger than this is refused: it holds metadata, not content.
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

/// A document's text split into its front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences, if the document has front matter.
    pub yaml: Option<&'a str>,
    /// The Markdown body.
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: u32,
}

/// Why the front matter could not be split off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnterminatedFrontMatter;

fn is_fence(line: &str, closing: bool) -> bool {
    let line = line.trim_end_matches(['\r', '\n']).trim_end();
    line == "---" || (closing && line == "...")
}

/// Splits `text` (newlines already normalised to `\n`) into front matter and body.
///
/// A document has front matter when its first line is `---`; the block ends at the next line
/// that is `---` or `...`. A first `---` with no closing fence is an error.
pub fn split(text: &str) -> Result<Split<'_>, UnterminatedFrontMatter> {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Ok(Split {
            yaml: None,
            body: text,
            body_line: 1,
        });
    };
    if !is_fence(first, false) {
        return Ok(Split {
            yaml: None,
            body: text,
            body_line: 1,
        });
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_no = 1u32;
    for line in lines {
        line_no += 1;
        if is_fence(line, true) {
            return Ok(Split {
                yaml: Some(&text[yaml_start..offset]),
                body: &text[offset + line.len()..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(UnterminatedFrontMatter)
}

/// Deserialises the YAML of a front-matter block that starts on line 2 of `file`.
///
/// Known keys are type-checked: a text field takes any scalar, a list field takes a list of
/// scalars or a single scalar (a one-item list), `lastReviewed` takes a `YYYY-MM-DD` date, quoted
/// or not. Every other key is kept, in order, in [`Metadata::extra`].
pub fn parse_metadata(file: &str, yaml: &str) -> Result<Metadata, Diagnostic> {
    const FIRST_LINE: u32 = 2;
    if yaml.len() > MAX_FRONT_MATTER_BYTES {
        return Err(Diagnostic::error(
            file,
            "front-matter-too-large",
            format!(
                "front matter is {} bytes, more than the limit of {MAX_FRONT_MATTER_BYTES}",
                yaml.len()
            ),
        )
        .at(FIRST_LINE, 1)
        .with_hint("front matter holds metadata; move long text into the body"));
    }
    let map: IndexMap<String, Spanned<Value>> = if yaml.trim().is_empty() {
        IndexMap::new()
    } else {
        match serde_saphyr::from_str::<Option<IndexMap<String, Spanned<Value>>>>(yaml) {
            Ok(map) => map.unwrap_or_default(),
            Err(err) => return Err(yaml_error(file, FIRST_LINE, &err)),
        }
    };
    let mut meta = Metadata::default();
    for (key, spanned) in map {
        let at = |d: Diagnostic| {
            let loc = spanned.referenced;
            d.at(loc.line() as u32 + FIRST_LINE - 1, loc.column() as u32)
        };
        let value = spanned.value.clone();
        let text_slot = match key.as_str() {
            "title" => Some(&mut meta.title),
            "url" => Some(&mut meta.url),
            "source" => Some(&mut meta.source),
            "sourceType" => Some(&mut meta.source_type),
            "citation" => Some(&mut meta.citation),
            "audienceLevel" => Some(&mut meta.audience_level),
            "language" => Some(&mut meta.language),
            "license" => Some(&mut meta.license),
            "status" => Some(&mut meta.status),
            "version" => Some(&mut meta.version),
            "reviewFrequency" => Some(&mut meta.review_frequency),
            _ => None,
        };
        if let Some(slot) = text_slot {
            *slot =
                scalar_text(&value).map_err(|found| at(wrong_type(file, &key, "text", found)))?;
            continue;
        }
        match key.as_str() {
            "cancerTypes" | "tags" => {
                let list = text_list(&value)
                    .map_err(|found| at(wrong_type(file, &key, "a list of text", found)))?;
                if key == "tags" {
                    meta.tags = list
                } else {
                    meta.cancer_types = list
                }
            }
            "translations" => {
                meta.translations = translation_map(&value).map_err(|found| {
                    at(wrong_type(
                        file,
                        &key,
                        "a map from language tag to path",
                        found,
                    ))
                })?;
            }
            "lastReviewed" => {
                meta.last_reviewed = match scalar_text(&value)
                    .map_err(|found| at(wrong_type(file, &key, "a date", found)))?
                {
                    None => None,
                    Some(text) => Some(parse_date(&text).ok_or_else(|| {
                        at(Diagnostic::error(
                            file,
                            "front-matter-type",
                            format!("`lastReviewed` is `{text}`, which is not a date"),
                        )
                        .with_hint("write the date as YYYY-MM-DD, for example 2025-12-30"))
                    })?),
                };
            }
            _ => {
                meta.extra.insert(key, value);
            }
        }
    }
    Ok(meta)
}

/// Parses `YYYY-MM-DD`, also when followed by a time (`2025-12-30T10:00:00Z`).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let (date_part, rest) = match text.char_indices().nth(10) {
        Some((at, _)) => text.split_at(at),
        None => (text, ""),
    };
    if !rest.is_empty() && !rest.starts_with(['T', 't', ' ']) {
        return None;
    }
    NaiveDate::parse_from_str(date_part, "%Y-%m-%d").ok()
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

fn scalar_text(value: &Value) -> Result<Option<String>, &'static str> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        other => Err(describe(other)),
    }
}

/// `translations`: a map of language tags to paths, each a scalar (an empty one is left out).
fn translation_map(
    value: &Value,
) -> Result<std::collections::BTreeMap<String, String>, &'static str> {
    match value {
        Value::Null => Ok(Default::default()),
        Value::Object(map) => {
            let mut out = std::collections::BTreeMap::new();
            for (tag, path) in map {
                if let Some(path) = scalar_text(path).map_err(|_| "a map with a nested value")? {
                    out.insert(tag.trim().to_string(), path);
                }
            }
            Ok(out)
        }
        other => Err(describe(other)),
    }
}

fn text_list(value: &Value) -> Result<Vec<String>, &'static str> {
    match value {
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                if let Some(text) =
                    scalar_text(item).map_err(|_| "a list with a nested list or map")?
                {
                    out.push(text);
                }
            }
            Ok(out)
        }
        other => Ok(scalar_text(other)?.into_iter().collect()),
    }
}

fn wrong_type(file: &str, key: &str, expected: &str, found: &str) -> Diagnostic {
    Diagnostic::error(
        file,
        "front-matter-type",
        format!("`{key}` must be {expected}, but it is {found}"),
    )
}

fn yaml_error(file: &str, first_line: u32, err: &serde_saphyr::Error) -> Diagnostic {
    let raw = first_line_of(&err.to_string());
    let message = if raw.contains("budget") {
        format!(
            "front matter expands beyond the safety budget (an alias bomb or far too many values): {raw}"
        )
    } else if raw.contains("expected mapping") || raw.contains("invalid type") {
        format!(
            "front matter must be a map of `key: value` lines, not a list or a single value ({raw})"
        )
    } else {
        raw
    };
    let mut diagnostic = Diagnostic::error(
        file,
        "front-matter-yaml",
        format!("front matter is not valid YAML: {message}"),
    )
    .with_hint("front matter is a map of `key: value` lines between two `---` lines");
    if let Some(loc) = err.location()
        && loc.line() > 0
    {
        diagnostic = diagnostic.at(
            loc.line() as u32 + first_line - 1,
            loc.column().max(1) as u32,
        );
    }
    diagnostic
}

fn first_line_of(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("unknown error");
    let line = line.trim_start_matches("error: ");
    // The parser's own position is relative to the YAML block; the diagnostic carries the file's.
    match line
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((position, message)) if position.contains("column") => message.to_string(),
        _ => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_body_line() {
        let s = split("---\ntitle: A\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml, Some("title: A\n"));
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let s = split("# Only body\n").unwrap();
        assert_eq!(s.yaml, None);
        assert_eq!(s.body_line, 1);
    }

    #[test]
    fn unterminated_front_matter_is_an_error() {
        assert_eq!(
            split("---\ntitle: A\n# Body\n"),
            Err(UnterminatedFrontMatter)
        );
    }

    #[test]
    fn scalar_becomes_one_item_list_and_dates_parse_quoted_or_not() {
        let m = parse_metadata(
            "a.md",
            "tags: solo\nlastReviewed: 2025-12-30\ncancerTypes: [a, b]\n",
        )
        .unwrap();
        assert_eq!(m.tags, vec!["solo"]);
        assert_eq!(m.cancer_types, vec!["a", "b"]);
        assert_eq!(m.last_reviewed, NaiveDate::from_ymd_opt(2025, 12, 30));
        let m = parse_metadata("a.md", "lastReviewed: '2025-01-02'\n").unwrap();
        assert_eq!(m.last_reviewed, NaiveDate::from_ymd_opt(2025, 1, 2));
    }

    #[test]
    fn dates_with_times_short_parts_or_odd_characters_never_panic() {
        assert_eq!(
            parse_date("2025-12-30T10:00:00Z"),
            NaiveDate::from_ymd_opt(2025, 12, 30)
        );
        assert_eq!(
            parse_date("2025-12-30"),
            NaiveDate::from_ymd_opt(2025, 12, 30)
        );
        assert_eq!(parse_date("2025-12-30x"), None);
        for odd in [
            "2025-6-30",
            "2025-\u{10}6-30",
            "",
            "2025-12-3\u{e9}",
            "\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}",
        ] {
            let _ = parse_date(odd);
        }
    }

    #[test]
    fn unknown_keys_are_kept_in_order() {
        let m = parse_metadata("a.md", "zeta: 1\nalpha:\n  nested: true\ntitle: T\n").unwrap();
        let keys: Vec<_> = m.extra.keys().cloned().collect();
        assert_eq!(keys, vec!["zeta", "alpha"]);
        assert_eq!(m.title.as_deref(), Some("T"));
    }

    #[test]
    fn wrong_type_names_key_line_and_column() {
        let d = parse_metadata("a.md", "source: NCI\ntitle:\n  - a\n  - b\n").unwrap_err();
        assert_eq!(d.code, "front-matter-type");
        assert!(d.message.contains("`title`"), "{}", d.message);
        assert_eq!(d.line, Some(4), "{d}");
    }

    #[test]
    fn syntax_error_has_a_position() {
        let d = parse_metadata("a.md", "title: [unclosed\nurl: x\n").unwrap_err();
        assert_eq!(d.code, "front-matter-yaml");
        assert!(d.line.is_some(), "{d}");
    }

    #[test]
    fn a_list_is_not_a_front_matter_map() {
        let d = parse_metadata("a.md", "- a\n- b\n").unwrap_err();
        assert_eq!(d.code, "front-matter-yaml");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut yaml = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let mut prev = 'a';
        for name in 'b'..='j' {
            yaml.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = name;
        }
        let d = parse_metadata("a.md", &yaml).unwrap_err();
        assert_eq!(d.code, "front-matter-yaml");
    }
}
