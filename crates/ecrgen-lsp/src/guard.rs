//! Panic isolation: a bug in one handler answers that request with an internal error (or drops
//! one notification) instead of taking the whole server down (research §3.3, pitfall 5).

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// Runs a request handler body; a panic becomes a JSON-RPC internal error.
pub fn request<T>(method: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let msg = panic_message(payload.as_ref());
            tracing::error!("{method} panicked: {msg}");
            Err(Error {
                code: ErrorCode::InternalError,
                message: format!("internal error in {method}: {msg}").into(),
                data: None,
            })
        }
    }
}

/// Runs a notification handler body; a panic is logged and yields `None`.
pub fn notification<T>(method: &str, f: impl FnOnce() -> T) -> Option<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => Some(v),
        Err(payload) => {
            tracing::error!("{method} panicked: {}", panic_message(payload.as_ref()));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let r: Result<()> = request("textDocument/hover", || panic!("boom {}", 1));
        let n: Option<()> = notification("textDocument/didChange", || panic!("bang"));
        std::panic::set_hook(prev);
        let e = r.unwrap_err();
        assert_eq!(e.code, ErrorCode::InternalError);
        assert_eq!(e.message, "internal error in textDocument/hover: boom 1");
        assert_eq!(n, None);
        assert_eq!(request("x", || Ok(3)), Ok(3));
    }
}
