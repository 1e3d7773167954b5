//! Every built-in outcome's Markdown export, read back through a CommonMark
//! parser as a Markdown viewer would render it: each step's text, command,
//! place, warning, note and check reads exactly as the tree says (values
//! filled in), backslashes and all; so do the questions and the answers.

use std::collections::BTreeMap;
use std::sync::Arc;

use kbwalk::checklist::StepStatus;
use kbwalk::engine::{AnswerSource, Input, Session};
use kbwalk::export::{ExportMeta, markdown};
use kbwalk::library::Library;
use kbwalk::tree::answer::parse_answer;
use kbwalk::tree::{QuestionKind, Tree};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The text a reader sees: text and code spans, breaks as spaces, one space
/// between blocks and table cells.
fn rendered_text(md: &str) -> String {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let mut out = String::new();
    for event in Parser::new_ext(md, opts) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::Start(Tag::TableCell | Tag::Item | Tag::Paragraph)
            | Event::End(TagEnd::TableCell | TagEnd::Item | TagEnd::Paragraph) => out.push(' '),
            Event::Html(h) | Event::InlineHtml(h) => out.push_str(&h),
            _ => {}
        }
    }
    squeeze(&out)
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Sample answers a path can take at a question.
fn values(q: &kbwalk::tree::Question) -> Vec<String> {
    match q.kind {
        QuestionKind::YesNo => vec!["yes".into(), "no".into()],
        QuestionKind::Choice => q.choices.iter().map(|c| c.id.clone()).collect(),
        QuestionKind::Text => ["S01", "D", "PRI01"]
            .iter()
            .map(|s| s.to_string())
            .filter(|s| parse_answer(q, s).is_ok())
            .take(1)
            .collect(),
        QuestionKind::Number => vec!["48".into()],
    }
}

/// One walk to each outcome the tree can reach, from any symptom.
fn one_walk_per_outcome(tree: &Arc<Tree>) -> BTreeMap<String, Session> {
    fn dfs(s: Session, found: &mut BTreeMap<String, Session>) {
        let Some(q) = s.current_question().cloned() else {
            let id = s.outcome().unwrap().id.clone();
            found.entry(id).or_insert(s);
            return;
        };
        for v in values(&q) {
            let mut next = s.clone();
            next.apply(&Input::Answer {
                question: q.id.clone(),
                value: v,
                source: AnswerSource::Operator,
            })
            .unwrap();
            dfs(next, found);
        }
    }
    let mut found = BTreeMap::new();
    let mut entries: Vec<Option<&str>> = vec![None];
    entries.extend(tree.symptoms.iter().map(|s| Some(s.id.as_str())));
    for entry in entries {
        dfs(Session::new(Arc::clone(tree), entry).unwrap(), &mut found);
    }
    found
}

