//! Hostile and broken input: a folder mixing broken, odd and hostile documents builds with exit
//! code 1, names every broken file, exports every good one to valid outputs, and leaks nothing.

use crate::common;

use crate::common::{mdexport, require_tool, write_bytes};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURES: &str = "tests/it/fixtures/hostile";

/// Copies the fixtures into a temporary folder and adds the large generated ones.
fn hostile_input() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(FIXTURES)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let rel = entry
            .path()
            .strip_prefix(FIXTURES)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        write_bytes(dir.path(), &rel, &std::fs::read(entry.path()).unwrap());
    }
    let root = dir.path();
    let words: Vec<String> = (0..10_000)
        .map(|i| ["patients", "often", "feel", "tired", "after", "treatment."][i % 6].to_string())
        .collect();
    write_bytes(
        root,
        "odd/long-paragraph.md",
        format!(
            "---\ntitle: Ten thousand words\n---\n\n{}\n",
            words.join(" ")
        )
        .as_bytes(),
    );
    let mut table = String::from("---\ntitle: A wide table\n---\n\n|");
    table.push_str(
        &(1..=30)
            .map(|c| format!(" Column {c} |"))
            .collect::<String>(),
    );
    table.push_str("\n|");
    table.push_str(&"---|".repeat(30));
    table.push('\n');
    for r in 1..=400 {
        table.push('|');
        table.push_str(&(1..=30).map(|c| format!(" r{r}c{c} |")).collect::<String>());
        table.push('\n');
    }
    write_bytes(root, "odd/wide-table.md", table.as_bytes());
    let headings: String = (1..=200)
        .map(|i| format!("## Section {i}\n\nText of section {i}.\n\n"))
        .collect();
    write_bytes(
        root,
        "odd/many-headings.md",
        format!("---\ntitle: Two hundred headings\n---\n\n{headings}").as_bytes(),
    );
    let images: String = (1..=200)
        .map(|i| format!("![Figure number {i}](https://example.org/img/{i}.png)\n\n"))
        .collect();
    write_bytes(
        root,
        "odd/many-images.md",
        format!("---\ntitle: Two hundred images\n---\n\n{images}").as_bytes(),
    );
    let keys: String = (0..20_000)
        .map(|i| format!("key{i}: value number {i}\n"))
        .collect();
    write_bytes(
        root,
        "broken/huge-front-matter.md",
        format!("---\n{keys}---\n\nBody.\n").as_bytes(),
    );
    let big = vec![b'a'; 50 * 1024 * 1024];
    write_bytes(root, "broken/fifty-megabytes.md", &big);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("..", root.join("odd/loop")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", root.join("hostile/leak.md")).unwrap();
    }
    dir
}

