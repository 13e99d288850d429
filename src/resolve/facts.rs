//! Facts about each document (words, sentences, syllables, counts of things) and its readability.
//!
//! Body text is what a reader reads: paragraphs, headings, list items, table cells and block
//! quotes, in the body and in footnotes; code blocks, URLs and image alt texts are left out. Each
//! paragraph, heading and table cell ends a sentence, whatever its punctuation.

use super::ResolveOptions;
use super::readability::{
    count_text, count_text_by, ends_sentence, is_url, is_word, readability, spanish, split_tokens,
};
use crate::diagnostics::Diagnostic;
use crate::model::{self, Block, BlockKind, Document, Facts, Inline};

/// Derives the facts of `document`, stores them in it, and warns when an English document reads
/// above `options.grade_target` by `options.grade_formula` (no warning when that formula gives
/// no grade, as SMOG does for a text under ten sentences). Grades are only given where a formula
/// exists for the document's language: Flesch-Kincaid's and SMOG's for English,
/// Fernández-Huerta's ease for Spanish (which has no grade, hence no warning); other languages
/// are not graded.
pub fn apply(document: &mut Document, options: &ResolveOptions) -> Vec<Diagnostic> {
    document.facts = derive(document);
    match document.language.code.as_str() {
        "en" => document.facts.readability = readability(&document.facts),
        "es" => {
            document.facts.fernandez_huerta_ease = spanish::fernandez_huerta_ease(&document.facts)
        }
        _ => {}
    }
    let mut diagnostics = Vec::new();
    let formula = options.grade_formula;
    if let Some(grade) = document.facts.readability.and_then(|r| formula.grade(&r))
        && grade > options.grade_target
    {
        diagnostics.push(
            Diagnostic::warning(
                &document.path,
                "reading-grade",
                format!(
                    "{} reading grade {grade:.1} is above the target of {}",
                    formula.name(),
                    options.grade_target
                ),
            )
            .with_hint("use shorter sentences and shorter words"),
        );
    }
    diagnostics
}

/// The facts of a document: counts of words, sentences, syllables, headings, links, images,
/// tables. Syllables are counted by Spanish spelling in a Spanish document, else by English.
pub fn derive(document: &Document) -> Facts {
    let mut facts = Facts::default();
    let spanish = document.language.code == "es";
    for_each_text_unit(document, |unit| {
        let counts = if spanish {
            count_text_by(unit, spanish::count_syllables)
        } else {
            count_text(unit)
        };
        facts.words += counts.words;
        facts.sentences += counts.sentences;
        facts.syllables += counts.syllables;
        facts.polysyllables += counts.polysyllables;
        facts.full_sentences += counts.full_sentences;
    });
    let count_blocks = |blocks: &[Block], facts: &mut Facts| {
        model::walk_blocks(blocks, &mut |block| {
            match &block.kind {
                BlockKind::Heading { .. } => facts.headings += 1,
                BlockKind::Table { .. } => facts.tables += 1,
                _ => {}
            }
            crate::model::block_inlines(block, &mut |inlines| count_inlines(inlines, facts));
        });
    };
    count_blocks(&document.blocks, &mut facts);
    for note in &document.footnotes {
        count_blocks(&note.blocks, &mut facts);
    }
    facts
}

/// The body text as units a reader reads one after the other (each paragraph, heading, list-item
/// paragraph and table cell), in document order, footnotes last; empty units are left out.
pub fn text_units(document: &Document) -> Vec<String> {
    let mut units = Vec::new();
    for_each_text_unit(document, |unit| {
        units.push(unit.split_whitespace().collect::<Vec<_>>().join(" "));
    });
    units
}

/// Calls `visit` with the text of each unit of [`text_units`], white space as in the source,
/// reusing one buffer.
fn for_each_text_unit(document: &Document, mut visit: impl FnMut(&str)) {
    let mut text = String::new();
    let mut collect = |blocks: &[Block]| {
        model::walk_blocks(blocks, &mut |block| {
            crate::model::block_inlines(block, &mut |inlines| {
                text.clear();
                push_reader_text(inlines, &mut text);
                if !text.trim().is_empty() {
                    visit(&text);
                }
            })
        });
    };
    collect(&document.blocks);
    for note in &document.footnotes {
        collect(&note.blocks);
    }
}

/// The body text as one string, one unit a line, each ending with a full stop if it had no
/// sentence-ending punctuation: the text readability is measured on.
pub fn reading_text(document: &Document) -> String {
    let mut out = String::new();
    for unit in text_units(document) {
        let words: Vec<&str> = split_tokens(&unit).filter(|t| !is_url(t)).collect();
        if !words.iter().any(|t| is_word(t)) {
            continue;
        }
        let line = words.join(" ");
        out.push_str(&line);
        if !ends_sentence(&line) {
            out.push('.');
        }
        out.push('\n');
    }
    out
}

