//! The integration tests, as one binary so that Typst is linked once: a module per area, and
//! the helpers they share in [`common`].

mod anchors;
mod cli;
mod common;
mod cover;
mod csv;
mod epub;
mod hostile;
mod languages;
mod large_print;
mod model;
mod multilingual;
mod pdf;
mod qr;
mod rebuild;
mod resolve;
mod shard;
mod xlsx;
