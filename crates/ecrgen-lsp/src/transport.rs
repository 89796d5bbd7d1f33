//! A guard in front of the transport: only well-formed JSON-RPC messages reach the server.
//!
//! tower-lsp-server 0.23 reads stdin through a framed decoder that stops the stream, and so
//! ends the session, at the first message it cannot decode (a body that is not JSON, not a
//! JSON-RPC message, or not UTF-8). This filter re-frames the input: each message whose body
//! parses as a JSON-RPC request or response is passed on unchanged, anything else is logged
//! and dropped, so one bad message costs that message only.

use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream,
};
use tower_lsp_server::jsonrpc::{Request, Response};

/// Bodies larger than this are dropped (nothing legitimate comes close).
const MAX_BODY: usize = 256 << 20;

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
        if input.read_until(b'\n', &mut line).await? == 0 {
            return Ok(Frame::End);
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

/// Whether tower-lsp-server can decode `body` as a message.
fn is_message(body: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(body) else {
        return false;
    };
    text.parse::<Request>().is_ok() || text.parse::<Response>().is_ok()
}

/// Copies well-formed messages from `input` to `output` until the input ends.
async fn pump<R: AsyncRead + Unpin, W: tokio::io::AsyncWrite + Unpin>(input: R, mut output: W) {
    let mut input = BufReader::new(input);
    loop {
        match read_frame(&mut input).await {
            Ok(Frame::Body(body)) if is_message(&body) => {
                let header = format!("Content-Length: {}\r\n\r\n", body.len());
                if output.write_all(header.as_bytes()).await.is_err()
                    || output.write_all(&body).await.is_err()
                {
                    return;
                }
            }
            Ok(Frame::Body(body)) => {
                let preview = String::from_utf8_lossy(&body[..body.len().min(120)]).into_owned();
                tracing::error!("dropped a message that is not JSON-RPC: {preview}");
            }
            Ok(Frame::Skipped(why)) => tracing::error!("dropped malformed input: {why}"),
            Ok(Frame::End) => return,
            Err(e) => {
                tracing::error!("cannot read the input: {e}");
                return;
            }
        }
    }
}

/// The filtered input: a stream the server can read, fed from `input` by a background task.
pub fn filtered<R: AsyncRead + Unpin + Send + 'static>(input: R) -> DuplexStream {
    let (writer, reader) = tokio::io::duplex(1 << 16);
    tokio::spawn(pump(input, writer));
    reader
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
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("{}{}{}", framed(ok1), framed(ok2), framed(ok2))
        );
    }

    #[tokio::test]
    async fn a_truncated_body_ends_the_input() {
        let mut input: &[u8] = b"Content-Length: 100\r\n\r\n{\"jsonrpc\"";
        assert_eq!(read_frame(&mut input).await.unwrap(), Frame::End);
    }
}
