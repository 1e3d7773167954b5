//! Text from outside (trees, answers, journals, probed files) made safe to
//! show. The one place that decides which characters a terminal or an export
//! may receive: every other channel builds on these functions.

/// Characters that change how the text around them displays without showing
/// themselves: bidirectional overrides and isolates, zero-width characters,
/// the byte order mark, invisible fillers and Unicode tag characters. Left in,
/// they make text read differently from what it is.
pub fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{034f}'
            | '\u{061c}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e007f}'
    )
}

/// A line break in any of the forms YAML, Unicode or a Windows file use.
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0085}' | '\u{2028}' | '\u{2029}')
}

/// Whether [`printable`] keeps `c` unchanged.
fn kept_as_is(c: char) -> bool {
    if c.is_ascii() {
        // The common case, decided without the longer checks below.
        return matches!(c, ' '..='~' | '\n' | '\t');
    }
    !(c.is_control() || is_hidden(c) || is_line_break(c))
}

/// Text that can be printed as it is: control characters (terminal escapes,
/// NULs, DEL, C1 controls) and hidden characters removed, line breaks kept as
/// `\n` (`\r\n` counts once) and tabs kept.
pub fn printable(text: &str) -> String {
    // Most text passes as it is: checking is cheaper than rebuilding.
    if is_printable(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if is_line_break(c) {
            out.push('\n');
        } else if c == '\t' || !(c.is_control() || is_hidden(c)) {
            out.push(c);
        }
    }
    out
}

/// [`printable`] on one line: line breaks and tabs read as spaces, runs of
/// whitespace folded, and none at either end.
pub fn one_line(text: &str) -> String {
    one_line_cow(text).into_owned()
}

/// [`one_line`], borrowing the text when it is one line already (words with
/// single spaces between them): printing thousands of rows then copies nothing.
pub fn one_line_cow(text: &str) -> std::borrow::Cow<'_, str> {
    if is_one_line(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for word in printable(text).split(char::is_whitespace) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    std::borrow::Cow::Owned(out)
}

/// Whether [`one_line`] leaves `text` as it is.
fn is_one_line(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut after_space = true;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII, the common case, a byte at a time without decoding.
        if b.is_ascii() {
            match b {
                b' ' if after_space => return false,
                b' ' => after_space = true,
                b'!'..=b'~' => after_space = false,
                _ => return false,
            }
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            return false;
        };
        if c.is_whitespace() || !kept_as_is(c) {
            return false;
        }
        after_space = false;
        i += c.len_utf8();
    }
    !after_space || bytes.is_empty()
}

/// Whether [`printable`] leaves `text` as it is.
fn is_printable(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            if !matches!(b, b' '..=b'~' | b'\n' | b'\t') {
                return false;
            }
            i += 1;
            continue;
        }
        match text[i..].chars().next() {
            Some(c) if kept_as_is(c) => i += c.len_utf8(),
            _ => return false,
        }
    }
    true
}

/// `text` as part of a file name: letters, digits, `.`, `_` and `-` only
/// (others become `-`), beginning with a letter or digit, at most 64
/// characters; never empty, never a path.
pub fn file_name_part(text: &str) -> String {
    let plain: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .skip_while(|c| !c.is_ascii_alphanumeric())
        .take(64)
        .collect();
    if plain.is_empty() {
        "walk".to_string()
    } else {
        plain
    }
}

