//! Bounds checked before YAML is parsed: the parser's cost grows with the
//! nesting of flow collections (`[[[[...]]]]`) per token, and reading a file
//! that never ends (`/dev/zero`, a FIFO) would never return.

use std::io::Read;
use std::path::Path;

use super::problem::Problem;

/// Hand-written trees nest flow collections two or three deep; this is far
/// beyond any of them, and keeps parsing linear in the size of the file.
pub const MAX_FLOW_DEPTH: usize = 32;

/// Answers files hold a few dozen answers; an export with a long timeline
/// stays far below this.
pub const MAX_ANSWERS_BYTES: u64 = 4 * 1024 * 1024;

/// The first place where flow collections (`[...]`, `{...}`) nest deeper
/// than [`MAX_FLOW_DEPTH`], as a problem naming its line and column.
///
/// The scan follows YAML closely enough for this: quoted scalars and
/// comments are skipped, and outside a flow collection a bracket opens one
/// only where a value can begin, so brackets inside plain text do not count.
pub fn check_flow_depth(file: &str, text: &str) -> Result<(), Problem> {
    // The quick scan reads block scalars (`|`, `>`) as YAML, so a text whose
    // lines begin with `[` can look nested; what it refuses is scanned again
    // with block scalars skipped before it is refused.
    let Err(_) = deepest_flow(text, false) else {
        return Ok(());
    };
    let Err((start, column)) = deepest_flow(text, true) else {
        return Ok(());
    };
    Err(Problem {
        file: file.to_string(),
        line: memchr::memchr_iter(b'\n', &text.as_bytes()[..start]).count() + 1,
        column,
        message: format!(
            "`[` and `{{` nest more than {MAX_FLOW_DEPTH} deep; expected a flatter structure"
        ),
    })
}

/// Where flow collections first nest too deep: the byte offset of that
/// line's start and the column. With `skip_block_scalars`, every line is
/// read and the text of block scalars is passed over; without, lines with
/// no bracket are jumped over and block scalars are read as if they were YAML.
fn deepest_flow(text: &str, skip_block_scalars: bool) -> Result<(), (usize, usize)> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut start = 0;
    // The indentation of the line that began the block scalar being passed over.
    let mut block: Option<usize> = None;
    while start < bytes.len() {
        if depth == 0 && !skip_block_scalars {
            // Outside flow collections only a bracket can change anything,
            // so the lines before the next one need no reading.
            let Some(bracket) = memchr::memchr2(b'[', b'{', &bytes[start..]) else {
                break;
            };
            start += memchr::memrchr(b'\n', &bytes[start..start + bracket]).map_or(0, |n| n + 1);
        }
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |n| start + n);
        // As `str::lines` reads it: without the `\r` of a `\r\n`.
        let line = &text[start..end];
        let line = match line.strip_suffix('\r') {
            Some(shorter) if end < bytes.len() => shorter,
            _ => line,
        };
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block {
            if line.trim().is_empty() || indent > parent {
                start = end + 1;
                continue;
            }
            block = None;
        }
        if let Err(at) = scan_line(line, &mut depth) {
            return Err((start, line[..at].chars().count() + 1));
        }
        if skip_block_scalars && depth == 0 && begins_block_scalar(line) {
            block = Some(indent);
        }
        start = end + 1;
    }
    Ok(())
}

/// Whether `line` ends with a block scalar's indicator (`|`, `>-`, `|+2`, …)
/// as a value, before any comment.
fn begins_block_scalar(line: &str) -> bool {
    let mut last = None;
    let mut before_last = None;
    for word in line.split_whitespace() {
        if word.starts_with('#') {
            break;
        }
        before_last = last;
        last = Some(word);
    }
    let Some(indicator) = last.and_then(|w| w.strip_prefix(['|', '>'])) else {
        return false;
    };
    indicator
        .chars()
        .all(|c| matches!(c, '+' | '-' | '0'..='9'))
        && before_last.is_none_or(|w| w.ends_with(':') || w == "-")
}

/// Follows the flow collections of one line; the byte offset of the bracket
/// that nests too deep, if one does.
fn scan_line(line: &str, depth: &mut usize) -> Result<(), usize> {
    let mut chars = line.char_indices().peekable();
    // Whether the next character could begin a value.
    let mut value_start = true;
    while let Some((at, c)) = chars.next() {
        match c {
            '#' if value_start || line[..at].ends_with([' ', '\t']) => break,
            '\'' | '"' if value_start => {
                // Skip the quoted scalar (on this line; one left open
                // continues harmlessly as plain text on the next).
                let quote = c;
                while let Some((_, q)) = chars.next() {
                    if q == '\\' && quote == '"' {
                        chars.next();
                    } else if q == quote {
                        if quote == '\'' && chars.next_if(|(_, n)| *n == '\'').is_some() {
                            continue;
                        }
                        break;
                    }
                }
                value_start = false;
            }
            // Inside flow, plain text cannot hold brackets: each one counts.
            '[' | '{' if *depth > 0 || value_start => {
                *depth += 1;
                if *depth > MAX_FLOW_DEPTH {
                    return Err(at);
                }
                value_start = true;
            }
            ']' | '}' if *depth > 0 => {
                *depth -= 1;
                value_start = false;
            }
            ',' if *depth > 0 => value_start = true,
            ' ' | '\t' => {}
            '-' | '?' | ':' => {
                value_start =
                    chars.peek().is_none_or(|(_, n)| n.is_whitespace()) || (*depth > 0 && c == ':');
            }
            '!' | '&' if value_start => {
                // A tag or an anchor comes before the value it marks.
                while chars.next_if(|(_, n)| !n.is_whitespace()).is_some() {}
            }
            _ => value_start = false,
        }
    }
    Ok(())
}

