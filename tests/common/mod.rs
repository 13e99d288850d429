//! Helpers shared by the integration tests: external validators and fixture folders.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// Whether the external tool `name` can be run. When it cannot: panics if the environment
/// variable `CI` is set (validators are required there), else prints
/// `SKIPPED: <name> not installed` and returns `false` so the caller can return early.
pub fn require_tool(name: &str) -> bool {
    let found = Command::new(name).arg("--version").output().or_else(|_| Command::new(name).arg("-v").output()).is_ok();
    if found {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{name} is required in CI but is not installed");
    }
    eprintln!("SKIPPED: {name} not installed");
    false
}

/// A new temporary folder holding `files` (path relative to the folder, contents).
pub fn fixture_dir(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    write_files(dir.path(), files);
    dir
}

/// Writes `files` (path relative to `root`, contents) under `root`, creating folders.
pub fn write_files(root: &Path, files: &[(&str, &[u8])]) {
    for (relative, bytes) in files {
        let path = root.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("fixture folder");
        }
        std::fs::write(&path, bytes).expect("fixture file");
    }
}

/// Runs `program` with `args`, returning its standard output; panics with its error output if it fails.
pub fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(output.status.success(), "{program} {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}
