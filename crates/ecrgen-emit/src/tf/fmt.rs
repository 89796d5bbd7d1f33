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

use ecrgen_core::hcl_lines::scan;
pub use ecrgen_core::hcl_lines::top_level_runs;
use unicode_segmentation::UnicodeSegmentation;

/// A line of the output: its text without indentation, or a verbatim heredoc body line.
struct Line<'a> {
    text: &'a str,
    verbatim: bool,
    /// Net change of bracket depth over the line.
    net: i32,
    /// Byte offset of the assignment `=` when the line holds a whole `name = value`.
    assign: Option<usize>,
}

/// Formats HCL text: indentation, `=` alignment and blank lines as `terraform fmt` leaves them.
pub fn format(text: &str) -> String {
    // Split into lines, keeping heredoc bodies verbatim, and drop the blank lines fmt removes.
    // Sized up front: growing a vector of half a million lines copied it several times over.
    let mut kept: Vec<Line<'_>> =
        Vec::with_capacity(text.bytes().filter(|&b| b == b'\n').count() + 1);
    let mut heredoc: Option<&str> = None;
    for raw in text.split('\n') {
        if let Some(marker) = heredoc {
            let done = raw.trim() == marker;
            let text = if done { raw.trim() } else { raw };
            kept.push(Line {
                text,
                verbatim: !done,
                net: 0,
                assign: None,
            });
            if done {
                heredoc = None;
            }
            continue;
        }
        let trimmed = raw.trim();
        let info = scan(trimmed);
        heredoc = info.heredoc;
        let line = Line {
            text: trimmed,
            verbatim: false,
            net: info.net,
            assign: info.assign,
        };
        if line.text.is_empty() {
            match kept.last() {
                None => continue,
                Some(prev) if !prev.verbatim && (prev.text.is_empty() || prev.net > 0) => continue,
                _ => {}
            }
        } else if starts_with_closer(line.text) {
            while kept
                .last()
                .is_some_and(|l| !l.verbatim && l.text.is_empty())
            {
                kept.pop();
            }
        }
        kept.push(line);
    }
    while kept
        .last()
        .is_some_and(|l| !l.verbatim && l.text.is_empty())
    {
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
        let net = line.net;
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

    // Alignment (hclwrite formatCells): chains of consecutive assignment lines. The output is
    // written into one string; a 10,000-repository main.tf has over half a million lines.
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let indent = |out: &mut String, level: usize| {
        for _ in 0..level {
            out.push_str("  ");
        }
    };
    let mut i = 0;
    while i < kept.len() {
        if kept[i].verbatim || kept[i].assign.is_none() {
            let line = &kept[i];
            if !line.verbatim && !line.text.is_empty() {
                indent(&mut out, levels[i]);
            }
            out.push_str(line.text);
            out.push('\n');
            i += 1;
            continue;
        }
        let start = i;
        while i < kept.len() && !kept[i].verbatim && kept[i].assign.is_some() {
            i += 1;
        }
        fn split<'a>(line: &Line<'a>) -> (&'a str, &'a str) {
            let eq = line.assign.expect("assignment line");
            (line.text[..eq].trim_end(), line.text[eq + 1..].trim_start())
        }
        let chain = kept[start..i].iter().zip(&levels[start..i]);
        let width = chain
            .clone()
            .map(|(line, level)| 2 * level + columns(split(line).0))
            .max()
            .unwrap_or(0);
        for (line, &level) in chain {
            let (name, rest) = split(line);
            indent(&mut out, level);
            out.push_str(name);
            for _ in 0..width - 2 * level - columns(name) + 1 {
                out.push(' ');
            }
            out.push('=');
            if !rest.is_empty() {
                out.push(' ');
                out.push_str(rest);
            }
            out.push('\n');
        }
    }
    if out.is_empty() {
        out.push('\n');
    }
    out
}

fn starts_with_closer(text: &str) -> bool {
    text.starts_with(['}', ']', ')'])
}

/// Columns as hclwrite counts them: grapheme clusters (one per byte in ASCII text, the usual
/// case, which skips the segmentation).
fn columns(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.graphemes(true).count()
    }
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
        assert_eq!(
            format(input),
            "a  = \"{ = [\"\nbb = \"${x.y} \\\" {\"\nc  = \"$${\"\n"
        );
    }

    #[test]
    fn heredocs_are_verbatim() {
        let input = "a = <<EOT\n  keep   = this\nEOT\nbb = 1\n";
        assert_eq!(format(input), "a = <<EOT\n  keep   = this\nEOT\nbb = 1\n");
    }

    #[test]
    fn graphemes_count_once() {
        assert_eq!(
            format("\"👍🏽\" = 1\n\"abc\" = 2\n"),
            "\"👍🏽\"   = 1\n\"abc\" = 2\n"
        );
    }
}
