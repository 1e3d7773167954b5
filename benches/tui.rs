//! The wizard's speed: drawing a long checklist, filtering many symptoms,
//! and a keystroke's way through a real terminal to the redrawn screen.
//!
//! `cargo bench --bench tui`. Aims: ≤ 1 ms for the checklist of 200 steps at
//! 200×60, ≤ 5 ms per keystroke for the picker over 10,000 symptoms, p95
//! ≤ 10 ms per keystroke over the symptoms of a 3,000-tree library, ≤ 150 ms
//! for the first screen of that library with its index warm, ≤ 10 ms median
//! from keystroke to redraw through the pseudo-terminal, unchanged while a
//! probe hangs. `cargo bench --bench tui -- library` runs the library part alone.

#[path = "support/mod.rs"]
mod support;

#[path = "../tests/tui_support/pty.rs"]
mod pty;

#[path = "support/library.rs"]
mod generate;

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use kbwalk::library::Library;
use kbwalk::tree::{LoadedTree, parse_tree};
use kbwalk::tui::app::Options;
use kbwalk::tui::keymap::Action;
use kbwalk::tui::picker::{Picker, SymptomEntry};
use kbwalk::tui::{App, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A tree whose one outcome has `steps` steps: every fifth with sub-steps,
/// commands, waits, warnings and conditions spread among them.
fn long_tree(steps: usize) -> String {
    let mut y = String::from(
        "id: bench\nversion: \"1\"\ntitle: Bench\nstart: q\n\
         articles: [{id: Q1, title: Bench article}]\n\
         symptoms: [{id: s, text: Something is wrong, start: q}]\n\
         causes: [{id: c, title: The cause, source: {article: Q1}}]\n\
         questions:\n  - {id: q, kind: text, text: Which site?, next: out}\n\
         outcomes:\n  - id: out\n    kind: cause\n    cause: c\n    title: Fix it\n    \
         summary: Do the steps.\n    articles: [{article: Q1}]\n    steps:\n",
    );
    let mut i = 0;
    while i < steps {
        let _ = writeln!(
            y,
            "      - id: s{i}\n        risk: reversible\n        text: 'Step {i} on site {{{{q}}}}: \
             examine the folder, move the files aside and restart the services so that the job runs again.'"
        );
        match i % 5 {
            1 => {
                let _ = writeln!(y, "        command: 'PREINST /UPGRADE:{{{{q}}}} /STEP:{i}'");
            }
            2 => {
                let _ = writeln!(y, "        wait: {{duration: 30m, for: the file to move}}");
            }
            3 => {
                let _ = writeln!(
                    y,
                    "        warning: Editing the registry can make the system unusable.\n        \
                     condition: {{ask: Does the file exist?, \"no\": {{skip_step: true}}}}"
                );
            }
            _ => {}
        }
        i += 1;
        if i % 5 == 0 && i < steps {
            let _ = writeln!(y, "        steps:");
            for j in 0..3.min(steps - i) {
                let _ = writeln!(
                    y,
                    "          - {{id: s{i}_{j}, risk: read_only, text: 'Check HKEY_LOCAL_MACHINE\\Software\\Key{j}'}}"
                );
            }
            i += 3.min(steps - i);
        }
    }
    y
}

fn checklist_render() {
    let source = long_tree(200);
    let tree = parse_tree("bench.yaml", &source).expect("the bench tree parses");
    let library = Library::from_loaded(vec![LoadedTree {
        tree: Arc::new(tree),
        file: "bench.yaml".into(),
        hash: kbwalk::tree::load::content_hash(&source),
    }]);
    let options = Options {
        export_dir: "/tmp".into(),
        theme: Theme { color: true },
        store: None,
        operator: "bench".into(),
    };
    let mut app = App::new(library, options, 1_795_000_000);
    app.update(Action::Confirm); // start the walk
    app.walk.as_mut().unwrap().text = tui_input::Input::new("ABC".into());
    app.update(Action::Confirm); // answer
    app.update(Action::Confirm); // open the checklist
    let steps = app.walk.as_ref().unwrap().items().len();
    assert_eq!(steps, 200, "the checklist has 200 steps");
    for _ in 0..60 {
        app.update(Action::ToggleDone);
    }
    app.update(Action::Top);
    for _ in 0..100 {
        app.update(Action::Down);
    }
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    support::measure_with_cpu("checklist, 200 steps, drawn at 200x60", 500, || {
        terminal
            .draw(|f| kbwalk::tui::view::draw(f, &app))
            .map(|_| ())
            .unwrap();
    });
}

fn picker_filter() {
    let words = [
        "secondary",
        "site",
        "phase",
        "pending",
        "despooler",
        "bootstrap",
        "upgrade",
        "install",
        "service",
        "event",
        "logon",
        "server",
        "package",
        "sender",
        "hang",
        "status",
    ];
    let entries: Vec<SymptomEntry> = (0..10_000)
        .map(|i| {
            let w = |k: usize| words[(i * 7 + k * 13) % words.len()];
            let text = format!(
                "{} {} {} {} with error {:x}",
                w(0),
                w(1),
                w(2),
                [
                    "stays at phase 4 complete",
                    "never goes active",
                    "is stuck at pending",
                    "stops responding",
                    "logs event 7031",
                    "fails to upgrade",
                    "reports no status",
                    "is slow"
                ][i % 8],
                i * 2654435761usize % 0xffff
            );
            let keywords = vec![
                w(3).to_string(),
                w(4).to_string(),
                format!("event {}", i % 9000),
            ];
            SymptomEntry::new(
                i / 100,
                &format!("tree-{}", i / 100),
                &format!("sym-{i}"),
                &text,
                &keywords,
                vec![format!("Q{}", 100_000 + i % 500)],
            )
        })
        .collect();
    let mut picker = Picker::new(entries);
    // A whole search typed from scratch, one keystroke at a time: each
    // keystroke filters what the one before left.
    let typed = "phase 4 complete";
    let mut times: Vec<Duration> = Vec::new();
    let cpu_before = process_cpu_time();
    for run in 0..30 {
        picker.set_query("");
        for end in 1..=typed.len() {
            let start = Instant::now();
            picker.set_query(&typed[..end]);
            std::hint::black_box(picker.match_count());
            if run >= 3 {
                times.push(start.elapsed());
            }
        }
    }
    let cpu = process_cpu_time().zip(cpu_before).map(|(a, b)| a - b);
    times.sort();
    println!(
        "{:<60} median {:>10.3?}  p95 {:>10.3?}  max {:>10.3?}",
        "picker over 10,000 symptoms, per keystroke typing",
        times[times.len() / 2],
        times[times.len() * 95 / 100],
        times[times.len() - 1]
    );
    // Wall time suffers when other work shares the machine; the processor
    // time spent (both threads together) says what the filter itself costs.
    if let Some(cpu) = cpu {
        let keystrokes = 30 * typed.len() as u32;
        println!(
            "{:<60} {:>10.3?} (load average {})",
            "  processor time per keystroke, both threads",
            cpu / keystrokes,
            support::load_average()
        );
    }
    // The worst case: a query edited in the middle filters all 10,000 again.
    for query in ["p", "phase", "phase 4 complete"] {
        support::measure(
            &format!("picker over 10,000 symptoms, from scratch {query:?}"),
            50,
            || {
                picker.set_query("");
                picker.set_query(query);
                picker.match_count()
            },
        );
    }
}

fn keystroke_to_redraw() {
    let dir = std::env::temp_dir().join(format!("kbwalk-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut wizard = pty::Wizard::start(&dir, &[], &[], 100, 30);
    wizard.wait_for("Find the symptom");
    // Each run types a letter and waits for it, then erases it and waits.
    let mut times: Vec<Duration> = Vec::new();
    for i in 0..220 {
        let start = Instant::now();
        wizard.send("x");
        wizard.wait_until_first("the letter typed", |s| s.contains("Search: x "));
        let typed = start.elapsed();
        let start = Instant::now();
        wizard.send("\x7f");
        wizard.wait_until_first("an empty search", |s| !s.contains("Search: x"));
        let erased = start.elapsed();
        if i >= 20 {
            times.push(typed);
            times.push(erased);
        }
    }
    times.sort();
    println!(
        "{:<60} median {:>10.3?}  p95 {:>10.3?}  ({} runs)",
        "keystroke to redrawn screen, through a pseudo-terminal",
        times[times.len() / 2],
        times[times.len() * 95 / 100],
        times.len()
    );
    // Esc never quits the picker; q on an empty search does.
    wizard.send("q");
    let _ = wizard.exit_code();
    let _ = std::fs::remove_dir_all(&dir);
}

/// A question whose probe runs `sleep 30`: it hangs for as long as the bench runs.
const HANG_TREE: &str = r#"id: hang
version: "1"
title: A tree whose probe hangs
start: service_answers
articles: [{id: A1, title: An article}]
symptoms: [{id: slow, text: The slow service does not answer, start: service_answers}]
causes: []
questions:
  - id: service_answers
    kind: yes_no
    text: Does the service answer?
    probe:
      look: { command: { argv: [sleep, "30"], pattern: "OK" } }
    "yes": out
    "no": out
outcomes:
  - {id: out, kind: unknown, title: Done, summary: Done., steps: [{id: s1, text: Carry on., risk: read_only}]}
"#;

/// Keystroke to redraw on a question, moving the selection between yes and
/// no: with the probe hanging, and with probes off for comparison.
fn keystroke_while_probe_hangs() {
    let dir = std::env::temp_dir().join(format!("kbwalk-bench-hang-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("trees")).unwrap();
    std::fs::create_dir_all(dir.join("C")).unwrap();
    std::fs::write(dir.join("trees/hang.yaml"), HANG_TREE).unwrap();
    for (label, probe) in [("probe hanging", "ask"), ("probes off", "off")] {
        let args = [
            "--no-user-trees",
            "--trees",
            "trees",
            "--mount",
            "C:=C",
            "--allow-commands",
            "--probe-timeout",
            "600",
            "--probe",
            probe,
        ];
        let mut wizard = pty::Wizard::start(&dir, &args, &[], 100, 30);
        wizard.wait_for("Find the symptom");
        wizard.send("slow service");
        wizard.wait_for("The slow service");
        wizard.send("\r");
        wizard.wait_for("Does the service answer?");
        if probe == "ask" {
            wizard.wait_for("Probing… looking at sleep 30");
        }
        let mut times: Vec<Duration> = Vec::new();
        for i in 0..220 {
            let start = Instant::now();
            wizard.send("\x1b[B");
            wizard.wait_until_first("No selected", |s| s.contains("▶ n  No"));
            let down = start.elapsed();
            let start = Instant::now();
            wizard.send("\x1b[A");
            wizard.wait_until_first("Yes selected", |s| s.contains("▶ y  Yes"));
            let up = start.elapsed();
            if i >= 20 {
                times.push(down);
                times.push(up);
            }
        }
        if probe == "ask" {
            // Still hanging at the end: every keystroke above went past it.
            wizard.wait_for("Probing… looking at sleep 30");
            wizard.send("\x1b"); // Esc cancels the probe
            wizard.wait_until("the probe cancelled", |s| !s.contains("Probing…"));
        }
        times.sort();
        println!(
            "{:<60} median {:>10.3?}  p95 {:>10.3?}  ({} runs)",
            format!("keystroke to redraw on a question, {label}"),
            times[times.len() / 2],
            times[times.len() * 95 / 100],
            times.len()
        );
        wizard.send("q");
        let _ = wizard.exit_code();
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// User and system time of this process so far, from `/proc` (Linux only).
fn process_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // Linux reports in clock ticks of 1/100 s on every common platform.
    Some(Duration::from_millis(ticks * 10))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The wizard over a 3,000-tree folder whose index is warm: the first
/// screen split into opening the library and what the wizard does after
/// (picker rows, first draw), then a keystroke in the picker.
fn library_first_screen_and_keystroke() {
    let work = tempfile::tempdir().expect("a temporary folder");
    let trees = work.path().join("trees");
    let cache = work.path().join("cache");
    generate::write_library(&trees, 3_000);
    let paths = std::slice::from_ref(&trees);
    drop(Library::open(true, paths, Some(&cache))); // warms the index
    let options = || Options {
        export_dir: "/tmp".into(),
        theme: Theme { color: true },
        store: None,
        operator: "bench".into(),
    };
    // The wizard keeps its library until it exits: dropping one is not
    // part of the first screen, so each is kept until the end.
    let mut kept = Vec::new();
    let (mut open, mut wizard, mut total) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..12 {
        let start = Instant::now();
        let (library, _) = Library::open(true, paths, Some(&cache));
        let opened = start.elapsed();
        let app = App::new(library, options(), 1_795_000_000);
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        terminal.draw(|f| kbwalk::tui::view::draw(f, &app)).unwrap();
        let whole = start.elapsed();
        if run >= 2 {
            open.push(opened);
            wizard.push(whole - opened);
            total.push(whole);
        }
        kept.push(app);
    }
    for times in [&mut open, &mut wizard, &mut total] {
        times.sort();
    }
    println!(
        "{:<60} median {:>8.1} ms = Library::open {:.1} ms + wizard {:.1} ms (load average {})",
        "first screen, 3,000 trees, index warm",
        ms(total[total.len() / 2]),
        ms(open[open.len() / 2]),
        ms(wizard[wizard.len() / 2]),
        support::load_average()
    );
    std::mem::forget(kept);

    let (library, _) = Library::open(true, paths, Some(&cache));
    let mut picker = Picker::from_library(&library);
    let queries = [
        "p", "ph", "pha", "phas", "phase", "phase ", "phase 4", "7", "70", "703", "7031",
        "c0000001",
    ];
    let mut times = Vec::new();
    let mut per_query = vec![Vec::new(); queries.len()];
    let before = support::thread_cpu_and_wait();
    let rounds = 20;
    for _ in 0..rounds {
        for (n, q) in queries.iter().enumerate() {
            let start = Instant::now();
            picker.set_query(q);
            std::hint::black_box(picker.matches().take(30).count());
            times.push(start.elapsed());
            per_query[n].push(start.elapsed());
        }
        picker.set_query("");
    }
    let cpu = support::thread_cpu_and_wait()
        .zip(before)
        .map(|((c1, _), (c0, _))| (c1 - c0) / times.len() as u32);
    times.sort();
    println!(
        "{:<60} median {:>8.2} ms  p95 {:>8.2} ms  main thread on a CPU {:.2} ms (load average {})",
        format!(
            "picker over {} symptoms of 3,000 trees, per keystroke",
            picker.symptom_count()
        ),
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
        cpu.map_or(f64::NAN, ms),
        support::load_average()
    );
    // Which keystrokes cost most, typed in order from an empty search.
    let line: String = queries
        .iter()
        .zip(&mut per_query)
        .map(|(q, t)| {
            t.sort();
            format!(" {q:?} {:.1}", ms(t[t.len() / 2]))
        })
        .collect();
    println!("  median ms per query:{line}");
}

fn main() {
    println!("load average at start: {}", support::load_average());
    // `cargo bench --bench tui -- NAME` runs the parts whose name contains NAME.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let parts: [(&str, fn()); 5] = [
        ("checklist", checklist_render),
        ("picker", picker_filter),
        ("library", library_first_screen_and_keystroke),
        ("keystroke", keystroke_to_redraw),
        ("probe", keystroke_while_probe_hangs),
    ];
    for (name, part) in parts {
        if filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str())) {
            part();
        }
    }
}
