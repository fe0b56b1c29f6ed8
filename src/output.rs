//! Stage 5, **write**: files go to a temporary folder beside the output folder, which replaces
//! the output folder only once the whole build has succeeded. A failed build leaves the
//! previous output exactly as it was, and a reader never sees a half-written portal.
//!
//! Publishing is safe against the ways a build goes wrong:
//! - **Atomic swap.** On Linux the staged folder and the output folder trade places in one
//!   `renameat2(RENAME_EXCHANGE)`, so at every instant the output path holds the old site or
//!   the new one, whole, even if the build is killed. Where the exchange is not available
//!   (other systems, file systems without it) the old folder is renamed aside and the new
//!   one into place: two renames, between which the path is briefly missing.
//! - **Only chiso's own folders are replaced.** Every output holds a marker file,
//!   [`MARKER`]; a non-empty folder without one is refused (it may be someone's documents)
//!   unless the build is told to `--force`.
//! - **One build at a time.** A lock file beside the output serialises builds into it; the
//!   second stops with a message. The build holding the lock removes what killed builds
//!   left beside the output (their staging folders).
//!
//! Builds create as few inodes as they can, because creating thousands of inodes (right after
//! deleting thousands, all the more) is what makes warm builds slow on ext4:
//! - a file the build cache holds (a kept page, a chart image, a workbook) is hard-linked
//!   from the cache's entry ([`Output::link_or_write`]), which checks its entries' bytes
//!   against their hashes, since an edit of the published file in place edits the entry;
//! - a file whose bytes did not change since the previous build is hard-linked from the
//!   previous output instead of written anew; it also keeps its modification time, so web
//!   servers, CDNs and rsync see that it did not change;
//! - the folders are recycled: the replaced output is emptied of its files but keeps its
//!   folders, set aside beside the output as `.<name>.chiso-folders` (empty folders only, which
//!   git does not see), and the next build stages into them rather than making a folder per
//!   page again. Folders that build does not use are removed before it is swapped in.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The file every output folder holds, so that chiso only ever replaces its own output.
pub const MARKER: &str = ".chiso-output";

const MARKER_TEXT: &str = "This folder is written by `chiso build`: each build replaces all of it.\n\
Do not keep other files here; chiso refuses to replace a folder without this file.\n";

pub struct Output {
    shared: Arc<Shared>,
    /// Where this view writes inside the output (`""`, or `releases/v1/` for a release).
    prefix: String,
    /// Only the output that staged the folder commits or removes it; views just write.
    owner: bool,
    /// A copy of each file written through this view, for [`Output::recording`].
    recorded: Option<Mutex<Vec<Recorded>>>,
}

/// A file written through a recording view: its path in the view and its bytes.
pub type Recorded = (String, Vec<u8>);

struct Shared {
    target: PathBuf,
    staging: PathBuf,
    files: AtomicU64,
    bytes: AtomicU64,
    /// Folders of the staging tree already created.
    folders: Mutex<HashSet<PathBuf>>,
    /// Whether files can be linked into the staging tree; false after the first link fails
    /// (another file system, or one without links), and every file is written.
    links_work: AtomicBool,
    /// Whether the staging tree is a recycled one, which may hold folders this build does not
    /// use.
    recycled: bool,
    /// Held until the output is committed or dropped: no other build writes this output.
    _lock: fs::File,
}

/// Why a build cannot write its output folder.
#[derive(Debug)]
pub enum StageError {
    /// Another build holds the output's lock.
    Busy {
        lock: PathBuf,
    },
    /// The folder holds files chiso did not write (no [`MARKER`]).
    NotOurs {
        files: usize,
    },
    /// The output path is a file, not a folder.
    NotAFolder,
    Io(io::Error),
}

impl std::fmt::Display for StageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StageError::Busy { lock } => write!(
                f,
                "another chiso build writing it (it holds the lock {}); wait for it to finish",
                lock.display()
            ),
            StageError::NotOurs { files } => write!(
                f,
                "a folder that chiso did not write ({files} entries and no {MARKER} file); \
                 choose an empty or new folder, or pass --force to replace it and delete \
                 everything in it"
            ),
            StageError::NotAFolder => f.write_str("a file, not a folder"),
            StageError::Io(e) => write!(f, "an error: {e}"),
        }
    }
}

