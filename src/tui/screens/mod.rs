//! One module a screen, each with its `update` (what the keys do there) and
//! its `draw`; overlays (help, confirmations, the note editor) likewise.

pub mod picker;
pub mod sessions;
