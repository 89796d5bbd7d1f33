//! The `ecrgen` command line: generate, check, fmt, lsp (SPEC §4).

mod bench;
mod console;
mod fsio;
mod generate;
mod report;
mod specs;
mod transaction;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// mimalloc instead of the system allocator: the parser, the templates and the JSON values
/// allocate many small objects, and glibc's malloc and free were a third of a run's work.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generate CloudFormation and Terraform for Amazon ECR from a checked HCL spec.
#[derive(Parser, Debug)]
#[command(
    name = "ecrgen",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    generate: GenerateArgs,
}

/// Arguments of the default command (generate).
#[derive(clap::Args, Debug, Default)]
struct GenerateArgs {
    /// Output target.
    #[arg(long, value_enum, default_value_t = Target::Cfn)]
    target: Target,
    /// Output file (cfn, tf-json) or directory (tf); stdout when absent or `-`.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Directory of Tera templates that replace the built-in ones by file name.
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Overwrite an output file that ecrgen did not generate.
    #[arg(long)]
    force: bool,
    /// Spec files or directories (default: the current directory).
    specs: Vec<PathBuf>,
}

/// Output targets.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, ValueEnum)]
enum Target {
    /// CloudFormation JSON, as the AWS CDK synthesizes it.
    #[default]
    Cfn,
    /// A Terraform module in HCL.
    Tf,
    /// Terraform JSON in the CDK for Terraform layout.
    TfJson,
}

impl Target {
    /// The family of outputs whose target problems this target refuses.
    fn family(self) -> ecrgen_emit::targets::Target {
        match self {
            Self::Cfn => ecrgen_emit::targets::Target::CloudFormation,
            Self::Tf | Self::TfJson => ecrgen_emit::targets::Target::Terraform,
        }
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate specs only.
    Check {
        /// Diagnostics format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Check for this target only: its problems are errors, as when generating it, and
        /// those of the other targets are left out.
        #[arg(long, value_enum)]
        target: Option<Target>,
        /// Spec files or directories.
        specs: Vec<PathBuf>,
    },
    /// Rewrite spec files in the canonical layout.
    Fmt {
        /// List files that would change and exit 1 instead of writing.
        #[arg(long)]
        check: bool,
        /// Spec files or directories.
        specs: Vec<PathBuf>,
    },
    /// Run the language server on stdio.
    Lsp,
    /// Measure check and generation on generated specs of growing size (a Markdown report).
    Bench(bench::BenchArgs),
}

/// Diagnostics formats.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// rustc-style text on stderr.
    Human,
    /// One JSON object on stdout (SPEC §4).
    Json,
}

/// Exit code for spec errors.
const EXIT_SPEC: u8 = 1;
/// Exit code for usage and I/O errors.
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(Command::Check {
            format,
            target,
            specs,
        }) => run_check(&specs, format, target),
        Some(Command::Fmt { check, specs }) => run_fmt(&specs, check),
        Some(Command::Lsp) => run_lsp(),
        Some(Command::Bench(args)) => bench::run(&args),
        None => generate::run(&cli.generate),
    };
    bench::report_peak_memory();
    // A message that could not be written (stderr on a full disk) is an I/O error.
    ExitCode::from(if console::stderr_failed() {
        EXIT_USAGE
    } else {
        code
    })
}

fn run_check(paths: &[PathBuf], format: Format, target: Option<Target>) -> u8 {
    let sources = match specs::load(paths) {
        Ok(s) => s,
        Err(e) => {
            console::error(&e);
            return EXIT_USAGE;
        }
    };
    let mut result = ecrgen_emit::check(&sources);
    specs::explain_bom(&sources, &mut result.diagnostics);
    if let Some(target) = target {
        ecrgen_emit::targets::refuse_for(&mut result.diagnostics, target.family());
    }
    match format {
        Format::Human => report::human(&sources, &result.diagnostics),
        Format::Json => {
            if let Err(e) = report::json(&sources, &result.diagnostics) {
                console::error(&e);
                return EXIT_USAGE;
            }
        }
    }
    if result.has_errors() {
        EXIT_SPEC
    } else {
        0
    }
}

fn run_fmt(paths: &[PathBuf], check_only: bool) -> u8 {
    let files = match specs::spec_files(paths) {
        Ok(f) => f,
        Err(e) => {
            console::error(&e);
            return EXIT_USAGE;
        }
    };
    let mut changed = Vec::new();
    let mut failed = false;
    for path in &files {
        let text = match fsio::read_input(path) {
            Ok(t) => t,
            Err(e) => {
                console::error(&e);
                return EXIT_USAGE;
            }
        };
        match ecrgen_core::format_source(&text) {
            Ok(formatted) if formatted != text => {
                if check_only {
                    changed.push(path.clone());
                } else if let Err(e) = write_formatted(path, formatted.as_bytes()) {
                    console::error(&e);
                    return EXIT_USAGE;
                }
            }
            Ok(_) => {}
            Err(mut d) => {
                let sources = ecrgen_core::SourceSet::single(path.display().to_string(), text);
                d.span.file = 0;
                let mut diags = [d];
                specs::explain_bom(&sources, &mut diags);
                report::human(&sources, &diags);
                failed = true;
            }
        }
    }
    // `fmt --check` lists the files that would change, one per line, on stdout.
    let listed: String = changed
        .iter()
        .map(|p| format!("{}\n", p.display()))
        .collect();
    if let Err(e) = console::write_stdout(listed.as_bytes()) {
        console::error(&e);
        return EXIT_USAGE;
    }
    if failed || !changed.is_empty() {
        EXIT_SPEC
    } else {
        0
    }
}

/// Writes a formatted spec back: through a symbolic link to the file it names (the link stays),
/// with the file's mode and owner; a file with several hard links is rewritten in place, since a
/// rename would leave the other names with the old text.
fn write_formatted(path: &std::path::Path, bytes: &[u8]) -> Result<(), String> {
    let cannot = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let (real, _) = fsio::resolve_output(path)?;
    let dir = fsio::parent_dir(&real);
    let _lock = fsio::DirLock::acquire(&dir)?;
    fsio::remove_stale_temps(&dir);
    let (real, meta) = fsio::resolve_output(path)?;
    let Some(meta) = meta else {
        return Err(cannot(std::io::ErrorKind::NotFound.into()));
    };
    if std::os::unix::fs::MetadataExt::nlink(&meta) > 1 {
        fsio::overwrite_in_place(&real, &meta, bytes).map_err(cannot)
    } else {
        fsio::replace(&real, bytes, Some(&meta)).map_err(cannot)
    }
}

fn run_lsp() -> u8 {
    match ecrgen_lsp::run_stdio() {
        Ok(code) => u8::try_from(code).unwrap_or(1),
        Err(e) => {
            console::error(&e.to_string());
            EXIT_USAGE
        }
    }
}
