//! The integration tests, as one binary so that Typst is linked once: a module per area, and
//! the helpers they share in [`common`].

mod cli;
mod common;
mod csv;
mod epub;
mod hostile;
mod model;
mod multilingual;
mod pdf;
mod resolve;
mod xlsx;
