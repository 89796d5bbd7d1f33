//! Reading inputs and replacing outputs without following anything planted on the way.
//!
//! Inputs (spec files) must be regular files of at most [`MAX_INPUT`] bytes: a FIFO would block
//! and `/dev/zero` never ends. Outputs are only ever regular files: a symbolic link is followed
//! to the file it names (the link stays a link), and a device, FIFO or socket is refused even
//! with `--force`. New content goes to a temporary file with a random name created with
//! `O_EXCL` in the target's directory (so a link planted at a predictable name is never written
//! through), with the old file's mode and owner, and is renamed over the target. Temporary files
//! carry the writer's process id, so a later run can remove those of runs that died.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The largest spec file read (64 MiB): far beyond any real spec, small enough to hold.
pub const MAX_INPUT: u64 = 64 * 1024 * 1024;
/// How much of an existing output is read to find the generated-file marker (1 MiB).
const MARKER_PREFIX: u64 = 1024 * 1024;
/// What every temporary file name of ecrgen holds before the process id.
const TAG: &str = ".ecrgen-";

/// Opens `path` for reading without blocking (a FIFO would wait for a writer) and returns it if
/// it is a regular file.
pub fn open_regular(path: &Path) -> Result<(File, Metadata), String> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if meta.is_dir() {
        return Err(format!("{} is a directory", path.display()));
    }
    if !meta.is_file() {
        return Err(format!(
            "cannot read {}: not a regular file (a device, a FIFO or a socket)",
            path.display()
        ));
    }
    Ok((file, meta))
}

/// Reads a spec file: a regular file of at most [`MAX_INPUT`] bytes, in UTF-8.
pub fn read_input(path: &Path) -> Result<String, String> {
    let (file, meta) = open_regular(path)?;
    let too_big = || {
        format!(
            "cannot read {}: larger than the limit of {} MiB",
            path.display(),
            MAX_INPUT >> 20
        )
    };
    if meta.len() > MAX_INPUT {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(too_big());
    }
    String::from_utf8(bytes).map_err(|_| {
        format!(
            "cannot read {}: stream did not contain valid UTF-8",
            path.display()
        )
    })
}

/// Where an output file is written: `path`, or the file a symbolic link at `path` names, and the
/// metadata of the file that is there (`None` when there is none yet).
pub fn resolve_output(path: &Path) -> Result<(PathBuf, Option<Metadata>), String> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            // What the link names first: `/dev/stdout` names a pipe that has no path.
            let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
                ErrorKind::NotFound => format!(
                    "{} is a symbolic link to nothing; ecrgen creates no file through a link",
                    path.display()
                ),
                _ => format!("cannot follow the symbolic link {}: {e}", path.display()),
            })?;
            check_regular(path, &meta)?;
            let real = std::fs::canonicalize(path)
                .map_err(|e| format!("cannot follow the symbolic link {}: {e}", path.display()))?;
            Ok((real, Some(meta)))
        }
        Ok(meta) => {
            check_regular(path, &meta)?;
            Ok((path.to_path_buf(), Some(meta)))
        }
        // A path under something that is not a directory holds no file either; writing there
        // then fails with its own message.
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            Ok((path.to_path_buf(), None))
        }
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// Refuses to replace anything but a regular file, whatever `--force` says: renaming a file
/// over `/dev/null` or a FIFO would destroy it, writing into it could block.
pub fn check_regular(path: &Path, meta: &Metadata) -> Result<(), String> {
    if meta.is_file() {
        Ok(())
    } else if meta.is_dir() {
        Err(format!("{} is a directory", path.display()))
    } else if meta.file_type().is_symlink() {
        Err(format!(
            "{} is a symbolic link; ecrgen replaces only regular files there",
            path.display()
        ))
    } else {
        Err(format!(
            "{} is not a regular file (a device, a FIFO or a socket); ecrgen replaces only regular files, even with --force",
            path.display()
        ))
    }
}

/// Whether the regular file at `path` carries the marker of a file that ecrgen generated. Only
/// its first [`MARKER_PREFIX`] bytes are read.
pub fn file_has_marker(path: &Path) -> Result<bool, String> {
    let (file, _) = open_regular(path)?;
    let mut prefix = Vec::new();
    file.take(MARKER_PREFIX)
        .read_to_end(&mut prefix)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(has_marker(path, &prefix))
}

