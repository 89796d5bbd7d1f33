//! Replays every input saved under `fuzz/regressions/<target>/` (crashes the fuzzers found,
//! kept after the fix) and the example specs through the properties of the fuzz targets, so
//! `cargo test` holds what fuzzing established. (The fuzzers' corpus is seeded from the
//! examples and the conformance specs by `fuzz/run.sh`.)

mod fuzz_props;

use std::path::{Path, PathBuf};

fn inputs(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    files
}

fn replay(target: &str, property: fn(&[u8])) {
    let mut files = inputs(&format!("fuzz/regressions/{target}"));
    files.extend(inputs("examples"));
    assert!(!files.is_empty());
    for path in files {
        let data = std::fs::read(&path).unwrap();
        if std::panic::catch_unwind(|| property(&data)).is_err() {
            panic!("{target} fails on {}", path.display());
        }
    }
}

#[test]
fn check_and_emit() {
    replay("check_and_emit", fuzz_props::check_and_emit);
}

#[test]
fn fmt_idempotent() {
    replay("fmt_idempotent", fuzz_props::fmt_idempotent);
}

#[test]
fn lsp_edits() {
    replay("lsp_edits", fuzz_props::lsp_edits);
}

#[test]
fn lsp_session() {
    replay("lsp_session", fuzz_props::session::lsp_session);
}
