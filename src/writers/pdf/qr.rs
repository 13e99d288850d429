//! The QR code a handout prints beside its web address: the page's `url` encoded with the
//! `qrcode` crate, sized so that a phone camera reads it, and drawn as vector shapes in the
//! handout's Typst source.

use qrcode::{Color, EcLevel, QrCode};
use std::fmt::Write as _;

/// The printed symbol is at least this wide, quiet zone not counted (millimetres): the smallest
/// code patient-education guides print.
pub const MIN_SYMBOL_MM: f64 = 20.0;
/// A module (one dark or light square) is at least this wide (millimetres): below half a
/// millimetre, a phone held at reading distance and a 150 dpi scan stop telling modules apart.
pub const MIN_MODULE_MM: f64 = 0.5;
/// The widest symbol a handout's title block holds (millimetres), quiet zone not counted: the
/// URL that needs more modules than fit at [`MIN_MODULE_MM`] is printed as text only.
pub const MAX_SYMBOL_MM: f64 = 50.0;
/// The light margin around the symbol that the QR standard asks for, in modules.
pub const QUIET_ZONE_MODULES: usize = 4;

/// A QR code ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct QrSymbol {
    /// Modules across (and down), quiet zone not counted.
    pub width: usize,
    /// The width of one module in millimetres.
    pub module_mm: f64,
    /// The error-correction level it was encoded at.
    pub level: EcLevel,
    /// The dark modules as horizontal runs: column, row, length, in modules.
    pub runs: Vec<(usize, usize, usize)>,
}

/// Why a URL gets no code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrProblem {
    /// Even at the lowest error-correction level, the code would be wider than
    /// [`MAX_SYMBOL_MM`] at [`MIN_MODULE_MM`] a module.
    TooLong {
        /// The modules across it would need.
        modules: usize,
    },
    /// The URL cannot be encoded at all (longer than any QR code holds).
    Unencodable,
}

/// The QR code of `url`, at medium error correction (15 % of the code may be smudged or torn)
/// when that fits in [`MAX_SYMBOL_MM`], else at low (7 %), which holds about a third more.
pub fn encode(url: &str) -> Result<QrSymbol, QrProblem> {
    let max_modules = (MAX_SYMBOL_MM / MIN_MODULE_MM).floor() as usize;
    let mut widest = None;
    for level in [EcLevel::M, EcLevel::L] {
        let Ok(code) = QrCode::with_error_correction_level(url.as_bytes(), level) else {
            continue;
        };
        let width = code.width();
        if width > max_modules {
            widest = Some(widest.map_or(width, |w: usize| w.min(width)));
            continue;
        }
        return Ok(QrSymbol {
            width,
            module_mm: MIN_MODULE_MM.max(MIN_SYMBOL_MM / width as f64),
            level,
            runs: dark_runs(&code.to_colors(), width),
        });
    }
    Err(match widest {
        Some(modules) => QrProblem::TooLong { modules },
        None => QrProblem::Unencodable,
    })
}

/// The dark modules of a `width`-wide code, row by row, as runs of neighbours.
fn dark_runs(colors: &[Color], width: usize) -> Vec<(usize, usize, usize)> {
    let mut runs = Vec::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < row.len() {
            if row[x] == Color::Dark {
                let start = x;
                while x < row.len() && row[x] == Color::Dark {
                    x += 1;
                }
                runs.push((start, y, x - start));
            } else {
                x += 1;
            }
        }
    }
    runs
}

impl QrSymbol {
    /// The printed side of the symbol in millimetres, quiet zone not counted.
    pub fn side_mm(&self) -> f64 {
        self.width as f64 * self.module_mm
    }

    /// A call of the template's `qr-code` that draws it: module size, width and runs.
    pub fn typst(&self) -> String {
        let mut out = String::with_capacity(16 * self.runs.len() + 64);
        let _ = write!(
            out,
            "qr-code({:.4}mm, {}, {}, (",
            self.module_mm, self.width, QUIET_ZONE_MODULES
        );
        for (x, y, length) in &self.runs {
            let _ = write!(out, "({x},{y},{length}),");
        }
        out.push_str("))");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_url_is_medium_level_and_at_least_two_centimetres() {
        let symbol = encode("https://www.cancer.gov/about-cancer/treatment").expect("fits");
        assert_eq!(symbol.level, EcLevel::M);
        assert!(symbol.side_mm() >= MIN_SYMBOL_MM - 1e-9);
        assert!(symbol.module_mm >= MIN_MODULE_MM);
        // The three finder patterns start with a row of seven dark modules.
        assert!(symbol.runs.contains(&(0, 0, 7)));
        assert!(symbol.runs.contains(&(symbol.width - 7, 0, 7)));
        assert!(symbol.runs.contains(&(0, symbol.width - 1, 7)));
    }

    #[test]
    fn a_long_url_drops_to_low_level_and_a_longer_one_gets_no_code() {
        let url = |length: usize| -> String {
            format!(
                "https://www.cancer.gov/{}",
                (0..300).map(|i| format!("p{i:03}/")).collect::<String>()
            )[..length]
                .to_string()
        };
        // 600 characters: version 19 at medium level, 93 modules of half a millimetre.
        let symbol = encode(&url(600)).expect("fits");
        assert_eq!((symbol.level, symbol.width), (EcLevel::M, 93));
        assert_eq!(symbol.module_mm, MIN_MODULE_MM);
        assert!(symbol.side_mm() <= MAX_SYMBOL_MM);
        // 750 characters fit only at the low level.
        let symbol = encode(&url(750)).expect("fits at level L");
        assert_eq!(symbol.level, EcLevel::L);
        assert!(symbol.side_mm() <= MAX_SYMBOL_MM);
        let longer = format!("https://example.org/{}", "a".repeat(1200));
        assert!(matches!(
            encode(&longer),
            Err(QrProblem::TooLong { modules }) if modules > 100
        ));
        let huge = format!("https://example.org/{}", "a".repeat(5000));
        assert_eq!(encode(&huge), Err(QrProblem::Unencodable));
    }

    #[test]
    fn the_runs_cover_exactly_the_dark_modules() {
        let code = QrCode::with_error_correction_level(b"https://example.org", EcLevel::M)
            .expect("encodes");
        let width = code.width();
        let colors = code.to_colors();
        let mut drawn = vec![Color::Light; width * width];
        for (x, y, length) in dark_runs(&colors, width) {
            for i in x..x + length {
                drawn[y * width + i] = Color::Dark;
            }
        }
        assert_eq!(drawn, colors);
    }
}
