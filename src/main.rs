//! The `yitu` binary: arguments → options → library → diagnostics → exit code.
//! Exit codes: 0 all rendered; 2 some input was bad (spec error, content does not fit); 1 anything else.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli.command {
        cli::Command::Render(args) => render(&args),
    }
}

fn render(args: &cli::RenderArgs) -> ExitCode {
    let options = args.options();
    let mut worst = 0u8;
    for file in &args.files {
        match yitu::render_file(file, &options) {
            Ok(rendered) => {
                for w in &rendered.warnings {
                    eprintln!("warning: {}: {w}", file.display());
                }
                for out in &rendered.outputs {
                    println!("wrote {}", out.path.display());
                }
            }
            Err(yitu::Error::Spec(e)) => {
                eprint!("{}", e.report());
                worst = worst.max(2);
            }
            Err(e) => {
                eprintln!("error: {e}");
                worst = worst.max(if e.is_input_error() { 2 } else { 1 });
            }
        }
    }
    ExitCode::from(worst)
}
