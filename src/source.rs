//! Walks INPUT: the Markdown files in sorted order, hidden folders and other files skipped.

use crate::diagnostics::Diagnostic;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// One Markdown file found under INPUT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to INPUT, `/`-separated.
    pub relative: String,
    /// Path on disk.
    pub absolute: PathBuf,
    /// Size in bytes.
    pub size: u64,
}

/// Whether a file name is a Markdown document (`.md` or `.markdown`, any case).
///
/// `README.md` files describe a folder rather than being documents of it, and are skipped.
pub fn is_markdown(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    (lower.ends_with(".md") || lower.ends_with(".markdown"))
        && lower != "readme.md"
        && lower != "readme.markdown"
}

/// Lists the Markdown files under `root` in sorted order.
///
/// Hidden files and folders (name starting with `.`) are skipped. Symbolic links are followed
/// only when they point at a file inside `root`; other links, and links to folders (which could
/// loop), are skipped with a warning.
pub fn walk(root: &Path) -> Result<(Vec<SourceFile>, Vec<Diagnostic>), std::io::Error> {
    let canonical_root = root.canonicalize()?;
    if !canonical_root.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotADirectory,
            format!("{} is not a folder", root.display()),
        ));
    }
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let file = err
                    .path()
                    .map(|p| relative_name(root, p))
                    .unwrap_or_else(|| root.display().to_string());
                diagnostics.push(Diagnostic::warning(
                    file,
                    "unreadable-path",
                    format!("skipped: {err}"),
                ));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy().to_string();
        let relative = relative_name(root, entry.path());
        if entry.path_is_symlink() {
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(&canonical_root) && target.is_file() => {
                    if !is_markdown(&name) {
                        continue;
                    }
                }
                Ok(target) if target.is_dir() => {
                    diagnostics.push(Diagnostic::warning(
                        relative,
                        "symlink-skipped",
                        "skipped a symbolic link to a folder",
                    ));
                    continue;
                }
                _ => {
                    if is_markdown(&name) {
                        diagnostics.push(Diagnostic::warning(
                            relative,
                            "symlink-skipped",
                            "skipped a symbolic link that points outside INPUT or nowhere",
                        ));
                    }
                    continue;
                }
            }
        } else if !entry.file_type().is_file() || !is_markdown(&name) {
            continue;
        }
        let size = std::fs::metadata(entry.path())
            .map(|m| m.len())
            .unwrap_or(0);
        files.push(SourceFile {
            relative,
            absolute: entry.path().to_path_buf(),
            size,
        });
    }
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok((files, diagnostics))
}

fn relative_name(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}
