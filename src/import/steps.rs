//! Steps from an article's numbered procedures: an item's text, its
//! sub-items, commands, notes and warning; paragraphs as steps where a
//! RESOLUTION or WORKAROUND numbers none; ids unique within the outcome.

use super::article::{Block, Item, Part, Section};
use super::draft::{Unplaced, all_text};
use super::text::{self, Placeholder, guard_braces};
use crate::tree::*;

pub(super) fn is_warning(text: &str) -> bool {
    ["WARNING:", "CAUTION:", "IMPORTANT:"]
        .iter()
        .any(|w| text.starts_with(w))
}

/// Builds steps and keeps track of what went where.
pub(super) struct Builder<'a> {
    pub(super) number: &'a str,
    pub(super) unplaced: Vec<Unplaced>,
}

/// One numbered procedure of a part: what comes before its first item, and
/// each item with the blocks that follow it before the next.
pub(super) struct Procedure<'a> {
    pub(super) section: String,
    pub(super) intro: Vec<&'a Block>,
    pub(super) items: Vec<(&'a Item, Vec<&'a Block>)>,
}

pub(super) fn procedures<'a>(section: &Section, part: &'a Part) -> Vec<Procedure<'a>> {
    let name = part.title.clone().unwrap_or_else(|| section.name.clone());
    let mut out: Vec<Procedure> = Vec::new();
    let mut current = Procedure {
        section: name.clone(),
        intro: Vec::new(),
        items: Vec::new(),
    };
    for b in &part.blocks {
        match b {
            Block::Item(i) => {
                let restart = i.label == "1" || i.label == "a";
                if restart && !current.items.is_empty() {
                    out.push(std::mem::replace(
                        &mut current,
                        Procedure {
                            section: name.clone(),
                            intro: Vec::new(),
                            items: Vec::new(),
                        },
                    ));
                }
                current.items.push((i, Vec::new()));
            }
            other => match current.items.last_mut() {
                Some((_, after)) => after.push(other),
                None => current.intro.push(other),
            },
        }
    }
    out.push(current);
    out
}

impl Builder<'_> {
    pub(super) fn source(&self, section: &str, step: Option<String>) -> Option<SourceRef> {
        Some(SourceRef {
            article: self.number.to_string(),
            section: Some(section.to_string()),
            step,
        })
    }

    /// One item as a step: its text, sub-items as sub-steps, a single
    /// literal line as its command, further literal lines as sub-steps,
    /// paragraphs as its note, a WARNING paragraph as its warning.
    pub(super) fn step(
        &self,
        item: &Item,
        id: &str,
        label: &str,
        section: &str,
        after: &[&Block],
    ) -> Step {
        let mut step = Step {
            id: id.to_string(),
            text: guard_braces(&item.text),
            risk: text::risk(&item.text),
            source: self.source(section, Some(label.to_string())),
            location: None,
            see_also: None,
            command: None,
            warning: None,
            note: None,
            wait: text::wait(&item.text).map(|(duration, until)| Wait {
                duration,
                until: guard_braces(&until),
                otherwise: None,
            }),
            condition: None,
            verify: None,
            steps: Vec::new(),
        };
        let mut notes: Vec<String> = Vec::new();
        let mut literal_steps = 0;
        for b in item.children.iter().chain(after.iter().copied()) {
            match b {
                Block::Item(sub) => {
                    let sub_label = format!("{label}{}", sub.label);
                    let sub_id = format!("{id}{}", sub.label);
                    step.steps
                        .push(self.step(sub, &sub_id, &sub_label, section, &[]));
                }
                Block::Literal(l) if l.lines.len() == 1 && step.command.is_none() => {
                    step.command = Some(guard_braces(&l.lines[0]));
                }
                Block::Literal(l) => {
                    for line in &l.lines {
                        literal_steps += 1;
                        step.steps.push(Step {
                            id: format!("{id}-{literal_steps}"),
                            text: guard_braces(line),
                            risk: step.risk,
                            source: self.source(section, Some(label.to_string())),
                            location: None,
                            see_also: None,
                            command: None,
                            warning: None,
                            note: None,
                            wait: None,
                            condition: None,
                            verify: None,
                            steps: Vec::new(),
                        });
                    }
                }
                Block::Para(p) if is_warning(&p.text) && step.warning.is_none() => {
                    step.warning = Some(guard_braces(&p.text));
                }
                other => notes.push(guard_braces(&other.text())),
            }
        }
        if !notes.is_empty() {
            step.note = Some(notes.join("\n\n"));
        }
        step
    }

    /// A procedure's steps; its introduction goes to the first step's note
    /// (or to the alternative holding it), a WARNING to its warning.
    pub(super) fn procedure_steps(
        &self,
        p: &Procedure,
        prefix: &str,
    ) -> (Vec<Step>, Vec<String>, Option<String>) {
        let mut steps: Vec<Step> = p
            .items
            .iter()
            .map(|(item, after)| {
                let id = format!("{prefix}{}", item.label);
                self.step(item, &id, &item.label, &p.section, after)
            })
            .collect();
        let mut intro = Vec::new();
        let mut warning = None;
        for b in &p.intro {
            match b {
                Block::Para(para) if is_warning(&para.text) && warning.is_none() => {
                    warning = Some(guard_braces(&para.text));
                }
                other => intro.push(guard_braces(&other.text())),
            }
        }
        let _ = &mut steps;
        (steps, intro, warning)
    }

    pub(super) fn unplaced(&mut self, section: &str, blocks: &[Block]) {
        for b in blocks {
            let mut texts = Vec::new();
            all_text(std::slice::from_ref(b), &mut texts);
            for t in texts {
                self.unplaced.push(Unplaced {
                    section: section.to_string(),
                    text: t,
                });
            }
        }
    }
}

