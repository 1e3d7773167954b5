//! Which outcomes a walk can still reach, following every answer a question
//! accepts and evaluating each branch condition on the answers that path
//! would have given, so a symptom advertises only what its walks can reach.
//!
//! A question the symptom answers leads only where that answer goes; answers
//! already given are fixed; a text or number answer not yet given is unknown,
//! so a condition on it may go either way.
//!
//! The search runs for every tree the library indexes, so the tree is first
//! turned into numbers ([`Plan`]): nodes, answer slots and answer values are
//! indices, each condition knows its verdict for every value beforehand, and
//! the memo of what lies after a node is keyed by a few integers.

use super::YesNo;
use std::collections::{BTreeMap, BTreeSet};

use super::fast_hash::FastMap;

use super::patterns::CompiledPatterns;

use super::answer::{AnswerValue, parse_answer};
use super::model::{Condition, QuestionKind, Tree};

/// What a path knows of one question's answer.
#[derive(Debug, Clone, PartialEq)]
enum Known {
    Value(AnswerValue),
    /// Answered with a text or number not known yet.
    Unknown,
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

/// Validated trees have no cycles; this bound keeps an unvalidated one finite.
const MAX_DEPTH: usize = 1_000;

/// Past this many questions a node stops naming the questions ahead of it
/// and stands for all of them, so that memory stays linear in the tree's size.
const NAMED_AT_MOST: usize = 64;

/// Where an id leads: outcomes are found before questions, as before.
#[derive(Debug, Clone, Copy)]
enum Node {
    Question(u32),
    Outcome(u32),
    Missing,
}

/// A branch condition with its questions turned into answer slots.
enum Test {
    All(Vec<Test>),
    Any(Vec<Test>),
    Not(Box<Test>),
    /// One question's answer: the verdicts of [`Plan::atoms`]`[i]`.
    Atom(usize),
    /// No question named: the branch is never taken.
    NotAsked,
}

/// A single-question condition's verdict for each value code of its slot
/// (code 0: not answered).
struct Atom<'t> {
    slot: u32,
    condition: &'t Condition,
    verdicts: Vec<Results>,
}

struct PlannedQuestion {
    slot: u32,
    branches: Vec<(Test, Node)>,
    /// Where the question's own routing goes, by value code of its slot.
    own: Vec<Option<Node>>,
    /// The value codes a walk could answer when no preset applies.
    choices: Vec<u32>,
    /// Every route, for what lies ahead; ids resolved as questions only,
    /// since only questions have anything ahead.
    routes: Vec<Option<u32>>,
}

/// A tree turned into numbers for searching. Answers live in slots (one per
/// question id, and one per other id a condition or a given answer names);
/// the values of a slot are numbered from 1, 0 being "not answered".
struct Plan<'t> {
    tree: &'t Tree,
    questions: Vec<PlannedQuestion>,
    atoms: Vec<Atom<'t>>,
    slots: FastMap<&'t str, u32>,
    /// The values each slot can hold, code `i + 1` at index `i`.
    values: Vec<Vec<Known>>,
    /// Per slot and code, the first code that every condition on the slot
    /// treats the same way: only that enters a memo key.
    class: Vec<Vec<u32>>,
    /// The slots some condition looks at.
    atom_slots: Vec<u32>,
    /// The slots some search presets.
    preset_slots: Vec<u32>,
    is_preset: Vec<bool>,
    /// The first question and the first outcome of each id, as
    /// [`Tree::question`] and [`Tree::outcome`] find them.
    first_question: FastMap<&'t str, u32>,
    first_outcome: FastMap<&'t str, u32>,
}

