//! The symptom picker's model: every symptom of every tree, filtered fuzzily
//! as the operator types.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};

use crate::library::Library;

mod order;

use order::{GREEDY_FROM, SORTED_AHEAD, Scoring};

/// One entry point of one tree, as the picker lists it.
#[derive(Debug, Clone)]
pub struct SymptomEntry {
    /// Index of the tree in the library.
    pub tree: usize,
    pub tree_id: String,
    pub symptom_id: String,
    pub text: String,
    pub articles: Vec<String>,
    /// Drafts rank after hand-authored trees.
    pub draft: bool,
    /// A draft of an article that a hand-written tree covers: its matches
    /// come after every match from a hand-written tree.
    pub outranked: bool,
    /// What the search looks in: text, keywords and article numbers.
    haystack: Utf32String,
    /// The same, lowercase, for exact codes.
    words: String,
    /// Keywords and the tree's title, lowercase: a hit here ranks above one
    /// in the text alone.
    titles: String,
}

impl SymptomEntry {
    pub fn new(
        tree: usize,
        tree_id: &str,
        symptom_id: &str,
        text: &str,
        keywords: &[String],
        articles: Vec<String>,
    ) -> SymptomEntry {
        // Ids stay out: they repeat the text, and a longer haystack is slower
        // to match. ASCII separators keep an ASCII haystack on nucleo's fast path.
        let haystack = format!("{text} | {} | {}", keywords.join(" | "), articles.join(" "));
        let words = haystack.to_lowercase();
        SymptomEntry {
            tree,
            tree_id: tree_id.to_string(),
            symptom_id: symptom_id.to_string(),
            text: text.to_string(),
            articles,
            draft: false,
            outranked: false,
            words,
            haystack: Utf32String::from(haystack.as_str()),
            titles: keywords.join(" | ").to_lowercase(),
        }
    }

    /// Adds the tree's title to what ranks a match higher (a title shared by
    /// every symptom of a tree is no reason to match any of them), and
    /// whether the tree is a draft.
    pub fn in_tree(self, title: &str, draft: bool) -> SymptomEntry {
        self.in_tree_lowercase(&title.to_lowercase(), draft)
    }

    /// As [`SymptomEntry::in_tree`], the title already lowercase: a tree's
    /// symptoms share it, so it is lowered once per tree.
    fn in_tree_lowercase(mut self, title: &str, draft: bool) -> SymptomEntry {
        self.titles.reserve(3 + title.len());
        self.titles.push_str(" | ");
        self.titles.push_str(title);
        self.draft = draft;
        self
    }

    /// Whether the text searched is ASCII, for which the cheap membership
    /// test is exact.
    fn is_ascii(&self) -> bool {
        matches!(self.haystack, Utf32String::Ascii(_))
    }

    /// How a match ranks besides its fuzzy score, best first: an exact code
    /// (`7031`, `c0000001`) as a whole word; then every match but drafts of
    /// articles a hand-written tree covers; then every word of the query
    /// written out (a phrase the operator copied beats letters scattered
    /// over a longer text); then hand-authored before drafts; then every
    /// word among keywords or the title.
    fn rank(&self, query: &Query) -> u64 {
        let code = query
            .code
            .as_ref()
            .is_some_and(|c| has_word(&self.words, c));
        let all_words = |text: &str| {
            !query.words.is_empty()
                && query
                    .words
                    .iter()
                    .all(|w| w.find(text.as_bytes()).is_some())
        };
        let written = all_words(&self.words);
        let titled = all_words(&self.titles);
        u64::from(!code) << 4
            | u64::from(self.outranked) << 3
            | u64::from(!written) << 2
            | u64::from(self.draft) << 1
            | u64::from(!titled)
    }
}

/// The query as ranking sees it.
struct Query {
    /// The query when it is one word with a digit in it: an error code or
    /// event id, with its searcher.
    code: Option<memchr::memmem::Finder<'static>>,
    /// Its words, lowercase, each with its searcher built once for every
    /// entry (a plain `contains` builds one per call).
    words: Vec<memchr::memmem::Finder<'static>>,
}

impl Query {
    fn new(query: &str) -> Query {
        let lower = query.trim().to_lowercase();
        let words: Vec<_> = lower
            .split_whitespace()
            .map(|w| memchr::memmem::Finder::new(w).into_owned())
            .collect();
        let code = (words.len() == 1 && lower.chars().any(|c| c.is_ascii_digit()))
            .then(|| memchr::memmem::Finder::new(&lower).into_owned());
        Query { code, words }
    }
}

