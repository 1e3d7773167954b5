//! The symptom picker's model: every symptom of every tree, filtered fuzzily
//! as the operator types.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::library::Library;

mod ceiling;

mod order;

mod rows;

use ceiling::Ceiling;
use order::{GREEDY_FROM, SORTED_AHEAD, Scoring};
pub use rows::SymptomRow;
use rows::{RowSource, Rows};

/// One entry point of one tree, built by hand (the library's symptoms go
/// straight into the picker's rows without one).
#[derive(Debug, Clone)]
pub struct SymptomEntry {
    /// Index of the tree in the library.
    pub tree: usize,
    pub tree_id: String,
    pub symptom_id: String,
    pub text: String,
    pub keywords: Vec<String>,
    pub articles: Vec<String>,
    /// Drafts rank after hand-authored trees.
    pub draft: bool,
    /// A draft of an article that a hand-written tree covers: its matches
    /// come after every match from a hand-written tree.
    pub outranked: bool,
    /// The tree's title, lowercase, when it ranks the symptom.
    title: Option<String>,
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
        SymptomEntry {
            tree,
            tree_id: tree_id.to_string(),
            symptom_id: symptom_id.to_string(),
            text: text.to_string(),
            keywords: keywords.to_vec(),
            articles,
            draft: false,
            outranked: false,
            title: None,
        }
    }

    /// Adds the tree's title to what ranks a match higher (a title shared by
    /// every symptom of a tree is no reason to match any of them), and
    /// whether the tree is a draft.
    pub fn in_tree(mut self, title: &str, draft: bool) -> SymptomEntry {
        self.title = Some(title.to_lowercase());
        self.draft = draft;
        self
    }

    fn source(&self) -> RowSource<'_, String> {
        RowSource {
            tree: self.tree,
            tree_id: &self.tree_id,
            symptom_id: &self.symptom_id,
            text: &self.text,
            keywords: &self.keywords,
            articles: &self.articles,
            title_lowercase: self.title.as_deref(),
            draft: self.draft,
            outranked: self.outranked,
        }
    }
}

/// How a match ranks besides its fuzzy score, best first: an exact code
/// (`7031`, `c0000001`) as a whole word; then every match but drafts of
/// articles a hand-written tree covers; then every word of the query
/// written out (a phrase the operator copied beats letters scattered over a
/// longer text); then hand-authored before drafts; then every word among
/// keywords or the title.
fn rank(rows: &Rows, i: usize, query: &Query) -> u64 {
    rank_written(rows, i, query, query.all_in(rows.lower(i)))
}

/// As [`rank`], whether every word is written out already known.
fn rank_written(rows: &Rows, i: usize, query: &Query, written: bool) -> u64 {
    let code = query
        .code
        .as_ref()
        .is_some_and(|c| has_word(rows.lower_text(i), c));
    let titled = query.all_in_titles(rows, i);
    u64::from(!code) << 4
        | u64::from(rows.outranked(i)) << 3
        | u64::from(!written) << 2
        | u64::from(rows.draft(i)) << 1
        | u64::from(!titled)
}

/// The query as ranking sees it.
struct Query {
    /// The query when it is one word with a digit in it: an error code or
    /// event id, with its searcher.
    code: Option<memchr::memmem::Finder<'static>>,
    /// Its words, lowercase, each with its searcher built once for every
    /// entry (a plain `contains` builds one per call).
    words: Vec<memchr::memmem::Finder<'static>>,
    /// Every byte of the words (see [`rows::letters_of`]).
    letters: u64,
    /// Every word is one letter or digit, which a row's set of bytes holds
    /// exactly when the row holds the word.
    one_letter_words: bool,
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
        let letters = words
            .iter()
            .fold(0, |set, w| set | rows::letters_of(w.needle()));
        let one_letter_words = words.iter().all(|w| is_one_letter_or_digit(w.needle()));
        Query {
            code,
            words,
            letters,
            one_letter_words,
        }
    }

    /// As [`Query::all_in`] over the row's keywords and title; most rows
    /// are answered by their set of bytes there, without reading them.
    fn all_in_titles(&self, rows: &Rows, i: usize) -> bool {
        if self.words.is_empty() || rows.title_letters(i) & self.letters != self.letters {
            return false;
        }
        self.one_letter_words || self.all_in(rows.titles(i))
    }

    /// Whether every word occurs in `text` as written; false for a query
    /// of no words.
    fn all_in(&self, text: &[u8]) -> bool {
        !self.words.is_empty() && self.words.iter().all(|w| w.find(text).is_some())
    }

    /// Whether the words are `plain`, in the same order: then a word
    /// found as written needs no test of its letters in order.
    fn same_words(&self, plain: &[Vec<u8>]) -> bool {
        self.words.len() == plain.len()
            && self.words.iter().zip(plain).all(|(w, p)| w.needle() == p)
    }
}

