//! The `lsp_session` property: a real server session in which hostile documents (deep nesting,
//! `f(` repeated, huge lines, whatever the fuzzer writes) are open and queried beside a normal
//! spec, and the normal spec keeps getting its diagnostics and hovers within [`BOUND`].

use std::sync::OnceLock;
use std::time::Duration;

use ecrgen_lsp::Backend;
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::LspService;

/// How long the normal document may wait for an answer while hostile ones are being checked.
/// A normal spec is answered in milliseconds; the bound leaves room for a sanitizer build on a
/// busy machine, and stays below libFuzzer's per-input timeout (20 s in fuzz/run.sh) for the
/// whole session.
const BOUND: Duration = Duration::from_secs(3);

/// How long a request on a hostile document may run: it must end, or it would pile up.
const HOSTILE_BOUND: Duration = Duration::from_secs(10);

/// At most this many hostile documents per session, so one input stays within the timeout.
const MAX_HOSTILE: usize = 3;

/// The normal spec, with an unknown attribute (`E0102`) and without it.
const NORMAL_BAD: &str = "repository \"Api\" {\n  image_scan_on_pus = true\n  lifecycle_rule {\n    max_image_count = 10\n  }\n}\niam_user \"Ci\" {}\n";
const NORMAL_GOOD: &str = "repository \"Api\" {\n  image_scan_on_push = true\n  lifecycle_rule {\n    max_image_count = 10\n  }\n}\niam_user \"Ci\" {}\n";

/// Openers that nest: interpolations in strings, brackets, template directives, heredocs,
/// calls, blocks.
const OPENERS: [&str; 9] = [
    "${\"", "[", "{", "(", "%{", "<<EOT\n", "f(", "a {\n", "{ a = ",
];

/// A hostile document from one segment of fuzz bytes: byte 0 picks the shape, bytes 1-2 a
/// count (little-endian, up to 65,535), the rest is text used by the shape.
fn hostile_document(segment: &[u8]) -> String {
    let [kind, lo, hi, rest @ ..] = segment else {
        return super::text_of(segment);
    };
    let count = usize::from(u16::from_le_bytes([*lo, *hi]));
    let unit = super::text_of(rest);
    let opener = OPENERS[usize::from(*kind / 4) % OPENERS.len()];
    match kind % 4 {
        // Deep nesting inside an attribute value.
        0 => format!(
            "stack \"S\" {{\n  description = {unit}{}\n}}\n",
            opener.repeat(count)
        ),
        // Deep nesting at the top level.
        1 => format!("{}{unit}", opener.repeat(count)),
        // One huge line: the text repeated to about 16 bytes per count.
        2 => {
            let unit = if unit.is_empty() {
                "f( "
            } else {
                unit.as_str()
            };
            let line = unit.repeat((count * 16 / unit.len()).max(1));
            format!("repository \"R\" {{\n  repository_name = \"{line}\"\n}}\n{line}\n")
        }
        _ => unit,
    }
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime")
    })
}

/// The answer to a request, a future that owns what it needs (it can be spawned).
type ResponseFuture = <LspService<Backend> as Service<Request>>::Future;

/// An in-process client: requests through `tower::Service`, notifications from the socket.
struct Client {
    service: LspService<Backend>,
    notes: mpsc::UnboundedReceiver<(String, Value)>,
    next_id: i64,
}

