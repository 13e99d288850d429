//! Image resolution: local files inside INPUT, remote URLs (never fetched), or refused.

use super::links::{Problem, Report, join_inside, percent_decode, scheme_of};
use crate::diagnostics::Diagnostic;
use crate::model::{Asset, Assets, ImageFormat, ImageSource, Inline};
use rayon::prelude::*;
use std::collections::BTreeSet;
use url::Url;

/// The most memory decoding one image may take while it is checked: far above a printed
/// picture (a 24-megapixel photo takes 96 MB), far below what would stall a build.
const DECODE_MEMORY_LIMIT: u64 = 256 * 1024 * 1024;

/// File extensions of images the writers can embed.
pub const EMBEDDABLE_EXTENSIONS: [&str; 6] = ["png", "jpg", "jpeg", "gif", "svg", "webp"];

/// Whether a path names an embeddable image type, by extension.
pub fn is_embeddable(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| EMBEDDABLE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// Decides where an image comes from, without touching the file system. `document_path` is the
/// document's path relative to INPUT; `base` its page URL.
pub fn resolve_src(
    src: &str,
    document_path: &str,
    base: Option<&Url>,
) -> Result<ImageSource, Problem> {
    let src = src.trim();
    if src.is_empty() {
        return Err(Problem::ImageRefused);
    }
    match scheme_of(src).as_deref() {
        Some("http" | "https") => {
            return Url::parse(src)
                .map(|url| ImageSource::Remote {
                    url: url.to_string(),
                })
                .map_err(|_| Problem::ImageRefused);
        }
        Some(_) => return Err(Problem::ImageRefused),
        None => {}
    }
    if src.starts_with('/') || src.starts_with('\\') {
        let Some(base) = base else {
            return Err(Problem::ImageRefused);
        };
        return match base.join(src) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(ImageSource::Remote {
                url: url.to_string(),
            }),
            _ => Err(Problem::ImageRefused),
        };
    }
    let path = src.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(path);
    let Some(path) = join_inside(document_path, &path) else {
        return Err(Problem::ImageRefused);
    };
    if !is_embeddable(&path) {
        return Err(Problem::ImageRefused);
    }
    Ok(ImageSource::Local { path })
}

/// Resolves the images of a run of inlines (recursively), collecting local assets.
pub fn resolve_images(
    content: &mut [Inline],
    line: u32,
    document_path: &str,
    base: Option<&Url>,
    assets: &mut BTreeSet<String>,
    report: &mut Report,
) {
    for inline in content.iter_mut() {
        match inline {
            Inline::Image { source, .. } => {
                if let ImageSource::Unresolved { src } = &**source {
                    let written = src.clone();
                    **source = match resolve_src(&written, document_path, base) {
                        Ok(resolved) => resolved,
                        Err(problem) => {
                            report.record(problem, line, &written);
                            ImageSource::Refused
                        }
                    };
                    match &**source {
                        ImageSource::Local { path } => {
                            assets.insert(path.clone());
                            report.stats.local_images += 1;
                        }
                        ImageSource::Remote { .. } => report.stats.remote_images += 1,
                        _ => report.stats.refused_images += 1,
                    }
                }
            }
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Link { content, .. } => {
                resolve_images(content, line, document_path, base, assets, report)
            }
            _ => {}
        }
    }
}

/// What an image file is, from its bytes: the format it fully decodes as, or `None` for
/// anything else (a renamed text file, a truncated or corrupt picture, a bitmap format the
/// writers cannot embed).
pub fn identify(bytes: &[u8]) -> Option<ImageFormat> {
    let format = match image::guess_format(bytes) {
        Ok(image::ImageFormat::Png) => ImageFormat::Png,
        Ok(image::ImageFormat::Jpeg) => ImageFormat::Jpeg,
        Ok(image::ImageFormat::Gif) => ImageFormat::Gif,
        Ok(image::ImageFormat::WebP) => ImageFormat::Webp,
        Ok(_) => return None,
        Err(_) => {
            return usvg::Tree::from_data(bytes, &usvg::Options::default())
                .ok()
                .map(|_| ImageFormat::Svg);
        }
    };
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes));
    reader.set_format(match format {
        ImageFormat::Png => image::ImageFormat::Png,
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        ImageFormat::Gif => image::ImageFormat::Gif,
        _ => image::ImageFormat::WebP,
    });
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(DECODE_MEMORY_LIMIT);
    reader.limits(limits);
    reader.decode().ok().map(|_| format)
}

/// The largest cover image a booklet takes (bytes): stores ask for covers of 1600 × 2400 pixels,
/// which as JPEG or PNG take a few megabytes, and every copy of the booklet carries it.
pub const MAX_COVER_BYTES: u64 = 5 * 1024 * 1024;

/// Checks the bytes of a booklet's cover image (`--cover`): a PNG, JPEG or SVG that decodes,
/// within [`MAX_COVER_BYTES`]; else what is wrong with it.
pub fn cover(bytes: Vec<u8>) -> Result<Asset, String> {
    if bytes.len() as u64 > MAX_COVER_BYTES {
        return Err(format!(
            "it is {} bytes, more than the {MAX_COVER_BYTES} a cover may take",
            bytes.len()
        ));
    }
    match identify(&bytes) {
        Some(format @ (ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Svg)) => {
            Ok(Asset { bytes, format })
        }
        Some(other) => Err(format!(
            "it is a {} image; a cover must be PNG, JPEG or SVG",
            other.extension().to_ascii_uppercase()
        )),
        None => Err("it is not a PNG, JPEG or SVG image that decodes".to_string()),
    }
}