#[test]
fn every_builtin_outcome_exports_markdown_that_renders_as_the_tree_says() {
    let (lib, problems) = Library::load(true, &[]);
    assert!(problems.is_empty(), "{problems:?}");
    let meta = ExportMeta {
        exported_at: 1_795_000_000,
        operator: None,
        ..Default::default()
    };
    let mut checked = 0;
    let mut failures = Vec::new();
    for entry in lib.entries() {
        let loaded = entry.load().unwrap();
        let walks = one_walk_per_outcome(&loaded.tree);
        assert_eq!(
            walks.len(),
            loaded.tree.outcomes.len(),
            "{}",
            loaded.tree.id
        );
        for (outcome, session) in walks {
            let md = markdown(&session, &meta);
            let seen = rendered_text(&md);
            let mut expect = |what: &str, text: &str| {
                checked += 1;
                let want = squeeze(&session.fill(text));
                if !seen.contains(&want) {
                    failures.push(format!(
                        "{}/{outcome}: {what} does not render as written:\n  {want}",
                        loaded.tree.id
                    ));
                }
            };
            let o = session.outcome().unwrap();
            expect("title", &o.title);
            expect("summary", &o.summary);
            for (q, a) in session.path_answers() {
                expect("question", &q.text);
                expect("answer", &session.answer_label(q, a));
            }
            for alt in &o.alternatives {
                expect("option", &alt.title);
                for t in [&alt.note, &alt.warning].into_iter().flatten() {
                    expect(&format!("option {}", alt.id), t);
                }
            }
            if let Some(see) = &o.see_also {
                expect("see also", &see.text);
            }
            for (st, _) in o.all_steps() {
                let what = format!("step {}", st.id);
                expect(&what, &st.text);
                for (part, text) in [
                    ("command", &st.command),
                    ("where", &st.location),
                    ("warning", &st.warning),
                    ("note", &st.note),
                ] {
                    if let Some(t) = text {
                        expect(&format!("{what} {part}"), t);
                    }
                }
                if let Some(v) = &st.verify {
                    expect(&format!("{what} verify"), &v.text);
                }
                if let Some(see) = &st.see_also {
                    expect(&format!("{what} see also"), &see.text);
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} texts checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} texts do not render as the tree says:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Q235753's deciding question and log line, exported and rendered: the
/// backslashes an operator must count are all there.
#[test]
fn q235753_backslashes_survive_the_export() {
    let (lib, _) = Library::load(true, &[]);
    let tree = Arc::clone(&lib.get("sms-site-hierarchy").unwrap().tree);
    let mut s = Session::new(tree, Some("sender-wnetaddconnection2")).unwrap();
    for (q, v) in [
        ("sms_version", "sms_2_0"),
        ("operation", "other"),
        ("site_code", "MS1"),
        ("address_backslashes", "yes"),
    ] {
        s.apply(&Input::Answer {
            question: q.into(),
            value: v.into(),
            source: AnswerSource::Operator,
        })
        .unwrap();
    }
    let md = markdown(
        &s,
        &ExportMeta {
            exported_at: 1_795_000_000,
            operator: None,
            ..Default::default()
        },
    );
    let seen = rendered_text(&md);
    assert!(seen.contains("two backslashes (\\\\servername)"), "{seen}");
    assert!(
        seen.contains("Error during WNetAddConnection2 to \\\\\\\\DSSMS\\SMS_SITE (67)"),
        "{seen}"
    );
}

/// The lines a Markdown linter reports under MD012 (no two blank lines in a
/// row) and MD022 (a blank line before and after every heading), outside
/// fenced code.
fn lint_md012_md022(md: &str) -> Vec<String> {
    let lines: Vec<&str> = md.lines().collect();
    let mut problems = Vec::new();
    let mut fenced = false;
    for (n, line) in lines.iter().enumerate() {
        if line.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let blank = |i: usize| lines.get(i).is_none_or(|l| l.trim().is_empty());
        if line.trim().is_empty() && n > 0 && blank(n - 1) {
            problems.push(format!("line {}: MD012 multiple blank lines", n + 1));
        }
        if line.starts_with('#') && ((n > 0 && !blank(n - 1)) || !blank(n + 1)) {
            problems.push(format!(
                "line {}: MD022 heading not surrounded by blank lines: {line}",
                n + 1
            ));
        }
    }
    problems
}

/// Marks the first applicable steps failed, skipped and done, so the export
/// shows every status.
fn with_progress(mut session: Session) -> Session {
    let ids: Vec<String> = session
        .checklist_items()
        .iter()
        .filter(|i| i.status == StepStatus::Todo)
        .map(|i| i.step.id.clone())
        .collect();
    for (id, status) in
        ids.into_iter()
            .zip([StepStatus::Failed, StepStatus::Skipped, StepStatus::Done])
    {
        session
            .apply(&Input::SetStepStatus {
                step: id,
                status,
                at: 1_795_000_000,
            })
            .unwrap();
    }
    session
}

#[test]
fn every_builtin_outcome_exports_markdown_without_md012_or_md022_and_marks_failed_steps() {
    let (lib, _) = Library::load(true, &[]);
    let meta = ExportMeta {
        exported_at: 1_795_000_000,
        operator: None,
        ..Default::default()
    };
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let mut failures = Vec::new();
    let mut failed_seen = 0;
    for entry in lib.entries() {
        let loaded = entry.load().unwrap();
        for (outcome, session) in one_walk_per_outcome(&loaded.tree) {
            for session in [session.clone(), with_progress(session)] {
                let md = markdown(&session, &meta);
                for p in lint_md012_md022(&md) {
                    failures.push(format!("{}/{outcome}: {p}", loaded.tree.id));
                }
                let items = session.checklist_items();
                // One task-list item per step, whatever its status.
                let tasks = Parser::new_ext(&md, opts)
                    .filter(|e| matches!(e, Event::TaskListMarker(_)))
                    .count();
                if session.checklist().is_some() && tasks != items.len() {
                    failures.push(format!(
                        "{}/{outcome}: {tasks} task items for {} steps",
                        loaded.tree.id,
                        items.len()
                    ));
                }
                for item in items.iter().filter(|i| i.status == StepStatus::Failed) {
                    failed_seen += 1;
                    let line = format!("- [ ] **{}.** **FAILED:** ", item.number);
                    if !md.contains(&line) {
                        failures.push(format!("{}/{outcome}: no `{line}`", loaded.tree.id));
                    }
                }
                if session.checklist().is_some() && !md.contains("- Summary: ") {
                    failures.push(format!("{}/{outcome}: no summary", loaded.tree.id));
                }
            }
        }
    }
    assert!(failed_seen > 10, "only {failed_seen} failed steps exported");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
