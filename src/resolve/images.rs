//! Image resolution: local files inside INPUT, remote URLs (never fetched), or refused.

use super::links::{Problem, Report, join_inside, percent_decode, scheme_of};
use crate::model::{ImageSource, Inline};
use std::collections::BTreeSet;
use url::Url;

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

#[cfg(test)]
mod tests {
    use super::*;

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
