//! `ecrgen check` findings as LSP diagnostics: exact ranges in the negotiated encoding, the
//! stable code, `source: "ecrgen"`, and the help line appended to the message.

use ecrgen_core::{CheckResult, Severity};
use tower_lsp_server::ls_types::{Diagnostic, DiagnosticSeverity, NumberOrString};

use crate::position::{Encoding, LineMap};

/// The `source` of every diagnostic.
pub const SOURCE: &str = "ecrgen";

/// The LSP severity of a checker severity.
pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// The message shown: the checker's message, then `help: ...` on its own line.
pub fn message(d: &ecrgen_core::Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    }
}

/// Converts one finding located in `text`.
pub fn to_lsp(d: &ecrgen_core::Diagnostic, text: &str, map: &LineMap, enc: Encoding) -> Diagnostic {
    Diagnostic {
        range: map.range(text, &d.span.range, enc),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        source: Some(SOURCE.to_string()),
        message: message(d),
        ..Diagnostic::default()
    }
}

/// The diagnostics of file `file` (index into the checked source set), whose text is `text`.
pub fn for_file(result: &CheckResult, file: usize, text: &str, enc: Encoding) -> Vec<Diagnostic> {
    let map = LineMap::new(text);
    result
        .diagnostics
        .iter()
        .filter(|d| d.span.file == file)
        .map(|d| to_lsp(d, text, &map, enc))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecrgen_core::SourceSet;
    use tower_lsp_server::ls_types::{Position, Range};

    #[test]
    fn utf16_range_after_non_ascii_text() {
        let text = "repository \"R\" {\n  tags = { d = \"é😀\" }  image_scan_on_push = 1\n}\n";
        let result = ecrgen_core::check(&SourceSet::single("a.ecr.hcl", text));
        let diags = for_file(&result, 0, text, Encoding::Utf16);
        let first = &diags[0];
        assert_eq!(first.code, Some(NumberOrString::String("E0001".into())));
        // The syntax error is at `image_scan_on_push`, after 4 UTF-16 units of "é😀" content.
        assert_eq!(
            first.range,
            Range::new(Position::new(1, 24), Position::new(1, 25))
        );
        assert_eq!(first.source.as_deref(), Some("ecrgen"));
    }
}