impl<'t> Plan<'t> {
    /// The plan of `tree` for searches with these presets and given answers.
    fn new(
        tree: &'t Tree,
        presets: impl Iterator<Item = &'t BTreeMap<String, String>>,
        given: &'t BTreeMap<String, AnswerValue>,
    ) -> Plan<'t> {
        let mut first_question = FastMap::default();
        for (i, q) in tree.questions.iter().enumerate() {
            first_question.entry(q.id.as_str()).or_insert(i as u32);
        }
        let mut first_outcome = FastMap::default();
        for (i, o) in tree.outcomes.iter().enumerate() {
            first_outcome.entry(o.id.as_str()).or_insert(i as u32);
        }
        let mut plan = Plan {
            tree,
            questions: Vec::with_capacity(tree.questions.len()),
            atoms: Vec::new(),
            slots: FastMap::default(),
            values: Vec::new(),
            class: Vec::new(),
            atom_slots: Vec::new(),
            preset_slots: Vec::new(),
            is_preset: Vec::new(),
            first_question,
            first_outcome,
        };
        for q in &tree.questions {
            let slot = plan.slot(&q.id);
            let choice = |id: &str| Known::Value(AnswerValue::Choice(id.to_string()));
            let possible: Vec<Known> = match q.kind {
                QuestionKind::YesNo => YesNo::BOTH.map(|v| choice(v.as_str())).to_vec(),
                QuestionKind::Choice => q.choices.iter().map(|c| choice(&c.id)).collect(),
                QuestionKind::Text | QuestionKind::Number => vec![Known::Unknown],
            };
            let choices = possible.into_iter().map(|v| plan.intern(slot, v)).collect();
            let branches = q
                .branches
                .iter()
                .map(|b| (plan.test(&b.when), plan.node(&b.next)))
                .collect();
            let routes = q
                .routes()
                .into_iter()
                .map(|id| plan.first_question.get(id).copied())
                .collect();
            plan.questions.push(PlannedQuestion {
                slot,
                branches,
                own: Vec::new(),
                choices,
                routes,
            });
        }
        for p in presets {
            for (id, raw) in p {
                let slot = plan.slot(id);
                plan.mark_preset(slot);
                if let Some(v) = plan.parse_preset(id, raw) {
                    plan.intern(slot, Known::Value(v));
                }
            }
        }
        for (id, v) in given {
            let slot = plan.slot(id);
            plan.intern(slot, Known::Value(v.clone()));
        }
        plan.judge();
        plan
    }

    fn slot(&mut self, id: &'t str) -> u32 {
        let next = self.slots.len() as u32;
        let slot = *self.slots.entry(id).or_insert(next);
        if slot == next {
            self.values.push(Vec::new());
            self.is_preset.push(false);
        }
        slot
    }

    fn mark_preset(&mut self, slot: u32) {
        if !self.is_preset[slot as usize] {
            self.is_preset[slot as usize] = true;
            self.preset_slots.push(slot);
        }
    }

    /// A preset as the question it answers reads it; `None` when it does
    /// not read, which leaves the question open.
    fn parse_preset(&self, id: &str, raw: &str) -> Option<AnswerValue> {
        let q = &self.tree.questions[*self.first_question.get(id)? as usize];
        parse_answer(q, raw).ok()
    }

    fn intern(&mut self, slot: u32, value: Known) -> u32 {
        let values = &mut self.values[slot as usize];
        match values.iter().position(|v| *v == value) {
            Some(i) => i as u32 + 1,
            None => {
                values.push(value);
                values.len() as u32
            }
        }
    }

    fn node(&self, id: &str) -> Node {
        if let Some(&i) = self.first_outcome.get(id) {
            Node::Outcome(i)
        } else if let Some(&i) = self.first_question.get(id) {
            Node::Question(i)
        } else {
            Node::Missing
        }
    }

    /// `c` as the engine reads it: `all`, then `any`, then `not`, then a question.
    fn test(&mut self, c: &'t Condition) -> Test {
        if let Some(all) = &c.all {
            return Test::All(all.iter().map(|sub| self.test(sub)).collect());
        }
        if let Some(any) = &c.any {
            return Test::Any(any.iter().map(|sub| self.test(sub)).collect());
        }
        if let Some(not) = &c.not {
            return Test::Not(Box::new(self.test(not)));
        }
        let Some(q) = c.question.as_deref() else {
            return Test::NotAsked;
        };
        let slot = self.slot(q);
        self.atoms.push(Atom {
            slot,
            condition: c,
            verdicts: Vec::new(),
        });
        Test::Atom(self.atoms.len() - 1)
    }

    /// Once every value is known: each condition's verdict on each value,
    /// the classes of values, and each question's own routing by value.
    fn judge(&mut self) {
        let patterns = &self.tree.compiled_patterns;
        let mut on_slot: Vec<Vec<usize>> = vec![Vec::new(); self.values.len()];
        for (i, atom) in self.atoms.iter_mut().enumerate() {
            let values = &self.values[atom.slot as usize];
            atom.verdicts = std::iter::once(Results(NOT_ASKED))
                .chain(values.iter().map(|v| match v {
                    Known::Unknown => Results(TRUE | FALSE),
                    Known::Value(v) => Results::one(Some(holds(atom.condition, v, patterns))),
                }))
                .collect();
            on_slot[atom.slot as usize].push(i);
        }
        let all_atoms = &self.atoms;
        let values = &self.values;
        self.class = on_slot
            .iter()
            .enumerate()
            .map(|(slot, atoms)| {
                let codes = values[slot].len() + 1;
                let verdicts =
                    |code: usize| atoms.iter().map(move |&a| all_atoms[a].verdicts[code]);
                (0..codes)
                    .map(|code| {
                        (0..code)
                            .find(|&earlier| verdicts(earlier).eq(verdicts(code)))
                            .unwrap_or(code) as u32
                    })
                    .collect()
            })
            .collect();
        self.atom_slots = (0..on_slot.len() as u32)
            .filter(|&s| !on_slot[s as usize].is_empty())
            .collect();
        for i in 0..self.questions.len() {
            let q = &self.tree.questions[i];
            let own = std::iter::once(None)
                .chain(
                    self.values[self.questions[i].slot as usize]
                        .iter()
                        .map(Some),
                )
                .map(|value| {
                    let value = value?;
                    let routed = match q.kind {
                        QuestionKind::YesNo => match value {
                            Known::Value(AnswerValue::Choice(v))
                                if YesNo::parse(v) == Some(YesNo::Yes) =>
                            {
                                q.yes.as_deref()
                            }
                            Known::Value(_) => q.no.as_deref(),
                            Known::Unknown => None,
                        },
                        QuestionKind::Choice => match value {
                            Known::Value(AnswerValue::Choice(v)) => {
                                q.choice(v).and_then(|c| c.next.as_deref())
                            }
                            Known::Value(_) | Known::Unknown => None,
                        },
                        QuestionKind::Text | QuestionKind::Number => None,
                    };
                    routed.or(q.next.as_deref()).map(|id| self.node(id))
                })
                .collect();
            self.questions[i].own = own;
        }
    }

    fn eval(&self, test: &Test, answers: &[u32]) -> Results {
        match test {
            Test::All(all) => all.iter().fold(Results(TRUE), |acc, sub| {
                acc.combine(self.eval(sub, answers), and)
            }),
            Test::Any(any) => any.iter().fold(Results(FALSE), |acc, sub| {
                acc.combine(self.eval(sub, answers), or)
            }),
            Test::Not(not) => self
                .eval(not, answers)
                .combine(Results(TRUE), |a, _| a.map(|b| !b)),
            Test::Atom(i) => {
                let atom = &self.atoms[*i];
                atom.verdicts[answers[atom.slot as usize] as usize]
            }
            Test::NotAsked => Results(NOT_ASKED),
        }
    }
}

