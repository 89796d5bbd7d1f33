//! `ecrgen fmt`: the canonical layout of a spec file, as `terraform fmt` writes it.
//!
//! The tree from hcl-edit gives structure and spans; comments and blank lines come from the
//! source text between spans, so nothing the user wrote is lost. Lines are then aligned the way
//! hclwrite does it: `=` within a run of consecutive single-line attributes, trailing comments
//! within a run of consecutive commented lines.

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Body, Structure};
use hcl_edit::Span as _;

use crate::check::parse_file;
use crate::diagnostic::Diagnostic;

/// One output line split into the cells hclwrite aligns.
#[derive(Debug, Default, Clone)]
struct Line {
    indent: usize,
    /// Text before the `=` (or the whole line when it has no aligned `=`).
    lead: String,
    /// `= value` of a single-line attribute or object entry.
    assign: Option<String>,
    /// A trailing comment.
    comment: Option<String>,
    /// Verbatim text (heredoc bodies), written as is.
    verbatim: bool,
}

impl Line {
    fn text(indent: usize, lead: impl Into<String>) -> Self {
        Self {
            indent,
            lead: lead.into(),
            ..Self::default()
        }
    }
    fn blank() -> Self {
        Self::default()
    }
    fn width(&self) -> usize {
        self.indent + self.lead.chars().count()
    }
}

/// Formats `text`; a syntax error is returned as a diagnostic and nothing is formatted.
pub fn format_source(text: &str) -> Result<String, Diagnostic> {
    let body = parse_file(0, text)?;
    let mut f = Formatter {
        src: text,
        lines: Vec::new(),
    };
    f.body(&body, 0, 0, text.len());
    Ok(f.finish())
}

struct Formatter<'s> {
    src: &'s str,
    lines: Vec<Line>,
}

/// Comments and blank lines found in a gap of source text.
struct Gap {
    /// A comment on the same line as the previous item.
    trailing: Option<String>,
    /// Lines after it: `None` is a blank line, `Some` a comment line.
    lines: Vec<Option<String>>,
}

/// The text between two array items without the comma that separates them: the first
/// character after blanks, when it is a comma. A comma inside a comment stays.
fn without_separator(gap: &str) -> String {
    let blank = gap.len() - gap.trim_start().len();
    match gap[blank..].strip_prefix(',') {
        Some(rest) => format!("{} {rest}", &gap[..blank]),
        None => gap.to_string(),
    }
}

fn parse_gap(gap: &str) -> Gap {
    let mut trailing = None;
    let mut lines = Vec::new();
    let mut first = true;
    let mut rest = gap;
    // Block comments may span lines: split into comment tokens and newlines.
    let mut pending_blank = 0usize;
    let mut saw_newline = false;
    while !rest.is_empty() {
        let trimmed = rest.trim_start_matches([' ', '\t', '\r']);
        if let Some(after) = trimmed.strip_prefix('\n') {
            if saw_newline {
                pending_blank += 1;
            }
            saw_newline = true;
            first = false;
            rest = after;
            continue;
        }
        if trimmed.is_empty() {
            break;
        }
        let (comment, after) = if trimmed.starts_with('#') || trimmed.starts_with("//") {
            let end = trimmed.find('\n').unwrap_or(trimmed.len());
            (trimmed[..end].trim_end().to_string(), &trimmed[end..])
        } else if trimmed.starts_with("/*") {
            let end = trimmed.find("*/").map_or(trimmed.len(), |e| e + 2);
            (trimmed[..end].to_string(), &trimmed[end..])
        } else {
            // Not a comment (a stray token the caller does not model): keep it as a line.
            let end = trimmed.find('\n').unwrap_or(trimmed.len());
            (trimmed[..end].trim_end().to_string(), &trimmed[end..])
        };
        if first {
            trailing = Some(comment);
        } else {
            for _ in 0..pending_blank {
                lines.push(None);
            }
            pending_blank = 0;
            lines.push(Some(comment));
        }
        saw_newline = false;
        first = false;
        rest = after;
    }
    if pending_blank > 0 {
        for _ in 0..pending_blank {
            lines.push(None);
        }
    }
    Gap { trailing, lines }
}

