//! `workspace/executeCommand` `ecrgen.generate`: renders the spec holding a document, with
//! arguments `[{"uri": "...", "target": "cfn" | "tf" | "tf-json"}]`, and answers
//! `{"target": ..., "content": "<text>"}`. Open buffers are used as typed.

use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{ExecuteCommandParams, LSPAny, Uri};

use crate::capabilities::GENERATE_COMMAND;
use crate::server::Backend;

/// Renders `spec` as `target`; `None` when this build cannot render that target. The Terraform
/// module comes back as its `.tf` files in one stream, as `ecrgen --target tf` prints it.
fn render(target: &str, spec: &ecrgen_core::Spec) -> Option<std::result::Result<String, String>> {
    let opts = ecrgen_emit::RenderOptions::default();
    let rendered = match target {
        "cfn" => ecrgen_emit::render_cfn(spec, &opts),
        "tf" => ecrgen_emit::render_tf_module(spec, &opts).map(|m| m.hcl_stream()),
        "tf-json" => ecrgen_emit::render_tf_json(spec, &opts),
        _ => return None,
    };
    Some(rendered.map_err(|e| e.to_string()))
}

fn invalid(message: impl Into<String>) -> Error {
    Error::invalid_params(message.into())
}

/// Runs a command.
pub fn execute(server: &Backend, params: &ExecuteCommandParams) -> Result<Option<LSPAny>> {
    if params.command != GENERATE_COMMAND {
        return Err(invalid(format!("unknown command `{}`", params.command)));
    }
    let arg = params
        .arguments
        .first()
        .ok_or_else(|| invalid("ecrgen.generate takes one argument: {\"uri\", \"target\"}"))?;
    let uri: Uri = arg
        .get("uri")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| invalid("ecrgen.generate needs a `uri` (a document URI)"))?;
    let target = arg.get("target").and_then(Value::as_str).unwrap_or("cfn");
    if !["cfn", "tf", "tf-json"].contains(&target) {
        return Err(invalid(format!(
            "unknown target `{target}`: use cfn, tf or tf-json"
        )));
    }
    let (analysis, _) = server
        .analysis(&uri)
        .ok_or_else(|| invalid(format!("cannot read {}", uri.as_str())))?;
    let Some(spec) = &analysis.result.spec else {
        let errors = analysis
            .result
            .diagnostics
            .iter()
            .filter(|d| d.severity == ecrgen_core::Severity::Error)
            .count();
        let first = analysis
            .result
            .diagnostics
            .iter()
            .find(|d| d.severity == ecrgen_core::Severity::Error);
        let file = first
            .map(|d| analysis.folder.files[d.span.file].name.as_str())
            .unwrap_or_default();
        let detail = first
            .map(|d| format!(": {file}: {}", d.message))
            .unwrap_or_default();
        return Err(Error {
            code: ErrorCode::InvalidRequest,
            message: format!(
                "the spec has {errors} error(s); nothing is generated while errors exist{detail}"
            )
            .into(),
            data: None,
        });
    };
    // A problem of this target only: `check` warns about it, generation refuses it.
    let family = if target == "cfn" {
        ecrgen_emit::targets::Target::CloudFormation
    } else {
        ecrgen_emit::targets::Target::Terraform
    };
    if let Some(d) = analysis
        .result
        .diagnostics
        .iter()
        .find(|d| ecrgen_emit::targets::target_of(d) == Some(family))
    {
        let file = analysis
            .folder
            .files
            .get(d.span.file)
            .map_or("", |f| f.name.as_str());
        return Err(Error {
            code: ErrorCode::InvalidRequest,
            message: format!(
                "the spec cannot be generated as {target}: {file}: [{}] {}",
                d.code, d.message
            )
            .into(),
            data: None,
        });
    }
    match render(target, spec) {
        Some(Ok(content)) => Ok(Some(json!({ "target": target, "content": content }))),
        Some(Err(e)) => Err(Error {
            code: ErrorCode::InternalError,
            message: format!("generating {target} failed: {e}").into(),
            data: None,
        }),
        None => Err(Error {
            code: ErrorCode::InvalidRequest,
            message: format!("target {target} is not available in this build").into(),
            data: None,
        }),
    }
}
