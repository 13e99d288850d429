//! Text runs that Typst split inside one character cluster, joined again so that the cluster's
//! text reaches the PDF once.
//!
//! Typst lays a line out as one text item per stretch of glyphs at the same height. A mark the
//! font raises or lowers (a Vietnamese tone mark stacked on a circumflex, a Thai tone mark, an
//! Arabic tanwin, a Devanagari anusvara) becomes an item of its own that holds the text of its
//! whole cluster again, so that copying, searching and screen readers find the letter twice
//! ("điềều"). Joining such neighbours into one item, each glyph moved by its own vertical
//! offset, prints the same glyphs at the same places with the text once.

use typst::layout::{Em, Frame, FrameItem, GroupItem, Point};
use typst::model::Document as _;
use typst::text::TextItem;
use typst_layout::{Page, PagedDocument};

/// How far apart two positions may be and still count as the same, in points: far below
/// anything visible, far above rounding.
const SAME: f64 = 1e-3;

/// `document` with the text items split inside a cluster joined again.
pub fn rejoin(document: &PagedDocument) -> PagedDocument {
    let pages = document
        .pages()
        .iter()
        .map(|page| Page {
            frame: rejoin_frame(&page.frame),
            ..page.clone()
        })
        .collect();
    PagedDocument::new(pages, document.info().clone())
}

/// A copy of `frame` (and of the frames it holds) with neighbouring text items joined where
/// Typst split them for a change of height only.
fn rejoin_frame(frame: &Frame) -> Frame {
    let mut out = Frame::new(frame.size(), frame.kind());
    if frame.has_baseline() {
        out.set_baseline(frame.baseline());
    }
    let mut items: Vec<(Point, FrameItem)> = Vec::with_capacity(frame.items().len());
    // The last text item, while only shapes (its underline) came after it.
    let mut last_text: Option<usize> = None;
    for (position, item) in frame.items() {
        match item {
            FrameItem::Text(text) => {
                if let Some(index) = last_text
                    && let (base, FrameItem::Text(previous)) = &items[index]
                    && let Some(joined) = join(*base, previous, *position, text)
                {
                    items[index].1 = FrameItem::Text(joined);
                    continue;
                }
                last_text = Some(items.len());
                items.push((*position, item.clone()));
            }
            FrameItem::Shape(..) => items.push((*position, item.clone())),
            FrameItem::Group(group) => {
                last_text = None;
                let group = GroupItem {
                    frame: rejoin_frame(&group.frame),
                    ..group.clone()
                };
                items.push((*position, FrameItem::Group(group)));
            }
            _ => {
                last_text = None;
                items.push((*position, item.clone()));
            }
        }
    }
    out.push_multiple(items);
    out
}

/// `first` (at `a`) and `second` (at `b`) as one item at `a`, when `second` continues `first`
/// on the same line in the same face, size and colour at another height: the split Typst makes
/// for a raised or lowered glyph.
fn join(a: Point, first: &TextItem, b: Point, second: &TextItem) -> Option<TextItem> {
    let same_style = first.font == second.font
        && first.size == second.size
        && first.fill == second.fill
        && first.stroke == second.stroke
        && first.lang == second.lang
        && first.region == second.region;
    let continues = ((a.x + first.width()) - b.x).to_pt().abs() < SAME;
    // The height of the first item's last glyph, against which the split was made.
    let last_height = a.y - first.glyphs.last()?.y_offset.at(first.size);
    let other_height = (last_height - b.y).to_pt().abs() >= SAME;
    if !(same_style && continues && other_height) || second.glyphs.is_empty() {
        return None;
    }
    if first.text.len() + second.text.len() > usize::from(u16::MAX) {
        return None;
    }
    // In right-to-left text the glyphs run from the end of the text: the second item holds
    // the text before the first one's.
    let rtl = right_to_left(first)
        .or_else(|| right_to_left(second))
        .unwrap_or(false);
    let (before, after) = if rtl {
        (second, first)
    } else {
        (first, second)
    };
    let shared = shared_cluster(before, after);
    let mut text = before.text.clone();
    text.push_str(&after.text[shared..]);
    // Where the text of `after` starts in the joined text.
    let shift = u16::try_from(before.text.len() - shared).ok()?;
    let raise = Em::from_abs(a.y - b.y, first.size);
    let moved = |glyph: &typst::text::Glyph, shift: u16, raise: Em| {
        let mut glyph = glyph.clone();
        glyph.range = glyph.range.start + shift..glyph.range.end + shift;
        glyph.y_offset += raise;
        glyph
    };
    let (first_shift, second_shift) = if rtl { (shift, 0) } else { (0, shift) };
    let glyphs = first
        .glyphs
        .iter()
        .map(|g| moved(g, first_shift, Em::zero()))
        .chain(second.glyphs.iter().map(|g| moved(g, second_shift, raise)))
        .collect();
    Some(TextItem {
        text,
        glyphs,
        ..first.clone()
    })
}

/// How many bytes of text the last cluster of `before` and the first of `after` share: the
/// length of that cluster when a mark was split from its base, else 0.
fn shared_cluster(before: &TextItem, after: &TextItem) -> usize {
    let last = before.glyphs.iter().max_by_key(|g| g.range.end);
    let first = after.glyphs.iter().min_by_key(|g| g.range.start);
    let (Some(last), Some(first)) = (last, first) else {
        return 0;
    };
    let (last_range, first_range) = (last.range(), first.range());
    let one_cluster = last_range.end == before.text.len()
        && first_range.start == 0
        && before.text.get(last_range.clone()) == after.text.get(first_range.clone())
        && !last_range.is_empty()
        // A mark, which takes no room of its own, is on one side.
        && (last.x_advance == Em::zero() || first.x_advance == Em::zero());
    if one_cluster { last_range.len() } else { 0 }
}

/// Whether the glyphs of `item` run from the end of its text (right-to-left text), when its
/// glyphs tell; else from the first strong character of its text.
fn right_to_left(item: &TextItem) -> Option<bool> {
    let starts: Vec<u16> = item.glyphs.iter().map(|g| g.range.start).collect();
    if let (Some(first), Some(last)) = (starts.first(), starts.last())
        && first != last
    {
        return Some(first > last);
    }
    item.text.chars().find_map(|c| match c {
        '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' => Some(true),
        c if c.is_alphabetic() => Some(false),
        _ => None,
    })
}
