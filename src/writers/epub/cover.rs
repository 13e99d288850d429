//! The booklet's cover: the image a publisher supplies, or one drawn from the booklet's title,
//! creator and date as SVG, big and high-contrast enough to read in a library's thumbnail.

use super::BookletMetadata;
use super::xml::{normalize_space, text};
use crate::model::{Asset, ImageFormat};

/// The cover's width and height in SVG units: the 2:3 of printed books and of the covers e-book
/// stores ask for (1600 × 2400 pixels).
const WIDTH: u32 = 1200;
const HEIGHT: u32 = 1800;
/// Space between the text and the cover's edges.
const MARGIN: u32 = 100;
/// The background: a dark blue that white text stands on at a contrast of 15.4:1.
const BACKGROUND: &str = "#0b2545";
/// The title and the date.
const FOREGROUND: &str = "#ffffff";
/// The creator and the rule under the title: a yellow at 10.7:1 on the background.
const ACCENT: &str = "#ffd166";
/// Title sizes tried from the largest down, until the title fits in [`MAX_TITLE_LINES`].
const TITLE_SIZES: [u32; 5] = [128, 108, 92, 78, 66];
/// Lines the title may take; a title longer than that at the smallest size is cut with `…`.
const MAX_TITLE_LINES: usize = 6;
/// The width of an average character of a bold sans-serif face, in em: how many characters a
/// line holds is estimated from it, as the reading system picks the face.
const CHAR_EM: f64 = 0.6;

/// The cover's file name in the booklet.
pub fn file_name(format: ImageFormat) -> String {
    format!("cover.{}", format.extension())
}

/// The cover drawn from the booklet's title, creator and date: an SVG of its own, the same for
/// the same booklet.
pub fn generated(meta: &BookletMetadata) -> Asset {
    let (size, lines) = title_lines(&meta.title);
    let mut svg = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\" aria-labelledby=\"cover-title\">\n<title id=\"cover-title\">{}</title>\n<rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"{BACKGROUND}\"/>\n",
        text(&cover_label(meta))
    );
    let font =
        "font-family=\"'Atkinson Hyperlegible', 'DejaVu Sans', Arial, Helvetica, sans-serif\"";
    let line_height = size * 6 / 5;
    let mut y = HEIGHT / 4 + size;
    svg.push_str(&format!(
        "<g {font} font-weight=\"bold\" font-size=\"{size}\" fill=\"{FOREGROUND}\">\n"
    ));
    for line in &lines {
        svg.push_str(&format!(
            "<text x=\"{MARGIN}\" y=\"{y}\">{}</text>\n",
            text(line)
        ));
        y += line_height;
    }
    svg.push_str("</g>\n");
    let rule_y = y - line_height + size / 2;
    svg.push_str(&format!(
        "<rect x=\"{MARGIN}\" y=\"{rule_y}\" width=\"{}\" height=\"16\" fill=\"{ACCENT}\"/>\n",
        WIDTH / 3
    ));
    if let Some(creator) = &meta.creator {
        let mut y = rule_y + 140;
        for line in wrap(&normalize_space(creator), chars_per_line(72), 3) {
            svg.push_str(&format!(
                "<text x=\"{MARGIN}\" y=\"{y}\" {font} font-size=\"72\" fill=\"{ACCENT}\">{}</text>\n",
                text(&line)
            ));
            y += 88;
        }
    }
    svg.push_str(&format!(
        "<text x=\"{MARGIN}\" y=\"{}\" {font} font-size=\"64\" fill=\"{FOREGROUND}\">{}</text>\n</svg>\n",
        HEIGHT - MARGIN,
        meta.modified.date().format("%Y-%m-%d")
    ));
    Asset {
        bytes: svg.into_bytes(),
        format: ImageFormat::Svg,
    }
}

