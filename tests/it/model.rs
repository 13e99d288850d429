//! Snapshot tests of the model: every fixture under `tests/it/fixtures/model/` parsed, then resolved.

use mdexport::parse::parse_document;
use mdexport::resolve::{ResolveOptions, resolve};

#[test]
fn parsed_model_snapshots() {
    insta::glob!("fixtures/model/*.md", |path| {
        let bytes = std::fs::read(path).expect("fixture readable");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("file name");
        let (document, diagnostics) = parse_document(name, &bytes);
        assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
        let mut document = document.expect("fixture parses");
        insta::assert_json_snapshot!("parsed", document);
        let resolved = resolve(
            std::slice::from_mut(&mut document),
            &ResolveOptions::default(),
        );
        insta::assert_json_snapshot!("resolved", (&document, &resolved.diagnostics));
    });
}

#[test]
fn seed_page_parses_into_the_expected_outline() {
    let bytes = std::fs::read(
        "seeds/cancer-types/about-cancer-treatment-types-immunotherapy-immune-system-modulators.md",
    )
    .unwrap();
    let (document, diagnostics) = parse_document("immune.md", &bytes);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let document = document.unwrap();
    assert_eq!(document.metadata.tags, vec!["treatment", "cancer-type"]);
    assert_eq!(
        document.metadata.last_reviewed.unwrap().to_string(),
        "2025-12-30"
    );
    let mut headings = Vec::new();
    mdexport::model::walk_blocks(&document.blocks, &mut |b| {
        if let mdexport::model::BlockKind::Heading { level, content, .. } = &b.kind {
            headings.push((*level, mdexport::model::plain_text(content)));
        }
    });
    let expected = [
        (1, "Immune System Modulators to Treat Cancer - NCI"),
        (1, "Immune System Modulators"),
        (2, ""),
        (2, ""),
        (2, ""),
    ];
    let expected: Vec<(u8, String)> = expected.iter().map(|(l, t)| (*l, t.to_string())).collect();
    assert_eq!(
        headings, expected,
        "the raw model keeps the scraped headings; the resolve stage cleans them"
    );
}
