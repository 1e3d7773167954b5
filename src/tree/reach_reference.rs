//! The first search of what a walk can reach, kept as the reference that
//! [`super::reach`] must agree with: string-keyed, one symptom at a time in
//! spirit, and simple enough to trust.

use super::YesNo;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::fast_hash::FastMap;
use std::rc::Rc;

use super::patterns::CompiledPatterns;
use super::reach::holds;

use super::answer::{AnswerValue, parse_answer};
use super::model::{Condition, Question, QuestionKind, Tree};

/// What a path knows of one question's answer.
#[derive(Debug, Clone, PartialEq)]
enum Known {
    Value(AnswerValue),
    /// Answered with a text or number not known yet.
    Unknown,
}

impl Known {
    /// How the answer enters the memo's key.
    fn key(&self) -> Option<String> {
        match self {
            Known::Value(v) => Some(v.raw()),
            Known::Unknown => None,
        }
    }
}

/// The results a condition can have in the engine: true, false, or "not
/// asked" (which takes no branch). A bit set of the three.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Results(u8);

const TRUE: u8 = 1;
const FALSE: u8 = 2;
const NOT_ASKED: u8 = 4;

impl Results {
    fn one(r: Option<bool>) -> Results {
        Results(match r {
            Some(true) => TRUE,
            Some(false) => FALSE,
            None => NOT_ASKED,
        })
    }

    fn each(self) -> impl Iterator<Item = Option<bool>> {
        [(TRUE, Some(true)), (FALSE, Some(false)), (NOT_ASKED, None)]
            .into_iter()
            .filter(move |(bit, _)| self.0 & bit != 0)
            .map(|(_, r)| r)
    }

    /// Every result `op` gives on one result from each side.
    fn combine(
        self,
        other: Results,
        op: fn(Option<bool>, Option<bool>) -> Option<bool>,
    ) -> Results {
        let mut out = 0;
        for a in self.each() {
            for b in other.each() {
                out |= Results::one(op(a, b)).0;
            }
        }
        Results(out)
    }
}

/// The engine's `all`: false wins, then "not asked", then true.
fn and(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (None, _) | (_, None) => None,
        _ => Some(true),
    }
}

/// The engine's `any`: true wins, then "not asked", then false.
fn or(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (None, _) | (_, None) => None,
        _ => Some(false),
    }
}

fn results(
    c: &Condition,
    answers: &BTreeMap<String, Known>,
    patterns: &CompiledPatterns,
) -> Results {
    if let Some(all) = &c.all {
        return all.iter().fold(Results(TRUE), |acc, sub| {
            acc.combine(results(sub, answers, patterns), and)
        });
    }
    if let Some(any) = &c.any {
        return any.iter().fold(Results(FALSE), |acc, sub| {
            acc.combine(results(sub, answers, patterns), or)
        });
    }
    if let Some(not) = &c.not {
        let inner = results(not, answers, patterns);
        return inner.combine(Results(TRUE), |a, _| a.map(|b| !b));
    }
    let Some(q) = c.question.as_deref() else {
        return Results(NOT_ASKED);
    };
    match answers.get(q) {
        None => Results(NOT_ASKED),
        Some(Known::Unknown) => Results(TRUE | FALSE),
        Some(Known::Value(v)) => Results::one(Some(holds(c, v, patterns))),
    }
}

/// The questions a condition looks at.
fn condition_questions<'t>(c: &'t Condition, out: &mut BTreeSet<&'t str>) {
    out.extend(c.question.as_deref());
    for sub in c.all.iter().chain(c.any.iter()).flatten() {
        condition_questions(sub, out);
    }
    if let Some(n) = &c.not {
        condition_questions(n, out);
    }
}

/// The answers a walk could give a question not answered yet.
fn possible_answers(q: &Question, presets: &BTreeMap<String, String>) -> Vec<Known> {
    if let Some(v) = presets.get(&q.id).and_then(|v| parse_answer(q, v).ok()) {
        return vec![Known::Value(v)];
    }
    let choice = |id: &str| Known::Value(AnswerValue::Choice(id.to_string()));
    match q.kind {
        QuestionKind::YesNo => YesNo::BOTH.map(|v| choice(v.as_str())).to_vec(),
        QuestionKind::Choice => q.choices.iter().map(|c| choice(&c.id)).collect(),
        QuestionKind::Text | QuestionKind::Number => vec![Known::Unknown],
    }
}

