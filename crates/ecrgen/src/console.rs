//! Writing to stdout and stderr without panicking, and keeping untrusted text from steering the
//! terminal.
//!
//! `println!` and `eprintln!` panic when the write fails (a closed pipe, a full disk). Here a
//! closed pipe ends the output quietly (`check --format json | head -c1`, warnings piped to
//! `head`), and any other failure is an I/O error: stdout's is returned to the caller, stderr's is
//! remembered and turns the exit code into 2 at the end of the run ([`stderr_failed`]), so a run
//! whose warnings cannot be shown still writes its output.

use std::borrow::Cow;
use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set when a write to stderr failed for another reason than a closed pipe.
static STDERR_FAILED: AtomicBool = AtomicBool::new(false);

/// Writes `bytes` to stderr in one go; a failure is remembered, not raised.
pub fn write_stderr(bytes: &[u8]) {
    let mut err = std::io::stderr().lock();
    if let Err(e) = err.write_all(bytes).and_then(|()| err.flush()) {
        if e.kind() != ErrorKind::BrokenPipe {
            STDERR_FAILED.store(true, Ordering::Relaxed);
        }
    }
}

/// Writes `line` and a newline to stderr, control characters escaped.
pub fn eprint_line(line: &str) {
    let mut text = escape_controls(line).into_owned();
    text.push('\n');
    write_stderr(text.as_bytes());
}

/// Writes `error: {message}` to stderr.
pub fn error(message: &str) {
    eprint_line(&format!("error: {message}"));
}

/// Whether a write to stderr failed (other than on a closed pipe).
pub fn stderr_failed() -> bool {
    STDERR_FAILED.load(Ordering::Relaxed)
}

/// Writes `bytes` to stdout, flushed. A closed pipe is not an error: the reader has what it
/// wanted.
pub fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write to stdout: {e}")),
    }
}

/// `text` with every control character except newline and tab written as `\u{..}`, so a value of
/// a spec cannot set the window title or clear the screen when it is shown in a message. A
/// carriage return is kept only before a newline (a CRLF line ending).
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    let needs =
        |(i, c): (usize, char)| is_escaped(c) && !(c == '\r' && text[i + 1..].starts_with('\n'));
    if !text.char_indices().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, c) in text.char_indices() {
        if needs((i, c)) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Control characters shown escaped: C0 (but newline and tab), DEL and C1, and the bidirectional
/// overrides and isolates that reorder what a terminal shows.
pub fn is_escaped(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_line_breaks_kept() {
        assert_eq!(escape_controls("plain é\ttab\n"), "plain é\ttab\n");
        assert_eq!(
            escape_controls("a\u{1b}]0;title\u{7}b"),
            "a\\u{1b}]0;title\\u{7}b"
        );
        assert_eq!(escape_controls("crlf\r\nlone\rcr"), "crlf\r\nlone\\u{d}cr");
        assert_eq!(escape_controls("\u{9b}2J\u{202e}"), "\\u{9b}2J\\u{202e}");
    }
}