fn files_below(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn hostile_folder_exports_the_good_names_the_broken_and_leaks_nothing() {
    let input = hostile_input();
    let out = tempfile::tempdir().unwrap();
    let run = mdexport(&[
        "build",
        input.path().to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "some documents are broken: {}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);

    // Every broken file is named, with its line where there is one.
    let broken: BTreeMap<&str, Option<&str>> = BTreeMap::from([
        ("broken/yaml-syntax.md", Some("broken/yaml-syntax.md:3")),
        ("broken/unterminated.md", Some("broken/unterminated.md:1")),
        (
            "broken/list-front-matter.md",
            Some("broken/list-front-matter.md:2"),
        ),
        (
            "broken/scalar-front-matter.md",
            Some("broken/scalar-front-matter.md:2"),
        ),
        (
            "broken/title-is-a-list.md",
            Some("broken/title-is-a-list.md:3"),
        ),
        ("broken/alias-bomb.md", Some("broken/alias-bomb.md:")),
        ("broken/invalid-utf8.md", Some("broken/invalid-utf8.md:5")),
        ("broken/binary.md", Some("broken/binary.md:1")),
        (
            "broken/huge-front-matter.md",
            Some("broken/huge-front-matter.md:2"),
        ),
        ("broken/fifty-megabytes.md", None),
    ]);
    for (file, position) in &broken {
        let line = run
            .stderr
            .lines()
            .find(|l| l.starts_with(file) && l.contains("error"))
            .unwrap_or_else(|| panic!("no error for {file}: {}", run.stderr));
        if let Some(position) = position {
            assert!(
                line.starts_with(position),
                "{file}: expected position {position} in `{line}`"
            );
        }
    }

    // A file named like a picture that does not decode as one is a warning, not an embed.
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with("hostile/bad-images.md")
                && l.contains("image-unsupported")
                && l.contains("picture.png")),
        "{}",
        run.stderr
    );

    // Every other Markdown document is exported to every format.
    let good: Vec<String> = files_below(input.path())
        .iter()
        .map(|p| {
            p.strip_prefix(input.path())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| p.ends_with(".md") && !p.starts_with("broken/") && p != "hostile/leak.md")
        .collect();
    assert!(good.len() >= 20);
    let mut catalog = csv::Reader::from_path(out.path().join("catalog.csv")).unwrap();
    let headers = catalog.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = catalog.records().map(Result::unwrap).collect();
    let paths: Vec<&str> = rows.iter().map(|r| r.get(0).unwrap()).collect();
    for doc in &good {
        assert!(
            paths.contains(&doc.as_str()),
            "{doc} missing from the catalog"
        );
        assert!(
            out.path()
                .join(mdexport::writers::handout_path(doc))
                .is_file(),
            "{doc} has no handout"
        );
    }
    assert_eq!(
        rows.len(),
        good.len(),
        "no extra rows (non-Markdown files, links) in {paths:?}"
    );
    assert!(
        run.stderr
            .contains(&format!("exported {}, failed {}", good.len(), broken.len())),
        "{}",
        run.stderr
    );

    // No live formula in any text cell.
    for row in &rows {
        for (header, cell) in headers.iter().zip(row.iter()) {
            let number = cell.parse::<f64>().is_ok();
            assert!(
                number || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "live formula in {header}: {cell:?}"
            );
        }
    }
    let formulas = rows
        .iter()
        .find(|r| r.get(0) == Some("hostile/formulas.md"))
        .unwrap();
    let title = headers.iter().position(|h| h == "title").unwrap();
    assert_eq!(
        &formulas[title], "'=HYPERLINK(\"https://evil.example\",\"click\")",
        "the text is kept, made inert"
    );

    // Nothing from outside INPUT and nothing executable in any output.
    let secrets: Vec<String> = ["/etc/hostname", "/etc/passwd"]
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .flat_map(|text| {
            text.lines()
                .map(str::trim)
                .filter(|l| l.len() >= 12)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    let epub = std::fs::File::open(out.path().join("booklet.epub")).unwrap();
    let mut archive = zip::ZipArchive::new(epub).unwrap();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
        for bad in [
            "<script",
            "<iframe",
            "onerror",
            "onclick",
            "javascript:",
            "vbscript:",
            "href=\"data:",
            "src=\"data:",
            "file:",
        ] {
            assert!(!text.contains(bad), "{bad} in {}", entry.name());
        }
        for secret in &secrets {
            assert!(
                !text.contains(&secret.to_ascii_lowercase()),
                "a line of a file outside INPUT is in {}",
                entry.name()
            );
        }
    }
    let all_text: String = files_below(out.path())
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    for secret in &secrets {
        assert!(!all_text.contains(secret.as_str()));
    }

    // Every output is valid.
    if require_tool("qpdf") {
        for pdf in files_below(&out.path().join("handouts")) {
            let status = Command::new("qpdf")
                .arg("--check")
                .arg(&pdf)
                .output()
                .unwrap();
            assert!(
                status.status.success(),
                "qpdf --check failed on {}: {}",
                pdf.display(),
                String::from_utf8_lossy(&status.stdout)
            );
        }
    }
    if require_tool("pdftotext") {
        for pdf in files_below(&out.path().join("handouts")) {
            let text = Command::new("pdftotext")
                .arg(&pdf)
                .arg("-")
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&text.stdout);
            for secret in &secrets {
                assert!(
                    !text.contains(secret.as_str()),
                    "{} prints a line of a file outside INPUT",
                    pdf.display()
                );
            }
            assert!(
                !text.contains("alert("),
                "{} prints script text",
                pdf.display()
            );
        }
    }
    common::epubcheck(&out.path().join("booklet.epub"));

    // No temporary files are left behind.
    assert!(files_below(out.path()).iter().all(|p| {
        !p.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(mdexport::output::TEMP_PREFIX)
    }));
}

#[test]
fn killing_a_build_leaves_only_complete_files() {
    // A first complete build, then builds of changed input killed at moments spread over a build.
    let input = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new("seeds")
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let rel = entry
            .path()
            .strip_prefix("seeds")
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        write_bytes(input.path(), &rel, &std::fs::read(entry.path()).unwrap());
    }
    let out = tempfile::tempdir().unwrap();
    let args = |o: &Path| {
        vec![
            "build".to_string(),
            input.path().to_str().unwrap().to_string(),
            "-o".into(),
            o.to_str().unwrap().to_string(),
            "-q".into(),
        ]
    };
    let first = mdexport(
        &args(out.path())
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(first.code, 0, "{}", first.stderr);
    let old = snapshot(out.path());

    // Change every document so that every output differs, and record the complete new outputs.
    for file in files_below(input.path())
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
    {
        let text = std::fs::read_to_string(file).unwrap();
        std::fs::write(
            file,
            format!("{text}\n\nA sentence added for the second version.\n"),
        )
        .unwrap();
    }
    let reference = tempfile::tempdir().unwrap();
    let second = mdexport(
        &args(reference.path())
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(second.code, 0);
    let new = snapshot(reference.path());

    for delay_ms in [20u64, 60, 120, 250, 500, 900] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mdexport"))
            .args(args(out.path()))
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        for (path, bytes) in snapshot(out.path()) {
            if path
                .rsplit('/')
                .next()
                .unwrap()
                .starts_with(mdexport::output::TEMP_PREFIX)
            {
                continue; // a killed run's temporary file; never a name a reader opens
            }
            let is_old = old.get(&path) == Some(&bytes);
            let is_new = new.get(&path) == Some(&bytes);
            assert!(
                is_old || is_new,
                "{path} is neither the previous nor the new complete file after a kill at {delay_ms} ms"
            );
        }
    }
    // The next complete run cleans up whatever a killed run left.
    let last = mdexport(
        &args(out.path())
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(last.code, 0);
    assert_eq!(snapshot(out.path()), new);
}

fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    files_below(root)
        .into_iter()
        .map(|p| {
            (
                p.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

/// Inputs the fuzzer once found a panic with (`fuzz/`), kept so that they stay fixed.
#[test]
fn inputs_found_by_the_fuzzer_never_panic() {
    for entry in std::fs::read_dir("tests/it/fixtures/fuzz").unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let result = std::panic::catch_unwind(|| {
            let (document, _) = mdexport::parse::parse_document("fuzz.md", &bytes);
            if let Some(document) = document {
                let mut documents = vec![document];
                mdexport::resolve::resolve(
                    &mut documents,
                    &mdexport::resolve::ResolveOptions::default(),
                );
            }
        });
        assert!(result.is_ok(), "{} panics", path.display());
    }
}

/// Pages built to stall or exhaust a build, one per class, each generated here: `(file, body,
/// what happens)`, where what happens is `None` when the page is exported and the error code
/// that refuses it otherwise.
fn pathological_pages() -> Vec<(&'static str, String, Option<&'static str>)> {
    let rows: String = (0..30_000)
        .map(|i| format!("| r{i} | {i} | z |\n"))
        .collect();
    let lists: String = (0..1_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    let references: String = (0..50_000)
        .map(|i| format!("[r{i}]: https://example.org/{i}\n"))
        .collect();
    vec![
        (
            "nested-quotes.md",
            format!("{}deep\n", "> ".repeat(50_000)),
            None,
        ),
        (
            "nested-brackets.md",
            format!("{}x{}\n", "[".repeat(50_000), "]".repeat(50_000)),
            None,
        ),
        ("emphasis-openers.md", "*a ".repeat(65_000), None),
        ("emphasis-closers.md", "a* ".repeat(65_000), None),
        ("emphasis-mixed.md", "*a **b _c __d ".repeat(16_000), None),
        (
            "nested-emphasis.md",
            "*a _b **c __d ".repeat(65_000),
            Some("over-budget"),
        ),
        ("unclosed-links.md", "[a](b ".repeat(30_000), None),
        (
            "code-spans.md",
            "`x` ".repeat(3_000_000),
            Some("file-too-large"),
        ),
        (
            "big-table.md",
            format!("| a | b | c |\n|---|---|---|\n{rows}"),
            Some("over-budget"),
        ),
        ("nested-lists.md", lists, None),
        ("nul-bytes.md", "text \0 more \0\n".repeat(1_000), None),
        (
            "reference-definitions.md",
            format!("{references}[r1] [r49999]\n"),
            None,
        ),
    ]
}

#[test]
fn pages_built_to_stall_a_build_are_exported_or_refused_by_name() {
    let input = tempfile::tempdir().unwrap();
    let pages = pathological_pages();
    for (file, body, _) in &pages {
        let text = format!("---\ntitle: {file}\nlanguage: en\n---\n\n{body}\n");
        write_bytes(input.path(), file, text.as_bytes());
    }
    let out = tempfile::tempdir().unwrap();
    let run = mdexport(&[
        "build",
        input.path().to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    for (file, _, refused) in &pages {
        let handout = out
            .path()
            .join("handouts")
            .join(file.replace(".md", ".pdf"));
        match refused {
            None => assert!(handout.is_file(), "{file} is exported: {}", run.stderr),
            Some(code) => {
                assert!(!handout.exists(), "{file} is refused");
                let named = run
                    .stderr
                    .lines()
                    .any(|line| line.starts_with(file) && line.contains(&format!("error[{code}]")));
                assert!(named, "{file}: error[{code}] in {}", run.stderr);
            }
        }
    }
    let hints: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("hint: split the document, or raise `max-"))
        .collect();
    assert!(
        !hints.is_empty(),
        "each refusal names the option that raises the limit"
    );
    // The booklet and the catalog hold the pages that were exported.
    common::epubcheck(&out.path().join("booklet.epub"));
}

#[test]
fn a_table_too_large_to_typeset_prints_as_one_paragraph_per_row() {
    let rows: String = (0..4_000)
        .map(|i| format!("| Day {i} | {i} mg |\n"))
        .collect();
    let input = common::write_files(&[(
        "big.md",
        &format!("---\ntitle: Doses\n---\n\n| Day | Dose |\n|---|---|\n{rows}"),
    )]);
    let out = tempfile::tempdir().unwrap();
    let run = mdexport(&[
        "build",
        input.path().to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
        "--formats",
        "epub",
        "--max-table-cells",
        "1000",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("big.md:5: warning[table-too-large]"),
        "{}",
        run.stderr
    );
    let booklet = std::fs::read(out.path().join("booklet.epub")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(booklet)).unwrap();
    let mut chapter = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("OEBPS/c-big.xhtml").unwrap(),
        &mut chapter,
    )
    .unwrap();
    assert!(!chapter.contains("<table>"), "{chapter}");
    assert!(
        chapter.contains("<p><strong>Day</strong>: Day 3999; <strong>Dose</strong>: 3999 mg</p>"),
        "{chapter}"
    );
}

#[test]
fn a_handout_past_the_time_limit_is_an_error_and_the_build_finishes() {
    let input = common::write_files(&[
        ("a.md", "---\ntitle: A\n---\n\nText.\n"),
        ("b.md", "---\ntitle: B\n---\n\nMore text.\n"),
    ]);
    let out = tempfile::tempdir().unwrap();
    let run = mdexport(&[
        "build",
        input.path().to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
        "--handout-time-limit",
        "0",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for file in ["a.md", "b.md"] {
        assert!(
            run.stderr.contains(&format!("{file}: error[pdf-timeout]")),
            "{}",
            run.stderr
        );
    }
    assert!(
        !out.path().join("handouts").exists(),
        "no handout is written"
    );
    assert!(out.path().join("booklet.epub").is_file());
    assert!(out.path().join("catalog.csv").is_file());
}
