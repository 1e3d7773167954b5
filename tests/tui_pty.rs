//! The real binary in a pseudo-terminal, driven the way an operator drives it.

mod tui_support;

use tui_support::pty::Wizard;

#[test]
fn an_operator_walks_phase_4_to_an_exported_checklist() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    let mut w = Wizard::start(
        dir.path(),
        &["--export-dir", exports.to_str().unwrap()],
        &[],
        100,
        30,
    );
    w.wait_for("Find the symptom");
    let screen = w.step("phase 4", "Search: phase 4");
    assert!(
        screen.contains("▶ Secondary site stays at \"Phase 4 Complete\""),
        "{screen}"
    );
    w.step("\r", "Which version of Systems Management Server");
    w.step("3", "What was being done to the secondary site");
    w.step("2", "What is the site code of the secondary site?");
    let screen = w.step("AB", "✗ Expected three letters or digits");
    assert!(screen.contains("Question 3"), "{screen}");
    w.step("C", "✓ Enter answers");
    w.step("\r", "On which drive is SMS installed");
    w.step("D\r", "Does the LAN sender log (Lansend.log) show");
    w.step("n", "What is the site code of the parent site?");
    let screen = w.step("P01\r", "CAUSE FOUND");
    assert!(screen.contains("Q183347"), "{screen}");
    w.step("\r", "choose an option (1-3)");
    w.step(
        "1",
        "Chosen option 1 of 3: Force the creation of a .ct2 file",
    );
    w.step(" ", "1 of 7 done");
    let screen = w.step(" ", "2 of 7 done");
    // Step 1 may have scrolled above; the export below shows it done.
    assert!(screen.contains("[x] 2."), "{screen}");
    let screen = w.step("e", "Exported to");
    let path = exports.join("sms-secondary-site-phase4-complete-ABC-2026-11-18-110640.md");
    assert!(screen.contains("Export (current): "), "{screen}");

    let md = std::fs::read_to_string(&path).expect("the export is written");
    assert!(md.contains("- Progress: 2 of 7 steps done"), "{md}");
    assert!(
        md.contains("- [x] **1.** Verify the state of the secondary site"),
        "{md}"
    );
    assert!(
        md.contains(r"- [x] **2.** Look in D:\\SMS\\Site.Srv\\Sitecfg.Box"),
        "{md}"
    );
    assert!(md.contains("- [ ] **3.**"), "{md}");
    assert!(
        md.contains("| What is the site code of the secondary site? | ABC | operator |"),
        "{md}"
    );
    assert!(
        md.contains("### Chosen option (1 of 3): Force the creation of a .ct2 file"),
        "{md}"
    );

    // Exported: quitting asks nothing, and the terminal is given back.
    w.send("q");
    assert_eq!(w.exit_code(), 0);
    w.with_screen(|s| {
        assert!(!s.alternate_screen(), "left the alternate screen");
        assert!(!s.hide_cursor(), "cursor shown again");
        assert_eq!(s.mouse_protocol_mode(), vt100::MouseProtocolMode::None);
    });
    assert!(
        w.screen().contains("kbwalk: last export:"),
        "{}",
        w.screen()
    );
}

fn kill(w: &Wizard, signal: &str) {
    let pid = w.child.process_id().expect("a pid");
    let killed = std::process::Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
}

fn assert_terminal_restored(w: &Wizard) {
    w.with_screen(|s| {
        assert!(!s.alternate_screen(), "left the alternate screen");
        assert!(!s.hide_cursor(), "cursor shown again");
        assert_eq!(s.mouse_protocol_mode(), vt100::MouseProtocolMode::None);
    });
}

/// The id in "kbwalk: session ID is saved", as printed on the way out.
fn saved_session_id(screen: &str) -> String {
    let line = screen
        .lines()
        .find(|l| l.contains("kbwalk: session ") && l.contains(" is saved"))
        .unwrap_or_else(|| panic!("no saved session named:\n{screen}"));
    line.split_whitespace().nth(2).unwrap().to_string()
}