/// Whether `prefix`, the start of the file `path`, carries ecrgen's marker: the first line of a
/// .tf or README, or a top-level `Metadata.ecrgen` (CloudFormation) or `//.metadata.generator`
/// (Terraform JSON) among the top-level members the prefix holds whole.
pub fn has_marker(path: &Path, prefix: &[u8]) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    // The markers are the emitter's, which checks every rendered file starts with them.
    if name.ends_with(".tf") {
        return prefix.starts_with(ecrgen_emit::tf::TF_MARKER.as_bytes());
    }
    if name.ends_with(".md") {
        return prefix.starts_with(ecrgen_emit::tf::README_MARKER.as_bytes());
    }
    json_marker(prefix)
}

/// Reads the top-level members of a JSON object one by one, stopping at the marker; a document
/// cut off by the prefix simply ends the search.
fn json_marker(prefix: &[u8]) -> bool {
    use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};

    /// Reads an object's members until the one named `key`; with `generator`, that member must
    /// be an object whose `generator` is `ecrgen`. The flag is set as soon as the marker is
    /// read, so a prefix that cuts the document (or the member holding the marker: tf-json's
    /// `//` lists every output after its `metadata`) still finds it.
    struct Find<'a> {
        found: &'a mut bool,
        key: &'static str,
        generator: bool,
    }

    impl<'de> DeserializeSeed<'de> for Find<'_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_map(self)
        }
    }

    impl<'de> Visitor<'de> for Find<'_> {
        type Value = ();

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                if key != self.key {
                    map.next_value::<IgnoredAny>()?;
                } else if !self.generator {
                    *self.found = true;
                    return Ok(());
                } else {
                    let value: serde_json::Value = map.next_value()?;
                    *self.found = value.get("generator").and_then(|g| g.as_str()) == Some("ecrgen");
                    return Ok(());
                }
            }
            Ok(())
        }
    }

    /// The top level: CloudFormation's `Metadata.ecrgen`, tf-json's `//.metadata.generator`.
    struct Members<'a>(&'a mut bool);

    impl<'de> Visitor<'de> for Members<'_> {
        type Value = ();

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                let (member, generator) = match key.as_str() {
                    "Metadata" => ("ecrgen", false),
                    "//" => ("metadata", true),
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                        continue;
                    }
                };
                map.next_value_seed(Find {
                    found: &mut *self.0,
                    key: member,
                    generator,
                })?;
                if *self.0 {
                    return Ok(());
                }
            }
            Ok(())
        }
    }

    let mut found = false;
    let mut de = serde_json::Deserializer::from_slice(prefix);
    let _ = serde::Deserializer::deserialize_map(&mut de, Members(&mut found));
    found
}

/// The directory a path lives in (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The file name of `path` as text (for temporary file names).
fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A builder of ecrgen's temporary files for `target`: `.<name>.ecrgen-<pid>-<random><suffix>`.
fn temp_builder<'a>(prefix: &'a str, suffix: &'a str) -> tempfile::Builder<'a, 'a> {
    let mut b = tempfile::Builder::new();
    b.prefix(prefix).suffix(suffix).rand_bytes(10);
    b
}

/// The prefix of the temporary files of `target` made by this process.
fn temp_prefix(target: &Path) -> String {
    format!(".{}{TAG}{}-", name_of(target), std::process::id())
}

/// Writes `bytes` to a new temporary file beside `target` (a random name, created exclusively),
/// gives it the mode and owner of `like` (the file it replaces) or the default mode of a new
/// file, flushes it to disk and returns its path.
pub fn stage(target: &Path, bytes: &[u8], like: Option<&Metadata>) -> std::io::Result<PathBuf> {
    let prefix = temp_prefix(target);
    let mut b = temp_builder(&prefix, ".tmp");
    // As `File::create` does: 0666 less the umask.
    b.permissions(std::fs::Permissions::from_mode(0o666));
    let mut tmp = b.tempfile_in(parent_dir(target))?;
    tmp.write_all(bytes)?;
    if let Some(meta) = like {
        keep_owner_and_mode(tmp.as_file(), meta)?;
    }
    tmp.as_file().sync_all()?;
    let (_, path) = tmp.keep().map_err(|e| e.error)?;
    Ok(path)
}

