//! The readability formulas, from a document's counts of words, sentences and syllables.

use crate::model::{self, Facts};

/// The reading grades of text with these facts; `None` when there are no words.
pub fn readability(facts: &Facts) -> Option<model::Readability> {
    Some(model::Readability {
        flesch_kincaid_grade: flesch_kincaid_grade(facts)?,
        flesch_reading_ease: flesch_reading_ease(facts)?,
    })
}

/// Flesch-Kincaid grade level: 0.39 × words per sentence + 11.8 × syllables per word − 15.59;
/// `None` when there are no words.
pub fn flesch_kincaid_grade(facts: &Facts) -> Option<f64> {
    let (words_per_sentence, syllables_per_word) = ratios(facts)?;
    Some(0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59)
}

/// Flesch reading ease: 206.835 − 1.015 × words per sentence − 84.6 × syllables per word;
/// `None` when there are no words.
pub fn flesch_reading_ease(facts: &Facts) -> Option<f64> {
    let (words_per_sentence, syllables_per_word) = ratios(facts)?;
    Some(206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word)
}

fn ratios(facts: &Facts) -> Option<(f64, f64)> {
    if facts.words == 0 {
        return None;
    }
    let words = facts.words as f64;
    let sentences = facts.sentences.max(1) as f64;
    Some((words / sentences, facts.syllables as f64 / words))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readability_formulas() {
        let facts = Facts {
            words: 100,
            sentences: 5,
            syllables: 150,
            ..Facts::default()
        };
        let grade = flesch_kincaid_grade(&facts).expect("words");
        assert!((grade - (0.39 * 20.0 + 11.8 * 1.5 - 15.59)).abs() < 1e-9);
        let ease = flesch_reading_ease(&facts).expect("words");
        assert!((ease - (206.835 - 1.015 * 20.0 - 84.6 * 1.5)).abs() < 1e-9);
        assert_eq!(flesch_kincaid_grade(&Facts::default()), None);
        assert_eq!(flesch_reading_ease(&Facts::default()), None);
    }
}