/// Where the engine can go after `q` is answered `value`, given the answers so far.
fn next_nodes<'t>(
    q: &'t Question,
    value: &Known,
    answers: &BTreeMap<String, Known>,
    patterns: &CompiledPatterns,
) -> Vec<&'t str> {
    let mut out = Vec::new();
    for b in &q.branches {
        let r = results(&b.when, answers, patterns);
        if r.0 & TRUE != 0 {
            out.push(b.next.as_str());
        }
        if r == Results(TRUE) {
            return out;
        }
    }
    let own = match q.kind {
        QuestionKind::YesNo => match value {
            Known::Value(AnswerValue::Choice(v)) if YesNo::parse(v) == Some(YesNo::Yes) => {
                q.yes.as_deref()
            }
            Known::Value(_) => q.no.as_deref(),
            Known::Unknown => None,
        },
        QuestionKind::Choice => match value {
            Known::Value(AnswerValue::Choice(v)) => q.choice(v).and_then(|c| c.next.as_deref()),
            Known::Value(_) | Known::Unknown => None,
        },
        QuestionKind::Text | QuestionKind::Number => None,
    };
    out.extend(own.or(q.next.as_deref()));
    out
}

/// Validated trees have no cycles; this bound keeps an unvalidated one finite.
const MAX_DEPTH: usize = 1_000;

/// A node (its place among the questions), the answers to the steering
/// questions on the way to it, and the presets of the questions after it.
type MemoKey = (usize, Vec<(String, Option<String>)>, Vec<(String, String)>);

/// The outcomes a search found, one bit per outcome in the tree's order:
/// sets are joined at every node, and bits join without copying ids.
type Reached = Rc<[u64]>;

/// Some questions, or (`None`) all of them: past [`NAMED_AT_MOST`] a node
/// stops naming them, so that memory stays linear in the tree's size.
type Questions<'t> = Option<BTreeSet<&'t str>>;

const NAMED_AT_MOST: usize = 64;

fn named_contains(set: &Questions<'_>, id: &str) -> bool {
    set.as_ref().is_none_or(|s| s.contains(id))
}

fn add_all<'t>(to: &mut Questions<'t>, from: &Questions<'t>) {
    match (to.as_mut(), from) {
        (Some(to_set), Some(from)) => {
            to_set.extend(from.iter().copied());
            if to_set.len() > NAMED_AT_MOST {
                *to = None;
            }
        }
        _ => *to = None,
    }
}

/// What lies after a node.
struct Ahead<'t> {
    /// The questions that branch conditions at the node or after it look
    /// at: only their answers change where a walk from the node can go, so
    /// only they enter its memo key (any other answer would split the memo
    /// for nothing, and a tree that asks for evidence before it branches
    /// has many).
    steering: Questions<'t>,
    /// The preset questions at the node or after it: only their presets
    /// matter there.
    asked: Questions<'t>,
}

impl Default for Ahead<'_> {
    fn default() -> Self {
        Ahead {
            steering: Some(BTreeSet::new()),
            asked: Some(BTreeSet::new()),
        }
    }
}

struct Search<'t> {
    tree: &'t Tree,
    presets: BTreeMap<String, String>,
    /// Every question any search of this one presets.
    preset_questions: BTreeSet<String>,
    ahead: HashMap<String, Rc<Ahead<'t>>>,
    memo: FastMap<MemoKey, Reached>,
    /// Where each id is among the questions and outcomes (the first of an
    /// id, as [`Tree::question`] finds it): looked up at every node.
    questions: FastMap<&'t str, usize>,
    outcomes: FastMap<&'t str, usize>,
    /// No outcome found.
    none: Reached,
}

