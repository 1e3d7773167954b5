//! Deciding which entries match cheaply, and putting them in order while
//! working out fuzzy scores only for the matches the operator can reach.
//!
//! Whether an entry matches and how it ranks are cheap; its fuzzy score is
//! the costly part and only orders matches within one rank class. So every
//! match gets its rank, and only the best rank classes, until at least
//! [`SORTED_AHEAD`] matches are in them, get a score; the others are scored
//! when the selection comes near them.

use std::cmp::Ordering;

use nucleo_matcher::pattern::{AtomKind, Pattern};
use nucleo_matcher::{Matcher, Utf32Str};

use super::ceiling::Ceiling;
use super::rows::Rows;

/// How many matches are put in order ahead of the selection: more than a
/// screen shows, and sorting every match of a one-letter query over tens of
/// thousands of symptoms costs more than the rest of a keystroke.
pub(super) const SORTED_AHEAD: usize = 1_024;

/// From this many matches fuzzy words are scored greedily, in time linear in
/// the text rather than in the text times the word: over tens of thousands
/// of symptoms the best alignment costs more than a keystroke may, and the
/// ranking barely moves.
pub(super) const GREEDY_FROM: usize = 5_000;

/// Rank classes: [`SymptomEntry::rank`] has five bits.
const RANK_CLASSES: usize = 32;

/// The words of a query that is plain ASCII with no pattern syntax, each
/// lowercase: for such a query nucleo matches an ASCII text exactly when
/// every word is a subsequence of the lowercase text, which is far cheaper
/// to test than to score. `None` for any other query.
pub(super) fn plain_words(query: &str, syntax: &[char]) -> Option<Vec<Vec<u8>>> {
    if !query.is_ascii() || query.contains(syntax) {
        return None;
    }
    // Split as nucleo splits a pattern into atoms: on spaces alone.
    Some(
        query
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| w.to_ascii_lowercase().into_bytes())
            .collect(),
    )
}

/// Whether the letters of `word` occur in `text` in order.
pub(super) fn is_subsequence(word: &[u8], text: &[u8]) -> bool {
    let mut rest = text;
    for &b in word {
        match memchr::memchr(b, rest) {
            Some(at) => rest = &rest[at + 1..],
            None => return false,
        }
    }
    true
}

/// As `Pattern::score`, with fuzzy words matched greedily.
pub(super) fn score_greedy(
    pattern: &Pattern,
    haystack: Utf32Str<'_>,
    matcher: &mut Matcher,
) -> Option<u32> {
    let mut total = 0;
    for atom in &pattern.atoms {
        if atom.kind == AtomKind::Fuzzy && !atom.negative {
            // As the pattern was parsed: case ignored, and the text
            // normalised unless the word itself has accents (smart).
            let needle = atom.needle_text();
            matcher.config.ignore_case = true;
            matcher.config.normalize = needle
                .chars()
                .all(|c| nucleo_matcher::chars::normalize(c) == c);
            total += u32::from(matcher.fuzzy_match_greedy(haystack, needle)?);
        } else {
            total += u32::from(atom.score(haystack, matcher)?);
        }
    }
    Some(total)
}

/// How the matches of one query are scored.
pub(super) struct Scoring<'a> {
    pub pattern: &'a Pattern,
    pub greedy: bool,
    /// No match can score above this, when that is known.
    pub ceiling: Option<&'a Ceiling>,
}

impl Scoring<'_> {
    /// The entry's fuzzy score; `None` if it does not match at all.
    pub fn score(&self, rows: &Rows, i: usize, matcher: &mut Matcher) -> Option<u32> {
        // A greedy alignment need not find the best one that is there.
        if let Some(ceiling) = self.ceiling
            && !self.greedy
            && rows.is_ascii(i)
            && ceiling.reached_in(rows.lower(i))
        {
            return Some(ceiling.score());
        }
        let haystack = rows.haystack(i);
        if self.greedy {
            score_greedy(self.pattern, haystack, matcher)
        } else {
            self.pattern.score(haystack, matcher)
        }
    }

    /// The sort key of a match: rank first, then best score; ties keep the
    /// library's order (the index, second in the pair).
    pub fn key(&self, rank: u64, rows: &Rows, i: usize, matcher: &mut Matcher) -> u64 {
        key(rank, self.score(rows, i, matcher))
    }
}

fn key(rank: u64, score: Option<u32>) -> u64 {
    // A match always scores; 0 only keeps a wrong membership visible.
    rank << 32 | u64::from(!score.unwrap_or(0))
}

/// The matches as [`super::Picker`] keeps them: best first up to `sorted`,
/// scored up to `scored`; from there on each holds its rank alone, and all
/// rank below the scored ones.
pub(super) struct Arranged {
    pub matches: Vec<(u64, usize)>,
    pub sorted: usize,
    pub scored: usize,
}

