//! The `LanguageServer` implementation: document sync, analysis scheduling and the request
//! handlers, each delegating to its feature module.
//!
//! Ordering (research §3.3, pitfall 2): edits are applied under the state lock before any
//! `.await`, and each change bumps its folder's revision. Analyses run on the blocking pool
//! and publish under one async lock only if their folder's revision is still current, so an
//! older analysis never overwrites a newer one.
//!
//! No CPU work runs on the connection's task: tower-lsp-server polls every request on the task
//! that also reads the input, so a handler computing there stops cancellations, other
//! documents, `shutdown` and `exit` until it is done. Requests run on the blocking pool
//! ([`offload`]); checks run one at a time per folder, at most [`MAX_CHECKS`] at once, and a
//! burst of edits is coalesced into a check of the latest text ([`check_folder`]).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
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
use crate::workspace::{
    file_path, Analysis, ClientConfig, Document, Folder, FolderKey, OnDisk, State,
};

/// How many folder checks run at once. Each holds a thread and a snapshot of its spec, so a
/// burst of edits over many documents cannot start hundreds of threads.
pub const MAX_CHECKS: usize = 2;

/// State shared by the handlers and the analysis tasks.
struct Shared {
    client: Client,
    state: Mutex<State>,
    /// Held while publishing, so publications of one folder never interleave.
    publish: tokio::sync::Mutex<()>,
    /// Whether the client lets the server register file watchers.
    watch_files: Mutex<bool>,
    /// One permit per running check.
    checks: tokio::sync::Semaphore,
}

impl Shared {
    /// The state; a handler that panicked while holding the lock does not poison it for good.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The ecrgen language server. Clones share one server (request work takes a clone with it to
/// the blocking pool).
#[derive(Clone)]
pub struct Backend {
    shared: Arc<Shared>,
}

/// Sets its flag when dropped: tower-lsp-server drops a request's future when the client
/// cancels it (or at `exit`).
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Runs a request's work on the blocking pool (panics become internal errors). Work whose
/// request was cancelled while it waited for a thread is skipped.
async fn offload<T: Send + 'static>(
    method: &'static str,
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    let cancelled = Arc::new(AtomicBool::new(false));
    let _cancel = CancelOnDrop(cancelled.clone());
    let task = tokio::task::spawn_blocking(move || {
        if cancelled.load(Ordering::Relaxed) {
            return Err(Error::request_cancelled());
        }
        guard::request(method, work)
    });
    task.await.unwrap_or_else(|e| {
        Err(Error {
            code: ErrorCode::InternalError,
            message: format!("{method} did not finish: {e}").into(),
            data: None,
        })
    })
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
                checks: tokio::sync::Semaphore::new(MAX_CHECKS),
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

    /// Runs `f`, on the blocking pool, on the spec snapshot holding the open document `uri` and
    /// the byte offset of `pos` in it.
    async fn at_position<T: Send + 'static>(
        &self,
        method: &'static str,
        uri: Uri,
        pos: Position,
        f: impl FnOnce(&Folder, usize, usize, &ClientConfig) -> Option<T> + Send + 'static,
    ) -> Result<Option<T>> {
        let this = self.clone();
        offload(method, move || {
            if this.text(&uri).is_none() {
                return Ok(None);
            }
            let cfg = this.config();
            let Some((folder, i)) = this.folder(&uri) else {
                return Ok(None);
            };
            let text: &str = &folder.files[i].text;
            let offset = LineMap::new(text).offset(text, pos, cfg.encoding);
            Ok(f(&folder, i, offset, &cfg))
        })
        .await
    }

    /// Re-checks `key` in the background and publishes the result if it is still current; when
    /// a check of `key` is running already, that check goes round once more instead.
    fn schedule(&self, key: FolderKey) {
        if self.shared.lock().checking.insert(key.clone()) {
            tokio::spawn(check_folder(self.shared.clone(), key));
        }
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
                let result = ecrgen_emit::check(&folder.source_set());
                Arc::new(Analysis { folder, result })
            }
        };
        let i = analysis.folder.index_of(uri)?;
        Some((analysis, i))
    }
}

/// Checks `key` until the check is current. Edits that arrive during a check make one more
/// round, of the text as it is then, so a burst of edits costs two checks, not one each.
async fn check_folder(shared: Arc<Shared>, key: FolderKey) {
    loop {
        let checked = match shared.checks.acquire().await {
            Ok(_permit) => refresh(&shared, &key).await,
            Err(_) => None, // The semaphore is never closed.
        };
        let mut st = shared.lock();
        if checked.is_none() || checked == Some(st.rev(&key)) {
            st.checking.remove(&key);
            return;
        }
    }
}

/// The diagnostics of one file from one check.
struct Publication {
    uri: Uri,
    /// The open document's version; `None` for a closed document checked from disk.
    version: Option<i32>,
    diagnostics: Vec<tower_lsp_server::ls_types::Diagnostic>,
    /// A closed document whose file is gone from disk (it is cleared and forgotten).
    gone: bool,
}