impl<'t> Search<'t> {
    fn new(tree: &'t Tree, preset_questions: BTreeSet<String>) -> Search<'t> {
        let mut questions = FastMap::default();
        for (i, q) in tree.questions.iter().enumerate() {
            questions.entry(q.id.as_str()).or_insert(i);
        }
        let mut outcomes = FastMap::default();
        for (i, o) in tree.outcomes.iter().enumerate() {
            outcomes.entry(o.id.as_str()).or_insert(i);
        }
        Search {
            tree,
            presets: BTreeMap::new(),
            preset_questions,
            ahead: HashMap::new(),
            memo: FastMap::default(),
            questions,
            outcomes,
            none: vec![0; tree.outcomes.len().div_ceil(64)].into(),
        }
    }

    fn question(&self, id: &str) -> Option<(usize, &'t Question)> {
        let tree = self.tree;
        self.questions.get(id).map(|&i| (i, &tree.questions[i]))
    }

    /// The ids of the outcomes in `reached`, in the tree's order.
    fn ids(&self, reached: &[u64]) -> BTreeSet<String> {
        self.tree
            .outcomes
            .iter()
            .enumerate()
            .filter(|(i, _)| reached[i / 64] & (1 << (i % 64)) != 0)
            .map(|(_, o)| o.id.clone())
            .collect()
    }

    fn ahead_of(&mut self, node: &str, depth: usize) -> Rc<Ahead<'t>> {
        if let Some(found) = self.ahead.get(node) {
            return found.clone();
        }
        let mut out = Ahead::default();
        if let Some((_, q)) = self.question(node)
            && depth <= MAX_DEPTH
        {
            // Marked first: a cycle (in an unvalidated tree) ends here.
            self.ahead.insert(node.to_string(), Rc::default());
            if self.preset_questions.contains(&q.id) {
                add_all(&mut out.asked, &Some(BTreeSet::from([q.id.as_str()])));
            }
            let mut own = BTreeSet::new();
            for b in &q.branches {
                condition_questions(&b.when, &mut own);
            }
            add_all(&mut out.steering, &Some(own));
            for next in q.routes() {
                let after = self.ahead_of(next, depth + 1);
                add_all(&mut out.steering, &after.steering);
                add_all(&mut out.asked, &after.asked);
            }
        }
        let out = Rc::new(out);
        self.ahead.insert(node.to_string(), out.clone());
        out
    }

