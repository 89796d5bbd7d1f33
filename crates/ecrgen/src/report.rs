//! Printing diagnostics: rustc-style on stderr, or SPEC §4 JSON on stdout.

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{
    self,
    termcolor::{ColorChoice, StandardStream},
};
use ecrgen_core::{Diagnostic, LineIndex, Severity, SourceSet};
use serde_json::json;

/// Prints `diags` rustc-style (file:line:col, source line, caret, help) to stderr.
pub fn human(sources: &SourceSet, diags: &[Diagnostic]) {
    let mut files = SimpleFiles::new();
    for f in &sources.files {
        files.add(f.name.clone(), f.text.clone());
    }
    let choice = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let mut out = StandardStream::stderr(choice);
    let config = term::Config::default();
    for d in diags {
        let report = match d.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
            Severity::Information => Report::note(),
            Severity::Hint => Report::help(),
        };
        let text = &sources.files[d.span.file].text;
        let mut range = d.span.range.clone();
        range.end = range.end.min(text.len());
        range.start = range.start.min(range.end);
        let mut notes = Vec::new();
        if let Some(h) = &d.help {
            notes.push(format!("help: {h}"));
        }
        let (first, rest) = d.message.split_once('\n').unwrap_or((&d.message, ""));
        let label = Label::primary(d.span.file, range).with_message(rest.replace('\n', "; "));
        let report = report
            .with_code(d.code)
            .with_message(first)
            .with_labels(vec![label])
            .with_notes(notes);
        let _ = term::emit_to_write_style(&mut out, &config, &files, &report);
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
        eprintln!("{errors} error(s), {warnings} warning(s)");
    }
}

/// Prints `{"diagnostics": [...]}` on stdout with 1-based lines and character columns.
pub fn json(sources: &SourceSet, diags: &[Diagnostic]) {
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
    #[allow(clippy::print_stdout)]
    {
        println!(
            "{}",
            serde_json::to_string_pretty(&doc).expect("JSON values serialize")
        );
    }
}
