//! The error type of every emitter.

use std::fmt;
use std::path::PathBuf;

/// Why an emitter produced no output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmitError {
    /// The spec refers to a construct it does not define (the front end refuses such specs;
    /// this guards a model built by other means).
    UnresolvedReference {
        /// The construct path holding the reference.
        construct: String,
        /// What is missing, e.g. "iam_role.Ci".
        target: String,
    },
    /// The spec asks for something the CDK refuses; the message is the CDK's.
    Invalid {
        /// The construct path of the offending construct.
        construct: String,
        /// The CDK's message.
        message: String,
    },
    /// Two constructs have the same construct path (the CDK refuses a second child with the
    /// same ID).
    DuplicateConstruct {
        /// The path, e.g. "Replication".
        path: String,
    },
    /// Two constructs would get the same CloudFormation logical ID.
    LogicalIdCollision {
        /// The template section, `Resources` or `Outputs`.
        section: &'static str,
        /// The logical ID.
        logical_id: String,
        /// The construct path of the first construct.
        first: String,
        /// The construct path of the second construct.
        second: String,
    },
    /// The template has more resources than CloudFormation accepts.
    TooManyResources {
        /// Resources in the template.
        count: usize,
        /// CloudFormation's limit.
        limit: usize,
    },
    /// The template body is larger than CloudFormation accepts.
    TemplateTooLarge {
        /// Size of the rendered template in bytes.
        bytes: usize,
        /// CloudFormation's limit in bytes.
        limit: usize,
    },
    /// The templates directory or one of its files cannot be read, or holds an unknown template.
    TemplatesDir {
        /// The directory or file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A template does not compile or fails while rendering.
    Template {
        /// The template's file name, with "(from <path>)" when it is a user override.
        template: String,
        /// Tera's message.
        message: String,
    },
    /// A template rendered text that is not the JSON it must produce.
    RenderedInvalid {
        /// The template's file name, with "(from <path>)" when it is a user override.
        template: String,
        /// What is wrong with the text.
        message: String,
    },
    /// Rendering stopped because another part of it failed; that failure is what the emitter
    /// returns, so this one is not seen outside the crate.
    Cancelled,
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnresolvedReference { construct, target } => {
                write!(f, "{construct}: reference to `{target}`, which the spec does not define")
            }
            Self::Invalid { construct, message } => write!(f, "{construct}: {message}"),
            Self::DuplicateConstruct { path } => {
                write!(f, "there is already a construct with the path `{path}`: construct IDs must be unique")
            }
            Self::LogicalIdCollision { section, logical_id, first, second } => write!(
                f,
                "section '{section}' already contains '{logical_id}': constructs `{first}` and `{second}` would both get that logical ID; rename one of them"
            ),
            Self::TooManyResources { count, limit } => write!(
                f,
                "the CloudFormation template would have {count} resources, more than the {limit} CloudFormation accepts; split the spec into several stacks"
            ),
            Self::TemplateTooLarge { bytes, limit } => write!(
                f,
                "the CloudFormation template would be {bytes} bytes, more than the {limit} bytes CloudFormation accepts; split the spec into several stacks"
            ),
            Self::TemplatesDir { path, message } => write!(f, "templates directory {}: {message}", path.display()),
            Self::Template { template, message } => write!(f, "template {template}: {message}"),
            Self::RenderedInvalid { template, message } => {
                write!(f, "template {template} rendered invalid output: {message}")
            }
            Self::Cancelled => write!(f, "rendering was stopped by an earlier error"),
        }
    }
}

impl std::error::Error for EmitError {}
