//! Build script: stamps the program with a hash of its own source (`MDEXPORT_CODE_HASH`), which
//! the render cache puts in every fingerprint, so that a handout made by other code is not reused,
//! with the commit it was built from (`MDEXPORT_COMMIT`, for `--version`), and with the list of
//! message catalogues (`OUT_DIR/message_catalogues.rs`, for `src/locale`).

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

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
    println!("cargo:rustc-env=MDEXPORT_COMMIT={}", commit(&root));
    message_catalogues(&root);
}

/// Lists every message catalogue, `src/locale/messages/<tag>.ftl`, sorted by tag, as the Rust
/// source of a slice of `(tag, include_str!(file))` in `OUT_DIR/message_catalogues.rs`: adding
/// a language is adding a file.
fn message_catalogues(root: &Path) {
    let folder = root.join("src/locale/messages");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("src/locale/messages is readable")
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "ftl"))
        .collect();
    files.sort();
    let mut source = String::from("&[\n");
    for file in files {
        let tag = file.file_stem().expect("a file name").to_string_lossy();
        source.push_str(&format!(
            "    ({tag:?}, include_str!({:?})),\n",
            file.display()
        ));
    }
    source.push_str("]\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("message_catalogues.rs"), source).expect("OUT_DIR is writable");
}

/// The short hash of the checked-out commit, or `unknown` when git is missing or the source is
/// not a git checkout of its own (a packaged crate, an archive, a folder inside another
/// repository). Asks cargo to run this again when HEAD moves.
fn commit(root: &Path) -> String {
    let git = |args: &[&str]| -> Option<String> {
        let output = Command::new("git")
            .args(args)
            .current_dir(root)
            .output()
            .ok()?;
        let text = String::from_utf8(output.stdout).ok()?;
        let text = text.trim();
        (output.status.success() && !text.is_empty()).then(|| text.to_string())
    };
    let top = git(&["rev-parse", "--show-toplevel"]).map(PathBuf::from);
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !top.is_some_and(|top| same(&top, root)) {
        return "unknown".to_string();
    }
    // HEAD, the branch it names and the packed refs: a commit or a checkout changes one of them.
    let mut watched = vec!["HEAD".to_string(), "packed-refs".to_string()];
    watched.extend(git(&["symbolic-ref", "-q", "HEAD"]));
    for name in watched {
        if let Some(path) = git(&["rev-parse", "--git-path", &name]) {
            let path = root.join(path);
            if path.is_file() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    git(&["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "unknown".to_string())
}
