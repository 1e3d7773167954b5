//! Checks a parsed tree for everything serde cannot: references, reachability,
//! cycles, dead ends, template variables, patterns and durations.

use std::collections::BTreeSet;

use super::fast_hash::{FastMap, FastSet};

use regex::Regex;

use super::dominators::AskedOnEveryPath;
use super::model::*;
use super::problem::{Locator, Pos, Problem};
use super::{command_args, template};

mod probes;

use probes::answer_argument_problem;

/// The longest tree id: it becomes part of a file name.
pub const MAX_ID_LEN: usize = 64;

/// Letters, digits, `.`, `_` and `-`, beginning with a letter or digit: safe
/// as part of a file name on every system (no separators, no `..`).
pub fn is_plain_id(id: &str) -> bool {
    id.len() <= MAX_ID_LEN
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

struct Checker<'a> {
    tree: &'a Tree,
    file: &'a str,
    loc: Locator<'a>,
    problems: Vec<Problem>,
    questions: FastMap<&'a str, &'a Question>,
    outcomes: FastMap<&'a str, &'a Outcome>,
    /// False when the outcomes' steps and alternatives were left unread.
    steps_read: bool,
}

impl<'a> Checker<'a> {
    fn report(&mut self, at: Pos, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            line: at.0,
            column: at.1,
            message: message.into(),
        });
    }

    fn node_exists(&self, id: &str) -> bool {
        self.questions.contains_key(id) || self.outcomes.contains_key(id)
    }

    fn check_node_ref(&mut self, from: Pos, key: &str, target: &str, owner: &str) {
        if target.trim().is_empty() {
            let at = self.loc.value_after(from, key, target);
            self.report(
                at,
                format!("{owner}: `{key}` is empty; expected the id of a question or outcome"),
            );
        } else if !self.node_exists(target) {
            let at = self.loc.value_after(from, key, target);
            self.report(
                at,
                format!("{owner}: `{key}` names `{target}`, which is not a question or outcome"),
            );
        }
    }

    fn check_article_ref(&mut self, from: Pos, src: &SourceRef, owner: &str) {
        if !self.tree.articles.iter().any(|a| a.id == src.article) {
            let at = self.loc.value_after(from, "article", &src.article);
            self.report(
                at,
                format!(
                    "{owner}: article `{}` is not declared under `articles`",
                    src.article
                ),
            );
        }
    }

    fn check_template(&mut self, from: Pos, text: &str, owner: &str) {
        match template::variables(text) {
            Err(e) => {
                let at = self.loc.text_after(from, "{{");
                self.report(at, format!("{owner}: {e}"));
            }
            Ok(vars) => {
                for v in vars {
                    if !self.questions.contains_key(v) {
                        let at = self.loc.text_after(from, &format!("{{{{{v}}}}}"));
                        self.report(
                            at,
                            format!(
                                "{owner}: template variable `{{{{{v}}}}}` is not defined by any question"
                            ),
                        );
                    }
                }
            }
        }
    }

    /// An answer may reach a command only as a plain argument of its own:
    /// not the program, not inside a shell's command string, and only from
    /// a question whose values cannot be options or shell syntax.
    fn check_command_variables(&mut self, from: Pos, argv: &[String], owner: &str) {
        let shell = argv.first().is_some_and(|p| command_args::is_shell(p));
        for (i, arg) in argv.iter().enumerate() {
            let Ok(vars) = template::variables(arg) else {
                continue;
            };
            for v in vars {
                let at = self.loc.text_after(from, &format!("{{{{{v}}}}}"));
                let why = if i == 0 {
                    Some("the program to run cannot come from an answer".to_string())
                } else if shell {
                    Some(format!(
                        "`{}` runs its arguments as commands, so an answer would be code; pass it as its own argument to a program instead",
                        argv[0]
                    ))
                } else {
                    self.questions
                        .get(v)
                        .and_then(|q| answer_argument_problem(q))
                };
                if let Some(why) = why {
                    self.report(
                        at,
                        format!("{owner}: `{{{{{v}}}}}` in a command's argv: {why}"),
                    );
                }
            }
        }
    }

    fn check_regex(&mut self, from: Pos, key: &str, pattern: &str, owner: &str) {
        // Compiled into the tree's own cache: a walk (and the search of what
        // each symptom reaches) uses the same compiled pattern.
        if self.tree.compiled_patterns.get(pattern).is_some() {
            return;
        }
        if let Err(e) = Regex::new(pattern) {
            let at = self.loc.text_after(from, &format!("{key}:"));
            let first = e.to_string();
            let last = first.lines().last().unwrap_or("").trim().to_string();
            self.report(
                at,
                format!("{owner}: `{key}` is not a valid regular expression: {last}"),
            );
        }
    }

    fn duplicates<'s>(&mut self, ids: impl Iterator<Item = &'s str>, what: &str, scope: &str) {
        let mut seen = FastSet::default();
        for id in ids {
            if !seen.insert(id) {
                let at = self.loc.nth_id(id, 1).unwrap_or(self.loc.id(id));
                self.report(at, format!("duplicate {what} id `{id}`{scope}"));
            }
        }
    }

    fn check_condition(&mut self, from: Pos, c: &'a Condition, owner: &str) {
        let forms = [
            c.all.is_some(),
            c.any.is_some(),
            c.not.is_some(),
            c.question.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        let tests = [
            c.is.is_some(),
            c.at_least.is_some(),
            c.below.is_some(),
            c.matches.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if forms != 1 || (c.question.is_some() && tests == 0) || (c.question.is_none() && tests > 0)
        {
            self.report(
                from,
                format!(
                    "{owner}: a condition needs exactly one of `all`, `any`, `not`, or `question` with `is`, `at_least`, `below` or `matches`"
                ),
            );
            return;
        }
        for sub in c.all.iter().chain(c.any.iter()).flatten() {
            self.check_condition(from, sub, owner);
        }
        if let Some(sub) = &c.not {
            self.check_condition(from, sub, owner);
        }
        let Some(qid) = &c.question else { return };
        let Some(q) = self.questions.get(qid.as_str()).copied() else {
            let at = self.loc.value_after(from, "question", qid);
            self.report(
                at,
                format!("{owner}: condition names question `{qid}`, which does not exist"),
            );
            return;
        };
        if let Some(values) = &c.is {
            let valid = q.choice_values();
            for v in values {
                if !valid.contains(&v.as_str()) {
                    let at = self.loc.value_after(from, "", v);
                    self.report(
                        at,
                        format!(
                            "{owner}: `{v}` is not an answer of `{qid}`; expected one of: {}",
                            valid.join(", ")
                        ),
                    );
                }
            }
        }
        if (c.at_least.is_some() || c.below.is_some()) && q.kind != QuestionKind::Number {
            self.report(
                from,
                format!("{owner}: `at_least`/`below` need a number question, `{qid}` is not one"),
            );
        }
        if let Some(p) = &c.matches {
            if q.kind != QuestionKind::Text {
                self.report(
                    from,
                    format!("{owner}: `matches` needs a text question, `{qid}` is not one"),
                );
            }
            self.check_regex(from, "matches", p, owner);
        }
    }

    fn check_steps(&mut self, from: Pos, steps: &'a [Step], owner: &str) {
        for (i, s) in steps.iter().enumerate() {
            let at = self.loc.value_after(from, "id", &s.id);
            let who = format!("{owner}, step `{}`", s.id);
            for t in [
                Some(&s.text),
                s.command.as_ref(),
                s.warning.as_ref(),
                s.note.as_ref(),
                s.location.as_ref(),
            ]
            .into_iter()
            .flatten()
            {
                self.check_template(at, t, &who);
            }
            if let Some(src) = &s.source {
                self.check_article_ref(at, src, &who);
            }
            if let Some(w) = &s.wait {
                if w.minutes().is_none() {
                    let p = self.loc.text_after(at, "duration:");
                    self.report(
                        p,
                        format!(
                            "{who}: wait duration `{}` is not like 30m, 24h or 2d",
                            w.duration
                        ),
                    );
                }
                self.check_template(at, &w.until, &who);
            }
            if let Some(c) = &s.condition {
                self.check_template(at, &c.ask, &who);
                for action in [&c.yes, &c.no] {
                    if let Some(t) = &action.then {
                        self.check_template(at, t, &who);
                    }
                    if let Some(target) = &action.skip_to
                        && !steps[i + 1..].iter().any(|later| &later.id == target)
                    {
                        let p = self.loc.value_after(at, "skip_to", target);
                        self.report(
                            p,
                            format!("{who}: `skip_to` names `{target}`, which is not a later step of the same list"),
                        );
                    }
                }
            }
            if let Some(v) = &s.verify {
                self.check_template(at, &v.text, &who);
                for p in v.all_probes() {
                    self.check_probe(at, p, None, &who);
                }
            }
            self.check_steps(at, &s.steps, owner);
        }
    }

    fn check(&mut self) {
        let t = self.tree;
        // Ids. The tree's names files (exports), so it must be a plain name.
        if !is_plain_id(&t.id) {
            let at = self.loc.text_after((1, 1), "id:");
            self.report(
                at,
                format!(
                    "tree id `{}` is not a plain name; expected letters, digits, `.`, `_` and `-`, beginning with a letter or digit, at most {MAX_ID_LEN} characters",
                    t.id
                ),
            );
        }
        let every_id = t
            .articles
            .iter()
            .map(|a| ("article", a.id.as_str()))
            .chain(t.symptoms.iter().map(|s| ("symptom", s.id.as_str())))
            .chain(t.causes.iter().map(|c| ("cause", c.id.as_str())))
            .chain(t.questions.iter().map(|q| ("question", q.id.as_str())))
            .chain(t.outcomes.iter().map(|o| ("outcome", o.id.as_str())));
        for (what, id) in every_id {
            if id.trim().is_empty() {
                let at = self.loc.text_after((1, 1), &format!("id: {id}"));
                self.report(at, format!("a {what} has an empty id"));
            }
        }
        self.duplicates(t.articles.iter().map(|a| a.id.as_str()), "article", "");
        self.duplicates(t.symptoms.iter().map(|s| s.id.as_str()), "symptom", "");
        self.duplicates(t.causes.iter().map(|c| c.id.as_str()), "cause", "");
        self.duplicates(
            t.questions
                .iter()
                .map(|q| q.id.as_str())
                .chain(t.outcomes.iter().map(|o| o.id.as_str())),
            "node",
            " (questions and outcomes share one namespace)",
        );

        // Entry points.
        let top = self.loc.text_after((1, 1), "start:");
        self.check_node_ref(top, "start", &t.start, "tree");
        for s in &t.symptoms {
            let at = self.loc.id(&s.id);
            let who = format!("symptom `{}`", s.id);
            self.check_node_ref(at, "start", &s.start, &who);
            for (qid, value) in &s.answers {
                match self.questions.get(qid.as_str()).copied() {
                    None => {
                        let p = self.loc.text_after(at, qid);
                        self.report(
                            p,
                            format!("{who}: answers question `{qid}`, which does not exist"),
                        );
                    }
                    Some(q) => {
                        if let Err(e) = super::answer::parse_answer(q, value) {
                            let p = self.loc.text_after(at, qid);
                            self.report(p, format!("{who}: {e}"));
                        }
                    }
                }
            }
        }
        for a in &t.articles {
            let at = self.loc.id(&a.id);
            for r in &a.applies_to.requires {
                self.check_condition(at, &r.when, &format!("article `{}`", a.id));
            }
        }
        for c in &t.causes {
            let at = self.loc.id(&c.id);
            self.check_article_ref(at, &c.source, &format!("cause `{}`", c.id));
        }

        // Questions.
        for q in &t.questions {
            let at = self.loc.id(&q.id);
            let who = format!("question `{}`", q.id);
            self.check_template(at, &q.text, &who);
            self.check_template(at, &q.help, &who);
            match q.kind {
                QuestionKind::Choice => {
                    if q.choices.len() < 2 {
                        self.report(
                            at,
                            format!("{who}: a choice question needs at least two `choices`"),
                        );
                    }
                    let mut seen = FastSet::default();
                    for c in &q.choices {
                        if !seen.insert(c.id.as_str()) {
                            let p = self.loc.value_after(at, "id", &c.id);
                            self.report(p, format!("{who}: duplicate choice id `{}`", c.id));
                        }
                        if c.next.is_none() && q.next.is_none() {
                            let p = self.loc.value_after(at, "id", &c.id);
                            self.report(
                                p,
                                format!("{who}: choice `{}` leads nowhere (no `next` on it or on the question)", c.id),
                            );
                        }
                    }
                }
                QuestionKind::YesNo => {
                    for (name, route) in [("yes", &q.yes), ("no", &q.no)] {
                        if route.is_none() && q.next.is_none() {
                            self.report(
                                at,
                                format!(
                                    "{who}: answer `{name}` leads nowhere (no `{name}` or `next`)"
                                ),
                            );
                        }
                    }
                }
                QuestionKind::Text | QuestionKind::Number => {
                    if q.next.is_none() {
                        self.report(
                            at,
                            format!("{who}: a {} question needs `next`", q.kind.as_str()),
                        );
                    }
                }
            }
            if q.kind != QuestionKind::Choice && !q.choices.is_empty() {
                self.report(at, format!("{who}: only choice questions take `choices`"));
            }
            if q.kind != QuestionKind::YesNo && (q.yes.is_some() || q.no.is_some()) {
                self.report(
                    at,
                    format!("{who}: only yes_no questions take `yes` and `no`"),
                );
            }
            if let Some(p) = &q.pattern {
                if q.kind != QuestionKind::Text {
                    self.report(at, format!("{who}: only text questions take `pattern`"));
                }
                self.check_regex(at, "pattern", p, &who);
            }
            if q.normalize.is_some() && q.kind != QuestionKind::Text {
                self.report(at, format!("{who}: only text questions take `normalize`"));
            }
            if q.kind != QuestionKind::Number && (q.min.is_some() || q.max.is_some()) {
                self.report(
                    at,
                    format!("{who}: only number questions take `min` and `max`"),
                );
            }
            if let (Some(lo), Some(hi)) = (q.min, q.max)
                && lo > hi
            {
                self.report(at, format!("{who}: `min` {lo} is greater than `max` {hi}"));
            }
            for c in &q.choices {
                if let Some(n) = &c.next {
                    self.check_node_ref(at, "next", n, &who);
                }
            }
            for (key, route) in [("yes", &q.yes), ("no", &q.no), ("next", &q.next)] {
                if let Some(n) = route {
                    self.check_node_ref(at, key, n, &who);
                }
            }
            for b in &q.branches {
                self.check_condition(at, &b.when, &who);
                self.check_node_ref(at, "next", &b.next, &who);
            }
            if let Some(p) = &q.probe {
                self.check_probe(at, p, Some(q), &who);
            }
        }

        // Outcomes.
        for o in &t.outcomes {
            let at = self.loc.id(&o.id);
            let who = format!("outcome `{}`", o.id);
            self.check_template(at, &o.title, &who);
            self.check_template(at, &o.summary, &who);
            match (&o.cause, o.kind) {
                (None, OutcomeKind::Cause | OutcomeKind::Benign | OutcomeKind::NoFix) => self
                    .report(
                        at,
                        format!("{who}: a `{}` outcome needs `cause`", o.kind.as_str()),
                    ),
                (Some(_), OutcomeKind::Unknown) => {
                    self.report(at, format!("{who}: an `unknown` outcome names no `cause`"))
                }
                (Some(c), _) if !t.causes.iter().any(|k| &k.id == c) => {
                    let p = self.loc.value_after(at, "cause", c);
                    self.report(
                        p,
                        format!("{who}: cause `{c}` is not declared under `causes`"),
                    );
                }
                _ => {}
            }
            if o.articles.is_empty() && o.kind != OutcomeKind::Unknown {
                self.report(
                    at,
                    format!("{who}: cite at least one article under `articles`"),
                );
            }
            for a in &o.articles {
                self.check_article_ref(at, a, &who);
            }
            if self.steps_read && o.steps.is_empty() && o.alternatives.is_empty() {
                self.report(
                    at,
                    format!("{who}: an outcome needs `steps` or `alternatives`"),
                );
            }
            if o.alternatives.len() == 1 {
                self.report(at, format!("{who}: `alternatives` needs at least two; put a single procedure under `steps`"));
            }
            let all = o.all_steps();
            let step_ids = all.iter().map(|(s, _)| s.id.as_str());
            let alt_ids = o.alternatives.iter().map(|a| a.id.as_str());
            self.duplicates(
                step_ids.chain(alt_ids),
                "step or alternative",
                &format!(" in {who}"),
            );
            self.check_steps(at, &o.steps, &who);
            for alt in &o.alternatives {
                let p = self.loc.value_after(at, "id", &alt.id);
                let awho = format!("{who}, alternative `{}`", alt.id);
                for text in [Some(&alt.title), alt.note.as_ref(), alt.warning.as_ref()]
                    .into_iter()
                    .flatten()
                {
                    self.check_template(p, text, &awho);
                }
                if let Some(src) = &alt.source {
                    self.check_article_ref(p, src, &awho);
                }
                if alt.steps.is_empty() {
                    self.report(p, format!("{awho}: needs at least one step"));
                }
                self.check_steps(p, &alt.steps, &who);
            }
        }
        if !self.problems.is_empty() {
            // Graph checks on a broken graph would only repeat the same problems.
            return;
        }
        self.check_graph();
    }

    /// Reachability, cycles, and variables used before every path has asked them.
    fn check_graph(&mut self) {
        let t = self.tree;
        let mut entries: Vec<&str> = vec![t.start.as_str()];
        entries.extend(t.symptoms.iter().map(|s| s.start.as_str()));

        // Cycles, by depth-first search with colours.
        let mut colour: FastMap<&str, u8> = FastMap::default();
        let mut order: Vec<&str> = Vec::new(); // post-order
        for &e in &entries {
            let mut stack: Vec<(&str, usize)> = vec![(e, 0)];
            if colour.get(e).copied().unwrap_or(0) != 0 {
                continue;
            }
            colour.insert(e, 1);
            while let Some(&mut (node, ref mut i)) = stack.last_mut() {
                let nexts = self
                    .questions
                    .get(node)
                    .map(|q| q.routes())
                    .unwrap_or_default();
                if *i < nexts.len() {
                    let n = nexts[*i];
                    *i += 1;
                    match colour.get(n).copied().unwrap_or(0) {
                        0 => {
                            colour.insert(n, 1);
                            stack.push((n, 0));
                        }
                        1 => {
                            let at = self.loc.value_after(self.loc.id(node), "", n);
                            self.report(at, format!("question `{node}` leads back to `{n}`: a cycle, so a walk could never end"));
                            return;
                        }
                        _ => {}
                    }
                } else {
                    colour.insert(node, 2);
                    order.push(node);
                    stack.pop();
                }
            }
        }
        for q in &t.questions {
            if !colour.contains_key(q.id.as_str()) {
                self.report(
                    self.loc.id(&q.id),
                    format!(
                        "question `{}` is not reached from `start` or any symptom",
                        q.id
                    ),
                );
            }
        }
        for o in &t.outcomes {
            if !colour.contains_key(o.id.as_str()) {
                self.report(
                    self.loc.id(&o.id),
                    format!(
                        "outcome `{}` is not reached from `start` or any symptom",
                        o.id
                    ),
                );
            }
        }
        for c in &t.causes {
            if !t.outcomes.iter().any(|o| o.cause.as_deref() == Some(&c.id)) {
                self.report(
                    self.loc.id(&c.id),
                    format!("cause `{}` is not the cause of any outcome", c.id),
                );
            }
        }

        // Variables asked on every path: the questions that dominate a node.
        let asked = AskedOnEveryPath::new(&entries, &order, |n| {
            self.questions
                .get(n)
                .map(|q| q.routes())
                .unwrap_or_default()
        });
        let mut late: Vec<(Pos, String)> = Vec::new();
        for o in &t.outcomes {
            let mut used = BTreeSet::new();
            let mut texts: Vec<&str> = vec![&o.title, &o.summary];
            let all = o.all_steps();
            texts.extend(o.alternatives.iter().map(|alt| alt.title.as_str()));
            for (s, _) in &all {
                texts.push(&s.text);
                texts.extend(s.command.as_deref());
                texts.extend(s.warning.as_deref());
                texts.extend(s.note.as_deref());
                texts.extend(s.location.as_deref());
            }
            for text in texts {
                used.extend(template::variables(text).unwrap_or_default());
            }
            for v in used.iter().filter(|v| !asked.before(v, &o.id)) {
                let at = self
                    .loc
                    .text_after(self.loc.id(&o.id), &format!("{{{{{v}}}}}"));
                late.push((at, format!("outcome `{}` uses `{{{{{v}}}}}`, but a path reaches it without asking `{v}`", o.id)));
            }
        }
        for (at, msg) in late {
            self.report(at, msg);
        }
    }
}

/// Every problem in `tree`, sorted by position. `file` names it in messages;
/// `src` is its text, used to find lines.
pub fn validate(tree: &Tree, file: &str, src: &str) -> Vec<Problem> {
    check_tree(tree, file, src, true)
}

/// As [`validate`], for a tree whose outcomes' steps and alternatives were
/// left unread (the library's summary pass): every rule but theirs.
pub fn validate_without_steps(tree: &Tree, file: &str, src: &str) -> Vec<Problem> {
    check_tree(tree, file, src, false)
}

fn check_tree(tree: &Tree, file: &str, src: &str, steps_read: bool) -> Vec<Problem> {
    let mut c = Checker {
        tree,
        file,
        loc: Locator::new(src),
        problems: Vec::new(),
        questions: tree.questions.iter().map(|q| (q.id.as_str(), q)).collect(),
        outcomes: tree.outcomes.iter().map(|o| (o.id.as_str(), o)).collect(),
        steps_read,
    };
    c.check();
    c.problems.sort();
    c.problems.dedup();
    c.problems
}
