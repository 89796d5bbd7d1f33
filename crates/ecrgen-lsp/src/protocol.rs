//! The letter of JSON-RPC and LSP where tower-lsp-server 0.23 departs from it, as a service
//! around `LspService`:
//!
//! - every request gets a response: one starting with `$/` that nothing handles gets
//!   MethodNotFound (the library answers it with nothing);
//! - `shutdown` takes `"params": {}` (or `[]`, `null`) as well as no params;
//! - messages the transport could not decode ([`transport`](crate::transport) turns them into
//!   [`INVALID_MESSAGE`] notifications) get a ParseError or InvalidRequest response;
//! - the session records `shutdown` and `exit`, for the exit code (0 only after both).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use serde_json::Value;
use std::future::Future;
use std::pin::Pin;

use tower::Service;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};
use tower_lsp_server::ExitedError;

/// The notification the transport sends in place of a message it could not decode; its params
/// are `{"code": <JSON-RPC error code>, "id": <the request's id or null>, "message": "..."}`.
pub const INVALID_MESSAGE: &str = "$/ecrgen/invalidMessage";

/// What the client said about ending the session.
#[derive(Debug, Default)]
pub struct Session {
    shutdown: AtomicBool,
    exit: AtomicBool,
}

impl Session {
    /// Whether `shutdown` was received.
    pub fn shut_down(&self) -> bool {
        self.shutdown.load(Ordering::SeqCst)
    }

    /// Whether `exit` was received.
    pub fn exited(&self) -> bool {
        self.exit.load(Ordering::SeqCst)
    }

    /// The process exit code: 0 when `shutdown` came before the end (LSP `exit`), else 1.
    pub fn exit_code(&self) -> i32 {
        if self.shut_down() {
            0
        } else {
            1
        }
    }
}

/// `LspService` (or any service like it) with the fixes above.
pub struct Protocol<S> {
    inner: S,
    session: Arc<Session>,
}

impl<S> Protocol<S> {
    /// Wraps `inner`, recording into `session`.
    pub fn new(inner: S, session: Arc<Session>) -> Self {
        Self { inner, session }
    }
}

/// The response to an [`INVALID_MESSAGE`] notification.
fn invalid_message(params: Option<&Value>) -> Response {
    let params = params.cloned().unwrap_or(Value::Null);
    let id: Id = serde_json::from_value(params["id"].clone()).unwrap_or(Id::Null);
    let code = match params["code"].as_i64() {
        Some(-32600) => ErrorCode::InvalidRequest,
        _ => ErrorCode::ParseError,
    };
    let message = params["message"]
        .as_str()
        .map_or_else(|| code.description().to_string(), str::to_string);
    Response::from_error(
        id,
        Error {
            code,
            message: message.into(),
            data: None,
        },
    )
}

/// Whether `params` says nothing: absent, `null`, `{}` or `[]`.
fn no_params(params: Option<&Value>) -> bool {
    match params {
        None | Some(Value::Null) => true,
        Some(Value::Object(o)) => o.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(_) => false,
    }
}

impl<S> Service<Request> for Protocol<S>
where
    S: Service<Request, Response = Option<Response>, Error = ExitedError>,
    S::Future: Send + 'static,
{
    type Response = Option<Response>;
    type Error = ExitedError;
    type Future = Pin<Box<dyn Future<Output = Result<Option<Response>, ExitedError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        if req.method() == INVALID_MESSAGE {
            let response = invalid_message(req.params());
            return Box::pin(async move { Ok(Some(response)) });
        }
        let req = match (req.method(), req.id()) {
            ("shutdown", Some(id)) if no_params(req.params()) => {
                // Recorded on arrival: an `exit` right behind it cancels the response.
                self.session.shutdown.store(true, Ordering::SeqCst);
                Request::build("shutdown").id(id.clone()).finish()
            }
            ("exit", _) => {
                self.session.exit.store(true, Ordering::SeqCst);
                req
            }
            _ => req,
        };
        let id = req.id().cloned();
        let method = req.method().to_string();
        let fut = self.inner.call(req);
        Box::pin(async move {
            let response = fut.await?;
            Ok(match (response, id) {
                (None, Some(id)) => {
                    let mut error = Error::method_not_found();
                    error.data = Some(Value::String(method));
                    Some(Response::from_error(id, error))
                }
                (response, _) => response,
            })
        })
    }
}