/// JSON text with its hidden characters written as `\uXXXX` escapes: the
/// data stays exact, and a terminal showing it is not misled. Such
/// characters can only occur inside strings, where the escape means them.
pub fn json_for_terminal(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_hidden(c)
            || c.is_control() && !matches!(c, '\n' | '\t')
            || is_line_break(c) && c != '\n'
        {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Pretty JSON for scripts, with hidden characters escaped (see
/// [`json_for_terminal`]).
pub fn json_pretty(value: &impl serde::Serialize) -> serde_json::Result<String> {
    serde_json::to_string_pretty(value).map(|json| json_for_terminal(&json))
}

/// A writer that lets through only what [`printable`] keeps, so nothing
/// written through it can drive the terminal (escape sequences, title
/// changes, screen clears) or reorder what is shown.
pub struct Clean<W: std::io::Write>(pub W);

impl<W: std::io::Write> std::io::Write for Clean<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // Formatting writes whole `str` pieces, so a character is never split.
        if let Ok(text) = std::str::from_utf8(buf)
            && is_printable(text)
        {
            // Nearly always: passed on without a copy.
            self.0.write_all(buf)?;
            return Ok(buf.len());
        }
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(printable(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// Standard output for text from outside: see [`Clean`].
pub fn stdout() -> Clean<std::io::StdoutLock<'static>> {
    Clean(std::io::stdout().lock())
}

/// Standard error for text from outside: see [`Clean`].
pub fn stderr() -> Clean<std::io::StderrLock<'static>> {
    Clean(std::io::stderr().lock())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_needs_no_change_passes_and_other_text_is_cleaned() {
        let clean = "Caf\u{e9} \u{2014} \u{201c}quoted\u{201d} 7031";
        assert_eq!(printable(clean), clean);
        assert_eq!(one_line(clean), clean);
        assert_eq!(printable("a\tb\nc"), "a\tb\nc");
        assert_eq!(printable("a\u{202e}b\u{1b}[2J"), "ab[2J");
        assert_eq!(printable("a\r\nb\u{2028}c\rd"), "a\nb\nc\nd");
        assert_eq!(one_line(" a  b\u{a0}c\n"), "a b c");
        assert_eq!(one_line("a "), "a");
        assert_eq!(one_line("a\tb"), "a b");
        assert_eq!(one_line("a\u{200b}b"), "ab");
        assert_eq!(one_line(""), "");
        assert_eq!(one_line(" "), "");
    }

    #[test]
    fn file_name_parts_stay_in_their_folder() {
        assert_eq!(file_name_part("sms-secondary-site"), "sms-secondary-site");
        assert_eq!(file_name_part("../../x"), "x");
        assert_eq!(file_name_part("/etc/passwd"), "etc-passwd");
        assert_eq!(file_name_part(""), "walk");
        assert_eq!(file_name_part(".."), "walk");
        assert_eq!(file_name_part(&"a".repeat(100)).len(), 64);
    }

    #[test]
    fn json_keeps_hidden_characters_as_escapes() {
        let json = serde_json::to_string("a\u{202e}b\u{85}c\u{1b}").unwrap();
        let shown = json_for_terminal(&json);
        assert!(shown.chars().all(|c| !is_hidden(c) && !c.is_control()));
        let back: String = serde_json::from_str(&shown).unwrap();
        assert_eq!(back, "a\u{202e}b\u{85}c\u{1b}");
    }

    #[test]
    fn the_clean_writer_drops_escapes() {
        use std::io::Write;
        let mut w = Clean(Vec::new());
        let (title, clear) = ("title \u{1b}]0;x\u{7}", "\u{1b}[2Jend");
        writeln!(w, "{title}{clear}").unwrap();
        assert_eq!(String::from_utf8(w.0).unwrap(), "title ]0;x[2Jend\n");
    }

    #[test]
    fn printable_drops_escapes_and_hidden_characters_but_keeps_lines() {
        let dirty = "a\u{1b}]0;title\u{7}b\u{1b}[2J\u{9b}c\u{202e}d\u{200b}e\r\nf\u{85}g\th";
        assert_eq!(printable(dirty), "a]0;titleb[2Jcde\nf\ng\th");
    }

    #[test]
    fn one_line_folds_every_kind_of_break() {
        assert_eq!(one_line("  a\r\n\u{2028}b\t\tc \u{feff} "), "a b c");
    }

    #[test]
    fn visible_text_is_unchanged() {
        let text = "D:\\SMS\\Site.Srv — «été» 日本 ✓";
        assert_eq!(printable(text), text);
        assert_eq!(one_line(text), text);
    }
}
