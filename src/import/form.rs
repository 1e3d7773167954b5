//! Recognising an article's form by its content, and reducing each of the
//! three forms to the same thing: the number, title and date, and the body
//! lines as the Markdown and HTML pages show them.

use std::fmt;

/// The three forms the archive keeps every article in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `DOCUMENT:Q183347  31-JUL-2001  [sms]`, `TITLE   :` ... header lines.
    PlainText,
    /// YAML front matter, then the article indented inside `{% raw %}`.
    Markdown,
    /// The article inside `<pre><code>`, with HTML entities.
    Html,
}

impl Form {
    pub fn as_str(self) -> &'static str {
        match self {
            Form::PlainText => "plain text",
            Form::Markdown => "Markdown page",
            Form::Html => "HTML page",
        }
    }
}

/// An article reduced to what every form has in common.
#[derive(Debug, Clone, PartialEq)]
pub struct RawArticle {
    pub form: Form,
    /// `Q183347`.
    pub number: String,
    pub title: String,
    /// The date the article was last modified, as written (`31-JUL-2001`).
    pub modified: String,
    /// The body from the "applies to" box on, one entry per line.
    pub lines: Vec<String>,
}

/// Why a file is not an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError(pub String);

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FormError {}

fn err<T>(message: impl Into<String>) -> Result<T, FormError> {
    Err(FormError(message.into()))
}

/// Bytes as text: UTF-8 when they are, else Windows-1252 (a few archive
/// articles are), which maps every byte to a character.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Recognises the form and reduces the article to its common shape.
pub fn recognise(text: &str) -> Result<RawArticle, FormError> {
    // Control characters (an escape sequence, a form feed) are no part of
    // an article's words and must not reach a terminal: they become spaces.
    let text: String = text
        .replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' => '\n',
            '\n' | '\t' => c,
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let first = text.trim_start();
    if first.starts_with("DOCUMENT:") {
        plain_text(&text)
    } else if first.starts_with("---\n") {
        markdown(&text)
    } else if first.starts_with('<') {
        html(&text)
    } else {
        err(
            "not a KB article: expected the plain-text form (a DOCUMENT: line), \
             the Markdown page form (front matter and {% raw %}) or the HTML page form (<pre><code>)",
        )
    }
}