impl From<io::Error> for StageError {
    fn from(e: io::Error) -> Self {
        StageError::Io(e)
    }
}

impl Output {
    /// Prepares a fresh staging folder beside `target`, taking the output's lock. A
    /// non-empty `target` without the [`MARKER`] is refused unless `force`.
    pub fn stage(target: &Path, force: bool) -> Result<Output, StageError> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let lock_path = parent.join(format!(".{name}.chiso-lock"));
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)?;
        if !try_lock(&lock)? {
            return Err(StageError::Busy { lock: lock_path });
        }
        check_ours(target, force)?;
        remove_leftovers(parent, &name);
        let staging = parent.join(format!(".{name}.chiso-staging-{}", std::process::id()));
        // A spare tree holds no files: it is set aside only once emptied.
        let recycled = fs::rename(spare(parent, &name), &staging).is_ok();
        if !recycled {
            fs::create_dir_all(&staging)?;
        }
        fs::write(staging.join(MARKER), MARKER_TEXT)?;
        let shared = Shared {
            target: target.to_path_buf(),
            staging,
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            folders: Mutex::new(HashSet::new()),
            links_work: AtomicBool::new(true),
            recycled,
            _lock: lock,
        };
        Ok(Output {
            shared: Arc::new(shared),
            prefix: String::new(),
            owner: true,
            recorded: None,
        })
    }

    /// A view of the output that writes under `folder` (`releases/v1`): the same staging
    /// folder, counters and previous output, so unchanged files there are linked too.
    pub fn within(&self, folder: &str) -> Output {
        Output {
            shared: Arc::clone(&self.shared),
            prefix: format!("{}{}/", self.prefix, folder.trim_matches('/')),
            owner: false,
            recorded: None,
        }
    }

    /// A view of the output that keeps a copy of every file written through it with
    /// [`Output::write`] or [`Output::link_or_write`] ([`Output::recorded`]): the files made
    /// for the cache to keep too.
    pub fn recording(&self) -> Output {
        Output {
            shared: Arc::clone(&self.shared),
            prefix: self.prefix.clone(),
            owner: false,
            recorded: Some(Mutex::default()),
        }
    }

    /// The files written through a [`Output::recording`] view: their paths in the view, and
    /// their bytes, in the order written.
    pub fn recorded(self) -> Vec<Recorded> {
        let recorded = self
            .recorded
            .as_ref()
            .map(|r| std::mem::take(&mut *r.lock().expect("not poisoned")));
        recorded.unwrap_or_default()
    }

    fn record(&self, rel: &str, contents: &[u8]) {
        if let Some(recorded) = &self.recorded {
            let mut recorded = recorded.lock().expect("not poisoned");
            recorded.push((rel.to_string(), contents.to_vec()));
        }
    }

    /// Writes a file at `rel` (a `/`-separated path inside the output).
    pub fn write(&self, rel: &str, contents: &[u8]) -> io::Result<()> {
        let path = self.path_for(rel)?;
        let unchanged = |previous: &Path| -> io::Result<bool> {
            Ok(fs::metadata(previous)?.len() == contents.len() as u64
                && fs::read(previous)? == contents)
        };
        if !self.link_unchanged(rel, &path, unchanged) {
            fs::write(&path, contents).map_err(|e| annotate(e, &path))?;
        }
        self.count(contents.len() as u64);
        self.record(rel, contents);
        Ok(())
    }

    /// Writes a file at `rel` that holds `contents`, as `kept` does when given: linked from
    /// there (a file of the build cache), else written.
    pub fn link_or_write(&self, rel: &str, contents: &[u8], kept: Option<&Path>) -> io::Result<()> {
        let links_work = &self.shared.links_work;
        if let Some(kept) = kept.filter(|_| links_work.load(Ordering::Relaxed)) {
            let path = self.path_for(rel)?;
            if fs::hard_link(kept, &path).is_ok() {
                self.count(contents.len() as u64);
                self.record(rel, contents);
                return Ok(());
            }
            links_work.store(false, Ordering::Relaxed);
        }
        self.write(rel, contents)
    }

    /// Copies the file at `source` to `rel`, streaming it; returns its size.
    pub fn copy(&self, source: &Path, rel: &str) -> io::Result<u64> {
        let path = self.path_for(rel)?;
        let bytes = fs::metadata(source).map_err(|e| annotate(e, source))?.len();
        let unchanged = |previous: &Path| -> io::Result<bool> {
            Ok(fs::metadata(previous)?.len() == bytes && same_contents(previous, source)?)
        };
        if !self.link_unchanged(rel, &path, unchanged) {
            fs::copy(source, &path).map_err(|e| annotate(e, &path))?;
        }
        self.count(bytes);
        Ok(bytes)
    }

    /// Links the previous output's `rel` to `path` if `unchanged` says its bytes are the ones to
    /// write. Any failure (no previous file, a file system without links) means "write it".
    fn link_unchanged(
        &self,
        rel: &str,
        path: &Path,
        unchanged: impl FnOnce(&Path) -> io::Result<bool>,
    ) -> bool {
        let previous = self.shared.target.join(&self.prefix).join(rel);
        unchanged(&previous).unwrap_or(false) && fs::hard_link(&previous, path).is_ok()
    }

    /// The staging path for `rel`, with its folder created.
    /// The staging folder: the whole site as it will be published, before the swap.
    pub fn staged(&self) -> &Path {
        &self.shared.staging
    }

    pub fn path_for(&self, rel: &str) -> io::Result<PathBuf> {
        let path = self.shared.staging.join(&self.prefix).join(rel);
        if let Some(dir) = path.parent() {
            if !self
                .shared
                .folders
                .lock()
                .expect("not poisoned")
                .contains(dir)
            {
                fs::create_dir_all(dir).map_err(|e| annotate(e, dir))?;
                self.shared
                    .folders
                    .lock()
                    .expect("not poisoned")
                    .insert(dir.to_path_buf());
            }
        }
        Ok(path)
    }

    /// Records a file written through [`Output::path_for`].
    pub fn count(&self, bytes: u64) {
        self.shared.files.fetch_add(1, Ordering::Relaxed);
        self.shared.bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Files written so far, by every view of the output.
    pub fn files(&self) -> u64 {
        self.shared.files.load(Ordering::Relaxed)
    }

    pub fn bytes(&self) -> u64 {
        self.shared.bytes.load(Ordering::Relaxed)
    }

    /// Replaces the output folder with the staged one, atomically where the system allows
    /// (see the module's documentation), then empties the old folder of its files and keeps
    /// it as the spare tree of folders for the next build.
    pub fn commit(self) -> io::Result<()> {
        assert!(
            self.owner,
            "only the output that staged the folder commits it"
        );
        let Shared {
            target,
            staging,
            folders,
            recycled,
            ..
        } = &*self.shared;
        if *recycled {
            remove_unused_folders(staging, &folders.lock().expect("not poisoned"));
        }
        let parent = staging
            .parent()
            .expect("staging has a parent")
            .to_path_buf();
        // After the swap, `old` holds the previous output (if there was one).
        let old = if target.exists() {
            if exchange(staging, target).is_ok() {
                staging.clone()
            } else {
                let old = parent.join(format!(".{}.chiso-old-{}", self.name(), std::process::id()));
                fs::rename(target, &old)?;
                if let Err(e) = fs::rename(staging, target) {
                    // Put the previous output back so nothing is lost.
                    let _ = fs::rename(&old, target);
                    return Err(e);
                }
                old
            }
        } else {
            fs::rename(staging, target)?;
            staging.clone()
        };
        if old.exists() {
            remove_files_in_parallel(&old)?;
            // Another build may have set a spare aside meanwhile: one is enough.
            if fs::rename(&old, spare(&parent, &self.name())).is_err() {
                fs::remove_dir_all(&old)?;
            }
        }
        // Dropping the output now only releases the lock: the staging folder is gone.
        Ok(())
    }

    fn name(&self) -> String {
        self.shared
            .target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into())
    }
}

