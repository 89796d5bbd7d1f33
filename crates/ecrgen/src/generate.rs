//! The default command: generate a target from a checked spec and write it atomically.

use std::io::Write;
use std::path::Path;

use crate::{specs, GenerateArgs, EXIT_SPEC, EXIT_USAGE};

/// Runs generation; returns the exit code.
pub fn run(args: &GenerateArgs) -> u8 {
    let sources = match specs::load(&args.specs) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let result = ecrgen_core::check(&sources);
    crate::report::human(&sources, &result.diagnostics);
    let Some(_spec) = result.spec else { return EXIT_SPEC };
    eprintln!("error: target {:?} is not available yet", args.target);
    EXIT_USAGE
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so a
/// reader never sees a partial file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.ecrgen-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
