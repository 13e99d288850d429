//! A Typst world made only of in-memory files: the template, one document's generated source,
//! its images and the fonts. It never touches the file system or the network.

use super::fonts::FontSet;
use std::sync::{Arc, OnceLock};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// Path of the generated main file inside the world.
pub const MAIN_PATH: &str = "/main.typ";
/// Path of the template inside the world.
pub const TEMPLATE_PATH: &str = "/handout.typ";
/// Folder under which local images are mounted (followed by their path relative to INPUT).
pub const ASSETS_DIR: &str = "/assets/";

/// The handout template, readable and editable on its own.
pub const TEMPLATE: &str = include_str!("handout.typ");

/// The standard library, built once per process.
fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

/// The file id of an absolute virtual path, `None` if the path is not valid.
pub fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// One document's world.
pub struct HandoutWorld {
    fonts: Arc<FontSet>,
    main: Source,
    template: Source,
    files: Vec<(FileId, Bytes)>,
}

impl HandoutWorld {
    /// A world whose main file is `main_source`, with `files` (absolute virtual path to bytes)
    /// readable by it. Returns `None` if a fixed path cannot be made into a file id.
    pub fn new(
        fonts: Arc<FontSet>,
        main_source: String,
        files: Vec<(String, Bytes)>,
    ) -> Option<Self> {
        let main = Source::new(file_id(MAIN_PATH)?, main_source);
        let template = Source::new(file_id(TEMPLATE_PATH)?, TEMPLATE.to_string());
        let files = files
            .into_iter()
            .filter_map(|(path, bytes)| Some((file_id(&path)?, bytes)))
            .collect();
        Some(HandoutWorld {
            fonts,
            main,
            template,
            files,
        })
    }
}

impl World for HandoutWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == self.template.id() {
            Ok(self.template.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else if id == self.template.id() {
            Ok(Bytes::from_string(self.template.clone()))
        } else {
            self.files
                .iter()
                .find(|(file, _)| *file == id)
                .map(|(_, bytes)| bytes.clone())
                .ok_or(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_files_given_can_be_read() {
        let image = "/assets/pictures/a.png";
        let world = HandoutWorld::new(
            super::super::fonts::shipped(),
            "Hello".to_string(),
            vec![(image.to_string(), Bytes::new(vec![1, 2, 3]))],
        )
        .expect("world");
        assert!(world.source(world.main()).is_ok());
        assert!(world.file(file_id(TEMPLATE_PATH).expect("id")).is_ok());
        assert_eq!(
            world
                .file(file_id(image).expect("id"))
                .expect("image")
                .as_slice(),
            &[1, 2, 3]
        );
        for other in ["/etc/passwd", "/assets/pictures/b.png", "/main.typ.bak"] {
            let id = file_id(other).expect("id");
            assert!(world.file(id).is_err(), "{other} readable");
            assert!(world.source(id).is_err(), "{other} readable as source");
        }
        assert!(world.today(None).is_none());
        assert!(world.book().families().count() >= 4);
    }
}