impl Drop for Output {
    /// A build that did not commit leaves no staging folder behind (after a commit there is
    /// none left to remove).
    fn drop(&mut self) {
        if self.owner {
            let _ = fs::remove_dir_all(&self.shared.staging);
        }
    }
}

/// Refuses to replace a folder chiso did not write: one that holds anything but no marker.
fn check_ours(target: &Path, force: bool) -> Result<(), StageError> {
    let metadata = match fs::symlink_metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    if !metadata.is_dir() {
        return Err(StageError::NotAFolder);
    }
    if force || target.join(MARKER).is_file() {
        return Ok(());
    }
    match fs::read_dir(target)?.count() {
        0 => Ok(()),
        files => Err(StageError::NotOurs { files }),
    }
}

/// Removes what builds killed before they finished left beside the output `name`: their
/// staging folders and, after an interrupted two-rename swap, the old output. Only called
/// with the output's lock held, so none of them belongs to a running build.
fn remove_leftovers(parent: &Path, name: &str) {
    let prefixes = [
        format!(".{name}.chiso-staging-"),
        format!(".{name}.chiso-old-"),
    ];
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let leftover = prefixes.iter().any(|p| file_name.starts_with(p.as_str()));
        if leftover && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Takes an exclusive lock on `file` without waiting; false when another process holds it.
/// The lock goes with the file's last handle, so a killed build never leaves it held.
#[cfg(unix)]
fn try_lock(file: &fs::File) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a file descriptor that `file` keeps open.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(true);
    }
    let error = io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::EWOULDBLOCK) => Ok(false),
        _ => Err(error),
    }
}