impl Client {
    async fn start() -> Self {
        let (service, socket) = LspService::new(Backend::new);
        let (tx, notes) = mpsc::unbounded_channel();
        let (mut requests, mut responses) = socket.split();
        // Server-to-client requests get `null`; notifications are kept.
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
        };
        let capabilities = json!({ "general": { "positionEncodings": ["utf-16"] } });
        client
            .request(
                "initialize",
                json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
            )
            .await;
        client.notify("initialized", json!({})).await;
        client
    }

    /// Sends a request; the response future runs on its own (it does not borrow the client).
    async fn send(&mut self, method: &'static str, params: Value) -> ResponseFuture {
        self.next_id += 1;
        let req = Request::build(method)
            .params(params)
            .id(self.next_id)
            .finish();
        let svc = tokio::time::timeout(BOUND, self.service.ready())
            .await
            .expect("the server takes a request in time")
            .expect("the server is alive");
        svc.call(req)
    }

    /// A request's result, which must come within [`BOUND`].
    async fn request(&mut self, method: &'static str, params: Value) -> Value {
        let response = self.send(method, params).await;
        let response = tokio::time::timeout(BOUND, response)
            .await
            .unwrap_or_else(|_| panic!("{method} answered within {BOUND:?}"))
            .expect("the server is alive")
            .expect("requests get a response");
        let (_, body) = response.into_parts();
        body.unwrap_or_else(|e| panic!("{method} failed: {e:?}"))
    }

    async fn notify(&mut self, method: &'static str, params: Value) {
        let req = Request::build(method).params(params).finish();
        let svc = tokio::time::timeout(BOUND, self.service.ready())
            .await
            .expect("the server takes a notification in time")
            .expect("the server is alive");
        tokio::time::timeout(BOUND, svc.call(req))
            .await
            .unwrap_or_else(|_| panic!("{method} handled within {BOUND:?}"))
            .expect("the server is alive");
    }

    async fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "ecrgen", "version": 1, "text": text } }),
        )
        .await;
    }

    async fn replace(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        )
        .await;
    }

    /// The diagnostics codes published for `uri` at `version`, which must come within
    /// [`BOUND`]; publications for other documents and versions are skipped.
    async fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<String> {
        let deadline = tokio::time::Instant::now() + BOUND;
        loop {
            let (method, params) = tokio::time::timeout_at(deadline, self.notes.recv())
                .await
                .unwrap_or_else(|_| {
                    panic!("diagnostics of {uri} version {version} within {BOUND:?}")
                })
                .expect("the server is alive");
            if method == "textDocument/publishDiagnostics"
                && params["uri"] == uri
                && params["version"] == version
            {
                return params["diagnostics"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|d| d["code"].as_str().map(str::to_string))
                    .collect();
            }
        }
    }
}

/// Position `(line, character)` in `uri`.
fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
}

/// Reads fuzz bytes as hostile documents, one per segment (split at 0xFF; see
/// [`hostile_document`]), each opened beside the normal spec, some in its folder (file URIs in
/// one directory), some alone (untitled). While each is open and queried, the normal spec is
/// changed and must get its diagnostics and a hover within [`BOUND`].
pub fn lsp_session(data: &[u8]) {
    runtime().block_on(session(data));
}

async fn session(data: &[u8]) {
    let mut client = Client::start().await;
    let normal = "file:///ecrgen-fuzz-nonexistent/normal.ecr.hcl";
    client.open(normal, NORMAL_BAD).await;
    assert!(client
        .diagnostics(normal, 1)
        .await
        .contains(&"E0102".to_string()));
    let mut version = 1;
    let mut pending = Vec::new();
    for (i, segment) in data.split(|b| *b == 0xFF).take(MAX_HOSTILE).enumerate() {
        let text = hostile_document(segment);
        let uri = if segment.first().is_some_and(|b| b & 0x80 != 0) {
            format!("file:///ecrgen-fuzz-nonexistent/hostile{i}.ecr.hcl")
        } else {
            format!("untitled:hostile{i}")
        };
        client.open(&uri, &text).await;
        // Requests on the hostile document run while the normal one is served.
        let end = u32::try_from(text.len()).unwrap_or(u32::MAX);
        for (method, params) in [
            ("textDocument/hover", at(&uri, 0, end / 2)),
            ("textDocument/completion", at(&uri, 1, end)),
            (
                "textDocument/documentSymbol",
                json!({ "textDocument": { "uri": uri } }),
            ),
        ] {
            pending.push(tokio::spawn(client.send(method, params).await));
        }
        version += 1;
        let (text, bad) = if version % 2 == 0 {
            (NORMAL_GOOD, false)
        } else {
            (NORMAL_BAD, true)
        };
        client.replace(normal, version, text).await;
        let codes = client.diagnostics(normal, version).await;
        assert_eq!(
            codes.contains(&"E0102".to_string()),
            bad,
            "the normal document's diagnostics at version {version}: {codes:?}"
        );
        let hover = client.request("textDocument/hover", at(normal, 0, 2)).await;
        assert!(
            hover["contents"].to_string().contains("repository"),
            "hover on `repository`: {hover}"
        );
    }
    for request in pending {
        tokio::time::timeout(HOSTILE_BOUND, request)
            .await
            .expect("a request on a hostile document ends")
            .expect("the request task did not panic")
            .expect("the server is alive");
    }
}