/// Some slots, sorted, or (`None`) all of them.
type Slots = Option<Vec<u32>>;

fn add_all(to: &mut Slots, from: &Slots) {
    match (to.as_mut(), from) {
        (Some(to_set), Some(from)) => {
            for s in from {
                if let Err(at) = to_set.binary_search(s) {
                    to_set.insert(at, *s);
                }
            }
            if to_set.len() > NAMED_AT_MOST {
                *to = None;
            }
        }
        _ => *to = None,
    }
}

/// What lies after a question.
struct Ahead {
    /// The slots that branch conditions at the question or after it look
    /// at: only their answers change where a walk from it can go, so only
    /// they enter its memo key.
    steering: Slots,
    /// The preset slots asked at the question or after it: only their
    /// presets matter there.
    asked: Slots,
}

impl Default for Ahead {
    fn default() -> Self {
        Ahead {
            steering: Some(Vec::new()),
            asked: Some(Vec::new()),
        }
    }
}

/// The outcomes found: sets of [`Search::words`] words each, one bit per
/// outcome in the tree's order, stored one after another.
type SetId = u32;
const EMPTY: SetId = 0;

struct Search<'p, 't> {
    plan: &'p Plan<'t>,
    /// The raw value code in each slot on the current path.
    answers: Vec<u32>,
    /// The preset value code of each slot for the current search (0: none).
    presets: Vec<u32>,
    ahead: Vec<Option<usize>>,
    aheads: Vec<Ahead>,
    memo: FastMap<Box<[u32]>, SetId>,
    sets: Vec<u64>,
    words: usize,
    singletons: Vec<SetId>,
    key: Vec<u32>,
}

