//! What the server offers, and what it reads from the client's capabilities.

use tower_lsp_server::ls_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    CompletionOptions, ExecuteCommandOptions, HoverProviderCapability, InitializeResult,
    MarkupKind, OneOf, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};

use crate::position::Encoding;
use crate::workspace::ClientConfig;

/// The command that renders a spec (`workspace/executeCommand`).
pub const GENERATE_COMMAND: &str = "ecrgen.generate";

/// Reads what matters from the client's capabilities.
pub fn client_config(caps: &ClientCapabilities) -> ClientConfig {
    let text = caps.text_document.as_ref();
    let item = text
        .and_then(|t| t.completion.as_ref())
        .and_then(|c| c.completion_item.as_ref());
    let markdown = |formats: Option<&Vec<MarkupKind>>| {
        formats.is_some_and(|f| f.contains(&MarkupKind::Markdown))
    };
    ClientConfig {
        encoding: Encoding::negotiate(
            caps.general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        ),
        snippets: item.and_then(|i| i.snippet_support).unwrap_or(false),
        completion_markdown: markdown(item.and_then(|i| i.documentation_format.as_ref())),
        hover_markdown: markdown(
            text.and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref()),
        ),
    }
}

/// The `initialize` result.
pub fn initialize_result(cfg: &ClientConfig) -> InitializeResult {
    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(cfg.encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    // A save re-reads the folder's other files, for clients that do not watch files.
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec![".".into(), "\"".into()]),
                ..CompletionOptions::default()
            }),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            document_formatting_provider: Some(OneOf::Left(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: vec![GENERATE_COMMAND.to_string()],
                ..ExecuteCommandOptions::default()
            }),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "ecrgen".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        ..InitializeResult::default()
    }
}
