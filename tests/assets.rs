//! What `assets/` ships is what the program generates: the tree schema, the
//! shell completions and the manual page. After changing the tree format or
//! the command line, regenerate them all with
//!
//!     KBWALK_UPDATE_ASSETS=1 cargo test --test assets

use assert_cmd::Command;
use clap::CommandFactory;
use kbwalk::cli::Cli;

const REGENERATE: &str = "KBWALK_UPDATE_ASSETS=1 cargo test --test assets";

/// (the command's arguments, the file it is shipped as)
const ASSETS: &[(&[&str], &str)] = &[
    (&["schema"], "assets/kbwalk-tree.schema.json"),
    (&["completions", "bash"], "assets/completions/kbwalk.bash"),
    (&["completions", "zsh"], "assets/completions/_kbwalk"),
    (&["completions", "fish"], "assets/completions/kbwalk.fish"),
    (
        &["completions", "powershell"],
        "assets/completions/_kbwalk.ps1",
    ),
    (&["completions", "elvish"], "assets/completions/kbwalk.elv"),
    (&["man"], "assets/man/kbwalk.1"),
];

/// Every asset: those above, and a manual page per command.
fn assets() -> Vec<(Vec<String>, String)> {
    let mut all: Vec<(Vec<String>, String)> = ASSETS
        .iter()
        .map(|(args, path)| {
            (
                args.iter().map(|a| a.to_string()).collect(),
                path.to_string(),
            )
        })
        .collect();
    for sub in Cli::command().get_subcommands() {
        let name = sub.get_name().to_string();
        let path = format!("assets/man/kbwalk-{name}.1");
        all.push((vec!["man".into(), name], path));
    }
    all
}

fn generated(args: &[&str]) -> Vec<u8> {
    let home = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("kbwalk")
        .unwrap()
        .env("KBWALK_HOME", home.path())
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "kbwalk {args:?}: {out:?}");
    assert!(!out.stdout.is_empty(), "kbwalk {args:?} printed nothing");
    out.stdout
}

#[test]
fn shipped_assets_are_what_kbwalk_generates() {
    let update = std::env::var_os("KBWALK_UPDATE_ASSETS").is_some();
    let mut stale = Vec::new();
    for (args, path) in assets() {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let path = path.as_str();
        let fresh = generated(&args);
        if std::fs::read(path).ok().as_deref() == Some(&fresh[..]) {
            continue;
        }
        if update {
            let path = std::path::Path::new(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &fresh).unwrap();
            eprintln!("wrote {}", path.display());
        } else {
            stale.push(format!(
                "{path} is not what `kbwalk {}` prints",
                args.join(" ")
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "{}\nregenerate the assets with: {REGENERATE}",
        stale.join("\n")
    );
}

#[test]
fn the_completions_know_every_command() {
    let bash = String::from_utf8(generated(&["completions", "bash"])).unwrap();
    for command in [
        "lint", "list", "run", "graph", "sessions", "resume", "schema", "man",
    ] {
        assert!(
            bash.contains(&format!("kbwalk__subcmd__{command}")),
            "{command}"
        );
    }
}
