//! The stdio session as `run_stdio` sets it up (`ecrgen_lsp::serve`: filtered input, the
//! protocol fixes, tower-lsp-server), over in-memory pipes: malformed input, the protocol's
//! letter, and how a session ends.

use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};
use tokio::task::JoinHandle;

const TIMEOUT: Duration = Duration::from_secs(20);

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

struct Session {
    to_server: DuplexStream,
    from_server: BufReader<DuplexStream>,
    server: JoinHandle<i32>,
}

impl Session {
    async fn start() -> Self {
        let (to_server, server_in) = tokio::io::duplex(1 << 16);
        let (server_out, from_server) = tokio::io::duplex(1 << 16);
        let server = tokio::spawn(ecrgen_lsp::serve(server_in, server_out));
        let mut s = Self {
            to_server,
            from_server: BufReader::new(from_server),
            server,
        };
        s.send(json!({ "jsonrpc": "2.0", "id": 0, "method": "initialize", "params": { "capabilities": {} } })).await;
        assert_eq!(s.read().await["id"], 0);
        s.send(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }))
            .await;
        s
    }

    async fn send(&mut self, v: Value) {
        self.raw(&frame(&v.to_string())).await;
    }

    async fn raw(&mut self, bytes: &[u8]) {
        self.to_server.write_all(bytes).await.unwrap();
    }

    async fn read(&mut self) -> Value {
        tokio::time::timeout(TIMEOUT, async {
            let mut len = 0;
            loop {
                let mut line = String::new();
                self.from_server.read_line(&mut line).await.unwrap();
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length: ") {
                    len = v.parse().unwrap();
                }
            }
            let mut body = vec![0; len];
            self.from_server.read_exact(&mut body).await.unwrap();
            serde_json::from_slice(&body).unwrap()
        })
        .await
        .expect("a message in time")
    }

    /// Reads until the response to request `id`, skipping notifications.
    async fn response(&mut self, id: Value) -> Value {
        loop {
            let m = self.read().await;
            if m.get("method").is_none() && m["id"] == id {
                return m;
            }
        }
    }

    /// The exit code, once the session has ended.
    async fn ended(self) -> i32 {
        tokio::time::timeout(Duration::from_secs(10), self.server)
            .await
            .expect("the session ends")
            .unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_input_is_answered_and_the_session_goes_on() {
    let mut s = Session::start().await;
    s.raw(&frame("{not json")).await;
    assert_eq!(s.response(Value::Null).await["error"]["code"], -32700);
    s.raw(&frame(r#"{"no":"jsonrpc","id":7}"#)).await;
    assert_eq!(s.response(json!(7)).await["error"]["code"], -32600);
    s.raw(b"Content-Length: oops\r\n\r\n").await;
    assert_eq!(s.response(Value::Null).await["error"]["code"], -32700);
    s.raw(format!("X-{}: y\r\n\r\n", "h".repeat(1 << 20)).as_bytes())
        .await;
    assert_eq!(s.response(Value::Null).await["error"]["code"], -32700);
    let uri = "untitled:t";
    s.send(json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": { "uri": uri, "languageId": "ecrgen", "version": 1, "text": "repo \"X\" {}\n" } } }))
        .await;
    let note = s.read().await;
    assert_eq!(note["method"], "textDocument/publishDiagnostics");
    assert_eq!(note["params"]["diagnostics"][0]["code"], "E0101");
    s.send(json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }))
        .await;
    assert_eq!(
        s.response(json!(2)).await,
        json!({ "jsonrpc": "2.0", "id": 2, "result": null })
    );
    s.send(json!({ "jsonrpc": "2.0", "method": "exit" })).await;
    assert_eq!(s.ended().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_gets_a_response_and_shutdown_takes_empty_params() {
    let mut s = Session::start().await;
    for (id, method) in [(1, "$/unknown"), (2, "ecrgen/unknown")] {
        s.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": {} }))
            .await;
        let r = s.response(json!(id)).await;
        assert_eq!(r["error"]["code"], -32601, "{method}: {r}");
    }
    // An unknown `$/` notification is ignored; the next request is still answered.
    s.send(json!({ "jsonrpc": "2.0", "method": "$/unknown", "params": {} }))
        .await;
    s.send(json!({ "jsonrpc": "2.0", "id": 3, "method": "shutdown", "params": {} }))
        .await;
    assert_eq!(
        s.response(json!(3)).await,
        json!({ "jsonrpc": "2.0", "id": 3, "result": null })
    );
    s.send(json!({ "jsonrpc": "2.0", "method": "exit" })).await;
    assert_eq!(s.ended().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_without_shutdown_is_an_error() {
    let mut s = Session::start().await;
    s.send(json!({ "jsonrpc": "2.0", "method": "exit" })).await;
    assert_eq!(s.ended().await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_end_of_the_input_ends_the_session() {
    let mut s = Session::start().await;
    let text = "f( ".repeat(100_000);
    s.send(json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": { "uri": "untitled:f", "languageId": "ecrgen", "version": 1, "text": text } } }))
        .await;
    s.send(json!({ "jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": { "textDocument": { "uri": "untitled:f" }, "position": { "line": 0, "character": 150000 } } }))
        .await;
    s.to_server.shutdown().await.unwrap();
    drop(s.to_server);
    assert_eq!(
        tokio::time::timeout(Duration::from_secs(10), s.server)
            .await
            .expect("the session ends")
            .unwrap(),
        1
    );
}
