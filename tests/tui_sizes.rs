//! Every screen drawn at sizes from 1×1 to 200×60: nothing panics.

mod tui_support;

use tui_support::{render, screen, screens};

use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn sizes() -> Vec<(u16, u16)> {
    let mut sizes = Vec::new();
    for w in (1..=200).step_by(13) {
        for h in (1..=60).step_by(4) {
            sizes.push((w, h));
        }
    }
    // The edges: the smallest, the thresholds, the largest.
    for w in [1, 2, 15, 16, 79, 80, 120, 200] {
        for h in [1, 2, 3, 4, 5, 8, 23, 24, 60] {
            sizes.push((w, h));
        }
    }
    sizes
}

#[test]
fn every_screen_draws_at_every_size_from_1x1_to_200x60() {
    let sizes = sizes();
    // Two halves of the sizes on two threads: the machine has two cores.
    let (first, second) = sizes.split_at(sizes.len() / 2);
    std::thread::scope(|scope| {
        for part in [first, second] {
            scope.spawn(move || {
                let screens = screens();
                for &(w, h) in part {
                    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
                    for (name, app) in &screens {
                        let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            terminal
                                .draw(|f| kbwalk::tui::view::draw(f, app))
                                .map(|frame| frame.area)
                        }));
                        match drawn {
                            Ok(Ok(area)) => assert_eq!((area.width, area.height), (w, h), "{name}"),
                            _ => panic!("{name} failed to draw at {w}x{h}"),
                        }
                    }
                }
            });
        }
    });
}

#[test]
fn a_tiny_window_asks_to_be_enlarged_and_a_small_one_still_works() {
    let app = screen("checklist_in_progress");
    assert!(render(&app, 30, 3).contains("kbwalk: enlarge the window"));
    let small = render(&app, 40, 12);
    assert!(small.contains("2 of 7 done"), "{small}");
    assert!(small.contains("▶[ ] 6."), "{small}");
}

#[test]
fn scrolling_stops_at_the_end_of_what_fits_so_one_key_back_moves_the_view() {
    use ratatui::crossterm::event::KeyCode;
    use ratatui::layout::Rect;
    use tui_support::{phase4_outcome, press};
    let (w, h) = (100, 14);
    let mut app = phase4_outcome();
    // The terminal's size, as the event loop reports it before each key.
    app.viewport = Some(Rect::new(0, 0, w, h));
    let top = render(&app, w, h);
    assert!(
        top.contains("↓ more"),
        "the diagnosis is longer than the window:\n{top}"
    );
    press(&mut app, KeyCode::End);
    for _ in 0..5 {
        press(&mut app, KeyCode::Down);
    }
    let bottom = render(&app, w, h);
    assert!(!bottom.contains("↓ more"), "{bottom}");
    press(&mut app, KeyCode::Up);
    let one_up = render(&app, w, h);
    assert!(one_up.contains("↓ more"), "{one_up}");

    // The help, likewise, in a window too short for all its keys.
    press(&mut app, KeyCode::Char('?'));
    let (w, h) = (60, 14);
    app.viewport = Some(Rect::new(0, 0, w, h));
    press(&mut app, KeyCode::End);
    let help_bottom = render(&app, w, h);
    press(&mut app, KeyCode::Up);
    let help_one_up = render(&app, w, h);
    assert_ne!(
        help_bottom, help_one_up,
        "Up after End scrolls the help back"
    );
}
