//! mdexport: a folder of Markdown documents with YAML front matter in, PDF handouts, an EPUB 3
//! booklet and a CSV catalog out.
//!
//! The stages: [`source`] walks INPUT, [`parse`] (with [`frontmatter`]) turns each file into the
//! [`model`] once, [`resolve`] links, cleans and lints, and the [`writers`] render the resolved
//! model; [`output`] writes files atomically; [`pipeline`] runs it all in parallel.

pub mod cache;
pub mod config;
pub mod diagnostics;
pub mod frontmatter;
pub mod model;
pub mod output;
pub mod parse;
pub mod pipeline;
pub mod progress;
pub mod resolve;
pub mod schedule;
pub mod source;
pub mod writers;

pub use config::Config;
pub use diagnostics::{Diagnostic, Severity};
pub use model::Document;
pub use pipeline::{BuildReport, FatalError, Project, build, load};
