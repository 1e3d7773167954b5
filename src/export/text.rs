//! The plain-text export, for ticket tools that show text as it is: no
//! Markdown syntax, no terminal escapes, every line readable on its own.

use std::fmt::Write;

use crate::checklist::{Item, StepStatus, progress};
use crate::engine::{AnswerSource, Position, Session};
use crate::text::one_line;
use crate::time::{format_elapsed, format_utc};
use crate::timeline::{Timeline, TimelineWhat};
use crate::wording::{self, Style};

use super::ExportMeta;
use super::markdown::{collapse_backs, summary};

/// Untrusted text on one line, with controls and hidden characters gone.
fn plain(text: &str) -> String {
    one_line(text)
}

/// Paths and log lines in double quotes, so where they end stays clear.
fn quoted(text: &str) -> String {
    format!("\"{}\"", one_line(text))
}

/// Words kbwalk stresses, in capitals instead of markup.
fn upper(text: &str) -> String {
    text.to_uppercase()
}

const TEXT: Style = Style {
    text: plain,
    code: quoted,
    strong: upper,
};

fn underline(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{title}\n{}", "-".repeat(title.chars().count()));
}

fn mark(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Done => "[x]",
        StepStatus::Failed => "[!] FAILED:",
        StepStatus::Skipped => "[-] SKIPPED:",
        StepStatus::NotApplicable => "[/] NOT APPLICABLE:",
        StepStatus::Todo => "[ ]",
    }
}

fn write_item(out: &mut String, session: &Session, item: &Item<'_>, items: &[Item<'_>]) {
    let indent = "  ".repeat(item.depth);
    let body = format!("{indent}      ");
    let step = item.step;
    let _ = writeln!(
        out,
        "{indent}{} {}. {} ({})",
        mark(item.status),
        item.number,
        plain(&session.fill(&step.text)),
        step.risk.label()
    );
    let mut line = |label: &str, text: String| {
        let _ = writeln!(out, "{body}{label}: {text}");
    };
    if let Some(why) = &item.not_applicable_because {
        line("Not applicable", plain(why));
    }
    if let Some(w) = &step.location {
        line("Where", plain(&session.fill(w)));
    }
    if let Some(cmd) = &step.command {
        line("Command", plain(&session.fill(cmd)));
    }
    if let Some(w) = &step.warning {
        line("WARNING", plain(&session.fill(w)));
    }
    if let Some(n) = &step.note {
        line("Note", plain(&session.fill(n)));
    }
    if let Some(wait) = &step.wait {
        line("Wait", wording::wait_plan(session, wait, TEXT));
    }
    if let Some(cond) = &step.condition {
        let answered = match item.condition {
            Some(holds) => format!(" Answered: {}.", wording::yes_no(holds)),
            None => String::new(),
        };
        let _ = items;
        line(
            "Condition",
            format!("{}{answered}", plain(&session.fill(&cond.ask))),
        );
    }
    if let Some(v) = &step.verify {
        let verdict = item.verification.map(|ver| {
            let imported = ver.evidence.iter().any(|e| e.imported);
            format!(
                " {}.",
                wording::verification_verdict(ver.verified, imported)
            )
        });
        line(
            "Verify",
            format!(
                "{}{}",
                plain(&session.fill(&v.text)),
                verdict.unwrap_or_default()
            ),
        );
    }
    if !item.note.is_empty() {
        line("Operator note", plain(item.note));
    }
}