/// Whether `word` occurs in `text` with no letter or digit either side.
fn has_word(text: &str, word: &memchr::memmem::Finder<'_>) -> bool {
    let len = word.needle().len();
    word.find_iter(text.as_bytes()).any(|at| {
        // The word is whole characters, so both ends are character boundaries.
        let before = text[..at].chars().next_back();
        let after = text[at + len..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The matches in order: the sorted ones as they are, the rest put in
/// order (a copy) only if the iteration gets that far.
struct Matches<'p> {
    picker: &'p Picker,
    at: usize,
    tail: Option<Vec<(u64, usize)>>,
}

impl<'p> Iterator for Matches<'p> {
    type Item = &'p SymptomEntry;

    fn next(&mut self) -> Option<&'p SymptomEntry> {
        let p = self.picker;
        let (_, i) = if self.at < p.sorted {
            *p.matches.get(self.at)?
        } else {
            let tail = self.tail.get_or_insert_with(|| {
                let mut tail = p.matches[p.sorted..].to_vec();
                p.tail()
                    .finish(&mut tail, &p.entries, &mut Matcher::new(Config::DEFAULT));
                tail
            });
            *tail.get(self.at - p.sorted)?
        };
        self.at += 1;
        Some(&p.entries[i])
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.picker.matches.len().saturating_sub(self.at);
        (left, Some(left))
    }
}

impl ExactSizeIterator for Matches<'_> {}

pub struct Picker {
    entries: Vec<SymptomEntry>,
    query: String,
    /// The matches as (sort key, index into `entries`), best first up to
    /// `sorted`; the rest all rank below those, in no order until the
    /// selection comes near them.
    matches: Vec<(u64, usize)>,
    sorted: usize,
    /// Matches from here on hold their rank alone, not yet a score: they
    /// all rank below the ones before.
    scored: usize,
    /// Whether this query's fuzzy words are scored greedily.
    greedy: bool,
    /// Buffers kept from one keystroke to the next.
    candidates: Vec<usize>,
    ranked: Vec<(u64, usize)>,
    /// Position in `matches`.
    pub selected: usize,
    matcher: Matcher,
    /// The query as parsed, and a matcher for highlighting what matched in
    /// the rows drawn (drawing has only a shared reference).
    pattern: Option<Pattern>,
    highlighter: std::cell::RefCell<Matcher>,
}

/// Every entry, as unscored matches in the library's order.
fn all_of(entries: &[SymptomEntry]) -> Vec<(u64, usize)> {
    (0..entries.len()).map(|i| (i as u64, i)).collect()
}

/// The matches from `sorted` on, and how to score the unscored among them.
struct Tail<'a> {
    pattern: Option<&'a Pattern>,
    greedy: bool,
    /// Position, within the tail, of the first unscored match.
    unscored_from: usize,
}

impl Tail<'_> {
    /// Scores what is unscored in `tail` and sorts it all.
    fn finish(&self, tail: &mut [(u64, usize)], entries: &[SymptomEntry], matcher: &mut Matcher) {
        match self.pattern {
            Some(pattern) => {
                let scoring = Scoring {
                    pattern,
                    greedy: self.greedy,
                    ceiling: None,
                };
                order::finish(tail, self.unscored_from, entries, &scoring, matcher);
            }
            None => tail.sort_unstable(),
        }
    }
}

/// Characters with a meaning in a nucleo pattern (negation, anchors, exact
/// match, escapes): with them, a longer query need not match fewer entries.
const PATTERN_SYNTAX: &[char] = &['!', '^', '$', '\'', '\\'];

impl Picker {
    pub fn from_library(lib: &Library) -> Picker {
        let mut entries = Vec::new();
        let hand_written: std::collections::HashSet<&str> = lib
            .entries()
            .iter()
            .filter(|e| !e.summary.draft)
            .flat_map(|e| e.summary.articles.iter().map(|a| a.id.as_str()))
            .collect();
        for (i, e) in lib.entries().iter().enumerate() {
            let t = &e.summary;
            let title = t.title.to_lowercase();
            for s in &t.symptoms {
                let mut entry =
                    SymptomEntry::new(i, &t.id, &s.id, &s.text, &s.keywords, s.articles.clone())
                        .in_tree_lowercase(&title, t.draft);
                entry.outranked =
                    t.draft && s.articles.iter().any(|a| hand_written.contains(a.as_str()));
                entries.push(entry);
            }
        }
        Picker::new(entries)
    }

