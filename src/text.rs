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

/// Text that can be printed as it is: control characters (terminal escapes,
/// NULs, DEL, C1 controls) and hidden characters removed, line breaks kept as
/// `\n` (`\r\n` counts once) and tabs kept.
pub fn printable(text: &str) -> String {
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
