//! How one checklist step reads: its lines, its verification and what an
//! answer to its condition does.

use ratatui::text::{Line, Span};

use super::outcome::see_also_text;
use crate::checklist::{Item, StepStatus};
use crate::engine::Session;
use crate::tui::probes::Probes;
use crate::tui::text::width;
use crate::tui::theme::{Theme, status_box};
use crate::tui::widgets::hanging;
use crate::wording;

/// What every step of the checklist is drawn with.
pub(crate) struct StepContext<'a> {
    pub(super) session: &'a Session,
    pub(super) items: &'a [Item<'a>],
    pub(super) now: i64,
    pub(super) theme: Theme,
    pub(super) width: usize,
    pub(super) probes: &'a Probes,
    /// The outcome's applicability warnings, to mark the steps they concern.
    pub(super) warnings: &'a [crate::engine::ApplicabilityWarning],
}

/// The lines of one step: the step itself, then its details.
pub(crate) fn step_lines(
    ctx: &StepContext<'_>,
    item: &Item<'_>,
    selected: bool,
) -> Vec<Line<'static>> {
    let StepContext {
        session,
        items,
        now,
        theme,
        width: w,
        probes,
        warnings,
    } = *ctx;
    let step = item.step;
    let warned = session
        .outcome()
        .map(|o| wording::step_warned_articles(warnings, o, step))
        .unwrap_or_default();
    let changed = changed_inputs(session, probes, step);
    let step_marked = !warned.is_empty() || changed.is_some();
    let indent = "    ".repeat(item.depth);
    let marker = if selected { "▶" } else { " " };
    let first = format!(
        "{marker}{indent}{} {}{}. ",
        status_box(item.status),
        if step_marked { "⚠ " } else { "" },
        item.number
    );
    let detail = " ".repeat(width(&first));
    let mut text = session.fill(&step.text);
    if !matches!(item.status, StepStatus::Todo | StepStatus::Done) {
        text.push_str(&format!(" [{}]", item.status.label()));
    }
    let mut style = theme.status(item.status);
    if selected {
        style = style.patch(theme.selected());
    }
    let mut lines = hanging(&first, &text, w, style, usize::MAX);
    if let Some(why) = &item.not_applicable_because {
        lines.extend(hanging(
            &detail,
            &format!("Does not apply: {why}"),
            w,
            theme.dim(),
            usize::MAX,
        ));
    }
    if item.status == StepStatus::NotApplicable && !selected {
        // A step that does not apply keeps to its headline.
        return lines;
    }
    // How risky, and where: the first thing to know before doing it.
    let risk = step.risk.label();
    let place = step.location.as_deref().map(|l| session.fill(l));
    // Without a place, the risk ends the step's text when it fits there.
    let fits_after_text = lines
        .last()
        .is_some_and(|l| l.width() + 1 + width(risk) <= w);
    match (&place, lines.last_mut()) {
        (None, Some(last)) if fits_after_text => {
            last.spans
                .push(Span::styled(format!(" {risk}"), theme.risk(step.risk)));
        }
        _ => {
            let mut l = hanging(&detail, risk, w, theme.risk(step.risk), 1);
            if let (Some(first), Some(place)) = (l.first_mut(), &place) {
                first
                    .spans
                    .push(Span::styled(format!(" · {place}"), theme.dim()));
            }
            lines.extend(l);
        }
    }
    if let Some(cmd) = &step.command {
        if selected {
            // The command alone on its lines, so a mouse selection takes
            // nothing else; `c` only sends it (the terminal may drop it).
            lines.extend(hanging(
                &detail,
                "c sends the command to the clipboard (OSC 52), or select it:",
                w,
                theme.dim(),
                usize::MAX,
            ));
            lines.extend(hanging(
                &detail,
                &session.fill(cmd),
                w,
                theme.command(),
                usize::MAX,
            ));
        } else {
            lines.extend(hanging(
                &format!("{detail}$ "),
                &session.fill(cmd),
                w,
                theme.command(),
                usize::MAX,
            ));
        }
    }
    if let Some(warning) = &step.warning {
        lines.extend(hanging(
            &format!("{detail}⚠ "),
            &session.fill(warning),
            w,
            theme.warning(),
            usize::MAX,
        ));
    }
    if let Some(note) = &step.note {
        lines.extend(hanging(
            &format!("{detail}ℹ "),
            &session.fill(note),
            w,
            theme.help_text(),
            usize::MAX,
        ));
    }
    if let Some(see) = &step.see_also {
        let hint = if selected {
            "l follows it"
        } else {
            "select the step, l follows it"
        };
        lines.extend(hanging(
            &format!("{detail}→ "),
            &see_also_text(session, see, hint),
            w,
            theme.key(),
            usize::MAX,
        ));
    }
    if let Some(wait) = &step.wait {
        let started = session
            .checklist()
            .and_then(|c| c.waits.get(&step.id))
            .copied();
        let progress = wording::wait_progress(wait, started, now);
        let text = progress.text(session, wait);
        // A wait that ran out on a step still to do needs the operator.
        let (marker, style) = match progress {
            wording::WaitState::Over if item.status == StepStatus::Todo => ("⏰ ", theme.alert()),
            wording::WaitState::NotStarted => ("⏱ ", theme.plain()),
            _ => ("⏱ ", theme.warning()),
        };
        lines.extend(hanging(
            &format!("{detail}{marker}"),
            &text,
            w,
            style,
            usize::MAX,
        ));
    }
    if let Some(cond) = &step.condition {
        let ask = session.fill(&cond.ask);
        let text = match item.condition {
            None => format!("{ask} (y yes / n no)"),
            Some(holds) => {
                let action = if holds { &cond.yes } else { &cond.no };
                let answer = wording::yes_no_title(holds);
                match wording::condition_consequence(session, items, action).text() {
                    Some(c) => format!("{ask} {answer}. {c}"),
                    None => format!("{ask} {answer}."),
                }
            }
        };
        let style = if item.condition.is_none() {
            theme.key()
        } else {
            theme.plain()
        };
        lines.extend(hanging(&format!("{detail}? "), &text, w, style, usize::MAX));
    }
    if let Some(v) = &step.verify {
        lines.extend(hanging(
            &format!("{detail}✓ Verify: "),
            &session.fill(&v.text),
            w,
            theme.plain(),
            usize::MAX,
        ));
        lines.extend(verification_lines(probes, item, &detail, theme, w));
    }
    if let Some(text) = wording::step_warning_text(&warned, changed.as_deref()) {
        lines.extend(hanging(
            &format!("{detail}⚠ "),
            &text,
            w,
            theme.warning(),
            usize::MAX,
        ));
    }
    if !item.note.is_empty() {
        lines.extend(hanging(
            &format!("{detail}✎ "),
            item.note,
            w,
            theme.key(),
            usize::MAX,
        ));
    }
    lines
}

