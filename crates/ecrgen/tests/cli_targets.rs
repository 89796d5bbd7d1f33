//! Problems of one target (SPEC §2's 500 resources, §3's Terraform names): `check` warns about
//! them at the block they concern, generating that target refuses them with the same
//! diagnostic, and the other targets are generated as usual.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn ecrgen(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ecrgen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run ecrgen");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn spec_dir(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.ecr.hcl"), text).unwrap();
    dir
}

/// The diagnostics of `check --format json` with `code`; `check` itself must exit 0.
fn checked(dir: &Path, code: &str) -> Vec<Value> {
    let (exit, stdout, stderr) = ecrgen(dir, &["check", "--format", "json", "app.ecr.hcl"]);
    assert_eq!(exit, 0, "only warnings: {stdout}{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .cloned()
        .collect()
}

fn range(line: u64, column: u64, end: u64) -> Value {
    serde_json::json!({"start": {"line": line, "column": column}, "end": {"line": line, "column": end}})
}

/// Both Terraform targets refuse the spec with `code` at `location` (`app.ecr.hcl:L:C`) and
/// write nothing; CloudFormation is generated without a word about it.
fn terraform_refuses(dir: &Path, code: &str, location: &str) {
    for target in ["tf", "tf-json"] {
        let (exit, stdout, stderr) =
            ecrgen(dir, &["--target", target, "--out", "out", "app.ecr.hcl"]);
        assert_eq!(exit, 1, "{target}: {stdout}{stderr}");
        assert!(
            stderr.contains(&format!("error[{code}]: Terraform targets: ")),
            "{target}: {stderr}"
        );
        assert!(stderr.contains(&format!("┌─ {location}")), "{stderr}");
        assert!(stderr.contains('^'), "a caret under the label: {stderr}");
        assert!(!dir.join("out").exists(), "{target} wrote output");
    }
    let (exit, stdout, stderr) = ecrgen(dir, &["--target", "cfn", "app.ecr.hcl"]);
    assert_eq!(exit, 0, "{stderr}");
    serde_json::from_str::<Value>(&stdout).expect("CloudFormation JSON");
    assert!(!stderr.contains(code), "{stderr}");
}

#[test]
fn an_invalid_derived_repository_name_is_a_terraform_problem() {
    let dir = spec_dir("repository \"x\" {}\n");
    let found = checked(dir.path(), "T0101");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["severity"], "warning");
    assert_eq!(
        found[0]["message"],
        "Terraform targets: a repository without `repository_name` is named after the kebab case of its ID, and `x` is not a valid repository name; set `repository_name`"
    );
    assert_eq!(found[0]["range"], range(1, 12, 15), "the label");
    terraform_refuses(dir.path(), "T0101", "app.ecr.hcl:1:12");
}

#[test]
fn two_repositories_with_the_same_derived_name_are_a_terraform_problem() {
    // `a-b` and `a_b` are different constructs, but both would be named `a-b` in Terraform.
    let dir = spec_dir("repository \"a-b\" {}\nrepository \"a_b\" {}\n");
    let found = checked(dir.path(), "T0101");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .ends_with("and `a-b` is already the name of repository `a-b`; set `repository_name`"),
        "{found:?}"
    );
    assert_eq!(found[0]["range"], range(2, 12, 17), "the later label");
    terraform_refuses(dir.path(), "T0101", "app.ecr.hcl:2:12");
}

#[test]
fn colliding_local_names_are_a_terraform_problem() {
    // `Ab/B_C` and `Ab_B/C` both map to `Ab_B_C`.
    let dir = spec_dir(
        "repository \"Ab\" {\n  on_event \"B_C\" {}\n}\n\nrepository \"Ab_B\" {\n  on_event \"C\" {}\n}\n",
    );
    let found = checked(dir.path(), "T0102");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0]["message"],
        "Terraform targets: the name `aws_cloudwatch_event_rule.Ab_B_C` is already used by `Ab/B_C`; rename one of the constructs"
    );
    assert_eq!(
        found[0]["range"],
        range(6, 12, 15),
        "the later rule's label"
    );
    terraform_refuses(dir.path(), "T0102", "app.ecr.hcl:6:12");
}

#[test]
fn an_output_named_like_a_repository_output_is_a_terraform_problem() {
    let dir = spec_dir(
        "repository \"Repo\" {}\n\noutput \"Repo_repository_url\" {\n  value = \"x\"\n}\n",
    );
    let found = checked(dir.path(), "T0102");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]["message"].as_str().unwrap().contains(
            "the name `output.Repo_repository_url` is already used by `Repo (repository_url)`"
        ),
        "{found:?}"
    );
    assert_eq!(found[0]["range"], range(3, 8, 29));
    terraform_refuses(dir.path(), "T0102", "app.ecr.hcl:3:8");
}

fn repositories(n: usize) -> String {
    (0..n)
        .map(|i| format!("repository \"R{i}\" {{\n  repository_name = \"r{i}\"\n}}\n"))
        .collect()
}

#[test]
fn more_than_500_resources_are_a_cloudformation_problem() {
    let dir = spec_dir(&repositories(500));
    assert!(checked(dir.path(), "T0201").is_empty());

    let dir = spec_dir(&repositories(501));
    let found = checked(dir.path(), "T0201");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["severity"], "warning");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("CloudFormation target: the template would have 501 resources, more than the 500 CloudFormation accepts"),
        "{found:?}"
    );
    // The block of the 501st resource: `R500`, on line 3 * 500 + 1.
    assert_eq!(found[0]["range"], range(1501, 12, 18));

    let (exit, stdout, stderr) = ecrgen(dir.path(), &["--target", "cfn", "app.ecr.hcl"]);
    assert_eq!(exit, 1, "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("error[T0201]: CloudFormation target: "),
        "{stderr}"
    );
    assert!(stderr.contains("┌─ app.ecr.hcl:1501:12"), "{stderr}");
    for target in ["tf", "tf-json"] {
        let (exit, stdout, stderr) = ecrgen(dir.path(), &["--target", target, "app.ecr.hcl"]);
        assert_eq!(exit, 0, "{target}: {stderr}");
        assert!(!stdout.is_empty());
        assert!(!stderr.contains("T0201"), "{target}: {stderr}");
    }
}

#[test]
fn check_for_one_target_holds_its_problems_as_errors() {
    let dir = spec_dir("repository \"x\" {}\n");
    for target in ["tf", "tf-json"] {
        let (exit, _, stderr) = ecrgen(dir.path(), &["check", "--target", target, "app.ecr.hcl"]);
        assert_eq!(exit, 1, "{target}: {stderr}");
        assert!(
            stderr.contains("error[T0101]: Terraform targets: "),
            "{stderr}"
        );
        assert!(stderr.contains("┌─ app.ecr.hcl:1:12"), "{stderr}");
    }
    let (exit, _, stderr) = ecrgen(dir.path(), &["check", "--target", "cfn", "app.ecr.hcl"]);
    assert_eq!(exit, 0, "{stderr}");
    assert!(!stderr.contains("T0101"), "{stderr}");
}
