//! The render cache: fingerprints of the last build's outputs, so a rebuild re-renders only what changed.

use crate::diagnostics::Diagnostic;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// Name of the cache file in OUTPUT.
pub const CACHE_FILE: &str = ".mdexport-cache.json";

/// Output path to the fingerprint of everything it was made from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderCache {
    /// The mdexport version that wrote the cache; another version starts afresh.
    pub version: String,
    /// The hash of the code the program that wrote the cache was built from; another program
    /// starts afresh, so that what the cache lists was made by this one (the compressed
    /// chapters a booklet copies from the last one are the bytes this program makes).
    #[serde(default)]
    pub program: String,
    /// Entries by output path (relative to OUTPUT).
    pub entries: BTreeMap<String, CacheEntry>,
    /// What each writer of outputs made of every document (the booklet, the catalog) last made,
    /// by format name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub whole: BTreeMap<String, WholeEntry>,
    /// The last whole build that no writer reported an error in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_build: Option<LastBuild>,
}

/// What the last whole build read and reported: a build that reads the same, into an OUTPUT that
/// still holds every file that build wrote, reports the same without parsing anything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastBuild {
    /// The fingerprint of everything it read but the images ([`crate::inputs::fingerprint`]).
    pub inputs: String,
    /// What looking for each image the documents asked for found
    /// ([`crate::inputs::ImageLookup::state`]), by path relative to INPUT.
    pub images: BTreeMap<String, String>,
    /// Markdown files it exported or failed.
    pub sources: usize,
    /// Paths of the documents that failed.
    pub failed: BTreeSet<String>,
    /// Documents the front-matter filter left out.
    pub filtered_out: usize,
    /// Every diagnostic it reported, in order.
    pub diagnostics: Vec<Diagnostic>,
    /// The files each writer made (path and size) and its summary lines, by format name.
    pub outputs: BTreeMap<String, WrittenOutputs>,
}

/// The files one writer made in a build, what it reported and its lines for the build summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrittenOutputs {
    /// Each file's path, size and, for an output of one document, that document's path.
    pub files: Vec<(String, u64, Option<String>)>,
    /// What the writer reported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
    /// The writer's lines for the build summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

/// The files one writer made of every document, and the fingerprint of what they were made of.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WholeEntry {
    /// The fingerprint of the documents, what was found about them and the writer's options.
    pub fingerprint: String,
    /// Each file's path and size.
    pub files: Vec<(String, u64)>,
    /// What making them reported, replayed when they are kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
    /// The writer's lines for the build summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

/// One output of the last build.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheEntry {
    /// The fingerprint of everything it was made from.
    pub fingerprint: String,
    /// What making it reported, replayed when it is reused.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

impl RenderCache {
    /// Reads a cache file's bytes; anything unreadable or from another version is an empty cache.
    pub fn from_bytes(bytes: &[u8]) -> RenderCache {
        serde_json::from_slice::<RenderCache>(bytes)
            .ok()
            .filter(|c| c.version == env!("CARGO_PKG_VERSION") && c.program == program_identity())
            .unwrap_or_default()
    }

    /// A new cache holding `entries`.
    pub fn new(entries: BTreeMap<String, CacheEntry>) -> RenderCache {
        RenderCache {
            version: env!("CARGO_PKG_VERSION").to_string(),
            program: program_identity().to_string(),
            entries,
            whole: BTreeMap::new(),
            last_build: None,
        }
    }

    /// The cache file's bytes (stable: sorted keys).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// When `path` was last made from exactly `fingerprint`, what making it reported.
    pub fn reuse(&self, path: &str, fingerprint: &str) -> Option<&[Diagnostic]> {
        self.entries
            .get(path)
            .filter(|entry| entry.fingerprint == fingerprint)
            .map(|entry| entry.diagnostics.as_slice())
    }
}

/// Hashes parts into a hex fingerprint; each part is length-prefixed so that parts cannot run together.
pub fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    fingerprint_for_program(program_identity(), parts)
}

/// [`fingerprint`] for a given program identity.
fn fingerprint_for_program<'a>(
    program: &'a str,
    parts: impl IntoIterator<Item = &'a [u8]>,
) -> String {
    let mut hasher = Sha256::new();
    let program_parts = [env!("CARGO_PKG_VERSION").as_bytes(), program.as_bytes()];
    for part in program_parts.into_iter().chain(parts) {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    crate::parse::hex(&hasher.finalize())
}

/// A hash of the source code the program was built from (see `build.rs`): a handout rendered by
/// other code of the same version, as during development, is not reused, while two builds of the
/// same code agree.
fn program_identity() -> &'static str {
    env!("MDEXPORT_CODE_HASH")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_garbage() {
        let warning = Diagnostic::warning("a.md", "pdf-missing-glyph", "no font has U+0710")
            .with_hint("add a font");
        let cache = RenderCache::new(BTreeMap::from([(
            "handouts/a.pdf".to_string(),
            CacheEntry {
                fingerprint: "abc".to_string(),
                diagnostics: vec![warning.clone()],
            },
        )]));
        let back = RenderCache::from_bytes(&cache.to_bytes());
        assert_eq!(back, cache);
        assert_eq!(
            back.reuse("handouts/a.pdf", "abc"),
            Some([warning].as_slice())
        );
        assert_eq!(back.reuse("handouts/a.pdf", "abd"), None);
        assert_eq!(RenderCache::from_bytes(b"not json"), RenderCache::default());
    }

    #[test]
    fn the_program_is_part_of_every_fingerprint() {
        let identity = program_identity();
        assert_eq!(identity.len(), 64, "{identity}");
        assert!(
            identity.bytes().all(|b| b.is_ascii_hexdigit()),
            "{identity}"
        );
        let parts = [b"document".as_slice()];
        assert_eq!(fingerprint(parts), fingerprint_for_program(identity, parts));
        assert_ne!(
            fingerprint_for_program("code of one build", parts),
            fingerprint_for_program("code of another build", parts),
        );
    }

    #[test]
    fn fingerprint_parts_do_not_run_together() {
        assert_ne!(
            fingerprint([b"ab".as_slice(), b"c"]),
            fingerprint([b"a".as_slice(), b"bc"])
        );
    }
}
