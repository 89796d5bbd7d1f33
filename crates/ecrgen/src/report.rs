//! Printing diagnostics: rustc-style on stderr, or SPEC §4 JSON on stdout.
//!
//! Human diagnostics are rendered into a buffer and written in large chunks (one write per byte
//! made 10,000 warnings take seconds), each from an excerpt of its source: the lines of the
//! span, a long line cut to a window around the caret, control characters escaped.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{
    self,
    termcolor::{BufferWriter, ColorChoice},
};
use ecrgen_core::{Diagnostic, LineIndex, Severity, SourceSet};
use serde_json::json;

use crate::console::{self, escape_controls, is_escaped};

/// A source line longer than this (in bytes) is shown as a window around the caret.
const MAX_LINE: usize = 240;
/// Bytes shown on each side of the caret in a cut line.
const CONTEXT: usize = 100;
/// At most this much of a long span is underlined.
const MAX_SPAN: usize = 200;
/// A multi-line span whose lines take more than this is shown on its first line only.
const MAX_EXCERPT: usize = 4096;
/// Rendered text is written to stderr once it reaches this size.
const CHUNK: usize = 64 * 1024;

/// Prints `diags` rustc-style (file:line:col, source line, caret, help) to stderr.
pub fn human(sources: &SourceSet, diags: &[Diagnostic]) {
    let mut indexes: Vec<Option<LineIndex>> = vec![None; sources.files.len()];
    let color = std::io::IsTerminal::is_terminal(&std::io::stderr());
    // Colors as before (a terminal, unless TERM=dumb or NO_COLOR), into a buffer.
    let choice = if color {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let mut buf = BufferWriter::stderr(choice).buffer();
    let config = term::Config::default();
    for d in diags {
        let file = &sources.files[d.span.file];
        let index = indexes[d.span.file].get_or_insert_with(|| LineIndex::new(&file.text));
        let excerpt = Excerpt::new(&file.name, &file.text, index, d.span.range.clone());
        let report = match d.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
            Severity::Information => Report::note(),
            Severity::Hint => Report::help(),
        };
        let notes = d
            .help
            .iter()
            .map(|h| format!("help: {}", escape_controls(h)))
            .collect();
        let message = escape_controls(&d.message);
        let (first, rest) = message.split_once('\n').unwrap_or((&message, ""));
        let label =
            Label::primary((), excerpt.range.clone()).with_message(rest.replace('\n', "; "));
        let report = report
            .with_code(d.code)
            .with_message(first)
            .with_labels(vec![label])
            .with_notes(notes);
        let _ = term::emit_to_write_style(&mut buf, &config, &excerpt, &report);
        if buf.len() >= CHUNK {
            console::write_stderr(buf.as_slice());
            buf.clear();
        }
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    if errors > 0 || warnings > 0 {
        std::io::Write::write_all(
            &mut buf,
            format!("{errors} error(s), {warnings} warning(s)\n").as_bytes(),
        )
        .expect("writing to a buffer cannot fail");
    }
    console::write_stderr(buf.as_slice());
}

/// The part of a source file one diagnostic shows, as a one-file database for codespan: the
/// span's lines (or a window of a long line), control characters escaped, with the real line
/// and column numbers of the file.
struct Excerpt {
    name: String,
    source: String,
    line_starts: Vec<usize>,
    /// The 1-based number of the excerpt's first line in the file.
    first_line: usize,
    /// The label's range in `source`.
    range: Range<usize>,
    /// The 1-based column (in characters) of the span's start in the file.
    column: usize,
}

impl Excerpt {
    fn new(name: &str, text: &str, index: &LineIndex, range: Range<usize>) -> Self {
        let end = floor_char(text, range.end.min(text.len()));
        let start = floor_char(text, range.start.min(end));
        let at = index.char_pos(text, start);
        let line = at.line as usize;
        let mut last = index.char_pos(text, end).line as usize;
        let line_start = index.line_start(line);
        let mut shown_end = index.line_end(text, last).max(end);
        let mut end = end;
        if last > line && shown_end - line_start > MAX_EXCERPT {
            last = line;
            shown_end = index.line_end(text, line);
            end = end.min(shown_end);
        }
        let (from, to, span_end) = if last == line && shown_end - line_start > MAX_LINE {
            let span_end = end.min(start + MAX_SPAN);
            let from = floor_char(text, start.saturating_sub(CONTEXT).max(line_start));
            let to = ceil_char(text, (span_end + CONTEXT).min(shown_end));
            (from, to, ceil_char(text, span_end))
        } else {
            (line_start, shown_end, end)
        };
        let mut source = String::with_capacity(to - from + 16);
        if from > line_start {
            source.push('…');
        }
        let mut mapped = (source.len(), source.len());
        for (i, c) in text[from..to].char_indices() {
            let at = from + i;
            if at == start {
                mapped.0 = source.len();
            }
            if at == span_end {
                mapped.1 = source.len();
            }
            if is_escaped(c) && !(c == '\r' && text[at + 1..].starts_with('\n')) {
                source.push_str(&format!("\\u{{{:x}}}", c as u32));
            } else {
                source.push(c);
            }
        }
        if start >= to {
            mapped.0 = source.len();
        }
        if span_end >= to {
            mapped.1 = source.len();
        }
        if to < shown_end {
            source.push('…');
        }
        let line_starts = codespan_reporting::files::line_starts(&source).collect();
        Self {
            name: escape_controls(name).into_owned(),
            source,
            line_starts,
            first_line: line + 1,
            range: mapped.0..mapped.1.max(mapped.0),
            column: at.col as usize + 1,
        }
    }

    fn line_start(&self, line_index: usize) -> Result<usize, FilesError> {
        match line_index.cmp(&self.line_starts.len()) {
            std::cmp::Ordering::Less => Ok(self.line_starts[line_index]),
            std::cmp::Ordering::Equal => Ok(self.source.len()),
            std::cmp::Ordering::Greater => Err(FilesError::LineTooLarge {
                given: line_index,
                max: self.line_starts.len() - 1,
            }),
        }
    }
}

impl<'a> Files<'a> for Excerpt {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.source)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self
            .line_starts
            .binary_search(&byte_index)
            .unwrap_or_else(|next| next - 1))
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, FilesError> {
        Ok(self.first_line + line_index)
    }

    /// The file's column for the span's start (the excerpt may be cut and escaped); counted in
    /// the excerpt elsewhere.
    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        if line_index == 0 && byte_index == self.range.start {
            return Ok(self.column);
        }
        let range = self.line_range((), line_index)?;
        let byte = byte_index.clamp(range.start, range.end);
        Ok(self
            .source
            .get(range.start..byte)
            .map_or(0, |s| s.chars().count())
            + 1)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        Ok(self.line_start(line_index)?..self.line_start(line_index + 1)?)
    }
}

