//! Diagnostics: a stable code, a severity, a message and a byte range, shared by CLI and server.

use crate::model::Span;

/// How bad a diagnostic is. Only errors block output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Blocks generation.
    Error,
    /// Reported, never blocks output.
    Warning,
    /// Informational.
    Information,
    /// A hint.
    Hint,
}

impl Severity {
    /// The name used in `check --format json` and LSP logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Information => "information",
            Self::Hint => "hint",
        }
    }
}

/// A text edit that fixes a diagnostic (used for quick fixes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, e.g. "Replace with `image_scan_on_push`".
    pub title: String,
    /// Where to edit.
    pub span: Span,
    /// The replacement text.
    pub replacement: String,
}

/// One finding about the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, e.g. `E0101`.
    pub code: &'static str,
    /// Severity.
    pub severity: Severity,
    /// The message (the CDK's wording where the CDK has the check).
    pub message: String,
    /// Where.
    pub span: Span,
    /// An extra hint line ("did you mean ...", allowed values).
    pub help: Option<String>,
    /// Machine-applicable fixes.
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// An error with `code` and `message` at `span`.
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: Severity::Error,
            message: message.into(),
            span,
            help: None,
            fixes: Vec::new(),
        }
    }
    /// A warning with `code` and `message` at `span`.
    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: Severity::Warning,
            message: message.into(),
            span,
            help: None,
            fixes: Vec::new(),
        }
    }
    /// Adds a help line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    /// Adds a fix.
    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }
}

/// `n` with thousands separators (`10,240`), for numbers in messages and reports.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
