//! Shared helpers for the core integration tests: the spec corpus.

use std::path::PathBuf;

/// Every spec text of the conformance cases (when `../shared` is present) and the examples.
pub fn corpus() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = Vec::new();
    let mut dirs = vec![root.join("examples")];
    let cases = root.join("../shared/conformance/cases");
    if let Ok(entries) = std::fs::read_dir(&cases) {
        let mut case_dirs: Vec<PathBuf> =
            entries.filter_map(Result::ok).map(|e| e.path()).collect();
        case_dirs.sort();
        for c in case_dirs {
            dirs.push(c.clone());
            dirs.push(c.join("spec"));
        }
    }
    for d in dirs {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        for f in files {
            if f.to_string_lossy().ends_with(".ecr.hcl") {
                let text = std::fs::read_to_string(&f).expect("readable spec");
                out.push((f.display().to_string(), text));
            }
        }
    }
    assert!(!out.is_empty(), "no specs found");
    out
}
