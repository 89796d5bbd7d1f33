//! Logs go to stderr (stdout is the protocol), at `warn` unless `ECRGEN_LOG` says otherwise
//! (`ECRGEN_LOG=debug`, `ECRGEN_LOG=ecrgen_lsp=trace`, ...).

use tracing_subscriber::EnvFilter;

/// The environment variable holding the log filter.
pub const ENV: &str = "ECRGEN_LOG";

/// Installs the stderr logger; a second call (or another logger already installed) is a no-op.
pub fn init() {
    let filter = EnvFilter::try_from_env(ENV).unwrap_or_else(|_| EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}