/// Gives `file` the owner and mode of `meta`. Only root can give a file away; for anyone else
/// the file stays theirs (as with any editor that saves by renaming), with the same mode.
fn keep_owner_and_mode(file: &File, meta: &Metadata) -> std::io::Result<()> {
    let own = file.metadata()?;
    if (own.uid(), own.gid()) != (meta.uid(), meta.gid()) {
        match std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::PermissionDenied => {}
            Err(e) => return Err(e),
        }
    }
    // After the owner: changing it clears the set-id bits.
    file.set_permissions(std::fs::Permissions::from_mode(meta.mode() & 0o7777))
}

/// Makes a hard link (or, where links are not supported, a copy) of `target` under a temporary
/// name beside it, so its content survives `target` being replaced; returns its path.
pub fn backup(target: &Path, meta: &Metadata) -> std::io::Result<PathBuf> {
    let prefix = temp_prefix(target);
    let linked = temp_builder(&prefix, ".bak")
        .make_in(parent_dir(target), |p| std::fs::hard_link(target, p));
    match linked {
        Ok(link) => Ok(link.keep().map_err(|e| e.error)?.1),
        Err(_) => {
            let copy = stage(target, &std::fs::read(target)?, Some(meta))?;
            let path = copy.with_extension("bak");
            std::fs::rename(&copy, &path).inspect_err(|_| {
                let _ = std::fs::remove_file(&copy);
            })?;
            Ok(path)
        }
    }
}

/// Replaces the regular file `target` (or creates it) with `bytes`, atomically: a temporary file
/// beside it and a rename.
pub fn replace(target: &Path, bytes: &[u8], like: Option<&Metadata>) -> std::io::Result<()> {
    let tmp = stage(target, bytes, like)?;
    std::fs::rename(&tmp, target).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    sync_dir(&parent_dir(target));
    Ok(())
}

/// Rewrites the file `target` (described by `meta`) in place: for a file with several hard
/// links, which a rename would split. Not atomic: a crash in the middle leaves it partly written.
pub fn overwrite_in_place(target: &Path, meta: &Metadata, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(target)?;
    let now = file.metadata()?;
    if !now.is_file() || (now.dev(), now.ino()) != (meta.dev(), meta.ino()) {
        return Err(std::io::Error::other(
            "the file changed while it was being formatted",
        ));
    }
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)?;
    file.sync_all()
}

/// Flushes a directory's entries (new names, renames) to disk; best effort.
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Holds an exclusive lock on a directory for as long as it lives.
pub struct DirLock(File);

