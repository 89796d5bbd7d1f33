//! Every valid conformance case: the spec through `ecrgen_core::check` and `render_cfn` must
//! equal the CDK's template (`expected.template.json`) as JSON values, apart from `Metadata`.

use std::path::{Path, PathBuf};

use ecrgen_core::SourceSet;
use ecrgen_emit::{render_cfn, RenderOptions};
use serde_json::Value;

/// The conformance cases: `$ECRGEN_CONFORMANCE_CASES`, else `../shared/conformance/cases`
/// beside the workspace.
fn cases_dir() -> PathBuf {
    match std::env::var_os("ECRGEN_CONFORMANCE_CASES") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/cases"),
    }
}

/// The case's spec files in byte order of names, named relative to the case folder.
fn load_spec(case: &Path) -> SourceSet {
    let mut set = SourceSet::default();
    let single = case.join("spec.ecr.hcl");
    if single.is_file() {
        set.push(
            "spec.ecr.hcl",
            std::fs::read_to_string(&single).expect("readable spec"),
        );
        return set;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(case.join("spec"))
        .expect("a spec.ecr.hcl or a spec/ folder")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".ecr.hcl"))
        .collect();
    files.sort();
    for f in files {
        let name = format!(
            "spec/{}",
            f.file_name().expect("file name").to_string_lossy()
        );
        set.push(name, std::fs::read_to_string(&f).expect("readable spec"));
    }
    set
}

/// The first difference between two JSON values, as a path and both sides.
fn first_difference(path: &str, expected: &Value, actual: &Value) -> Option<String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    None => return Some(format!("{path}.{k}: missing")),
                    Some(av) => {
                        if let Some(d) = first_difference(&format!("{path}.{k}"), ev, av) {
                            return Some(d);
                        }
                    }
                }
            }
            a.keys()
                .find(|k| !e.contains_key(*k))
                .map(|k| format!("{path}.{k}: unexpected"))
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Some(format!(
                    "{path}: expected {} elements, got {}: {}",
                    e.len(),
                    a.len(),
                    Value::Array(a.clone())
                ));
            }
            e.iter()
                .zip(a)
                .enumerate()
                .find_map(|(i, (ev, av))| first_difference(&format!("{path}[{i}]"), ev, av))
        }
        _ => (expected != actual).then(|| format!("{path}: expected {expected}, got {actual}")),
    }
}

#[test]
fn every_valid_case_renders_the_cdk_template() {
    let dir = cases_dir();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("conformance cases at {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.join("expected.template.json").is_file())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 40,
        "expected the conformance cases in {}, found {}",
        dir.display(),
        cases.len()
    );

    let mut failures = Vec::new();
    for case in &cases {
        let name = case
            .file_name()
            .expect("case name")
            .to_string_lossy()
            .into_owned();
        let result = ecrgen_core::check(&load_spec(case));
        let Some(spec) = result.spec else {
            failures.push(format!(
                "{name}: the spec does not check: {:?}",
                result.diagnostics
            ));
            continue;
        };
        let text = match render_cfn(&spec, &RenderOptions::default()) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let mut actual: Value = serde_json::from_str(&text).expect("render_cfn returns JSON");
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(case.join("expected.template.json")).expect("readable"),
        )
        .expect("expected template is JSON");
        let metadata = actual
            .as_object_mut()
            .expect("an object")
            .remove("Metadata");
        assert_eq!(
            metadata,
            Some(serde_json::json!({"ecrgen": {"generator": "ecrgen", "spec": spec.files}})),
            "{name}: generated-file marker"
        );
        if let Some(d) = first_difference("$", &expected, &actual) {
            failures.push(format!("{name}: {d}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