impl<'s> Formatter<'s> {
    fn slice(&self, range: std::ops::Range<usize>) -> &'s str {
        &self.src[range]
    }

    fn attach_trailing(&mut self, comment: Option<String>) {
        if let Some(c) = comment {
            if let Some(last) = self.lines.last_mut() {
                if last.verbatim {
                    // The last line of a multi-line value is written as it is, and so is the
                    // comment after it (it has no cell to align; it was dropped, found by fuzzing).
                    last.lead.push(' ');
                    last.lead.push_str(&c);
                } else {
                    last.comment = Some(c);
                }
            }
        }
    }

    fn gap_lines(&mut self, gap: &Gap, indent: usize, leading_blank_ok: bool) {
        let mut iter = gap.lines.iter().peekable();
        // At the start of a body, blank lines before the first item are dropped.
        if !leading_blank_ok {
            while iter.peek().is_some_and(|l| l.is_none()) {
                iter.next();
            }
        }
        for l in iter {
            match l {
                None => self.lines.push(Line::blank()),
                Some(c) => self.lines.push(Line::text(indent, c.clone())),
            }
        }
    }

    /// Formats `body` whose items lie within `start..end` of the source, at `indent`.
    fn body(&mut self, body: &Body, indent: usize, start: usize, end: usize) {
        let mut pos = start;
        let mut first = true;
        for s in body.iter() {
            let Some(span) = s.span() else { continue };
            // At the very start of the file there is no line for a comment to trail.
            let text = self.slice(pos..span.start);
            let gap = if pos == 0 {
                parse_gap(&format!("\n{text}"))
            } else {
                parse_gap(text)
            };
            self.attach_trailing(gap.trailing.clone());
            self.gap_lines(&gap, indent, !first);
            first = false;
            match s {
                Structure::Attribute(a) => {
                    let key = a.key.as_str().to_string();
                    self.assignment(indent, key, &a.value);
                }
                Structure::Block(b) => {
                    let mut header = b.ident.as_str().to_string();
                    for l in &b.labels {
                        header.push(' ');
                        match l.span() {
                            Some(r) => header.push_str(self.slice(r)),
                            None => header.push_str(&format!("{:?}", l.as_str())),
                        }
                    }
                    // The body's brace is the first after the header: a label may hold one
                    // (`"a%%{b"` is a label with a literal `%{`).
                    let header_end = b
                        .labels
                        .last()
                        .and_then(|l| l.span())
                        .or_else(|| b.ident.span())
                        .map_or(span.start, |r| r.end);
                    let open = self.src[header_end..span.end]
                        .find('{')
                        .map_or(span.start, |o| header_end + o);
                    let close = self.src[..span.end].rfind('}').unwrap_or(span.end);
                    let inner = self.slice(open + 1..close);
                    if b.body.is_empty() && inner.trim().is_empty() {
                        self.lines
                            .push(Line::text(indent, format!("{header} {{}}")));
                    } else if b.body.is_empty() {
                        self.lines.push(Line::text(indent, format!("{header} {{")));
                        let gap = parse_gap(inner);
                        self.attach_trailing(gap.trailing.clone());
                        self.gap_lines(&gap, indent + 2, false);
                        self.trim_trailing_blanks();
                        self.lines.push(Line::text(indent, "}"));
                    } else {
                        self.lines.push(Line::text(indent, format!("{header} {{")));
                        self.body(&b.body, indent + 2, open + 1, close);
                        self.lines.push(Line::text(indent, "}"));
                    }
                }
            }
            pos = span.end;
        }
        let text = self.slice(pos..end);
        let gap = if pos == 0 {
            parse_gap(&format!("\n{text}"))
        } else {
            parse_gap(text)
        };
        self.attach_trailing(gap.trailing.clone());
        self.gap_lines(&gap, indent, true);
        self.trim_trailing_blanks();
    }

    fn trim_trailing_blanks(&mut self) {
        while self.lines.last().is_some_and(|l| {
            l.lead.is_empty() && l.assign.is_none() && l.comment.is_none() && !l.verbatim
        }) {
            self.lines.pop();
        }
    }

    /// `key = value`, single-line when the value fits on one line, else opened here.
    fn assignment(&mut self, indent: usize, key: String, value: &Expression) {
        if let Some(text) = self.inline(value) {
            let mut line = Line::text(indent, key);
            line.assign = Some(format!("= {text}"));
            self.lines.push(line);
            return;
        }
        self.multiline(indent, format!("{key} = "), value, "");
    }

    /// The one-line text of `expr`, or `None` when it was written across lines.
    fn inline(&self, expr: &Expression) -> Option<String> {
        let span = expr.span()?;
        let raw = self.slice(span.clone());
        match expr {
            Expression::Array(items) => {
                if raw.contains('\n') {
                    return None;
                }
                let parts: Option<Vec<String>> = items.iter().map(|i| self.inline(i)).collect();
                Some(format!("[{}]", parts?.join(", ")))
            }
            Expression::Object(obj) => {
                if raw.contains('\n') {
                    return None;
                }
                if obj.is_empty() {
                    return Some("{}".into());
                }
                let parts: Option<Vec<String>> = obj
                    .iter()
                    .map(|(k, v)| Some(format!("{} = {}", self.key(k), self.inline(v.expr())?)))
                    .collect();
                Some(format!("{{ {} }}", parts?.join(", ")))
            }
            Expression::HeredocTemplate(_) => None,
            _ => {
                if raw.contains('\n') {
                    None
                } else {
                    Some(raw.trim().to_string())
                }
            }
        }
    }

    fn key(&self, k: &ObjectKey) -> String {
        match k.span() {
            Some(r) => self.slice(r).trim().to_string(),
            None => match k {
                ObjectKey::Ident(i) => i.as_str().to_string(),
                ObjectKey::Expression(e) => e.to_string(),
            },
        }
    }

    /// Writes a multi-line value that starts after `prefix` on the current line; `suffix`
    /// (a comma in arrays) follows its closing bracket.
    fn multiline(&mut self, indent: usize, prefix: String, value: &Expression, suffix: &str) {
        let span = value.span().unwrap_or(0..0);
        match value {
            Expression::Object(obj) => {
                self.lines.push(Line::text(indent, format!("{prefix}{{")));
                let mut pos = span.start + 1;
                let mut first = true;
                for (k, v) in obj.iter() {
                    let kspan = k.span().unwrap_or(pos..pos);
                    let gap = parse_gap(self.slice(pos..kspan.start));
                    self.attach_trailing(gap.trailing.clone());
                    self.gap_lines(&gap, indent + 2, !first);
                    first = false;
                    let key = self.key(k);
                    self.assignment(indent + 2, key, v.expr());
                    let vend = v.expr().span().map_or(kspan.end, |r| r.end);
                    pos = vend;
                    // Skip an entry separator written after the value.
                    let rest = self.slice(pos..span.end);
                    let skip = rest.len() - rest.trim_start_matches([' ', '\t']).len();
                    if rest[skip..].starts_with(',') {
                        pos += skip + 1;
                    }
                }
                let gap = parse_gap(self.slice(pos..span.end - 1));
                self.attach_trailing(gap.trailing.clone());
                self.gap_lines(&gap, indent + 2, true);
                self.trim_trailing_blanks();
                self.lines.push(Line::text(indent, format!("}}{suffix}")));
            }
            Expression::Array(items) => {
                self.lines.push(Line::text(indent, format!("{prefix}[")));
                let mut pos = span.start + 1;
                let mut first = true;
                for item in items.iter() {
                    let ispan = item.span().unwrap_or(pos..pos);
                    let gap = parse_gap(&without_separator(self.slice(pos..ispan.start)));
                    self.attach_trailing(gap.trailing.clone());
                    self.gap_lines(&gap, indent + 2, !first);
                    first = false;
                    match self.inline(item) {
                        Some(t) => self.lines.push(Line::text(indent + 2, format!("{t},"))),
                        None => self.multiline(indent + 2, String::new(), item, ","),
                    }
                    pos = ispan.end;
                }
                let tail = without_separator(self.slice(pos..span.end - 1));
                let gap = parse_gap(&tail);
                self.attach_trailing(gap.trailing.clone());
                self.gap_lines(&gap, indent + 2, true);
                self.trim_trailing_blanks();
                self.lines.push(Line::text(indent, format!("]{suffix}")));
            }
            _ => {
                // Heredocs and other multi-line text: first line after the prefix, the rest verbatim.
                let raw = self.slice(span).to_string();
                let mut parts = raw.split('\n');
                let first = parts.next().unwrap_or_default();
                self.lines
                    .push(Line::text(indent, format!("{prefix}{first}")));
                for p in parts {
                    self.lines.push(Line {
                        lead: p.trim_end_matches('\r').to_string(),
                        verbatim: true,
                        ..Line::default()
                    });
                }
                if let Some(last) = self.lines.last_mut() {
                    last.lead.push_str(suffix);
                }
            }
        }
    }

    fn finish(mut self) -> String {
        align(&mut self.lines);
        let mut out = String::new();
        for l in &self.lines {
            if l.verbatim {
                out.push_str(&l.lead);
            } else if !(l.lead.is_empty() && l.assign.is_none() && l.comment.is_none()) {
                out.push_str(&" ".repeat(l.indent));
                out.push_str(&l.lead);
                if let Some(a) = &l.assign {
                    out.push_str(a);
                }
                if let Some(c) = &l.comment {
                    out.push_str(c);
                }
            }
            out.push('\n');
        }
        // One trailing newline, no leading blank lines.
        let trimmed = out.trim_start_matches('\n').trim_end_matches('\n');
        if trimmed.is_empty() {
            String::new()
        } else {
            format!("{trimmed}\n")
        }
    }
}

