//! Spanish readability: syllables counted by Spanish spelling, and the Fernández-Huerta ease.
//!
//! Fernández Huerta (1959), "Medidas sencillas de lecturabilidad", *Consigna* 214, adapted
//! Flesch's reading ease to Spanish: L = 206.84 − 0.60·P − 1.02·F, with P the syllables per 100
//! words. The paper's F is quoted ever since as "sentences per 100 words", which makes a text
//! of longer sentences read easier; as Gwillim Law showed ("Error in the Fernandez Huerta
//! Readability Formula", LINGUIST List 22.2524, 2011), the formula is Flesch's with Spanish
//! constants and F is the mean sentence length in words. This module uses that corrected form,
//! as `textstat` and legible.es do: L = 206.84 − 60 × syllables per word − 1.02 × words per
//! sentence.

use crate::model::Facts;

/// The Fernández-Huerta reading ease of text with these facts (0 to 100, higher is easier;
/// its scale is Flesch's: 60 to 70 is plain language), counted with [`count_syllables`];
/// `None` when there are no words.
pub fn fernandez_huerta_ease(facts: &Facts) -> Option<f64> {
    if facts.words == 0 {
        return None;
    }
    let words = facts.words as f64;
    let sentences = facts.sentences.max(1) as f64;
    Some(206.84 - 60.0 * (facts.syllables as f64 / words) - 1.02 * (words / sentences))
}

/// Whether `c` is a strong (open) vowel, or an accented close one, which is pronounced apart
/// from the vowel beside it (hiatus: "pa-ís", "dí-a").
fn is_strong(c: char) -> bool {
    matches!(
        c,
        'a' | 'e' | 'o' | 'á' | 'é' | 'ó' | 'í' | 'ú' | 'à' | 'è' | 'ò'
    )
}

/// Whether `c` is a weak (close) vowel without an accent, which joins the vowel beside it in
/// one syllable (diphthong: "tie-rra", "ciu-dad").
fn is_weak(c: char) -> bool {
    matches!(c, 'i' | 'u' | 'ü')
}

/// The syllables of one Spanish word: one per group of vowels, plus one for each pair of strong
/// vowels side by side in it (hiatus: "a-é-re-o" has four); close vowels without an accent
/// join their neighbours (diphthongs and triphthongs: "buey" has one). The `u` of `que`,
/// `qui`, `gue`, `gui` is silent; `y` is a vowel at the end of a word or between consonants
/// ("hay", "y"). A word with no vowel (a number, an acronym) counts one.
pub fn count_syllables(word: &str) -> u32 {
    let chars: Vec<char> = word
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphabetic())
        .collect();
    let vowel_at = |i: usize| -> bool {
        let c = chars[i];
        if is_strong(c) || c == 'ü' {
            return true;
        }
        if c == 'i' {
            return true;
        }
        if c == 'u' {
            // Silent in que, qui, gue, gui.
            let after_q_or_g = i > 0 && matches!(chars[i - 1], 'q' | 'g');
            let before_e_or_i = chars
                .get(i + 1)
                .is_some_and(|n| matches!(n, 'e' | 'i' | 'é' | 'í'));
            return !(after_q_or_g && before_e_or_i);
        }
        if c == 'y' {
            let next_is_vowel = chars
                .get(i + 1)
                .is_some_and(|&n| is_strong(n) || is_weak(n));
            return !next_is_vowel && (i > 0 || chars.len() == 1);
        }
        false
    };
    let mut syllables = 0u32;
    let mut previous: Option<char> = None;
    for (i, &letter) in chars.iter().enumerate() {
        if !vowel_at(i) {
            previous = None;
            continue;
        }
        let c = if letter == 'y' { 'i' } else { letter };
        match previous {
            None => syllables += 1,
            Some(before) if is_strong(before) && is_strong(c) => syllables += 1,
            Some(_) => {}
        }
        previous = Some(c);
    }
    syllables.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_syllables_follow_diphthongs_and_hiatus() {
        for (word, syllables) in [
            ("cáncer", 2),
            ("quimioterapia", 5),
            ("ciudad", 2),
            ("país", 2),
            ("día", 2),
            ("aéreo", 4),
            ("leer", 2),
            ("buey", 1),
            ("hay", 1),
            ("y", 1),
            ("rayo", 2),
            ("guerra", 2),
            ("pingüino", 3),
            ("que", 1),
            ("tratamiento", 4),
            ("médico", 3),
            ("radiación", 3),
            ("oncólogo", 4),
            ("VIH", 1),
            ("2025", 1),
            ("Ayuda", 3),
            ("información", 4),
        ] {
            assert_eq!(count_syllables(word), syllables, "{word}");
        }
    }

    #[test]
    fn the_ease_is_the_corrected_fernandez_huerta_formula() {
        let facts = Facts {
            words: 100,
            sentences: 5,
            syllables: 200,
            ..Facts::default()
        };
        let ease = fernandez_huerta_ease(&facts).expect("words");
        assert!((ease - (206.84 - 60.0 * 2.0 - 1.02 * 20.0)).abs() < 1e-9);
        assert_eq!(fernandez_huerta_ease(&Facts::default()), None);
    }
}
