//! `kbwalk list`: the trees and their symptom entry points.

use std::io::Write;
use std::process::ExitCode;

use serde_json::json;
use unicode_width::UnicodeWidthStr;

use crate::library::Library;
use crate::text::{self, one_line};

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
    // Thousands of lines: one write per line would cost more than the rest.
    let mut out = std::io::BufWriter::new(text::stdout());
    for e in lib.entries() {
        let t = &e.summary;
        writeln!(
            out,
            "{} {}: {}{} ({})",
            one_line(&t.id),
            one_line(&t.version),
            one_line(&t.title),
            draft_mark(t.draft),
            one_line(&e.file)
        )?;
        let ids: Vec<String> = t.symptoms.iter().map(|s| one_line(&s.id)).collect();
        let column = ids
            .iter()
            .map(|id| id.width())
            .filter(|w| *w <= MAX_ID_COLUMN)
            .max()
            .unwrap_or(0);
        for (s, id) in t.symptoms.iter().zip(&ids) {
            let pad = " ".repeat(column.saturating_sub(id.width()));
            writeln!(
                out,
                "  {id}{pad}  {}  [{}]",
                one_line(&s.text),
                one_line(&s.articles.join(", "))
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// ` [imported draft, not reviewed]` after a draft's title, nothing otherwise.
fn draft_mark(draft: bool) -> String {
    if draft {
        format!(" [{}]", crate::tree::DRAFT_LABEL)
    } else {
        String::new()
    }
}
