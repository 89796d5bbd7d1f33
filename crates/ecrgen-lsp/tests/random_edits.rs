//! Thousands of random incremental edits (deleting braces and quotes, inserting junk, non-ASCII
//! text and line breaks of every kind) with requests in between: the server must answer every
//! request and, after each checkpoint, publish exactly what `ecrgen_core::check` reports for
//! the same text. Positions are computed here independently of the server's code.

mod common;

use common::{rich_capabilities, TestClient};
use ecrgen_core::{check, SourceSet};
use serde_json::{json, Value};

const SEED_SPEC: &str = r#"stack "Platform" {
  description = "Repositories é😀"
  tags        = { team = "platform" }
}

iam_role "Ci" {
  assumed_by = "codebuild.amazonaws.com"
}

iam_user "Dev" {
  user_name = "dev"
}

repository "Api" {
  repository_name      = "team/api"
  image_scan_on_push   = true
  image_tag_mutability = "IMMUTABLE"
  grant_pull_push      = [iam_role.Ci, "111122223333"]
  lifecycle_rule {
    tag_prefix_list = ["v"]
    max_image_count = 30
  }
  on_image_scan_completed "Scanned" {
    target {
      arn   = "arn:aws:sns:us-east-1:123456789012:scans"
      input = { severity = "high" }
    }
  }
  policy_statement {
    actions    = ["ecr:BatchGetImage"]
    principals = ["111122223333"]
  }
}

output "ApiUri" {
  value = repository.Api.repository_uri
}
"#;

/// xorshift64*: small, deterministic, good enough to pick edits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// An LSP position (UTF-16) of byte `offset`, counting `\n`, `\r\n` and `\r` as line breaks.
fn lsp_position(text: &str, offset: usize) -> Value {
    let (mut line, mut col) = (0u32, 0u32);
    let mut chars = text[..offset].chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                line += 1;
                col = 0;
            }
            c => col += c.len_utf16() as u32,
        }
    }
    json!({ "line": line, "character": col })
}

/// A random offset on a char boundary, never between `\r` and `\n`.
fn offset(rng: &mut Rng, text: &str) -> usize {
    let mut o = rng.below(text.len() + 1);
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    if o > 0 && text.as_bytes()[o - 1] == b'\r' && text.as_bytes().get(o) == Some(&b'\n') {
        o -= 1;
    }
    o
}

const INSERTS: &[&str] = &[
    "",
    "{",
    "}",
    "\"",
    "[",
    "]",
    "(",
    ")",
    "=",
    " = ",
    "\n",
    "\r\n",
    "\r",
    "é😀",
    "  ",
    "repository \"X\" {",
    "iam_role.",
    "repository.Api.",
    "#",
    "//",
    "/*",
    "*/",
    "${",
    "%{",
    "<<EOF\n",
    "EOF\n",
    "\\",
    ",",
    "true",
    "\"MUTABLE\"",
    "ima",
    "lifecycle_rule {\n",
    "output \"O\" {\n  value = ",
    "\t",
    "日本",
    "null",
    "1e9",
    "-",
];

/// One random edit: (byte range, replacement).
fn random_edit(rng: &mut Rng, text: &str) -> (usize, usize, String) {
    match rng.below(10) {
        // Delete one brace, bracket or quote.
        0..=2 => {
            let spots: Vec<usize> = text
                .char_indices()
                .filter(|(_, c)| matches!(c, '{' | '}' | '"' | '[' | ']'))
                .map(|(i, _)| i)
                .collect();
            if let Some(&at) = spots.get(rng.below(spots.len())) {
                return (at, at + 1, String::new());
            }
            (0, 0, String::new())
        }
        // Delete a short range.
        3 | 4 => {
            let a = offset(rng, text);
            let mut b = (a + rng.below(12)).min(text.len());
            while !text.is_char_boundary(b) {
                b += 1;
            }
            if b > 0
                && b < text.len()
                && text.as_bytes()[b - 1] == b'\r'
                && text.as_bytes()[b] == b'\n'
            {
                b += 1;
            }
            (a, b, String::new())
        }
        // Insert something.
        _ => {
            let a = offset(rng, text);
            (a, a, INSERTS[rng.below(INSERTS.len())].to_string())
        }
    }
}

/// What `ecrgen check` reports for `text`, as the server should publish it.
fn expected(text: &str) -> Vec<Value> {
    let result = check(&SourceSet::single("fuzz", text));
    result
        .diagnostics
        .iter()
        .map(|d| {
            let message = match &d.help {
                Some(h) => format!("{}\nhelp: {h}", d.message),
                None => d.message.clone(),
            };
            json!({
                "range": { "start": lsp_position(text, d.span.range.start), "end": lsp_position(text, d.span.range.end) },
                "severity": match d.severity { ecrgen_core::Severity::Error => 1, ecrgen_core::Severity::Warning => 2, ecrgen_core::Severity::Information => 3, ecrgen_core::Severity::Hint => 4 },
                "code": d.code,
                "source": "ecrgen",
                "message": message,
            })
        })
        .collect()
}

