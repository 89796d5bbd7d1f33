//! Language server benchmark (not a test): a generated 10,000-line spec opened in-process,
//! one-character edits, and the latency of diagnostics, completion and hover, plus peak RSS.
//!
//! `cargo run --release -p ecrgen-lsp --example lsp_bench [-- EDITS]`

#![allow(clippy::print_stdout)] // The results are the output.

#[path = "../tests/common/mod.rs"]
mod common;

use std::fmt::Write;
use std::time::{Duration, Instant};

use common::{rich_capabilities, TestClient};
use serde_json::json;

/// A valid spec of about `lines` lines: roles, users, repositories with rules, grants and
/// statements, and outputs.
fn spec(lines: usize) -> String {
    let mut s = String::from(
        "stack \"Bench\" {\n  description = \"Benchmark spec é😀\"\n  tags        = { team = \"platform\" }\n}\n\n",
    );
    let mut i = 0;
    while s.lines().count() < lines {
        let _ = write!(
            s,
            "iam_role \"Role{i}\" {{\n  assumed_by = \"codebuild.amazonaws.com\"\n}}\n\n\
             repository \"Repo{i}\" {{\n  repository_name      = \"team/repo-{i}\"\n  image_scan_on_push   = true\n  image_tag_mutability = \"IMMUTABLE\"\n  tags                 = {{ service = \"svc-{i}\" }}\n  grant_pull_push      = [iam_role.Role{i}]\n  grant_pull           = [\"111122223333\"]\n  lifecycle_rule {{\n    description     = \"Keep releases\"\n    tag_prefix_list = [\"v\"]\n    max_image_count = 30\n  }}\n  lifecycle_rule {{\n    tag_status         = \"untagged\"\n    max_image_age_days = 7\n  }}\n  policy_statement {{\n    sid        = \"CrossAccountPull{i}\"\n    actions    = [\"ecr:BatchGetImage\", \"ecr:GetDownloadUrlForLayer\"]\n    principals = [\"444455556666\"]\n  }}\n}}\n\n\
             output \"Repo{i}Uri\" {{\n  value = repository.Repo{i}.repository_uri\n}}\n\n"
        );
        i += 1;
    }
    s
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn summary(name: &str, mut v: Vec<Duration>) {
    v.sort();
    println!(
        "{name:<24} n={:<4} p50 {:>10}  p99 {:>10}  max {:>10}",
        v.len(),
        ms(percentile(&v, 0.5)),
        ms(percentile(&v, 0.99)),
        ms(*v.last().unwrap())
    );
}

fn peak_rss() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .map_or("unknown".into(), |l| {
            l.split_whitespace().skip(1).collect::<Vec<_>>().join(" ")
        })
}

fn main() {
    let edits: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let text = spec(10_000);
        let line_count = text.lines().count();
        let result = ecrgen_core::check(&ecrgen_core::SourceSet::single(
            "bench.ecr.hcl",
            text.clone(),
        ));
        assert!(!result.has_errors(), "the generated spec is valid");
        let t = Instant::now();
        let _ = ecrgen_core::check(&ecrgen_core::SourceSet::single(
            "bench.ecr.hcl",
            text.clone(),
        ));
        let check_time = t.elapsed();

        let mut c = TestClient::start(rich_capabilities()).await;
        // A real file in a folder, as an editor opens it (the folder is scanned for siblings).
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bench.ecr.hcl"), &text).unwrap();
        let uri = &common::file_uri(dir.path(), "bench.ecr.hcl");
        let t = Instant::now();
        c.open(uri, &text).await;
        c.diagnostics(uri, Some(1)).await;
        let open_time = t.elapsed();

        // One-character edits: type a character into a description, then delete it again, at
        // lines spread over the file; wait for each version's diagnostics.
        let desc_lines: Vec<u32> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains("description     = \"Keep"))
            .map(|(i, _)| i as u32)
            .collect();
        let mut diag_latency = Vec::with_capacity(edits);
        let mut version = 1;
        for n in 0..edits {
            let line = desc_lines[(n / 2 * 7919) % desc_lines.len()];
            let change = if n % 2 == 0 {
                json!([{ "range": common::range(line, 24, line, 24), "text": "x" }])
            } else {
                json!([{ "range": common::range(line, 24, line, 25), "text": "" }])
            };
            version += 1;
            let t = Instant::now();
            c.change(uri, version, change).await;
            c.diagnostics(uri, Some(version)).await;
            diag_latency.push(t.elapsed());
        }

        // Completion at the start of attribute lines (key position) and inside enum quotes.
        let key_lines: Vec<u32> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.starts_with("  image_scan_on_push"))
            .map(|(i, _)| i as u32)
            .collect();
        let mut completion_latency = Vec::new();
        let mut hover_latency = Vec::new();
        for n in 0..edits {
            let line = key_lines[(n * 7919) % key_lines.len()];
            let t = Instant::now();
            let items = c.completion(uri, line, 5).await;
            completion_latency.push(t.elapsed());
            assert!(!items.is_empty());
            let t = Instant::now();
            c.at("textDocument/hover", uri, line, 5).await;
            hover_latency.push(t.elapsed());
        }

        println!(
            "spec: {line_count} lines, {} bytes; ecrgen_core::check alone: {}",
            text.len(),
            ms(check_time)
        );
        println!("open -> first diagnostics: {}", ms(open_time));
        summary("diagnostics after edit", diag_latency);
        summary("completion", completion_latency);
        summary("hover", hover_latency);
        println!("peak RSS (VmHWM): {}", peak_rss());
    });
}