impl<'p, 't> Search<'p, 't> {
    fn new(plan: &'p Plan<'t>) -> Self {
        let words = plan.tree.outcomes.len().div_ceil(64).max(1);
        Search {
            plan,
            answers: vec![0; plan.values.len()],
            presets: vec![0; plan.values.len()],
            ahead: vec![None; plan.questions.len()],
            // The first is the empty "seen already" mark of a cycle.
            aheads: vec![Ahead::default()],
            memo: FastMap::default(),
            sets: vec![0; words],
            words,
            singletons: vec![u32::MAX; plan.tree.outcomes.len()],
            key: Vec::new(),
        }
    }

    fn set_presets(&mut self, presets: &BTreeMap<String, String>) {
        self.presets.iter_mut().for_each(|p| *p = 0);
        for (id, raw) in presets {
            let slot = self.plan.slots[id.as_str()];
            if let Some(v) = self.plan.parse_preset(id, raw) {
                let code = self.plan.values[slot as usize]
                    .iter()
                    .position(|k| *k == Known::Value(v.clone()))
                    .expect("presets are interned");
                self.presets[slot as usize] = code as u32 + 1;
            }
        }
    }

    fn new_set(&mut self) -> SetId {
        let id = self.sets.len() / self.words;
        self.sets.resize(self.sets.len() + self.words, 0);
        id as SetId
    }

    fn join(&mut self, into: SetId, from: SetId) {
        let (into, from) = (into as usize * self.words, from as usize * self.words);
        for w in 0..self.words {
            self.sets[into + w] |= self.sets[from + w];
        }
    }

    fn set(&self, id: SetId) -> &[u64] {
        let at = id as usize * self.words;
        &self.sets[at..at + self.words]
    }

    /// What lies after question `at`, as the first search to come by found it.
    fn ahead_of(&mut self, at: u32, depth: usize) -> usize {
        if let Some(found) = self.ahead[at as usize] {
            return found;
        }
        let mut out = Ahead::default();
        if depth <= MAX_DEPTH {
            // Marked first: a cycle (in an unvalidated tree) ends here.
            self.ahead[at as usize] = Some(0);
            let plan = self.plan;
            let q = &plan.questions[at as usize];
            if plan.is_preset[q.slot as usize] {
                add_all(&mut out.asked, &Some(vec![q.slot]));
            }
            let mut own = BTreeSet::new();
            for (test, _) in &q.branches {
                self.condition_slots(test, &mut own);
            }
            add_all(&mut out.steering, &Some(own.into_iter().collect()));
            // A route to an outcome, or to nothing, has nothing ahead.
            for next in q.routes.iter().flatten() {
                let after = self.ahead_of(*next, depth + 1);
                let after = &self.aheads[after];
                add_all(&mut out.steering, &after.steering);
                add_all(&mut out.asked, &after.asked);
            }
        }
        self.aheads.push(out);
        let id = self.aheads.len() - 1;
        self.ahead[at as usize] = Some(id);
        id
    }

    fn condition_slots(&self, test: &Test, out: &mut BTreeSet<u32>) {
        match test {
            Test::All(subs) | Test::Any(subs) => {
                subs.iter().for_each(|s| self.condition_slots(s, out))
            }
            Test::Not(sub) => self.condition_slots(sub, out),
            Test::Atom(i) => {
                out.insert(self.plan.atoms[*i].slot);
            }
            Test::NotAsked => {}
        }
    }

