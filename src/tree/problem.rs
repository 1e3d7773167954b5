//! Problems found in a tree file, each printed as one `FILE:LINE:COLUMN: message` line.

use std::fmt;

use super::fast_hash::FastMap;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    pub file: String,
    /// 1-based; 0 when the position is not known.
    pub line: usize,
    /// 1-based; 0 when the position is not known.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}

impl std::error::Error for Problem {}

/// All the problems of one or more files; `Display` prints one per line.
#[derive(Debug, Clone, Default)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

/// The line and column of a YAML parser's error as an editor counts them.
/// The parser also breaks lines at `\r`, NEL, LS and PS, so its line
/// numbers can run past the end of the file; this walks the text to the
/// same place and counts `\n` alone. `(0, 0)` when the error has no place.
pub fn yaml_error_position(text: &str, error: &serde_yaml::Error) -> Pos {
    let Some(at) = error.location() else {
        return (0, 0);
    };
    let (want_line, want_column) = (at.line().max(1), at.column().max(1));
    let (mut yaml_line, mut yaml_column) = (1, 1);
    let (mut line, mut column) = (1, 1);
    let mut chars = text.chars().peekable();
    while (yaml_line, yaml_column) < (want_line, want_column) {
        let Some(c) = chars.next() else { break };
        let yaml_break = match c {
            '\r' => chars.peek() != Some(&'\n'),
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => true,
            _ => false,
        };
        if c == '\n' {
            (line, column) = (line + 1, 1);
        } else {
            column += 1;
        }
        if yaml_break {
            (yaml_line, yaml_column) = (yaml_line + 1, 1);
        } else if c != '\r' {
            yaml_column += 1;
        }
    }
    (line, column)
}

/// Finds where things are in a YAML source, for problems found after parsing
/// (serde gives positions only for its own errors). Its tables are built on
/// the first question asked: a clean tree, the usual case, needs none.
pub struct Locator<'a> {
    src: &'a str,
    /// Every `id: VALUE` position, by value: one pass instead of a scan per lookup.
    ids: std::cell::OnceCell<FastMap<&'a str, Positions>>,
}

/// Where one id is: most ids are given once, so the first is kept apart
/// and the rest need no allocation.
#[derive(Default)]
struct Positions {
    first: Pos,
    more: Vec<Pos>,
}

/// A 1-based line and column.
pub type Pos = (usize, usize);

impl<'a> Locator<'a> {
    pub fn new(src: &'a str) -> Self {
        Locator {
            src,
            ids: Default::default(),
        }
    }

    /// The lines of the source from line `from` on, with their 0-based index.
    fn lines_from(&self, from: usize) -> impl Iterator<Item = (usize, &'a str)> {
        self.src.lines().enumerate().skip(from.saturating_sub(1))
    }

