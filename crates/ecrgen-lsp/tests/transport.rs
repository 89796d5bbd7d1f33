//! The stdio transport as `run_stdio` sets it up (filtered input, `Server::serve`), over an
//! in-memory pipe: a malformed message is dropped and the session goes on.

use ecrgen_lsp::{transport, Backend};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tower_lsp_server::{LspService, Server};

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

async fn read_message<R: tokio::io::AsyncBufRead + Unpin>(r: &mut R) -> Value {
    let mut len = 0;
    loop {
        let mut line = String::new();
        r.read_line(&mut line).await.unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse().unwrap();
        }
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).await.unwrap();
    serde_json::from_slice(&body).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_message_does_not_end_the_session() {
    let (mut to_server, server_in) = tokio::io::duplex(1 << 16);
    let (server_out, from_server) = tokio::io::duplex(1 << 16);
    let (service, socket) = LspService::new(Backend::new);
    let server = tokio::spawn(
        Server::new(transport::filtered(server_in), server_out, socket).serve(service),
    );
    let mut from_server = BufReader::new(from_server);
    let send = |v: Value| frame(&v.to_string());
    to_server
        .write_all(&send(
            json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "capabilities": {} } }),
        ))
        .await
        .unwrap();
    assert_eq!(read_message(&mut from_server).await["id"], 1);
    to_server.write_all(&frame("{not json")).await.unwrap();
    to_server
        .write_all(&frame(r#"{"no":"jsonrpc"}"#))
        .await
        .unwrap();
    to_server
        .write_all(b"Content-Length: oops\r\n\r\n")
        .await
        .unwrap();
    let uri = "untitled:t";
    to_server
        .write_all(&send(json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": { "uri": uri, "languageId": "ecrgen", "version": 1, "text": "repo \"X\" {}\n" } } })))
        .await
        .unwrap();
    let note = read_message(&mut from_server).await;
    assert_eq!(note["method"], "textDocument/publishDiagnostics");
    assert_eq!(note["params"]["diagnostics"][0]["code"], "E0101");
    to_server
        .write_all(&send(
            json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }),
        ))
        .await
        .unwrap();
    assert_eq!(
        read_message(&mut from_server).await,
        json!({ "jsonrpc": "2.0", "id": 2, "result": null })
    );
    to_server
        .write_all(&send(json!({ "jsonrpc": "2.0", "method": "exit" })))
        .await
        .unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(10), server)
        .await
        .expect("the server exits")
        .unwrap();
}
