//! When a key that only sometimes applies does, and when Esc would drop
//! text: the keymap says which key does what, these say when.

use crate::engine::Input as EngineInput;

use super::app::{App, Overlay};
use super::keymap::{Action, Context};

impl App {
    /// Whether `action` applies now in `context`; when it does not, the key
    /// goes on to the next binding (or to the text field).
    pub(super) fn key_applies(&self, context: Context, action: Action) -> bool {
        let finding = self.walk.as_ref().is_some_and(|w| w.find.is_some());
        match action {
            // `q` quits the symptom list only before anything is typed.
            Action::QuitFromList => self.search.value().is_empty(),
            // `d` is typed into the search unless a session is selected.
            Action::DismissSession => self.session_selected.is_some(),
            Action::FindNext if context == Context::Find => true,
            Action::FindNext | Action::FindPrevious | Action::ClearFind => finding,
            _ => self.probe_action_applies(action).unwrap_or(true),
        }
    }

    /// Whether `action` (reached with Esc) would throw away text the
    /// operator typed: a changed note, or a typed answer that is not the
    /// one already given. The first such Esc only warns.
    pub(super) fn esc_would_drop_text(&self, action: Action) -> bool {
        match (action, &self.overlay) {
            (
                Action::CancelNote,
                Some(Overlay::Note {
                    input, original, ..
                }),
            ) => input.value().trim() != original.trim(),
            (Action::Back, None) if self.context() == Context::TextAnswer => {
                let Some(w) = &self.walk else { return false };
                let typed = w.text.value().trim();
                let given = match w.session.remembered_answer_input() {
                    Some(EngineInput::Answer { value, .. }) => value,
                    _ => String::new(),
                };
                !typed.is_empty() && typed != given.trim()
            }
            _ => false,
        }
    }
}
