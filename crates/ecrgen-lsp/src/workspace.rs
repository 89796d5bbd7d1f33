//! The document store and spec folders.
//!
//! A spec is every `*.ecr.hcl` file of one folder (SPEC §1), so an open `*.ecr.hcl` document is
//! checked together with its siblings: open buffers as typed, the others as saved on disk.
//! Any other document (an untitled buffer, a file with another name) is a spec of its own.
//! Every change to a folder's open documents bumps the folder's revision; an analysis made at
//! an older revision is stale and is never published.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ecrgen_core::SourceSet;
use ropey::Rope;
use tower_lsp_server::ls_types::{Diagnostic, Uri};

use crate::position::Encoding;

/// What the client can do, from `initialize`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClientConfig {
    /// Position encoding in use.
    pub encoding: Encoding,
    /// Whether completion items may be snippets.
    pub snippets: bool,
    /// Whether completion documentation may be Markdown.
    pub completion_markdown: bool,
    /// Whether hover contents may be Markdown.
    pub hover_markdown: bool,
}

/// Which spec a document belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FolderKey {
    /// The `*.ecr.hcl` files of a directory.
    Dir(PathBuf),
    /// A document checked alone.
    Single(Uri),
}

impl FolderKey {
    /// The spec of the document at `uri`.
    pub fn of(uri: &Uri) -> Self {
        match file_path(uri) {
            Some(p) if is_spec_name(&p) => match p.parent() {
                Some(dir) => Self::Dir(dir.to_path_buf()),
                None => Self::Single(uri.clone()),
            },
            _ => Self::Single(uri.clone()),
        }
    }
}

/// The local path of a `file:` URI.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    if uri.scheme().as_str() != "file" {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

fn is_spec_name(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".ecr.hcl"))
}

/// An open document.
#[derive(Debug)]
pub struct Document {
    /// The text being edited.
    pub rope: Rope,
    /// The same text, as of the last change.
    pub text: Arc<str>,
    /// The client's version.
    pub version: i32,
    /// The spec it belongs to.
    pub folder: FolderKey,
    /// The last analysis published for this version, if any.
    pub analysis: Option<Arc<Analysis>>,
    /// The diagnostics last published.
    pub published: Option<(i32, Vec<Diagnostic>)>,
}

impl Document {
    /// A document with `text` at `version`.
    pub fn new(uri: &Uri, text: &str, version: i32) -> Self {
        Self {
            rope: Rope::from_str(text),
            text: Arc::from(text),
            version,
            folder: FolderKey::of(uri),
            analysis: None,
            published: None,
        }
    }
}

/// The server state behind one lock.
#[derive(Debug, Default)]
pub struct State {
    /// Client capabilities.
    pub config: ClientConfig,
    /// Open documents.
    pub docs: HashMap<Uri, Document>,
    revs: HashMap<FolderKey, u64>,
    next_rev: u64,
}

impl State {
    /// Records a change in `folder`; returns the folder's new revision.
    pub fn bump(&mut self, folder: &FolderKey) -> u64 {
        self.next_rev += 1;
        self.revs.insert(folder.clone(), self.next_rev);
        self.next_rev
    }

    /// The folder's current revision.
    pub fn rev(&self, folder: &FolderKey) -> u64 {
        self.revs.get(folder).copied().unwrap_or(0)
    }

    /// The open documents of `folder`: URI, text, version.
    pub fn open_in(&self, folder: &FolderKey) -> Vec<(Uri, Arc<str>, i32)> {
        self.docs
            .iter()
            .filter(|(_, d)| &d.folder == folder)
            .map(|(u, d)| (u.clone(), d.text.clone(), d.version))
            .collect()
    }
}

/// One file of a spec snapshot.
#[derive(Debug, Clone)]
pub struct SourceDoc {
    /// Its URI (the client's, for open documents).
    pub uri: Uri,
    /// Its file name, as the spec's source set names it.
    pub name: String,
    /// Its text.
    pub text: Arc<str>,
    /// Its version, when it is open.
    pub version: Option<i32>,
}

