//! ecrgen-lsp: the language server (tower-lsp-server over ropey documents).
//!
//! One module per LSP feature; [`scan`] reads half-typed documents for completion, hover,
//! symbols and navigation, while diagnostics come from `ecrgen_core::check` exactly as the CLI
//! reports them. [`Backend`] is the server; [`run_stdio`] serves it on stdin/stdout.

#![deny(clippy::print_stdout)]

pub mod capabilities;
pub mod code_action;
pub mod completion;
pub mod definition;
pub mod diagnostics;
pub mod docs;
pub mod formatting;
pub mod generate;
pub mod guard;
pub mod hover;
pub mod logging;
pub mod navigation;
pub mod position;
pub mod references;
pub mod scan;
pub mod server;
pub mod symbols;
pub mod transport;
pub mod workspace;

pub use server::Backend;
use tower_lsp_server::{LspService, Server};

/// Runs the server on stdin/stdout until the client exits.
pub fn run_stdio() -> Result<(), String> {
    logging::init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(async {
        let (service, socket) = LspService::new(Backend::new);
        Server::new(
            transport::filtered(tokio::io::stdin()),
            tokio::io::stdout(),
            socket,
        )
        .serve(service)
        .await;
    });
    // After `exit` the session is over even if the client keeps stdin open: do not wait for
    // the blocking stdin read (or an analysis still running) to finish.
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    Ok(())
}
