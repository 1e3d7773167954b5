//! `kbwalk list`: the trees and their symptom entry points.

use std::borrow::Cow;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use serde_json::json;
use unicode_width::UnicodeWidthStr;

use crate::library::Library;
use crate::text::{self, one_line, one_line_cow};

/// Symptom ids are padded to line up their texts, up to this width; a longer
/// one pushes its own line's text along.
const MAX_ID_COLUMN: usize = 32;

pub fn list(lib: &Library, as_json: bool) -> anyhow::Result<ExitCode> {
    if as_json {
        let trees: Vec<_> = lib
            .entries()
            .iter()
            .map(|e| {
                let t = &e.summary;
                json!({
                    "id": t.id,
                    "version": t.version,
                    "title": t.title,
                    "draft": t.draft,
                    "file": e.file,
                    "articles": t.articles.iter().map(|a| json!({"id": a.id, "title": a.title})).collect::<Vec<_>>(),
                    "symptoms": t.symptoms.iter().map(|s| json!({
                        "id": s.id,
                        "text": s.text,
                        "keywords": s.keywords,
                        "articles": s.articles,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        writeln!(
            text::stdout(),
            "{}",
            text::json_pretty(&json!({ "trees": trees }))?
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    // Thousands of lines: one write per line would cost more than the rest,
    // and so would a copy of each string (most need no cleaning).
    let mut out = std::io::BufWriter::with_capacity(1 << 16, text::stdout());
    let mut ids: Vec<Cow<str>> = Vec::new();
    for e in lib.entries() {
        let t = &e.summary;
        writeln!(
            out,
            "{} {}: {}{} ({})",
            one_line_cow(&t.id),
            one_line_cow(&t.version),
            one_line_cow(&t.title),
            draft_mark(t.draft),
            one_line_cow(&e.file)
        )?;
        ids.clear();
        ids.extend(t.symptoms.iter().map(|s| one_line_cow(&s.id)));
        let column = ids
            .iter()
            .map(|id| width(id))
            .filter(|w| *w <= MAX_ID_COLUMN)
            .max()
            .unwrap_or(0);
        for (s, id) in t.symptoms.iter().zip(&ids) {
            let pad = column.saturating_sub(width(id));
            write!(out, "  {id}{:pad$}  {}  [", "", one_line_cow(&s.text))?;
            write_articles(&mut out, &s.articles)?;
            out.write_all(b"]\n")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The display width of text already on one line.
fn width(text: &str) -> usize {
    if text.is_ascii() {
        // Printable ASCII: one column a byte.
        text.len()
    } else {
        text.width()
    }
}

/// A symptom's articles, comma-separated, on one line.
fn write_articles(out: &mut impl Write, articles: &[Arc<str>]) -> std::io::Result<()> {
    // Article ids are nearly always plain: each written as it is. Any other
    // goes through the whole list made one line, where a blank id folds
    // into its neighbours' spaces.
    if articles
        .iter()
        .all(|a| !a.is_empty() && matches!(one_line_cow(a), Cow::Borrowed(_)))
    {
        for (i, a) in articles.iter().enumerate() {
            if i > 0 {
                out.write_all(b", ")?;
            }
            out.write_all(a.as_bytes())?;
        }
        return Ok(());
    }
    out.write_all(one_line(&articles.join(", ")).as_bytes())
}

/// ` [imported draft, not reviewed]` after a draft's title, nothing otherwise.
fn draft_mark(draft: bool) -> String {
    if draft {
        format!(" [{}]", crate::tree::DRAFT_LABEL)
    } else {
        String::new()
    }
}
