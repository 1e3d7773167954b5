//! The Markdown export: a complete record for the ticket, with the checklist
//! as a GitHub task list and a replay block of the answers.

use std::fmt::Write;

use crate::checklist::{Item, StepStatus, progress};
use crate::engine::{AnswerSource, Position, Session};
use crate::tree::links::target_tree;
use crate::tree::{SeeAlso, SourceRef, Tree};

use super::{ExportMeta, REPLAY_TAG};
use crate::text::{is_hidden, one_line};
use crate::time::{format_elapsed, format_utc};
use crate::timeline::{Timeline, TimelineWhat};
use crate::wording::{self, Style};

/// Escapes text so it reads as written, on one line: no emphasis, links,
/// HTML, entities, math, task markers or block structure (notes, answers,
/// tree text and probe output are untrusted). Backslashes are escaped too,
/// so `\\server` stays `\\server` and `\[x\](y)` stays text.
fn inline(text: &str) -> String {
    let text = one_line(text);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let escape = match c {
            '\\' | '*' | '[' | ']' | '<' | '>' | '`' | '|' | '#' | '~' | '&' | '$' => true,
            // Inside a word (`SMS_UPGRADE_BOOTSTRAP`) `_` cannot emphasise.
            '_' => {
                !(before.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric))
            }
            // At the start these would begin a list, a heading underline or a quote.
            '-' | '+' | '=' => i == 0,
            // `1.` or `1)` at the start is an ordered list.
            '.' | ')' => {
                i > 0
                    && chars[..i].iter().all(char::is_ascii_digit)
                    && after.is_none_or(char::is_whitespace)
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A code span that holds any text, whatever backticks it contains: for
/// paths, commands and log lines, which read best exactly as they are.
fn code_span(text: &str) -> String {
    let text = one_line(text);
    if text.is_empty() {
        return "(empty)".to_string();
    }
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // A space at both ends would be stripped, and a backtick at an end would
    // join the fence: pad with one more space on each side.
    let pad = if text.starts_with('`') || text.ends_with('`') || text.starts_with(' ') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Markdown's escaping of prose and code, for the wording of a walk.
const MARKDOWN: Style = Style {
    text: inline,
    code: code_span,
    strong,
};

/// The same inside a table cell, where pipes are escaped too.
const MARKDOWN_TABLE: Style = Style {
    text: inline,
    code: code_span_in_table,
    strong,
};

/// Bold, for words kbwalk writes itself (never untrusted text).
fn strong(text: &str) -> String {
    format!("**{text}**")
}

/// A `see_also` link: why to go there, and the symptom and tree it names.
fn see_also(session: &Session, see: &SeeAlso) -> String {
    format!(
        "See also: {} (symptom {} of tree {})",
        inline(&session.fill(&see.text)),
        code_span(&see.symptom),
        code_span(target_tree(session.tree(), see))
    )
}

/// A code span inside a table cell: the table splits cells on `|` before
/// code spans are read, so pipes are escaped (the backslash is removed there).
fn code_span_in_table(text: &str) -> String {
    code_span(text).replace('|', "\\|")
}

/// A YAML double-quoted scalar holding `text` exactly. Everything that is
/// not plainly visible is written as an escape: controls, hidden characters
/// (so none reach the file), and NEL, LS and PS, which YAML would read as
/// line breaks and fold away.
fn yaml_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || is_hidden(c)
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}') =>
            {
                if u32::from(c) <= 0xffff {
                    let _ = write!(out, "\\u{:04x}", u32::from(c));
                } else {
                    let _ = write!(out, "\\U{:08x}", u32::from(c));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Where an answer came from, with a probe's evidence in code spans.
fn source_markdown(source: &AnswerSource, in_table: bool) -> String {
    let code = if in_table {
        code_span_in_table
    } else {
        code_span
    };
    wording::source_text(source, code)
}

fn cite(tree: &Tree, src: &SourceRef) -> String {
    let mut s = src.article.clone();
    if let Some(a) = tree.article(&src.article) {
        let _ = write!(s, " \"{}\"", inline(&a.title));
    }
    if let Some(sec) = &src.section {
        let _ = write!(s, ", {}", inline(sec));
    }
    if let Some(step) = &src.step {
        let _ = write!(s, ", step {}", inline(step));
    }
    s
}

fn sentence(text: &str) -> String {
    let t = text.trim();
    if t.ends_with(['.', '!', '?']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

fn write_item(out: &mut String, session: &Session, item: &Item<'_>, items: &[Item<'_>]) {
    let indent = "  ".repeat(item.depth);
    let body = format!("{indent}  ");
    let step = item.step;
    let mark = if item.status == StepStatus::Done {
        "x"
    } else {
        " "
    };
    let text = inline(&session.fill(&step.text));
    let _ = write!(out, "{indent}- [{mark}] **{}.** ", item.number);
    match item.status {
        // Still unticked, so the mark must say at once that it is not a to-do.
        StepStatus::Failed | StepStatus::Skipped => {
            let _ = write!(
                out,
                "**{}:** {text} `{}`",
                item.status.label().to_uppercase(),
                step.risk.label()
            );
        }
        StepStatus::NotApplicable => {
            let _ = write!(
                out,
                "~~{text}~~ `{}` **{}**",
                step.risk.label(),
                item.status.label()
            );
        }
        StepStatus::Todo | StepStatus::Done => {
            let _ = write!(out, "{text} `{}`", step.risk.label());
        }
    }
    out.push('\n');
    if let Some(why) = &item.not_applicable_because {
        let _ = writeln!(out, "{body}- Not applicable: {}", inline(why));
    }
    if let Some(w) = &step.location {
        let _ = writeln!(out, "{body}- Where: {}", inline(&session.fill(w)));
    }
    if let Some(cmd) = &step.command {
        let _ = writeln!(out, "{body}- Command: {}", code_span(&session.fill(cmd)));
    }
    if let Some(warning) = &step.warning {
        blank_line(out);
        let _ = writeln!(
            out,
            "{body}> **Warning:** {}\n",
            inline(&session.fill(warning))
        );
    }
    if let Some(note) = &step.note {
        let _ = writeln!(out, "{body}- Note: {}", inline(&session.fill(note)));
    }
    if let Some(see) = &step.see_also {
        let _ = writeln!(out, "{body}- {}", see_also(session, see));
    }
    if let Some(wait) = &step.wait {
        let _ = writeln!(
            out,
            "{body}- {}",
            wording::wait_plan(session, wait, MARKDOWN)
        );
    }
    if let Some(cond) = &step.condition {
        let _ = write!(
            out,
            "{body}- Condition: {}",
            inline(&session.fill(&cond.ask))
        );
        for (holds, action) in [(true, &cond.yes), (false, &cond.no)] {
            let consequence = wording::condition_consequence(session, items, action);
            let then = consequence.then.map(|t| sentence(&inline(&t)));
            let parts: Vec<String> = then.into_iter().chain(consequence.effects).collect();
            if !parts.is_empty() {
                let _ = write!(out, " If {}: {}", wording::yes_no(holds), parts.join(" "));
            }
        }
        match item.condition {
            Some(true) => out.push_str(" **Answered: yes.**"),
            Some(false) => out.push_str(" **Answered: no.**"),
            None => {}
        }
        out.push('\n');
    }
    if let Some(v) = &step.verify {
        let _ = write!(out, "{body}- Verify: {}", inline(&session.fill(&v.text)));
        match item.verification {
            Some(ver) => {
                let imported = ver.evidence.iter().any(|e| e.imported);
                let verdict = wording::verification_verdict(ver.verified, imported);
                let _ = writeln!(out, " **{verdict}.**");
                for e in &ver.evidence {
                    let _ = writeln!(
                        out,
                        "{body}  - {}",
                        source_markdown(&AnswerSource::Probe(e.clone()), false)
                    );
                }
            }
            None => out.push('\n'),
        }
    }
    if let Some(src) = &step.source {
        let _ = writeln!(out, "{body}- Source: {}", cite(session.tree(), src));
    }
    if !item.note.is_empty() {
        let _ = writeln!(out, "{body}- Operator note: {}", inline(item.note));
    }
}

/// `2026-11-22 14:05:09 UTC`: a timeline needs the seconds to keep its order readable.
fn utc_seconds(at: i64) -> String {
    format_utc(at).replace(" UTC", &format!(":{:02} UTC", at.rem_euclid(60)))
}

fn write_timeline(out: &mut String, session: &Session, items: &[Item<'_>], t: &Timeline) {
    out.push_str("## Timeline\n\n");
    let _ = writeln!(
        out,
        "Started {} by {}; last change {}; total elapsed {}.\n",
        utc_seconds(t.started_at),
        inline(&t.started_by),
        utc_seconds(t.last_at()),
        format_elapsed(t.elapsed())
    );
    if t.events.is_empty() {
        return;
    }
    out.push_str("| When | Who | What |\n|---|---|---|\n");
    for (e, times) in collapse_backs(&t.events) {
        let what = match &e.what {
            TimelineWhat::Input(crate::engine::Input::Back) if times > 1 => {
                format!("Went back {times} questions")
            }
            TimelineWhat::Input(input) => {
                wording::describe_input(session, items, input, MARKDOWN_TABLE)
            }
            TimelineWhat::Unfit { input, reason } => format!(
                "{} (no longer fits the tree: {})",
                wording::describe_input(session, items, input, MARKDOWN_TABLE),
                inline(reason)
            ),
            TimelineWhat::Remark(text) => inline(text),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {what} |",
            utc_seconds(e.at),
            inline(&e.by)
        );
    }
    out.push('\n');
}

/// The diagnosis's applicability warnings, first thing under the title:
/// whoever reads the ticket must see them before the steps.
fn write_warnings(out: &mut String, session: &Session, meta: &ExportMeta) {
    for w in &session.applicability_warnings() {
        let style = MARKDOWN;
        let _ = writeln!(
            out,
            "> **Warning:** {} Steps citing it may not apply.\n",
            wording::applicability_text(w, style)
        );
    }
    for c in &meta.evidence_changed {
        let text = c.text(session, |t| format!("\"{}\"", inline(t)));
        let _ = writeln!(out, "> **Warning:** {text}\n");
    }
}

/// The timeline's events with runs of "went back" by one operator made one
/// event (the last of the run, and how many): stepping back through five
/// questions is one thing that happened.
pub(super) fn collapse_backs(
    events: &[crate::timeline::TimelineEvent],
) -> Vec<(&crate::timeline::TimelineEvent, usize)> {
    let is_back = |e: &crate::timeline::TimelineEvent| {
        matches!(e.what, TimelineWhat::Input(crate::engine::Input::Back))
    };
    let mut out: Vec<(&crate::timeline::TimelineEvent, usize)> = Vec::new();
    for e in events {
        if let Some((last, n)) = out.last_mut()
            && is_back(last)
            && is_back(e)
            && last.by == e.by
        {
            *last = e;
            *n += 1;
            continue;
        }
        out.push((e, 1));
    }
    out
}

/// Ends `out` with exactly one blank line, as a heading or a block needs
/// before it (never two: Markdown linters flag MD012).
fn blank_line(out: &mut String) {
    while out.ends_with("\n\n") {
        out.pop();
    }
    if !out.is_empty() {
        out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
    }
}

/// Counts of the steps that apply: what a reader of the ticket wants first.
pub(super) struct Summary {
    pub done: usize,
    pub failed: usize,
    pub skipped: usize,
    pub remaining: usize,
    pub waiting: usize,
}

/// Waits are the ones saved with the session (`w` in the wizard).
pub(super) fn summary(session: &Session, items: &[Item<'_>], meta: &ExportMeta) -> Summary {
    let started_waits = session.checklist().map(|c| &c.waits);
    let count = |s: StepStatus| items.iter().filter(|i| i.status == s).count();
    let waiting = items
        .iter()
        .filter(|i| i.status == StepStatus::Todo)
        .filter(|i| {
            i.step.wait.as_ref().is_some_and(|w| {
                let started = started_waits.and_then(|w| w.get(&i.step.id)).copied();
                matches!(
                    wording::wait_progress(w, started, meta.exported_at),
                    wording::WaitState::Running { .. }
                )
            })
        })
        .count();
    Summary {
        done: count(StepStatus::Done),
        failed: count(StepStatus::Failed),
        skipped: count(StepStatus::Skipped),
        remaining: count(StepStatus::Todo),
        waiting,
    }
}

impl Summary {
    pub fn text(&self) -> String {
        format!(
            "{} done, {} failed, {} skipped, {} remaining ({} waiting)",
            self.done, self.failed, self.skipped, self.remaining, self.waiting
        )
    }
}

/// The whole export. `meta` supplies the time and the operator.
pub fn markdown(session: &Session, meta: &ExportMeta) -> String {
    render(session, meta, None)
}

/// The whole export of a stored session: its timeline says who did what and
/// when, and the total elapsed time, for the postmortem.
pub fn markdown_with_timeline(session: &Session, meta: &ExportMeta, timeline: &Timeline) -> String {
    render(session, meta, Some(timeline))
}

fn render(session: &Session, meta: &ExportMeta, timeline: Option<&Timeline>) -> String {
    let tree = session.tree();
    let mut out = String::new();
    let heading = match session.position() {
        Position::Outcome(o) => session.fill(&o.title),
        Position::Question(_) => "Walk in progress".to_string(),
    };
    let _ = writeln!(out, "# kbwalk: {}\n", inline(&heading));
    write_warnings(&mut out, session, meta);
    let _ = writeln!(
        out,
        "- Tree: {} version {} ({})",
        code_span(&tree.id),
        inline(&tree.version),
        inline(&tree.title)
    );
    if tree.draft {
        let _ = writeln!(
            out,
            "- **{}**: the tree was imported from its article and nobody has checked it yet",
            crate::tree::DRAFT_LABEL
        );
    }
    if let Some(sym) = session.symptom().and_then(|s| tree.symptom(s)) {
        let _ = writeln!(
            out,
            "- Symptom: {} ({})",
            inline(&sym.text),
            code_span(&sym.id)
        );
    }
    let _ = writeln!(out, "- Exported: {}", format_utc(meta.exported_at));
    if let Some(op) = &meta.operator {
        let _ = writeln!(out, "- Operator: {}", inline(op));
    }
    if let Some(t) = timeline {
        let _ = writeln!(
            out,
            "- Started: {} by {}",
            format_utc(t.started_at),
            inline(&t.started_by)
        );
        let operators = t.operators();
        if operators.len() > 1 {
            let _ = writeln!(out, "- Operators: {}", inline(&operators.join(", ")));
        }
        let _ = writeln!(out, "- Total elapsed: {}", format_elapsed(t.elapsed()));
    }
    let items = session.checklist_items();
    if let Some(state) = session.checklist() {
        let (done, total) = progress(&items);
        let _ = writeln!(out, "- Progress: {done} of {total} steps done");
        let _ = writeln!(out, "- Summary: {}", summary(session, &items, meta).text());
        if let Some(start) = state.started_at {
            let _ = writeln!(out, "- Checklist started: {}", format_utc(start));
        }
        for (wait, duration) in wording::running_waits(session, &items, meta.exported_at) {
            let _ = writeln!(out, "- Waiting: {}", inline(&wait.text(&duration)));
        }
    }
    blank_line(&mut out);

    // Diagnosis.
    out.push_str("## Diagnosis\n\n");
    match session.position() {
        Position::Question(q) => {
            let _ = writeln!(
                out,
                "Not finished: the walk stopped at the question \"{}\".\n",
                inline(&session.fill(&q.text))
            );
        }
        Position::Outcome(o) => {
            let _ = writeln!(
                out,
                "**{}:** {}\n",
                o.kind.label(),
                inline(&session.fill(&o.title))
            );
            if let Some(c) = o.cause.as_deref().and_then(|c| tree.cause(c)) {
                let _ = writeln!(
                    out,
                    "Cause: {} ({}, from {})\n",
                    inline(&c.title),
                    code_span(&c.id),
                    cite(tree, &c.source)
                );
            }
            for a in &o.articles {
                let _ = writeln!(out, "- Article: {}", cite(tree, a));
            }
            if !o.articles.is_empty() {
                out.push('\n');
            }
            let _ = writeln!(out, "{}\n", inline(&session.fill(&o.summary)));
            if let Some(see) = &o.see_also {
                let _ = writeln!(out, "{}\n", see_also(session, see));
            }
            for w in session.applicability_warnings() {
                let answers: Vec<String> = w
                    .answers
                    .iter()
                    .map(|(q, a)| format!("\"{}\" to \"{}\"", inline(a), inline(q.trim())))
                    .collect();
                let _ = writeln!(
                    out,
                    "> **Applicability warning:** {} applies to {}, but you answered {}.\n",
                    w.article,
                    inline(&w.requirement),
                    answers.join(" and ")
                );
            }
        }
    }

    // Answers.
    blank_line(&mut out);
    out.push_str("## Answers\n\n| Question | Answer | Source |\n|---|---|---|\n");
    for (q, a) in session.path_answers() {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            inline(&session.fill(&q.text)),
            inline(&wording::answer_label(q, a)),
            source_markdown(&a.source, true)
        );
    }
    out.push('\n');

    let ruled = wording::ruled_out(session);
    if !ruled.is_empty() {
        blank_line(&mut out);
        out.push_str("## Causes ruled out\n\n");
        for r in ruled {
            let _ = writeln!(
                out,
                "- {} ({}): {}",
                inline(&r.title),
                code_span(&r.id),
                inline(&r.reason)
            );
        }
        out.push('\n');
    }

    // Checklist.
    if let (Some(o), Some(state)) = (session.outcome(), session.checklist()) {
        blank_line(&mut out);
        out.push_str("## Checklist\n\n");
        let mut current_alt: Option<&str> = None;
        let alts = &o.alternatives;
        for item in &items {
            let alt = item.alternative.map(|a| a.id.as_str());
            if alt != current_alt {
                if let Some(a) = item.alternative {
                    let pos = alts.iter().position(|x| x.id == a.id).unwrap_or(0) + 1;
                    let heading = if state.alternative.is_some() {
                        format!("Chosen option ({pos} of {})", alts.len())
                    } else {
                        format!("Option {pos} of {} (do any one of the options)", alts.len())
                    };
                    blank_line(&mut out);
                    let _ = writeln!(out, "### {heading}: {}\n", inline(&session.fill(&a.title)));
                    if let Some(n) = &a.note {
                        let _ = writeln!(out, "{}\n", inline(&session.fill(n)));
                    }
                    if let Some(w) = &a.warning {
                        let _ = writeln!(out, "> **Warning:** {}\n", inline(&session.fill(w)));
                    }
                    if let Some(src) = &a.source {
                        let _ = writeln!(out, "Source: {}\n", cite(tree, src));
                    }
                }
                current_alt = alt;
            }
            write_item(&mut out, session, item, &items);
        }
    }

    blank_line(&mut out);
    if let Some(t) = timeline {
        write_timeline(&mut out, session, &items, t);
    } else if let Some(state) = session.checklist() {
        let mut timeline: Vec<(i64, String)> = items
            .iter()
            .filter_map(|i| {
                let at = state.steps.get(&i.step.id)?.changed_at?;
                Some((at, format!("step {} {}", i.number, i.status.label())))
            })
            .collect();
        if !timeline.is_empty() {
            timeline.sort();
            blank_line(&mut out);
            out.push_str("## Timeline\n\n");
            for (at, what) in timeline {
                let _ = writeln!(out, "- {}: {what}", format_utc(at));
            }
            out.push('\n');
        }
    }

    blank_line(&mut out);
    out.push_str("## Replay\n\n");
    let _ = writeln!(
        out,
        "{} walks the same answers again.\n",
        code_span(&format!("kbwalk run {} --answers THIS-FILE", tree.id))
    );
    let _ = writeln!(out, "```yaml {REPLAY_TAG}");
    let _ = writeln!(out, "tree: {}", yaml_quoted(&tree.id));
    if let Some(s) = session.symptom() {
        let _ = writeln!(out, "symptom: {}", yaml_quoted(s));
    }
    let given: Vec<_> = session
        .path_answers()
        .into_iter()
        .filter(|(_, a)| !matches!(a.source, AnswerSource::Symptom(_)))
        .collect();
    // `answers:` with nothing under it would be null, not a mapping.
    out.push_str(if given.is_empty() {
        "answers: {}\n"
    } else {
        "answers:\n"
    });
    for (q, a) in given {
        let _ = writeln!(
            out,
            "  {}: {}",
            yaml_quoted(&q.id),
            yaml_quoted(&a.value.raw())
        );
    }
    if let Some(alt) = session.checklist().and_then(|c| c.alternative.as_ref()) {
        let _ = writeln!(out, "alternative: {}", yaml_quoted(alt));
    }
    out.push_str("```\n");
    out
}
