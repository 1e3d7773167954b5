//! Text to events, for the subset of YAML described in the module above.
//! Every function returns `None` at the first thing it is not sure of.

use std::borrow::Cow;

/// A scalar's text after quoting and folding, and whether it was plain
/// (only plain scalars can be null, booleans or numbers).
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar<'a> {
    pub value: Cow<'a, str>,
    pub plain: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event<'a> {
    Scalar(Scalar<'a>),
    SequenceStart,
    SequenceEnd,
    MappingStart,
    MappingEnd,
}

/// Far below yaml_serde's recursion limit (128), far above any tree.
const MAX_DEPTH: usize = 100;

/// libyaml refuses implicit keys longer than this; stay well inside it.
const MAX_KEY_BYTES: usize = 1000;

/// The events of a document whose top level is a block mapping.
pub fn events(src: &str) -> Option<Vec<Event<'_>>> {
    if !src.ends_with('\n') || !plain_text(src) {
        return None;
    }
    // Every line ends in `\n` here: each is taken without it.
    let mut lines: Vec<&str> = super::super::lines_inclusive(src)
        .map(|l| &l[..l.len() - 1])
        .collect();
    // CRLF line ends are line ends, as in libyaml; a CR anywhere else is not sure.
    if src.contains('\r') {
        for line in &mut lines {
            *line = line.strip_suffix('\r').unwrap_or(line);
            if line.contains('\r') {
                return None;
            }
        }
    }
    for line in &lines {
        // Document markers and directives.
        if line.starts_with("---") || line.starts_with("...") || line.starts_with('%') {
            return None;
        }
    }
    let mut parser = Parser {
        lines,
        line: 0,
        events: Vec::with_capacity(src.len() / 16),
        depth: 0,
    };
    if parser.next_content()? != 0 {
        return None;
    }
    parser.block_mapping(0)?;
    if parser.next_content().is_some() {
        return None;
    }
    Some(parser.events)
}

/// Text with no character that libyaml treats specially or refuses: tabs
/// and other controls, byte order marks, the Unicode line breaks, and the
/// non-characters.
fn plain_text(src: &str) -> bool {
    if src
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\r')
    {
        return true;
    }
    src.chars().all(|c| match c {
        '\n' | '\r' => true,
        c if c.is_ascii() => (' '..'\u{7f}').contains(&c),
        '\u{80}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
            false
        }
        _ => true,
    })
}

struct Parser<'a> {
    lines: Vec<&'a str>,
    /// The line being read.
    line: usize,
    events: Vec<Event<'a>>,
    depth: usize,
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// A line with nothing but spaces, or a comment.
fn insignificant(line: &str) -> bool {
    let content = line.trim_start_matches(' ');
    content.is_empty() || content.starts_with('#')
}