    pub fn new(entries: Vec<SymptomEntry>) -> Picker {
        let matches = all_of(&entries);
        Picker {
            sorted: matches.len(),
            scored: matches.len(),
            greedy: false,
            candidates: Vec::new(),
            ranked: Vec::new(),
            entries,
            query: String::new(),
            matches,
            selected: 0,
            matcher: Matcher::new(Config::DEFAULT),
            pattern: None,
            highlighter: std::cell::RefCell::new(Matcher::new(Config::DEFAULT)),
        }
    }

    pub fn query(&self) -> &str {
        &self.query
    }

    pub fn entries(&self) -> &[SymptomEntry] {
        &self.entries
    }

    /// The entries that match, best first.
    pub fn matches(&self) -> impl ExactSizeIterator<Item = &SymptomEntry> {
        Matches {
            picker: self,
            at: 0,
            tail: None,
        }
    }

    pub fn match_count(&self) -> usize {
        self.matches.len()
    }

    pub fn selected_entry(&self) -> Option<&SymptomEntry> {
        self.matches
            .get(self.selected)
            .map(|&(_, i)| &self.entries[i])
    }

    /// Filters for a new query; the best match becomes selected. A query that
    /// extends the last one (the operator typed on) only looks among the
    /// entries that matched before: every one it matches matched then.
    pub fn set_query(&mut self, query: &str) {
        if query == self.query {
            return;
        }
        let narrows = !self.query.trim().is_empty()
            && query.starts_with(&self.query)
            && !query.contains(PATTERN_SYNTAX);
        self.query = query.to_string();
        self.selected = 0;
        if query.trim().is_empty() {
            self.matches = all_of(&self.entries);
            self.sorted = self.matches.len();
            self.scored = self.matches.len();
            self.pattern = None;
            return;
        }
        // The buffers of the last keystroke are reused: fresh memory of
        // their size costs a page fault every few entries.
        let mut candidates = std::mem::take(&mut self.candidates);
        candidates.clear();
        if narrows {
            // In the library's order: memory is read front to back.
            candidates.extend(self.matches.iter().map(|&(_, i)| i));
            candidates.sort_unstable();
        } else {
            candidates.extend(0..self.entries.len());
        }
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let plain = order::plain_words(query, PATTERN_SYNTAX);
        let ranking = Query::new(query);
        let entries = &self.entries;
        let matcher = &mut self.matcher;
        // Membership first, with the cheap test where it is exact; a greedy
        // match exists exactly when the best one does.
        let mut ranked = std::mem::take(&mut self.ranked);
        ranked.clear();
        ranked.extend(
            candidates
                .iter()
                .copied()
                .filter(|&i| {
                    let entry = &entries[i];
                    match &plain {
                        Some(words) if entry.is_ascii() => words
                            .iter()
                            .all(|w| order::is_subsequence(w, entry.words.as_bytes())),
                        _ => order::score_greedy(&pattern, entry.haystack.slice(..), matcher)
                            .is_some(),
                    }
                })
                .map(|i| (entries[i].rank(&ranking), i)),
        );
        let greedy = ranked.len() >= GREEDY_FROM;
        let scoring = Scoring {
            pattern: &pattern,
            greedy,
            ceiling: plain.as_deref().map(order::best_possible_score),
        };
        let last = std::mem::take(&mut self.matches);
        let arranged = order::arrange(&ranked, last, entries, &scoring, matcher);
        self.candidates = candidates;
        self.ranked = ranked;
        self.matches = arranged.matches;
        self.sorted = arranged.sorted;
        self.scored = arranged.scored;
        self.greedy = greedy;
        self.pattern = Some(pattern);
    }

