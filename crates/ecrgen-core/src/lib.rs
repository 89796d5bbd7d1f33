//! ecrgen-core: the spec model, the schema table, HCL parsing with spans, validation and CDK
//! logical IDs. No I/O and no async: the CLI and the language server share [`check`].

pub mod check;
pub mod diagnostic;
pub mod docs;
pub mod event_pattern;
pub mod format;
pub mod hcl_lines;
pub mod jsjson;
pub mod lifecycle;
pub mod logical_id;
pub mod lower;
pub mod model;
pub mod names;
pub mod schema;
pub mod source;
pub mod syntax;

pub use check::{check, parse_file, CheckResult};
pub use diagnostic::{Diagnostic, Fix, Severity};
pub use format::format_source;
pub use logical_id::logical_id;
pub use model::Spec;
pub use source::{LineCol, LineIndex, SourceFile, SourceSet};
