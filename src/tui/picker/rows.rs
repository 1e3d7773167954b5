//! Every symptom the picker lists, with its display and search text kept
//! back to back in a few shared buffers: building them costs no allocation
//! per symptom, and a search over tens of thousands of them reads memory
//! front to back instead of chasing three strings per symptom.

use nucleo_matcher::Utf32Str;

use super::SymptomEntry;

/// A stretch of one of the shared buffers.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// What `buf` gained since it was `start` long.
    fn since(start: usize, buf: &str) -> Span {
        Span {
            start,
            end: buf.len(),
        }
    }

    fn of(self, buf: &str) -> &str {
        &buf[self.start..self.end]
    }
}

/// One symptom: where its strings are, and what ranks it.
#[derive(Debug, Clone, Copy)]
struct Row {
    /// Index of the tree in the library.
    tree: usize,
    tree_id: Span,
    symptom_id: Span,
    /// The article ids joined with ", ", as the picker shows them.
    articles: Span,
    /// What the search looks in, as written: "text | keywords | articles".
    /// The text shown is its first `text_len` bytes.
    haystack: Span,
    text_len: usize,
    /// The haystack as nucleo sees text that is not ASCII (in `chars`);
    /// `None` when it is ASCII.
    unicode: Option<(usize, usize)>,
}

/// What a search reads of every row, apart from the rest: a full scan
/// then reads a few bytes a row besides the text.
#[derive(Debug, Clone, Copy)]
struct SearchRow {
    /// The haystack lowercase, for exact codes and words, from here to
    /// `titles` in `lower`.
    lower: usize,
    /// Keywords and the tree's title, lowercase, from here to `end` in
    /// `lower`: a hit here ranks above one in the text alone.
    titles: usize,
    end: usize,
    ascii: bool,
    draft: bool,
    outranked: bool,
}

/// What one symptom is made of, borrowed from wherever it comes from: a
/// library's summaries share their strings, entries made one by one own them.
pub(super) struct RowSource<'a, S> {
    pub tree: usize,
    pub tree_id: &'a str,
    pub symptom_id: &'a str,
    pub text: &'a str,
    pub keywords: &'a [S],
    pub articles: &'a [S],
    /// The tree's title, lowercase, if it ranks the symptom.
    pub title_lowercase: Option<&'a str>,
    pub draft: bool,
    pub outranked: bool,
}

/// Every symptom, in the library's order.
#[derive(Default)]
pub(super) struct Rows {
    rows: Vec<Row>,
    search: Vec<SearchRow>,
    /// Haystacks as written, and the ids and articles shown.
    written: String,
    /// Lowercase haystacks and titles.
    lower: String,
    /// Haystacks that are not ASCII, as nucleo's characters.
    chars: Vec<char>,
    /// Per row, which bytes its lowercase haystack holds (see
    /// [`letters_of`]): worked out as the row is lowercased, while its
    /// bytes are at hand, so that no search pays a pass over every row.
    letters: Vec<u64>,
    /// Per row, which bytes its lowercase keywords and title hold: a
    /// query's first letter matches nearly every row, and this answers
    /// whether it is among them without reading them.
    title_letters: Vec<u64>,
}

impl Rows {
    pub fn with_capacity(rows: usize, bytes: usize) -> Rows {
        Rows {
            rows: Vec::with_capacity(rows),
            search: Vec::with_capacity(rows),
            letters: Vec::with_capacity(rows),
            title_letters: Vec::with_capacity(rows),
            written: String::with_capacity(bytes),
            lower: String::with_capacity(bytes),
            ..Rows::default()
        }
    }