    /// What it takes to put the matches from `sorted` on in order.
    fn tail(&self) -> Tail<'_> {
        Tail {
            pattern: self.pattern.as_ref(),
            greedy: self.greedy,
            unscored_from: self.scored - self.sorted,
        }
    }

    /// The positions (in chars) of the entry's text that the query matched,
    /// for highlighting; empty without a query. Each word of the query is
    /// looked for in the text alone: it may have matched a keyword instead.
    pub fn highlights(&self, entry: &SymptomEntry) -> Vec<usize> {
        let Some(pattern) = &self.pattern else {
            return Vec::new();
        };
        let mut buf = Vec::new();
        let text = Utf32Str::new(&entry.text, &mut buf);
        let mut matcher = self.highlighter.borrow_mut();
        let mut indices = Vec::new();
        for atom in &pattern.atoms {
            atom.indices(text, &mut matcher, &mut indices);
        }
        let mut out: Vec<usize> = indices.into_iter().map(|i| i as usize).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    pub fn move_by(&mut self, delta: isize) {
        let n = self.matches.len();
        if n == 0 {
            self.selected = 0;
            return;
        }
        self.selected = self.selected.saturating_add_signed(delta).min(n - 1);
        self.sort_near_selection();
    }

    pub fn select_last(&mut self) {
        self.selected = self.matches.len().saturating_sub(1);
        self.sort_near_selection();
    }

    /// Orders every match once the selection comes near the unordered ones.
    fn sort_near_selection(&mut self) {
        if self.selected + SORTED_AHEAD / 2 > self.sorted {
            let tail = Tail {
                pattern: self.pattern.as_ref(),
                greedy: self.greedy,
                unscored_from: self.scored - self.sorted,
            };
            tail.finish(
                &mut self.matches[self.sorted..],
                &self.entries,
                &mut self.matcher,
            );
            self.sorted = self.matches.len();
            self.scored = self.matches.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: usize, text: &str, keywords: &[&str]) -> SymptomEntry {
        let keywords: Vec<String> = keywords.iter().map(|k| k.to_string()).collect();
        SymptomEntry::new(n, "t", &format!("s{n}"), text, &keywords, Vec::new())
    }

    fn ranked(picker: &mut Picker, query: &str) -> Vec<String> {
        picker.set_query(query);
        picker.matches().map(|e| e.symptom_id.clone()).collect()
    }

    #[test]
    fn an_exact_code_comes_before_the_same_digits_inside_another_number() {
        let mut picker = Picker::new(vec![
            entry(0, "Service stops, event 17031 in the log", &[]),
            entry(1, "Bootstrap service ends unexpectedly", &["event 7031"]),
        ]);
        assert_eq!(ranked(&mut picker, "7031"), ["s1", "s0"]);
        assert_eq!(ranked(&mut picker, "17031"), ["s0"]);
    }

    #[test]
    fn a_keyword_or_title_hit_comes_before_a_hit_in_the_text_alone() {
        let mut picker = Picker::new(vec![
            entry(0, "Pending since the upgrade", &[]),
            entry(1, "Site stuck after install", &["pending"]),
            entry(2, "Clients pending", &[]).in_tree("Pending jobs", false),
            entry(3, "Clients stuck", &[]).in_tree("Pending jobs", false),
        ]);
        let found = ranked(&mut picker, "pending");
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[2], "s0", "{found:?}");
    }

    #[test]
    fn hand_authored_trees_come_before_drafts() {
        let mut picker = Picker::new(vec![
            entry(0, "Despooler cannot find its data", &[]).in_tree("Imported", true),
            entry(1, "Despooler cannot find its data", &[]).in_tree("Written", false),
        ]);
        assert_eq!(ranked(&mut picker, "despooler"), ["s1", "s0"]);
    }

    #[test]
    fn thousands_of_matches_come_in_order_wherever_the_selection_goes() {
        let n = 3 * SORTED_AHEAD;
        let entries = (0..n)
            .map(|i| {
                let event = if i % 7 == 0 { "7031" } else { "17031" };
                entry(i, &format!("Service logs event {event}"), &[])
            })
            .collect();
        let mut picker = Picker::new(entries);
        let expected: Vec<String> = (0..n)
            .filter(|i| i % 7 == 0)
            .chain((0..n).filter(|i| i % 7 != 0))
            .map(|i| format!("s{i}"))
            .collect();
        assert_eq!(ranked(&mut picker, "7031"), expected);
        picker.move_by(2 * SORTED_AHEAD as isize);
        assert_eq!(
            picker.selected_entry().unwrap().symptom_id,
            expected[2 * SORTED_AHEAD]
        );
        picker.select_last();
        assert_eq!(picker.selected_entry().unwrap().symptom_id, expected[n - 1]);
        assert_eq!(ranked(&mut picker, "7031 "), expected);
    }
}
