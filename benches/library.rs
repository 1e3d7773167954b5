//! The library at scale: `kbwalk list` with the built-in trees and with a
//! 3,000-tree folder (index warm and cold), the wizard's first screen, a
//! picker keystroke, and lint of 1,000 trees and of a 10,000-question chain,
//! each printed beside its baseline from the same run.
//!
//! `cargo bench --bench library`. Aims: list of the built-in trees ≤ 5 ms
//! and ≤ 3× `cat` of their YAML; list of 3,000 trees ≤ 250 ms and ≤ 80 MB
//! warm, ≤ 2 s cold; first screen ≤ 150 ms; keystroke p95 ≤ 10 ms; lint of
//! 1,000 trees ≤ 150 MB and ≤ 2× a raw YAML parse; the chain ≤ 3 s and
//! ≤ 300 MB. Peak memory needs `/usr/bin/time` (Debian package `time`).

#[path = "support/mod.rs"]
mod support;

#[path = "support/library.rs"]
mod generate;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kbwalk::library::Library;
use kbwalk::tree::load::BUILTIN;
use kbwalk::tui::app::Options;
use kbwalk::tui::picker::Picker;
use kbwalk::tui::{App, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const KBWALK: &str = env!("CARGO_BIN_EXE_kbwalk");

/// Runs a command once, its output thrown away; panics when it fails.
fn run(cmd: &mut Command) -> Duration {
    let start = Instant::now();
    let status = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the command starts");
    let took = start.elapsed();
    assert!(status.success() || status.code() == Some(1), "{cmd:?}");
    took
}

fn kbwalk(home: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(KBWALK);
    cmd.env("KBWALK_HOME", home).args(args);
    cmd
}

/// Peak resident memory of one run of the command, in MB, when `/usr/bin/time` is there.
fn peak_mb(home: &Path, args: &[&str]) -> Option<f64> {
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(KBWALK)
        .args(args)
        .env("KBWALK_HOME", home)
        .stdout(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stderr);
    let kb: f64 = text
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })?
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