    /// Makes room for `total` rows in all, each as long as the rows so far
    /// on average, and a quarter more.
    pub fn reserve_like_so_far(&mut self, total: usize) {
        let so_far = self.rows.len().max(1);
        let left = total.saturating_sub(self.rows.len());
        let room = |len: usize| (len / so_far + 1).saturating_mul(left) / 4 * 5;
        self.written.reserve(room(self.written.len()));
        self.lower.reserve(room(self.lower.len()));
        if !self.chars.is_empty() {
            self.chars.reserve(room(self.chars.len()));
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Appends a symptom. `tree_id` repeats across a tree's symptoms: the
    /// span of the previous row's is reused when it is the same.
    pub fn push<S: AsRef<str>>(&mut self, source: RowSource<'_, S>) {
        let written = &mut self.written;
        let tree_id = match self.rows.last() {
            Some(last) if last.tree_id.of(written) == source.tree_id => last.tree_id,
            _ => {
                let start = written.len();
                written.push_str(source.tree_id);
                Span::since(start, written)
            }
        };
        let start = written.len();
        written.push_str(source.symptom_id);
        let symptom_id = Span::since(start, written);
        let start = written.len();
        push_joined(written, source.articles, ", ");
        let articles = Span::since(start, written);

        // Ids stay out of the haystack: they repeat the text, and a longer
        // haystack is slower to match. ASCII separators keep an ASCII
        // haystack on nucleo's fast path.
        let start = written.len();
        written.push_str(source.text);
        written.push_str(" | ");
        push_joined(written, source.keywords, " | ");
        written.push_str(" | ");
        push_joined(written, source.articles, " ");
        let haystack = Span::since(start, written);
        let text = haystack.of(written);

        let lower = &mut self.lower;
        let start = lower.len();
        let ascii = text.is_ascii();
        let letters = if ascii {
            lower.push_str(text);
            lower[start..].make_ascii_lowercase();
            letters_of(&lower.as_bytes()[start..])
        } else {
            lower.push_str(&text.to_lowercase());
            // Normalisation lets a query letter match another character:
            // no byte can be ruled out.
            u64::MAX
        };
        self.letters.push(letters);
        let titles = lower.len();
        push_joined(lower, source.keywords, " | ");
        lower_tail(lower, titles);
        if let Some(title) = source.title_lowercase {
            lower.push_str(" | ");
            lower.push_str(title);
        }
        self.title_letters
            .push(letters_of(&lower.as_bytes()[titles..]));
        self.search.push(SearchRow {
            lower: start,
            titles,
            end: lower.len(),
            ascii,
            draft: source.draft,
            outranked: source.outranked,
        });

        let unicode = (!ascii).then(|| {
            let start = self.chars.len();
            self.chars.extend(nucleo_matcher::chars::graphemes(text));
            (start, self.chars.len())
        });
        self.rows.push(Row {
            tree: source.tree,
            tree_id,
            symptom_id,
            articles,
            haystack,
            text_len: source.text.len(),
            unicode,
        });
    }

    /// The haystack as nucleo matches and scores it.
    pub fn haystack(&self, i: usize) -> Utf32Str<'_> {
        let row = &self.rows[i];
        match row.unicode {
            None => Utf32Str::Ascii(row.haystack.of(&self.written).as_bytes()),
            Some((start, end)) => Utf32Str::Unicode(&self.chars[start..end]),
        }
    }

    /// Whether the haystack is ASCII, for which the cheap membership test
    /// is exact.
    pub fn is_ascii(&self, i: usize) -> bool {
        self.search[i].ascii
    }

    /// The lowercase haystack, as bytes: every search of it is by bytes,
    /// and slicing a `str` checks character boundaries.
    pub fn lower(&self, i: usize) -> &[u8] {
        let row = &self.search[i];
        &self.lower.as_bytes()[row.lower..row.titles]
    }

    /// The lowercase haystack as text, for telling where a word ends.
    pub fn lower_text(&self, i: usize) -> &str {
        let row = &self.search[i];
        &self.lower[row.lower..row.titles]
    }

    pub fn titles(&self, i: usize) -> &[u8] {
        let row = &self.search[i];
        &self.lower.as_bytes()[row.titles..row.end]
    }

    pub fn draft(&self, i: usize) -> bool {
        self.search[i].draft
    }

    pub fn outranked(&self, i: usize) -> bool {
        self.search[i].outranked
    }

    /// Which bytes each row's lowercase haystack holds.
    pub fn letters(&self) -> &[u64] {
        &self.letters
    }

    /// Which bytes the row's lowercase keywords and title hold (see [`Rows::titles`]).
    pub fn title_letters(&self, i: usize) -> u64 {
        self.title_letters[i]
    }

    pub fn get(&self, i: usize) -> SymptomRow<'_> {
        SymptomRow { rows: self, at: i }
    }
}