/// Whether a word (lowercase) is one letter or digit: a set of bytes (see
/// [`rows::letters_of`]) gives each of those a bit of its own.
fn is_one_letter_or_digit(word: &[u8]) -> bool {
    matches!(word, [b'a'..=b'z' | b'0'..=b'9'])
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
    type Item = SymptomRow<'p>;

    fn next(&mut self) -> Option<SymptomRow<'p>> {
        let p = self.picker;
        let (_, i) = if self.at < p.sorted {
            *p.matches.get(self.at)?
        } else {
            let tail = self.tail.get_or_insert_with(|| {
                let mut tail = p.matches[p.sorted..].to_vec();
                p.tail()
                    .finish(&mut tail, &p.rows, &mut Matcher::new(Config::DEFAULT));
                tail
            });
            *tail.get(self.at - p.sorted)?
        };
        self.at += 1;
        Some(p.rows.get(i))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.picker.matches.len().saturating_sub(self.at);
        (left, Some(left))
    }
}

impl ExactSizeIterator for Matches<'_> {}

pub struct Picker {
    rows: Rows,
    query: String,
    /// The matches as (sort key, index into `rows`), best first up to
    /// `sorted`; the rest all rank below those, in no order until the
    /// selection comes near them.
    matches: Vec<(u64, usize)>,
    sorted: usize,
    /// Matches from here on hold their rank alone, not yet a score: they
    /// all rank below the ones before.
    scored: usize,
    /// Whether this query's fuzzy words are scored greedily.
    greedy: bool,
    /// Every match of the query as (rank, index), in the library's order:
    /// where the next query looks when it extends this one.
    ranked: Vec<(u64, usize)>,
    /// A buffer kept from one keystroke to the next: fresh memory of its
    /// size costs a page fault every few entries.
    spare: Vec<(u64, usize)>,
    /// Position in `matches`.
    pub selected: usize,
    matcher: Matcher,
    /// One matcher per other core a search runs on (see
    /// [`Filter::keep_on_every_core`]).
    other_matchers: Vec<Matcher>,
    /// The query as parsed, and a matcher for highlighting what matched in
    /// the rows drawn (drawing has only a shared reference).
    pattern: Option<Pattern>,
    /// The best score a match of the query can get, for a plain query.
    ceiling: Option<Ceiling>,
    highlighter: std::cell::RefCell<Matcher>,
}

/// Every entry, as unscored matches in the library's order.
fn all_of(rows: &Rows, mut into: Vec<(u64, usize)>) -> Vec<(u64, usize)> {
    into.clear();
    into.extend((0..rows.len()).map(|i| (i as u64, i)));
    into
}

/// The matches from `sorted` on, and how to score the unscored among them.
struct Tail<'a> {
    pattern: Option<&'a Pattern>,
    greedy: bool,
    ceiling: Option<&'a Ceiling>,
    /// Position, within the tail, of the first unscored match.
    unscored_from: usize,
}

impl Tail<'_> {
    /// Scores what is unscored in `tail` and sorts it all.
    fn finish(&self, tail: &mut [(u64, usize)], rows: &Rows, matcher: &mut Matcher) {
        match self.pattern {
            Some(pattern) => {
                let scoring = Scoring {
                    pattern,
                    greedy: self.greedy,
                    ceiling: self.ceiling,
                };
                order::finish(tail, self.unscored_from, rows, &scoring, matcher);
            }
            None => tail.sort_unstable(),
        }
    }
}

/// Characters with a meaning in a nucleo pattern (negation, anchors, exact
/// match, escapes): with them, a longer query need not match fewer entries.
const PATTERN_SYNTAX: &[char] = &['!', '^', '$', '\'', '\\'];