impl DirLock {
    /// Waits for the lock on `dir`.
    pub fn acquire(dir: &Path) -> Result<Self, String> {
        let f = File::open(dir).map_err(|e| format!("cannot open {}: {e}", dir.display()))?;
        f.lock()
            .map_err(|e| format!("cannot lock {}: {e}", dir.display()))?;
        Ok(Self(f))
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// The kinds of ecrgen's temporary files.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
pub enum Temp {
    /// New content, not yet renamed into place (`.tmp`).
    Staged,
    /// The old content of a file being replaced (`.bak`).
    Backup,
    /// The record of a module write in progress (`.journal`).
    Journal,
}

/// The kind and the writer's process id of an ecrgen temporary file name (`None` for any other
/// name). Also matches the `.<name>.ecrgen-<pid>.tmp` names of older versions.
pub fn parse_temp(name: &str) -> Option<(Temp, u32)> {
    let (stem, kind) = [
        (".tmp", Temp::Staged),
        (".bak", Temp::Backup),
        (".journal", Temp::Journal),
    ]
    .into_iter()
    .find_map(|(suffix, kind)| name.strip_suffix(suffix).map(|stem| (stem, kind)))?;
    if !name.starts_with('.') {
        return None;
    }
    let tail = &stem[stem.rfind(TAG)? + TAG.len()..];
    let pid = tail.split_once('-').map_or(tail, |(pid, _)| pid);
    Some((kind, pid.parse().ok()?))
}

/// Whether process `pid` may still be running. Without `/proc` nothing is known, and every
/// process counts as running (its files are left alone).
fn alive(pid: u32) -> bool {
    pid == std::process::id()
        || !Path::new("/proc/self").exists()
        || Path::new(&format!("/proc/{pid}")).exists()
}

/// The ecrgen temporary files in `dir` of processes that no longer run, by kind. Only regular
/// files count: anything else with such a name is not ecrgen's.
pub fn stale_temps(dir: &Path) -> Vec<(Temp, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(Temp, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let (kind, pid) = parse_temp(e.file_name().to_str()?)?;
            let regular = e.file_type().is_ok_and(|t| t.is_file());
            (regular && !alive(pid)).then(|| (kind, e.path()))
        })
        .collect();
    found.sort();
    found
}

/// Removes the staged files and backups in `dir` left by runs that died. Call it under the
/// directory's lock, after recovering their journals.
pub fn remove_stale_temps(dir: &Path) {
    for (kind, path) in stale_temps(dir) {
        if kind != Temp::Journal {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// `path` relative to the directory `base`, both taken as absolute and without `.` or `..` (by
/// resolving links where they exist).
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let path = absolute(path);
    let base = absolute(base);
    let common = path
        .components()
        .zip(base.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut rel = PathBuf::new();
    for _ in base.components().skip(common) {
        rel.push("..");
    }
    for c in path.components().skip(common) {
        rel.push(c);
    }
    if rel.as_os_str().is_empty() {
        rel.push(".");
    }
    rel
}

/// `path` made absolute: resolved when it exists, else its nearest existing ancestor resolved and
/// the rest appended.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            absolute(parent).join(name)
        }
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_are_recognized() {
        assert_eq!(
            parse_temp(".main.tf.ecrgen-42-AbC12.tmp"),
            Some((Temp::Staged, 42))
        );
        assert_eq!(
            parse_temp(".stack.json.ecrgen-7.tmp"),
            Some((Temp::Staged, 7))
        );
        assert_eq!(
            parse_temp(".main.tf.ecrgen-42-x.bak"),
            Some((Temp::Backup, 42))
        );
        assert_eq!(
            parse_temp(".ecrgen-42-x.journal"),
            Some((Temp::Journal, 42))
        );
        assert_eq!(parse_temp("main.tf.ecrgen-42-x.tmp"), None);
        assert_eq!(parse_temp(".notes.tmp"), None);
        assert_eq!(parse_temp(".a.ecrgen-x1.tmp"), None);
    }

    #[test]
    fn markers_are_found_in_a_prefix() {
        let cfn =
            br#"{"Metadata": {"ecrgen": {"generator": "ecrgen"}}, "Resources": {"A": {"Type": "#;
        assert!(has_marker(Path::new("s.json"), cfn));
        let sorted = br#"{"Description": "x", "Metadata": {"ecrgen": {}}}"#;
        assert!(has_marker(Path::new("s.json"), sorted));
        let tf_json =
            br#"{"//": {"metadata": {"backend": "local", "generator": "ecrgen"}}, "output": "#;
        assert!(has_marker(Path::new("cdk.tf.json"), tf_json));
        // tf-json's `//` lists every output after its metadata: at 10,000 repositories the
        // member is longer than the prefix that is read.
        let cut = br#"{"//": {"metadata": {"generator": "ecrgen"}, "outputs": {"EcrStack": {"a": "#;
        assert!(has_marker(Path::new("cdk.tf.json"), cut));
        let cut_before = br#"{"//": {"outputs": {"EcrStack": {"a": "a"}}, "metadata": {"gen"#;
        assert!(!has_marker(Path::new("cdk.tf.json"), cut_before));
        assert!(!has_marker(
            Path::new("x.json"),
            br#"{"//": {"metadata": {"generator": "other"}}}"#
        ));
        assert!(!has_marker(
            Path::new("x.json"),
            br#"{"Resources": {}, "Meta"#
        ));
        assert!(!has_marker(Path::new("x.json"), b"not json"));
        assert!(has_marker(Path::new("main.tf"), b"# Generated by ecrgen\n"));
        assert!(!has_marker(Path::new("main.tf"), b"# mine\n"));
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_to(Path::new("/a/b/c.hcl"), Path::new("/a/d")),
            PathBuf::from("../b/c.hcl")
        );
        assert_eq!(
            relative_to(Path::new("/a/b/c.hcl"), Path::new("/a/b")),
            PathBuf::from("c.hcl")
        );
    }
}
