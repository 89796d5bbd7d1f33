//! Diagnostics over the protocol: on open, change and close, exact ranges in UTF-16 (and UTF-8
//! when negotiated), versions, stale results dropped, and multi-file specs.

mod common;

use common::{file_uri, range, rich_capabilities, TestClient};
use serde_json::json;

const CLEAN: &str = "repository \"Api\" {\n  image_scan_on_push   = true\n  image_tag_mutability = \"IMMUTABLE\"\n  lifecycle_rule {\n    max_image_count = 10\n  }\n}\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_change_close() {
    let mut c = TestClient::start(rich_capabilities()).await;
    assert_eq!(c.init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(
        c.init["capabilities"]["textDocumentSync"],
        json!({ "openClose": true, "change": 2, "save": true })
    );
    let uri = "untitled:spec";
    let text = CLEAN.replace("image_scan_on_push  ", "image_scan_on_pus   ");
    c.open(uri, &text).await;
    let diags = c.diagnostics(uri, Some(1)).await;
    assert_eq!(
        diags,
        vec![
            json!({
                "range": range(0, 11, 0, 16),
                "severity": 2,
                "code": "W0101",
                "source": "ecrgen",
                "message": "ECR.1: repository `Api` does not scan images on push\nhelp: set `image_scan_on_push = true` (or configure `registry_scanning`)"
            }),
            json!({
            "range": range(1, 2, 1, 19),
            "severity": 1,
            "code": "E0102",
            "source": "ecrgen",
            "message": "unknown attribute `image_scan_on_pus` in `repository`\nhelp: did you mean `image_scan_on_push`?"
            })
        ]
    );
    // Fix it with an incremental edit: insert the missing `h`.
    c.change(
        uri,
        2,
        json!([{ "range": range(1, 19, 1, 20), "text": "h" }]),
    )
    .await;
    assert_eq!(
        c.diagnostics(uri, Some(2)).await,
        Vec::<serde_json::Value>::new()
    );
    // Break it again: an error (wrong enum value), and no ECR.2 warning on top of it saying the
    // setting is missing.
    c.change(
        uri,
        3,
        json!([{ "range": range(2, 26, 2, 35), "text": "MUTABL" }]),
    )
    .await;
    assert_eq!(
        c.diagnostics(uri, Some(3)).await,
        vec![json!({
        "range": range(2, 25, 2, 33),
        "severity": 1,
        "code": "E0104",
        "source": "ecrgen",
        "message": "invalid value \"MUTABL\" for `image_tag_mutability`: expected one of \"MUTABLE\", \"IMMUTABLE\", \"MUTABLE_WITH_EXCLUSION\", \"IMMUTABLE_WITH_EXCLUSION\"\nhelp: did you mean \"MUTABLE\"?"
        })]
    );
    c.close(uri).await;
    assert_eq!(
        c.diagnostics(uri, None).await,
        Vec::<serde_json::Value>::new()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn utf16_ranges_after_non_ascii_text() {
    let mut c = TestClient::start(rich_capabilities()).await;
    let uri = "untitled:utf16";
    // The description holds "é😀" (1 + 2 UTF-16 units, 2 + 4 bytes) before an error on the same line.
    let text = "iam_role \"Ci\" { description = \"é😀\", assumed_by = \"nobody\" }\n";
    c.open(uri, text).await;
    let diags = c.diagnostics(uri, Some(1)).await;
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "E0001");
    assert_eq!(diags[0]["range"], range(0, 35, 0, 36));
    let text = "iam_role \"Ci\" {\n  description = \"é😀\"   \n  assumed_by = \"nobody\"\n}\nrepository \"R\" { tags = { k = \"é😀\" }, image_scan_on_pus = true }\n";
    c.replace(uri, 2, text).await;
    let diags = c.diagnostics(uri, Some(2)).await;
    assert_eq!(diags[0]["code"], "E0001", "{diags:?}");
    assert_eq!(diags[0]["range"], range(4, 37, 4, 38));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn utf8_positions_when_the_client_offers_them() {
    let mut caps = rich_capabilities();
    caps["general"]["positionEncodings"] = json!(["utf-8", "utf-16"]);
    let mut c = TestClient::start(caps).await;
    assert_eq!(c.init["capabilities"]["positionEncoding"], "utf-8");
    let uri = "untitled:utf8";
    let text = "stack \"S\" {\n  description = \"é😀\"\n  tags = { \"é😀\" = 1 }\n}\n";
    c.open(uri, text).await;
    let diags = c.diagnostics(uri, Some(1)).await;
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "E0103");
    // `1` starts at byte 20 of line 2: `  tags = { "` is 12 bytes, "é😀" 6, `" = ` 4.
    assert_eq!(diags[0]["range"], range(2, 22, 2, 23));
    // An edit in UTF-8 columns: replace `1` with `"x"`.
    c.change(
        uri,
        2,
        json!([{ "range": range(2, 22, 2, 23), "text": "\"x\"" }]),
    )
    .await;
    assert_eq!(
        c.diagnostics(uri, Some(2)).await,
        Vec::<serde_json::Value>::new()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_results_are_dropped() {
    let mut c = TestClient::start(rich_capabilities()).await;
    let uri = "untitled:fast";
    c.open(uri, CLEAN).await;
    c.diagnostics(uri, Some(1)).await;
    // Twenty quick edits, each appending a character to the file's trailing comment.
    c.change(uri, 2, json!([{ "range": range(7, 0, 7, 0), "text": "#" }]))
        .await;
    for v in 3..=21 {
        c.change(
            uri,
            v,
            json!([{ "range": range(7, (v - 2) as u32, 7, (v - 2) as u32), "text": "x" }]),
        )
        .await;
    }
    c.change(
        uri,
        22,
        json!([{ "range": range(0, 0, 0, 0), "text": "oops " }]),
    )
    .await;
    let last = c.diagnostics(uri, Some(22)).await;
    assert_eq!(last.len(), 1);
    assert_eq!(last[0]["code"], "E0101");
    assert_eq!(last[0]["range"], range(0, 0, 0, 21));
    c.settle(std::time::Duration::from_millis(300)).await;
    let versions: Vec<i64> = c
        .published
        .iter()
        .filter(|p| p.uri == uri)
        .map(|p| p.version.unwrap())
        .collect();
    assert!(
        versions.windows(2).all(|w| w[0] < w[1]),
        "publications out of order: {versions:?}"
    );
    assert_eq!(*versions.last().unwrap(), 22);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sibling_files_take_part_and_open_buffers_win() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("b.ecr.hcl"),
        "iam_role \"Ci\" {\n  assumed_by = \"codebuild.amazonaws.com\"\n}\n",
    )
    .unwrap();
    let a = file_uri(dir.path(), "a.ecr.hcl");
    let b = file_uri(dir.path(), "b.ecr.hcl");
    let text = CLEAN.replace(
        "  lifecycle_rule",
        "  grant_pull = [iam_role.Ci]\n  lifecycle_rule",
    );
    let mut c = TestClient::start(rich_capabilities()).await;
    c.open(&a, &text).await;
    assert_eq!(
        c.diagnostics(&a, Some(1)).await,
        Vec::<serde_json::Value>::new()
    );
    // Open b and rename the role in the buffer (not on disk): a's reference no longer resolves.
    c.open(
        &b,
        "iam_role \"Ci\" {\n  assumed_by = \"codebuild.amazonaws.com\"\n}\n",
    )
    .await;
    c.replace(
        &b,
        2,
        "iam_role \"Cd\" {\n  assumed_by = \"codebuild.amazonaws.com\"\n}\n",
    )
    .await;
    assert_eq!(
        c.diagnostics(&b, Some(2)).await,
        Vec::<serde_json::Value>::new()
    );
    let a_now = c.wait_for(&a, |p| !p.diagnostics.is_empty()).await;
    assert_eq!(a_now.version, Some(1));
    assert_eq!(
        a_now.diagnostics,
        vec![json!({
            "range": range(3, 16, 3, 27),
            "severity": 1,
            "code": "E0122",
            "source": "ecrgen",
            "message": "unresolved reference: there is no `iam_role \"Ci\"` block\nhelp: did you mean `iam_role.Cd`?"
        })]
    );
    // Closing b reverts to the file on disk.
    c.close(&b).await;
    assert_eq!(
        c.diagnostics(&b, None).await,
        Vec::<serde_json::Value>::new()
    );
    let a_now = c.wait_for(&a, |p| p.diagnostics.is_empty()).await;
    assert_eq!(a_now.version, Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sibling_changed_on_disk_is_rechecked_when_the_client_reports_it() {
    sibling_changed_on_disk(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sibling_changed_on_disk_is_rechecked_on_save() {
    sibling_changed_on_disk(true).await;
}

async fn sibling_changed_on_disk(save: bool) {
    let dir = tempfile::tempdir().unwrap();
    let roles = dir.path().join("roles.ecr.hcl");
    std::fs::write(
        &roles,
        "iam_role \"Ci\" {\n  assumed_by = \"codebuild.amazonaws.com\"\n}\n",
    )
    .unwrap();
    let a = file_uri(dir.path(), "a.ecr.hcl");
    let text = CLEAN.replace(
        "  lifecycle_rule",
        "  grant_pull = [iam_role.Ci]\n  lifecycle_rule",
    );
    let mut c = TestClient::start(rich_capabilities()).await;
    c.open(&a, &text).await;
    assert_eq!(
        c.diagnostics(&a, Some(1)).await,
        Vec::<serde_json::Value>::new()
    );
    std::fs::write(
        &roles,
        "iam_role \"Builder\" {\n  assumed_by = \"codebuild.amazonaws.com\"\n}\n",
    )
    .unwrap();
    if save {
        c.notify(
            "textDocument/didSave",
            json!({ "textDocument": { "uri": a } }),
        )
        .await;
    } else {
        c.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": file_uri(dir.path(), "roles.ecr.hcl"), "type": 2 }] }),
        )
        .await;
    }
    let a_now = c.wait_for(&a, |p| !p.diagnostics.is_empty()).await;
    let codes: Vec<&serde_json::Value> = a_now.diagnostics.iter().map(|d| &d["code"]).collect();
    assert_eq!(codes, [&json!("E0122")]);
    assert_eq!(a_now.version, Some(1));
}
