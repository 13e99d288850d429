//! Helpers shared by the integration tests: running the binary, writing fixture folders, and
//! deciding whether a test that needs an external validator runs.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run of the `mdexport` binary did.
pub struct Run {
    /// The exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs the `mdexport` binary built for these tests, in the repository root.
pub fn mdexport(args: &[&str]) -> Run {
    mdexport_with_env(args, &[])
}

/// Runs the binary with extra environment variables.
pub fn mdexport_with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_mdexport"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("mdexport runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A temporary folder holding `files` (relative path, content).
pub fn write_files(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, content) in files {
        write_bytes(dir.path(), path, content.as_bytes());
    }
    dir
}

/// Writes `bytes` at `relative` below `root`, creating folders.
pub fn write_bytes(root: &Path, relative: &str, bytes: &[u8]) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write fixture");
}

/// Whether the external tool `name` can be run (found on PATH).
///
/// When it cannot: with the environment variable `CI` set this fails the test; otherwise it prints
/// `SKIPPED: <name> not installed` and returns false so that the caller can return early.
pub fn require_tool(name: &str) -> bool {
    if find_on_path(name).is_some() {
        return true;
    }
    missing(name)
}

/// Reports a missing validator the way [`require_tool`] does: panics under CI, else prints SKIPPED.
pub fn missing(name: &str) -> bool {
    if std::env::var_os("CI").is_some() {
        panic!("{name} is required under CI but is not installed");
    }
    println!("SKIPPED: {name} not installed");
    false
}

/// The full path of `name` on PATH, if it is there.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Writes `contents` at `relative` below `root`, creating folders as needed.
pub fn write_fixture(root: &Path, relative: &str, contents: impl AsRef<[u8]>) {
    write_bytes(root, relative, contents.as_ref());
}

/// The repository's `seeds/` folder.
pub fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Runs epubcheck on `epub` and fails on any error or warning (skipped per [`require_tool`]).
pub fn epubcheck(epub: &Path) {
    let jar = Path::new("/usr/share/java/epubcheck.jar");
    if !jar.exists() || find_on_path("java").is_none() {
        missing("epubcheck");
        return;
    }
    let output = Command::new("java")
        .args(["-Xss512m", "-jar"])
        .arg(jar)
        .arg(epub)
        .output()
        .expect("java runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "epubcheck failed on {}:\n{text}",
        epub.display()
    );
    assert!(
        !text.contains("WARNING("),
        "epubcheck warnings on {}:\n{text}",
        epub.display()
    );
}

/// Whether `program` runs with `args` and exits successfully (for probing a tool or a module).
pub fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Whether `python3` is available (per the rule of [`require_tool`]).
pub fn python3() -> bool {
    runs("python3", &["--version"]) || missing("python3")
}

/// Whether the Python module `module` is importable (per the rule of [`require_tool`]).
pub fn python_module(module: &str) -> bool {
    python3()
        && (runs("python3", &["-c", &format!("import {module}")])
            || missing(&format!("python3 module {module}")))
}

/// A new temporary folder holding `files` (path relative to the folder, contents).
pub fn fixture_dir(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    for (relative, bytes) in files {
        write_bytes(dir.path(), relative, bytes);
    }
    dir
}

/// Runs `program` with `args`, returning its standard output; panics with its error output if it fails.
pub fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A PNG picture as the resolve stage hands it to the writers.
pub fn png_asset(bytes: &[u8]) -> mdexport::model::Asset {
    mdexport::model::Asset {
        bytes: bytes.to_vec(),
        format: mdexport::model::ImageFormat::Png,
    }
}

/// `pages` (path, Markdown) parsed and resolved together, with the default options.
pub fn resolved(pages: &[(&str, &str)]) -> Vec<mdexport::model::Document> {
    let mut documents: Vec<_> = pages
        .iter()
        .map(|(path, markdown)| {
            mdexport::parse::parse_document(path, markdown.as_bytes())
                .0
                .expect("parses")
        })
        .collect();
    mdexport::resolve::resolve(&mut documents, &Default::default());
    documents
}

/// The Typst source the handout writer generates, with its default options, for the first of
/// `documents`.
pub fn handout_source(documents: &[mdexport::model::Document]) -> String {
    mdexport::writers::pdf::generate(
        &documents[0],
        &Default::default(),
        &mdexport::writers::Assets::new(),
        documents,
    )
    .source
}