fn pos(v: &Value) -> (u64, u64) {
    (
        v["line"].as_u64().unwrap(),
        v["character"].as_u64().unwrap(),
    )
}

/// What LSP requires of the ranges in a result: completion edits on the cursor's line and
/// around it, hover ranges holding the cursor, document symbols' selections inside their ranges.
fn check_ranges(method: &str, at: &Value, result: &Value) {
    let at = pos(at);
    let holds = |r: &Value| pos(&r["start"]) <= at && at <= pos(&r["end"]);
    match method {
        "textDocument/completion" => {
            for item in result.as_array().unwrap() {
                let r = &item["textEdit"]["range"];
                assert!(
                    r["start"]["line"] == r["end"]["line"] && holds(r),
                    "completion edit {r} at {at:?}"
                );
            }
        }
        "textDocument/hover" if !result.is_null() => {
            assert!(holds(&result["range"]), "hover {result} at {at:?}")
        }
        "textDocument/documentSymbol" => {
            fn walk(symbols: &Value) {
                for s in symbols.as_array().unwrap() {
                    let (r, sel) = (&s["range"], &s["selectionRange"]);
                    assert!(
                        pos(&r["start"]) <= pos(&sel["start"])
                            && pos(&sel["end"]) <= pos(&r["end"]),
                        "symbol {s}"
                    );
                    assert!(
                        !s["name"].as_str().unwrap().is_empty(),
                        "symbol without a name: {s}"
                    );
                    if let Some(children) = s.get("children") {
                        walk(children);
                    }
                }
            }
            walk(result);
        }
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_edit_sequences_never_kill_the_server_and_end_in_checks_diagnostics() {
    const CHECKPOINT: usize = 250;
    // The seed and length are fixed; ECRGEN_FUZZ_SEED / ECRGEN_FUZZ_EDITS explore further.
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let edits = env("ECRGEN_FUZZ_EDITS").map_or(3000, |n| n as usize);
    let mut rng = Rng(env("ECRGEN_FUZZ_SEED").unwrap_or(0x5eed_ec12_0000_0005) | 1);
    let mut c = TestClient::start(rich_capabilities()).await;
    let uri = "untitled:fuzz";
    let mut text = SEED_SPEC.to_string();
    c.open(uri, &text).await;
    let mut version = 1i64;
    for n in 1..=edits {
        // One to three edits per change, applied in order, each against the text the previous left.
        let mut changes = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let (a, b, new) = random_edit(&mut rng, &text);
            changes.push(json!({
                "range": { "start": lsp_position(&text, a), "end": lsp_position(&text, b) },
                "text": new,
            }));
            text.replace_range(a..b, &new);
        }
        // Keep the document from growing without bound: sometimes start over from the seed.
        if text.len() > 4 * SEED_SPEC.len() {
            text = SEED_SPEC.to_string();
            changes = vec![json!({ "text": text })];
        }
        version += 1;
        c.change(uri, version, Value::Array(changes)).await;
        // Requests at random places must all succeed.
        let at = lsp_position(&text, offset(&mut rng, &text));
        let pos = json!({ "textDocument": { "uri": uri }, "position": at });
        let method = [
            "textDocument/completion",
            "textDocument/hover",
            "textDocument/definition",
            "textDocument/documentSymbol",
        ][rng.below(4)];
        let params = if method == "textDocument/documentSymbol" {
            json!({ "textDocument": { "uri": uri } })
        } else {
            pos
        };
        let result = match c.request(method, params).await {
            Ok(r) => r,
            Err(e) => panic!("{method} failed after edit {n}: {e}\ntext:\n{text}"),
        };
        check_ranges(method, &at, &result);
        if n % 50 == 0 {
            let r = c
                .request(
                    "textDocument/formatting",
                    json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
                )
                .await;
            let edits = r.unwrap_or_else(|e| panic!("formatting failed after edit {n}: {e}"));
            assert_eq!(
                edits.as_array().unwrap().is_empty(),
                ecrgen_core::format_source(&text).map_or(true, |f| f == text)
            );
            let end = lsp_position(&text, text.len());
            let r = c.request("textDocument/codeAction", json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 0, "character": 0 }, "end": end }, "context": { "diagnostics": [] } })).await;
            r.unwrap_or_else(|e| panic!("codeAction failed after edit {n}: {e}"));
        }
        if n % CHECKPOINT == 0 || n == edits {
            let published = c.diagnostics(uri, Some(version)).await;
            assert_eq!(
                published,
                expected(&text),
                "diagnostics differ after edit {n}; text:\n{text}"
            );
        }
    }
    assert_eq!(c.request("shutdown", Value::Null).await, Ok(Value::Null));
}