/// Lowercases what `lower` gained from `start` on.
fn lower_tail(lower: &mut String, start: usize) {
    if lower[start..].is_ascii() {
        lower[start..].make_ascii_lowercase();
    } else {
        let lowered = lower[start..].to_lowercase();
        lower.truncate(start);
        lower.push_str(&lowered);
    }
}

fn push_joined(buf: &mut String, parts: &[impl AsRef<str>], separator: &str) {
    for (n, part) in parts.iter().enumerate() {
        if n > 0 {
            buf.push_str(separator);
        }
        buf.push_str(part.as_ref());
    }
}

/// The bit a byte stands for in a set of bytes: letters and digits each
/// their own, everything else sharing the rest.
const fn letter_bit(b: u8) -> u64 {
    let n = match b {
        b'a'..=b'z' => b - b'a',
        b'0'..=b'9' => 26 + b - b'0',
        _ => 36 + b % 28,
    };
    1 << n
}

const LETTER_BITS: [u64; 256] = {
    let mut bits = [0; 256];
    let mut b = 0;
    while b < 256 {
        bits[b] = letter_bit(b as u8);
        b += 1;
    }
    bits
};

/// The set of bytes in `text`, one bit per letter or digit: a word whose
/// set is not within a text's cannot occur in it, in order or not.
pub(super) fn letters_of(text: &[u8]) -> u64 {
    text.iter().fold(0, |set, &b| set | LETTER_BITS[b as usize])
}

/// One symptom as the picker lists it.
#[derive(Clone, Copy)]
pub struct SymptomRow<'p> {
    rows: &'p Rows,
    at: usize,
}

impl<'p> SymptomRow<'p> {
    fn row(&self) -> &'p Row {
        &self.rows.rows[self.at]
    }

    /// Index of the tree in the library.
    pub fn tree(&self) -> usize {
        self.row().tree
    }

    pub fn tree_id(&self) -> &'p str {
        self.row().tree_id.of(&self.rows.written)
    }

    pub fn symptom_id(&self) -> &'p str {
        self.row().symptom_id.of(&self.rows.written)
    }

    pub fn text(&self) -> &'p str {
        let row = self.row();
        &row.haystack.of(&self.rows.written)[..row.text_len]
    }

    /// The articles a walk from this symptom can lead to, joined with ", ".
    pub fn articles(&self) -> &'p str {
        self.row().articles.of(&self.rows.written)
    }

    /// From an imported, unreviewed tree.
    pub fn draft(&self) -> bool {
        self.rows.search[self.at].draft
    }
}

impl std::fmt::Debug for SymptomRow<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SymptomRow")
            .field("tree_id", &self.tree_id())
            .field("symptom_id", &self.symptom_id())
            .field("text", &self.text())
            .finish()
    }
}

impl Rows {
    /// The rows of entries built one by one.
    pub fn of_entries(entries: &[SymptomEntry]) -> Rows {
        let mut rows = Rows::with_capacity(entries.len(), 0);
        for e in entries {
            rows.push(e.source());
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_whose_letters_a_text_lacks_is_ruled_out() {
        let text = letters_of(b"phase 4 complete | q183347");
        assert_eq!(letters_of(b"ph4") & !text, 0);
        assert_ne!(letters_of(b"phx") & !text, 0);
        assert_ne!(letters_of(b"9") & !text, 0);
        // Letters and digits never share a bit.
        for digit in b'0'..=b'9' {
            for letter in b'a'..=b'z' {
                assert_ne!(letter_bit(digit), letter_bit(letter));
            }
        }
    }
}