/// hclwrite's cell alignment: pads `lead` before `=` across runs of lines with an assign cell,
/// then pads before comments across runs of lines with a comment.
fn align(lines: &mut [Line]) {
    let mut i = 0;
    while i < lines.len() {
        if lines[i].assign.is_none() || lines[i].verbatim {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && lines[i].assign.is_some() && !lines[i].verbatim {
            i += 1;
        }
        let width = lines[start..i].iter().map(Line::width).max().unwrap_or(0);
        for l in &mut lines[start..i] {
            let pad = width - l.width() + 1;
            l.lead.push_str(&" ".repeat(pad));
        }
    }
    let mut i = 0;
    while i < lines.len() {
        if lines[i].comment.is_none() {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && lines[i].comment.is_some() {
            i += 1;
        }
        let full = |l: &Line| l.width() + l.assign.as_ref().map_or(0, |a| a.chars().count());
        let width = lines[start..i].iter().map(full).max().unwrap_or(0);
        for l in &mut lines[start..i] {
            let pad = width - full(l) + 1;
            let c = l.comment.take().unwrap_or_default();
            l.comment = Some(format!("{}{c}", " ".repeat(pad)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::format_source;

    #[test]
    fn aligns_and_indents_like_terraform_fmt() {
        let src = "repository \"Repo\" {\nimage_scan_on_push=true\n    image_tag_mutability = \"IMMUTABLE\" # keep\n\n  lifecycle_rule {\n  max_image_count = 5\n  }\n}\niam_user \"U\" {}\n";
        let out = format_source(src).unwrap();
        assert_eq!(
            out,
            "repository \"Repo\" {\n  image_scan_on_push   = true\n  image_tag_mutability = \"IMMUTABLE\" # keep\n\n  lifecycle_rule {\n    max_image_count = 5\n  }\n}\niam_user \"U\" {}\n"
        );
        assert_eq!(format_source(&out).unwrap(), out);
    }

    #[test]
    fn a_brace_inside_a_label_is_not_the_body() {
        // Found by the fmt_idempotent fuzz target: the body was taken to start inside the label.
        let src = "repository \"R%%{epo\" {\n  image_scan_on_push = true\n}\nrepository \"{\" {}\n";
        assert_eq!(format_source(src).unwrap(), src);
    }

    #[test]
    fn commas_in_comments_inside_arrays_are_kept() {
        // Found by the fmt_idempotent fuzz target: the separator was taken to be the first
        // comma of the gap, which was inside a comment.
        let src = "repository \"R\" {\n  image_tag_mutability_exclusion_filters = [ # a, b\n    \"a*\", # c, d\n    \"b*\"\n    , \"c*\" # e, f\n  ]\n}\n";
        let out = format_source(src).unwrap();
        assert_eq!(
            out,
            // Trailing comments of consecutive lines align, as hclwrite aligns them.
            "repository \"R\" {\n  image_tag_mutability_exclusion_filters = [ # a, b\n    \"a*\",                                    # c, d\n    \"b*\",\n    \"c*\", # e, f\n  ]\n}\n"
        );
        assert_eq!(format_source(&out).unwrap(), out);
    }

    #[test]
    fn a_comment_after_a_multi_line_value_is_kept() {
        // Found by the fmt_idempotent fuzz target: the comment after the last line of a value
        // written across lines was dropped.
        let src = "a = [\"x\"] # one\n  ==2 # two\nb = 2 # three\n";
        let out = format_source(src).unwrap();
        assert!(out.contains("  ==2 # two\n"), "{out}");
        assert!(out.contains("# one") && out.contains("# three"), "{out}");
        assert_eq!(format_source(&out).unwrap(), out);
    }

    #[test]
    fn multiline_objects_break_alignment_runs() {
        let src = "output \"X\" {\n  description = \"d\"\n  value = \"v\"\n  tags = {\n    a = \"1\"\n    long_key = \"2\"\n  }\n  export_name = \"e\"\n}\n";
        let out = format_source(src).unwrap();
        assert_eq!(
            out,
            "output \"X\" {\n  description = \"d\"\n  value       = \"v\"\n  tags = {\n    a        = \"1\"\n    long_key = \"2\"\n  }\n  export_name = \"e\"\n}\n"
        );
    }

    #[test]
    fn comments_are_kept() {
        let src = "# head\n\nrepository \"R\" { # open\n  # inside\n  tags = {\n    a = \"1\" # one\n  }\n}\n# tail\n";
        let out = format_source(src).unwrap();
        assert_eq!(out, src);
    }
}
