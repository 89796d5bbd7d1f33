//! `ecrgen bench`: the scaling benchmark of issues #7 and #11. It writes each benchmark design
//! (N repositories, each with two lifecycle rules, a scan-completed rule with a target and a
//! pull grant: to an account in the `basic` design, to one role shared by every repository in
//! the `shared-principal` design) for every size, then times the real commands (`check`, `--target cfn`
//! where the stack fits CloudFormation's 500 resources, `--target tf`, `--target tf-json`) as
//! whole processes of this binary, and reads each one's peak resident memory, which the child
//! writes at exit when [`PEAK_MEMORY_ENV`] names a file. The result is a Markdown report.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// When set, ecrgen writes its peak resident set size (kB, from `/proc/self/status`) to the
/// file it names before it exits, so the benchmark measures the real command, not a copy.
pub const PEAK_MEMORY_ENV: &str = "ECRGEN_PEAK_MEMORY_FILE";

/// Resources CloudFormation takes in one stack (SPEC §2).
const CFN_MAX_RESOURCES: usize = ecrgen_emit::plan::MAX_RESOURCES;

/// Resources the design makes per repository: the repository and its event rule (the pull
/// grant and the lifecycle rules are properties of the repository).
const CFN_RESOURCES_PER_REPOSITORY: usize = 2;

/// The benchmark designs.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Design {
    /// Each repository grants pull to an account: grants land in repository policies.
    Basic,
    /// Each repository grants pull to one role of the stack: one identity policy collects a
    /// statement per repository (and is split into overflow policies as the CDK splits it).
    SharedPrincipal,
}

impl Design {
    fn name(self) -> &'static str {
        match self {
            Design::Basic => "basic",
            Design::SharedPrincipal => "shared-principal",
        }
    }

    /// Whether the design with `repos` repositories fits one CloudFormation stack.
    fn cfn_fits(self, repos: usize) -> bool {
        // The shared role, its policy, and an overflow policy per ~21 pull grants.
        let extra = match self {
            Design::Basic => 0,
            Design::SharedPrincipal => 2 + repos / 21,
        };
        repos * CFN_RESOURCES_PER_REPOSITORY + extra <= CFN_MAX_RESOURCES
    }
}

/// Options of `ecrgen bench`.
#[derive(clap::Args, Debug)]
pub struct BenchArgs {
    /// Designs to measure.
    #[arg(
        long,
        value_delimiter = ',',
        value_enum,
        default_value = "basic,shared-principal"
    )]
    pub designs: Vec<Design>,
    /// Repository counts to measure.
    #[arg(long, value_delimiter = ',', default_value = "10,100,1000,10000")]
    pub sizes: Vec<usize>,
    /// Runs of each command; the report gives the median time and the largest peak memory.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// A spec to time `ecrgen check` on as a whole process (default: examples/seed.ecr.hcl
    /// when it exists).
    #[arg(long)]
    pub seed: Option<PathBuf>,
    /// Print the (first) design with N repositories as a spec and exit.
    #[arg(long, value_name = "N")]
    pub print_spec: Option<usize>,
}

/// The benchmark design with `n` repositories, as spec text.
pub fn design_spec(design: Design, n: usize) -> String {
    let mut text = String::with_capacity(n * 460 + 80);
    let grantee = match design {
        Design::Basic => r#"["111122223333"]"#,
        Design::SharedPrincipal => {
            text.push_str("iam_role \"Puller\" {\n  assumed_by = \"ec2.amazonaws.com\"\n}\n\n");
            "[iam_role.Puller]"
        }
    };
    for i in 0..n {
        if i > 0 {
            text.push('\n');
        }
        let _ = write!(
            text,
            r#"repository "Repo{i}" {{
  repository_name      = "team/service-{i}"
  image_scan_on_push   = true
  image_tag_mutability = "IMMUTABLE"
  grant_pull           = {grantee}

  lifecycle_rule {{
    tag_prefix_list = ["v"]
    max_image_count = 50
  }}

  lifecycle_rule {{
    max_image_age_days = 30
  }}

  on_image_scan_completed "ScanDone" {{
    target {{
      arn = "arn:aws:sns:us-east-1:123456789012:scans"
    }}
  }}
}}
"#
        );
    }
    text
}

/// Writes the peak resident set size of this process to the file named by [`PEAK_MEMORY_ENV`],
/// when it is set. Errors are ignored: the benchmark reports a missing value.
pub fn report_peak_memory() {
    let Some(path) = std::env::var_os(PEAK_MEMORY_ENV) else {
        return;
    };
    if let Some(kib) = peak_memory_kib() {
        let _ = std::fs::write(path, kib.to_string());
    }
}