    fn visit(&mut self, node: Node, depth: usize) -> SetId {
        // Validated trees have no cycles; the bound keeps an unvalidated one finite.
        if depth > MAX_DEPTH {
            return EMPTY;
        }
        let at = match node {
            Node::Missing => return EMPTY,
            Node::Outcome(i) => return self.singleton(i),
            Node::Question(at) => at,
        };
        let plan = self.plan;
        let q = &plan.questions[at as usize];
        let slot = q.slot as usize;
        let ahead = self.ahead_of(at, depth);
        let ahead = &self.aheads[ahead];
        let mut key = std::mem::take(&mut self.key);
        key.clear();
        key.push(at);
        key.push(self.answers[slot]);
        let classes = &plan.class;
        let steering = ahead.steering.as_deref().unwrap_or(&plan.atom_slots);
        key.extend(
            steering
                .iter()
                .map(|&s| classes[s as usize][self.answers[s as usize] as usize]),
        );
        key.push(u32::MAX);
        let asked = ahead.asked.as_deref().unwrap_or(&plan.preset_slots);
        key.extend(asked.iter().map(|&s| self.presets[s as usize]));
        if let Some(&found) = self.memo.get(key.as_slice()) {
            self.key = key;
            return found;
        }
        let stored: Box<[u32]> = key.as_slice().into();
        self.key = key;
        let found = self.new_set();
        let given = self.answers[slot];
        let preset = self.presets[slot];
        // A given answer is kept; a preset is the only answer to follow.
        let fixed = [if given != 0 { given } else { preset }];
        let values: &[u32] = if fixed[0] != 0 { &fixed } else { &q.choices };
        for &value in values {
            self.answers[slot] = value;
            let mut decided = false;
            for (test, next) in &q.branches {
                let r = plan.eval(test, &self.answers);
                if r.0 & TRUE != 0 {
                    let after = self.visit(*next, depth + 1);
                    self.join(found, after);
                }
                if r == Results(TRUE) {
                    decided = true;
                    break;
                }
            }
            if !decided && let Some(next) = q.own[value as usize] {
                let after = self.visit(next, depth + 1);
                self.join(found, after);
            }
        }
        self.answers[slot] = given;
        self.memo.insert(stored, found);
        found
    }

    fn singleton(&mut self, outcome: u32) -> SetId {
        let i = outcome as usize;
        if self.singletons[i] == u32::MAX {
            let id = self.new_set();
            self.sets[id as usize * self.words + i / 64] |= 1 << (i % 64);
            self.singletons[i] = id;
        }
        self.singletons[i]
    }

    /// The outcomes reachable from `start`, one bit per outcome.
    fn from(&mut self, start: &str) -> Vec<u64> {
        let found = self.visit(self.plan.node(start), 0);
        self.set(found).to_vec()
    }
}

/// The ids of the outcomes in `reached`, in the tree's order.
fn ids(tree: &Tree, reached: &[u64]) -> BTreeSet<String> {
    tree.outcomes
        .iter()
        .enumerate()
        .filter(|(i, _)| reached[i / 64] & (1 << (i % 64)) != 0)
        .map(|(_, o)| o.id.clone())
        .collect()
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
    let plan = Plan::new(tree, std::iter::once(presets), given);
    let mut search = Search::new(&plan);
    for (id, v) in given {
        let slot = plan.slots[id.as_str()] as usize;
        let code = plan.values[slot]
            .iter()
            .position(|k| *k == Known::Value(v.clone()))
            .expect("given answers are interned");
        search.answers[slot] = code as u32 + 1;
    }
    search.set_presets(presets);
    ids(tree, &search.from(start))
}

/// The outcomes reachable from each of `starts` (a node and its presets)
/// with no answers given, as bit sets over the tree's outcomes, sharing what
/// the searches have in common: the symptoms of a tree mostly lead through
/// the same questions.
pub fn reachable_outcomes_each(
    tree: &Tree,
    starts: &[(&str, &BTreeMap<String, String>)],
) -> Vec<Vec<u64>> {
    let no_answers = BTreeMap::new();
    let plan = Plan::new(tree, starts.iter().map(|(_, p)| *p), &no_answers);
    let mut search = Search::new(&plan);
    starts
        .iter()
        .map(|(start, presets)| {
            search.set_presets(presets);
            search.from(start)
        })
        .collect()
}

/// [`reachable_outcome_ids`] for each of `starts` with no answers given.
pub fn reachable_outcome_ids_each(
    tree: &Tree,
    starts: &[(&str, &BTreeMap<String, String>)],
) -> Vec<BTreeSet<String>> {
    reachable_outcomes_each(tree, starts)
        .iter()
        .map(|reached| ids(tree, reached))
        .collect()
}