impl Picker {
    /// Every symptom of every tree, copied once into the picker's shared
    /// buffers.
    pub fn from_library(lib: &Library) -> Picker {
        let hand_written: std::collections::HashSet<&str> = lib
            .entries()
            .iter()
            .filter(|e| !e.summary.draft)
            .flat_map(|e| e.summary.articles.iter().map(|a| &*a.id))
            .collect();
        let count = lib.entries().iter().map(|e| e.summary.symptoms.len()).sum();
        let mut rows = Rows::with_capacity(count, 0);
        let mut title = String::new();
        for (i, e) in lib.entries().iter().enumerate() {
            let t = &e.summary;
            // Lowered once per tree: its symptoms share it.
            title.clear();
            title.push_str(&t.title.to_lowercase());
            for s in &t.symptoms {
                rows.push(RowSource {
                    tree: i,
                    tree_id: &t.id,
                    symptom_id: &s.id,
                    text: &s.text,
                    keywords: &s.keywords,
                    articles: &s.articles,
                    title_lowercase: Some(&title),
                    draft: t.draft,
                    outranked: t.draft && s.articles.iter().any(|a| hand_written.contains(&**a)),
                });
            }
            if i == 0 {
                // Growing the buffers a doubling at a time would copy them
                // and touch fresh memory again each time.
                rows.reserve_like_so_far(count);
            }
        }
        Picker::of_rows(rows)
    }

    pub fn new(entries: Vec<SymptomEntry>) -> Picker {
        Picker::of_rows(Rows::of_entries(&entries))
    }

    fn of_rows(rows: Rows) -> Picker {
        let matches = all_of(&rows, Vec::new());
        Picker {
            sorted: matches.len(),
            scored: matches.len(),
            greedy: false,
            ranked: Vec::new(),
            spare: Vec::new(),
            rows,
            query: String::new(),
            matches,
            selected: 0,
            matcher: Matcher::new(Config::DEFAULT),
            other_matchers: Vec::new(),
            pattern: None,
            ceiling: None,
            highlighter: std::cell::RefCell::new(Matcher::new(Config::DEFAULT)),
        }
    }

    pub fn query(&self) -> &str {
        &self.query
    }

    /// How many symptoms there are to pick from.
    pub fn symptom_count(&self) -> usize {
        self.rows.len()
    }

    /// The entries that match, best first.
    pub fn matches(&self) -> impl ExactSizeIterator<Item = SymptomRow<'_>> {
        Matches {
            picker: self,
            at: 0,
            tail: None,
        }
    }

    pub fn match_count(&self) -> usize {
        self.matches.len()
    }

    pub fn selected_entry(&self) -> Option<SymptomRow<'_>> {
        self.matches
            .get(self.selected)
            .map(|&(_, i)| self.rows.get(i))
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
            self.matches = all_of(&self.rows, std::mem::take(&mut self.matches));
            self.sorted = self.matches.len();
            self.scored = self.matches.len();
            self.pattern = None;
            self.ceiling = None;
            return;
        }
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let plain = order::plain_words(query, PATTERN_SYNTAX);
        let ranking = Query::new(query);
        let filter = Filter {
            rows: &self.rows,
            pattern: &pattern,
            plain: plain.as_deref(),
            plain_letters: plain.as_deref().map_or(0, |words| {
                words.iter().fold(0, |set, w| set | rows::letters_of(w))
            }),
            ranking: &ranking,
        };
        // Membership first, with the cheap test where it is exact; a greedy
        // match exists exactly when the best one does.
        let mut ranked = std::mem::take(&mut self.spare);
        ranked.clear();
        let candidates = if narrows {
            Candidates::Last(&self.ranked)
        } else {
            Candidates::All(self.rows.len())
        };
        filter.keep_on_every_core(
            candidates,
            &mut ranked,
            &mut self.matcher,
            &mut self.other_matchers,
        );
        let greedy = ranked.len() >= GREEDY_FROM;
        let ceiling = plain.as_deref().map(Ceiling::of);
        let scoring = Scoring {
            pattern: &pattern,
            greedy,
            ceiling: ceiling.as_ref(),
        };
        let last = std::mem::take(&mut self.matches);
        let arranged = order::arrange(&ranked, last, &self.rows, &scoring, &mut self.matcher);
        self.spare = std::mem::replace(&mut self.ranked, ranked);
        self.matches = arranged.matches;
        self.sorted = arranged.sorted;
        self.scored = arranged.scored;
        self.greedy = greedy;
        self.pattern = Some(pattern);
        self.ceiling = ceiling;
    }

    /// What it takes to put the matches from `sorted` on in order.
    fn tail(&self) -> Tail<'_> {
        Tail {
            pattern: self.pattern.as_ref(),
            greedy: self.greedy,
            ceiling: self.ceiling.as_ref(),
            unscored_from: self.scored - self.sorted,
        }
    }

    /// The positions (in chars) of the entry's text that the query matched,
    /// for highlighting; empty without a query. Each word of the query is
    /// looked for in the text alone: it may have matched a keyword instead.
    pub fn highlights(&self, entry: &SymptomRow<'_>) -> Vec<usize> {
        let Some(pattern) = &self.pattern else {
            return Vec::new();
        };
        let mut buf = Vec::new();
        let text = Utf32Str::new(entry.text(), &mut buf);
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
                ceiling: self.ceiling.as_ref(),
                unscored_from: self.scored - self.sorted,
            };
            tail.finish(
                &mut self.matches[self.sorted..],
                &self.rows,
                &mut self.matcher,
            );
            self.sorted = self.matches.len();
            self.scored = self.matches.len();
        }
    }
}

