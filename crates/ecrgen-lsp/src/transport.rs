//! A guard in front of the transport: only well-formed JSON-RPC messages reach the server.
//!
//! tower-lsp-server 0.23 reads stdin through a framed decoder that stops the stream, and so
//! ends the session, at the first message it cannot decode (a body that is not JSON, not a
//! JSON-RPC message, or not UTF-8). This filter re-frames the input: each message whose body
//! parses as a JSON-RPC request or response is passed on unchanged; anything else is logged and
//! replaced by an [`INVALID_MESSAGE`] notification, which [`crate::protocol`] answers with a
//! ParseError (or InvalidRequest) response, so one bad message costs that message only.

use serde_json::{json, Value};
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream,
};
use tokio::sync::oneshot;
use tower_lsp_server::jsonrpc::{Request, Response};

use crate::protocol::INVALID_MESSAGE;

/// Bodies larger than this are dropped (nothing legitimate comes close).
const MAX_BODY: usize = 256 << 20;

/// Header lines longer than this are cut (the header block is then dropped): headers are a
/// length and a content type, and an endless line must not grow memory without bound.
const MAX_HEADER_LINE: usize = 8 << 10;

/// Reads one line, through its `\n`, keeping at most [`MAX_HEADER_LINE`] bytes of it in `line`.
/// Returns the bytes read (0 at the end of the input) and whether the line was cut.
async fn read_line<R: AsyncBufRead + Unpin>(
    input: &mut R,
    line: &mut Vec<u8>,
) -> std::io::Result<(usize, bool)> {
    let (mut read, mut cut) = (0, false);
    loop {
        let buf = input.fill_buf().await?;
        if buf.is_empty() {
            return Ok((read, cut));
        }
        let (n, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        let room = MAX_HEADER_LINE.saturating_sub(line.len());
        cut |= n > room;
        line.extend_from_slice(&buf[..n.min(room)]);
        input.consume(n);
        read += n;
        if done {
            return Ok((read, cut));
        }
    }
}

/// One frame read from the input.
#[derive(Debug, PartialEq, Eq)]
enum Frame {
    /// A body announced by `Content-Length`.
    Body(Vec<u8>),
    /// A header block without a usable `Content-Length`.
    Skipped(String),
    /// The input ended.
    End,
}

/// Reads the next frame: header lines up to an empty line, then `Content-Length` bytes.
async fn read_frame<R: AsyncBufRead + Unpin>(input: &mut R) -> std::io::Result<Frame> {
    let mut length: Option<usize> = None;
    let mut bad: Option<String> = None;
    let mut seen_header = false;
    loop {
        let mut line = Vec::new();
        let (read, cut) = read_line(input, &mut line).await?;
        if read == 0 {
            return Ok(Frame::End);
        }
        if cut {
            seen_header = true;
            bad = Some(format!("a header line longer than {MAX_HEADER_LINE} bytes"));
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !seen_header {
                continue; // Blank lines between messages.
            }
            break;
        }
        seen_header = true;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse() {
                    Ok(n) if n <= MAX_BODY => length = Some(n),
                    _ => bad = Some(format!("invalid Content-Length `{}`", value.trim())),
                }
            }
            Some(_) => {}
            None => {
                bad = Some(format!(
                    "not a header line: `{}`",
                    text.chars().take(80).collect::<String>()
                ))
            }
        }
    }
    match length {
        Some(n) => {
            let mut body = vec![0; n];
            match input.read_exact(&mut body).await {
                Ok(_) => Ok(Frame::Body(body)),
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(Frame::End),
                Err(e) => Err(e),
            }
        }
        None => Ok(Frame::Skipped(bad.unwrap_or_else(|| {
            "a header block without Content-Length".to_string()
        }))),
    }
}

/// Why tower-lsp-server cannot decode `body`, as the JSON-RPC error to answer with (code, id
/// of the request if it has one); `None` when it can.
fn undecodable(body: &[u8]) -> Option<(i64, Value)> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Some((-32700, Value::Null));
    };
    if text.parse::<Request>().is_ok() || text.parse::<Response>().is_ok() {
        return None;
    }
    match serde_json::from_str::<Value>(text) {
        Err(_) => Some((-32700, Value::Null)),
        Ok(v) => {
            let id = v
                .get("id")
                .filter(|id| id.is_number() || id.is_string())
                .cloned()
                .unwrap_or(Value::Null);
            Some((-32600, id))
        }
    }
}

/// Frames `body` onto `output`; false when the output is closed.
async fn forward<W: tokio::io::AsyncWrite + Unpin>(output: &mut W, body: &[u8]) -> bool {
    let header = format!("Content-Length: {}\r\n\r\n", body.len());
    output.write_all(header.as_bytes()).await.is_ok() && output.write_all(body).await.is_ok()
}

