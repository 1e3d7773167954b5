//! Changes that ask first: switching to another option when steps of the
//! chosen one are recorded (they would be hidden), ticking a step whose
//! sub-steps are still open (they are ticked with it), and dismissing an
//! unfinished session.

use crate::checklist::{Item, StepStatus, choosing, descendants};
use crate::engine::Input as EngineInput;
use crate::tui::app::{App, Overlay, input_error};
use crate::tui::keymap::Action;

/// The change a confirmation holds until `y`.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// Choose the numbered option (1-based).
    ChooseOption(usize),
    /// Mark these sub-steps done, then their parent.
    TickWithSubsteps {
        parent: String,
        number: String,
        substeps: Vec<String>,
    },
    /// Set this stored session aside.
    DismissSession(String),
}

/// The steps recorded (done, skipped, failed or noted) that choosing
/// `alternative` would hide, as their numbers.
fn hidden_by(items: &[Item<'_>], alternative: &str) -> Vec<String> {
    items
        .iter()
        .filter(|i| i.alternative.is_some_and(|a| a.id != alternative))
        .filter(|i| {
            matches!(
                i.status,
                StepStatus::Done | StepStatus::Skipped | StepStatus::Failed
            ) || !i.note.is_empty()
        })
        .map(|i| i.number.clone())
        .collect()
}

/// What can stop the selected step from being marked as `wanted`: an option
/// not chosen yet, or sub-steps still open. `Err` is the reason to show.
pub(crate) enum Gate {
    Go,
    Refuse(String),
    Ask(Pending, String),
}

pub(crate) fn gate(items: &[Item<'_>], at: usize, wanted: StepStatus, options: usize) -> Gate {
    let Some(item) = items.get(at) else {
        return Gate::Go;
    };
    if item.alternative.is_some() && choosing(items) {
        return Gate::Refuse(format!(
            "Choose an option first (1-{options}): step {} belongs to one of them",
            item.number
        ));
    }
    let subs = descendants(items, at);
    let has_subs = items[subs.clone()]
        .iter()
        .any(|i| i.status != StepStatus::NotApplicable);
    if !has_subs {
        return Gate::Go;
    }
    if item.status == StepStatus::Done && wanted != StepStatus::Done {
        // Done because its sub-steps are; a record would not change that.
        return Gate::Refuse(format!(
            "Step {} is done because its sub-steps are: mark one of them to reopen it",
            item.number
        ));
    }
    if wanted != StepStatus::Done || item.status == StepStatus::Done {
        return Gate::Go;
    }
    if let Some(failed) = items[subs.clone()]
        .iter()
        .find(|i| i.status == StepStatus::Failed)
    {
        return Gate::Refuse(format!(
            "Step {} cannot be done: its sub-step {} failed",
            item.number, failed.number
        ));
    }
    let open: Vec<&Item<'_>> = items[subs]
        .iter()
        .filter(|i| i.status == StepStatus::Todo && i.step.steps.is_empty())
        .collect();
    if open.is_empty() {
        return Gate::Go;
    }
    let numbers: Vec<&str> = open.iter().map(|i| i.number.as_str()).collect();
    let message = format!(
        "Step {} has {} sub-step(s) still open: {}. Mark them all done with it?",
        item.number,
        open.len(),
        numbers.join(", ")
    );
    Gate::Ask(
        Pending::TickWithSubsteps {
            parent: item.step.id.clone(),
            number: item.number.clone(),
            substeps: open.iter().map(|i| i.step.id.clone()).collect(),
        },
        message,
    )
}

impl App {
    /// Chooses option `n`, asking first when that hides recorded steps.
    pub(crate) fn ask_choose_option(&mut self, n: usize) {
        let Some(w) = self.walk.as_ref() else { return };
        let Some(outcome) = w.session.outcome() else {
            return;
        };
        let Some(alt) = outcome.alternatives.get(n.wrapping_sub(1)) else {
            self.choose_option(Some(n));
            return;
        };
        if w.session.checklist().and_then(|c| c.alternative.as_deref()) == Some(alt.id.as_str()) {
            return;
        }
        let hidden = hidden_by(&w.items(), &alt.id);
        if hidden.is_empty() {
            self.choose_option(Some(n));
            return;
        }
        let which = match hidden.as_slice() {
            [one] => format!("step {one}, which has"),
            many => format!("steps {}, which have", many.join(", ")),
        };
        let message = format!(
            "Option {n} hides {which} progress recorded. It is kept: \
             choosing their option again shows them."
        );
        self.overlay = Some(Overlay::ConfirmChecklist {
            title: format!("Switch to option {n}?"),
            message,
            change: Pending::ChooseOption(n),
        });
    }

    pub(crate) fn update_checklist_confirm(&mut self, action: Action) {
        let Some(Overlay::ConfirmChecklist { change, .. }) = &self.overlay else {
            return;
        };
        let change = change.clone();
        match action {
            Action::GoAhead => {
                self.overlay = None;
                match change {
                    Pending::ChooseOption(n) => self.choose_option(Some(n)),
                    Pending::TickWithSubsteps {
                        parent,
                        number,
                        substeps,
                    } => self.tick_with_substeps(&parent, &number, &substeps),
                    Pending::DismissSession(id) => self.dismiss_session(&id),
                }
            }
            Action::Stay => {
                self.overlay = None;
                self.info("Nothing changed");
            }
            _ => {}
        }
    }

    fn tick_with_substeps(&mut self, parent: &str, number: &str, substeps: &[String]) {
        let at = self.now;
        let Some(w) = self.walk.as_mut() else { return };
        for step in substeps.iter().chain(std::iter::once(&parent.to_string())) {
            let input = EngineInput::SetStepStatus {
                step: step.clone(),
                status: StepStatus::Done,
                at,
            };
            if let Err(e) = w.apply(input, at) {
                self.error(input_error(&e));
                return;
            }
        }
        self.info(format!(
            "Step {number} done, with {} sub-step(s)",
            substeps.len()
        ));
    }
}
