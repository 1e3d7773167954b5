//! One module a screen, each with its `update` (what the keys do there) and
//! its `draw`; overlays (help, confirmations, the note editor) likewise.

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