/// Identifies the local images read from INPUT (path, the document that first embeds it, its
/// bytes), in parallel: those that decode become [`Assets`], each other one costs a warning
/// `image-unsupported` on the document, which prints the image's alt text instead.
pub fn identify_assets(read: Vec<(String, String, Vec<u8>)>) -> (Assets, Vec<Diagnostic>) {
    let identified: Vec<_> = read
        .into_par_iter()
        .map(|(path, document, bytes)| {
            let format = identify(&bytes);
            (path, document, bytes, format)
        })
        .collect();
    let mut assets = Assets::new();
    let mut diagnostics = Vec::new();
    for (path, document, bytes, format) in identified {
        match format {
            Some(format) => {
                assets.insert(path, Asset { bytes, format });
            }
            None => diagnostics.push(
                Diagnostic::warning(
                    &document,
                    "image-unsupported",
                    format!("image {path} is not a PNG, JPEG, GIF, WebP or SVG image that decodes"),
                )
                .with_hint("its alt text is printed instead; save the picture as PNG or JPEG"),
            ),
        }
    }
    (assets, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cover_is_a_png_jpeg_or_svg_within_the_limit() {
        let png = std::fs::read("tests/it/fixtures/hostile/odd/images/diagram.png").unwrap();
        assert_eq!(cover(png.clone()).map(|a| a.format), Ok(ImageFormat::Png));
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>"#;
        assert_eq!(cover(svg.to_vec()).map(|a| a.format), Ok(ImageFormat::Svg));
        let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
        assert_eq!(
            cover(gif.to_vec()),
            Err("it is a GIF image; a cover must be PNG, JPEG or SVG".into())
        );
        assert!(
            cover(b"not a picture".to_vec())
                .unwrap_err()
                .contains("not a PNG")
        );
        let mut big = png;
        big.resize(MAX_COVER_BYTES as usize + 1, 0);
        assert!(cover(big).unwrap_err().contains("more than"));
    }

    #[test]
    fn images_are_identified_by_their_bytes() {
        let png = std::fs::read("tests/it/fixtures/hostile/odd/images/diagram.png").unwrap();
        assert_eq!(identify(&png), Some(ImageFormat::Png));
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>"#;
        assert_eq!(identify(svg), Some(ImageFormat::Svg));
        let truncated = &png[..png.len() / 2];
        for not_an_image in [&b"just text"[..], truncated, b"\x89PNG\r\n\x1a\n", b"<svg"] {
            assert_eq!(identify(not_an_image), None, "{not_an_image:?}");
        }
    }

    #[test]
    fn files_that_do_not_decode_are_left_out_with_a_warning() {
        let png = std::fs::read("tests/it/fixtures/hostile/odd/images/diagram.png").unwrap();
        let (assets, diagnostics) = identify_assets(vec![
            ("a.png".into(), "one.md".into(), png),
            ("b.png".into(), "two.md".into(), b"not a picture".to_vec()),
        ]);
        assert_eq!(assets.keys().collect::<Vec<_>>(), ["a.png"]);
        assert_eq!(assets["a.png"].format, ImageFormat::Png);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, "image-unsupported");
        assert_eq!(diagnostics[0].file, "two.md");
    }

    #[test]
    fn image_sources_resolve_by_class() {
        let base = Url::parse("https://www.cancer.gov/types/a").unwrap();
        let local = |p: &str| Ok(ImageSource::Local { path: p.into() });
        let remote = |u: &str| Ok(ImageSource::Remote { url: u.into() });
        let refused = Err(Problem::ImageRefused);
        let cases: Vec<(&str, Option<&Url>, Result<ImageSource, Problem>)> = vec![
            ("img/a.png", None, local("pdq/img/a.png")),
            (
                "./img/My%20Chart.JPG?v=2",
                None,
                local("pdq/img/My Chart.JPG"),
            ),
            ("../shared/b.svg", None, local("shared/b.svg")),
            ("../../outside.png", None, refused.clone()),
            ("/etc/hostname", None, refused.clone()),
            (
                "/sites/g/files/x.jpg",
                Some(&base),
                remote("https://www.cancer.gov/sites/g/files/x.jpg"),
            ),
            (
                "https://nci-media.cancer.gov/pdq/media/images/1.jpg",
                None,
                remote("https://nci-media.cancer.gov/pdq/media/images/1.jpg"),
            ),
            ("file:///etc/passwd", None, refused.clone()),
            ("data:image/png;base64,AAAA", None, refused.clone()),
            ("C:\\images\\a.png", None, refused.clone()),
            ("img/a.bmp", None, refused.clone()),
            ("img/notes.txt", None, refused.clone()),
            ("", None, refused.clone()),
        ];
        for (src, base, expected) in cases {
            assert_eq!(
                resolve_src(src, "pdq/page.md", base),
                expected,
                "src {src:?}"
            );
        }
    }

    #[test]
    fn local_images_become_assets_and_refusals_are_reported() {
        let image = |src: &str| Inline::Image {
            source: Box::new(ImageSource::Unresolved { src: src.into() }),
            alt: "a".into(),
            title: String::new(),
        };
        let mut content = vec![
            image("a.png"),
            Inline::Strong {
                content: vec![image("/etc/hostname")],
            },
            image("a.png"),
        ];
        let mut assets = BTreeSet::new();
        let mut report = Report::default();
        resolve_images(&mut content, 3, "doc.md", None, &mut assets, &mut report);
        assert_eq!(
            assets.into_iter().collect::<Vec<_>>(),
            vec!["a.png".to_string()]
        );
        assert_eq!(report.count(Problem::ImageRefused), 1);
        assert_eq!(report.stats.local_images, 2);
        assert_eq!(report.diagnostics("doc.md")[0].code, "image-refused");
    }
}
