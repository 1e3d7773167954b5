//! The symptom picker's model: every symptom of every tree, filtered fuzzily
//! as the operator types.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};

use crate::tree::Library;

/// One entry point of one tree, as the picker lists it.
#[derive(Debug, Clone)]
pub struct SymptomEntry {
    /// Index of the tree in the library.
    pub tree: usize,
    pub tree_id: String,
    pub symptom_id: String,
    pub text: String,
    pub articles: Vec<String>,
    /// What the search looks in: text, keywords and article numbers.
    haystack: Utf32String,
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
        SymptomEntry {
            tree,
            tree_id: tree_id.to_string(),
            symptom_id: symptom_id.to_string(),
            text: text.to_string(),
            articles,
            haystack: Utf32String::from(haystack.as_str()),
        }
    }
}

pub struct Picker {
    entries: Vec<SymptomEntry>,
    query: String,
    /// Indices into `entries`, best match first.
    matches: Vec<usize>,
    /// Position in `matches`.
    pub selected: usize,
    /// One matcher per scoring thread.
    matchers: [Matcher; 2],
    /// The query as parsed, and a matcher for highlighting what matched in
    /// the rows drawn (drawing has only a shared reference).
    pattern: Option<Pattern>,
    highlighter: std::cell::RefCell<Matcher>,
}

/// Below this many candidates one thread scores them all.
const PARALLEL_FROM: usize = 2_000;

/// Characters with a meaning in a nucleo pattern (negation, anchors, exact
/// match, escapes): with them, a longer query need not match fewer entries.
const PATTERN_SYNTAX: &[char] = &['!', '^', '$', '\'', '\\'];

impl Picker {
    pub fn from_library(lib: &Library) -> Picker {
        let mut entries = Vec::new();
        for (i, e) in lib.entries().iter().enumerate() {
            let t = &e.summary;
            for s in &t.symptoms {
                entries.push(SymptomEntry::new(
                    i,
                    &t.id,
                    &s.id,
                    &s.text,
                    &s.keywords,
                    s.articles.clone(),
                ));
            }
        }
        Picker::new(entries)
    }

    pub fn new(entries: Vec<SymptomEntry>) -> Picker {
        let matches = (0..entries.len()).collect();
        Picker {
            entries,
            query: String::new(),
            matches,
            selected: 0,
            matchers: [Matcher::new(Config::DEFAULT), Matcher::new(Config::DEFAULT)],
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
        self.matches.iter().map(|&i| &self.entries[i])
    }

    pub fn match_count(&self) -> usize {
        self.matches.len()
    }

    pub fn selected_entry(&self) -> Option<&SymptomEntry> {
        self.matches.get(self.selected).map(|&i| &self.entries[i])
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
            self.matches = (0..self.entries.len()).collect();
            self.pattern = None;
            return;
        }
        let candidates: Vec<usize> = if narrows {
            std::mem::take(&mut self.matches)
        } else {
            (0..self.entries.len()).collect()
        };
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let entries = &self.entries;
        let score = |matcher: &mut Matcher, part: &[usize]| -> Vec<(u32, usize)> {
            part.iter()
                .filter_map(|&i| {
                    pattern
                        .score(entries[i].haystack.slice(..), matcher)
                        .map(|s| (s, i))
                })
                .collect()
        };
        let mut scored = if candidates.len() < PARALLEL_FROM {
            score(&mut self.matchers[0], &candidates)
        } else {
            let (a, b) = candidates.split_at(candidates.len() / 2);
            let [m0, m1] = &mut self.matchers;
            std::thread::scope(|scope| {
                let other = scope.spawn(|| score(m1, b));
                let mut mine = score(m0, a);
                mine.extend(other.join().expect("scoring does not panic"));
                mine
            })
        };
        // Best score first; ties keep the library's order.
        scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        self.matches = scored.into_iter().map(|(_, i)| i).collect();
        self.pattern = Some(pattern);
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
    }

    pub fn select_last(&mut self) {
        self.selected = self.matches.len().saturating_sub(1);
    }
}
