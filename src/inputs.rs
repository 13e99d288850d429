//! What a build reads from INPUT, read once: every selected Markdown file's bytes and the state of
//! each image the documents asked for, with the fingerprints that tell a rebuild, before it parses
//! anything, whether anything it would read has changed.

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use rayon::prelude::*;
use std::path::Path;

/// One Markdown file of INPUT and what reading it gave.
#[derive(Debug)]
pub struct SourceText {
    /// The file.
    pub file: SourceFile,
    /// Its bytes and their SHA-256 (lowercase hex), or the error about the file (too large,
    /// unreadable).
    pub bytes: Result<(Vec<u8>, String), Diagnostic>,
}

/// Reads every file in parallel, each at most `max_bytes`; results in the order of `files`.
pub fn read_all(files: Vec<SourceFile>, max_bytes: u64) -> Vec<SourceText> {
    files
        .into_par_iter()
        .map(|file| {
            let bytes = read_source(&file, max_bytes).map(|bytes| {
                let sha256 = crate::shard::sha256(&bytes);
                (bytes, sha256)
            });
            SourceText { file, bytes }
        })
        .collect()
}

fn read_source(file: &SourceFile, max_bytes: u64) -> Result<Vec<u8>, Diagnostic> {
    if file.size > max_bytes {
        return Err(Diagnostic::error(
            &file.relative,
            "file-too-large",
            format!(
                "the file is {} bytes, more than the limit of {max_bytes}",
                file.size
            ),
        )
        .with_hint("split the document, or raise `max-file-bytes`"));
    }
    read_limited(&file.absolute, max_bytes).map_err(|err| {
        Diagnostic::error(
            &file.relative,
            "read-failed",
            format!("cannot read the file: {err}"),
        )
    })
}

/// Reads a file of at most `max_bytes`, into a buffer sized from the open file as
/// `std::fs::read` does, so that reading needs no reallocation.
pub fn read_limited(path: &Path, max_bytes: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let expected = file.metadata().map_or(0, |meta| meta.len());
    let mut bytes = Vec::with_capacity(expected.min(max_bytes).saturating_add(1) as usize);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_bytes {
        return Err(std::io::Error::other(format!(
            "larger than the limit of {max_bytes} bytes"
        )));
    }
    Ok(bytes)
}

/// What looking for an image a document asked for found.
#[derive(Debug)]
pub enum ImageLookup {
    /// A file inside INPUT, and its bytes.
    Found(Vec<u8>),
    /// A file inside INPUT that could not be read, and why.
    Unreadable(String),
    /// The path leads outside INPUT (through `..` or a symbolic link): never read.
    Outside,
    /// Nothing is there.
    Missing,
}

impl ImageLookup {
    /// Looks for `asset` (a `/`-separated path relative to INPUT) under `root`, the canonical
    /// path of INPUT, reading at most `max_bytes`.
    pub fn find(root: &Path, asset: &str, max_bytes: u64) -> ImageLookup {
        let path = asset
            .split('/')
            .fold(root.to_path_buf(), |p, part| p.join(part));
        match path.canonicalize() {
            Ok(real) if real.starts_with(root) && real.is_file() => {
                match read_limited(&real, max_bytes) {
                    Ok(bytes) => ImageLookup::Found(bytes),
                    Err(err) => ImageLookup::Unreadable(err.to_string()),
                }
            }
            Ok(_) => ImageLookup::Outside,
            Err(_) => ImageLookup::Missing,
        }
    }

    /// What the lookup found, in a line that changes whenever the image does.
    pub fn state(&self) -> String {
        match self {
            ImageLookup::Found(bytes) => format!("file {}", crate::shard::sha256(bytes)),
            ImageLookup::Unreadable(why) => format!("unreadable {why}"),
            ImageLookup::Outside => "outside".to_string(),
            ImageLookup::Missing => "missing".to_string(),
        }
    }
}