/// The notification standing in for a message that could not be decoded.
fn invalid(code: i64, id: Value, why: &str) -> Vec<u8> {
    let message = if code == -32600 {
        format!("Invalid request: {why}")
    } else {
        format!("Parse error: {why}")
    };
    let params = json!({ "code": code, "id": id, "message": message });
    json!({ "jsonrpc": "2.0", "method": INVALID_MESSAGE, "params": params })
        .to_string()
        .into_bytes()
}

/// Copies well-formed messages from `input` to `output` until the input ends; the others are
/// replaced by [`INVALID_MESSAGE`] notifications.
async fn pump<R: AsyncRead + Unpin, W: tokio::io::AsyncWrite + Unpin>(input: R, mut output: W) {
    let mut input = BufReader::new(input);
    loop {
        let out = match read_frame(&mut input).await {
            Ok(Frame::Body(body)) => match undecodable(&body) {
                None => body,
                Some((code, id)) => {
                    let preview =
                        String::from_utf8_lossy(&body[..body.len().min(120)]).into_owned();
                    tracing::error!("dropped a message that is not JSON-RPC: {preview}");
                    invalid(
                        code,
                        id,
                        "the message is not a JSON-RPC request, notification or response",
                    )
                }
            },
            Ok(Frame::Skipped(why)) => {
                tracing::error!("dropped malformed input: {why}");
                invalid(-32700, Value::Null, &why)
            }
            Ok(Frame::End) => return,
            Err(e) => {
                tracing::error!("cannot read the input: {e}");
                return;
            }
        };
        if !forward(&mut output, &out).await {
            return;
        }
    }
}

/// The filtered input: a stream the server can read, fed from `input` by a background task,
/// and a signal that `input` has ended.
pub fn filtered<R: AsyncRead + Unpin + Send + 'static>(
    input: R,
) -> (DuplexStream, oneshot::Receiver<()>) {
    let (writer, reader) = tokio::io::duplex(1 << 16);
    let (ended, on_end) = oneshot::channel();
    tokio::spawn(async move {
        pump(input, writer).await;
        let _ = ended.send(());
    });
    (reader, on_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[tokio::test]
    async fn bad_messages_are_dropped_and_good_ones_pass_unchanged() {
        let ok1 = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#;
        let ok2 = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "{}garbage line\r\n\r\n{}{}\r\nContent-Length: x\r\n\r\n{}Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n{}",
            framed(ok1),
            framed("{not json"),
            framed(r#"{"hello":"world"}"#),
            framed(ok2),
            framed(ok2).replacen("Content-Length", "content-length", 1),
        );
        let mut out = Vec::new();
        pump(input.as_bytes(), &mut out).await;
        let parse_error =
            |why: &str| framed(&String::from_utf8(invalid(-32700, Value::Null, why)).unwrap());
        let not_jsonrpc = framed(
            &String::from_utf8(invalid(
                -32600,
                Value::Null,
                "the message is not a JSON-RPC request, notification or response",
            ))
            .unwrap(),
        );
        let expected = [
            framed(ok1),
            parse_error("not a header line: `garbage line`"),
            parse_error("the message is not a JSON-RPC request, notification or response"),
            not_jsonrpc,
            parse_error("invalid Content-Length `x`"),
            framed(ok2),
            framed(ok2),
        ];
        assert_eq!(String::from_utf8(out).unwrap(), expected.concat());
    }

    #[tokio::test]
    async fn header_lines_are_capped() {
        let ok = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let long = "X".repeat(10 * MAX_HEADER_LINE);
        let input = format!("{long}: y\r\n\r\n{}", framed(ok));
        let mut input = BufReader::new(input.as_bytes());
        assert!(
            matches!(read_frame(&mut input).await.unwrap(), Frame::Skipped(why) if why.contains("longer than"))
        );
        assert_eq!(
            read_frame(&mut input).await.unwrap(),
            Frame::Body(ok.as_bytes().to_vec())
        );
        let mut line = Vec::new();
        let endless = "Y".repeat(1 << 20);
        assert_eq!(
            read_line(&mut endless.as_bytes(), &mut line).await.unwrap(),
            (1 << 20, true)
        );
        assert_eq!(line.len(), MAX_HEADER_LINE);
    }

    #[tokio::test]
    async fn a_truncated_body_ends_the_input() {
        let mut input: &[u8] = b"Content-Length: 100\r\n\r\n{\"jsonrpc\"";
        assert_eq!(read_frame(&mut input).await.unwrap(), Frame::End);
    }
}