    fn visit(
        &mut self,
        node: &str,
        answers: &mut BTreeMap<String, Known>,
        depth: usize,
    ) -> Reached {
        // Validated trees have no cycles; the bound keeps an unvalidated one finite.
        if depth > MAX_DEPTH {
            return self.none.clone();
        }
        if let Some(&i) = self.outcomes.get(node) {
            let mut one = self.none.to_vec();
            one[i / 64] |= 1 << (i % 64);
            return one.into();
        }
        let Some((at, q)) = self.question(node) else {
            return self.none.clone();
        };
        let ahead = self.ahead_of(node, depth);
        let key: Vec<(String, Option<String>)> = answers
            .iter()
            .filter(|(k, _)| named_contains(&ahead.steering, k))
            .map(|(k, v)| (k.clone(), v.key()))
            .collect();
        let presets = self
            .presets
            .iter()
            .filter(|(k, _)| named_contains(&ahead.asked, k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let key = (at, key, presets);
        if let Some(found) = self.memo.get(&key) {
            return found.clone();
        }
        let mut found = self.none.to_vec();
        let given = answers.get(&q.id).cloned();
        let values = match &given {
            Some(v) => vec![v.clone()],
            None => possible_answers(q, &self.presets),
        };
        for value in values {
            answers.insert(q.id.clone(), value.clone());
            for next in next_nodes(q, &value, answers, &self.tree.compiled_patterns) {
                let after = self.visit(next, answers, depth + 1);
                for (word, more) in found.iter_mut().zip(after.iter()) {
                    *word |= more;
                }
            }
        }
        match given {
            Some(v) => answers.insert(q.id.clone(), v),
            None => answers.remove(&q.id),
        };
        let found: Reached = found.into();
        self.memo.insert(key, found.clone());
        found
    }
}

/// The ids of the outcomes a walk can reach from `start`, with `presets` (the
/// symptom's answers) passed wherever their question comes up and `given`
/// (answers already on the path) fixed.
pub fn reachable_outcome_ids(
    tree: &Tree,
    start: &str,
    presets: &BTreeMap<String, String>,
    given: &BTreeMap<String, AnswerValue>,
) -> BTreeSet<String> {
    let mut answers: BTreeMap<String, Known> = given
        .iter()
        .map(|(k, v)| (k.clone(), Known::Value(v.clone())))
        .collect();
    let mut search = Search::new(tree, presets.keys().cloned().collect());
    search.presets = presets.clone();
    let reached = search.visit(start, &mut answers, 0);
    search.ids(&reached)
}

/// [`reachable_outcome_ids`] for each of `starts` (a node and its presets)
/// with no answers given, sharing what the searches have in common: the
/// symptoms of a tree mostly lead through the same questions.
pub fn reachable_outcome_ids_each(
    tree: &Tree,
    starts: &[(&str, &BTreeMap<String, String>)],
) -> Vec<BTreeSet<String>> {
    let preset_questions = starts.iter().flat_map(|(_, p)| p.keys().cloned()).collect();
    let mut search = Search::new(tree, preset_questions);
    starts
        .iter()
        .map(|(start, presets)| {
            search.presets = (*presets).clone();
            let reached = search.visit(start, &mut BTreeMap::new(), 0);
            search.ids(&reached)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    //! The search of [`super::super::reach`] against this reference, on
    //! the built-in trees, the fixtures and generated trees full of conditions.

    use std::collections::{BTreeMap, BTreeSet};

    use crate::tree::answer::AnswerValue;
    use crate::tree::load::{BUILTIN, parse_tree};
    use crate::tree::{Outcome, Tree, reach};

    /// The articles of the outcomes in `ids`, as the tree lists them.
    fn articles<'t>(tree: &'t Tree, ids: &BTreeSet<String>) -> Vec<&'t str> {
        let outcomes: Vec<&Outcome> = ids.iter().filter_map(|id| tree.outcome(id)).collect();
        tree.articles_of(&outcomes)
    }

    /// Every search the program makes agrees with the reference on `tree`:
    /// each symptom's outcomes and articles, and a search from every
    /// question with a few answers given.
    fn agree(name: &str, tree: &Tree) {
        let starts: Vec<_> = tree
            .symptoms
            .iter()
            .map(|s| (s.start.as_str(), &s.answers))
            .collect();
        let expected = super::reachable_outcome_ids_each(tree, &starts);
        assert_eq!(
            reach::reachable_outcome_ids_each(tree, &starts),
            expected,
            "{name}"
        );
        let expected_articles: Vec<Vec<&str>> =
            expected.iter().map(|ids| articles(tree, ids)).collect();
        assert_eq!(tree.articles_per_symptom(), expected_articles, "{name}");
        for (start, presets) in &starts {
            assert_eq!(
                reach::reachable_outcome_ids(tree, start, presets, &BTreeMap::new()),
                super::reachable_outcome_ids(tree, start, presets, &BTreeMap::new()),
                "{name}: from {start}"
            );
        }
        // Mid-walk: from each question, with the answers of the questions
        // before it given (the first choice, or a number or text).
        let mut given = BTreeMap::new();
        for q in &tree.questions {
            let presets = tree
                .symptoms
                .first()
                .map(|s| s.answers.clone())
                .unwrap_or_default();
            assert_eq!(
                reach::reachable_outcome_ids(tree, &q.id, &presets, &given),
                super::reachable_outcome_ids(tree, &q.id, &presets, &given),
                "{name}: from {} given {given:?}",
                q.id
            );
            let value = match q.choice_values().first() {
                Some(v) => AnswerValue::Choice(v.to_string()),
                None if q.kind == crate::tree::QuestionKind::Number => AnswerValue::Number(12.0),
                None => AnswerValue::Text("abc".to_string()),
            };
            given.insert(q.id.clone(), value);
        }
    }

    #[test]
    fn the_builtin_trees_and_the_fixtures_reach_what_the_reference_reaches() {
        let mut sources: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        for dir in ["tests/fixtures/valid", "tests/fixtures/invalid"] {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    let src = std::fs::read_to_string(&path).unwrap();
                    sources.push((path.display().to_string(), src));
                }
            }
        }
        // The cycle fixture runs both searches to their depth bound, deeper
        // than a test thread's stack allows unoptimised.
        let compared = std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(move || {
                let mut compared = 0;
                for (name, src) in &sources {
                    // A file that does not parse has nothing to search.
                    if let Ok(tree) = parse_tree(name, src) {
                        agree(name, &tree);
                        compared += 1;
                    }
                }
                compared
            })
            .unwrap()
            .join()
            .unwrap();
        assert!(compared >= 15, "only {compared} trees compared");
    }

    /// A small deterministic generator (xorshift), so a failure repeats.
    struct Dice(u64);

