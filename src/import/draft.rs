//! A parsed article as a draft tree: one symptom, one cause, a version
//! question where the article names versions, a text question per
//! placeholder, and one outcome whose steps are the article's numbered
//! procedures.
//!
//! The outcome's kind, in this order: a message the article says "can be
//! safely ignored" is `benign`; a RESOLUTION or WORKAROUND gives `cause`;
//! otherwise a problem (SYMPTOMS or CAUSE, confirmed or not) is `no_fix`;
//! an article that describes no problem (a how-to, a reference) is
//! `reference`.

use std::collections::BTreeMap;

use super::article::{Block, ParsedArticle, Section};
use super::questions;
use super::steps::{
    Builder, Procedure, collect_step_texts, fill_steps, is_warning, paragraph_steps, procedures,
    unique_ids,
};
use super::text::{self, guard_braces};
use crate::tree::*;

/// A paragraph the importer found no place for; the draft keeps it as a
/// note on its last step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    pub section: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Draft {
    pub tree: Tree,
    pub unplaced: Vec<Unplaced>,
}

const OUTCOME: &str = "outcome";
const CAUSE: &str = "cause";

fn section<'a>(a: &'a ParsedArticle, name: &str) -> Option<&'a Section> {
    a.sections
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(name))
}

/// Every block's text under a section, items and their children included.
pub(super) fn all_text(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        out.push(b.text());
        if let Block::Item(i) = b {
            all_text(&i.children, out);
        }
    }
}

fn section_text(s: &Section) -> Vec<String> {
    let mut out = Vec::new();
    for p in &s.parts {
        all_text(&p.blocks, &mut out);
    }
    out
}

/// Paragraph texts joined as the description of something: prose
/// reflowed, literal lines as written.
fn joined(blocks: &[String]) -> String {
    blocks.join("\n\n")
}

fn kind_of(a: &ParsedArticle) -> (OutcomeKind, String) {
    let problem_sections = [
        "SYMPTOMS",
        "CAUSE",
        "RESOLUTION",
        "WORKAROUND",
        "STATUS",
        "MORE INFORMATION",
    ];
    for name in problem_sections {
        if let Some(s) = section(a, name)
            && section_text(s)
                .iter()
                .any(|t| t.to_lowercase().contains("safely ignored"))
        {
            return (OutcomeKind::Benign, s.name.clone());
        }
    }
    for name in ["RESOLUTION", "WORKAROUND"] {
        if let Some(s) = section(a, name) {
            return (OutcomeKind::Cause, s.name.clone());
        }
    }
    let confirmed = a.sections.iter().find(|s| {
        section_text(s)
            .iter()
            .any(|t| t.contains("confirmed this to be a problem"))
    });
    if let Some(s) = confirmed {
        return (OutcomeKind::NoFix, s.name.clone());
    }
    if let Some(s) = section(a, "SYMPTOMS").or_else(|| section(a, "CAUSE")) {
        return (OutcomeKind::NoFix, s.name.clone());
    }
    let first = a
        .sections
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case("SUMMARY"))
        .or(a.sections.first())
        .map_or_else(|| "article".to_string(), |s| s.name.clone());
    (OutcomeKind::Reference, first)
}