/// A `-` that opens a block sequence entry.
fn is_entry(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// Nothing but spaces and perhaps a comment.
fn is_line_end(text: &str) -> bool {
    let rest = text.trim_start_matches(' ');
    rest.is_empty() || (rest.starts_with('#') && rest.len() < text.len())
}

impl<'a> Parser<'a> {
    /// Moves to the next line that holds something; its indentation.
    fn next_content(&mut self) -> Option<usize> {
        while let Some(line) = self.lines.get(self.line) {
            if !insignificant(line) {
                return Some(indent_of(line));
            }
            self.line += 1;
        }
        None
    }

    fn open(&mut self, event: Event<'a>) -> Option<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        self.events.push(event);
        Some(())
    }

    fn close(&mut self, event: Event<'a>) {
        self.depth -= 1;
        self.events.push(event);
    }

    fn scalar(&mut self, value: Cow<'a, str>, plain: bool) {
        self.events.push(Event::Scalar(Scalar { value, plain }));
    }

    /// A block mapping whose first key is at column `col` of the current line
    /// (perhaps after a `- `); later keys are lines indented by `col`.
    fn block_mapping(&mut self, col: usize) -> Option<()> {
        self.open(Event::MappingStart)?;
        loop {
            let line = self.lines[self.line];
            let (key, rest) = block_key(&line[col..])?;
            self.events.push(Event::Scalar(key));
            self.value_after_key(rest, col)?;
            match self.next_content() {
                Some(i) if i == col => {}
                Some(i) if i < col => break,
                None => break,
                Some(_) => return None,
            }
        }
        self.close(Event::MappingEnd);
        Some(())
    }

    /// The value after `key:` of a mapping at column `col`; `rest` is what
    /// follows the colon on its line.
    fn value_after_key(&mut self, rest: &'a str, col: usize) -> Option<()> {
        if is_line_end(rest) {
            self.line += 1;
            return match self.next_content() {
                Some(i) if i > col => self.block_node(i),
                Some(i) if i == col && is_entry(&self.lines[self.line][i..]) => {
                    self.block_sequence(i)
                }
                _ => {
                    self.scalar(Cow::Borrowed(""), true);
                    Some(())
                }
            };
        }
        let text = rest.trim_start_matches(' ');
        self.inline_value(text, col)
    }

    /// A node that starts a line, at column `col`.
    fn block_node(&mut self, col: usize) -> Option<()> {
        if is_entry(&self.lines[self.line][col..]) {
            self.block_sequence(col)
        } else {
            self.block_mapping(col)
        }
    }

    /// A block sequence whose first `-` is at column `col` of the current line.
    fn block_sequence(&mut self, col: usize) -> Option<()> {
        self.open(Event::SequenceStart)?;
        loop {
            let line = self.lines[self.line];
            if !is_entry(&line[col..]) {
                return None;
            }
            let after = &line[col + 1..];
            let item = after.trim_start_matches(' ');
            let item_col = line.len() - item.len();
            if is_line_end(after) {
                self.line += 1;
                match self.next_content() {
                    Some(i) if i > col => self.block_node(i)?,
                    _ => self.scalar(Cow::Borrowed(""), true),
                }
            } else if is_entry(item) {
                self.block_sequence(item_col)?;
            } else if block_key(item).is_some() {
                self.block_mapping(item_col)?;
            } else {
                self.inline_value(item, col)?;
            }
            match self.next_content() {
                Some(i) if i == col && is_entry(&self.lines[self.line][col..]) => {}
                Some(i) if i <= col => break,
                None => break,
                Some(_) => return None,
            }
        }
        self.close(Event::SequenceEnd);
        Some(())
    }

    /// A value that begins on the current line with `text` (no leading
    /// space), inside a block collection at column `parent`. Moves past it.
    fn inline_value(&mut self, text: &'a str, parent: usize) -> Option<()> {
        let first = text.as_bytes()[0];
        match first {
            b'"' | b'\'' => {
                let (value, after) = quoted(text)?;
                if !is_line_end(after) {
                    return None;
                }
                self.scalar(value, false);
                self.line += 1;
            }
            b'[' | b'{' => {
                let line = self.line;
                let at = self.lines[line].len() - text.len();
                let mut cursor = Cursor { line, at };
                self.flow_node(&mut cursor, parent)?;
                if !is_line_end(&self.lines[cursor.line][cursor.at..]) {
                    return None;
                }
                self.line = cursor.line + 1;
            }
            b'|' | b'>' => {
                let chomp = block_scalar_header(&text[1..])?;
                self.line += 1;
                let value = self.block_scalar(first == b'>', chomp, parent)?;
                self.scalar(Cow::Owned(value), false);
            }
            _ => {
                let value = block_plain_value(text)?;
                self.scalar(Cow::Borrowed(value), true);
                self.line += 1;
            }
        }
        Some(())
    }

    /// The lines of a block scalar, from the current line, folded or
    /// literal; `parent` is the column of the collection holding it.
    fn block_scalar(&mut self, folded: bool, chomp: Chomp, parent: usize) -> Option<String> {
        // Its indentation: that of the first line with text.
        let mut leading_spaces = 0;
        let mut indent = None;
        for line in &self.lines[self.line..] {
            if line.bytes().all(|b| b == b' ') {
                leading_spaces = leading_spaces.max(line.len());
            } else {
                indent = Some(indent_of(line));
                break;
            }
        }
        let indent = indent?;
        if indent <= parent || leading_spaces > indent {
            return None;
        }
        let mut value = String::new();
        let mut leading_break = false;
        let mut trailing_breaks = 0usize;
        let mut leading_blank = false;
        while let Some(line) = self.lines.get(self.line) {
            if line.bytes().all(|b| b == b' ') {
                // More spaces than the indentation would be text.
                if line.len() > indent {
                    return None;
                }
                trailing_breaks += 1;
                self.line += 1;
                continue;
            }
            if indent_of(line) < indent {
                break;
            }
            let content = &line[indent..];
            let trailing_blank = content.starts_with(' ');
            if folded && leading_break && !leading_blank && !trailing_blank {
                if trailing_breaks == 0 {
                    value.push(' ');
                }
                leading_break = false;
            }
            if leading_break {
                value.push('\n');
            }
            for _ in 0..trailing_breaks {
                value.push('\n');
            }
            trailing_breaks = 0;
            leading_blank = trailing_blank;
            value.push_str(content);
            leading_break = true;
            self.line += 1;
        }
        if chomp != Chomp::Strip && leading_break {
            value.push('\n');
        }
        if chomp == Chomp::Keep {
            for _ in 0..trailing_breaks {
                value.push('\n');
            }
        }
        Some(value)
    }

    /// A flow node at `cursor`, which it moves past the node.
    fn flow_node(&mut self, cursor: &mut Cursor, parent: usize) -> Option<()> {
        self.flow_space(cursor, parent)?;
        let text = &self.lines[cursor.line][cursor.at..];
        match text.as_bytes()[0] {
            b'[' => {
                cursor.at += 1;
                self.open(Event::SequenceStart)?;
                self.flow_space(cursor, parent)?;
                if self.flow_byte(cursor) != Some(b']') {
                    loop {
                        self.flow_node(cursor, parent)?;
                        self.flow_space(cursor, parent)?;
                        match self.flow_byte(cursor)? {
                            b',' => cursor.at += 1,
                            b']' => break,
                            _ => return None,
                        }
                    }
                }
                cursor.at += 1;
                self.close(Event::SequenceEnd);
            }
            b'{' => {
                cursor.at += 1;
                self.open(Event::MappingStart)?;
                self.flow_space(cursor, parent)?;
                if self.flow_byte(cursor) != Some(b'}') {
                    loop {
                        self.flow_space(cursor, parent)?;
                        let text = &self.lines[cursor.line][cursor.at..];
                        let (key, after) = flow_scalar(text, true)?;
                        // `key: value`, the colon on the key's line.
                        let after = after.trim_start_matches(' ');
                        if !after.starts_with(": ") {
                            return None;
                        }
                        self.events.push(Event::Scalar(key));
                        cursor.at = self.lines[cursor.line].len() - after.len() + 1;
                        self.flow_space(cursor, parent)?;
                        if matches!(self.flow_byte(cursor)?, b',' | b'}') {
                            return None;
                        }
                        self.flow_node(cursor, parent)?;
                        self.flow_space(cursor, parent)?;
                        match self.flow_byte(cursor)? {
                            b',' => cursor.at += 1,
                            b'}' => break,
                            _ => return None,
                        }
                    }
                }
                cursor.at += 1;
                self.close(Event::MappingEnd);
            }
            _ => {
                let (value, after) = flow_scalar(text, false)?;
                self.events.push(Event::Scalar(value));
                cursor.at = self.lines[cursor.line].len() - after.len();
            }
        }
        Some(())
    }

    fn flow_byte(&self, cursor: &Cursor) -> Option<u8> {
        self.lines[cursor.line].as_bytes().get(cursor.at).copied()
    }

    /// Moves past spaces, comments and line breaks inside a flow
    /// collection; the lines it moves to must be indented past `parent`.
    fn flow_space(&mut self, cursor: &mut Cursor, parent: usize) -> Option<()> {
        loop {
            let line = self.lines[cursor.line];
            let rest = line[cursor.at..].trim_start_matches(' ');
            let at = line.len() - rest.len();
            // `#` begins a comment only after a space or at a line's start.
            let comment = rest.starts_with('#') && (at == 0 || line.as_bytes()[at - 1] == b' ');
            if !rest.is_empty() && !comment {
                cursor.at = at;
                return Some(());
            }
            cursor.line += 1;
            cursor.at = 0;
            let next = self.lines.get(cursor.line)?;
            if !insignificant(next) && indent_of(next) <= parent {
                return None;
            }
        }
    }
}

/// Where a flow collection is being read.
struct Cursor {
    line: usize,
    at: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Chomp {
    Strip,
    Clip,
    Keep,
}

/// What follows `|` or `>`: a chomping indicator, then nothing but a comment.
fn block_scalar_header(text: &str) -> Option<Chomp> {
    let (chomp, rest) = match text.as_bytes().first() {
        Some(b'-') => (Chomp::Strip, &text[1..]),
        Some(b'+') => (Chomp::Keep, &text[1..]),
        _ => (Chomp::Clip, text),
    };
    (rest.is_empty() || (rest.starts_with(' ') && is_line_end(rest))).then_some(chomp)
}

/// Whether a plain scalar may begin with `text` (in block context).
fn plain_start(text: &str) -> bool {
    let bytes = text.as_bytes();
    match bytes.first() {
        None => false,
        Some(b'-' | b'?' | b':') => bytes.get(1).is_some_and(|b| *b != b' '),
        Some(
            b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
            | b'"' | b'%' | b'@' | b'`',
        ) => false,
        Some(_) => true,
    }
}

/// A mapping key at the start of `text` and what follows its colon, if
/// `text` is a `key: ...` line.
fn block_key(text: &str) -> Option<(Scalar<'_>, &str)> {
    let (key, after) = match text.as_bytes().first()? {
        b'"' | b'\'' => {
            let (value, after) = quoted(text)?;
            (
                Scalar {
                    value,
                    plain: false,
                },
                after,
            )
        }
        _ => {
            if !plain_start(text) {
                return None;
            }
            let colon = key_colon(text)?;
            let key = text[..colon].trim_end_matches(' ');
            let plain = Scalar {
                value: Cow::Borrowed(key),
                plain: true,
            };
            (plain, &text[colon..])
        }
    };
    if key.value.len() > MAX_KEY_BYTES {
        return None;
    }
    let rest = after.strip_prefix(':')?;
    (rest.is_empty() || rest.starts_with(' ')).then_some((key, rest))
}

/// Where the `: ` (or a final `:`) ending a plain key is, before any comment.
fn key_colon(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b':' if bytes.get(i + 1).is_none_or(|n| *n == b' ') => return Some(i),
            b'#' if i > 0 && bytes[i - 1] == b' ' => return None,
            _ => {}
        }
    }
    None
}

