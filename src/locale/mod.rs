//! The words mdexport adds to a page, and its dates, in the reader's language.
//!
//! Every word a writer adds to a document ("Page 1 of 3", "Last reviewed", "Contents", the
//! booklet's part names) is a message of a Fluent catalogue, one file per language under
//! `src/locale/messages/` (`es.ftl`, `zh-Hans.ftl`), built into the program: adding a language
//! is adding one file. A message a catalogue lacks is taken from English, and
//! [`Messages::missing`] names it so that `check` can say so. Dates are written by ICU4X in the
//! language's own way ("30 de diciembre de 2025", "2025年12月30日"), with Western digits in every
//! language, the digits the page numbers and the addresses printed beside them use.

mod catalogue;
mod dates;

pub use catalogue::{MessagePart, Messages, shipped_languages};