/// The char boundary at or before `i`.
fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The char boundary at or after `i`.
fn ceil_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Prints `{"diagnostics": [...]}` on stdout with 1-based lines and character columns.
pub fn json(sources: &SourceSet, diags: &[Diagnostic]) -> Result<(), String> {
    let indexes: Vec<LineIndex> = sources
        .files
        .iter()
        .map(|f| LineIndex::new(&f.text))
        .collect();
    let items: Vec<_> = diags
        .iter()
        .map(|d| {
            let text = &sources.files[d.span.file].text;
            let idx = &indexes[d.span.file];
            let s = idx.char_pos(text, d.span.range.start);
            let e = idx.char_pos(text, d.span.range.end);
            let mut item = json!({
                "file": sources.files[d.span.file].name,
                "severity": d.severity.as_str(),
                "code": d.code,
                "message": d.message,
                "range": {
                    "start": {"line": s.line + 1, "column": s.col + 1},
                    "end": {"line": e.line + 1, "column": e.col + 1},
                },
            });
            if let Some(h) = &d.help {
                item["help"] = json!(h);
            }
            item
        })
        .collect();
    let doc = json!({ "diagnostics": items });
    let mut text = serde_json::to_string_pretty(&doc).expect("JSON values serialize");
    text.push('\n');
    console::write_stdout(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt(text: &str, range: Range<usize>) -> Excerpt {
        Excerpt::new("f", text, &LineIndex::new(text), range)
    }

    #[test]
    fn short_lines_are_shown_whole() {
        let e = excerpt("a\nb = 1\nc\n", 2..3);
        assert_eq!(
            (e.source.as_str(), e.range.clone(), e.first_line, e.column),
            ("b = 1", 0..1, 2, 1)
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let text = format!("x\n{}HERE{}\n", "a".repeat(5000), "b".repeat(5000));
        let start = 2 + 5000;
        let e = excerpt(&text, start..start + 4);
        assert!(e.source.len() < 2 * CONTEXT + 16, "{}", e.source.len());
        assert!(e.source.starts_with('…') && e.source.ends_with('…'));
        assert_eq!(&e.source[e.range.clone()], "HERE");
        assert_eq!((e.first_line, e.column), (2, 5001));
    }

    #[test]
    fn control_characters_in_the_line_are_escaped_and_the_span_follows() {
        let e = excerpt("v = \"\u{1b}[2J\"\n", 4..10);
        assert_eq!(e.source, "v = \"\\u{1b}[2J\"");
        assert_eq!(&e.source[e.range.clone()], "\"\\u{1b}[2J\"");
    }
}
