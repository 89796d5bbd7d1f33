//! The layout half of `terraform fmt` (hclwrite's `formatIndent` and `formatCells`), applied to
//! rendered HCL so every file is a fixed point of `terraform fmt` whatever the indentation of
//! the templates and of multi-line values:
//!
//! - each line is indented by two spaces per open bracket level, where a line that opens
//!   several brackets opens one level and a line that closes them closes it;
//! - consecutive lines that each hold a whole `name = value` get their `=` aligned one column
//!   after the longest name (width in grapheme clusters, as hclwrite counts with textseg);
//! - blank lines: none at the start or end of the file, after an opening line or before a
//!   closing line, and never two in a row; trailing blanks are removed.
//!
//! Spacing inside a line is left as written; [`super::hcl`] writes it the canonical way.
//! Heredoc bodies are kept verbatim.

use unicode_segmentation::UnicodeSegmentation;

/// What the scanner learned about one line.
#[derive(Debug, Default)]
struct LineInfo {
    /// Net change of bracket depth over the line.
    net: i32,
    /// Byte offset of the assignment `=` when the line holds a whole `name = value`.
    assign: Option<usize>,
    /// The heredoc marker when the line opens a heredoc.
    heredoc: Option<String>,
}

/// Scans a line of HCL outside heredocs: brackets, the first `=`, strings, comments.
fn scan(line: &str) -> LineInfo {
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
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'-') {
                    j += 1;
                }
                if j > start && line[j..].trim().is_empty() {
                    info.heredoc = Some(line[start..j].to_string());
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
                if first_eq.is_none() && !matches!(prev, b'!' | b'<' | b'>' | b'=') && tokens_before > 0 {
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

/// A line of the output: its text without indentation, or a verbatim heredoc body line.
struct Line {
    text: String,
    verbatim: bool,
    info: LineInfo,
}

/// Formats HCL text: indentation, `=` alignment and blank lines as `terraform fmt` leaves them.
pub fn format(text: &str) -> String {
    // Split into lines, keeping heredoc bodies verbatim.
    let mut lines: Vec<Line> = Vec::new();
    let mut heredoc: Option<String> = None;
    for raw in text.split('\n') {
        if let Some(marker) = &heredoc {
            let done = raw.trim() == marker;
            lines.push(Line { text: raw.to_string(), verbatim: !done, info: LineInfo::default() });
            if done {
                let last = lines.last_mut().expect("just pushed");
                last.text = raw.trim().to_string();
                heredoc = None;
            }
            continue;
        }
        let trimmed = raw.trim();
        let info = scan(trimmed);
        heredoc.clone_from(&info.heredoc);
        lines.push(Line { text: trimmed.to_string(), verbatim: false, info });
    }

    // Blank lines.
    let mut kept: Vec<Line> = Vec::new();
    for line in lines {
        let blank = !line.verbatim && line.text.is_empty();
        if blank {
            match kept.last() {
                None => continue,
                Some(prev) if !prev.verbatim && (prev.text.is_empty() || prev.info.net > 0) => continue,
                _ => {}
            }
        } else if !line.verbatim && starts_with_closer(&line.text) {
            while kept.last().is_some_and(|l| !l.verbatim && l.text.is_empty()) {
                kept.pop();
            }
        }
        kept.push(line);
    }
    while kept.last().is_some_and(|l| !l.verbatim && l.text.is_empty()) {
        kept.pop();
    }

    // Indentation (hclwrite formatIndent).
    let mut indents: Vec<i32> = Vec::new();
    let mut levels: Vec<usize> = Vec::with_capacity(kept.len());
    for line in &kept {
        if line.verbatim || line.text.is_empty() {
            levels.push(0);
            continue;
        }
        let net = line.info.net;
        if net > 0 {
            levels.push(indents.len());
            indents.push(net);
        } else if net < 0 {
            let mut closed = -net;
            while closed > 0 {
                let Some(top) = indents.last_mut() else { break };
                if closed > *top {
                    closed -= *top;
                    indents.pop();
                } else if closed < *top {
                    *top -= closed;
                    closed = 0;
                } else {
                    indents.pop();
                    closed = 0;
                }
            }
            levels.push(indents.len());
        } else {
            levels.push(indents.len());
        }
    }

    // Alignment (hclwrite formatCells): chains of consecutive assignment lines.
    let mut out_lines: Vec<String> = Vec::with_capacity(kept.len());
    let mut i = 0;
    while i < kept.len() {
        if kept[i].verbatim || kept[i].info.assign.is_none() {
            let line = &kept[i];
            out_lines.push(if line.verbatim || line.text.is_empty() {
                line.text.clone()
            } else {
                format!("{}{}", "  ".repeat(levels[i]), line.text)
            });
            i += 1;
            continue;
        }
        let start = i;
        while i < kept.len() && !kept[i].verbatim && kept[i].info.assign.is_some() {
            i += 1;
        }
        let cells: Vec<(String, &str)> = (start..i)
            .map(|j| {
                let text = &kept[j].text;
                let eq = kept[j].info.assign.expect("assignment line");
                (format!("{}{}", "  ".repeat(levels[j]), text[..eq].trim_end()), text[eq + 1..].trim_start())
            })
            .collect();
        let width = cells.iter().map(|(lead, _)| columns(lead)).max().unwrap_or(0);
        for (lead, rest) in cells {
            let pad = width - columns(&lead) + 1;
            let mut line = format!("{lead}{}=", " ".repeat(pad));
            if !rest.is_empty() {
                line.push(' ');
                line.push_str(rest);
            }
            out_lines.push(line);
        }
    }
    let mut out = out_lines.join("\n");
    out.push('\n');
    out
}

fn starts_with_closer(text: &str) -> bool {
    text.starts_with(['}', ']', ')'])
}

/// Columns as hclwrite counts them: grapheme clusters.
fn columns(s: &str) -> usize {
    s.graphemes(true).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_and_aligns() {
        let input = "# c\n\n\nresource \"a\" \"b\" {\n\n name = \"x\"\n      image_tag_mutability=\"I\"\n tags = merge({\n\"cost-center\" = \"cc\"\nteam = \"p\"\n\"café\" = \"x\"\n}, var.tags)\n policy = jsonencode({\nStatement = [\n{\nAction = [\"a\", \"b\"]\nEffect = \"Allow\"\n},\n]\n})\n\n\n lifecycle {\nprevent_destroy = true\n}\n\n}\n\n";
        let want = "# c\n\nresource \"a\" \"b\" {\n  name                 = \"x\"\n  image_tag_mutability = \"I\"\n  tags = merge({\n    \"cost-center\" = \"cc\"\n    team          = \"p\"\n    \"café\"        = \"x\"\n  }, var.tags)\n  policy = jsonencode({\n    Statement = [\n      {\n        Action = [\"a\", \"b\"]\n        Effect = \"Allow\"\n      },\n    ]\n  })\n\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n";
        assert_eq!(format(input), want);
        assert_eq!(format(want), want);
    }

    #[test]
    fn strings_do_not_confuse_the_scanner() {
        let input = "a = \"{ = [\"\nbb = \"${x.y} \\\" {\"\nc = \"$${\"\n";
        assert_eq!(format(input), "a  = \"{ = [\"\nbb = \"${x.y} \\\" {\"\nc  = \"$${\"\n");
        let info = scan("x = \"a\" == \"b\"");
        assert_eq!(info.assign, Some(2));
        assert_eq!(scan("k = {").assign, None);
    }

    #[test]
    fn heredocs_are_verbatim() {
        let input = "a = <<EOT\n  keep   = this\nEOT\nbb = 1\n";
        assert_eq!(format(input), "a = <<EOT\n  keep   = this\nEOT\nbb = 1\n");
    }

    #[test]
    fn graphemes_count_once() {
        assert_eq!(format("\"👍🏽\" = 1\n\"abc\" = 2\n"), "\"👍🏽\"   = 1\n\"abc\" = 2\n");
    }
}
