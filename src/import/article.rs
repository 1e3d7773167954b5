//! The body of an article as a structure: the "applies to" box, sections
//! (`SYMPTOMS` over a line of `=`), their parts (a title over a line of `-`),
//! and in each part paragraphs, numbered items with their sub-items, bullets,
//! literal lines (commands, registry keys, paths) and `-or-` separators.

use super::form::RawArticle;
use super::text::reflow;

#[derive(Debug, Clone, PartialEq)]
pub struct ParsedArticle {
    pub number: String,
    pub title: String,
    pub modified: String,
    pub applies: Vec<Applies>,
    /// Paragraphs between the "applies to" box and the first section, e.g.
    /// the IMPORTANT note about editing the registry.
    pub preamble: Vec<Block>,
    pub sections: Vec<Section>,
}

/// One line of "The information in this article applies to:".
#[derive(Debug, Clone, PartialEq)]
pub struct Applies {
    /// The line as written, without its dash.
    pub line: String,
    pub product: String,
    pub versions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// As written, e.g. `WORKAROUND`, `MORE INFORMATION`.
    pub name: String,
    pub parts: Vec<Part>,
}

/// The text under a section heading, or under one of its titled parts.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub title: Option<String>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Para),
    Bullet(Para),
    Item(Item),
    /// Lines kept as written (leading and trailing blanks trimmed).
    Literal(Literal),
    /// `-or-` between two ways of doing it, at its indentation.
    Or(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    pub indent: usize,
    /// Whitespace reflowed to single spaces.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Literal {
    pub indent: usize,
    pub lines: Vec<String>,
}

/// `1.` or `a.` and what belongs to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub indent: usize,
    /// `1`, `10`, `a`.
    pub label: String,
    pub text: String,
    pub children: Vec<Block>,
}

impl Item {
    pub fn is_numbered(&self) -> bool {
        self.label.bytes().all(|b| b.is_ascii_digit())
    }
}

impl Block {
    pub fn indent(&self) -> usize {
        match self {
            Block::Para(p) | Block::Bullet(p) => p.indent,
            Block::Item(i) => i.indent,
            Block::Literal(l) => l.indent,
            Block::Or(indent) => *indent,
        }
    }

    /// The block as one line of text, for notes and reports.
    pub fn text(&self) -> String {
        match self {
            Block::Para(p) => p.text.clone(),
            Block::Bullet(p) => format!("- {}", p.text),
            Block::Item(i) => format!("{}. {}", i.label, i.text),
            Block::Literal(l) => l.lines.join("\n"),
            Block::Or(_) => "-or-".to_string(),
        }
    }
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn is_rule(line: &str, c: char) -> bool {
    let t = line.trim();
    t.len() >= 3 && t.chars().all(|x| x == c)
}

/// `1. text` / `a. text` / `- text`: the marker and the rest.
fn marker(line: &str) -> Option<(String, &str)> {
    let t = line.trim_start();
    let digits = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    if (1..=2).contains(&digits) && t[digits..].starts_with(". ") {
        return Some((t[..digits].to_string(), t[digits + 2..].trim_start()));
    }
    let b = t.as_bytes();
    if b.len() > 3 && b[0].is_ascii_lowercase() && b[1] == b'.' && b[2] == b' ' {
        return Some((t[..1].to_string(), t[3..].trim_start()));
    }
    None
}

fn bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    ["- ", "* ", "\u{2022} "]
        .iter()
        .find_map(|m| t.strip_prefix(m))
        .map(str::trim_start)
}

/// A line that is a command, key, path or log line rather than prose: few
/// plain lowercase words.
fn looks_literal(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("-or-") {
        return false;
    }
    // "Q212978 SMS: Description of ..." is a reference to another article.
    if t.starts_with('Q')
        && t[1..]
            .split(' ')
            .next()
            .is_some_and(|n| n.len() >= 5 && n.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    // "NOTE:", "NOTES:", "WARNING:" start prose.
    if t.split(':').next().is_some_and(|w| {
        w.len() >= 4 && w.bytes().all(|b| b.is_ascii_uppercase()) && t.len() > w.len()
    }) && matches!(
        t.split(':').next(),
        Some("NOTE" | "NOTES" | "WARNING" | "IMPORTANT" | "CAUTION")
    ) {
        return false;
    }
    let plain = t
        .split_whitespace()
        .filter(|w| {
            let w = w.trim_end_matches([',', '.', ';', ':']);
            w.len() >= 2 && w.bytes().all(|b| b.is_ascii_lowercase())
        })
        .count();
    plain <= 2
}

/// A run of lines that reads as one thing.
struct Chunk<'a> {
    lines: Vec<&'a str>,
}