/// What the step's verification probes saw, under its Verify line.
pub(crate) fn verification_lines(
    probes: &Probes,
    item: &Item<'_>,
    detail: &str,
    theme: Theme,
    w: usize,
) -> Vec<Line<'static>> {
    let id = &item.step.id;
    let mut lines = Vec::new();
    let under = format!("{detail}  ");
    if probes.checks.as_ref().is_some_and(|c| c.verifying(id)) {
        lines.extend(hanging(
            &under,
            "⟳ verifying… (Esc cancels)",
            w,
            theme.key(),
            1,
        ));
    }
    let Some(v) = item.verification else {
        return lines;
    };
    let (mark, style) = match v.verified {
        Some(true) => ("✓", theme.ok()),
        Some(false) => ("✗", theme.error()),
        None => ("?", theme.warning()),
    };
    let imported = v.evidence.iter().any(|e| e.imported);
    let mut verdict = format!(
        "{mark} {}",
        wording::verification_verdict(v.verified, imported)
    );
    if probes.changed_steps.contains(id) {
        verdict.push_str(" ⚠ changed on the re-run");
    }
    if probes.consent_steps.contains(id) {
        verdict.push_str(" (a runs its command)");
    }
    lines.extend(hanging(&under, &verdict, w, style, usize::MAX));
    for e in &v.evidence {
        let text = format!(
            "{}: looked at {}; saw {}",
            clock_utc(e.at),
            e.looked_at,
            e.saw
        );
        lines.extend(hanging(&format!("{under}  "), &text, w, theme.dim(), 3));
    }
    lines
}

/// `HH:MM UTC` of a time, for evidence lines.
pub(crate) fn clock_utc(at: i64) -> String {
    let full = crate::time::format_utc(at);
    full.get(11..).unwrap_or(&full).to_string()
}

/// The questions (as words) whose answer a step's text uses and whose
/// evidence changed on the last re-run.
pub(crate) fn changed_inputs(
    session: &Session,
    probes: &Probes,
    step: &crate::tree::Step,
) -> Option<String> {
    if probes.changed.is_empty() {
        return None;
    }
    let mut texts = vec![step.text.as_str()];
    texts.extend(step.command.as_deref());
    let used: Vec<String> = probes
        .changed
        .iter()
        .filter(|c| {
            texts.iter().any(|t| {
                crate::tree::template::variables(t)
                    .is_ok_and(|vars| vars.iter().any(|v| *v == c.question))
            })
        })
        .map(|c| {
            session
                .tree()
                .question(&c.question)
                .map_or(c.question.clone(), |q| format!("\"{}\"", q.text.trim()))
        })
        .collect();
    (!used.is_empty()).then(|| used.join(", "))
}
