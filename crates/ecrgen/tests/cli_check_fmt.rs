//! End-to-end tests of `ecrgen check` and `ecrgen fmt` through the real binary.

use std::path::Path;
use std::process::Command;

fn ecrgen(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ecrgen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run ecrgen");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write spec");
}

#[test]
fn check_json_reports_exact_ranges_in_characters() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app.ecr.hcl",
        "repository \"Repo\" {\n  # é😀\n  image_scan_on_pussh = true\n}\n",
    );
    let (code, stdout, _) = ecrgen(dir.path(), &["check", "--format", "json", "app.ecr.hcl"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let errors: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1);
    let d = errors[0];
    assert_eq!(d["file"], "app.ecr.hcl");
    assert_eq!(d["code"], "E0102");
    assert_eq!(
        d["message"],
        "unknown attribute `image_scan_on_pussh` in `repository`"
    );
    assert_eq!(d["help"], "did you mean `image_scan_on_push`?");
    assert_eq!(
        d["range"],
        serde_json::json!({"start": {"line": 3, "column": 3}, "end": {"line": 3, "column": 22}})
    );
}

#[test]
fn check_human_is_rustc_style_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app.ecr.hcl",
        "repository \"Repo\" {\n  repository_name = \"MyService\"\n}\n",
    );
    let (code, stdout, stderr) = ecrgen(dir.path(), &["check", "app.ecr.hcl"]);
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("error[E0201]: Invalid ECR repository name (value: MyService)"),
        "{stderr}"
    );
    assert!(stderr.contains("┌─ app.ecr.hcl:2:3"), "{stderr}");
    assert!(
        stderr.contains("2 │   repository_name = \"MyService\""),
        "{stderr}"
    );
    assert!(stderr.contains("^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"), "{stderr}");
}

#[test]
fn check_merges_a_directory_in_byte_order_and_exits_zero_on_warnings() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "b.ecr.hcl",
        "repository \"Repo\" {\n  grant_pull = [iam_role.Ci]\n}\n",
    );
    write(
        dir.path(),
        "a.ecr.hcl",
        "iam_role \"Ci\" {\n  assumed_by = \"codebuild.amazonaws.com\"\n}\n",
    );
    write(dir.path(), "notes.hcl", "this is not a spec");
    let (code, stdout, _) = ecrgen(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(code, 0, "{stdout}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["W0101", "W0102", "W0103"]);
}

#[test]
fn missing_spec_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = ecrgen(dir.path(), &["check", "nope.ecr.hcl"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read nope.ecr.hcl"), "{stderr}");
}

#[test]
fn fmt_check_lists_files_and_fmt_rewrites_them() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.ecr.hcl",
        "repository \"Repo\" {\nimage_scan_on_push=true\n}\n",
    );
    write(dir.path(), "b.ecr.hcl", "iam_user \"U\" {}\n");
    let (code, stdout, _) = ecrgen(dir.path(), &["fmt", "--check", "."]);
    assert_eq!((code, stdout.trim()), (1, "./a.ecr.hcl"));
    let (code, _, _) = ecrgen(dir.path(), &["fmt", "."]);
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.ecr.hcl")).unwrap(),
        "repository \"Repo\" {\n  image_scan_on_push = true\n}\n"
    );
    let (code, stdout, _) = ecrgen(dir.path(), &["fmt", "--check", "."]);
    assert_eq!((code, stdout.as_str()), (0, ""));
}

#[test]
fn fmt_refuses_a_syntax_error_and_leaves_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let broken = "repository \"Repo\" {\n  image_scan_on_push =\n";
    write(dir.path(), "a.ecr.hcl", broken);
    let (code, _, stderr) = ecrgen(dir.path(), &["fmt", "a.ecr.hcl"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("error[E0001]"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.ecr.hcl")).unwrap(),
        broken
    );
}
