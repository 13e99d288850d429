//! mdexport: a folder of Markdown documents with YAML front matter in, PDF handouts, an EPUB 3
//! booklet and a catalog (CSV and an Excel workbook) out.
//!
//! The stages: [`source`] walks INPUT and [`inputs`] reads it once (a build that reads exactly
//! what the last one read, into an OUTPUT that still holds its files, is answered by
//! [`rebuild`] from the [`cache`] without parsing), [`parse`] (with [`frontmatter`]) turns each file into the
//! [`model`] once, [`resolve`] links, cleans and lints, and the [`writers`] render the resolved
//! model in each document's language ([`locale`]); [`output`] writes files atomically; [`pipeline`] runs it all in parallel.
//!
//! # Architecture invariants
//!
//! - **Parse once.** Every document is read and parsed exactly once; nothing after [`parse`]
//!   sees Markdown or YAML.
//! - **Resolve decides.** The [`resolve`] stage is the only one that judges a document: its
//!   display title, heading levels and ids, what is blank, where each link goes, which assets
//!   are embedded, its facts and reading grades, its warnings. Writers render what it decided.
//!   After it, a document has a display title that is never empty; headings with text, at
//!   levels 2 to 6 (the title is level 1) that never skip one, none at the top repeating the
//!   title; ids unique among its headings, list items and footnotes, valid as XML ids and never
//!   starting with `fnref-` (left to writers for note references); no blank paragraph, table
//!   row or header, and no empty table, list or quote; external links and the page `url` as
//!   valid URIs (RFC 3986), or text and none with a warning; its `language` as a well-formed
//!   BCP 47 tag, or none; its translations, the other documents of the build that are the same
//!   page in another language, one per language. The local images it embeds are read once and identified by their
//!   bytes ([`resolve::images::identify`]): every asset a writer gets decodes, in a known
//!   [`model::ImageFormat`]; a file that does not is left out with a warning.
//! - **Writers are pure.** A writer is a function of the resolved documents
//!   ([`writers::Corpus`]) and its own options, which it holds. Nothing under [`writers`]
//!   imports [`resolve`], [`pipeline`] or [`config::Config`]; adding one is one module and one
//!   line in the pipeline's registry.
//! - **Config is data.** [`config`] holds values and parses them; only [`pipeline`] reads the
//!   whole [`Config`], and hands each stage and writer its own options.
//! - **Dependencies point one way**: cli → pipeline → config → {writers, resolve, parse} →
//!   locale → model → diagnostics (config names the stages' option types, nothing more). No module
//!   imports one above it, and no two import each other.
//! - **No I/O in the core.** Parsing, resolving and rendering take bytes and return values with
//!   their [`Diagnostic`]s; the pipeline reads INPUT, [`output`] writes OUTPUT atomically, and
//!   the binary reads the clock and the environment.
//! - **One bad document costs one error.** Work on one document runs under
//!   [`diagnostics::isolate_panic`]; the other documents are still exported.
//! - **Same input, same bytes**, whatever the thread count, and whatever the number of
//!   [`shard`]s a build is split into.

pub mod cache;
pub mod config;
pub mod diagnostics;
pub mod frontmatter;
pub mod inputs;
pub mod locale;
pub mod model;
pub mod output;
pub mod parse;
pub mod pipeline;
pub mod progress;
pub mod rebuild;
pub mod report;
pub mod resolve;
pub mod schedule;
pub mod shard;
pub mod source;
pub mod writers;

pub use config::{Config, Format};
pub use diagnostics::{Diagnostic, Severity};
pub use model::Document;
pub use pipeline::{BuildReport, FatalError, Project, build, load};
