//! The `LanguageServer` implementation: document sync, analysis scheduling and the request
//! handlers, each delegating to its feature module.
//!
//! Ordering (research §3.3, pitfall 2): edits are applied under the state lock before any
//! `.await`, and each change bumps its folder's revision. Analyses run on the blocking pool
//! and publish under one async lock only if their folder's revision is still current, so an
//! older analysis never overwrites a newer one.

use std::sync::{Arc, Mutex, MutexGuard};

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeActionParams, CodeActionResponse, CompletionParams, CompletionResponse,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, DocumentFormattingParams,
    DocumentSymbolParams, DocumentSymbolResponse, ExecuteCommandParams, FileSystemWatcher,
    GlobPattern, GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverParams,
    InitializeParams, InitializeResult, InitializedParams, LSPAny, Location, Position,
    ReferenceParams, Registration, TextEdit, Uri,
};
use tower_lsp_server::{Client, LanguageServer};

use crate::capabilities::{client_config, initialize_result};
use crate::diagnostics::for_file;
use crate::guard;
use crate::position::{apply_change, LineMap};
use crate::workspace::{file_path, Analysis, ClientConfig, Document, Folder, FolderKey, State};

/// State shared by the handlers and the analysis tasks.
struct Shared {
    client: Client,
    state: Mutex<State>,
    /// Held while publishing, so publications of one folder never interleave.
    publish: tokio::sync::Mutex<()>,
    /// Whether the client lets the server register file watchers.
    watch_files: Mutex<bool>,
}

impl Shared {
    /// The state; a handler that panicked while holding the lock does not poison it for good.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The ecrgen language server.
pub struct Backend {
    shared: Arc<Shared>,
}

impl Backend {
    /// A server that talks to `client`.
    pub fn new(client: Client) -> Self {
        Self {
            shared: Arc::new(Shared {
                client,
                state: Mutex::new(State::default()),
                publish: tokio::sync::Mutex::new(()),
                watch_files: Mutex::new(false),
            }),
        }
    }

    fn config(&self) -> ClientConfig {
        self.shared.lock().config
    }

    /// A snapshot of the spec holding `uri` and the index of `uri` in it (the file is read from
    /// disk when it is not open).
    fn folder(&self, uri: &Uri) -> Option<(Folder, usize)> {
        let key = FolderKey::of(uri);
        let (rev, open) = {
            let st = self.shared.lock();
            (st.rev(&key), st.open_in(&key))
        };
        let folder = Folder::snapshot(&key, rev, open);
        let i = folder.index_of(uri).or_else(|| {
            let path = file_path(uri)?;
            folder
                .files
                .iter()
                .position(|f| file_path(&f.uri).as_deref() == Some(path.as_path()))
        })?;
        Some((folder, i))
    }

    /// The text of an open document.
    fn text(&self, uri: &Uri) -> Option<Arc<str>> {
        self.shared.lock().docs.get(uri).map(|d| d.text.clone())
    }

    /// Runs `f` on the spec snapshot holding the open document `uri` and the byte offset of
    /// `pos` in it, catching panics.
    fn at_position<T>(
        &self,
        method: &str,
        uri: &Uri,
        pos: Position,
        f: impl FnOnce(&Folder, usize, usize, &ClientConfig) -> Option<T>,
    ) -> Result<Option<T>> {
        guard::request(method, || {
            if self.text(uri).is_none() {
                return Ok(None);
            }
            let cfg = self.config();
            let Some((folder, i)) = self.folder(uri) else {
                return Ok(None);
            };
            let text: &str = &folder.files[i].text;
            let offset = LineMap::new(text).offset(text, pos, cfg.encoding);
            Ok(f(&folder, i, offset, &cfg))
        })
    }

    /// Re-checks `key` in the background and publishes the result if it is still current.
    fn schedule(&self, key: FolderKey) {
        let shared = self.shared.clone();
        tokio::spawn(refresh(shared, key));
    }

