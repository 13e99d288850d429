//! The booklet's cover: drawn from the title, creator and date unless `--cover` supplies one,
//! marked `cover-image` in the package, shown on the title page, and checked by epubcheck and
//! DAISY Ace; a cover that is not a PNG, JPEG or SVG that decodes stops the build (exit 2).

use crate::common;
use crate::epub::{archive_names, assert_clean, booklet, config, daisy_ace, entry, epubcheck};

/// The `<item>` of the package that carries `properties="cover-image"`.
fn cover_item(package: &str) -> &str {
    let at = package
        .find("properties=\"cover-image\"")
        .expect("a cover-image item in the package");
    let start = package[..at].rfind("<item").expect("item start");
    let end = at + package[at..].find("/>").expect("item end") + 2;
    &package[start..end]
}

#[test]
fn the_seeds_booklet_has_a_drawn_cover_marked_and_shown() {
    let mut config = config(&common::seeds());
    config.booklet.title = Some("Cancer & you: answers for patients".into());
    config.booklet.creator = Some("Clinic team".into());
    let epub = booklet(&config);
    let package = entry(&epub, "OEBPS/content.opf");
    let item = cover_item(&package);
    assert!(item.contains("href=\"cover.svg\""), "{item}");
    assert!(item.contains("media-type=\"image/svg+xml\""), "{item}");
    assert!(package.contains("<meta name=\"cover\" content=\"cover-image\"/>"));
    let svg = entry(&epub, "OEBPS/cover.svg");
    for text in [
        "Cancer &amp; you:",
        "Clinic team",
        "<title id=\"cover-title\">",
    ] {
        assert!(svg.contains(text), "{text} in {svg}");
    }
    let title_page = entry(&epub, "OEBPS/title.xhtml");
    assert!(
        title_page.contains("<img src=\"cover.svg\" alt=\"\"/>"),
        "{title_page}"
    );
    assert_eq!(epub, booklet(&config), "the same cover every build");
    assert_clean(epubcheck(&epub));
    if let Some(found) = daisy_ace(&epub) {
        assert!(found.is_empty(), "{found:#?}");
    }
}

#[test]
fn a_supplied_cover_replaces_the_drawn_one() {
    let png = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/it/fixtures/hostile/odd/images/diagram.png"),
    )
    .expect("a PNG fixture");
    let dir = common::fixture_dir(&[("art/cover.png", &png)]);
    let mut config = config(&common::seeds());
    config.cover = Some(dir.path().join("art/cover.png"));
    let epub = booklet(&config);
    let package = entry(&epub, "OEBPS/content.opf");
    let item = cover_item(&package);
    assert!(item.contains("href=\"cover.png\""), "{item}");
    assert!(item.contains("media-type=\"image/png\""), "{item}");
    assert!(
        !archive_names(&epub)
            .iter()
            .any(|n| n.ends_with("cover.svg"))
    );
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(epub.as_slice())).expect("zip archive");
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut archive.by_name("OEBPS/cover.png").expect("the cover"),
        &mut bytes,
    )
    .expect("read");
    assert_eq!(bytes, png);
    assert!(entry(&epub, "OEBPS/title.xhtml").contains("<img src=\"cover.png\" alt=\"\"/>"));
    assert_clean(epubcheck(&epub));
    if let Some(found) = daisy_ace(&epub) {
        assert!(found.is_empty(), "{found:#?}");
    }
}

#[test]
fn a_cover_that_is_no_picture_is_an_option_error_naming_the_file() {
    let dir = common::fixture_dir(&[
        ("doc.md", b"---\ntitle: A page\n---\n\nText.\n"),
        ("cover.png", b"this is not a picture"),
    ]);
    let input = dir.path().to_str().expect("path");
    let out = dir.path().join("out");
    let cover = dir.path().join("cover.png");
    let run = common::mdexport(&[
        "build",
        input,
        "-o",
        out.to_str().expect("path"),
        "--formats",
        "epub",
        "--cover",
        cover.to_str().expect("path"),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("cover.png") && run.stderr.contains("not a PNG, JPEG or SVG"),
        "{}",
        run.stderr
    );
    let missing = dir.path().join("missing.svg");
    let run = common::mdexport(&["check", input, "--cover", missing.to_str().expect("path")]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("missing.svg"), "{}", run.stderr);
}