/// Splits a part's lines into chunks: blank lines separate them, and so do
/// a new marker and a change of indentation into or out of literal lines.
fn chunks<'a>(lines: &[&'a str]) -> Vec<Chunk<'a>> {
    let mut out: Vec<Chunk> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut literal_run = false;
    for &line in lines {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(Chunk {
                    lines: std::mem::take(&mut current),
                });
            }
            literal_run = false;
            continue;
        }
        let starts_new = match current.last() {
            None => false,
            Some(prev) => {
                let deeper = indent_of(line) >= indent_of(prev) + 2 && current.len() > 1
                    || indent_of(line) >= indent_of(prev) + 4;
                marker(line).is_some()
                    || bullet(line).is_some()
                    || line.trim().eq_ignore_ascii_case("-or-")
                    || (!literal_run && deeper && looks_literal(line))
                    || (literal_run && (indent_of(line) < indent_of(prev) || !looks_literal(line)))
            }
        };
        if starts_new {
            out.push(Chunk {
                lines: std::mem::take(&mut current),
            });
            literal_run = looks_literal(line) && marker(line).is_none() && bullet(line).is_none();
        } else if current.is_empty() {
            literal_run = false;
        }
        current.push(line);
    }
    if !current.is_empty() {
        out.push(Chunk { lines: current });
    }
    out
}

/// Joins literal lines, putting back together a registry key the article
/// wrapped "for readability" (a line starting with `\`).
fn literal_lines(lines: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        let t = l.trim();
        match out.last_mut() {
            Some(prev) if t.starts_with('\\') && !prev.ends_with('\\') => prev.push_str(t),
            _ => out.push(t.to_string()),
        }
    }
    out
}

fn classify(chunk: &Chunk) -> Block {
    let first = chunk.lines[0];
    let indent = indent_of(first);
    if chunk.lines.len() == 1 && first.trim().eq_ignore_ascii_case("-or-") {
        return Block::Or(indent);
    }
    if let Some((label, rest)) = marker(first) {
        let mut text = rest.to_string();
        for l in &chunk.lines[1..] {
            text.push(' ');
            text.push_str(l);
        }
        return Block::Item(Item {
            indent,
            label,
            text: reflow(&text),
            children: Vec::new(),
        });
    }
    let joined = || chunk.lines.join(" ");
    if let Some(rest) = bullet(first) {
        let mut text = rest.to_string();
        for l in &chunk.lines[1..] {
            text.push(' ');
            text.push_str(l);
        }
        return Block::Bullet(Para {
            indent,
            text: reflow(&text),
        });
    }
    if indent > 0 && chunk.lines.iter().all(|l| looks_literal(l)) {
        return Block::Literal(Literal {
            indent,
            lines: literal_lines(&chunk.lines),
        });
    }
    Block::Para(Para {
        indent,
        text: reflow(&joined()),
    })
}

/// Hangs blocks under the item they are indented under; a lettered item
/// goes under the numbered item before it. A block that is not indented
/// under the open item closes it.
fn nest(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut open: Option<usize> = None;
    for b in blocks {
        if let Some(Block::Item(parent)) = open.map(|at| &mut out[at]) {
            let takes = match &b {
                Block::Item(i) => !i.is_numbered() && parent.is_numbered(),
                other => other.indent() > parent.indent,
            };
            if takes {
                let into_sub = match parent.children.last() {
                    Some(Block::Item(sub)) if !matches!(b, Block::Item(_)) => match &b {
                        Block::Literal(_) => b.indent() >= sub.indent,
                        _ => b.indent() > sub.indent,
                    },
                    _ => false,
                };
                match parent.children.last_mut() {
                    Some(Block::Item(sub)) if into_sub => sub.children.push(b),
                    _ => parent.children.push(b),
                }
                continue;
            }
        }
        open = match &b {
            Block::Item(i) if i.is_numbered() => Some(out.len()),
            _ => None,
        };
        out.push(b);
    }
    out
}

