//! The `yitu` binary: arguments → options → library → diagnostics → exit code.
//! Exit codes: 0 every spec rendered or current; 2 some input was bad (a spec error, content that does not
//! fit, a pattern matching nothing, two specs sharing an output name); 1 anything else failed.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use yitu::batch::{self, Reporter};

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    // A spec that makes yitu panic is reported with the batch's other failures, not as a backtrace.
    batch::isolate::capture_panics();
    match cli.command {
        cli::Command::Render(args) => render(&args),
        cli::Command::Watch(args) => watch(&args),
    }
}

fn render(args: &cli::RenderArgs) -> ExitCode {
    let batch = batch::render_all(&args.files, &args.options(), args.force, Reporter::new);
    ExitCode::from(batch.exit_code())
}

/// Runs until interrupted; returns only when the file-system watch cannot be set up or fails.
fn watch(args: &cli::RenderArgs) -> ExitCode {
    match batch::watch::watch(&args.files, &args.options(), args.force) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot watch for changes: {e}");
            ExitCode::from(1)
        }
    }
}