/// The whole plain-text export; with a stored session's `timeline`, who
/// did what and when.
pub fn text(session: &Session, meta: &ExportMeta, timeline: Option<&Timeline>) -> String {
    let tree = session.tree();
    let mut out = String::new();
    let heading = match session.position() {
        Position::Outcome(o) => session.fill(&o.title),
        Position::Question(_) => "Walk in progress".to_string(),
    };
    let title = format!("kbwalk: {}", plain(&heading));
    let _ = writeln!(out, "{title}\n{}", "=".repeat(title.chars().count()));
    for c in &meta.evidence_changed {
        let _ = writeln!(out, "WARNING: {}", c.text(session, quoted));
    }
    let _ = writeln!(
        out,
        "Tree: {} version {} ({})",
        plain(&tree.id),
        plain(&tree.version),
        plain(&tree.title)
    );
    if let Some(sym) = session.symptom().and_then(|s| tree.symptom(s)) {
        let _ = writeln!(out, "Symptom: {} ({})", plain(&sym.text), plain(&sym.id));
    }
    let _ = writeln!(out, "Exported: {}", format_utc(meta.exported_at));
    if let Some(op) = &meta.operator {
        let _ = writeln!(out, "Operator: {}", plain(op));
    }
    if let Some(t) = timeline {
        let _ = writeln!(
            out,
            "Started: {} by {}; total elapsed {}",
            format_utc(t.started_at),
            plain(&t.started_by),
            format_elapsed(t.elapsed())
        );
    }
    let items = session.checklist_items();
    if session.checklist().is_some() {
        let (done, total) = progress(&items);
        let _ = writeln!(out, "Progress: {done} of {total} steps done");
        let _ = writeln!(out, "Summary: {}", summary(session, &items, meta).text());
    }

    underline(&mut out, "Diagnosis");
    match session.position() {
        Position::Question(q) => {
            let _ = writeln!(
                out,
                "Not finished: the walk stopped at the question \"{}\".",
                plain(&session.fill(&q.text))
            );
        }
        Position::Outcome(o) => {
            let _ = writeln!(
                out,
                "{}: {}",
                o.kind.label().to_uppercase(),
                plain(&session.fill(&o.title))
            );
            if let Some(c) = o.cause.as_deref().and_then(|c| tree.cause(c)) {
                let _ = writeln!(
                    out,
                    "Cause: {} (from {})",
                    plain(&c.title),
                    c.source.article
                );
            }
            for a in &o.articles {
                let _ = writeln!(out, "Article: {}", plain(&a.article));
            }
            let _ = writeln!(out, "{}", plain(&session.fill(&o.summary)));
            for w in session.applicability_warnings() {
                let _ = writeln!(
                    out,
                    "APPLICABILITY WARNING: {} applies to {}.",
                    plain(&w.article),
                    plain(&w.requirement)
                );
            }
        }
    }

    underline(&mut out, "Answers");
    for (q, a) in session.path_answers() {
        let source = match &a.source {
            AnswerSource::Operator => String::new(),
            other => format!(" ({})", wording::source_text(other, quoted)),
        };
        let _ = writeln!(
            out,
            "- {} -> {}{source}",
            plain(&session.fill(&q.text)),
            plain(&wording::answer_label(q, a))
        );
    }

    if let (Some(o), Some(state)) = (session.outcome(), session.checklist()) {
        underline(&mut out, "Checklist");
        let mut current: Option<&str> = None;
        for item in &items {
            let alt = item.alternative.map(|a| a.id.as_str());
            if alt != current {
                if let Some(a) = item.alternative {
                    let pos = o
                        .alternatives
                        .iter()
                        .position(|x| x.id == a.id)
                        .unwrap_or(0)
                        + 1;
                    let chosen = if state.alternative.is_some() {
                        "Chosen option"
                    } else {
                        "Option"
                    };
                    let _ = writeln!(
                        out,
                        "\n{chosen} {pos} of {}: {}",
                        o.alternatives.len(),
                        plain(&session.fill(&a.title))
                    );
                }
                current = alt;
            }
            write_item(&mut out, session, item, &items);
        }
    }

    if let Some(t) = timeline {
        underline(&mut out, "Timeline");
        for (e, times) in collapse_backs(&t.events) {
            let what = match &e.what {
                TimelineWhat::Input(crate::engine::Input::Back) if times > 1 => {
                    format!("Went back {times} questions")
                }
                TimelineWhat::Input(input) => wording::describe_input(session, &items, input, TEXT),
                TimelineWhat::Unfit { input, reason } => format!(
                    "{} (no longer fits the tree: {})",
                    wording::describe_input(session, &items, input, TEXT),
                    plain(reason)
                ),
                TimelineWhat::Remark(text) => plain(text),
            };
            let _ = writeln!(out, "{}  {}  {what}", format_utc(e.at), plain(&e.by));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_text_loses_escapes_and_line_breaks() {
        assert_eq!(plain("a\u{1b}[31mb\nc"), "a[31mb c");
        assert_eq!(quoted("C:\\x"), "\"C:\\x\"");
    }
}
