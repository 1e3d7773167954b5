//! Every screen of the wizard at 80×24 and 120×40, compared with the
//! accepted snapshots in `tests/snapshots/`. A fixed clock and export folder
//! keep them stable.

mod tui_support;

use tui_support::{render, screens};

#[test]
fn every_screen_at_80x24_and_120x40() {
    for (name, app) in screens() {
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("{name}@{w}x{h}"), render(&app, w, h));
        }
    }
}