/// A plain scalar that is a whole value on its line, up to a comment.
fn block_plain_value(text: &str) -> Option<&str> {
    if !plain_start(text) {
        return None;
    }
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            // `a: b: c` is an error in YAML.
            b':' if bytes.get(i + 1).is_none_or(|n| *n == b' ') => return None,
            b'#' if bytes[i - 1] == b' ' => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    Some(text[..end].trim_end_matches(' '))
}

/// A scalar inside a flow collection, and the text after it. A plain one
/// ends at `,`, a bracket, a comment or the line's end; in a key, at `: `.
fn flow_scalar(text: &str, key: bool) -> Option<(Scalar<'_>, &str)> {
    if let Some(b'"' | b'\'') = text.as_bytes().first() {
        let (value, after) = quoted(text)?;
        return Some((
            Scalar {
                value,
                plain: false,
            },
            after,
        ));
    }
    if !plain_start(text) {
        return None;
    }
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b',' | b'[' | b']' | b'{' | b'}' => {
                end = i;
                break;
            }
            b':' if key && bytes.get(i + 1) == Some(&b' ') => {
                end = i;
                break;
            }
            // libyaml's versions differ on colons in flow plain scalars.
            b':' | b'?' => return None,
            b'#' if bytes[i - 1] == b' ' => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    let value = text[..end].trim_end_matches(' ');
    let plain = Scalar {
        value: Cow::Borrowed(value),
        plain: true,
    };
    Some((plain, &text[end..]))
}

