//! Sharding a build across machines: which handouts each of N shards renders, the manifest a
//! shard leaves in OUTPUT, and the checks the merge makes before it writes anything.
//!
//! Every shard reads and resolves the whole of INPUT, so that links, titles and anchors are the
//! same everywhere, and typesets only its share of the handouts. The share is a function of the
//! resolved documents and N alone (never of threads or machines): documents sorted by estimated
//! work, heaviest first (ties by path), each to the shard with the least work so far (ties to the
//! lowest index). A shard writes its manifest last, atomically: a shard that dies leaves none,
//! and the merge names it.

use crate::diagnostics::{self, Diagnostic};
use crate::model::Document;
use crate::writers::{OutputSink, WriterReport, WrittenFile};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// The folder of OUTPUT that holds the shards' manifests.
pub const MANIFEST_DIR: &str = ".mdexport-shards";

/// Estimated work of a handout before its first word: setting up the page, the fonts and the
/// notes costs about as much as typesetting this many words.
const WORK_PER_HANDOUT: u64 = 300;
/// Estimated work of one block (heading, paragraph, list item, table row) besides its words.
const WORK_PER_BLOCK: u64 = 20;

/// One shard of a build split `count` ways, `index` counted from 0 (as Slurm's, Kubernetes' and
/// AWS Batch's array indexes are).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Shard {
    /// Which shard, from 0 to `count - 1`.
    pub index: usize,
    /// How many shards the build is split into.
    pub count: usize,
}

impl Shard {
    /// Shard `index` of `count`, when there is such a shard.
    pub fn new(index: usize, count: usize) -> Result<Shard, String> {
        if count == 0 {
            return Err("the number of shards must be at least 1".to_string());
        }
        if index >= count {
            return Err(format!(
                "shard index {index} is out of range for {count} shard(s): use 0 to {}",
                count - 1
            ));
        }
        Ok(Shard { index, count })
    }

    /// Reads `I/N` (shard I of N, I from 0).
    pub fn parse(text: &str) -> Result<Shard, String> {
        let (index, count) = text
            .split_once('/')
            .ok_or_else(|| format!("`{text}` is not I/N (for example 0/4)"))?;
        let number = |part: &str, what: &str| {
            part.trim()
                .parse::<usize>()
                .map_err(|_| format!("`{text}`: the {what} `{part}` is not a whole number"))
        };
        Shard::new(number(index, "index")?, number(count, "number of shards")?)
    }

    /// The manifest's path in OUTPUT: `.mdexport-shards/I-of-N.json`.
    pub fn manifest_path(self) -> String {
        format!("{MANIFEST_DIR}/{}", self.manifest_name())
    }

    /// The manifest's file name: `I-of-N.json`.
    pub fn manifest_name(self) -> String {
        format!("{}-of-{}.json", self.index, self.count)
    }