/// Other systems build without the lock.
#[cfg(not(unix))]
fn try_lock(_: &fs::File) -> io::Result<bool> {
    Ok(true)
}

/// Swaps two folders in one step, so that neither path is ever missing.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Other systems have no exchange; [`Output::commit`] falls back to two renames.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The spare tree of folders beside the output folder `name`.
fn spare(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.chiso-folders"))
}

/// Removes every file under `folder` and keeps the folders, subfolders side by side: removing
/// thousands of files is most of what swapping the output costs, and folders can be emptied
/// independently.
fn remove_files_in_parallel(folder: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<(PathBuf, fs::FileType)> = fs::read_dir(folder)?
        .map(|e| e.and_then(|e| Ok((e.path(), e.file_type()?))))
        .collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|(path, kind)| {
        if kind.is_dir() {
            remove_files_in_parallel(path)
        } else {
            fs::remove_file(path)
        }
    })
}

/// Removes the folders of a recycled tree that this build wrote nothing into. A folder still
/// holding something is left: the removal fails.
fn remove_unused_folders(root: &Path, used: &HashSet<PathBuf>) {
    for entry in walkdir::WalkDir::new(root)
        .min_depth(1)
        .contents_first(true)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_dir() && !used.contains(entry.path()) {
            let _ = fs::remove_dir(entry.path());
        }
    }
}

fn annotate(error: io::Error, path: &Path) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

