//! Which parts of a cited article no node of a tree cites: what is left to
//! encode. Citations are the `source` of causes, steps and alternatives and
//! the `articles` of outcomes.

use crate::tree::{SourceRef, Step, Tree};

use super::article::Section;

/// One citation in a tree, with what cites it (`step rb-delsite`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub article: String,
    pub section: Option<String>,
    pub step: Option<String>,
    pub by: String,
}

fn cite(out: &mut Vec<Citation>, src: &SourceRef, by: String) {
    out.push(Citation {
        article: src.article.clone(),
        section: src.section.clone(),
        step: src.step.clone(),
        by,
    });
}

fn cite_steps(out: &mut Vec<Citation>, steps: &[Step]) {
    for s in steps {
        if let Some(src) = &s.source {
            cite(out, src, format!("step {}", s.id));
        }
        cite_steps(out, &s.steps);
    }
}

/// Every citation in the tree, in the order the tree declares them.
pub fn citations(tree: &Tree) -> Vec<Citation> {
    let mut out = Vec::new();
    for c in &tree.causes {
        cite(&mut out, &c.source, format!("cause {}", c.id));
    }
    for o in &tree.outcomes {
        for src in &o.articles {
            cite(&mut out, src, format!("outcome {}", o.id));
        }
        cite_steps(&mut out, &o.steps);
        for a in &o.alternatives {
            if let Some(src) = &a.source {
                cite(&mut out, src, format!("alternative {}", a.id));
            }
            cite_steps(&mut out, &a.steps);
        }
    }
    out
}

/// How one section of the article fares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionCoverage {
    pub name: String,
    /// Some node cites the section, one of its steps, or one of its subsections.
    pub cited: bool,
    pub steps: usize,
    pub uncited_steps: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Coverage {
    pub sections: Vec<SectionCoverage>,
    /// Citations naming a section or step the article does not have.
    pub not_in_article: Vec<Citation>,
}

impl Coverage {
    pub fn sections_cited(&self) -> usize {
        self.sections.iter().filter(|s| s.cited).count()
    }

    pub fn steps_total(&self) -> usize {
        self.sections.iter().map(|s| s.steps).sum()
    }

    pub fn steps_cited(&self) -> usize {
        self.steps_total()
            - self
                .sections
                .iter()
                .map(|s| s.uncited_steps.len())
                .sum::<usize>()
    }
}

/// Compares without case, runs of spaces or a trailing colon.
fn norm(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(':')
        .to_lowercase()
}

/// The ways trees name a section: its title, or a subsection's with its
/// parent's (`MORE INFORMATION: Creating a .Ct2 File`, `RESOLUTION, Method 1`).
fn names_section(cited: &str, s: &Section) -> bool {
    let cited = norm(cited);
    if cited == norm(&s.title) {
        return true;
    }
    s.parent.as_ref().is_some_and(|p| {
        [": ", ", ", " - ", " › "]
            .iter()
            .any(|sep| cited == norm(&format!("{p}{sep}{}", s.title)))
    })
}

fn norm_step(step: &str) -> String {
    step.trim().trim_end_matches('.').to_lowercase()
}

/// What of `sections` (one article's) the citations of that article leave uncited.
pub fn coverage(sections: &[Section], cites: &[&Citation]) -> Coverage {
    let mut cited_section = vec![false; sections.len()];
    let mut cited_steps: Vec<Vec<String>> = vec![Vec::new(); sections.len()];
    let mut not_in_article = Vec::new();
    for c in cites {
        let target = match (&c.section, &c.step) {
            (Some(name), _) => sections.iter().position(|s| names_section(name, s)),
            // A step without a section: the one section that has it.
            (None, Some(step)) => {
                let step = norm_step(step);
                let mut having = sections
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.steps.iter().any(|l| norm_step(l) == step));
                match (having.next(), having.next()) {
                    (Some((i, _)), None) => Some(i),
                    _ => None,
                }
            }
            (None, None) => continue,
        };
        let Some(mut i) = target else {
            not_in_article.push((*c).clone());
            continue;
        };
        if let Some(step) = &c.step {
            let step = norm_step(step);
            // A section's steps include its subsections' (`WORKAROUND`, step 1,
            // for the one numbered list under a subsection of WORKAROUND).
            let has = |s: &Section| s.steps.iter().any(|l| norm_step(l) == step);
            if !has(&sections[i]) {
                let title = sections[i].title.clone();
                let mut inner = sections
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.parent.as_ref() == Some(&title) && has(s));
                match (inner.next(), inner.next()) {
                    (Some((j, _)), None) => i = j,
                    _ => {
                        not_in_article.push((*c).clone());
                        continue;
                    }
                }
            }
            cited_steps[i].push(step);
        }
        cited_section[i] = true;
    }
    // A section counts as cited when one of its subsections is.
    for (i, s) in sections.iter().enumerate() {
        if let Some(parent) = &s.parent
            && cited_section[i]
            && let Some(p) = sections
                .iter()
                .position(|x| x.parent.is_none() && &x.title == parent)
        {
            cited_section[p] = true;
        }
    }
    let sections = sections
        .iter()
        .enumerate()
        .map(|(i, s)| SectionCoverage {
            name: s.display_name(),
            cited: cited_section[i],
            steps: s.steps.len(),
            uncited_steps: s
                .steps
                .iter()
                .filter(|l| !cited_steps[i].contains(&norm_step(l)))
                .cloned()
                .collect(),
        })
        .collect();
    Coverage {
        sections,
        not_in_article,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(title: &str, parent: Option<&str>, steps: &[&str]) -> Section {
        Section {
            title: title.into(),
            parent: parent.map(Into::into),
            steps: steps.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn citation(section: Option<&str>, step: Option<&str>) -> Citation {
        Citation {
            article: "Q1".into(),
            section: section.map(Into::into),
            step: step.map(Into::into),
            by: "step x".into(),
        }
    }

    #[test]
    fn subsections_are_named_alone_or_with_their_parent() {
        let sections = [
            section("SYMPTOMS", None, &[]),
            section("RESOLUTION", None, &[]),
            section("Method 1", Some("RESOLUTION"), &["1", "2", "3"]),
        ];
        let cites = [
            citation(Some("resolution, method 1"), Some("1")),
            citation(Some("Method 1"), Some("3")),
            citation(Some("CAUSE"), None),
            citation(Some("Method 1"), Some("9")),
            citation(Some("RESOLUTION"), Some("2")),
        ];
        let refs: Vec<&Citation> = cites.iter().collect();
        let c = coverage(&sections, &refs);
        assert_eq!(
            c.sections.iter().map(|s| s.cited).collect::<Vec<_>>(),
            [false, true, true]
        );
        assert_eq!(c.sections[2].uncited_steps, Vec::<String>::new());
        assert_eq!(c.not_in_article, [cites[2].clone(), cites[3].clone()]);
        assert_eq!((c.steps_cited(), c.steps_total()), (3, 3));
    }
}