    /// The shard a manifest file name (`I-of-N.json`) belongs to.
    pub fn from_manifest_name(name: &str) -> Option<Shard> {
        let (index, count) = name.strip_suffix(".json")?.split_once("-of-")?;
        Shard::new(index.parse().ok()?, count.parse().ok()?).ok()
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// A document's estimated typesetting work: a fixed cost per handout, its words, and its blocks
/// (a list item or table row takes a line, however short).
pub fn estimated_work(document: &Document) -> u64 {
    WORK_PER_HANDOUT + document.facts.words + WORK_PER_BLOCK * document.weight()
}

/// The shard of each document (by position in `documents`) when the build is split `count`
/// ways: heaviest first, each to the shard with the least estimated work so far.
pub fn assign(documents: &[Document], count: usize) -> Vec<usize> {
    let count = count.max(1);
    let work: Vec<u64> = documents.iter().map(estimated_work).collect();
    let mut order: Vec<usize> = (0..documents.len()).collect();
    order.sort_by(|&a, &b| {
        work[b]
            .cmp(&work[a])
            .then_with(|| documents[a].path.cmp(&documents[b].path))
    });
    let mut load = vec![0u64; count];
    let mut shard_of = vec![0usize; documents.len()];
    for index in order {
        let lightest = (0..count).min_by_key(|&s| (load[s], s)).unwrap_or(0);
        load[lightest] += work[index];
        shard_of[index] = lightest;
    }
    shard_of
}

/// The paths of the documents whose handouts `shard` renders.
pub fn share(documents: &[Document], shard: Shard) -> BTreeSet<String> {
    assign(documents, shard.count)
        .into_iter()
        .zip(documents)
        .filter(|(s, _)| *s == shard.index)
        .map(|(_, d)| d.path.clone())
        .collect()
}

/// What a shard wrote and found, left in OUTPUT for the merge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The mdexport version that wrote it.
    pub version: String,
    /// Which shard it is.
    pub shard: Shard,
    /// The fingerprint of the input and options it was made from: the merge makes its own and
    /// refuses a manifest whose fingerprint differs.
    pub input: String,
    /// The documents whose handouts it was given, sorted.
    pub documents: Vec<String>,
    /// The handouts it wrote (or kept from the last build), sorted by path.
    pub files: Vec<ManifestFile>,
    /// What typesetting its handouts reported.
    pub diagnostics: Vec<Diagnostic>,
    /// How long typesetting its handouts took (seconds), for balancing and benchmarks.
    pub render_seconds: f64,
}

/// One handout a shard wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// Path relative to OUTPUT.
    pub path: String,
    /// The document it was made from.
    pub document: Option<String>,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of its bytes as written: the merge checks the file is still the one the shard made.
    pub sha256: String,
    /// The render cache's fingerprint of what it was made from.
    pub fingerprint: Option<String>,
    /// What making it reported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
    /// Kept from the last build instead of being typeset again.
    #[serde(default)]
    pub reused: bool,
}

/// The SHA-256 of `bytes`, in hex.
pub fn sha256(bytes: &[u8]) -> String {
    crate::parse::hex(&Sha256::digest(bytes))
}

impl Manifest {
    /// The manifest of `shard` after its handouts were written to `sink`: each file's bytes are
    /// read back from the sink and hashed.
    pub fn new(
        shard: Shard,
        input: String,
        documents: &BTreeSet<String>,
        handouts: Option<&WriterReport>,
        sink: &dyn OutputSink,
        render_seconds: f64,
    ) -> std::io::Result<Manifest> {
        let mut files = Vec::new();
        for file in handouts.map(|r| r.files.as_slice()).unwrap_or_default() {
            let bytes = sink.get(&file.path).ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("{} cannot be read back", file.path),
                )
            })?;
            files.push(ManifestFile {
                path: file.path.clone(),
                document: file.document.clone(),
                bytes: bytes.len() as u64,
                sha256: sha256(&bytes),
                fingerprint: file.fingerprint.clone(),
                diagnostics: file.diagnostics.clone(),
                reused: file.reused,
            });
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Manifest {
            version: env!("CARGO_PKG_VERSION").to_string(),
            shard,
            input,
            documents: documents.iter().cloned().collect(),
            files,
            diagnostics: handouts.map(|r| r.diagnostics.clone()).unwrap_or_default(),
            render_seconds,
        })
    }

    /// The manifest file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }
}

/// Why the merge cannot go on: the shards it names are missing or stale. Each problem is a
/// diagnostic about the manifest's path (`shard-missing`, `shard-stale`, `shard-mixed`), with a
/// hint.
#[derive(Debug, Clone, PartialEq)]
pub struct NotReady {
    /// The number of shards the merge looked for (0 when it could not tell).
    pub count: usize,
    /// The shards that left no manifest.
    pub missing: Vec<Shard>,
    /// The shards whose manifest cannot be merged.
    pub stale: Vec<Shard>,
    /// One error per missing or stale shard, or the one reason there is no number of shards.
    pub problems: Vec<Diagnostic>,
}

impl NotReady {
    /// Not ready for one reason that names no shard, as when the number of shards is unknown.
    fn only(problem: Diagnostic) -> Self {
        NotReady {
            count: 0,
            missing: Vec::new(),
            stale: Vec::new(),
            problems: vec![problem],
        }
    }
}

