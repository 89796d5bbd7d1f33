//! Finding and reading spec files (SPEC §1): files and directories, `*.ecr.hcl`, byte order.

use std::path::{Path, PathBuf};

use ecrgen_core::{Diagnostic, Severity, SourceSet};

use crate::fsio;

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

/// Reads the spec named by `paths` into a source set: regular files of at most
/// [`fsio::MAX_INPUT`] bytes each.
pub fn load(paths: &[PathBuf]) -> Result<SourceSet, String> {
    let mut set = SourceSet::default();
    for f in spec_files(paths)? {
        let text = fsio::read_input(&f)?;
        let name = f.strip_prefix("./").unwrap_or(&f).display().to_string();
        set.push(name, text);
    }
    Ok(set)
}

/// Adds a hint to the errors at the very start of a file that begins with a UTF-8 byte order
/// mark: HCL has no place for one, and an editor that saves it is the usual cause.
pub fn explain_bom(sources: &SourceSet, diags: &mut [Diagnostic]) {
    const HINT: &str =
        "the file starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without a BOM";
    for d in diags.iter_mut() {
        let starts_with_bom = sources
            .files
            .get(d.span.file)
            .is_some_and(|f| f.text.starts_with('\u{feff}'));
        if starts_with_bom
            && d.severity == Severity::Error
            && d.span.range.start < '\u{feff}'.len_utf8()
        {
            d.help = Some(match d.help.take() {
                Some(h) => format!("{h}; {HINT}"),
                None => HINT.to_string(),
            });
        }
    }
}
