//! The one `check` function the CLI and the language server share.

use hcl_edit::structure::Body;

use crate::diagnostic::Diagnostic;
use crate::lower::{Definition, Lowerer, Reference};
use crate::model::{Span, Spec};
use crate::source::SourceSet;
use crate::syntax::{codes, BlockNode, SyntaxChecker};

/// What checking a spec found.
#[derive(Debug, Clone, Default)]
pub struct CheckResult {
    /// Every diagnostic, errors and warnings, in file and source order.
    pub diagnostics: Vec<Diagnostic>,
    /// The model, present only when there is no error.
    pub spec: Option<Spec>,
    /// Labelled top-level blocks, for navigation.
    pub definitions: Vec<Definition>,
    /// References to constructs, for navigation.
    pub references: Vec<Reference>,
}

impl CheckResult {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == crate::Severity::Error)
    }
}

/// Parses one file with hcl-edit; a syntax error becomes a diagnostic with the parser's offset.
pub fn parse_file(file: usize, text: &str) -> Result<Body, Diagnostic> {
    hcl_edit::parser::parse_body(text).map_err(|e| {
        // hcl-edit may point inside a multi-byte character (found by fuzzing); step back to its
        // start so the range can be sliced and shown.
        let mut offset = e.location().offset().min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let end = text[offset..].chars().next().map_or(offset, |c| offset + c.len_utf8());
        let message = e.message().to_string();
        let (code, message) = if message.contains("redefined attribute") {
            (codes::DUPLICATE_ATTRIBUTE, "duplicate attribute: this attribute is already set in this block".to_string())
        } else {
            (codes::SYNTAX, format!("syntax error: {message}"))
        };
        Diagnostic::error(code, Span { file, range: offset..end }, message)
    })
}

/// Parses and checks file `file` one run of top-level blocks at a time
/// ([`crate::hcl_lines::top_level_runs`]), each run's syntax tree dropped once checked; `None`
/// when a run does not parse or holds a top-level attribute (a repeated one is an error only
/// the whole text shows): the caller then parses the whole text and reports what hcl-edit
/// finds there. At 10,000 repositories this took the check's peak memory from 147 MiB to
/// 110 MiB: hcl-edit's syntax tree of the whole spec was most of it.
fn check_in_runs(file: usize, text: &str) -> Option<(Vec<BlockNode>, Vec<Diagnostic>)> {
    let (mut blocks, mut diagnostics) = (Vec::new(), Vec::new());
    for run in crate::hcl_lines::top_level_runs(text) {
        let body = hcl_edit::parser::parse_body(run.text).ok()?;
        if body.attributes().next().is_some() {
            return None;
        }
        blocks.extend(SyntaxChecker::at(file, run.offset, &mut diagnostics).check_file(body));
    }
    Some((blocks, diagnostics))
}

/// Checks a whole spec: syntax, schema, references, every CDK and ecrgen rule.
pub fn check(sources: &SourceSet) -> CheckResult {
    check_parsed(sources, true)
}

/// [`check`] with each file parsed whole, never in runs of top-level blocks: the reference the
/// tests hold [`check`] to (same diagnostics, same model), and nothing else.
pub fn check_parsing_whole_files(sources: &SourceSet) -> CheckResult {
    check_parsed(sources, false)
}

fn check_parsed(sources: &SourceSet, in_runs: bool) -> CheckResult {
    let mut diagnostics = Vec::new();
    let mut blocks = Vec::new();
    for (i, file) in sources.files.iter().enumerate() {
        if let Some((file_blocks, file_diagnostics)) = in_runs.then(|| check_in_runs(i, &file.text)).flatten() {
            blocks.extend(file_blocks);
            diagnostics.extend(file_diagnostics);
            continue;
        }
        match parse_file(i, &file.text) {
            Ok(body) => blocks.extend(SyntaxChecker::new(i, &mut diagnostics).check_file(body)),
            Err(d) => diagnostics.push(d),
        }
    }
    let files = sources.files.iter().map(|f| f.name.clone()).collect();
    let mut lowerer = Lowerer::new(&mut diagnostics);
    let spec = lowerer.lower(&blocks, files);
    let definitions = std::mem::take(&mut lowerer.definitions);
    let references = std::mem::take(&mut lowerer.references);
    diagnostics.sort_by_key(|d| (d.span.file, d.span.range.start));
    let has_errors = diagnostics.iter().any(|d| d.severity == crate::Severity::Error);
    CheckResult { diagnostics, spec: (!has_errors).then_some(spec), definitions, references }
}

