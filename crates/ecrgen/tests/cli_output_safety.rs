//! Output safety through the real binary (README "Output safety"): planted links, special files,
//! whole-or-nothing modules (with fault injection by strace when it is installed), bounded
//! reads, output errors, links and modes kept by `fmt`, untrusted text in diagnostics.

use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const SPEC: &str = "repository \"Repo\" {\n  image_scan_on_push = true\n}\n";
const OTHER: &str = "repository \"Other\" {\n  image_scan_on_push = true\n}\n";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ecrgen"))
}

/// Waits for `child` at most `secs` seconds (a hang fails the test instead of stalling it).
fn wait_within(mut child: Child, secs: u64) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("ecrgen did not finish within {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs ecrgen with `args` in `dir` (no stdin, output captured), at most 20 s.
fn run(dir: &Path, args: &[&str]) -> (i32, Vec<u8>, String) {
    let child = bin()
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_within(child, 20);
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.ecr.hcl"), SPEC).unwrap();
    dir
}

/// The files of a tree (relative path, content; a symbolic link as `-> target`), sorted.
fn tree(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if meta.is_dir() {
                stack.push(path);
            } else if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                out.push((rel, format!("-> {}", target.display()).into_bytes()));
            } else {
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// The names in a tree that look like ecrgen's temporary files.
fn temporaries(root: &Path) -> Vec<String> {
    tree(root)
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| n.contains(".ecrgen-"))
        .collect()
}

fn has_strace() -> bool {
    let found = Command::new("strace")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        eprintln!("skipped: strace is not installed (apt-get install strace)");
    }
    found
}

