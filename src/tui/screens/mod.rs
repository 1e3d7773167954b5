//! One module a screen, each with its `update` (what the keys do there) and
//! its `draw`; overlays (help, confirmations, the note editor) likewise.
//!
//! A screen is a [`ScreenPart`] in its own module, registered by one line of
//! [`screens!`]: that line names the [`Screen`] and is the whole dispatch, so
//! the view, `update` and the keymap's context all reach the screen through
//! [`Screen::part`].

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::app::{App, Command};
use crate::tui::keymap::{Action, Context};

pub mod checklist;
pub mod checklist_confirm;
mod checklist_steps;
pub mod details;
pub mod find;
pub mod outcome;
pub mod overlays;
pub mod picker;
pub mod question;
pub mod sessions;
mod side_panel;

/// What a screen does: the keys it reads, what they change, and how it looks.
pub trait ScreenPart: Sync {
    /// The keymap's context while the screen shows with no overlay.
    fn context(&self, app: &App) -> Context;
    /// What `action` does on this screen (keys common to every screen are
    /// handled before).
    fn update(&self, app: &mut App, action: Action) -> Option<Command>;
    /// Draws the screen's body into `area`.
    fn draw(&self, frame: &mut Frame, app: &App, area: Rect);
}

/// Declares [`Screen`] and its dispatch: one line a screen.
macro_rules! screens {
    ($($(#[$doc:meta])* $name:ident => $part:path,)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Screen {
            $($(#[$doc])* $name,)+
        }

        impl Screen {
            /// What this screen does, from its own module.
            pub(crate) fn part(self) -> &'static dyn ScreenPart {
                match self {
                    $(Screen::$name => &$part,)+
                }
            }
        }
    };
}

screens! {
    /// The symptoms to pick from, and the unfinished sessions.
    Picker => picker::PickerScreen,
    /// The current question of a walk.
    Question => question::QuestionScreen,
    /// The diagnosis a walk reached.
    Outcome => outcome::OutcomeScreen,
    /// The diagnosis's steps, worked through.
    Checklist => checklist::ChecklistScreen,
}
