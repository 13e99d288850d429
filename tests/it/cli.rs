//! End-to-end tests of the `mdexport` command on the seeds and on small generated folders.

use crate::common;

use crate::common::{mdexport, write_files};

#[test]
fn build_of_the_seeds_writes_every_output_and_exits_zero() {
    let out = tempfile::tempdir().unwrap();
    let run = mdexport(&["build", "seeds", "-o", out.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let seeds: Vec<_> = walkdir::WalkDir::new("seeds")
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| mdexport::source::is_markdown(&e.file_name().to_string_lossy()))
        .collect();
    assert!(seeds.len() >= 21, "seeds/ holds at least 21 pages");
    for format in mdexport::config::Format::ALL {
        match format.name() {
            "pdf" => {
                for seed in &seeds {
                    let rel = seed
                        .path()
                        .strip_prefix("seeds")
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/");
                    let handout = out.path().join(mdexport::writers::handout_path(&rel));
                    assert!(handout.is_file(), "missing handout {}", handout.display());
                }
            }
            "epub" => assert!(out.path().join("booklet.epub").is_file()),
            "csv" => {
                let mut reader = csv::Reader::from_path(out.path().join("catalog.csv")).unwrap();
                assert_eq!(reader.records().count(), seeds.len());
            }
            "xlsx" => assert!(out.path().join("catalog.xlsx").is_file()),
            other => panic!("no check for format {other}"),
        }
    }
    assert!(
        run.stderr.contains(&format!(
            "read {}, exported {}, failed 0",
            seeds.len(),
            seeds.len()
        )),
        "{}",
        run.stderr
    );
    let leftovers: Vec<_> = walkdir::WalkDir::new(out.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(mdexport::output::TEMP_PREFIX)
        })
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn one_broken_document_fails_alone_with_exit_one() {
    let input = write_files(&[
        (
            "good-1.md",
            "---\ntitle: Good one\n---\n\nSome text about the first topic.\n",
        ),
        ("sub/good-2.md", "# Good two\n\nMore text.\n"),
        ("broken.md", "---\ntitle: [unclosed\n---\n\nBody.\n"),
    ]);
    let out = tempfile::tempdir().unwrap();
    let run = mdexport(&[
        "build",
        input.path().to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
        "--formats",
        "csv",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("broken.md:2"),
        "the error names the file and line: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("read 3, exported 2, failed 1"),
        "{}",
        run.stderr
    );
    let catalog = std::fs::read_to_string(out.path().join("catalog.csv")).unwrap();
    assert!(
        catalog.contains("good-1.md")
            && catalog.contains("sub/good-2.md")
            && !catalog.contains("broken.md")
    );
}

#[test]
fn a_folder_without_documents_is_an_error_not_a_success() {
    let empty = write_files(&[("notes.txt", "not Markdown\n")]);
    let out = tempfile::tempdir().unwrap();
    let input = empty.path().to_str().unwrap();
    let run = mdexport(&["build", input, "-o", out.path().to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("holds no Markdown documents"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(input), "{}", run.stderr);
    let run = mdexport(&["check", input]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let pages = write_files(&[("a.md", "# A\n\nText.\n")]);
    let run = mdexport(&["check", pages.path().to_str().unwrap(), "--include", "b/**"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("match `include` and `exclude`"),
        "{}",
        run.stderr
    );
}

#[test]
fn nothing_to_do_exits_two() {
    let run = mdexport(&["build", "/nonexistent/folder", "-o", "/tmp/mdexport-never"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("/nonexistent/folder"), "{}", run.stderr);
    let run = mdexport(&["build", "seeds", "--formats", "docx"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("invalid value 'docx'") && run.stderr.contains("pdf, epub, csv"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_lists_problems_without_writing() {
    let input = write_files(&[
        ("a.md", "---\ntitle: x\nlastReviewed: someday\n---\nBody\n"),
        ("b.md", "# Fine\n\nText.\n"),
    ]);
    let run = mdexport(&["check", input.path().to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("a.md:3"), "{}", run.stdout);
    assert!(run.stdout.contains("lastReviewed"), "{}", run.stdout);
}

#[test]
fn dump_prints_the_model_as_json() {
    let run = mdexport(&["dump", "tests/it/fixtures/model/bom.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["metadata"]["title"], "BOM page");
    assert_eq!(json["metadata"]["extra"]["customKey"]["nested"][1], 2);
}

#[test]
fn check_json_prints_one_object_per_diagnostic() {
    let input = write_files(&[
        ("bad.md", "---\ntitle: [x\n---\n"),
        ("ok.md", "# Fine\n\nText.\n"),
    ]);
    let run = mdexport(&["check", input.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 1);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert!(!lines.is_empty());
    for object in &lines {
        for key in ["file", "line", "column", "severity", "code", "message"] {
            assert!(object.get(key).is_some(), "{key} missing in {object}");
        }
    }
    let error = lines
        .iter()
        .find(|o| o["severity"] == "error")
        .expect("an error");
    assert_eq!(error["file"], "bad.md");
    assert_eq!(error["line"], 2);
    assert_eq!(error["code"], "front-matter-yaml");
}

#[test]
fn include_exclude_and_front_matter_filter_select_documents() {
    let input = write_files(&[
        ("a/one.md", "---\ntitle: One\nstatus: active\n---\nText.\n"),
        ("a/two.md", "---\ntitle: Two\nstatus: retired\n---\nText.\n"),
        (
            "b/three.md",
            "---\ntitle: Three\nstatus: active\n---\nText.\n",
        ),
        (
            "mdexport.toml",
            "formats = [\"csv\"]\nfilter = { status = \"active\" }\n",
        ),
    ]);
    let out = tempfile::tempdir().unwrap();
    let run = mdexport(&[
        "build",
        input.path().to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
        "--exclude",
        "b/**",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let catalog = std::fs::read_to_string(out.path().join("catalog.csv")).unwrap();
    assert!(catalog.contains("a/one.md"));
    assert!(!catalog.contains("a/two.md"), "filtered out by status");
    assert!(!catalog.contains("b/three.md"), "excluded by glob");
    assert!(
        !out.path().join("booklet.epub").exists(),
        "formats come from mdexport.toml"
    );
}

#[test]
fn watch_rebuilds_when_a_source_changes() {
    let input = write_files(&[("page.md", "---\ntitle: First title\n---\nText.\n")]);
    let out = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mdexport"))
        .args([
            "build",
            input.path().to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
            "--formats",
            "csv",
            "--watch",
            "-q",
        ])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let catalog = out.path().join("catalog.csv");
    let wait_for = |needle: &str| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::time::Instant::now() < deadline {
            if std::fs::read_to_string(&catalog).is_ok_and(|c| c.contains(needle)) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        false
    };
    let first = wait_for("First title");
    std::fs::write(
        input.path().join("page.md"),
        "---\ntitle: Second title\n---\nText.\n",
    )
    .unwrap();
    let second = wait_for("Second title");
    let _ = child.kill();
    let _ = child.wait();
    assert!(first, "the first build happened");
    assert!(second, "the change was rebuilt");
}

#[test]
fn a_rebuild_renders_only_the_changed_handout_and_matches_a_clean_build() {
    let input = write_files(&[
        (
            "a.md",
            "---\ntitle: Page A\nurl: https://example.org/a\n---\n\nSee [page B](https://example.org/b).\n",
        ),
        (
            "b.md",
            "---\ntitle: Page B\nurl: https://example.org/b\n---\n\nText of B.\n",
        ),
        ("c.md", "---\ntitle: Page C\n---\n\nText of C.\n"),
        ("d.md", "---\ntitle: Page D\n---\n\nText of D.\n"),
    ]);
    let out = tempfile::tempdir().unwrap();
    let build = |o: &std::path::Path| {
        mdexport(&[
            "build",
            input.path().to_str().unwrap(),
            "-o",
            o.to_str().unwrap(),
            "-j",
            "2",
        ])
    };
    let first = build(out.path());
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(!first.stderr.contains("reused"), "{}", first.stderr);

    let unchanged = build(out.path());
    assert!(
        unchanged.stderr.contains("pdf: 4 file(s)")
            && unchanged.stderr.contains("(4 reused from the last build)"),
        "{}",
        unchanged.stderr
    );

    std::fs::write(
        input.path().join("c.md"),
        "---\ntitle: Page C\n---\n\nNew text of C.\n",
    )
    .unwrap();
    let second = build(out.path());
    assert_eq!(second.code, 0);
    assert!(
        second.stderr.contains("(3 reused from the last build)"),
        "exactly one handout re-rendered: {}",
        second.stderr
    );

    // Renaming B changes A's handout too ("see: Page B"), and only those two.
    std::fs::write(
        input.path().join("b.md"),
        "---\ntitle: Page B renamed\nurl: https://example.org/b\n---\n\nText of B.\n",
    )
    .unwrap();
    let third = build(out.path());
    assert!(
        third.stderr.contains("(2 reused from the last build)"),
        "{}",
        third.stderr
    );

    let clean = tempfile::tempdir().unwrap();
    assert_eq!(build(clean.path()).code, 0);
    let files = |root: &std::path::Path| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path()
                        .strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    assert_eq!(
        files(out.path()),
        files(clean.path()),
        "an incremental build gives the bytes of a clean build"
    );
}

#[test]
fn link_notes_option_decides_which_links_are_listed() {
    let input = write_files(&[(
        "page.md",
        "---\ntitle: Links\nurl: https://example.org/page\n---\n\nA [web page](https://example.org/elsewhere) and a [term](/Common/PopUps/popDefinition.aspx?id=1).\n",
    )]);
    if !common::require_tool("pdftotext") {
        return;
    }
    let text_with = |notes: &str| {
        let out = tempfile::tempdir().unwrap();
        let run = mdexport(&[
            "build",
            input.path().to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
            "--formats",
            "pdf",
            "--link-notes",
            notes,
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        common::run(
            "pdftotext",
            &[out.path().join("handouts/page.pdf").to_str().unwrap(), "-"],
        )
    };
    let external = text_with("external");
    assert!(
        external.contains("https://example.org/elsewhere") && !external.contains("popDefinition"),
        "{external}"
    );
    let all = text_with("all");
    assert!(
        all.contains("https://example.org/elsewhere") && all.contains("popDefinition"),
        "{all}"
    );
    let none = text_with("none");
    assert!(
        !none.contains("https://example.org/elsewhere") && !none.contains("Links in this handout"),
        "{none}"
    );
}

#[test]
fn verbose_build_lists_documents_and_times_each_stage() {
    let input = write_files(&[
        ("a.md", "---\ntitle: A\n---\n# A\n\nSome text.\n"),
        ("b.md", "---\ntitle: B\n---\n# B\n\nMore text.\n"),
    ]);
    let out = tempfile::tempdir().unwrap();
    let (input, out) = (input.path().to_str().unwrap(), out.path().to_str().unwrap());
    let run = mdexport(&["build", input, "-o", out, "-v", "--formats", "epub,csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("a.md") && run.stderr.contains("b.md"));
    let time = run
        .stderr
        .lines()
        .find(|line| line.starts_with("time: "))
        .unwrap_or_else(|| panic!("no time line in {}", run.stderr));
    let stages: Vec<&str> = time["time: ".len()..]
        .split(" · ")
        .map(|stage| stage.rsplitn(3, ' ').nth(2).unwrap_or(""))
        .collect();
    assert_eq!(stages[..2], ["read and parse", "resolve"], "{time}");
    let mut writers = stages[2..].to_vec();
    writers.sort();
    assert_eq!(writers, ["csv", "epub"], "{time}");
    let quiet = mdexport(&["build", input, "-o", out, "--formats", "csv"]);
    assert!(!quiet.stderr.contains("time: "), "{}", quiet.stderr);
}

#[test]
fn completions_for_every_shell_name_the_subcommands_and_options() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = mdexport(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for word in ["build", "check", "csv-delimiter", "formats", "xlsx"] {
            assert!(run.stdout.contains(word), "{shell} completes {word}");
        }
    }
    if common::find_on_path("bash").is_some() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("mdexport.bash");
        std::fs::write(&script, mdexport(&["completions", "bash"]).stdout).unwrap();
        let words = common::run(
            "bash",
            &[
                "-c",
                &format!(
                    "source {}; COMP_WORDS=(mdexport build --csv-); COMP_CWORD=2; _mdexport mdexport --csv- build; echo \"${{COMPREPLY[@]}}\"",
                    script.display()
                ),
            ],
        );
        assert!(words.contains("--csv-delimiter"), "{words}");
    }
    let run = mdexport(&["completions", "tcsh"]);
    assert_eq!(run.code, 2, "an unknown shell is a usage error");
}

#[test]
fn the_man_page_is_made_from_the_same_definitions_as_help() {
    let run = mdexport(&["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = run.stdout;
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq"),
        "roff: {}",
        &page[..80.min(page.len())]
    );
    assert!(page.contains(".TH mdexport 1"), "{page}");
    for subcommand in ["build", "check", "dump", "completions", "man"] {
        assert!(
            page.contains(&format!("mdexport\\-{subcommand}(1)")),
            "{subcommand}"
        );
    }
    let build = mdexport(&["man", "build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    for option in [
        "\\-\\-csv\\-delimiter",
        "\\-\\-formats",
        "\\-\\-page\\-size",
    ] {
        assert!(
            build.stdout.contains(option),
            "{option} in mdexport-build(1)"
        );
    }
    assert_eq!(mdexport(&["man", "nonsense"]).code, 2);
    if common::find_on_path("man").is_some() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("mdexport.1");
        std::fs::write(&file, &page).unwrap();
        let output = std::process::Command::new("man")
            .arg("-l")
            .arg(&file)
            .env("MANWIDTH", "100")
            .output()
            .expect("man runs");
        // Bold and underline come as overstrikes (a character, a backspace, the character).
        let raw: Vec<char> = String::from_utf8_lossy(&output.stdout).chars().collect();
        let text: String = raw
            .iter()
            .enumerate()
            .filter(|(i, c)| **c != '\u{8}' && raw.get(i + 1) != Some(&'\u{8}'))
            .map(|(_, c)| *c)
            .collect();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(text.contains("SUBCOMMANDS"), "{text}");
    }
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let run = mdexport(&["--version"]);
    assert_eq!(run.code, 0);
    let line = run.stdout.trim();
    let rest = line
        .strip_prefix(&format!("mdexport {} (commit ", env!("CARGO_PKG_VERSION")))
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{line}"));
    assert!(
        rest == "unknown" || (rest.len() == 12 && rest.chars().all(|c| c.is_ascii_hexdigit())),
        "{line}"
    );
    if let Ok(head) = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        && head.status.success()
    {
        let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
        // A commit made after this binary was built moves HEAD; the test binary is rebuilt with it.
        assert!(
            rest == head || rest == "unknown",
            "{line} but HEAD is {head}"
        );
    }
}

#[test]
fn no_color_turns_colours_off_even_when_forced() {
    let forced =
        common::mdexport_with_env(&["build", "--no-such-option"], &[("CLICOLOR_FORCE", "1")]);
    assert_eq!(forced.code, 2);
    assert!(
        forced.stderr.contains('\u{1b}'),
        "colours when forced: {:?}",
        forced.stderr
    );
    let plain = common::mdexport_with_env(
        &["build", "--no-such-option"],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
    );
    assert_eq!(plain.code, 2);
    assert!(!plain.stderr.contains('\u{1b}'), "{:?}", plain.stderr);
    let help = common::mdexport_with_env(
        &["build", "--help"],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
    );
    assert!(!help.stdout.contains('\u{1b}'), "{:?}", help.stdout);
}
