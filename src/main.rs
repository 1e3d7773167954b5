use std::io::Write;
use std::process::ExitCode;

use kbwalk::cli::{Cli, run_command};

fn main() -> ExitCode {
    let cli = Cli::parse_args();
    let result = match &cli.command {
        Some(command) => run_command(&cli, command),
        None => cli.wizard(None, kbwalk::store::operator_from_env()),
    };
    // A probe's program still running (the wizard quit while it ran) must
    // not outlive kbwalk.
    kbwalk::probe::exec::stop_all();
    match result {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`kbwalk list | head`) is not a failure.
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            let _ = std::io::stdout().flush();
            let _ = writeln!(kbwalk::text::stderr(), "kbwalk: error: {err:#}");
            ExitCode::from(1)
        }
    }
}