/// Puts the best `count` of `matches` first, in order; returns how many are.
pub(super) fn sort_best(matches: &mut [(u64, usize)], count: usize) -> usize {
    if matches.len() > count {
        matches.select_nth_unstable(count);
        matches[..count].sort_unstable();
        count
    } else {
        matches.sort_unstable();
        matches.len()
    }
}

/// Orders `ranked` (each match as (rank, index)): the best rank classes are
/// scored until at least [`SORTED_AHEAD`] matches are, and the best of
/// those sorted; the rest keep their rank until they are needed. `matches`
/// is the last query's, reused: fresh memory of that size each keystroke
/// costs page faults.
pub(super) fn arrange(
    ranked: &[(u64, usize)],
    mut matches: Vec<(u64, usize)>,
    rows: &Rows,
    scoring: &Scoring<'_>,
    matcher: &mut Matcher,
) -> Arranged {
    let mut per_class = [0usize; RANK_CLASSES];
    for &(rank, _) in ranked {
        per_class[rank as usize] += 1;
    }
    let mut worst_scored = RANK_CLASSES - 1;
    let mut counted = 0;
    for (class, count) in per_class.iter().enumerate() {
        counted += count;
        if counted >= SORTED_AHEAD {
            worst_scored = class;
            break;
        }
    }
    matches.clear();
    let mut last_class = Vec::new();
    for &(rank, i) in ranked {
        match (rank as usize).cmp(&worst_scored) {
            Ordering::Less => matches.push((scoring.key(rank, rows, i, matcher), i)),
            Ordering::Equal => last_class.push(i),
            Ordering::Greater => {}
        }
    }
    // The last class scored is scored in the library's order until enough
    // of it have the best score a match can have: no later one of it can
    // come before those, as ties keep the library's order.
    last_class.sort_unstable();
    let wanted = SORTED_AHEAD.saturating_sub(matches.len());
    let rank = worst_scored as u64;
    let mut at_ceiling = 0;
    let mut scanned = 0;
    for &i in &last_class {
        if at_ceiling >= wanted {
            break;
        }
        let score = scoring.score(rows, i, matcher);
        if score.is_some() && score == scoring.ceiling.map(Ceiling::score) {
            at_ceiling += 1;
        }
        matches.push((key(rank, score), i));
        scanned += 1;
    }
    let scored = matches.len();
    let sorted = sort_best(&mut matches, SORTED_AHEAD);
    matches.extend(last_class[scanned..].iter().map(|&i| (rank << 32, i)));
    matches.extend(
        ranked
            .iter()
            .filter(|&&(rank, _)| rank as usize > worst_scored)
            .map(|&(rank, i)| (rank << 32, i)),
    );
    Arranged {
        matches,
        sorted,
        scored,
    }
}

/// Scores the unscored ones of `tail` (those from `unscored_from` on) and
/// sorts it all.
pub(super) fn finish(
    tail: &mut [(u64, usize)],
    unscored_from: usize,
    rows: &Rows,
    scoring: &Scoring<'_>,
    matcher: &mut Matcher,
) {
    for (key, i) in &mut tail[unscored_from..] {
        *key = scoring.key(*key >> 32, rows, *i, matcher);
    }
    tail.sort_unstable();
}

#[cfg(test)]
mod tests {
    use nucleo_matcher::pattern::{CaseMatching, Normalization};
    use nucleo_matcher::{Config, Matcher};

    use super::super::{Picker, Query, SymptomEntry, rank};
    use super::*;

    const WORDS: &[&str] = &[
        "Service",
        "phase",
        "Despooler",
        "SMS_Executive",
        "c0000001",
        "7031",
        "17031",
        "PXE",
        "boot",
        "café",
        "Ärger",
        "naïve",
        "Zürich",
        "event",
        "log",
        "fails",
        "WSUS",
        "sync",
        "Phase4",
        "stuck",
        "pending",
        "the",
        "after",
        "upgrade",
        "0x80070005",
        "Q4567",
    ];

