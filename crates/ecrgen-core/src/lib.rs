//! ecrgen-core: the spec model, the schema table, HCL parsing with spans, validation and CDK
//! logical IDs. No I/O and no async: the CLI and the language server share [`check`].

pub mod diagnostic;
pub mod lifecycle;
pub mod logical_id;
pub mod model;
pub mod source;

pub use diagnostic::{Diagnostic, Fix, Severity};
pub use logical_id::logical_id;
pub use model::Spec;
pub use source::{LineCol, LineIndex, SourceFile, SourceSet};
