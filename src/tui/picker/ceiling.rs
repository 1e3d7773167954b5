//! The best score nucleo can give a plain query, and a cheap test for the
//! rows that get it: a symptom that names the query's words outright gets
//! it, and is then known to without running nucleo's scoring over its text.
//!
//! Why 26 a letter and 10 a word bound the score (nucleo-matcher 0.3, the
//! default configuration): each letter matched scores 16 and a bonus; a
//! bonus is at most 10 (a word start after whitespace), a letter run on
//! from the one before takes the larger of its own bonus and its run's
//! (itself at most 10), and the first letter's bonus counts twice. A gap
//! only subtracts (3 where it opens, 1 a letter after). So a word of `n`
//! letters scores at most 26n + 10, and a query the sum over its words, as
//! nucleo scores each word on its own and adds the scores.
//!
//! Why a word written out right after whitespace (or at the very start)
//! reaches it: there its first letter, a letter or digit, gets the bonus of
//! 10 twice, and every letter after it runs on from a run whose bonus is
//! 10, so gets 10: 26n + 10 with no gap. Nucleo takes the best alignment,
//! which can be no better, so it finds exactly that score. It gives up the
//! best alignment for a greedy one when a text is too long for its matrix;
//! such texts are left to nucleo.

use memchr::memmem::Finder;

/// Nucleo's matrix holds `text × word` cells up to this many, and texts up
/// to this long; within both it always aligns at best.
const MATRIX_CELLS: usize = 100 * 1024;
const MATRIX_TEXT: usize = 2048;

/// The best score a plain query can get, and its words to find it by.
pub(super) struct Ceiling {
    score: u32,
    words: Vec<Finder<'static>>,
    longest_word: usize,
}

impl Ceiling {
    /// For a query of these words, each lowercase ASCII and not empty.
    pub fn of(words: &[Vec<u8>]) -> Ceiling {
        Ceiling {
            score: words.iter().map(|w| 26 * w.len() as u32 + 10).sum(),
            words: words.iter().map(|w| Finder::new(w).into_owned()).collect(),
            longest_word: words.iter().map(Vec::len).max().unwrap_or(0),
        }
    }

    /// No match of the query scores above this.
    pub fn score(&self) -> u32 {
        self.score
    }

    /// Whether nucleo gives an ASCII text, given lowercase, the best score
    /// (see the module's comment): every word is in it right after
    /// whitespace or at its start, and the text fits nucleo's matrix.
    pub fn reached_in(&self, lower: &[u8]) -> bool {
        lower.len() <= MATRIX_TEXT
            && lower.len() * self.longest_word <= MATRIX_CELLS
            && self.words.iter().all(|word| {
                // A word that opens with anything but a letter or digit
                // gets a lesser bonus there.
                word.needle().first().is_some_and(u8::is_ascii_alphanumeric)
                    && word
                        .find_iter(lower)
                        .any(|at| at == 0 || lower[at - 1].is_ascii_whitespace())
            })
    }
}

#[cfg(test)]
mod tests {
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
    use nucleo_matcher::{Config, Matcher};

    use super::super::SymptomEntry;
    use super::super::order::plain_words;
    use super::super::rows::Rows;
    use super::*;

    #[test]
    fn a_row_said_to_reach_the_best_score_gets_it_from_nucleo() {
        let long = format!("c0 000001 {} c0000001 phase 4", "filler ".repeat(2_000));
        let texts = [
            "Secondary site upgrade fails with despooler error c0000001 (\"Cannot find config\")",
            "Phase 4 Complete, Pending",
            "phase4 stuck, error 0xc0000001",
            "The SMS_Executive logs event 7031",
            "Event 17031\tin the log, phase\t4",
            "Site stuck at Phase 4 Complete: phases pending",
            "-dash _under phase",
            long.as_str(),
        ];
        let keywords = [["c0000001".to_string(), "sms_exec".to_string()]];
        let entries: Vec<SymptomEntry> = texts
            .iter()
            .enumerate()
            .flat_map(|(i, text)| {
                [
                    SymptomEntry::new(i, "t", "a", text, &[], Vec::new()),
                    SymptomEntry::new(i, "t", "b", text, &keywords[0], vec!["Q7031".into()]),
                ]
            })
            .collect();
        let rows = Rows::of_entries(&entries);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut reached = 0;
        for query in [
            "c0000001", "phase 4", "Phase", "4", "7031", "q7031", "sms_exec", "-dash", "_under",
            "phase4", "e", "p 4",
        ] {
            let words = plain_words(query, &[]).unwrap();
            let ceiling = Ceiling::of(&words);
            let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
            for i in 0..rows.len() {
                let Some(score) = pattern.score(rows.haystack(i), &mut matcher) else {
                    continue;
                };
                assert!(score <= ceiling.score(), "{query:?} in row {i}: {score}");
                if ceiling.reached_in(rows.lower(i)) {
                    assert_eq!(score, ceiling.score(), "{query:?} in row {i}");
                    reached += 1;
                }
            }
        }
        assert!(reached > 20, "{reached}");
        // Too long for nucleo's matrix: scored greedily, below the best,
        // though the word is there after a space.
        let long_row = rows.len() - 1;
        let pattern = Pattern::parse("c0000001", CaseMatching::Ignore, Normalization::Smart);
        let ceiling = Ceiling::of(&[b"c0000001".to_vec()]);
        let score = pattern.score(rows.haystack(long_row), &mut matcher);
        assert!(score.unwrap() < ceiling.score());
        assert!(!ceiling.reached_in(rows.lower(long_row)));
    }
}