/// What the cover says, in words: its title, creator and date.
pub fn cover_label(meta: &BookletMetadata) -> String {
    let mut label = format!("Cover: {}", normalize_space(&meta.title));
    if let Some(creator) = &meta.creator {
        label.push_str(&format!(", {}", normalize_space(creator)));
    }
    label.push_str(&format!(", {}", meta.modified.date().format("%Y-%m-%d")));
    label
}

/// How many characters of `size` a line of the cover holds.
fn chars_per_line(size: u32) -> usize {
    (f64::from(WIDTH - 2 * MARGIN) / (f64::from(size) * CHAR_EM)).floor() as usize
}

/// The title's size and lines: the largest size at which it takes at most
/// [`MAX_TITLE_LINES`] lines, else the smallest size with the title cut.
fn title_lines(title: &str) -> (u32, Vec<String>) {
    let title = normalize_space(title);
    for size in TITLE_SIZES {
        let lines = wrap(&title, chars_per_line(size), usize::MAX);
        if lines.len() <= MAX_TITLE_LINES {
            return (size, lines);
        }
    }
    let size = TITLE_SIZES[TITLE_SIZES.len() - 1];
    (size, wrap(&title, chars_per_line(size), MAX_TITLE_LINES))
}

/// `text` in lines of at most `width` characters, broken at spaces (a longer word is cut), at
/// most `max_lines` of them, the last ending in `…` when text is left over.
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut words: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        let chars: Vec<char> = word.chars().collect();
        for piece in chars.chunks(width) {
            words.push(piece.iter().collect());
        }
    }
    let mut left_over = false;
    for word in words {
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if !line.is_empty() && needed > width {
            lines.push(std::mem::take(&mut line));
            if lines.len() == max_lines {
                left_over = true;
                break;
            }
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !left_over && !line.is_empty() {
        lines.push(line);
    }
    if left_over && let Some(last) = lines.last_mut() {
        let kept: String = last.chars().take(width.saturating_sub(1)).collect();
        *last = format!("{}…", kept.trim_end());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(title: &str, creator: Option<&str>) -> BookletMetadata {
        BookletMetadata {
            title: title.to_string(),
            creator: creator.map(str::to_string),
            language: crate::model::Language::default(),
            modified: chrono::NaiveDate::from_ymd_opt(2026, 1, 15)
                .expect("date")
                .and_hms_opt(0, 0, 0)
                .expect("time"),
            identifier: uuid::Uuid::nil(),
        }
    }

    #[test]
    fn the_generated_cover_is_an_svg_with_title_creator_and_date() {
        let cover = generated(&meta("Patient education booklet", Some("NCI & friends")));
        assert_eq!(cover.format, ImageFormat::Svg);
        let svg = String::from_utf8(cover.bytes.clone()).expect("UTF-8");
        assert_eq!(
            crate::resolve::images::identify(&cover.bytes),
            Some(ImageFormat::Svg)
        );
        for part in [
            "Patient",
            "education",
            "booklet",
            "NCI &amp; friends",
            "2026-01-15",
        ] {
            assert!(svg.contains(part), "{part} in {svg}");
        }
        assert!(
            svg.contains("font-size=\"128\""),
            "a short title at the largest size"
        );
        assert_eq!(
            generated(&meta("Patient education booklet", Some("NCI & friends"))).bytes,
            cover.bytes
        );
    }

    #[test]
    fn long_titles_are_set_smaller_and_cut() {
        let (size, lines) = title_lines(&"word ".repeat(30));
        assert!(size < TITLE_SIZES[0]);
        assert!(lines.len() <= MAX_TITLE_LINES);
        let (size, lines) = title_lines(&"word ".repeat(300));
        assert_eq!(size, TITLE_SIZES[TITLE_SIZES.len() - 1]);
        assert_eq!(lines.len(), MAX_TITLE_LINES);
        assert!(lines[MAX_TITLE_LINES - 1].ends_with('…'));
        assert!(
            lines
                .iter()
                .all(|l| l.chars().count() <= chars_per_line(size))
        );
        assert_eq!(wrap("abcdefghij", 4, 9), ["abcd", "efgh", "ij"]);
    }
}
