//! An in-process LSP client for the tests: drives `LspService` through `tower::Service`,
//! drains the client socket (answering server-to-client requests with `null`) and records
//! every notification.
#![allow(dead_code)]

use std::collections::HashMap;
use std::time::Duration;

use ecrgen_lsp::Backend;
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::LspService;

/// How long a test waits for one message before failing.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// Capabilities of a full-featured client (snippets, Markdown, UTF-16 only).
pub fn rich_capabilities() -> Value {
    json!({
        "textDocument": {
            "completion": { "completionItem": { "snippetSupport": true, "documentationFormat": ["markdown", "plaintext"] } },
            "hover": { "contentFormat": ["markdown", "plaintext"] },
            "publishDiagnostics": { "versionSupport": true }
        },
        "general": { "positionEncodings": ["utf-16"] }
    })
}

/// One published diagnostics notification.
#[derive(Debug, Clone)]
pub struct Published {
    pub uri: String,
    pub version: Option<i64>,
    pub diagnostics: Vec<Value>,
}

pub struct TestClient {
    service: LspService<Backend>,
    notes: mpsc::UnboundedReceiver<(String, Value)>,
    next_id: i64,
    /// Every publishDiagnostics received, in order.
    pub published: Vec<Published>,
    /// Other notifications received, in order.
    pub other: Vec<(String, Value)>,
    /// The result of `initialize`.
    pub init: Value,
}

impl TestClient {
    /// Starts a server and initializes it with `capabilities`.
    pub async fn start(capabilities: Value) -> Self {
        let (service, socket) = LspService::new(Backend::new);
        let (tx, notes) = mpsc::unbounded_channel();
        let (mut requests, mut responses) = socket.split();
        tokio::spawn(async move {
            while let Some(req) = requests.next().await {
                let (method, id, params) = req.into_parts();
                match id {
                    Some(id) => {
                        let _ = responses
                            .send(Response::from_parts(id, Ok(Value::Null)))
                            .await;
                    }
                    None => {
                        let _ = tx.send((method.to_string(), params.unwrap_or(Value::Null)));
                    }
                }
            }
        });
        let mut client = Self {
            service,
            notes,
            next_id: 0,
            published: Vec::new(),
            other: Vec::new(),
            init: Value::Null,
        };
        client.init = client
            .request(
                "initialize",
                json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
            )
            .await
            .expect("initialize succeeds");
        client.notify("initialized", json!({})).await;
        client
    }

    /// Sends a request; `Ok(result)` or `Err(error object)`.
    pub async fn request(&mut self, method: &'static str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let req = Request::build(method)
            .params(params)
            .id(self.next_id)
            .finish();
        let svc = tokio::time::timeout(TIMEOUT, self.service.ready())
            .await
            .expect("service ready in time")
            .expect("service alive");
        let resp = tokio::time::timeout(TIMEOUT, svc.call(req))
            .await
            .expect("response in time")
            .expect("service alive");
        let (_, body) = resp.expect("requests get a response").into_parts();
        body.map_err(|e| serde_json::to_value(e).unwrap())
    }

    /// Sends a notification.
    pub async fn notify(&mut self, method: &'static str, params: Value) {
        let req = Request::build(method).params(params).finish();
        let svc = self.service.ready().await.expect("service alive");
        let resp = tokio::time::timeout(TIMEOUT, svc.call(req))
            .await
            .expect("notification handled in time")
            .expect("alive");
        assert!(resp.is_none(), "notifications get no response");
    }

    pub async fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "ecrgen", "version": 1, "text": text } }),
        )
        .await;
    }

    /// Sends one didChange with `changes` (a list of content change events).
    pub async fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        )
        .await;
    }

    /// Replaces the whole text.
    pub async fn replace(&mut self, uri: &str, version: i64, text: &str) {
        self.change(uri, version, json!([{ "text": text }])).await;
    }

    pub async fn close(&mut self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await;
    }

    async fn next_note(&mut self) -> (String, Value) {
        tokio::time::timeout(TIMEOUT, self.notes.recv())
            .await
            .expect("a notification in time")
            .expect("socket open")
    }

    /// Waits for the diagnostics of `uri` published at `version` (`None`: unversioned, as on close).
    pub async fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        if let Some(p) = self
            .published
            .iter()
            .rev()
            .find(|p| p.uri == uri && p.version == version)
        {
            return p.diagnostics.clone();
        }
        loop {
            let (method, params) = self.next_note().await;
            if method != "textDocument/publishDiagnostics" {
                self.other.push((method, params));
                continue;
            }
            let p = Published {
                uri: params["uri"].as_str().unwrap().to_string(),
                version: params["version"].as_i64(),
                diagnostics: params["diagnostics"].as_array().unwrap().clone(),
            };
            self.published.push(p.clone());
            if p.uri == uri && p.version == version {
                return p.diagnostics;
            }
        }
    }

    /// Keeps a notification: diagnostics as a publication, anything else as it came.
    fn record(&mut self, method: String, params: Value) {
        if method == "textDocument/publishDiagnostics" {
            self.published.push(Published {
                uri: params["uri"].as_str().unwrap().to_string(),
                version: params["version"].as_i64(),
                diagnostics: params["diagnostics"].as_array().unwrap().clone(),
            });
        } else {
            self.other.push((method, params));
        }
    }

    /// Receives notifications until the latest publication for `uri` satisfies `pred`.
    pub async fn wait_for(&mut self, uri: &str, pred: impl Fn(&Published) -> bool) -> Published {
        loop {
            if let Some(p) = self.latest().remove(uri).filter(|p| pred(p)) {
                return p;
            }
            let (method, params) = self.next_note().await;
            self.record(method, params);
        }
    }

    /// Collects notifications for `wait`, then returns the publications so far.
    pub async fn settle(&mut self, wait: Duration) -> &[Published] {
        let deadline = tokio::time::Instant::now() + wait;
        while let Ok(Some((method, params))) =
            tokio::time::timeout_at(deadline, self.notes.recv()).await
        {
            self.record(method, params);
        }
        &self.published
    }

    /// The latest diagnostics published for each URI.
    pub fn latest(&self) -> HashMap<String, Published> {
        let mut out = HashMap::new();
        for p in &self.published {
            out.insert(p.uri.clone(), p.clone());
        }
        out
    }

    pub async fn completion(&mut self, uri: &str, line: u32, character: u32) -> Vec<Value> {
        let r = self
            .request(
                "textDocument/completion",
                json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
            )
            .await
            .expect("completion succeeds");
        match r {
            Value::Array(items) => items,
            Value::Object(ref o) if o.contains_key("items") => {
                o["items"].as_array().unwrap().clone()
            }
            other => panic!("unexpected completion result {other}"),
        }
    }

    pub async fn at(
        &mut self,
        method: &'static str,
        uri: &str,
        line: u32,
        character: u32,
    ) -> Value {
        self.request(
            method,
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        )
        .await
        .expect("request succeeds")
    }
}

/// The labels of completion items.
pub fn labels(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

/// An LSP range as JSON.
pub fn range(l1: u32, c1: u32, l2: u32, c2: u32) -> Value {
    json!({ "start": { "line": l1, "character": c1 }, "end": { "line": l2, "character": c2 } })
}

/// A file URI for `name` in `dir`.
pub fn file_uri(dir: &std::path::Path, name: &str) -> String {
    format!("file://{}", dir.join(name).display())
}
