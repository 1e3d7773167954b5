//! Which outcomes a walk can still reach, following every answer a question
//! accepts and evaluating each branch condition on the answers that path
//! would have given, so a symptom advertises only what its walks can reach.
//!
//! A question the symptom answers leads only where that answer goes; answers
//! already given are fixed; a text or number answer not yet given is unknown,
//! so a condition on it may go either way.

use super::YesNo;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use super::patterns::CompiledPatterns;

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

/// Whether one answer meets a single-question condition (`is`, `at_least`,
/// `below` or `matches`), as the engine decides it.
pub fn holds(c: &Condition, value: &AnswerValue, patterns: &CompiledPatterns) -> bool {
    match value {
        AnswerValue::Choice(v) => c.is.as_ref().is_some_and(|set| set.contains(v)),
        AnswerValue::Number(n) => {
            c.at_least.is_none_or(|lo| *n >= lo) && c.below.is_none_or(|hi| *n < hi)
        }
        AnswerValue::Text(t) => c
            .matches
            .as_deref()
            .and_then(|p| patterns.get(p))
            .is_some_and(|re| re.is_match(t)),
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

/// FxHash: the memo is hashed at every node, and its keys are ids from the
/// tree, not input chosen to collide (SipHash guards against that, slowly).
#[derive(Default)]
struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.add(u64::from_le_bytes(w.try_into().expect("eight bytes")));
        }
        for &b in words.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

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