/// Whether two files hold the same bytes, read in chunks so large datasets never sit in memory.
fn same_contents(a: &Path, b: &Path) -> io::Result<bool> {
    let (mut a, mut b) = (fs::File::open(a)?, fs::File::open(b)?);
    let (mut buf_a, mut buf_b) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = read_full(&mut a, &mut buf_a)?;
        if n != read_full(&mut b, &mut buf_b)? || buf_a[..n] != buf_b[..n] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

/// Fills `buf` as far as the file allows; returns how much was read.
fn read_full(file: &mut fs::File, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Refuses output folders that would overwrite the portal's own files: the portal folder
/// itself, a folder containing it, or one of its source folders.
pub fn check_target(portal: &Path, target: &Path) -> Result<(), String> {
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        normalize(&p)
    };
    let (portal, target) = (absolute(portal), absolute(target));
    if portal.starts_with(&target) {
        return Err(format!(
            "the output folder {} contains the portal's own files",
            target.display()
        ));
    }
    for source in ["data", "content", "themes", "templates", "static", "i18n"] {
        if target.starts_with(portal.join(source)) {
            return Err(format!(
                "the output folder {} is inside the portal's {source}/ folder",
                target.display()
            ));
        }
    }
    Ok(())
}

/// Removes `.` and `..` components without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_committed_build_replaces_the_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join(MARKER), MARKER_TEXT).unwrap();
        fs::write(target.join("old.html"), "old").unwrap();
        let output = Output::stage(&target, false).unwrap();
        output.write("vi/index.html", b"new").unwrap();
        output.commit().unwrap();
        assert_eq!(
            fs::read_to_string(target.join("vi/index.html")).unwrap(),
            "new"
        );
        assert!(!target.join("old.html").exists());
        let mut beside: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        beside.sort();
        assert_eq!(
            beside,
            [".public.chiso-folders", ".public.chiso-lock", "public"],
            "no staging or old folder left, only the spare folders and the lock"
        );
        assert_eq!(files_under(&dir.path().join(".public.chiso-folders")), 0);
    }

    fn files_under(dir: &Path) -> usize {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .count()
    }

    #[test]
    fn folders_are_recycled_and_unused_ones_removed() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let build = |pages: &[&str]| {
            let output = Output::stage(&target, false).unwrap();
            for page in pages {
                output
                    .write(&format!("{page}/index.html"), page.as_bytes())
                    .unwrap();
            }
            output.commit().unwrap();
        };
        let inode = |rel: &str| fs::metadata(target.join(rel)).unwrap().ino();
        build(&["vi/a", "vi/b"]);
        let first = inode("vi/a");
        build(&["vi/a", "vi/b"]);
        build(&["vi/a", "en/c"]);
        assert_eq!(inode("vi/a"), first, "the folder of two builds ago, reused");
        assert!(!target.join("vi/b").exists(), "an unused folder is removed");
        assert_eq!(
            fs::read_to_string(target.join("en/c/index.html")).unwrap(),
            "en/c"
        );
        assert_eq!(files_under(&target), 3, "two pages and the marker");
        assert_eq!(files_under(&dir.path().join(".public.chiso-folders")), 0);
    }

    #[test]
    fn an_abandoned_build_leaves_the_old_output_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join(MARKER), MARKER_TEXT).unwrap();
        fs::write(target.join("old.html"), "old").unwrap();
        {
            let output = Output::stage(&target, false).unwrap();
            output.write("vi/index.html", b"new").unwrap();
        }
        assert_eq!(fs::read_to_string(target.join("old.html")).unwrap(), "old");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            2,
            "the output and the lock"
        );
    }

    #[test]
    fn a_folder_chiso_did_not_write_is_refused_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("documents");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("thesis.docx"), "years of work").unwrap();
        let refused = Output::stage(&target, false).err().expect("refused");
        assert!(matches!(refused, StageError::NotOurs { files: 1 }));
        assert!(refused.to_string().contains("--force"), "{refused}");
        assert!(target.join("thesis.docx").exists());
        // An empty folder is fine, and so is --force.
        let output = Output::stage(&target, true).unwrap();
        output.write("index.html", b"site").unwrap();
        output.commit().unwrap();
        assert!(!target.join("thesis.docx").exists());
        assert!(
            target.join(MARKER).is_file(),
            "every output carries the marker"
        );
        // Now it is chiso's: no --force needed.
        Output::stage(&target, false).unwrap().commit().unwrap();
    }

    #[test]
    fn a_second_build_into_the_same_output_is_told_it_is_busy() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let first = Output::stage(&target, false).unwrap();
        let second = Output::stage(&target, false).err().expect("busy");
        assert!(matches!(second, StageError::Busy { .. }), "{second}");
        assert!(second.to_string().contains("another chiso build"));
        first.commit().unwrap();
        Output::stage(&target, false).expect("free again once the first is done");
    }

    #[test]
    fn what_killed_builds_left_is_removed_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        for leftover in [".public.chiso-staging-99999", ".public.chiso-old-4242"] {
            fs::create_dir_all(dir.path().join(leftover).join("vi")).unwrap();
            fs::write(dir.path().join(leftover).join("vi/index.html"), "half").unwrap();
        }
        let other = dir.path().join(".other.chiso-staging-1");
        fs::create_dir_all(&other).unwrap();
        Output::stage(&target, false).unwrap().commit().unwrap();
        assert!(!dir.path().join(".public.chiso-staging-99999").exists());
        assert!(!dir.path().join(".public.chiso-old-4242").exists());
        assert!(other.exists(), "another output's folders are left alone");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_swap_is_one_exchange_so_the_path_never_goes_missing() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir_all(&a).unwrap();
        fs::create_dir_all(&b).unwrap();
        fs::write(a.join("x"), "from a").unwrap();
        exchange(&a, &b).unwrap();
        assert_eq!(fs::read_to_string(b.join("x")).unwrap(), "from a");
        assert!(a.exists() && !a.join("x").exists());
    }

    #[test]
    fn unchanged_files_are_linked_from_the_previous_output_changed_ones_written() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let source = dir.path().join("data.csv");
        fs::write(&source, "a,b\n1,2\n").unwrap();
        let first = Output::stage(&target, false).unwrap();
        first.write("same.html", b"same").unwrap();
        first.write("changed.html", b"old").unwrap();
        first.copy(&source, "data/data.csv").unwrap();
        first.commit().unwrap();
        let inode = |rel: &str| fs::metadata(target.join(rel)).unwrap().ino();
        let before = (
            inode("same.html"),
            inode("changed.html"),
            inode("data/data.csv"),
        );

        let second = Output::stage(&target, false).unwrap();
        second.write("same.html", b"same").unwrap();
        second.write("changed.html", b"new!").unwrap();
        second.copy(&source, "data/data.csv").unwrap();
        second.commit().unwrap();
        assert_eq!(inode("same.html"), before.0, "unchanged: the same file");
        assert_ne!(inode("changed.html"), before.1);
        assert_eq!(inode("data/data.csv"), before.2);
        assert_eq!(fs::read(target.join("changed.html")).unwrap(), b"new!");
        assert_eq!(fs::read(target.join("same.html")).unwrap(), b"same");
    }

    #[cfg(unix)]
    #[test]
    fn kept_files_are_linked_and_a_recording_view_keeps_what_went_through_it() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("kept.html");
        fs::write(&kept, "kept").unwrap();
        let output = Output::stage(&dir.path().join("public"), false).unwrap();
        let recording = output.within("data").recording();
        recording
            .link_or_write("a.html", b"kept", Some(&kept))
            .unwrap();
        recording.write("b.csv", b"x\n").unwrap();
        output.link_or_write("c.html", b"made", None).unwrap();
        assert_eq!(
            recording.recorded(),
            [
                ("a.html".into(), b"kept".to_vec()),
                ("b.csv".into(), b"x\n".to_vec())
            ]
        );
        assert_eq!((output.files(), output.bytes()), (3, 10));
        let staged = output.staged().to_path_buf();
        let ino = |path: &Path| fs::metadata(path).unwrap().ino();
        assert_eq!(ino(&staged.join("data/a.html")), ino(&kept), "one file");
        assert_eq!(fs::read(staged.join("c.html")).unwrap(), b"made");
        // Where links fail (another file system), the bytes are written.
        let elsewhere = dir.path().join("no such file");
        output
            .link_or_write("d.html", b"made", Some(&elsewhere))
            .unwrap();
        assert_eq!(fs::read(staged.join("d.html")).unwrap(), b"made");
    }

    #[test]
    fn compares_large_files_in_chunks() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        let mut big = vec![7u8; 200_000];
        fs::write(&a, &big).unwrap();
        fs::write(&b, &big).unwrap();
        assert!(same_contents(&a, &b).unwrap());
        big[150_000] = 8;
        fs::write(&b, &big).unwrap();
        assert!(!same_contents(&a, &b).unwrap());
    }

    #[test]
    fn refuses_to_write_over_sources() {
        let portal = Path::new("/srv/portal");
        assert!(check_target(portal, Path::new("/srv/portal/public")).is_ok());
        assert!(check_target(portal, Path::new("/srv/portal")).is_err());
        assert!(check_target(portal, Path::new("/srv")).is_err());
        assert!(check_target(portal, Path::new("/srv/portal/data/out")).is_err());
        assert!(check_target(portal, Path::new("/srv/portal/public/../content")).is_err());
    }
}