/// The files of one spec at one revision, in byte order of names.
#[derive(Debug, Clone)]
pub struct Folder {
    /// Which spec.
    pub key: FolderKey,
    /// The revision the snapshot was taken at.
    pub rev: u64,
    /// The files.
    pub files: Vec<SourceDoc>,
}

impl Folder {
    /// Snapshots `key`: `open` documents (taken under the state lock at revision `rev`) plus,
    /// for a directory, the other `*.ecr.hcl` files read from disk.
    pub fn snapshot(key: &FolderKey, rev: u64, open: Vec<(Uri, Arc<str>, i32)>) -> Self {
        let mut files: Vec<SourceDoc> = open
            .into_iter()
            .map(|(uri, text, version)| SourceDoc {
                name: display_name(&uri),
                uri,
                text,
                version: Some(version),
            })
            .collect();
        if let FolderKey::Dir(dir) = key {
            let open_paths: Vec<PathBuf> = files.iter().filter_map(|f| file_path(&f.uri)).collect();
            for path in spec_files(dir) {
                if open_paths.contains(&path) {
                    continue;
                }
                let (Ok(text), Some(uri)) =
                    (std::fs::read_to_string(&path), Uri::from_file_path(&path))
                else {
                    continue;
                };
                files.push(SourceDoc {
                    name: display_name(&uri),
                    uri,
                    text: Arc::from(text),
                    version: None,
                });
            }
        }
        files.sort_by(|a, b| {
            a.name
                .as_bytes()
                .cmp(b.name.as_bytes())
                .then_with(|| a.uri.as_str().cmp(b.uri.as_str()))
        });
        Self {
            key: key.clone(),
            rev,
            files,
        }
    }

    /// The index of the file at `uri`.
    pub fn index_of(&self, uri: &Uri) -> Option<usize> {
        self.files.iter().position(|f| &f.uri == uri)
    }

    /// The files as the checker takes them.
    pub fn source_set(&self) -> SourceSet {
        let mut set = SourceSet::default();
        for f in &self.files {
            set.push(f.name.clone(), f.text.to_string());
        }
        set
    }
}

/// The `*.ecr.hcl` files directly in `dir`.
fn spec_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && is_spec_name(p))
        .collect()
}

/// The file name of a URI (its last path segment), or the whole URI.
pub fn display_name(uri: &Uri) -> String {
    if let Some(name) =
        file_path(uri).and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
    {
        return name;
    }
    uri.as_str()
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(uri.as_str())
        .to_string()
}

/// A check of one spec snapshot.
#[derive(Debug)]
pub struct Analysis {
    /// The files checked.
    pub folder: Folder,
    /// What the checker found.
    pub result: ecrgen_core::CheckResult,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn folder_keys() {
        let u = Uri::from_str("file:///tmp/specs/app.ecr.hcl").unwrap();
        assert_eq!(
            FolderKey::of(&u),
            FolderKey::Dir(PathBuf::from("/tmp/specs"))
        );
        let other = Uri::from_str("file:///tmp/specs/app.hcl").unwrap();
        assert_eq!(FolderKey::of(&other), FolderKey::Single(other.clone()));
        let untitled = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(
            FolderKey::of(&untitled),
            FolderKey::Single(untitled.clone())
        );
        assert_eq!(display_name(&u), "app.ecr.hcl");
        assert_eq!(display_name(&untitled), "untitled:Untitled-1");
    }

    #[test]
    fn open_buffers_win_over_disk() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.ecr.hcl"), "iam_role \"Ci\" {}\n").unwrap();
        std::fs::write(dir.path().join("a.ecr.hcl"), "on disk\n").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        let a = Uri::from_file_path(dir.path().join("a.ecr.hcl")).unwrap();
        let key = FolderKey::of(&a);
        let f = Folder::snapshot(&key, 7, vec![(a.clone(), Arc::from("typed"), 3)]);
        let names: Vec<(&str, &str, Option<i32>)> = f
            .files
            .iter()
            .map(|f| (f.name.as_str(), &*f.text, f.version))
            .collect();
        assert_eq!(
            names,
            [
                ("a.ecr.hcl", "typed", Some(3)),
                ("b.ecr.hcl", "iam_role \"Ci\" {}\n", None)
            ]
        );
        assert_eq!(f.index_of(&a), Some(0));
    }
}
