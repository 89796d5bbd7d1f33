//! `ecrgen bench` end to end, on the smallest size: every command is measured and reported.

use std::process::Command;

#[test]
fn bench_reports_every_command_with_time_and_peak_memory() {
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/seed.ecr.hcl");
    let out = Command::new(env!("CARGO_BIN_EXE_ecrgen"))
        .args(["bench", "--sizes", "10,20", "--runs", "1", "--seed", seed])
        .output()
        .expect("run ecrgen bench");
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(report.starts_with("Machine: "), "{report}");
    for job in ["check", "cfn", "tf", "tf-json"] {
        let row = report
            .lines()
            .find(|l| l.starts_with(&format!("| 20 | {job} |")))
            .unwrap_or_else(|| panic!("no row for {job}:\n{report}"));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        // | repositories | command | median ms | per repository µs | peak MiB |
        assert!(cells[3].parse::<f64>().unwrap() > 0.0, "{row}");
        assert!(cells[4].parse::<f64>().unwrap() > 0.0, "{row}");
        assert!(
            cells[5].parse::<f64>().unwrap() > 1.0,
            "peak memory is read from the child: {row}"
        );
    }
    assert!(report.contains("| check (whole process) |"), "{report}");
    assert!(
        report.contains("tf: time per repository at 20 repositories is "),
        "{report}"
    );
}

#[test]
fn print_spec_writes_the_design() {
    let out = Command::new(env!("CARGO_BIN_EXE_ecrgen"))
        .args(["bench", "--print-spec", "2"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches("repository \"Repo").count(), 2);
    assert!(
        text.contains("repository \"Repo1\" {\n  repository_name      = \"team/service-1\"\n"),
        "{text}"
    );
}
