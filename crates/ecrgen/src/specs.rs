//! Finding and reading spec files (SPEC §1): files and directories, `*.ecr.hcl`, byte order.

use std::path::{Path, PathBuf};

use ecrgen_core::SourceSet;

/// The spec files named by `paths` (the current directory when empty): a file as given, a
/// directory as every `*.ecr.hcl` directly in it, in byte order of file names.
pub fn spec_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
        if meta.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| format!("cannot read directory {}: {e}", p.display()))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|f| f.is_file() && is_spec_name(f))
                .collect();
            if found.is_empty() {
                return Err(format!("no *.ecr.hcl files in {}", p.display()));
            }
            found.sort_by(|a, b| {
                a.file_name()
                    .map(|n| n.as_encoded_bytes())
                    .cmp(&b.file_name().map(|n| n.as_encoded_bytes()))
            });
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn is_spec_name(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".ecr.hcl"))
}

/// Reads the spec named by `paths` into a source set.
pub fn load(paths: &[PathBuf]) -> Result<SourceSet, String> {
    let mut set = SourceSet::default();
    for f in spec_files(paths)? {
        let text =
            std::fs::read_to_string(&f).map_err(|e| format!("cannot read {}: {e}", f.display()))?;
        let name = f.strip_prefix("./").unwrap_or(&f).display().to_string();
        set.push(name, text);
    }
    Ok(set)
}