impl std::fmt::Display for NotReady {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |shards: &[Shard]| {
            let names: Vec<String> = shards.iter().map(Shard::to_string).collect();
            names.join(", ")
        };
        if self.count == 0 {
            let why: Vec<&str> = self.problems.iter().map(|p| p.message.as_str()).collect();
            return write!(f, "cannot merge: {}; nothing was written", why.join("; "));
        }
        write!(f, "cannot merge {} shards:", self.count)?;
        if !self.missing.is_empty() {
            write!(f, " missing {}", list(&self.missing))?;
        }
        if !self.stale.is_empty() {
            let sep = if self.missing.is_empty() { "" } else { ";" };
            write!(f, "{sep} stale {}", list(&self.stale))?;
        }
        write!(f, "; nothing was written")
    }
}

/// What the merge needs of the shards: the checked manifests, in shard order.
#[derive(Debug, Clone, PartialEq)]
pub struct Ready {
    /// One manifest per shard, index 0 first.
    pub manifests: Vec<Manifest>,
}

impl Ready {
    /// The handouts' writer report, as one build over every document would have made it: the
    /// files of every shard sorted by path, and their diagnostics sorted, each once.
    pub fn handouts(&self) -> WriterReport {
        let mut report = WriterReport::default();
        for manifest in &self.manifests {
            report
                .files
                .extend(manifest.files.iter().map(|file| WrittenFile {
                    path: file.path.clone(),
                    bytes: file.bytes,
                    document: file.document.clone(),
                    fingerprint: file.fingerprint.clone(),
                    diagnostics: file.diagnostics.clone(),
                    reused: file.reused,
                }));
            report
                .diagnostics
                .extend(manifest.diagnostics.iter().cloned());
        }
        report.files.sort_by(|a, b| a.path.cmp(&b.path));
        diagnostics::sort(&mut report.diagnostics);
        report.diagnostics.dedup();
        report
    }

    /// Each shard's typesetting time in seconds, index 0 first.
    pub fn render_seconds(&self) -> Vec<f64> {
        self.manifests.iter().map(|m| m.render_seconds).collect()
    }
}

/// Checks the manifests found in OUTPUT (file name and bytes each, from [`MANIFEST_DIR`]): one
/// number of shards, every shard of it present, each made by this version from the same input
/// and options (`input`, as [`Manifest::input`]) for the share it would get now, and each of its
/// files in `sink` still the one it wrote.
pub fn check(
    found: &[(String, Vec<u8>)],
    input: &str,
    documents: &[Document],
    sink: &dyn OutputSink,
) -> Result<Ready, NotReady> {
    let mut by_count: BTreeMap<usize, BTreeMap<usize, &[u8]>> = BTreeMap::new();
    for (name, bytes) in found {
        if let Some(shard) = Shard::from_manifest_name(name) {
            by_count
                .entry(shard.count)
                .or_default()
                .insert(shard.index, bytes);
        }
    }
    let manifest_hint = "run `mdexport build INPUT -o OUTPUT --shard I/N` for every I from 0 to \
                         N-1 (or a job array of N tasks with --shard auto/N), then merge";
    let count = match by_count.len() {
        0 => {
            return Err(NotReady::only(
                Diagnostic::error(
                    MANIFEST_DIR,
                    "shard-missing",
                    "no shard manifest in OUTPUT: no shard has finished here",
                )
                .with_hint(manifest_hint),
            ));
        }
        1 => by_count.keys().next().copied().unwrap_or(1),
        _ => {
            let counts: Vec<String> = by_count.keys().map(usize::to_string).collect();
            return Err(NotReady::only(
                Diagnostic::error(
                    MANIFEST_DIR,
                    "shard-mixed",
                    format!(
                        "OUTPUT holds manifests of builds split {} ways",
                        counts.join(" and ")
                    ),
                )
                .with_hint("remove the older manifests, or rerun every shard of one split"),
            ));
        }
    };
    let present = &by_count[&count];
    let assignment = assign(documents, count);
    let mut problems = Vec::new();
    let (mut missing, mut stale) = (Vec::new(), Vec::new());
    let mut manifests = Vec::new();
    for index in 0..count {
        let shard = Shard { index, count };
        let path = shard.manifest_path();
        let Some(bytes) = present.get(&index) else {
            missing.push(shard);
            problems.push(
                Diagnostic::error(
                    &path,
                    "shard-missing",
                    format!("shard {shard} has not finished: it left no manifest"),
                )
                .with_hint(format!(
                    "run `mdexport build INPUT -o OUTPUT --shard {shard}` (the same INPUT and \
                     options as the other shards), then merge again"
                )),
            );
            continue;
        };
        let expected: Vec<&str> = assignment
            .iter()
            .zip(documents)
            .filter(|(s, _)| **s == index)
            .map(|(_, d)| d.path.as_str())
            .collect();
        match serde_json::from_slice::<Manifest>(bytes) {
            Ok(manifest) => match staleness(&manifest, shard, input, &expected, sink) {
                None => manifests.push(manifest),
                Some(why) => {
                    stale.push(shard);
                    problems.push(
                        Diagnostic::error(
                            &path,
                            "shard-stale",
                            format!("shard {shard} is stale: {why}"),
                        )
                        .with_hint(format!(
                            "rerun `mdexport build INPUT -o OUTPUT --shard {shard}` with the \
                             same INPUT and options as the merge, then merge again"
                        )),
                    )
                }
            },
            Err(err) => {
                stale.push(shard);
                problems.push(
                    Diagnostic::error(
                        &path,
                        "shard-stale",
                        format!("shard {shard} left a manifest that cannot be read: {err}"),
                    )
                    .with_hint(format!(
                        "rerun `mdexport build INPUT -o OUTPUT --shard {shard}`, then merge again"
                    )),
                )
            }
        }
    }
    if problems.is_empty() {
        Ok(Ready { manifests })
    } else {
        Err(NotReady {
            count,
            missing,
            stale,
            problems,
        })
    }
}

