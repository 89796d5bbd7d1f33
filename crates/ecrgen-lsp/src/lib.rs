//! ecrgen-lsp: the language server (tower-lsp-server over ropey documents).
//!
//! One module per LSP feature; [`scan`] reads half-typed documents for completion, hover,
//! symbols and navigation, while diagnostics come from `ecrgen_emit::check` exactly as the CLI
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
pub mod protocol;
pub mod references;
pub mod scan;
pub mod server;
pub mod symbols;
pub mod transport;
pub mod workspace;

pub use server::Backend;

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};

/// How long requests still running may answer once the input has ended.
const GRACE: Duration = Duration::from_millis(500);

/// Serves one session on `input` and `output` until `exit` or the end of the input; returns
/// the process exit code (0 when `shutdown` came first, else 1, as LSP's `exit` says).
pub async fn serve<I, O>(input: I, output: O) -> i32
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Send,
{
    let (input, ended) = transport::filtered(input);
    let (service, socket) = LspService::new(Backend::new);
    let session = Arc::new(protocol::Session::default());
    let service = protocol::Protocol::new(service, session.clone());
    let server = Server::new(input, output, socket)
        .concurrency_level(MAX_REQUESTS)
        .serve(service);
    tokio::select! {
        () = server => {}
        // The client is gone: answers to requests still running have no one to read them.
        _ = async { let _ = ended.await; tokio::time::sleep(GRACE).await } => {
            tracing::info!("the input ended; not waiting for the requests still running");
        }
    }
    session.exit_code()
}

/// How many requests are worked on at once (each on a blocking thread); more wait unread.
const MAX_REQUESTS: usize = 4;

/// Runs the server on stdin/stdout until the client exits; returns the process exit code.
pub fn run_stdio() -> Result<i32, String> {
    logging::init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let code = runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // After `exit` the session is over even if the client keeps stdin open: do not wait for
    // the blocking stdin read (or an analysis still running) to finish.
    runtime.shutdown_timeout(Duration::from_millis(200));
    Ok(code)
}