/// Checks the spec `key` as of now and publishes the diagnostics of its open documents and of
/// its closed documents checked from disk, unless a newer change arrives meanwhile (then the
/// next round publishes instead). Returns the revision checked (`None` if the check failed).
async fn refresh(shared: &Arc<Shared>, key: &FolderKey) -> Option<u64> {
    let (rev, open, on_disk, enc) = {
        let st = shared.lock();
        (
            st.rev(key),
            st.open_in(key),
            st.on_disk_in(key),
            st.config.encoding,
        )
    };
    let task_key = key.clone();
    let computed = tokio::task::spawn_blocking(move || {
        let folder = Folder::snapshot(&task_key, rev, open);
        let result = ecrgen_emit::check(&folder.source_set());
        let mut out = Vec::new();
        for (i, f) in folder.files.iter().enumerate() {
            let uri = match f.version {
                Some(_) => f.uri.clone(),
                None => {
                    let path = file_path(&f.uri);
                    let Some((uri, _)) = on_disk.iter().find(|(_, p)| Some(p) == path.as_ref())
                    else {
                        continue;
                    };
                    uri.clone()
                }
            };
            let diagnostics = for_file(&result, i, &f.text, enc);
            out.push(Publication {
                uri,
                version: f.version,
                diagnostics,
                gone: false,
            });
        }
        for (uri, path) in on_disk {
            if !folder
                .files
                .iter()
                .any(|f| f.version.is_none() && file_path(&f.uri).as_ref() == Some(&path))
            {
                out.push(Publication {
                    uri,
                    version: None,
                    diagnostics: Vec::new(),
                    gone: true,
                });
            }
        }
        (Arc::new(Analysis { folder, result }), out)
    })
    .await;
    let (analysis, per_file) = match computed {
        Ok(c) => c,
        Err(e) => {
            tracing::error!("checking {key:?} failed: {e}");
            return None;
        }
    };
    let _publishing = shared.publish.lock().await;
    let batch = guard::notification("publishDiagnostics", || {
        let mut st = shared.lock();
        if st.rev(key) != rev {
            return Vec::new();
        }
        let mut batch = Vec::new();
        for p in per_file {
            let unchanged = match p.version {
                Some(version) => {
                    let Some(doc) = st.docs.get_mut(&p.uri) else {
                        continue;
                    };
                    if doc.version != version {
                        continue;
                    }
                    doc.analysis = Some(analysis.clone());
                    let unchanged = doc
                        .published
                        .as_ref()
                        .is_some_and(|(v, d)| *v == version && *d == p.diagnostics);
                    doc.published = Some((version, p.diagnostics.clone()));
                    unchanged
                }
                None => {
                    let Some(closed) = st.on_disk.get_mut(&p.uri) else {
                        continue;
                    };
                    let unchanged = closed.published.as_ref() == Some(&p.diagnostics);
                    closed.published = Some(p.diagnostics.clone());
                    if p.gone {
                        st.on_disk.remove(&p.uri);
                    }
                    unchanged
                }
            };
            if !unchanged {
                batch.push(p);
            }
        }
        batch
    })
    .unwrap_or_default();
    for p in batch {
        shared
            .client
            .publish_diagnostics(p.uri, p.diagnostics, p.version)
            .await;
    }
    Some(rev)
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
            st.on_disk.remove(&doc.uri);
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
            // A file of a spec folder is still checked from disk (its siblings read it), so it
            // keeps the diagnostics of its saved text; anything else is no longer checked.
            let path = match doc.folder {
                FolderKey::Dir(_) => file_path(&uri).filter(|p| p.is_file()),
                FolderKey::Single(_) => None,
            };
            let on_disk = path.is_some();
            if let Some(path) = path {
                st.on_disk.insert(
                    uri.clone(),
                    OnDisk {
                        folder: doc.folder.clone(),
                        path,
                        published: None,
                    },
                );
            }
            let recheck = st.watched(&doc.folder);
            Some((doc.folder, on_disk, recheck))
        });
        let Some(Some((key, on_disk, recheck))) = closed else {
            return;
        };
        if !on_disk {
            let _publishing = self.shared.publish.lock().await;
            self.shared
                .client
                .publish_diagnostics(uri, Vec::new(), None)
                .await;
        }
        if recheck {
            self.schedule(key);
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let keys: Vec<FolderKey> = {
            let mut st = self.shared.lock();
            let mut keys: Vec<FolderKey> = Vec::new();
            for change in &params.changes {
                let key = FolderKey::of(&change.uri);
                if !keys.contains(&key) && st.watched(&key) {
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
            p.text_document.uri,
            p.position,
            |folder, i, offset, cfg| {
                Some(CompletionResponse::Array(crate::completion::complete(
                    folder, i, offset, cfg,
                )))
            },
        )
        .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        self.at_position(
            "textDocument/hover",
            p.text_document.uri,
            p.position,
            crate::hover::hover,
        )
        .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        self.at_position(
            "textDocument/definition",
            p.text_document.uri,
            p.position,
            |folder, i, offset, cfg| {
                crate::definition::definition(folder, i, offset, cfg.encoding)
                    .map(GotoDefinitionResponse::Scalar)
            },
        )
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let declaration = params.context.include_declaration;
        self.at_position(
            "textDocument/references",
            p.text_document.uri,
            p.position,
            move |folder, i, offset, cfg| {
                crate::references::references(folder, i, offset, declaration, cfg.encoding)
            },
        )
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let this = self.clone();
        offload("textDocument/documentSymbol", move || {
            let Some(text) = this.text(&params.text_document.uri) else {
                return Ok(None);
            };
            let enc = this.config().encoding;
            Ok(Some(DocumentSymbolResponse::Nested(
                crate::symbols::symbols(&text, enc),
            )))
        })
        .await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let this = self.clone();
        offload("textDocument/formatting", move || {
            let Some(text) = this.text(&params.text_document.uri) else {
                return Ok(None);
            };
            Ok(Some(crate::formatting::format(
                &text,
                this.config().encoding,
            )))
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let this = self.clone();
        offload("textDocument/codeAction", move || {
            let uri = &params.text_document.uri;
            if this.text(uri).is_none() {
                return Ok(None);
            }
            let Some((analysis, i)) = this.analysis(uri) else {
                return Ok(None);
            };
            let enc = this.config().encoding;
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
        .await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        let this = self.clone();
        offload("workspace/executeCommand", move || {
            crate::generate::execute(&this, &params)
        })
        .await
    }
}