/// `VmHWM` of `/proc/self/status`, in KiB (Linux).
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// One command to measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Job {
    Check,
    Cfn,
    Tf,
    TfJson,
}

impl Job {
    fn name(self) -> &'static str {
        match self {
            Job::Check => "check",
            Job::Cfn => "cfn",
            Job::Tf => "tf",
            Job::TfJson => "tf-json",
        }
    }

    /// The command's arguments for `spec`, writing into `out_dir`.
    fn args(self, spec: &Path, out_dir: &Path) -> Vec<std::ffi::OsString> {
        let mut args: Vec<std::ffi::OsString> = match self {
            Job::Check => vec!["check".into()],
            Job::Cfn => vec![
                "--target".into(),
                "cfn".into(),
                "--out".into(),
                out_dir.join("template.json").into(),
            ],
            Job::Tf => vec![
                "--target".into(),
                "tf".into(),
                "--out".into(),
                out_dir.join("module").into(),
            ],
            Job::TfJson => vec![
                "--target".into(),
                "tf-json".into(),
                "--out".into(),
                out_dir.join("cdk.tf.json").into(),
            ],
        };
        args.push(spec.into());
        args
    }
}

/// The measurements of one command.
struct Measurement {
    median: Duration,
    peak_kib: Option<u64>,
}