/// The fingerprint of everything a build reads but the images: the program, the configuration
/// (all of it but the number of threads and where OUTPUT is, which change no output), what
/// walking INPUT reported,
/// every selected Markdown file's path and bytes, the cover image and the extra fonts.
pub fn fingerprint(
    config: &Config,
    walked: &[Diagnostic],
    sources: &[SourceText],
    cover: Option<&[u8]>,
) -> String {
    let config = Config {
        jobs: None,
        output: std::path::PathBuf::new(),
        ..config.clone()
    };
    let mut parts: Vec<Vec<u8>> = vec![
        format!("{config:?}").into_bytes(),
        serde_json::to_vec(walked).unwrap_or_default(),
        cover
            .map(crate::shard::sha256)
            .unwrap_or_default()
            .into_bytes(),
    ];
    for source in sources {
        parts.push(source.file.relative.as_bytes().to_vec());
        parts.push(match &source.bytes {
            Ok((_, sha256)) => sha256.clone().into_bytes(),
            Err(error) => serde_json::to_vec(error).unwrap_or_default(),
        });
    }
    if let Some(dir) = &config.handout.fonts_dir {
        parts.extend(folder_state(dir));
    }
    crate::cache::fingerprint(parts.iter().map(Vec::as_slice))
}

/// The names and contents of the files of a folder, sorted by name; an unreadable folder or
/// file gives its error instead.
fn folder_state(dir: &Path) -> Vec<Vec<u8>> {
    let mut paths: Vec<_> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(err) => return vec![err.to_string().into_bytes()],
    };
    paths.sort();
    paths
        .iter()
        .flat_map(|path| {
            let contents = match std::fs::read(path) {
                Ok(bytes) => crate::shard::sha256(&bytes),
                Err(err) => err.to_string(),
            };
            [
                path.display().to_string().into_bytes(),
                contents.into_bytes(),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dir: &Path, name: &str, text: &str) -> SourceFile {
        let absolute = dir.join(name);
        std::fs::write(&absolute, text).expect("write");
        SourceFile {
            relative: name.to_string(),
            absolute,
            size: text.len() as u64,
        }
    }

    #[test]
    fn the_fingerprint_follows_every_byte_and_name_but_not_the_thread_count() {
        let dir = tempfile::tempdir().expect("temp dir");
        let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
        let config = Config::new("in", "out", day);
        let print = |config: &Config, files: Vec<SourceFile>| {
            fingerprint(config, &[], &read_all(files, 1 << 20), None)
        };
        let first = print(&config, vec![file(dir.path(), "a.md", "# A\n")]);
        let same = print(&config, vec![file(dir.path(), "a.md", "# A\n")]);
        let edited = print(&config, vec![file(dir.path(), "a.md", "# B\n")]);
        let renamed = print(&config, vec![file(dir.path(), "b.md", "# A\n")]);
        let threads = print(
            &Config {
                jobs: Some(7),
                ..config.clone()
            },
            vec![file(dir.path(), "a.md", "# A\n")],
        );
        let strict = print(
            &Config {
                strict: true,
                ..config.clone()
            },
            vec![file(dir.path(), "a.md", "# A\n")],
        );
        assert_eq!(first, same);
        assert_eq!(first, threads);
        assert_ne!(first, edited);
        assert_ne!(first, renamed);
        assert_ne!(first, strict);
    }

    #[test]
    fn a_file_over_the_limit_is_an_error_naming_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let read = read_all(vec![file(dir.path(), "big.md", "0123456789")], 4);
        let error = read[0].bytes.as_ref().expect_err("too large");
        assert_eq!(
            (error.file.as_str(), error.code),
            ("big.md", "file-too-large")
        );
    }

    #[test]
    fn an_image_is_found_missing_or_outside() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("in");
        std::fs::create_dir_all(&root).expect("dir");
        std::fs::write(root.join("a.png"), b"png").expect("write");
        std::fs::write(dir.path().join("secret.png"), b"secret").expect("write");
        let root = root.canonicalize().expect("root");
        let found = ImageLookup::find(&root, "a.png", 100);
        assert!(matches!(&found, ImageLookup::Found(bytes) if bytes == b"png"));
        assert!(matches!(
            ImageLookup::find(&root, "b.png", 100),
            ImageLookup::Missing
        ));
        assert!(matches!(
            ImageLookup::find(&root, "../secret.png", 100),
            ImageLookup::Outside
        ));
        assert!(matches!(
            ImageLookup::find(&root, "a.png", 2),
            ImageLookup::Unreadable(_)
        ));
        std::fs::write(root.join("a.png"), b"PNG").expect("write");
        assert_ne!(
            found.state(),
            ImageLookup::find(&root, "a.png", 100).state()
        );
    }
}