/// Paragraphs as steps, for a RESOLUTION or WORKAROUND with no numbered
/// procedure: each paragraph or bullet one step, a literal line the
/// command of the step before it.
pub(super) fn paragraph_steps(
    b: &Builder,
    section: &str,
    blocks: &[&Block],
    prefix: &str,
) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    for block in blocks {
        match block {
            Block::Literal(l)
                if steps.last().is_some_and(|s| s.command.is_none()) && l.lines.len() == 1 =>
            {
                if let Some(s) = steps.last_mut() {
                    s.command = Some(guard_braces(&l.lines[0]));
                }
            }
            Block::Or(_) => {}
            Block::Item(item) => {
                let id = format!("{prefix}{}", steps.len() + 1);
                steps.push(b.step(item, &id, &item.label, section, &[]));
            }
            other => {
                let t = other.text();
                let t = t.strip_prefix("- ").unwrap_or(&t);
                let n = steps.len() + 1;
                let item = Item {
                    indent: 0,
                    label: n.to_string(),
                    text: t.to_string(),
                    children: Vec::new(),
                };
                let mut s = b.step(&item, &format!("{prefix}{n}"), "", section, &[]);
                s.source = b.source(section, None);
                steps.push(s);
            }
        }
    }
    steps
}

pub(super) fn collect_step_texts(steps: &[Step], out: &mut Vec<String>) {
    for s in steps {
        out.push(s.text.clone());
        out.extend(s.command.clone());
        collect_step_texts(&s.steps, out);
    }
}

pub(super) fn fill_steps(steps: &mut [Step], found: &[Placeholder]) {
    for s in steps {
        s.text = text::fill_placeholders(&s.text, found);
        if let Some(c) = &s.command {
            s.command = Some(text::fill_placeholders(c, found));
        }
        if let Some(w) = &mut s.wait {
            w.until = text::fill_placeholders(&w.until, found);
        }
        fill_steps(&mut s.steps, found);
    }
}

/// Step and alternative ids must be unique within the outcome; a label the
/// article repeats gets a suffix.
pub(super) fn unique_ids(steps: &mut [Step], alternatives: &mut [Alternative]) {
    fn visit(steps: &mut [Step], seen: &mut Vec<String>) {
        for s in steps {
            let mut id = s.id.clone();
            let mut n = 2;
            while seen.contains(&id) {
                id = format!("{}-{n}", s.id);
                n += 1;
            }
            s.id = id.clone();
            seen.push(id);
            visit(&mut s.steps, seen);
        }
    }
    let mut seen: Vec<String> = alternatives.iter().map(|a| a.id.clone()).collect();
    visit(steps, &mut seen);
    for a in alternatives {
        visit(&mut a.steps, &mut seen);
    }
}