/// Adds the links and images of a run of inlines to `facts`.
fn count_inlines(inlines: &[Inline], facts: &mut Facts) {
    for inline in inlines {
        match inline {
            Inline::Link { content, .. } => {
                facts.links += 1;
                count_inlines(content, facts);
            }
            Inline::Image { .. } => facts.images += 1,
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content } => count_inlines(content, facts),
            _ => {}
        }
    }
}

/// The text a reader reads in a run of inlines: no image alt texts, no footnote marks.
fn push_reader_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => out.push_str(text),
            Inline::Code { code } => out.push_str(code),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Link { content, .. } => push_reader_text(content, out),
            Inline::LineBreak | Inline::Image { .. } => out.push(' '),
            Inline::FootnoteRef { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_document;
    use crate::resolve::readability::GradeFormula;

    fn document(markdown: &str) -> Document {
        parse_document("doc.md", markdown.as_bytes())
            .0
            .expect("parses")
    }

    #[test]
    fn headings_list_items_and_cells_end_sentences() {
        let doc = document(
            "# Title here\n\nA first sentence. A second one\n\n- item one\n- item two\n\n| a | b |\n|---|---|\n| cell | other cell |\n\n```\ncode is not read here\n```\n\n> quoted text\n",
        );
        let facts = derive(&doc);
        assert_eq!(facts.sentences, 1 + 2 + 2 + 4 + 1);
        // Of which "Title here", "A first sentence", "item one" ... have fewer than three words.
        assert_eq!(facts.full_sentences, 2);
        assert_eq!(facts.words, 2 + 6 + 4 + 5 + 2);
        assert_eq!(facts.headings, 1);
        assert_eq!(facts.tables, 1);
    }

    #[test]
    fn links_images_and_urls() {
        let doc = document(
            "See [the guide](https://example.org/guide) or <https://example.org/x>. ![a chart of things](chart.png)\n",
        );
        let facts = derive(&doc);
        assert_eq!(facts.links, 2);
        assert_eq!(facts.images, 1);
        assert_eq!(facts.words, 4, "{:?}", text_units(&doc));
        assert_eq!(reading_text(&doc), "See the guide or.\n");
    }

    #[test]
    fn grade_warning_only_for_hard_english_text() {
        let flesch_kincaid = ResolveOptions {
            grade_formula: GradeFormula::FleschKincaid,
            ..ResolveOptions::default()
        };
        let hard = "Chemotherapeutic immunomodulatory interventions necessitate comprehensive multidisciplinary evaluation considering individualized pharmacological characteristics.\n";
        let mut doc = document(hard);
        let diagnostics = apply(&mut doc, &flesch_kincaid);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, "reading-grade");
        assert!(diagnostics[0].message.starts_with("Flesch-Kincaid"));
        let mut spanish = document(&format!("---\nlanguage: es\n---\n{hard}"));
        spanish.language = crate::resolve::language::parse("es").expect("a tag");
        assert!(apply(&mut spanish, &flesch_kincaid).is_empty());
        assert!(spanish.facts.readability.is_none());
        assert!(spanish.facts.fernandez_huerta_ease.is_some());
        let mut korean = document(&format!("---\nlanguage: ko\n---\n{hard}"));
        korean.language = crate::resolve::language::parse("ko").expect("a tag");
        assert!(apply(&mut korean, &flesch_kincaid).is_empty());
        assert_eq!(korean.facts.readability, None);
        assert_eq!(korean.facts.fernandez_huerta_ease, None);
        let mut easy = document("The cat sat. It was fun.\n");
        assert!(apply(&mut easy, &flesch_kincaid).is_empty());
        assert_eq!(easy.facts.words, 6);
    }

    #[test]
    fn smog_is_the_default_and_needs_ten_sentences() {
        let options = ResolveOptions::default();
        assert_eq!(options.grade_formula, GradeFormula::Smog);
        let hard = "Chemotherapeutic interventions necessitate evaluation. ";
        // One sentence: too short for SMOG, so no grade and no warning.
        let mut short = document(hard);
        assert!(apply(&mut short, &options).is_empty());
        assert_eq!(short.facts.readability.and_then(|r| r.smog_grade), None);
        // Twelve such sentences: four polysyllables in each, 120 per 30 sentences.
        let mut long = document(&hard.repeat(12));
        let diagnostics = apply(&mut long, &options);
        assert_eq!(long.facts.sentences, 12);
        assert_eq!(long.facts.full_sentences, 12);
        assert_eq!(long.facts.polysyllables, 48);
        let grade = long
            .facts
            .readability
            .and_then(|r| r.smog_grade)
            .expect("graded");
        assert!((grade - (1.043 * 120f64.sqrt() + 3.1291)).abs() < 1e-9);
        assert_eq!(diagnostics.len(), 1);
        assert!(
            diagnostics[0]
                .message
                .starts_with("SMOG reading grade 14.6"),
            "{}",
            diagnostics[0].message
        );
        // Plain sentences stay under the target.
        let mut easy = document(&"The cat sat on the mat. ".repeat(12));
        assert!(apply(&mut easy, &options).is_empty());
        assert_eq!(
            easy.facts.readability.and_then(|r| r.smog_grade),
            Some(3.1291)
        );
    }
}