/// Which rows a query matches, and how each ranks.
struct Filter<'a> {
    rows: &'a Rows,
    pattern: &'a Pattern,
    /// The query's words, when the cheap membership test is exact for it.
    plain: Option<&'a [Vec<u8>]>,
    /// Every byte of those words (see [`rows::letters_of`]).
    plain_letters: u64,
    ranking: &'a Query,
}

/// The rows a query looks among.
#[derive(Clone, Copy)]
enum Candidates<'a> {
    /// Every row, `0..n`.
    All(usize),
    /// The matches of the query it extends.
    Last(&'a [(u64, usize)]),
}

/// Each thread a search runs on gets this many candidates at least: starting
/// one (tens of microseconds) costs more than it saves on fewer. The order
/// tests' 6,000 symptoms are enough for two.
const ROWS_PER_THREAD: usize = 2_048;

impl Filter<'_> {
    /// As [`Filter::keep`], the candidates cut into one stretch per core
    /// when there are many (see [`ROWS_PER_THREAD`]): the first on this
    /// thread with `matcher`, each other with one of `others`. With
    /// thousands of trees, a keystroke's search spends most of its time
    /// ranking rows, each on its own.
    fn keep_on_every_core(
        &self,
        candidates: Candidates<'_>,
        out: &mut Vec<(u64, usize)>,
        matcher: &mut Matcher,
        others: &mut Vec<Matcher>,
    ) {
        let count = match candidates {
            Candidates::All(n) => n,
            Candidates::Last(last) => last.len(),
        };
        // Asked once: the answer reads files (cgroup limits) on Linux.
        static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
        let cores =
            *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from));
        let parts = cores.min(count / ROWS_PER_THREAD).max(1);
        while others.len() + 1 < parts {
            others.push(Matcher::new(Config::DEFAULT));
        }
        let stretch = count.div_ceil(parts).max(1);
        let keep = |part: usize, out: &mut Vec<(u64, usize)>, matcher: &mut Matcher| {
            let range = (part * stretch).min(count)..((part + 1) * stretch).min(count);
            match candidates {
                Candidates::All(_) => self.keep(range, out, matcher),
                Candidates::Last(last) => {
                    self.keep(last[range].iter().map(|&(_, i)| i), out, matcher)
                }
            }
        };
        if parts == 1 {
            keep(0, out, matcher);
            return;
        }
        std::thread::scope(|scope| {
            let keep = &keep;
            let handles: Vec<_> = others[..parts - 1]
                .iter_mut()
                .enumerate()
                .map(|(n, matcher)| {
                    scope.spawn(move || {
                        let mut found = Vec::new();
                        keep(n + 1, &mut found, matcher);
                        found
                    })
                })
                .collect();
            keep(0, out, matcher);
            for handle in handles {
                match handle.join() {
                    Ok(found) => out.extend(found),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
        });
    }

    /// Appends (rank, index) of each of `candidates` that matches to `out`,
    /// in the order given.
    fn keep(
        &self,
        candidates: impl Iterator<Item = usize>,
        out: &mut Vec<(u64, usize)>,
        matcher: &mut Matcher,
    ) {
        let rows = self.rows;
        let letters = rows.letters();
        let same_words = self.plain.is_some_and(|p| self.ranking.same_words(p));
        for i in candidates {
            match self.plain {
                Some(words) if rows.is_ascii(i) => {
                    // Most rows lack a letter of a rare word: ruled out
                    // without reading their text.
                    if letters[i] & self.plain_letters != self.plain_letters {
                        continue;
                    }
                    let lower = rows.lower(i);
                    if same_words {
                        // A word written out is also there letter by letter.
                        let mut written = true;
                        let found = words.iter().zip(&self.ranking.words).all(|(w, f)| {
                            // The test above found a letter or digit alone.
                            is_one_letter_or_digit(w) || f.find(lower).is_some() || {
                                written = false;
                                order::is_subsequence(w, lower)
                            }
                        });
                        if found {
                            out.push((rank_written(rows, i, self.ranking, written), i));
                        }
                    } else if words.iter().all(|w| order::is_subsequence(w, lower)) {
                        out.push((rank(rows, i, self.ranking), i));
                    }
                }
                _ => {
                    if order::score_greedy(self.pattern, rows.haystack(i), matcher).is_some() {
                        out.push((rank(rows, i, self.ranking), i));
                    }
                }
            }
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

    #[test]
    fn keywords_and_title_hold_a_query_by_their_bytes_as_by_reading_them() {
        let entries = [
            entry(0, "Phase 4", &["event 7031", "Zürich"]).in_tree("SMS sites", false),
            entry(1, "no keywords", &[]).in_tree("Printers — é", true),
            entry(2, "no title", &["c0000001", "PXE boot"]),
            entry(3, "text only", &[]),
            entry(4, "Ärger", &["naïve café"]).in_tree("Sync Q4567", false),
        ];
        let rows = Rows::of_entries(&entries);
        let queries = [
            "p", "s", "7", "z", "x", "q", "é", "ü", "sms", "7031", "7 s", "e 7", "c0000001",
            "pxe b", "café", "zürich", "naïve", "sync q", "q4567", "", "  ", "| p",
        ];
        for query in queries {
            let q = Query::new(query);
            for i in 0..rows.len() {
                assert_eq!(
                    q.all_in_titles(&rows, i),
                    q.all_in(rows.titles(i)),
                    "{query:?} in {:?}",
                    String::from_utf8_lossy(rows.titles(i))
                );
            }
        }
    }

    fn ranked(picker: &mut Picker, query: &str) -> Vec<String> {
        picker.set_query(query);
        picker
            .matches()
            .map(|e| e.symptom_id().to_string())
            .collect()
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
    fn a_row_shows_the_symptom_its_tree_and_articles_as_given() {
        let keywords = ["7031".to_string()];
        let articles = vec!["Q183347".to_string(), "Q163379".to_string()];
        let mut picker = Picker::new(vec![
            SymptomEntry::new(
                4,
                "tree-a",
                "first",
                "Phase 4 Complete",
                &keywords,
                articles,
            )
            .in_tree("Sites", true),
            SymptomEntry::new(5, "tree-b", "second", "Ärger im Büro", &[], Vec::new()),
        ]);
        assert_eq!(picker.symptom_count(), 2);
        let first = picker.selected_entry().unwrap();
        assert_eq!(
            (
                first.tree(),
                first.tree_id(),
                first.symptom_id(),
                first.text()
            ),
            (4, "tree-a", "first", "Phase 4 Complete")
        );
        assert_eq!(
            (first.articles(), first.draft()),
            ("Q183347, Q163379", true)
        );
        picker.set_query("ärger");
        let second = picker.selected_entry().unwrap();
        assert_eq!(
            (second.tree(), second.tree_id(), second.text()),
            (5, "tree-b", "Ärger im Büro")
        );
        assert_eq!((second.articles(), second.draft()), ("", false));
        // An article is searched; the title only ranks what matches.
        assert_eq!(ranked(&mut picker, "q163379"), ["first"]);
        assert_eq!(ranked(&mut picker, "sites"), Vec::<String>::new());
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
            picker.selected_entry().unwrap().symptom_id(),
            expected[2 * SORTED_AHEAD]
        );
        picker.select_last();
        assert_eq!(
            picker.selected_entry().unwrap().symptom_id(),
            expected[n - 1]
        );
        assert_eq!(ranked(&mut picker, "7031 "), expected);
    }
}
