//! Probe speed: every probe of the seed tree against a site fixture, the cost
//! of polling a batch while a probe hangs (what the wizard pays per
//! keystroke), and reading the tail of a large log.
//!
//! `cargo bench --bench probe`

#[path = "support/mod.rs"]
mod support;

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use kbwalk::library::Library;
use kbwalk::probe::jobs::fill_kind;
use kbwalk::probe::{Job, Mounts, ProbeEnv, Runner, Target};
use kbwalk::tree::{Probe, ProbeKind, Step};

fn all_probes<'a>(steps: &'a [Step], out: &mut Vec<(&'a str, &'a Probe)>) {
    for s in steps {
        if let Some(v) = &s.verify {
            out.extend(v.all_probes().map(|p| (s.id.as_str(), p)));
        }
        all_probes(&s.steps, out);
    }
}

fn env(drive: PathBuf) -> ProbeEnv {
    let mut mounts = Mounts::new();
    mounts.insert('C', drive);
    let mut env = ProbeEnv {
        mounts,
        clock: Arc::new(|| 0),
        ..Default::default()
    };
    // Nothing listens on 127.0.0.1:139 here: the TCP probes look and are refused.
    for host in ["secondary_site_server", "parent_site_server"] {
        env.hosts.insert(host.into(), "127.0.0.1".into());
    }
    env
}

fn main() {
    let (lib, _) = Library::load(true, &[]);
    let tree = &lib.get("sms-secondary-site").expect("built-in tree").tree;
    let answers = |v: &str| match v {
        "sms_drive" => Some("C".to_string()),
        "site_code" => Some("S12".to_string()),
        "parent_site_code" => Some("PRI".to_string()),
        _ => None,
    };
    let mut probes: Vec<(Target, &Probe)> = tree
        .questions
        .iter()
        .filter_map(|q| Some((Target::Question(q.id.clone()), q.probe.as_ref()?)))
        .collect();
    for o in &tree.outcomes {
        let mut steps = Vec::new();
        all_probes(&o.steps, &mut steps);
        for a in &o.alternatives {
            all_probes(&a.steps, &mut steps);
        }
        probes.extend(steps.into_iter().map(|(id, p)| {
            (
                Target::Step {
                    step: id.to_string(),
                    part: 0,
                    of: 1,
                },
                p,
            )
        }));
    }
    let jobs: Vec<Job> = probes
        .iter()
        .map(|(target, p)| Job {
            target: target.clone(),
            probe: (*p).clone(),
            look: fill_kind(tree, &p.look, answers),
            consent: false,
        })
        .collect();
    let fixture =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites/q183347-phase4/C");
    let runner = Runner::new(env(fixture));
    let budget = Duration::from_secs(60);
    let sample = runner.run(jobs.clone(), budget);
    let mut by_status = std::collections::BTreeMap::new();
    for r in &sample {
        *by_status.entry(r.result.status.label()).or_insert(0) += 1;
    }
    println!(
        "seed tree: {} probes against q183347-phase4: {by_status:?}",
        jobs.len()
    );
    support::measure(
        &format!("all {} probes of the seed tree, 4 workers", jobs.len()),
        50,
        || runner.run(jobs.clone(), budget),
    );

    // What the wizard's event loop pays per tick while a probe hangs.
    let mut hang_env = env(std::env::temp_dir());
    hang_env.timeout = Duration::from_secs(60);
    let hang = Job {
        target: Target::Question("q".into()),
        probe: Probe {
            look: ProbeKind::Command {
                argv: vec!["sleep".into(), "60".into()],
                pattern: "x".into(),
            },
            found: None,
            not_found: None,
        },
        look: Ok(ProbeKind::Command {
            argv: vec!["sleep".into(), "60".into()],
            pattern: "x".into(),
        }),
        consent: true,
    };
    let mut batch = Runner::new(hang_env).start(vec![hang], budget);
    support::measure("Batch::try_next while a probe hangs", 10_000, || {
        batch.try_next()
    });
    batch.cancel();
    assert_eq!(batch.poll().len(), 1);

    // A 32 MiB log: the 1 MiB tail is searched, the rest only counted for line numbers.
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("SMS/LOGS");
    std::fs::create_dir_all(&logs).unwrap();
    let mut f = std::io::BufWriter::new(std::fs::File::create(logs.join("DESPOOL.LOG")).unwrap());
    let line = "Waiting for instructions in C:\\SMS\\SITE.SRV\\DESPOOLR.BOX\\RECEIVE  $$<SMS_DESPOOLER><Tue Nov 17 09:00:00 2026><thread=212 (0xD4)>\r\n";
    while f.get_ref().metadata().unwrap().len() < 32 * 1024 * 1024 {
        for _ in 0..1000 {
            f.write_all(line.as_bytes()).unwrap();
        }
        f.flush().unwrap();
    }
    f.write_all(b"Despooler failed to execute the instruction, error code = c0000001\r\n")
        .unwrap();
    drop(f);
    let log_runner = Runner::new(env(dir.path().to_path_buf()));
    let look = ProbeKind::FileContains {
        path: "C:\\SMS\\Logs\\Despool.log".into(),
        pattern: "error code = c0000001".into(),
        tail_bytes: None,
    };
    let job = Job {
        target: Target::Question("despooler_error".into()),
        probe: Probe {
            look: look.clone(),
            found: None,
            not_found: None,
        },
        look: Ok(look),
        consent: false,
    };
    println!(
        "{}",
        log_runner.run(vec![job.clone()], budget)[0].result.saw
    );
    support::measure("file_contains on a 32 MiB log (1 MiB tail)", 20, || {
        log_runner.run(vec![job.clone()], budget)
    });
}
