//! Input that once froze or killed the server: deep nesting, a pathological line, closed
//! documents' diagnostics (issues #11 and #12).

mod common;

use std::time::{Duration, Instant};

use common::{file_uri, rich_capabilities, TestClient};
use serde_json::{json, Value};

const CLEAN: &str = "repository \"Api\" {\n  image_scan_on_push   = true\n  image_tag_mutability = \"IMMUTABLE\"\n  lifecycle_rule {\n    max_image_count = 10\n  }\n}\n";

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_document_keeps_the_diagnostics_of_its_file_on_disk_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("a.ecr.hcl");
    std::fs::write(
        &saved,
        CLEAN.replace("image_scan_on_push  ", "image_scan_on_pus   "),
    )
    .unwrap();
    let a = file_uri(dir.path(), "a.ecr.hcl");
    let unsaved = file_uri(dir.path(), "new.ecr.hcl");
    let mut c = TestClient::start(rich_capabilities()).await;
    // The buffer is fixed, the file on disk is not.
    c.open(&a, CLEAN).await;
    assert_eq!(c.diagnostics(&a, Some(1)).await, Vec::<Value>::new());
    c.open(&unsaved, "repo \"X\" {}\n").await;
    assert_eq!(codes(&c.diagnostics(&unsaved, Some(1)).await), ["E0101"]);
    // Closing the saved file shows what the file on disk holds.
    c.close(&a).await;
    let on_disk = c
        .wait_for(&a, |p| p.version.is_none() && !p.diagnostics.is_empty())
        .await;
    assert!(
        codes(&on_disk.diagnostics).contains(&"E0102"),
        "{:?}",
        on_disk.diagnostics
    );
    // Closing a document that was never saved clears its diagnostics.
    c.close(&unsaved).await;
    assert_eq!(c.diagnostics(&unsaved, None).await, Vec::<Value>::new());
    // The closed file is still checked from disk: fixing it on disk clears its diagnostics.
    std::fs::write(&saved, CLEAN).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": a, "type": 2 }] }),
    )
    .await;
    c.wait_for(&a, |p| p.version.is_none() && p.diagnostics.is_empty())
        .await;
    // An untitled document is cleared on close too.
    c.open("untitled:u", "repo \"X\" {}\n").await;
    assert_eq!(
        codes(&c.diagnostics("untitled:u", Some(1)).await),
        ["E0101"]
    );
    c.close("untitled:u").await;
    assert_eq!(c.diagnostics("untitled:u", None).await, Vec::<Value>::new());
}

fn depth(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
        Value::Object(o) => 1 + o.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deep_nesting_is_an_ordinary_diagnostic_and_a_bounded_outline() {
    let mut c = TestClient::start(rich_capabilities()).await;
    // 60,000 nested `${"` killed the server on didOpen (a stack overflow while checking).
    let uri = "untitled:interp";
    c.open(
        uri,
        &format!(
            "stack \"S\" {{\n  description = {}\n}}\n",
            "\"${".repeat(60_000)
        ),
    )
    .await;
    assert_eq!(codes(&c.diagnostics(uri, Some(1)).await), ["E0001"]);
    // documentSymbol on 10,000 nested blocks aborted the server serializing the answer.
    let uri = "untitled:blocks";
    c.open(
        uri,
        &format!(
            "repository \"R\" {{\n{}{}}}\n",
            "a {\n".repeat(10_000),
            "}\n".repeat(10_000)
        ),
    )
    .await;
    assert_eq!(codes(&c.diagnostics(uri, Some(1)).await), ["E0001"]);
    let symbols = c
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await
        .unwrap();
    let message = json!({ "jsonrpc": "2.0", "id": 1, "result": symbols }).to_string();
    let parsed: Value =
        serde_json::from_str(&message).expect("a client using serde_json can read the answer");
    assert!(depth(&parsed) < 128, "{}", depth(&parsed));
    assert_eq!(symbols[0]["name"], "R");
    // Hover and completion still work in the deep document.
    let hover = c.at("textDocument/hover", uri, 0, 2).await;
    assert!(hover["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("repository"));
    c.at("textDocument/completion", uri, 30_000, 0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pathological_line_is_answered_quickly() {
    let mut c = TestClient::start(rich_capabilities()).await;
    let uri = "untitled:calls";
    let text = "f( ".repeat(100_000);
    c.open(uri, &text).await;
    c.diagnostics(uri, Some(1)).await;
    for method in [
        "textDocument/hover",
        "textDocument/completion",
        "textDocument/definition",
    ] {
        let start = Instant::now();
        c.at(method, uri, 0, 150_000).await;
        // It took 16 s (release build) when the scanner was quadratic.
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "{method} took {:?}",
            start.elapsed()
        );
    }
    let start = Instant::now();
    c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    )
    .await
    .unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "documentSymbol took {:?}",
        start.elapsed()
    );
}
