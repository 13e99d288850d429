//! Helpers shared by the integration tests: external validators and fixture folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

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
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|candidate| candidate.is_file())
}

/// Writes `contents` at `relative` below `root`, creating folders as needed.
pub fn write_fixture(root: &Path, relative: &str, contents: impl AsRef<[u8]>) {
    let path = root.join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create fixture folder");
    }
    std::fs::write(&path, contents).expect("write fixture");
}

/// The repository's `seeds/` folder.
pub fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}
