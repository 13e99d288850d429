//! The readability formulas, from a document's counts of words, sentences and syllables.

use crate::model::{self, Facts};

/// Which reading grade the grade target applies to.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum GradeFormula {
    /// SMOG ([`smog_grade`]): what the CMS Toolkit and hospital guides recommend for patient
    /// material, since Flesch-Kincaid reads such text two to three grades too easy.
    #[default]
    Smog,
    /// Flesch-Kincaid ([`flesch_kincaid_grade`]): what word processors show.
    FleschKincaid,
}

impl GradeFormula {
    /// The formula's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            GradeFormula::Smog => "SMOG",
            GradeFormula::FleschKincaid => "Flesch-Kincaid",
        }
    }

    /// This formula's grade of `readability`, when it gives one.
    pub fn grade(self, readability: &model::Readability) -> Option<f64> {
        match self {
            GradeFormula::Smog => readability.smog_grade,
            GradeFormula::FleschKincaid => Some(readability.flesch_kincaid_grade),
        }
    }
}

/// The reading grades of text with these facts; `None` when there are no words.
pub fn readability(facts: &Facts) -> Option<model::Readability> {
    Some(model::Readability {
        flesch_kincaid_grade: flesch_kincaid_grade(facts)?,
        flesch_reading_ease: flesch_reading_ease(facts)?,
        smog_grade: smog_grade(facts),
    })
}

/// SMOG needs at least this many sentences: McLaughlin's grade is read from 30 sentences, and
/// health-literacy guides scale shorter texts up to 30 only from 10 sentences on; below that a
/// few long words swing the grade by several years.
pub const SMOG_MIN_SENTENCES: u64 = 10;

/// SMOG grade (McLaughlin 1969, as the CMS Toolkit gives it): 1.0430 × √(polysyllables × 30 ÷
/// sentences) + 3.1291, over the whole text rather than a sample of 30 sentences, counting as
/// sentences those of three words or more (`Facts::full_sentences`). A text of fewer than 30
/// sentences has its polysyllables scaled up to 30 sentences by the same `30 ÷ sentences`,
/// which is what the guides' table for short texts does; under [`SMOG_MIN_SENTENCES`] it gets
/// no grade.
pub fn smog_grade(facts: &Facts) -> Option<f64> {
    if facts.words == 0 || facts.full_sentences < SMOG_MIN_SENTENCES {
        return None;
    }
    let per_thirty = facts.polysyllables as f64 * 30.0 / facts.full_sentences as f64;
    Some(1.0430 * per_thirty.sqrt() + 3.1291)
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

    #[test]
    fn smog_scales_polysyllables_to_thirty_sentences() {
        let facts = |sentences, polysyllables| Facts {
            words: 500,
            sentences: sentences + 7,
            full_sentences: sentences,
            polysyllables,
            ..Facts::default()
        };
        // 30 sentences with 30 polysyllables: 1.043 × √30 + 3.1291.
        let grade = smog_grade(&facts(30, 30)).expect("long enough");
        assert!((grade - (1.0430 * 30f64.sqrt() + 3.1291)).abs() < 1e-9);
        // 15 sentences with 15 count as 30 with 30.
        assert_eq!(smog_grade(&facts(15, 15)), Some(grade));
        // 60 sentences with 16 polysyllables: 8 per 30 sentences, grade 3.1291 + 1.043 × √8.
        let grade = smog_grade(&facts(60, 16)).expect("long enough");
        assert!((grade - (1.0430 * 8f64.sqrt() + 3.1291)).abs() < 1e-9);
        assert_eq!(smog_grade(&facts(10, 0)), Some(3.1291));
        assert_eq!(smog_grade(&facts(SMOG_MIN_SENTENCES - 1, 5)), None);
        assert_eq!(smog_grade(&Facts::default()), None);
    }
}
