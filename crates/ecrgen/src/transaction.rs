//! Replacing the files of a module all together or not at all.
//!
//! Every new file is first staged beside its target, and every existing target is kept under a
//! hard link (a backup). A journal listing (target, staged, backup) is written and flushed before
//! the first rename, and removed after the last one: that removal is the commit. If a rename
//! fails, the renamed targets get their backups back (new ones are removed). If the process dies
//! between the renames, the journal remains, and the next run into the directory, under the
//! directory's lock, undoes the same way before it writes anything ([`recover`]).

use std::fs::Metadata;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::fsio::{self, Temp};

/// One file of a module write, as paths relative to the module directory.
#[derive(Debug)]
struct Swap {
    target: PathBuf,
    staged: PathBuf,
    backup: Option<PathBuf>,
}

/// Replaces the files under `dir` (relative names, with their new text and the metadata of the
/// file there now) together: after an error every target is as it was.
pub fn replace_all(dir: &Path, files: &[(PathBuf, &[u8], Option<Metadata>)]) -> Result<(), String> {
    let mut swaps = Vec::with_capacity(files.len());
    let prepared = prepare(dir, files, &mut swaps);
    let journal = prepared.and_then(|()| write_journal(dir, &swaps));
    let journal = match journal {
        Ok(j) => j,
        Err(e) => {
            discard(dir, &swaps);
            return Err(e);
        }
    };
    let renamed = swaps.iter().try_for_each(|s| {
        std::fs::rename(dir.join(&s.staged), dir.join(&s.target))
            .map_err(|e| format!("cannot write {}: {e}", dir.join(&s.target).display()))
    });
    sync_dirs(dir, &swaps);
    match renamed {
        Ok(()) => {
            // The commit: from here on, the new module stays.
            let _ = std::fs::remove_file(&journal);
            fsio::sync_dir(dir);
            discard(dir, &swaps);
            Ok(())
        }
        Err(e) => match undo(dir, &swaps) {
            Ok(()) => {
                let _ = std::fs::remove_file(&journal);
                Err(e)
            }
            Err(u) => Err(format!(
                "{e}; restoring the previous files failed too ({u}); the next run into {} retries",
                dir.display()
            )),
        },
    }
}

/// Stages every file and backs up every existing target.
fn prepare(
    dir: &Path,
    files: &[(PathBuf, &[u8], Option<Metadata>)],
    swaps: &mut Vec<Swap>,
) -> Result<(), String> {
    for (name, bytes, like) in files {
        let target = dir.join(name);
        let cannot = |e: std::io::Error| format!("cannot write {}: {e}", target.display());
        let staged = fsio::stage(&target, bytes, like.as_ref()).map_err(cannot)?;
        let mut swap = Swap {
            target: name.clone(),
            staged: beside(name, &staged),
            backup: None,
        };
        let backup = like
            .as_ref()
            .map(|meta| fsio::backup(&target, meta))
            .transpose();
        swap.backup = backup
            .as_ref()
            .ok()
            .and_then(|b| b.as_ref().map(|b| beside(name, b)));
        swaps.push(swap);
        backup.map_err(cannot)?;
    }
    Ok(())
}

/// The relative path of the temporary file `temp`, which lives beside the target `name`.
fn beside(name: &Path, temp: &Path) -> PathBuf {
    name.with_file_name(temp.file_name().unwrap_or_default())
}

/// Writes the journal: one line `target TAB staged TAB backup` per file; returns its path.
fn write_journal(dir: &Path, swaps: &[Swap]) -> Result<PathBuf, String> {
    let mut text = String::new();
    for s in swaps {
        let backup = s
            .backup
            .as_deref()
            .map(Path::to_string_lossy)
            .unwrap_or_default();
        text.push_str(&format!(
            "{}\t{}\t{}\n",
            s.target.display(),
            s.staged.display(),
            backup
        ));
    }
    let cannot = |e: std::io::Error| format!("cannot write a journal in {}: {e}", dir.display());
    let prefix = format!(".ecrgen-{}-", std::process::id());
    let mut journal = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".journal")
        .tempfile_in(dir)
        .map_err(cannot)?;
    journal
        .write_all(text.as_bytes())
        .and_then(|()| journal.as_file().sync_all())
        .map_err(cannot)?;
    let path = journal.keep().map_err(|e| cannot(e.error))?.1;
    fsio::sync_dir(dir);
    Ok(path)
}