    /// The current analysis of the spec holding `uri`: the published one when nothing changed
    /// since, else a new check.
    pub(crate) fn analysis(&self, uri: &Uri) -> Option<(Arc<Analysis>, usize)> {
        let key = FolderKey::of(uri);
        let cached = {
            let st = self.shared.lock();
            let current = st.rev(&key);
            st.docs
                .get(uri)
                .and_then(|d| d.analysis.clone())
                .filter(|a| a.folder.rev == current)
        };
        let analysis = match cached {
            Some(a) => a,
            None => {
                let (folder, _) = self.folder(uri)?;
                let result = ecrgen_core::check(&folder.source_set());
                Arc::new(Analysis { folder, result })
            }
        };
        let i = analysis.folder.index_of(uri)?;
        Some((analysis, i))
    }
}

/// Checks the spec `key` as of now and publishes the diagnostics of its open documents, unless a
/// newer change arrives meanwhile (then that change's analysis publishes instead).
async fn refresh(shared: Arc<Shared>, key: FolderKey) {
    let (rev, open, enc) = {
        let st = shared.lock();
        (st.rev(&key), st.open_in(&key), st.config.encoding)
    };
    let task_shared = shared.clone();
    let task_key = key.clone();
    let computed = tokio::task::spawn_blocking(move || {
        if task_shared.lock().rev(&task_key) != rev {
            return None;
        }
        let folder = Folder::snapshot(&task_key, rev, open);
        let result = ecrgen_core::check(&folder.source_set());
        let per_file: Vec<(Uri, i32, Vec<_>)> = folder
            .files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                Some((
                    f.uri.clone(),
                    f.version?,
                    for_file(&result, i, &f.text, enc),
                ))
            })
            .collect();
        Some((Arc::new(Analysis { folder, result }), per_file))
    })
    .await;
    let (analysis, per_file) = match computed {
        Ok(Some(c)) => c,
        Ok(None) => return,
        Err(e) => {
            tracing::error!("checking {key:?} failed: {e}");
            return;
        }
    };
    let _publishing = shared.publish.lock().await;
    let batch = guard::notification("publishDiagnostics", || {
        let mut st = shared.lock();
        if st.rev(&key) != rev {
            return Vec::new();
        }
        let mut batch = Vec::new();
        for (uri, version, diags) in per_file {
            let Some(doc) = st.docs.get_mut(&uri) else {
                continue;
            };
            if doc.version != version {
                continue;
            }
            doc.analysis = Some(analysis.clone());
            let unchanged = doc
                .published
                .as_ref()
                .is_some_and(|(v, d)| *v == version && *d == diags);
            if !unchanged {
                doc.published = Some((version, diags.clone()));
                batch.push((uri, diags, version));
            }
        }
        batch
    })
    .unwrap_or_default();
    for (uri, diags, version) in batch {
        shared
            .client
            .publish_diagnostics(uri, diags, Some(version))
            .await;
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        guard::request("initialize", || {
            let cfg = client_config(&params.capabilities);
            self.shared.lock().config = cfg;
            let watch = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
            *self
                .shared
                .watch_files
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = watch;
            Ok(initialize_result(&cfg))
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let watch = *self
            .shared
            .watch_files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !watch {
            return;
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*.ecr.hcl".into()),
                kind: None,
            }],
        };
        let registration = Registration {
            id: "ecrgen-spec-files".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = self
            .shared
            .client
            .register_capability(vec![registration])
            .await
        {
            tracing::warn!("could not register file watchers: {e}");
        }
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let key = guard::notification("textDocument/didOpen", || {
            let mut st = self.shared.lock();
            let d = Document::new(&doc.uri, &doc.text, doc.version);
            let key = d.folder.clone();
            st.docs.insert(doc.uri.clone(), d);
            st.bump(&key);
            key
        });
        if let Some(key) = key {
            self.schedule(key);
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let key = guard::notification("textDocument/didChange", || {
            let mut st = self.shared.lock();
            let enc = st.config.encoding;
            let doc = st.docs.get_mut(&uri)?;
            if version <= doc.version {
                tracing::warn!(
                    "ignoring change to {} at version {version}: already at {}",
                    uri.as_str(),
                    doc.version
                );
                return None;
            }
            for change in &params.content_changes {
                apply_change(&mut doc.rope, change.range, &change.text, enc);
            }
            doc.text = Arc::from(doc.rope.to_string());
            doc.version = version;
            doc.analysis = None;
            let key = doc.folder.clone();
            st.bump(&key);
            Some(key)
        });
        if let Some(Some(key)) = key {
            self.schedule(key);
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let key = FolderKey::of(&params.text_document.uri);
        self.shared.lock().bump(&key);
        self.schedule(key);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let closed = guard::notification("textDocument/didClose", || {
            let mut st = self.shared.lock();
            let doc = st.docs.remove(&uri)?;
            st.bump(&doc.folder);
            let others = st.docs.values().any(|d| d.folder == doc.folder);
            Some((doc.folder, others))
        });
        let Some(Some((key, others))) = closed else {
            return;
        };
        {
            let _publishing = self.shared.publish.lock().await;
            self.shared
                .client
                .publish_diagnostics(uri, Vec::new(), None)
                .await;
        }
        if others {
            self.schedule(key);
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let keys: Vec<FolderKey> = {
            let mut st = self.shared.lock();
            let mut keys: Vec<FolderKey> = Vec::new();
            for change in &params.changes {
                let key = FolderKey::of(&change.uri);
                if !keys.contains(&key) && st.docs.values().any(|d| d.folder == key) {
                    st.bump(&key);
                    keys.push(key);
                }
            }
            keys
        };
        for key in keys {
            self.schedule(key);
        }
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        self.at_position(
            "textDocument/completion",
            &p.text_document.uri,
            p.position,
            |folder, i, offset, cfg| {
                Some(CompletionResponse::Array(crate::completion::complete(
                    folder, i, offset, cfg,
                )))
            },
        )
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        self.at_position(
            "textDocument/hover",
            &p.text_document.uri,
            p.position,
            crate::hover::hover,
        )
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        self.at_position(
            "textDocument/definition",
            &p.text_document.uri,
            p.position,
            |folder, i, offset, cfg| {
                crate::definition::definition(folder, i, offset, cfg.encoding)
                    .map(GotoDefinitionResponse::Scalar)
            },
        )
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let declaration = params.context.include_declaration;
        self.at_position(
            "textDocument/references",
            &p.text_document.uri,
            p.position,
            |folder, i, offset, cfg| {
                crate::references::references(folder, i, offset, declaration, cfg.encoding)
            },
        )
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        guard::request("textDocument/documentSymbol", || {
            let Some(text) = self.text(&params.text_document.uri) else {
                return Ok(None);
            };
            let enc = self.config().encoding;
            Ok(Some(DocumentSymbolResponse::Nested(
                crate::symbols::symbols(&text, enc),
            )))
        })
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        guard::request("textDocument/formatting", || {
            let Some(text) = self.text(&params.text_document.uri) else {
                return Ok(None);
            };
            Ok(Some(crate::formatting::format(
                &text,
                self.config().encoding,
            )))
        })
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        guard::request("textDocument/codeAction", || {
            let uri = &params.text_document.uri;
            if self.text(uri).is_none() {
                return Ok(None);
            }
            let Some((analysis, i)) = self.analysis(uri) else {
                return Ok(None);
            };
            let enc = self.config().encoding;
            let text: &str = &analysis.folder.files[i].text;
            let map = LineMap::new(text);
            let range =
                map.offset(text, params.range.start, enc)..map.offset(text, params.range.end, enc);
            Ok(Some(crate::code_action::code_actions(
                uri,
                text,
                &analysis.result,
                i,
                range,
                enc,
            )))
        })
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        guard::request("workspace/executeCommand", || {
            crate::generate::execute(self, &params)
        })
    }
}
