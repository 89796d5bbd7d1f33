//! A line scanner for HCL: the brackets a line opens or closes, its assignment, the heredoc it
//! starts, with strings, interpolations and comments skipped. It cuts large HCL into runs of
//! top-level blocks (the checker parses a spec run by run; the emitter parses its output back
//! the same way) and drives the `terraform fmt` layout of generated files.

/// What the scanner learned about one line.
#[derive(Debug, Default)]
pub struct LineInfo<'a> {
    /// Net change of bracket depth over the line.
    pub net: i32,
    /// Byte offset of the assignment `=` when the line holds a whole `name = value`.
    pub assign: Option<usize>,
    /// The heredoc marker when the line opens a heredoc.
    pub heredoc: Option<&'a str>,
}

/// Scans a line of HCL outside heredocs: brackets, the first `=`, strings, comments.
pub fn scan(line: &str) -> LineInfo<'_> {
    let b = line.as_bytes();
    let mut info = LineInfo::default();
    let mut i = 0;
    let mut first_eq: Option<usize> = None;
    let mut net_at_eq = 0;
    let mut tokens_before = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i = skip_string(b, i + 1);
                tokens_before += 1;
                continue;
            }
            b'#' => break,
            b'/' if b.get(i + 1) == Some(&b'/') => break,
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = find(b, i + 2, b"*/").map_or(b.len(), |j| j + 2);
                continue;
            }
            b'{' | b'[' | b'(' => info.net += 1,
            b'}' | b']' | b')' => info.net -= 1,
            b'<' if b.get(i + 1) == Some(&b'<') => {
                let mut j = i + 2;
                if b.get(j) == Some(&b'-') {
                    j += 1;
                }
                let start = j;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'-')
                {
                    j += 1;
                }
                if j > start && line[j..].trim().is_empty() {
                    info.heredoc = Some(&line[start..j]);
                    break;
                }
                i += 2;
                continue;
            }
            b'=' => {
                let next = b.get(i + 1).copied();
                let prev = if i > 0 { b[i - 1] } else { b' ' };
                if next == Some(b'=') || next == Some(b'>') {
                    i += 2;
                    continue;
                }
                if first_eq.is_none()
                    && !matches!(prev, b'!' | b'<' | b'>' | b'=')
                    && tokens_before > 0
                {
                    first_eq = Some(i);
                    net_at_eq = info.net;
                }
            }
            c if c.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            _ => {}
        }
        tokens_before += 1;
        i += 1;
    }
    if let Some(eq) = first_eq {
        if info.net - net_at_eq == 0 && info.heredoc.is_none() {
            info.assign = Some(eq);
        }
    }
    info
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    (from..b.len().saturating_sub(needle.len() - 1)).find(|&j| b[j..].starts_with(needle))
}

/// Skips a quoted string whose opening quote is before `i`; returns the index after the
/// closing quote (or the end of the line).
fn skip_string(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            b'$' | b'%' if b.get(i + 1) == Some(&b[i]) && b.get(i + 2) == Some(&b'{') => i += 3,
            b'$' | b'%' if b.get(i + 1) == Some(&b'{') => i = skip_interpolation(b, i + 2),
            _ => i += 1,
        }
    }
    b.len()
}

/// Skips the inside of `${ ... }` up to and including its closing brace.
fn skip_interpolation(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i = skip_string(b, i + 1);
                continue;
            }
            b'{' | b'[' | b'(' => depth += 1,
            b'}' if depth == 0 => return i + 1,
            b'}' | b']' | b')' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// A run of whole top-level structures of HCL text (see [`top_level_runs`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run<'a> {
    /// The number of its first line in the text, counted from 0.
    pub line: usize,
    /// The byte offset of its start in the text.
    pub offset: usize,
    /// Its text.
    pub text: &'a str,
}

/// Splits HCL text into runs of whole top-level structures: cut at blank lines outside every
/// bracket and heredoc. Each run ends with a newline, so when every run is a valid HCL body
/// the text is one; parsing run by run keeps one small syntax tree in memory at a time. A cut
/// can only land inside a multi-line token (a block comment) when the run holding the token's
/// start then does not parse, so callers fall back to parsing the whole text when a run fails.
pub fn top_level_runs(text: &str) -> Vec<Run<'_>> {
    let mut runs = Vec::new();
    let (mut depth, mut heredoc): (i32, Option<&str>) = (0, None);
    let (mut start, mut start_line, mut offset) = (0, 0, 0);
    for (number, raw) in text.split_inclusive('\n').enumerate() {
        let line = raw.trim();
        if let Some(marker) = heredoc {
            if line == marker {
                heredoc = None;
            }
        } else if line.is_empty() && depth == 0 && offset > start {
            runs.push(Run {
                line: start_line,
                offset: start,
                text: &text[start..offset + raw.len()],
            });
            start = offset + raw.len();
            start_line = number + 1;
        } else {
            let info = scan(line);
            depth += info.net;
            heredoc = info.heredoc;
        }
        offset += raw.len();
    }
    if start < text.len() {
        runs.push(Run {
            line: start_line,
            offset: start,
            text: &text[start..],
        });
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_comments_do_not_count() {
        let info = scan("x = \"a\" == \"b\"");
        assert_eq!(info.assign, Some(2));
        assert_eq!(scan("k = {").assign, None);
        assert_eq!(scan("a = \"{ = [\" # {").net, 0);
        assert_eq!(scan("a = \"${x.y} \\\" {\" /* { */ {").net, 1);
        assert_eq!(scan("a = <<EOT").heredoc, Some("EOT"));
    }

    #[test]
    fn runs_are_cut_at_blank_lines_outside_brackets_and_heredocs() {
        let text = "# c\n\na {\n  b = 1\n\n  c = 2\n}\n\nd = <<EOT\n\nx\nEOT\n\ne = \"{\"\n";
        let runs = top_level_runs(text);
        let got: Vec<(usize, usize, &str)> =
            runs.iter().map(|r| (r.line, r.offset, r.text)).collect();
        assert_eq!(
            got,
            vec![
                (0, 0, "# c\n\n"),
                (2, 5, "a {\n  b = 1\n\n  c = 2\n}\n\n"),
                (8, 29, "d = <<EOT\n\nx\nEOT\n\n"),
                (13, 47, "e = \"{\"\n"),
            ]
        );
        assert!(runs
            .iter()
            .all(|r| &text[r.offset..r.offset + r.text.len()] == r.text));
        assert!(top_level_runs("").is_empty());
    }
}