/// Puts every target back as it was before the swaps: a target whose staged file is gone was
/// replaced, and gets its backup back (or is removed if it is new). Then removes what is left.
fn undo(dir: &Path, swaps: &[Swap]) -> Result<(), String> {
    let mut failed = None;
    for s in swaps.iter().rev() {
        if dir.join(&s.staged).exists() {
            continue;
        }
        let target = dir.join(&s.target);
        let restored = match &s.backup {
            // A backup already gone was restored by an earlier, interrupted recovery.
            Some(b) => std::fs::rename(dir.join(b), &target).or_else(ignore_missing),
            None => std::fs::remove_file(&target).or_else(ignore_missing),
        };
        if let Err(e) = restored {
            failed.get_or_insert(format!("{}: {e}", target.display()));
        }
    }
    sync_dirs(dir, swaps);
    match failed {
        None => {
            discard(dir, swaps);
            Ok(())
        }
        Some(e) => Err(e),
    }
}

/// Removes the staged files and backups that are still there.
fn discard(dir: &Path, swaps: &[Swap]) {
    for s in swaps {
        let _ = std::fs::remove_file(dir.join(&s.staged));
        if let Some(b) = &s.backup {
            let _ = std::fs::remove_file(dir.join(b));
        }
    }
}

fn ignore_missing(e: std::io::Error) -> std::io::Result<()> {
    if e.kind() == std::io::ErrorKind::NotFound {
        Ok(())
    } else {
        Err(e)
    }
}

/// Flushes the directories of the swaps' targets.
fn sync_dirs(dir: &Path, swaps: &[Swap]) {
    let mut dirs: Vec<PathBuf> = swaps
        .iter()
        .map(|s| fsio::parent_dir(&dir.join(&s.target)))
        .collect();
    dirs.dedup();
    dirs.iter().for_each(|d| fsio::sync_dir(d));
}

/// Finishes what runs that died left in `dir`: undoes the module write of each journal, then
/// removes their temporary files in `dir` and in `subdirs` (relative). Call under the lock.
pub fn recover(dir: &Path, subdirs: &[PathBuf]) -> Result<(), String> {
    for (kind, journal) in fsio::stale_temps(dir) {
        if kind != Temp::Journal {
            continue;
        }
        let swaps = read_journal(&journal)?;
        undo(dir, &swaps).map_err(|e| {
            format!(
                "cannot restore the files of an interrupted run ({}): {e}",
                journal.display()
            )
        })?;
        let _ = std::fs::remove_file(&journal);
    }
    fsio::remove_stale_temps(dir);
    for sub in subdirs {
        fsio::remove_stale_temps(&dir.join(sub));
    }
    Ok(())
}

/// Reads a journal; a line that names anything outside the directory is refused.
fn read_journal(path: &Path) -> Result<Vec<Swap>, String> {
    let text = fsio::read_input(path)?;
    let bad = || format!("{} is not an ecrgen journal", path.display());
    let inside = |p: &str| {
        let p = PathBuf::from(p);
        let ok =
            !p.as_os_str().is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
        ok.then_some(p)
    };
    text.lines()
        .map(|line| {
            let mut parts = line.split('\t');
            let (Some(target), Some(staged), Some(backup), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(bad());
            };
            let backup = if backup.is_empty() {
                None
            } else {
                Some(inside(backup).ok_or_else(bad)?)
            };
            Ok(Swap {
                target: inside(target).ok_or_else(bad)?,
                staged: inside(staged).ok_or_else(bad)?,
                backup,
            })
        })
        .collect()
}
