//! How hard a text is to read: words, sentences and syllables counted, and the formulas that
//! readability practice uses on them: Flesch's for English, Fernández-Huerta's for Spanish
//! ([`spanish`]). Other languages are not graded.

pub mod formulas;
pub mod spanish;
pub mod syllables;
pub mod tokens;

pub use formulas::{
    GradeFormula, flesch_kincaid_grade, flesch_reading_ease, readability, smog_grade,
};

use syllables::cached_token_syllables;
use tokens::token_ends_sentence;
pub(crate) use tokens::{ends_sentence, is_url, is_word, split_tokens};

/// Words, sentences and syllables of one unit of text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextCounts {
    /// Words (tokens with a letter or digit, URLs left out).
    pub words: u64,
    /// Sentences (at least one when there is a word).
    pub sentences: u64,
    /// Estimated syllables.
    pub syllables: u64,
    /// Words of three syllables or more (SMOG's polysyllables).
    pub polysyllables: u64,
    /// Sentences of at least [`FULL_SENTENCE_WORDS`] words: SMOG's sentences.
    pub full_sentences: u64,
}

/// A sentence has at least this many words for SMOG: a heading or label of one or two words
/// ("Treatment", "Side effects") is no sentence of the text, and counting it would make a page
/// of many short headings read easier than its sentences do.
pub const FULL_SENTENCE_WORDS: u64 = 3;

/// Counts the words, sentences and syllables of one unit of text (which ends a sentence).
pub fn count_text(text: &str) -> TextCounts {
    count_text_by(text, cached_token_syllables)
}

/// [`count_text`] with the syllables of each word counted by `syllables` (a language's own
/// rules, such as [`spanish::count_syllables`]).
pub fn count_text_by(text: &str, syllables: impl Fn(&str) -> u32) -> TextCounts {
    let mut counts = TextCounts::default();
    let mut tokens = split_tokens(text).filter(|t| !is_url(t)).peekable();
    let mut words_in_sentence = 0u64;
    while let Some(token) = tokens.next() {
        if is_word(token) {
            counts.words += 1;
            words_in_sentence += 1;
            let syllables = syllables(token);
            counts.syllables += u64::from(syllables);
            counts.polysyllables += u64::from(syllables >= 3);
        }
        if words_in_sentence > 0
            && tokens
                .peek()
                .is_some_and(|next| token_ends_sentence(token, next))
        {
            counts.sentences += 1;
            counts.full_sentences += u64::from(words_in_sentence >= FULL_SENTENCE_WORDS);
            words_in_sentence = 0;
        }
    }
    if words_in_sentence > 0 {
        counts.sentences += 1;
        counts.full_sentences += u64::from(words_in_sentence >= FULL_SENTENCE_WORDS);
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_punctuation_not_abbreviations() {
        let counts = count_text(
            "Dr. Smith saw the patient, e.g. on Monday. She was fine! Was she? Yes. It costs 2.5 dollars in the U.S. today.",
        );
        assert_eq!(counts.sentences, 5);
        assert_eq!(count_text("A sentence without a stop").sentences, 1);
        assert_eq!(count_text("...").sentences, 0);
        assert_eq!(
            count_text("Visit https://www.cancer.gov/about now").words,
            2
        );
    }
}
