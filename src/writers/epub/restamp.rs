//! The booklet's archive with a fixed time on every entry: epub-builder's archive copied entry
//! by entry, the compressed bytes as they are, and the few entries the booklet amends written
//! again.
//!
//! Why this pass exists: epub-builder 0.8.3 writes every entry with
//! `zip::write::SimpleFileOptions::default()` (its src/zip_library.rs:45 for `mimetype`, :65 for
//! the others), and zip 6.0.0's default options carry the clock time
//! (`DateTime::default_for_write()`, zip src/write.rs:567, which is `OffsetDateTime::now_utc()` at
//! src/types.rs:141-146, since epub-builder's `zip-library` feature turns zip's `time` feature
//! on). Its public API has no way to set the time or the permissions, and the `Zip` trait that
//! would let the booklet bring its own writer is private (epub-builder src/lib.rs:161,
//! `mod zip;`). Without this pass two builds of the same documents would differ.

use std::collections::BTreeSet;
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// Permissions of every entry.
const MODE: u32 = 0o644;

/// The booklet the last build made, whose entries can stand in for the same entries of the new
/// one: deflating the same bytes with the same program gives the same compressed bytes, so
/// copying them saves the work and changes nothing.
pub struct Previous<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
}

impl<'a> Previous<'a> {
    /// The archive in `bytes`, or `None` if it is not one.
    pub fn open(bytes: &'a [u8]) -> Option<Self> {
        let archive = ZipArchive::new(Cursor::new(bytes)).ok()?;
        Some(Previous { archive })
    }

    /// Whether the entry `name` holds exactly `content`, compressed as the booklet compresses
    /// its chapters.
    pub fn holds(&mut self, name: &str, content: &[u8]) -> bool {
        let Ok(mut file) = self.archive.by_name(name) else {
            return false;
        };
        if file.size() != content.len() as u64 || file.compression() != CompressionMethod::Deflated
        {
            return false;
        }
        let mut held = Vec::with_capacity(content.len());
        file.read_to_end(&mut held).is_ok() && held == content
    }
}

/// Copies the archive `generated` with the time stamp `time` and the same permissions on every
/// entry, so that the same files always give the same bytes.
///
/// Entries keep their order, compression and compressed bytes (`mimetype` stays first and
/// stored), except those named in `amended`: each of them is read, given to `amend` with its
/// name, and written back deflated; and those `copied` names, whose compressed bytes come from
/// the previous booklet instead (see [`Previous::holds`]). An error if `generated` is not an
/// archive, if an entry of `amended` is missing from it, if an entry `copied` names is missing
/// from the previous booklet, or if `amend` fails.
pub fn restamp(
    generated: &[u8],
    time: chrono::NaiveDateTime,
    copied: Option<(Previous<'_>, BTreeSet<String>)>,
    amended: &[&str],
    amend: &dyn Fn(&str, String) -> Result<String, String>,
) -> Result<Vec<u8>, String> {
    let zip_error = |e: zip::result::ZipError| format!("could not write the booklet archive: {e}");
    let io_error = |e: std::io::Error| format!("could not write the booklet archive: {e}");
    let stamp = zip_time(time);
    let mut source = ZipArchive::new(Cursor::new(generated)).map_err(zip_error)?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(generated.len() + 1024)));
    let mut copied = copied;
    let mut found = 0;
    for i in 0..source.len() {
        let name = source
            .by_index_raw(i)
            .map_err(zip_error)?
            .name()
            .to_string();
        if amended.contains(&name.as_str()) {
            found += 1;
            let mut text = String::new();
            source
                .by_index(i)
                .map_err(zip_error)?
                .read_to_string(&mut text)
                .map_err(io_error)?;
            let text = amend(&name, text)?;
            let options = SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .last_modified_time(stamp)
                .unix_permissions(MODE);
            out.start_file(name, options).map_err(zip_error)?;
            out.write_all(text.as_bytes()).map_err(io_error)?;
        } else if let Some((previous, names)) = copied.as_mut()
            && names.contains(&name)
        {
            let index = (previous.archive.index_for_name(&name))
                .ok_or_else(|| format!("the previous booklet lost its entry {name}"))?;
            let file = previous.archive.by_index_raw(index).map_err(zip_error)?;
            out.raw_copy_file_touch(file, stamp, Some(MODE))
                .map_err(zip_error)?;
        } else {
            let file = source.by_index_raw(i).map_err(zip_error)?;
            out.raw_copy_file_touch(file, stamp, Some(MODE))
                .map_err(zip_error)?;
        }
    }
    if found != amended.len() {
        return Err(format!(
            "could not write the booklet archive: epub-builder wrote none of {amended:?} or not all"
        ));
    }
    Ok(out.finish().map_err(zip_error)?.into_inner())
}

