//! The `yitu` binary: arguments → options → library → diagnostics → exit code.
//! Exit codes: 0 every spec rendered or current; 2 some input was bad (a spec error, content that does not
//! fit, a pattern matching nothing, two specs sharing an output name); 1 anything else failed.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use yitu::batch::{self, Reporter};

/// `eprintln!` after `error:` (coloured with `--color`).
macro_rules! error {
    ($($arg:tt)*) => {
        eprintln!("{} {}", yitu::batch::report::error_label(), format_args!($($arg)*))
    };
}

/// `eprintln!` after `warning:` (coloured with `--color`).
macro_rules! warning {
    ($($arg:tt)*) => {
        eprintln!("{} {}", yitu::batch::report::warning_label(), format_args!($($arg)*))
    };
}

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    yitu::batch::report::set_color(cli.color.enabled());
    // A spec that makes yitu panic is reported with the batch's other failures, not as a backtrace.
    batch::isolate::capture_panics();
    match cli.command {
        cli::Command::Render(args) => render(&args),
        cli::Command::Watch(args) => watch(&args),
        cli::Command::Fonts(args) => fonts(&args),
        cli::Command::Presets => presets(),
        cli::Command::Init(args) => init(&args),
        cli::Command::Schema => {
            let schema = yitu::model::schema::spec_schema();
            let text = serde_json::to_string_pretty(&schema).expect("a JSON value prints") + "\n";
            print_out(text.as_bytes())
        }
        cli::Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cli::Cli::command(), "yitu", &mut script);
            print_out(&script)
        }
    }
}

/// Writes a listing to standard output. A reader that stops early (`yitu completions bash | head`) is
/// not an error: the write is given up quietly, where `println!` would panic on the closed pipe.
fn print_out(text: &[u8]) -> ExitCode {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            error!("cannot write to standard output: {e}");
            ExitCode::from(1)
        }
    }
}

/// One line a preset: its name, its size, what it is for.
fn presets() -> ExitCode {
    use std::fmt::Write;
    use yitu::model::preset::{PresetSize, PRESETS, PRINT_DPI};
    let mut out = String::new();
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
        let _ = writeln!(out, "{:<20} {:<24} {}", p.name, size, p.purpose);
    }
    print_out(out.as_bytes())
}

/// Writes a starter spec, never over a file unless asked.
fn init(args: &cli::InitArgs) -> ExitCode {
    let (name, text) = args.template.file();
    let path = std::path::Path::new(name);
    if path.exists() && !args.force {
        error!("{name} exists; give --force to replace it");
        return ExitCode::from(2);
    }
    match std::fs::write(path, text) {
        Ok(()) => {
            println!("wrote {name}: render it with `yitu render {name}`");
            ExitCode::SUCCESS
        }
        Err(e) => {
            error!("cannot write {name}: {e}");
            ExitCode::from(1)
        }
    }
}

/// Prints the font folders and the families in them, one line a face.
fn fonts(args: &cli::FontsArgs) -> ExitCode {
    use std::fmt::Write;
    use yitu::text::fonts::{faces_in, font_folders, FaceId, Weight, FAMILY};
    // A spec's folders are those beside it; a folder's are its own `fonts/` and those above.
    let (place, named) = if args.place.is_dir() {
        (args.place.join("spec.toml"), args.place.clone())
    } else {
        (args.place.clone(), args.place.clone())
    };
    let mut out = String::new();
    let folders = font_folders(&place, &args.font_path);
    let _ = writeln!(out, "compiled in:");
    for weight in [Weight::Regular, Weight::Bold] {
        let face = FaceId::bundled(weight).font();
        let _ = writeln!(out, "  {FAMILY}  {}", face.weight_class);
    }
    for folder in &folders {
        let _ = writeln!(out, "{}:", folder.display());
        for face in faces_in(std::slice::from_ref(folder)) {
            let file = face.path.file_name().unwrap_or_default().to_string_lossy();
            let _ = writeln!(out, "  {}  {}  {file}", face.family, face.weight_class);
        }
    }
    if folders.is_empty() {
        let _ = writeln!(
            out,
            "no font folder: no fonts/ in {} or a folder above it, none given with --font-path",
            named.display()
        );
    }
    print_out(out.as_bytes())
}

/// What batches say (`-q`, `-v`, `--diagnostic-format`) and how many specs they render at once (`-j`).
fn set_verbosity(args: &cli::RenderArgs) {
    use yitu::batch::report::{set_json_diagnostics, set_verbosity, Verbosity};
    // `-j N`: the batch renders as many specs at once as rayon has threads.
    if let Some(jobs) = args.jobs {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(jobs))
            .build_global();
    }
    set_json_diagnostics(args.diagnostic_format == cli::DiagnosticFormat::Json);
    set_verbosity(if args.quiet {
        Verbosity::Quiet
    } else if args.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    });
}

