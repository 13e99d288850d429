//! Atomic output: every file is written to a temporary file beside it and renamed into place.

use crate::writers::OutputSink;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Prefix of the temporary files, so that leftovers of a killed run can be recognised.
pub const TEMP_PREFIX: &str = ".mdexport-tmp-";

/// Writes into a folder; a reader only ever sees the old complete file or the new complete one.
pub struct DirSink {
    root: PathBuf,
}

impl DirSink {
    /// A sink writing below `root` (created if missing).
    pub fn new(root: impl Into<PathBuf>) -> std::io::Result<Self> {
        let root = root.into();
        std::fs::create_dir_all(&root)?;
        Ok(DirSink { root })
    }

    /// A sink writing below `root`, which is created only when a file is put.
    pub fn open(root: impl Into<PathBuf>) -> Self {
        DirSink { root: root.into() }
    }

    /// Removes temporary files left by a run that was killed, anywhere below the root.
    pub fn remove_stale_temporaries(&self) {
        for entry in walkdir::WalkDir::new(&self.root)
            .into_iter()
            .filter_map(Result::ok)
        {
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file()
                && name.starts_with(TEMP_PREFIX)
                && name.ends_with(".tmp")
            {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

impl DirSink {
    /// The files directly in `folder` (relative to the root), by name with their bytes, sorted
    /// by name; none when the folder does not exist. Temporary files are left out.
    pub fn read_folder(&self, folder: &str) -> std::io::Result<Vec<(String, Vec<u8>)>> {
        let dir = safe_join(&self.root, folder)?;
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => return Err(err),
        };
        let mut files = Vec::new();
        // Other processes (shards side by side) may remove or rename a file between the listing
        // and the reading: a file that is gone by then is not there.
        let gone = |err: &std::io::Error| err.kind() == std::io::ErrorKind::NotFound;
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(TEMP_PREFIX) {
                continue;
            }
            match entry.file_type() {
                Ok(kind) if kind.is_file() => {}
                Ok(_) => continue,
                Err(err) if gone(&err) => continue,
                Err(err) => return Err(err),
            }
            match std::fs::read(entry.path()) {
                Ok(bytes) => files.push((name, bytes)),
                Err(err) if gone(&err) => continue,
                Err(err) => return Err(err),
            }
        }
        files.sort();
        Ok(files)
    }
}

impl OutputSink for DirSink {
    fn remove(&self, relative: &str) -> std::io::Result<()> {
        match std::fs::remove_file(safe_join(&self.root, relative)?) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(err),
            _ => Ok(()),
        }
    }

    fn put(&self, relative: &str, bytes: &[u8]) -> std::io::Result<()> {
        let target = safe_join(&self.root, relative)?;
        let dir = target.parent().unwrap_or(&self.root);
        std::fs::create_dir_all(dir)?;
        let mut temp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .suffix(".tmp")
            .tempfile_in(dir)?;
        {
            let mut writer = std::io::BufWriter::new(temp.as_file_mut());
            writer.write_all(bytes)?;
            writer.flush()?;
        }
        #[cfg(unix)]
        {
            // Temporary files are private (0600); outputs are ordinary files like any other.
            use std::os::unix::fs::PermissionsExt;
            temp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))?;
        }
        temp.as_file().sync_all()?;
        temp.persist(&target).map_err(|e| e.error)?;
        Ok(())
    }

    fn get(&self, relative: &str) -> Option<Vec<u8>> {
        std::fs::read(safe_join(&self.root, relative).ok()?).ok()
    }

    fn size(&self, relative: &str) -> Option<u64> {
        let metadata = std::fs::metadata(safe_join(&self.root, relative).ok()?).ok()?;
        metadata.is_file().then_some(metadata.len())
    }
}

/// Joins a `/`-separated relative path below `root`, refusing anything that would leave it.
fn safe_join(root: &Path, relative: &str) -> std::io::Result<PathBuf> {
    let mut path = root.to_path_buf();
    for part in relative.split('/') {
        if part.is_empty() || part == "." || part == ".." || part.contains('\\') {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("unsafe output path {relative}"),
            ));
        }
        path.push(part);
    }
    Ok(path)
}

/// Keeps outputs in memory (tests, fuzzing, benchmarks).
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemorySink {
    /// The files put so far, by path.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl OutputSink for MemorySink {
    fn remove(&self, relative: &str) -> std::io::Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(relative);
        Ok(())
    }

    fn put(&self, relative: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(relative.to_string(), bytes.to_vec());
        Ok(())
    }

    fn get(&self, relative: &str) -> Option<Vec<u8>> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(relative)
            .cloned()
    }

    fn size(&self, relative: &str) -> Option<u64> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(relative)
            .map(|bytes| bytes.len() as u64)
    }
}