pub fn draft(a: &ParsedArticle) -> Draft {
    let number = a.number.as_str();
    let mut b = Builder {
        number,
        unplaced: Vec::new(),
    };
    let (kind, deciding) = kind_of(a);

    // The registry IMPORTANT or WARNING before the first section.
    let mut registry_warning = None;
    let mut preamble_rest = Vec::new();
    for block in &a.preamble {
        match block {
            Block::Para(p) if is_warning(&p.text) && registry_warning.is_none() => {
                registry_warning = Some(guard_braces(&p.text));
            }
            other => preamble_rest.push(other.clone()),
        }
    }
    b.unplaced("(before SYMPTOMS)", &preamble_rest);

    let texts = |name: &str| section(a, name).map(section_text).unwrap_or_default();
    let symptoms = texts("SYMPTOMS");
    let summary_section = texts("SUMMARY");
    let cause_text = texts("CAUSE");
    let status = texts("STATUS");

    let description = if symptoms.is_empty() {
        joined(&summary_section)
    } else {
        joined(&symptoms)
    };
    let symptom_text = symptoms
        .iter()
        .find(|t| !t.is_empty())
        .map(|t| text::first_sentence(t).to_string())
        .unwrap_or_else(|| a.title.clone());
    let keyword_sources: Vec<&str> = symptoms
        .iter()
        .chain(cause_text.iter())
        .map(String::as_str)
        .collect();
    let mut keywords = text::keywords(&a.title, &keyword_sources);
    // A message the SYMPTOMS quote indented on a line of its own, as the
    // screen or the log shows it.
    for part in section(a, "SYMPTOMS").map_or(&[][..], |s| &s.parts[..]) {
        for block in &part.blocks {
            let first = match block {
                Block::Literal(l) => l.lines.first().cloned(),
                Block::Para(p) if p.indent >= 2 => Some(p.text.clone()),
                _ => None,
            };
            if let Some(first) = first.filter(|f| f.len() <= 100)
                && !keywords.contains(&first)
            {
                keywords.push(guard_braces(&first));
            }
        }
    }

    // Steps and alternatives.
    let mut summary: Vec<String> = Vec::new();
    let mut steps: Vec<Step> = Vec::new();
    let mut alternatives: Vec<Alternative> = Vec::new();
    let mut consumed_more_info = false;
    let more_info = section(a, "MORE INFORMATION");
    let more_info_procedures: Vec<Procedure> = more_info
        .map(|s| {
            s.parts
                .iter()
                .flat_map(|p| procedures(s, p))
                .filter(|p| !p.items.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let mut proc_count = 0;
    let mut prose_fix: Vec<(String, Vec<&Block>)> = Vec::new();

    for s in &a.sections {
        let upper = s.name.to_uppercase();
        let fix = upper == "RESOLUTION" || upper == "WORKAROUND";
        if !(fix || upper == "MORE INFORMATION") {
            continue;
        }
        if upper == "MORE INFORMATION" && consumed_more_info {
            continue;
        }
        for (pi, part) in s.parts.iter().enumerate() {
            // "-or-" between ways of doing it: alternatives.
            let groups: Vec<Vec<&Block>> = part
                .blocks
                .split(|x| matches!(x, Block::Or(_)))
                .map(|g| g.iter().collect())
                .collect();
            if fix && pi == 0 && groups.len() >= 2 && alternatives.is_empty() {
                let mut groups = groups;
                // What comes before the first bullet or item introduces them all.
                let lead = groups[0]
                    .iter()
                    .take_while(|x| matches!(x, Block::Para(_)))
                    .count();
                if lead < groups[0].len() {
                    summary.extend(groups[0].drain(..lead).map(|x| guard_braces(&x.text())));
                }
                let none_numbered = groups
                    .iter()
                    .all(|g| !g.iter().any(|x| matches!(x, Block::Item(_))));
                let map_to_more = none_numbered && more_info_procedures.len() == groups.len();
                for (gi, g) in groups.iter().enumerate() {
                    let k = gi + 1;
                    let title = g.first().map(|x| x.text()).unwrap_or_default();
                    let title = title.strip_prefix("- ").unwrap_or(&title).to_string();
                    let (alt_steps, note, warning, source) = if map_to_more {
                        let p = &more_info_procedures[gi];
                        let (st, intro, warning) = b.procedure_steps(p, &format!("a{k}-"));
                        let mut notes: Vec<String> =
                            g.iter().skip(1).map(|x| guard_braces(&x.text())).collect();
                        notes.extend(intro);
                        (st, notes, warning, b.source(&p.section, None))
                    } else {
                        let rest: Vec<&Block> = g.iter().skip(1).copied().collect();
                        let mut st =
                            paragraph_steps(&b, &s.name, &g[..g.len().min(1)], &format!("a{k}-"));
                        st.extend(paragraph_steps(&b, &s.name, &rest, &format!("a{k}-more-")));
                        (st, Vec::new(), None, b.source(&s.name, None))
                    };
                    alternatives.push(Alternative {
                        id: format!("a{k}"),
                        title: guard_braces(&title),
                        note: (!note.is_empty()).then(|| note.join("\n\n")),
                        warning,
                        source,
                        steps: alt_steps,
                    });
                }
                if map_to_more {
                    consumed_more_info = true;
                    if let Some(mi) = more_info {
                        for p in &mi.parts {
                            for pr in procedures(mi, p).iter().filter(|p| p.items.is_empty()) {
                                let blocks: Vec<Block> =
                                    pr.intro.iter().map(|x| (*x).clone()).collect();
                                b.unplaced(&pr.section, &blocks);
                            }
                        }
                    }
                }
                continue;
            }
            for p in procedures(s, part) {
                if p.items.is_empty() {
                    if fix {
                        prose_fix.push((p.section.clone(), p.intro.clone()));
                    } else {
                        let blocks: Vec<Block> = p.intro.iter().map(|x| (*x).clone()).collect();
                        b.unplaced(&p.section, &blocks);
                    }
                    continue;
                }
                proc_count += 1;
                let (mut st, intro, warning) = b.procedure_steps(&p, &format!("p{proc_count}-"));
                if let Some(first) = st.first_mut() {
                    if !intro.is_empty() {
                        let mut note = intro.join("\n\n");
                        if let Some(n) = &first.note {
                            note.push_str("\n\n");
                            note.push_str(n);
                        }
                        first.note = Some(note);
                    }
                    if warning.is_some() && first.warning.is_none() {
                        first.warning = warning;
                    }
                }
                steps.extend(st);
            }
        }
    }
    // A RESOLUTION or WORKAROUND in prose: its paragraphs are the steps when
    // the article numbers none, else they introduce the outcome.
    if steps.is_empty() && alternatives.is_empty() {
        for (name, blocks) in &prose_fix {
            let prefix = format!("p{}-", proc_count + 1);
            proc_count += 1;
            steps.extend(paragraph_steps(&b, name, blocks, &prefix));
        }
    } else {
        for (_, blocks) in &prose_fix {
            summary.extend(blocks.iter().map(|x| guard_braces(&x.text())));
        }
    }
    // Everything else the article says.
    for s in &a.sections {
        let upper = s.name.to_uppercase();
        if !matches!(
            upper.as_str(),
            "SYMPTOMS"
                | "CAUSE"
                | "STATUS"
                | "SUMMARY"
                | "RESOLUTION"
                | "WORKAROUND"
                | "MORE INFORMATION"
        ) {
            for p in &s.parts {
                b.unplaced(p.title.as_deref().unwrap_or(&s.name), &p.blocks);
            }
        }
    }
    if kind == OutcomeKind::Reference || !symptoms.is_empty() {
        summary.extend(summary_section.iter().map(|t| guard_braces(t)));
    }
    summary.extend(status.iter().map(|t| guard_braces(t)));
    if summary.is_empty() {
        summary.push(guard_braces(
            cause_text
                .first()
                .map_or(a.title.as_str(), |c| text::first_sentence(c)),
        ));
    }

    // What could not be placed stays in the draft, on a last step.
    if steps.is_empty() && alternatives.is_empty() || !b.unplaced.is_empty() {
        let read = Step {
            id: "read".to_string(),
            text: if steps.is_empty() && alternatives.is_empty() {
                guard_braces(&format!("Read {number}: {}.", a.title))
            } else {
                format!("Read what else {number} says (in the note) before you act.")
            },
            risk: Risk::ReadOnly,
            source: b.source(
                b.unplaced
                    .first()
                    .map_or(deciding.as_str(), |u| u.section.as_str()),
                None,
            ),
            location: None,
            see_also: None,
            command: None,
            warning: None,
            note: (!b.unplaced.is_empty()).then(|| {
                b.unplaced
                    .iter()
                    .map(|u| guard_braces(&format!("[{}] {}", u.section, u.text)))
                    .collect::<Vec<_>>()
                    .join("\n\n")
            }),
            wait: None,
            condition: None,
            verify: None,
            steps: Vec::new(),
        };
        steps.push(read);
    }
    if let Some(w) = &registry_warning {
        if let Some(first) = steps.first_mut().filter(|s| s.warning.is_none()) {
            first.warning = Some(w.clone());
        }
        for alt in alternatives.iter_mut().filter(|a| a.warning.is_none()) {
            alt.warning = Some(w.clone());
        }
    }
    unique_ids(&mut steps, &mut alternatives);

    // Placeholders in steps become variables, asked before the outcome.
    let mut step_texts: Vec<String> = Vec::new();
    collect_step_texts(&steps, &mut step_texts);
    for alt in &alternatives {
        collect_step_texts(&alt.steps, &mut step_texts);
    }
    let context: String = a
        .sections
        .iter()
        .flat_map(section_text)
        .collect::<Vec<_>>()
        .join(" ");
    let refs: Vec<&str> = step_texts.iter().map(String::as_str).collect();
    let found = text::placeholders(&refs, &context);
    fill_steps(&mut steps, &found);
    for alt in &mut alternatives {
        fill_steps(&mut alt.steps, &found);
    }

    // Questions: the version, then one per variable, then the outcome.
    let asked = questions::questions(a, &found, OUTCOME);

    let cause = (kind != OutcomeKind::Reference).then(|| {
        let (title, source) = match cause_text.first() {
            Some(c) => (text::first_sentence(c).to_string(), "CAUSE"),
            None => (
                a.title.clone(),
                if symptoms.is_empty() {
                    deciding.as_str()
                } else {
                    "SYMPTOMS"
                },
            ),
        };
        Cause {
            id: CAUSE.to_string(),
            title: guard_braces(&title),
            description: guard_braces(&joined(&cause_text)),
            source: SourceRef {
                article: number.to_string(),
                section: Some(source.to_string()),
                step: None,
            },
        }
    });
    let outcome = Outcome {
        id: OUTCOME.to_string(),
        kind,
        title: guard_braces(&a.title),
        cause: cause.as_ref().map(|c| c.id.clone()),
        summary: summary.join("\n\n"),
        articles: vec![SourceRef {
            article: number.to_string(),
            section: Some(deciding.clone()),
            step: None,
        }],
        steps,
        alternatives,
        see_also: None,
    };
    let tree = Tree {
        id: number.to_lowercase(),
        version: if a.modified.is_empty() {
            "draft".to_string()
        } else {
            a.modified.clone()
        },
        title: guard_braces(&a.title),
        description: guard_braces(&description),
        draft: true,
        start: asked.start.clone(),
        articles: vec![Article {
            id: number.to_string(),
            title: a.title.clone(),
            applies_to: asked.applies_to,
        }],
        symptoms: vec![Symptom {
            id: "symptom".to_string(),
            text: guard_braces(&symptom_text),
            keywords: keywords.iter().map(|k| guard_braces(k)).collect(),
            start: asked.start,
            answers: BTreeMap::new(),
        }],
        causes: cause.into_iter().collect(),
        questions: asked.questions,
        outcomes: vec![outcome],
        compiled_patterns: Default::default(),
    };
    Draft {
        tree,
        unplaced: b.unplaced,
    }
}