/// A single- or double-quoted scalar closed on its line, and the text
/// after its closing quote.
fn quoted(text: &str) -> Option<(Cow<'_, str>, &str)> {
    let quote = text.as_bytes()[0];
    let body = &text[1..];
    if quote == b'\'' {
        let mut value: Option<String> = None;
        let mut from = 0;
        loop {
            let at = from + body[from..].find('\'')?;
            if body.as_bytes().get(at + 1) == Some(&b'\'') {
                let v = value.get_or_insert_with(String::new);
                v.push_str(&body[from..=at]);
                from = at + 2;
                continue;
            }
            let value = match value {
                None => Cow::Borrowed(&body[..at]),
                Some(mut v) => {
                    v.push_str(&body[from..at]);
                    Cow::Owned(v)
                }
            };
            return Some((value, &body[at + 1..]));
        }
    }
    let end = body.find(['"', '\\'])?;
    if body.as_bytes()[end] == b'"' {
        return Some((Cow::Borrowed(&body[..end]), &body[end + 1..]));
    }
    let mut value = String::from(&body[..end]);
    let mut chars = body[end..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((Cow::Owned(value), &body[end + i + 1..])),
            '\\' => {
                let (_, e) = chars.next()?;
                let code = match e {
                    '\\' | '"' => {
                        value.push(e);
                        continue;
                    }
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    'x' | 'u' | 'U' => {
                        let digits = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let mut n = 0u32;
                        for _ in 0..digits {
                            n = n * 16 + chars.next()?.1.to_digit(16)?;
                        }
                        char::from_u32(n)?
                    }
                    _ => return None,
                };
                value.push(code);
            }
            c => value.push(c),
        }
    }
    None
}
