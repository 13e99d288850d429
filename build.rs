//! Build script: stamps the program with a hash of its own source (`MDEXPORT_CODE_HASH`), which
//! the render cache puts in every fingerprint, so that a handout made by other code is not reused.

use sha2::{Digest, Sha256};
use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let sources = walkdir::WalkDir::new(root.join("src"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(walkdir::DirEntry::into_path);
    let mut hasher = Sha256::new();
    for file in [root.join("Cargo.toml"), root.join("Cargo.lock")]
        .into_iter()
        .chain(sources)
    {
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        let name = file.strip_prefix(&root).unwrap_or(&file).to_string_lossy();
        for part in [name.as_bytes(), &bytes] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
    }
    // Cargo scans a watched folder recursively, so new and removed files count too.
    for watched in ["Cargo.toml", "Cargo.lock", "src"] {
        println!("cargo:rerun-if-changed={watched}");
    }
    let hash: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    println!("cargo:rustc-env=MDEXPORT_CODE_HASH={hash}");
}
