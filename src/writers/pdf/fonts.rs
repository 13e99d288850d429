//! The handout fonts: the shipped faces embedded in the binary, plus an optional folder of extra fonts.

use std::path::Path;
use std::sync::{Arc, OnceLock};
use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// The shipped fonts, in fallback order: body face, the faces of scripts it lacks (Arabic,
/// Hebrew, Devanagari, Thai), broad fallback, code, CJK, Korean, symbols and emoji.
static SHIPPED: [&[u8]; 18] = [
    include_bytes!("../../../fonts/AtkinsonHyperlegible_400Regular.ttf"),
    include_bytes!("../../../fonts/AtkinsonHyperlegible_400Regular_Italic.ttf"),
    include_bytes!("../../../fonts/AtkinsonHyperlegible_700Bold.ttf"),
    include_bytes!("../../../fonts/AtkinsonHyperlegible_700Bold_Italic.ttf"),
    include_bytes!("../../../fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../../../fonts/NotoSansArabic-Bold.ttf"),
    include_bytes!("../../../fonts/NotoSansHebrew-Regular.ttf"),
    include_bytes!("../../../fonts/NotoSansHebrew-Bold.ttf"),
    include_bytes!("../../../fonts/NotoSansDevanagari-Regular.ttf"),
    include_bytes!("../../../fonts/NotoSansDevanagari-Bold.ttf"),
    include_bytes!("../../../fonts/NotoSansThai-Regular.ttf"),
    include_bytes!("../../../fonts/NotoSansThai-Bold.ttf"),
    include_bytes!("../../../fonts/DejaVuSans.ttf"),
    include_bytes!("../../../fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../../../fonts/DejaVuSansMono.ttf"),
    include_bytes!("../../../fonts/DroidSansFallbackFull.ttf"),
    include_bytes!("../../../fonts/BaekmukDotum.ttf"),
    include_bytes!("../../../fonts/Symbola.ttf"),
];

/// Parsed fonts and their metadata, shared by every compilation of a build.
pub struct FontSet {
    /// Metadata of every font, indexed like `fonts`.
    pub book: LazyHash<FontBook>,
    /// The fonts themselves.
    pub fonts: Vec<Font>,
}

impl FontSet {
    fn from_fonts(fonts: Vec<Font>) -> Self {
        FontSet {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    }
}

fn shipped_fonts() -> Vec<Font> {
    SHIPPED
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect()
}

/// The shipped fonts, parsed once per process.
pub fn shipped() -> Arc<FontSet> {
    static SET: OnceLock<Arc<FontSet>> = OnceLock::new();
    SET.get_or_init(|| Arc::new(FontSet::from_fonts(shipped_fonts())))
        .clone()
}

/// The fonts of `dir` (`.ttf`, `.otf`, `.ttc`, `.otc`, sorted by file name) ahead of the shipped
/// ones, so that a face of the same family and style replaces the shipped one.
/// Files that cannot be read or parsed are reported by name in the returned list of problems.
pub fn with_folder(dir: &Path) -> (Arc<FontSet>, Vec<String>) {
    let mut problems = Vec::new();
    let mut paths: Vec<_> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(err) => {
            problems.push(format!(
                "could not read fonts folder {}: {err}",
                dir.display()
            ));
            Vec::new()
        }
    };
    paths.sort();
    let mut fonts = Vec::new();
    for path in paths {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if !matches!(ext.as_str(), "ttf" | "otf" | "ttc" | "otc") {
            continue;
        }
        match std::fs::read(&path) {
            Ok(data) => {
                let before = fonts.len();
                fonts.extend(Font::iter(Bytes::new(data)));
                if fonts.len() == before {
                    problems.push(format!("{} is not a font Typst can read", path.display()));
                }
            }
            Err(err) => problems.push(format!("could not read font {}: {err}", path.display())),
        }
    }
    fonts.extend(shipped().fonts.iter().cloned());
    (Arc::new(FontSet::from_fonts(fonts)), problems)
}
