//! The QR code on a handout's first page, read back with a real decoder: page 1 rendered at
//! 150 dpi (`pdftoppm`) and decoded (`zbarimg`) gives exactly the page's resolved `url`.

use crate::common;
use crate::pdf::config;
use mdexport::output::DirSink;
use mdexport::writers::handout_path;
use mdexport::writers::pdf::QrPlacement;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// The texts of the codes `zbarimg` finds on the first page of `pdf`, rendered at 150 dpi.
fn codes_on_first_page(pdf: &Path) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let prefix = dir.path().join("page");
    common::run(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            "-singlefile",
            pdf.to_str().expect("path"),
            prefix.to_str().expect("path"),
        ],
    );
    let output = Command::new("zbarimg")
        .args(["--raw", "-q", "-Sdisable", "-Sqrcode.enable"])
        .arg(dir.path().join("page.png"))
        .output()
        .expect("zbarimg runs");
    // zbarimg exits 4 when the picture holds no code.
    assert!(
        matches!(output.status.code(), Some(0 | 4)),
        "zbarimg failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| !line.is_empty())
        .map(str::to_string)
        .collect()
}

fn tools() -> bool {
    ["pdftoppm", "zbarimg"]
        .iter()
        .all(|t| common::require_tool(t))
}

/// Each document's resolved `url` and the codes decoded from its handout's first page, by path.
type Decoded = BTreeMap<String, (Option<String>, Vec<String>)>;

/// Builds `input` with `qr` and returns, for each document, its resolved `url` and the codes
/// decoded from its handout's first page, with the build's warnings.
fn decoded(input: &Path, qr: QrPlacement) -> (Decoded, Vec<mdexport::Diagnostic>) {
    let out = tempfile::tempdir().expect("temporary folder");
    let mut config = config(input, out.path());
    config.handout.qr = qr;
    let sink = DirSink::new(&config.output).expect("output folder");
    let report = mdexport::build(&config, &sink, &mdexport::progress::NoProgress).expect("builds");
    assert!(report.failed.is_empty(), "{:?}", report.diagnostics);
    let project = mdexport::load(&config, &mdexport::progress::NoProgress).expect("loads");
    let found = project
        .documents
        .iter()
        .map(|doc| {
            let pdf = config.output.join(handout_path(&doc.path));
            let codes = codes_on_first_page(&pdf);
            (doc.path.clone(), (doc.metadata.url.clone(), codes))
        })
        .collect();
    (found, report.diagnostics)
}

#[test]
fn every_seed_handout_carries_a_code_that_decodes_to_its_url() {
    if !tools() {
        return;
    }
    let (found, _) = decoded(&common::seeds(), QrPlacement::FirstPage);
    assert!(found.len() >= 30);
    for (path, (url, codes)) in &found {
        let url = url.as_deref().expect("every seed has a url");
        assert_eq!(codes, &[url.to_string()], "{path}");
    }
    println!(
        "{} seed handouts: every code decodes to its url",
        found.len()
    );
}

#[test]
fn a_600_character_url_still_scans_and_longer_ones_get_a_warning_instead() {
    if !tools() {
        return;
    }
    let long = format!(
        "https://www.cancer.gov/about-cancer/treatment/{}",
        (0..200)
            .map(|i| format!("p{i:03}x"))
            .collect::<Vec<_>>()
            .join("/")
    );
    let long = &long[..600];
    assert_eq!(long.len(), 600);
    let too_long = format!("{long}/{}", "segment/".repeat(100));
    let page = |url: &str| format!("---\ntitle: A page\nurl: {url}\n---\n\nSome text.\n");
    let input = common::fixture_dir(&[
        ("long.md", page(long).as_bytes()),
        ("too-long.md", page(&too_long).as_bytes()),
        ("none.md", b"---\ntitle: No address\n---\n\nSome text.\n"),
    ]);
    let (found, diagnostics) = decoded(input.path(), QrPlacement::FirstPage);
    let (url, codes) = &found["long.md"];
    assert_eq!(url.as_deref(), Some(long));
    assert_eq!(codes, &[long.to_string()]);
    assert_eq!(found["too-long.md"].1, Vec::<String>::new());
    assert_eq!(found["none.md"].1, Vec::<String>::new());
    let warned: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.code == "qr-too-long")
        .collect();
    assert_eq!(warned.len(), 1, "{diagnostics:?}");
    assert_eq!(warned[0].file, "too-long.md");
    assert!(warned[0].hint.is_some());
}

#[test]
fn qr_none_prints_no_code() {
    if !tools() {
        return;
    }
    let input = common::fixture_dir(&[(
        "a.md",
        b"---\ntitle: A page\nurl: https://www.cancer.gov/a\n---\n\nSome text.\n",
    )]);
    let (found, _) = decoded(input.path(), QrPlacement::None);
    assert_eq!(found["a.md"].1, Vec::<String>::new());
    let (found, _) = decoded(input.path(), QrPlacement::FirstPage);
    assert_eq!(found["a.md"].1, ["https://www.cancer.gov/a"]);
}
