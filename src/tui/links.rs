//! Following a `see_also` link: a new walk of the symptom it names, with the
//! answers both trees share carried over.

use crate::engine::{AnswerSource, Input as EngineInput};
use crate::store::StoreError;
use crate::tree::SeeAlso;
use crate::tree::links::{carried_answers, target_tree};

use super::app::{App, Screen};

impl App {
    /// The link `l` follows now: on the checklist the selected step's, else
    /// the diagnosis's own.
    pub(super) fn current_link(&self) -> Option<SeeAlso> {
        let w = self.walk.as_ref()?;
        let outcome = w.session.outcome()?;
        let step = match self.screen {
            Screen::Checklist => w.items().get(w.step).and_then(|i| i.step.see_also.clone()),
            _ => None,
        };
        step.or_else(|| outcome.see_also.clone())
    }

    pub(super) fn follow_link(&mut self) {
        let Some(see) = self.current_link() else {
            self.error("Nothing to follow here: no see-also link on this step or diagnosis");
            return;
        };
        let Some(w) = self.walk.as_ref() else { return };
        let from = std::sync::Arc::clone(w.session.tree());
        let tree_id = target_tree(&from, &see).to_string();
        let target = self
            .library
            .entries()
            .iter()
            .position(|e| e.id() == tree_id)
            .and_then(|i| Some((i, self.library.entries()[i].load().ok()?)));
        let Some((index, target)) = target else {
            self.error(format!(
                "Tree {tree_id} is not loaded, so its symptom {} cannot be opened",
                see.symptom
            ));
            return;
        };
        if w.unexported() {
            self.error("This walk is not saved: export it (e) before following the link");
            return;
        }
        let answers = w
            .session
            .path_answers()
            .into_iter()
            .map(|(q, a)| (q.id.clone(), a.value.raw()));
        let carried = carried_answers(&target.tree, answers);
        let count = carried.len();
        if self.start_walk_at(index, &see.symptom, carried) {
            let s = if count == 1 { "" } else { "s" };
            self.info(format!(
                "Followed the link from {}: walking {} of {tree_id}, with {count} answer{s} carried over",
                from.id, see.symptom
            ));
        }
    }

    /// Gives the current question its carried answer, as long as there is
    /// one and the question has none yet; each carried answer is given once,
    /// so going back to it later shows it like any other answer.
    pub(super) fn give_carried(&mut self) -> Result<(), StoreError> {
        let at = self.now;
        let Some(w) = self.walk.as_mut() else {
            return Ok(());
        };
        while let Some(q) = w.session.current_question() {
            if w.session.answer(&q.id).is_some() {
                break;
            }
            let Some(value) = w.carried.remove(&q.id) else {
                break;
            };
            let input = EngineInput::Answer {
                question: q.id.clone(),
                value,
                source: AnswerSource::Operator,
            };
            w.apply(input, at)?;
        }
        Ok(())
    }
}