/// Reads an untrusted file as UTF-8 text: regular files only (a FIFO or a
/// device would block or never end), at most `max` bytes.
pub fn read_text(path: &Path, max: u64, what: &str) -> Result<String, Problem> {
    let problem = |message: String| Problem {
        file: path.display().to_string(),
        line: 0,
        column: 0,
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| problem(format!("cannot read: {e}")))?;
    if !meta.is_file() {
        return Err(problem(format!("not a regular file; expected {what}")));
    }
    if meta.len() > max {
        return Err(problem(format!(
            "{} bytes is too large for {what} (at most {max})",
            meta.len()
        )));
    }
    let file = std::fs::File::open(path).map_err(|e| problem(format!("cannot read: {e}")))?;
    let mut bytes = Vec::new();
    // The file may have grown, or been swapped, since it was looked at.
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| problem(format!("cannot read: {e}")))?;
    if bytes.len() as u64 > max {
        return Err(problem(format!(
            "too large for {what} (at most {max} bytes)"
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        problem(format!("not UTF-8 text (invalid byte at offset {at})"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_ok(text: &str) -> bool {
        check_flow_depth("t.yaml", text).is_ok()
    }

    #[test]
    fn deep_flow_nesting_is_refused_with_its_position() {
        let deep = format!("a: {}{}\n", "[".repeat(40), "]".repeat(40));
        let e = check_flow_depth("t.yaml", &deep).unwrap_err();
        assert_eq!((e.line, e.column), (1, MAX_FLOW_DEPTH + 4));
        assert!(!depth_ok(&format!("- {}\n", "{a: ".repeat(40))));
        assert!(!depth_ok(&format!("!x {}\n", "[".repeat(40))));
    }

    #[test]
    fn the_line_and_column_are_found_past_lines_without_brackets() {
        let deep = format!("a: 1\r\n# [\nb: |\n  text {{\nc: {}\n", "[".repeat(40));
        let e = check_flow_depth("t.yaml", &deep).unwrap_err();
        assert_eq!((e.line, e.column), (5, MAX_FLOW_DEPTH + 4));
        let open = format!("a: [\n\n{}\n", "[".repeat(MAX_FLOW_DEPTH));
        let e = check_flow_depth("t.yaml", &open).unwrap_err();
        assert_eq!((e.line, e.column), (3, MAX_FLOW_DEPTH));
    }

    #[test]
    fn brackets_in_text_quotes_and_comments_do_not_count() {
        let many = "[".repeat(100);
        assert!(depth_ok(&format!("a: see {many}\n")));
        assert!(depth_ok(&format!("a: '{many}'\nb: \"{many}\\\"\"\n")));
        assert!(depth_ok(&format!("a: 1 # {many}\n")));
        assert!(depth_ok(&format!("a: |\n  text {many}\n")));
        assert!(depth_ok(
            "look: { glob_count: { dir: 'C:\\x', glob: '*.ct2' } }\n"
        ));
        assert!(depth_ok(&format!("a: [{}]\n", "[1], ".repeat(1000))));
        assert!(depth_ok(&format!("a: [it's, {}]\n", "[1], ".repeat(40))));
    }

    #[test]
    fn lines_of_a_block_scalar_that_begin_with_brackets_do_not_count() {
        let lines = "  [see step 2\n".repeat(MAX_FLOW_DEPTH + 8);
        for indicator in ["|", ">-", "|+", "|2 # numbered"] {
            assert!(depth_ok(&format!(
                "id: t\ndescription: {indicator}\n{lines}title: x\n"
            )));
            let deeper = lines.replace("  [", "    [");
            assert!(depth_ok(&format!(
                "items:\n  - {indicator}\n{deeper}  - x\n"
            )));
        }
        // After the block, brackets count again, on their own line.
        let deep = format!("a: |\n{lines}b: {}\n", "[".repeat(40));
        let e = check_flow_depth("t.yaml", &deep).unwrap_err();
        assert_eq!(
            (e.line, e.column),
            (MAX_FLOW_DEPTH + 10, MAX_FLOW_DEPTH + 4)
        );
        // The same lines outside a block scalar are flow collections.
        assert!(!depth_ok(&format!("a: x\n{lines}")));
    }
}