    impl Dice {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// A condition on one of the questions before `upto` (or a made-up one).
    fn condition(d: &mut Dice, kinds: &[usize], upto: usize, depth: usize) -> String {
        let pick = d.below(if depth < 2 { 7 } else { 4 });
        match pick {
            4 => format!(
                "{{ all: [{}, {}] }}",
                condition(d, kinds, upto, depth + 1),
                condition(d, kinds, upto, depth + 1)
            ),
            5 => format!(
                "{{ any: [{}, {}] }}",
                condition(d, kinds, upto, depth + 1),
                condition(d, kinds, upto, depth + 1)
            ),
            6 => format!("{{ not: {} }}", condition(d, kinds, upto, depth + 1)),
            _ if upto == 0 || d.below(12) == 0 => "{ question: nowhere, is: [x] }".to_string(),
            _ => {
                let q = d.below(upto);
                match kinds[q] {
                    0 => format!(
                        "{{ question: q{q}, is: [{}] }}",
                        ["\"yes\"", "\"no\""][d.below(2)]
                    ),
                    1 => format!(
                        "{{ question: q{q}, is: [c{}, c{}] }}",
                        d.below(4),
                        d.below(4)
                    ),
                    2 => format!("{{ question: q{q}, at_least: {} }}", d.below(20)),
                    _ => format!("{{ question: q{q}, matches: \"^[ab]\" }}"),
                }
            }
        }
    }

    /// A tree of `n` questions of every kind, routed forward only, with
    /// branch conditions on earlier answers and symptoms that preset some.
    fn generated(seed: u64, n: usize) -> String {
        let mut d = Dice(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let outcomes = 6;
        let kinds: Vec<usize> = (0..n).map(|_| d.below(4)).collect();
        let target = |d: &mut Dice, from: usize| {
            if from + 1 >= n || d.below(4) == 0 {
                format!("o{}", d.below(outcomes))
            } else {
                format!("q{}", from + 1 + d.below((n - from - 1).min(4)))
            }
        };
        let mut y =
            String::from("id: gen\nversion: \"1\"\ntitle: Generated\nstart: q0\narticles:\n");
        for a in 0..4 {
            y += &format!("  - {{ id: A{a}, title: Article {a} }}\n");
        }
        y += "symptoms:\n";
        for s in 0..5 {
            let start = d.below(n.min(3));
            y += &format!(
                "  - id: s{s}\n    text: Symptom {s}\n    start: q{start}\n    answers: {{"
            );
            for _ in 0..d.below(3) {
                let q = d.below(n);
                let value = match kinds[q] {
                    0 => ["yes", "no", "maybe"][d.below(3)].to_string(),
                    1 => format!("c{}", d.below(5)),
                    2 => ["7", "30", "lots"][d.below(3)].to_string(),
                    _ => ["abc", "xyz"][d.below(2)].to_string(),
                };
                y += &format!(" q{q}: \"{value}\",");
            }
            y += " }\n";
        }
        y += "causes: []\nquestions:\n";
        for (i, kind) in kinds.iter().enumerate() {
            let kind_name = ["yes_no", "choice", "number", "text"][*kind];
            y += &format!("  - id: q{i}\n    kind: {kind_name}\n    text: Question {i}\n");
            if *kind == 1 {
                y += "    choices:\n";
                for c in 0..4 {
                    y += &format!("      - {{ id: c{c}, label: C{c}");
                    if d.below(2) == 0 {
                        y += &format!(", next: {}", target(&mut d, i));
                    }
                    y += " }\n";
                }
            }
            if *kind == 0 {
                y += &format!(
                    "    \"yes\": {}\n    \"no\": {}\n",
                    target(&mut d, i),
                    target(&mut d, i)
                );
            }
            let branches = d.below(3);
            if branches > 0 {
                y += "    branches:\n";
                for _ in 0..branches {
                    y += &format!(
                        "      - when: {}\n        next: {}\n",
                        condition(&mut d, &kinds, i + 1, 0),
                        target(&mut d, i)
                    );
                }
            }
            y += &format!("    next: {}\n", target(&mut d, i));
        }
        y += "outcomes:\n";
        for o in 0..outcomes {
            y += &format!(
                "  - id: o{o}\n    kind: unknown\n    title: O{o}\n    summary: S\n    articles: [{{ article: A{} }}, {{ article: A{} }}]\n    steps: []\n",
                d.below(4),
                d.below(4)
            );
        }
        y
    }

    #[test]
    fn generated_trees_with_conditions_reach_what_the_reference_reaches() {
        let mut told_apart = 0;
        for seed in 0..100 {
            let n = 3 + (seed as usize % 25);
            let src = generated(seed, n);
            let tree = parse_tree("gen.yaml", &src).unwrap_or_else(|p| panic!("{p}\n{src}"));
            agree(&format!("seed {seed}\n{src}"), &tree);
            let per_symptom = tree.articles_per_symptom();
            if per_symptom.iter().any(|a| *a != per_symptom[0]) {
                told_apart += 1;
            }
        }
        // The comparison means something only where symptoms lead apart.
        assert!(told_apart > 30, "{told_apart}");
    }
}