    /// The `id:` lines, found by looking for `id:` rather than reading every line.
    fn id_table(&self) -> &FastMap<&'a str, Positions> {
        self.ids.get_or_init(|| {
            let bytes = self.src.as_bytes();
            let mut ids: FastMap<&'a str, Positions> = Default::default();
            let (mut counted_to, mut line_index) = (0, 0);
            let mut last_start = None;
            for hit in memchr::memmem::find_iter(bytes, b"id:") {
                let start = memchr::memrchr(b'\n', &bytes[..hit]).map_or(0, |n| n + 1);
                if last_start == Some(start) {
                    continue;
                }
                last_start = Some(start);
                line_index += memchr::memchr_iter(b'\n', &bytes[counted_to..start]).count();
                counted_to = start;
                let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |n| start + n);
                // As `str::lines` reads it: without the `\r` of a `\r\n`.
                let line = &self.src[start..end];
                let line = match line.strip_suffix('\r') {
                    Some(shorter) if end < bytes.len() => shorter,
                    _ => line,
                };
                if let Some((value, col)) = id_value(line) {
                    let at = (line_index + 1, col);
                    ids.entry(value)
                        .and_modify(|p| p.more.push(at))
                        .or_insert(Positions {
                            first: at,
                            more: Vec::new(),
                        });
                }
            }
            ids
        })
    }

    /// Where `id: VALUE` first appears in `src`, as [`Locator::id`] finds
    /// it, without indexing every line.
    pub fn first_id(src: &str, value: &str) -> Pos {
        src.lines()
            .enumerate()
            .find_map(|(i, line)| match id_value(line) {
                Some((v, col)) if v == value => Some((i + 1, col)),
                _ => None,
            })
            .unwrap_or((1, 1))
    }

    /// Positions of every `id: VALUE` line, in order.
    pub fn ids(&self, value: &str) -> Vec<Pos> {
        self.id_table()
            .get(value)
            .map(|p| {
                std::iter::once(p.first)
                    .chain(p.more.iter().copied())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The `n`th (from 0) `id: VALUE` line.
    pub fn nth_id(&self, value: &str, n: usize) -> Option<Pos> {
        let p = self.id_table().get(value)?;
        if n == 0 {
            Some(p.first)
        } else {
            p.more.get(n - 1).copied()
        }
    }

    /// The first `id: VALUE` line, or the top of the file.
    pub fn id(&self, value: &str) -> Pos {
        self.nth_id(value, 0).unwrap_or((1, 1))
    }

    /// The first line at or after `from` where `key: VALUE` (or a list item
    /// `- VALUE` when `key` is empty) appears; `from` itself when none does.
    pub fn value_after(&self, from: Pos, key: &str, value: &str) -> Pos {
        if key == "id" {
            return self
                .id_table()
                .get(value)
                .and_then(|all| {
                    std::iter::once(&all.first)
                        .chain(&all.more)
                        .find(|p| p.0 >= from.0)
                })
                .copied()
                .unwrap_or(from);
        }
        for (i, line) in self.lines_from(from.0) {
            if let Some(col) = key_value_column(line, key, value) {
                return (i + 1, col);
            }
            // `key: [a, VALUE]`, or a bare VALUE anywhere when no key is given.
            if (key.is_empty() || line.contains(&format!("{key}:")))
                && let Some(col) = word_column(line, value)
            {
                return (i + 1, col);
            }
        }
        from
    }

    /// The first line at or after `from` containing `needle` anywhere.
    pub fn text_after(&self, from: Pos, needle: &str) -> Pos {
        for (i, line) in self.lines_from(from.0) {
            if let Some(col) = line.find(needle) {
                return (i + 1, col + 1);
            }
        }
        from
    }
}

/// The value of an `[- ]id: VALUE` line (quotes removed) and its column.
fn id_value(line: &str) -> Option<(&str, usize)> {
    let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
    let rest = trimmed.strip_prefix("id:")?;
    let v = rest.trim();
    let v = v.split(" #").next().unwrap_or(v).trim();
    // `v` is a slice of `line`, so its offset is its column.
    let col = v.as_ptr() as usize - line.as_ptr() as usize + 1;
    let unquoted = v.trim_matches(|c| c == '"' || c == '\'');
    // Flow mappings (`{ id: a, ... }`) are found by the slower scans.
    if unquoted.is_empty() || unquoted.contains([',', '{', '}']) {
        return None;
    }
    Some((unquoted, col))
}

/// Column (1-based) of VALUE in a line of the form `[- ]KEY: VALUE`, quoted or not.
fn key_value_column(line: &str, key: &str, value: &str) -> Option<usize> {
    let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
    let rest = trimmed.strip_prefix(key)?.strip_prefix(':')?;
    let v = rest.trim();
    let v = v.split(" #").next().unwrap_or(v).trim();
    let unquoted = v.trim_matches(|c| c == '"' || c == '\'');
    if unquoted == value {
        line.find(v).map(|c| c + 1)
    } else {
        None
    }
}

/// Column (1-based) of VALUE as a whole word in the line. An empty value
/// (`start: !!str`, `start: |`) is nowhere as a word.
fn word_column(line: &str, value: &str) -> Option<usize> {
    if value.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-' || c == '.';
    let mut start = 0;
    while let Some(found) = line[start..].find(value) {
        let at = start + found;
        let before = line[..at].chars().next_back();
        let after = line[at + value.len()..].chars().next();
        if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
            return Some(at + 1);
        }
        start = at + value.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_and_values_after_them() {
        let src = "questions:\n  - id: a\n    next: b\n  - id: b\n    yes: 'c'\n";
        let loc = Locator::new(src);
        assert_eq!(loc.id("a"), (2, 9));
        assert_eq!(loc.id("b"), (4, 9));
        assert_eq!(loc.value_after(loc.id("a"), "next", "b"), (3, 11));
        assert_eq!(loc.value_after(loc.id("b"), "yes", "c"), (5, 10));
    }

    #[test]
    fn ids_are_placed_on_their_lines_whatever_comes_between() {
        let src =
            "# id: not\r\nvalid: x\n\n  - id: a # note\r\n    pid: 1, id: b\n- id: 'c'\nid: a";
        let loc = Locator::new(src);
        assert_eq!(loc.ids("a"), [(4, 9), (7, 5)]);
        assert_eq!(loc.ids("c"), [(6, 7)]);
        assert_eq!(loc.ids("b"), []);
        assert_eq!(loc.ids("not"), []);
        let by_lines: Vec<_> = src.lines().filter_map(id_value).map(|(v, _)| v).collect();
        assert_eq!(by_lines, ["a", "c", "a"]);
    }

    #[test]
    fn an_empty_value_is_looked_for_without_looping() {
        let src = "start: !!str\nnext: |\n";
        let loc = Locator::new(src);
        assert_eq!(loc.value_after((1, 1), "", ""), (1, 1));
        assert_eq!(loc.value_after((1, 1), "next", ""), (1, 1));
    }
}