fn zip_time(time: chrono::NaiveDateTime) -> DateTime {
    use chrono::{Datelike, Timelike};
    let year = time.year().clamp(1980, 2107) as u16;
    DateTime::from_date_and_time(
        year,
        time.month() as u8,
        time.day() as u8,
        time.hour() as u8,
        time.minute() as u8,
        time.second() as u8,
    )
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An archive as epub-builder writes one: `mimetype` first and stored, the rest deflated,
    /// all at the clock time.
    fn source_archive() -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file(
            "mimetype",
            SimpleFileOptions::default().compression_method(CompressionMethod::Stored),
        )
        .unwrap();
        zip.write_all(b"application/epub+zip").unwrap();
        for (name, text) in [
            ("META-INF/container.xml", "<container/>"),
            ("OEBPS/a.xhtml", "<html>chapter</html>"),
            ("OEBPS/content.opf", "<package>"),
        ] {
            zip.start_file(name, SimpleFileOptions::default()).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn time() -> chrono::NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2024, 5, 1)
            .unwrap_or_default()
            .and_time(chrono::NaiveTime::MIN)
    }

    fn amend(_: &str, text: String) -> Result<String, String> {
        Ok(text.replace("<package>", "<package xml:lang=\"en\">"))
    }

    #[test]
    fn entries_are_copied_with_a_fixed_time_and_only_the_amended_one_changes() {
        let source = source_archive();
        let bytes = restamp(&source, time(), None, &["OEBPS/content.opf"], &amend).unwrap();
        let again = restamp(
            &source_archive(),
            time(),
            None,
            &["OEBPS/content.opf"],
            &amend,
        )
        .unwrap();
        assert_eq!(bytes, again, "the clock time of the source must not show");
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..58], b"application/epub+zip");
        let mut original = ZipArchive::new(Cursor::new(source)).unwrap();
        let mut archive = ZipArchive::new(Cursor::new(bytes)).unwrap();
        let names: Vec<&str> = archive.file_names().collect();
        assert_eq!(
            names,
            [
                "mimetype",
                "META-INF/container.xml",
                "OEBPS/a.xhtml",
                "OEBPS/content.opf"
            ]
        );
        for i in 0..archive.len() {
            let file = archive.by_index_raw(i).unwrap();
            assert_eq!(file.last_modified(), Some(zip_time(time())));
            assert_eq!(file.unix_mode(), Some(0o100644));
            let (name, method, crc) = (file.name().to_string(), file.compression(), file.crc32());
            drop(file);
            let before = original.by_index_raw(i).unwrap();
            if name != "OEBPS/content.opf" {
                assert_eq!(
                    (method, crc),
                    (before.compression(), before.crc32()),
                    "{name}"
                );
            }
        }
        assert_eq!(
            archive.by_index(0).unwrap().compression(),
            CompressionMethod::Stored
        );
        let mut text = String::new();
        archive
            .by_name("OEBPS/content.opf")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "<package xml:lang=\"en\">");
    }

    #[test]
    fn an_entry_the_previous_booklet_holds_as_it_is_is_copied_from_it() {
        let previous = restamp(&source_archive(), time(), None, &[], &amend).unwrap();
        let mut open = Previous::open(&previous).unwrap();
        assert!(open.holds("OEBPS/a.xhtml", b"<html>chapter</html>"));
        assert!(!open.holds("OEBPS/a.xhtml", b"<html>chapter 2</html>"));
        assert!(!open.holds("OEBPS/b.xhtml", b"<html>chapter</html>"));
        assert!(
            !open.holds("mimetype", b"application/epub+zip"),
            "stored, not deflated"
        );
        // The new archive holds the chapter empty; the copy puts the previous entry in its place.
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in [("OEBPS/a.xhtml", ""), ("OEBPS/content.opf", "<package>")] {
            zip.start_file(name, SimpleFileOptions::default()).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        let generated = zip.finish().unwrap().into_inner();
        let copied = (open, BTreeSet::from(["OEBPS/a.xhtml".to_string()]));
        let bytes = restamp(&generated, time(), Some(copied), &[], &amend).unwrap();
        let mut archive = ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        (archive.by_name("OEBPS/a.xhtml").unwrap())
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "<html>chapter</html>");
        let mut before = ZipArchive::new(Cursor::new(previous)).unwrap();
        let index = before.index_for_name("OEBPS/a.xhtml").unwrap();
        let compressed = before.by_index_raw(index).unwrap().compressed_size();
        let index = archive.index_for_name("OEBPS/a.xhtml").unwrap();
        assert_eq!(
            archive.by_index_raw(index).unwrap().compressed_size(),
            compressed
        );
    }

    #[test]
    fn a_missing_entry_or_a_failed_amendment_is_an_error() {
        let missing = restamp(
            &source_archive(),
            time(),
            None,
            &["OEBPS/nav.xhtml"],
            &amend,
        );
        assert!(missing.is_err());
        let failed = restamp(
            &source_archive(),
            time(),
            None,
            &["OEBPS/a.xhtml"],
            &|_, _| Err("no anchor".to_string()),
        );
        assert_eq!(failed, Err("no anchor".to_string()));
    }
}