fn show_peak(label: &str, mb: Option<f64>) {
    match mb {
        Some(mb) => println!("{label:<60} peak {mb:>8.1} MB"),
        None => println!("{label:<60} peak: /usr/bin/time is not installed"),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    println!("load average at start: {}", support::load_average());
    let work = tempfile::tempdir().expect("a temporary folder");
    let empty = work.path().join("empty-home");
    std::fs::create_dir_all(&empty).unwrap();

    // 1. The built-in trees, whole process, against `cat` of their YAML.
    let yaml: Vec<String> = BUILTIN
        .iter()
        .map(|(name, _)| format!("{}/trees/{name}", env!("CARGO_MANIFEST_DIR")))
        .collect();
    let cat = support::measure("cat of the built-in trees' YAML (process)", 100, || {
        run(Command::new("cat").args(&yaml))
    });
    let list = support::measure("kbwalk list, built-in trees (process)", 100, || {
        run(&mut kbwalk(&empty, &["list"]))
    });
    println!(
        "built-in list / cat = {:.2} (aim ≤ 3, and ≤ 5 ms)",
        list.median.as_secs_f64() / cat.median.as_secs_f64()
    );

    // 2. A 3,000-tree folder.
    let home = work.path().join("home");
    let trees = home.join("trees");
    let bytes = generate::write_library(&trees, 3_000);
    println!("3,000-tree library: {:.1} MB of YAML", bytes as f64 / 1e6);
    let cat = support::measure("cat of the 3,000 trees' YAML (process)", 5, || {
        let files: Vec<_> = std::fs::read_dir(&trees)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        run(Command::new("cat").args(&files))
    });
    let cold = support::measure("kbwalk list, 3,000 trees, index cold", 3, || {
        let _ = std::fs::remove_dir_all(home.join("cache"));
        run(&mut kbwalk(&home, &["list"]))
    });
    let warm = support::measure("kbwalk list, 3,000 trees, index warm", 10, || {
        run(&mut kbwalk(&home, &["list"]))
    });
    println!(
        "3,000 trees: warm {:.0} ms, cold {:.0} ms (aims ≤ 250 ms, ≤ 2,000 ms); cat {:.0} ms",
        ms(warm.median),
        ms(cold.median),
        ms(cat.median)
    );
    show_peak(
        "kbwalk list, 3,000 trees, index warm",
        peak_mb(&home, &["list"]),
    );
    show_peak(
        "kbwalk list, built-in trees only (baseline)",
        peak_mb(&empty, &["list"]),
    );

    // 3. The wizard's first screen, index warm: open the library, build the
    // picker, draw; against the same with the built-in trees alone.
    let cache = home.join("cache");
    // The wizard keeps its library until it exits: dropping it is not part
    // of the first screen, so each one is kept until the end.
    let kept = std::cell::RefCell::new(Vec::new());
    let first_screen = |paths: &[std::path::PathBuf]| {
        let (library, _) = Library::open(true, paths, Some(&cache));
        let options = Options {
            export_dir: "/tmp".into(),
            theme: Theme { color: true },
            store: None,
            operator: "bench".into(),
        };
        let app = App::new(library, options, 1_795_000_000);
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        terminal.draw(|f| kbwalk::tui::view::draw(f, &app)).unwrap();
        let shown = app.picker.match_count();
        kept.borrow_mut().push(app);
        shown
    };
    support::measure("first screen, built-in trees only (baseline)", 20, || {
        first_screen(&[])
    });
    let screen = support::measure("first screen, 3,000 trees, index warm", 10, || {
        first_screen(std::slice::from_ref(&trees))
    });
    println!(
        "first screen: {:.0} ms (aim ≤ 150 ms), load average {}",
        ms(screen.median),
        support::load_average()
    );
    std::mem::forget(kept);
    // The part of it that reads the index (kept, as above).
    let opened = std::cell::RefCell::new(Vec::new());
    support::measure_with_cpu("Library::open, 3,000 trees, index warm", 10, || {
        let (library, _) = Library::open(true, std::slice::from_ref(&trees), Some(&cache));
        let count = library.entries().len();
        opened.borrow_mut().push(library);
        count
    });
    std::mem::forget(opened);

    // 4. A keystroke in the picker over every symptom of the 3,000 trees.
    let (library, _) = Library::open(true, std::slice::from_ref(&trees), Some(&cache));
    let mut picker = Picker::from_library(&library);
    println!("picker: {} symptoms", picker.entries().len());
    let queries = [
        "p", "ph", "pha", "phas", "phase", "phase ", "phase 4", "7", "70", "703", "7031",
        "c0000001",
    ];
    let mut times = Vec::new();
    let cpu_before = support::thread_cpu_and_wait();
    for round in 0..5 {
        let mut line = String::new();
        for q in queries {
            let start = Instant::now();
            picker.set_query(q);
            std::hint::black_box(picker.matches().take(30).count());
            let took = start.elapsed();
            times.push(took);
            line += &format!(" {q:?} {:.1}", ms(took));
        }
        if round == 0 {
            println!("picker, ms per query typed:{line}");
        }
        picker.set_query("");
    }
    if let (Some((cpu0, wait0)), Some((cpu1, wait1))) = (cpu_before, support::thread_cpu_and_wait())
    {
        // The second scoring thread's share is not in this thread's count.
        let keystrokes = times.len() as u32;
        println!(
            "picker keystroke, this thread: on a CPU {:.2} ms, waiting for one {:.2} ms (mean)",
            ms((cpu1 - cpu0) / keystrokes),
            ms((wait1 - wait0) / keystrokes)
        );
    }
    times.sort();
    println!(
        "picker keystroke over 3,000 trees: median {:.2} ms, p95 {:.2} ms (aim p95 ≤ 10 ms)",
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100])
    );
    drop(picker);
    drop(library);

    // 5. Lint of 1,000 trees, against a raw parse of the same bytes.
    let thousand = work.path().join("thousand");
    std::fs::create_dir_all(&thousand).unwrap();
    let mut sources = Vec::new();
    for e in std::fs::read_dir(&trees).unwrap().take(1_000) {
        let path = e.unwrap().path();
        sources.push(std::fs::read_to_string(&path).unwrap());
        std::fs::copy(&path, thousand.join(path.file_name().unwrap())).unwrap();
    }
    let raw = support::measure("raw parse into serde_yaml::Value, 1,000 trees", 1, || {
        for src in &sources {
            let v: serde_yaml::Value = serde_yaml::from_str(src).unwrap();
            std::hint::black_box(v);
        }
    });
    drop(sources);
    let thousand_arg = thousand.to_str().unwrap();
    let lint = support::measure("kbwalk lint of 1,000 trees (process)", 3, || {
        run(&mut kbwalk(&empty, &["lint", thousand_arg]))
    });
    println!(
        "lint of 1,000 trees / raw parse = {:.2} (aim ≤ 2)",
        lint.median.as_secs_f64() / raw.median.as_secs_f64()
    );
    show_peak(
        "kbwalk lint of 1,000 trees",
        peak_mb(&empty, &["lint", thousand_arg]),
    );

    // 6. One valid tree with a 10,000-question chain.
    let chain = generate::chain_tree(10_000);
    if let Err(p) = kbwalk::tree::load::load_source("chain.yaml", &chain) {
        panic!("the chain tree is invalid: {p:?}");
    }
    let chain_file = work.path().join("chain.yaml");
    std::fs::write(&chain_file, &chain).unwrap();
    support::measure("raw parse into serde_yaml::Value, the chain", 3, || {
        let v: serde_yaml::Value = serde_yaml::from_str(&chain).unwrap();
        std::hint::black_box(v);
    });
    let chain_arg = chain_file.to_str().unwrap();
    support::measure(
        "kbwalk lint of the 10,000-question chain (process)",
        3,
        || run(&mut kbwalk(&empty, &["lint", chain_arg])),
    );
    show_peak(
        "kbwalk lint of the 10,000-question chain",
        peak_mb(&empty, &["lint", chain_arg]),
    );
}