#[test]
fn sigterm_exits_0_with_the_terminal_restored_and_the_session_resumable() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Wizard::start(dir.path(), &[], &[], 100, 30);
    w.wait_for("Find the symptom");
    w.step("event 7031", "Search: event 7031");
    w.step("\r", "Was event ID 7031 from the Service Control Manager");
    w.step("y", "Which version of Systems Management Server");
    w.step("6", "What was being done");
    w.step("1", "Which operating system");
    w.step("2", "Does the secondary site server run Terminal Services");
    w.step("2", "Apart from this event");
    w.step("y", "SAFE TO IGNORE");
    w.step("\r", "0 of 1 done");
    w.step(" ", "1 of 1 done");
    // Smaller than 80 columns: the checklist redraws to fit.
    w.resize(60, 16);
    let screen = w.wait_until("a redraw at 60 columns", |s| {
        s.lines()
            .any(|l| l.starts_with(" ◆") || l.starts_with(" ✓"))
            && s.lines().all(|l| l.chars().count() <= 60)
            && s.contains("1 of 1 done")
    });
    assert!(screen.contains("[x] 1."), "{screen}");

    kill(&w, "-TERM");
    assert_eq!(w.exit_code(), 0);
    assert_terminal_restored(&w);
    let id = saved_session_id(&w.screen());

    let mut again = Wizard::start(dir.path(), &["resume", &id], &[], 100, 30);
    let screen = again.wait_for("1 of 1 done");
    assert!(screen.contains("[x] 1."), "{screen}");
    // Saved, but never exported: quitting asks first.
    again.step("q", "not exported");
    again.send("y");
    assert_eq!(again.exit_code(), 0);
}

#[test]
fn steps_shown_done_survive_sigkill_and_kbwalk_resume_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Wizard::start(dir.path(), &[], &[], 100, 30);
    w.walk_to_phase4_option_1();
    w.step(" ", "1 of 7 done");
    w.step(" ", "2 of 7 done");
    kill(&w, "-KILL");
    w.exit_code();

    // No id: the most recently changed unfinished session.
    let mut again = Wizard::start(dir.path(), &["resume"], &[], 100, 30);
    let screen = again.wait_until("steps 1 and 2 done", |s| {
        s.contains("2 of 7 done") && s.contains("[x] 2.") && s.contains("[ ] 3.")
    });
    assert!(screen.contains("symptom: phase4-complete"), "{screen}");
    again.step("q", "not exported");
    again.send("y");
    assert_eq!(again.exit_code(), 0);
    let screen = again.screen();
    assert!(
        screen.contains("is saved; continue it with `kbwalk resume"),
        "{screen}"
    );
}

#[test]
fn a_second_wizard_is_told_who_holds_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = Wizard::start(dir.path(), &[], &[("USER", "alice")], 100, 30);
    first.wait_for("Find the symptom");
    first.step("phase 4", "Search: phase 4");
    first.step("\r", "Which version of Systems Management Server");
    first.step("3", "What was being done to the secondary site");

    let mut second = Wizard::start(dir.path(), &[], &[("USER", "bob")], 140, 30);
    let screen = second.wait_for("Unfinished sessions (1)");
    assert!(screen.contains("open by alice (process"), "{screen}");
    let screen = second.step("\r", "Enter again opens it read-only");
    assert!(screen.contains("is open by alice"), "{screen}");
    second.step("\r", "What was being done to the secondary site");
    second.send("q");
    assert_eq!(second.exit_code(), 0);
    // The holder was not disturbed.
    first.step("2", "What is the site code of the secondary site?");
}

#[test]
fn no_color_gives_a_monochrome_screen() {
    fn coloured_cells(w: &Wizard) -> usize {
        w.with_screen(|s| {
            let (rows, cols) = s.size();
            let mut n = 0;
            for r in 0..rows.get() {
                for c in 0..cols.get() {
                    let cell = s.cell(r, c).unwrap();
                    if cell.fgcolor() != vt100::Color::Default
                        || cell.bgcolor() != vt100::Color::Default
                    {
                        n += 1;
                    }
                }
            }
            n
        })
    }
    let dir = tempfile::tempdir().unwrap();
    let mono = Wizard::start(dir.path(), &[], &[("NO_COLOR", "1")], 80, 24);
    mono.wait_for("Find the symptom");
    assert_eq!(coloured_cells(&mono), 0, "{}", mono.screen());
    let colour = Wizard::start(dir.path(), &[], &[], 80, 24);
    colour.wait_for("Find the symptom");
    assert!(coloured_cells(&colour) > 0);
}

#[test]
fn a_broken_tree_of_the_operators_own_is_named_on_the_first_screen() {
    let dir = tempfile::tempdir().unwrap();
    let trees = dir.path().join("trees");
    std::fs::create_dir(&trees).unwrap();
    std::fs::write(
        trees.join("broken.yaml"),
        "id: broken\nversion: \"1.0\"\ntitle: [unclosed\n",
    )
    .unwrap();
    let mut w = Wizard::start(
        dir.path(),
        &["--trees", trees.to_str().unwrap()],
        &[],
        100,
        30,
    );
    // The frame arrives in pieces; wait for the whole warning and the picker.
    let screen = w.wait_until("the named warning and the picker", |s| {
        s.contains("broken.yaml:3:") && s.contains("Find the symptom")
    });
    let warning = screen
        .lines()
        .find(|l| l.contains("⚠ tree file skipped:"))
        .expect("the warning is one line");
    assert!(warning.contains("broken.yaml:3:"), "{warning}");
    w.send("q");
}