    /// A library of `n` symptoms made of the words above, deterministic.
    fn library(n: usize) -> Vec<SymptomEntry> {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |below: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % below as u64) as usize
        };
        (0..n)
            .map(|i| {
                let mut pick = |count: usize| -> Vec<&str> {
                    (0..count).map(|_| WORDS[next(WORDS.len())]).collect()
                };
                let text = pick(3 + i % 5).join(" ");
                let keywords: Vec<String> = pick(i % 3).iter().map(|k| k.to_string()).collect();
                let title = pick(2).join(" ");
                let articles = vec![format!("Q{}", 100 + i % 37)];
                let mut entry =
                    SymptomEntry::new(i / 10, "t", &format!("s{i}"), &text, &keywords, articles)
                        .in_tree(&title, i % 4 == 0);
                entry.outranked = i % 8 == 0;
                entry
            })
            .collect()
    }

    /// Every entry scored as nucleo scores it, then ranked: the order the
    /// picker must show.
    fn scored_in_full(entries: &[SymptomEntry], query: &str) -> Vec<String> {
        if query.trim().is_empty() {
            return entries.iter().map(|e| e.symptom_id.clone()).collect();
        }
        let rows = Rows::of_entries(entries);
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        // Scored in full once: that is the score unless there are enough
        // matches to score them greedily.
        let members: Vec<(usize, u32)> = (0..entries.len())
            .filter_map(|i| Some((i, pattern.score(rows.haystack(i), &mut matcher)?)))
            .collect();
        let scoring = Scoring {
            pattern: &pattern,
            greedy: members.len() >= GREEDY_FROM,
            ceiling: None,
        };
        let ranking = Query::new(query);
        let mut keyed: Vec<(u64, usize)> = members
            .into_iter()
            .map(|(i, full)| {
                let score = match scoring.greedy {
                    true => scoring.score(&rows, i, &mut matcher).unwrap(),
                    false => full,
                };
                (rank(&rows, i, &ranking) << 32 | u64::from(!score), i)
            })
            .collect();
        keyed.sort_unstable();
        keyed
            .into_iter()
            .map(|(_, i)| entries[i].symptom_id.clone())
            .collect()
    }

    fn shown(picker: &Picker) -> Vec<String> {
        picker
            .matches()
            .map(|e| e.symptom_id().to_string())
            .collect()
    }

    #[test]
    fn the_order_shown_is_the_order_of_scoring_every_entry() {
        let entries = library(6_000);
        let queries = [
            "p",
            "e",
            "7",
            "c",
            "x",
            "ph",
            "phase",
            "phase 4",
            "phase4",
            "7031",
            "17031",
            "c0000001",
            "0x8007",
            "q45",
            "q1",
            "service fails",
            "pxe boot",
            "sms_exec",
            "Service  Fails",
            "  p",
            "ev lo",
            "despooler",
            "stuck after upgrade",
            "zz",
            "'phase",
            "^serv",
            "fails$",
            "!boot",
            "!boot serv",
            "'7031 !17031",
            "\\ phase",
            "café",
            "cafe",
            "zürich",
            "ä",
            "NAÏVE",
            "arger",
            // A sign alone shares its bit of a row's set of bytes with the
            // spaces and bars every row has: the set cannot answer for it.
            "<",
            "(",
        ];
        let mut picker = Picker::new(entries.clone());
        for query in queries {
            picker.set_query("");
            picker.set_query(query);
            assert_eq!(shown(&picker), scored_in_full(&entries, query), "{query:?}");
        }
        // Typed a letter at a time, each query narrowing the last.
        for typed in ["phase 4", "zürich"] {
            picker.set_query("");
            for (end, _) in typed.char_indices().skip(1).chain([(typed.len(), ' ')]) {
                let query = &typed[..end];
                picker.set_query(query);
                assert_eq!(shown(&picker), scored_in_full(&entries, query), "{query:?}");
            }
        }
    }

    #[test]
    fn backspacing_shows_what_the_shorter_query_shows_fresh() {
        let entries = library(6_000);
        let mut picker = Picker::new(entries.clone());
        // Typed on, then erased a letter at a time, then typed another way:
        // each query shows what it shows typed into an empty search.
        let typed = ["p", "ph", "pha", "phase", "phase 4", "phase 4x"];
        let erased = [
            "phase 4", "phase ", "phase", "ph", "p", "", "7", "70", "7031", "703",
        ];
        for query in typed.iter().chain(&erased) {
            picker.set_query(query);
            assert_eq!(shown(&picker), scored_in_full(&entries, query), "{query:?}");
            let mut fresh = Picker::new(entries.clone());
            fresh.set_query(query);
            assert_eq!(shown(&picker), shown(&fresh), "{query:?}");
        }
    }

    #[test]
    fn the_selection_reaches_unscored_matches_in_order() {
        let entries = library(6_000);
        let mut picker = Picker::new(entries.clone());
        for query in ["e", "s", "phase"] {
            picker.set_query(query);
            let expected = scored_in_full(&entries, query);
            assert!(
                expected.len() > 2 * SORTED_AHEAD,
                "{query:?}: {}",
                expected.len()
            );
            picker.move_by(2 * SORTED_AHEAD as isize);
            assert_eq!(
                picker.selected_entry().unwrap().symptom_id(),
                expected[2 * SORTED_AHEAD],
                "{query:?}"
            );
            assert_eq!(shown(&picker), expected, "{query:?}");
            picker.set_query("");
        }
    }

    #[test]
    fn a_word_matches_when_its_letters_come_in_order() {
        assert!(is_subsequence(b"phs", b"the phase"));
        assert!(!is_subsequence(b"psh", b"the phase"));
        assert!(is_subsequence(b"", b"anything"));
        assert!(!is_subsequence(b"a", b""));
    }
}