/// A part's title and lines, before they are read as blocks.
type RawPart<'a> = (Option<String>, Vec<&'a str>);

/// Parses the body lines of an article.
pub fn parse(raw: &RawArticle) -> ParsedArticle {
    let lines: Vec<&str> = raw.lines.iter().map(String::as_str).collect();
    // The article ends where the archive's trailer begins.
    let end = lines
        .iter()
        .position(|l| l.starts_with("Additional query words:") || is_long_equals(l))
        .unwrap_or(lines.len());
    let lines = &lines[..end];

    let mut applies = Vec::new();
    let mut i = 0;
    if let Some(at) = lines.iter().position(|l| {
        l.trim()
            .eq_ignore_ascii_case("The information in this article applies to:")
    }) {
        i = at + 1;
        while i < lines.len() && !is_rule(lines[i], '-') {
            if let Some(rest) = bullet(lines[i]) {
                applies.push(applies_line(rest));
            }
            i += 1;
        }
        i += 1;
    } else if let Some(at) = lines.iter().position(|l| is_rule(l, '-')) {
        // A box without the usual words: skip to its closing rule.
        i = lines[at + 1..]
            .iter()
            .position(|l| is_rule(l, '-'))
            .map_or(at + 1, |e| at + e + 2);
    }
    let lines = &lines[i.min(lines.len())..];

    // Headings: a line over a rule of `=` (section) or `-` (part).
    let heading = |k: usize, c: char| {
        k + 1 < lines.len()
            && !lines[k].trim().is_empty()
            && indent_of(lines[k]) == 0
            && is_rule(lines[k + 1], c)
    };
    let mut preamble_lines = Vec::new();
    let mut sections: Vec<(String, Vec<RawPart>)> = Vec::new();
    let mut k = 0;
    while k < lines.len() {
        if heading(k, '=') {
            sections.push((lines[k].trim().to_string(), vec![(None, Vec::new())]));
            k += 2;
            continue;
        }
        if heading(k, '-') && !sections.is_empty() {
            if let Some((_, parts)) = sections.last_mut() {
                parts.push((Some(reflow(lines[k])), Vec::new()));
            }
            k += 2;
            continue;
        }
        match sections.last_mut() {
            Some((_, parts)) => parts.last_mut().map(|p| p.1.push(lines[k])).unwrap_or(()),
            None => preamble_lines.push(lines[k]),
        }
        k += 1;
    }
    let blocks = |ls: &[&str]| nest(chunks(ls).iter().map(classify).collect());
    ParsedArticle {
        number: raw.number.clone(),
        title: reflow(&raw.title),
        modified: raw.modified.clone(),
        applies,
        preamble: blocks(&preamble_lines),
        sections: sections
            .into_iter()
            .map(|(name, parts)| Section {
                name,
                parts: parts
                    .into_iter()
                    .map(|(title, ls)| Part {
                        title,
                        blocks: blocks(&ls),
                    })
                    .filter(|p| p.title.is_some() || !p.blocks.is_empty())
                    .collect(),
            })
            .collect(),
    }
}

fn is_long_equals(line: &str) -> bool {
    line.len() >= 40 && line.chars().all(|c| c == '=')
}

/// "Microsoft Systems Management Server versions 1.0, 1.1, 1.2".
fn applies_line(text: &str) -> Applies {
    let line = reflow(text);
    for sep in [" versions ", " version "] {
        if let Some((product, versions)) = line.split_once(sep) {
            return Applies {
                product: product.trim().to_string(),
                versions: versions
                    .split(',')
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect(),
                line: line.clone(),
            };
        }
    }
    Applies {
        product: line.clone(),
        versions: Vec::new(),
        line,
    }
}
