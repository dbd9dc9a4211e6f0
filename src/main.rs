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
        cli::Command::Fonts(args) => fonts(&args),
        cli::Command::Presets => presets(),
        cli::Command::Init(args) => init(&args),
        cli::Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(
                shell,
                &mut cli::Cli::command(),
                "yitu",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
    }
}

/// One line a preset: its name, its size, what it is for.
fn presets() -> ExitCode {
    use yitu::model::preset::{PresetSize, PRESETS, PRINT_DPI};
    for p in PRESETS {
        let size = match p.size {
            PresetSize::Pixels {
                width,
                height: Some(h),
            } => format!("{width} × {h} px"),
            PresetSize::Pixels {
                width,
                height: None,
            } => format!("{width} px wide"),
            PresetSize::Millimetres { width, height } => {
                format!("{width} × {height} mm at {PRINT_DPI} dpi")
            }
        };
        println!("{:<20} {:<24} {}", p.name, size, p.purpose);
    }
    ExitCode::SUCCESS
}

/// Writes a starter spec, never over a file unless asked.
fn init(args: &cli::InitArgs) -> ExitCode {
    let (name, text) = args.template.file();
    let path = std::path::Path::new(name);
    if path.exists() && !args.force {
        eprintln!("error: {name} exists; give --force to replace it");
        return ExitCode::from(2);
    }
    match std::fs::write(path, text) {
        Ok(()) => {
            println!("wrote {name}: render it with `yitu render {name}`");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write {name}: {e}");
            ExitCode::from(1)
        }
    }
}

/// Prints the font folders and the families in them, one line a face.
fn fonts(args: &cli::FontsArgs) -> ExitCode {
    use yitu::text::fonts::{faces_in, font_folders, FaceId, Weight, FAMILY};
    // A spec's folders are those beside it; a folder's are its own `fonts/` and those above.
    let place = if args.place.is_dir() {
        args.place.join("spec.toml")
    } else {
        args.place.clone()
    };
    let folders = font_folders(&place, &args.font_path);
    println!("compiled in:");
    for weight in [Weight::Regular, Weight::Bold] {
        let face = FaceId::bundled(weight).font();
        println!("  {FAMILY}  {}", face.weight_class);
    }
    for folder in &folders {
        println!("{}:", folder.display());
        for face in faces_in(std::slice::from_ref(folder)) {
            let file = face.path.file_name().unwrap_or_default().to_string_lossy();
            println!("  {}  {}  {file}", face.family, face.weight_class);
        }
    }
    if folders.is_empty() {
        println!(
            "no font folder: none beside {} or above it, none given with --font-path",
            place.display()
        );
    }
    ExitCode::SUCCESS
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