fn is_article_number(s: &str) -> bool {
    s.len() >= 2 && s.len() <= 9 && s.starts_with('Q') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// The legal notice that ends the plain-text form; the pages leave it out.
const DISCLAIMER: &str = "THE INFORMATION PROVIDED IN THE MICROSOFT KNOWLEDGE BASE IS";

fn plain_text(text: &str) -> Result<RawArticle, FormError> {
    let document = text.trim_start().lines().next().unwrap_or_default().trim();
    let fields = document.strip_prefix("DOCUMENT:").unwrap_or_default();
    let mut fields = fields.split_whitespace();
    let number = fields.next().unwrap_or_default().to_string();
    if !is_article_number(&number) {
        return err(format!(
            "expected `DOCUMENT:Q` and the article number, found {document:?}"
        ));
    }
    let modified = fields.next().unwrap_or_default().to_string();
    let mut title = None;
    let mut header_end = None;
    for (i, line) in text.lines().enumerate() {
        if let Some(t) = line.strip_prefix("TITLE   :") {
            title = Some(t.trim().to_string());
        }
        if line.starts_with("=====") {
            header_end = Some(i);
            break;
        }
    }
    let Some(header_end) = header_end else {
        return err("the header has no line of `=` after it");
    };
    let Some(title) = title.filter(|t| !t.is_empty()) else {
        return err("the header has no `TITLE   :` line");
    };
    let body = text
        .lines()
        .skip(header_end + 1)
        .take_while(|l| !l.starts_with(DISCLAIMER))
        // The pages show the body one space less indented.
        .map(|l| l.strip_prefix(' ').unwrap_or(l).trim_end().to_string())
        .collect();
    Ok(RawArticle {
        form: Form::PlainText,
        number,
        title,
        modified,
        lines: body,
    })
}

fn markdown(text: &str) -> Result<RawArticle, FormError> {
    let front_end = text[4..]
        .find("\n---\n")
        .ok_or_else(|| FormError("the front matter has no closing `---` line".into()))?;
    let front = &text[4..4 + front_end];
    let title = front
        .lines()
        .find_map(|l| l.strip_prefix("title:"))
        .map(|t| {
            let t = t.trim();
            let t = t
                .strip_prefix('"')
                .and_then(|t| t.strip_suffix('"'))
                .unwrap_or(t);
            html_escape::decode_html_entities(&t.replace("\\\"", "\"")).into_owned()
        })
        .ok_or_else(|| FormError("the front matter has no `title:`".into()))?;
    let after_front = &text[4 + front_end + 5..];
    // The article sits inside `{% raw %}` ... `{% endraw %}`, or (in older
    // pages) is simply indented as a code block after the heading.
    let body = match after_front.find("{% raw %}") {
        Some(start) => {
            let start = start + "{% raw %}".len();
            let end = after_front[start..]
                .find("{% endraw %}")
                .ok_or_else(|| FormError("`{% raw %}` is never closed by `{% endraw %}`".into()))?;
            &after_front[start..start + end]
        }
        None => after_front,
    };
    let lines = body
        .lines()
        .filter(|l| !l.starts_with("## "))
        .map(|l| {
            l.strip_prefix('\t')
                .or_else(|| l.strip_prefix("    "))
                .unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n");
    page(Form::Markdown, &title, &lines)
}

fn html(text: &str) -> Result<RawArticle, FormError> {
    let dom = tl::parse(text, tl::ParserOptions::default())
        .map_err(|e| FormError(format!("not HTML that can be read: {e}")))?;
    let parser = dom.parser();
    let decoded = |h: tl::NodeHandle| -> String {
        h.get(parser)
            .map(|n| html_escape::decode_html_entities(&n.inner_text(parser)).into_owned())
            .unwrap_or_default()
    };
    let code = dom
        .query_selector("code")
        .into_iter()
        .flatten()
        .map(decoded)
        .find(|t| t.trim_start().starts_with("Article:"))
        .ok_or_else(|| {
            FormError(
                "not a KB article: an HTML page without the article in <pre><code> \
                 (starting `Article:`)"
                    .into(),
            )
        })?;
    let title = dom
        .query_selector("h2")
        .into_iter()
        .flatten()
        .chain(dom.query_selector("title").into_iter().flatten())
        .map(decoded)
        .find(|t| {
            t.split_once(':')
                .is_some_and(|(n, _)| is_article_number(n.trim()))
        })
        .map(|t| straight_quotes(t.split(" | ").next().unwrap_or_default()))
        .ok_or_else(|| FormError("the page has no heading `Qnnnnnn: title`".into()))?;
    page(Form::Html, &title, &code)
}

/// The HTML pages' generator curls the quotes of a title; the article
/// itself (and the other forms) writes them straight.
fn straight_quotes(title: &str) -> String {
    title
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c => c,
        })
        .collect()
}

/// The common part of both page forms: the `Article:` header, then the body.
fn page(form: Form, heading: &str, code: &str) -> Result<RawArticle, FormError> {
    let code = byte_escapes(code);
    let mut lines = code.lines().skip_while(|l| l.trim().is_empty());
    let mut number = String::new();
    let mut modified = String::new();
    for line in lines.by_ref() {
        if line.trim().is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Article:") {
            number = n.trim().to_string();
        } else if let Some(d) = line.strip_prefix("Last Modified:") {
            modified = d.trim().to_string();
        }
    }
    if !is_article_number(&number) {
        return err("the article header has no `Article: Qnnnnnn` line");
    }
    let title = match heading.trim().split_once(':') {
        Some((n, t)) if n.trim() == number => t.trim().to_string(),
        _ => heading.trim().to_string(),
    };
    if title.is_empty() {
        return err("the article has an empty title");
    }
    Ok(RawArticle {
        form,
        number,
        title,
        modified,
        lines: lines.map(|l| l.trim_end().to_string()).collect(),
    })
}

/// The pages write a byte they could not show as `<A0>`; it is Windows-1252.
fn byte_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let b = tail.as_bytes();
        let hex = |c: u8| c.is_ascii_digit() || (b'A'..=b'F').contains(&c);
        if b.len() >= 4 && hex(b[1]) && hex(b[2]) && b[3] == b'>' && b[1] >= b'8' {
            let byte = u8::from_str_radix(&tail[1..3], 16).unwrap_or(b'?');
            let bytes = [byte];
            let (c, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
            out.push_str(&c);
            rest = &tail[4..];
        } else {
            out.push('<');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_bytes_and_their_page_escapes_read_the_same() {
        assert_eq!(
            decode(b"Windows\xa0NT \x93x\x94"),
            "Windows\u{a0}NT \u{201c}x\u{201d}"
        );
        assert_eq!(
            byte_escapes("Windows<A0>NT <NULL> <7F>"),
            "Windows\u{a0}NT <NULL> <7F>"
        );
    }

    #[test]
    fn control_characters_do_not_reach_the_draft() {
        let raw = recognise(
            "DOCUMENT:Q1 1-JAN-2001\r\nTITLE   :A \u{1b}[31mred\u{7} title\r\n=====\r\nbody\u{0c}\r\n",
        )
        .unwrap();
        assert_eq!(raw.title, "A  [31mred  title");
        assert_eq!(raw.lines, ["body"]);
    }

    #[test]
    fn text_of_no_known_form_is_refused_with_what_was_expected() {
        let e = recognise("hello\nworld\n").unwrap_err();
        assert!(e.0.contains("DOCUMENT:"), "{e}");
        let e = recognise("<html><body><p>hi</p></body></html>").unwrap_err();
        assert!(e.0.contains("<pre><code>"), "{e}");
        let e = recognise("DOCUMENT:nope").unwrap_err();
        assert!(e.0.contains("article number"), "{e}");
    }
}