/// Runs `ecrgen` with `args` `runs` times.
fn measure(
    exe: &Path,
    args: &[std::ffi::OsString],
    work: &Path,
    runs: usize,
) -> Result<Measurement, String> {
    let report = work.join("peak-memory");
    let mut times = Vec::with_capacity(runs);
    let mut peak_kib: Option<u64> = None;
    for _ in 0..runs.max(1) {
        let _ = std::fs::remove_file(&report);
        let start = Instant::now();
        let output = Command::new(exe)
            .args(args)
            .env(PEAK_MEMORY_ENV, &report)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
        times.push(start.elapsed());
        if !output.status.success() {
            let shown: Vec<String> = args
                .iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            return Err(format!(
                "`ecrgen {}` failed ({}): {}",
                shown.join(" "),
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        let run_peak = std::fs::read_to_string(&report)
            .ok()
            .and_then(|t| t.trim().parse().ok());
        peak_kib = peak_kib.max(run_peak);
    }
    times.sort();
    Ok(Measurement {
        median: times[times.len() / 2],
        peak_kib,
    })
}

/// One row of the report.
struct Row {
    design: Design,
    repos: usize,
    job: Job,
    m: Measurement,
}

/// Runs the benchmark; returns the exit code.
pub fn run(args: &BenchArgs) -> u8 {
    if let Some(n) = args.print_spec {
        return print_stdout(&design_spec(
            args.designs.first().copied().unwrap_or(Design::Basic),
            n,
        ));
    }
    match run_all(args) {
        Ok(report) => print_stdout(&report),
        Err(e) => {
            crate::console::error(&e);
            crate::EXIT_USAGE
        }
    }
}

/// Prints `text` on stdout; returns the exit code.
fn print_stdout(text: &str) -> u8 {
    match crate::console::write_stdout(text.as_bytes()) {
        Ok(()) => 0,
        Err(e) => {
            crate::console::error(&e);
            crate::EXIT_USAGE
        }
    }
}

fn run_all(args: &BenchArgs) -> Result<String, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the ecrgen binary: {e}"))?;
    let work = tempfile::Builder::new()
        .prefix("ecrgen-bench-")
        .tempdir()
        .map_err(|e| {
            format!(
                "cannot create a directory in {}: {e}",
                std::env::temp_dir().display()
            )
        })?;
    run_in(&exe, work.path(), args)
}

fn run_in(exe: &Path, work: &Path, args: &BenchArgs) -> Result<String, String> {
    let mut rows = Vec::new();
    for &design in &args.designs {
        for &repos in &args.sizes {
            let spec = work.join(format!("bench-{}-{repos}.ecr.hcl", design.name()));
            std::fs::write(&spec, design_spec(design, repos))
                .map_err(|e| format!("cannot write {}: {e}", spec.display()))?;
            let mut jobs = vec![Job::Check];
            if design.cfn_fits(repos) {
                jobs.push(Job::Cfn);
            }
            jobs.extend([Job::Tf, Job::TfJson]);
            for job in jobs {
                let out = work.join(format!("out-{}-{repos}-{}", design.name(), job.name()));
                std::fs::create_dir_all(&out)
                    .map_err(|e| format!("cannot create {}: {e}", out.display()))?;
                let m = measure(exe, &job.args(&spec, &out), work, args.runs)?;
                crate::console::eprint_line(&format!(
                    "{:<16} {repos:>6} repositories  {:<8} {:>10.2} ms",
                    design.name(),
                    job.name(),
                    ms(m.median)
                ));
                rows.push(Row {
                    design,
                    repos,
                    job,
                    m,
                });
            }
            let _ = std::fs::remove_file(&spec);
        }
    }
    let seed = args
        .seed
        .clone()
        .or_else(|| Some(PathBuf::from("examples/seed.ecr.hcl")).filter(|p| p.is_file()));
    let seed_row = match &seed {
        Some(path) => Some((
            path.clone(),
            measure(exe, &["check".into(), path.into()], work, args.runs.max(21))?,
        )),
        None => None,
    };
    Ok(report(&rows, seed_row.as_ref(), args.runs))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(|| "n/a".into(), |k| format!("{:.1}", k as f64 / 1024.0))
}

/// The Markdown report: the machine, the table, and how the cost per repository changes.
fn report(rows: &[Row], seed: Option<&(PathBuf, Measurement)>, runs: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Machine: {}, {} cores available; ecrgen {}.",
        cpu_model(),
        cores(),
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(
        out,
        "Method: `ecrgen bench`: each command run {runs} times as a whole process on the generated design; median wall time, largest peak resident memory (VmHWM).\n"
    );
    let _ = writeln!(out, "| design | repositories | command | median time (ms) | per repository (µs) | peak memory (MiB) |");
    let _ = writeln!(out, "|---|---:|---|---:|---:|---:|");
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.2} | {:.1} | {} |",
            row.design.name(),
            ecrgen_core::diagnostic::thousands(row.repos),
            row.job.name(),
            ms(row.m.median),
            ms(row.m.median) * 1000.0 / row.repos.max(1) as f64,
            mib(row.m.peak_kib)
        );
    }
    if let Some((path, m)) = seed {
        let _ = writeln!(
            out,
            "| seed | {} | check (whole process) | {:.2} | | {} |",
            path.display(),
            ms(m.median),
            mib(m.peak_kib)
        );
    }
    let _ = writeln!(out);
    let mut designs: Vec<Design> = Vec::new();
    for row in rows {
        if !designs.contains(&row.design) {
            designs.push(row.design);
        }
    }
    for (design, job) in designs
        .iter()
        .flat_map(|&d| [Job::Check, Job::Cfn, Job::Tf, Job::TfJson].map(|j| (d, j)))
    {
        let of_job: Vec<&Row> = rows
            .iter()
            .filter(|r| r.job == job && r.design == design)
            .collect();
        if let (Some(small), Some(large)) = (of_job.iter().rev().nth(1), of_job.last()) {
            let per = |r: &Row| r.m.median.as_secs_f64() / r.repos.max(1) as f64;
            let _ = writeln!(
                out,
                "{} {}: time per repository at {} repositories is {:.2}x the time at {} (1.00 is linear).",
                design.name(),
                job.name(),
                ecrgen_core::diagnostic::thousands(large.repos),
                per(large) / per(small),
                ecrgen_core::diagnostic::thousands(small.repos)
            );
        }
    }
    out
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(ecrgen_core::diagnostic::thousands(10), "10");
        assert_eq!(ecrgen_core::diagnostic::thousands(1000), "1,000");
        assert_eq!(ecrgen_core::diagnostic::thousands(10000), "10,000");
        assert_eq!(ecrgen_core::diagnostic::thousands(1234567), "1,234,567");
    }

    #[test]
    fn the_designs_are_valid_specs_of_n_repositories() {
        for (design, items) in [(Design::Basic, 3), (Design::SharedPrincipal, 4)] {
            let text = design_spec(design, 3);
            let result = ecrgen_core::check(&ecrgen_core::SourceSet::single(
                "bench.ecr.hcl",
                text.clone(),
            ));
            assert!(!result.has_errors(), "{:?}", result.diagnostics);
            assert_eq!(result.spec.expect("valid").items.len(), items);
            assert_eq!(
                ecrgen_core::format_source(&text).expect("formats"),
                text,
                "the design is in the canonical layout"
            );
        }
    }
}