/// Runs ecrgen under strace with one fault (`inject` as strace's `-e inject=` value).
fn run_injected(dir: &Path, inject: &str, args: &[&str]) -> (i32, String) {
    let child = Command::new("strace")
        .args(["-f", "-o", "/dev/null", "-e", "trace=rename", "-e"])
        .arg(format!("inject={inject}"))
        .arg(env!("CARGO_BIN_EXE_ecrgen"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_within(child, 30);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

// 1. Writes never follow a planted path.

/// The process ids the next children will most likely get (Linux's last given pid + 1..).
fn next_pids() -> Option<std::ops::RangeInclusive<u32>> {
    let last: u32 = std::fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(last + 1..=last + 300)
}

#[test]
fn a_link_planted_at_a_temporary_name_is_never_written_through() {
    let dir = setup();
    let d = dir.path();
    let victim = d.join("victim");
    std::fs::write(&victim, "precious\n").unwrap();
    std::fs::create_dir(d.join("module")).unwrap();
    std::fs::write(d.join("unformatted.ecr.hcl"), "iam_user \"U\" {\n}\n").unwrap();
    let Some(pids) = next_pids() else {
        eprintln!("skipped: /proc/sys/kernel/ns_last_pid is not readable");
        return;
    };
    // The names the old versions used: `.<name>.ecrgen-<pid>.tmp`.
    for pid in pids {
        for name in [
            "stack.json",
            "module/main.tf",
            "module/outputs.tf",
            "unformatted.ecr.hcl",
        ] {
            let (parent, file) = name.rsplit_once('/').unwrap_or(("", name));
            let link = d.join(parent).join(format!(".{file}.ecrgen-{pid}.tmp"));
            std::os::unix::fs::symlink(&victim, link).unwrap();
        }
    }
    assert_eq!(run(d, &["--out", "stack.json", "app.ecr.hcl"]).0, 0);
    assert_eq!(
        run(d, &["--target", "tf", "--out", "module", "app.ecr.hcl"]).0,
        0
    );
    assert_eq!(run(d, &["fmt", "unformatted.ecr.hcl"]).0, 0);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert!(std::fs::symlink_metadata(d.join("stack.json"))
        .unwrap()
        .is_file());
    assert_eq!(
        std::fs::read_to_string(d.join("unformatted.ecr.hcl")).unwrap(),
        "iam_user \"U\" {}\n"
    );
}

// 2. --force never replaces what is not a regular file.

#[test]
fn force_never_replaces_a_device_a_fifo_or_what_dev_stdout_names() {
    let dir = setup();
    let d = dir.path();
    mkfifo(&d.join("fifo"));
    std::os::unix::fs::symlink("/dev/null", d.join("null-link")).unwrap();
    let mut targets = vec!["fifo", "null-link", "/dev/stdout"];
    // A device node of our own (root may make one; others skip that case).
    let made_device = Command::new("mknod")
        .args(["null", "c", "1", "3"])
        .current_dir(d)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if made_device {
        targets.push("null");
    }
    for target in targets {
        let (code, _, stderr) = run(d, &["--force", "--out", target, "app.ecr.hcl"]);
        assert_eq!(code, 2, "{target}: {stderr}");
        assert!(
            stderr.contains("is not a regular file")
                && stderr.contains("`--out -` writes to stdout"),
            "{target}: {stderr}"
        );
    }
    assert!(std::fs::metadata(d.join("fifo"))
        .unwrap()
        .file_type()
        .is_fifo());
    assert!(std::fs::symlink_metadata(d.join("null-link"))
        .unwrap()
        .file_type()
        .is_symlink());
    if made_device {
        assert!(std::fs::metadata(d.join("null"))
            .unwrap()
            .file_type()
            .is_char_device());
    }
    // In a module too.
    std::fs::create_dir(d.join("module")).unwrap();
    mkfifo(&d.join("module/main.tf"));
    let (code, _, stderr) = run(
        d,
        &[
            "--target",
            "tf",
            "--force",
            "--out",
            "module",
            "app.ecr.hcl",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("module/main.tf is not a regular file"),
        "{stderr}"
    );
    // (The FIFO is not read: that would block.)
    let names: Vec<_> = std::fs::read_dir(d.join("module"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["main.tf"], "nothing else was written");
}

#[test]
fn out_through_a_symbolic_link_writes_the_file_it_names() {
    let dir = setup();
    let d = dir.path();
    std::fs::create_dir(d.join("real")).unwrap();
    assert_eq!(run(d, &["--out", "real/stack.json", "app.ecr.hcl"]).0, 0);
    std::os::unix::fs::symlink("real/stack.json", d.join("stack.json")).unwrap();
    std::fs::write(d.join("app.ecr.hcl"), OTHER).unwrap();
    assert_eq!(run(d, &["--out", "stack.json", "app.ecr.hcl"]).0, 0);
    assert!(std::fs::symlink_metadata(d.join("stack.json"))
        .unwrap()
        .file_type()
        .is_symlink());
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("real/stack.json")).unwrap()).unwrap();
    assert_eq!(
        v["Metadata"]["ecrgen"]["spec"],
        serde_json::json!(["../app.ecr.hcl"])
    );
    assert!(v.to_string().contains("\"Other"), "{v}");
    // A link to nothing is refused rather than followed to create a file.
    std::os::unix::fs::symlink("nowhere/x.json", d.join("dangling.json")).unwrap();
    let (code, _, stderr) = run(d, &["--out", "dangling.json", "app.ecr.hcl"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is a symbolic link to nothing"), "{stderr}");
}

// 3. A module is written whole or not at all.

/// A generated module with a file of the user's, and a spec that changes every file.
fn module_to_regenerate() -> (tempfile::TempDir, Vec<(String, Vec<u8>)>) {
    let dir = setup();
    let d = dir.path();
    assert_eq!(
        run(d, &["--target", "tf", "--out", "module", "app.ecr.hcl"]).0,
        0
    );
    std::fs::write(d.join("module/extra.tf"), "# mine\n").unwrap();
    std::fs::write(d.join("app.ecr.hcl"), OTHER).unwrap();
    let before = tree(&d.join("module"));
    (dir, before)
}

const TF_ARGS: [&str; 5] = ["--target", "tf", "--out", "module", "app.ecr.hcl"];

#[test]
fn a_failed_rename_restores_the_files_already_replaced() {
    if !has_strace() {
        return;
    }
    let (dir, before) = module_to_regenerate();
    let d = dir.path();
    let (code, stderr) = run_injected(d, "rename:error=EIO:when=3", &TF_ARGS);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("cannot write module/outputs.tf: Input/output error"),
        "{stderr}"
    );
    assert_eq!(
        tree(&d.join("module")),
        before,
        "old files back, no temporary file"
    );
}

#[test]
fn an_immutable_file_in_the_module_leaves_the_module_as_it_was() {
    let (dir, before) = module_to_regenerate();
    let d = dir.path();
    let outputs = d.join("module/outputs.tf");
    let immutable = Command::new("chattr")
        .arg("+i")
        .arg(&outputs)
        .stderr(Stdio::null())
        .status();
    if !immutable.is_ok_and(|s| s.success()) {
        eprintln!("skipped: chattr +i is not available here");
        return;
    }
    let (code, _, stderr) = run(d, &TF_ARGS);
    Command::new("chattr")
        .arg("-i")
        .arg(&outputs)
        .status()
        .unwrap();
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("module/outputs.tf"), "{stderr}");
    assert_eq!(tree(&d.join("module")), before);
}

#[test]
fn a_run_killed_between_renames_is_undone_by_the_next_run() {
    if !has_strace() {
        return;
    }
    let (dir, before) = module_to_regenerate();
    let d = dir.path();
    // Killed at its third rename: two files are new, the others old, temporaries left.
    let (code, _) = run_injected(d, "rename:signal=KILL:when=3", &TF_ARGS);
    assert_eq!(code, -1, "killed");
    assert!(!temporaries(&d.join("module")).is_empty());
    // The next run first restores the previous module (two renames), then fails at its own
    // first rename and undoes that too: the module is the one from before the killed run.
    let (code, stderr) = run_injected(d, "rename:error=EIO:when=3", &TF_ARGS);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(tree(&d.join("module")), before);
    // And a normal run writes the new module whole, keeping the user's file.
    assert_eq!(run(d, &TF_ARGS).0, 0);
    assert!(temporaries(&d.join("module")).is_empty());
    let main = std::fs::read_to_string(d.join("module/main.tf")).unwrap();
    assert!(main.contains("\"Other\""), "{main}");
    assert_eq!(
        std::fs::read_to_string(d.join("module/extra.tf")).unwrap(),
        "# mine\n"
    );
}

#[test]
fn temporaries_of_dead_runs_are_removed_and_others_kept() {
    let (dir, _) = module_to_regenerate();
    let d = dir.path();
    // A process that has ended, and one that is alive (this test).
    let mut done = Command::new("true").spawn().unwrap();
    let dead = done.id();
    done.wait().unwrap();
    let alive = std::process::id();
    let names = [
        format!("module/.main.tf.ecrgen-{dead}-AbCdEf.tmp"),
        format!("module/.README.md.ecrgen-{dead}-AbCdEf.bak"),
        format!("module/examples/basic/.main.tf.ecrgen-{dead}-x.tmp"),
        format!("module/.main.tf.ecrgen-{dead}.tmp"),
        format!("stack.json.dir/.stack.json.ecrgen-{dead}-q.tmp"),
    ];
    let kept = [
        format!("module/.main.tf.ecrgen-{alive}-AbCdEf.tmp"),
        "module/.notes.tmp".to_string(),
    ];
    std::fs::create_dir(d.join("stack.json.dir")).unwrap();
    for n in names.iter().chain(&kept) {
        std::fs::write(d.join(n), "x").unwrap();
    }
    assert_eq!(run(d, &TF_ARGS).0, 0);
    assert_eq!(
        run(d, &["--out", "stack.json.dir/stack.json", "app.ecr.hcl"]).0,
        0
    );
    for n in &names {
        assert!(!d.join(n).exists(), "{n} is left");
    }
    for n in &kept {
        assert!(d.join(n).exists(), "{n} was removed");
    }
}

// 4. Special and huge paths do not hang or balloon.

#[test]
fn special_inputs_are_refused_without_blocking() {
    let dir = setup();
    let d = dir.path();
    mkfifo(&d.join("spec.ecr.hcl"));
    for args in [
        &["check", "/dev/zero"][..],
        &["check", "spec.ecr.hcl"],
        &["spec.ecr.hcl"],
    ] {
        let (code, _, stderr) = run(d, args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains("not a regular file"), "{args:?}: {stderr}");
    }
    // A directory of specs skips what is not a regular file.
    std::fs::create_dir(d.join("specs")).unwrap();
    std::fs::write(d.join("specs/a.ecr.hcl"), SPEC).unwrap();
    mkfifo(&d.join("specs/b.ecr.hcl"));
    assert_eq!(run(d, &["check", "specs"]).0, 0);
    // A template override that is a FIFO.
    std::fs::create_dir(d.join("templates")).unwrap();
    mkfifo(&d.join("templates/main.tf.tera"));
    let (code, _, stderr) = run(
        d,
        &["--target", "tf", "--templates", "templates", "app.ecr.hcl"],
    );
    assert_ne!(code, 0);
    assert!(
        stderr.contains("main.tf.tera: not a regular file"),
        "{stderr}"
    );
}

#[test]
fn specs_larger_than_the_limit_are_refused() {
    let dir = setup();
    let big = std::fs::File::create(dir.path().join("big.ecr.hcl")).unwrap();
    big.set_len(64 * 1024 * 1024 + 1).unwrap();
    let (code, _, stderr) = run(dir.path(), &["check", "big.ecr.hcl"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("big.ecr.hcl: larger than the limit of 64 MiB"),
        "{stderr}"
    );
}

#[test]
fn a_huge_existing_output_is_refused_without_reading_it_whole() {
    let dir = setup();
    let d = dir.path();
    let huge = std::fs::File::create(d.join("stack.json")).unwrap();
    huge.set_len(3 << 30).unwrap();
    let peak = d.join("peak");
    let out = bin()
        .args(["--out", "stack.json", "app.ecr.hcl"])
        .env("ECRGEN_PEAK_MEMORY_FILE", &peak)
        .current_dir(d)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_within(out, 30);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("was not generated by ecrgen"), "{stderr}");
    let kib: u64 = std::fs::read_to_string(&peak)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(kib < 200 * 1024, "peak memory {kib} kB");
}

#[test]
fn out_dash_is_stdout() {
    let dir = setup();
    let (code, stdout, _) = run(dir.path(), &["--out", "-", "app.ecr.hcl"]);
    assert_eq!(code, 0);
    assert!(String::from_utf8(stdout).unwrap().contains("Repo02AC86CF"));
    assert!(!dir.path().join("-").exists());
}

// 8. Output errors are errors, not panics.

/// A spec with `n` repositories: three warnings each.
fn many_warnings(dir: &Path, n: usize) {
    let spec: String = (0..n)
        .map(|i| format!("repository \"R{i}\" {{\n}}\n"))
        .collect();
    std::fs::write(dir.join("app.ecr.hcl"), spec).unwrap();
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    many_warnings(dir.path(), 2000);
    let mut child = bin()
        .args(["check", "--format", "json", "app.ecr.hcl"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe is closed here, with most of the output not yet read.
    let out = wait_within(child, 20);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn a_full_stdout_or_stderr_is_an_io_error() {
    let dir = setup();
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let out = bin()
        .arg("app.ecr.hcl")
        .current_dir(dir.path())
        .stdout(full())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: cannot write to stdout: No space left on device"),
        "{stderr}"
    );
    // Warnings that cannot be written: still an I/O error, and no panic.
    let out = bin()
        .args(["check", "app.ecr.hcl"])
        .current_dir(dir.path())
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn warnings_piped_to_a_closed_reader_never_stop_the_module() {
    let dir = tempfile::tempdir().unwrap();
    many_warnings(dir.path(), 300);
    let mut child = bin()
        .args(["--target", "tf", "--out", "module", "app.ecr.hcl"])
        .current_dir(dir.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(std::fs::read_to_string(dir.path().join("module/main.tf"))
        .unwrap()
        .contains("\"R299\""));
}

// 9. Links and permissions survive `fmt`.

const UNFORMATTED: &str = "repository \"Repo\" {\nimage_scan_on_push=true\n}\n";
const FORMATTED: &str = "repository \"Repo\" {\n  image_scan_on_push = true\n}\n";

#[test]
fn fmt_writes_through_a_symbolic_link_and_keeps_mode_and_owner() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("real")).unwrap();
    let real = d.join("real/app.ecr.hcl");
    std::fs::write(&real, UNFORMATTED).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    // Root can give the file away; keep whoever owns it then.
    let _ = std::os::unix::fs::chown(&real, Some(1234), Some(4321));
    let owner = std::fs::metadata(&real).unwrap();
    std::os::unix::fs::symlink("real/app.ecr.hcl", d.join("link.ecr.hcl")).unwrap();
    let (code, _, stderr) = run(d, &["fmt", "link.ecr.hcl"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(std::fs::symlink_metadata(d.join("link.ecr.hcl"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&real).unwrap(), FORMATTED);
    let meta = std::fs::metadata(&real).unwrap();
    assert_eq!(meta.mode() & 0o7777, 0o640);
    assert_eq!((meta.uid(), meta.gid()), (owner.uid(), owner.gid()));
    assert!(temporaries(d).is_empty());
}

#[test]
fn fmt_keeps_hard_links_together() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.ecr.hcl"), UNFORMATTED).unwrap();
    std::fs::hard_link(d.join("a.ecr.hcl"), d.join("b.hcl")).unwrap();
    assert_eq!(run(d, &["fmt", "a.ecr.hcl"]).0, 0);
    assert_eq!(std::fs::read_to_string(d.join("b.hcl")).unwrap(), FORMATTED);
    assert_eq!(std::fs::metadata(d.join("a.ecr.hcl")).unwrap().nlink(), 2);
}

// 10. Untrusted text stays text.

#[test]
fn control_characters_in_a_spec_are_escaped_in_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    // An escape sequence in a value (shown in the message) and a raw one in a comment (shown in
    // the source line).
    let spec =
        "repository \"Repo\" {\n  repository_name = \"\\u001b]0;pwned\\u0007\" # \u{1b}[2J\n}\n";
    std::fs::write(dir.path().join("app.ecr.hcl"), spec).unwrap();
    let (code, _, stderr) = run(dir.path(), &["check", "app.ecr.hcl"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(stderr.contains("\\u{1b}]0;pwned\\u{7}"), "{stderr}");
    assert!(stderr.contains("\\u{1b}[2J"), "{stderr}");
}

#[test]
fn raw_html_in_the_stack_description_is_escaped_in_the_readme() {
    let dir = tempfile::tempdir().unwrap();
    let spec = format!(
        "stack \"S\" {{\n  description = \"<script>alert(1)</script> & <!-- x\"\n}}\n{SPEC}"
    );
    std::fs::write(dir.path().join("app.ecr.hcl"), spec).unwrap();
    let (code, _, stderr) = run(
        dir.path(),
        &["--target", "tf", "--out", "module", "app.ecr.hcl"],
    );
    assert_eq!(code, 0, "{stderr}");
    let readme = std::fs::read_to_string(dir.path().join("module/README.md")).unwrap();
    assert!(
        !readme.contains("<script>") && !readme.contains("<!-- x"),
        "{readme}"
    );
    assert!(
        readme.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;\\!-- x"),
        "{readme}"
    );
}

// 12. BOM hint, spec names relative to the output.

#[test]
fn a_byte_order_mark_gets_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.ecr.hcl"), format!("\u{feff}{SPEC}")).unwrap();
    let (code, _, stderr) = run(dir.path(), &["check", "app.ecr.hcl"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("byte order mark (BOM)"), "{stderr}");
    let (_, stdout, _) = run(dir.path(), &["check", "--format", "json", "app.ecr.hcl"]);
    assert!(String::from_utf8(stdout)
        .unwrap()
        .contains("byte order mark"));
}

#[test]
fn spec_names_in_outputs_are_relative_to_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("specs")).unwrap();
    std::fs::create_dir_all(d.join("out")).unwrap();
    std::fs::write(d.join("specs/app.ecr.hcl"), SPEC).unwrap();
    let spec: PathBuf = d.join("specs/app.ecr.hcl");
    let spec = spec.to_str().unwrap();
    let cfn_spec = |bytes: &[u8]| -> serde_json::Value {
        serde_json::from_slice::<serde_json::Value>(bytes).unwrap()["Metadata"]["ecrgen"]["spec"]
            .clone()
    };
    let (_, stdout, _) = run(d, &[spec]);
    assert_eq!(cfn_spec(&stdout), serde_json::json!(["specs/app.ecr.hcl"]));
    assert_eq!(run(d, &["--out", "out/stack.json", spec]).0, 0);
    assert_eq!(
        cfn_spec(&std::fs::read(d.join("out/stack.json")).unwrap()),
        serde_json::json!(["../specs/app.ecr.hcl"])
    );
    assert_eq!(
        run(d, &["--target", "tf", "--out", "out/module", spec]).0,
        0
    );
    let main = std::fs::read_to_string(d.join("out/module/main.tf")).unwrap();
    assert!(
        main.contains("# Source: \"../../specs/app.ecr.hcl\"."),
        "{main}"
    );
    assert!(!main.contains(d.to_str().unwrap()), "{main}");
}

// 7 (diagnostics). Buffered, and long lines cut.

#[test]
fn one_error_on_a_very_long_line_shows_a_window_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(4 << 20);
    let spec = format!("repository \"Repo\" {{\n  repository_name = \"{long}\" nope = 1\n}}\n");
    std::fs::write(dir.path().join("app.ecr.hcl"), spec).unwrap();
    let (code, _, stderr) = run(dir.path(), &["check", "app.ecr.hcl"]);
    assert_eq!(code, 1);
    assert!(
        stderr.len() < 10_000,
        "{} bytes of diagnostics",
        stderr.len()
    );
    assert!(stderr.contains("app.ecr.hcl:2:"), "{stderr}");
    assert!(stderr.contains('…'), "{stderr}");
}

#[test]
fn many_warnings_are_written_in_few_writes() {
    if !has_strace() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    many_warnings(dir.path(), 1000);
    let trace = dir.path().join("trace");
    let status = Command::new("strace")
        .args(["-f", "-e", "trace=write", "-o"])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_ecrgen"))
        .args(["check", "app.ecr.hcl"])
        .current_dir(dir.path())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let writes = std::fs::read_to_string(&trace)
        .unwrap()
        .lines()
        .filter(|l| l.contains("write(2,"))
        .count();
    // About 1 MB of warnings in 64 KiB chunks.
    assert!(writes < 100, "{writes} writes to stderr");
}