/// Why a manifest cannot be merged, if it cannot.
fn staleness(
    manifest: &Manifest,
    shard: Shard,
    input: &str,
    expected: &[&str],
    sink: &dyn OutputSink,
) -> Option<String> {
    if manifest.version != env!("CARGO_PKG_VERSION") {
        return Some(format!("it was made by mdexport {}", manifest.version));
    }
    if manifest.shard != shard {
        return Some(format!("its manifest says it is shard {}", manifest.shard));
    }
    if manifest.input != input {
        return Some(
            "it was made from other input or options (a changed document, image or handout \
             option, or another build of mdexport)"
                .to_string(),
        );
    }
    if manifest
        .documents
        .iter()
        .map(String::as_str)
        .ne(expected.iter().copied())
    {
        return Some("it was given other documents than it would be now".to_string());
    }
    for file in &manifest.files {
        match sink.get(&file.path) {
            None => return Some(format!("{} is gone", file.path)),
            Some(bytes) if sha256(&bytes) != file.sha256 => {
                return Some(format!("{} changed after the shard wrote it", file.path));
            }
            Some(_) => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::MemorySink;

    /// A document without blocks at `path`, holding `words` words as the resolve stage counts them.
    fn document(path: &str, words: u64) -> Document {
        let (document, _) = crate::parse::parse_document(path, b"---\ntitle: A page\n---\n");
        let mut document = document.expect("a document");
        document.facts.words = words;
        document
    }

    #[test]
    fn shards_read_and_print_as_index_slash_count() {
        assert_eq!(Shard::parse("2/4"), Ok(Shard { index: 2, count: 4 }));
        assert_eq!(Shard::parse("2/4").unwrap().to_string(), "2/4");
        for bad in ["4/4", "0/0", "x/4", "1", "-1/4"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        let shard = Shard { index: 3, count: 7 };
        assert_eq!(shard.manifest_path(), ".mdexport-shards/3-of-7.json");
        assert_eq!(Shard::from_manifest_name("3-of-7.json"), Some(shard));
        assert_eq!(Shard::from_manifest_name("7-of-7.json"), None);
        assert_eq!(Shard::from_manifest_name("notes.txt"), None);
    }

    #[test]
    fn the_heaviest_documents_spread_out_and_the_light_ones_fill_in() {
        // Work 1300, 1000, 700, 600, 500 (300 each before words), heaviest first, each to the
        // lighter shard: a→0, b→1, c→1 (1000 < 1300), d→0 (1300 < 1700), e→1 (1700 < 1900).
        let documents = [
            document("a.md", 1000),
            document("b.md", 700),
            document("c.md", 400),
            document("d.md", 300),
            document("e.md", 200),
        ];
        assert_eq!(assign(&documents, 2), [0, 1, 1, 0, 1]);
        assert_eq!(assign(&documents, 1), [0; 5]);
        // More shards than documents: some are left empty, none gets two.
        assert_eq!(assign(&documents, 7), [0, 1, 2, 3, 4]);
        let shard = Shard { index: 1, count: 2 };
        assert_eq!(
            share(&documents, shard).into_iter().collect::<Vec<_>>(),
            ["b.md", "c.md", "e.md"]
        );
    }

    /// The manifests of a build of `documents` split two ways, each shard's handouts in `sink`.
    fn finished_shards(documents: &[Document], sink: &MemorySink) -> Vec<(String, Vec<u8>)> {
        (0..2)
            .map(|index| {
                let shard = Shard { index, count: 2 };
                let share = share(documents, shard);
                let mut report = WriterReport::default();
                for path in &share {
                    let handout = crate::writers::handout_path(path);
                    report.put(sink, &handout, path.as_bytes(), Some(path));
                }
                let manifest =
                    Manifest::new(shard, "input".into(), &share, Some(&report), sink, 1.0).unwrap();
                (shard.manifest_name(), manifest.to_bytes())
            })
            .collect()
    }

    #[test]
    fn the_merge_takes_every_shard_of_one_split_and_names_the_others() {
        let documents = [
            document("a.md", 50),
            document("b.md", 40),
            document("c.md", 30),
        ];
        type Change = fn(&mut Vec<(String, Vec<u8>)>, &MemorySink);
        let cases: &[(&str, Change, Result<usize, &str>)] = &[
            ("all there", |_, _| {}, Ok(3)),
            (
                "none",
                |found, _| found.clear(),
                Err("cannot merge: no shard manifest in OUTPUT"),
            ),
            (
                "one missing",
                |found, _| {
                    found.remove(1);
                },
                Err("cannot merge 2 shards: missing 1/2; nothing was written"),
            ),
            (
                "unreadable",
                |found, _| found[0].1 = b"{".to_vec(),
                Err("cannot merge 2 shards: stale 0/2; nothing was written"),
            ),
            (
                "a handout overwritten",
                |_, sink| sink.put("handouts/a.pdf", b"other bytes").unwrap(),
                Err("stale 0/2"),
            ),
            (
                "another split's manifest",
                |found, _| found.push(("0-of-3.json".into(), b"{}".to_vec())),
                Err("cannot merge: OUTPUT holds manifests of builds split 2 and 3 ways"),
            ),
        ];
        for (name, change, expected) in cases {
            let sink = MemorySink::default();
            let mut found = finished_shards(&documents, &sink);
            change(&mut found, &sink);
            match (check(&found, "input", &documents, &sink), expected) {
                (Ok(ready), Ok(files)) => {
                    let handouts = ready.handouts();
                    let paths: Vec<&str> = handouts.files.iter().map(|f| f.path.as_str()).collect();
                    assert_eq!(paths.len(), *files, "{name}");
                    assert!(paths.is_sorted(), "{name}: {paths:?}");
                    assert_eq!(ready.render_seconds(), [1.0, 1.0], "{name}");
                }
                (Err(not_ready), Err(message)) => {
                    assert!(
                        not_ready.to_string().contains(message),
                        "{name}: {not_ready}"
                    );
                    assert!(
                        not_ready
                            .problems
                            .iter()
                            .all(|p| p.is_error() && p.hint.is_some())
                    );
                }
                (got, _) => panic!("{name}: {got:?}"),
            }
        }
        // Made from other input: every shard is stale.
        let sink = MemorySink::default();
        let found = finished_shards(&documents, &sink);
        let stale = check(&found, "other input", &documents, &sink).unwrap_err();
        assert_eq!(
            stale.to_string(),
            "cannot merge 2 shards: stale 0/2, 1/2; nothing was written"
        );
        assert!(
            stale.problems[0]
                .message
                .contains("made from other input or options")
        );
    }

    #[test]
    fn equal_work_is_split_by_path_whatever_the_input_order() {
        let forward = [
            document("a.md", 10),
            document("b.md", 10),
            document("c.md", 10),
        ];
        let backward = [
            document("c.md", 10),
            document("b.md", 10),
            document("a.md", 10),
        ];
        assert_eq!(assign(&forward, 2), [0, 1, 0]);
        assert_eq!(assign(&backward, 2), [0, 1, 0]);
    }
}