fn render(args: &cli::RenderArgs) -> ExitCode {
    set_verbosity(args);
    if let Some(target) = args.single_output() {
        return render_one(args, target);
    }
    if args.files.iter().any(|f| f.as_os_str() == "-") {
        error!("a spec from standard input (-) is written to one file: give -o FILE.png (or -o - for standard output)");
        return ExitCode::from(2);
    }
    let batch = batch::render_all(&args.files, &args.options(), args.force, Reporter::new);
    ExitCode::from(batch.exit_code())
}

/// Prints a render's error as the batch does (a spec's problems with their snippets) and gives its exit
/// code: 2 for bad input, 1 otherwise.
fn failed(e: &yitu::Error) -> ExitCode {
    match e {
        yitu::Error::Spec(spec) => {
            eprint!("{}", yitu::batch::report::problems_text(spec).trim_end());
            eprintln!();
        }
        other => error!("{other}"),
    }
    ExitCode::from(if e.is_input_error() { 2 } else { 1 })
}

/// One spec (a file, or `-` for standard input) to one output file or standard output: the pipe form,
/// `cat card.toml | yitu render - -o card.png`. No record is kept: the output is always written.
fn render_one(args: &cli::RenderArgs, target: cli::SingleOutput) -> ExitCode {
    use std::io::{Read, Write};
    use yitu::{Format, Loaded};
    let [input] = args.files.as_slice() else {
        error!("-o FILE writes one spec's output; give one spec, or a folder with -o DIR");
        return ExitCode::from(2);
    };
    let loaded = if input.as_os_str() == "-" {
        // Files the spec names are found from the current folder, as if it were saved there.
        let mut text = String::new();
        let limit = yitu::model::limits::FILE_BYTES;
        let read = std::io::stdin().take(limit + 1).read_to_string(&mut text);
        if let Err(e) = read {
            error!("cannot read the spec from standard input: {e}");
            return ExitCode::from(2);
        }
        if text.len() as u64 > limit {
            error!("the spec on standard input is larger than {limit} bytes");
            return ExitCode::from(2);
        }
        let path = std::path::PathBuf::from("stdin.toml");
        match yitu::model::load_str_with(&text, &path, &args.font_path) {
            Ok(poster) => Loaded {
                path,
                source: text,
                poster,
            },
            Err(e) => return failed(&yitu::Error::Spec(e)),
        }
    } else {
        match yitu::load_spec_with(input, &args.font_path) {
            Ok(loaded) => loaded,
            Err(e) => return failed(&e),
        }
    };
    let format = match &target {
        cli::SingleOutput::File(_, f) => *f,
        cli::SingleOutput::Stdout => match args.format.as_slice() {
            [one] => *one,
            _ if args.format == [Format::Png, Format::Svg] => Format::Png,
            _ => {
                error!("standard output takes one format: give one --format");
                return ExitCode::from(2);
            }
        },
    };
    let mut options = args.options();
    options.formats = vec![format];
    // Variants are other files: not in a single output.
    options.variants = Some(Vec::new());
    let rendered = match yitu::render_loaded(&loaded, &options) {
        Ok(r) => r,
        Err(e) => return failed(&e),
    };
    if let Some(error) = rendered.failed {
        // The one graphic asked for could not be made.
        return failed(&yitu::Error::Spec(error));
    }
    for w in rendered.warnings.iter().filter(|_| !args.quiet) {
        warning!("{w}");
    }
    let [output] = rendered.outputs.as_slice() else {
        error!(
            "the spec makes {} files (its content runs over several pages); write them to a folder with -o DIR",
            rendered.outputs.len()
        );
        return ExitCode::from(2);
    };
    let written = match &target {
        cli::SingleOutput::Stdout => std::io::stdout()
            .lock()
            .write_all(&output.bytes)
            .map_err(|e| e.to_string()),
        cli::SingleOutput::File(file, _) => {
            yitu::export::write_all_atomic(&[(file.as_path(), output.bytes.as_slice())])
                .map(|()| {
                    if !args.quiet {
                        eprintln!("wrote {}", file.display());
                    }
                })
                .map_err(|e| e.to_string())
        }
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            error!("cannot write the output: {e}");
            ExitCode::from(1)
        }
    }
}

/// Runs until interrupted; returns only when the file-system watch cannot be set up or fails.
fn watch(args: &cli::RenderArgs) -> ExitCode {
    set_verbosity(args);
    match batch::watch::watch(&args.files, &args.options(), args.force) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            error!("cannot watch for changes: {e}");
            ExitCode::from(1)
        }
    }
}
